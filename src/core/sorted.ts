// Binary search over sorted numeric columns (times, event positions), shared by the store, the timeline and analysis.

/** The first position in [lo, hi) of an ascending column whose value is ≥ v (hi when there is none). */
export function lowerBound(xs: ArrayLike<number>, v: number, lo = 0, hi = xs.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (xs[mid]! < v) lo = mid + 1
    else hi = mid
  }
  return lo
}
