// The screen's side of the import worker: one worker per wizard, requests by file id, progress as events. A second
// worker is started when a big file arrives: the import worker hands it half of a big text file to map at once.
import { PARALLEL_MIN_BYTES, type FromWorker, type ToWorker } from './protocol'

export type WorkerListener = (msg: FromWorker) => void

export class ImportClient {
  private readonly worker: Worker
  private readonly listeners = new Set<WorkerListener>()
  private helper: Worker | null = null

  constructor() {
    this.worker = new Worker(new URL('../../workers/importWorker.ts', import.meta.url), { type: 'module', name: 'waymark-import' })
    this.worker.onmessage = (e: MessageEvent<FromWorker>) => {
      for (const l of this.listeners) l(e.data)
    }
    this.worker.onerror = (e) => {
      // A crash of the worker itself: every file in flight is reported failed rather than left spinning.
      for (const l of this.listeners) l({ type: 'failed', fileId: '*', message: `The import worker stopped: ${e.message}`, action: 'Close the import and try again.' })
    }
  }

  on(listener: WorkerListener): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  send(msg: ToWorker, transfer: Transferable[] = []): void {
    if (msg.type === 'inspect' && msg.bytes.byteLength >= PARALLEL_MIN_BYTES) this.startHelper()
    this.worker.postMessage(msg, transfer)
  }

  /** The second worker, connected to the import worker by a port of their own; started once, on the first big file. */
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

  inspect(fileId: string, caseId: string, file: File): Promise<void> {
    return file.arrayBuffer().then((bytes) => this.send({ type: 'inspect', fileId, caseId, fileName: file.name, bytes }, [bytes]))
  }

  dispose(): void {
    this.worker.terminate()
    this.helper?.terminate()
    this.listeners.clear()
  }
}
