// Opens an input file for the CLI: streams delimited text in chunks, reads spreadsheets whole, and hashes the bytes.
import { createHash } from 'node:crypto'
import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs'
import { basename, extname } from 'node:path'
import type { Cell, MergeRange, RawTable, ReadWarning } from '../core/model/rawTable'
import { baseName, createCsvStream, type CsvStream } from '../core/read/csv'
import { ReadFailure } from '../core/read/readFailure'
import { readFile } from '../core/read'

const CHUNK = 1 << 20
/**
 * Bytes per read of a delimited text file. Each read becomes one batch of parsed rows, alive until its records are
 * built: at 64 KiB a batch dies young, so the garbage collector copies far less than at 1 MiB (bench:core: the whole
 * 1M-row import ~20% faster, peak memory ~80 MB lower). Hashing reads in bigger pieces: it keeps nothing.
 */
export const TEXT_CHUNK_BYTES = 64 * 1024
const TEXT_EXTENSIONS = new Set(['.csv', '.tsv', '.txt', '.prn', '.dat', '.cdr', '.log', ''])

/** A problem with an input file that the user can fix: exit code 2. */
export class InputError extends Error {}

/** Streams the file's bytes through SHA-256 (a first, cheap pass: provenance needs the hash before the first record). */
export function hashFile(path: string): string {
  const hash = createHash('sha256')
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.allocUnsafe(CHUNK)
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null)
      if (n === 0) break
      hash.update(buf.subarray(0, n))
    }
  } finally {
    closeSync(fd)
  }
  return hash.digest('hex')
}

export function statFile(path: string): number {
  try {
    const st = statSync(path)
    if (!st.isFile()) throw new InputError(`${path} is not a file.`)
    return st.size
  } catch (e) {
    if (e instanceof InputError) throw e
    throw new InputError(`${path}: cannot open the file (${(e as NodeJS.ErrnoException).code ?? 'error'}). Check the path.`)
  }
}

function firstBytes(path: string, n: number): Uint8Array {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(n)
    const got = readSync(fd, buf, 0, n, 0)
    return new Uint8Array(buf.buffer, buf.byteOffset, got)
  } finally {
    closeSync(fd)
  }
}

/** Delimited text is streamed; everything else (xlsx, xls, ods, …, or text that is really a workbook) is read whole. */
export function isStreamableText(path: string): boolean {
  if (!TEXT_EXTENSIONS.has(extname(path).toLowerCase())) return false
  const head = firstBytes(path, 8)
  const zip = head[0] === 0x50 && head[1] === 0x4b
  const ole = head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0
  return !zip && !ole
}

export interface SheetRows {
  readonly name: string
  readonly hidden: boolean
  readonly merges: readonly MergeRange[]
}

export interface TextInfo {
  readonly encoding: string | null
  readonly delimiter: string | null
  readonly warnings: readonly ReadWarning[]
  readonly rows: number
}

export interface StreamOptions {
  readonly encoding?: string
  readonly delimiter?: string
}

/**
 * How reading stops at a cut, the rest of the file being read by another thread (see pipeline.ts). The cut is only
 * kept while every piece read before it passes `check`; when one does not, reading goes on to the end and `off` is
 * called (once).
 */
export interface StreamCut {
  /** Asked after each batch of rows until it answers: the byte offset to stop at (just after a line feed), or Infinity. */
  stopAt(bytesRead: number): number | undefined
  /** Each piece of bytes as read, up to the stop. */
  check(piece: Uint8Array): boolean
  off(): void
}

/**
 * Reads delimited text chunk by chunk (TEXT_CHUNK_BYTES), handing each batch of rows and their line numbers to
 * `onRows`, with the stream and the bytes read so far: the whole file is never decoded into one string.
 */
export function streamText(
  path: string,
  options: StreamOptions,
  onRows: (rows: readonly (readonly Cell[])[], lines: readonly number[], stream: CsvStream, bytesRead: number) => void,
  cut?: StreamCut
): TextInfo {
  const fileName = basename(path)
  let stream
  try {
    stream = createCsvStream({
      fileName,
      trackLines: true,
      preferTab: /\.(tsv|txt)$/i.test(path),
      ...(options.encoding ? { encoding: options.encoding } : {}),
      ...(options.delimiter ? { delimiter: options.delimiter } : {})
    })
  } catch (e) {
    if (e instanceof RangeError) throw new InputError(`${fileName}: ${options.encoding ? `"${options.encoding}" is not an encoding Waymark knows` : `the delimiter ${JSON.stringify(options.delimiter)} cannot be used`}.`)
    throw e
  }
  const fd = openSync(path, 'r')
  let read = 0
  let end = Infinity
  // Whether the cut is still to be decided, and still to be checked.
  let deciding = cut !== undefined
  let checking = cut !== undefined
  try {
    while (read < end) {
      // A fresh buffer per chunk: the parser may hold on to early chunks while it sniffs the encoding.
      const want = Math.min(TEXT_CHUNK_BYTES, end - read)
      const buf = Buffer.allocUnsafe(want)
      const n = readSync(fd, buf, 0, want, null)
      if (n === 0) break
      read += n
      const piece = new Uint8Array(buf.buffer, buf.byteOffset, n)
      if (checking && !cut!.check(piece)) {
        checking = false
        deciding = false
        end = Infinity
        cut!.off()
      }
      const rows = stream.push(piece)
      if (rows.length) onRows(rows, stream.lastLines, stream, read)
      if (deciding) {
        const at = cut!.stopAt(read)
        if (at !== undefined) {
          if (at < read) throw new Error(`streamText: cannot stop at byte ${at}, ${read} bytes are read already`)
          end = at
          deciding = false
          checking = at !== Infinity
        }
      }
    }
    const rest = stream.finish()
    if (rest.length) onRows(rest, stream.lastLines, stream, read)
  } catch (e) {
    if (e instanceof ReadFailure) throw new InputError(e.error.message)
    throw e
  } finally {
    closeSync(fd)
  }
  return { encoding: stream.encoding, delimiter: stream.delimiter, warnings: stream.warnings, rows: stream.rowCount }
}

/** The sheet name a text file's rows get (as the readers name it). */
export function textSheetName(path: string): string {
  return baseName(basename(path))
}

/** Reads a whole file with the core readers (spreadsheets, or small text when asked). */
export function readWhole(path: string, options: StreamOptions = {}): RawTable {
  const bytes = readFileSync(path)
  const result = readFile(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), {
    fileName: basename(path),
    ...(options.encoding ? { encoding: options.encoding } : {}),
    ...(options.delimiter ? { delimiter: options.delimiter } : {})
  })
  if (!result.ok) throw new InputError(result.error.message)
  return result.table
}
