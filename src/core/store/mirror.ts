// Mirror merge: the same call appears in the caller's and in the callee's CDR; pair the two records so the call is
// one event with both provenances. Pairs are found within one import and between a new import and a case's
// existing events, in O(n log n): sort candidates by (party pair, time), then sweep a small time window.
import type { EventRef } from './query'
import { DIR_INCOMING, DIR_OUTGOING, FLAG_BITS, isCdrKindCode, kindCode, type Segment } from './segment'

export interface MirrorOptions {
  /** Largest start-time difference, ms, between the two records of one call; operators' clocks differ. Default 120 s. */
  readonly toleranceMs?: number
  /** Largest duration difference, seconds. Default 2. */
  readonly durationToleranceS?: number
  /**
   * Most later records looked at for one record (calls between the same two parties within the tolerance).
   * Keeps the sweep linear on hostile data; 64 is far above what real CDRs hold in two minutes.
   */
  readonly maxCandidates?: number
}

export const DEFAULT_MIRROR_TOLERANCE_MS = 120_000
export const DEFAULT_DURATION_TOLERANCE_S = 2

export interface MirrorInput {
  readonly id: string
  readonly segment: Segment
  /** 1 = the event is already one half of a pair (or hidden): it cannot be paired again. */
  readonly unavailable?: Uint8Array | undefined
}

/** The primary stays visible and carries both provenances; the secondary is hidden behind it. */
export interface MirrorLink {
  readonly primary: EventRef
  readonly secondary: EventRef
}

export interface MirrorResult {
  readonly links: MirrorLink[]
  /** Calls merged: each link turns two records into one event. */
  readonly merged: number
  /** Records that could have had a mirror (CDR rows with a time and both parties). */
  readonly candidates: number
}

const UNKNOWN_SERVICE = kindCode('cdr')
const MAX_ENTITY_IDS = 2 ** 26

/**
 * Finds mirrored calls among `incoming` and between `incoming` and `existing`. Existing events are never paired
 * with each other (they were compared when they were imported) and stay the primary when paired. Within an import
 * the outgoing record (the caller's) becomes the primary.
 *
 * Two records are the same call when: both are CDR rows of the same service (or one has no service), they have
 * the same two parties — in the same roles unless a record's roles are unknown —, their starts differ by at most
 * the tolerance, both or neither have a duration and durations differ by at most the duration tolerance, and their
 * directions are not the same known direction (two outgoing records are two calls, or a duplicated row). Two
 * records of the same source must be one outgoing and one incoming: a file that holds both parties' records says so.
 */
export function findMirrors(existing: readonly MirrorInput[], incoming: readonly MirrorInput[], options: MirrorOptions = {}): MirrorResult {
  const tol = options.toleranceMs ?? DEFAULT_MIRROR_TOLERANCE_MS
  const durTol = options.durationToleranceS ?? DEFAULT_DURATION_TOLERANCE_S
  const maxCandidates = options.maxCandidates ?? 64
  const inputs = [...existing, ...incoming]
  const existingCount = existing.length

  let capacity = 0
  for (const s of incoming) capacity += s.segment.count
  if (capacity === 0) return { links: [], merged: 0, candidates: 0 }
  for (const s of existing) capacity += s.segment.count

  // Entity keys → small integers shared by all segments, so a party pair is one exact number.
  const entityIds = new Map<string, number>()
  const globalId = (key: string): number => {
    let id = entityIds.get(key)
    if (id === undefined) {
      id = entityIds.size + 1
      if (id >= MAX_ENTITY_IDS) throw new Error('findMirrors: more distinct parties than supported')
      entityIds.set(key, id)
    }
    return id
  }

  const pair = new Float64Array(capacity)
  const at = new Float64Array(capacity)
  const aId = new Uint32Array(capacity)
  const owner = new Uint32Array(capacity)
  const index = new Uint32Array(capacity)
  let n = 0
  // Only segments holding parties that occur in the new import matter; an existing call between two parties the
  // import never mentions cannot be a mirror of anything in it.
  const incomingParties = new Set<string>()
  for (const s of incoming) {
    const seg = s.segment
    // Mark the codes first: a million events name a few thousand parties, each looked up once.
    const used = new Uint8Array(seg.dict.length)
    for (let i = 0; i < seg.count; i++) {
      used[seg.a[i]!] = 1
      used[seg.b[i]!] = 1
    }
    for (let c = 1; c < used.length; c++) if (used[c] === 1) incomingParties.add(seg.dict[c]!)
  }
  inputs.forEach((s, o) => {
    const seg = s.segment
    const ids = new Int32Array(seg.dict.length).fill(-1)
    const idOf = (code: number): number => {
      let g = ids[code]!
      if (g < 0) {
        const key = seg.dict[code]!
        g = o < existingCount && !incomingParties.has(key) ? 0 : globalId(key)
        ids[code] = g
      }
      return g
    }
    for (let i = 0; i < seg.datedCount; i++) {
      if (s.unavailable?.[i] === 1) continue
      if (!isCdrKindCode(seg.kind[i]!)) continue
      const ca = seg.a[i]!
      const cb = seg.b[i]!
      if (ca === 0 || cb === 0) continue
      const ga = idOf(ca)
      const gb = idOf(cb)
      if (ga === 0 || gb === 0 || ga === gb) continue
      pair[n] = ga < gb ? ga * MAX_ENTITY_IDS + gb : gb * MAX_ENTITY_IDS + ga
      at[n] = seg.at[i]!
      aId[n] = ga
      owner[n] = o
      index[n] = i
      n++
    }
  })

  const order = orderByPairThenTime(n, pair, at, owner, index, entityIds.size)

  const matched = new Uint8Array(n)
  const links: MirrorLink[] = []
  const compatible = (x: number, y: number): boolean => {
    const sx = inputs[owner[x]!]!.segment
    const sy = inputs[owner[y]!]!.segment
    const ix = index[x]!
    const iy = index[y]!
    const kx = sx.kind[ix]!
    const ky = sy.kind[iy]!
    if (kx !== ky && kx !== UNKNOWN_SERVICE && ky !== UNKNOWN_SERVICE) return false
    const dx = sx.durationS[ix]!
    const dy = sy.durationS[iy]!
    if (Number.isNaN(dx) !== Number.isNaN(dy)) return false
    if (!Number.isNaN(dx) && Math.abs(dx - dy) > durTol) return false
    const rolesKnown = ((sx.flags[ix]! | sy.flags[iy]!) & FLAG_BITS['roles-unknown']) === 0
    if (rolesKnown && aId[x] !== aId[y]) return false
    const rx = sx.direction[ix]!
    const ry = sy.direction[iy]!
    const knownX = rx === DIR_OUTGOING || rx === DIR_INCOMING
    const knownY = ry === DIR_OUTGOING || ry === DIR_INCOMING
    if (knownX && knownY && rx === ry) return false
    if (sx.sourceId === sy.sourceId && !(knownX && knownY)) return false
    return true
  }

  for (let p = 0; p < n; ) {
    let end = p + 1
    while (end < n && pair[order[end]!] === pair[order[p]!]) end++
    for (let q = p; q < end; q++) {
      const x = order[q]!
      if (matched[x]) continue
      const xExisting = owner[x]! < existingCount
      let looked = 0
      for (let r = q + 1; r < end && looked < maxCandidates; r++) {
        const y = order[r]!
        if (at[y]! - at[x]! > tol) break
        if (matched[y]) continue
        looked++
        if (xExisting && owner[y]! < existingCount) continue
        if (!compatible(x, y)) continue
        matched[x] = 1
        matched[y] = 1
        const yExisting = owner[y]! < existingCount
        const yOutgoing = inputs[owner[y]!]!.segment.direction[index[y]!] === DIR_OUTGOING
        const xOutgoing = inputs[owner[x]!]!.segment.direction[index[x]!] === DIR_OUTGOING
        const yPrimary = !xExisting && (yExisting || (yOutgoing && !xOutgoing))
        const refX = { segment: inputs[owner[x]!]!.id, index: index[x]! }
        const refY = { segment: inputs[owner[y]!]!.id, index: index[y]! }
        links.push(yPrimary ? { primary: refY, secondary: refX } : { primary: refX, secondary: refY })
        break
      }
    }
    p = end
  }
  return { links, merged: links.length, candidates: n }
}

/**
 * Candidates ordered by (party pair, time, input, index); exported for its test. The candidates are first put in pair
 * order keeping their input order within a pair, which is already time order for a file exported in time order
 * (segments are time-sorted); only runs of one pair that are not get sorted. A million calls between a few thousand
 * pairs cost a few passes instead of a comparison sort of the million.
 *
 * `maxId`, the largest party id in `pair` (pairs are `lo × 2^26 + hi`), allows two counting passes over the ids (by
 * `hi`, then by `lo`: both stable) instead of a hash lookup per candidate and a sort of the distinct pairs.
 */
export function orderByPairThenTime(n: number, pair: Float64Array, at: Float64Array, owner: Uint32Array, index: Uint32Array, maxId?: number): Uint32Array {
  const order = maxId !== undefined && maxId >= 0 && maxId < MAX_ENTITY_IDS && maxId <= Math.max(1 << 16, 4 * n) ? pairOrderByIds(n, pair, maxId) : pairOrderByBuckets(n, pair)
  const before = (x: number, y: number): number => at[x]! - at[y]! || owner[x]! - owner[y]! || index[x]! - index[y]!
  for (let from = 0; from < n; ) {
    const p = pair[order[from]!]!
    let to = from + 1
    let sorted = true
    for (; to < n && pair[order[to]!] === p; to++) if (sorted && before(order[to - 1]!, order[to]!) > 0) sorted = false
    if (!sorted) order.subarray(from, to).sort(before)
    from = to
  }
  return order
}

/** Indexes 0..n-1 ordered by pair, input order kept within a pair: a stable counting sort by `hi`, then by `lo`. */
function pairOrderByIds(n: number, pair: Float64Array, maxId: number): Uint32Array {
  const lo = new Uint32Array(n)
  const hi = new Uint32Array(n)
  const starts = new Uint32Array(maxId + 2)
  for (let i = 0; i < n; i++) {
    const v = pair[i]!
    const l = Math.floor(v / MAX_ENTITY_IDS)
    const h = v - l * MAX_ENTITY_IDS
    lo[i] = l
    hi[i] = h
    starts[h + 1]!++
  }
  for (let k = 0; k <= maxId; k++) starts[k + 1]! += starts[k]!
  const byHi = new Uint32Array(n)
  for (let i = 0; i < n; i++) byHi[starts[hi[i]!]!++] = i
  starts.fill(0)
  for (let i = 0; i < n; i++) starts[lo[i]! + 1]!++
  for (let k = 0; k <= maxId; k++) starts[k + 1]! += starts[k]!
  const order = new Uint32Array(n)
  for (let k = 0; k < n; k++) {
    const i = byHi[k]!
    order[starts[lo[i]!]!++] = i
  }
  return order
}

/** The same order for any pairs: one bucket per distinct pair (a hash lookup each), buckets in ascending pair order. */
function pairOrderByBuckets(n: number, pair: Float64Array): Uint32Array {
  const bucketOf = new Map<number, number>()
  const bucket = new Uint32Array(n)
  const keys: number[] = []
  for (let i = 0; i < n; i++) {
    const k = pair[i]!
    let b = bucketOf.get(k)
    if (b === undefined) {
      b = keys.length
      keys.push(k)
      bucketOf.set(k, b)
    }
    bucket[i] = b
  }
  const rank = new Uint32Array(keys.length)
  const byKey = Array.from(keys.keys()).sort((x, y) => keys[x]! - keys[y]!)
  byKey.forEach((b, r) => (rank[b] = r))
  const starts = new Uint32Array(keys.length + 1)
  for (let i = 0; i < n; i++) starts[rank[bucket[i]!]! + 1]!++
  for (let r = 0; r < keys.length; r++) starts[r + 1]! += starts[r]!
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[starts[rank[bucket[i]!]!]!++] = i
  return order
}

/** Links in a compact stored form: segment ids once, then [secondary seg, index, primary seg, index] per link. */
export interface StoredLinks {
  readonly segmentIds: readonly string[]
  readonly pairs: Uint32Array
}

export function encodeLinks(links: readonly MirrorLink[]): StoredLinks {
  const ids = new Map<string, number>()
  const idOf = (s: string): number => {
    let i = ids.get(s)
    if (i === undefined) {
      i = ids.size
      ids.set(s, i)
    }
    return i
  }
  const pairs = new Uint32Array(links.length * 4)
  links.forEach((l, k) => {
    pairs[k * 4] = idOf(l.secondary.segment)
    pairs[k * 4 + 1] = l.secondary.index
    pairs[k * 4 + 2] = idOf(l.primary.segment)
    pairs[k * 4 + 3] = l.primary.index
  })
  return { segmentIds: [...ids.keys()], pairs }
}

export function decodeLinks(stored: StoredLinks): MirrorLink[] {
  const out: MirrorLink[] = []
  const p = stored.pairs
  for (let k = 0; k + 3 < p.length; k += 4) {
    out.push({
      secondary: { segment: stored.segmentIds[p[k]!]!, index: p[k + 1]! },
      primary: { segment: stored.segmentIds[p[k + 2]!]!, index: p[k + 3]! }
    })
  }
  return out
}

/**
 * The pairs of a case, looked up by event. A link counts only while both its events are present: removing either
 * side's source dissolves the pair and the other record shows again as an ordinary event.
 */
export class MirrorBook {
  private readonly partners = new Map<string, Map<number, { ref: EventRef; primary: boolean }>>()

  constructor(links: Iterable<MirrorLink>, present: (segmentId: string) => boolean = () => true) {
    for (const l of links) {
      if (!present(l.primary.segment) || !present(l.secondary.segment)) continue
      this.put(l.primary, l.secondary, true)
      this.put(l.secondary, l.primary, false)
    }
  }

  /** 1 for events hidden behind their primary; undefined when the segment has none. */
  hiddenMask(segmentId: string, count: number): Uint8Array | undefined {
    return this.mask(segmentId, count, false)
  }

  /** 1 for primaries whose partner is hidden behind them. */
  mirroredMask(segmentId: string, count: number): Uint8Array | undefined {
    return this.mask(segmentId, count, true)
  }

  /** 1 for events already in a pair, either side: they cannot pair again. */
  pairedMask(segmentId: string, count: number): Uint8Array | undefined {
    const m = this.partners.get(segmentId)
    if (!m) return undefined
    const out = new Uint8Array(count)
    for (const i of m.keys()) if (i < count) out[i] = 1
    return out
  }

  partner(ref: EventRef): { ref: EventRef; primary: boolean } | undefined {
    return this.partners.get(ref.segment)?.get(ref.index)
  }

  private put(at: EventRef, other: EventRef, isPrimary: boolean): void {
    let m = this.partners.get(at.segment)
    if (!m) {
      m = new Map()
      this.partners.set(at.segment, m)
    }
    // `primary` describes the partner: for a primary's entry, its partner is not the primary.
    m.set(at.index, { ref: other, primary: !isPrimary })
  }

  private mask(segmentId: string, count: number, primaries: boolean): Uint8Array | undefined {
    const m = this.partners.get(segmentId)
    if (!m) return undefined
    let out: Uint8Array | undefined
    for (const [i, p] of m) {
      // An event is a primary when its partner is not.
      if (p.primary !== primaries && i < count) (out ??= new Uint8Array(count))[i] = 1
    }
    return out
  }
}
