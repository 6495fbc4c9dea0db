// In-memory query engine over many segments: filter by time range, entity (in any role), kind, text, source and
// flags; results in time order with offset and limit, and counts. Works on whatever segments it is handed, so the
// caller decides which to load (all of a case's, or only those an entity appears in).
import { lowerBound } from '../sorted'
import { entityKeyParts } from './entityKeys'
import { entityPostings, eventsWithCodes, hasEntityPostings } from './entityIndex'
import {
  DIRECTIONS,
  ENTITY_COLUMNS,
  EVENT_KINDS,
  FLAG_BITS,
  eventId,
  flagNames,
  parseEventId,
  kindCode,
  kindName,
  type DirectionName,
  type EntityColumn,
  type EventKindName,
  type FlagName,
  type Segment
} from './segment'

export interface IndexedSegment {
  /** Unique among the segments handed to one index (the workspace's segment row id). */
  readonly id: string
  readonly segment: Segment
  /** 1 = a mirror duplicate, shown through its partner: left out of results and counts. */
  readonly hidden?: Uint8Array | undefined
  /** 1 = this event stands for two records (the same call in both parties' CDRs). */
  readonly mirrored?: Uint8Array | undefined
}

export interface EventFilter {
  /** Inclusive start, UTC ms. A time range never includes undated events. */
  readonly from?: number
  /** Exclusive end, UTC ms. */
  readonly to?: number
  /** Entity keys; an event matches when any of them appears in any role (or in `roles`, when given). */
  readonly entities?: readonly string[]
  readonly roles?: readonly EntityColumn[]
  readonly kinds?: readonly EventKindName[]
  /** Case-insensitive substring of an event's text or of any entity's value (a number, a name, an IMEI). */
  readonly text?: string
  /** Source ids (file SHA-256) to restrict to. */
  readonly sources?: readonly string[]
  /** Only events carrying at least one of these flags. */
  readonly flags?: readonly FlagName[]
  /**
   * Only these events (stable ids `${sourceId}:${sheet}:${row}`), e.g. the starred or tagged ones; an empty list
   * matches nothing. Malformed ids are ignored.
   */
  readonly ids?: readonly string[]
  /** Undated events (transfers or events without a date) are listed after the dated ones; default true. */
  readonly includeUndated?: boolean
  /** List mirror duplicates too (normally they are shown only through their partner). */
  readonly includeMirrorDuplicates?: boolean
  readonly order?: 'asc' | 'desc'
  readonly offset?: number
  /** Default 100. */
  readonly limit?: number
}

export interface EventSummary {
  /** Stable id: `${sourceId}:${sheet}:${row}`. */
  readonly id: string
  readonly sourceId: string
  readonly fileName: string
  readonly sheet: string
  readonly row: number
  /** UTC ms; null when the record has no date. */
  readonly at: number | null
  readonly zone: string
  readonly kind: EventKindName
  readonly direction: DirectionName
  readonly durationS: number | null
  /** Entity keys by role; a role the event does not have is absent. */
  readonly parties: Readonly<Partial<Record<EntityColumn, string>>>
  readonly text: string
  readonly flags: readonly FlagName[]
  /** The same call was found in the other party's records too; both provenances are on the event. */
  readonly mirrored: boolean
  /** This record is the hidden second half of a mirrored call (only listed with includeMirrorDuplicates). */
  readonly mirrorDuplicate: boolean
}

export interface EventPage {
  /** All matching events, not only this page. */
  readonly total: number
  readonly events: readonly EventSummary[]
}

export interface EventRef {
  readonly segment: string
  readonly index: number
}

/** One segment's matches: the listed indexes, or (idx null) every event in [lo, hi) but those `skip` marks 1. */
export interface MatchSpan {
  readonly segment: IndexedSegment
  readonly lo: number
  readonly hi: number
  readonly skip: Uint8Array | null
  readonly idx: Uint32Array | null
}

const DEFAULT_LIMIT = 100
/** Offsets beyond this start the merge by time (see EventIndex.jumpTo) instead of walking every earlier event. */
const JUMP_AFTER = 2_000

interface Prepared {
  readonly lo: number
  readonly hi: number
  readonly kindMask: Uint8Array | null
  readonly flagMask: number
  /** Per dictionary code: 1 when the code is a wanted entity key (for a test per event: roles restricted, or no postings). */
  readonly entityMask: Uint8Array | null
  /**
   * The events in [lo, hi) that carry a wanted entity in any role, ascending (from the segment's postings): the only
   * events an entity filter needs to look at. Null without an entity filter, or before the postings are built.
   */
  readonly candidates: Uint32Array | null
  readonly roleColumns: readonly Uint32Array[]
  /** The entity may be in any role (no `roles` in the filter). */
  readonly anyRole: boolean
  /** Per dictionary code: 1 when the text matches as event text / as an entity value. */
  readonly textMask: Uint8Array | null
  readonly keyMask: Uint8Array | null
  /** sheet code × 2^32 + row of the wanted events of this segment (the `ids` filter). */
  readonly idSet: Set<number> | null
}

const ROW_SPAN = 4_294_967_296

// Parsed `ids` filters, per filter list (a filter is reused across every segment of a query).
const parsedIds = new WeakMap<readonly string[], Map<string, { sheet: string; row: number }[]>>()

function idsBySource(ids: readonly string[]): Map<string, { sheet: string; row: number }[]> {
  let m = parsedIds.get(ids)
  if (!m) {
    m = new Map()
    for (const id of ids) {
      const p = parseEventId(id)
      if (!p) continue
      let list = m.get(p.sourceId)
      if (!list) m.set(p.sourceId, (list = []))
      list.push({ sheet: p.sheet, row: p.row })
    }
    parsedIds.set(ids, m)
  }
  return m
}

// Per-segment derived data reused across queries (segments are immutable).
const lowerDicts = new WeakMap<Segment, { text: string[]; value: string[] }>()

function lowered(seg: Segment): { text: string[]; value: string[] } {
  let l = lowerDicts.get(seg)
  if (!l) {
    const text = seg.dict.map((s) => s.normalize('NFC').toLowerCase())
    l = { text, value: seg.dict.map((s, i) => (s.includes(':') ? entityKeyParts(text[i]!).value : text[i]!)) }
    lowerDicts.set(seg, l)
  }
  return l
}

function prepare(seg: Segment, f: EventFilter): Prepared | null {
  let lo = 0
  let hi = f.includeUndated === false ? seg.datedCount : seg.count
  const hasRange = f.from !== undefined || f.to !== undefined
  if (hasRange) {
    if (seg.datedCount === 0) return null
    if (f.from !== undefined && seg.maxAt < f.from) return null
    if (f.to !== undefined && seg.minAt >= f.to) return null
    lo = f.from === undefined ? 0 : lowerBound(seg.at, f.from, 0, seg.datedCount)
    hi = f.to === undefined ? seg.datedCount : lowerBound(seg.at, f.to, 0, seg.datedCount)
  }
  if (lo >= hi) return null

  let kindMask: Uint8Array | null = null
  if (f.kinds) {
    kindMask = new Uint8Array(EVENT_KINDS.length + 1)
    for (const k of f.kinds) kindMask[kindCode(k)] = 1
  }
  let flagMask = 0
  for (const name of f.flags ?? []) flagMask |= FLAG_BITS[name]

  let idSet: Set<number> | null = null
  if (f.ids) {
    const wanted = idsBySource(f.ids).get(seg.sourceId)
    if (!wanted) return null
    idSet = new Set()
    for (const w of wanted) {
      const code = seg.dict.indexOf(w.sheet)
      if (code >= 0) idSet.add(code * ROW_SPAN + w.row)
    }
    if (idSet.size === 0) return null
  }

  const roles = f.roles ?? ENTITY_COLUMNS
  const roleColumns = roles.map((r) => seg[r])
  let entityMask: Uint8Array | null = null
  let candidates: Uint32Array | null = null
  if (f.entities) {
    const codes: number[] = []
    if (f.entities.length <= 8) {
      // A plain scan per key beats hashing every dictionary string for the usual one or two keys.
      for (const key of f.entities) {
        const code = key === '' ? -1 : seg.dict.indexOf(key)
        if (code > 0) codes.push(code)
      }
    } else {
      const wanted = new Set(f.entities)
      seg.dict.forEach((s, code) => {
        if (code !== 0 && wanted.has(s)) codes.push(code)
      })
    }
    if (codes.length === 0) return null
    // Postings are built ahead, when the page is idle (buildPostingsWhile): building them here would cost twice a
    // plain scan of the columns, so a segment without them yet is scanned.
    if (hasEntityPostings(seg)) {
      candidates = eventsWithCodes(entityPostings(seg), codes, lo, hi)
      if (candidates.length === 0) return null
    }
    // The postings cover every role; a filter on some roles (or a scan) tests each event's role columns.
    if (f.roles || !candidates) {
      entityMask = new Uint8Array(seg.dict.length)
      for (const c of codes) entityMask[c] = 1
    }
  }

  let textMask: Uint8Array | null = null
  let keyMask: Uint8Array | null = null
  const q = f.text?.normalize('NFC').trim().toLowerCase()
  if (q) {
    const l = lowered(seg)
    textMask = new Uint8Array(seg.dict.length)
    keyMask = new Uint8Array(seg.dict.length)
    let any = false
    for (let code = 1; code < seg.dict.length; code++) {
      if (l.text[code]!.includes(q)) {
        textMask[code] = 1
        any = true
      }
      if (l.value[code]!.includes(q)) {
        keyMask[code] = 1
        any = true
      }
    }
    if (!any) return null
  }
  return { lo, hi, kindMask, flagMask, entityMask, candidates, roleColumns, anyRole: !f.roles, textMask, keyMask, idSet }
}

function matches(seg: Segment, p: Prepared, i: number): boolean {
  if (p.kindMask && p.kindMask[seg.kind[i]!] !== 1) return false
  if (p.flagMask !== 0 && (seg.flags[i]! & p.flagMask) === 0) return false
  if (p.idSet && !p.idSet.has(seg.sheet[i]! * ROW_SPAN + seg.row[i]!)) return false
  if (p.entityMask) {
    let hit = false
    for (const col of p.roleColumns) {
      if (p.entityMask[col[i]!] === 1) {
        hit = true
        break
      }
    }
    if (!hit) return false
  }
  if (p.textMask && p.keyMask) {
    if (p.textMask[seg.text[i]!] !== 1) {
      let hit = false
      for (const name of ENTITY_COLUMNS) {
        if (p.keyMask[seg[name][i]!] === 1) {
          hit = true
          break
        }
      }
      if (!hit) return false
    }
  }
  return true
}

/**
 * The indexes of the events of one segment that match, ascending. Walks the entity postings' candidates when the
 * filter names entities, else the time range; a plain range with nothing to test per event skips the tests.
 */
function collect(s: IndexedSegment, p: Prepared, filter: EventFilter): Uint32Array {
  const seg = s.segment
  const hidden = filter.includeMirrorDuplicates ? undefined : s.hidden
  const every = !p.kindMask && p.flagMask === 0 && !p.entityMask && !p.textMask && !p.idSet
  const cand = p.candidates
  if (cand) {
    if (every && !hidden) return cand
    const out = new Uint32Array(cand.length)
    let n = 0
    for (let k = 0; k < cand.length; k++) {
      const i = cand[k]!
      if (!(hidden && hidden[i] === 1) && (every || matches(seg, p, i))) out[n++] = i
    }
    return n === out.length ? out : out.slice(0, n)
  }
  const out = new Uint32Array(p.hi - p.lo)
  let n = 0
  if (p.entityMask && p.anyRole && !p.kindMask && p.flagMask === 0 && !p.textMask && !p.idSet) {
    // An entity in any role and nothing else (the timeline's filter to one phone, before the postings are built): one
    // tight pass over the seven columns, several times faster than the general test per event.
    const m = p.entityMask
    const { a, b, aAlt, bAlt, imei, imsi, cell } = seg
    for (let i = p.lo; i < p.hi; i++) {
      if (hidden && hidden[i] === 1) continue
      if (m[a[i]!]! | m[b[i]!]! | m[aAlt[i]!]! | m[bAlt[i]!]! | m[imei[i]!]! | m[imsi[i]!]! | m[cell[i]!]!) out[n++] = i
    }
  } else if (every && !hidden) {
    for (let i = p.lo; i < p.hi; i++) out[n++] = i
  } else if (every) {
    for (let i = p.lo; i < p.hi; i++) if (hidden![i] !== 1) out[n++] = i
  } else {
    for (let i = p.lo; i < p.hi; i++) if (!(hidden && hidden[i] === 1) && matches(seg, p, i)) out[n++] = i
  }
  return n === out.length ? out : out.slice(0, n)
}

// The last few filters' matches per segment (segments and their mirror masks are immutable): the event table asks for
// page after page of one filter, and each page would otherwise test every event again.
const matchCache = new WeakMap<IndexedSegment, { key: string; idx: Uint32Array | null }[]>()
const MATCHES_CACHED = 3

/** What decides a segment's matches (not the page, the order or the sources, which pick segments); null: not cached. */
function matchKey(f: EventFilter): string | null {
  if (f.ids && f.ids.length > 1_000) return null
  return JSON.stringify([f.from ?? null, f.to ?? null, f.entities ?? null, f.roles ?? null, f.kinds ?? null, f.text ?? null, f.flags ?? null, f.ids ?? null, f.includeUndated ?? true, f.includeMirrorDuplicates ?? false])
}

/** A segment's matches, ascending (null: none can match); shared with the cache, so callers must not modify them. */
function matchesOf(s: IndexedSegment, filter: EventFilter, key: string | null): Uint32Array | null {
  let cached = key === null ? undefined : matchCache.get(s)
  const hit = cached?.find((e) => e.key === key)
  if (hit) return hit.idx
  const p = prepare(s.segment, filter)
  const idx = p ? collect(s, p, filter) : null
  if (key !== null) {
    if (!cached) matchCache.set(s, (cached = []))
    cached.unshift({ key, idx })
    if (cached.length > MATCHES_CACHED) cached.length = MATCHES_CACHED
  }
  return idx
}

export class EventIndex {
  private readonly segments: IndexedSegment[]
  private readonly byId = new Map<string, number>()

  constructor(segments: Iterable<IndexedSegment>) {
    this.segments = [...segments]
    this.segments.forEach((s, i) => {
      if (this.byId.has(s.id)) throw new Error(`EventIndex: segment id ${s.id} given twice`)
      this.byId.set(s.id, i)
    })
  }

  get size(): number {
    return this.segments.length
  }

  /** Number of events the filter matches (offset and limit are ignored). */
  count(filter: EventFilter = {}): number {
    let total = 0
    const key = matchKey(filter)
    for (const s of this.candidates(filter)) total += matchesOf(s, filter, key)?.length ?? 0
    return total
  }

  /**
   * Per segment, the indexes of the events the filter matches (in the segment's order: time, undated last), for
   * column-level work such as the timeline's density and glyphs; offset, limit and order are ignored. The arrays may
   * be shared (cached matches, entity postings): read them, never write them.
   */
  matchIndexes(filter: EventFilter = {}): { segment: IndexedSegment; idx: Uint32Array }[] {
    const out: { segment: IndexedSegment; idx: Uint32Array }[] = []
    const key = matchKey(filter)
    for (const s of this.candidates(filter)) {
      const idx = matchesOf(s, filter, key)
      if (idx && idx.length > 0) out.push({ segment: s, idx })
    }
    return out
  }

  /**
   * Like matchIndexes, but a segment whose matches need no test per event (a plain time range) comes as its span
   * [lo, hi) with the mirror duplicates to pass over (`skip`, 1 = left out), not as an index list: nothing is copied.
   */
  matchSpans(filter: EventFilter = {}): MatchSpan[] {
    const out: MatchSpan[] = []
    for (const s of this.candidates(filter)) {
      const p = prepare(s.segment, filter)
      if (!p) continue
      const every = !p.kindMask && p.flagMask === 0 && !p.entityMask && !p.textMask && !p.idSet && !p.candidates
      if (every) out.push({ segment: s, lo: p.lo, hi: p.hi, skip: (filter.includeMirrorDuplicates ? undefined : s.hidden) ?? null, idx: null })
      else {
        const idx = collect(s, p, filter)
        if (idx.length > 0) out.push({ segment: s, lo: 0, hi: 0, skip: null, idx })
      }
    }
    return out
  }

  /** One page of matching events in time order (ties by source, sheet and row), and the total. */
  query(filter: EventFilter = {}): EventPage {
    const { total, refs } = this.queryRefs(filter)
    return { total, events: refs.map((r) => this.summary(r)!) }
  }

  queryRefs(filter: EventFilter = {}): { total: number; refs: EventRef[] } {
    const desc = filter.order === 'desc'
    const offset = Math.max(0, Math.floor(filter.offset ?? 0))
    const limit = Math.max(0, Math.floor(filter.limit ?? DEFAULT_LIMIT))
    const lists: { seg: number; idx: Uint32Array }[] = []
    let total = 0
    const key = matchKey(filter)
    for (const s of this.candidates(filter)) {
      let idx = matchesOf(s, filter, key)
      if (!idx) continue
      const n = idx.length
      if (n === 0) continue
      total += n
      if (desc) {
        // Reversed in place below: a copy, never the cached matches or the postings themselves.
        idx = idx.slice()
        // Newest first among dated events; undated ones stay after them, in file order.
        let dated = 0
        while (dated < n && idx[dated]! < s.segment.datedCount) dated++
        idx.subarray(0, dated).reverse()
      }
      lists.push({ seg: this.byId.get(s.id)!, idx })
    }
    const want = offset + limit
    if (limit === 0 || offset >= total) return { total, refs: [] }
    const refs: EventRef[] = []
    // A page deep in the list (the table scrolled to row 500,000) starts where its time starts, not at the first event.
    const start = !desc && offset > JUMP_AFTER ? this.jumpTo(lists, offset) : null
    this.merge(
      lists,
      desc,
      Math.min(want, total),
      (seg, i, k) => {
        if (k >= offset) refs.push({ segment: this.segments[seg]!.id, index: i })
      },
      start
    )
    return { total, refs }
  }

  /**
   * Where the ascending merge can start for a page at `offset`: per list, the first event at or after the latest whole
   * millisecond t with fewer than `offset` + 1 events before it, and how many events come before t. Every event before t
   * precedes every event from t on, so the merge skips them without visiting; it then walks at most the events of one
   * millisecond to reach `offset`. Undated events sort last, so an offset past the dated ones starts at the undated.
   */
  private jumpTo(lists: readonly { seg: number; idx: Uint32Array }[], offset: number): { pos: Uint32Array; rank: number } {
    const ats = lists.map((l) => this.segments[l.seg]!.segment.at)
    const firstAt = (x: number, t: number): number => {
      const idx = lists[x]!.idx
      const at = ats[x]!
      let lo = 0
      let hi = idx.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        // Undated (NaN) never compares below t: they stay after every dated event.
        if (at[idx[mid]!]! < t) lo = mid + 1
        else hi = mid
      }
      return lo
    }
    const before = (t: number): number => {
      let n = 0
      for (let x = 0; x < lists.length; x++) n += firstAt(x, t)
      return n
    }
    let lo = Infinity
    let hi = -Infinity
    for (let x = 0; x < lists.length; x++) {
      const { idx } = lists[x]!
      const at = ats[x]!
      const a = at[idx[0]!]!
      if (a < lo) lo = a
      const d = firstAt(x, Infinity)
      if (d > 0 && at[idx[d - 1]!]! > hi) hi = at[idx[d - 1]!]!
    }
    if (!(hi >= lo)) return { pos: new Uint32Array(lists.length), rank: 0 }
    // Largest whole t in [floor(lo), floor(hi) + 1] with before(t) ≤ offset; before(floor(lo)) = 0 always qualifies.
    let a = Math.floor(lo)
    let b = Math.floor(hi) + 1
    while (a < b) {
      const mid = a + Math.ceil((b - a) / 2)
      if (before(mid) <= offset) a = mid
      else b = mid - 1
    }
    const pos = new Uint32Array(lists.length)
    let rank = 0
    for (let x = 0; x < lists.length; x++) {
      pos[x] = firstAt(x, a)
      rank += pos[x]!
    }
    return { pos, rank }
  }

  summary(ref: EventRef): EventSummary | null {
    const si = this.byId.get(ref.segment)
    if (si === undefined) return null
    const s = this.segments[si]!
    const seg = s.segment
    const i = ref.index
    if (i < 0 || i >= seg.count) return null
    const parties: Partial<Record<EntityColumn, string>> = {}
    for (const col of ENTITY_COLUMNS) {
      const code = seg[col][i]!
      if (code !== 0) parties[col] = seg.dict[code]!
    }
    const at = seg.at[i]!
    const d = seg.durationS[i]!
    const sheet = seg.dict[seg.sheet[i]!] ?? ''
    const row = seg.row[i]!
    return {
      id: eventId(seg.sourceId, sheet, row),
      sourceId: seg.sourceId,
      fileName: seg.fileName,
      sheet,
      row,
      at: Number.isNaN(at) ? null : at,
      zone: seg.dict[seg.zone[i]!] ?? '',
      kind: kindName(seg.kind[i]!),
      direction: DIRECTIONS[seg.direction[i]!] ?? 'unknown',
      durationS: Number.isNaN(d) ? null : d,
      parties,
      text: seg.dict[seg.text[i]!] ?? '',
      flags: flagNames(seg.flags[i]!),
      mirrored: s.mirrored?.[i] === 1,
      mirrorDuplicate: s.hidden?.[i] === 1
    }
  }

  /** Finds an event by its stable id parts, or null. */
  find(sourceId: string, sheet: string, row: number): EventRef | null {
    for (const s of this.segments) {
      const seg = s.segment
      if (seg.sourceId !== sourceId) continue
      const sheetCode = seg.dict.indexOf(sheet)
      if (sheetCode < 0) continue
      for (let i = 0; i < seg.count; i++) if (seg.row[i] === row && seg.sheet[i] === sheetCode) return { segment: s.id, index: i }
    }
    return null
  }

  private *candidates(filter: EventFilter): Iterable<IndexedSegment> {
    const sources = filter.sources ? new Set(filter.sources) : null
    for (const s of this.segments) if (!sources || sources.has(s.segment.sourceId)) yield s
  }

  /** k-way merge of per-segment sorted lists through a binary heap: O(k log S) for the first k results. */
  private merge(
    lists: readonly { seg: number; idx: Uint32Array }[],
    desc: boolean,
    take: number,
    emit: (seg: number, index: number, k: number) => void,
    start: { pos: Uint32Array; rank: number } | null = null
  ): void {
    const pos = start ? start.pos : new Uint32Array(lists.length)
    const heap: number[] = []
    const before = (x: number, y: number): boolean => {
      const lx = lists[x]!
      const ly = lists[y]!
      return this.compare(lx.seg, lx.idx[pos[x]!]!, ly.seg, ly.idx[pos[y]!]!, desc) < 0
    }
    const up = (k: number): void => {
      while (k > 0) {
        const parent = (k - 1) >> 1
        if (!before(heap[k]!, heap[parent]!)) break
        ;[heap[k], heap[parent]] = [heap[parent]!, heap[k]!]
        k = parent
      }
    }
    const down = (k: number): void => {
      for (;;) {
        const l = 2 * k + 1
        const r = l + 1
        let m = k
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r
        if (m === k) return
        ;[heap[k], heap[m]] = [heap[m]!, heap[k]!]
        k = m
      }
    }
    for (let x = 0; x < lists.length; x++) {
      if (pos[x]! >= lists[x]!.idx.length) continue
      heap.push(x)
      up(heap.length - 1)
    }
    for (let k = start ? start.rank : 0; k < take && heap.length > 0; k++) {
      const x = heap[0]!
      const l = lists[x]!
      emit(l.seg, l.idx[pos[x]!]!, k)
      pos[x]!++
      if (pos[x]! >= l.idx.length) {
        const last = heap.pop()!
        if (heap.length > 0) {
          heap[0] = last
          down(0)
        }
      } else {
        down(0)
      }
    }
  }

  private compare(sx: number, ix: number, sy: number, iy: number, desc: boolean): number {
    const x = this.segments[sx]!.segment
    const y = this.segments[sy]!.segment
    const ax = x.at[ix]!
    const ay = y.at[iy]!
    const dx = !Number.isNaN(ax)
    const dy = !Number.isNaN(ay)
    if (dx !== dy) return dx ? -1 : 1
    const sign = desc && dx ? -1 : 1
    if (dx && ax !== ay) return sign * (ax - ay)
    if (x.sourceId !== y.sourceId) return sign * (x.sourceId < y.sourceId ? -1 : 1)
    const hx = x.dict[x.sheet[ix]!]!
    const hy = y.dict[y.sheet[iy]!]!
    if (hx !== hy) return sign * (hx < hy ? -1 : 1)
    return sign * (x.row[ix]! - y.row[iy]!)
  }
}
