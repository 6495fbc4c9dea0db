// Tests the proposed mapping: operator header aliases, mapping by content, record-kind choice, date decisions, country and zone.
import { describe, expect, it } from 'vitest'
import { proposeMapping, type Proposal } from '../../../../src/core/mapping/autoMap'
import type { Cell } from '../../../../src/core/model/rawTable'
import { mulberry32 } from '../../../../src/core/seeded'

const fieldOf = (p: Proposal, header: string): string | null => p.mapping.columns.find((c) => c.header === header)?.field ?? null

/** Seeded, so generated rows are the same on every run. */
const prng = mulberry32

function luhn(d14: string): number {
  let sum = 0
  for (let i = 0; i < 14; i++) {
    let x = Number(d14[13 - i])
    if (i % 2 === 0) x *= 2
    sum += x > 9 ? x - 9 : x
  }
  return (10 - (sum % 10)) % 10
}

function cdrRows(n: number, seed = 1): { a: string; b: string; type: string; when: string; dur: string; imei: string; imsi: string }[] {
  const r = prng(seed)
  const imeiBody = '35693803564380'
  return Array.from({ length: n }, (_, i) => {
    const day = 1 + Math.floor(r() * 28)
    return {
      a: `0812${String(Math.floor(r() * 1e6)).padStart(6, '0')}`,
      b: `+66898${String(Math.floor(r() * 1e6)).padStart(6, '0')}`,
      type: ['MO', 'MT', 'SMO', 'SMT'][i % 4]!,
      when: `${String(day).padStart(2, '0')}/05/2024 ${String(i % 24).padStart(2, '0')}:15:00`,
      dur: String(Math.floor(r() * 600)),
      imei: imeiBody + String(luhn(imeiBody)),
      imsi: `52003${String(1000000000 + i)}`
    }
  })
}

describe('proposeMapping from headers', () => {
  it('maps the usual operator names (A_NUMBER, BNO, CALL_TYPE, Datetime, Duration(seconds), First CGI, IMEI, IMSI)', () => {
    const header = ['A_NUMBER', 'BNO', 'CALL_TYPE', 'Datetime', 'Duration(seconds)', 'First CGI', 'IMEI', 'IMSI']
    const rows: Cell[][] = [header, ...cdrRows(40).map((x) => [x.a, x.b, x.type, x.when, x.dur, '520-03-12345-6789', x.imei, x.imsi])]
    const p = proposeMapping(rows, { sheet: 'cdr' })
    expect(p.mapping.recordKind).toBe('call')
    expect(p.mapping.headerRow).toBe(1)
    expect(header.map((h) => fieldOf(p, h))).toEqual(['aParty', 'bParty', 'direction', 'start', 'duration', 'cgi', 'imei', 'imsi'])
    for (const c of p.mapping.columns) {
      expect(c.confidence).toBeGreaterThan(0.5)
      expect(c.confidence).toBeLessThanOrEqual(1)
      expect(c.reason).toMatch(/header/)
    }
    expect(p.problems).toEqual([])
  })

  it('reads "Target No / B Party No" exports as target and other party, not caller and callee', () => {
    const rows: Cell[][] = [['Target No', 'B Party No', 'Call Type', 'Call Date', 'Call Time', 'Duration'], ...cdrRows(30).map((x) => [x.a, x.b, x.type, x.when.slice(0, 10), x.when.slice(11), x.dur])]
    const p = proposeMapping(rows, { sheet: 'cdr', country: 'TH' })
    expect(fieldOf(p, 'Target No')).toBe('subscriber')
    expect(fieldOf(p, 'B Party No')).toBe('counterpart')
    expect(fieldOf(p, 'Call Date')).toBe('startDate')
    expect(fieldOf(p, 'Call Time')).toBe('startTime')
  })

  it('lets the values decide between a date column and a date-with-time column', () => {
    const rows: Cell[][] = [['Calling Party', 'Called Party', 'Start Time'], ...cdrRows(20).map((x) => [x.a, x.b, x.when.slice(0, 10)])]
    const p = proposeMapping(rows, { sheet: 's', country: 'TH' })
    expect(fieldOf(p, 'Start Time')).toBe('startDate')
  })

  it('keeps columns it does not know as extras, with a reason', () => {
    const rows: Cell[][] = [['From', 'To', 'Datetime', 'Operator remarks'], ...cdrRows(10).map((x) => [x.a, x.b, x.when, 'ok'])]
    const p = proposeMapping(rows, { sheet: 's', country: 'TH' })
    const extra = p.mapping.columns.find((c) => c.header === 'Operator remarks')!
    expect(extra.field).toBeNull()
    expect(extra.confidence).toBe(0)
    expect(extra.reason).toMatch(/extra/)
  })

  it('does not take a header that merely contains a field name somewhere inside it', () => {
    const rows: Cell[][] = [['name', 'reporting__percent_outofnetwork_contacts', 'reporting__ignored_records__direction'], ['ego', '0.5', '0']]
    const p = proposeMapping(rows, { sheet: 's' })
    expect(fieldOf(p, 'reporting__percent_outofnetwork_contacts')).toBeNull()
    expect(fieldOf(p, 'reporting__ignored_records__direction')).toBeNull()
  })

  it('marks small-integer party columns as ids, not phone numbers (VAST 2008 style)', () => {
    const rows: Cell[][] = [['From', 'To', 'Datetime', 'Duration(seconds)', 'Cell Tower'], ...Array.from({ length: 50 }, (_, i) => [String(i * 7 % 400), String(i * 13 % 400), `200606${String((i % 9) + 1).padStart(2, '0')} 0${i % 10}08`, String(i * 11), String(i % 30)])]
    const p = proposeMapping(rows, { sheet: 's' })
    const from = p.mapping.columns.find((c) => c.header === 'From')!
    expect(from.field).toBe('aParty')
    expect(from.valueKind).toBe('identifier')
    expect(p.mapping.dateFormats[0]!.decision.pattern).toBe('yyyyMMdd HHmm')
  })
})

describe('proposeMapping by content', () => {
  it('maps a headerless file from its values: IMEI by check digit, IMSI by country code, dates, phone numbers', () => {
    const rows: Cell[][] = cdrRows(60).map((x) => [x.a, x.b, x.when, x.dur, x.imei, x.imsi])
    const p = proposeMapping(rows, { sheet: 's' })
    expect(p.mapping.headerRow).toBe(0)
    expect(p.mapping.recordKind).toBe('call')
    const fields = p.mapping.columns.map((c) => c.field)
    expect(fields).toEqual(['aParty', 'bParty', 'start', 'duration', 'imei', 'imsi'])
    for (const c of p.mapping.columns) expect(c.confidence).toBeLessThan(0.95)
  })

  it('recognises the Orange layout without a header (built-in template) and its codes', () => {
    const rows: Cell[][] = [
      ['2', '11', 'A_orange', 'A_orange', '2014-08-20 20:30:37', '137', '2.352241', '48.856638'],
      ['1', '11', 'A_orange', 'B_orange', '2014-08-21 20:31:42', '542', '4.351694', '50.850437'],
      ['2', '21', 'A_orange', 'C', '2014-08-21 21:10:31', '0', '4.828949', '45.759384'],
      ['1', '22', 'A_orange', 'C', '2014-08-21 21:15:31', '0', '4.351694', '50.850437']
    ]
    const p = proposeMapping(rows, { sheet: 'A_orange' })
    expect(p.template?.template.name).toMatch(/Orange/)
    expect(p.mapping.columns.map((c) => c.field)).toEqual(['direction', 'service', 'subscriber', 'counterpart', 'start', 'duration', 'longitude', 'latitude'])
    expect(p.mapping.columns[0]!.codes).toEqual({ '1': 'outgoing', '2': 'incoming' })
  })

  it('chooses a cell-site table over calls when there are no parties or times', () => {
    const rows: Cell[][] = [['antenna_id', 'latitude', 'longitude'], ['1', '42.366944', '-71.083611'], ['2', '42.386722', '-71.138778'], ['3', '42.3', '-71.1']]
    expect(proposeMapping(rows, { sheet: 's' }).mapping.recordKind).toBe('cellSite')
  })

  it('chooses generic events for a statistics table with years', () => {
    const rows: Cell[][] = [['Country', 'Indicator', 'Year', 'txtVALUE'], ['Thailand', 'Detected trafficking victims', 2019, '<5'], ['Cambodia', 'Persons convicted', 2020, '1,282'], ['Myanmar', 'Persons prosecuted', 2021, '12']]
    const p = proposeMapping(rows, { sheet: 's' })
    expect(p.mapping.recordKind).toBe('event')
    expect(fieldOf(p, 'Year')).toBe('year')
    expect(fieldOf(p, 'txtVALUE')).toBe('count')
  })

  it('says what is missing when no record kind fits', () => {
    const rows: Cell[][] = [['key', 'value'], ['gender', 'female'], ['age', '21']]
    const p = proposeMapping(rows, { sheet: 'attributes' })
    expect(p.problems.map((x) => x.code)).toContain('missing-fields')
    expect(p.problems[0]!.message).toMatch(/attributes/)
  })
})

describe('dates, country and zone', () => {
  const ambiguous: Cell[][] = [['From', 'To', 'Date'], ['0812345678', '0898765432', '03/04/2024 10:00'], ['0812345678', '0898765433', '05/06/2024 11:00'], ['0812345678', '0898765434', '07/08/2024 12:00']]

  it('reports dd/mm vs mm/dd for the user to choose, naming the option to pass, and never guesses', () => {
    const p = proposeMapping(ambiguous, { sheet: 's', country: 'TH' })
    const problem = p.problems.find((x) => x.code === 'ambiguous-date')
    expect(problem).toBeDefined()
    expect(problem!.message).toMatch(/--date-format start=dmy/)
    expect(p.mapping.dateFormats[0]!.decision.order).toBeNull()
  })

  it('accepts the user\'s order by field name or by header', () => {
    for (const key of ['start', 'Date', 'date']) {
      const p = proposeMapping(ambiguous, { sheet: 's', country: 'TH', dateOrders: { [key]: 'mdy' } })
      expect(p.problems).toEqual([])
      expect(p.mapping.dateFormats[0]!.decision.order).toBe('mdy')
      expect(p.mapping.dateFormats[0]!.decision.decidedBy).toBe('user')
    }
  })

  it('decides the order from all values: one day above 12 anywhere settles it', () => {
    const rows = [...ambiguous, ['0812345678', '0898765435', '25/12/2024 09:00']]
    const p = proposeMapping(rows, { sheet: 's', country: 'TH' })
    expect(p.problems).toEqual([])
    expect(p.mapping.dateFormats[0]!.decision.order).toBe('dmy')
  })

  it('takes the zone from --tz, else from the country, else from IMSI home networks in the data', () => {
    const rows: Cell[][] = [['A_NUMBER', 'B_NUMBER', 'START_TIME', 'IMSI'], ...cdrRows(20).map((x) => [x.a, x.b, x.when, `45601${x.imsi.slice(5)}`])]
    expect(proposeMapping(rows, { sheet: 's', zone: 'Asia/Yangon' }).mapping.zone).toBe('Asia/Yangon')
    expect(proposeMapping(rows, { sheet: 's', country: 'BD' }).mapping.zone).toBe('Asia/Dhaka')
    const inferred = proposeMapping(rows, { sheet: 's' })
    expect(inferred.inferredCountry).toBe('KH')
    expect(inferred.mapping.zone).toBe('Asia/Phnom_Penh')
    expect(inferred.notices.join(' ')).toMatch(/inferred/)
  })

  it('falls back to UTC with a notice, never silently, when nothing tells the zone', () => {
    const rows: Cell[][] = [['From', 'To', 'Datetime'], ['1', '2', '2024-01-01 10:00'], ['3', '4', '2024-01-02 10:00']]
    const p = proposeMapping(rows, { sheet: 's' })
    expect(p.mapping.zone).toBe('UTC')
    expect(p.notices.join(' ')).toMatch(/--tz on the command line/)
  })

  it('refuses a zone name that is not IANA', () => {
    const p = proposeMapping(ambiguous, { sheet: 's', zone: 'GMT+7', dateOrders: { start: 'dmy' } })
    expect(p.problems.map((x) => x.code)).toContain('bad-zone')
  })
})
