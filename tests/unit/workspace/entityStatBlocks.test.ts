// Entity statistics stored as a few large blocks per case: they read back exactly, across block boundaries, after
// imports merge into them, after a source is removed, and they leave with the case.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { WaymarkRecord } from '../../../src/core/model/records'
import { EntityStatsBuilder, type EntityStats } from '../../../src/core/store/entityStats'
import { deserialiseSegment } from '../../../src/core/store/serialise'
import { CaseRepository } from '../../../src/workspace/cases'
import type { WorkspaceDb } from '../../../src/workspace/db'
import { decodeStatBlock, encodeStatBlocks, ENTITY_STATS_PER_BLOCK, entityCountKey, EventStore, readCaseStats } from '../../../src/workspace/eventStore'
import { removeSource } from '../../../src/workspace/importJob'
import { call, SRC_A, SRC_B, T0 } from '../core/store/records'
import { freshDb, importRecords, ok } from './helpers'

const importAll = (db: WorkspaceDb, caseId: string, records: readonly WaymarkRecord[]) => importRecords(db, caseId, records, 1000)

/** Statistics computed from the committed segments themselves, the reference the stored blocks must equal. */
async function recomputed(db: WorkspaceDb): Promise<EntityStats[]> {
  const b = new EntityStatsBuilder()
  for (const r of await db.segments.toArray()) b.addSegment(r.id, deserialiseSegment(r.columns))
  return b.result()
}

const phoneOf = (i: number): string => `+6681${String(i).padStart(7, '0')}`

const statsArb = fc
  .uniqueArray(fc.string({ minLength: 1, maxLength: 12 }), { minLength: 0, maxLength: 40 })
  .chain((keys) =>
    fc.tuple(
      ...[...keys].sort().map((key) =>
        fc.record({
          key: fc.constant(key),
          firstAt: fc.option(fc.integer({ min: -1e13, max: 1e13 }), { nil: null }),
          lastAt: fc.option(fc.integer({ min: -1e13, max: 1e13 }), { nil: null }),
          events: fc.nat(),
          asA: fc.nat(),
          asB: fc.nat(),
          asOther: fc.nat(),
          callSeconds: fc.nat(),
          contacts: fc.uniqueArray(fc.string(), { maxLength: 5 }),
          sources: fc.uniqueArray(fc.constantFrom(SRC_A, SRC_B), { maxLength: 2 }),
          segments: fc.uniqueArray(fc.constantFrom('i1:0', 'i1:1', 'i2:0', 'x:y:3'), { maxLength: 4 }),
          names: fc.array(fc.string(), { maxLength: 3 }),
          records: fc.nat()
        })
      )
    )
  )

describe('entity statistic blocks', () => {
  it('round-trip any statistics, whatever the block size', () => {
    fc.assert(
      fc.property(statsArb, fc.integer({ min: 1, max: 50 }), (stats, perBlock) => {
        const blocks = encodeStatBlocks('c1', stats, perBlock)
        expect(blocks.map((b) => b.block)).toEqual(blocks.map((_, i) => i))
        expect(blocks.reduce((n, b) => n + b.count, 0)).toBe(stats.length)
        expect(blocks.flatMap(decodeStatBlock)).toEqual(stats)
      })
    )
  })

  it('reads, merges, recomputes and deletes statistics spread over several blocks', async () => {
    const { db } = freshDb(undefined, 'blocks')
    const cases = new CaseRepository(db)
    const caseId = ok(await cases.create('Operation Lantern', 'L-1')).id
    const store = new EventStore(db)

    // More distinct phones than one block holds.
    const pairs = Math.ceil((ENTITY_STATS_PER_BLOCK * 1.2) / 2)
    const a: WaymarkRecord[] = []
    for (let i = 0; i < pairs; i++) a.push(call({ row: i + 2, a: phoneOf(2 * i), b: phoneOf(2 * i + 1), at: T0 + i * 1000, duration: 30 }))
    await importAll(db, caseId, a)
    expect(await db.entityStatBlocks.where('caseId').equals(caseId).count()).toBeGreaterThan(1)
    expect(await readCaseStats(db, caseId)).toEqual(await recomputed(db))
    expect(ok(await cases.get(caseId))?.counts.entities).toBe(2 * pairs)

    // A phone of the last block is found by key, by prefix and by an entity query.
    const last = `phone:${phoneOf(2 * pairs - 1)}`
    expect(ok(await store.entityStats(caseId, { keys: [last] })).entities.map((e) => [e.key, e.events])).toEqual([[last, 1]])
    const byPrefix = ok(await store.entityStats(caseId, { prefix: `phone:${phoneOf(2 * pairs - 1).slice(0, -1)}`, orderBy: 'key', limit: 1000 }))
    expect(byPrefix.entities.map((e) => e.key)).toContain(last)
    expect(byPrefix.entities.every((e) => e.key.startsWith(`phone:${phoneOf(2 * pairs - 1).slice(0, -1)}`))).toBe(true)
    expect(ok(await store.queryEvents(caseId, { entities: [last] })).events.map((e) => e.row)).toEqual([pairs + 1])
    const paged = ok(await store.entityStats(caseId, { orderBy: 'key', offset: ENTITY_STATS_PER_BLOCK - 1, limit: 2 }))
    const all = (await recomputed(db)).map((s) => s.key)
    expect(paged.total).toBe(2 * pairs)
    expect(paged.entities.map((e) => e.key)).toEqual(all.slice(ENTITY_STATS_PER_BLOCK - 1, ENTITY_STATS_PER_BLOCK + 1))

    // A second source calling phones of both blocks merges into them; the same store instance sees it.
    const b: WaymarkRecord[] = [
      call({ row: 2, a: phoneOf(0), b: '+959111', at: T0 - 5000, duration: 7, source: SRC_B }),
      call({ row: 3, a: phoneOf(2 * pairs - 1), b: '+959111', at: T0 + 1e9, duration: 8, source: SRC_B }),
      call({ row: 4, a: '+959111', b: '+959222', at: T0 + 2e9, duration: 9, source: SRC_B })
    ]
    const second = await importAll(db, caseId, b)
    expect(await readCaseStats(db, caseId)).toEqual(await recomputed(db))
    const merged = ok(await store.entityStats(caseId, { keys: [last, `phone:${phoneOf(0)}`], orderBy: 'key' })).entities
    expect(merged.map((e) => [e.key, e.events, e.sources.length])).toEqual([
      [`phone:${phoneOf(0)}`, 2, 2],
      [last, 2, 2]
    ])
    expect(ok(await store.entityStats(caseId, { limit: 1 })).entities[0]).toMatchObject({ key: 'phone:+959111', events: 3 })
    expect(ok(await cases.get(caseId))?.counts.entities).toBe(2 * pairs + 2)

    // Removing the second source recomputes the statistics of the first alone.
    ok(await removeSource(db, caseId, second.importId))
    expect(await readCaseStats(db, caseId)).toEqual(await recomputed(db))
    expect(ok(await store.entityStats(caseId, { keys: ['phone:+959111'] })).entities).toEqual([])
    expect(ok(await cases.get(caseId))?.counts.entities).toBe(2 * pairs)

    ok(await cases.delete(caseId, 'Operation Lantern'))
    expect(await db.entityStatBlocks.count()).toBe(0)
    expect(await db.meta.get(entityCountKey(caseId))).toBeUndefined()
  })
})
