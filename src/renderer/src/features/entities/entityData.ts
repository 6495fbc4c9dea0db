// The rows of the entity tables: the case's entities of one type after the analyst's merges, flattened for the grid
// (names, country, contacts' countries, linked handsets, SIMs, numbers and persons, source files). The rows come
// first; what needs a pass over every event (linked identities, a cell's place) is filled in when it arrives.
import { countryOfKey, type EntityFacts } from '../../../../core/analysis/facts'
import type { ResolvedStats } from '../../../../core/analysis/resolution'
import { attempt, type Result, type WorkspaceDb } from '../../../../workspace'
import type { EntityDetails } from '../../../../workspace/entities'
import { UserProblem } from '../../../../workspace/errors'
import { paceStep, type Pace } from '../../../../workspace/eventStore'
import { countriesOf, entityLabel } from './entityFormat'
import { ENTITY_TYPES } from './entityTypes'
import { entitiesFor } from './services'

export type { EntityDetails }

/**
 * A table row is the repository's resolved statistics as they are: a 100,000-row table copies nothing up front. What
 * the grid shows beyond the plain counts (the value without its type, names, country, contact count…) is worked out
 * per cell by the functions below, for the cells on screen and for a sort, filter or search when one is asked for.
 */
export type EntityRow = ResolvedStats

/** What a row is filled in with once the case's details are read (see rowDetails). */
export interface RowDetails {
  /** The key's country, or the countries of the numbers and SIMs seen with it. */
  readonly country: string
  readonly imeis: string
  readonly imsis: string
  readonly phones: string
  readonly persons: string
  readonly ids: string
  /** What the key itself says: TAC, operator, cell place… */
  readonly facts: string
}

export interface EntityTableData {
  /** The type the rows are of. */
  readonly type: string
  /** Entities per type id, for the type tabs. */
  readonly counts: Record<string, number>
  readonly rows: EntityRow[]
}

const list = (keys: readonly string[]): string => keys.map(entityLabel).join(', ')

function factsText(f: EntityFacts): string {
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

/** The key without its type, as a user reads it (`+8801712345678`). */
export function rowValue(r: EntityRow): string {
  const colon = r.key.indexOf(':')
  return colon < 0 ? r.key : r.key.slice(colon + 1)
}

const namesMemo = new WeakMap<EntityRow, string>()

/** Names from the files, then the analyst's label and aliases. */
export function rowNames(r: EntityRow): string {
  // Most entities have no names, label or aliases: nothing to remember for them.
  if (r.names.length === 0 && r.aliases.length === 0) return r.label
  let text = namesMemo.get(r)
  if (text === undefined) namesMemo.set(r, (text = [...new Set([r.label, ...r.names, ...r.aliases].filter(Boolean))].join('; ')))
  return text
}

/** What the key itself says about its country (a number's plan, a SIM's network), '' when nothing. */
export function rowOwnCountry(r: EntityRow): string {
  return countryOfKey(r.key) ?? ''
}

/** Other keys merged into this one by the analyst. */
export function rowMerged(r: EntityRow): string {
  return r.members.length > 1 ? list(r.members.slice(1)) : ''
}

/** A row's details (the same as the repository's entityRows gives): the key's facts and the identities seen with it. */
export function detailsOf(row: { readonly key: string }, details: EntityDetails): RowDetails {
  const f = details.facts(row.key)
  const l = details.linked(row.key)
  const own = f.type === 'phone' || f.type === 'imsi' ? (f.country ?? '') : ''
  return {
    country: own || l.countries.join(', '),
    imeis: list(l.imeis),
    imsis: list(l.imsis),
    phones: list(l.phones),
    persons: list(l.persons),
    ids: list(l.ids),
    facts: factsText(f)
  }
}

const contactCountryMemo = new WeakMap<EntityRow, string>()

/**
 * Countries of a row's contacts, most frequent first; computed on first need (a visible cell, a sort, a search)
 * rather than for every row of a 100,000-row table up front.
 */
export function contactCountries(row: EntityRow): string {
  let text = contactCountryMemo.get(row)
  if (text === undefined) contactCountryMemo.set(row, (text = countriesOf(row.contacts).text))
  return text
}

/** Rows a table's first screen shows (most events first), with a margin for a tall window. */
const FIRST_SCREEN_ROWS = 60

/**
 * Works out what the first screen of a table shows and takes longest (the contacts' countries of the busiest
 * entities, tens of thousands of contacts each), a few rows per step, so the table's first frame does not.
 */
export async function warmFirstRows(rows: readonly EntityRow[], pace: Pace): Promise<void> {
  for (let i = 0; i < Math.min(rows.length, FIRST_SCREEN_ROWS); i++) {
    if (i % 10 === 0) await paceStep(pace)
    contactCountries(rows[i]!)
    rowNames(rows[i]!)
  }
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
    const first = await repo.entityTable(caseId, type)
    if (!first.ok) throw new UserProblem(first.problem)
    const counts: Record<string, number> = {}
    for (const t of ENTITY_TYPES) counts[t.id] = first.value.counts[t.id] ?? 0
    let table = first.value
    if (fallback && (counts[type] ?? 0) === 0) {
      const best = [...ENTITY_TYPES].sort((x, y) => (counts[y.id] ?? 0) - (counts[x.id] ?? 0))[0]
      if (best && (counts[best.id] ?? 0) > 0) {
        const other = await repo.entityTable(caseId, best.id)
        if (!other.ok) throw new UserProblem(other.problem)
        table = other.value
      }
    }
    // A copy of the list (the grid keeps it); the rows themselves are the repository's, never modified.
    const data: EntityTableData = { type: table.type, counts, rows: [...table.rows] }
    lastRead = { key: `${caseId}|${table.type}|${version}`, data }
    return data
  })
}

/** The case's details for filling rows in (linked identities, facts); read after the rows are on screen. */
export function loadEntityDetails(db: WorkspaceDb, caseId: string): Promise<Result<EntityDetails>> {
  return entitiesFor(db).entityDetails(caseId)
}
