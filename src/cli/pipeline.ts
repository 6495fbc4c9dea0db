// The import pipeline the CLI commands share: read (streamed or whole), propose or apply a mapping, build records.
import { basename, extname } from 'node:path'
import type { Cell, ReadWarning } from '../core/model/rawTable'
import type { RejectedRow, RowIssue } from '../core/model/mapping'
import type { WaymarkRecord } from '../core/model/records'
import type { ProposeOptions } from '../core/mapping/autoMap'
import { createImportSession, type ImportOutcome } from '../core/mapping/records'
import { InputError, hashFile, isStreamableText, readWhole, statFile, streamText, textSheetName } from './input'

export interface FileImportOptions {
  readonly propose: Omit<ProposeOptions, 'sheet' | 'merges' | 'excel1904'>
  /** Sheet names to import; ['*'] for all. Default: the first visible sheet with data. */
  readonly sheets?: readonly string[]
  readonly encoding?: string
  readonly delimiter?: string
  readonly onRecord: (record: WaymarkRecord) => void
  readonly onIssue?: (issue: RowIssue) => void
  readonly onRejected?: (row: RejectedRow) => void
  /** Streaming limits (defaults in createImportSession); tests lower them to reach the second pass. */
  readonly sampleRows?: number
  readonly maxBufferedRows?: number
}

export interface SheetOutcome {
  readonly sheet: string
  readonly outcome: ImportOutcome
}

export interface SheetInfo {
  readonly name: string
  readonly hidden: boolean
  readonly rows: number
}

export interface FileImportResult {
  readonly path: string
  readonly fileName: string
  readonly size: number
  readonly sha256: string
  readonly format: string
  readonly streamed: boolean
  readonly encoding: string | null
  readonly delimiter: string | null
  readonly sheets: readonly SheetInfo[]
  readonly readWarnings: readonly ReadWarning[]
  readonly outcomes: readonly SheetOutcome[]
  /** Sheets with data that were not imported (the user can pass --sheet). */
  readonly skippedSheets: readonly string[]
}

function hasData(rows: readonly (readonly Cell[])[]): boolean {
  for (const r of rows) for (const c of r) if (c !== null && c !== '' && !(typeof c === 'string' && c.trim() === '')) return true
  return false
}

/** Imports one file. Throws InputError for problems the user must fix before anything can be read. */
export function importFile(path: string, options: FileImportOptions): FileImportResult {
  const size = statFile(path)
  const fileName = basename(path)
  const sha256 = hashFile(path)
  const outcomes: SheetOutcome[] = []

  if (isStreamableText(path)) {
    const sheet = textSheetName(path)
    if (options.sheets?.length && !options.sheets.includes('*') && !options.sheets.includes(sheet)) {
      throw new InputError(`${fileName} is a text file with one table ("${sheet}"); --sheet ${options.sheets.join(', ')} does not name it.`)
    }
    let propose: ProposeOptions = { ...options.propose, sheet }
    let info = null
    let outcome: ImportOutcome | null = null
    // At most two passes: the second only when a date order stayed open past the rows held in memory.
    for (let pass = 0; pass < 2; pass++) {
      const session = createImportSession({
        source: { sourceSha256: sha256, fileName, sheet },
        propose,
        onRecord: options.onRecord,
        ...(options.sampleRows ? { sampleRows: options.sampleRows } : {}),
        ...(options.maxBufferedRows ? { maxBufferedRows: options.maxBufferedRows } : {}),
        ...(options.onIssue ? { onIssue: options.onIssue } : {}),
        ...(options.onRejected ? { onRejected: options.onRejected } : {})
      })
      info = streamText(path, { ...(options.encoding ? { encoding: options.encoding } : {}), ...(options.delimiter ? { delimiter: options.delimiter } : {}) }, (rows, lines) => session.push(rows, lines))
      outcome = session.finish()
      if (outcome.ok || !outcome.restartWith) break
      propose = { ...propose, mapping: outcome.restartWith }
    }
    outcomes.push({ sheet, outcome: outcome! })
    return {
      path,
      fileName,
      size,
      sha256,
      format: extname(path).slice(1).toLowerCase() || 'text',
      streamed: true,
      encoding: info!.encoding,
      delimiter: info!.delimiter,
      sheets: [{ name: sheet, hidden: false, rows: info!.rows }],
      readWarnings: info!.warnings,
      outcomes,
      skippedSheets: []
    }
  }

  const table = readWhole(path, { ...(options.encoding ? { encoding: options.encoding } : {}), ...(options.delimiter ? { delimiter: options.delimiter } : {}) })
  const wanted = options.sheets ?? []
  const all = wanted.includes('*')
  const withData = table.sheets.filter((s) => hasData(s.rows))
  for (const name of wanted) {
    if (name !== '*' && !table.sheets.some((s) => s.name === name || s.name.trim() === name.trim())) {
      throw new InputError(`${fileName} has no sheet "${name}". Its sheets are: ${table.sheets.map((s) => `"${s.name}"`).join(', ')}.`)
    }
  }
  const chosen = all
    ? withData
    : wanted.length
      ? table.sheets.filter((s) => wanted.some((n) => s.name === n || s.name.trim() === n.trim()))
      : withData.filter((s) => !s.hidden).slice(0, 1)
  if (chosen.length === 0) throw new InputError(`${fileName} has no sheet with data${withData.length ? ' that is visible; pass --sheet to read a hidden one' : ''}.`)
  for (const s of chosen) {
    const session = createImportSession({
      source: { sourceSha256: sha256, fileName, sheet: s.name },
      propose: { ...options.propose, sheet: s.name, merges: s.merges, ...(table.date1904 ? { excel1904: true } : {}) },
      onRecord: options.onRecord,
      // A workbook is in memory already: hold every row while deciding, so no second pass is needed.
      maxBufferedRows: Number.MAX_SAFE_INTEGER,
      ...(options.onIssue ? { onIssue: options.onIssue } : {}),
      ...(options.onRejected ? { onRejected: options.onRejected } : {})
    })
    session.push(s.rows, s.rowLines ?? s.rows.map((_, i) => i + 1))
    outcomes.push({ sheet: s.name, outcome: session.finish() })
  }
  return {
    path,
    fileName,
    size,
    sha256,
    format: table.format,
    streamed: false,
    encoding: table.encoding,
    delimiter: table.delimiter ?? null,
    sheets: table.sheets.map((s) => ({ name: s.name, hidden: s.hidden, rows: s.rows.length })),
    readWarnings: table.warnings,
    outcomes,
    skippedSheets: withData.filter((s) => !chosen.includes(s)).map((s) => s.name)
  }
}
