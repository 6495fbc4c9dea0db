// Big delimited text in bounded memory: the wizard's first rows, packed date columns for the rest, pieces for the
// import — and a date column's order decided from every value, not from the first rows.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createCsvChunks } from '../../../../src/core/read/csv'
import { readFile } from '../../../../src/core/read/index'
import { readStreamedText, streamOptionsFor } from '../../../../src/core/read/streamedText'
import { proposeMapping } from '../../../../src/core/mapping/autoMap'
import { dateLikeColumns, proposeForText } from '../../../../src/core/read/streamedProposal'

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const two = (n: number): string => String(n).padStart(2, '0')

/** A CDR whose rows step 7 minutes apart from 13 January 2024 (so days above 12 come first), dates written dd/mm/yyyy. */
function cdr(rows: number, opts: { lastDate?: string; extraLine?: string } = {}): string {
  const out = ['caller,callee,call time,duration,cell id\n']
  const start = Date.UTC(2024, 0, 13)
  for (let i = 0; i < rows; i++) {
    const t = new Date(start + i * 60_000 * 7)
    const date = i === rows - 1 && opts.lastDate ? opts.lastDate : `${two(t.getUTCDate())}/${two(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:00`
    out.push(`+6681${String(1_000_000 + (i % 97)).slice(1)},+6689${String(1_000_000 + ((i * 7) % 89)).slice(1)},${date},${i % 600},${100 + (i % 13)}\n`)
    if (opts.extraLine && i === rows - 2) out.push(opts.extraLine)
  }
  return out.join('')
}

function streamed(text: string, prefixRows = 50, keep: (prefix: readonly string[][]) => Iterable<number> = (p) => dateLikeColumns(p, 'calls')) {
  const r = readStreamedText(utf8(text), { fileName: 'calls.csv', format: 'csv', prefixRows, prefixNonBlank: 20, chunkBytes: 997 }, keep)
  if (!r.ok) throw new Error(r.error.message)
  return r.text
}

describe('readStreamedText', () => {
  it('keeps the first rows whole, counts every row, and gives every value of the kept columns as readFile reads them', () => {
    const text = cdr(800)
    const whole = readFile(utf8(text), { fileName: 'calls.csv' })
    if (!whole.ok) throw new Error(whole.error.message)
    const all = whole.table.sheets[0]!.rows
    const s = streamed(text)
    expect(s.rowCount).toBe(all.length)
    expect(s.prefix).toEqual(all.slice(0, s.prefix.length))
    expect(s.prefix.length).toBeLessThan(all.length)
    expect([...s.keptColumns]).toEqual([2])
    const rows = s.allRows()
    expect(rows).toHaveLength(all.length)
    expect(rows.map((r) => r[2])).toEqual(all.map((r) => r[2]))
    // Columns not kept are absent after the prefix: they are not needed for any decision.
    expect(rows[rows.length - 1]![0]).toBeUndefined()
    expect([s.sheetName, s.delimiter, s.encoding, s.format]).toEqual(['calls', ',', 'utf-8', 'csv'])
  })

  it('reports the same warnings as reading the whole file, even for a row far past the first rows', () => {
    const text = cdr(600, { extraLine: 'only,three,fields\n' })
    const whole = readFile(utf8(text), { fileName: 'calls.csv' })
    if (!whole.ok) throw new Error(whole.error.message)
    const s = streamed(text)
    expect(s.warnings).toEqual(whole.table.warnings)
    expect(s.warnings.some((w) => w.code === 'field-count' && (w.row ?? 0) > s.prefix.length)).toBe(true)
  })

  it('reads the file again for a column asked for later, and keeps what it had', () => {
    const text = cdr(300)
    const s = streamed(text)
    s.keepColumns([4])
    expect([...s.keptColumns].sort()).toEqual([2, 4])
    const rows = s.allRows()
    expect(rows[299]).toEqual([undefined, undefined, rows[299]![2], undefined, String(100 + (298 % 13))].slice(0, 5))
    expect(rows[299]![2]).toMatch(/^\d\d\/\d\d\/2024 /)
  })

  it('keeps fewer whole rows when they are absurdly wide, so memory stays bounded', () => {
    const wide = `${Array.from({ length: 50 }, () => Array.from({ length: 400 }, (_, c) => c).join(',')).join('\n')}\n`
    const r = readStreamedText(utf8(wide), { fileName: 'w.csv', format: 'csv', prefixMaxCells: 2_000 }, () => [])
    if (!r.ok) throw new Error(r.error.message)
    expect(r.text.prefix.length).toBe(5)
    expect(r.text.rowCount).toBe(50)
  })

  it('refuses an empty or binary file with the reason, as readFile does', () => {
    const empty = readStreamedText(utf8('\uFEFF'), { fileName: 'e.csv', format: 'csv' }, () => [])
    expect(empty.ok ? null : empty.error.code).toBe('empty')
    const binary = new Uint8Array(4096).map((_, i) => (i % 3 === 0 ? 0 : 65))
    const bin = readStreamedText(binary, { fileName: 'b.csv', format: 'csv' }, () => [])
    expect(bin.ok ? null : bin.error.message).toMatch(/binary data/)
  })

  it('gives the same rows, lines and warnings as readFile whatever the piece size (property)', () => {
    const field = fc.oneof(fc.constantFrom('', 'a', 'x y', '"q"', 'line\nbreak', 'ก', '1,5'), fc.string({ maxLength: 4 }))
    const csv = fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 25 }).map((rows) =>
      rows.map((r) => r.map((f) => (/[",\n\r]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f)).join(',')).join('\r\n')
    )
    fc.assert(
      fc.property(csv, fc.integer({ min: 1, max: 64 }), (text, piece) => {
        const bytes = utf8(`${text}\n`)
        const whole = readFile(bytes, { fileName: 'p.csv' })
        const chunks = createCsvChunks(bytes, streamOptionsFor({ fileName: 'p.csv', format: 'csv' }), piece)
        const rows: string[][] = []
        const lines: number[] = []
        for (let c = chunks.next(); c; c = chunks.next()) {
          rows.push(...c.rows)
          lines.push(...c.lines)
        }
        if (!whole.ok) return
        const sheet = whole.table.sheets[0]!
        expect(rows).toEqual(sheet.rows)
        expect(lines).toEqual(sheet.rows.map((_, i) => sheet.rowLines?.[i] ?? i + 1))
        expect(chunks.stream.warnings).toEqual(whole.table.warnings)
      }),
      { numRuns: 120 }
    )
  })
})

describe('proposeForText', () => {
  it('decides a date column from every value: a late date that only fits month/day makes the order a question', () => {
    // Days above 12 appear early, so the first rows alone say dd/mm; the last row says otherwise.
    const text = cdr(3000, { lastDate: '05/13/2024 10:00:00' })
    const s = streamed(text, 400)
    expect(proposeMapping(s.prefix, { sheet: 'calls', country: 'TH' }).mapping.dateFormats[0]?.decision.order).toBe('dmy')
    const { proposal } = proposeForText(s, { sheet: 'calls', country: 'TH' })
    const decision = proposal.mapping.dateFormats[0]!.decision
    expect(decision.total).toBe(3000)
    expect(decision.ambiguous).toBe(true)
    expect(proposal.problems.map((p) => p.code)).toContain('ambiguous-date')
  })

  it('gives the same proposal as reading the whole file', () => {
    const text = cdr(2500)
    const whole = readFile(utf8(text), { fileName: 'calls.csv' })
    if (!whole.ok) throw new Error(whole.error.message)
    const expected = proposeMapping(whole.table.sheets[0]!.rows, { sheet: 'calls', country: 'TH' })
    const { proposal } = proposeForText(streamed(text, 300), { sheet: 'calls', country: 'TH' })
    expect(proposal.mapping).toEqual(expected.mapping)
    expect(proposal.problems).toEqual(expected.problems)
    expect(proposal.notices).toEqual(expected.notices)
  })

  it('with enough first rows, decides from every value without building every row, as reading the whole file does', () => {
    // 2,400 first rows are enough for the header and sample; the dates of the 3,600 after them are read cell by cell.
    const text = cdr(6000, { lastDate: '05/13/2024 10:00:00' })
    const whole = readFile(utf8(text), { fileName: 'calls.csv' })
    if (!whole.ok) throw new Error(whole.error.message)
    const r = readStreamedText(utf8(text), { fileName: 'calls.csv', format: 'csv', prefixRows: 2400, prefixNonBlank: 2400, chunkBytes: 4096 }, (p) => dateLikeColumns(p, 'calls'))
    if (!r.ok) throw new Error(r.error.message)
    const s = r.text
    const all = s.allRows()
    for (let i = 0; i < all.length; i += 37) for (let c = 0; c < 5; c++) expect(s.cell(i, c)).toBe(all[i]![c])
    const expected = proposeMapping(whole.table.sheets[0]!.rows, { sheet: 'calls', country: 'TH' })
    const { proposal, rows } = proposeForText(s, { sheet: 'calls', country: 'TH' })
    expect(rows).toBe(s.prefix)
    expect(proposal.mapping).toEqual(expected.mapping)
    expect(proposal.problems).toEqual(expected.problems)
    // The last row's month/day date was seen: the order is a question, not a guess.
    expect(proposal.mapping.dateFormats[0]!.decision.total).toBe(6000)
    expect(proposal.problems.map((p) => p.code)).toContain('ambiguous-date')
  })

  it('reads a column again when the analyst maps a date to a column that was not kept', () => {
    const text = cdr(1200)
    const s = streamed(text, 200, () => [])
    expect(s.keptColumns.size).toBe(0)
    const first = proposeForText(s, { sheet: 'calls', country: 'TH' }).proposal
    const decision = first.mapping.dateFormats[0]!.decision
    // The call time was read for every row, not just the first 200.
    expect(decision.total).toBe(1200)
    expect(s.keptColumns.has(2)).toBe(true)
  })
})
