// What an entity's page shows (through the entity repository, so the analyst's merges apply), plus the names of
// the contacts and devices listed, read in one go for their labels.
import { attempt, type EntityPage, type Result, type WorkspaceDb } from '../../../../workspace'
import { UserProblem } from '../../../../workspace/errors'
import { entitiesFor } from './services'

export interface EntityPageData {
  readonly page: EntityPage
  /** Names from subscriber lists, person records and the analyst (label, aliases) of the keys shown (key → names). */
  readonly names: ReadonlyMap<string, readonly string[]>
}

/** Names of these keys (after merges): file names first, then the analyst's label and aliases. */
export function namesOf(db: WorkspaceDb, caseId: string, keys: readonly string[]): Promise<Result<Map<string, readonly string[]>>> {
  return attempt(async () => {
    const out = new Map<string, readonly string[]>()
    if (keys.length === 0) return out
    const r = await entitiesFor(db).entityRows(caseId, { keys })
    if (!r.ok) throw new UserProblem(r.problem)
    for (const row of r.value.rows) {
      const names = [...new Set([row.label, ...row.names, ...row.aliases].filter(Boolean))]
      if (names.length) for (const m of row.members) out.set(m, names)
    }
    return out
  })
}

/** Top contacts listed on a page: enough for any real target, few enough to label in one read. */
export const PAGE_CONTACTS = 500

export function loadEntityPage(db: WorkspaceDb, caseId: string, key: string, zone: string): Promise<Result<EntityPageData | null>> {
  return attempt(async () => {
    const r = await entitiesFor(db).entityPage(caseId, key, { zone, contactsLimit: PAGE_CONTACTS })
    if (!r.ok) throw new UserProblem(r.problem)
    const page = r.value
    if (!page) return null
    const d = page.devices
    const related = [...page.topContacts.map((c) => c.key), ...d.imeis.map((x) => x.key), ...d.imsis.map((x) => x.key), ...d.phones.map((x) => x.key)]
    const names = await namesOf(db, caseId, [...new Set(related)])
    if (!names.ok) throw new UserProblem(names.problem)
    return { page, names: names.value }
  })
}
