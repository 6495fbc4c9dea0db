// Schema history: every version opens, and every upgrade carries the data of the version before it.
import { describe, expect, it } from 'vitest'
import { LATEST_VERSION, SCHEMA_HISTORY, WorkspaceDb } from '../../../src/workspace/db'
import { IDBKeyRange } from 'fake-indexeddb'
import { freshDb } from './helpers'

describe('schema history', () => {
  it('is append-only: versions are 1, 2, … with a name each, and only later versions upgrade', () => {
    SCHEMA_HISTORY.forEach((v, i) => {
      expect(v.version).toBe(i + 1)
      expect(v.name.length).toBeGreaterThan(5)
    })
    expect(SCHEMA_HISTORY[0]!.upgrade).toBeUndefined()
    expect(LATEST_VERSION).toBe(SCHEMA_HISTORY.length)
  })

  it('opens every version from scratch with its tables', async () => {
    for (const v of SCHEMA_HISTORY) {
      const { db } = freshDb(v.version, `v${v.version}`)
      await db.open()
      expect(db.verno).toBe(v.version)
      // Every version keeps the tables analysts' data lives in; v4 dropped only the never-written v1 per-row tables.
      const names = db.tables.map((t) => t.name)
      expect(names).toEqual(expect.arrayContaining(['audit', 'cases', 'meta', 'notes', 'sources']))
      if (v.version >= 3) expect(names).toEqual(expect.arrayContaining(['segments', 'eventMarks', 'sourceFiles']))
      if (v.version >= 4) {
        expect(names).toEqual(expect.arrayContaining(['analystEvents', 'entityResolutions']))
        expect(names).not.toContain('events')
        expect(names).not.toContain('entities')
      } else expect(names).toEqual(expect.arrayContaining(['events', 'entities']))
      db.close()
    }
  })

  it('refuses a version that is not in the history', () => {
    expect(() => freshDb(99)).toThrow(/no schema version 99/)
  })
})

describe('upgrade v1 → v2: cases by last opened, case-insensitive name key', () => {
  it('fills nameKey, caseNumber, updatedAt and lastOpenedAt for cases written by v1, keeping everything else', async () => {
    const { db: v1, factory } = freshDb(1, 'upgrade-1-2')
    await v1.open()
    await v1.table('cases').bulkAdd([
      { id: 'c1', name: '  Operation MONSOON ', createdAt: 1000 },
      { id: 'c2', name: 'Kite', createdAt: 2000, caseNumber: 'K-1' }
    ])
    await v1.table('notes').add({ id: 'n1', caseId: 'c1', createdAt: 1500, text: 'kept as is' })
    v1.close()

    const v2 = new WorkspaceDb({ name: 'upgrade-1-2', indexedDB: factory, IDBKeyRange, version: 2 })
    await v2.open()
    const c1 = await v2.cases.get('c1')
    expect(c1).toMatchObject({ name: '  Operation MONSOON ', nameKey: 'operation monsoon', caseNumber: '', updatedAt: 1000, lastOpenedAt: 1000 })
    expect(await v2.cases.get('c2')).toMatchObject({ caseNumber: 'K-1', lastOpenedAt: 2000 })
    // The new indexes answer queries.
    expect((await v2.cases.where('nameKey').equals('kite').first())?.id).toBe('c2')
    expect((await v2.cases.orderBy('lastOpenedAt').reverse().first())?.id).toBe('c2')
    expect(await v2.notes.get('n1')).toMatchObject({ text: 'kept as is' })
    v2.close()
  })
})

describe('upgrade v3 → v4: analyst events and entity resolutions', () => {
  it('keeps a v3 case, its sources and its marks, and adds the two empty tables', async () => {
    const { db: v3, factory } = freshDb(3, 'upgrade-3-4')
    await v3.open()
    await v3.table('cases').add({ id: 'c1', name: 'Kite', nameKey: 'kite', caseNumber: 'K-1', createdAt: 1, updatedAt: 1, lastOpenedAt: 1 })
    await v3.table('eventMarks').add({ caseId: 'c1', eventId: 'abc:Sheet1:2', starred: true, tags: ['recruiter'], note: 'n', updatedAt: 5 })
    v3.close()
    const v4 = new WorkspaceDb({ name: 'upgrade-3-4', indexedDB: factory, IDBKeyRange })
    await v4.open()
    expect(v4.verno).toBe(4)
    expect((await v4.cases.get('c1'))?.name).toBe('Kite')
    expect((await v4.eventMarks.get(['c1', 'abc:Sheet1:2']))?.tags).toEqual(['recruiter'])
    expect(await v4.analystEvents.count()).toBe(0)
    expect(await v4.entityResolutions.count()).toBe(0)
    v4.close()
  })
})
