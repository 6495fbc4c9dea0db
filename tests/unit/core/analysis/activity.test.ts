// The heatmap and daily activity are on the display zone's clock: the same calls land on other hours and days in
// Dhaka than in UTC, and a zone with daylight saving moves them by its offset of the day.
import { describe, expect, it } from 'vitest'
import { activityProfile, isDisplayZone } from '../../../../src/core/analysis/activity'
import { cdr, DAY, HOUR, indexed, key, MON } from './entityFixtures'

const X = '+8801711111111'
const Y = '+8801722222222'

function cellsWithEvents(heatmap: readonly (readonly number[])[]): [number, number, number][] {
  const out: [number, number, number][] = []
  heatmap.forEach((row, d) => row.forEach((n, h) => n > 0 && out.push([d, h, n])))
  return out
}

describe('activity profile', () => {
  // Sunday 3 March 2024, 20:30 UTC = Monday 02:30 in Dhaka (UTC+6); Monday 10:00 UTC = 16:00 in Dhaka.
  const segments = indexed([
    [
      cdr({ a: X, b: Y, at: MON - 3.5 * HOUR, duration: 60 }),
      cdr({ a: X, b: Y, at: MON - 3.5 * HOUR + 60_000, service: 'sms' }),
      cdr({ a: Y, b: X, at: MON + 10 * HOUR, duration: 20, direction: 'incoming' }),
      cdr({ a: Y, b: '+8801733333333', at: MON + 11 * HOUR })
    ]
  ])

  it('places events by hour and weekday in UTC', () => {
    const p = activityProfile(segments, key(X), 'UTC')
    expect(cellsWithEvents(p.heatmap)).toEqual([
      [0, 10, 1],
      [6, 20, 2]
    ])
    expect(p.days).toEqual([
      { day: '2024-03-03', events: 2, calls: 1, sms: 1, other: 0, seconds: 60 },
      { day: '2024-03-04', events: 1, calls: 1, sms: 0, other: 0, seconds: 20 }
    ])
    expect(p.total).toBe(3)
  })

  it('places the same events on Dhaka’s clock', () => {
    const p = activityProfile(segments, key(X), 'Asia/Dhaka')
    expect(cellsWithEvents(p.heatmap)).toEqual([
      [0, 2, 2],
      [0, 16, 1]
    ])
    expect(p.days.map((d) => [d.day, d.events])).toEqual([['2024-03-04', 3]])
    expect(p.zone).toBe('Asia/Dhaka')
  })

  it('follows daylight saving: the same UTC hour is a different local hour either side of the change', () => {
    // New York moved to UTC−4 on 10 March 2024 at 07:00 UTC.
    const before = Date.UTC(2024, 2, 9, 15)
    const after = Date.UTC(2024, 2, 11, 15)
    const justAfterChange = Date.UTC(2024, 2, 10, 7, 30)
    const s = indexed([[cdr({ a: X, b: Y, at: before }), cdr({ a: X, b: Y, at: justAfterChange }), cdr({ a: X, b: Y, at: after })]])
    const p = activityProfile(s, key(X), 'America/New_York')
    // Saturday 10:00 EST, Sunday 03:30 EDT, Monday 11:00 EDT.
    expect(cellsWithEvents(p.heatmap)).toEqual([
      [0, 11, 1],
      [5, 10, 1],
      [6, 3, 1]
    ])
  })

  it('counts undated events apart and refuses a zone that is not one', () => {
    const s = indexed([[cdr({ a: X, b: Y, at: MON }), cdr({ a: X, b: Y, at: NaN })]])
    const p = activityProfile(s, key(X), 'UTC')
    expect([p.total, p.undated]).toEqual([1, 1])
    expect(isDisplayZone('+07:00')).toBe(false)
    expect(isDisplayZone('Asia/Bangkok')).toBe(true)
    expect(() => activityProfile(s, key(X), 'Mars/Olympus')).toThrow(RangeError)
  })

  it('counts every event of the entity whatever the day span', () => {
    const many = Array.from({ length: 50 }, (_, i) => cdr({ a: X, b: Y, at: MON + i * 7 * HOUR + (i % 3) * DAY }))
    const p = activityProfile(indexed([many], 7), key(X), 'Asia/Kolkata')
    expect(p.heatmap.flat().reduce((n, x) => n + x, 0)).toBe(50)
    expect(p.days.reduce((n, d) => n + d.events, 0)).toBe(50)
  })
})
