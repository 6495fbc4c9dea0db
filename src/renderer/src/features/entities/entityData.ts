// The rows of the entity tables: the case's entities of one type after the analyst's merges, flattened for the grid
// (names, country, contacts' countries, linked handsets, SIMs, numbers and persons, source files).
import { attempt, type EntityRow as RepoRow, type Result, type WorkspaceDb } from '../../../../workspace'
import { UserProblem } from '../../../../workspace/errors'
import { countriesOf, entityLabel } from './entityFormat'
import { ENTITY_TYPES } from './entityTypes'
import { entitiesFor } from './services'

export interface EntityRow {
  readonly key: string
  readonly value: string
  /** Names from the files, then the analyst's label and aliases. */
  readonly names: string
  readonly country: string
  readonly firstAt: number | null
  readonly lastAt: number | null
  readonly events: number
  readonly asA: number
  readonly asB: number
  readonly asOther: number
  readonly callSeconds: number
  readonly contacts: number
  /** The contacts' keys; their countries are worked out when a cell shows them (see contactCountries). */
  readonly contactKeys: readonly string[]
  readonly imeis: string
  readonly imsis: string
  readonly phones: string
  readonly persons: string
  readonly ids: string
  /** Other keys merged into this one by the analyst. */
  readonly merged: string
  /** What the key itself says: TAC, operator, cell place… */
  readonly facts: string
  readonly sourceCount: number
  /** Source ids (file SHA-256). */
  readonly sources: readonly string[]
  readonly records: number
}

export interface EntityTableData {
  /** The type the rows are of. */
  readonly type: string
  /** Entities per type id, for the type tabs. */
  readonly counts: Record<string, number>
  readonly rows: EntityRow[]
}

const list = (keys: readonly string[]): string => keys.map(entityLabel).join(', ')

function factsText(r: RepoRow): string {
  const f = r.facts
  switch (f.type) {
    case 'phone':
      return f.shortCode ? 'short code' : ''
    case 'imei':
      return [f.tac ? `TAC ${f.tac}` : '', f.valid ? '' : f.problem ?? 'check digit wrong'].filter(Boolean).join(' · ')
    case 'imsi':
      return [f.country, f.operator, f.mcc && f.mnc ? `${f.mcc}-${f.mnc}` : ''].filter(Boolean).join(' · ')
    case 'cell':
      return f.listed ? [f.name, f.latitude !== undefined && f.longitude !== undefined ? `${f.latitude.toFixed(5)}, ${f.longitude.toFixed(5)}` : ''].filter(Boolean).join(' · ') : 'not in a cell list'
    default:
      return ''
  }
}

export function toRow(r: RepoRow): EntityRow {
  const names = [...new Set([r.label, ...r.names, ...r.aliases].filter(Boolean))]
  const own = r.facts.type === 'phone' || r.facts.type === 'imsi' ? (r.facts.country ?? '') : ''
  return {
    key: r.key,
    value: r.value,
    names: names.join('; '),
    country: own || r.linked.countries.join(', '),
    firstAt: r.firstAt,
    lastAt: r.lastAt,
    events: r.events,
    asA: r.asA,
    asB: r.asB,
    asOther: r.asOther,
    callSeconds: r.callSeconds,
    contacts: r.contacts.length,
    contactKeys: r.contacts,
    imeis: list(r.linked.imeis),
    imsis: list(r.linked.imsis),
    phones: list(r.linked.phones),
    persons: list(r.linked.persons),
    ids: list(r.linked.ids),
    merged: list(r.members.slice(1)),
    facts: factsText(r),
    sourceCount: r.sources.length,
    sources: r.sources,
    records: r.records
  }
}

const contactCountryMemo = new WeakMap<EntityRow, string>()

/**
 * Countries of a row's contacts, most frequent first; computed on first need (a visible cell, a sort, a search)
 * rather than for every row of a 100,000-row table up front.
 */
export function contactCountries(row: EntityRow): string {
  let text = contactCountryMemo.get(row)
  if (text === undefined) contactCountryMemo.set(row, (text = countriesOf(row.contactKeys).text))
  return text
}

// The last table read, so the URL catching up with a type chosen by the loader does not read it again.
let lastRead: { key: string; data: EntityTableData } | null = null

/**
 * The rows of one entity type and the count of every type. With `fallback`, a case without entities of that type
 * (anonymised CDRs have ids, not phones) gets the type it has most of instead: `type` in the result says which.
 */
export function loadEntityRows(db: WorkspaceDb, caseId: string, type: string, version: number, fallback = false): Promise<Result<EntityTableData>> {
  return attempt(async () => {
    const hit = lastRead
    if (hit && hit.key === `${caseId}|${type}|${version}` && hit.data.type === type) return hit.data
    const repo = entitiesFor(db)
    const counts: Record<string, number> = {}
    for (const t of ENTITY_TYPES) {
      const r = await repo.entityRows(caseId, { type: t.id, limit: 0 })
      if (!r.ok) throw new UserProblem(r.problem)
      counts[t.id] = r.value.total
    }
    let shown = type
    if (fallback && (counts[type] ?? 0) === 0) {
      const best = [...ENTITY_TYPES].sort((x, y) => (counts[y.id] ?? 0) - (counts[x.id] ?? 0))[0]
      if (best && (counts[best.id] ?? 0) > 0) shown = best.id
    }
    const page = await repo.entityRows(caseId, { type: shown })
    if (!page.ok) throw new UserProblem(page.problem)
    const data: EntityTableData = { type: shown, counts, rows: page.value.rows.map(toRow) }
    lastRead = { key: `${caseId}|${shown}|${version}`, data }
    return data
  })
}
