// All-or-nothing imports. A source is `pending` while its segments are written (many small transactions, so a
// million rows never hold one huge transaction); commitImport makes it visible — status, entity statistics, mirror
// links and the audit entry in ONE transaction. An abort, or a crash followed by cleanupPendingImports, leaves no
// trace. Queries and counts only ever read committed sources.
import { fileSha256 } from '../core/hash'
import type { ReadWarning } from '../core/model/rawTable'
import type { EntityRecord } from '../core/store/encode'
import { EntityStatsBuilder, mergeStatsLists, type EntityStats } from '../core/store/entityStats'
import { findMirrors, MirrorBook, type MirrorInput, type MirrorLink, type MirrorOptions } from '../core/store/mirror'
import { isCdrKindCode, type Segment, type SegmentOriginals } from '../core/store/segment'
import { deserialiseSegment, serialiseOriginals, serialiseSegment } from '../core/store/serialise'
import { appendAudit } from './audit'
import type { WorkspaceDb } from './db'
import { attempt, UserProblem, type Result } from './errors'
import {
  asImported,
  bumpStoreVersion,
  committedSources,
  decodeStatBlock,
  encodeStatBlocks,
  importIdOfSegment,
  isCommitted,
  linksOfRow,
  linksRow,
  readStoreVersion,
  segmentRowId,
  writeStatBlocks
} from './eventStore'
import type { EntityRecordsRow, ImportedSourceRow, MirrorLinksRow, SegmentOriginalsRow, SegmentRow, SourceRow } from './rows'

export interface SourceMeta {
  readonly fileName: string
  readonly size: number
  /** Lowercase hex SHA-256 of the file: the source id in every event id. */
  readonly sha256: string
  /** The mapping used, as JSON text. */
  readonly mappingJson: string
  readonly parserVersions: Readonly<Record<string, string>>
  /** The file's bytes: kept write-once by SHA-256 so the import can be checked and repeated later. */
  readonly bytes?: Uint8Array | ArrayBuffer
  /**
   * The caller computed `sha256` from these very bytes and will not change them (the import worker, which hashed
   * the buffer it read once): the bytes are stored as they are, without hashing and copying them again. Each of those
   * costs a pass over, and a transient copy of, a file of up to hundreds of megabytes.
   */
  readonly bytesHashed?: boolean
}

/** A source as the screens see it. */
export interface SourceInfo {
  readonly id: string
  readonly caseId: string
  readonly sha256: string
  readonly fileName: string
  readonly size: number
  readonly status: 'pending' | 'committed'
  readonly startedAt: number
  readonly committedAt: number | null
  readonly eventCount: number
  readonly counts: Readonly<Record<string, number>>
  readonly parserVersions: Readonly<Record<string, string>>
  readonly mappingJson: string
  /** What reading the whole file found (undecodable bytes, ragged rows, stray quotes), each naming its sheet and row. */
  readonly readWarnings: readonly ReadWarning[]
}

export interface ImportOutcome {
  readonly importId: string
  readonly fileName: string
  readonly sha256: string
  /** Events stored (each record with a time, and undated transfers/events). */
  readonly events: number
  /** Calls found in both parties' records and shown once. */
  readonly mirrored: number
  /** Entities the source mentions. */
  readonly entities: number
}

export interface AbandonedImport {
  readonly importId: string
  readonly caseId: string
  readonly fileName: string
  readonly sha256: string
  readonly startedAt: number
  readonly segments: number
}

export interface RemovedSource {
  readonly sourceId: string
  readonly fileName: string
  readonly sha256: string
  readonly events: number
  /** Mirrored calls whose other half was in the removed source: they show as ordinary events again. */
  readonly pairsDissolved: number
}

export interface CommitOptions {
  readonly mirror?: MirrorOptions
  readonly now?: () => number
  /**
   * What the importer wrote, kept as it wrote it, so the commit need not read every segment back: each segment with the
   * id writeSegments gave it, and the entity statistics of exactly those segments (EntityStatsBuilder.addSegment with
   * no hidden events; the persons and cell sites are read from the store as before). When a call turns out to be the
   * mirror of another (its segment's statistics then change) or the segments do not match the store's count, the
   * commit builds the statistics from the segments as before: the result is the same either way.
   */
  readonly incoming?: { readonly segments: readonly { readonly id: string; readonly segment: Segment }[]; readonly stats: readonly EntityStats[] }
  /**
   * The read warnings of the whole file (not only of the rows the wizard looked at), stored with the source when it
   * commits, so the Sources tab can show them as long as the source exists.
   */
  readonly readWarnings?: readonly ReadWarning[]
  /** Filled with the commit's steps' times in ms (`commit.mirrors`, …), for the import benchmark. */
  readonly timings?: Record<string, number>
}

const ENTITY_RECORDS_PER_ROW = 5_000
const SHA256_RE = /^[0-9a-f]{64}$/

function info(row: ImportedSourceRow): SourceInfo {
  return {
    id: row.id,
    caseId: row.caseId,
    sha256: row.sha256,
    fileName: row.fileName,
    size: row.size,
    status: row.status,
    startedAt: row.startedAt,
    committedAt: row.committedAt,
    eventCount: row.eventCount,
    counts: row.counts,
    parserVersions: row.parserVersions,
    mappingJson: row.mappingJson,
    readWarnings: row.readWarnings ?? []
  }
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10)

function importGone(importId: string): UserProblem {
  return new UserProblem({
    kind: 'not-found',
    message: 'This import is no longer in progress (it was cancelled, finished, or cleared after a restart); nothing more was saved.',
    action: 'Start the import again from the file.',
    detail: `import ${importId}`
  })
}

/** Thrown inside a commit when another import or removal changed the case meanwhile; the commit is redone. */
class CaseChanged extends Error {}

async function pendingRow(db: WorkspaceDb, importId: string): Promise<ImportedSourceRow> {
  const row = await db.sources.get(importId)
  if (!row || isCommitted(row)) throw importGone(importId)
  return asImported(row)
}

/** Deletes a file's bytes when no source row (other than `except`) still refers to them. */
async function pruneFile(db: WorkspaceDb, sha256: string, except: string): Promise<boolean> {
  const users = await db.sources.filter((s) => s.sha256 === sha256 && s.id !== except).count()
  if (users > 0) return false
  if (!(await db.sourceFiles.get(sha256))) return false
  await db.sourceFiles.delete(sha256)
  return true
}

function loadSegments(rows: readonly (SegmentRow | undefined)[]): { id: string; segment: Segment }[] {
  return rows.filter((r): r is SegmentRow => r !== undefined).map((r) => ({ id: r.id, segment: deserialiseSegment(r.columns) }))
}

async function loadEntityRecords(db: WorkspaceDb, importId: string): Promise<EntityRecord[]> {
  const rows = await db.entityRecords.where('sourceId').equals(importId).toArray()
  rows.sort((x, y) => Number(x.id.slice(x.id.lastIndexOf(':') + 1)) - Number(y.id.slice(y.id.lastIndexOf(':') + 1)))
  return rows.flatMap((r) => JSON.parse(r.records) as EntityRecord[])
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * Starts an import: writes the source as `pending` (and the file's bytes, once per SHA-256). Refuses a file that is
 * already in the case, or whose import into the case is still pending.
 */
export function beginImport(db: WorkspaceDb, caseId: string, meta: SourceMeta, now: () => number = Date.now): Promise<Result<{ importId: string }>> {
  if (!SHA256_RE.test(meta.sha256)) throw new Error(`beginImport: sha256 must be 64 lowercase hex digits, got '${meta.sha256}'`)
  return attempt(async () => {
    const bytes = meta.bytes !== undefined ? await checkedBytes(meta) : null
    return db.transaction('rw', [db.cases, db.sources, db.sourceFiles], async () => {
      if (!(await db.cases.get(caseId))) {
        throw new UserProblem({ kind: 'not-found', message: 'That case no longer exists in the workspace.', action: 'Reload the case list.', detail: `case ${caseId}` })
      }
      const same = (await db.sources.where('[caseId+sha256]').equals([caseId, meta.sha256]).toArray()).map(asImported)
      const done = same.find((s) => s.status === 'committed')
      if (done) {
        throw new UserProblem({
          kind: 'constraint',
          message: `"${meta.fileName}" is already in this case: the same file was imported on ${day(done.committedAt ?? done.importedAt)} as "${done.fileName}". Nothing was imported.`,
          action: 'To import it again (for example with a different mapping), remove that source first.',
          detail: `duplicate sha256 ${meta.sha256}`
        })
      }
      if (same.length > 0) {
        throw new UserProblem({
          kind: 'constraint',
          message: `An import of "${meta.fileName}" into this case is already running, or was interrupted.`,
          action: 'Wait for it to finish; an interrupted import is cleared the next time Waymark starts.',
          detail: `pending sha256 ${meta.sha256}`
        })
      }
      const at = now()
      const row: ImportedSourceRow = {
        id: crypto.randomUUID(),
        caseId,
        sha256: meta.sha256,
        fileName: meta.fileName,
        size: meta.size,
        importedAt: at,
        status: 'pending',
        startedAt: at,
        committedAt: null,
        mappingJson: meta.mappingJson,
        parserVersions: { ...meta.parserVersions },
        eventCount: 0,
        segmentCount: 0,
        counts: {}
      }
      await db.sources.add(row)
      // Write-once: an existing copy (from another case, or an earlier import) is never overwritten.
      if (bytes && !(await db.sourceFiles.get(meta.sha256))) await db.sourceFiles.add({ sha256: meta.sha256, size: meta.size, bytes: storedBytes(bytes), storedAt: at })
      return { importId: row.id }
    })
  })
}

/**
 * A file's bytes as they are stored: a Blob where the platform has one. IndexedDB then keeps them as a file of their
 * own instead of copying them through the row's value; in Chromium a 98 MB file stored as a buffer held both import
 * workers' segment writes back for about a second, as a Blob for about a third of that.
 */
function storedBytes(bytes: ArrayBuffer): ArrayBuffer | Blob {
  return typeof Blob === 'function' ? new Blob([bytes]) : bytes
}

/** The bytes to store for a file, once they are checked against its size and SHA-256. */
async function checkedBytes(meta: Pick<SourceMeta, 'fileName' | 'size' | 'sha256' | 'bytes' | 'bytesHashed'>): Promise<ArrayBuffer> {
  const view = meta.bytes instanceof Uint8Array ? meta.bytes : new Uint8Array(meta.bytes ?? new ArrayBuffer(0))
  const actual = view.byteLength !== meta.size ? null : meta.bytesHashed === true ? meta.sha256 : await fileSha256(view)
  if (actual !== meta.sha256) {
    throw new UserProblem({
      kind: 'constraint',
      message: `"${meta.fileName}" changed while Waymark was reading it (its size or fingerprint differs); nothing was imported.`,
      action: 'Make sure no other program is writing the file, then import it again.',
      detail: `expected ${meta.sha256} (${meta.size} bytes)`
    })
  }
  // A copy, so the stored bytes cannot change with the caller's buffer between the check and the write (IndexedDB
  // copies them when they are added); a caller that hashed them itself promises they do not change.
  return meta.bytesHashed === true && view.byteOffset === 0 && view.byteLength === view.buffer.byteLength && view.buffer instanceof ArrayBuffer ? view.buffer : (view.slice().buffer as ArrayBuffer)
}

/**
 * Keeps a pending import's file bytes (write-once by SHA-256), in a transaction of their own: the segments of the
 * import are written meanwhile instead of queueing behind a file of a hundred megabytes. beginImport with `bytes`
 * does the same in one step. Call it after beginImport and wait for it before commitImport; if the import is
 * abandoned instead, wait for it before abortImport, which removes bytes no other source uses (a crash leaves a
 * pending import, whose bytes cleanupPendingImports removes in the same way).
 */
export function writeSourceFile(db: WorkspaceDb, meta: Pick<SourceMeta, 'fileName' | 'size' | 'sha256' | 'bytes' | 'bytesHashed'>, now: () => number = Date.now): Promise<Result<boolean>> {
  if (!SHA256_RE.test(meta.sha256)) throw new Error(`writeSourceFile: sha256 must be 64 lowercase hex digits, got '${meta.sha256}'`)
  return attempt(async () => {
    const bytes = await checkedBytes(meta)
    return db.transaction('rw', [db.sourceFiles], async () => {
      if (await db.sourceFiles.get(meta.sha256)) return false
      await db.sourceFiles.add({ sha256: meta.sha256, size: meta.size, bytes: storedBytes(bytes), storedAt: now() })
      return true
    })
  })
}

/**
 * Appends segments (with their originals, parallel) to a pending import. Call as often as needed; each call is
 * one transaction. `firstSeq` is the position in the source of the first of them: two writers of one import (the
 * two workers of a split file) each number their own range. Without it, they follow the segments already stored.
 *
 * The import must still be pending: that is checked first, in a read of its own. The write itself touches only the
 * segment stores and asks for no answer before it commits: a transaction that read the source row and rewrote it
 * would hold the stores until this thread next took its events, and a worker busy mapping takes them every couple
 * of hundred milliseconds, so the other worker's writes queued behind it (each waited about 2 s per million rows).
 * The source's counts are written by commitImport, which reads back what is stored when the importer's copy differs.
 *
 * These transactions ask for relaxed durability (no flush to disk per segment, which cost seconds per million rows):
 * until commitImport, whose transaction is strict and so flushes everything written before it, a crash loses
 * nothing but a pending import, which is discarded at the next start anyway.
 */
export function writeSegments(
  db: WorkspaceDb,
  importId: string,
  segments: readonly Segment[],
  originals: readonly SegmentOriginals[],
  firstSeq?: number
): Promise<Result<{ segments: number; events: number; ids: string[] }>> {
  if (segments.length !== originals.length) throw new Error('writeSegments: one originals per segment')
  segments.forEach((s, i) => {
    if (originals[i]!.count !== s.count) throw new Error(`writeSegments: originals ${i} do not belong to segment ${i}`)
  })
  if (firstSeq !== undefined && !(Number.isSafeInteger(firstSeq) && firstSeq >= 0)) throw new Error(`writeSegments: firstSeq must be a whole number ≥ 0, got ${firstSeq}`)
  const columns = segments.map(serialiseSegment)
  const origs = originals.map(serialiseOriginals)
  return attempt(async () => {
    if (!db.isOpen()) await db.open()
    const source = await pendingRow(db, importId)
    const first = firstSeq ?? (await db.segments.where('sourceId').equals(importId).count())
    // Dexie names each object store after its table; the rows are stored exactly as Dexie would store them.
    const tx = db.backendDB().transaction([db.segments.name, db.segmentOriginals.name], 'readwrite', { durability: 'relaxed' })
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve()
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'))
    })
    // Settled here so an early failure is not reported as unhandled; `done` is awaited below.
    done.catch(() => undefined)
    const ids: string[] = []
    try {
      const segStore = tx.objectStore(db.segments.name)
      const origStore = tx.objectStore(db.segmentOriginals.name)
      columns.forEach((c, i) => {
        if (c.sourceId !== source.sha256) throw new Error(`writeSegments: segment of source ${c.sourceId} written to the import of ${source.sha256}`)
        const seq = first + i
        const id = segmentRowId(importId, seq)
        ids.push(id)
        const segRow: SegmentRow = { id, caseId: source.caseId, sourceId: importId, seq, count: c.count, minAt: c.minAt, maxAt: c.maxAt, columns: { ...c, seq } }
        const origRow: SegmentOriginalsRow = { id, caseId: source.caseId, sourceId: importId, originals: origs[i]! }
        segStore.add(segRow)
        origStore.add(origRow)
      })
      tx.commit()
    } catch (err) {
      try {
        tx.abort()
      } catch {
        // Already finished or aborted.
      }
      throw err
    }
    await done
    return { segments: columns.length, events: columns.reduce((n, c) => n + c.count, 0), ids }
  })
}

/** Stores a pending import's persons and cell sites (entity records), in chunks. */
export function writeEntityRecords(db: WorkspaceDb, importId: string, records: readonly EntityRecord[]): Promise<Result<number>> {
  return attempt(async () =>
    db.transaction('rw', [db.sources, db.entityRecords], async () => {
      const source = await pendingRow(db, importId)
      const first = await db.entityRecords.where('sourceId').equals(importId).count()
      const rows: EntityRecordsRow[] = []
      for (let i = 0; i < records.length; i += ENTITY_RECORDS_PER_ROW) {
        rows.push({ id: `${importId}:${first + rows.length}`, caseId: source.caseId, sourceId: importId, records: JSON.stringify(records.slice(i, i + ENTITY_RECORDS_PER_ROW)) })
      }
      await db.entityRecords.bulkAdd(rows)
      return records.length
    })
  )
}

/**
 * Makes a pending import part of the case: pairs its calls with their mirrors (within it and against the case),
 * merges its entity statistics into the case's, flips it to committed and audits `source.imported` — the last
 * three in one transaction, so a failure leaves it pending (and invisible) as before.
 */
export function commitImport(db: WorkspaceDb, importId: string, counts: Readonly<Record<string, number>> = {}, options: CommitOptions = {}): Promise<Result<ImportOutcome>> {
  const now = options.now ?? Date.now
  return attempt(async () => {
    for (let tries = 0; ; tries++) {
      try {
        return await commitOnce(db, importId, counts, options.mirror ?? {}, now, options.incoming, options.readWarnings ?? [], options.timings ?? {})
      } catch (err) {
        if (!(err instanceof CaseChanged) || tries >= 3) throw err
      }
    }
  })
}

async function commitOnce(
  db: WorkspaceDb,
  importId: string,
  counts: Readonly<Record<string, number>>,
  mirrorOptions: MirrorOptions,
  now: () => number,
  given: CommitOptions['incoming'],
  readWarnings: readonly ReadWarning[],
  timings: Record<string, number>
): Promise<ImportOutcome> {
  let lap = performance.now()
  const step = (name: string): void => {
    const t = performance.now()
    timings[`commit.${name}`] = (timings[`commit.${name}`] ?? 0) + (t - lap)
    lap = t
  }
  // Everything slow happens before the transaction; the transaction checks nothing changed meanwhile.
  const source = await pendingRow(db, importId)
  const caseId = source.caseId
  const { version, imports, book, statBlocks } = await db.transaction('r', [db.sources, db.mirrorLinks, db.entityStatBlocks, db.meta], async () => {
    const v = await readStoreVersion(db, caseId)
    const committed = new Set((await committedSources(db, caseId)).map((s) => s.id))
    const linkRows = (await db.mirrorLinks.where('caseId').equals(caseId).toArray()).filter((r) => committed.has(r.id))
    const blocks = await db.entityStatBlocks.where('caseId').equals(caseId).toArray()
    return { version: v, imports: committed, book: new MirrorBook(linkRows.flatMap(linksOfRow), (id) => committed.has(importIdOfSegment(id))), statBlocks: blocks }
  })
  // The case's statistics as of `version`, sorted by key: the commit merges into them and checks the version again.
  step('read')
  const caseStats = statBlocks.sort((x, y) => x.block - y.block).flatMap(decodeStatBlock)
  const caseStatsByKey = new Map(caseStats.map((s) => [s.key, s]))

  // The importer's own copy when it names exactly the segment ids the store holds for this import (keys only);
  // otherwise the segments are read back.
  const storedIds = new Set((await db.segments.where('sourceId').equals(importId).primaryKeys()) as string[])
  const usable = given !== undefined && given.segments.length === storedIds.size && given.segments.every((s) => storedIds.has(s.id))
  // In the store's order (the 'sourceId' index lists rows by id), so mirrors are paired exactly as from a read-back.
  const incoming = usable ? [...given.segments].sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0)) : loadSegments(await db.segments.where('sourceId').equals(importId).toArray())
  // Existing segments worth comparing: those where a party of the new calls already occurs.
  const parties = new Set<string>()
  // A case without statistics yet (its first import) has no existing segments to look up.
  if (caseStatsByKey.size > 0) for (const { segment: s } of incoming) {
    // Mark the codes first: a million calls name a few thousand parties, each looked up once.
    const used = new Uint8Array(s.dict.length)
    for (let i = 0; i < s.count; i++) {
      if (!isCdrKindCode(s.kind[i]!)) continue
      used[s.a[i]!] = 1
      used[s.b[i]!] = 1
    }
    for (let c = 1; c < used.length; c++) if (used[c] === 1) parties.add(s.dict[c]!)
  }
  step('parties')
  const existingIds = [...new Set([...parties].flatMap((k) => caseStatsByKey.get(k)?.segments ?? []))].filter((id) => imports.has(importIdOfSegment(id)))
  const existing: MirrorInput[] = loadSegments(await db.segments.bulkGet(existingIds)).map((s) => ({ ...s, unavailable: book.pairedMask(s.id, s.segment.count) }))
  step('existing')
  const { links } = findMirrors(existing, incoming, mirrorOptions)
  step('mirrors')

  const newBook = new MirrorBook(links)
  const builder = new EntityStatsBuilder()
  // Statistics built as the segments were written hold for them as long as no event of theirs is hidden behind a mirror.
  const fromWriter = usable && links.length === 0
  if (!fromWriter) for (const s of incoming) builder.addSegment(s.id, s.segment, newBook.hiddenMask(s.id, s.segment.count))
  builder.addEntityRecords(source.sha256, await loadEntityRecords(db, importId))
  const added = fromWriter ? mergeStatsLists(given.stats, builder.result()) : builder.result()
  const events = incoming.reduce((n, s) => n + s.segment.count, 0)
  const merged: EntityStats[] = mergeStatsLists(caseStats, added)
  step('stats')
  const blocks = encodeStatBlocks(caseId, merged)
  step('statBlocks')

  const outcome = await db.transaction('rw', [db.sources, db.entityStatBlocks, db.mirrorLinks, db.audit, db.meta], async () => {
    const current = await pendingRow(db, importId)
    if ((await readStoreVersion(db, caseId)) !== version) throw new CaseChanged()
    await writeStatBlocks(db, caseId, blocks)
    if (links.length > 0) await db.mirrorLinks.put(linksRow(caseId, importId, links))
    const at = now()
    const committed: ImportedSourceRow = {
      ...current,
      status: 'committed',
      committedAt: at,
      importedAt: at,
      counts: { ...counts },
      eventCount: events,
      segmentCount: incoming.length,
      readWarnings: readWarnings.map((w) => ({ ...w }))
    }
    await db.sources.put(committed)
    await bumpStoreVersion(db, caseId)
    await appendAudit(
      db,
      caseId,
      'source.imported',
      {
        sourceId: importId,
        fileName: current.fileName,
        sha256: current.sha256,
        size: current.size,
        events,
        mirrored: links.length,
        counts: committed.counts,
        readWarnings: readWarnings.length,
        parserVersions: current.parserVersions,
        mapping: current.mappingJson
      },
      at
    )
    return { importId, fileName: current.fileName, sha256: current.sha256, events, mirrored: links.length, entities: added.length }
  })
  step('transaction')
  return outcome
}

/** Deletes a pending import and everything written under it; no audit entry, as it never became part of the case. */
export function abortImport(db: WorkspaceDb, importId: string): Promise<Result<AbandonedImport | null>> {
  return attempt(async () => {
    const row = await db.sources.get(importId)
    if (!row) {
      // Removed meanwhile (by another window's start-up cleanup): what this import wrote since goes too.
      await dropOrphans(db, [importId])
      return null
    }
    if (isCommitted(row)) {
      throw new UserProblem({
        kind: 'constraint',
        message: `"${row.fileName}" has already been imported; cancelling is no longer possible.`,
        action: 'Remove the source from the case instead.',
        detail: `import ${importId} is committed`
      })
    }
    return discard(db, asImported(row))
  })
}

/**
 * At startup: removes every import left pending by a crash or a closed window, with all it wrote, and says which,
 * so the screen can tell the analyst to import those files again. Pass `startedBefore` when another window might
 * be importing right now.
 */
export function cleanupPendingImports(db: WorkspaceDb, options: { startedBefore?: number } = {}): Promise<Result<AbandonedImport[]>> {
  return attempt(async () => {
    const rows = (await db.sources.where('status').equals('pending').toArray()).map(asImported)
    const out: AbandonedImport[] = []
    for (const row of rows) {
      if (options.startedBefore !== undefined && row.startedAt >= options.startedBefore) continue
      const gone = await discard(db, row)
      if (gone) out.push(gone)
    }
    // Segments whose import row is gone (a write that landed after the import was removed, then a crash).
    const owners = (await db.segments.orderBy('sourceId').uniqueKeys()) as string[]
    const known = new Set((await db.sources.bulkGet(owners)).flatMap((r, i) => (r ? [owners[i]!] : [])))
    await dropOrphans(db, owners.filter((id) => !known.has(id)))
    return out
  })
}

/** Deletes what was written under imports that have no source row, each in a transaction that checks it still has none. */
async function dropOrphans(db: WorkspaceDb, importIds: readonly string[]): Promise<void> {
  for (const id of importIds) {
    await db.transaction('rw', [db.sources, db.segments, db.segmentOriginals, db.entityRecords], async () => {
      if (await db.sources.get(id)) return
      await db.segments.where('sourceId').equals(id).delete()
      await db.segmentOriginals.where('sourceId').equals(id).delete()
      await db.entityRecords.where('sourceId').equals(id).delete()
    })
  }
}

async function discard(db: WorkspaceDb, row: ImportedSourceRow): Promise<AbandonedImport | null> {
  return db.transaction('rw', [db.sources, db.segments, db.segmentOriginals, db.entityRecords, db.sourceFiles], async () => {
    const current = await db.sources.get(row.id)
    if (!current || isCommitted(current)) return null
    const segments = await db.segments.where('sourceId').equals(row.id).delete()
    await db.segmentOriginals.where('sourceId').equals(row.id).delete()
    await db.entityRecords.where('sourceId').equals(row.id).delete()
    await pruneFile(db, row.sha256, row.id)
    await db.sources.delete(row.id)
    return { importId: row.id, caseId: row.caseId, fileName: row.fileName, sha256: row.sha256, startedAt: row.startedAt, segments }
  })
}

/** The committed source of a case with this file fingerprint (the "same file again" check), or null. */
export function findSourceBySha256(db: WorkspaceDb, caseId: string, sha256: string): Promise<Result<SourceInfo | null>> {
  return attempt(async () => {
    const rows = (await db.sources.where('[caseId+sha256]').equals([caseId, sha256]).toArray()).map(asImported)
    const row = rows.find((r) => r.status === 'committed') ?? rows[0]
    return row ? info(row) : null
  })
}

/** A case's sources, committed and pending, oldest first. */
export function listSources(db: WorkspaceDb, caseId: string): Promise<Result<SourceInfo[]>> {
  return attempt(async () => {
    const rows = (await db.sources.where('caseId').equals(caseId).toArray()).map(asImported)
    return rows.sort((x, y) => x.startedAt - y.startedAt).map(info)
  })
}

/** The stored bytes of an imported file, or null when they were not kept. */
export function sourceFileBytes(db: WorkspaceDb, sha256: string): Promise<Result<ArrayBuffer | null>> {
  return attempt(async () => {
    const bytes = (await db.sourceFiles.get(sha256))?.bytes
    if (bytes === undefined) return null
    return typeof Blob === 'function' && bytes instanceof Blob ? await bytes.arrayBuffer() : (bytes as ArrayBuffer)
  })
}

/**
 * Removes a committed source: its segments, originals and entity records; pairs with its calls dissolve; the
 * case's entity statistics are recomputed from the sources that remain; audited as `source.removed`. Marks on its
 * events are kept (keyed by the file's fingerprint, they come back if the same file is imported again).
 */
export function removeSource(db: WorkspaceDb, caseId: string, sourceId: string, now: () => number = Date.now): Promise<Result<RemovedSource>> {
  return attempt(async () => {
    for (let tries = 0; ; tries++) {
      try {
        return await removeOnce(db, caseId, sourceId, now)
      } catch (err) {
        if (!(err instanceof CaseChanged) || tries >= 3) throw err
      }
    }
  })
}

async function removeOnce(db: WorkspaceDb, caseId: string, sourceId: string, now: () => number): Promise<RemovedSource> {
  const notFound = (): UserProblem =>
    new UserProblem({ kind: 'not-found', message: 'That source is not in this case (it may already have been removed).', action: 'Reload the list of sources.', detail: `source ${sourceId}` })
  const { version, remaining, linkRows, target } = await db.transaction('r', [db.sources, db.mirrorLinks, db.meta], async () => {
    const row = await db.sources.get(sourceId)
    return {
      version: await readStoreVersion(db, caseId),
      target: row,
      remaining: (await committedSources(db, caseId)).filter((s) => s.id !== sourceId),
      linkRows: await db.mirrorLinks.where('caseId').equals(caseId).toArray()
    }
  })
  if (!target || target.caseId !== caseId || !isCommitted(target)) throw notFound()
  const keep = new Set(remaining.map((s) => s.id))

  // Pairs whose primary was in the removed source dissolve; rows of the removed source go entirely.
  let dissolved = 0
  const rewritten: MirrorLinksRow[] = []
  const kept: MirrorLink[] = []
  for (const row of linkRows) {
    if (!keep.has(row.id)) {
      // Pairs inside the removed source vanish with it; only those whose primary stays are dissolved.
      if (row.id === sourceId) dissolved += linksOfRow(row).filter((l) => keep.has(importIdOfSegment(l.primary.segment))).length
      continue
    }
    const links = linksOfRow(row)
    const still = links.filter((l) => keep.has(importIdOfSegment(l.primary.segment)))
    kept.push(...still)
    if (still.length !== links.length) {
      dissolved += links.length - still.length
      rewritten.push(linksRow(caseId, row.id, still))
    }
  }

  const book = new MirrorBook(kept)
  const builder = new EntityStatsBuilder()
  for (const s of remaining) {
    const segs = loadSegments(await db.segments.where('sourceId').equals(s.id).toArray())
    for (const seg of segs) builder.addSegment(seg.id, seg.segment, book.hiddenMask(seg.id, seg.segment.count))
    builder.addEntityRecords(s.sha256, await loadEntityRecords(db, s.id))
  }
  const blocks = encodeStatBlocks(caseId, builder.result())
  const removedRow = asImported(target as SourceRow)

  return db.transaction(
    'rw',
    [db.sources, db.segments, db.segmentOriginals, db.entityRecords, db.entityStatBlocks, db.mirrorLinks, db.sourceFiles, db.audit, db.meta],
    async () => {
      if ((await readStoreVersion(db, caseId)) !== version) throw new CaseChanged()
      if (!(await db.sources.get(sourceId))) throw notFound()
      await db.segments.where('sourceId').equals(sourceId).delete()
      await db.segmentOriginals.where('sourceId').equals(sourceId).delete()
      await db.entityRecords.where('sourceId').equals(sourceId).delete()
      await db.mirrorLinks.delete(sourceId)
      for (const row of rewritten) {
        if (row.count === 0) await db.mirrorLinks.delete(row.id)
        else await db.mirrorLinks.put(row)
      }
      await writeStatBlocks(db, caseId, blocks)
      const fileDeleted = await pruneFile(db, removedRow.sha256, sourceId)
      await db.sources.delete(sourceId)
      await bumpStoreVersion(db, caseId)
      await appendAudit(
        db,
        caseId,
        'source.removed',
        { sourceId, fileName: removedRow.fileName, sha256: removedRow.sha256, events: removedRow.eventCount, pairsDissolved: dissolved, fileBytesDeleted: fileDeleted },
        now()
      )
      return { sourceId, fileName: removedRow.fileName, sha256: removedRow.sha256, events: removedRow.eventCount, pairsDissolved: dissolved }
    }
  )
}
