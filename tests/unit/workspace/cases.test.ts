// The case repository: what an analyst does on the start screen, with its rules and its audit entries.
import { describe, expect, it } from 'vitest'
import { CaseRepository } from '../../../src/workspace/cases'
import { describeStorageError } from '../../../src/workspace/errors'
import { freshDb } from './helpers'

function repo(now = () => 1_700_000_000_000) {
  const { db } = freshDb()
  return { db, cases: new CaseRepository(db, now) }
}

describe('cases', () => {
  it('creates a case and lists it with its counts', async () => {
    const { cases } = repo()
    const r = await cases.create('  Operation   Monsoon ', 'TIP-2026-0147')
    expect(r.ok).toBe(true)
    const list = await cases.list()
    expect(list.ok && list.value).toEqual([
      expect.objectContaining({ name: 'Operation Monsoon', caseNumber: 'TIP-2026-0147', counts: { sources: 0, events: 0, entities: 0, notes: 0 } })
    ])
  })

  it('refuses an empty name and a name that differs only in case, with a message', async () => {
    const { cases } = repo()
    const empty = await cases.create('   ', '')
    expect(empty.ok).toBe(false)
    if (!empty.ok) expect(empty.problem.message).toMatch(/needs a name/)
    await cases.create('Operation Delta', '')
    const dup = await cases.create('operation delta', '')
    expect(dup.ok).toBe(false)
    if (!dup.ok) expect(dup.problem.message).toMatch(/already exists/)
    const list = await cases.list()
    expect(list.ok && list.value.length).toBe(1)
  })

  it('lists the most recently opened case first', async () => {
    let t = 1000
    const { cases } = repo(() => (t += 1000))
    const a = await cases.create('Alpha', '')
    await cases.create('Bravo', '')
    if (!a.ok) throw new Error()
    await cases.open(a.value.id)
    const list = await cases.list()
    expect(list.ok && list.value.map((c) => c.name)).toEqual(['Alpha', 'Bravo'])
  })

  it('deletes only when the typed name matches, and removes the case’s contents', async () => {
    const { db, cases } = repo()
    const c = await cases.create('Operation Kite', 'K-7')
    if (!c.ok) throw new Error()
    const id = c.value.id
    await db.notes.add({ id: 'n1', caseId: id, createdAt: 1, text: 'x' })
    await db.sources.add({ id: 's1', caseId: id, sha256: 'ab', fileName: 'a.csv', size: 1, importedAt: 1 })

    const wrong = await cases.delete(id, 'Operation Kit')
    expect(wrong.ok).toBe(false)
    if (!wrong.ok) expect(wrong.problem.action).toContain('Operation Kite')
    expect(await db.cases.count()).toBe(1)
    expect(await db.notes.count()).toBe(1)

    const right = await cases.delete(id, 'Operation Kite')
    expect(right.ok).toBe(true)
    expect(await db.cases.count()).toBe(0)
    expect(await db.notes.count()).toBe(0)
    expect(await db.sources.count()).toBe(0)
    const last = await db.audit.orderBy('seq').last()
    expect(last?.action).toBe('case.deleted')
    expect(JSON.parse(last!.details)).toMatchObject({ name: 'Operation Kite', removed: { notes: 1, sources: 1 } })
  })

  it('rename is audited with the old and new names', async () => {
    const { db, cases } = repo()
    const c = await cases.create('Old name', 'A')
    if (!c.ok) throw new Error()
    await cases.rename(c.value.id, 'New name', 'B')
    const last = await db.audit.orderBy('seq').last()
    expect(last?.action).toBe('case.renamed')
    expect(JSON.parse(last!.details)).toEqual({ from: { name: 'Old name', caseNumber: 'A' }, to: { name: 'New name', caseNumber: 'B' } })
  })

  it('a failed write leaves neither the case nor its audit entry', async () => {
    const { db, cases } = repo()
    // Simulate the disk filling up in the middle of the transaction.
    const original = db.audit.add.bind(db.audit)
    db.audit.add = (() => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))) as unknown as typeof db.audit.add
    const r = await cases.create('Operation Full Disk', '')
    db.audit.add = original
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.problem.kind).toBe('quota')
      expect(r.problem.action).toMatch(/Free disk space/)
    }
    expect(await db.cases.count()).toBe(0)
    expect(await db.audit.count()).toBe(0)
  })
})

describe('storage problems', () => {
  it('says what to do for quota, blocked, version and unavailable errors', () => {
    expect(describeStorageError(new DOMException('x', 'QuotaExceededError')).kind).toBe('quota')
    expect(describeStorageError({ name: 'VersionError', message: 'newer' }).kind).toBe('version')
    expect(describeStorageError({ name: 'BlockedError', message: '' }).kind).toBe('blocked')
    expect(describeStorageError({ name: 'OpenFailedError', message: '', inner: { name: 'UnknownError' } }).kind).toBe('unavailable')
    expect(describeStorageError(new Error('boom')).kind).toBe('unknown')
  })
})
