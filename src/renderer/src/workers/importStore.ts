// Writes one file's mapped records into the case as an all-or-nothing import: pending source, segments in
// batches, one commit transaction at the end; cancel or failure aborts and removes everything written.
import * as XLSX from 'xlsx'
import { createSegmentStream, type EncodedSegment, type SegmentStream } from '../../../core/store'
import type { ImportSummary, Mapping } from '../../../core/model/mapping'
import type { WaymarkRecord } from '../../../core/model/records'
import { abortImport, beginImport, commitImport, findSourceBySha256, writeEntityRecords, writeSegments, type WorkspaceDb } from '../../../workspace'
import type { Result } from '../../../workspace/errors'

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled')
    this.name = 'ImportCancelled'
  }
}

/** Thrown with a workspace problem so the worker can show its message and action. */
export class StoreFailed extends Error {
  constructor(readonly problem: { message: string; action: string; detail: string }) {
    super(problem.message)
    this.name = 'StoreFailed'
  }
}

function must<T>(r: Result<T>): T {
  if (!r.ok) throw new StoreFailed(r.problem)
  return r.value
}

export const PARSER_VERSIONS: Readonly<Record<string, string>> = {
  waymark: import.meta.env.VITE_WAYMARK_VERSION ?? '0.1.0',
  sheetjs: XLSX.version
}

export async function findCommittedSource(db: WorkspaceDb, caseId: string, sha256: string) {
  const found = must(await findSourceBySha256(db, caseId, sha256))
  return found && found.status === 'committed' ? { sourceId: found.id, fileName: found.fileName, importedAt: found.committedAt ?? found.startedAt } : null
}

export interface SourceRequest {
  readonly caseId: string
  readonly fileName: string
  readonly bytes: Uint8Array
  readonly sha256: string
  readonly mappings: readonly Mapping[]
}

/**
 * Streams one file's records into a pending source: segments are encoded as records arrive and written as they
 * fill, so neither all rows nor all records of a large file are held at once. `commit` makes the source visible in
 * one transaction; `abort` (on cancel or any failure) removes everything written.
 */
export class ImportWriter {
  private readonly stream: SegmentStream
  private queue: EncodedSegment[] = []
  /** The write in progress: one at a time, so segments reach the database in order while mapping goes on. */
  private writing: Promise<void> | null = null
  segmentsWritten = 0

  private constructor(
    private readonly db: WorkspaceDb,
    readonly importId: string,
    sha256: string,
    fileName: string
  ) {
    this.stream = createSegmentStream({ sourceId: sha256, fileName })
  }

  static async begin(db: WorkspaceDb, req: SourceRequest): Promise<ImportWriter> {
    const { importId } = must(
      await beginImport(db, req.caseId, {
        fileName: req.fileName,
        size: req.bytes.byteLength,
        sha256: req.sha256,
        mappingJson: JSON.stringify(req.mappings),
        parserVersions: PARSER_VERSIONS,
        bytes: req.bytes
      })
    )
    return new ImportWriter(db, importId, req.sha256, req.fileName)
  }

  add(record: WaymarkRecord): void {
    const full = this.stream.add(record)
    if (full) this.queue.push(full)
  }

  /**
   * Starts writing the segments that have filled up since the last call, after waiting for the previous write:
   * the caller maps the next rows while the database stores these. A failed write surfaces here or in `commit`.
   */
  async drain(): Promise<void> {
    if (this.writing) {
      const previous = this.writing
      this.writing = null
      await previous
    }
    if (this.queue.length === 0) return
    const batch = this.queue
    this.queue = []
    this.writing = writeSegments(this.db, this.importId, batch.map((b) => b.segment), batch.map((b) => b.originals)).then((r) => {
      must(r)
      this.segmentsWritten += batch.length
    })
    // Handled when awaited (next drain, commit or abort); this only keeps the runtime from reporting it early.
    this.writing.catch(() => undefined)
  }

  /** Waits until everything queued so far is written. */
  private async settle(): Promise<void> {
    await this.drain()
    if (this.writing) {
      const last = this.writing
      this.writing = null
      await last
    }
  }

  async commit(summaries: readonly ({ sheet: string } & ImportSummary)[]): Promise<{ sourceId: string; events: number; merged: number }> {
    const end = this.stream.finish()
    if (end.last) this.queue.push(end.last)
    await this.settle()
    if (end.entityRecords.length > 0) must(await writeEntityRecords(this.db, this.importId, end.entityRecords))
    const counts: Record<string, number> = { read: 0, ok: 0, warned: 0, rejected: 0, blank: 0 }
    for (const s of summaries) {
      counts.read! += s.read
      counts.ok! += s.ok
      counts.warned! += s.warned
      counts.rejected! += s.rejected
      counts.blank! += s.blank
    }
    counts.entityRecords = end.entityRecords.length
    const outcome = must(await commitImport(this.db, this.importId, counts))
    return { sourceId: this.importId, events: outcome.events, merged: outcome.mirrored }
  }

  /** Nothing of a failed or cancelled import stays behind. */
  async abort(): Promise<void> {
    this.queue = []
    // A write still running would otherwise land after the abort has removed the pending source.
    await this.writing?.catch(() => undefined)
    this.writing = null
    await abortImport(this.db, this.importId)
  }
}
