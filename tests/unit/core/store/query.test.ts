// The query engine over many segments, checked against a plain filter-and-sort over the records themselves.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { WaymarkRecord } from '../../../../src/core/model/records'
import { buildSegments } from '../../../../src/core/store/encode'
import { EventIndex, type EventFilter, type IndexedSegment } from '../../../../src/core/store/query'
import { eventId, type EventKindName } from '../../../../src/core/store/segment'
import { call, event, movement, rng, SRC_A, SRC_B, T0, transfer } from './records'

function index(sources: readonly (readonly WaymarkRecord[])[], segmentSize = 4): EventIndex {
  const segs: IndexedSegment[] = []
  for (const records of sources) {
    const built = buildSegments(records, { segmentSize })
    built.segments.forEach((segment) => segs.push({ id: `${segment.sourceId}#${segment.seq}`, segment }))
  }
  return new EventIndex(segs)
}

const X = '+66811111111'
const Y = '+66822222222'
const Z = '+95912345678'

const sourceA: WaymarkRecord[] = [
  call({ row: 2, a: X, b: Y, at: T0, duration: 10 }),
  call({ row: 3, a: Y, b: X, at: T0 + 60_000, direction: 'incoming', duration: 20 }),
  call({ row: 4, a: X, b: Z, at: T0 + 120_000, service: 'sms' }),
  call({ row: 5, a: Z, b: Y, at: T0 + 180_000, imei: '356938035643809' }),
  transfer(6, T0 + 240_000, 'Somchai Jaidee', 'Aung Aung', '5,000', 'THB'),
  movement(7, T0 + 300_000, 'Aung Aung', 'MA 123456'),
  event(8, undefined, 'Interdiction off Ranong', ['Navy']),
  event(9, T0 + 360_000, 'ประชุมที่แม่สอด')
]
const sourceB: WaymarkRecord[] = [
  call({ row: 2, a: X, b: Y, at: T0, source: SRC_B, direction: 'incoming', duration: 11 }),
  call({ row: 3, a: Z, b: X, at: T0 + 90_000, source: SRC_B, direction: 'incoming' })
]

const ids = (idx: EventIndex, f: EventFilter): string[] => idx.query({ limit: 1000, ...f }).events.map((e) => e.id)
const idA = (row: number, sheet = 'CDR') => eventId(SRC_A, sheet, row)
const idB = (row: number) => eventId(SRC_B, 'CDR', row)

describe('event queries', () => {
  const idx = index([sourceA, sourceB], 3)

  it('lists everything in time order, ties by source then row, undated last', () => {
    expect(ids(idx, {})).toEqual([idA(2), idB(2), idA(3), idB(3), idA(4), idA(5), idA(6), idA(7), idA(9), idA(8)])
  })

  it('reverses dated events for newest first and still lists undated ones last', () => {
    expect(ids(idx, { order: 'desc' })).toEqual([idA(9), idA(7), idA(6), idA(5), idA(4), idB(3), idA(3), idB(2), idA(2), idA(8)])
  })

  it('includes the start and excludes the end of a time range, and never lists undated events in one', () => {
    expect(ids(idx, { from: T0 + 60_000, to: T0 + 180_000 })).toEqual([idA(3), idB(3), idA(4)])
    expect(ids(idx, { from: T0 + 60_001, to: T0 + 180_001 })).toEqual([idB(3), idA(4), idA(5)])
    expect(ids(idx, { from: T0 + 360_001 })).toEqual([])
    expect(ids(idx, { to: T0 })).toEqual([])
    expect(ids(idx, { includeUndated: false })).not.toContain(idA(8))
  })

  it('finds an entity in either role, or only in the roles asked for', () => {
    const key = `phone:${X}`
    expect(ids(idx, { entities: [key] })).toEqual([idA(2), idB(2), idA(3), idB(3), idA(4)])
    expect(ids(idx, { entities: [key], roles: ['a'] })).toEqual([idA(2), idB(2), idA(4)])
    expect(ids(idx, { entities: ['imei:356938035643809'] })).toEqual([idA(5)])
    expect(ids(idx, { entities: ['person:aung aung'] })).toEqual([idA(6), idA(7)])
    expect(ids(idx, { entities: ['phone:+10000000000'] })).toEqual([])
    // A long list of keys (an analyst's watch list) finds the same events.
    const watchList = [...Array.from({ length: 12 }, (_, i) => `phone:+1000000000${i}`), key]
    expect(ids(idx, { entities: watchList })).toEqual(ids(idx, { entities: [key] }))
  })

  it('filters by kind and by source', () => {
    expect(ids(idx, { kinds: ['sms', 'transfer'] })).toEqual([idA(4), idA(6)])
    expect(ids(idx, { sources: [SRC_B] })).toEqual([idB(2), idB(3)])
  })

  it('finds text in event descriptions and in entity values, ignoring case, but not in key prefixes', () => {
    expect(ids(idx, { text: 'INTERDICTION' })).toEqual([idA(8)])
    expect(ids(idx, { text: 'แม่สอด' })).toEqual([idA(9)])
    expect(ids(idx, { text: 'ออก' })).toEqual([idA(7)])
    expect(ids(idx, { text: '5,000 thb' })).toEqual([idA(6)])
    expect(ids(idx, { text: '9591234' })).toEqual([idB(3), idA(4), idA(5)])
    expect(ids(idx, { text: 'phone' })).toEqual([])
  })

  it('pages with offset and limit, and counts all matches', () => {
    const all = ids(idx, {})
    const pages: string[] = []
    for (let offset = 0; offset < all.length; offset += 3) pages.push(...idx.query({ offset, limit: 3 }).events.map((e) => e.id))
    expect(pages).toEqual(all)
    expect(idx.query({ offset: 2, limit: 3 }).total).toBe(all.length)
    expect(idx.count({ entities: [`phone:${X}`] })).toBe(5)
    expect(idx.query({ offset: 50 }).events).toEqual([])
  })

  it('describes an event with its parties, kind, direction, duration and flags', () => {
    const e = idx.query({ entities: ['imei:356938035643809'] }).events[0]!
    expect(e).toMatchObject({ id: idA(5), sourceId: SRC_A, fileName: 'target-a.csv', row: 5, at: T0 + 180_000, zone: 'Asia/Bangkok', kind: 'call', direction: 'outgoing', durationS: null })
    expect(e.parties).toEqual({ a: `phone:${Z}`, b: `phone:${Y}`, imei: 'imei:356938035643809' })
    const undated = idx.query({ text: 'interdiction' }).events[0]!
    expect(undated.at).toBeNull()
    expect(undated.flags).toContain('undated')
    expect(idx.find(SRC_A, 'CDR', 8)).not.toBeNull()
    expect(idx.find(SRC_A, 'CDR', 99)).toBeNull()
  })

  it('leaves hidden mirror duplicates out of results and counts unless asked', () => {
    const built = buildSegments(sourceB, { segmentSize: 10 })
    const hidden = new Uint8Array(2)
    hidden[0] = 1
    const withHidden = new EventIndex([{ id: 'b', segment: built.segments[0]!, hidden }])
    expect(withHidden.count()).toBe(1)
    expect(withHidden.query({ includeMirrorDuplicates: true }).events.map((e) => [e.id, e.mirrorDuplicate])).toEqual([
      [idB(2), true],
      [idB(3), false]
    ])
  })
})

describe('event queries agree with a plain filter over the records (property)', () => {
  interface Plain {
    id: string
    at: number
    source: string
    row: number
    kind: EventKindName
    keys: string[]
  }
  const numbers = ['+66811111111', '+66822222222', '+66833333333', '+95912345678', '+85512345678']

  function generate(seed: number, n: number): { sources: WaymarkRecord[][]; plain: Plain[] } {
    const r = rng(seed)
    const sources: WaymarkRecord[][] = [[], [], []]
    const plain: Plain[] = []
    const srcIds = [SRC_A, SRC_B, 'c'.repeat(64)]
    for (let i = 0; i < n; i++) {
      const s = Math.floor(r() * 3)
      const a = numbers[Math.floor(r() * numbers.length)]!
      const b = numbers[Math.floor(r() * numbers.length)]!
      // Few distinct times, so ties across sources are common.
      const at = T0 + Math.floor(r() * 20) * 1000
      const service = r() < 0.7 ? 'call' : 'sms'
      const row = sources[s]!.length + 2
      sources[s]!.push(call({ row, a, b, at, source: srcIds[s]!, service, fileName: `f${s}.csv` }))
      plain.push({ id: eventId(srcIds[s]!, 'CDR', row), at, source: srcIds[s]!, row, kind: service, keys: [`phone:${a}`, `phone:${b}`] })
    }
    return { sources, plain }
  }

  it('returns the same events in the same order', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 9 }),
        fc.record({
          from: fc.option(fc.integer({ min: -2, max: 22 }), { nil: undefined }),
          to: fc.option(fc.integer({ min: -2, max: 22 }), { nil: undefined }),
          entity: fc.option(fc.constantFrom(...numbers), { nil: undefined }),
          kind: fc.option(fc.constantFrom('call', 'sms' as const), { nil: undefined }),
          desc: fc.boolean(),
          offset: fc.integer({ min: 0, max: 10 }),
          limit: fc.integer({ min: 0, max: 15 })
        }),
        (seed, n, size, q) => {
          const { sources, plain } = generate(seed, n)
          const idx = index(sources, size)
          const filter: EventFilter = {
            ...(q.from !== undefined ? { from: T0 + q.from * 1000 } : {}),
            ...(q.to !== undefined ? { to: T0 + q.to * 1000 } : {}),
            ...(q.entity ? { entities: [`phone:${q.entity}`] } : {}),
            ...(q.kind ? { kinds: [q.kind] } : {}),
            order: q.desc ? 'desc' : 'asc',
            offset: q.offset,
            limit: q.limit
          }
          const expected = plain
            .filter((p) => filter.from === undefined || p.at >= filter.from)
            .filter((p) => filter.to === undefined || p.at < filter.to)
            .filter((p) => !filter.entities || p.keys.includes(filter.entities[0]!))
            .filter((p) => !filter.kinds || p.kind === filter.kinds[0])
            .sort((x, y) => x.at - y.at || (x.source < y.source ? -1 : x.source > y.source ? 1 : 0) || x.row - y.row)
          if (q.desc) expected.reverse()
          const page = idx.query(filter)
          expect(page.total).toBe(expected.length)
          expect(idx.count(filter)).toBe(expected.length)
          expect(page.events.map((e) => e.id)).toEqual(expected.slice(q.offset, q.offset + q.limit).map((p) => p.id))
        }
      ),
      { numRuns: 200 }
    )
  })
})
