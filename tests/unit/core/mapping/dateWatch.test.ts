// Tests the watched date readers a streaming import uses: same instants as parseDateTime/combineDateTime, and the same decision as decideDateFormat over every value read.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  combineDateTime,
  combineDateTimeWatched,
  createDateWatch,
  decideDateFormat,
  decideWatched,
  parseDateTime,
  parseDateTimeWatched,
  watchValue,
  withChoice,
  type DateDecision,
  type DateTimeResult
} from '../../../../src/core/mapping/dates'
import type { Cell } from '../../../../src/core/model/rawTable'

const p2 = (n: number): string => String(n).padStart(2, '0')
const THAI = '๐๑๒๓๔๕๖๗๘๙'
const BENGALI = '০১২৩৪৫৬৭৮৯'
const script = (s: string, digits: string): string => s.replace(/\d/g, (d) => digits[Number(d)]!)

// Fields near the edges: days and months either side of 12, Buddhist-Era and two-digit years, DST nights in London and New York.
const dayA = fc.integer({ min: 1, max: 31 })
const monthA = fc.integer({ min: 1, max: 13 })
const yearA = fc.oneof(fc.integer({ min: 1995, max: 2030 }).map(String), fc.integer({ min: 2538, max: 2570 }).map(String), fc.integer({ min: 0, max: 99 }).map(p2))
const clock = fc.tuple(fc.integer({ min: 0, max: 24 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }))
const dstNight = fc.constantFrom('31/03/2024 01:30:00', '27/10/2024 01:30:00', '10/03/2024 02:30:00', '03/11/2024 01:30:00', '2024-03-31 01:30', '2024-10-27T01:30:00')
const dayMonth = fc
  .tuple(dayA, fc.constantFrom('/', '-', '.'), monthA, yearA, clock, fc.boolean())
  .map(([d, s, m, y, [h, mi, ss], timed]) => `${p2(d)}${s}${p2(m)}${s}${y}${timed ? ` ${p2(h)}:${p2(mi)}:${p2(ss)}` : ''}`)
const iso = fc
  .tuple(fc.integer({ min: 1995, max: 2030 }), monthA, dayA, clock, fc.constantFrom('', 'Z', '+07:00', '+0530', ' GMT'))
  .map(([y, m, d, [h, mi, ss], off]) => `${y}-${p2(m)}-${p2(d)}T${p2(h)}:${p2(mi)}:${p2(ss)}${off}`)
const other = fc.constantFrom('15 March 2024 14:05', 'Mar 15, 2024 2:05 PM', '20240315 1405', '20240315', '15 มี.ค. 67', '', '   ', 'n/a', '45366.5', '1710480000', '0.5', '2567')
const text = fc.oneof(
  { arbitrary: dayMonth, weight: 4 },
  { arbitrary: dayMonth.map((s) => script(s, THAI)), weight: 1 },
  { arbitrary: dayMonth.map((s) => script(s, BENGALI)), weight: 1 },
  { arbitrary: iso, weight: 2 },
  { arbitrary: dstNight, weight: 2 },
  { arbitrary: other, weight: 2 }
)
// Spreadsheet cells too: serial days, Unix seconds, empty cells.
const cell: fc.Arbitrary<Cell> = fc.oneof({ arbitrary: text, weight: 8 }, { arbitrary: fc.constantFrom<Cell>(45366.5, 45366, 1710480000, null, 2024), weight: 1 })

const ZONES = ['Asia/Bangkok', 'Asia/Yangon', 'Europe/London', 'America/New_York', 'UTC']

function decisions(): DateDecision[] {
  const open = decideDateFormat(['01/02/2024 10:00:00', '03/04/2024 11:00:00'])
  return [
    decideDateFormat(['25/03/2024 14:05:09', '13/01/2024 00:00:00']),
    decideDateFormat(['03/25/2024 14:05:09']),
    open,
    withChoice(open, 'mdy'),
    decideDateFormat(['25/03/2567 14:05:09', '13/01/67']),
    decideDateFormat(['25/03/24', '13/01/99']),
    decideDateFormat(['2024-03-15T14:05:09+07:00']),
    decideDateFormat([45366.5, 45367]),
    decideDateFormat(['1710480000'], { era: 'ce' })
  ]
}

/** A result as a plain object: the watched readers may hand back one reused object. */
const copy = (r: DateTimeResult): DateTimeResult => ({ ...r })

describe('watched date readers', () => {
  const ds = decisions()

  it('read every value as parseDateTime does (property: DST nights, Buddhist-Era and two-digit years, Thai and Bengali digits)', () => {
    fc.assert(
      fc.property(fc.array(cell, { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: ds.length - 1 }), fc.constantFrom(...ZONES), (values, k, zone) => {
        const d = ds[k]!
        const w = createDateWatch('datetime')
        const got = values.map((v) => copy(parseDateTimeWatched(v, d, zone, w)))
        expect(got).toEqual(values.map((v) => parseDateTime(v, d, zone)))
      }),
      { numRuns: 1500 }
    )
  })

  it('decide from what they saw exactly as decideDateFormat decides from the same values (property)', () => {
    fc.assert(
      fc.property(fc.array(cell, { maxLength: 40 }), fc.integer({ min: 0, max: ds.length - 1 }), fc.constantFrom<'dmy' | 'mdy' | undefined>(undefined, 'dmy', 'mdy'), fc.constantFrom('TH', 'US', undefined), (values, k, order, country) => {
        const w = createDateWatch('datetime')
        // Some values are read, some only watched (a column the record did not need on that row): both count.
        values.forEach((v, i) => (i % 3 === 2 ? watchValue(w, v) : parseDateTimeWatched(v, ds[k]!, 'Asia/Bangkok', w)))
        const opts = { ...(order ? { order } : {}), ...(country ? { country } : {}), referenceYear: 2025 }
        expect(decideWatched(w, opts)).toEqual(decideDateFormat(values, { ...opts, expect: 'datetime' }))
      }),
      { numRuns: 1500 }
    )
  })

  it('join a date and a time column as combineDateTime does, and watch both columns (property)', () => {
    const time = fc.oneof(
      clock.map(([h, mi, ss]) => `${p2(h)}:${p2(mi)}:${p2(ss)}`),
      clock.map(([h, mi]) => `${p2(h)}${p2(mi)}`),
      clock.map(([h, mi]) => `${p2(h)}.${p2(mi)}`),
      fc.constantFrom<Cell>('', null, 0.5, '2:05 PM', 'noon', '25:00')
    )
    const dateDecisions = [decideDateFormat(['25/03/2024', '13/01/2024']), decideDateFormat(['25/03/2567']), decideDateFormat(['2024-03-15'])]
    const timeDecisions = [decideDateFormat(['14:05:09'], { expect: 'time' }), decideDateFormat(['1405', '0930'], { expect: 'time' })]
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.oneof(dayMonth.map((s) => s.slice(0, 10)), iso.map((s) => s.slice(0, 10)), text), time), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 0, max: dateDecisions.length - 1 }),
        fc.integer({ min: 0, max: timeDecisions.length - 1 }),
        fc.constantFrom(...ZONES),
        (pairs, a, b, zone) => {
          const dd = dateDecisions[a]!
          const td = timeDecisions[b]!
          const dw = createDateWatch('date')
          const tw = createDateWatch('time')
          const got = pairs.map(([d, t]) => copy(combineDateTimeWatched(d, t, dd, td, zone, dw, tw)))
          expect(got).toEqual(pairs.map(([d, t]) => combineDateTime(d, t, dd, td, zone)))
          expect(decideWatched(dw, { referenceYear: 2025 })).toEqual(decideDateFormat(pairs.map(([d]) => d), { expect: 'date', referenceYear: 2025 }))
          expect(decideWatched(tw, { referenceYear: 2025 })).toEqual(decideDateFormat(pairs.map(([, t]) => t), { expect: 'time', referenceYear: 2025 }))
        }
      ),
      { numRuns: 800 }
    )
  })

  it('hand back a result that stays right until the next read, so a caller copies it first', () => {
    const d = ds[0]!
    const w = createDateWatch('datetime')
    const first = copy(parseDateTimeWatched('25/03/2024 14:05:09', d, 'Asia/Bangkok', w))
    parseDateTimeWatched('26/03/2024 10:00:00', d, 'Asia/Bangkok', w)
    expect(first).toEqual(parseDateTime('25/03/2024 14:05:09', d, 'Asia/Bangkok'))
    // parseDateTime itself never shares its results.
    const a = parseDateTime('25/03/2024 14:05:09', d, 'Asia/Bangkok')
    const b = parseDateTime('26/03/2024 10:00:00', d, 'Asia/Bangkok')
    expect(a).not.toBe(b)
    expect(a.ok && b.ok && b.utcMs - a.utcMs).toBe((24 * 3600 - (4 * 3600 + 5 * 60 + 9)) * 1000)
  })
})
