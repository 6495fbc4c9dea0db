// SHA-256 of imported files: the source id every record's provenance points back to.
//
// `fileSha256` uses WebCrypto (present in Node, workers and the renderer) for a file held in memory.
// `createFileHasher` is incremental for streamed input, where WebCrypto (one-shot only) would need the whole
// file in memory; it reuses the synchronous pure-TypeScript hash in `sha256.ts`.
import { Sha256, toHex } from './sha256'

/** An incremental file hash: feed chunks in order, then read the hex digest once. */
export interface FileHasher {
  update(chunk: Uint8Array): void
  /** The lowercase hex digest; the hasher cannot be updated afterwards. */
  digestHex(): string
}

export function createFileHasher(): FileHasher {
  const hash = new Sha256()
  return {
    update(chunk: Uint8Array): void {
      hash.update(chunk)
    },
    digestHex(): string {
      return toHex(hash.digest())
    }
  }
}

/** SHA-256 of a whole file's bytes as lowercase hex, through WebCrypto. */
export async function fileSha256(bytes: Uint8Array): Promise<string> {
  // WebCrypto wants an ArrayBuffer-backed view; a copy is made only when the view sits on a SharedArrayBuffer.
  const view = bytes.buffer instanceof ArrayBuffer ? (bytes as Uint8Array<ArrayBuffer>) : new Uint8Array(bytes)
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', view))
  return toHex(digest)
}
