// The audit log is hash-chained: verification finds an edited, a removed and a truncated entry.
import { describe, expect, it } from 'vitest'
import { appendAudit, verifyAudit } from '../../../src/workspace/audit'
import { CaseRepository } from '../../../src/workspace/cases'
import { freshDb } from './helpers'

async function seeded() {
  const { db } = freshDb()
  const repo = new CaseRepository(db)
  const a = await repo.create('Operation Monsoon', 'TIP-1')
  if (!a.ok) throw new Error(a.problem.message)
  await repo.rename(a.value.id, 'Operation Kestrel', 'TIP-1')
  await repo.open(a.value.id)
  await repo.create('Operation Kite', 'TIP-2')
  return db
}

describe('audit chain', () => {
  it('links each entry to the one before and verifies an untouched log', async () => {
    const db = await seeded()
    const entries = await db.audit.orderBy('seq').toArray()
    expect(entries.map((e) => e.action)).toEqual(['case.created', 'case.renamed', 'case.opened', 'case.created'])
    expect(entries[0]!.prevHash).toBe('0'.repeat(64))
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.prevHash).toBe(entries[i - 1]!.hash)
    expect(await verifyAudit(db)).toEqual({ ok: true, entries: 4, problems: [] })
  })

  it('finds an entry whose details were edited', async () => {
    const db = await seeded()
    await db.audit.update(2, { details: JSON.stringify({ from: { name: 'x' }, to: { name: 'y' } }) })
    const v = await verifyAudit(db)
    expect(v.ok).toBe(false)
    expect(v.problems).toContainEqual(expect.objectContaining({ kind: 'edited', seq: 2 }))
  })

  it('finds an edit even when the editor recomputed that entry’s own hash', async () => {
    const db = await seeded()
    const { hashEntry } = await import('../../../src/core/audit/chain')
    const e = (await db.audit.get(1))!
    const forged = { ...e, action: 'case.created', details: JSON.stringify({ name: 'Forged' }) }
    await db.audit.put({ ...forged, hash: hashEntry(forged) })
    const v = await verifyAudit(db)
    expect(v.problems).toContainEqual(expect.objectContaining({ kind: 'broken-link', seq: 2 }))
  })

  it('finds a removed entry in the middle', async () => {
    const db = await seeded()
    await db.audit.delete(2)
    const v = await verifyAudit(db)
    expect(v.ok).toBe(false)
    expect(v.problems).toContainEqual(expect.objectContaining({ kind: 'missing', seq: 2 }))
    expect(v.problems.find((p) => p.kind === 'missing')!.message).toContain('entries 2–2 are missing')
  })

  it('finds the newest entry removed', async () => {
    const db = await seeded()
    await db.audit.delete(4)
    const v = await verifyAudit(db)
    expect(v.ok).toBe(false)
    expect(v.problems).toContainEqual(expect.objectContaining({ kind: 'head-mismatch', seq: 4 }))
  })

  it('keeps numbering after verification and appends to the chain', async () => {
    const db = await seeded()
    const e = await db.transaction('rw', db.audit, db.meta, () => appendAudit(db, null, 'workspace.checked', { by: 'test' }))
    expect(e.seq).toBe(5)
    expect((await verifyAudit(db)).ok).toBe(true)
  })
})
