// Entity filters through the per-segment postings (store/entityIndex.ts) find exactly the events a scan of the seven
// entity columns finds: several keys at once, some roles only, with kinds, time ranges and mirror duplicates.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { WaymarkRecord } from '../../../../src/core/model/records'
import { buildSegments } from '../../../../src/core/store/encode'
import { buildPostingsWhile, entityPostings, eventsWithCodes, hasEntityPostings } from '../../../../src/core/store/entityIndex'
import { EventIndex, type EventFilter, type IndexedSegment } from '../../../../src/core/store/query'
import { ENTITY_COLUMNS, eventId, kindName, type EntityColumn, type EventKindName, type Segment } from '../../../../src/core/store/segment'
import { call, rng, SRC_A, SRC_B, T0 } from './records'

const numbers = ['+66811111111', '+66822222222', '+66833333333', '+95912345678', '+85512345678']
const imeis = ['356938035643809', '490154203237518']

function records(seed: number, n: number): WaymarkRecord[][] {
  const r = rng(seed)
  const out: WaymarkRecord[][] = [[], []]
  for (let i = 0; i < n; i++) {
    const s = r() < 0.5 ? 0 : 1
    const a = numbers[Math.floor(r() * numbers.length)]!
    // Now and then a party calls itself: the same code in two roles of one event.
    const b = r() < 0.1 ? a : numbers[Math.floor(r() * numbers.length)]!
    const rows = out[s]!
    rows.push(
      call({
        row: rows.length + 2,
        a,
        b,
        at: T0 + Math.floor(r() * 30) * 1000,
        source: s === 0 ? SRC_A : SRC_B,
        service: r() < 0.7 ? 'call' : 'sms',
        ...(r() < 0.3 ? { imei: imeis[Math.floor(r() * imeis.length)]! } : {})
      })
    )
  }
  return out
}

function segmentsOf(sources: readonly WaymarkRecord[][], size: number, hideSeed: number): IndexedSegment[] {
  const r = rng(hideSeed)
  const out: IndexedSegment[] = []
  for (const recs of sources) {
    for (const segment of buildSegments(recs, { segmentSize: size }).segments) {
      const hidden = new Uint8Array(segment.count)
      for (let i = 0; i < hidden.length; i++) hidden[i] = r() < 0.15 ? 1 : 0
      out.push({ id: `${segment.sourceId}#${segment.seq}`, segment, hidden })
    }
  }
  return out
}

/** The old way: every event's seven entity columns against the wanted keys. */
function scan(segs: readonly IndexedSegment[], f: EventFilter): string[] {
  const hits: { id: string; at: number; source: string; row: number }[] = []
  for (const s of segs) {
    const seg = s.segment
    for (let i = 0; i < seg.count; i++) {
      if (!f.includeMirrorDuplicates && s.hidden?.[i] === 1) continue
      const at = seg.at[i]!
      if (f.from !== undefined && !(at >= f.from)) continue
      if (f.to !== undefined && !(at < f.to)) continue
      if (f.kinds && !f.kinds.includes(kindName(seg.kind[i]!))) continue
      const roles: readonly EntityColumn[] = f.roles ?? ENTITY_COLUMNS
      if (f.entities && !roles.some((c) => f.entities!.includes(seg.dict[seg[c][i]!]!))) continue
      const sheet = seg.dict[seg.sheet[i]!]!
      hits.push({ id: eventId(seg.sourceId, sheet, seg.row[i]!), at, source: seg.sourceId, row: seg.row[i]! })
    }
  }
  hits.sort((x, y) => x.at - y.at || (x.source < y.source ? -1 : x.source > y.source ? 1 : 0) || x.row - y.row)
  return hits.map((h) => h.id)
}

describe('entity postings', () => {
  it('list each event once under every distinct code it carries, in event order', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 2, max: 40 }), (seed, n) => {
        const own = records(seed, n)[0]!
        fc.pre(own.length > 0)
        const seg: Segment = buildSegments(own, { segmentSize: 1000 }).segments[0]!
        const p = entityPostings(seg)
        for (let code = 1; code < seg.dict.length; code++) {
          const expected: number[] = []
          for (let i = 0; i < seg.count; i++) if (ENTITY_COLUMNS.some((c) => seg[c][i] === code)) expected.push(i)
          expect([...eventsWithCodes(p, [code], 0, seg.count)]).toEqual(expected)
        }
        // Two codes: the union, each event once.
        const [x, y] = [seg.dict.indexOf(`phone:${numbers[0]}`), seg.dict.indexOf(`phone:${numbers[1]}`)]
        const union: number[] = []
        for (let i = 0; i < seg.count; i++) if (ENTITY_COLUMNS.some((c) => (x > 0 && seg[c][i] === x) || (y > 0 && seg[c][i] === y))) union.push(i)
        expect([...eventsWithCodes(p, [x, y, x], 0, seg.count)]).toEqual(union)
      }),
      { numRuns: 60 }
    )
  })

  it('are built once per segment, and a few segments at a time while there is time', () => {
    const segs = buildSegments(records(7, 60)[0]!, { segmentSize: 5 }).segments
    expect(segs.length).toBeGreaterThan(3)
    let budget = 2
    expect(buildPostingsWhile(segs, () => budget-- > 0)).toBe(false)
    expect(segs.map(hasEntityPostings).filter(Boolean)).toHaveLength(2)
    expect(buildPostingsWhile(segs, () => true)).toBe(true)
    expect(entityPostings(segs[0]!)).toBe(entityPostings(segs[0]!))
  })
})

describe('entity filters through the postings agree with a scan of the columns (property)', () => {
  it('for several keys, some roles, kinds, time ranges and mirror duplicates', () => {
    const keys = [...numbers.map((n) => `phone:${n}`), ...imeis.map((i) => `imei:${i}`), 'phone:+10000000000']
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 1, max: 9 }),
        fc.record({
          entities: fc.subarray(keys, { minLength: 1, maxLength: 3 }),
          roles: fc.option(fc.subarray([...ENTITY_COLUMNS], { minLength: 1 }), { nil: undefined, freq: 1 }),
          kind: fc.option(fc.constantFrom<EventKindName>('call', 'sms'), { nil: undefined, freq: 1 }),
          from: fc.option(fc.integer({ min: -2, max: 32 }), { nil: undefined }),
          to: fc.option(fc.integer({ min: -2, max: 32 }), { nil: undefined }),
          mirrors: fc.boolean(),
          desc: fc.boolean()
        }),
        (seed, n, size, q) => {
          const segs = segmentsOf(records(seed, n), size, seed ^ 0x5bd1e995)
          const filter: EventFilter = {
            entities: q.entities,
            ...(q.roles ? { roles: q.roles } : {}),
            ...(q.kind ? { kinds: [q.kind] } : {}),
            ...(q.from !== undefined ? { from: T0 + q.from * 1000 } : {}),
            ...(q.to !== undefined ? { to: T0 + q.to * 1000 } : {}),
            ...(q.mirrors ? { includeMirrorDuplicates: true } : {}),
            limit: 10_000
          }
          const expected = scan(segs, filter)
          // Before the postings are built (the query scans the columns), then through them; fresh segment wrappers, so
          // the second round does not answer from the first one's cached matches.
          for (const built of [false, true]) {
            if (built) expect(buildPostingsWhile(segs.map((x) => x.segment), () => true)).toBe(true)
            const idx = new EventIndex(segs.map((x) => ({ ...x })))
            expect(idx.query(filter).events.map((e) => e.id)).toEqual(expected)
            expect(idx.count(filter)).toBe(expected.length)
            const byMatch = idx.matchIndexes(filter).reduce((k, m) => k + m.idx.length, 0)
            expect(byMatch).toBe(expected.length)
            if (q.desc) {
              // Newest first must not reverse the postings in place: the same query ascending afterwards is unchanged.
              expect(idx.query({ ...filter, order: 'desc' }).total).toBe(expected.length)
              expect(idx.query(filter).events.map((e) => e.id)).toEqual(expected)
            }
          }
        }
      ),
      { numRuns: 200 }
    )
  })
})
