// The event store as the screens use it: queries, one event with its originals and provenances, statistics,
// marks, and a cache that notices other writers.
import { describe, expect, it } from 'vitest'
import type { CallRecord, WaymarkRecord } from '../../../src/core/model/records'
import { buildPostingsWhile } from '../../../src/core/store/entityIndex'
import { eventId } from '../../../src/core/store/segment'
import { CaseRepository } from '../../../src/workspace/cases'
import type { WorkspaceDb } from '../../../src/workspace/db'
import { EventStore } from '../../../src/workspace/eventStore'
import { listSources, removeSource } from '../../../src/workspace/importJob'
import { call, event, movement, phone, SRC_A, SRC_B, T0, transfer } from '../core/store/records'
import { freshDb, importRecords, ok } from './helpers'

const X = '+66811111111'
const Y = '+66822222222'
const Z = '+95912345678'


async function setup(name = 'store') {
  const { db } = freshDb(undefined, name)
  const c = await new CaseRepository(db).create('Operation Kite', 'K-1')
  if (!c.ok) throw new Error()
  return { db, caseId: c.value.id, store: new EventStore(db, () => 1_700_000_000_000) }
}

const importAll = (db: WorkspaceDb, caseId: string, records: readonly WaymarkRecord[], segmentSize = 2) => importRecords(db, caseId, records, segmentSize)

const unicodeCall: CallRecord = {
  kind: 'call',
  provenance: { sourceSha256: SRC_A, fileName: 'target-a.csv', sheet: 'ชีต 1', row: 40 },
  service: 'call',
  direction: 'outgoing',
  aParty: { kind: 'e164', e164: X, country: 'TH', original: '๐๘๑ ๑๑๑ ๑๑๑๑' },
  bParty: { kind: 'e164', e164: Z, country: 'MM', original: '၀၉ ၁၂၃ ၄၅၆ ၇၈' },
  start: { utcMs: T0 + 42, zone: 'Asia/Bangkok', explicitOffset: false, original: '๑/๓/๒๕๖๗ ๑๐:๐๐', precision: 'minute' },
  durationSeconds: 61,
  durationOriginal: '1 นาที 1 วินาที',
  siteName: 'ແມ່ສອດ · Mae Sot ☎',
  flags: ['buddhist-era'],
  extra: { 'หมายเหตุ (note)': 'ลูกค้า "VIP"' }
}

const sourceA: WaymarkRecord[] = [
  call({ row: 2, a: X, b: Y, at: T0, duration: 60, direction: 'outgoing' }),
  call({ row: 3, a: Z, b: Y, at: T0 + 86_400_000, duration: 5 }),
  unicodeCall,
  transfer(5, T0 + 1000, 'Somchai Jaidee', 'Aung Aung', '5,000', 'THB'),
  transfer(6, undefined, 'Somchai Jaidee', 'Ko Ko', '700', 'USD'),
  movement(7, T0 - 86_400_000, 'Aung Aung', 'MA 123456'),
  event(8, undefined, 'Boat intercepted off Ranong', ['Navy', 'Boat 12', 'Crew of 40']),
  { kind: 'person', provenance: { sourceSha256: SRC_A, fileName: 'target-a.csv', sheet: 'Subs', row: 2 }, name: 'Somchai Jaidee', phone: phone(X) }
]
const sourceB: WaymarkRecord[] = [
  call({ row: 2, a: X, b: Y, at: T0 + 30_000, duration: 59, direction: 'incoming', source: SRC_B }),
  call({ row: 3, a: Y, b: Z, at: T0 + 172_800_000, duration: 5, direction: 'outgoing', source: SRC_B })
]

describe('event store', () => {
  it('gives back every imported record exactly, originals included, through IndexedDB', async () => {
    const { db, caseId, store } = await setup()
    await importAll(db, caseId, sourceA)
    for (const r of sourceA) {
      if (r.kind === 'person') continue
      const id = eventId(r.provenance.sourceSha256, r.provenance.sheet, r.provenance.row)
      const detail = ok(await store.getEvent(caseId, id))
      expect(detail?.record).toEqual(r)
      expect(detail?.provenances).toEqual([r.provenance])
      expect(detail?.event.id).toBe(id)
    }
    expect(ok(await store.getEvent(caseId, eventId(SRC_A, 'CDR', 999)))).toBeNull()
    expect(ok(await store.getEvent(caseId, 'not an id'))).toBeNull()
    expect(ok(await store.getEvent(caseId, eventId(SRC_B, 'CDR', 2)))).toBeNull()
  })

  it('opens a mirrored call with both records and both provenances, from either half', async () => {
    const { db, caseId, store } = await setup()
    await importAll(db, caseId, sourceA)
    await importAll(db, caseId, sourceB)
    const visible = ok(await store.getEvent(caseId, eventId(SRC_A, 'CDR', 2)))!
    expect(visible.event.mirrored).toBe(true)
    expect(visible.provenances.map((p) => [p.sourceSha256, p.fileName, p.row])).toEqual([
      [SRC_A, 'target-a.csv', 2],
      [SRC_B, 'target-b.csv', 2]
    ])
    expect(visible.mirror).toMatchObject({ role: 'duplicate', record: sourceB[0] })
    const hidden = ok(await store.getEvent(caseId, eventId(SRC_B, 'CDR', 2)))!
    expect(hidden.event.mirrorDuplicate).toBe(true)
    expect(hidden.mirror?.role).toBe('primary')
    expect(hidden.mirror?.record).toEqual(sourceA[0])
  })

  it('answers time, entity, kind and text queries, newest first when asked', async () => {
    const { db, caseId, store } = await setup()
    await importAll(db, caseId, sourceA)
    const rows = async (f: Parameters<EventStore['queryEvents']>[1]) => ok(await store.queryEvents(caseId, f)).events.map((e) => e.row)
    expect(await rows({})).toEqual([7, 2, 40, 5, 3, 6, 8])
    expect(await rows({ order: 'desc' })).toEqual([3, 5, 40, 2, 7, 6, 8])
    expect(await rows({ from: T0, to: T0 + 1000 })).toEqual([2, 40])
    expect(await rows({ entities: [`phone:${Y}`] })).toEqual([2, 3])
    expect(await rows({ entities: ['person:somchai jaidee'] })).toEqual([5, 6])
    expect(await rows({ kinds: ['transfer', 'movement'] })).toEqual([7, 5, 6])
    expect(await rows({ text: 'ranong' })).toEqual([8])
    expect(await rows({ text: 'crew of 40' })).toEqual([8])
    expect(await rows({ limit: 2, offset: 1 })).toEqual([2, 40])
    expect(ok(await store.countEvents(caseId, { kinds: ['call'] }))).toBe(3)
  })

  it('reads only the segments an entity occurs in for an entity query', async () => {
    const { db, caseId, store } = await setup()
    const many: WaymarkRecord[] = []
    for (let i = 0; i < 40; i++) many.push(call({ row: i + 2, a: X, b: Y, at: T0 + i * 60_000, duration: 10 }))
    many.push(call({ row: 100, a: Z, b: Y, at: T0 + 5 * 60_000 + 1, duration: 10 }))
    await importAll(db, caseId, many, 4)
    const asked: string[] = []
    const bulkGet = db.segments.bulkGet.bind(db.segments)
    db.segments.bulkGet = ((keys: string[]) => {
      asked.push(...keys)
      return bulkGet(keys)
    }) as typeof db.segments.bulkGet
    const page = ok(await store.queryEvents(caseId, { entities: [`phone:${Z}`] }))
    expect(page.events.map((e) => e.row)).toEqual([100])
    expect(asked).toHaveLength(1)
    expect(await db.segments.count()).toBe(11)
  })

  it('answers an entity query from segments it has already decoded and indexed, without reading them or the statistics again', async () => {
    const { db, caseId, store } = await setup()
    const many: WaymarkRecord[] = []
    for (let i = 0; i < 40; i++) many.push(call({ row: i + 2, a: i % 3 === 0 ? Z : X, b: Y, at: T0 + i * 60_000, duration: 10 }))
    await importAll(db, caseId, many, 4)
    // What the timeline does on opening and then while idle: every segment decoded, then their postings built.
    const all = ok(await store.segments(caseId))
    expect(buildPostingsWhile(all.map((s) => s.segment), () => true)).toBe(true)
    const read: string[] = []
    const bulkGet = db.segments.bulkGet.bind(db.segments)
    db.segments.bulkGet = ((keys: string[]) => {
      read.push(...keys)
      return bulkGet(keys)
    }) as typeof db.segments.bulkGet
    const where = db.entityStatBlocks.where.bind(db.entityStatBlocks)
    db.entityStatBlocks.where = ((index: string) => {
      read.push(`statistics by ${index}`)
      return where(index)
    }) as typeof db.entityStatBlocks.where
    const page = ok(await store.queryEvents(caseId, { entities: [`phone:${Z}`], limit: 100 }))
    expect(page.events.map((e) => e.row)).toEqual(many.filter((_, i) => i % 3 === 0).map((r) => r.provenance.row))
    expect(ok(await store.countEvents(caseId, { entities: [`phone:${X}`, `phone:${Z}`] }))).toBe(40)
    expect(read).toEqual([])
  })

  it('lists entity statistics by prefix and by events, without exposing where they are stored', async () => {
    const { db, caseId, store } = await setup()
    await importAll(db, caseId, sourceA)
    const phones = ok(await store.entityStats(caseId, { prefix: 'phone:' }))
    expect(phones.entities.map((e) => [e.key, e.events])).toEqual([
      [`phone:${X}`, 2],
      [`phone:${Y}`, 2],
      [`phone:${Z}`, 2]
    ])
    expect(phones.entities[0]).not.toHaveProperty('segments')
    expect(phones.entities[0]).toMatchObject({ names: ['Somchai Jaidee'], contacts: [`phone:${Y}`, `phone:${Z}`], callSeconds: 121 })
    const top = ok(await store.entityStats(caseId, { limit: 1 }))
    expect(top.total).toBeGreaterThan(5)
    expect(top.entities).toHaveLength(1)
    expect(ok(await store.entityStats(caseId, { keys: ['account:NOPE'] })).entities).toEqual([])
  })

  it('keeps an analyst’s marks, audits them, and finds them again after the file is removed and re-imported', async () => {
    const { db, caseId, store } = await setup()
    const first = await importAll(db, caseId, sourceA)
    const id = eventId(SRC_A, 'CDR', 2)
    ok(await store.setMark(caseId, id, { starred: true, tags: [' broker ', ''] }))
    const mark = ok(await store.setMark(caseId, id, { note: 'ติดต่อนายหน้า' }))
    expect(mark).toMatchObject({ eventId: id, starred: true, tags: ['broker'], note: 'ติดต่อนายหน้า' })
    const last = await db.audit.orderBy('seq').last()
    expect(last?.action).toBe('event.marked')
    expect(JSON.parse(last!.details)).toMatchObject({ eventId: id, note: 'ติดต่อนายหน้า' })
    expect(ok(await store.queryEvents(caseId, { limit: 2 })).events.map((e) => e.mark?.starred ?? false)).toEqual([false, true])

    const missing = await store.setMark(caseId, eventId(SRC_A, 'CDR', 999), { starred: true })
    expect(missing.ok).toBe(false)

    ok(await removeSource(db, caseId, first.importId))
    expect(ok(await store.getEvent(caseId, id))).toBeNull()
    await importAll(db, caseId, sourceA)
    expect(ok(await store.getEvent(caseId, id))?.mark).toMatchObject({ starred: true, note: 'ติดต่อนายหน้า' })
  })

  it('notices imports and removals made through another connection', async () => {
    const { db, caseId, store } = await setup()
    await importAll(db, caseId, sourceA)
    expect(ok(await store.countEvents(caseId, { entities: [`phone:${Y}`] }))).toBe(2)
    await importAll(db, caseId, sourceB)
    expect(ok(await store.countEvents(caseId, { entities: [`phone:${Y}`] }))).toBe(3)
    const [a] = ok(await listSources(db, caseId))
    ok(await removeSource(db, caseId, a!.id))
    expect(ok(await store.queryEvents(caseId)).events.map((e) => [e.sourceId, e.row])).toEqual([
      [SRC_B, 2],
      [SRC_B, 3]
    ])
  })
})
