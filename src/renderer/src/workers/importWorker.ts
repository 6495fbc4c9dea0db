// The import worker: reads a file, proposes how to map each sheet, and imports it into the case, all off the UI
// thread. An import is all-or-nothing: it writes under a pending source and commits in one transaction at the end;
// cancel or any failure removes everything it wrote.
//
// Delimited text files (the big CDRs) are never held whole: inspection keeps the first rows and, for the rest, only
// the columns that may hold dates (a date column's order is decided from every value); the import reads the file
// again piece by piece, mapping and encoding as it goes, so memory stays bounded whatever the number of rows.
/// <reference lib="webworker" />
import { fileSha256 } from '../../../core/hash'
import { proposeMapping, type Proposal } from '../../../core/mapping/autoMap'
import { createRecordBuilder } from '../../../core/mapping/records'
import type { Mapping, RejectedRow, RowIssue } from '../../../core/model/mapping'
import type { Cell, RawTable } from '../../../core/model/rawTable'
import type { WaymarkRecord } from '../../../core/model/records'
import { baseName, createCsvChunks, readFile, readStreamedText, sniffFormat, streamOptionsFor, type StreamedText } from '../../../core/read'
import { dateLikeColumns, proposeForText } from '../../../core/read/streamedProposal'
import { WorkspaceDb, describeStorageError, listTemplates } from '../../../workspace'
import { ImportWriter, findCommittedSource, ImportCancelled, StoreFailed } from './importStore'
import { cellToText, type FileOverview, type FromWorker, type ImportReport, type ProposalView, type ProposeSettings, type ToWorker } from '../features/import/protocol'

declare const self: DedicatedWorkerGlobalScope

const db = new WorkspaceDb()

/** A file being imported: a spreadsheet is held as its table; delimited text as a StreamedText over its bytes. */
interface LoadedFile {
  readonly fileName: string
  readonly bytes: Uint8Array
  readonly sha256: string
  readonly caseId: string
  readonly table: RawTable | null
  readonly text: StreamedText | null
}

const files = new Map<string, LoadedFile>()
const cancelled = new Set<string>()
const MAX_LISTED_ISSUES = 2000
const SAMPLE = 15
/** Work done between two looks at the message queue (cancel) while importing. */
const SLICE_MS = 50

/** Timings of the last import, by phase, for the benchmark (read from the worker with Playwright). */
declare global {
  var waymarkLastImportPhases: Record<string, number> | undefined
}

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
  if (err instanceof StoreFailed) {
    post({ type: 'failed', fileId, message: err.problem.message, action: `${err.problem.action} Nothing from this file was kept.` })
    return
  }
  const p = describeStorageError(err)
  const message = err instanceof Error && p.kind === 'unknown' ? `${err.message}` : p.message
  post({ type: 'failed', fileId, message, action: p.kind === 'unknown' ? 'Nothing from this file was kept. Check the file, then try again; if it keeps failing, send the file name and this message to support.' : p.action })
}

async function inspect(msg: Extract<ToWorker, { type: 'inspect' }>): Promise<void> {
  const bytes = new Uint8Array(msg.bytes)
  // The hash is taken from the bytes as received, before anything is parsed or written.
  const sha256 = await fileSha256(bytes)
  const sniffed = sniffFormat(bytes, msg.fileName)
  let loaded: LoadedFile
  let overview: Pick<FileOverview, 'format' | 'encoding' | 'sheets' | 'warnings'>
  if (sniffed.kind === 'text') {
    const read = readStreamedText(bytes, { fileName: msg.fileName, format: sniffed.format }, (prefix) => dateLikeColumns(prefix, baseName(msg.fileName)))
    if (!read.ok) {
      post({ type: 'failed', fileId: msg.fileId, message: read.error.message, action: 'Nothing was imported from this file.' })
      return
    }
    const t = read.text
    loaded = { fileName: msg.fileName, bytes, sha256, caseId: msg.caseId, table: null, text: t }
    overview = { format: t.format, encoding: t.encoding, sheets: [{ name: t.sheetName, hidden: false, rows: t.rowCount }], warnings: t.warnings }
  } else {
    const read = readFile(bytes, { fileName: msg.fileName })
    if (!read.ok) {
      post({ type: 'failed', fileId: msg.fileId, message: read.error.message, action: 'Nothing was imported from this file.' })
      return
    }
    loaded = { fileName: msg.fileName, bytes, sha256, caseId: msg.caseId, table: read.table, text: null }
    overview = {
      format: read.table.format,
      encoding: read.table.encoding,
      sheets: read.table.sheets.map((s) => ({ name: s.name, hidden: s.hidden, rows: s.rows.length })),
      warnings: read.table.warnings
    }
  }
  files.set(msg.fileId, loaded)
  const duplicate = await findCommittedSource(db, msg.caseId, sha256)
  post({ type: 'inspected', fileId: msg.fileId, overview: { fileId: msg.fileId, fileName: msg.fileName, size: bytes.byteLength, sha256, ...overview, duplicateOf: duplicate } })
}

async function propose(fileId: string, settings: ProposeSettings): Promise<void> {
  const f = files.get(fileId)
  if (!f) return
  const sheet = f.table?.sheets.find((s) => s.name === settings.sheet)
  if (!sheet && f.text?.sheetName !== settings.sheet) return
  const templates = await listTemplates(db)
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
  const sample: string[][] = []
  const sampleRows: number[] = []
  for (let i = p.header.dataStart; i < rows.length && sample.length < SAMPLE; i++) {
    const row = rows[i]!
    if (row.every((c) => cellToText(c).trim() === '')) continue
    sample.push(row.map(cellToText))
    sampleRows.push(rowLines?.[i] ?? i + 1)
  }
  const view: ProposalView = {
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
  post({ type: 'proposed', fileId, proposal: view })
}

/** Rows of one sheet in order, a piece at a time: a spreadsheet's from its table, a text file's read again from its bytes. */
function* sheetPieces(f: LoadedFile, sheetName: string): Generator<{ rows: readonly (readonly Cell[])[]; lines: readonly number[] | null; first: number }> {
  if (f.text) {
    const chunks = createCsvChunks(f.bytes, streamOptionsFor({ fileName: f.fileName, format: f.text.format }))
    let first = 0
    for (let c = chunks.next(); c; c = chunks.next()) {
      yield { rows: c.rows, lines: c.lines, first }
      first += c.rows.length
    }
    return
  }
  const sheet = f.table?.sheets.find((s) => s.name === sheetName)
  if (!sheet) return
  const PIECE = 8192
  for (let first = 0; first < sheet.rows.length; first += PIECE) {
    yield { rows: sheet.rows.slice(first, first + PIECE), lines: sheet.rowLines ? sheet.rowLines.slice(first, first + PIECE) : null, first }
  }
}

function sheetRowCount(f: LoadedFile, sheetName: string): number {
  if (f.text) return f.text.sheetName === sheetName ? f.text.rowCount : 0
  return f.table?.sheets.find((s) => s.name === sheetName)?.rows.length ?? 0
}

async function runImport(msg: Extract<ToWorker, { type: 'import' }>): Promise<void> {
  const f = files.get(msg.fileId)
  if (!f) throw new Error('The file is no longer loaded; add it again.')
  const started = performance.now()
  const phases: Record<string, number> = { read: 0, map: 0, encode: 0, waitForWrites: 0, commit: 0 }
  globalThis.waymarkLastImportPhases = undefined
  const total = msg.sheets.reduce((n, s) => n + sheetRowCount(f, s.sheet), 0)
  const issues: RowIssue[] = []
  const rejected: RejectedRow[] = []
  let issueCount = 0
  const summaries: ImportReport['sheets'][number][] = []
  let done = 0
  let lastPost = 0
  const progress = (phase: 'mapping' | 'writing' | 'committing', d: number, t: number) => {
    const now = performance.now()
    if (now - lastPost < 100 && d < t) return
    lastPost = now
    post({ type: 'progress', fileId: msg.fileId, phase, done: d, total: t, rowsPerSecond: d / Math.max(0.001, (now - started) / 1000) })
  }

  const writer = await ImportWriter.begin(db, { caseId: msg.caseId, fileName: f.fileName, bytes: f.bytes, sha256: f.sha256, mappings: msg.sheets.map((s) => s.mapping) })
  try {
    let sliceStart = performance.now()
    for (const { sheet: name, mapping } of msg.sheets) {
      if (!(f.text ? f.text.sheetName === name : f.table?.sheets.some((s) => s.name === name) === true)) continue
      const builder = createRecordBuilder(mapping as Mapping, { sourceSha256: f.sha256, fileName: f.fileName, sheet: name }, {
        onIssue: (i) => {
          issueCount++
          if (issues.length < MAX_LISTED_ISSUES) issues.push(i)
        },
        onRejected: (r) => rejected.push(r)
      })
      const pieces = sheetPieces(f, name)
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
        done += rows.length
        if (cancelled.has(msg.fileId)) throw new ImportCancelled()
        // Full segments go to the database while the next piece is mapped: memory stays bounded.
        t0 = performance.now()
        await writer.drain()
        phases.waitForWrites! += performance.now() - t0
        progress(writer.segmentsWritten > 0 ? 'writing' : 'mapping', Math.min(done, total), total)
        if (performance.now() - sliceStart > SLICE_MS) {
          await yieldToMessages()
          sliceStart = performance.now()
        }
      }
      summaries.push({ sheet: name, summary: builder.summary() })
    }
    if (cancelled.has(msg.fileId)) throw new ImportCancelled()
    progress('committing', total, total)
    const tc = performance.now()
    const stored = await writer.commit(summaries.map((s) => ({ sheet: s.sheet, ...s.summary })))
    phases.commit = performance.now() - tc
    phases.total = performance.now() - started
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
        seconds: (performance.now() - started) / 1000
      }
    })
  } catch (err) {
    await writer.abort()
    throw err
  }
}

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const msg = e.data
  switch (msg.type) {
    case 'inspect':
      inspect(msg).catch((err) => fail(msg.fileId, err))
      break
    case 'propose':
      propose(msg.fileId, msg.settings).catch((err) => fail(msg.fileId, err))
      break
    case 'import':
      cancelled.delete(msg.fileId)
      runImport(msg).catch((err) => fail(msg.fileId, err))
      break
    case 'cancel':
      cancelled.add(msg.fileId)
      break
    case 'forget':
      files.delete(msg.fileId)
      break
  }
}
