// The screen's side of the import worker: one worker per wizard, requests by file id, progress as events. A second
// worker maps part of a big text file at once (the import worker hands it the part), and a third, small one reads and
// hashes a big file while the import worker proposes its mapping. Both start while the analyst is choosing files.
import type { HashReply, HashRequest } from './hashWorker'
import { PARALLEL_MIN_BYTES, PROPOSAL_HEAD_BYTES, type FromWorker, type ToWorker } from './protocol'

export type WorkerListener = (msg: FromWorker) => void

export class ImportClient {
  private worker: Worker
  private readonly listeners = new Set<WorkerListener>()
  private helper: Worker | null = null
  private hasher: Worker | null = null
  /** Cancels the idle-time start of the other two workers (when the wizard closes first). */
  private cancelStart: (() => void) | null = null
  private readonly hashing = new Map<string, (reply: HashReply) => void>()

  constructor() {
    this.worker = this.startWorker()
    // The other two workers start as soon as the page is idle, while the analyst chooses files: compiling their code
    // takes about a third of a second of a core, which a big file's proposal (started when it is chosen) would
    // otherwise compete with, and then the first import would wait for it.
    const start = (): void => {
      this.cancelStart = null
      this.startHelper()
      this.startHasher()
    }
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(start, { timeout: 1000 })
      this.cancelStart = () => cancelIdleCallback(id)
    } else {
      const id = setTimeout(start, 200)
      this.cancelStart = () => clearTimeout(id)
    }
  }

  private startWorker(): Worker {
    const worker = new Worker(new URL('../../workers/importWorker.ts', import.meta.url), { type: 'module', name: 'waymark-import' })
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      for (const l of this.listeners) l(e.data)
    }
    worker.onerror = (e) => {
      // A crash of the worker itself: every file in flight is reported failed rather than left spinning.
      for (const l of this.listeners) l({ type: 'failed', fileId: '*', message: `The import worker stopped: ${e.message}`, action: 'Close the import and try again.' })
    }
    return worker
  }

  /**
   * Stops the import worker and its second worker, and starts fresh ones: the way out of a read that does not end (a
   * damaged workbook SheetJS loops on). Every file they held, and an import they were running, is gone; an import's
   * pending source is removed at the next start, as after a crash.
   */
  restart(): void {
    this.worker.terminate()
    this.helper?.terminate()
    this.helper = null
    this.worker = this.startWorker()
    if (!this.cancelStart) this.startHelper()
  }

  on(listener: WorkerListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  send(msg: ToWorker, transfer: Transferable[] = []): void {
    // A big file chosen before the page was idle: the second worker is needed now.
    if (msg.type === 'inspect' && ('file' in msg ? msg.file.size : msg.bytes.byteLength) >= PARALLEL_MIN_BYTES) this.startHelper()
    this.worker.postMessage(msg, transfer)
  }

  /** The second worker, connected to the import worker by a port of their own; started once. */
  private startHelper(): void {
    if (this.helper) return
    const helper = new Worker(new URL('../../workers/importWorker.ts', import.meta.url), { type: 'module', name: 'waymark-import-helper' })
    helper.onerror = (e) => {
      // The import worker fails the part it was waiting for; it then reads big files alone.
      this.worker.postMessage({ type: 'helper-lost', message: e.message } satisfies ToWorker)
    }
    const channel = new MessageChannel()
    helper.postMessage({ type: 'serve', port: channel.port2 } satisfies ToWorker, [channel.port2])
    this.worker.postMessage({ type: 'helper', port: channel.port1 } satisfies ToWorker, [channel.port1])
    this.helper = helper
  }

  /**
   * Hands a chosen file to the worker (a File is a handle: sending it copies nothing). A big one is proposed from its
   * start, which the worker reads; the hashing worker reads and hashes the whole file meanwhile, and its bytes are then
   * moved (not copied) to the import worker, whose thread is busy proposing: a read there would wait for it.
   */
  inspect(fileId: string, caseId: string, file: File): void {
    this.send({ type: 'inspect', fileId, caseId, fileName: file.name, file })
    if (file.size <= PROPOSAL_HEAD_BYTES) return
    void this.hash(fileId, file).then((r) =>
      'error' in r
        ? this.worker.postMessage({ type: 'whole', fileId, error: r.error } satisfies ToWorker)
        : this.worker.postMessage({ type: 'whole', fileId, bytes: r.bytes, sha256: r.sha256 } satisfies ToWorker, [r.bytes])
    )
  }

  /** The hashing worker; started once (again after a crash). */
  private startHasher(): Worker {
    if (!this.hasher) {
      const hasher = new Worker(new URL('./hashWorker.ts', import.meta.url), { type: 'module', name: 'waymark-hash' })
      hasher.onmessage = (e: MessageEvent<HashReply>) => {
        const done = this.hashing.get(e.data.id)
        this.hashing.delete(e.data.id)
        done?.(e.data)
      }
      // A crash fails the files it was reading (as an unreadable file) rather than leaving them waiting for a hash.
      hasher.onerror = (e) => {
        for (const [id, done] of this.hashing) done({ id, error: `the hashing worker stopped: ${e.message}` })
        this.hashing.clear()
        this.hasher = null
      }
      this.hasher = hasher
    }
    return this.hasher
  }

  /** Reads and hashes a big file in the hashing worker. */
  private hash(fileId: string, file: Blob): Promise<HashReply> {
    const hasher = this.startHasher()
    return new Promise((resolve) => {
      this.hashing.set(fileId, resolve)
      hasher.postMessage({ id: fileId, file } satisfies HashRequest)
    })
  }

  dispose(): void {
    this.cancelStart?.()
    this.worker.terminate()
    this.helper?.terminate()
    this.hasher?.terminate()
    this.listeners.clear()
  }
}
