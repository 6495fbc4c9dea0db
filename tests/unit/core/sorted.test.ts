// lowerBound finds where a time or position belongs in a sorted column, as a linear search would.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { lowerBound } from '../../../src/core/sorted'

describe('lowerBound', () => {
  it('agrees with a linear search over any sorted column and window', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -50, max: 50 }), { maxLength: 60 }), fc.integer({ min: -60, max: 60 }), fc.nat(), fc.nat(), (raw, v, a, b) => {
        const xs = Float64Array.from(raw.sort((x, y) => x - y))
        const lo = Math.min(a, b) % (xs.length + 1)
        const hi = Math.max(lo, Math.max(a, b) % (xs.length + 1))
        let want = lo
        while (want < hi && xs[want]! < v) want++
        expect(lowerBound(xs, v, lo, hi)).toBe(want)
      })
    )
  })

  it('returns the first of equal values, and the end when all are smaller', () => {
    const xs = Uint32Array.from([1, 3, 3, 3, 7])
    expect(lowerBound(xs, 3)).toBe(1)
    expect(lowerBound(xs, 8)).toBe(5)
    expect(lowerBound(xs, 0)).toBe(0)
  })
})
