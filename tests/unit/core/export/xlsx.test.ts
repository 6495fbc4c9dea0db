// Formula safety and faithfulness of the XLSX export, checked by reading the file back with SheetJS: no cell is a
// formula, text comes back as written (after the neutralising apostrophe), numbers come back as numbers.
import fc from 'fast-check'
import * as XLSX from 'xlsx'
import { describe, expect, it } from 'vitest'
import { sheetName, toXlsx, xlsxText, XLSX_MAX_TEXT, type ExportProvenance, type XlsxCell } from '../../../../src/core/export/xlsx'

const PROVENANCE: ExportProvenance = {
  caseName: 'Operation Kite',
  caseNumber: 'K-7',
  table: 'Phones',
  filter: 'All phones',
  zone: 'Asia/Dhaka',
  sources: [{ fileName: 'bd-operator-cdr.csv', sha256: 'ab'.repeat(32), importedAt: Date.UTC(2024, 2, 1), events: 3000 }],
  generatedAt: Date.UTC(2024, 2, 2, 10, 30)
}

const FORMULA_START = ['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠']

function readBack(bytes: Uint8Array): XLSX.WorkBook {
  return XLSX.read(bytes, { type: 'array' })
}

/** Every cell of a sheet, row by row, as SheetJS reports it. */
function cells(ws: XLSX.WorkSheet): (XLSX.CellObject | undefined)[][] {
  const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1')
  const out: (XLSX.CellObject | undefined)[][] = []
  for (let r = range.s.r; r <= range.e.r; r++) {
    const row: (XLSX.CellObject | undefined)[] = []
    for (let c = range.s.c; c <= range.e.c; c++) row.push(ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined)
    out.push(row)
  }
  return out
}

/** The text a reader sees, without the guard the export adds to text that starts like a formula. */
function unguarded(read: string, original: string): string {
  return read !== original && read.startsWith("'") && FORMULA_START.includes(read[1] ?? '') ? read.slice(1) : read
}

/**
 * SheetJS's reader turns CR LF inside a cell into LF (Excel's own line break) after decoding; the file keeps the CR
 * (see the test below), so the comparison allows exactly that one reader normalisation.
 */
const sheetJsView = (s: string): string => s.replace(/\r\n/g, '\n')

describe('formula-safe XLSX', () => {
  it('property: no cell read back is a formula or starts like one; text and numbers come back exactly', () => {
    const cell = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom(...FORMULA_START).chain((d) => fc.string({ unit: 'binary', maxLength: 20 }).map((rest) => d + rest)),
      fc.stringMatching(/^_x[0-9A-Fa-f]{4}_(_x[0-9A-Fa-f]{4}_)?$/),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer()
    )
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 }), (rows) => {
        const header = rows[0]!.map((_, i) => `c${i}`)
        const wb = readBack(toXlsx({ name: 'T', header, rows }, PROVENANCE))
        const got = cells(wb.Sheets['T']!)
        rows.forEach((row, r) => {
          row.forEach((value, c) => {
            const back = got[r + 1]?.[c]
            expect(back?.f, 'a formula').toBeUndefined()
            if (typeof value === 'number') {
              expect(back?.t).toBe('n')
              expect(back?.v).toBe(value === 0 ? 0 : value) // -0 is written as 0
            } else {
              if (value === '') return // an empty text cell may come back empty or absent; there is nothing to run
              expect(back?.t).toBe('s')
              const text = String(back?.v)
              expect(FORMULA_START.includes(text[0] ?? '')).toBe(false)
              expect(unguarded(text, sheetJsView(value))).toBe(sheetJsView(value))
            }
          })
        })
      }),
      { numRuns: 300 }
    )
  })

  it('neutralises the classic payloads and keeps a phone number readable behind the guard', () => {
    const rows: XlsxCell[][] = [['=HYPERLINK("http://x","click")', '+8801745715037', '-2+3', '@SUM(A1:A9)', '\t=1', 'Cox’s Bazar', 42, -3.5, true, null]]
    const wb = readBack(toXlsx({ name: 'Phones', header: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'], rows }, PROVENANCE))
    const row = cells(wb.Sheets['Phones']!)[1]!
    expect(row.map((c) => c?.v)).toEqual(["'=HYPERLINK(\"http://x\",\"click\")", "'+8801745715037", "'-2+3", "'@SUM(A1:A9)", "'\t=1", 'Cox’s Bazar', 42, -3.5, true, undefined])
    expect(row.slice(6, 8).map((c) => c?.t)).toEqual(['n', 'n'])
  })

  it('keeps CR in the file itself, escaped, so Excel gets the text exactly', () => {
    const bytes = toXlsx({ name: 'T', header: ['note'], rows: [['line 1\r\nline 2']] }, PROVENANCE)
    const zip = XLSX.CFB.read(bytes, { type: 'array' })
    const sst = XLSX.CFB.find(zip, '/xl/sharedStrings.xml')
    expect(sst).not.toBeNull()
    expect(new TextDecoder().decode(sst!.content as Uint8Array)).toMatch(/line 1_x000[dD]_\nline 2/)
  })

  it('protects literal _xHHHH_ text, which readers would otherwise decode into another character', () => {
    expect(xlsxText('_x0041_')).toBe('_x005F_x0041_')
    const wb = readBack(toXlsx({ name: 'T', header: ['h'], rows: [['_x0041_'], ['a_x005F_x0041_b']] }, PROVENANCE))
    const got = cells(wb.Sheets['T']!)
    expect(got[1]![0]!.v).toBe('_x0041_')
    expect(got[2]![0]!.v).toBe('a_x005F_x0041_b')
  })

  it('shortens text over Excel’s cell limit visibly and lists the cell in the provenance sheet', () => {
    const long = 'ক'.repeat(XLSX_MAX_TEXT + 10)
    const wb = readBack(toXlsx({ name: 'T', header: ['name'], rows: [[long]] }, PROVENANCE))
    const text = String(wb.Sheets['T']!['A2']!.v)
    expect(text.length).toBeLessThanOrEqual(XLSX_MAX_TEXT)
    expect(text).toContain('CSV export has the full text')
    expect(long.startsWith(text.slice(0, 1000))).toBe(true)
    const prov = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Provenance']!, { header: 1 })
    expect(prov).toContainEqual(['', 2, 'name', XLSX_MAX_TEXT + 10])
  })

  it('writes the provenance sheet: case, filter, zone, sources with SHA-256, generated-at', () => {
    const wb = readBack(toXlsx({ name: 'Phones', header: ['Number'], rows: [['x'], ['y']] }, PROVENANCE))
    expect(wb.SheetNames).toEqual(['Phones', 'Provenance'])
    const prov = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets['Provenance']!, { header: 1 })
    const field = (name: string) => prov.find((r) => r[0] === name)?.[1]
    expect(field('Case')).toBe('Operation Kite')
    expect(field('Case number')).toBe('K-7')
    expect(field('Filter')).toBe('All phones')
    expect(field('Rows')).toBe(2)
    expect(field('Times shown in')).toBe('Asia/Dhaka')
    expect(field('Generated at (UTC)')).toBe('2024-03-02T10:30:00.000Z')
    expect(prov).toContainEqual(['bd-operator-cdr.csv', 'ab'.repeat(32), '2024-03-01T00:00:00.000Z', 3000])
  })

  it('makes sheet names Excel accepts', () => {
    expect(sheetName('Common contacts: +880/+60 [2]')).toBe('Common contacts  +880 +60  2')
    expect(sheetName('x'.repeat(40)).length).toBe(31)
    expect(sheetName('Provenance', ['Provenance'])).toBe('Provenance 2')
    expect(sheetName("''")).toBe('Table')
  })
})
