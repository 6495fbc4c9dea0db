// Events the analyst adds by hand ("victim recruited in Cox's Bazar"): add, edit and delete, each validated and
// audited in the same transaction, so the timeline's analyst layer has the same trail as imported data.
import { parseWallClock } from '../core/analysis/timeline/analyst'
import { appendAudit } from './audit'
import type { WorkspaceDb } from './db'
import { attempt, UserProblem, type Result } from './errors'
import type { AnalystEventRow } from './rows'

export interface AnalystEvent {
  /** `analyst:<uuid>` */
  readonly id: string
  readonly caseId: string
  /** UTC ms. */
  readonly at: number
  readonly zone: string
  /** The time as the analyst typed it, in `zone`. */
  readonly atText: string
  readonly title: string
  readonly note: string
  readonly parties: readonly string[]
  readonly tags: readonly string[]
  readonly starred: boolean
  readonly createdAt: number
  readonly updatedAt: number
}

export interface AnalystEventInput {
  readonly title: string
  /** Wall-clock time in `zone`, e.g. "2024-03-05 14:30". */
  readonly atText: string
  readonly zone: string
  readonly note?: string
  /** Entity keys the event concerns. */
  readonly parties?: readonly string[]
  readonly tags?: readonly string[]
  readonly starred?: boolean
}

export const ANALYST_ID_PREFIX = 'analyst:'
const TITLE_MAX = 200
const NOTE_MAX = 10_000

function invalid(message: string, action: string): UserProblem {
  return new UserProblem({ kind: 'constraint', message, action, detail: 'validation' })
}

function clean(list: readonly string[] | undefined): string[] {
  return [...new Set((list ?? []).map((s) => s.normalize('NFC').trim()).filter(Boolean))]
}

/** The validated row fields of an input; throws UserProblem with what to fix. */
function validate(input: AnalystEventInput): Pick<AnalystEventRow, 'at' | 'zone' | 'atText' | 'title' | 'note' | 'parties' | 'tags' | 'starred'> {
  const title = input.title.normalize('NFC').trim().replace(/\s+/g, ' ')
  if (!title) throw invalid('An analyst event needs a title.', 'Say what happened, e.g. “Victim recruited in Cox’s Bazar”.')
  if (title.length > TITLE_MAX) throw invalid(`A title may be at most ${TITLE_MAX} characters.`, 'Shorten the title and put the detail in the note.')
  const note = (input.note ?? '').normalize('NFC')
  if (note.length > NOTE_MAX) throw invalid(`A note may be at most ${NOTE_MAX.toLocaleString('en')} characters.`, 'Shorten the note.')
  const time = parseWallClock(input.atText, input.zone)
  if (!time.ok) throw invalid(time.message, 'Correct the time or the zone and save again.')
  return { at: time.utcMs, zone: input.zone, atText: input.atText.trim(), title, note, parties: clean(input.parties), tags: clean(input.tags), starred: input.starred ?? false }
}

function toEvent(r: AnalystEventRow): AnalystEvent {
  return { ...r }
}

export class AnalystEventRepository {
  constructor(private readonly db: WorkspaceDb, private readonly now: () => number = Date.now) {}

  /** A case's analyst events in time order (optionally those in [from, to)). */
  list(caseId: string, range: { readonly from?: number; readonly to?: number } = {}): Promise<Result<AnalystEvent[]>> {
    return attempt(async () => {
      const lo = range.from ?? -Infinity
      const hi = range.to ?? Infinity
      const rows = await this.db.analystEvents.where('[caseId+at]').between([caseId, lo], [caseId, hi], true, false).toArray()
      return rows.map(toEvent)
    })
  }

  get(caseId: string, id: string): Promise<Result<AnalystEvent | null>> {
    return attempt(async () => {
      const row = await this.db.analystEvents.get(id)
      return row && row.caseId === caseId ? toEvent(row) : null
    })
  }

  add(caseId: string, input: AnalystEventInput): Promise<Result<AnalystEvent>> {
    return attempt(async () => {
      const v = validate(input)
      const db = this.db
      const at = this.now()
      const row: AnalystEventRow = { id: ANALYST_ID_PREFIX + crypto.randomUUID(), caseId, ...v, createdAt: at, updatedAt: at }
      return db.transaction('rw', [db.cases, db.analystEvents, db.audit, db.meta], async () => {
        if (!(await db.cases.get(caseId))) throw new UserProblem({ kind: 'not-found', message: 'This case is no longer in the workspace.', action: 'Go back to the case list.', detail: `case ${caseId}` })
        await db.analystEvents.add(row)
        await appendAudit(db, caseId, 'analystEvent.added', auditDetails(row), at)
        return toEvent(row)
      })
    })
  }

  /** Replaces the editable fields; the time is read again from `atText` in `zone`. */
  update(caseId: string, id: string, input: AnalystEventInput): Promise<Result<AnalystEvent>> {
    return attempt(async () => {
      const v = validate(input)
      const db = this.db
      const at = this.now()
      return db.transaction('rw', [db.analystEvents, db.audit, db.meta], async () => {
        const prev = await db.analystEvents.get(id)
        if (!prev || prev.caseId !== caseId) throw gone(id)
        const row: AnalystEventRow = { ...prev, ...v, updatedAt: at }
        await db.analystEvents.put(row)
        await appendAudit(db, caseId, 'analystEvent.updated', { ...auditDetails(row), before: auditDetails(prev) }, at)
        return toEvent(row)
      })
    })
  }

  /** Stars or tags an analyst event (the same marks imported events carry). */
  mark(caseId: string, id: string, patch: { readonly starred?: boolean; readonly tags?: readonly string[] }): Promise<Result<AnalystEvent>> {
    return attempt(async () => {
      const db = this.db
      const at = this.now()
      return db.transaction('rw', [db.analystEvents, db.audit, db.meta], async () => {
        const prev = await db.analystEvents.get(id)
        if (!prev || prev.caseId !== caseId) throw gone(id)
        const row: AnalystEventRow = { ...prev, starred: patch.starred ?? prev.starred, tags: patch.tags ? clean(patch.tags) : prev.tags, updatedAt: at }
        await db.analystEvents.put(row)
        await appendAudit(db, caseId, 'analystEvent.marked', { id, starred: row.starred, tags: row.tags }, at)
        return toEvent(row)
      })
    })
  }

  remove(caseId: string, id: string): Promise<Result<void>> {
    return attempt(async () => {
      const db = this.db
      const at = this.now()
      await db.transaction('rw', [db.analystEvents, db.audit, db.meta], async () => {
        const prev = await db.analystEvents.get(id)
        if (!prev || prev.caseId !== caseId) throw gone(id)
        await db.analystEvents.delete(id)
        // The deleted event's content stays in the trail: what was believed, and when it was withdrawn.
        await appendAudit(db, caseId, 'analystEvent.deleted', auditDetails(prev), at)
      })
    })
  }
}

function gone(id: string): UserProblem {
  return new UserProblem({ kind: 'not-found', message: 'That analyst event is no longer in the case (it may have been deleted in another window).', action: 'Reload the timeline.', detail: `analyst event ${id}` })
}

function auditDetails(r: AnalystEventRow): Record<string, unknown> {
  return { id: r.id, title: r.title, at: new Date(r.at).toISOString(), atText: r.atText, zone: r.zone, note: r.note, parties: r.parties, tags: r.tags, starred: r.starred }
}
