// The events a timeline filter matches, extracted once from the segments into compact typed arrays in time order,
// with the lane (or two lanes, for a link) each falls in: what the chart draws and histograms without building one
// object per event.
import { EventIndex, type EventFilter, type IndexedSegment } from '../../store/query'
import { ENTITY_COLUMNS, eventId } from '../../store/segment'
import type { LaneMode } from '../timelineFilter'
import { glyphOf, TYPE_LANE_OF_KIND } from './lanes'

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
   * Until the first read of the per-event arrays above, the events as time-sorted runs (one per stretch of a source):
   * enough for the histogram and the counts, which need no single time order. Null once merged.
   */
  readonly runs?: SliceRuns | null
}

/** Dated matching events as consecutive runs [bounds[k], bounds[k+1]), each in time order. */
export interface SliceRuns {
  readonly at: Float64Array
  readonly laneA: Int16Array
  readonly laneB: Int16Array
  readonly bounds: readonly number[]
}

export interface SliceLanes {
  readonly mode: LaneMode
  /** Entity keys, one lane each in this order (entity mode). */
  readonly keys?: readonly string[]
}

/**
 * Extracts the dated events `filter` matches from `segments` (mirror duplicates left out, as in the table). In entity
 * mode an event is kept only when it involves a lane's entity. The segments' time-sorted runs are merged into one
 * time order on the first read of a per-event array (or by prepareSlice); the histogram and counts do not need it.
 */
export function sliceEvents(segments: readonly IndexedSegment[], filter: EventFilter, lanes: SliceLanes): TimelineSlice {
  const index = new EventIndex(segments)
  // Runs by source, then by position in the source: a source's segments follow one another in time, so consecutive
  // runs join into one before merging, and events at the same instant keep the table's order (source, then row).
  const runs = matchRuns(index, filter).sort((x, y) => {
    const a = x.segment.segment
    const b = y.segment.segment
    return a.sourceId < b.sourceId ? -1 : a.sourceId > b.sourceId ? 1 : a.seq - b.seq
  })
  const segList = runs.map((r) => r.segment)
  let undated = 0
  // Per run: dated prefix length and per-dictionary-code lane index (entity mode).
  const datedLen: number[] = []
  const laneOfCode: (Int16Array | null)[] = []
  const keyLane = new Map<string, number>()
  ;(lanes.keys ?? []).forEach((k, i) => {
    if (!keyLane.has(k)) keyLane.set(k, i)
  })
  let total = 0
  for (const r of runs) {
    const seg = r.segment.segment
    let n = 0
    while (n < r.idx.length && r.idx[n]! < seg.datedCount) n++
    datedLen.push(n)
    undated += r.idx.length - n
    total += n
    if (lanes.mode === 'entities') {
      const m = new Int16Array(seg.dict.length).fill(-1)
      seg.dict.forEach((s, code) => {
        const li = keyLane.get(s)
        if (code !== 0 && li !== undefined) m[code] = li
      })
      laneOfCode.push(m)
    } else laneOfCode.push(null)
  }

  // Gather the matching dated events run by run (each run is in time order), with their lanes; then merge the runs
  // pairwise, bottom-up, on typed arrays. Sources cover the same days, so their segments interleave event by event: a
  // heap merge pays a sift per event, while each pairwise pass is one tight linear loop (log2(runs) passes in all).
  const keyA = new Float64Array(total)
  const runOf = new Uint16Array(total)
  const idxOf = new Uint32Array(total)
  const laneA0 = new Int16Array(total)
  const laneB0 = new Int16Array(total)
  const bounds: number[] = [0]
  let n = 0
  for (let r = 0; r < runs.length; r++) {
    const seg = runs[r]!.segment.segment
    const idx = runs[r]!.idx
    const sat = seg.at
    const skind = seg.kind
    const m = laneOfCode[r]
    const cols = m ? ENTITY_COLUMNS.map((c) => seg[c]) : []
    const end = datedLen[r]!
    for (let k = 0; k < end; k++) {
      const i = idx[k]!
      let a = -1
      let b = -1
      if (m) {
        for (const col of cols) {
          const li = m[col[i]!]!
          if (li < 0 || li === a || li === b) continue
          if (a < 0) a = li
          else if (b < 0) b = li
        }
        if (a < 0) continue
      } else a = TYPE_LANE_OF_KIND[skind[i]!] ?? -1
      keyA[n] = sat[i]!
      runOf[n] = r
      idxOf[n] = i
      laneA0[n] = a
      laneB0[n] = b
      n++
    }
    const last = bounds[bounds.length - 1]!
    if (n === last) continue
    // Joins the previous run when it starts where that one ends (the next segment of the same source).
    if (bounds.length > 1 && keyA[last - 1]! <= keyA[last]!) bounds[bounds.length - 1] = n
    else bounds.push(n)
  }
  const segs = runs.map((r) => r.segment.segment)
  let minAt = NaN
  let maxAt = NaN
  for (let k = 0; k + 1 < bounds.length; k++) {
    const lo = keyA[bounds[k]!]!
    const hi = keyA[bounds[k + 1]! - 1]!
    if (!(lo >= minAt)) minAt = lo
    if (!(hi <= maxAt)) maxAt = hi
  }
  // The merge into one time order waits until something needs it (glyphs, hit tests, positions): the histogram and
  // the counts of the first, fitted view read the runs as they are.
  let pending: { runs: SliceRuns; runOf: Uint16Array; idxOf: Uint32Array } | null = {
    runs: { at: keyA.subarray(0, n), laneA: laneA0.subarray(0, n), laneB: laneB0.subarray(0, n), bounds },
    runOf,
    idxOf
  }
  let merged: Merged | null = null
  const merge = (): Merged => {
    if (merged) return merged
    const p0 = pending!
    pending = null
    const posA = new Uint32Array(n)
    for (let j = 0; j < n; j++) posA[j] = j
    const { pos } = mergeRuns(keyA.slice(0, n), posA, bounds, n)
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
    const { runOf: ro, idxOf: io, runs: pr } = p0
    for (let j = 0; j < n; j++) {
      const p = pos[j]!
      const r = ro[p]!
      const i = io[p]!
      const seg = segs[r]!
      at[j] = pr.at[p]!
      durationS[j] = seg.durationS[i]!
      glyph[j] = GLYPHS[(seg.kind[i]! & 15) * 8 + (seg.direction[i]! & 7)]!
      laneA[j] = pr.laneA[p]!
      laneB[j] = pr.laneB[p]!
      segIdx[j] = r
      evIdx[j] = i
    }
    return (merged = { at, durationS, glyph, laneA, laneB, seg: segIdx, idx: evIdx })
  }
  return {
    count: n,
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
      return pending ? pending.runs : null
    },
    segments: segList,
    undated,
    minAt,
    maxAt
  }
}

type Merged = Pick<TimelineSlice, 'at' | 'durationS' | 'glyph' | 'laneA' | 'laneB' | 'seg' | 'idx'>

/**
 * The query engine's matches, with the entity test done here: it is the timeline's most common filter, and one tight
 * pass over the seven entity columns per segment is several times faster than the general per-event test.
 */
function matchRuns(index: EventIndex, filter: EventFilter): { segment: IndexedSegment; idx: Uint32Array }[] {
  const keys = filter.entities
  if (!keys?.length || filter.roles) return index.matchIndexes({ ...filter, offset: 0, limit: 0 })
  const { entities: _entities, ...rest } = filter
  const out: { segment: IndexedSegment; idx: Uint32Array }[] = []
  for (const run of index.matchIndexes({ ...rest, offset: 0, limit: 0 })) {
    const seg = run.segment.segment
    const mask = new Uint8Array(seg.dict.length)
    let any = false
    for (const k of keys) {
      const code = k === '' ? -1 : seg.dict.indexOf(k)
      if (code > 0) {
        mask[code] = 1
        any = true
      }
    }
    if (!any) continue
    const { a, b, aAlt, bAlt, imei, imsi, cell } = seg
    const idx = run.idx
    const kept = new Uint32Array(idx.length)
    let n = 0
    for (let k = 0; k < idx.length; k++) {
      const i = idx[k]!
      if (mask[a[i]!]! | mask[b[i]!]! | mask[aAlt[i]!]! | mask[bAlt[i]!]! | mask[imei[i]!]! | mask[imsi[i]!]! | mask[cell[i]!]!) kept[n++] = i
    }
    if (n > 0) out.push({ segment: run.segment, idx: kept.subarray(0, n) })
  }
  return out
}

/** Merges the slice into time order now (e.g. while the analyst looks at the first view), not at the first zoom-in. */
export function prepareSlice(slice: TimelineSlice): void {
  void slice.at
}

/**
 * Stable bottom-up merge of the sorted runs [bounds[k], bounds[k+1]) of `key` (payload `pos` alongside); equal keys
 * keep run order. Returns the arrays holding the merged result (either the inputs or the scratch copies).
 */
function mergeRuns(key: Float64Array, pos: Uint32Array, bounds: readonly number[], n: number): { key: Float64Array; pos: Uint32Array } {
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
