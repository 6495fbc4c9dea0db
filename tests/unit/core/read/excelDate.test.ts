// Spreadsheet serial numbers to wall-clock text: both date systems, Excel's phantom leap day, times and durations.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import * as XLSX from 'xlsx'
import { dateFormatKind, serialToText } from '../../../../src/core/read/excelDate'

describe('serialToText', () => {
  it('counts 1900-system serials the way Excel shows them, around the 1900 leap-day bug', () => {
    expect(serialToText(1, false)).toBe('1900-01-01T00:00:00')
    expect(serialToText(59, false)).toBe('1900-02-28T00:00:00')
    expect(serialToText(60, false)).toBe('1900-02-29T00:00:00')
    expect(serialToText(61, false)).toBe('1900-03-01T00:00:00')
    expect(serialToText(45296.5, false)).toBe('2024-01-05T12:00:00')
  })

  it('counts 1904-system serials from 1 January 1904, 1462 days later', () => {
    expect(serialToText(0, true)).toBe('1904-01-01T00:00:00')
    expect(serialToText(1, true)).toBe('1904-01-02T00:00:00')
    expect(serialToText(11111, true)).toBe('1934-06-03T00:00:00')
    fc.assert(
      fc.property(fc.integer({ min: 1462, max: 2_900_000 }), fc.integer({ min: 0, max: 86_399 }), (d, s) => {
        const frac = s / 86_400
        expect(serialToText(d - 1462 + frac, true)).toBe(serialToText(d + frac, false))
      })
    )
  })

  // SheetJS truncates where float noise leaves 0.99998 s, so the oracle is used up to year 2447, where noise is tiny.
  it('agrees with SheetJS\'s own date decoder on whole seconds in both systems', () => {
    const pad = (n: number, w = 2): string => String(n).padStart(w, '0')
    fc.assert(
      fc.property(fc.integer({ min: 61, max: 200_000 }), fc.integer({ min: 0, max: 86_399 }), fc.boolean(), (d, s, d1904) => {
        const serial = d + s / 86_400
        const p = XLSX.SSF.parse_date_code(serial, { date1904: d1904 })
        expect(serialToText(serial, d1904)).toBe(`${pad(p.y, 4)}-${pad(p.m)}-${pad(p.d)}T${pad(p.H)}:${pad(p.M)}:${pad(p.S)}`)
      }),
      { numRuns: 500 }
    )
  })

  it('rounds away binary noise to the millisecond and shows seconds exactly', () => {
    const twelve3456 = (12 * 3600 + 34 * 60 + 56) / 86400
    expect(serialToText(45000 + twelve3456, false)).toBe('2023-03-15T12:34:56')
    expect(serialToText(45000 + 0.99999999999, false)).toBe('2023-03-16T00:00:00')
    expect(serialToText(41684.35264774306, false)).toBe('2014-02-14T08:27:48.765')
  })

  it('shows values below one day as a time of day, and elapsed formats as durations', () => {
    expect(serialToText(0.5, false)).toBe('12:00:00')
    expect(serialToText(0.75, true, 'time')).toBe('18:00:00')
    expect(serialToText(1.5, false, 'elapsed')).toBe('36:00:00')
    expect(serialToText(-0.25, false, 'elapsed')).toBe('-6:00:00')
    expect(serialToText(45296.25, false, 'time')).toBe('2024-01-05T06:00:00')
  })

  it('returns null where no calendar date exists', () => {
    expect(serialToText(-1, false)).toBeNull()
    expect(serialToText(3_000_000, false)).toBeNull()
    expect(serialToText(Number.NaN, false)).toBeNull()
  })
})

describe('dateFormatKind', () => {
  it('tells dates, times of day and elapsed times apart', () => {
    expect(dateFormatKind('yyyy-mm-dd hh:mm:ss')).toBe('datetime')
    expect(dateFormatKind('m/d/yy')).toBe('datetime')
    expect(dateFormatKind('[$-th-TH]dd/mm/bbbb')).toBe('datetime')
    expect(dateFormatKind('mmm')).toBe('datetime')
    expect(dateFormatKind('h:mm AM/PM')).toBe('time')
    expect(dateFormatKind('hh:mm:ss')).toBe('time')
    expect(dateFormatKind('mm:ss')).toBe('time')
    expect(dateFormatKind('[h]:mm:ss')).toBe('elapsed')
    expect(dateFormatKind('"Day" d, hh:mm')).toBe('datetime')
  })
})
