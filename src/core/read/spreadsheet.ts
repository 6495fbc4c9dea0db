// Reads workbooks (xlsx, xlsm, xlsb, xls, ods, fods, SpreadsheetML, HTML tables, SYLK, DIF, Lotus, Quattro) through SheetJS into a RawTable: every sheet by name, hidden flags, merges, dates as wall-clock text.
import * as XLSX from 'xlsx'
import * as cptable from 'xlsx/dist/cpexcel.full'
import type { Cell, FileFormat, MergeRange, RawSheet, RawTable, ReadResult, ReadWarning, SheetVisibility } from '../model/rawTable'
import { dateFormatKind, serialToText } from './excelDate'
import { readError } from './readFailure'

// Legacy .xls files carry text in Windows code pages (874 for Thai, 1258 for Vietnamese, …); SheetJS needs the tables.
XLSX.set_cptable(cptable)

const MAX_LISTED_WARNINGS = 100

const ERROR_TEXT: ReadonlyMap<number, string> = new Map([
  [0x00, '#NULL!'],
  [0x07, '#DIV/0!'],
  [0x0f, '#VALUE!'],
  [0x17, '#REF!'],
  [0x1d, '#NAME?'],
  [0x24, '#NUM!'],
  [0x2a, '#N/A'],
  [0x2b, '#GETTING_DATA']
])

const FORMAT_NAMES: Partial<Record<FileFormat, string>> = {
  xlsx: 'an Excel workbook (.xlsx)',
  xlsm: 'an Excel macro workbook (.xlsm)',
  xlsb: 'an Excel binary workbook (.xlsb)',
  xls: 'an Excel 97–2003 workbook (.xls)',
  ods: 'an OpenDocument spreadsheet (.ods)',
  fods: 'a flat OpenDocument spreadsheet (.fods)',
  xml: 'an Excel 2003 XML spreadsheet',
  html: 'an HTML table',
  slk: 'a SYLK file',
  dif: 'a DIF file',
  rtf: 'an RTF table',
  lotus: 'a Lotus 1-2-3 file',
  quattro: 'a Quattro Pro file'
}

export function formatDisplayName(format: FileFormat): string {
  return FORMAT_NAMES[format] ?? `a ${format.toUpperCase()} file`
}

/** SheetJS's messages for protected workbooks. */
export function isPasswordError(message: string): boolean {
  return /password|encrypt/i.test(message)
}

export function encryptedMessage(fileName: string): string {
  return (
    `${fileName} is protected with a password, so Waymark cannot read it. ` +
    'Ask the sender for a copy without a password (in Excel: File › Info › Protect Workbook › Encrypt with Password, clear it, and save).'
  )
}

/**
 * The sheet object for a name, looked up as an own property. A sheet named `__proto__` cannot be an own
 * property of a plain object: SheetJS's assignment makes it the object's prototype instead, which is where it
 * is found. Names like `constructor` or `toString` never resolve to Object.prototype's members.
 */
export function sheetByName(sheets: Record<string, unknown>, name: string): XLSX.WorkSheet | null {
  if (Object.prototype.hasOwnProperty.call(sheets, name)) return (sheets[name] as XLSX.WorkSheet | undefined) ?? null
  if (name === '__proto__') {
    const proto: unknown = Object.getPrototypeOf(sheets)
    if (proto && proto !== Object.prototype && typeof proto === 'object') return proto as XLSX.WorkSheet
  }
  return null
}

const decodeXml = (s: string): string =>
  s.replace(/&(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);/gi, (_m, e: string) => {
    const l = e.toLowerCase()
    if (l === 'amp') return '&'
    if (l === 'lt') return '<'
    if (l === 'gt') return '>'
    if (l === 'quot') return '"'
    if (l === 'apos') return "'"
    const cp = l.startsWith('#x') ? parseInt(l.slice(2), 16) : parseInt(l.slice(1), 10)
    return cp >= 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : _m
  })

/** OpenDocument hides a sheet through its table style (`table:display="false"`), which SheetJS does not report. */
export function odsHiddenSheetNames(contentXml: string): Set<string> {
  const hiddenStyles = new Set<string>()
  // Plain index scanning with cached positions, not one regex over the document: linear even on huge or odd files.
  let close = -2
  let at = contentXml.indexOf('<style:style')
  while (at !== -1) {
    const tagEnd = contentXml.indexOf('>', at)
    if (tagEnd === -1) break
    const next = contentXml.indexOf('<style:style', tagEnd)
    const attrs = contentXml.slice(at, tagEnd)
    if (!attrs.endsWith('/') && /style:family="table"/.test(attrs)) {
      if (close !== -1 && close < tagEnd) close = contentXml.indexOf('</style:style>', tagEnd)
      // The style's body ends at its closing tag, or at the next style if the file forgot to close it.
      let end = close === -1 ? contentXml.length : close
      if (next !== -1 && next < end) end = next
      if (/table:display="false"/.test(contentXml.slice(tagEnd + 1, end))) {
        const name = /style:name="([^"]*)"/.exec(attrs)?.[1]
        if (name !== undefined) hiddenStyles.add(decodeXml(name))
      }
    }
    at = next
  }
  const hidden = new Set<string>()
  if (hiddenStyles.size === 0) return hidden
  for (let t = contentXml.indexOf('<table:table'); t !== -1; t = contentXml.indexOf('<table:table', t + 1)) {
    const after = contentXml.charCodeAt(t + 12)
    // Only the table element itself, not table:table-row, table:table-cell, …
    if (after !== 0x20 && after !== 0x09 && after !== 0x0a && after !== 0x0d && after !== 0x3e) continue
    const tagEnd = contentXml.indexOf('>', t)
    if (tagEnd === -1) break
    const tag = contentXml.slice(t, tagEnd)
    const style = /table:style-name="([^"]*)"/.exec(tag)?.[1]
    const name = /table:name="([^"]*)"/.exec(tag)?.[1]
    if (style !== undefined && name !== undefined && hiddenStyles.has(decodeXml(style))) hidden.add(decodeXml(name))
  }
  return hidden
}

interface CellWarnings {
  errors: number
  badDates: number
  readonly list: ReadWarning[]
}

const columnName = (c: number): string => {
  let s = ''
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s
  return s
}

function convertCell(cell: XLSX.CellObject | undefined, date1904: boolean, where: { sheet: string; r: number; c: number; fileName: string }, w: CellWarnings): Cell {
  if (!cell) return null
  const v: unknown = cell.v
  switch (cell.t) {
    case 's':
      return typeof v === 'string' ? v : v === undefined || v === null ? null : String(v)
    case 'b':
      return typeof v === 'boolean' ? v : Boolean(v)
    case 'n': {
      if (typeof v !== 'number') return null
      // Not-a-number or infinite values only come from damaged files; show them as the #NUM! error Excel would.
      if (!Number.isFinite(v)) return convertCell({ t: 'e', v: 0x24 }, date1904, where, w)
      const z = typeof cell.z === 'string' ? cell.z : undefined
      if (z && z !== 'General' && XLSX.SSF.is_date(z)) {
        const text = serialToText(v, date1904, dateFormatKind(z))
        if (text !== null) return text
        w.badDates++
        if (w.badDates <= MAX_LISTED_WARNINGS) {
          w.list.push({
            code: 'date-out-of-range',
            sheet: where.sheet,
            row: where.r + 1,
            column: where.c + 1,
            message: `Cell ${columnName(where.c)}${where.r + 1} of sheet "${where.sheet}" is formatted as a date but holds ${v}, which is no calendar date; the number was kept.`
          })
        }
      }
      return v
    }
    case 'd': {
      // Only some text formats produce date cells with our options; SheetJS builds them as UTC (option UTC).
      if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().replace(/\.000Z$|Z$/, '')
      return typeof v === 'string' ? v : null
    }
    case 'e': {
      w.errors++
      if (w.errors <= MAX_LISTED_WARNINGS) {
        const text = typeof v === 'number' ? (ERROR_TEXT.get(v) ?? `#ERROR(${v})`) : typeof v === 'string' ? v : '#ERROR'
        w.list.push({
          code: 'error-cell',
          sheet: where.sheet,
          row: where.r + 1,
          column: where.c + 1,
          message: `Cell ${columnName(where.c)}${where.r + 1} of sheet "${where.sheet}" shows the error ${text}; it was read as empty.`
        })
      }
      return null
    }
    default:
      return null
  }
}

export interface WorkbookReadOptions {
  readonly fileName: string
  readonly format: FileFormat
  readonly maxCells: number
  /** Names of sheets known to be hidden when SheetJS cannot tell (OpenDocument). */
  readonly hiddenNames?: ReadonlySet<string>
  /** Text for text-based formats (HTML, XML), already decoded; bytes otherwise. */
  readonly text?: string
}

/** Parses with SheetJS and converts every sheet. User-caused failures become typed errors naming the file. */
export function readWorkbook(bytes: Uint8Array, opts: WorkbookReadOptions): ReadResult {
  const { fileName, format } = opts
  let wb: XLSX.WorkBook
  const parseOpts: XLSX.ParsingOptions = {
    dense: true,
    cellNF: true,
    cellDates: false,
    cellText: false,
    cellFormula: false,
    cellHTML: false,
    cellStyles: false,
    bookVBA: false,
    bookDeps: false,
    bookFiles: false,
    // Plain-text formats (HTML, SYLK, DIF) keep text as text: phone numbers keep their leading 0 and +.
    raw: true,
    UTC: true,
    WTF: false
  }
  try {
    wb = opts.text !== undefined ? XLSX.read(opts.text, { ...parseOpts, type: 'string' }) : XLSX.read(bytes, { ...parseOpts, type: 'array' })
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    if (isPasswordError(message)) return readError('encrypted', encryptedMessage(fileName), fileName)
    if (/^Unsupported|Unrecognized|Unknown file/i.test(message)) {
      return readError('unsupported-format', `${fileName} is not a spreadsheet format Waymark can read (${message}). Open it in Excel or LibreOffice and save it as .xlsx or .csv.`, fileName)
    }
    return readError(
      'corrupt',
      `${fileName} could not be read as ${formatDisplayName(format)}: it may be damaged or only partly copied (${message}). Ask for a fresh copy, or open it in Excel or LibreOffice and save it again.`,
      fileName
    )
  }

  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904)
  const warnings: ReadWarning[] = []
  const sheets: RawSheet[] = []
  const sheetsObj = wb.Sheets as unknown as Record<string, unknown>
  const names = Array.isArray(wb.SheetNames) ? wb.SheetNames : []
  for (let i = 0; i < names.length; i++) {
    const name = String(names[i])
    const hiddenCode = wb.Workbook?.Sheets?.[i]?.Hidden ?? 0
    let visibility: SheetVisibility = hiddenCode === 2 ? 'veryHidden' : hiddenCode === 1 ? 'hidden' : 'visible'
    if (visibility === 'visible' && opts.hiddenNames?.has(name)) visibility = 'hidden'
    const ws = sheetByName(sheetsObj, name)
    if (!ws) {
      warnings.push({
        code: 'sheet-unreadable',
        sheet: name,
        message: `Sheet "${name}" of ${fileName} could not be read (it may be a chart or macro sheet); it is listed with no rows.`
      })
      sheets.push({ name, hidden: visibility !== 'visible', visibility, rows: [], merges: [] })
      continue
    }
    let converted: SheetConversion
    try {
      converted = convertSheet(ws, name, date1904, fileName, opts.maxCells)
    } catch (e) {
      // SheetJS can leave odd structures behind in a damaged file; that is the file's fault, not ours.
      const message = e instanceof Error ? e.message : String(e)
      return readError('corrupt', `Sheet "${name}" of ${fileName} could not be read: the file may be damaged (${message}). Ask for a fresh copy.`, fileName)
    }
    if (!converted.ok) return converted.result
    warnings.push(...converted.warnings)
    sheets.push({ name, hidden: visibility !== 'visible', visibility, rows: converted.rows, merges: converted.merges })
  }
  const table: RawTable = { format, encoding: null, sheets, warnings, date1904 }
  return { ok: true, table }
}

type SheetConversion =
  | { ok: true; rows: Cell[][]; merges: MergeRange[]; warnings: ReadWarning[] }
  | { ok: false; result: ReadResult }

function convertSheet(ws: XLSX.WorkSheet, name: string, date1904: boolean, fileName: string, maxCells: number): SheetConversion {
  const w: CellWarnings = { errors: 0, badDates: 0, list: [] }
  const rows: Cell[][] = []
  let cells = 0
  const tooLarge = (): SheetConversion => ({
    ok: false,
    result: readError(
      'too-large',
      `Sheet "${name}" of ${fileName} has more than ${maxCells.toLocaleString('en')} cells, more than Waymark reads at once. Split the sheet, or save it as CSV and import that (CSV is streamed).`,
      fileName
    )
  })
  const data: unknown = (ws as Record<string, unknown>)['!data']
  const put = (r: number, c: number, value: Cell): void => {
    let row = rows[r]
    if (!row) {
      while (rows.length <= r) rows.push([])
      row = rows[r] as Cell[]
    }
    while (row.length < c) row.push(null)
    row[c] = value
  }
  if (Array.isArray(data)) {
    for (let r = 0; r < data.length; r++) {
      const src: unknown = data[r]
      if (!Array.isArray(src)) continue
      let last = -1
      for (let c = 0; c < src.length; c++) {
        const value = convertCell(src[c] as XLSX.CellObject | undefined, date1904, { sheet: name, r, c, fileName }, w)
        if (value !== null) {
          put(r, c, value)
          last = c
        }
      }
      if (last >= 0) {
        cells += last + 1
        if (cells > maxCells) return tooLarge()
      }
    }
  } else {
    // Sparse sheets (formats SheetJS reads without dense support): walk the cell addresses that exist.
    for (const key of Object.keys(ws)) {
      if (key.startsWith('!')) continue
      const addr = XLSX.utils.decode_cell(key)
      if (addr.r < 0 || addr.c < 0) continue
      const value = convertCell((ws as Record<string, XLSX.CellObject | undefined>)[key], date1904, { sheet: name, r: addr.r, c: addr.c, fileName }, w)
      if (value === null) continue
      put(addr.r, addr.c, value)
      if (++cells > maxCells) return tooLarge()
    }
  }
  // Fill holes so every row is a dense array (sparse JS arrays surprise later code).
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r] as Cell[]
    for (let c = 0; c < row.length; c++) if (row[c] === undefined) row[c] = null
  }
  const merges: MergeRange[] = []
  const rawMerges: unknown = (ws as Record<string, unknown>)['!merges']
  if (Array.isArray(rawMerges)) {
    for (const m of rawMerges as XLSX.Range[]) {
      if (!m?.s || !m?.e) continue
      merges.push({ startRow: m.s.r, startCol: m.s.c, endRow: m.e.r, endCol: m.e.c })
    }
  }
  if (w.errors > MAX_LISTED_WARNINGS) {
    w.list.push({ code: 'error-cell-summary', sheet: name, count: w.errors, message: `${w.errors.toLocaleString('en')} cells of sheet "${name}" show spreadsheet errors (#N/A, #REF!, …) and were read as empty; the first ${MAX_LISTED_WARNINGS} are listed.` })
  }
  if (w.badDates > MAX_LISTED_WARNINGS) {
    w.list.push({ code: 'date-out-of-range-summary', sheet: name, count: w.badDates, message: `${w.badDates.toLocaleString('en')} date-formatted cells of sheet "${name}" hold numbers that are no calendar date; the numbers were kept.` })
  }
  return { ok: true, rows, merges, warnings: w.list }
}
