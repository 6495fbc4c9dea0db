// Case repository: create, list, open, rename and delete cases, each write audited in the same transaction.
import { caseNameKey, type WorkspaceDb } from './db'
import { appendAudit } from './audit'
import { attempt, UserProblem, type Result } from './errors'
import { caseEntityCount, caseStoreCounts, caseStoreTables, deleteCaseStore } from './eventStore'
import type { CaseRow } from './rows'

export interface CaseSummary {
  readonly id: string
  readonly name: string
  readonly caseNumber: string
  readonly createdAt: number
  readonly lastOpenedAt: number
  readonly counts: { readonly sources: number; readonly events: number; readonly entities: number; readonly notes: number }
}

const NAME_MAX = 120
const NUMBER_MAX = 60

function invalid(message: string, action: string): UserProblem {
  return new UserProblem({ kind: 'constraint', message, action, detail: 'validation' })
}

function cleanName(name: string): string {
  const n = name.normalize('NFC').trim().replace(/\s+/g, ' ')
  if (n.length === 0) throw invalid('A case needs a name.', 'Type a name for the case, e.g. the operation name.')
  if (n.length > NAME_MAX) throw invalid(`A case name may be at most ${NAME_MAX} characters.`, 'Shorten the name.')
  return n
}

function cleanNumber(caseNumber: string): string {
  const n = caseNumber.normalize('NFC').trim()
  if (n.length > NUMBER_MAX) throw invalid(`A case number may be at most ${NUMBER_MAX} characters.`, 'Shorten the case number.')
  return n
}

function newId(): string {
  return crypto.randomUUID()
}

export class CaseRepository {
  constructor(private readonly db: WorkspaceDb, private readonly now: () => number = Date.now) {}

  list(): Promise<Result<CaseSummary[]>> {
    return attempt(async () => {
      const db = this.db
      return db.transaction('r', [db.cases, db.notes, ...caseStoreTables(db)], async () => {
        const rows = await db.cases.orderBy('lastOpenedAt').reverse().toArray()
        return Promise.all(rows.map((row) => this.summarise(row)))
      })
    })
  }

  get(id: string): Promise<Result<CaseSummary | null>> {
    return attempt(async () => {
      const row = await this.db.cases.get(id)
      return row ? this.summarise(row) : null
    })
  }

  create(name: string, caseNumber: string): Promise<Result<CaseSummary>> {
    return attempt(async () => {
      const db = this.db
      const cleanedName = cleanName(name)
      const cleanedNumber = cleanNumber(caseNumber)
      return db.transaction('rw', this.allTables(), async () => {
        const key = caseNameKey(cleanedName)
        if ((await db.cases.where('nameKey').equals(key).count()) > 0) {
          throw invalid(`A case named "${cleanedName}" already exists.`, 'Choose another name, or open the existing case.')
        }
        const at = this.now()
        const row: CaseRow = { id: newId(), name: cleanedName, nameKey: key, caseNumber: cleanedNumber, createdAt: at, updatedAt: at, lastOpenedAt: at }
        await db.cases.add(row)
        await appendAudit(db, row.id, 'case.created', { name: row.name, caseNumber: row.caseNumber }, at)
        return this.summarise(row)
      })
    })
  }

  rename(id: string, name: string, caseNumber: string): Promise<Result<CaseSummary>> {
    return attempt(async () => {
      const db = this.db
      const cleanedName = cleanName(name)
      const cleanedNumber = cleanNumber(caseNumber)
      return db.transaction('rw', this.allTables(), async () => {
        const row = await this.mustGet(id)
        const key = caseNameKey(cleanedName)
        const clash = await db.cases.where('nameKey').equals(key).first()
        if (clash && clash.id !== id) throw invalid(`A case named "${cleanedName}" already exists.`, 'Choose another name.')
        const at = this.now()
        const updated: CaseRow = { ...row, name: cleanedName, nameKey: key, caseNumber: cleanedNumber, updatedAt: at }
        await db.cases.put(updated)
        await appendAudit(db, id, 'case.renamed', { from: { name: row.name, caseNumber: row.caseNumber }, to: { name: cleanedName, caseNumber: cleanedNumber } }, at)
        return this.summarise(updated)
      })
    })
  }

  /** Marks the case as opened now (the start screen lists cases by last opened); opening evidence is audited. */
  open(id: string): Promise<Result<CaseSummary>> {
    return attempt(async () => {
      const db = this.db
      return db.transaction('rw', this.allTables(), async () => {
        const row = await this.mustGet(id)
        const at = this.now()
        const updated: CaseRow = { ...row, lastOpenedAt: at }
        await db.cases.put(updated)
        await appendAudit(db, id, 'case.opened', {}, at)
        return this.summarise(updated)
      })
    })
  }

  /**
   * Deletes a case and everything in it. `typedName` must equal the case's name: deleting evidence takes a
   * deliberate act, and this check holds even if a screen forgets to ask.
   */
  delete(id: string, typedName: string): Promise<Result<{ id: string; name: string }>> {
    return attempt(async () => {
      const db = this.db
      return db.transaction('rw', this.allTables(), async () => {
        const row = await this.mustGet(id)
        if (typedName.normalize('NFC').trim() !== row.name) {
          throw invalid('The name typed does not match the case name; nothing was deleted.', `Type the case name exactly: ${row.name}`)
        }
        const store = await deleteCaseStore(db, id)
        const removed = {
          ...store,
          sources: await db.sources.where('caseId').equals(id).delete(),
          notes: await db.notes.where('caseId').equals(id).delete()
        }
        await db.cases.delete(id)
        await appendAudit(db, id, 'case.deleted', { name: row.name, caseNumber: row.caseNumber, removed }, this.now())
        return { id, name: row.name }
      })
    })
  }

  /** Writes touch the case, its contents (counted or removed) and the audit log together. */
  private allTables() {
    const db = this.db
    return [db.cases, db.notes, db.audit, ...caseStoreTables(db)]
  }

  private async mustGet(id: string): Promise<CaseRow> {
    const row = await this.db.cases.get(id)
    if (!row) throw new UserProblem({ kind: 'not-found', message: 'That case no longer exists in the workspace.', action: 'Reload the case list.', detail: `case ${id}` })
    return row
  }

  private async summarise(row: CaseRow): Promise<CaseSummary> {
    const db = this.db
    // Events live in columnar segments (eventStore.ts); only committed sources count.
    const [{ sources, events }, entities, notes] = await Promise.all([
      caseStoreCounts(db, row.id),
      caseEntityCount(db, row.id),
      db.notes.where('caseId').equals(row.id).count()
    ])
    return { id: row.id, name: row.name, caseNumber: row.caseNumber, createdAt: row.createdAt, lastOpenedAt: row.lastOpenedAt, counts: { sources, events, entities, notes } }
  }
}
