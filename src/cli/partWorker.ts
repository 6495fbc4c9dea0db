// The second thread of a conversion (see parallel.ts). For a big text file: counts the rows before the cut, reads its
// byte range with the delimiter, field count, encoding and mapping the first thread decided, builds the records with
// the file's row and line numbers, watches every date value, and writes its lines to files of its own (or counts
// them). For a command given several files: imports some of them whole, the same way.
import { closeSync, openSync, readSync } from 'node:fs'
import { basename } from 'node:path'
import { parentPort } from 'node:worker_threads'
import type { RejectedRow, RowIssue } from '../core/model/mapping'
import type { WaymarkRecord } from '../core/model/records'
import { createRecordBuilder } from '../core/mapping/records'
import { createCsvStream } from '../core/read/csv'
import { ReadFailure } from '../core/read/readFailure'
import { watchesToData } from '../core/read/streamedDates'
import { createRecordLines, issueJsonLine, LineWriter, rejectedJsonLine, type RecordLines } from './emit'
import { createSplitScan, type TextSplit } from '../core/read/textSplit'
import type { FileDone, FilesJob, PartCount, PartJob, PartReply, PartSink, ToPartWorker } from './parallel'
import { importFile } from './pipeline'
import { InputError, TEXT_CHUNK_BYTES } from './input'

/** The cut after `target`, found from the start of the file, with the rows and lines before it; null when unsafe. */
function findSplit(path: string, size: number, target: number): TextSplit | null {
  const scan = createSplitScan(size, target, 1)
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.allocUnsafe(1 << 20)
    for (let pos = 0; pos < size; ) {
      const n = readSync(fd, buf, 0, buf.length, pos)
      if (n === 0) break
      pos += n
      const found = scan.push(new Uint8Array(buf.buffer, buf.byteOffset, n))
      if (found !== undefined) return found
    }
    return null
  } finally {
    closeSync(fd)
  }
}

/** The count made for the file being cut (see PartCount). */
let counted: { readonly path: string; readonly split: TextSplit | null; readonly seconds: number } | null = null

export function countPart(m: PartCount): void {
  const began = performance.now()
  counted = null
  counted = { path: m.path, split: findSplit(m.path, m.size, m.target), seconds: (performance.now() - began) / 1000 }
}

export function runPart(job: PartJob): PartReply {
  const began = performance.now()
  const count = counted
  counted = null
  const cancelled = new Int32Array(job.cancel)
  if (Atomics.load(cancelled, 0)) return { type: 'cancelled' }
  const split = count?.path === job.path ? count.split : null
  // The first thread checks the same bytes as it reads them: a cut not found again means the file changed.
  if (!split || split.offset !== job.start || split.rowsBefore < job.minRowsBefore) {
    return { type: 'failed', input: true, message: `${job.fileName} changed while it was being read. Convert it again once nothing writes to it.` }
  }
  const fd = openSync(job.path, 'r')
  const sink = new SinkWriter(job.sink, job.fileName, job.shownRejected)
  try {
    return mapPart(job, split, fd, sink, cancelled, began, count!.seconds)
  } finally {
    sink.close()
    closeSync(fd)
  }
}

/** What this thread does with one part's or file's records, issues and rejected rows (see PartSink), and its counts. */
class SinkWriter {
  private readonly fds: number[] = []
  private readonly out: LineWriter | null = null
  private readonly issues: LineWriter | null = null
  private readonly lines: RecordLines | null = null
  records = 0
  issueLines = 0
  readonly rejected: RejectedRow[] = []

  constructor(
    sink: PartSink,
    private readonly fileName: string,
    private readonly shownRejected: number
  ) {
    if (sink.kind !== 'lines') return
    this.fds.push(openSync(sink.out, 'w'), openSync(sink.issuesOut, 'w'))
    this.out = new LineWriter(this.fds[0]!)
    this.issues = new LineWriter(this.fds[1]!)
    this.lines = createRecordLines(sink.format, sink.csv, this.out)
  }

  readonly onRecord = (r: WaymarkRecord): void => {
    this.records++
    this.lines?.emit(r)
  }

  readonly onIssue = (i: RowIssue): void => {
    if (!this.issues) return
    this.issues.line(issueJsonLine(this.fileName, i))
    this.issueLines++
  }

  readonly onRejected = (r: RejectedRow): void => {
    if (this.rejected.length < this.shownRejected) this.rejected.push(r)
    if (!this.issues) return
    this.issues.line(rejectedJsonLine(this.fileName, r))
    this.issueLines++
  }

  /** Writes what is buffered; the counts of the lines written. */
  end(): { written: number; notExported: number } {
    this.out?.flush()
    this.issues?.flush()
    return { written: this.lines?.written ?? 0, notExported: this.lines?.notExported ?? 0 }
  }

  close(): void {
    for (const f of this.fds.splice(0)) closeSync(f)
  }
}

function mapPart(job: PartJob, split: TextSplit, fd: number, sink: SinkWriter, cancelled: Int32Array, began: number, countSeconds: number): PartReply {
  const stream = createCsvStream({
    fileName: job.fileName,
    trackLines: true,
    preferTab: job.preferTab,
    ...(job.encoding !== null ? { encoding: job.encoding } : {}),
    delimiter: job.delimiter,
    rowsBefore: split.rowsBefore,
    linesBefore: split.linesBefore,
    ...(job.expectedFields !== null ? { expectedFields: job.expectedFields } : {})
  })
  const builder = createRecordBuilder(job.mapping, job.source, { watchDates: true, onIssue: sink.onIssue, onRejected: sink.onRejected })
  const build = (rows: readonly (readonly string[])[]): void => {
    const own = stream.lastLines
    for (let k = 0; k < rows.length; k++) {
      const rec = builder.build(rows[k]!, own[k]! + split.linesBefore)
      if (rec) sink.onRecord(rec)
    }
  }
  for (let pos = job.start; pos < job.end; ) {
    if (Atomics.load(cancelled, 0)) return { type: 'cancelled' }
    // Reads end where one reader's would (at multiples of the chunk size from the file's start): an encoding still
    // provisional is then settled from the same bytes as one reader settles it.
    const next = Math.min(job.end, (Math.floor(pos / TEXT_CHUNK_BYTES) + 1) * TEXT_CHUNK_BYTES)
    // A fresh buffer per read: the parser may keep a piece of the last one while a row is unfinished.
    const buf = Buffer.allocUnsafe(next - pos)
    const n = readSync(fd, buf, 0, buf.length, pos)
    if (n === 0) break
    pos += n
    build(stream.push(new Uint8Array(buf.buffer, buf.byteOffset, n)))
  }
  build(stream.finish())
  const { written, notExported } = sink.end()
  return {
    type: 'done',
    rowsBefore: split.rowsBefore,
    summary: builder.summary(),
    watches: watchesToData(builder.dateWatches()),
    warnings: stream.warnings,
    rows: stream.rowCount,
    encoding: stream.encoding,
    records: sink.records,
    written,
    notExported,
    issueLines: sink.issueLines,
    rejected: sink.rejected,
    seconds: (performance.now() - began) / 1000,
    countSeconds
  }
}

/** One file of a FilesJob, imported whole as the command imports one. */
async function runFile(job: FilesJob, index: number): Promise<FileDone> {
  const path = job.paths[index]!
  const sink = new SinkWriter(job.sinks[index]!, basename(path), job.shownRejected)
  try {
    const result = await importFile(path, { ...job.options, onRecord: sink.onRecord, onIssue: sink.onIssue, onRejected: sink.onRejected })
    const { written, notExported } = sink.end()
    return { type: 'file-done', index, result, records: sink.records, written, notExported, issueLines: sink.issueLines, rejected: sink.rejected }
  } finally {
    sink.close()
  }
}

/** Claims files of the job one after another (see FilesJob) until none is left, answering each. */
async function runFiles(job: FilesJob): Promise<void> {
  const claim = new Int32Array(job.claim)
  const n = job.paths.length
  for (;;) {
    const index = Atomics.add(claim, 0, 1)
    if (index >= n) break
    try {
      parentPort!.postMessage(await runFile(job, index))
    } catch (e) {
      // Every file left is claimed, so the other thread takes none either.
      Atomics.store(claim, 0, n)
      parentPort!.postMessage(failure(e))
      return
    }
  }
  parentPort!.postMessage({ type: 'files-end' } satisfies PartReply)
}

function failure(e: unknown): PartReply {
  if (e instanceof ReadFailure) return { type: 'failed', message: e.error.message, input: true }
  if (e instanceof InputError) return { type: 'failed', message: e.message, input: true }
  return { type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e), input: false }
}

parentPort?.on('message', (m: ToPartWorker) => {
  if (m.type === 'drop') {
    counted = null
    return
  }
  if (m.type === 'count') {
    try {
      countPart(m)
    } catch {
      // An unreadable file: the job that follows (if any) is answered as failed.
      counted = null
    }
    return
  }
  if (m.type === 'files') {
    void runFiles(m)
    return
  }
  let reply: PartReply
  try {
    reply = runPart(m)
  } catch (e) {
    reply = failure(e)
  }
  parentPort!.postMessage(reply)
})

// The command hands this thread whole files only once it is ready (see PartRunner.ready).
parentPort?.postMessage({ type: 'ready' })
