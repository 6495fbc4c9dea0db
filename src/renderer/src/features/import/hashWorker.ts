// A worker that reads and hashes a big file the analyst chose, while the import worker, busy proposing its mapping
// from the file's start, could not: a read there would wait for the proposal. The bytes then go on, with their hash, to
// the import worker (moved, not copied); the screen's thread never copies them.
/// <reference lib="webworker" />
import { fileSha256 } from '../../../../core/hash'

declare const self: DedicatedWorkerGlobalScope

export interface HashRequest {
  readonly id: string
  readonly file: Blob
}

/** The file's bytes and their hash (null when WebCrypto failed: the import worker then hashes them itself), or why it could not be read. */
export type HashReply = { readonly id: string; readonly bytes: ArrayBuffer; readonly sha256: string | null } | { readonly id: string; readonly error: string }

self.onmessage = (e: MessageEvent<HashRequest>) => {
  const { id, file } = e.data
  file.arrayBuffer().then(
    (bytes) => {
      const reply = (sha256: string | null) => self.postMessage({ id, bytes, sha256 } satisfies HashReply, [bytes])
      fileSha256(new Uint8Array(bytes)).then(reply, () => reply(null))
    },
    (err: unknown) => self.postMessage({ id, error: err instanceof Error ? err.message : String(err) } satisfies HashReply)
  )
}
