// The entity analyses that read every event of a case (phone replacement), run off the UI thread: the worker opens
// the workspace itself, decodes the case's segments and runs the search, so a million-event case never freezes the
// screen; the screen can stop it at any time (it terminates the worker).
/// <reference lib="webworker" />
import type { ReplacementCandidate, ReplacementOptions } from '../../../core/analysis/replacement'
import { EntityRepository, EventStore, WorkspaceDb, type Result } from '../../../workspace'

declare const self: DedicatedWorkerGlobalScope

/** The screen's request: phone-replacement candidates of a case. */
export interface EntitiesWorkerRequest {
  readonly type: 'replacements'
  readonly caseId: string
  readonly options: Omit<ReplacementOptions, 'resolve'>
}

/** What the worker reports: the step it is on, then the result (a user problem when the workspace failed). */
export type EntitiesWorkerMessage = { readonly type: 'stage'; readonly stage: 'reading' | 'searching' } | { readonly type: 'done'; readonly result: Result<ReplacementCandidate[]> }

const db = new WorkspaceDb()
const store = new EventStore(db)
const entities = new EntityRepository(db, store)

const post = (msg: EntitiesWorkerMessage): void => self.postMessage(msg)

self.onmessage = (e: MessageEvent<EntitiesWorkerRequest>) => {
  const { caseId, options } = e.data
  void (async () => {
    post({ type: 'stage', stage: 'reading' })
    const segments = await store.segments(caseId)
    if (!segments.ok) return post({ type: 'done', result: segments })
    post({ type: 'stage', stage: 'searching' })
    // The repository reads the same (now cached) segments and applies the analyst's merges.
    post({ type: 'done', result: await entities.phoneReplacements(caseId, options) })
  })()
}
