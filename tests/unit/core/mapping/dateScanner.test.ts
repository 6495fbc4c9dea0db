// Tests that the fixed-position reading of dd/mm/yyyy[ HH:mm:ss] in dates.ts gives exactly the general scanner's results.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { combineDateTime, decideDateFormat, parseDateTime, withChoice, withGeneralScannerOnly, type DateDecision } from '../../../../src/core/mapping/dates'

const digit = fc.integer({ min: 0, max: 9 }).map(String)
const two = fc.tuple(digit, digit).map(([a, b]) => a + b)
const four = fc.tuple(two, two).map(([a, b]) => a + b)
// Mostly plausible fields (so dates are read), sometimes anything (so refusals are compared too).
const day = fc.oneof(fc.integer({ min: 1, max: 31 }).map((n) => String(n).padStart(2, '0')), two)
const month = fc.oneof(fc.integer({ min: 1, max: 12 }).map((n) => String(n).padStart(2, '0')), two)
const year = fc.oneof(fc.integer({ min: 1990, max: 2030 }).map(String), fc.integer({ min: 2530, max: 2570 }).map(String), four)
const hour = fc.oneof(fc.integer({ min: 0, max: 23 }).map((n) => String(n).padStart(2, '0')), two)
const minute = fc.oneof(fc.integer({ min: 0, max: 59 }).map((n) => String(n).padStart(2, '0')), two)
const sep = fc.constantFrom('/', '-', '.', ' ', ':', 'x')

/** dd?mm?yyyy[?HH?mm?ss] with unusual separators and tails: values near the fast path's shape that it must refuse. */
const noisy = fc
  .tuple(day, sep, month, fc.oneof(sep, fc.constant('')), year, fc.boolean(), fc.constantFrom(' ', 'T', '  ', ','), hour, fc.constantFrom(':', '.'), minute, fc.constantFrom(':', '.', ''), minute, fc.constantFrom('', '', '', ' ', 'Z', ' +07:00', '.5', ' PM'))
  .map(([d, s1, m, s2, y, timed, gap, h, c1, mi, c2, ss, tail]) => {
    const s2b = s2 === '' ? s1 : s2
    const date = `${d}${s1}${m}${s2b}${y}`
    return timed ? `${date}${gap}${h}${c1}${mi}${c2}${c2 === '' ? '' : ss}${tail}` : `${date}${tail}`
  })

const usual = fc.constantFrom('/', '-', '.')
/** The shapes the fast path reads: dd/mm/yyyy HH:mm:ss and dd/mm/yyyy, with '/', '-' or '.'. */
const canonical = fc.tuple(day, usual, month, year, hour, minute, minute).map(([d, s, m, y, h, mi, ss]) => `${d}${s}${m}${s}${y} ${h}:${mi}:${ss}`)
const canonicalDate = fc.tuple(day, usual, month, year).map(([d, s, m, y]) => `${d}${s}${m}${s}${y}`)
const text = fc.oneof({ arbitrary: canonical, weight: 3 }, { arbitrary: canonicalDate, weight: 1 }, { arbitrary: noisy, weight: 2 })

const ZONES = ['Asia/Bangkok', 'Asia/Yangon', 'Europe/London', 'America/New_York', 'UTC']

function decisions(): DateDecision[] {
  const dmy = decideDateFormat(['25/03/2024 14:05:09', '13/01/2024 00:00:00'])
  const dmyDate = decideDateFormat(['25/03/2024', '13/01/2024'])
  const mdy = decideDateFormat(['03/25/2024 14:05:09', '01/13/2024 10:00:00'])
  const open = decideDateFormat(['01/02/2024 10:00:00', '03/04/2024 11:00:00'])
  const be = decideDateFormat(['25/03/2567 14:05:09', '13/01/2567 08:00:00'], { era: 'buddhist' })
  const ce = decideDateFormat(['25/03/2024 14:05:09'], { era: 'ce' })
  return [dmy, dmyDate, mdy, open, withChoice(open, 'mdy'), be, ce]
}

describe('fixed-position dd/mm/yyyy scanner', () => {
  const ds = decisions()

  it('decides the columns it is tested with as intended', () => {
    expect(ds[0]!.order).toBe('dmy')
    expect(ds[2]!.order).toBe('mdy')
    expect(ds[3]!.ambiguous).toBe(true)
  })

  it('reads every value as the general scanner does: same instant, zone, precision, warning or problem', () => {
    fc.assert(
      fc.property(text, fc.integer({ min: 0, max: ds.length - 1 }), fc.constantFrom(...ZONES), (t, k, zone) => {
        const d = ds[k]!
        expect(parseDateTime(t, d, zone), t).toEqual(withGeneralScannerOnly(() => parseDateTime(t, d, zone)))
      }),
      { numRuns: 5000 }
    )
  })

  it('reads DST edges in London and New York as the general scanner does (gap and overlap warnings)', () => {
    const d = ds[0]!
    for (const t of ['31/03/2024 01:30:00', '27/10/2024 01:30:00', '10/03/2024 02:30:00', '03/11/2024 01:30:00', '29/02/2024 24:00:00', '31/04/2024 10:00:00']) {
      for (const zone of ZONES) expect(parseDateTime(t, d, zone), `${t} ${zone}`).toEqual(withGeneralScannerOnly(() => parseDateTime(t, d, zone)))
    }
  })

  it('joins a date column and a time column as the general scanner does', () => {
    const date = ds[1]!
    const time = decideDateFormat(['14:05:09', '00:00:00'], { expect: 'time' })
    fc.assert(
      fc.property(day, fc.constantFrom('/', '-', '.'), month, year, hour, minute, minute, (d, s, m, y, h, mi, ss) => {
        const dt = `${d}${s}${m}${s}${y}`
        const tm = `${h}:${mi}:${ss}`
        expect(combineDateTime(dt, tm, date, time, 'Asia/Bangkok'), `${dt} ${tm}`).toEqual(withGeneralScannerOnly(() => combineDateTime(dt, tm, date, time, 'Asia/Bangkok')))
      }),
      { numRuns: 2000 }
    )
  })

  it('decides a column as the general scanner does', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 40 }), fc.constantFrom<'auto' | 'ce' | 'buddhist'>('auto', 'ce', 'buddhist'), (values, era) => {
        expect(decideDateFormat(values, { era, referenceYear: 2024 })).toEqual(withGeneralScannerOnly(() => decideDateFormat(values, { era, referenceYear: 2024 })))
      }),
      { numRuns: 1000 }
    )
  })
})
