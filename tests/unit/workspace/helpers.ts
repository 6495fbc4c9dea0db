// Workspace test helpers: a fresh, isolated fake IndexedDB per test (so tests never see each other's data), and an
// import of typed records through the real begin → write → commit path.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import type { WaymarkRecord } from '../../../src/core/model/records'
import { buildSegments } from '../../../src/core/store/encode'
import { WorkspaceDb } from '../../../src/workspace/db'
import { beginImport, commitImport, writeEntityRecords, writeSegments } from '../../../src/workspace/importJob'

export function freshDb(version?: number, name = 'test-workspace', factory: InstanceType<typeof IDBFactory> = new IDBFactory()) {
  return { db: new WorkspaceDb({ name, indexedDB: factory, IDBKeyRange, ...(version !== undefined ? { version } : {}) }), factory }
}

/** The value of a workspace result, or the test fails with its message. */
export function ok<T>(r: { ok: true; value: T } | { ok: false; problem: { message: string } }): T {
  if (!r.ok) throw new Error(r.problem.message)
  return r.value
}

/** Imports records of one source (the first record's provenance names it) as one committed import, in segments of `segmentSize`. */
export async function importRecords(db: WorkspaceDb, caseId: string, records: readonly WaymarkRecord[], segmentSize: number) {
  const p = records[0]!.provenance
  const { importId } = ok(await beginImport(db, caseId, { fileName: p.fileName, size: 1, sha256: p.sourceSha256, mappingJson: '{}', parserVersions: {} }))
  const built = buildSegments(records, { segmentSize })
  ok(await writeSegments(db, importId, built.segments, built.originals))
  if (built.entityRecords.length) ok(await writeEntityRecords(db, importId, built.entityRecords))
  return ok(await commitImport(db, importId))
}
