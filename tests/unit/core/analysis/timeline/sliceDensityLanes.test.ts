// What the timeline draws: the matching events in time order in the right lanes (a call between two picked phones is a
// link across both), histogram buckets that add up, lanes that fit, and glyph packing that never loses an event.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { WaymarkRecord } from '../../../../../src/core/model/records'
import { buildSegments } from '../../../../../src/core/store/encode'
import { EventIndex, type IndexedSegment } from '../../../../../src/core/store/query'
import { eventId } from '../../../../../src/core/store/segment'
import { countInRange, densityHistogram } from '../../../../../src/core/analysis/timeline/density'
import { GLYPH_KINDS, laneAt, laneGeometry, lanesFor, packGlyphs, TYPE_LANES } from '../../../../../src/core/analysis/timeline/lanes'
import { lowerIndex, prepareSlice, sliceEventId, sliceEvents, sliceIndexOf } from '../../../../../src/core/analysis/timeline/slice'
import { call, event, movement, rng, SRC_A, SRC_B, T0, transfer } from '../../store/records'

const X = '+66811111111'
const Y = '+66822222222'
const Z = '+95912345678'
const kx = `phone:${X}`
const ky = `phone:${Y}`

function segmentsOf(sources: readonly (readonly WaymarkRecord[])[], segmentSize = 3): IndexedSegment[] {
  const out: IndexedSegment[] = []
  for (const records of sources) for (const segment of buildSegments(records, { segmentSize }).segments) out.push({ id: `${segment.sourceId}#${segment.seq}`, segment })
  return out
}

const sourceA: WaymarkRecord[] = [
  call({ row: 2, a: X, b: Y, at: T0, duration: 10 }),
  call({ row: 3, a: Y, b: X, at: T0 + 60_000, direction: 'incoming', duration: 20 }),
  call({ row: 4, a: X, b: Z, at: T0 + 120_000, service: 'sms' }),
  call({ row: 5, a: Z, b: Y, at: T0 + 180_000 }),
  transfer(6, T0 + 240_000, 'Somchai Jaidee', 'Aung Aung', '5,000', 'THB'),
  movement(7, T0 + 300_000, 'Aung Aung', 'MA 123456'),
  event(8, undefined, 'Interdiction off Ranong'),
  event(9, T0 + 360_000, 'ประชุมที่แม่สอด')
]
const sourceB: WaymarkRecord[] = [call({ row: 2, a: Z, b: X, at: T0 + 90_000, source: SRC_B, direction: 'incoming' })]

describe('timeline slice', () => {
  const segs = segmentsOf([sourceA, sourceB])

  it('lists the dated matching events in the table order, each in its type lane', () => {
    const s = sliceEvents(segs, {}, { mode: 'types' })
    const dated = new EventIndex(segs).query({ limit: 100, includeUndated: false }).events
    expect(Array.from({ length: s.count }, (_, i) => sliceEventId(s, i))).toEqual(dated.map((e) => e.id))
    expect(s.undated).toBe(1)
    const laneIds = Array.from(s.laneA, (l) => TYPE_LANES[l]!.id)
    expect(laneIds).toEqual(['type:calls', 'type:calls', 'type:calls', 'type:messages', 'type:calls', 'type:transfers', 'type:movements', 'type:events'])
    expect(Array.from(s.glyph.subarray(0, 2), (g) => GLYPH_KINDS[g])).toEqual(['call-out', 'call-in'])
    expect(s.durationS[0]).toBe(10)
    expect(s.minAt).toBe(T0)
    expect(s.maxAt).toBe(T0 + 360_000)
  })

  it('in entity lanes keeps only events of the picked entities and draws a call between two of them as a link', () => {
    const s = sliceEvents(segs, {}, { mode: 'entities', keys: [kx, ky] })
    const got = Array.from({ length: s.count }, (_, i) => [sliceEventId(s, i), s.laneA[i], s.laneB[i]])
    expect(got).toEqual([
      [eventId(SRC_A, 'CDR', 2), 0, 1],
      [eventId(SRC_A, 'CDR', 3), 1, 0],
      [eventId(SRC_B, 'CDR', 2), 0, -1],
      [eventId(SRC_A, 'CDR', 4), 0, -1],
      [eventId(SRC_A, 'CDR', 5), 1, -1]
    ])
    expect(sliceIndexOf(s, eventId(SRC_A, 'CDR', 4))).toBe(3)
    expect(sliceIndexOf(s, eventId(SRC_A, 'CDR', 6))).toBe(-1)
  })

  it('applies the filter (kinds, range, the ids of starred events)', () => {
    expect(sliceEvents(segs, { kinds: ['call'] }, { mode: 'types' }).count).toBe(4)
    expect(sliceEvents(segs, { from: T0 + 60_000, to: T0 + 120_000 }, { mode: 'types' }).count).toBe(2)
    const starred = [eventId(SRC_A, 'CDR', 7), eventId(SRC_B, 'CDR', 2), 'not an id', eventId(SRC_A, 'Other', 7)]
    const s = sliceEvents(segs, { ids: starred }, { mode: 'types' })
    expect(Array.from({ length: s.count }, (_, i) => sliceEventId(s, i))).toEqual([eventId(SRC_B, 'CDR', 2), eventId(SRC_A, 'CDR', 7)])
    expect(sliceEvents(segs, { ids: [] }, { mode: 'types' }).count).toBe(0)
    expect(new EventIndex(segs).count({ ids: starred })).toBe(2)
  })
})

describe('timeline slice of interleaving sources', () => {
  it('merges many overlapping segments into the table order, ties included, in both lane modes', () => {
    const SRC_C = 'c'.repeat(64)
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.boolean()), { maxLength: 40 }), { minLength: 1, maxLength: 3 }),
        fc.integer({ min: 1, max: 7 }),
        (perSource, size) => {
          const srcs = [SRC_A, SRC_B, SRC_C]
          const records = perSource.map((evs, s) =>
            evs.map(([minute, toY], k) => call({ row: k + 2, a: X, b: toY ? Y : Z, at: T0 + minute * 60_000, source: srcs[s]!, fileName: `f${s}.csv` }))
          )
          const segs = segmentsOf(records, size)
          const dated = new EventIndex(segs).query({ limit: 10_000, includeUndated: false }).events.map((e) => e.id)
          const s = sliceEvents(segs, {}, { mode: 'types' })
          expect(Array.from({ length: s.count }, (_, i) => sliceEventId(s, i))).toEqual(dated)
          for (let i = 1; i < s.count; i++) expect(s.at[i]!).toBeGreaterThanOrEqual(s.at[i - 1]!)
          // Entity lanes: only the calls that reach Y, still in order, each a link between X's lane and Y's.
          const e = sliceEvents(segs, {}, { mode: 'entities', keys: [kx, ky] })
          const withY = new EventIndex(segs).query({ limit: 10_000, entities: [ky] }).events.map((x) => x.id)
          expect(Array.from({ length: e.count }, (_, i) => sliceEventId(e, i)).filter((id) => withY.includes(id))).toEqual(withY)
          expect(Array.from(e.laneB).filter((l) => l === 1).length).toBe(withY.length)
          // Filtered to one entity (with and without another criterion): exactly the store's matches, in its order.
          for (const f of [{ entities: [ky] }, { entities: [kx, 'phone:+000'], kinds: ['call' as const] }, { entities: ['phone:+000'] }]) {
            const got = sliceEvents(segs, f, { mode: 'types' })
            const want = new EventIndex(segs).query({ ...f, limit: 10_000, includeUndated: false }).events.map((x) => x.id)
            expect(Array.from({ length: got.count }, (_, i) => sliceEventId(got, i))).toEqual(want)
          }
        }
      ),
      { numRuns: 150 }
    )
  })
})

describe('timeline slice of whole segments (the unfiltered view)', () => {
  it('leaves mirror duplicates and undated events off the axis, and histograms and counts before and after the merge agree with the store', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.integer({ min: 0, max: 80 }), fc.integer({ min: 1, max: 9 }), fc.boolean(), (seed, n, size, ranged) => {
        const r = rng(seed)
        const bySource: WaymarkRecord[][] = [[], []]
        for (let i = 0; i < n; i++) {
          const s = r() < 0.5 ? 0 : 1
          const rows = bySource[s]!
          const at = T0 + Math.floor(r() * 100) * 60_000
          const source = s === 0 ? SRC_A : SRC_B
          const u = r()
          if (u < 0.1) rows.push(event(rows.length + 2, undefined, 'no date', [], source))
          else if (u < 0.2) rows.push(transfer(rows.length + 2, at, 'Somchai', 'Aung Aung', '5', 'THB', source))
          else rows.push(call({ row: rows.length + 2, a: X, b: r() < 0.5 ? Y : Z, at, source, fileName: 'target-a.csv', service: r() < 0.6 ? 'call' : 'sms' }))
        }
        const segs = segmentsOf(bySource, size).map((x) => {
          const hidden = new Uint8Array(x.segment.count)
          for (let i = 0; i < hidden.length; i++) hidden[i] = r() < 0.2 ? 1 : 0
          return { ...x, hidden }
        })
        const filter = ranged ? { from: T0 + 20 * 60_000, to: T0 + 70 * 60_000 } : {}
        const store = new EventIndex(segs)
        const dated = store.query({ ...filter, limit: 10_000, includeUndated: false }).events
        const s = sliceEvents(segs, filter, { mode: 'types' })
        expect(s.count).toBe(dated.length)
        expect(s.undated).toBe(store.count(filter) - dated.length)
        if (dated.length > 0) {
          expect(s.minAt).toBe(dated[0]!.at)
          expect(s.maxAt).toBe(dated[dated.length - 1]!.at)
        }
        const start = T0 + Math.floor(r() * 50) * 60_000
        const end = start + 1 + Math.floor(r() * 60) * 60_000
        const d = densityHistogram(s, start, end, 7, TYPE_LANES.length)
        const inRange = countInRange(s, start, end)
        expect(inRange).toBe(dated.filter((e) => e.at! >= start && e.at! < end).length)
        // Merged a step at a time (as idle callbacks do): the runs stay readable until the merge is done.
        let steps = 0
        while (!prepareSlice(s, () => false)) {
          steps++
          expect(countInRange(s, start, end)).toBe(inRange)
        }
        if (s.count > 0) expect(steps).toBeGreaterThan(0)
        // Once merged: the store's order, and the same histogram.
        expect(Array.from({ length: s.count }, (_, i) => sliceEventId(s, i))).toEqual(dated.map((e) => e.id))
        expect(s.runs).toBeNull()
        expect(densityHistogram(s, start, end, 7, TYPE_LANES.length).counts).toEqual(d.counts)
        expect(countInRange(s, start, end)).toBe(inRange)
        expect(d.total).toBe(inRange)
      }),
      { numRuns: 150 }
    )
  })
})

describe('density histogram', () => {
  it('puts every event in range in exactly one bucket per lane, start inclusive and end exclusive', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 400 }), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 1e9 }), (n, buckets, seed) => {
        const r = rng(seed)
        const recs: WaymarkRecord[] = []
        const phones = [X, Y, Z]
        for (let i = 0; i < n; i++) {
          const a = phones[Math.floor(r() * 3)]!
          const b = phones[Math.floor(r() * 3)]!
          recs.push(call({ row: i + 2, a, b, at: T0 + Math.floor(r() * 86_400_000), service: r() < 0.5 ? 'call' : 'sms', source: i % 3 === 0 ? SRC_B : SRC_A }))
        }
        // Two sources over the same day: their segments interleave in time.
        const s = sliceEvents(segmentsOf([recs.filter((x) => x.provenance.sourceSha256 === SRC_A), recs.filter((x) => x.provenance.sourceSha256 === SRC_B)], 37), {}, { mode: 'entities', keys: [kx, ky] })
        const start = T0 + Math.floor(r() * 43_200_000)
        const end = start + 1 + Math.floor(r() * 43_200_000)
        // First from the unmerged runs (as the first view draws), then again once merged: the same histogram.
        expect(s.runs).not.toBeNull()
        const d = densityHistogram(s, start, end, buckets, 2)
        const inRange = countInRange(s, start, end)
        prepareSlice(s)
        expect(s.runs).toBeNull()
        expect(densityHistogram(s, start, end, buckets, 2).counts).toEqual(d.counts)
        expect(countInRange(s, start, end)).toBe(inRange)
        for (let lane = 0; lane < 2; lane++) {
          let sum = 0
          for (let b = 0; b < d.buckets; b++) sum += d.counts[lane * d.buckets + b]!
          let expected = 0
          for (let i = 0; i < s.count; i++) if (s.at[i]! >= start && s.at[i]! < end && (s.laneA[i] === lane || s.laneB[i] === lane)) expected++
          expect(sum).toBe(expected)
          expect(d.max[lane]).toBe(Math.max(0, ...Array.from(d.counts.subarray(lane * d.buckets, (lane + 1) * d.buckets))))
        }
        expect(d.total).toBe(countInRange(s, start, end))
      }),
      { numRuns: 60 }
    )
  })

  it('bins by the bucket an event starts in', () => {
    const s = sliceEvents(segmentsOf([sourceA]), { kinds: ['call'] }, { mode: 'types' })
    // Calls at T0, +60 s, +180 s; three one-minute buckets from T0: [T0, +60), [+60, +120), [+120, +180).
    const d = densityHistogram(s, T0, T0 + 180_000, 3, TYPE_LANES.length)
    expect(Array.from(d.counts.subarray(0, 3))).toEqual([1, 1, 0])
    expect(lowerIndex(s, T0 + 1)).toBe(1)
  })
})

describe('lanes', () => {
  it('offers every type lane plus the analyst lane, or the picked entities once each in order', () => {
    expect(lanesFor('types', [kx]).map((l) => l.id)).toEqual([...TYPE_LANES.map((l) => l.id), 'type:analyst'])
    expect(lanesFor('entities', [ky, kx, ky, ''], (k) => k.slice(6)).map((l) => [l.id, l.label])).toEqual([
      [ky, Y],
      [kx, X]
    ])
  })

  it('splits the height among lanes, keeps a readable minimum and finds the lane under the pointer', () => {
    const g = laneGeometry(4, 400)
    expect(g.total).toBeLessThanOrEqual(400)
    expect(g.height).toBeGreaterThanOrEqual(28)
    expect(laneAt(g, g.top[2]! + 1)).toBe(2)
    const many = laneGeometry(40, 400)
    expect(many.height).toBe(28)
    expect(many.total).toBeGreaterThan(400)
    expect(laneAt(many, -5)).toBe(-1)
  })

  it('packs close glyphs into counted clusters without losing or reordering any', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 2000, noNaN: true }), { maxLength: 300 }), fc.double({ min: 0.5, max: 20, noNaN: true }), (raw, gap) => {
        const xs = [...raw].sort((a, b) => a - b)
        const c = packGlyphs(xs, gap)
        expect(c.reduce((n, k) => n + k.count, 0)).toBe(xs.length)
        for (let i = 0; i < c.length; i++) {
          expect(c[i]!.x0).toBe(xs[c[i]!.first])
          if (i > 0) {
            expect(c[i]!.first).toBe(c[i - 1]!.first + c[i - 1]!.count)
            expect(c[i]!.x0 - c[i - 1]!.x0).toBeGreaterThanOrEqual(gap)
          }
        }
      })
    )
    // A call's duration widens its cluster.
    expect(packGlyphs([10, 11, 50], 4, [30, 12, 50])).toEqual([
      { x0: 10, x1: 30, count: 2, first: 0 },
      { x0: 50, x1: 50, count: 1, first: 2 }
    ])
  })
})
