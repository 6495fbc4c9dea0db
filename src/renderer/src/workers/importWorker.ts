// The import worker: reads a file, proposes how to map each sheet, and imports it into the case, all off the UI
// thread. An import is all-or-nothing: it writes under a pending source and commits in one transaction at the end;
// cancel or any failure removes everything it wrote.
/// <reference lib="webworker" />
import { fileSha256 } from '../../../core/hash'
import { proposeMapping } from '../../../core/mapping/autoMap'
import { createRecordBuilder } from '../../../core/mapping/records'
import type { Mapping, RejectedRow, RowIssue } from '../../../core/model/mapping'
import type { RawTable } from '../../../core/model/rawTable'
import { readFile } from '../../../core/read'
import { WorkspaceDb, describeStorageError, listTemplates } from '../../../workspace'
import { ImportWriter, findCommittedSource, ImportCancelled, StoreFailed } from './importStore'
import { cellToText, type FromWorker, type ImportReport, type ProposalView, type ProposeSettings, type ToWorker } from '../features/import/protocol'

declare const self: DedicatedWorkerGlobalScope

const db = new WorkspaceDb()
const files = new Map<string, { fileName: string; bytes: Uint8Array; sha256: string; table: RawTable; caseId: string }>()
const cancelled = new Set<string>()
const MAX_LISTED_ISSUES = 2000
const SAMPLE = 15

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
  const read = readFile(bytes, { fileName: msg.fileName })
  if (!read.ok) {
    post({ type: 'failed', fileId: msg.fileId, message: read.error.message, action: 'Nothing was imported from this file.' })
    return
  }
  files.set(msg.fileId, { fileName: msg.fileName, bytes, sha256, table: read.table, caseId: msg.caseId })
  const duplicate = await findCommittedSource(db, msg.caseId, sha256)
  post({
    type: 'inspected',
    fileId: msg.fileId,
    overview: {
      fileId: msg.fileId,
      fileName: msg.fileName,
      size: bytes.byteLength,
      sha256,
      format: read.table.format,
      encoding: read.table.encoding,
      sheets: read.table.sheets.map((s) => ({ name: s.name, hidden: s.hidden, rows: s.rows.length })),
      warnings: read.table.warnings,
      duplicateOf: duplicate
    }
  })
}

async function propose(fileId: string, settings: ProposeSettings): Promise<void> {
  const f = files.get(fileId)
  if (!f) return
  const sheet = f.table.sheets.find((s) => s.name === settings.sheet)
  if (!sheet) return
  const templates = await listTemplates(db)
  const p = proposeMapping(sheet.rows, {
    sheet: sheet.name,
    merges: sheet.merges,
    templates,
    excel1904: f.table.date1904 === true,
    ...(settings.country ? { country: settings.country } : {}),
    ...(settings.zone ? { zone: settings.zone } : {}),
    ...(settings.dateOrders ? { dateOrders: settings.dateOrders } : {}),
    ...(settings.recordKind ? { recordKind: settings.recordKind } : {}),
    ...(settings.mapping ? { mapping: settings.mapping } : {})
  })
  const sample: string[][] = []
  const sampleRows: number[] = []
  for (let i = p.header.dataStart; i < sheet.rows.length && sample.length < SAMPLE; i++) {
    const row = sheet.rows[i]!
    if (row.every((c) => cellToText(c).trim() === '')) continue
    sample.push(row.map(cellToText))
    sampleRows.push(sheet.rowLines?.[i] ?? i + 1)
  }
  const view: ProposalView = {
    sheet: sheet.name,
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

async function runImport(msg: Extract<ToWorker, { type: 'import' }>): Promise<void> {
  const f = files.get(msg.fileId)
  if (!f) throw new Error('The file is no longer loaded; add it again.')
  const started = performance.now()
  const total = msg.sheets.reduce((n, s) => n + (f.table.sheets.find((x) => x.name === s.sheet)?.rows.length ?? 0), 0)
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
    for (const { sheet: name, mapping } of msg.sheets) {
      const sheet = f.table.sheets.find((s) => s.name === name)
      if (!sheet) continue
      const builder = createRecordBuilder(mapping as Mapping, { sourceSha256: f.sha256, fileName: f.fileName, sheet: sheet.name }, {
        onIssue: (i) => {
          issueCount++
          if (issues.length < MAX_LISTED_ISSUES) issues.push(i)
        },
        onRejected: (r) => rejected.push(r)
      })
      for (let i = mapping.headerRow; i < sheet.rows.length; i++) {
        const rec = builder.build(sheet.rows[i]!, sheet.rowLines?.[i] ?? i + 1)
        if (rec) writer.add(rec)
        done++
        if ((done & 4095) === 0) {
          if (cancelled.has(msg.fileId)) throw new ImportCancelled()
          // Segments are written as they fill, while mapping goes on: memory stays bounded.
          await writer.drain()
          progress(writer.segmentsWritten > 0 ? 'writing' : 'mapping', done, total)
          // Let cancel messages in.
          await new Promise((r) => setTimeout(r, 0))
        }
      }
      summaries.push({ sheet: sheet.name, summary: builder.summary() })
    }
    if (cancelled.has(msg.fileId)) throw new ImportCancelled()
    progress('committing', total, total)
    const stored = await writer.commit(summaries.map((s) => ({ sheet: s.sheet, ...s.summary })))
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
