// Tests that a streaming import which decides its date formats from the first rows checks them against every later value, and stops (naming the row) when they no longer hold.
import { describe, expect, it } from 'vitest'
import { proposeMapping } from '../../../../src/core/mapping/autoMap'
import { createImportSession, createRecordBuilder } from '../../../../src/core/mapping/records'
import type { Cell } from '../../../../src/core/model/rawTable'
import type { CallRecord, WaymarkRecord } from '../../../../src/core/model/records'

const SOURCE = { sourceSha256: 'a'.repeat(64), fileName: 'cdr.csv', sheet: 'cdr' }
const header: Cell[] = ['From', 'To', 'Date']
const row = (i: number, date: string): Cell[] => [`08123456${String(i % 100).padStart(2, '0')}`, '0898765432', date]
const dmy = (i: number): string => `${String((i % 15) + 13).padStart(2, '0')}/05/2024 10:00`

function run(rows: Cell[][], sampleRows: number) {
  const records: WaymarkRecord[] = []
  const s = createImportSession({ source: SOURCE, propose: { sheet: 'cdr', country: 'TH' }, onRecord: (r) => records.push(r), sampleRows })
  for (let i = 0; i < rows.length; i += 7) s.push(rows.slice(i, i + 7))
  return { outcome: s.finish(), records }
}

describe('date decisions checked against every later value', () => {
  it('stops with an ambiguous-date problem naming the row when a later date only fits month/day', () => {
    const rows: Cell[][] = [header, ...Array.from({ length: 40 }, (_, i) => row(i, dmy(i))), row(99, '05/13/2024 10:00'), ...Array.from({ length: 5 }, (_, i) => row(i, dmy(i)))]
    const { outcome } = run(rows, 10)
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.problems).toHaveLength(1)
    expect(outcome.problems[0]).toMatchObject({ code: 'ambiguous-date', field: 'start', header: 'Date', candidates: ['dmy', 'mdy'], example: '05/13/2024 10:00' })
    // Row 42: the header is row 1, then 40 day-first rows.
    expect(outcome.problems[0]!.message).toContain("row 42 has '05/13/2024 10:00'")
    // Read whole, the same file is reported the same way (never guessed).
    expect(proposeMapping(rows, { sheet: 'cdr', country: 'TH' }).problems.map((p) => p.code)).toEqual(['ambiguous-date'])
  })

  it('stops when a Buddhist-Era year first appears after the first rows, since every record would have been flagged', () => {
    const rows: Cell[][] = [header, ...Array.from({ length: 30 }, (_, i) => row(i, dmy(i))), row(7, '15/05/2567 10:00')]
    const { outcome } = run(rows, 10)
    expect(outcome.ok).toBe(false)
    if (outcome.ok) return
    expect(outcome.problems[0]).toMatchObject({ code: 'date-format-changed', field: 'start', header: 'Date' })
    expect(outcome.problems[0]!.message).toContain("row 32 has '15/05/2567 10:00', which has a Buddhist-Era year")
    // Decided from the first rows only, that year is still read as BE; with all rows held the column is BE from the start.
    const whole = run(rows, 1000)
    expect(whole.outcome.ok).toBe(true)
    expect(whole.records.every((r) => (r as CallRecord).flags?.includes('buddhist-era'))).toBe(true)
  })

  it('keeps the decision all values give when they read the column the same way: same records and proposal as holding every row', () => {
    const rows: Cell[][] = [header, ...Array.from({ length: 60 }, (_, i) => row(i, i % 4 === 0 ? `${dmy(i).slice(0, 10)} 10:00` : `0${(i % 9) + 1}/05/2024 10:00`))]
    const streamed = run(rows, 10)
    const held = run(rows, 1000)
    expect(streamed.outcome.ok).toBe(true)
    expect(streamed.records).toEqual(held.records)
    if (!streamed.outcome.ok || !held.outcome.ok) return
    expect(streamed.outcome.proposal.mapping.dateFormats).toEqual(held.outcome.proposal.mapping.dateFormats)
    expect(streamed.outcome.proposal.mapping.dateFormats[0]!.decision.total).toBe(60)
    expect(streamed.outcome.proposal.notices).toEqual(held.outcome.proposal.notices)
  })

  it('does not re-decide a column whose format came with the mapping', () => {
    const rows: Cell[][] = [header, ...Array.from({ length: 30 }, (_, i) => row(i, dmy(i))), row(7, '15/05/2567 10:00')]
    const first = run(rows.slice(0, 20), 1000)
    if (!first.outcome.ok) throw new Error('expected a mapping')
    const records: WaymarkRecord[] = []
    const s = createImportSession({ source: SOURCE, propose: { sheet: 'cdr', mapping: first.outcome.proposal.mapping }, onRecord: (r) => records.push(r), sampleRows: 5 })
    s.push(rows)
    expect(s.finish().ok).toBe(true)
    expect(records).toHaveLength(31)
  })
})

describe('phone value kinds per column', () => {
  it('are counted in the order they first appear, whatever the memo does', () => {
    const mapping = proposeMapping([['From', 'To', 'Date'], ['0812345678', '0898765432', '13/05/2024 10:00']], { sheet: 'cdr', country: 'TH' }).mapping
    const b = createRecordBuilder(mapping, SOURCE)
    const values = ['1234', 'FACEBOOK', '0812345678', '1234', '66812345678', 'FACEBOOK', '*123#']
    values.forEach((v, i) => b.build(['0812345678', v, '13/05/2024 10:00'], i + 2))
    const kinds = b.summary().valueKinds.To!
    expect(Object.entries(kinds)).toEqual([
      ['short-code', 3],
      ['alphanumeric', 2],
      ['e164', 2]
    ])
  })
})
