// The timeline's zoom and pan: the pointer's time stays put, zoom stops at a second and at twenty years.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { fitScale, makeScale, MAX_SPAN_MS, MIN_SPAN_MS, pan, panFraction, spanOf, timeToX, xToTime, zoomAt } from '../../../../../src/core/analysis/timeline/scale'

const T0 = Date.UTC(2024, 2, 1)

describe('time scale', () => {
  it('maps times to pixels and back', () => {
    const s = makeScale(T0, T0 + 10_000, 1000)
    expect(timeToX(s, T0 + 2_500)).toBeCloseTo(250)
    expect(xToTime(s, 750)).toBeCloseTo(T0 + 7_500)
  })

  it('zooming keeps the time under the pointer in place', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 1200, noNaN: true }), fc.double({ min: 0.2, max: 5, noNaN: true }), (x, f) => {
        const s = makeScale(T0, T0 + 30 * 86_400_000, 1200)
        const z = zoomAt(s, x, f)
        expect(Math.abs(xToTime(z, x) - xToTime(s, x))).toBeLessThan(1)
      })
    )
  })

  it('stops zooming in at about one second across the chart', () => {
    let s = makeScale(T0, T0 + 86_400_000, 1000)
    for (let i = 0; i < 200; i++) s = zoomAt(s, 500, 2)
    expect(spanOf(s)).toBe(MIN_SPAN_MS)
    // The point under the pointer is still on screen.
    expect(T0 + 43_200_000).toBeGreaterThanOrEqual(s.start)
    expect(T0 + 43_200_000).toBeLessThanOrEqual(s.end)
  })

  it('stops zooming out at about twenty years', () => {
    let s = makeScale(T0, T0 + 86_400_000, 1000)
    for (let i = 0; i < 200; i++) s = zoomAt(s, 100, 0.5)
    expect(spanOf(s)).toBe(MAX_SPAN_MS)
    expect(MAX_SPAN_MS / (365.25 * 86_400_000)).toBeCloseTo(20)
  })

  it('dragging right shows earlier times; keyboard panning moves by a share of the span', () => {
    const s = makeScale(T0, T0 + 1_000_000, 1000)
    const p = pan(s, 100)
    expect(p.start).toBe(T0 - 100_000)
    expect(spanOf(p)).toBe(spanOf(s))
    const k = panFraction(s, 0.25)
    expect(k.start).toBe(T0 + 250_000)
  })

  it('fits a single event in a readable window, and data with a margin', () => {
    const one = fitScale(T0, T0, 800)
    expect(spanOf(one)).toBeGreaterThanOrEqual(MIN_SPAN_MS)
    expect(one.start).toBeLessThan(T0)
    expect(one.end).toBeGreaterThan(T0)
    const many = fitScale(T0, T0 + 100_000_000, 800, 0.05)
    expect(many.start).toBe(T0 - 5_000_000)
    expect(many.end).toBe(T0 + 105_000_000)
    const none = fitScale(Infinity, -Infinity, 800, 0.02, T0)
    expect(none.start).toBeLessThan(T0)
    expect(none.end).toBeGreaterThan(T0)
  })

  it('clamps a range wider than twenty years around its middle', () => {
    const s = makeScale(0, 100 * 365.25 * 86_400_000, 500)
    expect(spanOf(s)).toBe(MAX_SPAN_MS)
    expect((s.start + s.end) / 2).toBeCloseTo(50 * 365.25 * 86_400_000)
  })
})
