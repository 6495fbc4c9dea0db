// The import pipeline the CLI commands share: read (streamed or whole), propose or apply a mapping, build records.
import { isAscii } from 'node:buffer'
import { basename, extname } from 'node:path'
import type { Cell, ReadWarning } from '../core/model/rawTable'
import type { CsvStream } from '../core/read/csv'
import type { RejectedRow, RowIssue } from '../core/model/mapping'
import type { WaymarkRecord } from '../core/model/records'
import type { ProposeOptions } from '../core/mapping/autoMap'
import { addSummaries, createImportSession, type ImportOutcome } from '../core/mapping/records'
import { mergeReadWarnings } from '../core/read/csv'
import { mergeWatches } from '../core/read/streamedDates'
import { InputError, hashFile, isStreamableText, readWhole, statFile, streamText, textSheetName, type StreamCut, type TextInfo } from './input'
import { findCut, FIRST_PART_FRACTION, PARALLEL_MIN_BYTES, type FileDone, type PartDone, type PartReply, type PartRunner, type PartSink } from './parallel'

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
  /** Lets a big delimited text file be read by two threads (see parallel.ts). */
  readonly parallel?: ParallelImport
}

/**
 * How a big text file's second part is read on another thread. Its records do not pass through `onRecord`: the sink
 * says what the thread does with them, and `joined` receives its results in file order — after this thread's last
 * record, before importFile returns — so the caller can put the part's output after its own.
 */
export interface ParallelImport {
  readonly runner: PartRunner
  readonly sink: PartSink
  readonly joined: (part: PartDone) => void
  /** Files from this size up are cut in two (default PARALLEL_MIN_BYTES). */
  readonly minBytes?: number
  /** The share of the file this thread reads (default FIRST_PART_FRACTION). */
  readonly fraction?: number
  /** Rejected rows the part hands back to be shown (default 10). */
  readonly shownRejected?: number
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
  /** Threads that read the file: 2 when a big text file was cut in two (see parallel.ts). */
  readonly threads: 1 | 2
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
export async function importFile(path: string, options: FileImportOptions): Promise<FileImportResult> {
  const size = statFile(path)
  const sha256 = hashFile(path)
  if (isStreamableText(path)) return importText(path, sha256, options)
  return importWorkbook(path, size, sha256, options)
}

/** The second part of a big text file, being read by the worker. */
interface SecondPart {
  readonly result: Promise<PartReply>
  readonly cancel: Int32Array
}

const QUOTE = 34

/**
 * Imports a delimited text file, streamed, whose SHA-256 is `sha256`. A big one may be read in two parts at once
 * (options.parallel): the records, outcome, summary, warnings and row count are those of the whole file.
 */
export async function importText(path: string, sha256: string, options: FileImportOptions): Promise<FileImportResult> {
  const size = statFile(path)
  const fileName = basename(path)
  const sheet = textSheetName(path)
  if (options.sheets?.length && !options.sheets.includes('*') && !options.sheets.includes(sheet)) {
    throw new InputError(`${fileName} is a text file with one table ("${sheet}"); --sheet ${options.sheets.join(', ')} does not name it.`)
  }
  const parallel = options.parallel && size >= (options.parallel.minBytes ?? PARALLEL_MIN_BYTES) ? options.parallel : null
  // Where the cut is sought from. The worker finds it and counts the rows before it while this thread reads the first
  // rows and proposes the mapping (the worker loads its code meanwhile too, the first time).
  const target = Math.floor(size * (parallel?.fraction ?? FIRST_PART_FRACTION))
  let counting = parallel !== null
  if (parallel) parallel.runner.count(path, size, target)
  const readOptions = { ...(options.encoding ? { encoding: options.encoding } : {}), ...(options.delimiter ? { delimiter: options.delimiter } : {}) }
  let propose: ProposeOptions = { ...options.propose, sheet }
  let info: TextInfo | null = null
  let outcome: ImportOutcome | null = null
  let threads: 1 | 2 = 1
  // At most two passes: the second only when a date order stayed open past the rows held in memory.
  for (let pass = 0; pass < 2; pass++) {
    let second: SecondPart | null = null
    let called = false
    let cutAt: number | undefined
    let reading: { stream: CsvStream; read: number } | null = null
    // What the bytes read so far were: quote-free (a cut after them is safe), and ASCII.
    let quoteFree = true
    let ascii = true
    let asciiOnly = false
    const session = createImportSession({
      source: { sourceSha256: sha256, fileName, sheet },
      propose,
      onRecord: options.onRecord,
      ...(options.sampleRows ? { sampleRows: options.sampleRows } : {}),
      ...(options.maxBufferedRows ? { maxBufferedRows: options.maxBufferedRows } : {}),
      ...(options.onIssue ? { onIssue: options.onIssue } : {}),
      ...(options.onRejected ? { onRejected: options.onRejected } : {}),
      // As soon as the mapping is decided (before the rows held meanwhile are built), the worker may start.
      onBuilding: () => {
        if (!parallel || pass > 0 || !reading) return
        const r: { stream: CsvStream; read: number } = reading
        const stream = r.stream
        // Text ASCII so far is read as provisional UTF-8; its bytes must stay ASCII up to the cut (see parallel.ts).
        asciiOnly = !options.encoding && stream.encodingGuess?.confidence === 'ascii'
        const settled = stream.encoding !== null && stream.delimiter !== null && (asciiOnly ? ascii : stream.encodingGuess?.confidence !== 'ascii')
        const offset = quoteFree && settled && target > r.read ? findCut(path, size, target, stream.encoding) : null
        cutAt = offset ?? Infinity
        counting = false
        if (offset === null) {
          parallel.runner.drop()
          return
        }
        const cancel = new SharedArrayBuffer(4)
        const result = parallel.runner.run({
          type: 'map',
          path,
          fileName,
          start: offset,
          end: size,
          minRowsBefore: session.building()!.mapping.headerRow + 1,
          encoding: asciiOnly ? null : stream.encoding,
          delimiter: stream.delimiter!,
          preferTab: /\.(tsv|txt)$/i.test(path),
          expectedFields: stream.expectedFields,
          mapping: session.building()!.mapping,
          source: { sourceSha256: sha256, fileName, sheet },
          sink: parallel.sink,
          shownRejected: parallel.shownRejected ?? 10,
          cancel
        })
        second = { result, cancel: new Int32Array(cancel) }
      }
    })
    const cut: StreamCut | undefined =
      parallel && pass === 0
        ? {
            stopAt: () => cutAt,
            check: (piece) => {
              if (piece.indexOf(QUOTE) >= 0) quoteFree = false
              if (ascii && !isAscii(piece)) ascii = false
              return cutAt === undefined || (quoteFree && (!asciiOnly || ascii))
            },
            off: () => {
              called = true
              if (second) Atomics.store(second.cancel, 0, 1)
            }
          }
        : undefined
    info = streamText(
      path,
      readOptions,
      (rows, lines, stream, read) => {
        reading = { stream, read }
        session.push(rows, lines)
      },
      cut
    )
    // The mapping was never decided (or the file is read twice): the count is not needed.
    if (counting) {
      counting = false
      parallel!.runner.drop()
    }
    const part = second as SecondPart | null
    if (part) {
      const done = await part.result
      if (!called) {
        if (done.type === 'cancelled' || done.type === 'files-end') throw new Error(`${fileName}: the thread reading the second part answered ${done.type}`)
        if (done.type === 'failed') {
          if (done.input) throw new InputError(done.message)
          throw new Error(`${fileName}: the thread reading the second part failed: ${done.message}`)
        }
        if (info.rows !== done.rowsBefore) throw new Error(`${fileName}: the first part has ${info.rows} rows where the cut was made after ${done.rowsBefore}`)
        outcome = session.finish({ watches: mergeWatches([done.watches]) })
        outcome = outcome.ok ? { ...outcome, summary: addSummaries(outcome.summary, done.summary) } : { ...outcome, rowsSeen: outcome.rowsSeen + done.rows }
        // Text ASCII up to the cut has the encoding its second part settled on (as one reader settles it there).
        const encoding = asciiOnly && done.encoding !== null ? done.encoding : info.encoding
        const warnings = mergeReadWarnings([info.warnings, done.warnings], { fileName, sheet, encoding: encoding ?? 'utf-8' })
        info = { ...info, encoding, rows: info.rows + done.rows, warnings }
        parallel!.joined(done)
        threads = 2
        break
      }
    }
    outcome = session.finish()
    if (outcome.ok || !outcome.restartWith) break
    propose = { ...propose, mapping: outcome.restartWith }
  }
  return {
    path,
    fileName,
    size,
    sha256,
    format: extname(path).slice(1).toLowerCase() || 'text',
    streamed: true,
    threads,
    encoding: info!.encoding,
    delimiter: info!.delimiter,
    sheets: [{ name: sheet, hidden: false, rows: info!.rows }],
    readWarnings: info!.warnings,
    outcomes: [{ sheet, outcome: outcome! }],
    skippedSheets: []
  }
}

function importWorkbook(path: string, size: number, sha256: string, options: FileImportOptions): FileImportResult {
  const fileName = basename(path)
  const outcomes: SheetOutcome[] = []
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
    threads: 1,
    encoding: table.encoding,
    delimiter: table.delimiter ?? null,
    sheets: table.sheets.map((s) => ({ name: s.name, hidden: s.hidden, rows: s.rows.length })),
    readWarnings: table.warnings,
    outcomes,
    skippedSheets: withData.filter((s) => !chosen.includes(s)).map((s) => s.name)
  }
}

/** A file of several, finished: where it was imported, its result, and (from the worker) what its sink did. */
export interface FinishedFile {
  readonly index: number
  readonly path: string
  readonly result: FileImportResult
  /** Set when the worker imported the file whole (its lines are in the sink's files). */
  readonly worker: FileDone | null
}

export interface ManyFilesOptions {
  /** The worker thread; null to import every file here. */
  readonly runner: PartRunner | null
  /**
   * Options for a file imported on this thread. `inOrder`: every earlier file is finished, so its lines may go straight
   * to the output (else they must wait, like the worker's, until the earlier ones are out). `canCut`: the worker is
   * free, and no other file is left for it, so a big text file may be cut in two (set options.parallel).
   */
  readonly here: (index: number, inOrder: boolean, canCut: boolean) => FileImportOptions
  /** Options and sink for a file the worker imports whole. */
  readonly job: Omit<FileImportOptions, 'onRecord' | 'onIssue' | 'onRejected' | 'parallel'>
  readonly sink: (index: number) => PartSink
  /** Called for each file in the order given, once it and every file before it are finished. */
  readonly finished: (file: FinishedFile) => void
}

/**
 * Imports several files on two threads: this one and the worker each claim the next file not yet started (an atomic
 * counter both share, so the worker never waits for this thread, which reads a file without yielding) and import it
 * whole. The files are spread over both cores without cutting any: no number is normalised twice, no cut needs to
 * be safe, and spreadsheets gain too. When this thread claims the last file and the worker has none, a big text file
 * is cut in two. Files finish in any order; `finished` sees them in the order given. An InputError of any file ends
 * the import (the other thread claims no further file).
 */
export async function importFiles(paths: readonly string[], options: ManyFilesOptions): Promise<void> {
  const n = paths.length
  const done: (FinishedFile | undefined)[] = new Array<FinishedFile | undefined>(n)
  const claim = new Int32Array(new SharedArrayBuffer(4))
  let flushed = 0
  const flush = (): void => {
    while (flushed < n && done[flushed]) {
      options.finished(done[flushed]!)
      flushed++
    }
  }
  const runner = options.runner
  let workerFailure: Error | null = null
  let workerEnded = runner === null || n < 2
  const worker: Promise<void> =
    runner && n > 1
      ? runner
          .runFiles({ type: 'files', paths, options: options.job, sinks: paths.map((_, i) => options.sink(i)), shownRejected: 10, claim: claim.buffer as SharedArrayBuffer }, (d) => {
            done[d.index] = { index: d.index, path: paths[d.index]!, result: d.result, worker: d }
            flush()
          })
          .then((end) => {
            workerEnded = true
            if (end.type === 'failed') workerFailure = end.input ? new InputError(end.message) : new Error(`the second thread failed: ${end.message}`)
            else if (end.type !== 'files-end') workerFailure = new Error(`the second thread answered ${end.type}`)
          })
      : Promise.resolve()
  try {
    for (;;) {
      // Between files, the worker's news (a file done, no file left) is let in.
      if (runner) await new Promise<void>((resolve) => setImmediate(resolve))
      if (workerFailure) break
      const index = Atomics.add(claim, 0, 1)
      if (index >= n) break
      const path = paths[index]!
      // The last file, with the worker done: a big text file is read by both.
      const canCut = runner !== null && workerEnded && !runner.busy && index === n - 1
      const result = await importFile(path, options.here(index, flushed === index, canCut))
      done[index] = { index, path, result, worker: null }
      flush()
    }
  } catch (e) {
    // The worker claims no further file; its current one ends before this does.
    Atomics.store(claim, 0, n)
    await worker
    throw e
  }
  await worker
  if (workerFailure) throw workerFailure
  flush()
}
