// Tests the Timesketch rows: datetime always ISO 8601 with an explicit offset, message, timestamp_desc, parties and source fields.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isoWithOffset, timesketchCsvHeader, timesketchCsvLine, toTimesketchRow, TIMESKETCH_CSV_COLUMNS } from '../../../../src/core/export/timesketch'
import type { CallRecord, CellSite, EventRecord } from '../../../../src/core/model/records'

const provenance = { sourceSha256: 'f'.repeat(64), fileName: 'cdr.csv', sheet: 'cdr', row: 17 }
const call: CallRecord = {
  kind: 'call',
  provenance,
  service: 'call',
  direction: 'outgoing',
  aParty: { kind: 'e164', e164: '+66812345678', country: 'TH', original: '0812345678' },
  bParty: { kind: 'e164', e164: '+855977654321', country: 'KH', original: '855977654321' },
  start: { utcMs: Date.UTC(2024, 4, 13, 7, 22, 7), zone: 'Asia/Bangkok', explicitOffset: false, original: '13/05/2024 14:22:07', precision: 'second' },
  durationSeconds: 125,
  cellId: '12345',
  flags: ['negative-duration']
}

describe('isoWithOffset', () => {
  it('writes the wall time of the source zone with its offset, never a bare local time', () => {
    expect(isoWithOffset(call.start!)).toBe('2024-05-13T14:22:07+07:00')
    expect(isoWithOffset({ ...call.start!, zone: 'America/Havana', utcMs: Date.UTC(2006, 5, 1, 4, 8) })).toBe('2006-06-01T00:08:00-04:00')
    expect(isoWithOffset({ ...call.start!, zone: 'Asia/Kathmandu' })).toBe('2024-05-13T13:07:07+05:45')
  })

  it('always ends in an offset and names the same instant (property)', () => {
    const zones = ['UTC', 'Asia/Bangkok', 'Asia/Yangon', 'Asia/Dhaka', 'America/Havana', 'Asia/Kolkata', 'Europe/London']
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1990, 0, 1), max: Date.UTC(2040, 0, 1) }), fc.constantFrom(...zones), (ms, zone) => {
        const iso = isoWithOffset({ utcMs: ms, zone, explicitOffset: false, original: '', precision: 'second' })
        expect(iso).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?[+-]\d\d:\d\d$/)
        expect(Date.parse(iso)).toBe(ms)
      })
    )
  })
})

describe('toTimesketchRow', () => {
  it('has the fields Timesketch requires and the parties and source fields analysts filter on', () => {
    const row = toTimesketchRow(call)!
    expect(row).toMatchObject({
      message: 'Call +66812345678 → +855977654321, outgoing, 125 s, cell 12345',
      datetime: '2024-05-13T14:22:07+07:00',
      timestamp: Date.UTC(2024, 4, 13, 7, 22, 7) * 1000,
      timestamp_desc: 'Call start',
      a_party: '+66812345678',
      a_party_original: '0812345678',
      b_party: '+855977654321',
      duration_seconds: 125,
      flags: 'negative-duration',
      time_original: '13/05/2024 14:22:07',
      time_zone: 'Asia/Bangkok',
      source_file: 'cdr.csv',
      source_sha256: 'f'.repeat(64),
      source_sheet: 'cdr',
      source_row: 17
    })
  })

  it('keeps the call type and service as the file wrote them beside the values read from them', () => {
    const row = toTimesketchRow({ ...call, direction: 'incoming', directionOriginal: 'MTC', serviceOriginal: 'Voice' })!
    expect(row).toMatchObject({ service: 'call', service_original: 'Voice', direction: 'incoming', direction_original: 'MTC' })
    // In the CSV, each in its own column right after the value's.
    expect(timesketchCsvLine(row)).toContain(',call,Voice,incoming,MTC,+66812345678,')
    expect(TIMESKETCH_CSV_COLUMNS.slice(TIMESKETCH_CSV_COLUMNS.indexOf('service'), TIMESKETCH_CSV_COLUMNS.indexOf('a_party'))).toEqual(['service', 'service_original', 'direction', 'direction_original'])
    expect(toTimesketchRow(call)).not.toHaveProperty('direction_original')
  })

  it('leaves out records that have no time (cell sites, undated events): the caller counts them', () => {
    const site: CellSite = { kind: 'cellSite', provenance, cellId: '1' }
    const undated: EventRecord = { kind: 'event', provenance, text: 'note' }
    expect(toTimesketchRow(site)).toBeNull()
    expect(toTimesketchRow(undated)).toBeNull()
  })

  it('writes CSV lines in the header order, quoting commas and quotes', () => {
    const line = timesketchCsvLine(toTimesketchRow({ ...call, siteName: 'Silom, "Tower" 3' })!)
    const header = timesketchCsvHeader().split(',')
    expect(header).toEqual([...TIMESKETCH_CSV_COLUMNS])
    expect(line.startsWith('"Call +66812345678 → +855977654321, outgoing, 125 s, cell 12345",2024-05-13T14:22:07+07:00,')).toBe(true)
    expect(line).toContain('"Silom, ""Tower"" 3"')
    // The E.164 plus sign stays: the file is for Timesketch, not a spreadsheet.
    expect(line).toContain(',+66812345678,0812345678,')
  })
})
