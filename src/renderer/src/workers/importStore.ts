// Writes one file's mapped records into the case as an all-or-nothing import: pending source, segments in
// batches, one commit transaction at the end; cancel or failure aborts and removes everything written.
import * as XLSX from 'xlsx'
import { createSegmentStream, EntityStatsBuilder, mergeStatsLists, type EncodedSegment, type EntityRecord, type EntityStats, type Segment, type SegmentStream } from '../../../core/store'
import type { ImportSummary, Mapping } from '../../../core/model/mapping'
import type { ReadWarning } from '../../../core/model/rawTable'
import type { WaymarkRecord } from '../../../core/model/records'
import { abortImport, beginImport, commitImport, findSourceBySha256, writeEntityRecords, writeSegments, writeSourceFile, type WorkspaceDb } from '../../../workspace'
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

/** What a writer wrote: each segment with its id, and the entity statistics of those segments (see CommitOptions.incoming). */
export interface WrittenPart {
  readonly segments: { readonly id: string; readonly segment: Segment }[]
  readonly stats: EntityStats[]
}

/** Full segments held in memory while the pending source is being created or the database is behind (each about 20,000 events). */
const MAX_WAITING = 8
/**
 * Writes handed to IndexedDB before the mapping waits for the oldest: the next is submitted while the last commits,
 * so the database is not left idle for a round trip per segment. They are stored in the order they were started.
 */
const MAX_IN_FLIGHT = 2

/**
 * Where the segments of a second worker's part are numbered from: each writer numbers its own range, so neither reads
 * the other's count before writing (see writeSegments). A part would need 20 billion events to reach it.
 */
const PART_SEQ_BASE = 1_000_000

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
 *
 * The pending source is created in the background (`start`): reading and mapping begin at once, and the first write
 * waits for it. A second worker mapping the other half of a file writes into the same pending source through its
 * own writer (`join`) and hands its persons and cell sites back with `finishPart`; only the first worker commits.
 */
export class ImportWriter {
  private readonly stream: SegmentStream
  private queue: EncodedSegment[] = []
  /** Writes in progress, oldest first (IndexedDB runs them in that order), while mapping goes on. */
  private inFlight: Promise<void>[] = []
  /** Writes not yet ended (those in `inFlight` may have). */
  private unfinished = 0
  segmentsWritten = 0
  /**
   * Segments as written, with their ids, and their entity statistics, built here as each batch is stored (in each
   * worker, beside its mapping) so the commit neither reads the segments back nor builds the statistics at the end.
   */
  private readonly written: { id: string; segment: Segment }[] = []
  private readonly stats = new EntityStatsBuilder()
  /** The pending source exists (`ready` resolved). */
  private begun = false
  /** The file's bytes are stored (the writer that started the import; see `start`). */
  private fileStored: Promise<boolean> | null = null

  private constructor(
    private readonly db: WorkspaceDb,
    /** The pending source's id once it exists; rejects when it could not be created. */
    readonly ready: Promise<string>,
    sha256: string,
    fileName: string,
    /** The position in the source of the next segment written. */
    private nextSeq: number
  ) {
    this.stream = createSegmentStream({ sourceId: sha256, fileName })
    ready.then(
      () => (this.begun = true),
      // Handled where awaited (the first write, commit or abort); this only keeps the runtime from reporting it early.
      () => undefined
    )
  }

  /**
   * Creates the pending source (hash check, original bytes) in the background; see `ready`. With `confirmed`, nothing
   * is written before it resolves (an import started before the analyst pressed Import: full segments wait in memory,
   * and the mapping waits once a few have piled up); when it rejects, `ready` rejects with its reason and nothing
   * was written.
   */
  static start(db: WorkspaceDb, req: SourceRequest, confirmed?: Promise<void>): ImportWriter {
    const begin = () =>
      beginImport(db, req.caseId, {
        fileName: req.fileName,
        size: req.bytes.byteLength,
        sha256: req.sha256,
        mappingJson: JSON.stringify(req.mappings),
        parserVersions: PARSER_VERSIONS
      })
    const ready = (confirmed ? confirmed.then(begin) : begin()).then((r) => must(r).importId)
    const writer = new ImportWriter(db, ready, req.sha256, req.fileName, 0)
    // The file's bytes go in beside the segments, in a transaction of their own; the commit waits for them.
    writer.fileStored = ready.then(async () =>
      must(
        await writeSourceFile(db, {
          fileName: req.fileName,
          size: req.bytes.byteLength,
          sha256: req.sha256,
          bytes: req.bytes,
          // The worker hashed this very buffer when the file was added and never changes it.
          bytesHashed: true
        })
      )
    )
    writer.fileStored.catch(() => undefined)
    return writer
  }

  /** Writes into a pending source another writer started; `importId` resolves once that source exists. */
  static join(db: WorkspaceDb, importId: Promise<string>, sha256: string, fileName: string): ImportWriter {
    return new ImportWriter(db, importId, sha256, fileName, PART_SEQ_BASE)
  }

  add(record: WaymarkRecord): void {
    const full = this.stream.add(record)
    if (full) this.queue.push(full)
  }

  /**
   * Starts writing the segments that have filled up since the last call, after waiting for the previous write:
   * the caller maps the next rows while the database stores these. A failed write surfaces here or in `commit`.
   */
  async drain(force = false): Promise<void> {
    // Until the pending source exists, full segments wait in memory (a few, at most MAX_WAITING) rather than stall
    // the mapping behind the first write.
    if (!force && !this.begun && this.inFlight.length > 0 && this.queue.length < MAX_WAITING) return
    // While the database is behind (it stores the file's bytes at the start), full segments wait in memory too, up to
    // MAX_WAITING, rather than stall the mapping; they go in as one write once it catches up.
    if (!force && this.unfinished >= MAX_IN_FLIGHT && this.queue.length < MAX_WAITING) return
    while (this.inFlight.length >= MAX_IN_FLIGHT) await this.inFlight.shift()
    if (this.queue.length === 0) return
    const batch = this.queue
    this.queue = []
    const firstSeq = this.nextSeq
    this.nextSeq += batch.length
    const write = this.ready.then((importId) =>
      writeSegments(this.db, importId, batch.map((b) => b.segment), batch.map((b) => b.originals), firstSeq).then((r) => {
        const { ids } = must(r)
        this.segmentsWritten += batch.length
        batch.forEach((b, i) => {
          const id = ids[i]!
          this.written.push({ id, segment: b.segment })
          this.stats.addSegment(id, b.segment)
        })
      })
    )
    // Handled when awaited (a later drain, commit or abort); this only keeps the runtime from reporting it early.
    write.catch(() => undefined)
    this.unfinished++
    write.finally(() => this.unfinished--).catch(() => undefined)
    this.inFlight.push(write)
  }

  /** Waits for the writes in progress to end, failed or not (before stopping or removing the pending source). */
  private async quiet(): Promise<void> {
    const writes = this.inFlight
    this.inFlight = []
    await Promise.all(writes.map((w) => w.catch(() => undefined)))
  }

  /** Waits until everything queued so far is written. */
  private async settle(): Promise<void> {
    await this.drain(true)
    while (this.inFlight.length > 0) await this.inFlight.shift()
  }

  /** A part written by a second worker: writes its last segment and returns what the commit needs from it. */
  async finishPart(): Promise<{ entityRecords: EntityRecord[]; events: number; written: WrittenPart }> {
    const end = this.stream.finish()
    if (end.last) this.queue.push(end.last)
    await this.settle()
    return { entityRecords: end.entityRecords, events: end.events, written: { segments: this.written, stats: this.stats.result() } }
  }

  /** Stops a part: waits for the write in flight and drops the rest (the committing worker aborts the import). */
  async stopPart(): Promise<void> {
    this.queue = []
    await this.quiet()
  }

  async commit(
    summaries: readonly ({ sheet: string } & ImportSummary)[],
    otherEntityRecords: readonly EntityRecord[] = [],
    other: WrittenPart | null = null,
    phases?: Record<string, number>,
    /** The whole file's read warnings, stored with the source. */
    readWarnings: readonly ReadWarning[] = []
  ): Promise<{ sourceId: string; events: number; merged: number }> {
    const end = this.stream.finish()
    if (end.last) this.queue.push(end.last)
    let t = performance.now()
    await this.settle()
    if (phases) phases['commit.lastWrites'] = performance.now() - t
    t = performance.now()
    await this.fileStored
    if (phases) phases['commit.fileBytes'] = performance.now() - t
    const importId = await this.ready
    const entityRecords = otherEntityRecords.length > 0 ? [...end.entityRecords, ...otherEntityRecords] : end.entityRecords
    if (entityRecords.length > 0) must(await writeEntityRecords(this.db, importId, entityRecords))
    const counts: Record<string, number> = { read: 0, ok: 0, warned: 0, rejected: 0, blank: 0 }
    for (const s of summaries) {
      counts.read! += s.read
      counts.ok! += s.ok
      counts.warned! += s.warned
      counts.rejected! += s.rejected
      counts.blank! += s.blank
    }
    counts.entityRecords = entityRecords.length
    const t0 = performance.now()
    const stats = other ? mergeStatsLists(this.stats.result(), other.stats) : this.stats.result()
    const segments = other ? [...this.written, ...other.segments] : this.written
    if (phases) phases['commit.mergeStats'] = performance.now() - t0
    const outcome = must(await commitImport(this.db, importId, counts, { incoming: { segments, stats }, readWarnings, ...(phases ? { timings: phases } : {}) }))
    return { sourceId: importId, events: outcome.events, merged: outcome.mirrored }
  }

  /** Nothing of a failed or cancelled import stays behind. */
  async abort(): Promise<void> {
    this.queue = []
    // A write still running would otherwise land after the abort has removed the pending source (and the file's bytes,
    // which it removes when no other source uses them).
    await this.quiet()
    await this.fileStored?.catch(() => undefined)
    // A pending source that was never created (a duplicate file, a storage error) leaves nothing to remove.
    const importId = await this.ready.catch(() => null)
    if (importId) await abortImport(this.db, importId)
  }
}
