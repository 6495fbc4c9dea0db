// Decides what kind of file a byte buffer holds from its first bytes and its name, before any parser touches it.
import type { FileFormat } from '../model/rawTable'
import { detectBom } from './encoding'

/** How a file will be read: which container to open and which format it is believed to be. */
export type Sniffed =
  | { readonly kind: 'text'; readonly format: Extract<FileFormat, 'csv' | 'tsv' | 'txt' | 'prn'> }
  | { readonly kind: 'zip'; readonly format: Extract<FileFormat, 'xlsx' | 'xlsm' | 'xlsb' | 'ods'> }
  | { readonly kind: 'cfb'; readonly format: Extract<FileFormat, 'xls' | 'quattro'> }
  | { readonly kind: 'markup'; readonly format: Extract<FileFormat, 'fods' | 'xml' | 'html'> }
  | { readonly kind: 'sheetjs'; readonly format: Extract<FileFormat, 'xls' | 'slk' | 'dif' | 'rtf' | 'lotus' | 'quattro'> }
  | { readonly kind: 'empty' }
  | { readonly kind: 'refused'; readonly what: string; readonly advice: string }

export function extensionOf(fileName: string): string {
  const slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'))
  const name = fileName.slice(slash + 1)
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : ''
}

const LOTUS_EXT = new Set(['wk1', 'wk2', 'wk3', 'wk4', 'wks', 'wku', '123', 'fm3', 'fmt', 'wr1'])
const QUATTRO_EXT = new Set(['wq1', 'wq2', 'wb1', 'wb2', 'wb3', 'qpw'])

const startsWith = (b: Uint8Array, sig: readonly number[], at = 0): boolean => sig.every((x, k) => b[at + k] === x)

/** The first few KB as text, for recognising markup and plain-text spreadsheet formats. */
function headText(b: Uint8Array): string {
  const bom = detectBom(b)
  const head = b.subarray(0, 8192)
  if (bom?.encoding === 'utf-16le' || bom?.encoding === 'utf-16be') return new TextDecoder(bom.encoding).decode(head)
  return new TextDecoder('utf-8').decode(head)
}

function textFormat(ext: string): Extract<FileFormat, 'csv' | 'tsv' | 'txt' | 'prn'> {
  if (ext === 'tsv' || ext === 'tab') return 'tsv'
  if (ext === 'txt') return 'txt'
  if (ext === 'prn') return 'prn'
  return 'csv'
}

/**
 * SYLK starts with `ID;P…`, but so does a semicolon CSV whose first header is "ID" followed by "Phone…"
 * (the reason Excel itself misreads such files). SYLK is believed only if every early line is a SYLK record.
 */
function looksLikeSylk(text: string): boolean {
  if (!/^ID;P/.test(text)) return false
  const lines = text.split(/\r\n|\r|\n/).slice(0, 12)
  if (text.length >= 8192) lines.pop() // possibly cut short
  return lines.every((l) => l === '' || /^(ID|C|F|B|O|P|NN|NE|NL|NU|W|E)(;|$)/.test(l))
}

/** Recognises the format from magic bytes first and the extension second. */
export function sniffFormat(bytes: Uint8Array, fileName: string): Sniffed {
  const ext = extensionOf(fileName)
  if (bytes.length === 0) return { kind: 'empty' }
  const b = bytes
  if (startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06]) || startsWith(b, [0x50, 0x4b, 0x07, 0x08])) {
    const format = ext === 'xlsm' ? 'xlsm' : ext === 'xlsb' ? 'xlsb' : ext === 'ods' ? 'ods' : 'xlsx'
    return { kind: 'zip', format }
  }
  if (startsWith(b, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return { kind: 'cfb', format: QUATTRO_EXT.has(ext) ? 'quattro' : 'xls' }
  // BIFF2–BIFF5 worksheets saved without the OLE wrapper start with a BOF record.
  if (b[0] === 0x09 && (b[1] === 0x00 || b[1] === 0x02 || b[1] === 0x04 || b[1] === 0x08) && (b[2] ?? 0) >= 4 && (b[2] ?? 0) <= 20 && b[3] === 0) {
    return { kind: 'sheetjs', format: 'xls' }
  }
  if ((startsWith(b, [0x00, 0x00, 0x02, 0x00]) || startsWith(b, [0x00, 0x00, 0x1a, 0x00]) || startsWith(b, [0xff, 0x00, 0x02, 0x00])) && b.length > 8) {
    return { kind: 'sheetjs', format: QUATTRO_EXT.has(ext) ? 'quattro' : 'lotus' }
  }
  if (startsWith(b, [0x25, 0x50, 0x44, 0x46])) return { kind: 'refused', what: 'a PDF document', advice: 'Ask the sender for the data as a spreadsheet or CSV file, not a PDF.' }
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47]) || startsWith(b, [0xff, 0xd8, 0xff]) || startsWith(b, [0x47, 0x49, 0x46, 0x38])) {
    return { kind: 'refused', what: 'an image', advice: 'Ask the sender for the data as a spreadsheet or CSV file.' }
  }
  if (startsWith(b, [0x1f, 0x8b]) || startsWith(b, [0x37, 0x7a, 0xbc, 0xaf]) || startsWith(b, [0x52, 0x61, 0x72, 0x21])) {
    return { kind: 'refused', what: 'a compressed archive (gzip, 7-Zip or RAR)', advice: 'Extract it first, then import the files inside.' }
  }
  if (LOTUS_EXT.has(ext) && b.length > 8 && b[0] === 0x00) return { kind: 'sheetjs', format: 'lotus' }
  if (QUATTRO_EXT.has(ext) && b.length > 8 && b[0] === 0x00) return { kind: 'sheetjs', format: 'quattro' }

  const text = headText(b).replace(/^\uFEFF/, '')
  const start = text.trimStart()
  if (start.startsWith('<')) {
    const lower = start.slice(0, 8192).toLowerCase()
    if (lower.includes('office:document') || lower.includes('urn:oasis:names:tc:opendocument:xmlns:office')) return { kind: 'markup', format: 'fods' }
    if (lower.includes('urn:schemas-microsoft-com:office:spreadsheet') || /<(ss:)?workbook[\s>]/.test(lower)) return { kind: 'markup', format: 'xml' }
    if (/<(!doctype html|html|table|body|head|meta)[\s>]/.test(lower)) return { kind: 'markup', format: 'html' }
    if (lower.startsWith('<?xml')) return { kind: 'refused', what: 'an XML file that is not a spreadsheet', advice: 'Open it in Excel or LibreOffice and save it as .xlsx or .csv.' }
  }
  if (looksLikeSylk(text)) return { kind: 'sheetjs', format: 'slk' }
  if (/^TABLE\r?\n0,1\r?\n/.test(text)) return { kind: 'sheetjs', format: 'dif' }
  if (text.startsWith('{\\rtf')) return { kind: 'sheetjs', format: 'rtf' }
  return { kind: 'text', format: textFormat(ext) }
}
