// Tests that the record builder's shortcuts (whole-second durations, recent call-type codes, target/party layout) give what the general readers give.
import { describe, expect, it } from 'vitest'
import { proposeMapping } from '../../../../src/core/mapping/autoMap'
import { parseDirection } from '../../../../src/core/mapping/direction'
import { parseDuration } from '../../../../src/core/mapping/durations'
import { buildSheetRecords } from '../../../../src/core/mapping/records'
import type { CallRecord } from '../../../../src/core/model/records'
import type { Cell } from '../../../../src/core/model/rawTable'
import { mulberry32 } from '../../../../src/core/seeded'

const SOURCE = { sourceSha256: 'b'.repeat(64), fileName: 'cdr.csv', sheet: 'cdr' }
const HEADER = ['A_NUMBER', 'B_NUMBER', 'CALL_TYPE', 'START_TIME', 'DURATION']

function build(rows: Cell[][]) {
  const p = proposeMapping(rows, { sheet: 'cdr', country: 'KH' })
  expect(p.problems).toEqual([])
  return buildSheetRecords(rows, p.header.dataStart, p.mapping, SOURCE)
}

function row(type: string, duration: string, i: number): Cell[] {
  return ['012345678', `01776${String(1000 + (i % 9000))}`, type, `13/05/2024 14:${String(i % 60).padStart(2, '0')}:07`, duration]
}

describe('durations written as whole seconds', () => {
  it('read as parseDuration reads them, originals as written and trimmed, flags and issues on the same rows', () => {
    const durations = ['0', '7', '007', '59', '86399', '86400', '86401', '99999', '123456', ' 12 ', '1:05', '-3', '12.5', '']
    // Enough plain values first that the column is mapped as a duration.
    const values = [...Array.from({ length: 40 }, (_, i) => String(i * 7)), ...durations]
    const rows: Cell[][] = [HEADER, ...values.map((d, i) => row('MOC', d, i))]
    const { records, issues } = build(rows)
    expect(records).toHaveLength(values.length)
    values.forEach((d, i) => {
      const rec = records[i] as CallRecord
      const expected = parseDuration(d)
      if (d.trim() === '') {
        expect(rec.durationOriginal).toBeUndefined()
        expect(rec.durationSeconds).toBeUndefined()
        return
      }
      expect(rec.durationOriginal).toBe(d.trim())
      if (!expected.ok) throw new Error(`test data: ${d} should be a duration`)
      expect(rec.durationSeconds).toBe(expected.seconds)
      const rowIssues = issues.filter((x) => x.row === rec.provenance.row).map((x) => x.code)
      if (expected.flag === 'absurd') {
        expect(rec.flags).toContain('absurd-duration')
        expect(rowIssues).toEqual(['absurd-duration'])
      } else if (expected.flag === 'negative') {
        expect(rec.flags).toContain('negative-duration')
        expect(rowIssues).toEqual(['negative-duration'])
      } else {
        expect(rec.flags).toBeUndefined()
        expect(rowIssues).toEqual([])
      }
    })
    // The day boundary itself: 86 400 s is a (long) call, one second more is flagged.
    expect((records.find((r) => (r as CallRecord).durationOriginal === '86400') as CallRecord).flags).toBeUndefined()
    expect((records.find((r) => (r as CallRecord).durationOriginal === '86401') as CallRecord).flags).toEqual(['absurd-duration'])
  })
})

describe('a call-type column with many codes in changing order', () => {
  it('reads every row as parseDirection reads its code, with an issue on exactly the rows with unknown codes', () => {
    // More codes than the builder keeps at hand, long ones among them, and unknown ones.
    const codes = ['MOC', 'MTC', 'SMS-MO', 'SMS-MT', 'Voice MO', 'Voice MT', 'OUT', 'IN', 'SMS OUT', 'SMS IN', 'Incoming Call SMS', 'Outgoing Voice Call', 'MO', 'MT', 'FOO', 'Call Forward', 'zzz-unknown-long-code']
    const rnd = mulberry32(7)
    const types = Array.from({ length: 600 }, (_, i) => (i < 40 ? codes[i % 4]! : codes[Math.floor(rnd() * codes.length)]!))
    const rows: Cell[][] = [HEADER, ...types.map((t, i) => row(t, '10', i))]
    const { records, issues } = build(rows)
    expect(records).toHaveLength(types.length)
    types.forEach((t, i) => {
      const rec = records[i] as CallRecord
      const d = parseDirection(t)
      expect(rec.direction, t).toBe(d.direction)
      expect(rec.service, t).toBe(d.kind)
      expect(rec.forwarded, t).toBe(d.forwarded ? true : undefined)
      const understood = d.recognised && (d.direction !== 'unknown' || d.kind !== 'unknown' || d.forwarded)
      const rowIssues = issues.filter((x) => x.row === rec.provenance.row && x.code === 'unknown-direction')
      expect(rowIssues.length, t).toBe(understood ? 0 : 1)
    })
    expect(issues.some((x) => x.code === 'unknown-direction')).toBe(true)
  })
})

describe('target and other-party layouts', () => {
  it('sets caller and receiver from the direction, and keeps both parties with a warning when the direction is unknown', () => {
    const rows: Cell[][] = [
      ['Target No', 'B Party No', 'Call Type', 'Call Date', 'Call Time', 'Duration'],
      ['0812345678', '0898765432', 'MO', '13/05/2024', '14:22:07', '125'],
      ['0812345678', '0898765433', 'MT', '13/05/2024', '14:23:07', '12'],
      ['0812345678', '0898765434', 'ZZ', '13/05/2024', '14:24:07', '1'],
      ['0812345678', '', 'MO', '13/05/2024', '14:25:07', '1'],
      ['', '', 'MO', '13/05/2024', '14:26:07', '1']
    ]
    const p = proposeMapping(rows, { sheet: 'cdr', country: 'TH' })
    expect(p.problems).toEqual([])
    const { records, issues, rejected } = buildSheetRecords(rows, p.header.dataStart, p.mapping, SOURCE)
    const [out, inc, unknown, alone] = records as CallRecord[]
    expect([out!.aParty?.original, out!.bParty?.original]).toEqual(['0812345678', '0898765432'])
    expect([inc!.aParty?.original, inc!.bParty?.original]).toEqual(['0898765433', '0812345678'])
    expect(unknown!.aParty).toBeUndefined()
    expect(unknown!.bParty).toBeUndefined()
    expect([unknown!.subscriber?.original, unknown!.counterpart?.original]).toEqual(['0812345678', '0898765434'])
    expect(issues.filter((i) => i.code === 'unknown-caller').map((i) => i.row)).toEqual([4])
    // A row with the target only is kept (caller known); a row with no party at all is rejected.
    expect(alone!.aParty?.original).toBe('0812345678')
    expect(alone!.bParty).toBeUndefined()
    expect(rejected.map((r) => r.row)).toEqual([6])
  })
})
