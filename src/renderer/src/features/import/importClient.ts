// The screen's side of the import worker: one worker per wizard, requests by file id, progress as events.
import type { FromWorker, ToWorker } from './protocol'

export type WorkerListener = (msg: FromWorker) => void

export class ImportClient {
  private readonly worker: Worker
  private readonly listeners = new Set<WorkerListener>()

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
    this.worker.postMessage(msg, transfer)
  }

  inspect(fileId: string, caseId: string, file: File): Promise<void> {
    return file.arrayBuffer().then((bytes) => this.send({ type: 'inspect', fileId, caseId, fileName: file.name, bytes }, [bytes]))
  }

  dispose(): void {
    this.worker.terminate()
    this.listeners.clear()
  }
}
