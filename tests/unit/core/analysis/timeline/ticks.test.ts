// Axis ticks as an analyst reads them: on local midnights and round local hours in the zone the axis names, across a
// daylight-saving change, in Dhaka and Kathmandu, from years down to seconds.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { axisZoneLabel, computeTicks } from '../../../../../src/core/analysis/timeline/ticks'

const H = 3_600_000

describe('axis ticks', () => {
  it('keeps 6-hour ticks on local 00/06/12/18 across the London spring-forward', () => {
    // Sunday 31 March 2024: clocks go from 01:00 GMT to 02:00 BST.
    const start = Date.UTC(2024, 2, 30, 12)
    const end = Date.UTC(2024, 3, 1, 12)
    const t = computeTicks(start, end, 600, 'Europe/London', 60)
    expect(t.step).toMatchObject({ unit: 'hour', count: 6 })
    expect(new Set(t.minor.map((x) => x.label))).toEqual(new Set(['00:00', '06:00', '12:00', '18:00']))
    const midnight31 = t.minor.find((x) => x.at === Date.UTC(2024, 2, 31, 0))
    expect(midnight31?.label).toBe('00:00')
    // 06:00 BST is 05:00 UTC: only five real hours after local midnight on that day.
    expect(t.minor.find((x) => x.at === Date.UTC(2024, 2, 31, 5))?.label).toBe('06:00')
    // Day boundaries are local midnights: 00:00 GMT on the 31st, 00:00 BST (23:00 UTC) on 1 April.
    expect(t.major.map((x) => x.at)).toEqual([Date.UTC(2024, 2, 31, 0), Date.UTC(2024, 2, 31, 23)])
    expect(t.major[1]?.label).toBe('Mon 1 Apr 2024')
    expect(t.zoneLabel).toBe('Europe/London (UTC+00:00 → UTC+01:00)')
  })

  it('skips the hour that does not exist and never repeats a tick', () => {
    const t = computeTicks(Date.UTC(2024, 2, 30, 22), Date.UTC(2024, 2, 31, 4), 400, 'Europe/London', 60)
    expect(t.step).toMatchObject({ unit: 'hour', count: 1 })
    const labels = t.minor.map((x) => x.label)
    expect(labels).toEqual(['22:00', '23:00', '00:00', '02:00', '03:00', '04:00', '05:00'])
    for (let i = 1; i < t.minor.length; i++) expect(t.minor[i]!.at - t.minor[i - 1]!.at).toBe(H)
  })

  it('puts day ticks on Dhaka midnights (18:00 UTC) and names the zone with its offset', () => {
    const start = Date.UTC(2024, 0, 1)
    const end = Date.UTC(2024, 0, 8)
    const t = computeTicks(start, end, 1000, 'Asia/Dhaka', 100)
    expect(t.step.unit).toBe('day')
    for (const x of t.minor) expect(new Date(x.at).getUTCHours()).toBe(18)
    // 00:00 UTC on the 1st is 06:00 in Dhaka: the first local midnight is the 2nd's.
    expect(t.minor[0]).toEqual({ at: Date.UTC(2024, 0, 1, 18), label: 'Tue 2' })
    expect(t.zoneLabel).toBe('Asia/Dhaka (UTC+06:00)')
    expect(computeTicks(start, end, 1000, 'UTC', 100).minor[0]?.at).toBe(Date.UTC(2024, 0, 1))
  })

  it('keeps quarter-hour ticks on round local minutes in Kathmandu (UTC+05:45)', () => {
    const t = computeTicks(Date.UTC(2024, 5, 1, 3, 7), Date.UTC(2024, 5, 1, 6, 50), 800, 'Asia/Kathmandu', 50)
    expect(t.step).toMatchObject({ unit: 'minute', count: 15 })
    for (const x of t.minor) expect(x.label).toMatch(/:(00|15|30|45)$/)
    expect(t.minor[0]?.label).toBe('09:00')
  })

  it('steps from years to seconds as the window narrows', () => {
    const t0 = Date.UTC(2020, 0, 1)
    expect(computeTicks(t0, t0 + 15 * 365 * 86_400_000, 1000, 'UTC').step.unit).toBe('year')
    expect(computeTicks(t0, t0 + 300 * 86_400_000, 1000, 'UTC').step.unit).toBe('month')
    expect(computeTicks(t0, t0 + 2 * 86_400_000, 1000, 'UTC').step.unit).toBe('hour')
    const secs = computeTicks(t0 + 5_300, t0 + 12_000, 1000, 'UTC')
    expect(secs.step.unit).toBe('second')
    expect(secs.minor[0]?.label).toBe('00:00:06')
    expect(secs.context).toBe('Wed 1 Jan 2020, 00:00')
  })

  it('names a source-local view as a UTC axis', () => {
    expect(axisZoneLabel('source', 0, 1)).toMatch(/^UTC/)
    expect(computeTicks(0, 86_400_000, 800, 'source').zone).toBe('UTC')
  })

  it('gives increasing, in-range, readable ticks for any window and zone', () => {
    const zones = ['UTC', 'Europe/London', 'Asia/Dhaka', 'Asia/Kathmandu', 'America/New_York', 'Australia/Lord_Howe']
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1995, 0, 1), max: Date.UTC(2035, 0, 1) }),
        fc.integer({ min: 1_000, max: 20 * 365 * 86_400_000 }),
        fc.integer({ min: 200, max: 2400 }),
        fc.constantFrom(...zones),
        (start, span, width, zone) => {
          const t = computeTicks(start, start + span, width, zone, 70)
          const pxPerMs = width / span
          for (let i = 0; i < t.minor.length; i++) {
            const x = t.minor[i]!
            expect(x.at).toBeGreaterThanOrEqual(start)
            expect(x.at).toBeLessThanOrEqual(start + span)
            expect(x.label.length).toBeGreaterThan(0)
            // Months are 28–31 days and DST days 23 hours, so allow some slack under the requested spacing.
            if (i > 0) expect((x.at - t.minor[i - 1]!.at) * pxPerMs).toBeGreaterThan(70 * 0.45)
          }
          expect(t.minor.length).toBeLessThanOrEqual(Math.ceil(width / (70 * 0.45)) + 2)
        }
      ),
      { numRuns: 200 }
    )
  })
})
