// Per-entity statistics computed at import (first/last seen, events by role, call time, distinct contacts,
// sources) plus the segments each entity occurs in, so a per-entity query loads only those. Statistics of two
// sources merge exactly; removing a source recomputes from the sources that remain.
import type { CellSite, Person } from '../model/records'
import { cellKey, idKey, personKey, phoneKey } from './entityKeys'
import { FLAG_BITS, kindCode, type Segment } from './segment'

export interface EntityStats {
  readonly key: string
  /** Earliest and latest time of a dated event it takes part in (UTC ms), null when none. */
  readonly firstAt: number | null
  readonly lastAt: number | null
  /** Events it takes part in, each counted once (mirror duplicates are not counted: the pair is one event). */
  readonly events: number
  /** As calling side / payer / traveller (outgoing). */
  readonly asA: number
  /** As called side / beneficiary (incoming). */
  readonly asB: number
  /** As handset, SIM or cell, or as a party whose role the file did not say. */
  readonly asOther: number
  /** Sum of call durations (calls and CDR rows of unknown service); negative and absurd durations are left out. */
  readonly callSeconds: number
  /** Distinct entities on the other side of its events, sorted. */
  readonly contacts: readonly string[]
  /** Source ids (file SHA-256) it appears in, sorted. */
  readonly sources: readonly string[]
  /** Segment ids it appears in, sorted: the lookup index for per-entity queries. */
  readonly segments: readonly string[]
  /** Names given to it by subscriber lists, person records and cell-site lists (at most MAX_NAMES). */
  readonly names: readonly string[]
  /** Person and cell-site records about it. */
  readonly records: number
}

export const MAX_NAMES = 20

const CALL = kindCode('call')
const CDR_UNKNOWN = kindCode('cdr')
const BAD_DURATION = FLAG_BITS['negative-duration'] | FLAG_BITS['absurd-duration']
const ROLES_UNKNOWN = FLAG_BITS['roles-unknown']

// Pairs of small integers packed into one exact double (both below 2^26), so a list of pairs sorts natively.
const PAIR = 2 ** 26

/**
 * A growable list of packed pairs; sorted and de-duplicated once, at the end. With `recentBits`, a pair equal to one
 * pushed recently (found in a small direct-mapped table) is not pushed again: the same two numbers call each other
 * day after day, and an entity meets the same source in every segment.
 */
class PairList {
  private data = new Float64Array(1024)
  length = 0

  /** Share of pairs the last compaction kept: when most were unique, compacting again is wasted work. */
  private kept = 0
  private readonly recent: Float64Array | null
  private readonly shift: number

  constructor(recentBits = 0) {
    this.recent = recentBits > 0 ? new Float64Array(1 << recentBits).fill(-1) : null
    this.shift = 32 - recentBits
  }

  push(x: number, y: number): void {
    const v = x * PAIR + y
    const recent = this.recent
    if (recent !== null) {
      let h = Math.imul(x, 0x9e3779b1) ^ y
      h = Math.imul(h ^ (h >>> 15), 0x85ebca6b)
      const slot = h >>> this.shift
      if (recent[slot] === v) return
      recent[slot] = v
    }
    if (this.length === this.data.length) {
      // Squeeze out repeats before growing: contacts repeat a lot (the same two numbers call daily).
      if (this.kept < 0.5) {
        const before = this.length
        this.compact()
        this.kept = this.length / before
      }
      if (this.length > this.data.length / 2) {
        const next = new Float64Array(this.data.length * 2)
        next.set(this.data)
        this.data = next
      }
    }
    this.data[this.length++] = v
  }

  compact(): void {
    const d = this.data.subarray(0, this.length).sort()
    let n = 0
    for (let i = 0; i < d.length; i++) if (i === 0 || d[i] !== d[n - 1]) d[n++] = d[i]!
    this.length = n
  }

  /**
   * Unique pairs, remapped through `map` on both sides, sorted by (x, y). The maps are ranks (values below their
   * length), so two stable counting passes, by y and then by x, sort them: linear, where a sort of a million pairs
   * was most of the statistics' cost at the end of a big import.
   */
  sortedUnique(mapX: Int32Array, mapY: Int32Array): Float64Array {
    const n = this.length
    const xs = new Int32Array(n)
    const ys = new Int32Array(n)
    const startY = new Int32Array(mapY.length + 1)
    const startX = new Int32Array(mapX.length + 1)
    for (let i = 0; i < n; i++) {
      const v = this.data[i]!
      const x = Math.floor(v / PAIR)
      const rx = mapX[x]!
      const ry = mapY[v - x * PAIR]!
      xs[i] = rx
      ys[i] = ry
      startY[ry + 1]!++
      startX[rx + 1]!++
    }
    for (let k = 0; k < mapY.length; k++) startY[k + 1]! += startY[k]!
    for (let k = 0; k < mapX.length; k++) startX[k + 1]! += startX[k]!
    const byY = new Int32Array(n)
    for (let i = 0; i < n; i++) byY[startY[ys[i]!]!++] = i
    const out = new Float64Array(n)
    for (let k = 0; k < n; k++) {
      const i = byY[k]!
      out[startX[xs[i]!]!++] = xs[i]! * PAIR + ys[i]!
    }
    let m = 0
    for (let i = 0; i < n; i++) if (i === 0 || out[i] !== out[m - 1]) out[m++] = out[i]!
    return out.subarray(0, m)
  }
}

/** Unique undirected pairs (x, y) → both (x, y) and (y, x), sorted. No pair occurs in both orders, so none repeats. */
function bothWays(pairs: Float64Array): Float64Array {
  const out = new Float64Array(pairs.length * 2)
  for (let i = 0; i < pairs.length; i++) {
    const v = pairs[i]!
    const x = Math.floor(v / PAIR)
    out[2 * i] = v
    out[2 * i + 1] = (v - x * PAIR) * PAIR + x
  }
  return out.sort()
}

function grown<T extends Float64Array | Int32Array>(a: T, size: number, fill: number): T {
  if (a.length >= size) return a
  const next = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2))
  next.fill(fill)
  next.set(a)
  return next
}

/**
 * Ranks of distinct strings in sorted order: rank[i] is the position of strings[i]. The engine's own string sort
 * (code-unit order, as `<` compares) is several times faster than sorting indexes with a comparator.
 */
function ranks(strings: readonly string[]): { rank: Int32Array; order: number[] } {
  const sorted = [...strings].sort()
  const position = new Map<string, number>()
  sorted.forEach((s, r) => position.set(s, r))
  const rank = new Int32Array(strings.length)
  const order = new Array<number>(strings.length)
  strings.forEach((s, i) => {
    const r = position.get(s)!
    rank[i] = r
    order[r] = i
  })
  return { rank, order }
}

/**
 * Accumulates statistics over segments and entity records; `result()` gives them sorted by key. Entities get a
 * number on first sight; counts live in typed arrays indexed by it, and contacts, segments and sources are lists of
 * number pairs sorted once at the end — a million events cost a few Map lookups per segment, not per event.
 */
export class EntityStatsBuilder {
  private readonly ids = new Map<string, number>()
  private readonly keys: string[] = []
  private events = new Float64Array(1024)
  private asA = new Float64Array(1024)
  private asB = new Float64Array(1024)
  private asOther = new Float64Array(1024)
  private seconds = new Float64Array(1024)
  private first = new Float64Array(1024).fill(Infinity)
  private last = new Float64Array(1024).fill(-Infinity)
  private records = new Float64Array(1024)
  private stamp = new Int32Array(1024).fill(-1)
  private stampNow = 0
  private readonly contacts = new PairList(14)
  // Unique already: each segment's entities are pushed once, with the segment's own number.
  private readonly segmentPairs = new PairList()
  private readonly sourcePairs = new PairList(12)
  private readonly segmentIds: string[] = []
  private readonly sourceIds: string[] = []
  private readonly sourceOrd = new Map<string, number>()
  private readonly names = new Map<number, Set<string>>()

  private id(key: string): number {
    let g = this.ids.get(key)
    if (g === undefined) {
      g = this.keys.length
      if (g >= PAIR) throw new Error('EntityStatsBuilder: more entities than supported')
      this.keys.push(key)
      this.ids.set(key, g)
      const size = g + 1
      this.events = grown(this.events, size, 0)
      this.asA = grown(this.asA, size, 0)
      this.asB = grown(this.asB, size, 0)
      this.asOther = grown(this.asOther, size, 0)
      this.seconds = grown(this.seconds, size, 0)
      this.first = grown(this.first, size, Infinity)
      this.last = grown(this.last, size, -Infinity)
      this.records = grown(this.records, size, 0)
      this.stamp = grown(this.stamp, size, -1)
    }
    return g
  }

  private source(sourceId: string): number {
    let o = this.sourceOrd.get(sourceId)
    if (o === undefined) {
      o = this.sourceIds.push(sourceId) - 1
      this.sourceOrd.set(sourceId, o)
    }
    return o
  }

  /**
   * Adds one segment. Events marked in `hidden` (mirror duplicates) add their source and segment to the entity,
   * so the entity is found there, but are not counted again.
   */
  addSegment(segmentId: string, seg: Segment, hidden?: Uint8Array): this {
    const segOrd = this.segmentIds.push(segmentId) - 1
    const srcOrd = this.source(seg.sourceId)
    const toId = new Int32Array(seg.dict.length).fill(-1)
    const g = (code: number): number => {
      let x = toId[code]!
      if (x < 0) {
        x = this.id(seg.dict[code]!)
        toId[code] = x
        this.segmentPairs.push(x, segOrd)
        this.sourcePairs.push(x, srcOrd)
      }
      return x
    }
    const cols = [seg.a, seg.b, seg.aAlt, seg.bAlt, seg.imei, seg.imsi, seg.cell]
    for (let i = 0; i < seg.count; i++) {
      if (hidden?.[i] === 1) {
        for (const col of cols) if (col[i] !== 0) g(col[i]!)
        continue
      }
      const stamp = this.stampNow++
      const at = seg.at[i]!
      const unknownRoles = (seg.flags[i]! & ROLES_UNKNOWN) !== 0
      const a = seg.a[i] ? g(seg.a[i]!) : -1
      const aAlt = seg.aAlt[i] ? g(seg.aAlt[i]!) : -1
      const b = seg.b[i] ? g(seg.b[i]!) : -1
      const bAlt = seg.bAlt[i] ? g(seg.bAlt[i]!) : -1
      const roleA = unknownRoles ? this.asOther : this.asA
      const roleB = unknownRoles ? this.asOther : this.asB
      if (a >= 0) this.count(a, stamp, roleA, at)
      if (aAlt >= 0) this.count(aAlt, stamp, roleA, at)
      if (b >= 0) this.count(b, stamp, roleB, at)
      if (bAlt >= 0) this.count(bAlt, stamp, roleB, at)
      if (seg.imei[i]) this.count(g(seg.imei[i]!), stamp, this.asOther, at)
      if (seg.imsi[i]) this.count(g(seg.imsi[i]!), stamp, this.asOther, at)
      if (seg.cell[i]) this.count(g(seg.cell[i]!), stamp, this.asOther, at)
      const k = seg.kind[i]!
      const d = seg.durationS[i]!
      if ((k === CALL || k === CDR_UNKNOWN) && d >= 0 && (seg.flags[i]! & BAD_DURATION) === 0) {
        if (a >= 0) this.seconds[a]! += d
        if (b >= 0 && b !== a) this.seconds[b]! += d
      }
      // Contacts: each identity on one side with each on the other (a payer's name and account both reach the
      // beneficiary). Written out rather than looped over small arrays: this runs once per event.
      if (a >= 0) {
        if (b >= 0 && b !== a) this.link(a, b)
        if (bAlt >= 0 && bAlt !== a) this.link(a, bAlt)
      }
      if (aAlt >= 0) {
        if (b >= 0 && b !== aAlt) this.link(aAlt, b)
        if (bAlt >= 0 && bAlt !== aAlt) this.link(aAlt, bAlt)
      }
    }
    return this
  }

  private count(x: number, stamp: number, role: Float64Array, at: number): void {
    role[x]!++
    if (this.stamp[x] === stamp) return
    this.stamp[x] = stamp
    this.events[x]!++
    if (at < this.first[x]!) this.first[x] = at
    if (at > this.last[x]!) this.last[x] = at
  }

  // Each pair is kept once, smaller number first; result() writes out both directions. Half the pairs to grow,
  // compact and sort, on the builder's hottest path.
  private link(x: number, y: number): void {
    if (x < y) this.contacts.push(x, y)
    else this.contacts.push(y, x)
  }

  /** Adds what subscriber lists, person records and cell-site lists say about entities (names, and that they exist). */
  addEntityRecords(sourceId: string, records: readonly (Person | CellSite)[]): this {
    const srcOrd = this.source(sourceId)
    const note = (key: string | undefined, names: readonly (string | undefined)[]): void => {
      if (!key) return
      const x = this.id(key)
      this.records[x]!++
      this.sourcePairs.push(x, srcOrd)
      let set = this.names.get(x)
      for (const name of names) {
        const n = name?.normalize('NFC').trim()
        if (!n) continue
        if (!set) this.names.set(x, (set = new Set()))
        if (set.size < MAX_NAMES) set.add(n)
      }
    }
    for (const r of records) {
      if (r.kind === 'person') {
        const keys = new Set<string | undefined>([phoneKey(r.phone), personKey(r.name), ...(r.idNumbers ?? []).map(idKey)])
        for (const k of keys) note(k, [r.name, ...(r.aliases ?? [])])
      } else {
        note(cellKey(r), [r.siteName])
      }
    }
    return this
  }

  result(): EntityStats[] {
    const n = this.keys.length
    const { rank, order } = ranks(this.keys)
    const seg = ranks(this.segmentIds)
    const src = ranks(this.sourceIds)
    const contacts = bothWays(this.contacts.sortedUnique(rank, rank))
    const segments = this.segmentPairs.sortedUnique(rank, seg.rank)
    const sources = this.sourcePairs.sortedUnique(rank, src.rank)
    const lists = (pairs: Float64Array, names: readonly string[], orderOf: readonly number[]): string[][] => {
      const out: string[][] = Array.from({ length: n }, () => [])
      for (let i = 0; i < pairs.length; i++) {
        const v = pairs[i]!
        const x = Math.floor(v / PAIR)
        out[x]!.push(names[orderOf[v - x * PAIR]!]!)
      }
      return out
    }
    const contactLists = lists(contacts, this.keys, order)
    const segmentLists = lists(segments, this.segmentIds, seg.order)
    const sourceLists = lists(sources, this.sourceIds, src.order)
    return order.map((x, r) => ({
      key: this.keys[x]!,
      firstAt: Number.isFinite(this.first[x]!) ? this.first[x]! : null,
      lastAt: Number.isFinite(this.last[x]!) ? this.last[x]! : null,
      events: this.events[x]!,
      asA: this.asA[x]!,
      asB: this.asB[x]!,
      asOther: this.asOther[x]!,
      callSeconds: this.seconds[x]!,
      contacts: contactLists[r]!,
      sources: sourceLists[r]!,
      segments: segmentLists[r]!,
      names: [...(this.names.get(x) ?? [])],
      records: this.records[x]!
    }))
  }
}

const sorted = (s: Iterable<string>): string[] => [...s].sort()

const minOf = (x: number | null, y: number | null): number | null => (x === null ? y : y === null ? x : Math.min(x, y))
const maxOf = (x: number | null, y: number | null): number | null => (x === null ? y : y === null ? x : Math.max(x, y))
/** Strictly increasing in code-unit order (what `sort()` gives, duplicates removed). */
function isSortedUnique(x: readonly string[]): boolean {
  for (let i = 1; i < x.length; i++) if (!(x[i - 1]! < x[i]!)) return false
  return true
}

/**
 * The sorted union of two lists. Lists of statistics are sorted and free of repeats, so one linear merge does; a list
 * that is not (never seen, but cheap to check) goes the long way. Merging the halves of a big import (a million
 * contacts) this way costs a pass, not a sort per entity.
 */
export function unionSorted(x: readonly string[], y: readonly string[]): string[] {
  if (y.length === 0 && isSortedUnique(x)) return x.slice()
  if (x.length === 0 && isSortedUnique(y)) return y.slice()
  if (!isSortedUnique(x) || !isSortedUnique(y)) return sorted(new Set([...x, ...y]))
  const out: string[] = []
  let i = 0
  let j = 0
  while (i < x.length && j < y.length) {
    const a = x[i]!
    const b = y[j]!
    if (a < b) {
      out.push(a)
      i++
    } else if (b < a) {
      out.push(b)
      j++
    } else {
      out.push(a)
      i++
      j++
    }
  }
  while (i < x.length) out.push(x[i++]!)
  while (j < y.length) out.push(y[j++]!)
  return out
}

const union = unionSorted

/** Merges the statistics of one entity from two disjoint sets of events (e.g. the case so far and a new source). */
export function mergeEntityStats(x: EntityStats, y: EntityStats): EntityStats {
  if (x.key !== y.key) throw new Error(`mergeEntityStats: ${x.key} ≠ ${y.key}`)
  return {
    key: x.key,
    firstAt: minOf(x.firstAt, y.firstAt),
    lastAt: maxOf(x.lastAt, y.lastAt),
    events: x.events + y.events,
    asA: x.asA + y.asA,
    asB: x.asB + y.asB,
    asOther: x.asOther + y.asOther,
    callSeconds: x.callSeconds + y.callSeconds,
    contacts: union(x.contacts, y.contacts),
    sources: union(x.sources, y.sources),
    segments: union(x.segments, y.segments),
    names: [...new Set([...x.names, ...y.names])].slice(0, MAX_NAMES),
    records: x.records + y.records
  }
}

/** Keys strictly increasing in code-unit order (what `sort()` gives, no key twice). */
function isSortedByKey(x: readonly EntityStats[]): boolean {
  for (let i = 1; i < x.length; i++) if (!(x[i - 1]!.key < x[i]!.key)) return false
  return true
}

/**
 * Merges two lists of statistics (any order); the result is sorted by key. Lists from EntityStatsBuilder and from
 * this function are sorted already: then one linear merge does, instead of hashing and sorting every key (a
 * million-row import's two halves hold some half a million entities, merged again at the commit).
 */
export function mergeStatsLists(x: readonly EntityStats[], y: readonly EntityStats[]): EntityStats[] {
  if (isSortedByKey(x) && isSortedByKey(y)) {
    const out: EntityStats[] = []
    let i = 0
    let j = 0
    while (i < x.length && j < y.length) {
      const a = x[i]!
      const b = y[j]!
      if (a.key < b.key) {
        out.push(a)
        i++
      } else if (b.key < a.key) {
        out.push(b)
        j++
      } else {
        out.push(mergeEntityStats(a, b))
        i++
        j++
      }
    }
    while (i < x.length) out.push(x[i++]!)
    while (j < y.length) out.push(y[j++]!)
    return out
  }
  const m = new Map<string, EntityStats>()
  for (const s of x) m.set(s.key, s)
  for (const s of y) {
    const prev = m.get(s.key)
    m.set(s.key, prev ? mergeEntityStats(prev, s) : s)
  }
  return [...m.keys()].sort().map((k) => m.get(k)!)
}
