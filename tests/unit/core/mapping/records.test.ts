// Tests record building: normalised values beside originals, provenance rows, row issues (warnings kept, errors rejected), streaming.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { proposeMapping } from '../../../../src/core/mapping/autoMap'
import { buildSheetRecords, createImportSession, createRecordBuilder, readCount, readNumber } from '../../../../src/core/mapping/records'
import { VALUE_SERIAL } from '../../../../src/core/mapping/memo'
import type { Mapping, RejectedRow, RowIssue } from '../../../../src/core/model/mapping'
import type { CallRecord, EventRecord, WaymarkRecord } from '../../../../src/core/model/records'
import type { Cell } from '../../../../src/core/model/rawTable'
import { createSegmentStream, decodeRecord } from '../../../../src/core/store/encode'

const SOURCE = { sourceSha256: 'a'.repeat(64), fileName: 'cdr.csv', sheet: 'cdr' }

function build(rows: Cell[][], opts: Parameters<typeof proposeMapping>[1] = { sheet: 'cdr' }) {
  const p = proposeMapping(rows, opts)
  expect(p.problems).toEqual([])
  return { proposal: p, ...buildSheetRecords(rows, p.header.dataStart, p.mapping, SOURCE) }
}

describe('call records', () => {
  const rows: Cell[][] = [
    ['CDR export for target 0812345678'],
    [],
    ['Target No', 'B Party No', 'Call Type', 'Call Date', 'Call Time', 'Duration', 'IMEI'],
    ['0812345678', '0898765432', 'MO', '13/05/2024', '14:22:07', '125', '356938035643809'],
    ['0812345678', '+66 89 876 5433', 'MT', '14/05/2024', '09:00:00', '-3', '356938035643809'],
    ['0812345678', '1175', 'SMO', '15/05/2024', '23:59:59', '0', '356938035643808'],
    ['0812345678', '0898765432', 'MO', 'not a date', '10:00:00', '10', '356938035643809'],
    ['', '', '', '', '', '', ''],
    ['0812345678', '0898765432', 'MO', '16/05/2024', '08:00:00', '60', '356938035643809', 'stray value']
  ]

  it('numbers each party value for the segment encoder only when asked (serials)', () => {
    const p = proposeMapping(rows, { sheet: 'cdr', country: 'TH' })
    const parties = (serials: boolean): unknown[] => {
      const b = createRecordBuilder(p.mapping, SOURCE, { serials })
      const out: unknown[] = []
      for (let i = p.header.dataStart; i < rows.length; i++) {
        const r = b.build(rows[i]!, i + 1) as CallRecord | null
        if (r) out.push(r.aParty, r.bParty)
      }
      return out
    }
    const withSerials = parties(true)
    const serialsOf = withSerials.map((v) => (v as Record<symbol, unknown>)[VALUE_SERIAL])
    expect(serialsOf.every((n) => typeof n === 'number')).toBe(true)
    // The target's number is one value with one serial: the caller of the first call, the receiver of the second.
    expect(serialsOf[3]).toBe(serialsOf[0])
    expect(serialsOf[1]).not.toBe(serialsOf[0])
    expect(parties(false).every((v) => (v as Record<symbol, unknown>)[VALUE_SERIAL] === undefined)).toBe(true)
    // Either way the values are the same to every reader (JSON, keys, equality).
    expect(parties(false)).toEqual(withSerials)
  })

  it('normalises times, parties and durations, keeping every original beside the value', () => {
    const { records } = build(rows, { sheet: 'cdr', country: 'TH' })
    const first = records[0] as CallRecord
    expect(first.kind).toBe('call')
    expect(first.direction).toBe('outgoing')
    // Outgoing: the target called the other party.
    expect(first.aParty).toEqual({ kind: 'e164', e164: '+66812345678', country: 'TH', original: '0812345678' })
    expect(first.bParty?.e164).toBe('+66898765432')
    expect(first.start).toEqual({ utcMs: Date.UTC(2024, 4, 13, 7, 22, 7), zone: 'Asia/Bangkok', explicitOffset: false, original: '13/05/2024 14:22:07', precision: 'second' })
    expect(first.durationSeconds).toBe(125)
    expect(first.durationOriginal).toBe('125')
    expect(first.imei).toBe('356938035643809')
    // Incoming: the other party called the target.
    const second = records[1] as CallRecord
    expect(second.direction).toBe('incoming')
    expect(second.aParty?.original).toBe('+66 89 876 5433')
    expect(second.bParty?.e164).toBe('+66812345678')
  })

  it('keeps the call type as written beside the direction and service read from it, through the store', () => {
    const { records } = build(rows, { sheet: 'cdr', country: 'TH' })
    const calls = records as CallRecord[]
    expect(calls.map((r) => [r.directionOriginal, r.direction, r.service])).toEqual([
      // MO says who called, not whether it was a voice call.
      ['MO', 'outgoing', 'unknown'],
      ['MT', 'incoming', 'unknown'],
      ['SMO', 'outgoing', 'sms'],
      ['MO', 'outgoing', 'unknown']
    ])
    expect(calls.every((r) => r.serviceOriginal === undefined)).toBe(true)
    // A file with its own service column keeps both texts.
    const two = build([
      ['A_NUMBER', 'B_NUMBER', 'Direction', 'Service', 'Start Time'],
      ['0812345678', '0898765432', 'OUT', 'Voice', '2024-05-13 14:22:07'],
      ['0812345678', '0898765432', 'In', 'SMS', '2024-05-13 14:25:00']
    ], { sheet: 'cdr', country: 'TH' }).records as CallRecord[]
    expect(two.map((r) => [r.directionOriginal, r.direction, r.serviceOriginal, r.service])).toEqual([
      ['OUT', 'outgoing', 'Voice', 'call'],
      ['In', 'incoming', 'SMS', 'sms']
    ])
    // The event store gives them back with the rest of the record.
    for (const set of [calls, two]) {
      const stream = createSegmentStream({ sourceId: SOURCE.sourceSha256 })
      for (const r of set) stream.add(r)
      const { segment, originals } = stream.finish().last!
      const back = Array.from({ length: segment.count }, (_, i) => decodeRecord(segment, originals, i))
      expect(back.sort((x, y) => x.provenance.row - y.provenance.row)).toEqual(set)
    }
  })

  it('gives each record the row number the user sees, counting title, blank and header rows', () => {
    const { records, rejected } = build(rows, { sheet: 'cdr', country: 'TH' })
    expect(records.map((r) => r.provenance.row)).toEqual([4, 5, 6, 9])
    expect(rejected.map((r) => r.row)).toEqual([7])
    for (const r of records) expect(r.provenance).toMatchObject({ sourceSha256: SOURCE.sourceSha256, fileName: 'cdr.csv', sheet: 'cdr' })
  })

  it('keeps warned rows (negative duration, bad IMEI check digit) and flags them', () => {
    const { records, issues } = build(rows, { sheet: 'cdr', country: 'TH' })
    const negative = records.find((r) => r.provenance.row === 5) as CallRecord
    expect(negative.durationSeconds).toBe(-3)
    expect(negative.flags).toContain('negative-duration')
    const badImei = records.find((r) => r.provenance.row === 6) as CallRecord
    expect(badImei.imei).toBe('356938035643808')
    expect(badImei.flags).toContain('imei-invalid')
    const codes = issues.map((i) => `${i.row}:${i.code}:${i.severity}`)
    expect(codes).toContain('5:negative-duration:warning')
    expect(codes).toContain('6:imei-check:warning')
  })

  it('rejects a row whose time cannot be read, and keeps it in the issue list with all its values', () => {
    const { rejected, issues } = build(rows, { sheet: 'cdr', country: 'TH' })
    expect(rejected).toHaveLength(1)
    expect(rejected[0]!.values).toEqual(['0812345678', '0898765432', 'MO', 'not a date', '10:00:00', '10', '356938035643809'])
    expect(rejected[0]!.problems.join(' ')).toMatch(/not a date/)
    const err = issues.find((i) => i.severity === 'error')!
    expect(err).toMatchObject({ sheet: 'cdr', row: 7, value: 'not a date 10:00:00' })
    expect(err.column).toMatch(/Call Date/)
  })

  it('drops nothing: read = ok + warned + rejected, blank rows counted apart, stray cells kept as extras', () => {
    const { records, summary } = build(rows, { sheet: 'cdr', country: 'TH' })
    expect(summary.read).toBe(summary.ok + summary.warned + summary.rejected)
    expect(summary).toMatchObject({ read: 5, rejected: 1, blank: 1 })
    expect(records).toHaveLength(summary.ok + summary.warned)
    const stray = records.find((r) => r.provenance.row === 9)!
    expect(stray.extra).toEqual({ 'Column 8': 'stray value' })
  })

  it('counts party values that are not phone numbers per column instead of warning on every row', () => {
    const vast: Cell[][] = [['From', 'To', 'Datetime', 'Duration(seconds)'], ...Array.from({ length: 30 }, (_, i) => [String(i), String(399 - i), `2006060${(i % 9) + 1} 1${i % 10}00`, String(i - 1)])]
    const { records, summary } = build(vast, { sheet: 'v', zone: 'America/Havana' })
    expect(summary.valueKinds.From).toEqual({ identifier: 30 })
    expect((records[5] as CallRecord).aParty).toEqual({ kind: 'identifier', original: '5' })
    expect(summary.issueCounts).toEqual({ 'negative-duration': 1 })
    expect((records[0] as CallRecord).start?.utcMs).toBe(Date.UTC(2006, 5, 1, 14, 0))
  })

  it('converts Buddhist-Era years with a notice and a flag on each record', () => {
    const r: Cell[][] = [['From', 'To', 'Date Time'], ['0812345678', '0898765432', '13/05/2567 10:00'], ['0812345678', '0898765433', '14/05/2567 11:00']]
    const { records, proposal } = build(r, { sheet: 's', country: 'TH' })
    expect((records[0] as CallRecord).start).toMatchObject({ utcMs: Date.UTC(2024, 4, 13, 3), original: '13/05/2567 10:00' })
    expect(records[0]!.flags).toContain('buddhist-era')
    expect(proposal.notices.join(' ')).toMatch(/Buddhist Era/)
  })

  it('lets an offset written in the data win over the source zone', () => {
    const r: Cell[][] = [['From', 'To', 'Datetime'], ['0812345678', '0898765432', '2024-05-13T10:00:00+05:30'], ['0812345678', '0898765433', '2024-05-13 10:00:00']]
    const { records } = build(r, { sheet: 's', country: 'TH' })
    expect((records[0] as CallRecord).start).toMatchObject({ utcMs: Date.UTC(2024, 4, 13, 4, 30), explicitOffset: true })
    expect((records[1] as CallRecord).start).toMatchObject({ utcMs: Date.UTC(2024, 4, 13, 3), explicitOffset: false, zone: 'Asia/Bangkok' })
  })

  it('says when caller and receiver cannot be told apart, and keeps both parties', () => {
    const r: Cell[][] = [['Target No', 'B Party No', 'Date Time'], ['0812345678', '0898765432', '2024-05-13 10:00:00'], ['0812345678', '0898765433', '2024-05-14 10:00:00']]
    const { records, issues } = build(r, { sheet: 's', country: 'TH' })
    const c = records[0] as CallRecord
    expect(c.aParty).toBeUndefined()
    expect(c.subscriber?.e164).toBe('+66812345678')
    expect(c.counterpart?.e164).toBe('+66898765432')
    expect(issues[0]!.code).toBe('unknown-caller')
  })
})

describe('other record kinds', () => {
  it('builds events from a statistics sheet with censored and thousands-separated counts', () => {
    const rows: Cell[][] = [['UNODC', 'unodc_ddds@un.org'], ['30/05/2023'], ['Country', 'Indicator', 'Year', 'txtVALUE', 'Sex'], ['Thailand', 'Detected trafficking victims', 2019, '<5', 'Female'], ['Cambodia', 'Persons convicted', 2020, '1,282', 'Male']]
    const { records } = build(rows, { sheet: 'data' })
    const [a, b] = records as EventRecord[]
    expect(a!.count).toEqual({ value: 5, original: '<5', censored: 'below' })
    expect(b!.count).toEqual({ value: 1282, original: '1,282' })
    expect(a!.time).toMatchObject({ utcMs: Date.UTC(2019, 0, 1), precision: 'year', original: '2019' })
    expect(a!.extra).toEqual({ Sex: 'Female' })
    expect(a!.text).toContain('Detected trafficking victims')
    expect(a!.provenance.row).toBe(4)
  })

  it('builds cell sites and rejects one without an id', () => {
    const rows: Cell[][] = [['antenna_id', 'latitude', 'longitude'], ['1', '42.36', '-71.08'], ['', '42.38', '-71.13'], ['3', '95.0', '-71.1'], ['4', '42.1', '-71.2'], ['5', '42.2', '-71.3'], ['6', '42.3', '-71.4']]
    const { records, rejected, issues } = build(rows, { sheet: 'antennas' })
    expect(records[0]).toMatchObject({ kind: 'cellSite', cellId: '1', latitude: 42.36, longitude: -71.08 })
    expect(rejected.map((r) => r.row)).toEqual([3])
    // A latitude beyond ±90 is not used, and said so.
    expect(issues.find((i) => i.row === 4)?.code).toBe('bad-coordinate')
    expect(records[1]).not.toHaveProperty('latitude')
  })
})

describe('streaming import session', () => {
  const header: Cell[] = ['From', 'To', 'Date']
  const row = (i: number, day: number, month: number): Cell[] => [`08123456${String(i % 100).padStart(2, '0')}`, '0898765432', `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/2024 10:00`]

  function run(rows: Cell[][], opts: { sampleRows?: number; maxBufferedRows?: number; dateOrders?: Record<string, 'dmy' | 'mdy'>; mapping?: Mapping; batch?: number }) {
    const records: WaymarkRecord[] = []
    const issues: RowIssue[] = []
    const rejected: RejectedRow[] = []
    const s = createImportSession({
      source: SOURCE,
      propose: { sheet: 'cdr', country: 'TH', ...(opts.dateOrders ? { dateOrders: opts.dateOrders } : {}), ...(opts.mapping ? { mapping: opts.mapping } : {}) },
      onRecord: (r) => records.push(r),
      onIssue: (i) => issues.push(i),
      onRejected: (r) => rejected.push(r),
      ...(opts.sampleRows ? { sampleRows: opts.sampleRows } : {}),
      ...(opts.maxBufferedRows ? { maxBufferedRows: opts.maxBufferedRows } : {})
    })
    const batch = opts.batch ?? 7
    for (let i = 0; i < rows.length; i += batch) s.push(rows.slice(i, i + batch))
    return { outcome: s.finish(), records, issues, rejected }
  }

  it('gives the same records whatever the batch size or sample size (property)', () => {
    const rows: Cell[][] = [header, ...Array.from({ length: 60 }, (_, i) => row(i, (i % 28) + 1, 5))]
    const reference = run(rows, { sampleRows: 100 }).records
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.integer({ min: 5, max: 80 }), (batch, sample) => {
        const { records, outcome } = run(rows, { batch, sampleRows: sample })
        expect(outcome.ok).toBe(true)
        expect(records).toEqual(reference)
      }),
      { numRuns: 25 }
    )
  })

  it('keeps reading while a date order is open, and settles it from a later value', () => {
    const rows: Cell[][] = [header, ...Array.from({ length: 40 }, (_, i) => row(i, (i % 12) + 1, 5)), row(99, 28, 5)]
    const { outcome, records } = run(rows, { sampleRows: 10 })
    expect(outcome.ok).toBe(true)
    expect(records).toHaveLength(41)
    expect((records[0] as CallRecord).start?.original).toBe('01/05/2024 10:00')
    expect((records[0] as CallRecord).start?.utcMs).toBe(Date.UTC(2024, 4, 1, 3))
  })

  it('reports an order that stays open to the end, naming the column, and builds nothing', () => {
    const rows: Cell[][] = [header, ...Array.from({ length: 30 }, (_, i) => row(i, (i % 12) + 1, 5))]
    const { outcome, records } = run(rows, { sampleRows: 10 })
    expect(records).toHaveLength(0)
    expect(outcome.ok).toBe(false)
    if (!outcome.ok) expect(outcome.problems[0]).toMatchObject({ code: 'ambiguous-date', field: 'start', header: 'Date' })
  })

  it('when the rows held overflow, keeps only evidence and asks to read again with the settled mapping', () => {
    const rows: Cell[][] = [header, ...Array.from({ length: 50 }, (_, i) => row(i, (i % 12) + 1, 5)), row(99, 5, 13)]
    const first = run(rows, { sampleRows: 5, maxBufferedRows: 20 })
    expect(first.records).toHaveLength(0)
    expect(first.outcome.ok).toBe(false)
    if (first.outcome.ok || !first.outcome.restartWith) throw new Error('expected a restart')
    expect(first.outcome.restartWith.dateFormats[0]!.decision.order).toBe('mdy')
    const second = run(rows, { mapping: first.outcome.restartWith })
    expect(second.outcome.ok).toBe(true)
    expect(second.records).toHaveLength(51)
  })
})

describe('readNumber and readCount', () => {
  it('reads the ways numbers are written in partner sheets', () => {
    expect(readNumber('1,282')).toBe(1282)
    expect(readNumber('12,5')).toBe(12.5)
    expect(readNumber('๑๒๓')).toBe(123)
    expect(readNumber('abc')).toBeNull()
    expect(readCount('฿ 1,500')).toEqual({ value: 1500, original: '฿ 1,500' })
    expect(readCount('<5')).toEqual({ value: 5, original: '<5', censored: 'below' })
    expect(readCount('n/a')).toBeNull()
  })
})
