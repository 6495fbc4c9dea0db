// Events per time bucket per lane, for the timeline's histogram at coarse zoom: one pass over the slice's typed arrays
// between two binary searches, so a million events bin in a few milliseconds.
import { TYPE_LANE_OF_KIND } from './lanes'
import { lowerIndex, type TimelineSlice } from './slice'
import { lowerBound } from '../../sorted'

export interface Density {
  readonly lanes: number
  readonly buckets: number
  readonly start: number
  /** ms per bucket. */
  readonly bucketMs: number
  /** counts[lane * buckets + bucket]. */
  readonly counts: Uint32Array
  /** Largest count per lane. */
  readonly max: Uint32Array
  /** Events counted (an event in two lanes counts once here). */
  readonly total: number
}

/**
 * Histogram of the slice's events in [start, end) over `buckets` equal buckets per lane. A link (an event in two
 * lanes) counts in both lanes.
 */
export function densityHistogram(slice: TimelineSlice, start: number, end: number, buckets: number, lanes: number): Density {
  const nb = Math.max(1, Math.floor(buckets))
  const nl = Math.max(0, Math.floor(lanes))
  const span = end - start
  if (!(span > 0)) throw new Error(`densityHistogram: empty range ${start}..${end}`)
  const bucketMs = span / nb
  const counts = new Uint32Array(nl * nb)
  const max = new Uint32Array(nl)
  const scale = nb / span
  let total = 0
  const add = (at: Float64Array, la: Int16Array, lb: Int16Array, lo: number, hi: number): void => {
    for (let i = lo; i < hi; i++) {
      let b = Math.floor((at[i]! - start) * scale)
      if (b >= nb) b = nb - 1
      const a = la[i]!
      const c = lb[i]!
      let counted = false
      if (a >= 0 && a < nl) {
        const v = ++counts[a * nb + b]!
        if (v > max[a]!) max[a] = v
        counted = true
      }
      if (c >= 0 && c < nl) {
        const v = ++counts[c * nb + b]!
        if (v > max[c]!) max[c] = v
        counted = true
      }
      if (counted) total++
    }
  }
  const runs = slice.runs
  if (runs) {
    // Not merged yet: each run is in time order, and a histogram does not care which run an event came from.
    for (const run of runs) {
      const lo = lowerBound(run.at, start, run.lo, run.hi)
      const hi = lowerBound(run.at, end, lo, run.hi)
      if (run.laneA && run.laneB) add(run.at, run.laneA, run.laneB, lo, hi)
      else {
        // A segment taken whole: its type lane follows from its kind, and mirror duplicates are passed over.
        const { at, kind, skip } = run
        for (let i = lo; i < hi; i++) {
          if (skip && skip[i] === 1) continue
          const a = TYPE_LANE_OF_KIND[kind![i]!]!
          if (a < 0 || a >= nl) continue
          let b = Math.floor((at[i]! - start) * scale)
          if (b >= nb) b = nb - 1
          const v = ++counts[a * nb + b]!
          if (v > max[a]!) max[a] = v
          total++
        }
      }
    }
  } else add(slice.at, slice.laneA, slice.laneB, lowerIndex(slice, start), lowerIndex(slice, end))
  return { lanes: nl, buckets: nb, start, bucketMs, counts, max, total }
}

/** How many of the slice's events fall in [start, end) (what the chart says it shows). */
export function countInRange(slice: TimelineSlice, start: number, end: number): number {
  const runs = slice.runs
  if (!runs) return Math.max(0, lowerIndex(slice, end) - lowerIndex(slice, start))
  let n = 0
  for (const run of runs) {
    const lo = lowerBound(run.at, start, run.lo, run.hi)
    const hi = lowerBound(run.at, end, lo, run.hi)
    n += hi - lo - (run.skipBefore ? run.skipBefore[hi]! - run.skipBefore[lo]! : 0)
  }
  return n
}
