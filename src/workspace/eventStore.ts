// The case's event store as the screens see it: query events, open one event with its originals and both
// provenances, read entity statistics, count, and mark events. The segment layout never leaves this module.
import { decodeRecord } from '../core/store/encode'
import { hasEntityPostings } from '../core/store/entityIndex'
import type { EntityStats } from '../core/store/entityStats'
import { decodeLinks, encodeLinks, MirrorBook, type MirrorLink } from '../core/store/mirror'
import { EventIndex, type EventFilter, type EventRef, type EventSummary, type IndexedSegment } from '../core/store/query'
import { parseEventId, type SegmentOriginals } from '../core/store/segment'
import { deserialiseOriginals, deserialiseSegment } from '../core/store/serialise'
import type { Provenance, WaymarkRecord } from '../core/model/records'
import { appendAudit } from './audit'
import type { WorkspaceDb } from './db'
import { attempt, UserProblem, type Result } from './errors'
import type { EntityStatBlockRow, EventMarkRow, ImportedSourceRow, MirrorLinksRow, SourceRow } from './rows'

// ---------------------------------------------------------------------------------------------------------------
// Helpers shared with importJob.ts (and, for counts and deletion, with the case repository).

const VERSION_PREFIX = 'eventStore.version:'

/** A meta key bumped whenever a case's committed events change; caches compare it to know they are stale. */
export function storeVersionKey(caseId: string): string {
  return VERSION_PREFIX + caseId
}

/** Call inside a 'rw' transaction that includes db.meta. */
export async function bumpStoreVersion(db: WorkspaceDb, caseId: string): Promise<void> {
  const row = await db.meta.get(storeVersionKey(caseId))
  await db.meta.put({ key: storeVersionKey(caseId), value: String(Number(row?.value ?? '0') + 1) })
}

export async function readStoreVersion(db: WorkspaceDb, caseId: string): Promise<string> {
  return (await db.meta.get(storeVersionKey(caseId)))?.value ?? '0'
}

/** Source rows from before schema v3 have no status; they were complete when written. */
export function isCommitted(row: SourceRow): boolean {
  const status = (row as Partial<ImportedSourceRow>).status
  return status === undefined || status === 'committed'
}

export function asImported(row: SourceRow): ImportedSourceRow {
  const r = row as Partial<ImportedSourceRow> & SourceRow
  return {
    ...r,
    status: r.status ?? 'committed',
    startedAt: r.startedAt ?? r.importedAt,
    committedAt: r.committedAt ?? r.importedAt,
    mappingJson: r.mappingJson ?? '',
    parserVersions: r.parserVersions ?? {},
    eventCount: r.eventCount ?? 0,
    segmentCount: r.segmentCount ?? 0,
    counts: r.counts ?? {}
  }
}

export async function committedSources(db: WorkspaceDb, caseId: string): Promise<ImportedSourceRow[]> {
  const rows = await db.sources.where('caseId').equals(caseId).toArray()
  return rows.filter(isCommitted).map(asImported)
}

/** Segment row ids are `${importId}:${seq}`; import ids never contain ':'. */
export function segmentRowId(importId: string, seq: number): string {
  return `${importId}:${seq}`
}

export function importIdOfSegment(segmentId: string): string {
  return segmentId.slice(0, segmentId.lastIndexOf(':'))
}

export function linksOfRow(row: MirrorLinksRow): MirrorLink[] {
  return decodeLinks({ segmentIds: row.segmentIds, pairs: new Uint32Array(row.pairs) })
}

export function linksRow(caseId: string, importId: string, links: readonly MirrorLink[]): MirrorLinksRow {
  const stored = encodeLinks(links)
  return { id: importId, caseId, count: links.length, segmentIds: [...stored.segmentIds], pairs: stored.pairs.buffer as ArrayBuffer }
}

/** Entities per stored block: large enough that a case is a handful of rows, small enough to stay a modest string. */
export const ENTITY_STATS_PER_BLOCK = 10_000

const ENTITY_COUNT_PREFIX = 'eventStore.entities:'

/** A meta key holding how many entities a case's statistics have, so counting never decodes the blocks. */
export function entityCountKey(caseId: string): string {
  return ENTITY_COUNT_PREFIX + caseId
}

type StatTuple = [
  key: string,
  firstAt: number | null,
  lastAt: number | null,
  events: number,
  asA: number,
  asB: number,
  asOther: number,
  callSeconds: number,
  contacts: number[],
  sources: number[],
  segments: number[],
  names: string[],
  records: number
]

/** Stored blocks of statistics sorted by key (as EntityStatsBuilder and mergeStatsLists give them). */
export function encodeStatBlocks(caseId: string, stats: readonly EntityStats[], perBlock: number = ENTITY_STATS_PER_BLOCK): EntityStatBlockRow[] {
  const out: EntityStatBlockRow[] = []
  for (let start = 0; start < stats.length; start += perBlock) {
    const part = stats.slice(start, start + perBlock)
    const ids = new Map<string, number>()
    const strings: string[] = []
    const ref = (xs: readonly string[]): number[] =>
      xs.map((x) => {
        let i = ids.get(x)
        if (i === undefined) {
          i = strings.length
          strings.push(x)
          ids.set(x, i)
        }
        return i
      })
    const rows: StatTuple[] = part.map((s) => [s.key, s.firstAt, s.lastAt, s.events, s.asA, s.asB, s.asOther, s.callSeconds, ref(s.contacts), ref(s.sources), ref(s.segments), [...s.names], s.records])
    out.push({ caseId, block: out.length, count: part.length, firstKey: part[0]!.key, lastKey: part[part.length - 1]!.key, stats: JSON.stringify({ strings, rows }) })
  }
  return out
}

export function decodeStatBlock(row: EntityStatBlockRow): EntityStats[] {
  const { strings, rows } = JSON.parse(row.stats) as { strings: string[]; rows: StatTuple[] }
  // Plain loops, and the parsed arrays of string numbers rewritten in place into the strings they stand for: a table
  // of 100,000 entities decodes every block on opening, and each extra array is garbage to collect.
  const str = (xs: (number | string)[]): string[] => {
    for (let i = 0; i < xs.length; i++) xs[i] = strings[xs[i] as number]!
    return xs as string[]
  }
  const out = new Array<EntityStats>(rows.length)
  for (let r = 0; r < rows.length; r++) {
    const t = rows[r]!
    out[r] = {
      key: t[0],
      firstAt: t[1],
      lastAt: t[2],
      events: t[3],
      asA: t[4],
      asB: t[5],
      asOther: t[6],
      callSeconds: t[7],
      contacts: str(t[8]),
      sources: str(t[9]),
      segments: str(t[10]),
      names: t[11],
      records: t[12]
    }
  }
  return out
}

/**
 * How a long read in the background gives way to the page: it awaits `pause` between its steps (a block of
 * statistics, a slice of rows) until someone needs the result now and calls `hurry`; the rest then runs straight
 * through.
 */
export interface Pace {
  /** True once hurried: no more pauses. */
  readonly urgent: boolean
  /** A caller is waiting for the result: end the pause in progress and make no more. */
  hurry(): void
  pause(): Promise<void>
}

/** A step of a paced read: a pause unless there is none or someone is waiting for the result. */
export function paceStep(pace: Pace | undefined): Promise<void> | undefined {
  return pace && !pace.urgent ? pace.pause() : undefined
}

/**
 * Runs `task` after what is already waiting: input and drawing come first anyway, and a task of ordinary priority
 * queues behind the loading of another tab's code or its reads. Not `scheduler.yield` (its continuation goes ahead of
 * them), nor 'background' priority (a busy page starves it, and a table clicked then finds nothing done).
 */
function afterWhatWaits(task: () => void): void {
  const scheduler = (globalThis as { scheduler?: { postTask?: (cb: () => void, options: { priority: 'user-visible' }) => Promise<void> } }).scheduler
  if (typeof scheduler?.postTask === 'function') void scheduler.postTask(task, { priority: 'user-visible' })
  else setTimeout(task, 0)
}

/**
 * A pace whose every pause lets the page do what is waiting first (input, drawing, another tab's code and reads): a
 * warm-up paced so never stands in the way of what the analyst is doing for more than one of its steps.
 */
export function backgroundPace(): Pace {
  let urgent = false
  let wake: (() => void) | null = null
  return {
    get urgent() {
      return urgent
    },
    hurry() {
      urgent = true
      wake?.()
      wake = null
    },
    pause() {
      return new Promise<void>((resolve) => {
        wake = resolve
        afterWhatWaits(() => {
          if (wake === resolve) wake = null
          resolve()
        })
      })
    }
  }
}

/** A case's statistics sorted by key; inside a transaction over db.entityStatBlocks when it must match a version. */
export async function readCaseStats(db: WorkspaceDb, caseId: string): Promise<EntityStats[]> {
  const rows = await db.entityStatBlocks.where('caseId').equals(caseId).toArray()
  rows.sort((x, y) => x.block - y.block)
  return rows.flatMap(decodeStatBlock)
}

/**
 * Replaces a case's statistics with these blocks (from encodeStatBlocks) and records the entity count; inside a
 * 'rw' transaction over db.entityStatBlocks and db.meta.
 */
export async function writeStatBlocks(db: WorkspaceDb, caseId: string, blocks: readonly EntityStatBlockRow[]): Promise<void> {
  await db.entityStatBlocks.where('caseId').equals(caseId).delete()
  if (blocks.length > 0) await db.entityStatBlocks.bulkPut([...blocks])
  await db.meta.put({ key: entityCountKey(caseId), value: String(blocks.reduce((n, b) => n + b.count, 0)) })
}

/** Entities in a case's statistics; inside a transaction over db.entityStatBlocks and db.meta. */
export async function caseEntityCount(db: WorkspaceDb, caseId: string): Promise<number> {
  const row = await db.meta.get(entityCountKey(caseId))
  if (row) return Number(row.value)
  // No count recorded: only a case without committed statistics, but sum the blocks rather than assume so.
  let n = 0
  await db.entityStatBlocks.where('caseId').equals(caseId).each((b) => (n += b.count))
  return n
}

/** Committed sources and visible events of a case; call inside a transaction over db.sources and db.mirrorLinks. */
export async function caseStoreCounts(db: WorkspaceDb, caseId: string): Promise<{ sources: number; events: number }> {
  const sources = await committedSources(db, caseId)
  const committed = new Set(sources.map((s) => s.id))
  const links = await db.mirrorLinks.where('caseId').equals(caseId).toArray()
  const hidden = links.filter((l) => committed.has(l.id)).reduce((n, l) => n + l.count, 0)
  return { sources: sources.length, events: sources.reduce((n, s) => n + s.eventCount, 0) - hidden }
}

/** Tables a case deletion must include in its transaction so deleteCaseStore can run inside it. */
export function caseStoreTables(db: WorkspaceDb) {
  return [db.sources, db.segments, db.segmentOriginals, db.entityRecords, db.entityStatBlocks, db.mirrorLinks, db.eventMarks, db.sourceFiles, db.analystEvents, db.entityResolutions, db.meta] as const
}

/**
 * Deletes a case's event store (segments, originals, statistics, links, marks, and file bytes no other case
 * uses). Run inside the case deletion's transaction, before the case's source rows are deleted.
 */
export async function deleteCaseStore(db: WorkspaceDb, caseId: string): Promise<Record<string, number>> {
  const shas = new Set((await db.sources.where('caseId').equals(caseId).toArray()).map((s) => s.sha256))
  let files = 0
  for (const sha of shas) {
    const users = await db.sources.filter((s) => s.sha256 === sha && s.caseId !== caseId).count()
    if (users === 0 && (await db.sourceFiles.get(sha))) {
      await db.sourceFiles.delete(sha)
      files++
    }
  }
  const removed = {
    segments: await db.segments.where('caseId').equals(caseId).delete(),
    segmentOriginals: await db.segmentOriginals.where('caseId').equals(caseId).delete(),
    entityRecords: await db.entityRecords.where('caseId').equals(caseId).delete(),
    entityStatBlocks: await db.entityStatBlocks.where('caseId').equals(caseId).delete(),
    mirrorLinks: await db.mirrorLinks.where('caseId').equals(caseId).delete(),
    eventMarks: await db.eventMarks.where('caseId').equals(caseId).delete(),
    analystEvents: await db.analystEvents.where('caseId').equals(caseId).delete(),
    entityResolutions: await db.entityResolutions.where('caseId').equals(caseId).delete(),
    sourceFiles: files
  }
  await db.meta.delete(storeVersionKey(caseId))
  await db.meta.delete(entityCountKey(caseId))
  return removed
}

// ---------------------------------------------------------------------------------------------------------------
// The repository.

export interface EventMark {
  readonly eventId: string
  readonly starred: boolean
  readonly tags: readonly string[]
  readonly note: string
  readonly updatedAt: number
}

export interface EventListItem extends EventSummary {
  readonly mark: EventMark | null
}

export interface EventListPage {
  readonly total: number
  readonly events: readonly EventListItem[]
}

export interface EventDetail {
  readonly event: EventSummary
  /** The record as imported, every original text included. */
  readonly record: WaymarkRecord
  /** Where the event was found: its own record first, then the other party's record of the same call. */
  readonly provenances: readonly Provenance[]
  /** The other half of a mirrored call: `duplicate` when this event is the visible one, `primary` when it is the hidden one. */
  readonly mirror: { readonly role: 'primary' | 'duplicate'; readonly event: EventSummary; readonly record: WaymarkRecord } | null
  readonly mark: EventMark | null
}

/** Entity statistics as the screens see them (where an entity is stored is not their business). */
export type EntitySummary = Omit<EntityStats, 'segments'>

export interface EntityStatsQuery {
  /** Exact keys, e.g. ['phone:+66812345678']. */
  readonly keys?: readonly string[]
  /** All keys starting with this, e.g. 'phone:' or 'imei:35693'. */
  readonly prefix?: string
  /** Most events first (default), or by key. */
  readonly orderBy?: 'events' | 'key'
  readonly offset?: number
  /** Default 100. */
  readonly limit?: number
}

export interface EntityStatsPage {
  readonly total: number
  readonly entities: readonly EntitySummary[]
}

export interface MarkPatch {
  readonly starred?: boolean
  readonly tags?: readonly string[]
  readonly note?: string
}

interface CaseCache {
  readonly version: string
  /** Committed import ids. */
  readonly imports: ReadonlySet<string>
  readonly importBySha: ReadonlyMap<string, string>
  readonly book: MirrorBook
  readonly segments: Map<string, IndexedSegment>
  allIds: string[] | null
  readonly originals: Map<string, SegmentOriginals>
  /** The case's entity statistics, decoded on first use. */
  stats: CaseStats | null
  /** Segments being read now, so a second caller (the timeline after an early prefetch) waits for the same read. */
  readonly reading: Map<string, Promise<void>>
  /** The statistics being decoded now and the pace they go at, so a second caller waits for them (and hurries them). */
  statsReading: { readonly done: Promise<CaseStats>; readonly pace: Pace | undefined } | null
}

/** How long decoding runs before it lets the page draw and handle input (a case opens while its tab's code loads). */
const DECODE_SLICE_MS = 25

/** Hands the thread back for a moment: `scheduler.yield` where the browser has it (no 4 ms timer clamp), else a timer. */
function yieldToPage(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  if (typeof scheduler?.yield === 'function') return scheduler.yield()
  return new Promise((resolve) => setTimeout(resolve, 0))
}

interface CaseStats {
  /** Sorted by key. */
  readonly sorted: readonly EntityStats[]
  readonly byKey: ReadonlyMap<string, EntityStats>
  /** Most events first, then by key; computed on first use. */
  byEvents: readonly EntityStats[] | null
}

/** Statistics with their by-key index made on first use: a table of every entity never asks for it. */
function caseStats(sorted: readonly EntityStats[]): CaseStats {
  let byKey: Map<string, EntityStats> | null = null
  return {
    sorted,
    get byKey() {
      return (byKey ??= new Map(sorted.map((s) => [s.key, s])))
    },
    byEvents: null
  }
}

function byEventsThenKey(x: EntityStats, y: EntityStats): number {
  return y.events - x.events || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)
}

function byKeyOrder(x: EntityStats, y: EntityStats): number {
  return x.key < y.key ? -1 : x.key > y.key ? 1 : 0
}

function summary(s: EntityStats): EntitySummary {
  const { segments: _segments, ...rest } = s
  return rest
}

/** Index of the first key ≥ `prefix` in key-sorted statistics. */
function lowerBound(sorted: readonly EntityStats[], prefix: string): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]!.key < prefix) lo = mid + 1
    else hi = mid
  }
  return lo
}

const ORIGINALS_CACHED = 8

function toMark(r: EventMarkRow): EventMark {
  return { eventId: r.eventId, starred: r.starred, tags: r.tags, note: r.note, updatedAt: r.updatedAt }
}

/**
 * Reads a case's committed events. Decoded segments are cached per case and dropped when an import commits or a
 * source is removed (any window or worker: the check is a version row in the database).
 */
export class EventStore {
  private readonly caches = new Map<string, CaseCache>()
  /** A case cache being made, so callers arriving together (a prefetch and the screen) share one. */
  private readonly opening = new Map<string, Promise<CaseCache>>()

  constructor(
    private readonly db: WorkspaceDb,
    private readonly now: () => number = Date.now,
    /** How many cases keep their decoded segments in memory. */
    private readonly casesCached = 2
  ) {}

  queryEvents(caseId: string, filter: EventFilter = {}): Promise<Result<EventListPage>> {
    return attempt(async () => {
      const { index } = await this.indexFor(caseId, filter)
      const page = index.query(filter)
      const marks = await this.marksFor(caseId, page.events.map((e) => e.id))
      return { total: page.total, events: page.events.map((e) => ({ ...e, mark: marks.get(e.id) ?? null })) }
    })
  }

  /** Visible events of the case (mirrored calls once), or those a filter matches. */
  countEvents(caseId: string, filter?: EventFilter): Promise<Result<number>> {
    return attempt(async () => {
      if (!filter || Object.keys(filter).length === 0) {
        const db = this.db
        return db.transaction('r', db.sources, db.mirrorLinks, async () => (await caseStoreCounts(db, caseId)).events)
      }
      const { index } = await this.indexFor(caseId, filter)
      return index.count(filter)
    })
  }

  /**
   * The decoded segments a filter needs (only those its entities occur in, when it names entities), with their
   * mirror masks, for analyses that run over the columns (timeline density, contacts, handset swaps). Shared with
   * the cache and immutable: callers must not modify them.
   */
  segments(caseId: string, filter: EventFilter = {}): Promise<Result<readonly IndexedSegment[]>> {
    return attempt(async () => (await this.indexFor(caseId, filter, true)).segments)
  }

  getEvent(caseId: string, eventId: string): Promise<Result<EventDetail | null>> {
    return attempt(async () => {
      const parsed = parseEventId(eventId)
      if (!parsed) return null
      const cache = await this.cacheFor(caseId)
      const importId = cache.importBySha.get(parsed.sourceId)
      if (!importId) return null
      const ids = (await this.db.segments.where('sourceId').equals(importId).primaryKeys()) as string[]
      const segs = await this.load(cache, ids)
      const index = new EventIndex(segs)
      const ref = index.find(parsed.sourceId, parsed.sheet, parsed.row)
      if (!ref) return null
      const own = await this.recordAt(cache, ref)
      const partner = cache.book.partner(ref)
      let mirror: EventDetail['mirror'] = null
      if (partner) {
        const other = await this.recordAt(cache, partner.ref)
        mirror = { role: partner.primary ? 'primary' : 'duplicate', event: other.event, record: other.record }
      }
      const marks = await this.marksFor(caseId, [eventId])
      return {
        event: own.event,
        record: own.record,
        provenances: mirror ? [own.record.provenance, mirror.record.provenance] : [own.record.provenance],
        mirror,
        mark: marks.get(eventId) ?? null
      }
    })
  }

  entityStats(caseId: string, query: EntityStatsQuery = {}): Promise<Result<EntityStatsPage>> {
    return attempt(async () => {
      const stats = await this.statsFor(caseId)
      const byEvents = (query.orderBy ?? 'events') === 'events'
      let picked: readonly EntityStats[]
      if (query.keys) {
        picked = query.keys.map((k) => stats.byKey.get(k)).filter((s): s is EntityStats => s !== undefined)
        picked = [...picked].sort(byEvents ? byEventsThenKey : byKeyOrder)
      } else if (query.prefix !== undefined) {
        const prefix = query.prefix
        const out: EntityStats[] = []
        for (let i = lowerBound(stats.sorted, prefix); i < stats.sorted.length && stats.sorted[i]!.key.startsWith(prefix); i++) out.push(stats.sorted[i]!)
        picked = byEvents ? out.sort(byEventsThenKey) : out
      } else if (byEvents) {
        picked = stats.byEvents ??= [...stats.sorted].sort(byEventsThenKey)
      } else {
        picked = stats.sorted
      }
      const offset = Math.max(0, query.offset ?? 0)
      const limit = Math.max(0, query.limit ?? 100)
      return { total: picked.length, entities: picked.slice(offset, offset + limit).map(summary) }
    })
  }

  /**
   * Every entity's statistics, sorted by key, as decoded (segments included): shared with the cache and immutable.
   * For screens that take all of them (the entity tables); entityStats copies each into a summary.
   */
  allEntityStats(caseId: string, pace?: Pace): Promise<Result<readonly EntityStats[]>> {
    return attempt(async () => (await this.statsFor(caseId, undefined, pace)).sorted)
  }

  getMarks(caseId: string, eventIds?: readonly string[]): Promise<Result<EventMark[]>> {
    return attempt(async () => {
      if (eventIds) return [...(await this.marksFor(caseId, eventIds)).values()]
      return (await this.db.eventMarks.where('caseId').equals(caseId).toArray()).map(toMark)
    })
  }

  /** Stars, tags or annotates one event; audited. The event must exist among the case's committed events. */
  setMark(caseId: string, eventId: string, patch: MarkPatch): Promise<Result<EventMark>> {
    return attempt(async () => {
      const exists = await this.getEvent(caseId, eventId)
      if (!exists.ok) throw new UserProblem(exists.problem)
      if (!exists.value) {
        throw new UserProblem({ kind: 'not-found', message: 'That event is no longer in the case (its source may have been removed).', action: 'Reload the timeline.', detail: `event ${eventId}` })
      }
      const db = this.db
      return db.transaction('rw', [db.eventMarks, db.audit, db.meta], async () => {
        const prev = await db.eventMarks.get([caseId, eventId])
        const row: EventMarkRow = {
          caseId,
          eventId,
          starred: patch.starred ?? prev?.starred ?? false,
          tags: [...(patch.tags ?? prev?.tags ?? [])].map((t) => t.normalize('NFC').trim()).filter(Boolean),
          note: (patch.note ?? prev?.note ?? '').normalize('NFC'),
          updatedAt: this.now()
        }
        await db.eventMarks.put(row)
        await appendAudit(db, caseId, 'event.marked', { eventId, starred: row.starred, tags: row.tags, note: row.note }, row.updatedAt)
        return toMark(row)
      })
    })
  }

  /**
   * Starts reading and decoding every segment of a case into the cache, for a screen about to ask for them (the
   * timeline, as soon as the URL names it, while its code still loads). A later `segments` call waits for this read
   * instead of starting another. Problems are left for that call to report.
   */
  prefetch(caseId: string): Promise<void> {
    return this.segments(caseId).then(() => undefined)
  }

  /** Drops cached segments (all cases when no id is given). */
  invalidate(caseId?: string): void {
    if (caseId === undefined) this.caches.clear()
    else this.caches.delete(caseId)
  }

  private async marksFor(caseId: string, ids: readonly string[]): Promise<Map<string, EventMark>> {
    if (ids.length === 0) return new Map()
    const rows = await this.db.eventMarks.bulkGet(ids.map((id) => [caseId, id] as [string, string]))
    const out = new Map<string, EventMark>()
    for (const r of rows) if (r) out.set(r.eventId, toMark(r))
    return out
  }

  private async cacheFor(caseId: string): Promise<CaseCache> {
    const db = this.db
    const version = await readStoreVersion(db, caseId)
    const cached = this.caches.get(caseId)
    if (cached && cached.version === version) {
      // Most recently used last, so the eviction below drops the oldest case.
      this.caches.delete(caseId)
      this.caches.set(caseId, cached)
      return cached
    }
    // Another caller is making this case's cache: share it when it is of the version just read (two caches of one
    // case would read its segments twice, and the first would be dropped with what it had read).
    const pending = this.opening.get(caseId)
    if (pending) {
      const shared = await pending
      if (shared.version === version && this.caches.get(caseId) === shared) return shared
    }
    const making = this.openCache(caseId)
    this.opening.set(caseId, making)
    const forget = (): void => {
      if (this.opening.get(caseId) === making) this.opening.delete(caseId)
    }
    making.then(forget, forget)
    return making
  }

  private async openCache(caseId: string): Promise<CaseCache> {
    const db = this.db
    const fresh = await db.transaction('r', [db.sources, db.mirrorLinks, db.meta], async () => {
      const v = await readStoreVersion(db, caseId)
      const sources = await committedSources(db, caseId)
      const imports = new Set(sources.map((s) => s.id))
      const linkRows = (await db.mirrorLinks.where('caseId').equals(caseId).toArray()).filter((r) => imports.has(r.id))
      const book = new MirrorBook(linkRows.flatMap(linksOfRow), (segmentId) => imports.has(importIdOfSegment(segmentId)))
      const cache: CaseCache = {
        version: v,
        imports,
        importBySha: new Map(sources.map((s) => [s.sha256, s.id])),
        book,
        segments: new Map(),
        allIds: null,
        originals: new Map(),
        stats: null,
        reading: new Map(),
        statsReading: null
      }
      return cache
    })
    this.caches.delete(caseId)
    this.caches.set(caseId, fresh)
    while (this.caches.size > this.casesCached) this.caches.delete(this.caches.keys().next().value!)
    return fresh
  }

  /**
   * The case's entity statistics, decoded once per store version. With a `pace` (a warm-up in the background) the
   * blocks are decoded one at a time with a pause between them; callers arriving meanwhile share the same decode.
   */
  private async statsFor(caseId: string, known?: CaseCache, pace?: Pace): Promise<CaseStats> {
    // A caller that has just checked the cache's version hands it over: one database round trip less.
    const cache = known ?? (await this.cacheFor(caseId))
    if (cache.stats) return cache.stats
    const pending = cache.statsReading
    if (pending) {
      // Whoever is not itself in the background is waiting on screen for these statistics: no more pauses.
      if (pending.pace && (!pace || pace.urgent)) pending.pace.hurry()
      return pending.done
    }
    const done = this.decodeStats(caseId, cache, pace)
    cache.statsReading = { done, pace }
    const forget = (): void => {
      if (cache.statsReading?.done === done) cache.statsReading = null
    }
    done.then(forget, forget)
    return done
  }

  private async decodeStats(caseId: string, cache: CaseCache, pace: Pace | undefined): Promise<CaseStats> {
    const db = this.db
    const read = await db.transaction('r', [db.entityStatBlocks, db.meta], async () => ({
      version: await readStoreVersion(db, caseId),
      blocks: pace ? await db.entityStatBlocks.where('caseId').equals(caseId).toArray() : null,
      sorted: pace ? null : await readCaseStats(db, caseId)
    }))
    let sorted = read.sorted
    if (read.blocks) {
      // The same decode as readCaseStats, a block (10,000 entities) at a time.
      read.blocks.sort((x, y) => x.block - y.block)
      sorted = []
      for (const block of read.blocks) {
        await paceStep(pace)
        for (const s of decodeStatBlock(block)) sorted.push(s)
      }
    }
    const stats = caseStats(sorted ?? [])
    // Statistics of a newer version than the cache are right for this call but must not be kept under the old one.
    if (read.version === cache.version) cache.stats = stats
    return stats
  }

  /** `exact`: only the segments the filter's entities occur in (for callers that scan what they are handed). */
  private async indexFor(caseId: string, filter: EventFilter, exact = false): Promise<{ index: EventIndex; cache: CaseCache; segments: IndexedSegment[] }> {
    const cache = await this.cacheFor(caseId)
    let ids: string[]
    if (!exact && filter.entities && filter.entities.length > 0 && cache.allIds && cache.allIds.every((id) => this.indexed(cache, id))) {
      // Every segment is decoded and indexed already (the timeline does it while idle): their postings find the
      // entity's events at once, so the query does not wait for the statistics to be decoded.
      ids = cache.allIds
    } else if (filter.entities && filter.entities.length > 0) {
      // Only the segments the entities occur in: their statistics list them.
      const stats = await this.statsFor(caseId, cache)
      ids = [...new Set(filter.entities.flatMap((k) => stats.byKey.get(k)?.segments ?? []))]
    } else {
      if (!cache.allIds) cache.allIds = (await this.db.segments.where('caseId').equals(caseId).primaryKeys()) as string[]
      ids = cache.allIds
    }
    const segments = await this.load(cache, ids)
    return { index: new EventIndex(segments), cache, segments }
  }

  /** Whether a segment is decoded with its entity postings built, or is not a committed one (so not needed). */
  private indexed(cache: CaseCache, id: string): boolean {
    const s = cache.segments.get(id)
    return s ? hasEntityPostings(s.segment) : !cache.imports.has(importIdOfSegment(id))
  }

  /** Decoded segments of committed imports, from the cache or the database. */
  private async load(cache: CaseCache, ids: readonly string[]): Promise<IndexedSegment[]> {
    const wanted = ids.filter((id) => cache.imports.has(importIdOfSegment(id)))
    const waits: Promise<void>[] = []
    const missing: string[] = []
    for (const id of wanted) {
      if (cache.segments.has(id)) continue
      const reading = cache.reading.get(id)
      if (reading) waits.push(reading)
      else missing.push(id)
    }
    if (missing.length > 0) {
      const read = this.read(cache, missing)
      for (const id of missing) cache.reading.set(id, read)
      const done = (): void => {
        for (const id of missing) if (cache.reading.get(id) === read) cache.reading.delete(id)
      }
      read.then(done, done)
      waits.push(read)
    }
    await Promise.all(waits)
    return wanted.map((id) => cache.segments.get(id)).filter((s): s is IndexedSegment => s !== undefined)
  }

  /** Reads segments in one request and decodes them in slices that leave the page free to draw between them. */
  private async read(cache: CaseCache, ids: readonly string[]): Promise<void> {
    const rows = await this.db.segments.bulkGet([...ids])
    let sliceStart = performance.now()
    for (const row of rows) {
      if (!row) continue
      if (performance.now() - sliceStart > DECODE_SLICE_MS) {
        await yieldToPage()
        sliceStart = performance.now()
      }
      const segment = deserialiseSegment(row.columns)
      cache.segments.set(row.id, {
        id: row.id,
        segment,
        hidden: cache.book.hiddenMask(row.id, segment.count),
        mirrored: cache.book.mirroredMask(row.id, segment.count)
      })
    }
  }

  private async recordAt(cache: CaseCache, ref: EventRef): Promise<{ event: EventSummary; record: WaymarkRecord }> {
    const [seg] = await this.load(cache, [ref.segment])
    if (!seg) throw new UserProblem({ kind: 'not-found', message: 'Part of this event’s data is missing from the workspace.', action: 'Reload the case; if it persists, remove and re-import the source.', detail: `segment ${ref.segment}` })
    let originals = cache.originals.get(ref.segment)
    if (!originals) {
      const row = await this.db.segmentOriginals.get(ref.segment)
      if (!row) throw new UserProblem({ kind: 'not-found', message: 'The original texts of this event are missing from the workspace.', action: 'Remove and re-import the source to restore them.', detail: `originals ${ref.segment}` })
      originals = deserialiseOriginals(row.originals)
      cache.originals.set(ref.segment, originals)
      while (cache.originals.size > ORIGINALS_CACHED) cache.originals.delete(cache.originals.keys().next().value!)
    }
    const event = new EventIndex([seg]).summary(ref)!
    const record = decodeRecord(seg.segment, originals, ref.index)
    return { event, record }
  }
}
