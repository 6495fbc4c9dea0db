// Turns storage failures (quota, blocked, corrupted, closed database) into typed problems with what to do next.

export type StorageProblemKind = 'quota' | 'blocked' | 'unavailable' | 'version' | 'constraint' | 'not-found' | 'unknown'

export interface StorageProblem {
  readonly kind: StorageProblemKind
  /** What happened, in words an analyst understands. */
  readonly message: string
  /** What to do about it. */
  readonly action: string
  /** The underlying error name, for a support ticket. */
  readonly detail: string
}

function errName(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { name?: unknown; inner?: { name?: unknown } }
    const inner = e.inner && typeof e.inner.name === 'string' ? e.inner.name : null
    if (typeof e.name === 'string' && e.name !== 'Error' && !(e.name === 'AbortError' && inner)) return e.name
    if (inner) return inner
    if (typeof e.name === 'string') return e.name
  }
  return 'Error'
}

export function describeStorageError(err: unknown): StorageProblem {
  const name = errName(err)
  const raw = err instanceof Error ? err.message : String(err)
  const detail = `${name}: ${raw}`
  if (/Quota/i.test(name) || /quota/i.test(raw)) {
    return {
      kind: 'quota',
      message: 'The case workspace is out of storage space; nothing from the last action was saved.',
      action: 'Free disk space on this computer or remove cases you no longer need, then try again.',
      detail
    }
  }
  if (/Version/.test(name)) {
    return {
      kind: 'version',
      message: 'The case workspace was written by a newer version of Waymark.',
      action: 'Use the newer version of Waymark on this computer; this version will not change that data.',
      detail
    }
  }
  if (/Blocked/.test(name)) {
    return {
      kind: 'blocked',
      message: 'Another Waymark window is holding the case workspace open.',
      action: 'Close other Waymark windows or tabs, then reload.',
      detail
    }
  }
  if (/Constraint/.test(name)) {
    return { kind: 'constraint', message: 'That record already exists in the workspace.', action: 'Reload the case list and check before trying again.', detail }
  }
  if (/(Open|InvalidState|DatabaseClosed|MissingAPI|Unknown|InvalidAccess)/.test(name)) {
    return {
      kind: 'unavailable',
      message: 'The case workspace could not be opened or written (the browser storage is unavailable or damaged).',
      action: 'Reload Waymark. If it persists, check disk space and that the profile folder is writable; do not clear site data, it holds your cases.',
      detail
    }
  }
  return { kind: 'unknown', message: 'The case workspace reported an unexpected error; the last action was not saved.', action: 'Reload Waymark and try again.', detail }
}

/** A result type for workspace operations the user can cause to fail. */
export type Result<T> = { ok: true; value: T } | { ok: false; problem: StorageProblem }

export async function attempt<T>(work: () => Promise<T>): Promise<Result<T>> {
  try {
    return { ok: true, value: await work() }
  } catch (err) {
    if (isUserProblem(err)) return { ok: false, problem: err.problem }
    return { ok: false, problem: describeStorageError(err) }
  }
}

/** Raised inside a transaction to abort it with a user-facing problem (e.g. a mistyped case name). */
export class UserProblem extends Error {
  constructor(readonly problem: StorageProblem) {
    super(problem.message)
    this.name = 'UserProblem'
  }
}

export function isUserProblem(err: unknown): err is UserProblem {
  return err instanceof UserProblem
}
