// All-or-nothing imports: pending sources are invisible, commit shows everything at once, abort and a crash leave
// no trace, the same file is recognised, and removing a source recomputes what the case shows.
import { IDBKeyRange } from 'fake-indexeddb'
import { describe, expect, it } from 'vitest'
import type { CallRecord, Person, WaymarkRecord } from '../../../src/core/model/records'
import { buildSegments } from '../../../src/core/store/encode'
import { EntityStatsBuilder, type EntityStats } from '../../../src/core/store/entityStats'
import { fileSha256 } from '../../../src/core/hash'
import { CaseRepository } from '../../../src/workspace/cases'
import { WorkspaceDb } from '../../../src/workspace/db'
import { caseStoreCounts, EventStore, readCaseStats } from '../../../src/workspace/eventStore'
import {
  abortImport,
  beginImport,
  cleanupPendingImports,
  commitImport,
  findSourceBySha256,
  listSources,
  removeSource,
  sourceFileBytes,
  writeSourceFile,
  writeEntityRecords,
  writeSegments,
  type SourceMeta
} from '../../../src/workspace/importJob'
import { call, phone, SRC_A, SRC_B, T0 } from '../core/store/records'
import { freshDb } from './helpers'

const X = '+66811111111'
const Y = '+66822222222'
const Z = '+95912345678'

async function newCase(db: WorkspaceDb, name = 'Operation Kite'): Promise<string> {
  const r = await new CaseRepository(db).create(name, 'K-1')
  if (!r.ok) throw new Error(r.problem.message)
  return r.value.id
}

function meta(sha: string, fileName: string, extra: Partial<SourceMeta> = {}): SourceMeta {
  return { fileName, size: 100, sha256: sha, mappingJson: '{"kind":"call"}', parserVersions: { csv: '1' }, ...extra }
}

function ok<T>(r: { ok: true; value: T } | { ok: false; problem: { message: string } }): T {
  if (!r.ok) throw new Error(r.problem.message)
  return r.value
}

/** Begins and writes an import, leaving it pending. */
async function stage(db: WorkspaceDb, caseId: string, records: readonly WaymarkRecord[], segmentSize = 2): Promise<string> {
  const sha = records[0]!.provenance.sourceSha256
  const { importId } = ok(await beginImport(db, caseId, meta(sha, records[0]!.provenance.fileName)))
  const built = buildSegments(records, { segmentSize })
  // Two writes, as a worker streaming segments would do.
  const half = Math.ceil(built.segments.length / 2)
  ok(await writeSegments(db, importId, built.segments.slice(0, half), built.originals.slice(0, half)))
  ok(await writeSegments(db, importId, built.segments.slice(half), built.originals.slice(half)))
  if (built.entityRecords.length) ok(await writeEntityRecords(db, importId, built.entityRecords))
  return importId
}

async function importAll(db: WorkspaceDb, caseId: string, records: readonly WaymarkRecord[], segmentSize = 2) {
  const importId = await stage(db, caseId, records, segmentSize)
  return ok(await commitImport(db, importId, { rows: records.length }))
}

const subscriber: Person = { kind: 'person', provenance: { sourceSha256: SRC_A, fileName: 'target-a.csv', sheet: 'Subscriber', row: 2 }, name: 'Somchai Jaidee', phone: phone(X) }

const cdrA: WaymarkRecord[] = [
  call({ row: 2, a: X, b: Y, at: T0, duration: 60, direction: 'outgoing' }),
  call({ row: 3, a: Z, b: X, at: T0 + 600_000, duration: 30, direction: 'incoming' }),
  call({ row: 4, a: X, b: Y, at: T0 + 3_600_000, duration: 45, direction: 'outgoing' }),
  subscriber
]
// Y's records: the two calls X made to Y (clock 50 s ahead), and one call of Y to Z.
const cdrB: CallRecord[] = [
  call({ row: 2, a: X, b: Y, at: T0 + 50_000, duration: 61, direction: 'incoming', source: SRC_B }),
  call({ row: 3, a: X, b: Y, at: T0 + 3_650_000, duration: 44, direction: 'incoming', source: SRC_B }),
  call({ row: 4, a: Y, b: Z, at: T0 + 7_200_000, duration: 10, direction: 'outgoing', source: SRC_B })
]

/** Everything stored under a case besides the case row and its audit log. */
async function storeContents(db: WorkspaceDb) {
  return {
    sources: await db.sources.count(),
    segments: await db.segments.count(),
    segmentOriginals: await db.segmentOriginals.count(),
    entityRecords: await db.entityRecords.count(),
    entityStatBlocks: await db.entityStatBlocks.count(),
    mirrorLinks: await db.mirrorLinks.count(),
    sourceFiles: await db.sourceFiles.count()
  }
}

const EMPTY = { sources: 0, segments: 0, segmentOriginals: 0, entityRecords: 0, entityStatBlocks: 0, mirrorLinks: 0, sourceFiles: 0 }

describe('import job', () => {
  it('shows nothing of a pending import, and everything once it commits, with an audit entry', async () => {
    const { db } = freshDb()
    const caseId = await newCase(db)
    const store = new EventStore(db)
    const importId = await stage(db, caseId, cdrA)

    expect(ok(await store.queryEvents(caseId)).total).toBe(0)
    expect(ok(await store.countEvents(caseId))).toBe(0)
    expect(ok(await store.entityStats(caseId)).total).toBe(0)
    expect(await db.transaction('r', db.sources, db.mirrorLinks, () => caseStoreCounts(db, caseId))).toEqual({ sources: 0, events: 0 })

    const outcome = ok(await commitImport(db, importId, { rows: 4, rejected: 0 }))
    expect(outcome).toMatchObject({ importId, events: 3, mirrored: 0, fileName: 'target-a.csv', sha256: SRC_A })
    expect(ok(await store.queryEvents(caseId)).total).toBe(3)
    expect(ok(await store.countEvents(caseId))).toBe(3)
    expect(await db.transaction('r', db.sources, db.mirrorLinks, () => caseStoreCounts(db, caseId))).toEqual({ sources: 1, events: 3 })
    const x = ok(await store.entityStats(caseId, { keys: [`phone:${X}`] })).entities[0]
    expect(x).toMatchObject({ events: 3, asA: 2, asB: 1, callSeconds: 135, names: ['Somchai Jaidee'], records: 1 })

    const last = await db.audit.orderBy('seq').last()
    expect(last?.action).toBe('source.imported')
    expect(JSON.parse(last!.details)).toMatchObject({ sourceId: importId, fileName: 'target-a.csv', sha256: SRC_A, events: 3, counts: { rows: 4, rejected: 0 }, parserVersions: { csv: '1' } })
    expect(ok(await listSources(db, caseId))).toEqual([expect.objectContaining({ id: importId, status: 'committed', eventCount: 3 })])
  })

  it('abort removes everything written under the import and leaves no audit entry', async () => {
    const { db } = freshDb()
    const caseId = await newCase(db)
    const auditBefore = await db.audit.count()
    const bytes = new TextEncoder().encode('From,To\n1,2\n')
    const sha = await fileSha256(bytes)
    const records = cdrA.map((r) => ({ ...r, provenance: { ...r.provenance, sourceSha256: sha } })) as WaymarkRecord[]
    const { importId } = ok(await beginImport(db, caseId, meta(sha, 'target-a.csv', { size: bytes.length, bytes })))
    const built = buildSegments(records, { segmentSize: 2 })
    ok(await writeSegments(db, importId, built.segments, built.originals))
    ok(await writeEntityRecords(db, importId, built.entityRecords))
    expect((await storeContents(db)).segments).toBe(2)

    expect(ok(await abortImport(db, importId))).toMatchObject({ importId, fileName: 'target-a.csv', segments: 2 })
    expect(await storeContents(db)).toEqual(EMPTY)
    expect(await db.audit.count()).toBe(auditBefore)
    // Writing to an aborted import is refused with a message, not silently lost.
    const late = await writeSegments(db, importId, built.segments, built.originals)
    expect(late.ok).toBe(false)
    if (!late.ok) expect(late.problem.message).toMatch(/no longer in progress/)
  })

  it('keeps a file’s bytes written beside its segments once, checked, and removes them with the import it belongs to', async () => {
    const { db } = freshDb()
    const caseId = await newCase(db)
    const bytes = new TextEncoder().encode('From,To\n1,2\n')
    const sha = await fileSha256(bytes)
    const records = cdrA.map((r) => ({ ...r, provenance: { ...r.provenance, sourceSha256: sha } })) as WaymarkRecord[]
    const { importId } = ok(await beginImport(db, caseId, meta(sha, 'target-a.csv', { size: bytes.length })))
    const built = buildSegments(records, { segmentSize: 2 })
    // In either order: the segments do not wait for the file.
    const [written, stored] = await Promise.all([writeSegments(db, importId, built.segments, built.originals), writeSourceFile(db, { fileName: 'target-a.csv', size: bytes.length, sha256: sha, bytes })])
    expect(ok(written).segments).toBe(2)
    expect(ok(stored)).toBe(true)
    expect(new Uint8Array(ok(await sourceFileBytes(db, sha))!)).toEqual(bytes)
    // Write-once: the same file again changes nothing; bytes that do not match the fingerprint are refused.
    expect(ok(await writeSourceFile(db, { fileName: 'target-a.csv', size: bytes.length, sha256: sha, bytes }))).toBe(false)
    const changed = await writeSourceFile(db, { fileName: 'target-a.csv', size: bytes.length, sha256: '0'.repeat(64), bytes })
    expect(changed.ok).toBe(false)
    if (!changed.ok) expect(changed.problem.message).toMatch(/changed while Waymark was reading it/)
    ok(await abortImport(db, importId))
    expect(ok(await sourceFileBytes(db, sha))).toBeNull()
    expect(await storeContents(db)).toEqual(EMPTY)
  })

  it('after a crash mid-import, cleanupPendingImports removes the half-written source and says which', async () => {
    const { db, factory } = freshDb(undefined, 'crash')
    const caseId = await newCase(db)
    await importAll(db, caseId, cdrA)
    const before = await storeContents(db)
    const auditBefore = await db.audit.count()
    await stage(db, caseId, cdrB)
    // The window closes mid-import: the process is gone, the database stays.
    db.close()

    const reopened = new WorkspaceDb({ name: 'crash', indexedDB: factory, IDBKeyRange })
    const store = new EventStore(reopened)
    // Even before the cleanup, the pending events are invisible.
    expect(ok(await store.countEvents(caseId))).toBe(3)
    expect(ok(await store.queryEvents(caseId, { sources: [SRC_B] })).total).toBe(0)

    const removed = ok(await cleanupPendingImports(reopened))
    expect(removed).toEqual([expect.objectContaining({ caseId, fileName: 'target-b.csv', sha256: SRC_B, segments: 2 })])
    expect(await storeContents(reopened)).toEqual(before)
    expect(await reopened.audit.count()).toBe(auditBefore)
    expect(ok(await cleanupPendingImports(reopened))).toEqual([])
    // The same file can now be imported properly.
    expect((await importAll(reopened, caseId, cdrB)).events).toBe(3)
  })

  it('two writers of one import number their own segments, write side by side, and the commit stores every event once', async () => {
    const { db } = freshDb()
    const caseId = await newCase(db)
    const records = [...cdrA, ...cdrA.map((r, k) => ({ ...r, provenance: { ...r.provenance, row: 100 + k } }))] as WaymarkRecord[]
    const sha = records[0]!.provenance.sourceSha256
    const { importId } = ok(await beginImport(db, caseId, meta(sha, records[0]!.provenance.fileName)))
    const first = buildSegments(records.slice(0, cdrA.length), { segmentSize: 1 })
    const second = buildSegments(records.slice(cdrA.length), { segmentSize: 1 })
    // As the two workers of a split file do: each its own range, neither waiting for the other.
    const [a, b] = await Promise.all([writeSegments(db, importId, first.segments, first.originals, 0), writeSegments(db, importId, second.segments, second.originals, 1_000_000)])
    expect(ok(a).ids).toEqual(first.segments.map((_, i) => `${importId}:${i}`))
    expect(ok(b).ids).toEqual(second.segments.map((_, i) => `${importId}:${1_000_000 + i}`))
    // The same positions again are refused, not stored twice.
    expect((await writeSegments(db, importId, first.segments, first.originals, 0)).ok).toBe(false)
    const events = first.events + second.events
    expect(events).toBe(6)
    const outcome = ok(await commitImport(db, importId))
    expect(outcome.events).toBe(events)
    expect(ok(await new EventStore(db).countEvents(caseId))).toBe(events)
    expect(ok(await listSources(db, caseId))[0]).toMatchObject({ eventCount: events, status: 'committed' })
  })

  it('segments written after their import was removed elsewhere go with the abort, or with the next start-up cleanup', async () => {
    const { db } = freshDb()
    const caseId = await newCase(db)
    const before = await storeContents(db)
    const built = buildSegments(cdrA, { segmentSize: 1 })
    for (const removeWith of ['abort', 'cleanup'] as const) {
      const { importId } = ok(await beginImport(db, caseId, meta(SRC_A, 'target-a.csv')))
      ok(await writeSegments(db, importId, built.segments.slice(0, 1), built.originals.slice(0, 1), 0))
      const [segmentRows, originalRows] = [await db.segments.toArray(), await db.segmentOriginals.toArray()]
      // Another window's start-up cleanup removes the pending import (it cannot tell it is still being written)…
      expect(ok(await cleanupPendingImports(db))).toHaveLength(1)
      // …while a write of this one was already under way: it lands without a source row.
      await db.segments.bulkAdd(segmentRows)
      await db.segmentOriginals.bulkAdd(originalRows)
      expect(await storeContents(db)).toEqual({ ...before, segments: 1, segmentOriginals: 1 })
      // A write that starts now is refused with a message.
      const late = await writeSegments(db, importId, built.segments.slice(1), built.originals.slice(1), 1)
      expect(late.ok).toBe(false)
      if (!late.ok) expect(late.problem.message).toMatch(/no longer in progress/)
      if (removeWith === 'abort') expect(ok(await abortImport(db, importId))).toBeNull()
      else expect(ok(await cleanupPendingImports(db))).toEqual([])
      expect(await storeContents(db)).toEqual(before)
    }
  })

  it('a commit that fails leaves the import pending and invisible, and can be retried', async () => {
    const { db } = freshDb()
    const caseId = await newCase(db)
    const importId = await stage(db, caseId, cdrA)
    const original = db.audit.add.bind(db.audit)
    db.audit.add = (() => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))) as unknown as typeof db.audit.add
    const failed = await commitImport(db, importId)
    db.audit.add = original
    expect(failed.ok).toBe(false)
    if (!failed.ok) expect(failed.problem.kind).toBe('quota')
    expect((await db.sources.get(importId)) as unknown).toMatchObject({ status: 'pending' })
    expect(await db.entityStatBlocks.count()).toBe(0)
    expect(ok(await new EventStore(db).countEvents(caseId))).toBe(0)
    expect(ok(await commitImport(db, importId)).events).toBe(3)
  })

  it('recognises the same file again by its SHA-256 and refuses to import it twice', async () => {
    const { db } = freshDb()
    const caseId = await newCase(db)
    expect(ok(await findSourceBySha256(db, caseId, SRC_A))).toBeNull()
    await importAll(db, caseId, cdrA)
    expect(ok(await findSourceBySha256(db, caseId, SRC_A))).toMatchObject({ fileName: 'target-a.csv', status: 'committed' })

    const again = await beginImport(db, caseId, meta(SRC_A, 'renamed copy.csv'))
    expect(again.ok).toBe(false)
    if (!again.ok) {
      expect(again.problem.message).toMatch(/"renamed copy.csv" is already in this case/)
      expect(again.problem.message).toContain('"target-a.csv"')
      expect(again.problem.action).toMatch(/remove that source first/)
    }
    // Another case may hold the same file.
    const other = await newCase(db, 'Operation Heron')
    expect((await beginImport(db, other, meta(SRC_A, 'target-a.csv'))).ok).toBe(true)
    // A second import of a file whose first import is still pending is refused too.
    const pendingTwice = await beginImport(db, other, meta(SRC_A, 'target-a.csv'))
    expect(pendingTwice.ok).toBe(false)
    if (!pendingTwice.ok) expect(pendingTwice.problem.message).toMatch(/already running, or was interrupted/)
  })

  it('keeps the file bytes once, refuses bytes that do not match the fingerprint, and drops bytes no source uses', async () => {
    const { db } = freshDb()
    const a = await newCase(db, 'A')
    const b = await newCase(db, 'B')
    const bytes = new TextEncoder().encode('From,To,Datetime\n0812345678,0898765432,2024-03-01 10:00\n')
    const sha = await fileSha256(bytes)
    const m = meta(sha, 'cdr.csv', { size: bytes.length, bytes })
    const bad = await beginImport(db, a, { ...m, bytes: new TextEncoder().encode('something else entirely, same length?') })
    expect(bad.ok).toBe(false)
    if (!bad.ok) expect(bad.problem.message).toMatch(/changed while Waymark was reading it/)

    const rec = (row: number) => ({ ...call({ row, a: X, b: Y, at: T0 + row }), provenance: { sourceSha256: sha, fileName: 'cdr.csv', sheet: 'cdr', row } }) as WaymarkRecord
    for (const caseId of [a, b]) {
      const { importId } = ok(await beginImport(db, caseId, m))
      const built = buildSegments([rec(2), rec(3)])
      ok(await writeSegments(db, importId, built.segments, built.originals))
      ok(await commitImport(db, importId))
    }
    expect(await db.sourceFiles.count()).toBe(1)
    expect(new Uint8Array(ok(await sourceFileBytes(db, sha))!)).toEqual(bytes)
    const [sa] = ok(await listSources(db, a))
    ok(await removeSource(db, a, sa!.id))
    expect(await db.sourceFiles.count()).toBe(1)
    const [sb] = ok(await listSources(db, b))
    ok(await removeSource(db, b, sb!.id))
    expect(await db.sourceFiles.count()).toBe(0)
  })

  it('stores bytes the caller hashed itself as they are, and still refuses bytes of another size', async () => {
    const { db } = freshDb()
    const a = await newCase(db, 'A')
    const bytes = new TextEncoder().encode('From,To,Datetime\n0812345678,0898765432,2024-03-01 10:00\n')
    const sha = await fileSha256(bytes)
    const m = meta(sha, 'cdr.csv', { size: bytes.length, bytes, bytesHashed: true })
    const short = await beginImport(db, a, { ...m, bytes: bytes.subarray(1) })
    expect(short.ok).toBe(false)
    if (!short.ok) expect(short.problem.message).toMatch(/changed while Waymark was reading it/)
    const { importId } = ok(await beginImport(db, a, m))
    expect(new Uint8Array(ok(await sourceFileBytes(db, sha))!)).toEqual(bytes)
    expect(ok(await abortImport(db, importId))?.importId).toBe(importId)
    // The abandoned import's bytes went with it.
    expect(await db.sourceFiles.count()).toBe(0)
  })

  it('merges the mirror halves of calls across two imports and reports how many', async () => {
    const { db } = freshDb()
    const caseId = await newCase(db)
    await importAll(db, caseId, cdrA)
    const outcome = await importAll(db, caseId, cdrB)
    expect(outcome.mirrored).toBe(2)
    const store = new EventStore(db)
    // 3 + 3 records, 2 calls seen from both sides: 4 events.
    expect(ok(await store.countEvents(caseId))).toBe(4)
    const page = ok(await store.queryEvents(caseId))
    expect(page.events.map((e) => [e.sourceId, e.row, e.mirrored])).toEqual([
      [SRC_A, 2, true],
      [SRC_A, 3, false],
      [SRC_A, 4, true],
      [SRC_B, 4, false]
    ])
    // The pair counts once in the statistics: X called Y twice, not four times.
    const y = ok(await store.entityStats(caseId, { keys: [`phone:${Y}`] })).entities[0]!
    expect(y).toMatchObject({ events: 3, asB: 2, asA: 1, callSeconds: 115, sources: [SRC_A, SRC_B].sort() })

    // Within one import of a file holding both sides, the same happens.
    const { db: db2 } = freshDb(undefined, 'within')
    const c2 = await newCase(db2)
    const both = [...cdrA, ...cdrB.map((r) => ({ ...r, provenance: { ...r.provenance, sourceSha256: SRC_A, fileName: 'target-a.csv', row: r.provenance.row + 100 } }))]
    expect((await importAll(db2, c2, both)).mirrored).toBe(2)
  })

  it('a commit given the segments and statistics the importer built as it wrote stores exactly what a commit reading them back stores', async () => {
    /** Stages like a worker: writes in two batches, keeps each segment with its id and builds statistics as it goes. */
    async function stageKeeping(db: WorkspaceDb, caseId: string, records: readonly WaymarkRecord[], drop = false) {
      const sha = records[0]!.provenance.sourceSha256
      const { importId } = ok(await beginImport(db, caseId, meta(sha, records[0]!.provenance.fileName)))
      const built = buildSegments(records, { segmentSize: 2 })
      const half = Math.ceil(built.segments.length / 2)
      const segments: { id: string; segment: (typeof built.segments)[number] }[] = []
      const stats = new EntityStatsBuilder()
      for (const [from, to] of [[0, half], [half, built.segments.length]] as const) {
        const { ids } = ok(await writeSegments(db, importId, built.segments.slice(from, to), built.originals.slice(from, to)))
        ids.forEach((id, i) => {
          segments.push({ id, segment: built.segments[from + i]! })
          stats.addSegment(id, built.segments[from + i]!)
        })
      }
      if (built.entityRecords.length) ok(await writeEntityRecords(db, importId, built.entityRecords))
      // `drop`: the importer's copy misses a segment (never expected); the commit must notice and read them back.
      return { importId, incoming: { segments: drop ? segments.slice(1) : segments, stats: stats.result() } }
    }
    const both = [...cdrA, ...cdrB.map((r) => ({ ...r, provenance: { ...r.provenance, sourceSha256: SRC_A, fileName: 'target-a.csv', row: r.provenance.row + 100 } }))]
    // A source alone; a second source whose calls mirror the first's; one file holding both sides; a copy missing a segment.
    for (const [name, files, drop] of [
      ['alone', [cdrA], false],
      ['mirrors across', [cdrA, cdrB], false],
      ['mirrors within', [both], false],
      ['incomplete copy', [cdrA], true]
    ] as const) {
      const { db: read } = freshDb(undefined, `${name}-read`)
      const { db: kept } = freshDb(undefined, `${name}-kept`)
      const c1 = await newCase(read)
      const c2 = await newCase(kept)
      // Import ids are random: segment ids are compared by the import they belong to (first, second).
      const ids: [string, string][] = []
      for (const records of files) {
        const a = ok(await commitImport(read, await stage(read, c1, records), { rows: records.length }))
        const staged = await stageKeeping(kept, c2, records, drop)
        const b = ok(await commitImport(kept, staged.importId, { rows: records.length }, { incoming: staged.incoming }))
        expect([b.events, b.mirrored, b.entities], name).toEqual([a.events, a.mirrored, a.entities])
        ids.push([a.importId, b.importId])
      }
      const named = (stats: readonly EntityStats[], side: 0 | 1): EntityStats[] =>
        (JSON.parse(ids.reduce((t, pair, n) => t.replaceAll(pair[side], `import${n}`), JSON.stringify(stats))) as EntityStats[]).map((x) => ({ ...x, segments: [...x.segments].sort() }))
      expect(named(await readCaseStats(kept, c2), 1), name).toEqual(named(await readCaseStats(read, c1), 0))
      const events = async (db: WorkspaceDb, caseId: string) => ok(await new EventStore(db).queryEvents(caseId)).events.map((e) => [e.sourceId, e.row, e.mirrored])
      expect(await events(kept, c2), name).toEqual(await events(read, c1))
    }
  })

  it('removing a source dissolves its mirror pairs, recomputes the statistics and is audited', async () => {
    const { db } = freshDb()
    const caseId = await newCase(db)
    const a = await importAll(db, caseId, cdrA)
    await importAll(db, caseId, cdrB)
    const store = new EventStore(db)
    expect(ok(await store.countEvents(caseId))).toBe(4)

    const removed = ok(await removeSource(db, caseId, a.importId))
    expect(removed).toMatchObject({ fileName: 'target-a.csv', events: 3, pairsDissolved: 2 })
    // B's halves of the calls are ordinary events again.
    const page = ok(await store.queryEvents(caseId))
    expect(page.events.map((e) => [e.sourceId, e.row, e.mirrored])).toEqual([
      [SRC_B, 2, false],
      [SRC_B, 3, false],
      [SRC_B, 4, false]
    ])
    // The statistics are those of B alone.
    const onlyB = new EntityStatsBuilder()
    const rows = await db.segments.toArray()
    const { deserialiseSegment } = await import('../../../src/core/store/serialise')
    for (const r of rows) onlyB.addSegment(r.id, deserialiseSegment(r.columns))
    expect(await readCaseStats(db, caseId)).toEqual(onlyB.result())
    const last = await db.audit.orderBy('seq').last()
    expect(last?.action).toBe('source.removed')
    expect(JSON.parse(last!.details)).toMatchObject({ sourceId: a.importId, fileName: 'target-a.csv', sha256: SRC_A, events: 3, pairsDissolved: 2 })
    expect(await db.segmentOriginals.count()).toBe(rows.length)

    const again = await removeSource(db, caseId, a.importId)
    expect(again.ok).toBe(false)
    if (!again.ok) expect(again.problem.kind).toBe('not-found')
  })
})

describe('upgrade v2 → v3: columnar event segments, import status, …', () => {
  it('keeps v2 cases and sources, marks old sources committed, and opens the new tables', async () => {
    const { db: v2, factory } = freshDb(2, 'upgrade-2-3')
    await v2.open()
    await v2.table('cases').add({ id: 'c1', name: 'Old case', nameKey: 'old case', caseNumber: 'X', createdAt: 1000, updatedAt: 1000, lastOpenedAt: 1000 })
    await v2.table('sources').add({ id: 's1', caseId: 'c1', sha256: 'f'.repeat(64), fileName: 'old.csv', size: 10, importedAt: 2000 })
    await v2.table('notes').add({ id: 'n1', caseId: 'c1', createdAt: 1500, text: 'kept as is' })
    v2.close()

    const v3 = new WorkspaceDb({ name: 'upgrade-2-3', indexedDB: factory, IDBKeyRange, version: 3 })
    await v3.open()
    expect(v3.verno).toBe(3)
    expect(await v3.sources.get('s1')).toMatchObject({ fileName: 'old.csv', status: 'committed', committedAt: 2000, eventCount: 0, counts: {} })
    expect(await v3.notes.get('n1')).toMatchObject({ text: 'kept as is' })
    expect((await v3.sources.where('status').equals('committed').first())?.id).toBe('s1')
    for (const t of ['segments', 'segmentOriginals', 'entityRecords', 'entityStatBlocks', 'mirrorLinks', 'eventMarks', 'sourceFiles']) expect(v3.tables.map((x) => x.name)).toContain(t)
    expect(await v3.transaction('r', v3.sources, v3.mirrorLinks, () => caseStoreCounts(v3, 'c1'))).toEqual({ sources: 1, events: 0 })
    expect(ok(await cleanupPendingImports(v3))).toEqual([])
    expect(ok(await findSourceBySha256(v3, 'c1', 'f'.repeat(64)))).toMatchObject({ status: 'committed' })
    v3.close()
  })
})
