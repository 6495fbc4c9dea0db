// A big CSV proposed from its first rows and imported in two halves: every later date value is watched, the halves'
// evidence joins exactly, and a later row that reads the dates differently stops the import, naming file, column and row.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createDateWatch, decideWatched, watchValue } from '../../../../src/core/mapping/dates'
import { createRecordBuilder } from '../../../../src/core/mapping/records'
import type { Mapping } from '../../../../src/core/model/mapping'
import { createCsvChunks } from '../../../../src/core/read/csv'
import { checkStreamedDates, mergeWatches, watchesToData } from '../../../../src/core/read/streamedDates'
import { mergeTally } from '../../../../src/core/mapping/dates'
import { dateLikeColumns, proposeForText } from '../../../../src/core/read/streamedProposal'
import { readStreamedText, streamOptionsFor } from '../../../../src/core/read/streamedText'
import { findTextSplit } from '../../../../src/core/read/textSplit'

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const two = (n: number): string => String(n).padStart(2, '0')
const FILE = 'late-dates.csv'
const ROWS_READ = 20_000

/**
 * A CDR of `rows` rows from 13 January 2024, 3 minutes apart: every date has a day above 12 in its first 20,000 rows
 * (13 Jan – 24 Feb), so they read only as dd/mm. `at` replaces the date of some rows (0-based data row → value).
 */
function cdr(rows: number, at: ReadonlyMap<number, string> = new Map()): string {
  const out = ['caller,callee,call time,duration\n']
  const start = Date.UTC(2024, 0, 13)
  for (let i = 0; i < rows; i++) {
    const t = new Date(start + (i % 20_000) * 180_000)
    const date = at.get(i) ?? `${two(t.getUTCDate() < 13 ? t.getUTCDate() + 13 : t.getUTCDate())}/${two(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:00`
    out.push(`+66811${String(100_000 + (i % 997))},+66899${String(100_000 + ((i * 7) % 991))},${date},${i % 600}\n`)
  }
  return out.join('')
}

/** What the wizard sees: the file's first rows, and the mapping proposed from them (optionally with a chosen order). */
function wizard(bytes: Uint8Array, dateOrders?: Record<string, 'dmy' | 'mdy'>) {
  const read = readStreamedText(bytes, { fileName: FILE, format: 'csv', maxRows: ROWS_READ }, (p) => dateLikeColumns(p, 'late-dates'))
  if (!read.ok) throw new Error(read.error.message)
  const text = read.text
  const { proposal } = proposeForText(text, { sheet: text.sheetName, country: 'TH', ...(dateOrders ? { dateOrders } : {}) })
  return { text, proposal }
}

/** What the two import workers do: each maps its half with a watching builder; the evidence comes back as data. */
function importHalves(bytes: Uint8Array, mapping: Mapping) {
  const split = findTextSplit(bytes, 'utf-8', { minRowsBefore: mapping.headerRow + 1 })
  if (!split) throw new Error('no split')
  const source = { sourceSha256: 'f'.repeat(64), fileName: FILE, sheet: 'late-dates' }
  const half = (part: Uint8Array, rowsBefore: number) => {
    const builder = createRecordBuilder(mapping, source, { watchDates: true })
    const chunks = createCsvChunks(part, streamOptionsFor({ fileName: FILE, format: 'csv' }), 64 * 1024)
    let i = rowsBefore
    for (let c = chunks.next(); c; c = chunks.next()) {
      c.rows.forEach((row, k) => {
        if (i >= mapping.headerRow + 1) builder.build(row, (c.lines[k] ?? 0) + rowsBefore)
        i++
      })
    }
    // Through a structured clone, as between the workers.
    return structuredClone(watchesToData(builder.dateWatches()))
  }
  return [half(bytes.subarray(0, split.offset), 0), half(bytes.subarray(split.offset), split.rowsBefore)]
}

function check(bytes: Uint8Array, dateOrders?: Record<string, 'dmy' | 'mdy'>) {
  const { text, proposal } = wizard(bytes, dateOrders)
  const parts = importHalves(bytes, proposal.mapping)
  return { text, proposal, problems: checkStreamedDates({ fileName: FILE, proposal, mapping: proposal.mapping, watches: mergeWatches(parts), sampleEnd: text.lastLine }) }
}

describe('streamed date check', () => {
  it('proposes from the first rows only, and says the rest is not read yet', () => {
    const { text, proposal } = wizard(utf8(cdr(60_000)))
    expect(text.complete).toBe(false)
    expect(text.rowCount).toBeGreaterThanOrEqual(ROWS_READ)
    expect(text.rowCount).toBeLessThan(30_000)
    expect(text.bytesRead).toBeLessThan(utf8(cdr(60_000)).length)
    const df = proposal.mapping.dateFormats.find((d) => d.header === 'call time')!
    expect(df.decision).toMatchObject({ order: 'dmy', ambiguous: false })
    expect(df.decision.total).toBeLessThan(30_000)
  })

  it('passes a file whose later rows read the same way', () => {
    expect(check(utf8(cdr(60_000))).problems).toEqual([])
  })

  it('stops when a row after the first 20,000 reads only as mm/dd, naming the file, the column, the row and what to do', () => {
    // Data row 50,000 is on line 50,002 (after the header), in the second half.
    const { problems, proposal } = check(utf8(cdr(60_000, new Map([[50_000, '02/25/2024 10:00:00']]))))
    expect(proposal.problems).toEqual([])
    expect(problems).toHaveLength(1)
    const p = problems[0]!
    expect(p.code).toBe('ambiguous-date')
    expect(p.header).toBe('call time')
    expect(p.example).toBe('02/25/2024 10:00:00')
    expect(p.message).toContain(FILE)
    expect(p.message).toContain('"call time"')
    expect(p.message).toContain('row 50,002')
    expect(p.message).not.toContain('--date-format')
    expect(p.action).toBe('Choose the day/month order for column "call time" and import again.')
  })

  it('names the row in the first half too, and the first such row when there are several', () => {
    const late = new Map([
      [27_000, '03/14/2024 10:00:00'],
      [55_000, '02/25/2024 10:00:00']
    ])
    const { problems, text } = check(utf8(cdr(60_000, late)))
    expect(text.rowCount).toBeLessThan(27_000)
    expect(problems[0]!.message).toContain('row 27,002')
  })

  it('does not re-decide an order the analyst chose', () => {
    const bytes = utf8(cdr(60_000, new Map([[50_000, '02/25/2024 10:00:00']])))
    const { proposal, problems } = check(bytes, { 'call time': 'dmy' })
    expect(proposal.mapping.dateFormats[0]!.decision.decidedBy).toBe('user')
    expect(problems).toEqual([])
  })

  it('joins the evidence of two runs of values exactly as one watch over both', () => {
    const value = fc.oneof(
      fc.tuple(fc.integer({ min: 1, max: 31 }), fc.integer({ min: 1, max: 31 }), fc.constantFrom(2024, 2567, 24)).map(([d, m, y]) => `${two(d)}/${two(m)}/${y} 10:00`),
      fc.constantFrom('2024-03-01 10:00:00', '20240301', '1 Mar 2024', 'n/a', '', '45123', '13:45', '2567-01-02')
    )
    fc.assert(
      fc.property(fc.array(value, { maxLength: 60 }), fc.array(value, { maxLength: 60 }), (xs, ys) => {
        const one = createDateWatch('datetime')
        const a = createDateWatch('datetime')
        const b = createDateWatch('datetime')
        xs.forEach((v, i) => {
          one.row = a.row = i + 2
          watchValue(one, v)
          watchValue(a, v)
        })
        ys.forEach((v, i) => {
          one.row = b.row = xs.length + i + 2
          watchValue(one, v)
          watchValue(b, v)
        })
        const merged = mergeTally(structuredClone(a.tally), structuredClone(b.tally))
        expect({ ...merged, row: 0 }).toEqual({ ...one.tally, row: 0 })
        const [w] = mergeWatches([
          [{ field: 'start', column: 0, header: 'h', expect: 'datetime', tally: a.tally }],
          [{ field: 'start', column: 0, header: 'h', expect: 'datetime', tally: b.tally }]
        ])
        expect(decideWatched(w!.watch, { expect: 'datetime' })).toEqual(decideWatched(one, { expect: 'datetime' }))
      }),
      { numRuns: 200 }
    )
  })
})
