// Workbooks written in the test with SheetJS and read back through readFile: cell types, dates in both systems, hidden sheets, merges, errors, hostile sheet names.
import { describe, expect, it } from 'vitest'
import * as XLSX from 'xlsx'
import { readFile } from '../../../../src/core/read/index'
import { odsHiddenSheetNames } from '../../../../src/core/read/spreadsheet'
import type { RawTable } from '../../../../src/core/model/rawTable'

type BookType = 'xlsx' | 'xlsm' | 'xlsb' | 'biff8' | 'ods' | 'fods' | 'xlml'
const EXT: Record<BookType, string> = { xlsx: 'xlsx', xlsm: 'xlsm', xlsb: 'xlsb', biff8: 'xls', ods: 'ods', fods: 'fods', xlml: 'xml' }

function write(wb: XLSX.WorkBook, bookType: BookType): Uint8Array {
  const out: unknown = XLSX.write(wb, { type: 'array', bookType })
  return out instanceof ArrayBuffer ? new Uint8Array(out) : new Uint8Array(out as ArrayLike<number>)
}

function book(sheets: [string, XLSX.WorkSheet][], props?: XLSX.WorkBook['Workbook']): XLSX.WorkBook {
  const wb = XLSX.utils.book_new()
  for (const [name, ws] of sheets) XLSX.utils.book_append_sheet(wb, ws, name)
  if (props) wb.Workbook = { ...wb.Workbook, ...props }
  return wb
}

function ok(bytes: Uint8Array, fileName: string, maxCells?: number): RawTable {
  const r = readFile(bytes, { fileName, ...(maxCells ? { maxCells } : {}) })
  if (!r.ok) throw new Error(`${fileName}: ${r.error.code}: ${r.error.message}`)
  return r.table
}

const cdrSheet = (): XLSX.WorkSheet => {
  const ws = XLSX.utils.aoa_to_sheet([
    ['A-party', 'B-party', 'Start', 'Duration', 'Roaming', 'Cell'],
    ['+85512345678', '0812345678', { t: 'n', v: 45296.5, z: 'yyyy-mm-dd hh:mm:ss' }, { t: 'n', v: 125 / 86400, z: '[h]:mm:ss' }, true, 4012],
    ['0098765', '+66 81 234 5678', { t: 'n', v: 45297.25, z: 'dd/mm/yyyy hh:mm' }, { t: 'n', v: 0.5, z: 'hh:mm:ss' }, false, 3.5]
  ])
  return ws
}

describe('readFile on workbooks', () => {
  for (const bt of ['xlsx', 'xlsb', 'biff8', 'ods', 'fods', 'xlml'] as const) {
    it(`keeps text as text, numbers as numbers and dates as wall-clock text (${bt})`, () => {
      const t = ok(write(book([['Calls', cdrSheet()]]), bt), `calls.${EXT[bt]}`)
      expect(t.encoding).toBeNull()
      const rows = t.sheets[0]?.rows
      expect(rows?.[0]).toEqual(['A-party', 'B-party', 'Start', 'Duration', 'Roaming', 'Cell'])
      expect(rows?.[1]?.slice(0, 2)).toEqual(['+85512345678', '0812345678'])
      expect(rows?.[1]?.[2]).toBe('2024-01-05T12:00:00')
      expect(rows?.[2]?.[2]).toBe('2024-01-06T06:00:00')
      expect(rows?.[1]?.[4]).toBe(true)
      expect(rows?.[2]?.[4]).toBe(false)
      expect(rows?.[1]?.[5]).toBe(4012)
      expect(rows?.[2]?.[5]).toBe(3.5)
      expect(rows?.[2]?.[0]).toBe('0098765')
    })
  }

  it('gives the same wall-clock dates whatever time zone the computer is set to', () => {
    const saved = process.env.TZ
    const files = (['xlsx', 'biff8', 'ods', 'fods', 'xlml'] as const).map((bt) => [bt, write(book([['Calls', cdrSheet()]]), bt)] as const)
    try {
      process.env.TZ = 'UTC'
      const base = files.map(([bt, bytes]) => ok(bytes, `c.${EXT[bt]}`).sheets)
      for (const tz of ['Asia/Bangkok', 'America/Los_Angeles', 'Pacific/Kiritimati']) {
        process.env.TZ = tz
        expect(new Date(2024, 0, 1).getTimezoneOffset()).not.toBe(0)
        files.forEach(([bt, bytes], k) => expect(ok(bytes, `c.${EXT[bt]}`).sheets).toEqual(base[k]))
      }
    } finally {
      if (saved === undefined) delete process.env.TZ
      else process.env.TZ = saved
    }
  })

  it('shows elapsed-time and time-of-day cells as clock text (xlsx)', () => {
    const rows = ok(write(book([['Calls', cdrSheet()]]), 'xlsx'), 'calls.xlsx').sheets[0]?.rows
    expect(rows?.[1]?.[3]).toBe('0:02:05')
    expect(rows?.[2]?.[3]).toBe('12:00:00')
  })

  it('reads dates of a 1904-system workbook correctly', () => {
    const ws = XLSX.utils.aoa_to_sheet([[{ t: 'n', v: 43834.5, z: 'yyyy-mm-dd hh:mm' }, 43834.5]])
    for (const bt of ['xlsx', 'biff8'] as const) {
      const t = ok(write(book([['S', ws]], { WBProps: { date1904: true } }), bt), `d.${EXT[bt]}`)
      expect(t.date1904).toBe(true)
      // 43834.5 days after 1904-01-01 is 2024-01-05 noon (1462 days less than its 1900 serial, 45296.5).
      expect(t.sheets[0]?.rows[0]).toEqual(['2024-01-05T12:00:00', 43834.5])
    }
  })

  it('flags hidden and very hidden sheets and keeps their data', () => {
    const wb = book([
      ['Visible', XLSX.utils.aoa_to_sheet([['v']])],
      ['Hidden', XLSX.utils.aoa_to_sheet([['h']])],
      ['Secret', XLSX.utils.aoa_to_sheet([['s']])]
    ])
    wb.Workbook = { Sheets: [{ Hidden: 0 }, { Hidden: 1 }, { Hidden: 2 }] }
    for (const bt of ['xlsx', 'biff8'] as const) {
      const t = ok(write(wb, bt), `h.${EXT[bt]}`)
      expect(t.sheets.map((s) => [s.name, s.hidden, s.visibility, s.rows])).toEqual([
        ['Visible', false, 'visible', [['v']]],
        ['Hidden', true, 'hidden', [['h']]],
        ['Secret', true, 'veryHidden', [['s']]]
      ])
    }
  })

  it('reports merged cells in sheet coordinates, leaving leading empty rows and columns in place', () => {
    // D3 lies under the D2:D3 merge, so it is empty, as in Excel.
    const ws = XLSX.utils.aoa_to_sheet([[], [null, 'Caller', null, 'Date'], [null, 'name', 'number']])
    ws['!merges'] = [XLSX.utils.decode_range('B2:C2'), XLSX.utils.decode_range('D2:D3')]
    for (const bt of ['xlsx', 'biff8', 'ods'] as const) {
      const s = ok(write(book([['M', ws]]), bt), `m.${EXT[bt]}`).sheets[0]
      expect(s?.rows).toEqual([[], [null, 'Caller', null, 'Date'], [null, 'name', 'number']])
      expect(s?.merges).toEqual([
        { startRow: 1, startCol: 1, endRow: 1, endCol: 2 },
        { startRow: 1, startCol: 3, endRow: 2, endCol: 3 }
      ])
    }
  })

  it('reads error cells as empty with a warning naming the cell, and formulas by their saved value', () => {
    const ws = XLSX.utils.aoa_to_sheet([[1, 2, { t: 'n', v: 3, f: 'A1+B1' }, { t: 'e', v: 0x2a }, { t: 's', v: 'ok', f: 'T("ok")' }]])
    for (const bt of ['xlsx', 'biff8'] as const) {
      const t = ok(write(book([['F', ws]]), bt), `f.${EXT[bt]}`)
      expect(t.sheets[0]?.rows[0]).toEqual([1, 2, 3, null, 'ok'])
      const w = t.warnings.find((x) => x.code === 'error-cell')
      expect(w).toMatchObject({ sheet: 'F', row: 1, column: 4 })
      expect(w?.message).toContain('#N/A')
      expect(w?.message).toContain('D1')
    }
  })

  it('reads sheets and headers named __proto__, constructor and prototype without polluting Object.prototype', () => {
    const header = () => XLSX.utils.aoa_to_sheet([['__proto__', 'constructor', 'prototype', 'toString'], ['a', 'b', 'c', 'd']])
    const wb = book([
      ['__proto__', header()],
      ['constructor', XLSX.utils.aoa_to_sheet([['c1']])],
      ['prototype', XLSX.utils.aoa_to_sheet([['p1']])],
      ['hasOwnProperty', XLSX.utils.aoa_to_sheet([['h1']])]
    ])
    for (const bt of ['xlsx', 'biff8', 'ods', 'xlsb'] as const) {
      const t = ok(write(wb, bt), `p.${EXT[bt]}`)
      expect(t.sheets.map((s) => s.name)).toEqual(['__proto__', 'constructor', 'prototype', 'hasOwnProperty'])
      expect(t.sheets[0]?.rows).toEqual([['__proto__', 'constructor', 'prototype', 'toString'], ['a', 'b', 'c', 'd']])
      expect(t.sheets.slice(1).map((s) => s.rows)).toEqual([[['c1']], [['p1']], [['h1']]])
      expect(({} as Record<string, unknown>)['!data']).toBeUndefined()
      expect(Object.prototype.hasOwnProperty.call(Object.prototype, '!ref')).toBe(false)
    }
  })

  it('keeps a cell at Excel\'s 32,767-character limit and Thai, Khmer and emoji text exactly', () => {
    const long = 'ข'.repeat(30_000) + 'x'.repeat(2_767)
    const ws = XLSX.utils.aoa_to_sheet([['note', 'name'], [long, 'សុខ ចាន់ 🍣']])
    const t = ok(write(book([['T', ws]]), 'xlsx'), 't.xlsx')
    expect(t.sheets[0]?.rows[1]?.[0]).toBe(long)
    expect(t.sheets[0]?.rows[1]?.[1]).toBe('សុខ ចាន់ 🍣')
  })

  it('refuses a sheet with more cells than allowed with too-large naming the sheet', () => {
    const ws = XLSX.utils.aoa_to_sheet(Array.from({ length: 50 }, (_, r) => Array.from({ length: 10 }, (_, c) => r * 10 + c)))
    const r = readFile(write(book([['Big', ws]]), 'xlsx'), { fileName: 'big.xlsx', maxCells: 200 })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('too-large')
      expect(r.error.message).toContain('"Big"')
    }
  })

  it('names the format from the container, not the extension', () => {
    const bytes = write(book([['S', XLSX.utils.aoa_to_sheet([['x']])]]), 'ods')
    expect(ok(bytes, 'mislabelled.xlsx').format).toBe('ods')
    expect(ok(write(book([['S', XLSX.utils.aoa_to_sheet([['x']])]]), 'xlsb'), 'a.xlsx').format).toBe('xlsb')
  })
})

describe('readFile on HTML tables saved as .xls', () => {
  it('keeps phone numbers with leading zeros and plus signs as text', () => {
    const html = '<html><body><table><tr><td>Number</td><td>Name</td></tr><tr><td>0812345678</td><td>สมชาย</td></tr><tr><td>+85512345678</td><td>1,282</td></tr></table></body></html>'
    const t = ok(new TextEncoder().encode(html), 'export.xls')
    expect(t.format).toBe('html')
    expect(t.sheets[0]?.rows).toEqual([
      ['Number', 'Name'],
      ['0812345678', 'สมชาย'],
      ['+85512345678', '1,282']
    ])
  })
})

describe('odsHiddenSheetNames', () => {
  it('finds sheets whose table style sets display to false', () => {
    const xml =
      '<office:automatic-styles><style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style>' +
      '<style:style style:name="ce1" style:family="table-cell"/>' +
      '<style:style style:name="ta&amp;2" style:family="table"><style:table-properties table:display="false"/></style:style></office:automatic-styles>' +
      '<table:table table:name="Shown" table:style-name="ta1"><table:table-row/></table:table><table:table table:name="R&amp;D notes" table:style-name="ta&amp;2"></table:table>'
    expect([...odsHiddenSheetNames(xml)]).toEqual(['R&D notes'])
  })

  it('stays fast on styles that never close', () => {
    const xml =
      '<style:style style:name="t" style:family="table"><style:table-properties table:display="false"/>'.repeat(50_000) +
      '<table:table table:name="S" table:style-name="t" '.repeat(50_000)
    const t0 = performance.now()
    expect(odsHiddenSheetNames(xml).size).toBe(0)
    expect(performance.now() - t0).toBeLessThan(2000)
  })
})
