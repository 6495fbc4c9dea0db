// CSV for spreadsheets, formula-safe: a text cell that a spreadsheet would run as a formula is neutralised with a
// leading apostrophe, numbers stay numbers, and every field is quoted when it needs to be (RFC 4180, CRLF).

export type CsvCell = string | number | boolean | null | undefined

/** Characters that make Excel, LibreOffice or Google Sheets treat a cell as a formula (or a DDE call). */
const FORMULA_START = new Set(['=', '+', '-', '@', '\t', '\r', '\n'])

/**
 * Neutralises a text cell: prefixes `'` when it starts with a formula character. Full-width variants (＝ ＋ － ＠)
 * are also caught, as some spreadsheet builds normalise them.
 */
export function neutraliseFormula(text: string): string {
  if (text.length === 0) return text
  const first = text[0]!
  if (FORMULA_START.has(first) || first === '\uFF1D' || first === '\uFF0B' || first === '\uFF0D' || first === '\uFF20') return `'${text}`
  return text
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) || field !== field.trim() ? `"${field.replace(/"/g, '""')}"` : field
}

export function csvField(cell: CsvCell): string {
  if (cell === null || cell === undefined) return ''
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : ''
  if (typeof cell === 'boolean') return cell ? 'TRUE' : 'FALSE'
  return quote(neutraliseFormula(cell))
}

export function csvLine(cells: readonly CsvCell[]): string {
  return cells.map(csvField).join(',')
}

/** A whole CSV document with a UTF-8 BOM so Excel reads Thai, Bengali and Burmese text correctly. */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  const lines = [csvLine(header), ...rows.map(csvLine)]
  return `\uFEFF${lines.join('\r\n')}\r\n`
}
