// Delimited text (CSV, TSV, TXT, PRN) from bytes: encoding and delimiter detection, a streaming reader for big files, and the whole-file reader built on it.
import type { RawTable, ReadResult, ReadWarning, FileFormat } from '../model/rawTable'
import { FieldTooLargeError, RecordParser, DEFAULT_MAX_FIELD_CHARS, type ParseIssue } from './csvParser'
import { canonicalEncoding, detectEncoding, detectLegacy, encodingDisplayName, InvalidByteCounter, type EncodingGuess } from './encoding'
import { ReadFailure, readError } from './readFailure'

export const DELIMITER_CANDIDATES: readonly string[] = [',', ';', '\t', '|']
const SNIFF_BYTES = 64 * 1024
const SNIFF_ROWS = 200
/** Warnings of one kind listed one by one; past this many, a summary counts them all. */
export const MAX_LISTED_WARNINGS = 100

export interface DelimiterGuess {
  readonly delimiter: string
  /** The most common number of fields per row with this delimiter (1 when no candidate splits the rows). */
  readonly fields: number
  /** Share of non-blank sample rows that have `fields` fields. */
  readonly consistency: number
}

const isBlankRow = (r: readonly string[]): boolean => r.length === 1 && r[0] === ''

/** Field-count statistics of a sample under one delimiter. */
function fieldStats(text: string, delimiter: string, complete: boolean): { fields: number; consistency: number } {
  const p = new RecordParser({ delimiter, maxRows: SNIFF_ROWS })
  p.write(text)
  if (complete) p.end()
  const counts = new Map<number, number>()
  let n = 0
  for (const r of p.takeRows().rows) {
    if (isBlankRow(r)) continue
    n++
    counts.set(r.length, (counts.get(r.length) ?? 0) + 1)
  }
  let fields = 1
  let best = 0
  for (const [k, v] of counts) {
    if (v > best || (v === best && k > fields)) {
      fields = k
      best = v
    }
  }
  return { fields, consistency: n === 0 ? 0 : best / n }
}

/**
 * Chooses the delimiter among `,` `;` tab `|` by how consistently each splits the sample's rows (quotes
 * respected). Ties go to tab (rare inside text), then to the delimiter giving more fields. An Excel
 * `sep=X` first line wins outright. `preferTab` (for .tsv files) makes tab the default when nothing splits.
 */
export function sniffDelimiter(text: string, opts: { complete: boolean; preferTab?: boolean }): DelimiterGuess {
  const sample = text.length > SNIFF_BYTES * 2 ? text.slice(0, SNIFF_BYTES * 2) : text
  const complete = opts.complete && sample.length === text.length
  const sep = /^(?:\uFEFF)?sep=(.)\r?\n/.exec(sample)
  if (sep?.[1] && sep[1] !== '"') {
    const d = sep[1]
    return { delimiter: d, ...fieldStats(sample.slice(sep[0].length), d, complete) }
  }
  let best: DelimiterGuess | null = null
  for (const d of DELIMITER_CANDIDATES) {
    const s = fieldStats(sample, d, complete)
    if (s.fields < 2) continue
    const g: DelimiterGuess = { delimiter: d, ...s }
    if (!best) {
      best = g
      continue
    }
    const diff = g.consistency - best.consistency
    if (diff > 0.02) best = g
    else if (diff >= -0.02) {
      if (d === '\t' && (opts.preferTab || g.consistency >= best.consistency)) best = g
      else if (best.delimiter !== '\t' && g.fields > best.fields) best = g
    }
  }
  if (best) return best
  const fallback = opts.preferTab ? '\t' : ','
  return { delimiter: fallback, ...fieldStats(sample, fallback, complete) }
}

export interface CsvStreamOptions {
  /** For messages. */
  readonly fileName?: string
  /** Sheet name used in warnings; defaults to the file name without its extension. */
  readonly sheetName?: string
  /** Force an encoding (any WHATWG label, e.g. 'windows-874', 'tis-620', 'shift_jis') instead of detecting it. */
  readonly encoding?: string
  /** Force a one-character delimiter instead of sniffing it. */
  readonly delimiter?: string
  /** Make tab the default delimiter (for .tsv files). */
  readonly preferTab?: boolean
  /** Record the line each row starts on (`lastLines`). */
  readonly trackLines?: boolean
  /** Bytes examined before deciding encoding and delimiter; default 64 KiB. */
  readonly sniffBytes?: number
  readonly maxFieldChars?: number
  /**
   * The bytes this stream reads are the part of a file after this many rows and lines (a second worker reading the
   * second half of a big file): warnings and errors then name the file's rows and lines. Rows, `rowCount` and
   * `lastLines` stay the stream's own.
   */
  readonly rowsBefore?: number
  readonly linesBefore?: number
  /** The usual number of fields per row, decided from the whole file's start, instead of from this stream's own sample. */
  readonly expectedFields?: number
}

/**
 * A push parser for big delimited files in bounded memory. Feed byte chunks in order; each call returns the
 * rows it completed. Encoding and delimiter are decided from the first `sniffBytes` (or overridden). While the
 * text is pure ASCII the encoding stays provisional and is settled at the first non-ASCII byte, so a Thai file
 * whose first megabyte is digits is still read as Thai.
 *
 * User-caused fatal problems (a field larger than `maxFieldChars`, binary data) throw `ReadFailure` carrying a
 * typed `ReadError`. Invalid options (unknown encoding label, bad delimiter) throw `RangeError`.
 */
export interface CsvStream {
  push(chunk: Uint8Array): string[][]
  finish(): string[][]
  /** The WHATWG encoding in use; null until decided. 'utf-8' while the text has been pure ASCII. */
  readonly encoding: string | null
  readonly encodingGuess: EncodingGuess | null
  readonly delimiter: string | null
  /** The usual number of fields per row, from the sample; rows with another count are reported. */
  readonly expectedFields: number | null
  /** Undecodable byte sequences so far (each became U+FFFD). */
  readonly invalidBytes: number
  /** Warnings so far; complete after `finish()`. */
  readonly warnings: readonly ReadWarning[]
  readonly rowCount: number
  /** With `trackLines`: the 1-based line each row returned by the last `push`/`finish` starts on. */
  readonly lastLines: readonly number[]
}

type Mode = 'sniffing' | 'provisional' | 'resniffing' | 'decided' | 'finished'

const NO_LINES: readonly number[] = []

// Node's typings declare TextDecoder as a value only; this is its instance type in every runtime.
type Decoder = InstanceType<typeof TextDecoder>

export function baseName(fileName: string): string {
  const slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'))
  const name = fileName.slice(slash + 1)
  const dot = name.lastIndexOf('.')
  return dot > 0 ? name.slice(0, dot) : name
}

function concatBytes(parts: readonly Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0]
  const out = new Uint8Array(total)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** The warning that a file's encoding was guessed (it is not Unicode and has no byte-order mark). */
export function encodingGuessWarning(fileName: string, sheet: string, g: EncodingGuess): ReadWarning {
  return {
    code: 'encoding-guessed',
    sheet,
    message:
      `${fileName} is not Unicode text; Waymark read it as ${encodingDisplayName(g.encoding)} because ${g.reason}. ` +
      "If names or places look wrong, choose the file's encoding in the import wizard (or with the waymark command's --encoding), or save the file as UTF-8."
  }
}

/** Text files that hold NUL bytes but are not UTF-16 are not text: refuse rather than produce garbage rows. */
function looksBinary(bytes: Uint8Array, encoding: string): boolean {
  if (encoding.startsWith('utf-16')) return false
  const n = Math.min(bytes.length, 8192)
  let nul = 0
  for (let i = 0; i < n; i++) if (bytes[i] === 0) nul++
  return nul > 0 && nul >= n / 100
}

export function createCsvStream(opts: CsvStreamOptions = {}): CsvStream {
  const fileName = opts.fileName ?? 'the file'
  const sheet = opts.sheetName ?? baseName(fileName)
  const sniffBytes = Math.max(1024, opts.sniffBytes ?? SNIFF_BYTES)
  const trackLines = opts.trackLines ?? false
  const rowsBefore = opts.rowsBefore ?? 0
  const linesBefore = opts.linesBefore ?? 0
  const forcedEncoding = opts.encoding !== undefined ? canonicalEncoding(opts.encoding) : null
  if (opts.encoding !== undefined && !forcedEncoding) throw new RangeError(`unknown encoding label ${JSON.stringify(opts.encoding)}`)
  if (opts.delimiter !== undefined) new RecordParser({ delimiter: opts.delimiter }) // validates, throws RangeError

  let mode: Mode = 'sniffing'
  let held: Uint8Array[] = []
  let heldBytes = 0
  let decoder: Decoder | null = null
  let counter: InvalidByteCounter | null = null
  let guess: EncodingGuess | null = null
  let encoding: string | null = null
  let parser: RecordParser | null = null
  let expected: number | null = null
  let batchLines: number[] = []
  let lastLines: readonly number[] = NO_LINES
  const warnings: ReadWarning[] = []
  let mismatches = 0
  let rowsSeen = 0
  // Undecodable sequences already traced to the row holding their U+FFFD, and the rows listed for them.
  let invalidTraced = 0
  let invalidRowsListed = 0
  const issueCounts = { 'unterminated-quote': 0, 'text-after-quote': 0 }

  const fail = (e: unknown): never => {
    if (e instanceof FieldTooLargeError) {
      throw new ReadFailure(
        'too-large',
        `${fileName}: a field starting in row ${e.row + rowsBefore} (line ${e.line + linesBefore}) is longer than ${e.limit.toLocaleString('en')} characters. ` +
          'This usually means a quote (") is opened and never closed. Check that line in a text editor, or re-export the file.',
        fileName
      )
    }
    throw e
  }

  const startDecoder = (enc: string): void => {
    encoding = enc
    decoder = new TextDecoder(enc, { fatal: false })
    counter = new InvalidByteCounter(enc)
  }

  const noteGuess = (g: EncodingGuess): void => {
    guess = g
    if (g.confidence === 'guess') warnings.push(encodingGuessWarning(fileName, sheet, g))
  }

  const setupParser = (text: string, complete: boolean): void => {
    let delimiter = opts.delimiter
    if (delimiter === undefined) {
      const d = sniffDelimiter(text, { complete, preferTab: opts.preferTab ?? false })
      delimiter = d.delimiter
      expected = d.fields
    } else {
      expected = fieldStats(text.slice(0, SNIFF_BYTES * 2), delimiter, complete && text.length <= SNIFF_BYTES * 2).fields
    }
    if (opts.expectedFields !== undefined) expected = opts.expectedFields
    parser = new RecordParser({ delimiter, trackLines, maxFieldChars: opts.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS })
  }

  /** Takes the parser's completed rows, checks their field counts, and notes their lines for this batch. */
  const collect = (): string[][] => {
    const p = parser
    if (!p) return []
    const { rows, lines } = p.takeRows()
    if (trackLines) for (const l of lines) batchLines.push(l)
    const exp = expected
    // Only a batch decoded after an undecodable sequence is searched for the row that holds its U+FFFD: rare, so cheap.
    const ctr = counter
    const trace = ctr !== null && ctr.count > invalidTraced && invalidRowsListed < MAX_LISTED_WARNINGS
    if (exp !== null || trace) {
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k] as string[]
        if (exp !== null && r.length !== exp && !isBlankRow(r)) {
          mismatches++
          if (mismatches <= MAX_LISTED_WARNINGS) {
            const rowNo = rowsBefore + rowsSeen + k + 1
            warnings.push({
              code: 'field-count',
              sheet,
              row: rowNo,
              count: r.length,
              message: `Row ${rowNo} of ${fileName} has ${r.length} field${r.length === 1 ? '' : 's'} where most rows have ${exp}. It was kept as it is; check it for a missing or extra delimiter.`
            })
          }
        }
        if (trace && ctr !== null && invalidRowsListed < MAX_LISTED_WARNINGS && ctr.count > invalidTraced) {
          const n = replacementsIn(r, encoding)
          if (n > 0) {
            invalidTraced += n
            invalidRowsListed++
            const rowNo = rowsBefore + rowsSeen + k + 1
            const line = trackLines ? lines[k] : undefined
            warnings.push(invalidRowWarning(rowNo, line === undefined ? undefined : line + linesBefore, n, fileName, sheet, encoding ?? 'utf-8'))
          }
        }
      }
    }
    rowsSeen += rows.length
    return rows
  }

  const feedText = (text: string): void => {
    if (!parser) throw new Error('csv stream: parser not ready')
    try {
      parser.write(text)
    } catch (e) {
      fail(e)
    }
  }

  /** Settles the encoding from the held bytes, then decodes and parses them. */
  const decide = (final: boolean): string[][] => {
    const bytes = concatBytes(held, heldBytes)
    held = []
    heldBytes = 0
    const sample = bytes.length > sniffBytes * 4 ? bytes.subarray(0, sniffBytes * 4) : bytes
    const complete = final && sample.length === bytes.length
    if (forcedEncoding) {
      startDecoder(forcedEncoding)
      guess = { encoding: forcedEncoding, confidence: 'bom', reason: 'it was chosen' }
      mode = 'decided'
    } else if (mode === 'sniffing') {
      const g = detectEncoding(sample, complete)
      if (looksBinary(sample, g.encoding)) {
        throw new ReadFailure(
          'unsupported-format',
          `${fileName} does not look like a text file (it contains binary data). If it is a spreadsheet, check that its name ends in the right extension (.xlsx, .xls, .ods).`,
          fileName
        )
      }
      startDecoder(g.encoding)
      if (g.confidence === 'ascii') {
        guess = g
        mode = 'provisional'
        return feedProvisional(bytes, final)
      }
      noteGuess(g)
      mode = 'decided'
    } else {
      // Everything before was ASCII and the held bytes start at the first non-ASCII byte: UTF-8 or a legacy code page.
      const g = detectEncoding(sample, complete)
      const settled = g.encoding.startsWith('utf-16') ? detectLegacy(sample, complete) : g
      startDecoder(settled.encoding)
      noteGuess(settled)
      mode = 'decided'
    }
    const text = (decoder as Decoder).decode(bytes, { stream: !final })
    counter?.countBytes(bytes)
    counter?.countText(text)
    if (!parser) setupParser(text, final)
    feedText(text)
    return collect()
  }

  /** While everything has been ASCII: parse it directly; at the first high byte, hold the rest and detect again. */
  const feedProvisional = (chunk: Uint8Array, final: boolean): string[][] => {
    const text = (decoder as Decoder).decode(chunk, { stream: true })
    if (text.length === chunk.length && text.indexOf('\uFFFD') === -1) {
      if (!parser) setupParser(text, final)
      feedText(text)
      return collect()
    }
    let p = 0
    while (p < chunk.length && (chunk[p] as number) < 0x80) p++
    const ascii = text.slice(0, p)
    if (!parser) setupParser(ascii, false)
    feedText(ascii)
    const before = collect()
    held = [chunk.subarray(p)]
    heldBytes = chunk.length - p
    mode = 'resniffing'
    decoder = null
    if (final || heldBytes >= sniffBytes) return before.concat(decide(final))
    return before
  }

  const flushTail = (): string[][] => {
    if (decoder && parser) {
      const tail = decoder.decode()
      if (tail) {
        counter?.countText(tail)
        feedText(tail)
      }
    }
    if (!parser) setupParser('', true)
    parser?.end()
    return collect()
  }

  const finishWarnings = (): void => {
    const p = parser
    if (p) {
      for (const issue of p.issues) warnings.push(issueWarning({ ...issue, row: issue.row + rowsBefore, line: issue.line + linesBefore }, fileName, sheet))
      issueCounts['unterminated-quote'] = p.issueCounts['unterminated-quote']
      issueCounts['text-after-quote'] = p.issueCounts['text-after-quote']
    }
    if (mismatches > MAX_LISTED_WARNINGS) warnings.push(summaryWarning('field-count-summary', mismatches, fileName, sheet))
    for (const kind of ['unterminated-quote', 'text-after-quote'] as const) {
      if (issueCounts[kind] > MAX_LISTED_WARNINGS) warnings.push(summaryWarning(`${kind}-summary`, issueCounts[kind], fileName, sheet))
    }
    const invalid = counter?.count ?? 0
    if (invalid > 0 && encoding) warnings.push(invalidBytesWarning(invalid, fileName, sheet, encoding))
  }

  const push = (chunk: Uint8Array): string[][] => {
    if (mode === 'finished') throw new Error('csv stream: push after finish')
    if (chunk.length === 0) return []
    if (mode === 'sniffing' || mode === 'resniffing') {
      held.push(chunk)
      heldBytes += chunk.length
      return heldBytes < sniffBytes ? [] : decide(false)
    }
    if (mode === 'provisional') return feedProvisional(chunk, false)
    const text = (decoder as Decoder).decode(chunk, { stream: true })
    counter?.countBytes(chunk)
    counter?.countText(text)
    feedText(text)
    return collect()
  }

  const finish = (): string[][] => {
    if (mode === 'finished') return []
    let rows: string[][] = []
    if (mode === 'sniffing' || mode === 'resniffing') rows = decide(true)
    const tail = flushTail()
    rows = rows.length === 0 ? tail : tail.length === 0 ? rows : rows.concat(tail)
    mode = 'finished'
    finishWarnings()
    return rows
  }

  /** Runs one push/finish with a fresh line batch. */
  const batch = (fn: () => string[][]): string[][] => {
    batchLines = []
    try {
      return fn()
    } finally {
      lastLines = trackLines ? batchLines : NO_LINES
    }
  }

  return {
    push: (chunk) => batch(() => push(chunk)),
    finish: () => batch(finish),
    get encoding() {
      return encoding
    },
    get encodingGuess() {
      return guess
    },
    get delimiter() {
      return parser?.delimiter ?? null
    },
    get expectedFields() {
      return expected
    },
    get invalidBytes() {
      return counter?.count ?? 0
    },
    get warnings() {
      return warnings
    },
    get rowCount() {
      return rowsSeen
    },
    get lastLines() {
      return lastLines
    }
  }
}

/** U+FFFD characters in a row (and, for Windows-874, the private-use characters its decoder gives undefined bytes). */
function replacementsIn(row: readonly string[], encoding: string | null): number {
  let n = 0
  for (const f of row) {
    let i = f.indexOf('\uFFFD')
    while (i !== -1) {
      n++
      i = f.indexOf('\uFFFD', i + 1)
    }
    if (encoding === 'windows-874') for (const m of f.matchAll(/[\uF8C1-\uF8C8]/g)) if (m) n++
  }
  return n
}

function invalidRowWarning(row: number, line: number | undefined, n: number, fileName: string, sheet: string, encoding: string): ReadWarning {
  return {
    code: 'invalid-bytes-row',
    sheet,
    row,
    count: n,
    message:
      `Row ${row} of ${fileName}${line !== undefined && line !== row ? ` (line ${line})` : ''} holds ${n === 1 ? 'a byte sequence' : `${n} byte sequences`} that could not be read as ${encodingDisplayName(encoding)}; ` +
      `${n === 1 ? 'it was' : 'they were'} replaced by the \uFFFD character and the row was kept. Check that row in the original file.`
  }
}

type SummaryCode = 'field-count-summary' | 'unterminated-quote-summary' | 'text-after-quote-summary'

function summaryWarning(code: SummaryCode, n: number, fileName: string, sheet: string): ReadWarning {
  const count = n.toLocaleString('en')
  const message =
    code === 'field-count-summary'
      ? `${count} rows of ${fileName} have a different number of fields from most rows (the first ${MAX_LISTED_WARNINGS} are listed). All were kept.`
      : code === 'text-after-quote-summary'
        ? `${count} rows of ${fileName} have text right after a closing quote (the first ${MAX_LISTED_WARNINGS} are listed); it was joined to the field each time.`
        : `${count} quotes in ${fileName} are never closed (the first ${MAX_LISTED_WARNINGS} are listed).`
  return { code, sheet, count: n, message }
}

function invalidBytesWarning(n: number, fileName: string, sheet: string, encoding: string): ReadWarning {
  return {
    code: 'invalid-bytes',
    sheet,
    count: n,
    message:
      `${n.toLocaleString('en')} byte sequence${n === 1 ? '' : 's'} in ${fileName} could not be read as ${encodingDisplayName(encoding)} and ` +
      `${n === 1 ? 'was' : 'were'} replaced by the \uFFFD character. The file may be damaged, or in another encoding: save it as UTF-8 and import it again (the waymark command also takes --encoding).`
  }
}

/** Listed warnings, each counted in its summary code once past MAX_LISTED_WARNINGS. */
const LISTED: Readonly<Record<string, SummaryCode | null>> = {
  'field-count': 'field-count-summary',
  'invalid-bytes-row': null,
  'unterminated-quote': 'unterminated-quote-summary',
  'text-after-quote': 'text-after-quote-summary'
}
const SUMMARIES: readonly SummaryCode[] = ['field-count-summary', 'unterminated-quote-summary', 'text-after-quote-summary']

/**
 * The read warnings of a text file read in parts, in file order (each part's stream given `rowsBefore`/`linesBefore`,
 * so its warnings already name the file's rows), as one stream over the whole file would give them: listed warnings
 * capped at MAX_LISTED_WARNINGS per kind, summaries and the undecodable-byte total counting every part. Warnings of
 * other kinds (the encoding guess) are kept once each.
 */
export function mergeReadWarnings(parts: readonly (readonly ReadWarning[])[], file: { readonly fileName: string; readonly sheet: string; readonly encoding: string }): ReadWarning[] {
  const others: ReadWarning[] = []
  const seen = new Set<string>()
  const rowListed: ReadWarning[] = []
  const quoteListed: ReadWarning[] = []
  const listed = new Map<string, number>()
  const totals = new Map<SummaryCode, number>()
  let invalid = 0
  for (const part of parts) {
    const partListed = new Map<string, number>()
    const partSummaries = new Map<SummaryCode, number>()
    for (const w of part) {
      if (w.code in LISTED) {
        partListed.set(w.code, (partListed.get(w.code) ?? 0) + 1)
        const n = listed.get(w.code) ?? 0
        if (n < MAX_LISTED_WARNINGS) {
          listed.set(w.code, n + 1)
          ;(w.code === 'field-count' || w.code === 'invalid-bytes-row' ? rowListed : quoteListed).push(w)
        }
      } else if ((SUMMARIES as readonly string[]).includes(w.code)) {
        partSummaries.set(w.code as SummaryCode, w.count ?? 0)
      } else if (w.code === 'invalid-bytes') {
        invalid += w.count ?? 0
      } else {
        const key = `${w.code}\u0000${w.message}`
        if (!seen.has(key)) {
          seen.add(key)
          others.push(w)
        }
      }
    }
    // A part's summary counts all its warnings of that kind; without one, its listed warnings are all there are.
    for (const [code, summary] of Object.entries(LISTED)) {
      if (!summary) continue
      totals.set(summary, (totals.get(summary) ?? 0) + (partSummaries.get(summary) ?? partListed.get(code) ?? 0))
    }
  }
  const out = [...others, ...rowListed, ...quoteListed]
  for (const code of SUMMARIES) {
    const n = totals.get(code) ?? 0
    if (n > MAX_LISTED_WARNINGS) out.push(summaryWarning(code, n, file.fileName, file.sheet))
  }
  if (invalid > 0) out.push(invalidBytesWarning(invalid, file.fileName, file.sheet, file.encoding))
  return out
}

function issueWarning(issue: ParseIssue, fileName: string, sheet: string): ReadWarning {
  if (issue.kind === 'unterminated-quote') {
    return {
      code: 'unterminated-quote',
      sheet,
      row: issue.row,
      message: `Row ${issue.row} of ${fileName} (line ${issue.line}) opens a quote (") that is never closed, so everything after it up to the end of the file was read into one field. Check that line in a text editor.`
    }
  }
  return {
    code: 'text-after-quote',
    sheet,
    row: issue.row,
    message: `Row ${issue.row} of ${fileName} (line ${issue.line}) has text right after a closing quote; it was joined to the field as a spreadsheet program would. Check the row if a value looks odd.`
  }
}

export interface ReadTextOptions {
  readonly fileName: string
  readonly format: Extract<FileFormat, 'csv' | 'tsv' | 'txt' | 'prn'>
  readonly encoding?: string
  readonly delimiter?: string
  readonly maxCells: number
}

const CHUNK = 4 * 1024 * 1024

/** Reads a whole delimited text file into a one-sheet RawTable, through the same streaming parser. */
export function readDelimitedText(bytes: Uint8Array, opts: ReadTextOptions): ReadResult {
  const { fileName } = opts
  if (opts.encoding !== undefined && !canonicalEncoding(opts.encoding)) {
    return readError('unsupported-encoding', `"${opts.encoding}" is not an encoding Waymark knows. Choose one from the list (for example UTF-8, Windows-874 for Thai, Windows-1258 for Vietnamese).`, fileName)
  }
  if (opts.delimiter !== undefined && (opts.delimiter.length !== 1 || opts.delimiter === '"' || opts.delimiter === '\n' || opts.delimiter === '\r')) {
    return readError('unsupported-format', `The delimiter ${JSON.stringify(opts.delimiter)} cannot be used: choose a single character such as a comma, semicolon, tab or |.`, fileName)
  }
  const stream = createCsvStream({
    fileName,
    ...(opts.encoding !== undefined ? { encoding: opts.encoding } : {}),
    ...(opts.delimiter !== undefined ? { delimiter: opts.delimiter } : {}),
    preferTab: opts.format === 'tsv' || opts.format === 'txt',
    trackLines: true
  })
  const rows: string[][] = []
  const lines: number[] = []
  let cells = 0
  let linesDiffer = false
  const take = (batch: string[][]): void => {
    const bl = stream.lastLines
    for (let k = 0; k < batch.length; k++) {
      const r = batch[k] as string[]
      cells += r.length
      const line = bl[k] ?? rows.length + 1
      if (line !== rows.length + 1) linesDiffer = true
      rows.push(r)
      lines.push(line)
    }
    if (cells > opts.maxCells) {
      throw new ReadFailure(
        'too-large',
        `${fileName} has more than ${opts.maxCells.toLocaleString('en')} cells, more than Waymark reads at once. Split the file, or import it with the command-line tool, which streams large files.`,
        fileName
      )
    }
  }
  try {
    for (let o = 0; o < bytes.length; o += CHUNK) take(stream.push(bytes.subarray(o, Math.min(bytes.length, o + CHUNK))))
    take(stream.finish())
  } catch (e) {
    if (e instanceof ReadFailure) return { ok: false, error: e.error }
    throw e
  }
  const table: RawTable = {
    format: opts.format,
    encoding: stream.encoding,
    delimiter: stream.delimiter ?? ',',
    sheets: [{ name: baseName(fileName), hidden: false, visibility: 'visible', rows, merges: [], ...(linesDiffer ? { rowLines: lines } : {}) }],
    warnings: [...stream.warnings]
  }
  return { ok: true, table }
}

/** One piece of a file read through `createCsvChunks`: its completed rows and the line each starts on. */
export interface CsvChunk {
  readonly rows: string[][]
  readonly lines: readonly number[]
}

export interface CsvChunks {
  /** Parses the next piece of the bytes; null once the whole file has been read. Throws `ReadFailure` like the stream. */
  next(): CsvChunk | null
  /** The stream underneath: encoding, delimiter, warnings (complete once `next` returned null). */
  readonly stream: CsvStream
  /** Bytes handed to the parser so far. */
  readonly bytesRead: number
}

/**
 * Reads delimited text held in memory a piece at a time, so a caller can do other work (or let a worker take
 * messages) between pieces while never holding more than one piece's rows. Lines are always tracked.
 */
export function createCsvChunks(bytes: Uint8Array, opts: Omit<CsvStreamOptions, 'trackLines'> = {}, chunkBytes = 1024 * 1024): CsvChunks {
  const stream = createCsvStream({ ...opts, trackLines: true })
  let offset = 0
  let done = false
  return {
    next() {
      if (done) return null
      if (offset >= bytes.length) {
        done = true
        const rows = stream.finish()
        return { rows, lines: stream.lastLines }
      }
      const end = Math.min(bytes.length, offset + chunkBytes)
      const rows = stream.push(bytes.subarray(offset, end))
      offset = end
      return { rows, lines: stream.lastLines }
    },
    stream,
    get bytesRead() {
      return offset
    }
  }
}
