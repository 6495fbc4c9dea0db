// Entities as the screens see them: table rows with type facts and linked identities, an entity's page (summary,
// top contacts, activity, handsets and SIMs, sources), the cross-entity analyses, and the analyst's reversible,
// audited entity resolution (merges, aliases, persons linked to phones and documents).
import { activityProfile, type ActivityProfile } from '../core/analysis/activity'
import { commonContacts, topContacts, type CommonContact, type CommonContactsOptions, type ContactSummary } from '../core/analysis/contacts'
import { CellDirectory, entityFacts, LinkIndex, type EntityFacts, type LinkedIdentities } from '../core/analysis/facts'
import { deviceHistory, type DeviceHistory } from '../core/analysis/handsets'
import { contactMatrix, type ContactMatrix } from '../core/analysis/matrix'
import { detectPhoneReplacements, type ReplacementCandidate, type ReplacementOptions } from '../core/analysis/replacement'
import { applyResolutions, buildResolutionIndex, type Resolution, type StatsLike as EntityStatsLike, type ResolutionIndex, type ResolvedStats } from '../core/analysis/resolution'
import type { AnalysisScope } from '../core/analysis/scan'
import { isValidZone } from '../core/mapping/zones'
import type { CellSite, Person } from '../core/model/records'
import { entityKeyParts, personKey } from '../core/store/entityKeys'
import type { IndexedSegment } from '../core/store/query'
import { appendAudit } from './audit'
import type { WorkspaceDb } from './db'
import { attempt, UserProblem, type Result } from './errors'
import { committedSources, paceStep, readStoreVersion, type EventStore, type Pace } from './eventStore'
import type { EntityResolutionRow } from './rows'

export type { Pace } from './eventStore'
export type { ActivityProfile, CommonContact, ContactMatrix, ContactSummary, DeviceHistory, EntityFacts, LinkedIdentities, ReplacementCandidate, Resolution, ResolvedStats }

/** One row of an entity table: statistics after the analyst's merges, what the key says, what was seen with it. */
export interface EntityRow extends ResolvedStats {
  /** `phone`, `imei`, `imsi`, `cell`, `person`, `account`, `id`, `sender`. */
  readonly type: string
  /** The key without its type, as a user reads it (`+8801712345678`). */
  readonly value: string
  readonly facts: EntityFacts
  readonly linked: LinkedIdentities
}

export interface EntityRowsQuery {
  /** Only entities of this type (`phone`, `imei`, …). */
  readonly type?: string
  /** Exact keys (resolved to their groups). */
  readonly keys?: readonly string[]
  /** Most events first (default), or by key. */
  readonly orderBy?: 'events' | 'key'
  readonly offset?: number
  /** Default: all. */
  readonly limit?: number
}

export interface EntityRowsPage {
  readonly total: number
  readonly rows: readonly EntityRow[]
}

export interface SourceRef {
  /** The file's SHA-256 (the source id in event ids). */
  readonly sha256: string
  readonly fileName: string
  /** The import id (the Sources tab's row). */
  readonly importId: string
}

/** An entity table's rows (see EntityRepository.entityTable). */
export interface EntityTable {
  readonly type: string
  /** Entities per type (`phone`, `imei`…) after merges; types without any are absent. */
  readonly counts: Readonly<Record<string, number>>
  /** Shared with the repository's cache: not to be modified. */
  readonly rows: readonly ResolvedStats[]
}

/** What a table fills its rows in with (see EntityRepository.entityDetails). */
export interface EntityDetails {
  facts(key: string): EntityFacts
  linked(key: string): LinkedIdentities
}

export interface EntityPageOptions extends Pick<AnalysisScope, 'from' | 'to' | 'kinds'> {
  /** Display zone of the heatmap and the daily chart: `UTC` or an IANA zone. */
  readonly zone: string
  /** Top contacts listed (default 25). */
  readonly contactsLimit?: number
}

export interface EntityPage {
  /** The key the page is about after merges (the key asked for, or its group's). */
  readonly key: string
  readonly requested: string
  readonly row: EntityRow | null
  /** Facts of each member of a merged group (one entry when not merged). */
  readonly memberFacts: readonly EntityFacts[]
  /**
   * The keys whose events the contacts, activity and handsets are drawn from: the group's members, plus — on a
   * person's page — the phones, documents and accounts the analyst linked to the person.
   */
  readonly analysedKeys: readonly string[]
  readonly topContacts: readonly ContactSummary[]
  readonly activity: ActivityProfile
  readonly devices: DeviceHistory
  readonly sources: readonly SourceRef[]
  /** Active acts of resolution that concern the entity (its merges, aliases, persons), oldest first. */
  readonly resolutions: readonly Resolution[]
}

export interface MergeRequest {
  /** The key the others are merged into: one of the case's entities or an analyst-created person. */
  readonly into: string
  readonly members: readonly string[]
  readonly label?: string
  readonly note?: string
}

export interface PersonRequest {
  readonly name: string
  /** Phones, documents, accounts to link to the person now. */
  readonly links?: readonly string[]
  readonly note?: string
}

function toResolution(r: EntityResolutionRow): Resolution {
  return { id: r.id, kind: r.kind, key: r.key, members: r.members, label: r.label, note: r.note, createdAt: r.createdAt, undoneAt: r.undoneAt }
}

const invalid = (message: string, action: string, detail: string): UserProblem => new UserProblem({ kind: 'constraint', message, action, detail })
const missing = (message: string, action: string, detail: string): UserProblem => new UserProblem({ kind: 'not-found', message, action, detail })

interface CaseView {
  readonly version: string
  readonly resolutionStamp: string
  readonly index: ResolutionIndex
  readonly resolutions: readonly Resolution[]
  readonly byEvents: readonly ResolvedStats[]
  /** The statistics as stored (unmerged), sorted by key. */
  readonly raw: readonly { readonly key: string }[]
  /** Resolved statistics by key (group keys for merged entities); made on first need, as is `known`. */
  rows: Map<string, ResolvedStats> | null
  /** Raw (unmerged) keys of the case's statistics. */
  known: Set<string> | null
  links: LinkIndex | null
  /** byEvents split by entity type, made on first need: the tables ask for every type's count on each open. */
  byType: Map<string, ResolvedStats[]> | null
  cells: CellDirectory | null
  records: (CellSite | Person)[] | null
}

/**
 * The screens' entry point for entities. Reads go through the EventStore (its caches); what this class derives
 * (resolved statistics, the link index) is cached per case and dropped when the events or the resolutions change.
 */
export class EntityRepository {
  private readonly views = new Map<string, CaseView>()
  /** Views being made, by case, store version and resolutions: callers arriving together share one (and its pace). */
  private readonly building = new Map<string, { readonly done: Promise<CaseView>; readonly pace: Pace | undefined }>()

  constructor(
    private readonly db: WorkspaceDb,
    private readonly store: EventStore,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = () => crypto.randomUUID()
  ) {}

  // ----- reads -------------------------------------------------------------------------------------------------

  /** Entity table rows: statistics after merges, with facts and linked identities. */
  entityRows(caseId: string, query: EntityRowsQuery = {}): Promise<Result<EntityRowsPage>> {
    return attempt(async () => {
      const view = await this.view(caseId)
      const links = await this.linksFor(caseId, view)
      let picked: readonly ResolvedStats[]
      if (query.keys) {
        const seen = new Set<string>()
        const out: ResolvedStats[] = []
        for (const k of query.keys) {
          const g = view.index.resolve(k)
          const r = rowsOf(view).get(g)
          if (r && !seen.has(g)) {
            seen.add(g)
            out.push(r)
          }
        }
        picked = out
      } else {
        picked = view.byEvents
      }
      if (query.type !== undefined) picked = query.keys ? picked.filter((r) => entityKeyParts(r.key).type === query.type) : ofType(view, query.type)
      if ((query.orderBy ?? 'events') === 'key') picked = [...picked].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
      else if (query.keys) picked = [...picked].sort((x, y) => y.events - x.events || (x.key < y.key ? -1 : 1))
      const offset = Math.max(0, query.offset ?? 0)
      const end = query.limit === undefined ? picked.length : offset + Math.max(0, query.limit)
      const cells = view.cells ?? new CellDirectory()
      return { total: picked.length, rows: picked.slice(offset, end).map((s) => this.row(s, cells, links)) }
    })
  }

  /**
   * One type's rows for an entity table, most events first, and how many entities of each type the case has. The
   * rows are the statistics after merges, without what the key says or what was seen with it: those take a pass
   * over every event of the case, so a table shows its rows first and fills them in from entityDetails.
   *
   * With a `pace` (a warm-up while the analyst is elsewhere) the statistics are decoded and resolved a step at a
   * time with pauses in between; a call without one arriving meanwhile shares that work and ends the pauses.
   */
  entityTable(caseId: string, type: string, pace?: Pace): Promise<Result<EntityTable>> {
    return attempt(async () => {
      const view = await this.view(caseId, pace)
      await paceStep(pace)
      const counts: Record<string, number> = {}
      for (const [t, list] of typesOf(view)) counts[t] = list.length
      return { type, counts, rows: ofType(view, type) }
    })
  }

  /** What the key of each of the case's entities says (facts) and the identities seen with it (after merges). */
  entityDetails(caseId: string): Promise<Result<EntityDetails>> {
    return attempt(async () => {
      const view = await this.view(caseId)
      const links = await this.linksFor(caseId, view)
      const cells = view.cells ?? new CellDirectory()
      return { facts: (key: string) => entityFacts(key, cells), linked: (key: string) => links.of(key) }
    })
  }

  /** Everything an entity's page shows. Null when the case has no such entity. */
  entityPage(caseId: string, key: string, options: EntityPageOptions): Promise<Result<EntityPage | null>> {
    return attempt(async () => {
      checkZone(options.zone)
      const view = await this.view(caseId)
      const group = view.index.resolve(key)
      const stats = rowsOf(view).get(group)
      const members = view.index.membersOf(group)
      if (!stats) return null
      const links = await this.linksFor(caseId, view)
      const cells = view.cells ?? new CellDirectory()
      const linked = view.index.linkedTo(group).map(view.index.resolve).filter((k) => !members.includes(k))
      const analysed = [...members, ...new Set(linked.flatMap((k) => view.index.membersOf(k)))]
      const segments = await this.segmentsOf(caseId, analysed)
      const scope: AnalysisScope = { resolve: view.index.resolve, ...pickScope(options) }
      const sources = await committedSources(this.db, caseId)
      const used = new Set(stats?.sources ?? [])
      return {
        key: group,
        requested: key,
        row: stats ? this.row(stats, cells, links) : null,
        memberFacts: members.map((m) => entityFacts(m, cells)),
        analysedKeys: analysed,
        topContacts: topContacts(segments, analysed, { ...scope, limit: options.contactsLimit ?? 25 }),
        activity: activityProfile(segments, analysed, options.zone, scope),
        devices: deviceHistory(segments, analysed, scope),
        sources: sources.filter((s) => used.has(s.sha256)).map((s) => ({ sha256: s.sha256, fileName: s.fileName, importId: s.id })),
        resolutions: view.resolutions.filter((r) => r.undoneAt === null && (r.key === group || members.includes(r.key) || r.members.some((m) => members.includes(m))))
      }
    })
  }

  /** Top contacts of one entity (or its group), for a longer list than the page's. */
  topContacts(caseId: string, key: string, options: Pick<AnalysisScope, 'from' | 'to' | 'kinds'> & { limit?: number; orderBy?: 'events' | 'seconds' } = {}): Promise<Result<ContactSummary[]>> {
    return attempt(async () => {
      const view = await this.view(caseId)
      const members = view.index.membersOf(view.index.resolve(key))
      return topContacts(await this.segmentsOf(caseId, members), members, { ...options, resolve: view.index.resolve })
    })
  }

  /** Contacts shared by the selected entities, ranked (who links these suspects). */
  commonContacts(caseId: string, keys: readonly string[], options: Omit<CommonContactsOptions, 'resolve'> = {}): Promise<Result<CommonContact[]>> {
    return attempt(async () => {
      const view = await this.view(caseId)
      const all = keys.flatMap((k) => view.index.membersOf(view.index.resolve(k)))
      return commonContacts(await this.segmentsOf(caseId, all), keys, { ...options, resolve: view.index.resolve })
    })
  }

  /** Numbers that went quiet while a new one took over their contacts, with the evidence. */
  phoneReplacements(caseId: string, options: Omit<ReplacementOptions, 'resolve'> = {}): Promise<Result<ReplacementCandidate[]>> {
    return attempt(async () => {
      const view = await this.view(caseId)
      const segments = await this.allSegments(caseId)
      return detectPhoneReplacements(segments, { ...options, resolve: view.index.resolve })
    })
  }

  /** Direct events between each pair of the selected entities. */
  contactMatrix(caseId: string, keys: readonly string[], options: Pick<AnalysisScope, 'from' | 'to' | 'kinds'> = {}): Promise<Result<ContactMatrix>> {
    return attempt(async () => {
      const view = await this.view(caseId)
      const all = keys.flatMap((k) => view.index.membersOf(view.index.resolve(k)))
      return contactMatrix(await this.segmentsOf(caseId, all), keys, { ...pickScope(options), resolve: view.index.resolve })
    })
  }

  /** The case's acts of resolution, newest first (undone ones too when asked: the trail is kept). */
  listResolutions(caseId: string, options: { readonly includeUndone?: boolean } = {}): Promise<Result<Resolution[]>> {
    return attempt(async () => {
      const rows = (await this.db.entityResolutions.where('caseId').equals(caseId).toArray()).map(toResolution)
      return rows.filter((r) => options.includeUndone || r.undoneAt === null).sort((x, y) => y.createdAt - x.createdAt || (x.id < y.id ? 1 : -1))
    })
  }

  /** The key an entity is shown as after the analyst's merges. */
  resolveKey(caseId: string, key: string): Promise<Result<{ key: string; members: readonly string[] }>> {
    return attempt(async () => {
      const view = await this.view(caseId)
      const g = view.index.resolve(key)
      return { key: g, members: view.index.membersOf(g) }
    })
  }

  // ----- writes (each audited in the same transaction) ----------------------------------------------------------

  /** Merges entities into one (two SIMs of one person, a number written two ways). Reversible with undo/split. */
  merge(caseId: string, request: MergeRequest): Promise<Result<Resolution>> {
    return attempt(async () => {
      const into = request.into
      const members = [...new Set(request.members)].filter((m) => m !== into)
      if (members.length === 0) throw invalid('Choose at least one other entity to merge.', 'Select two or more entities, then merge.', `merge into ${into}`)
      const view = await this.view(caseId)
      for (const k of [into, ...members]) this.mustExist(view, k)
      const target = view.index.resolve(into)
      const already = members.filter((m) => view.index.resolve(m) === target)
      if (already.length === members.length) throw invalid('These entities are already merged.', 'Open the merged entity instead.', `merge into ${into}: ${members.join(', ')}`)
      return this.write(caseId, 'entity.merged', { kind: 'merge', key: into, members, label: clean(request.label), note: clean(request.note) })
    })
  }

  /** Adds an alias (a nickname, the name a number is saved under in a seized phone). */
  addAlias(caseId: string, key: string, alias: string, note = ''): Promise<Result<Resolution>> {
    return attempt(async () => {
      const text = clean(alias)
      if (!text) throw invalid('An alias cannot be empty.', 'Type the alias, then save.', `alias of ${key}`)
      this.mustExist(await this.view(caseId), key)
      return this.write(caseId, 'entity.aliased', { kind: 'alias', key, members: [], label: text, note: clean(note) })
    })
  }

  /** Creates a person (by name) and links phones, documents or accounts to it. */
  createPerson(caseId: string, request: PersonRequest): Promise<Result<Resolution>> {
    return attempt(async () => {
      const name = clean(request.name)
      const key = personKey(name)
      if (!key) throw invalid('A person needs a name.', 'Type the person’s name, then save.', 'create person')
      const view = await this.view(caseId)
      const links = [...new Set(request.links ?? [])].filter((k) => k !== key)
      for (const k of links) this.mustExist(view, k)
      return this.write(caseId, 'entity.person-created', { kind: 'person', key, members: links, label: name, note: clean(request.note) })
    })
  }

  /** Links more entities to a person (created by the analyst or from a subscriber list). */
  link(caseId: string, person: string, keys: readonly string[], note = ''): Promise<Result<Resolution>> {
    return attempt(async () => {
      if (!person.startsWith('person:')) throw invalid('Entities can only be linked to a person.', 'Create or choose a person first.', `link to ${person}`)
      const view = await this.view(caseId)
      this.mustExist(view, person)
      const links = [...new Set(keys)].filter((k) => k !== person)
      if (links.length === 0) throw invalid('Choose at least one entity to link.', 'Select phones or documents, then link them.', `link to ${person}`)
      for (const k of links) this.mustExist(view, k)
      const label = view.index.labelOf(person) || entityKeyParts(person).value
      return this.write(caseId, 'entity.linked', { kind: 'person', key: person, members: links, label, note: clean(note) })
    })
  }

  /** Undoes one act (a merge splits back, an alias or link is withdrawn); the act stays in the history. */
  undo(caseId: string, resolutionId: string): Promise<Result<Resolution>> {
    return attempt(async () => {
      const db = this.db
      return db.transaction('rw', [db.entityResolutions, db.audit, db.meta], async () => {
        const row = await db.entityResolutions.get(resolutionId)
        if (!row || row.caseId !== caseId) throw missing('That merge, alias or link is not in this case.', 'Reload the entity page.', `resolution ${resolutionId}`)
        if (row.undoneAt !== null) throw invalid('That was already undone.', 'Reload the entity page.', `resolution ${resolutionId}`)
        const at = this.now()
        await db.entityResolutions.update(resolutionId, { undoneAt: at })
        await appendAudit(db, caseId, 'entity.undone', { id: resolutionId, kind: row.kind, key: row.key, members: row.members, label: row.label }, at)
        this.views.delete(caseId)
        return toResolution({ ...row, undoneAt: at })
      })
    })
  }

  /** Takes one member out of a merge: the merge is undone and redone without it, in one audited step. */
  split(caseId: string, mergeId: string, member: string): Promise<Result<{ undone: Resolution; remaining: Resolution | null }>> {
    return attempt(async () => {
      const db = this.db
      return db.transaction('rw', [db.entityResolutions, db.audit, db.meta], async () => {
        const row = await db.entityResolutions.get(mergeId)
        if (!row || row.caseId !== caseId || row.kind !== 'merge') throw missing('That merge is not in this case.', 'Reload the entity page.', `merge ${mergeId}`)
        if (row.undoneAt !== null) throw invalid('That merge was already undone.', 'Reload the entity page.', `merge ${mergeId}`)
        if (!row.members.includes(member)) throw invalid('That entity is not a member of this merge.', 'Reload the entity page.', `merge ${mergeId}, ${member}`)
        const at = this.now()
        await db.entityResolutions.update(mergeId, { undoneAt: at })
        const rest = row.members.filter((m) => m !== member)
        let remaining: Resolution | null = null
        if (rest.length > 0) {
          const next: EntityResolutionRow = { ...row, id: this.newId(), members: rest, createdAt: at, undoneAt: null }
          await db.entityResolutions.add(next)
          remaining = toResolution(next)
        }
        await appendAudit(db, caseId, 'entity.split', { id: mergeId, key: row.key, removed: member, remainingId: remaining?.id ?? null, remaining: rest }, at)
        this.views.delete(caseId)
        return { undone: toResolution({ ...row, undoneAt: at }), remaining }
      })
    })
  }

  /** Drops derived caches (all cases when no id is given). */
  invalidate(caseId?: string): void {
    if (caseId === undefined) this.views.clear()
    else this.views.delete(caseId)
  }

  // ----- internals ---------------------------------------------------------------------------------------------

  private async write(caseId: string, action: string, act: Pick<EntityResolutionRow, 'kind' | 'key' | 'members' | 'label' | 'note'>): Promise<Resolution> {
    const db = this.db
    return db.transaction('rw', [db.cases, db.entityResolutions, db.audit, db.meta], async () => {
      if (!(await db.cases.get(caseId))) throw missing('The case is no longer in the workspace.', 'Go back to the case list.', `case ${caseId}`)
      const at = this.now()
      const row: EntityResolutionRow = { id: this.newId(), caseId, ...act, members: [...act.members], createdAt: at, undoneAt: null }
      await db.entityResolutions.add(row)
      await appendAudit(db, caseId, action, { id: row.id, kind: row.kind, key: row.key, members: row.members, label: row.label, note: row.note }, at)
      this.views.delete(caseId)
      return toResolution(row)
    })
  }

  private mustExist(view: CaseView, key: string): void {
    if ((view.known ??= new Set(view.raw.map((s) => s.key))).has(key)) return
    if (view.resolutions.some((r) => r.undoneAt === null && r.kind === 'person' && r.key === key)) return
    throw missing(`'${entityKeyParts(key).value}' is not an entity of this case.`, 'Pick entities from the entity tables.', `entity ${key}`)
  }

  private row(s: ResolvedStats, cells: CellDirectory, links: LinkIndex): EntityRow {
    const { type, value } = entityKeyParts(s.key)
    return { ...s, type, value, facts: entityFacts(s.key, cells), linked: links.of(s.key) }
  }

  private async segmentsOf(caseId: string, keys: readonly string[]): Promise<readonly IndexedSegment[]> {
    const r = await this.store.segments(caseId, { entities: keys })
    if (!r.ok) throw new UserProblem(r.problem)
    return r.value
  }

  private async allSegments(caseId: string): Promise<readonly IndexedSegment[]> {
    const r = await this.store.segments(caseId)
    if (!r.ok) throw new UserProblem(r.problem)
    return r.value
  }

  private async view(caseId: string, pace?: Pace): Promise<CaseView> {
    const db = this.db
    const { version, rows } = await db.transaction('r', [db.meta, db.entityResolutions], async () => ({
      version: await readStoreVersion(db, caseId),
      rows: await db.entityResolutions.where('caseId').equals(caseId).toArray()
    }))
    const resolutions = rows.map(toResolution)
    const stamp = resolutions.map((r) => `${r.id}:${r.undoneAt ?? ''}`).sort().join('|')
    const cached = this.views.get(caseId)
    if (cached && cached.version === version && cached.resolutionStamp === stamp) return cached
    // A caller arriving while the same view is being made (the Entities tab clicked during the idle warm-up) waits
    // for it rather than decoding the statistics a second time.
    const id = `${caseId}\u0000${version}\u0000${stamp}`
    const pending = this.building.get(id)
    if (pending) {
      // A caller on screen (no pace of its own) is waiting: the warm-up stops pausing.
      if (pending.pace && (!pace || pace.urgent)) pending.pace.hurry()
      return pending.done
    }
    const making = this.buildView(caseId, version, stamp, resolutions, pace)
    this.building.set(id, { done: making, pace })
    const forget = (): void => {
      if (this.building.get(id)?.done === making) this.building.delete(id)
    }
    making.then(forget, forget)
    return making
  }

  private async buildView(caseId: string, version: string, stamp: string, resolutions: readonly Resolution[], pace: Pace | undefined): Promise<CaseView> {
    // The decoded statistics as the store holds them (no per-entity copy), sorted by key.
    const all = await this.store.allEntityStats(caseId, pace)
    if (!all.ok) throw new UserProblem(all.problem)
    const index = buildResolutionIndex(resolutions)
    const resolved = await resolvePaced(all.value, index, pace)
    // Persons the analyst created have no events of their own; they still get a row, so the person table lists them.
    if (resolutions.some((r) => r.undoneAt === null && r.kind === 'person')) {
      const present = new Set(resolved.map((r) => r.key))
      for (const r of resolutions) {
        if (r.undoneAt !== null || r.kind !== 'person' || present.has(r.key)) continue
        present.add(r.key)
        resolved.push({ ...emptyStats(r.key), members: [r.key], aliases: index.aliasesOf(r.key), label: index.labelOf(r.key), persons: [] })
      }
    }
    await paceStep(pace)
    const view: CaseView = {
      version,
      resolutionStamp: stamp,
      index,
      resolutions,
      // Most events first, then by key: the input is sorted by key (persons added above come last, so sorted again
      // when there are any) and the sort is stable, so comparing counts alone keeps the key order within a count.
      byEvents: (sortedByKey(resolved) ? [...resolved] : [...resolved].sort(byKey)).sort((x, y) => y.events - x.events),
      raw: all.value,
      rows: null,
      known: null,
      links: null,
      byType: null,
      cells: null,
      records: null
    }
    this.views.set(caseId, view)
    while (this.views.size > 2) this.views.delete(this.views.keys().next().value!)
    return view
  }

  /** The case-wide link index and cell directory, built on first need (one pass over the case's events). */
  private async linksFor(caseId: string, view: CaseView): Promise<LinkIndex> {
    if (view.links) return view.links
    const db = this.db
    const imports = new Set((await committedSources(db, caseId)).map((s) => s.id))
    const chunks = (await db.entityRecords.where('caseId').equals(caseId).toArray()).filter((r) => imports.has(r.sourceId))
    const records = chunks.flatMap((r) => JSON.parse(r.records) as (CellSite | Person)[])
    const links = new LinkIndex(view.index.resolve).addSegments(await this.allSegments(caseId)).addRecords(records)
    for (const r of view.resolutions) if (r.undoneAt === null && r.kind === 'person') links.addLinks(r.key, r.members)
    view.records = records
    view.cells = new CellDirectory(records)
    view.links = links
    return links
  }
}

/** Entities resolved per step of a paced build (about a block of statistics). */
const RESOLVE_SLICE = 10_000

/**
 * applyResolutions, a slice at a time with a pause between slices when paced. Only without merges: then each entity
 * resolves on its own and the slices of a key-sorted list give the whole list's result; a merge needs them all at once.
 */
async function resolvePaced(all: readonly EntityStatsLike[], index: ResolutionIndex, pace: Pace | undefined): Promise<ResolvedStats[]> {
  if (!pace || index.groups.size > 0 || !sortedByKey(all)) return applyResolutions(all, index, { segments: false })
  const out: ResolvedStats[] = []
  for (let i = 0; i < all.length; i += RESOLVE_SLICE) {
    await paceStep(pace)
    for (const r of applyResolutions(all.slice(i, i + RESOLVE_SLICE), index, { segments: false })) out.push(r)
  }
  return out
}

function rowsOf(view: CaseView): Map<string, ResolvedStats> {
  return (view.rows ??= new Map(view.byEvents.map((s) => [s.key, s])))
}

function byKey(x: { key: string }, y: { key: string }): number {
  return x.key < y.key ? -1 : x.key > y.key ? 1 : 0
}

function sortedByKey(xs: readonly { key: string }[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1]!.key > xs[i]!.key) return false
  return true
}

function typesOf(view: CaseView): Map<string, ResolvedStats[]> {
  if (!view.byType) {
    const byType = new Map<string, ResolvedStats[]>()
    for (const r of view.byEvents) {
      const t = r.key.slice(0, Math.max(0, r.key.indexOf(':')))
      const list = byType.get(t)
      if (list) list.push(r)
      else byType.set(t, [r])
    }
    view.byType = byType
  }
  return view.byType
}

function ofType(view: CaseView, type: string): readonly ResolvedStats[] {
  return typesOf(view).get(type) ?? []
}

function emptyStats(key: string): Omit<ResolvedStats, 'members' | 'aliases' | 'label' | 'persons'> {
  return { key, firstAt: null, lastAt: null, events: 0, asA: 0, asB: 0, asOther: 0, callSeconds: 0, contacts: [], sources: [], names: [], records: 0 }
}

function clean(text: string | undefined): string {
  return (text ?? '').normalize('NFC').trim()
}

function pickScope(o: Pick<AnalysisScope, 'from' | 'to' | 'kinds'>): Pick<AnalysisScope, 'from' | 'to' | 'kinds'> {
  return { ...(o.from !== undefined ? { from: o.from } : {}), ...(o.to !== undefined ? { to: o.to } : {}), ...(o.kinds !== undefined ? { kinds: o.kinds } : {}) }
}

function checkZone(zone: string): void {
  if (!isValidZone(zone)) {
    throw new UserProblem({ kind: 'constraint', message: `'${zone}' is not a time zone Waymark knows.`, action: 'Choose UTC or a zone from the list (e.g. Asia/Dhaka).', detail: `zone ${zone}` })
  }
}
