// The entity tables' warm-up: read in the background a block at a time (pausing between steps), it gives exactly the
// rows a table reads at once, and a table (or the timeline) asking meanwhile shares the work and ends the pauses.
import { describe, expect, it, vi } from 'vitest'
import type { WaymarkRecord } from '../../../src/core/model/records'
import { CaseRepository } from '../../../src/workspace/cases'
import type { WorkspaceDb } from '../../../src/workspace/db'
import { EntityRepository } from '../../../src/workspace/entities'
import { backgroundPace, ENTITY_STATS_PER_BLOCK, EventStore, paceStep, type Pace } from '../../../src/workspace/eventStore'
import { call, T0 } from '../core/store/records'
import { freshDb, importRecords, ok } from './helpers'

const importAll = (db: WorkspaceDb, caseId: string, records: readonly WaymarkRecord[]) => importRecords(db, caseId, records, 5000)

const phoneOf = (i: number): string => `+6681${String(i).padStart(7, '0')}`

/**
 * A case with more phones than two blocks of statistics hold: one busy number calls each of `PHONES` others, a few of
 * them several times (so the busiest-first order is not the key order), and every tenth one calls another back.
 */
const PHONES = ENTITY_STATS_PER_BLOCK * 2 + 2_500
let cached: Promise<{ db: WorkspaceDb; caseId: string }> | null = null
function seeded(): Promise<{ db: WorkspaceDb; caseId: string }> {
  return (cached ??= (async () => {
    const { db } = freshDb(undefined, 'warm')
    const c = ok(await new CaseRepository(db).create('Operation Tern', 'T-1'))
    const records: WaymarkRecord[] = []
    let row = 1
    for (let i = 1; i <= PHONES; i++) {
      const times = i % 997 === 0 ? 5 : 1
      for (let k = 0; k < times; k++) records.push(call({ row: row++, a: phoneOf(0), b: phoneOf(i), at: T0 + row * 60_000, duration: 30 }))
      if (i % 10 === 0) records.push(call({ row: row++, a: phoneOf(i), b: phoneOf(i - 1), at: T0 + row * 60_000, duration: 12 }))
    }
    await importAll(db, c.id, records)
    return { db, caseId: c.id }
  })())
}

/** A pace whose pauses wait until released or hurried (or resolve at once when `free`), counting them. */
function gatedPace(free = false): Omit<Pace, 'urgent'> & { urgent: boolean; pauses: number; waiting: (() => void)[]; release(): void } {
  const waiting: (() => void)[] = []
  return {
    urgent: false,
    pauses: 0,
    waiting,
    hurry() {
      this.urgent = true
      this.release()
    },
    pause() {
      this.pauses++
      return free ? Promise.resolve() : new Promise<void>((resolve) => waiting.push(resolve))
    },
    release() {
      for (const r of waiting.splice(0)) r()
    }
  }
}

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 10_000 && !cond(); i++) await new Promise((r) => setTimeout(r, 0))
  if (!cond()) throw new Error('condition never held')
}

describe('entity tables warmed up in the background', () => {
  it('gives the same rows, in the same order, as a table read at once, pausing between blocks', { timeout: 120_000 }, async () => {
    const { db, caseId } = await seeded()
    const pace = gatedPace(true)
    const warm = ok(await new EntityRepository(db, new EventStore(db)).entityTable(caseId, 'phone', pace))
    const direct = ok(await new EntityRepository(db, new EventStore(db)).entityTable(caseId, 'phone'))
    expect(warm.rows.length).toBe(PHONES + 1)
    expect(warm.rows).toEqual(direct.rows)
    expect(warm.counts).toEqual(direct.counts)
    // Busiest first: the caller of everyone, then the numbers called five times (and more), down to the rest.
    expect(warm.rows[0]!.key).toBe(`phone:${phoneOf(0)}`)
    expect(warm.rows[1]!.events).toBeGreaterThanOrEqual(5)
    expect(warm.rows.every((r, i) => i === 0 || warm.rows[i - 1]!.events >= r.events)).toBe(true)
    // At least a pause per block of statistics and per slice of rows resolved: never one long step.
    expect(pace.pauses).toBeGreaterThanOrEqual(2 * Math.ceil((PHONES + 1) / ENTITY_STATS_PER_BLOCK))
  })

  it('lets a table clicked meanwhile finish the same work without the pauses, decoding once', { timeout: 120_000 }, async () => {
    const { db, caseId } = await seeded()
    const store = new EventStore(db)
    let decodes = 0
    const blocks = db.entityStatBlocks.where.bind(db.entityStatBlocks)
    db.entityStatBlocks.where = ((index: string) => {
      if (index === 'caseId') decodes++
      return blocks(index)
    }) as typeof db.entityStatBlocks.where
    try {
      const repo = new EntityRepository(db, store)
      const pace = gatedPace()
      const warming = repo.entityTable(caseId, 'phone', pace)
      // The warm-up is held at its first pause (the analyst has not clicked yet)…
      await until(() => pace.waiting.length > 0)
      // …the table asks: it joins the warm-up, which ends the pause it is in and goes on without pausing.
      const clicked = repo.entityTable(caseId, 'phone')
      await until(() => pace.urgent)
      const held = pace.pauses
      const [w, c] = await Promise.all([warming, clicked])
      expect(ok(c).rows).toBe(ok(w).rows)
      expect(ok(c).rows.length).toBe(PHONES + 1)
      expect(pace.pauses).toBe(held)
      expect(decodes).toBe(1)
    } finally {
      db.entityStatBlocks.where = blocks
    }
  })

  it('is hurried by the timeline asking the store for statistics meanwhile', { timeout: 120_000 }, async () => {
    const { db, caseId } = await seeded()
    const store = new EventStore(db)
    const pace = gatedPace()
    const warming = store.allEntityStats(caseId, pace)
    await until(() => pace.waiting.length > 0)
    const top = store.entityStats(caseId, { prefix: 'phone:', limit: 2 })
    await until(() => pace.urgent)
    const [all, page] = await Promise.all([warming, top])
    expect(ok(all).length).toBe(PHONES + 1)
    expect(ok(page).entities.map((e) => e.key)[0]).toBe(`phone:${phoneOf(0)}`)
    // Another warm-up joining does not hurry it: only a caller on screen does.
    const slow = gatedPace()
    const again = new EventStore(db)
    const first = again.allEntityStats(caseId, slow)
    await until(() => slow.waiting.length > 0)
    const second = again.allEntityStats(caseId, gatedPace(true))
    await new Promise((r) => setTimeout(r, 20))
    expect(slow.urgent).toBe(false)
    let settled = false
    void first.then(() => (settled = true))
    while (!settled) {
      slow.release()
      await new Promise((r) => setTimeout(r, 0))
    }
    expect(ok(await second)).toBe(ok(await first))
  })

  it('gives the merged rows when the analyst has merged entities (resolved all at once)', { timeout: 120_000 }, async () => {
    const { db, caseId } = await seeded()
    const writer = new EntityRepository(db, new EventStore(db))
    ok(await writer.merge(caseId, { into: `phone:${phoneOf(1)}`, members: [`phone:${phoneOf(ENTITY_STATS_PER_BLOCK + 7)}`] }))
    try {
      const warm = ok(await new EntityRepository(db, new EventStore(db)).entityTable(caseId, 'phone', gatedPace(true)))
      const direct = ok(await new EntityRepository(db, new EventStore(db)).entityTable(caseId, 'phone'))
      expect(warm.rows).toEqual(direct.rows)
      expect(warm.rows.length).toBe(PHONES)
      expect(warm.rows.find((r) => r.key === `phone:${phoneOf(1)}`)?.members).toHaveLength(2)
    } finally {
      const undo = ok(await writer.listResolutions(caseId)).find((r) => r.undoneAt === null)
      if (undo) ok(await writer.undo(caseId, undo.id))
    }
  })

  it('pauses in the background until hurried, then not at all', async () => {
    vi.useFakeTimers()
    try {
      const pace = backgroundPace()
      let done = 0
      void paceStep(pace)!.then(() => done++)
      await Promise.resolve()
      expect(done).toBe(0)
      // Nothing else to do (here: the timer runs): the pause ends.
      await vi.runAllTimersAsync()
      expect(done).toBe(1)
      void paceStep(pace)!.then(() => done++)
      await Promise.resolve()
      expect(done).toBe(1)
      // Someone waits on screen: the pause in progress ends without the timer, and no step pauses again.
      pace.hurry()
      await Promise.resolve()
      await Promise.resolve()
      expect(done).toBe(2)
      expect(pace.urgent).toBe(true)
      expect(paceStep(pace)).toBeUndefined()
    } finally {
      vi.useRealTimers()
    }
  })
})
