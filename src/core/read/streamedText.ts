// A delimited text file held for the import wizard in bounded memory: its first rows whole, and for the rows after
// them only the columns asked for (compactly), with every row counted and the read warnings complete.
//
// Why: the wizard needs a sample to propose a mapping, but a date column's day/month order must be decided from
// every value of that column. Holding every row of a million-row CDR as strings costs gigabytes; holding one
// column of it as packed text costs a few tens of megabytes.
import type { Cell, FileFormat, ReadError, ReadWarning } from '../model/rawTable'
import { baseName, createCsvChunks, type CsvStreamOptions } from './csv'
import { ReadFailure, readError } from './readFailure'
import type { EncodingConfidence } from './encoding'

export interface StreamedTextOptions {
  readonly fileName: string
  readonly format: Extract<FileFormat, 'csv' | 'tsv' | 'txt' | 'prn'>
  /** Rows kept whole from the start of the file (default 5,000). */
  readonly prefixRows?: number
  /** Keep whole rows past `prefixRows` until this many non-blank rows are held, so a sample is never cut short by blank lines (default 2,600). */
  readonly prefixNonBlank?: number
  /** Bytes parsed per piece (default 256 KiB: a piece's rows then die young, in V8's scavenger, rather than pile up as old garbage). */
  readonly chunkBytes?: number
  /** Cells the whole rows may hold at most (default 2,000,000): a file of absurdly wide rows keeps fewer of them. */
  readonly prefixMaxCells?: number
  /**
   * Stop reading after about this many rows (at the end of the piece that reaches it): the wizard proposes from a
   * big file's beginning, and the import counts and checks the rest. Default: read the whole file.
   */
  readonly maxRows?: number
  /** Read with this encoding (a WHATWG label the analyst chose) instead of detecting it. */
  readonly encoding?: string
}

/** The CSV stream options a streamed text file is read with; the import reads the file again with the same ones. */
export function streamOptionsFor(opts: Pick<StreamedTextOptions, 'fileName' | 'format' | 'encoding'>): Omit<CsvStreamOptions, 'trackLines'> {
  return { fileName: opts.fileName, preferTab: opts.format === 'tsv' || opts.format === 'txt', ...(opts.encoding !== undefined ? { encoding: opts.encoding } : {}) }
}

const BATCH = 1 << 16

/** One column's values for a run of rows, packed into a few flat strings (no per-value objects, no links to the parsed text). */
class PackedColumn {
  private readonly texts: string[] = []
  private readonly ends: Uint32Array[] = []
  private pending: string[] = []
  private count = 0

  push(value: string): void {
    this.pending.push(value)
    this.count++
    if (this.pending.length === BATCH) this.seal()
  }

  private seal(): void {
    if (this.pending.length === 0) return
    const ends = new Uint32Array(this.pending.length)
    let end = 0
    for (let i = 0; i < this.pending.length; i++) {
      end += this.pending[i]!.length
      ends[i] = end
    }
    // join() makes one new flat string: the values no longer keep the parsed pieces of the file alive.
    this.texts.push(this.pending.join(''))
    this.ends.push(ends)
    this.pending = []
  }

  get length(): number {
    return this.count
  }

  /** The value at `index` (0-based, in push order). */
  at(index: number): string {
    this.seal()
    const b = Math.floor(index / BATCH)
    const ends = this.ends[b]
    if (!ends) return ''
    const i = index - b * BATCH
    return this.texts[b]!.slice(i === 0 ? 0 : ends[i - 1]!, ends[i]!)
  }

  /** Calls `f` with every value in order. */
  forEach(f: (value: string, index: number) => void): void {
    this.seal()
    let index = 0
    for (let b = 0; b < this.texts.length; b++) {
      const text = this.texts[b]!
      const ends = this.ends[b]!
      let start = 0
      for (let i = 0; i < ends.length; i++) {
        const end = ends[i]!
        f(text.slice(start, end), index++)
        start = end
      }
    }
  }
}

export interface StreamedText {
  readonly format: StreamedTextOptions['format']
  readonly encoding: string | null
  /**
   * How sure the encoding is: 'ascii' means every byte read was plain ASCII, so UTF-8 is only provisional for the rest of
   * a file read in part (see settleAsciiStart).
   */
  readonly encodingConfidence: EncodingConfidence | null
  readonly delimiter: string
  /** The usual number of fields per row, decided from the file's start (an import reading the file in parts judges every part by it). */
  readonly expectedFields: number | null
  /** The one sheet's name: the file name without its extension. */
  readonly sheetName: string
  readonly warnings: readonly ReadWarning[]
  /** The first rows, whole, and the 1-based line each starts on. */
  readonly prefix: readonly string[][]
  readonly prefixLines: readonly number[]
  /** Rows read (the prefix included): every row of the file when `complete`. */
  readonly rowCount: number
  /** The whole file was read (false: reading stopped at `maxRows`, so rowCount and warnings cover only the start). */
  readonly complete: boolean
  /** Bytes of the file the rows read came from (the whole file when `complete`). */
  readonly bytesRead: number
  /** The 1-based line the last row read starts on (0 when none). */
  readonly lastLine: number
  /** Columns (0-based) whose values are kept for the rows after the prefix. */
  readonly keptColumns: ReadonlySet<number>
  /** Reads the file again to keep these columns too. */
  keepColumns(columns: Iterable<number>): void
  /**
   * Every row of the file: the prefix whole, the later rows holding only the kept columns (other cells absent).
   * Built on each call and not kept, for decisions that must see every value of a column.
   */
  allRows(): Cell[][]
  /** One cell of `allRows()` without building the rows (undefined where allRows has none). */
  cell(row: number, col: number): Cell | undefined
}

export type StreamedTextResult = { readonly ok: true; readonly text: StreamedText } | { readonly ok: false; readonly error: ReadError }

/**
 * Reads a delimited text file once: keeps the first rows whole, asks `chooseColumns` (given those rows) which
 * columns to keep for the rest, counts every row and collects every warning. User-caused problems (binary data,
 * a runaway quote, no data) come back as `{ ok: false, error }`, as from readFile.
 */
export function readStreamedText(bytes: Uint8Array, opts: StreamedTextOptions, chooseColumns: (prefix: readonly string[][]) => Iterable<number>): StreamedTextResult {
  const prefixRows = opts.prefixRows ?? 5_000
  const prefixNonBlank = opts.prefixNonBlank ?? 2_600
  const prefixMaxCells = opts.prefixMaxCells ?? 2_000_000
  let prefixCells = 0
  const streamOpts = streamOptionsFor(opts)
  const chunkBytes = opts.chunkBytes ?? 256 * 1024
  const prefix: string[][] = []
  const prefixLines: number[] = []
  let nonBlank = 0
  let prefixDone = false
  let rowCount = 0
  let kept = new Map<number, PackedColumn>()
  const maxRows = opts.maxRows ?? Infinity
  let complete = true
  let bytesRead = bytes.length
  let lastLine = 0

  const isBlank = (r: readonly string[]): boolean => r.every((c) => c.trim() === '')
  /** Reads the file from the start; rows after the prefix go to `rest`. */
  // The first pass (onPrefix given) stops after the piece that reaches maxRows; a later pass reads as many rows.
  const pass = (onPrefix: ((row: string[], line: number) => boolean) | null, rest: (row: string[]) => void): ReturnType<typeof createCsvChunks> => {
    const chunks = createCsvChunks(bytes, streamOpts, chunkBytes)
    const limit = onPrefix ? Infinity : rowCount
    let index = 0
    for (let c = chunks.next(); c; c = chunks.next()) {
      for (let k = 0; k < c.rows.length && index < limit; k++) {
        const row = c.rows[k]!
        if (onPrefix) lastLine = c.lines[k] ?? index + 1
        if (index < prefix.length || (onPrefix && onPrefix(row, c.lines[k] ?? index + 1))) {
          index++
          continue
        }
        index++
        rest(row)
      }
      if (index >= limit) break
      if (onPrefix && index >= maxRows && chunks.bytesRead < bytes.length) {
        complete = false
        bytesRead = chunks.bytesRead
        break
      }
    }
    if (onPrefix) rowCount = index
    return chunks
  }

  try {
    const chunks = pass(
      (row, line) => {
        if (prefixDone) return false
        if ((prefix.length >= prefixRows && nonBlank >= prefixNonBlank) || (prefix.length > 0 && prefixCells + row.length > prefixMaxCells)) {
          prefixDone = true
          for (const c of chooseColumns(prefix)) if (!kept.has(c)) kept.set(c, new PackedColumn())
          return false
        }
        prefix.push(row)
        prefixLines.push(line)
        prefixCells += row.length
        if (!isBlank(row)) nonBlank++
        return true
      },
      (row) => {
        for (const [c, col] of kept) col.push(row[c] ?? '')
      }
    )
    if (rowCount === 0) return readError('empty', `${opts.fileName} holds no data (only a byte-order mark or nothing at all).`, opts.fileName)
    const stream = chunks.stream
    const text: StreamedText = {
      format: opts.format,
      encoding: stream.encoding,
      encodingConfidence: stream.encodingGuess?.confidence ?? null,
      delimiter: stream.delimiter ?? ',',
      expectedFields: stream.expectedFields,
      sheetName: baseName(opts.fileName),
      warnings: [...stream.warnings],
      prefix,
      prefixLines,
      get rowCount() {
        return rowCount
      },
      complete,
      bytesRead,
      lastLine,
      get keptColumns() {
        return new Set(kept.keys())
      },
      keepColumns(columns) {
        const wanted = [...columns].filter((c) => !kept.has(c))
        if (wanted.length === 0 || rowCount === prefix.length) {
          for (const c of wanted) kept.set(c, new PackedColumn())
          return
        }
        const fresh = new Map(wanted.map((c) => [c, new PackedColumn()] as const))
        pass(null, (row) => {
          for (const [c, col] of fresh) col.push(row[c] ?? '')
        })
        kept = new Map([...kept, ...fresh])
      },
      cell(row, col) {
        if (row < prefix.length) return prefix[row]![col]
        const packed = kept.get(col)
        if (!packed || row >= rowCount) return undefined
        const v = packed.at(row - prefix.length)
        return v === '' ? undefined : v
      },
      allRows() {
        const rows: Cell[][] = prefix.slice()
        const start = rows.length
        for (let i = start; i < rowCount; i++) rows.push([])
        for (const [c, col] of kept) {
          col.forEach((v, i) => {
            if (v !== '') rows[start + i]![c] = v
          })
        }
        return rows
      }
    }
    return { ok: true, text }
  } catch (e) {
    if (e instanceof ReadFailure) return { ok: false, error: e.error }
    throw e
  }
}
