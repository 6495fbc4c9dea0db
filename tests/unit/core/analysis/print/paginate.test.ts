// Pagination of the printed timeline: paper sizes, chart pages over time, appendix pages and page numbers.
import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { breakBetween, chartWindows, numberPages, rowsPerPage, splitRows, splitRowsByHeight } from '../../../../../src/core/analysis/print/paginate'
import { pageGeometry, PAPER_SIZES, PX_PER_MM } from '../../../../../src/core/analysis/print/paper'

const H = 3_600_000
const D = 24 * H
const T0 = Date.UTC(2024, 1, 5)

describe('pageGeometry', () => {
  it('gives A4, A3 and Letter sheets in CSS px at 96 dpi, swapped in landscape', () => {
    const a4 = pageGeometry('A4', 'portrait')
    expect(a4.widthPx).toBe(Math.floor(210 * PX_PER_MM))
    expect(a4.heightPx).toBe(Math.floor(297 * PX_PER_MM))
    expect(a4.cssSize).toBe('210mm 297mm')
    const a4l = pageGeometry('A4', 'landscape')
    expect([a4l.widthPx, a4l.heightPx]).toEqual([a4.heightPx, a4.widthPx])
    expect(a4l.cssSize).toBe('297mm 210mm')
    // Letter is 8.5 × 11 inches: 816 × 1056 CSS px.
    const letter = pageGeometry('Letter', 'portrait')
    expect([letter.widthPx, letter.heightPx]).toEqual([816, 1056])
    expect(pageGeometry('A3', 'portrait').widthPx).toBe(a4l.widthPx)
  })

  it('never lays out more than the sheet holds', () => {
    for (const p of PAPER_SIZES) {
      for (const o of ['portrait', 'landscape'] as const) {
        const g = pageGeometry(p, o)
        expect(g.widthPx).toBeLessThanOrEqual(g.widthMm * PX_PER_MM)
        expect(g.heightPx).toBeLessThanOrEqual(g.heightMm * PX_PER_MM)
        expect(g.contentWidthPx + 2 * g.marginPx).toBe(g.widthPx)
      }
    }
  })
})

describe('breakBetween', () => {
  it('breaks at local midnight of the zone when the quiet period spans it', () => {
    // 20:00 to 07:00 in Dhaka (UTC+6): the break is Dhaka midnight, 18:00 UTC.
    const a = Date.UTC(2024, 1, 5, 14)
    const b = Date.UTC(2024, 1, 6, 1)
    expect(breakBetween(a, b, 'Asia/Dhaka')).toBe(Date.UTC(2024, 1, 5, 18))
    expect(breakBetween(a, b, 'UTC')).toBe(Date.UTC(2024, 1, 6))
  })

  it('falls back to a round hour, minute, and finally the later instant', () => {
    expect(breakBetween(Date.UTC(2024, 1, 5, 9, 50), Date.UTC(2024, 1, 5, 10, 5), 'UTC')).toBe(Date.UTC(2024, 1, 5, 10))
    expect(breakBetween(Date.UTC(2024, 1, 5, 9, 50, 10), Date.UTC(2024, 1, 5, 9, 51, 30), 'UTC')).toBe(Date.UTC(2024, 1, 5, 9, 51))
    const a = Date.UTC(2024, 1, 5, 9, 50, 10, 100)
    expect(breakBetween(a, a + 300, 'UTC')).toBe(a + 300)
  })

  it('lands on round minutes in a zone with a 45-minute offset', () => {
    const b = breakBetween(Date.UTC(2024, 1, 5, 3, 1, 10), Date.UTC(2024, 1, 5, 3, 1, 50), 'Asia/Kathmandu')
    expect(b).toBe(Date.UTC(2024, 1, 5, 3, 1, 11))
    const r = breakBetween(Date.UTC(2024, 1, 5, 3, 0), Date.UTC(2024, 1, 5, 3, 40), 'Asia/Kathmandu')
    expect(DateTime.fromMillis(r, { zone: 'Asia/Kathmandu' }).minute % 30).toBe(0)
  })
})

/** Events in daytime bursts: `perDay` events between 08:00 and 20:00 UTC on each of `days` days. */
function daytime(days: number, perDay: number): number[] {
  const out: number[] = []
  for (let d = 0; d < days; d++) for (let i = 0; i < perDay; i++) out.push(T0 + d * D + 8 * H + Math.floor((i * 12 * H) / perDay))
  return out
}

describe('chartWindows', () => {
  it('puts every event on exactly one page, in order, within the page window', () => {
    const times = daytime(10, 37)
    const w = chartWindows(times, { perPage: 100, zone: 'UTC' })
    expect(w[0]!.first).toBe(0)
    expect(w[w.length - 1]!.end).toBe(times.length)
    for (let k = 0; k < w.length; k++) {
      if (k > 0) expect(w[k]!.first).toBe(w[k - 1]!.end)
      expect(w[k]!.end - w[k]!.first).toBeLessThanOrEqual(100)
      for (let i = w[k]!.first; i < w[k]!.end; i++) {
        expect(times[i]!).toBeGreaterThanOrEqual(w[k]!.start)
        expect(times[i]!).toBeLessThan(w[k]!.stop)
      }
      if (k > 0) expect(w[k]!.start).toBeGreaterThanOrEqual(w[k - 1]!.stop)
    }
  })

  it('breaks pages at night rather than in the middle of a day of calls', () => {
    const times = daytime(12, 30)
    const w = chartWindows(times, { perPage: 75, zone: 'UTC' })
    // 75 per page, 30 a day: two whole days per page, every break on a midnight.
    for (const p of w.slice(0, -1)) {
      expect(p.end - p.first).toBe(60)
      expect(new Date(times[p.end]!).getUTCHours()).toBe(8)
    }
  })

  it('puts a burst that fits on one page on one page', () => {
    const quiet = [T0, T0 + 2 * D, T0 + 4 * D]
    const burst = Array.from({ length: 50 }, (_, i) => T0 + 5 * D + i * 60_000)
    const times = [...quiet, ...burst, T0 + 9 * D]
    const w = chartWindows(times, { perPage: 60, zone: 'UTC' })
    const holding = w.filter((p) => p.first <= 3 && p.end >= 53)
    expect(holding).toHaveLength(1)
  })

  it('keeps events of one instant together even beyond a page', () => {
    const times = [...Array.from({ length: 30 }, () => T0), T0 + H]
    const w = chartWindows(times, { perPage: 10, zone: 'UTC' })
    expect(w[0]!.end).toBe(30)
  })

  it('holds more per page rather than exceed the page limit', () => {
    const times = Array.from({ length: 10_000 }, (_, i) => T0 + i * 60_000)
    expect(chartWindows(times, { perPage: 50, zone: 'UTC', maxPages: 40 }).length).toBeLessThanOrEqual(40)
    expect(chartWindows(times, { perPage: 50, zone: 'UTC' }).length).toBeGreaterThan(100)
  })

  it('gives a readable window to a single event and nothing for no events', () => {
    expect(chartWindows([], { perPage: 10, zone: 'UTC' })).toEqual([])
    const [w] = chartWindows([T0], { perPage: 10, zone: 'UTC' })
    expect(w!.stop - w!.start).toBeGreaterThan(0)
    expect(T0).toBeGreaterThanOrEqual(w!.start)
    expect(T0).toBeLessThan(w!.stop)
  })

  it('refuses unsorted times (a programmer error)', () => {
    expect(() => chartWindows([T0 + 1, T0], { perPage: 10, zone: 'UTC' })).toThrow()
  })

  it('partitions any sorted times into ordered, non-overlapping pages', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 * D }), { minLength: 1, maxLength: 400 }), fc.integer({ min: 2, max: 80 }), (raw, perPage) => {
        const times = raw.map((x) => T0 + x).sort((a, b) => a - b)
        const w = chartWindows(times, { perPage, zone: 'Asia/Dhaka' })
        let next = 0
        let lastStop = -Infinity
        for (const p of w) {
          expect(p.first).toBe(next)
          expect(p.end).toBeGreaterThan(p.first)
          expect(p.start).toBeGreaterThanOrEqual(lastStop)
          expect(p.stop).toBeGreaterThan(p.start)
          for (let i = p.first; i < p.end; i++) expect(times[i]! >= p.start && times[i]! < p.stop).toBe(true)
          next = p.end
          lastStop = p.stop
        }
        expect(next).toBe(times.length)
      }),
      { numRuns: 150 }
    )
  })
})

describe('appendix paging and numbering', () => {
  it('fits whole rows under the head and always at least one', () => {
    expect(rowsPerPage(622, 22, 30)).toBe(20)
    expect(rowsPerPage(10, 22, 30)).toBe(1)
  })

  it('splits rows into pages and gives an empty table one page', () => {
    expect(splitRows(45, 20)).toEqual([
      [0, 20],
      [20, 40],
      [40, 45]
    ])
    expect(splitRows(0, 20)).toEqual([[0, 0]])
  })

  it('numbers pages X of Y across sections and links continuations within a section only', () => {
    const pages = numberPages([['c1', 'c2', 'c3'], ['t1', 't2'], ['s1']])
    expect(pages.map((p) => `${p.body}:${p.number}/${p.total}`)).toEqual(['c1:1/6', 'c2:2/6', 'c3:3/6', 't1:4/6', 't2:5/6', 's1:6/6'])
    expect(pages.map((p) => [p.continuedFrom, p.continuesOn])).toEqual([
      [null, 2],
      [1, 3],
      [2, null],
      [null, 5],
      [4, null],
      [null, null]
    ])
  })
})

describe('splitRowsByHeight', () => {
  it('covers every row once, in order, and fills no page past its height', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 60 }), { maxLength: 400 }), fc.integer({ min: 60, max: 900 }), (heights, body) => {
        const pages = splitRowsByHeight(heights.length, body, (i) => heights[i]!)
        if (heights.length === 0) {
          expect(pages).toEqual([[0, 0]])
          return
        }
        let next = 0
        for (const [a, b] of pages) {
          expect(a).toBe(next)
          expect(b).toBeGreaterThan(a)
          const h = heights.slice(a, b).reduce((x, y) => x + y, 0)
          expect(h).toBeLessThanOrEqual(body)
          // A page ends only where the next row would not fit.
          if (b < heights.length) expect(h + heights[b]!).toBeGreaterThan(body)
          next = b
        }
        expect(next).toBe(heights.length)
      })
    )
  })
})
