// The import worker: reads a file, proposes how to map each sheet, and imports it into the case, all off the UI
// thread. An import is all-or-nothing: it writes under a pending source and commits in one transaction at the end;
// cancel or any failure removes everything it wrote.
//
// Delimited text files (the big CDRs) are never parsed whole before the import: inspection reads only their first
// PROPOSAL_ROWS rows (from its first PROPOSAL_HEAD_BYTES when it is big) and proposes the mapping from them, while the
// whole file is read and hashed and the case searched for the same file; the import reads the file again piece by
// piece, mapping and encoding as it goes, so memory stays bounded whatever the number of rows, and watches every date
// value: if all of them read a column's dates differently from the first rows, the import fails before its commit and
// says which row changed it.
/// <reference lib="webworker" />
import { fileSha256 } from '../../../core/hash'
import { proposeMapping, type Proposal } from '../../../core/mapping/autoMap'
import { addSummaries, createRecordBuilder } from '../../../core/mapping/records'
import type { ImportSummary, Mapping, RejectedRow, RowIssue } from '../../../core/model/mapping'
import type { Cell, RawTable, ReadWarning } from '../../../core/model/rawTable'
import type { WaymarkRecord } from '../../../core/model/records'
import { encodingGuessWarning, mergeReadWarnings } from '../../../core/read/csv'
import { encodingDisplayName, settleAsciiStart } from '../../../core/read/encoding'
import { baseName, createCsvChunks, findTextSplit, readFile, readStreamedText, sniffFormat, streamOptionsFor, type CsvStreamOptions, type StreamedText } from '../../../core/read'
import type { EntityRecord } from '../../../core/store'
import { dateLikeColumns, proposeForText } from '../../../core/read/streamedProposal'
import { checkStreamedDates, mergeWatches, watchesToData, type LateDateProblem, type WatchedColumnData } from '../../../core/read/streamedDates'
import { WorkspaceDb, describeStorageError, listTemplates } from '../../../workspace'
import { ImportWriter, findCommittedSource, ImportCancelled, StoreFailed } from './importStore'
import type { MappingTemplate } from '../../../core/mapping/templates'
import {
  cellToText,
  PARALLEL_MIN_BYTES,
  PROPOSAL_HEAD_BYTES,
  type DuplicateOf,
  type FileOverview,
  type FromHelper,
  type FromWorker,
  type ImportReport,
  type ProposalView,
  type ProposeSettings,
  type ToHelper,
  type ToWorker
} from '../features/import/protocol'

declare const self: DedicatedWorkerGlobalScope

const db = new WorkspaceDb()

/** The whole file, read and hashed. */
interface WholeFile {
  readonly bytes: Uint8Array
  readonly sha256: string
}

/** A file being imported: a spreadsheet is held as its table; delimited text as a StreamedText over its first bytes. */
interface LoadedFile {
  readonly fileName: string
  readonly size: number
  /**
   * The whole file's bytes and their SHA-256. A big text file is proposed from its first bytes while this is still
   * being read and hashed; the import waits for it (its records carry the hash), and the wizard lets it start only
   * once the case has been searched for the same file.
   */
  readonly whole: Promise<WholeFile>
  readonly caseId: string
  readonly table: RawTable | null
  /** Replaced when the analyst chooses another encoding (see `reread`). */
  text: StreamedText | null
  /** A text file's whole bytes and format, to read its start again with another encoding. */
  readonly textSource: { readonly bytes: Promise<Uint8Array>; readonly format: StreamedText['format'] } | null
  /** The encoding Waymark detected, and the one the analyst chose instead (null: as detected). */
  readonly detectedEncoding: string | null
  chosenEncoding: string | null
  /** The last proposal per sheet (the import checks its date decisions against every value). */
  readonly proposals: Map<string, Proposal>
  /** Whether the case has no source with this file's SHA-256; null until hashed and searched. */
  newToCase: boolean | null
}

/**
 * Rows of a big text file the wizard reads to propose its mapping (about: reading stops at the end of the piece that
 * reaches it). The rest of the file is read once, by the import, which checks the date decisions against every row.
 */
const PROPOSAL_ROWS = 20_000

/** Big files' whole bytes, awaited from the screen (`whole` messages), by file id. */
const wholeWaiters = new Map<string, { fileName: string; resolve: (whole: { bytes: Uint8Array; sha256: string | null }) => void; reject: (err: unknown) => void }>()

/** The import stopped before its commit: a later row reads a date column differently from the rows proposed from. */
class LateDates extends Error {
  constructor(
    readonly sheet: string,
    readonly problems: readonly LateDateProblem[]
  ) {
    super(problems[0]?.message ?? 'date check failed')
    this.name = 'LateDates'
  }
}

const files = new Map<string, LoadedFile>()
const cancelled = new Set<string>()
const MAX_LISTED_ISSUES = 2000
const SAMPLE = 15
/**
 * Bytes of a text file mapped per piece. Small enough that a piece's rows, cells and records (a few megabytes) die
 * young, in V8's scavenger, instead of being promoted and piling up in the old generation until a full collection:
 * with 1 MiB pieces the worker's memory grew by hundreds of megabytes of garbage over a million rows. 64 KiB pieces
 * measured a little faster than 256 KiB (bench:import, 1M rows, quiet: 12.3 s and 12.3 s against 13.8 s and 12.7 s), as
 * in bench:core, where they cut the garbage collector's copying most.
 */
const PIECE_BYTES = 64 * 1024
/**
 * Work done between two looks at the message queue (cancel) while importing. Each look hands the core to the other
 * busy threads (the other worker, IndexedDB, the collector) and waits to get it back: at 50 ms the committing worker
 * spent 1.2-1.5 s of a 1M-row import in them, at 200 ms 0.1-0.5 s (bench:import, 3 interleaved rounds); a cancel is
 * still seen within a fifth of a second.
 */
const SLICE_MS = 200

/** Timings of the last import, by phase, for the benchmark (read from the worker with Playwright). */
declare global {
  var waymarkLastImportPhases: Record<string, number> | undefined
  /**
   * Timings of the last inspection, in ms from the moment this worker took its message (`arrivedAt` and `loadedAt`, when
   * this worker got its message and when its code had loaded, are wall-clock ms, to set against the page's clock).
   */
  var waymarkLastInspectPhases: Record<string, number> | undefined
}

/** When this worker's code had loaded (wall-clock ms; the benchmark sets it against the moment a file was chosen). */
const loadedAt = performance.timeOrigin + performance.now()

const yieldChannel = new MessageChannel()
/** Lets queued messages (cancel) in; unlike setTimeout it is not clamped to 4 ms when repeated. */
function yieldToMessages(): Promise<void> {
  return new Promise((resolve) => {
    yieldChannel.port1.onmessage = () => resolve()
    yieldChannel.port2.postMessage(null)
  })
}

function post(msg: FromWorker): void {
  self.postMessage(msg)
}

function fail(fileId: string, err: unknown): void {
  if (err instanceof ImportCancelled) {
    post({ type: 'cancelled', fileId })
    return
  }
  if (err instanceof LateDates) {
    const first = err.problems[0]!
    post({
      type: 'failed',
      fileId,
      message: err.problems.map((p) => p.message).join(' '),
      action: `${err.problems.map((p) => p.action).join(' ')} Nothing from this file was kept.`,
      dateQuestions: err.problems.map((p) => ({ sheet: err.sheet, field: p.field, column: p.column, header: p.header, example: p.example || first.example }))
    })
    return
  }
  if (err instanceof StoreFailed) {
    post({ type: 'failed', fileId, message: err.problem.message, action: `${err.problem.action} Nothing from this file was kept.` })
    return
  }
  const p = describeStorageError(err)
  const message = err instanceof Error && p.kind === 'unknown' ? `${err.message}` : p.message
  post({ type: 'failed', fileId, message, action: p.kind === 'unknown' ? 'Nothing from this file was kept. Check the file, then try again; if it keeps failing, send the file name and this message to support.' : p.action })
}

/** A file that could not be read, in the analyst's words. */
function unreadable(fileName: string, err: unknown): Error {
  return new Error(`${fileName} could not be read: it may have been moved, changed or deleted since it was added (${err instanceof Error ? err.message : String(err)}). Add it again.`, {
    cause: err
  })
}

/** Reads (part of) a file the analyst chose. */
async function readBlob(blob: Blob, fileName: string, start = 0, end = blob.size): Promise<Uint8Array> {
  try {
    return new Uint8Array(await (start === 0 && end === blob.size ? blob : blob.slice(start, end)).arrayBuffer())
  } catch (err) {
    throw unreadable(fileName, err)
  }
}

/** A delimited text file read up to PROPOSAL_ROWS rows, keeping every row read whole (unless absurdly wide). */
function readTextStart(bytes: Uint8Array, fileName: string, format: StreamedText['format'], encoding?: string) {
  // Rows past the whole ones keep only their date-like columns; with every row read kept whole (all but files of
  // hundreds of columns), that choice, a proposal of its own, is never made.
  return readStreamedText(
    bytes,
    { fileName, format, maxRows: PROPOSAL_ROWS, prefixRows: Number.MAX_SAFE_INTEGER, ...(encoding !== undefined ? { encoding } : {}) },
    (prefix) => dateLikeColumns(prefix, baseName(fileName))
  )
}

async function inspect(msg: Extract<ToWorker, { type: 'inspect' }>): Promise<void> {
  const t0 = performance.now()
  const phases: Record<string, number> = { loadedAt, arrivedAt: performance.timeOrigin + t0 }
  globalThis.waymarkLastInspectPhases = phases
  const since = () => Math.round(performance.now() - t0)
  const blob = 'file' in msg ? msg.file : null
  const given = 'bytes' in msg ? new Uint8Array(msg.bytes) : new Uint8Array(0)
  const size = blob ? blob.size : given.byteLength
  // The saved templates (and this worker's first opening of the database) load while the file is read.
  const templates = listTemplates(db)
  templates.catch(() => undefined)
  // A big file: the screen reads the whole and sends it (see ImportClient.inspect); the proposal needs only the start.
  const big = blob !== null && size > PROPOSAL_HEAD_BYTES
  // (The screen's hashing worker hashes those bytes on the way: this worker is busy proposing when they are read.)
  const received = !blob
    ? Promise.resolve({ bytes: given, sha256: null })
    : big
      ? new Promise<{ bytes: Uint8Array; sha256: string | null }>((resolve, reject) => wholeWaiters.set(msg.fileId, { fileName: msg.fileName, resolve, reject }))
      : readBlob(blob, msg.fileName).then((bytes) => ({ bytes, sha256: null }))
  const wholeBytes = received.then((r) => r.bytes)
  wholeBytes.catch(() => undefined)
  const head = big ? await readBlob(blob, msg.fileName, 0, PROPOSAL_HEAD_BYTES) : null
  if (head) phases.headRead = since()
  const whole: Promise<WholeFile> = received.then(async ({ bytes, sha256: hashedOnTheWay }) => {
    phases.wholeRead = since()
    // The hash is taken from the bytes as read, before anything is written (by WebCrypto, off this thread).
    const sha256 = hashedOnTheWay ?? (await fileSha256(bytes))
    phases.hashed = since()
    return { bytes, sha256 }
  })
  whole.catch(() => undefined)
  const checked = whole.then(async (w) => ({ sha256: w.sha256, duplicateOf: await findCommittedSource(db, msg.caseId, w.sha256) }))
  checked.catch(() => undefined)

  const start = head ?? (await wholeBytes)
  const sniffed = sniffFormat(start, msg.fileName)
  let loaded: Omit<LoadedFile, 'proposals' | 'whole' | 'size' | 'newToCase' | 'chosenEncoding'>
  let overview: Pick<FileOverview, 'format' | 'encoding' | 'detectedEncoding' | 'chosenEncoding' | 'sheets' | 'warnings'>
  if (sniffed.kind === 'text') {
    let read = readTextStart(start, msg.fileName, sniffed.format)
    // The start alone is enough only when reading stopped inside it; otherwise (few, very long rows) the whole file.
    if (head && !(read.ok && !read.text.complete)) read = readTextStart(await wholeBytes, msg.fileName, sniffed.format)
    phases.parsed = since()
    if (!read.ok) {
      post({ type: 'failed', fileId: msg.fileId, message: read.error.message, action: 'Nothing was imported from this file.' })
      return
    }
    const t = read.text
    loaded = {
      fileName: msg.fileName,
      caseId: msg.caseId,
      table: null,
      text: t,
      textSource: { bytes: wholeBytes, format: sniffed.format },
      detectedEncoding: t.encoding
    }
    overview = {
      format: t.format,
      encoding: t.encoding,
      detectedEncoding: t.encoding,
      chosenEncoding: null,
      sheets: [{ name: t.sheetName, hidden: false, rows: t.rowCount, ...(t.complete ? {} : { partial: { bytesRead: t.bytesRead } }) }],
      warnings: t.warnings
    }
  } else {
    const read = readFile(head ? await wholeBytes : start, { fileName: msg.fileName })
    phases.parsed = since()
    if (!read.ok) {
      post({ type: 'failed', fileId: msg.fileId, message: read.error.message, action: 'Nothing was imported from this file.' })
      return
    }
    loaded = { fileName: msg.fileName, caseId: msg.caseId, table: read.table, text: null, textSource: null, detectedEncoding: null }
    overview = {
      format: read.table.format,
      encoding: read.table.encoding,
      sheets: read.table.sheets.map((s) => ({ name: s.name, hidden: s.hidden, rows: s.rows.length })),
      warnings: read.table.warnings
    }
  }
  const f: LoadedFile = { ...loaded, size, whole, proposals: new Map(), newToCase: null, chosenEncoding: null }
  files.set(msg.fileId, f)
  // A text file's one sheet is proposed now, with the default settings, rather than after a round trip to the screen.
  const proposals = f.text ? [proposalView(f, { sheet: f.text.sheetName }, await templates)].filter((p) => p !== null) : []
  if (proposals.length > 0) phases.proposed = since()
  const base = { fileId: msg.fileId, fileName: msg.fileName, size, ...overview }
  if (!head) {
    // Read whole already: hashed and checked by now, or nearly; all comes in one message, as it always did.
    const c = await checked
    phases.checked = since()
    post({ type: 'inspected', fileId: msg.fileId, overview: { ...base, sha256: c.sha256, duplicateOf: c.duplicateOf }, ...(proposals.length ? { proposals } : {}) })
    return
  }
  // The proposal is shown while the rest of the file is read and hashed: the wizard holds Import until `checked`.
  post({ type: 'inspected', fileId: msg.fileId, overview: { ...base, sha256: null, duplicateOf: null }, ...(proposals.length ? { proposals } : {}) })
  const c = await checked
  phases.checked = since()
  f.newToCase = c.duplicateOf === null
  if (files.get(msg.fileId) === f) {
    post({ type: 'checked', fileId: msg.fileId, sha256: c.sha256, duplicateOf: c.duplicateOf satisfies DuplicateOf | null })
    maybeImportAhead(msg.fileId, f)
  }
}

/** Proposes how to read one sheet with the analyst's settings, and what the wizard shows of it; null for no such sheet. */
function proposalView(f: LoadedFile, settings: ProposeSettings, templates: readonly MappingTemplate[]): ProposalView | null {
  const sheet = f.table?.sheets.find((s) => s.name === settings.sheet)
  if (!sheet && f.text?.sheetName !== settings.sheet) return null
  const options = {
    sheet: settings.sheet,
    merges: sheet?.merges ?? [],
    templates,
    excel1904: f.table?.date1904 === true,
    ...(settings.country ? { country: settings.country } : {}),
    ...(settings.zone ? { zone: settings.zone } : {}),
    ...(settings.dateOrders ? { dateOrders: settings.dateOrders } : {}),
    ...(settings.recordKind ? { recordKind: settings.recordKind } : {}),
    ...(settings.mapping ? { mapping: settings.mapping } : {})
  }
  let rows: readonly (readonly Cell[])[]
  let p: Proposal
  let rowLines: readonly number[] | undefined
  if (f.text) {
    // Every row, the later ones holding only the date columns, so each date decision sees every value.
    ;({ proposal: p, rows } = proposeForText(f.text, options))
    rowLines = f.text.prefixLines
  } else {
    rows = sheet!.rows
    p = proposeMapping(rows, options)
    rowLines = sheet!.rowLines
  }
  f.proposals.set(settings.sheet, p)
  const sample: string[][] = []
  const sampleRows: number[] = []
  for (let i = p.header.dataStart; i < rows.length && sample.length < SAMPLE; i++) {
    const row = rows[i]!
    if (row.every((c) => cellToText(c).trim() === '')) continue
    sample.push(row.map(cellToText))
    sampleRows.push(rowLines?.[i] ?? i + 1)
  }
  return {
    sheet: settings.sheet,
    mapping: p.mapping,
    headerNames: p.header.names,
    sample,
    sampleRows,
    kindScores: p.kindScores,
    notices: p.notices,
    problems: p.problems,
    template: p.template ? p.template.template.name : null,
    headerReason: p.header.reason,
    ...(p.inferredCountry ? { inferredCountry: p.inferredCountry } : {})
  }
}

async function propose(fileId: string, settings: ProposeSettings): Promise<void> {
  const f = files.get(fileId)
  if (!f) return
  const view = proposalView(f, settings, await listTemplates(db))
  if (view) {
    post({ type: 'proposed', fileId, proposal: view })
    // An answered question (the day/month order) may leave settings to import as they are.
    if (files.get(fileId) === f) maybeImportAhead(fileId, f)
  }
}

/**
 * Reads a text file's start again with the encoding the analyst chose (null: as detected) and proposes its mapping
 * afresh with their settings; the import then reads the whole file with that encoding too.
 */
async function reread(fileId: string, encoding: string | null, settings: ProposeSettings): Promise<void> {
  const f = files.get(fileId)
  const src = f?.textSource
  if (!f || !src) return
  if (ahead?.fileId === fileId) await dropAhead()
  // Reading stops after the rows a proposal is made from, as it did from a big file's start.
  const read = readTextStart(await src.bytes, f.fileName, src.format, encoding ?? undefined)
  if (files.get(fileId) !== f) return
  if (!read.ok) {
    post({ type: 'failed', fileId, message: read.error.message, action: 'Choose another encoding, or remove the file.' })
    return
  }
  const t = read.text
  f.text = t
  f.chosenEncoding = encoding
  f.proposals.clear()
  const proposal = proposalView(f, { ...settings, sheet: t.sheetName }, await listTemplates(db))
  post({
    type: 'reread',
    fileId,
    overview: {
      encoding: t.encoding,
      detectedEncoding: f.detectedEncoding,
      chosenEncoding: encoding,
      sheets: [{ name: t.sheetName, hidden: false, rows: t.rowCount, ...(t.complete ? {} : { partial: { bytesRead: t.bytesRead } }) }],
      warnings: t.warnings
    },
    proposal
  })
  if (proposal) maybeImportAhead(fileId, f)
}

/** The read warning that says a file was read with the encoding the analyst chose, kept with the source. */
function chosenEncodingWarning(f: LoadedFile, sheet: string): ReadWarning {
  const chosen = encodingDisplayName(f.chosenEncoding!)
  const detected = f.detectedEncoding ? encodingDisplayName(f.detectedEncoding) : 'none'
  return { code: 'encoding-chosen', sheet, message: `${f.fileName} was read as ${chosen}, as chosen in the import wizard (Waymark had detected ${detected}).` }
}

/** Rows of one spreadsheet sheet in order, a piece at a time (a text file is read again from its bytes: `textPart`). */
function* sheetPieces(f: LoadedFile, sheetName: string): Generator<Piece> {
  const sheet = f.table?.sheets.find((s) => s.name === sheetName)
  if (!sheet) return
  const PIECE = 8192
  for (let first = 0; first < sheet.rows.length; first += PIECE) {
    yield { rows: sheet.rows.slice(first, first + PIECE), lines: sheet.rowLines ? sheet.rowLines.slice(first, first + PIECE) : null, first }
  }
}

function sheetRowCount(f: LoadedFile, sheetName: string): number {
  if (f.text) {
    if (f.text.sheetName !== sheetName) return 0
    // Read in part: the rows of the whole file, estimated from the part read.
    return f.text.complete ? f.text.rowCount : Math.round((f.text.rowCount * f.size) / Math.max(1, f.text.bytesRead))
  }
  return f.table?.sheets.find((s) => s.name === sheetName)?.rows.length ?? 0
}

/** A run of rows to map: its rows, the 1-based line each starts on, and the 0-based index of its first row. */
interface Piece {
  readonly rows: readonly (readonly Cell[])[]
  readonly lines: readonly number[] | null
  readonly first: number
}

/** A text file's bytes (the whole file, or the part after `rowsBefore` rows and `linesBefore` lines) read in pieces. */
interface TextPart {
  readonly pieces: Generator<Piece>
  /** The part's read warnings, naming the file's rows; complete once every piece has been taken. */
  readonly warnings: () => readonly ReadWarning[]
}

function textPart(bytes: Uint8Array, options: Omit<CsvStreamOptions, 'trackLines' | 'rowsBefore' | 'linesBefore'>, rowsBefore: number, linesBefore: number): TextPart {
  const chunks = createCsvChunks(bytes, { ...options, rowsBefore, linesBefore }, PIECE_BYTES)
  function* pieces(): Generator<Piece> {
    let first = rowsBefore
    for (let c = chunks.next(); c; c = chunks.next()) {
      yield { rows: c.rows, lines: linesBefore === 0 ? c.lines : c.lines.map((l) => l + linesBefore), first }
      first += c.rows.length
    }
  }
  return { pieces: pieces(), warnings: () => chunks.stream.warnings }
}

interface MappedPart {
  /** Every date value's evidence, when asked to watch (see BuildOptions.watchDates). */
  readonly watches: WatchedColumnData[]
  readonly summary: ImportSummary
  readonly issues: RowIssue[]
  readonly issueCount: number
  readonly rejected: RejectedRow[]
}

/**
 * Maps pieces of one sheet into records and hands them to the writer, letting messages (cancel) in every SLICE_MS.
 * `stop` is asked between pieces and throws to end the part.
 */
async function mapPieces(
  pieces: Iterator<Piece>,
  mapping: Mapping,
  source: { sha256: string; fileName: string; sheet: string },
  writer: ImportWriter,
  hooks: { stop: () => void; rows: (n: number, writing: boolean) => void; phases: Record<string, number>; maxIssues: number; watchDates: boolean }
): Promise<MappedPart> {
  const issues: RowIssue[] = []
  const rejected: RejectedRow[] = []
  let issueCount = 0
  const phases = hooks.phases
  const builder = createRecordBuilder(mapping, { sourceSha256: source.sha256, fileName: source.fileName, sheet: source.sheet }, {
    onIssue: (i) => {
      issueCount++
      if (issues.length < hooks.maxIssues) issues.push(i)
    },
    onRejected: (r) => rejected.push(r),
    watchDates: hooks.watchDates,
    // The segment encoder finds each party's codes by its serial.
    serials: true
  })
  let sliceStart = performance.now()
  for (;;) {
    let t0 = performance.now()
    const next = pieces.next()
    if (next.done) break
    const { rows, lines, first } = next.value
    const t1 = performance.now()
    phases.read! += t1 - t0
    const records: WaymarkRecord[] = []
    for (let k = 0; k < rows.length; k++) {
      const i = first + k
      // Rows above the first data row (the header and anything over it) are not data.
      if (i < mapping.headerRow) continue
      const rec = builder.build(rows[k]!, lines?.[k] ?? i + 1)
      if (rec) records.push(rec)
    }
    const t2 = performance.now()
    phases.map! += t2 - t1
    for (const rec of records) writer.add(rec)
    phases.encode! += performance.now() - t2
    hooks.stop()
    // Full segments go to the database while the next piece is mapped: memory stays bounded.
    t0 = performance.now()
    await writer.drain()
    phases.waitForWrites! += performance.now() - t0
    // Progress, and the other tasks of this worker's loop: IndexedDB's callbacks (each finished write adds its
    // segments' statistics), and the second worker's messages.
    const t3 = performance.now()
    hooks.rows(rows.length, writer.segmentsWritten > 0)
    if (performance.now() - sliceStart > SLICE_MS) {
      await yieldToMessages()
      sliceStart = performance.now()
    }
    phases.yield = (phases.yield ?? 0) + performance.now() - t3
  }
  return { summary: builder.summary(), issues, issueCount, rejected, watches: watchesToData(builder.dateWatches()) }
}

// ---------------------------------------------------------------------------------------------------------------
// The second worker, seen from the import worker.

let helperPort: MessagePort | null = null
/** The second half being mapped, by file id (for cancel). */
const activeRemotes = new Map<string, RemotePart>()
let nextPartId = 1
const partListeners = new Map<number, (msg: FromHelper) => void>()

function onHelperMessage(e: MessageEvent<FromHelper>): void {
  partListeners.get(e.data.partId)?.(e.data)
}

/** Loses the second worker: any part it was mapping fails, and big files are read by this worker alone. */
function helperLost(message: string): void {
  helperPort?.close()
  helperPort = null
  for (const [partId, l] of partListeners) l({ type: 'part-failed', partId, message: `The second import worker stopped: ${message}`, action: 'Import the file again.' })
}

interface RemotePart {
  /** Settles with the part's result, or rejects with its failure. */
  readonly done: Promise<Extract<FromHelper, { type: 'part-done' }>>
  /** Rows of the part mapped so far. */
  readonly progress: () => number
  /** When (this worker's clock) the part's result arrived; NaN before. */
  readonly doneAt: () => number
  /** Set when the part failed: the first half stops too. */
  readonly failure: () => unknown
  begun(importId: string): void
  /** Asks the part to stop and waits until it has no write in flight. */
  stop(): Promise<void>
}

function startRemotePart(port: MessagePort, part: Omit<Extract<ToHelper, { type: 'part' }>, 'type' | 'partId'>): RemotePart {
  const partId = nextPartId++
  let done = 0
  let doneAt = NaN
  let failure: unknown = null
  let stopped = false
  let resolveStopped: () => void = () => undefined
  const whenStopped = new Promise<void>((r) => (resolveStopped = r))
  const result = new Promise<Extract<FromHelper, { type: 'part-done' }>>((resolve, reject) => {
    partListeners.set(partId, (msg) => {
      switch (msg.type) {
        case 'part-progress':
          done = msg.done
          return
        case 'part-done':
          doneAt = performance.now()
          partListeners.delete(partId)
          resolveStopped()
          resolve(msg)
          return
        case 'part-failed':
          partListeners.delete(partId)
          failure = new StoreFailed({ message: msg.message, action: msg.action, detail: 'second import worker' })
          resolveStopped()
          reject(failure)
          return
        case 'part-stopped':
          partListeners.delete(partId)
          resolveStopped()
          reject(new ImportCancelled())
      }
    })
  })
  // Handled where awaited; this only keeps the runtime from reporting it early.
  result.catch(() => undefined)
  port.postMessage({ type: 'part', partId, ...part } satisfies ToHelper, [part.bytes])
  return {
    done: result,
    progress: () => done,
    doneAt: () => doneAt,
    failure: () => failure,
    begun: (importId) => port.postMessage({ type: 'part-begun', partId, importId } satisfies ToHelper),
    async stop() {
      if (!stopped && partListeners.has(partId)) port.postMessage({ type: 'part-stop', partId } satisfies ToHelper)
      stopped = true
      await whenStopped
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Importing ahead. A big text file is usually imported as proposed: once it has been read, hashed and found new to
// the case, its import starts at once with the proposed settings, writing nothing, while the analyst looks at the
// proposal. Pressing Import with those settings lets it go on (its first segments are written then); any other
// settings, another proposal, another file or forgetting this one drops it, and the import starts afresh if asked.

interface Ahead {
  readonly fileId: string
  /** The import message it stands for, as JSON: the analyst's must be the same. */
  readonly key: string
  confirmed: boolean
  confirmedAt: number
  dropped: boolean
  readonly confirm: () => void
  readonly drop: () => void
  /** Settles when the run has ended (dropped, failed or imported). */
  readonly ended: Promise<void>
}

let ahead: Ahead | null = null
/** Imports running (asked for by the screen), so none starts ahead beside them. */
let importsRunning = 0

function importKey(msg: Extract<ToWorker, { type: 'import' }>): string {
  return JSON.stringify({ fileId: msg.fileId, caseId: msg.caseId, sheets: msg.sheets })
}

/** Starts importing a big, new text file with its proposed settings, when nothing else is going on. */
function maybeImportAhead(fileId: string, f: LoadedFile): void {
  const text = f.text
  if (ahead || importsRunning > 0 || files.size !== 1 || f.newToCase !== true || !text || text.complete || !helperPort || f.size < PARALLEL_MIN_BYTES) return
  const p = f.proposals.get(text.sheetName)
  // Anything the analyst must decide (an ambiguous date order, a missing field) means other settings are coming.
  if (!p || p.problems.length > 0) return
  const msg: Extract<ToWorker, { type: 'import' }> = { type: 'import', fileId, caseId: f.caseId, sheets: [{ sheet: text.sheetName, mapping: p.mapping }] }
  let confirm: () => void = () => undefined
  let reject: (err: unknown) => void = () => undefined
  const confirmed = new Promise<void>((res, rej) => {
    confirm = res
    reject = rej
  })
  confirmed.catch(() => undefined)
  const a: Ahead = {
    fileId,
    key: importKey(msg),
    confirmed: false,
    confirmedAt: NaN,
    dropped: false,
    confirm: () => {
      a.confirmed = true
      a.confirmedAt = performance.now()
      importsRunning++
      confirm()
    },
    drop: () => {
      if (a.confirmed) return
      a.dropped = true
      reject(new ImportCancelled())
    },
    ended: Promise.resolve()
  }
  const run = runImport(msg, { confirmed, isConfirmed: () => a.confirmed, confirmedAt: () => a.confirmedAt, dropped: () => a.dropped })
    // Once confirmed, it is the analyst's import: its end is reported as any import's. Before, it ends unseen.
    .catch((err) => {
      if (a.confirmed) fail(fileId, err)
    })
    .finally(() => {
      if (a.confirmed) importsRunning--
      if (ahead === a) ahead = null
    })
  ;(a as { ended: Promise<void> }).ended = run
  ahead = a
}

/** Drops the import started ahead, unless the analyst confirmed it, and waits until it has stopped. */
async function dropAhead(): Promise<void> {
  const a = ahead
  if (!a || a.confirmed) return
  a.drop()
  await a.ended
}

/** The screen's Import: goes on with the import started ahead when it is the same, else starts one. */
async function startImport(msg: Extract<ToWorker, { type: 'import' }>): Promise<void> {
  const a = ahead
  if (a && a.fileId === msg.fileId && !a.confirmed && !a.dropped && a.key === importKey(msg)) {
    a.confirm()
    return
  }
  await dropAhead()
  importsRunning++
  try {
    await runImport(msg)
  } finally {
    importsRunning--
  }
}

/** The share of a big text file the importing worker maps itself (the rest goes to the second worker). */
const FIRST_PART_FRACTION = 0.52

/** How an import started ahead of the analyst's Import (see Ahead) runs until they press it. */
interface AheadOptions {
  /** Resolves when the analyst imports the file with the same settings; rejects when the run is dropped. */
  readonly confirmed: Promise<void>
  /** Whether the analyst has pressed Import: until then the run writes nothing and tells the screen nothing. */
  readonly isConfirmed: () => boolean
  /** When (this worker's clock) they did. */
  readonly confirmedAt: () => number
  readonly dropped: () => boolean
}

async function runImport(msg: Extract<ToWorker, { type: 'import' }>, ahead?: AheadOptions): Promise<void> {
  const f = files.get(msg.fileId)
  if (!f) throw new Error('The file is no longer loaded; add it again.')
  const started = performance.now()
  const phases: Record<string, number> = { read: 0, map: 0, encode: 0, waitForWrites: 0, commit: 0 }
  globalThis.waymarkLastImportPhases = undefined
  // The records carry the file's hash: a file imported as soon as it was proposed waits for its reading and hashing.
  const { bytes, sha256 } = await f.whole
  phases.waitForHash = performance.now() - started
  if (cancelled.has(msg.fileId)) throw new ImportCancelled()
  // A text file read only in part by the wizard: its rows are estimated from the part's size until counted.
  let total = msg.sheets.reduce((n, s) => n + sheetRowCount(f, s.sheet), 0)
  const issues: RowIssue[] = []
  const rejected: RejectedRow[] = []
  let issueCount = 0
  // A spreadsheet was read whole when it was added: its warnings (of the sheets imported) are complete already. A text
  // file's come from reading every row again below, not from the first rows the wizard proposed from.
  const imported = new Set(msg.sheets.map((s) => s.sheet))
  const readWarnings: ReadWarning[] = f.table ? f.table.warnings.filter((w) => w.sheet === undefined || imported.has(w.sheet)) : []
  const summaries: ImportReport['sheets'][number][] = []
  let done = 0
  let lastPost = 0
  let remote: RemotePart | null = null
  let estimated = f.text !== null && !f.text.complete
  const progress = (phase: 'mapping' | 'writing' | 'committing', d: number, t: number) => {
    if (ahead && !ahead.isConfirmed()) return
    const now = performance.now()
    if (now - lastPost < 100 && d < t) return
    lastPost = now
    post({ type: 'progress', fileId: msg.fileId, phase, done: d, total: Math.max(d, t), ...(estimated ? { estimated: true } : {}), rowsPerSecond: d / Math.max(0.001, (now - started) / 1000) })
  }
  const stop = () => {
    if (cancelled.has(msg.fileId) || ahead?.dropped()) throw new ImportCancelled()
    const failure = remote?.failure()
    if (failure) throw failure
  }

  // Mapping starts at once; the pending source (hash check, the file's bytes) is created meanwhile.
  const writer = ImportWriter.start(db, { caseId: msg.caseId, fileName: f.fileName, bytes, sha256, mappings: msg.sheets.map((s) => s.mapping) }, ahead?.confirmed)
  let otherEntityRecords: readonly EntityRecord[] = []
  let otherWritten: Extract<FromHelper, { type: 'part-done' }>['written'] | null = null
  try {
    for (const { sheet: name, mapping } of msg.sheets) {
      if (!(f.text ? f.text.sheetName === name : f.table?.sheets.some((s) => s.name === name) === true)) continue
      const source = { sha256, fileName: f.fileName, sheet: name }
      const text = f.text
      // A big text file is cut in two where that is safe: the second worker maps the second part meanwhile. The first
      // part is a little bigger, as the second worker hands its statistics over at the end. (It was 55% while the
      // second worker's writes queued behind the first's. Since each writes on its own, 55% left the first finishing
      // a median 0.56 s after the second, 52% 0.2 s; 7 interleaved rounds of 1M rows, end to end within the noise.)
      const split =
        text && helperPort && bytes.byteLength >= PARALLEL_MIN_BYTES
          ? findTextSplit(bytes, text.encoding, { minRowsBefore: mapping.headerRow + 1, fraction: FIRST_PART_FRACTION })
          : null
      let pieces: Iterator<Piece>
      let ownWarnings: (() => readonly ReadWarning[]) | null = null
      // Both halves are read with one encoding. When the rows the wizard read were plain ASCII, UTF-8 was only
      // provisional: the whole file decides it, as one reader of the whole file would (and as the single stream of an
      // unsplit file does by itself).
      const settled = text && !text.complete && text.encodingConfidence === 'ascii' ? settleAsciiStart(bytes) : null
      const splitEncoding = settled ? settled.encoding : (text?.encoding ?? 'utf-8')
      // Both halves are judged by the usual field count of the file's start, as one reader of the whole file would.
      const expected = text && text.expectedFields !== null ? { expectedFields: text.expectedFields } : {}
      if (text && split && helperPort) {
        remote = startRemotePart(helperPort, {
          fileName: f.fileName,
          sha256,
          sheet: name,
          mapping: mapping as Mapping,
          bytes: bytes.slice(split.offset).buffer,
          encoding: splitEncoding,
          delimiter: text.delimiter,
          expectedFields: text.expectedFields,
          rowsBefore: split.rowsBefore,
          linesBefore: split.linesBefore,
          maxListedIssues: MAX_LISTED_ISSUES,
          watchDates: !text.complete
        })
        const r = remote
        activeRemotes.set(msg.fileId, r)
        writer.ready.then(
          (id) => r.begun(id),
          () => undefined
        )
        // Both halves are read with the encoding and delimiter decided for the whole file: a half alone might sniff
        // another delimiter.
        const part = textPart(bytes.subarray(0, split.offset), { fileName: f.fileName, encoding: splitEncoding, delimiter: text.delimiter, ...expected }, 0, 0)
        pieces = part.pieces
        ownWarnings = part.warnings
      } else if (text) {
        const part = textPart(bytes, streamOptionsFor({ fileName: f.fileName, format: text.format, ...(f.chosenEncoding ? { encoding: f.chosenEncoding } : {}) }), 0, 0)
        pieces = part.pieces
        ownWarnings = part.warnings
      } else {
        pieces = sheetPieces(f, name)
      }
      // The wizard decided the dates from the first rows only: every later value is watched, and checked before the commit.
      const watchDates = text !== null && !text.complete
      // Milestones (ms since the import began), beside the phases' sums: when mapping started, and when each part ended.
      phases.mappingStartedAt = performance.now() - started
      const own = await mapPieces(pieces, mapping as Mapping, source, writer, {
        watchDates,
        stop,
        rows: (n, writing) => {
          done += n
          progress(writing ? 'writing' : 'mapping', Math.min(done + (remote?.progress() ?? 0), total), total)
        },
        phases,
        maxIssues: MAX_LISTED_ISSUES
      })
      phases.ownPartDoneAt = performance.now() - started
      let summary = own.summary
      const watches: (readonly WatchedColumnData[])[] = [own.watches]
      issueCount += own.issueCount
      issues.push(...own.issues)
      rejected.push(...own.rejected)
      const warningParts: (readonly ReadWarning[])[] = []
      // Halves read with the encoding decided for the whole file do not guess it again: the guess's warning is the wizard's.
      if (split) warningParts.push(text!.warnings.filter((w) => w.code === 'encoding-guessed'))
      if (split && settled?.confidence === 'guess') warningParts.push([encodingGuessWarning(f.fileName, name, settled)])
      if (text && f.chosenEncoding) warningParts.push([chosenEncodingWarning(f, name)])
      if (ownWarnings) warningParts.push(ownWarnings())
      if (remote) {
        const tw = performance.now()
        const other = await remote.done
        phases.waitForSecondHalf = performance.now() - tw
        phases.secondHalfDoneAt = remote.doneAt() - started
        for (const [k, v] of Object.entries(other.phases)) phases[`secondHalf.${k}`] = v
        summary = addSummaries(summary, other.summary)
        issueCount += other.issueCount
        // Rows of the second half come after those of the first: the lists stay in row order.
        for (const i of other.issues) if (issues.length < MAX_LISTED_ISSUES) issues.push(i)
        for (const r of other.rejected) rejected.push(r)
        otherEntityRecords = other.entityRecords
        otherWritten = other.written
        watches.push(other.watches)
        warningParts.push(other.readWarnings)
        done += other.summary.read + other.summary.blank
        remote = null
      }
      if (watchDates && text) {
        const tw = performance.now()
        const problems = checkStreamedDates({
          fileName: f.fileName,
          proposal: f.proposals.get(name) ?? proposeMapping(text.prefix, { sheet: name, mapping: mapping as Mapping }),
          mapping: mapping as Mapping,
          watches: mergeWatches(watches),
          sampleEnd: text.lastLine
        })
        phases.checkDates = performance.now() - tw
        if (problems.length > 0) throw new LateDates(name, problems)
      }
      if (text) readWarnings.push(...mergeReadWarnings(warningParts, { fileName: f.fileName, sheet: name, encoding: splitEncoding }))
      summaries.push({ sheet: name, summary })
    }
    stop()
    if (estimated) {
      total = done
      estimated = false
    }
    progress('committing', total, total)
    const tc = performance.now()
    const stored = await writer.commit(
      summaries.map((s) => ({ sheet: s.sheet, ...s.summary })),
      otherEntityRecords,
      otherWritten,
      phases,
      readWarnings
    )
    phases.commit = performance.now() - tc
    phases.total = performance.now() - started
    if (ahead) phases.confirmedAt = ahead.confirmedAt() - started
    globalThis.waymarkLastImportPhases = phases
    post({
      type: 'imported',
      fileId: msg.fileId,
      report: {
        fileId: msg.fileId,
        fileName: f.fileName,
        sourceId: stored.sourceId,
        sheets: summaries,
        events: stored.events,
        merged: stored.merged,
        rejected,
        issues,
        issuesTruncated: issueCount > issues.length,
        readWarnings,
        // From the analyst's Import: work done before it is not time they waited.
        seconds: (performance.now() - (ahead ? ahead.confirmedAt() : started)) / 1000
      }
    })
  } catch (err) {
    // The second half stops writing before the pending source and all it holds are removed.
    await (remote as RemotePart | null)?.stop()
    await writer.abort()
    throw err
  } finally {
    activeRemotes.delete(msg.fileId)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// This worker as the second one: maps the second half of a file into the import worker's pending source.

const stoppedParts = new Set<number>()
/** Settles each running part's pending-source id: with the id once it exists, or ImportCancelled when stopped first. */
const partStarts = new Map<number, { resolve: (importId: string) => void; reject: (err: unknown) => void }>()

async function servePart(port: MessagePort, part: Extract<ToHelper, { type: 'part' }>): Promise<void> {
  const phases: Record<string, number> = { read: 0, map: 0, encode: 0, waitForWrites: 0 }
  const started = performance.now()
  const importId = new Promise<string>((resolve, reject) => partStarts.set(part.partId, { resolve, reject }))
  const writer = ImportWriter.join(db, importId, part.sha256, part.fileName)
  const reply = (m: FromHelper) => port.postMessage(m)
  let done = 0
  let lastPost = 0
  try {
    const text = textPart(
      new Uint8Array(part.bytes),
      { fileName: part.fileName, encoding: part.encoding, delimiter: part.delimiter, ...(part.expectedFields !== null ? { expectedFields: part.expectedFields } : {}) },
      part.rowsBefore,
      part.linesBefore
    )
    const mapped = await mapPieces(text.pieces, part.mapping, { sha256: part.sha256, fileName: part.fileName, sheet: part.sheet }, writer, {
      watchDates: part.watchDates,
      stop: () => {
        if (stoppedParts.has(part.partId)) throw new ImportCancelled()
      },
      rows: (n) => {
        done += n
        const now = performance.now()
        if (now - lastPost < 100) return
        lastPost = now
        reply({ type: 'part-progress', partId: part.partId, done })
      },
      phases,
      maxIssues: part.maxListedIssues
    })
    if (stoppedParts.has(part.partId)) throw new ImportCancelled()
    const { entityRecords, written } = await writer.finishPart()
    phases.total = performance.now() - started
    // The segments' typed arrays move to the import worker rather than being copied; this worker is done with them.
    const transfer = new Set<ArrayBuffer>()
    for (const { segment } of written.segments) {
      for (const v of Object.values(segment)) if (ArrayBuffer.isView(v) && v.buffer instanceof ArrayBuffer) transfer.add(v.buffer)
    }
    port.postMessage({ type: 'part-done', partId: part.partId, ...mapped, readWarnings: text.warnings(), entityRecords, written, phases } satisfies FromHelper, [...transfer])
  } catch (err) {
    await writer.stopPart()
    if (err instanceof ImportCancelled) reply({ type: 'part-stopped', partId: part.partId })
    else if (err instanceof StoreFailed) reply({ type: 'part-failed', partId: part.partId, message: err.problem.message, action: err.problem.action })
    else {
      const p = describeStorageError(err)
      reply({ type: 'part-failed', partId: part.partId, message: err instanceof Error && p.kind === 'unknown' ? err.message : p.message, action: p.action })
    }
  } finally {
    stoppedParts.delete(part.partId)
    partStarts.delete(part.partId)
  }
}

function serve(port: MessagePort): void {
  port.onmessage = (e: MessageEvent<ToHelper>) => {
    const m = e.data
    switch (m.type) {
      case 'part':
        void servePart(port, m)
        break
      case 'part-begun':
        partStarts.get(m.partId)?.resolve(m.importId)
        break
      case 'part-stop':
        stoppedParts.add(m.partId)
        // A write waiting for a pending source that will never exist (its creation failed) ends here.
        partStarts.get(m.partId)?.reject(new ImportCancelled())
        break
    }
  }
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data
  switch (msg.type) {
    case 'inspect':
      // Another file: the wizard will not import the one started ahead alone, as proposed.
      void dropAhead()
      inspect(msg).catch((err) => fail(msg.fileId, err))
      break
    case 'encoding':
      reread(msg.fileId, msg.encoding, msg.settings).catch((err) => fail(msg.fileId, err))
      break
    case 'propose':
      if (ahead?.fileId === msg.fileId) void dropAhead()
      propose(msg.fileId, msg.settings).catch((err) => fail(msg.fileId, err))
      break
    case 'import':
      cancelled.delete(msg.fileId)
      startImport(msg).catch((err) => fail(msg.fileId, err))
      break
    case 'cancel':
      cancelled.add(msg.fileId)
      // While this worker waits for the second half, that half is what must stop.
      void activeRemotes.get(msg.fileId)?.stop()
      break
    case 'whole': {
      const waiter = wholeWaiters.get(msg.fileId)
      wholeWaiters.delete(msg.fileId)
      if ('bytes' in msg) waiter?.resolve({ bytes: new Uint8Array(msg.bytes), sha256: msg.sha256 })
      else waiter?.reject(unreadable(waiter.fileName, msg.error))
      break
    }
    case 'forget':
      if (ahead?.fileId === msg.fileId) void dropAhead()
      files.delete(msg.fileId)
      wholeWaiters.delete(msg.fileId)
      break
    case 'helper':
      helperPort = msg.port
      helperPort.onmessage = onHelperMessage
      break
    case 'serve':
      serve(msg.port)
      break
    case 'helper-lost':
      helperLost(msg.message)
      break
  }
}
