// In-memory query engine over many segments: filter by time range, entity (in any role), kind, text, source and
// flags; results in time order with offset and limit, and counts. Works on whatever segments it is handed, so the
// caller decides which to load (all of a case's, or only those an entity appears in).
import { entityKeyParts } from './entityKeys'
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

const DEFAULT_LIMIT = 100

interface Prepared {
  readonly lo: number
  readonly hi: number
  readonly kindMask: Uint8Array | null
  readonly flagMask: number
  /** Per dictionary code: 1 when the code is a wanted entity key. */
  readonly entityMask: Uint8Array | null
  readonly roleColumns: readonly Uint32Array[]
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

function lowerBound(at: Float64Array, end: number, value: number): number {
  let lo = 0
  let hi = end
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (at[mid]! < value) lo = mid + 1
    else hi = mid
  }
  return lo
}

function prepare(seg: Segment, f: EventFilter): Prepared | null {
  let lo = 0
  let hi = f.includeUndated === false ? seg.datedCount : seg.count
  const hasRange = f.from !== undefined || f.to !== undefined
  if (hasRange) {
    if (seg.datedCount === 0) return null
    if (f.from !== undefined && seg.maxAt < f.from) return null
    if (f.to !== undefined && seg.minAt >= f.to) return null
    lo = f.from === undefined ? 0 : lowerBound(seg.at, seg.datedCount, f.from)
    hi = f.to === undefined ? seg.datedCount : lowerBound(seg.at, seg.datedCount, f.to)
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
  if (f.entities) {
    entityMask = new Uint8Array(seg.dict.length)
    let any = false
    if (f.entities.length <= 8) {
      // A plain scan per key beats hashing every dictionary string for the usual one or two keys.
      for (const key of f.entities) {
        const code = key === '' ? -1 : seg.dict.indexOf(key)
        if (code > 0) {
          entityMask[code] = 1
          any = true
        }
      }
    } else {
      const wanted = new Set(f.entities)
      seg.dict.forEach((s, code) => {
        if (code !== 0 && wanted.has(s)) {
          entityMask![code] = 1
          any = true
        }
      })
    }
    if (!any) return null
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
  return { lo, hi, kindMask, flagMask, entityMask, roleColumns, textMask, keyMask, idSet }
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
    for (const s of this.candidates(filter)) {
      const p = prepare(s.segment, filter)
      if (!p) continue
      const hidden = filter.includeMirrorDuplicates ? undefined : s.hidden
      for (let i = p.lo; i < p.hi; i++) if (!(hidden && hidden[i] === 1) && matches(s.segment, p, i)) total++
    }
    return total
  }

  /**
   * Per segment, the indexes of the events the filter matches (in the segment's order: time, undated last), for
   * column-level work such as the timeline's density and glyphs; offset, limit and order are ignored.
   */
  matchIndexes(filter: EventFilter = {}): { segment: IndexedSegment; idx: Uint32Array }[] {
    const out: { segment: IndexedSegment; idx: Uint32Array }[] = []
    for (const s of this.candidates(filter)) {
      const p = prepare(s.segment, filter)
      if (!p) continue
      const hidden = filter.includeMirrorDuplicates ? undefined : s.hidden
      const idx = new Uint32Array(p.hi - p.lo)
      let n = 0
      // Nothing to test per event (a plain time range): only mirror duplicates are left out.
      const every = !p.kindMask && p.flagMask === 0 && !p.entityMask && !p.textMask && !p.idSet
      if (every && !hidden) {
        for (let i = p.lo; i < p.hi; i++) idx[n++] = i
      } else if (every) {
        for (let i = p.lo; i < p.hi; i++) if (hidden![i] !== 1) idx[n++] = i
      } else {
        for (let i = p.lo; i < p.hi; i++) if (!(hidden && hidden[i] === 1) && matches(s.segment, p, i)) idx[n++] = i
      }
      if (n > 0) out.push({ segment: s, idx: n === idx.length ? idx : idx.slice(0, n) })
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
    for (const s of this.candidates(filter)) {
      const p = prepare(s.segment, filter)
      if (!p) continue
      const hidden = filter.includeMirrorDuplicates ? undefined : s.hidden
      const out = new Uint32Array(p.hi - p.lo)
      let n = 0
      for (let i = p.lo; i < p.hi; i++) if (!(hidden && hidden[i] === 1) && matches(s.segment, p, i)) out[n++] = i
      if (n === 0) continue
      total += n
      const idx = out.subarray(0, n)
      if (desc) {
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
    this.merge(lists, desc, Math.min(want, total), (seg, i, k) => {
      if (k >= offset) refs.push({ segment: this.segments[seg]!.id, index: i })
    })
    return { total, refs }
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
  private merge(lists: readonly { seg: number; idx: Uint32Array }[], desc: boolean, take: number, emit: (seg: number, index: number, k: number) => void): void {
    const pos = new Uint32Array(lists.length)
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
      heap.push(x)
      up(heap.length - 1)
    }
    for (let k = 0; k < take && heap.length > 0; k++) {
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
