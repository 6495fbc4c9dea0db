// The event store's early read: a screen's data asked for while a prefetch of the same case is still reading is read
// once, a prefetch never hides what was committed after it started, and a read that failed is tried again.
import { describe, expect, it } from 'vitest'
import type { WaymarkRecord } from '../../../src/core/model/records'
import { CaseRepository } from '../../../src/workspace/cases'
import type { WorkspaceDb } from '../../../src/workspace/db'
import { EventStore } from '../../../src/workspace/eventStore'
import { call, SRC_B, T0 } from '../core/store/records'
import { freshDb, importRecords, ok } from './helpers'

const X = '+66811111111'
const Y = '+66822222222'
const Z = '+95912345678'


async function setup(name: string) {
  const { db } = freshDb(undefined, name)
  const c = await new CaseRepository(db).create('Operation Kite', 'K-1')
  if (!c.ok) throw new Error('case not created')
  return { db, caseId: c.value.id, store: new EventStore(db, () => 1_700_000_000_000) }
}

const importAll = (db: WorkspaceDb, caseId: string, records: readonly WaymarkRecord[], segmentSize: number) => importRecords(db, caseId, records, segmentSize)

/** Counts the segment rows read from the database (every read of segments goes through bulkGet). */
function countReads(db: WorkspaceDb): string[] {
  const read: string[] = []
  const bulkGet = db.segments.bulkGet.bind(db.segments)
  db.segments.bulkGet = ((keys: string[]) => {
    read.push(...keys)
    return bulkGet(keys)
  }) as typeof db.segments.bulkGet
  return read
}

const calls = (n: number, source?: string): WaymarkRecord[] =>
  Array.from({ length: n }, (_, i) => call({ row: i + 2, a: i % 4 === 0 ? Z : X, b: Y, at: T0 + i * 60_000, duration: 10, ...(source ? { source } : {}) }))

describe('event store prefetch', () => {
  it('reads each segment once when the screen asks for the case while a prefetch is still reading it, and both get the same events', async () => {
    const { db, caseId, store } = await setup('prefetch-shared')
    const records = calls(30)
    await importAll(db, caseId, records, 4)
    const read = countReads(db)
    // What the app does on opening a timeline: the prefetch starts, and the timeline asks before it has finished.
    const prefetch = store.prefetch(caseId)
    const [asked] = await Promise.all([store.segments(caseId), prefetch])
    const segs = ok(asked)
    expect(segs.reduce((n, s) => n + s.segment.count, 0)).toBe(records.length)
    expect(new Set(read).size).toBe(read.length)
    expect(read).toHaveLength(segs.length)
    // Later questions are answered from what was read, without reading again.
    const page = ok(await store.queryEvents(caseId, { entities: [`phone:${Z}`], limit: 100 }))
    expect(page.events.map((e) => e.row)).toEqual(records.filter((_, i) => i % 4 === 0).map((r) => r.provenance.row))
    expect(read).toHaveLength(segs.length)
  })

  it('does not hide events committed after a prefetch began', async () => {
    const { db, caseId, store } = await setup('prefetch-stale')
    await importAll(db, caseId, calls(10), 4)
    const prefetch = store.prefetch(caseId)
    await importAll(db, caseId, calls(6, SRC_B), 4)
    await prefetch
    expect(ok(await store.countEvents(caseId, {}))).toBe(16)
    const segs = ok(await store.segments(caseId))
    expect(segs.reduce((n, s) => n + s.segment.count, 0)).toBe(16)
  })

  it('reports a read that failed to the screen waiting on it, and reads again on the next request', async () => {
    const { db, caseId, store } = await setup('prefetch-failed')
    await importAll(db, caseId, calls(12), 4)
    const bulkGet = db.segments.bulkGet.bind(db.segments)
    let reads = 0
    let failRead: (err: unknown) => void = () => undefined
    db.segments.bulkGet = ((keys: string[]) => {
      // The first read (the prefetch's) fails once the screen is waiting on it.
      if (reads++ === 0) return new Promise((_, reject) => (failRead = reject))
      return bulkGet(keys)
    }) as typeof db.segments.bulkGet
    const prefetch = store.prefetch(caseId)
    const screen = store.segments(caseId)
    await new Promise((resolve) => setTimeout(resolve, 50))
    failRead(new DOMException('The disk is full', 'UnknownError'))
    const first = await screen
    await prefetch
    expect(first.ok).toBe(false)
    expect(reads).toBe(1)
    const again = ok(await store.segments(caseId))
    expect(again.reduce((n, s) => n + s.segment.count, 0)).toBe(12)
    expect(reads).toBe(2)
  })
})
