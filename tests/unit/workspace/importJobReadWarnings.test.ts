// A source keeps what reading its whole file found (undecodable bytes, ragged rows), written with the commit and not before.
import { describe, expect, it } from 'vitest'
import type { ReadWarning } from '../../../src/core/model/rawTable'
import { buildSegments } from '../../../src/core/store/encode'
import { CaseRepository } from '../../../src/workspace/cases'
import { abortImport, beginImport, commitImport, listSources, writeSegments } from '../../../src/workspace/importJob'
import { call, SRC_A, SRC_B, T0 } from '../core/store/records'
import { freshDb } from './helpers'

function ok<T>(r: { ok: true; value: T } | { ok: false; problem: { message: string } }): T {
  if (!r.ok) throw new Error(r.problem.message)
  return r.value
}

const warnings: ReadWarning[] = [
  { code: 'invalid-bytes-row', sheet: 'calls', row: 500_001, count: 1, message: 'Row 500001 of calls.csv holds a byte sequence that could not be read as UTF-8; …' },
  { code: 'field-count', sheet: 'calls', row: 612_345, count: 7, message: 'Row 612345 of calls.csv has 7 fields where most rows have 6. …' },
  { code: 'invalid-bytes', sheet: 'calls', count: 1, message: '1 byte sequence in calls.csv could not be read as UTF-8 …' }
]

async function staged(sha: string) {
  const { db } = freshDb()
  const caseId = ok(await new CaseRepository(db).create('Operation Kite', 'K-1')).id
  const { importId } = ok(await beginImport(db, caseId, { fileName: 'calls.csv', size: 100, sha256: sha, mappingJson: '{}', parserVersions: {} }))
  const built = buildSegments([call({ row: 2, a: '+66811111111', b: '+66822222222', at: T0, duration: 60, direction: 'outgoing', source: sha })], { segmentSize: 10 })
  ok(await writeSegments(db, importId, built.segments, built.originals))
  return { db, caseId, importId }
}

describe('read warnings stored with a source', () => {
  it('are listed with the committed source, row numbers intact, and counted in its audit entry', async () => {
    const { db, caseId, importId } = await staged(SRC_A)
    // Not visible while pending.
    expect(ok(await listSources(db, caseId))[0]?.readWarnings).toEqual([])
    ok(await commitImport(db, importId, { read: 1, ok: 1 }, { readWarnings: warnings }))
    const [source] = ok(await listSources(db, caseId))
    expect(source?.readWarnings).toEqual(warnings)
    expect(source?.readWarnings.map((w) => w.row)).toEqual([500_001, 612_345, undefined])
    const audit = await db.audit.orderBy('seq').last()
    expect(JSON.parse(audit!.details)).toMatchObject({ sourceId: importId, readWarnings: 3 })
  })

  it('leave nothing behind when the import is abandoned, and a source imported without any has none', async () => {
    const a = await staged(SRC_B)
    ok(await abortImport(a.db, a.importId))
    expect(ok(await listSources(a.db, a.caseId))).toEqual([])
    const b = await staged(SRC_A)
    ok(await commitImport(b.db, b.importId))
    expect(ok(await listSources(b.db, b.caseId))[0]?.readWarnings).toEqual([])
  })
})
