// The events a timeline filter matches, extracted once from the segments into compact typed arrays in time order,
// with the lane (or two lanes, for a link) each falls in: what the chart draws and histograms without building one
// object per event.
import { EventIndex, type EventFilter, type IndexedSegment } from '../../store/query'
import { ENTITY_COLUMNS, eventId } from '../../store/segment'
import type { LaneMode } from '../timelineFilter'
import { glyphOf, TYPE_LANE_OF_KIND } from './lanes'
import { lowerBound } from '../../sorted'

export interface TimelineSlice {
  /** Dated matching events, in time order. */
  readonly count: number
  readonly at: Float64Array
  /** Seconds; NaN when the event has none. */
  readonly durationS: Float32Array
  /** Glyph code (index into GLYPH_KINDS). */
  readonly glyph: Uint8Array
  /** The first lane the event is drawn in, -1 when none of the lanes holds it. */
  readonly laneA: Int16Array
  /** The second lane, for an event between two picked entities (a link), else -1. */
  readonly laneB: Int16Array
  /** Where each event is: index into `segments`, and its index in that segment. */
  readonly seg: Uint16Array
  readonly idx: Uint32Array
  readonly segments: readonly IndexedSegment[]
  /** Matching events without a date: they are listed in the table but cannot sit on the axis. */
  readonly undated: number
  readonly minAt: number
  readonly maxAt: number
  /**
   * Until the first read of the per-event arrays above, the events as time-sorted runs (one per segment): enough for
   * the histogram and the counts, which need no single time order. Null once merged.
   */
  readonly runs?: readonly SliceRun[] | null
  /** Advances the merge into one time order while `more()` says so; true once merged (see prepareSlice). */
  readonly mergeWhile?: (more: () => boolean) => boolean
}

/**
 * One segment's matching dated events in time order, before the runs are merged into one order: positions [lo, hi) of
 * `at`. A segment taken whole (no test per event, type lanes) is its own columns, nothing copied; otherwise the
 * matches were gathered into arrays of their own.
 */
export interface SliceRun {
  readonly at: Float64Array
  readonly lo: number
  readonly hi: number
  /** Lanes per position; null when the lane is the kind's type lane (TYPE_LANE_OF_KIND of `kind`), with no second. */
  readonly laneA: Int16Array | null
  readonly laneB: Int16Array | null
  readonly kind: Uint8Array | null
  /** 1 = a position that is not in the slice (a hidden mirror duplicate); null when every position is. */
  readonly skip: Uint8Array | null
  /** skipBefore[p] = positions marked in `skip` before p (see skippedBefore); null with `skip`. */
  readonly skipBefore: Uint32Array | null
  /** Index of the run's segment in the slice's `segments`. */
  readonly segment: number
  /** The segment's event index at each position; null when positions are the segment's own event indexes. */
  readonly events: Uint32Array | null
}

export interface SliceLanes {
  readonly mode: LaneMode
  /** Entity keys, one lane each in this order (entity mode). */
  readonly keys?: readonly string[]
}

// Mirror masks are per segment and immutable: their running counts are computed once.
const skipCounts = new WeakMap<Uint8Array, Uint32Array>()

/** Running count of a skip mask: out[p] = marked positions before p (length mask.length + 1). */
export function skippedBefore(mask: Uint8Array): Uint32Array {
  let out = skipCounts.get(mask)
  if (!out) {
    out = new Uint32Array(mask.length + 1)
    let n = 0
    for (let i = 0; i < mask.length; i++) {
      out[i] = n
      n += mask[i]!
    }
    out[mask.length] = n
    skipCounts.set(mask, out)
  }
  return out
}

/**
 * Extracts the dated events `filter` matches from `segments` (mirror duplicates left out, as in the table). In entity
 * mode an event is kept only when it involves a lane's entity. Nothing per event is copied for a segment taken whole
 * (the open, unfiltered view): the runs are merged into one time order on the first read of a per-event array (or by
 * prepareSlice), which the histogram and the counts of the first view do not need.
 */
export function sliceEvents(segments: readonly IndexedSegment[], filter: EventFilter, lanes: SliceLanes): TimelineSlice {
  const index = new EventIndex(segments)
  // Runs by source, then by position in the source: a source's segments follow one another in time, so consecutive
  // runs join into one before merging, and events at the same instant keep the table's order (source, then row).
  const spans = index.matchSpans({ ...filter, offset: 0, limit: 0 }).sort((x, y) => {
    const a = x.segment.segment
    const b = y.segment.segment
    return a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : a.seq - b.seq
  })
  const segList = spans.map((r) => r.segment)
  const keyLane = new Map<string, number>()
  ;(lanes.keys ?? []).forEach((k, i) => {
    if (!keyLane.has(k)) keyLane.set(k, i)
  })
  const entityLanes = lanes.mode === 'entities'
  let undated = 0
  // Spans to gather (an index list, or entity lanes, which drop events of no lane): their dated positions first.
  let gatherTotal = 0
  const datedEnd: number[] = []
  for (const sp of spans) {
    const seg = sp.segment.segment
    if (sp.idx) {
      const end = lowerBound(sp.idx, seg.datedCount)
      datedEnd.push(end)
      undated += sp.idx.length - end
      gatherTotal += end
    } else {
      const end = Math.min(sp.hi, seg.datedCount)
      datedEnd.push(end)
      const u0 = Math.max(sp.lo, seg.datedCount)
      if (sp.hi > u0) {
        const pre = sp.skip ? skippedBefore(sp.skip) : null
        undated += sp.hi - u0 - (pre ? pre[sp.hi]! - pre[u0]! : 0)
      }
      if (entityLanes) gatherTotal += Math.max(0, end - sp.lo)
    }
  }
  const keyA = new Float64Array(gatherTotal)
  const evOf = new Uint32Array(gatherTotal)
  const laneA0 = new Int16Array(gatherTotal)
  const laneB0 = new Int16Array(gatherTotal)
  const runs: SliceRun[] = []
  let n = 0
  let count = 0
  for (let r = 0; r < spans.length; r++) {
    const sp = spans[r]!
    const seg = sp.segment.segment
    const end = datedEnd[r]!
    if (!sp.idx && !entityLanes) {
      if (end <= sp.lo) continue
      const pre = sp.skip ? skippedBefore(sp.skip) : null
      const kept = end - sp.lo - (pre ? pre[end]! - pre[sp.lo]! : 0)
      if (kept === 0) continue
      count += kept
      runs.push({ at: seg.at, lo: sp.lo, hi: end, laneA: null, laneB: null, kind: seg.kind, skip: sp.skip, skipBefore: pre, segment: r, events: null })
      continue
    }
    let m: Int16Array | null = null
    if (entityLanes) {
      m = new Int16Array(seg.dict.length).fill(-1)
      for (const [k, li] of keyLane) {
        const code = seg.dict.indexOf(k)
        if (code > 0) m[code] = li
      }
    }
    const cols = m ? ENTITY_COLUMNS.map((c) => seg[c]) : []
    const sat = seg.at
    const skind = seg.kind
    const start = n
    const take = (i: number): void => {
      let a = -1
      let b = -1
      if (m) {
        for (const col of cols) {
          const li = m[col[i]!]!
          if (li < 0 || li === a || li === b) continue
          if (a < 0) a = li
          else if (b < 0) b = li
        }
        if (a < 0) return
      } else a = TYPE_LANE_OF_KIND[skind[i]!] ?? -1
      keyA[n] = sat[i]!
      evOf[n] = i
      laneA0[n] = a
      laneB0[n] = b
      n++
    }
    if (sp.idx) {
      const idx = sp.idx
      for (let k = 0; k < end; k++) take(idx[k]!)
    } else {
      const skip = sp.skip
      for (let i = sp.lo; i < end; i++) if (!(skip && skip[i] === 1)) take(i)
    }
    if (n === start) continue
    count += n - start
    runs.push({ at: keyA, lo: start, hi: n, laneA: laneA0, laneB: laneB0, kind: null, skip: null, skipBefore: null, segment: r, events: evOf })
  }
  let minAt = NaN
  let maxAt = NaN
  for (const run of runs) {
    let lo = run.lo
    let hi = run.hi - 1
    while (run.skip && run.skip[lo] === 1) lo++
    while (run.skip && run.skip[hi] === 1) hi--
    if (!(run.at[lo]! >= minAt)) minAt = run.at[lo]!
    if (!(run.at[hi]! <= maxAt)) maxAt = run.at[hi]!
  }
  // The merge into one time order waits until something needs it (glyphs, hit tests, positions): the histogram and
  // the counts of the first, fitted view read the runs as they are.
  let pending: readonly SliceRun[] | null = runs
  let merged: Merged | null = null
  let steps: Generator<void, Merged, void> | null = null
  const mergeWhile = (more: () => boolean): boolean => {
    if (merged) return true
    steps ??= mergeSliceRuns(pending!, segList, count)
    for (;;) {
      const r = steps.next()
      if (r.done) {
        merged = r.value
        pending = null
        steps = null
        return true
      }
      if (!more()) return false
    }
  }
  const merge = (): Merged => {
    mergeWhile(() => true)
    return merged!
  }
  return {
    count,
    mergeWhile,
    get at() {
      return merge().at
    },
    get durationS() {
      return merge().durationS
    },
    get glyph() {
      return merge().glyph
    },
    get laneA() {
      return merge().laneA
    },
    get laneB() {
      return merge().laneB
    },
    get seg() {
      return merge().seg
    },
    get idx() {
      return merge().idx
    },
    get runs() {
      return pending
    },
    segments: segList,
    undated,
    minAt,
    maxAt
  }
}

/**
 * The runs in one time order: copied back to back (a run that starts where the previous one ends joins it), merged
 * pairwise, bottom-up, on typed arrays. Sources cover the same days, so their segments interleave event by event: a
 * heap merge pays a sift per event, while each pairwise pass is one tight linear loop (log2(runs) passes in all).
 */
function* mergeSliceRuns(runs: readonly SliceRun[], segList: readonly IndexedSegment[], n: number): Generator<void, Merged, void> {
  const key = new Float64Array(n)
  const runOf = new Uint16Array(n)
  const evOf = new Uint32Array(n)
  const laneA0 = new Int16Array(n)
  const laneB0 = new Int16Array(n)
  const bounds: number[] = [0]
  let o = 0
  for (const run of runs) {
    const start = o
    const { at, skip, events, laneA, laneB, kind } = run
    for (let p = run.lo; p < run.hi; p++) {
      if (skip && skip[p] === 1) continue
      key[o] = at[p]!
      runOf[o] = run.segment
      evOf[o] = events ? events[p]! : p
      laneA0[o] = laneA ? laneA[p]! : (TYPE_LANE_OF_KIND[kind![p]!] ?? -1)
      laneB0[o] = laneB ? laneB[p]! : -1
      o++
    }
    if (o === start) continue
    if (bounds.length > 1 && key[start - 1]! <= key[start]!) bounds[bounds.length - 1] = o
    else bounds.push(o)
    yield
  }
  const posA = new Uint32Array(n)
  for (let j = 0; j < n; j++) posA[j] = j
  const { pos } = yield* mergeRuns(key.slice(0, n), posA, bounds, n)
  const at = new Float64Array(n)
  const durationS = new Float32Array(n)
  const glyph = new Uint8Array(n)
  const laneA = new Int16Array(n)
  const laneB = new Int16Array(n)
  const segIdx = new Uint16Array(n)
  const evIdx = new Uint32Array(n)
  // Glyph per (kind, direction) code pair, so the loop does one table read instead of a switch.
  const GLYPHS = new Uint8Array(16 * 8)
  for (let k = 0; k < 16; k++) for (let d = 0; d < 8; d++) GLYPHS[k * 8 + d] = glyphOf(k, d)
  for (let j = 0; j < n; j++) {
    if ((j & 0xffff) === 0xffff) yield
    const p = pos[j]!
    const r = runOf[p]!
    const i = evOf[p]!
    const seg = segList[r]!.segment
    at[j] = key[p]!
    durationS[j] = seg.durationS[i]!
    glyph[j] = GLYPHS[(seg.kind[i]! & 15) * 8 + (seg.direction[i]! & 7)]!
    laneA[j] = laneA0[p]!
    laneB[j] = laneB0[p]!
    segIdx[j] = r
    evIdx[j] = i
  }
  return { at, durationS, glyph, laneA, laneB, seg: segIdx, idx: evIdx }
}

type Merged = Pick<TimelineSlice, 'at' | 'durationS' | 'glyph' | 'laneA' | 'laneB' | 'seg' | 'idx'>

/**
 * Merges the slice into time order now (e.g. while the analyst looks at the first view), not at the first zoom-in;
 * with `more`, only while it says there is time (an idle callback's deadline), a run or 64k events at a time.
 * True once the slice is merged.
 */
export function prepareSlice(slice: TimelineSlice, more: () => boolean = () => true): boolean {
  return slice.mergeWhile ? slice.mergeWhile(more) : true
}

/**
 * Stable bottom-up merge of the sorted runs [bounds[k], bounds[k+1]) of `key` (payload `pos` alongside); equal keys
 * keep run order. Returns the arrays holding the merged result (either the inputs or the scratch copies); pauses after
 * each pair of runs.
 */
function* mergeRuns(key: Float64Array, pos: Uint32Array, bounds: readonly number[], n: number): Generator<void, { key: Float64Array; pos: Uint32Array }, void> {
  let k0 = key
  let p0 = pos
  let b = [...bounds]
  if (b.length <= 2) return { key: k0, pos: p0 }
  let k1: Float64Array = new Float64Array(n)
  let p1: Uint32Array = new Uint32Array(n)
  while (b.length > 2) {
    const next: number[] = [0]
    for (let r = 0; r + 1 < b.length; r += 2) {
      const lo = b[r]!
      const mid = b[r + 1]!
      const hi = r + 2 < b.length ? b[r + 2]! : mid
      let i = lo
      let j = mid
      let o = lo
      if (mid < hi && k0[mid - 1]! <= k0[mid]!) {
        // Already in order (runs that do not overlap in time): a plain copy.
        k1.set(k0.subarray(lo, hi), lo)
        p1.set(p0.subarray(lo, hi), lo)
      } else {
        while (i < mid && j < hi) {
          const ki = k0[i]!
          const kj = k0[j]!
          if (kj < ki) {
            k1[o] = kj
            p1[o++] = p0[j++]!
          } else {
            k1[o] = ki
            p1[o++] = p0[i++]!
          }
        }
        while (i < mid) {
          k1[o] = k0[i]!
          p1[o++] = p0[i++]!
        }
        while (j < hi) {
          k1[o] = k0[j]!
          p1[o++] = p0[j++]!
        }
      }
      next.push(hi)
      yield
    }
    b = next
    ;[k0, k1] = [k1, k0]
    ;[p0, p1] = [p1, p0]
  }
  return { key: k0, pos: p0 }
}

/** The first position whose time is ≥ t (binary search). */
export function lowerIndex(slice: TimelineSlice, t: number): number {
  let lo = 0
  let hi = slice.count
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (slice.at[mid]! < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/** The stable id of the event at position i. */
export function sliceEventId(slice: TimelineSlice, i: number): string {
  const seg = slice.segments[slice.seg[i]!]!.segment
  const k = slice.idx[i]!
  return eventId(seg.sourceId, seg.dict[seg.sheet[k]!] ?? '', seg.row[k]!)
}

/** Position of an event by its stable id, or -1 (a linear scan: used once per selection, not per frame). */
export function sliceIndexOf(slice: TimelineSlice, id: string): number {
  for (let i = 0; i < slice.count; i++) if (sliceEventId(slice, i) === id) return i
  return -1
}
