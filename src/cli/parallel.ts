// The second thread of `waymark convert`. Given several files, it and the command's thread each claim the next file
// and import it whole (FilesJob; pipeline.importFiles). A big delimited text file left alone is read by both: this
// thread reads, maps and writes the first part, the worker the second part at the same time, and its output is put
// after this one's. The cut is made only where a reader starting there knows for certain which row and line it is on
// (after a line feed with no quote before it: createSplitScan), and the part is read with the delimiter, field count
// and mapping this thread decided from the file's start, so the records, row numbers, issues and warnings are those
// one reader of the whole file gives. This thread checks the bytes before the cut as it reads them (no quote; ASCII,
// when the encoding was still provisional); when they fail, the worker is stopped and this thread reads on to the end.
import { closeSync, openSync, readSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import type { ImportSummary, Mapping, RejectedRow } from '../core/model/mapping'
import type { ReadWarning } from '../core/model/rawTable'
import type { SourceInfo } from '../core/mapping/records'
import { splittableEncoding } from '../core/read/textSplit'
import type { WatchedColumnData } from '../core/read/streamedDates'
import type { Format } from './emit'
import type { FileImportOptions, FileImportResult } from './pipeline'

/** What the second thread does with its records: count them (benchmarks), or write them as lines to files of its own. */
export type PartSink = { readonly kind: 'count' } | { readonly kind: 'lines'; readonly format: Format; readonly csv: boolean; readonly out: string; readonly issuesOut: string }

/** Sent when a big file is opened: the worker finds the cut after `target` and counts the rows before it meanwhile. */
export interface PartCount {
  readonly type: 'count'
  readonly path: string
  readonly size: number
  readonly target: number
}

/** Sent once the mapping is decided: the worker reads, maps and writes the part after the cut it found. */
export interface PartJob {
  readonly type: 'map'
  readonly path: string
  readonly fileName: string
  /** Byte range of the part: from the cut to the end of the file (the cut is the one counted for, found again). */
  readonly start: number
  readonly end: number
  readonly minRowsBefore: number
  /**
   * The encoding the first part is read with; null when it is provisional (the text has been ASCII so far): the part
   * is then read the same way, and settles its encoding at its first non-ASCII byte as one reader would.
   */
  readonly encoding: string | null
  readonly delimiter: string
  readonly preferTab: boolean
  readonly expectedFields: number | null
  readonly mapping: Mapping
  readonly source: SourceInfo
  readonly sink: PartSink
  /** Rejected rows handed back to be shown (the rest are in the issues file). */
  readonly shownRejected: number
  /** Set to 1 (Int32 at 0) to stop the part: the cut was called off. */
  readonly cancel: SharedArrayBuffer
}

/** Sent instead of a job when the file is not cut after all: the count is dropped. */
export interface PartDrop {
  readonly type: 'drop'
}

/**
 * Files for the worker to import whole (several given to one command). Both threads claim the next file by adding one
 * to the Int32 at 0 of `claim` (Atomics), so the worker goes on to its next file without waiting for this thread,
 * which reads its own files without yielding. The worker answers each file (FileDone), then FilesEnd; a failure
 * claims every file left, so this thread stops too.
 */
export interface FilesJob {
  readonly type: 'files'
  readonly paths: readonly string[]
  readonly options: Omit<FileImportOptions, 'onRecord' | 'onIssue' | 'onRejected' | 'parallel'>
  /** What the worker does with each file's records (by index). */
  readonly sinks: readonly PartSink[]
  readonly shownRejected: number
  readonly claim: SharedArrayBuffer
}

export type ToPartWorker = PartCount | PartJob | PartDrop | FilesJob

export interface PartDone {
  readonly type: 'done'
  /** Rows before the cut (the worker's count): this thread's reader must have read exactly these. */
  readonly rowsBefore: number
  readonly summary: ImportSummary
  readonly watches: WatchedColumnData[]
  readonly warnings: readonly ReadWarning[]
  /** Rows the part's reader read (blank ones included). */
  readonly rows: number
  readonly encoding: string | null
  /** Records built (whatever the sink did with them). */
  readonly records: number
  /** With a 'lines' sink: records written, records the format has no line for, lines in the issues file. */
  readonly written: number
  readonly notExported: number
  readonly issueLines: number
  readonly rejected: readonly RejectedRow[]
  /** How long the part took the thread, from its job's arrival; of which counting the rows before the cut. */
  readonly seconds: number
  readonly countSeconds: number
}

export interface PartFailed {
  readonly type: 'failed'
  readonly message: string
  /** The input's fault (a field too long, binary data): exit code 2, as when one thread reads it. */
  readonly input: boolean
}

export interface PartCancelled {
  readonly type: 'cancelled'
}

/** A whole file imported by the worker: the command's result for it, and what the sink did. */
export interface FileDone {
  readonly type: 'file-done'
  readonly index: number
  readonly result: FileImportResult
  readonly records: number
  readonly written: number
  readonly notExported: number
  readonly issueLines: number
  readonly rejected: readonly RejectedRow[]
}

/** The worker has no file left to claim (after its last FileDone). */
export interface FilesEnd {
  readonly type: 'files-end'
}

export type PartReply = PartDone | PartFailed | PartCancelled | FilesEnd

/** Files smaller than this are read by one thread: the worker takes most of a second to load its code (through tsx). */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024

/**
 * The share of the file this thread reads. A little less than half: it also proposes the mapping from the first rows,
 * and, when converting, copies the worker's output after its own. (0.40, 0.44 and 0.48 were within the noise of nine
 * interleaved rounds of bench:core's files cut in two.)
 */
export const FIRST_PART_FRACTION = 0.48

/**
 * Where to cut the file at `path` (of `size` bytes) for a second thread: just after the first line feed at or after
 * `target`, with bytes after it; or null. Whether the cut is safe (no quote before it) is checked as the bytes are read.
 */
export function findCut(path: string, size: number, target: number, encoding: string | null): number | null {
  if (!splittableEncoding(encoding) || target >= size) return null
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.allocUnsafe(1 << 16)
    for (let pos = target; pos < size; ) {
      const n = readSync(fd, buf, 0, buf.length, pos)
      if (n === 0) return null
      const lf = buf.subarray(0, n).indexOf(10)
      if (lf >= 0) return pos + lf + 1 < size ? pos + lf + 1 : null
      pos += n
    }
    return null
  } finally {
    closeSync(fd)
  }
}

/**
 * The worker thread (partWorker.ts) that reads second parts and whole files, started on first use and kept for the
 * next file. `close` ends it; an idle worker does not keep the process alive.
 */
export class PartRunner {
  private worker: Worker | null = null
  private failure: Error | null = null
  private waiting: { resolve: (r: PartReply) => void; reject: (e: Error) => void } | null = null
  private loaded: Promise<void> | null = null
  private onFile: ((d: FileDone) => void) | null = null
  /** Jobs handed to the worker so far (parts, and lists of files), and whole files it has imported. */
  jobsRun = 0
  filesDone = 0

  /** Starts the worker ahead of its first job (it loads its code meanwhile). */
  warm(): void {
    if (this.worker) return
    const w = new Worker(new URL('./partWorker.mjs', import.meta.url))
    w.unref()
    let markLoaded: () => void = () => undefined
    this.loaded = new Promise<void>((resolve) => (markLoaded = resolve))
    w.on('message', (m: PartReply | FileDone | { type: 'ready' }) => {
      if (m.type === 'ready') {
        markLoaded()
        return
      }
      if (m.type === 'file-done') {
        this.filesDone++
        this.onFile?.(m)
        return
      }
      const waiting = this.waiting
      this.waiting = null
      w.unref()
      waiting?.resolve(m)
    })
    w.on('error', (e) => {
      markLoaded()
      this.failure = e
      this.waiting?.reject(e)
      this.waiting = null
    })
    w.on('exit', (code) => {
      markLoaded()
      if (this.worker === w) this.worker = null
      if (this.waiting) this.waiting.reject(new Error(`the second reading thread stopped (exit code ${code})`))
      this.waiting = null
    })
    this.worker = w
  }

  /** Has the worker find the cut after `target` and count the rows before it, ahead of the job (or a drop). */
  count(path: string, size: number, target: number): void {
    if (this.failure) return
    this.warm()
    this.worker!.postMessage({ type: 'count', path, size, target } satisfies PartCount)
  }

  /** Drops the count: the file is read by this thread alone. */
  drop(): void {
    this.worker?.postMessage({ type: 'drop' } satisfies PartDrop)
  }

  /** Resolves once the worker has loaded its code (or failed to); starts it if needed. Tests wait for it. */
  ready(): Promise<void> {
    this.warm()
    return this.loaded!
  }

  /** Whether a job is running (a part, or a list of files). */
  get busy(): boolean {
    return this.waiting !== null
  }

  /**
   * Has the worker import files of `job` (see FilesJob); `onFile` hears of each as it is done. Resolves with FilesEnd
   * or the failure that stopped it.
   */
  runFiles(job: FilesJob, onFile: (d: FileDone) => void): Promise<PartReply> {
    this.onFile = onFile
    return this.run(job).finally(() => {
      this.onFile = null
    })
  }

  /** Runs one part (or FilesJob); resolves with the worker's answer, rejects if the worker itself fails. One at a time. */
  run(job: PartJob | FilesJob): Promise<PartReply> {
    if (this.waiting) throw new Error('PartRunner: one part at a time')
    if (this.failure) return Promise.reject(this.failure)
    this.warm()
    const w = this.worker!
    this.jobsRun++
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject }
      w.ref()
      w.postMessage(job)
    })
  }

  async close(): Promise<void> {
    const w = this.worker
    this.worker = null
    if (w) await w.terminate()
  }
}
