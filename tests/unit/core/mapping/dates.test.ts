// Tests date column decisions and parsing: formats analysts meet in CDRs and partner spreadsheets, zones, BE years, ambiguity.
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import { combineDateTime, decideDateFormat, parseDateTime, parseTimeOfDay, withChoice, type DateDecision, type DateTimeResult } from '../../../../src/core/mapping/dates'
import type { Cell } from '../../../../src/core/model/rawTable'
import { corpusPath, describeCorpus } from '../../corpus'

const REF = { referenceYear: 2025 }

function utc(r: DateTimeResult): number {
  if (!r.ok) throw new Error(`expected a date, got: ${r.problem}`)
  return r.utcMs
}

function readAll(values: Cell[], zone: string, opts = {}): { decision: DateDecision; results: DateTimeResult[] } {
  const decision = decideDateFormat(values, { ...REF, ...opts })
  return { decision, results: values.map((v) => parseDateTime(v, decision, zone)) }
}

describe('ISO 8601 and year-first dates', () => {
  it('reads wall-clock ISO text in the source zone and explicit offsets as written', () => {
    const { decision, results } = readAll(['2024-03-15 14:05:09', '2024-03-15T14:05:09Z', '2024-03-15T14:05:09.250+05:30', '2024-03-15T14:05'], 'Asia/Bangkok')
    expect(decision.kind).toBe('iso')
    expect(decision.ambiguous).toBe(false)
    const [local, z, india, minute] = results
    expect(local).toMatchObject({ ok: true, utcMs: Date.UTC(2024, 2, 15, 7, 5, 9), zone: 'Asia/Bangkok', explicitOffset: false, precision: 'second' })
    expect(z).toMatchObject({ ok: true, utcMs: Date.UTC(2024, 2, 15, 14, 5, 9), zone: 'UTC', explicitOffset: true })
    expect(india).toMatchObject({ ok: true, utcMs: Date.UTC(2024, 2, 15, 8, 35, 9, 250), explicitOffset: true, offsetMs: 19_800_000 })
    expect(minute).toMatchObject({ ok: true, precision: 'minute' })
  })

  it('reads spreadsheet date cells (wall-clock ISO text) and year-first slashes', () => {
    const { decision, results } = readAll(['2024/03/15', '2024/12/01 08:00'], 'Asia/Jakarta')
    expect(decision.kind).toBe('ymd')
    expect(results[0]).toMatchObject({ ok: true, utcMs: Date.UTC(2024, 2, 14, 17), precision: 'day' })
    expect(utc(results[1] as DateTimeResult)).toBe(Date.UTC(2024, 11, 1, 1))
  })
})

describe('day/month order', () => {
  it('decides dd/mm/yyyy when a day above 12 comes first', () => {
    const { decision, results } = readAll(['15/03/2024 14:05', '01/02/2024 10:00:00'], 'Asia/Bangkok')
    expect(decision).toMatchObject({ kind: 'day-month', order: 'dmy', ambiguous: false, candidates: ['dmy'] })
    expect(decision.pattern).toMatch(/^dd\/MM\/yyyy/)
    expect(utc(results[1] as DateTimeResult)).toBe(Date.UTC(2024, 1, 1, 3))
  })

  it('decides mm/dd/yyyy with a 12-hour clock when a day above 12 comes second', () => {
    const { decision, results } = readAll(['03/15/2024 2:05 PM', '12/01/2024 12:00 AM', '12/01/2024 12:30 PM'], 'Asia/Manila')
    expect(decision).toMatchObject({ kind: 'day-month', order: 'mdy', ambiguous: false })
    expect(results.map(utc)).toEqual([Date.UTC(2024, 2, 15, 6, 5), Date.UTC(2024, 10, 30, 16, 0), Date.UTC(2024, 11, 1, 4, 30)])
  })

  it('never guesses when every day is 12 or less: ambiguous, both candidates, every value reported', () => {
    const { decision, results } = readAll(['01/02/2024', '03/04/2024', '11/12/2024'], 'Asia/Bangkok', { country: 'TH' })
    expect(decision).toMatchObject({ kind: 'day-month', order: null, ambiguous: true, candidates: ['dmy', 'mdy'], likely: 'dmy' })
    expect(decision.warnings.join(' ')).toMatch(/choose the order/)
    for (const r of results) {
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.problem).toMatch(/fits both day\/month\/year and month\/day\/year/)
    }
  })

  it('reads an ambiguous column once the analyst chooses, either way', () => {
    const decision = decideDateFormat(['01/02/2024', '03/04/2024'], REF)
    const dmy = withChoice(decision, 'dmy')
    const mdy = withChoice(decision, 'mdy')
    expect(dmy).toMatchObject({ order: 'dmy', ambiguous: false, decidedBy: 'user' })
    expect(dmy.pattern).toBe('dd/MM/yyyy')
    expect(mdy.pattern).toBe('MM/dd/yyyy')
    expect(utc(parseDateTime('03/04/2024', dmy, 'UTC'))).toBe(Date.UTC(2024, 3, 3))
    expect(utc(parseDateTime('03/04/2024', mdy, 'UTC'))).toBe(Date.UTC(2024, 2, 4))
  })

  it('takes a forced order as an option and reports values that do not fit it', () => {
    const decision = decideDateFormat(['01/02/2024', '03/15/2024'], { ...REF, order: 'dmy' })
    expect(decision).toMatchObject({ order: 'dmy', decidedBy: 'user' })
    expect(decision.warnings.join(' ')).toMatch(/only fit month\/day\/year/)
    const r = parseDateTime('03/15/2024', decision, 'UTC')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problem).toMatch(/no month 15/)
  })

  it('does not ask when day and month are equal in every value', () => {
    const decision = decideDateFormat(['01/01/2024', '05/05/2024'], REF)
    expect(decision.ambiguous).toBe(false)
    expect(utc(parseDateTime('05/05/2024', decision, 'UTC'))).toBe(Date.UTC(2024, 4, 5))
  })

  it('asks when the column contradicts itself (some values day-first only, others month-first only)', () => {
    const decision = decideDateFormat(['15/03/2024', '03/15/2024'], REF)
    expect(decision.ambiguous).toBe(true)
    expect(decision.order).toBeNull()
  })

  it('accepts - and . separators and two-digit years with the documented window', () => {
    const { decision, results } = readAll(['15-03-24', '31.12.99', '01.01.45'], 'UTC')
    expect(decision.order).toBe('dmy')
    expect(decision.twoDigitYearBase).toBe(1946)
    expect(results.map(utc)).toEqual([Date.UTC(2024, 2, 15), Date.UTC(1999, 11, 31), Date.UTC(2045, 0, 1)])
    expect(decision.warnings.join(' ')).toMatch(/two-digit years, read as 1946–2045/)
  })
})

describe('impossible values', () => {
  it('rejects dates that do not exist, with the reason', () => {
    const decision = decideDateFormat(['15/03/2024'], REF)
    const feb = parseDateTime('31/02/2024', decision, 'UTC')
    expect(feb).toEqual({ ok: false, problem: "'31/02/2024' is not a real date: February 2024 has 29 days" })
    const notLeap = parseDateTime('29/02/2023', decision, 'UTC')
    expect(notLeap.ok).toBe(false)
    expect(parseDateTime('29/02/2024', decision, 'UTC').ok).toBe(true)
    const hour = parseDateTime('15/03/2024 25:00', decision, 'UTC')
    expect(hour.ok).toBe(false)
    if (!hour.ok) expect(hour.problem).toMatch(/25 is not an hour/)
    const pm = parseDateTime('15/03/2024 13:00 PM', decision, 'UTC')
    expect(pm.ok).toBe(false)
  })

  it('reports unreadable and empty cells distinctly, and keeps 24:00 as the end of the day', () => {
    const decision = decideDateFormat(['2024-03-15 10:00'], REF)
    expect(parseDateTime('', decision, 'UTC')).toMatchObject({ ok: false, empty: true })
    expect(parseDateTime(null, decision, 'UTC')).toMatchObject({ ok: false, empty: true })
    const junk = parseDateTime('next Tuesday', decision, 'UTC')
    expect(junk.ok).toBe(false)
    if (!junk.ok) {
      expect(junk.empty).toBeUndefined()
      expect(junk.problem).toContain("'next Tuesday'")
    }
    expect(utc(parseDateTime('2024-03-15 24:00', decision, 'UTC'))).toBe(Date.UTC(2024, 2, 16))
  })
})

describe('Buddhist Era', () => {
  it('reads Thai 15/03/2567 as 2024-03-15 and says so in the decision', () => {
    const { decision, results } = readAll(['15/03/2567', '01/01/2567 08:00'], 'Asia/Bangkok')
    expect(decision.buddhistEra).toBe(true)
    expect(decision.warnings.join(' ')).toMatch(/Buddhist Era/)
    expect(results.map(utc)).toEqual([Date.UTC(2024, 2, 14, 17), Date.UTC(2024, 0, 1, 1)])
  })

  it('reads Thai month names with พ.ศ. and two-digit BE years', () => {
    const { results } = readAll(['วันศุกร์ที่ 15 มีนาคม พ.ศ. 2567', '15 มี.ค. 67 10.30 น.', '1 ธ.ค. 2566'], 'Asia/Bangkok')
    expect(results.map(utc)).toEqual([Date.UTC(2024, 2, 14, 17), Date.UTC(2024, 2, 15, 3, 30), Date.UTC(2023, 10, 30, 17)])
  })

  it('reports BE years when the column is set to Common Era', () => {
    const decision = decideDateFormat(['15/03/2567'], { ...REF, era: 'ce' })
    const r = parseDateTime('15/03/2567', decision, 'UTC')
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.problem).toMatch(/Buddhist Era/)
  })

  it('reads Thai-digit dates', () => {
    const { results } = readAll(['๑๕/๐๓/๒๕๖๗ ๑๔:๐๕'], 'Asia/Bangkok')
    expect(utc(results[0] as DateTimeResult)).toBe(Date.UTC(2024, 2, 15, 7, 5))
  })
})

describe('month names', () => {
  it('reads English, Vietnamese, Indonesian and Malay forms', () => {
    const values = [
      '15 March 2024',
      'Mar 15, 2024 2:05 PM',
      'Fri, 15 Mar 2024 14:05:09 +0700',
      '15-Mar-24',
      '15th March 2024',
      'ngày 15 tháng 3 năm 2024',
      '15 Tháng Ba 2024',
      '15 tháng 12, 2024',
      '15 Tháng Mười Hai 2024',
      '15 Agustus 2024',
      '15 Ogos 2024 14.05',
      '15 Mei 2024',
      '15 Disember 2024',
      '15 Okt 2024'
    ]
    const { decision, results } = readAll(values, 'UTC')
    expect(decision.kind).toBe('month-name')
    const days = results.map((r) => new Date(utc(r)).toISOString().slice(0, 16))
    expect(days).toEqual([
      '2024-03-15T00:00',
      '2024-03-15T14:05',
      '2024-03-15T07:05',
      '2024-03-15T00:00',
      '2024-03-15T00:00',
      '2024-03-15T00:00',
      '2024-03-15T00:00',
      '2024-12-15T00:00',
      '2024-12-15T00:00',
      '2024-08-15T00:00',
      '2024-08-15T14:05',
      '2024-05-15T00:00',
      '2024-12-15T00:00',
      '2024-10-15T00:00'
    ])
  })

  it('refuses text with words it does not know instead of guessing', () => {
    const decision = decideDateFormat(['15 March 2024'], REF)
    expect(parseDateTime('15 Marching 2024', decision, 'UTC').ok).toBe(false)
    expect(parseDateTime('31 April 2024', decision, 'UTC').ok).toBe(false)
  })
})

describe('compact and numeric forms', () => {
  it('reads the VAST/Telenor style yyyymmdd hhmm and yyyymmddhhmmss', () => {
    const { decision, results } = readAll(['20060601 0008', '20060610 2359'], 'UTC')
    expect(decision).toMatchObject({ kind: 'compact', pattern: 'yyyyMMdd HHmm' })
    expect(results.map(utc)).toEqual([Date.UTC(2006, 5, 1, 0, 8), Date.UTC(2006, 5, 10, 23, 59)])
    const second = readAll(['20140820203037'], 'Asia/Dhaka')
    expect(utc(second.results[0] as DateTimeResult)).toBe(Date.UTC(2014, 7, 20, 14, 30, 37))
  })

  it('reads Excel serial days, with the 1900 leap-year bug and the 1904 system', () => {
    const { decision, results } = readAll([45366.5, 45366, 59, 61], 'UTC')
    expect(decision.kind).toBe('excel-serial')
    expect(results.map(utc)).toEqual([Date.UTC(2024, 2, 15, 12), Date.UTC(2024, 2, 15), Date.UTC(1900, 1, 28), Date.UTC(1900, 2, 1)])
    const fake = parseDateTime(60, decision, 'UTC')
    expect(fake.ok).toBe(false)
    if (!fake.ok) expect(fake.problem).toMatch(/29 February 1900/)
    const mac = decideDateFormat([43904], { ...REF, excel1904: true })
    expect(utc(parseDateTime(43904, mac, 'UTC'))).toBe(Date.UTC(2024, 2, 15))
  })

  it('tells Unix seconds from milliseconds by magnitude; they are UTC whatever the zone', () => {
    const s = readAll(['1710511509', '1710511509.5'], 'Asia/Bangkok')
    expect(s.decision.kind).toBe('unix-seconds')
    expect(s.results[0]).toMatchObject({ ok: true, utcMs: 1_710_511_509_000, explicitOffset: true })
    expect(utc(s.results[1] as DateTimeResult)).toBe(1_710_511_509_500)
    const ms = readAll([1_710_511_509_123], 'Asia/Bangkok')
    expect(ms.decision.kind).toBe('unix-millis')
    expect(utc(ms.results[0] as DateTimeResult)).toBe(1_710_511_509_123)
  })

  it('reads a column of bare years (statistics), BE years included', () => {
    const { decision, results } = readAll(['2019', '2020', '2567'], 'UTC')
    expect(decision.kind).toBe('year')
    expect(results[0]).toMatchObject({ ok: true, precision: 'year', utcMs: Date.UTC(2019, 0, 1) })
    expect(utc(results[2] as DateTimeResult)).toBe(Date.UTC(2024, 0, 1))
  })

  it('reads a stray spreadsheet number in a date column as an Excel date, with a warning', () => {
    const decision = decideDateFormat(['2024-03-15T00:00:00', '2024-03-16T00:00:00'], REF)
    const r = parseDateTime(45367, decision, 'UTC')
    expect(r).toMatchObject({ ok: true, utcMs: Date.UTC(2024, 2, 16) })
    if (r.ok) expect(r.warning).toMatch(/Excel date number/)
  })
})

describe('DST outside Asia', () => {
  it('moves a New York time in the spring gap forward and reads an autumn overlap as the first pass, with warnings', () => {
    const { results } = readAll(['2024-03-10 02:30', '2024-11-03 01:30', '2024-07-04 12:00'], 'America/New_York')
    const [gap, overlap, summer] = results as [DateTimeResult, DateTimeResult, DateTimeResult]
    expect(gap).toMatchObject({ ok: true, utcMs: Date.UTC(2024, 2, 10, 7, 30) })
    if (gap.ok) expect(gap.warning).toMatch(/does not exist/)
    expect(overlap).toMatchObject({ ok: true, utcMs: Date.UTC(2024, 10, 3, 5, 30) })
    if (overlap.ok) expect(overlap.warning).toMatch(/happened twice/)
    expect(summer).toMatchObject({ ok: true, utcMs: Date.UTC(2024, 6, 4, 16) })
    if (summer.ok) expect(summer.warning).toBeUndefined()
  })
})

describe('separate date and time columns', () => {
  it('joins the Telenor CALL_DATE 20140820 and CALL_TIME 20:30:37', () => {
    const dates = decideDateFormat(['20140820'], REF)
    const times = decideDateFormat(['20:30:37', '09:05:00'], { ...REF, expect: 'time' })
    expect(times.kind).toBe('time')
    const r = combineDateTime('20140820', '20:30:37', dates, times, 'Asia/Dhaka')
    expect(r).toMatchObject({ ok: true, utcMs: Date.UTC(2014, 7, 20, 14, 30, 37), precision: 'second' })
  })

  it('reads compact hhmmss, Indonesian 14.05, Excel day fractions and spreadsheet date cells at midnight', () => {
    const times = decideDateFormat(['093000', '143015'], { ...REF, expect: 'time' })
    expect(times.timeDigits).toBe(6)
    expect(parseTimeOfDay('93000', times)).toMatchObject({ ok: true, msOfDay: (9 * 3600 + 30 * 60) * 1000 })
    expect(parseTimeOfDay('14.05')).toMatchObject({ ok: true, msOfDay: (14 * 3600 + 5 * 60) * 1000, precision: 'minute' })
    expect(parseTimeOfDay(0.75)).toMatchObject({ ok: true, msOfDay: 18 * 3600 * 1000 })
    const dates = decideDateFormat(['2024-03-15T00:00:00'], REF)
    expect(utc(combineDateTime('2024-03-15T00:00:00', 0.75, dates, times, 'UTC'))).toBe(Date.UTC(2024, 2, 15, 18))
  })

  it('keeps the date when the time cell is empty, and reports a bad time', () => {
    const dates = decideDateFormat(['15/03/2024'], REF)
    const times = decideDateFormat(['10:00'], { ...REF, expect: 'time' })
    expect(combineDateTime('15/03/2024', '', dates, times, 'UTC')).toMatchObject({ ok: true, precision: 'day', utcMs: Date.UTC(2024, 2, 15) })
    const bad = combineDateTime('15/03/2024', '25:61', dates, times, 'UTC')
    expect(bad.ok).toBe(false)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Properties: format a random instant the way a source would write it, read it back.

const ZONES = ['Asia/Bangkok', 'Asia/Yangon', 'Asia/Dhaka', 'Asia/Jakarta', 'Asia/Manila', 'Asia/Kolkata', 'UTC', 'America/New_York', 'Europe/London', 'Australia/Adelaide']

interface Format {
  readonly name: string
  readonly write: (dt: DateTime) => Cell
  readonly opts?: Parameters<typeof decideDateFormat>[1]
  /** Resolution of the written form in ms. */
  readonly resolution: number
  /** True when the written form carries its own offset or is UTC-based. */
  readonly absolute?: boolean
}

const FORMATS: readonly Format[] = [
  { name: 'iso wall', write: (d) => d.toFormat('yyyy-MM-dd HH:mm:ss'), resolution: 1000 },
  { name: 'iso offset', write: (d) => d.toISO() ?? '', resolution: 1, absolute: true },
  { name: 'iso Z', write: (d) => d.toUTC().toISO() ?? '', resolution: 1, absolute: true },
  { name: 'dd/MM/yyyy', write: (d) => d.toFormat('dd/MM/yyyy HH:mm:ss'), opts: { order: 'dmy' }, resolution: 1000 },
  { name: 'MM/dd/yyyy 12h', write: (d) => d.toFormat('MM/dd/yyyy hh:mm:ss a'), opts: { order: 'mdy' }, resolution: 1000 },
  { name: 'd.M.yyyy', write: (d) => d.toFormat('d.M.yyyy H:mm'), opts: { order: 'dmy' }, resolution: 60_000 },
  { name: 'compact', write: (d) => d.toFormat('yyyyMMddHHmmss'), resolution: 1000 },
  { name: 'compact space', write: (d) => d.toFormat('yyyyMMdd HHmm'), resolution: 60_000 },
  { name: 'month name', write: (d) => d.setLocale('en').toFormat('d MMMM yyyy HH:mm:ss'), resolution: 1000 },
  { name: 'short month', write: (d) => d.setLocale('en').toFormat('MMM d, yyyy h:mm a'), resolution: 60_000 },
  { name: 'Thai BE', write: (d) => `${d.toFormat('dd/MM/')}${d.year + 543}${d.toFormat(' HH:mm:ss')}`, opts: { order: 'dmy' }, resolution: 1000 },
  { name: 'Thai month', write: (d) => d.setLocale('th').toFormat('d MMMM') + ` ${d.year + 543} ${d.toFormat('HH:mm')}`, resolution: 60_000 },
  { name: 'Vietnamese', write: (d) => `ngày ${d.day} tháng ${d.month} năm ${d.year} ${d.toFormat('HH:mm:ss')}`, resolution: 1000 },
  { name: 'Indonesian', write: (d) => d.setLocale('id').toFormat('d MMMM yyyy HH.mm'), resolution: 60_000 },
  {
    name: 'excel serial',
    write: (d) => {
      const wall = Date.UTC(d.year, d.month - 1, d.day, d.hour, d.minute, d.second, d.millisecond)
      return wall / 86_400_000 + 25_569
    },
    resolution: 1
  },
  { name: 'unix seconds', write: (d) => String(Math.floor(d.toMillis() / 1000)), resolution: 1000, absolute: true },
  { name: 'unix millis', write: (d) => d.toMillis(), resolution: 1, absolute: true }
]

describe('round trips (property)', () => {
  it('reads back any instant 1990–2037 written in any supported format in any zone', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...FORMATS),
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2037, 11, 31) }),
        (format, zone, ms) => {
          const instant = Math.floor(ms / format.resolution) * format.resolution
          const dt = DateTime.fromMillis(instant, { zone })
          const cell = format.write(dt)
          const decision = decideDateFormat([cell], { ...REF, ...format.opts })
          const r = parseDateTime(cell, decision, zone)
          if (!r.ok) throw new Error(`${format.name} ${zone} '${String(cell)}': ${r.problem}`)
          if (format.absolute) {
            expect(r.utcMs).toBe(instant)
          } else if (r.utcMs !== instant) {
            // A wall time written in the second pass of a DST overlap reads as the first pass (an hour earlier).
            expect(r.warning, `${format.name} ${zone} '${String(cell)}'`).toMatch(/happened twice/)
            expect(instant - r.utcMs).toBeGreaterThan(0)
            expect(instant - r.utcMs).toBeLessThanOrEqual(3_600_000)
          }
        }
      ),
      { numRuns: 3000 }
    )
  })

  it('never decides dd/mm or mm/dd silently when every day field is 12 or less', () => {
    const dayMonth = fc.record({ a: fc.integer({ min: 1, max: 12 }), b: fc.integer({ min: 1, max: 12 }), y: fc.integer({ min: 1990, max: 2037 }) })
    fc.assert(
      fc.property(fc.array(dayMonth, { minLength: 1, maxLength: 30 }), fc.constantFrom('/', '-', '.'), (rows, sep) => {
        fc.pre(rows.some((r) => r.a !== r.b))
        const p = (n: number) => String(n).padStart(2, '0')
        const values = rows.map((r) => `${p(r.a)}${sep}${p(r.b)}${sep}${r.y}`)
        const decision = decideDateFormat(values, REF)
        expect(decision.ambiguous).toBe(true)
        expect(decision.order).toBeNull()
        expect(decision.candidates).toEqual(['dmy', 'mdy'])
        for (const v of values) {
          const r = parseDateTime(v, decision, 'UTC')
          const row = rows[values.indexOf(v)]
          if (row && row.a !== row.b) expect(r.ok).toBe(false)
        }
      })
    )
  })

  it('decides the order from one unambiguous value and reads every value with it', () => {
    fc.assert(
      fc.property(fc.array(fc.date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2037, 11, 31)), noInvalidDate: true }), { minLength: 1, maxLength: 20 }), fc.boolean(), (dates, dayFirst) => {
        const p = (n: number) => String(n).padStart(2, '0')
        const write = (d: Date) => (dayFirst ? `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()}` : `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()}`)
        const anchor = new Date(Date.UTC(2024, 2, 25)) // day 25 settles the order
        const all = [anchor, ...dates]
        const decision = decideDateFormat(all.map(write), REF)
        expect(decision.order).toBe(dayFirst ? 'dmy' : 'mdy')
        for (const d of all) {
          expect(utc(parseDateTime(write(d), decision, 'UTC'))).toBe(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
        }
      })
    )
  })

  it('Buddhist-Era years read back as the Common-Era date (year − 543)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2100, 11, 31)), noInvalidDate: true }), (d) => {
        const p = (n: number) => String(n).padStart(2, '0')
        const text = `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear() + 543}`
        const decision = decideDateFormat([text, '25/12/2567'], REF)
        expect(decision.buddhistEra).toBe(true)
        expect(utc(parseDateTime(text, decision, 'UTC'))).toBe(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
      })
    )
  })

  it('never throws and never reads random text as a date silently without a reason', () => {
    const decision = decideDateFormat(['2024-03-15'], REF)
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        const r = parseDateTime(s, decision, 'Asia/Bangkok')
        if (!r.ok) expect(r.problem.length).toBeGreaterThan(0)
        else expect(Number.isFinite(r.utcMs)).toBe(true)
        decideDateFormat([s], REF)
      })
    )
  })

  it('a hostile long value does not hang the parser', () => {
    const decision = decideDateFormat(['15 March 2024'], REF)
    const long = '15 March 2024 '.repeat(5000) + ':'.repeat(10_000)
    const t0 = Date.now()
    expect(parseDateTime(long, decision, 'UTC').ok).toBe(false)
    expect(Date.now() - t0).toBeLessThan(5000)
  })
})

// ---------------------------------------------------------------------------------------------------------------
// Real files from the shared corpus.

function csvColumn(path: string, column: string, delimiter = ','): string[] {
  const [header = '', ...rows] = readFileSync(path, 'utf8').trim().split(/\r?\n/)
  const index = header.split(delimiter).indexOf(column)
  if (index < 0) throw new Error(`no column ${column} in ${path}`)
  return rows.map((r) => r.split(delimiter)[index] ?? '')
}

describeCorpus('dates in the shared corpus', () => {
  it('reads every VAST 2008 call time (yyyyMMdd HHmm) within the ten days of the scenario', () => {
    const values = csvColumn(corpusPath('vast2008-mc3-cellphone', 'CellPhoneCallRecords.csv'), 'Datetime')
    expect(values.length).toBe(9834)
    const decision = decideDateFormat(values, REF)
    expect(decision).toMatchObject({ kind: 'compact', pattern: 'yyyyMMdd HHmm', recognised: 9834, ambiguous: false })
    const times = values.map((v) => utc(parseDateTime(v, decision, 'UTC')))
    const days = new Set(times.map((t) => new Date(t).toISOString().slice(0, 10)))
    expect(days.size).toBe(10)
    // Each value read back in the same shape gives the same text: nothing shifted.
    values.forEach((v, i) => expect(DateTime.fromMillis(times[i] ?? 0, { zone: 'UTC' }).toFormat('yyyyMMdd HHmm')).toBe(v))
  })

  it('reads the bandicoot ISO datetimes and the unpadded recharge dates', () => {
    const values = csvColumn(corpusPath('bandicoot-cdr-samples', 'demo', 'ego.csv'), 'datetime')
    const decision = decideDateFormat(values, REF)
    expect(decision.kind).toBe('iso')
    for (const v of values) expect(DateTime.fromMillis(utc(parseDateTime(v, decision, 'UTC')), { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm:ss')).toBe(v)
    const recharges = csvColumn(corpusPath('bandicoot-cdr-samples', 'samples', 'manual', 'recharges', 'A.csv'), 'datetime')
    const rd = decideDateFormat(recharges, REF)
    expect(utc(parseDateTime('2015-1-13', rd, 'UTC'))).toBe(Date.UTC(2015, 0, 13))
    for (const v of recharges) expect(parseDateTime(v, rd, 'UTC').ok).toBe(true)
  })

  it('joins the Telenor CALL_DATE and CALL_TIME columns', () => {
    const file = corpusPath('bandicoot-cdr-samples', 'historical-telenor-format', 'A_telenor_incoming.csv')
    const dates = csvColumn(file, 'CALL_DATE')
    const times = csvColumn(file, 'CALL_TIME')
    const dd = decideDateFormat(dates, REF)
    const td = decideDateFormat(times, { ...REF, expect: 'time' })
    expect([dd.kind, td.kind]).toEqual(['compact', 'time'])
    expect(utc(combineDateTime(dates[0], times[0], dd, td, 'UTC'))).toBe(Date.UTC(2014, 7, 20, 20, 30, 37))
  })
})
