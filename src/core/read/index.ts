// The entry point for reading an imported file: sniffs the format, refuses hostile or protected files with typed errors, and returns one RawTable.
import * as XLSX from 'xlsx'
import type { ReadResult } from '../model/rawTable'
import { readDelimitedText } from './csv'
import { detectEncoding, canonicalEncoding } from './encoding'
import { readError } from './readFailure'
import { sniffFormat, type Sniffed } from './sniff'
import { encryptedMessage, formatDisplayName, odsHiddenSheetNames, readWorkbook } from './spreadsheet'
import { DEFAULT_ZIP_LIMITS, inspectZip, type ZipLimits } from './zipGuard'
import { biff12FramingProblem } from './xlsbGuard'

export { baseName, createCsvChunks, createCsvStream, sniffDelimiter, type CsvChunk, type CsvChunks, type CsvStream, type CsvStreamOptions, type DelimiterGuess } from './csv'
export { createSplitScan, findTextSplit, splittableEncoding, type TextSplit } from './textSplit'
export { readStreamedText, streamOptionsFor, type StreamedText, type StreamedTextOptions, type StreamedTextResult } from './streamedText'
export { detectEncoding, canonicalEncoding, SUPPORTED_ENCODINGS, type EncodingGuess } from './encoding'
export { sniffFormat, extensionOf, type Sniffed } from './sniff'
export { ReadFailure } from './readFailure'
export { serialToText, dateFormatKind } from './excelDate'
export { inspectZip, DEFAULT_ZIP_LIMITS, type ZipLimits } from './zipGuard'

// SheetJS types its bundled compound-file/zip library as `any`; these are the parts used here.
interface CfbEntry {
  readonly content?: Uint8Array
}
interface CfbContainer {
  readonly FullPaths: string[]
  readonly FileIndex: CfbEntry[]
}
interface CfbLibrary {
  read(data: Uint8Array, opts: { type: 'buffer' }): CfbContainer
  find(container: CfbContainer, path: string): CfbEntry | null
}
const CFB = XLSX.CFB as CfbLibrary

/** Cells one sheet may hold when read whole; bigger CSV files go through `createCsvStream`. */
export const DEFAULT_MAX_CELLS = 20_000_000

export interface ReadFileOptions {
  /** The name the user knows the file by; used for the format guess and in every message. */
  readonly fileName: string
  /** Text files: force this encoding (WHATWG label) instead of detecting it. */
  readonly encoding?: string
  /** Text files: force this one-character delimiter instead of sniffing it. */
  readonly delimiter?: string
  /** Cells per sheet before refusing with 'too-large'. */
  readonly maxCells?: number
  readonly zipLimits?: ZipLimits
}

/** Decodes the text of markup formats (HTML/XML) so SheetJS sees the right characters whatever the code page. */
function decodeMarkup(bytes: Uint8Array, encoding?: string): string {
  const enc = (encoding && canonicalEncoding(encoding)) || detectEncoding(bytes.subarray(0, 256 * 1024), bytes.length <= 256 * 1024).encoding
  return new TextDecoder(enc).decode(bytes)
}

/** Billion-laughs and external-entity tricks live in DOCTYPE/ENTITY declarations, which no genuine spreadsheet needs. */
function hasEntityDeclarations(text: string, format: 'fods' | 'xml' | 'html'): boolean {
  if (/<!ENTITY/i.test(text)) return true
  return format !== 'html' && /<!DOCTYPE/i.test(text)
}

function readZip(bytes: Uint8Array, fileName: string, sniffed: Extract<Sniffed, { kind: 'zip' }>, opts: ReadFileOptions, maxCells: number): ReadResult {
  const check = inspectZip(bytes, opts.zipLimits ?? DEFAULT_ZIP_LIMITS)
  if (!check.ok) {
    if (check.code === 'zip-bomb') {
      return readError(
        'zip-bomb',
        `${fileName} was refused as a possible zip bomb: ${check.detail}. Genuine spreadsheets do not look like this; files built to exhaust memory do. If the file is genuine, open it in Excel or LibreOffice and save it as CSV.`,
        fileName
      )
    }
    if (check.code === 'encrypted') return readError('encrypted', encryptedMessage(fileName), fileName)
    return readError('corrupt', `${fileName} is damaged (${check.detail}). It may be only partly copied or downloaded: ask for a fresh copy.`, fileName)
  }
  const names = new Set(check.entries.map((e) => e.name))
  let format = sniffed.format
  if (names.has('xl/workbook.bin')) format = 'xlsb'
  else if (names.has('xl/workbook.xml')) format = format === 'xlsm' || names.has('xl/vbaProject.bin') ? 'xlsm' : 'xlsx'
  else if (names.has('content.xml')) format = 'ods'
  else if (names.has('Index/Document.iwa') || [...names].some((n) => n.startsWith('Index/'))) {
    return readError('unsupported-format', `${fileName} is an Apple Numbers file. Open it in Numbers and export it as Excel (.xlsx) or CSV.`, fileName)
  } else {
    const what = [...names].some((n) => n.startsWith('word/')) ? 'a Word document' : [...names].some((n) => n.startsWith('ppt/')) ? 'a PowerPoint file' : 'a zip archive that holds no spreadsheet'
    return readError('unsupported-format', `${fileName} is ${what}, not a spreadsheet. If it is an archive, extract it and import the files inside.`, fileName)
  }
  if (format === 'xlsb') {
    let problem: string | null = null
    try {
      const cfb = CFB.read(bytes, { type: 'buffer' })
      cfb.FileIndex.forEach((f, i) => {
        const path = cfb.FullPaths[i] ?? ''
        if (problem === null && path.endsWith('.bin') && !path.endsWith('vbaProject.bin') && f.content) {
          const p = biff12FramingProblem(f.content)
          if (p) problem = `${path.replace(/^Root Entry\//, '')}: ${p}`
        }
      })
    } catch (err) {
      problem = err instanceof Error ? err.message : String(err)
    }
    if (problem) return readError('corrupt', `${fileName} is damaged (${problem}). It may be only partly copied or downloaded: ask for a fresh copy, or open it in Excel and save it as .xlsx.`, fileName)
  }
  let hiddenNames: Set<string> | undefined
  if (format === 'ods') {
    try {
      const cfb = CFB.read(bytes, { type: 'buffer' })
      const entry = CFB.find(cfb, 'content.xml')
      if (entry?.content) hiddenNames = odsHiddenSheetNames(new TextDecoder('utf-8').decode(entry.content))
    } catch {
      // Hidden flags are a courtesy; SheetJS reports the real problem below if the file is damaged.
    }
  }
  return readWorkbook(bytes, { fileName, format, maxCells, ...(hiddenNames ? { hiddenNames } : {}) })
}

function readCfb(bytes: Uint8Array, fileName: string, sniffed: Extract<Sniffed, { kind: 'cfb' }>, maxCells: number): ReadResult {
  let paths: string[]
  try {
    paths = CFB.read(bytes, { type: 'buffer' }).FullPaths
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    return readError('corrupt', `${fileName} could not be read as ${formatDisplayName(sniffed.format)}: it is damaged (${message}). Ask for a fresh copy.`, fileName)
  }
  // An encrypted .xlsx is stored inside an OLE container with these two streams.
  if (paths.some((p) => /\/(EncryptionInfo|EncryptedPackage)$/.test(p))) return readError('encrypted', encryptedMessage(fileName), fileName)
  const isWorkbook = paths.some((p) => /\/(Workbook|Book|WORKBOOK|BOOK)$/i.test(p))
  const isQuattro = paths.some((p) => /\/(PerfectOffice_MAIN|NativeContent_MAIN)$/i.test(p))
  if (!isWorkbook && !isQuattro) {
    const what = paths.some((p) => /\/WordDocument$/.test(p)) ? 'a Word document' : paths.some((p) => /PowerPoint Document$/.test(p)) ? 'a PowerPoint file' : 'an Office file that holds no workbook'
    return readError('unsupported-format', `${fileName} is ${what}, not a spreadsheet.`, fileName)
  }
  return readWorkbook(bytes, { fileName, format: isQuattro ? 'quattro' : sniffed.format, maxCells })
}

/**
 * Reads a whole file into a RawTable. Never throws for anything the file contains: damaged, protected,
 * hostile or unsupported files come back as `{ ok: false, error }` with a message naming the file.
 * Text files are decoded (encoding detected or `opts.encoding`) and split (delimiter sniffed or `opts.delimiter`).
 */
export function readFile(bytes: Uint8Array, opts: ReadFileOptions): ReadResult {
  const { fileName } = opts
  const maxCells = opts.maxCells ?? DEFAULT_MAX_CELLS
  const sniffed = sniffFormat(bytes, fileName)
  switch (sniffed.kind) {
    case 'empty':
      return readError('empty', `${fileName} is empty (0 bytes). Check that it was copied completely.`, fileName)
    case 'refused':
      return readError('unsupported-format', `${fileName} is ${sniffed.what}, not a table Waymark can import. ${sniffed.advice}`, fileName)
    case 'text': {
      const r = readDelimitedText(bytes, {
        fileName,
        format: sniffed.format,
        maxCells,
        ...(opts.encoding !== undefined ? { encoding: opts.encoding } : {}),
        ...(opts.delimiter !== undefined ? { delimiter: opts.delimiter } : {})
      })
      if (r.ok && r.table.sheets.every((s) => s.rows.length === 0)) {
        return readError('empty', `${fileName} holds no data (only a byte-order mark or nothing at all).`, fileName)
      }
      return r
    }
    case 'zip':
      return readZip(bytes, fileName, sniffed, opts, maxCells)
    case 'cfb':
      return readCfb(bytes, fileName, sniffed, maxCells)
    case 'markup': {
      const text = decodeMarkup(bytes, opts.encoding)
      if (hasEntityDeclarations(text, sniffed.format)) {
        return readError(
          'unsafe-xml',
          `${fileName} was refused: it declares its own XML entities (a DOCTYPE), which genuine spreadsheets never do and which can be used to exhaust memory. Open it in Excel or LibreOffice and save it as .xlsx.`,
          fileName
        )
      }
      return readWorkbook(bytes, {
        fileName,
        format: sniffed.format,
        maxCells,
        text,
        ...(sniffed.format === 'fods' ? { hiddenNames: odsHiddenSheetNames(text) } : {})
      })
    }
    case 'sheetjs':
      return readWorkbook(bytes, { fileName, format: sniffed.format, maxCells })
  }
}
