// Tests that the speed-ups of a million-row import change no answer: each fast path against the slow path it skips.
import fc from 'fast-check'
import type { CountryCode } from 'libphonenumber-js/max'
import { describe, expect, it } from 'vitest'
import { proposeMapping } from '../../../../src/core/mapping/autoMap'
import { toAsciiDigits } from '../../../../src/core/mapping/digits'
import { normalisePhone, normalisePhoneReference } from '../../../../src/core/mapping/phones'
import { buildSheetRecords, createImportSession, readNumber } from '../../../../src/core/mapping/records'
import type { RejectedRow, RowIssue } from '../../../../src/core/model/mapping'
import type { Cell } from '../../../../src/core/model/rawTable'
import type { WaymarkRecord } from '../../../../src/core/model/records'

/** readNumber as it was before its plain-decimal fast path (the general path, kept here as the reference). */
function readNumberReference(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null
  if (typeof cell === 'boolean' || cell === null || cell === undefined) return null
  const t = toAsciiDigits(cell).trim().replace(/\u00a0/g, '')
  if (/^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/.test(t)) return Number(t.replace(/,/g, ''))
  if (/^[+-]?\d+,\d+$/.test(t) && !/^[+-]?\d{1,3},\d{3}$/.test(t)) return Number(t.replace(',', '.'))
  return null
}

describe('readNumber fast path', () => {
  it('reads what the general path reads, for coordinates, amounts and near-misses', () => {
    const piece = fc.constantFrom('0', '1', '9', '16', '-', '+', '.', ',', ' ', '\u00a0', '๑', '০', 'e', '1,282', '')
    const text = fc.oneof(
      fc.array(piece, { maxLength: 8 }).map((p) => p.join('')),
      fc.tuple(fc.double({ min: -200, max: 200, noNaN: true }), fc.integer({ min: 0, max: 8 })).map(([v, d]) => v.toFixed(d)),
      fc.string({ maxLength: 8 })
    )
    fc.assert(
      fc.property(text, (t) => {
        expect(readNumber(t), JSON.stringify(t)).toBe(readNumberReference(t))
      }),
      { numRuns: 5000 }
    )
  })
})

describe('phone numbers that are not valid, in the plans the fast path mirrors', () => {
  const MIRRORED: CountryCode[] = ['TH', 'KH', 'MM', 'BD', 'VN', 'LA', 'MY', 'ID', 'PH']
  const CC: Record<string, string> = { TH: '66', KH: '855', MM: '95', BD: '880', VN: '84', LA: '856', MY: '60', ID: '62', PH: '63' }

  it('are judged as libphonenumber judges them: leading +, 00, trunk 0 or the calling code, as text or as a spreadsheet number', () => {
    const input = fc.tuple(
      fc.constantFrom(...MIRRORED),
      fc.constantFrom('+cc', 'cc', '0', '00cc', '+cc0', 'cc0', ''),
      fc.stringMatching(/^[0-9]{4,13}$/),
      fc.boolean()
    )
    let notValid = 0
    fc.assert(
      fc.property(input, ([country, form, body, asNumber]) => {
        const cc = CC[country]!
        const text = form.replace('cc', cc) + body
        const cell: Cell = asNumber && !text.startsWith('+') && !text.startsWith('0') ? Number(text) : text
        const fast = normalisePhone(cell, country)
        expect(fast, `${String(cell)} (${country})`).toEqual(normalisePhoneReference(cell, country))
        if (fast.kind !== 'e164' || fast.problem !== undefined) notValid++
      }),
      { numRuns: 4000 }
    )
    // Not vacuous: most random digits are no number at all, or only of a possible length.
    expect(notValid).toBeGreaterThan(1000)
  }, 120_000)
})

describe('an import session holding rows compactly while it decides', () => {
  const SOURCE = { sourceSha256: 'b'.repeat(64), fileName: 'cdr.csv', sheet: 'cdr' }
  // Cells a CDR export holds: numbers in three shapes, Thai digits, spaces to trim, empty and missing cells.
  const party = fc.oneof(
    fc.integer({ min: 0, max: 99_999_999 }).map((n) => `08${String(n).padStart(8, '0')}`),
    fc.integer({ min: 0, max: 99_999_999 }).map((n) => `+668${String(n).padStart(8, '0')}`),
    fc.constantFrom('1175', '', ' 0812345678 ', '๐๘๑๒๓๔๕๖๗๘', 'AIS', '0')
  )
  const when = fc.tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 23 }), fc.constantFrom('2024', '2567', '24')).map(
    ([d, m, h, y]) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y} ${String(h).padStart(2, '0')}:05:09`
  )
  const dataRow = fc.tuple(party, party, fc.constantFrom('MO', 'MT', 'SMO', 'x'), when, fc.constantFrom('12', '0:45', '-3', '', 'abc'), fc.constantFrom('Mae Sot ', ' ตลาด', '')).map(
    ([a, b, t, w, d, s]) => [a, b, t, w, d, s] as Cell[]
  )
  const row = fc.oneof({ weight: 20, arbitrary: dataRow }, { weight: 1, arbitrary: fc.constant([] as Cell[]) }, { weight: 1, arbitrary: fc.constant(['', '', ''] as Cell[]) })
  const header: Cell[] = ['Target No', 'B Party No', 'Call Type', 'Date Time', 'Duration', 'Site Name']

  function viaSession(rows: readonly Cell[][], batch: number, sampleRows: number) {
    const records: WaymarkRecord[] = []
    const issues: RowIssue[] = []
    const rejected: RejectedRow[] = []
    const s = createImportSession({
      source: SOURCE,
      propose: { sheet: 'cdr', country: 'TH', sampleRows: 300 },
      onRecord: (r) => records.push(r),
      onIssue: (i) => issues.push(i),
      onRejected: (r) => rejected.push(r),
      sampleRows
    })
    for (let i = 0; i < rows.length; i += batch) s.push(rows.slice(i, i + batch))
    return { outcome: s.finish(), records, issues, rejected }
  }

  it('proposes and builds exactly what the whole table in memory gives, whatever the batches (property)', () => {
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 400, maxLength: 1500 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 1, max: 900 }),
        fc.integer({ min: 500, max: 5000 }),
        (body, preamble, batch, sampleRows) => {
          // A title and blank rows above the header, as exports have; the day/month order is settled by day 28.
          const rows: Cell[][] = [...Array.from({ length: preamble }, (_, i) => (i === 0 ? ['Call records of 0812345678'] : [])), header, ['0812345678', '0898765432', 'MO', '28/05/2024 10:00:00', '5', 'x'], ...body]
          const whole = proposeMapping(rows, { sheet: 'cdr', country: 'TH', sampleRows: 300 })
          const { outcome, records, issues, rejected } = viaSession(rows, batch, sampleRows)
          expect(outcome.ok).toBe(whole.problems.length === 0)
          if (!outcome.ok) return
          // The session proposed once all rows were held (sampleRows ≥ rows) or from the first rows (sampleRows < rows).
          if (sampleRows >= rows.length) expect(outcome.proposal).toEqual(whole)
          const built = buildSheetRecords(rows, outcome.proposal.header.dataStart, outcome.proposal.mapping, SOURCE)
          expect(records).toEqual(built.records)
          expect(issues).toEqual(built.issues)
          expect(rejected).toEqual(built.rejected)
          expect(outcome.summary).toEqual(built.summary)
        }
      ),
      { numRuns: 40 }
    )
  }, 120_000)

  it('gives spreadsheet cells (numbers, booleans, nulls) back as they were', () => {
    const rows: Cell[][] = [header, ...Array.from({ length: 700 }, (_, i): Cell[] => [812345600 + i, i % 2 === 0 ? '0898765432' : null, 'MO', `0${(i % 9) + 1}/05/2024 10:00:00`, i, i % 3 === 0 ? true : 'Site'])]
    rows.push(['0812345678', '0898765432', 'MO', '28/05/2024 10:00:00', '5', 'x'])
    const whole = proposeMapping(rows, { sheet: 'cdr', country: 'TH', sampleRows: 300 })
    const { outcome, records } = viaSession(rows, 64, 10_000)
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    expect(outcome.proposal).toEqual(whole)
    expect(records).toEqual(buildSheetRecords(rows, whole.header.dataStart, whole.mapping, SOURCE).records)
  })
})
