// Phone-replacement detection as a job the analysis screen can watch and stop: it runs in a worker of its own (see
// workers/entitiesWorker.ts), since over a large case it takes seconds the UI thread must not spend.
import type { ReplacementCandidate, ReplacementOptions } from '../../../../core/analysis/replacement'
import type { Result } from '../../../../workspace'
import type { EntitiesWorkerMessage, EntitiesWorkerRequest } from '../../workers/entitiesWorker'

export type ReplacementStage = 'starting' | 'reading' | 'searching'

export interface ReplacementJob {
  /** Settles with the candidates, a problem, or null when cancelled. */
  readonly result: Promise<Result<ReplacementCandidate[]> | null>
  /** Stops the search at once (the worker is terminated); the result settles with null. */
  cancel(): void
}

export function startReplacementJob(caseId: string, options: Omit<ReplacementOptions, 'resolve'>, onStage: (stage: ReplacementStage) => void): ReplacementJob {
  const worker = new Worker(new URL('../../workers/entitiesWorker.ts', import.meta.url), { type: 'module', name: 'waymark-entities' })
  let settle: (r: Result<ReplacementCandidate[]> | null) => void = () => undefined
  const result = new Promise<Result<ReplacementCandidate[]> | null>((resolve) => (settle = resolve))
  const finish = (r: Result<ReplacementCandidate[]> | null): void => {
    worker.terminate()
    settle(r)
  }
  worker.onmessage = (e: MessageEvent<EntitiesWorkerMessage>) => {
    if (e.data.type === 'stage') onStage(e.data.stage)
    else finish(e.data.result)
  }
  worker.onerror = (e) => {
    finish({ ok: false, problem: { kind: 'unknown', message: 'The phone-replacement search stopped unexpectedly.', action: 'Try again; if it happens again, restart Waymark.', detail: e.message } })
  }
  onStage('starting')
  worker.postMessage({ type: 'replacements', caseId, options } satisfies EntitiesWorkerRequest)
  return { result, cancel: () => finish(null) }
}
