// XLSX export of any table, formula-safe like the CSV export, with a "Provenance" sheet saying which case, filter
// and source files (with SHA-256) the table came from and when it was made.
import * as XLSX from 'xlsx'
import { neutraliseFormula } from './csv'

export type XlsxCell = string | number | boolean | null | undefined

export interface XlsxTable {
  /** The table's sheet name (shortened and cleaned to what Excel accepts). */
  readonly name: string
  readonly header: readonly string[]
  readonly rows: readonly (readonly XlsxCell[])[]
}

export interface ExportSource {
  readonly fileName: string
  readonly sha256: string
  /** UTC ms of the import, when known. */
  readonly importedAt?: number | null
  readonly events?: number | null
}

export interface ExportProvenance {
  readonly caseName: string
  readonly caseNumber: string
  /** What the table is ("Phones", "Common contacts of +8801…"). */
  readonly table: string
  /** The one-line filter or selection the table was made under ("All phones", "quick search “cox”"). */
  readonly filter: string
  /** The zone the table's times are written in. */
  readonly zone: string
  readonly sources: readonly ExportSource[]
  /** UTC ms. */
  readonly generatedAt: number
  /** "Waymark 0.4.0". */
  readonly generator?: string
}

/** Excel refuses longer text in a cell. */
export const XLSX_MAX_TEXT = 32_767

const TRUNCATED_MARK = '… [cut at Excel’s 32,767-character cell limit; the CSV export has the full text]'

/** A cell whose text had to be shortened for Excel (1-based row in the sheet, 0-based column). */
export interface TruncatedCell {
  readonly row: number
  readonly column: number
  readonly length: number
}

/**
 * A text cell as written: formula characters at the start neutralised (as in the CSV export); a literal `_xHHHH_`
 * protected with OOXML's `_x005F_` underscore escape, since readers decode that pattern as an escaped character;
 * lone UTF-16 surrogates (which UTF-8 cannot carry) made U+FFFD so the loss is visible rather than silent.
 */
export function xlsxText(text: string): string {
  const wellFormed = text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
  return neutraliseFormula(wellFormed).replace(/_(?=x[0-9A-Fa-f]{4}_)/g, '_x005F_')
}

/** Excel's sheet-name rules: at most 31 characters, none of []:*?/\ and not starting or ending with an apostrophe. */
export function sheetName(name: string, taken: readonly string[] = []): string {
  let base = name.replace(/[[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '').trim() || 'Table'
  base = base.slice(0, 31)
  let out = base
  for (let n = 2; taken.some((t) => t.toLowerCase() === out.toLowerCase()); n++) out = `${base.slice(0, 31 - String(n).length - 1)} ${n}`
  return out
}

function cellOf(value: XlsxCell, truncated: () => void): XLSX.CellObject | null {
  if (value === null || value === undefined) return null
  if (typeof value === 'number') return Number.isFinite(value) ? { t: 'n', v: value } : null
  if (typeof value === 'boolean') return { t: 'b', v: value }
  let raw = value
  let text = xlsxText(raw)
  if (text.length > XLSX_MAX_TEXT) {
    truncated()
    // Cut the original, then escape again: the escapes lengthen the text, so repeat until it fits with the note.
    for (let excess = text.length + TRUNCATED_MARK.length - XLSX_MAX_TEXT; excess > 0; excess = text.length + TRUNCATED_MARK.length - XLSX_MAX_TEXT) {
      let cut = raw.length - excess
      // Never cut between the two halves of a surrogate pair.
      if (/[\uD800-\uDBFF]/.test(raw[cut - 1] ?? '')) cut--
      raw = raw.slice(0, cut)
      text = xlsxText(raw)
    }
    text += TRUNCATED_MARK
  }
  return { t: 's', v: text }
}

function sheetOf(rows: readonly (readonly XlsxCell[])[], onTruncated: (row: number, column: number, length: number) => void): XLSX.WorkSheet {
  const ws: XLSX.WorkSheet = {}
  let maxC = 0
  rows.forEach((row, r) => {
    row.forEach((value, c) => {
      const cell = cellOf(value, () => onTruncated(r + 1, c, typeof value === 'string' ? value.length : 0))
      if (cell) ws[XLSX.utils.encode_cell({ r, c })] = cell
      if (c > maxC) maxC = c
    })
  })
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(0, rows.length - 1), c: maxC } })
  return ws
}

function iso(ms: number | null | undefined): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? '' : new Date(ms).toISOString()
}

/**
 * The workbook: the table (header row first), then "Provenance". Cells keep their types: numbers are numeric
 * cells, text is shared-string text and never a formula. Returns the file's bytes.
 */
export function toXlsx(table: XlsxTable, provenance: ExportProvenance): Uint8Array {
  const truncated: TruncatedCell[] = []
  const tableName = sheetName(table.name, ['Provenance'])
  const tableSheet = sheetOf([table.header, ...table.rows], (row, column, length) => truncated.push({ row, column, length }))
  tableSheet['!cols'] = table.header.map((h) => ({ wch: Math.min(40, Math.max(10, h.length + 2)) }))
  // Keep the header row in view while scrolling.
  tableSheet['!freeze'] = { xSplit: 0, ySplit: 1 }

  const p = provenance
  const meta: XlsxCell[][] = [
    ['Case', p.caseName],
    ['Case number', p.caseNumber],
    ['Table', p.table],
    ['Sheet', tableName],
    ['Filter', p.filter],
    ['Rows', table.rows.length],
    ['Times shown in', p.zone],
    ['Generated at (UTC)', iso(p.generatedAt)],
    ['Generated by', p.generator ?? 'Waymark'],
    ['Formula safety', "Text starting with = + - @, tab, CR or LF has a leading ' so no spreadsheet runs it."],
    [],
    ['Sources', 'SHA-256', 'Imported at (UTC)', 'Events'],
    ...p.sources.map((s) => [s.fileName, s.sha256, iso(s.importedAt), s.events ?? null])
  ]
  if (truncated.length > 0) {
    meta.push([], ['Shortened cells (Excel limit)', 'Row', 'Column', 'Original length'])
    for (const t of truncated) meta.push(['', t.row, table.header[t.column] ?? `column ${t.column + 1}`, t.length])
  }
  const provSheet = sheetOf(meta, () => {})
  provSheet['!cols'] = [{ wch: 28 }, { wch: 66 }, { wch: 24 }, { wch: 10 }]

  const wb = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(wb, tableSheet, tableName)
  XLSX.utils.book_append_sheet(wb, provSheet, 'Provenance')
  wb.Props = { Title: p.table, Subject: `${p.caseName} ${p.caseNumber}`.trim(), CreatedDate: new Date(p.generatedAt) }
  // Shared strings: the one string form every reader decodes the same way (inline "str" cells are formula results).
  const out = XLSX.write(wb, { type: 'array', bookType: 'xlsx', bookSST: true, compression: true }) as ArrayBuffer
  return new Uint8Array(out)
}
