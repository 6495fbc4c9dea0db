// A page deep in a long list (the event table scrolled far down) starts by time instead of walking every earlier event:
// it must list exactly the events the same slice of the whole list holds, ties at one millisecond and undated included.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { WaymarkRecord } from '../../../../src/core/model/records'
import { buildSegments } from '../../../../src/core/store/encode'
import { EventIndex, type EventFilter, type IndexedSegment } from '../../../../src/core/store/query'
import { call, event, rng, SRC_A, SRC_B, T0 } from './records'

const numbers = ['+66811111111', '+66822222222', '+95912345678']

function caseOf(seed: number, n: number): IndexedSegment[] {
  const r = rng(seed)
  const bySource: WaymarkRecord[][] = [[], [], []]
  const ids = [SRC_A, SRC_B, 'c'.repeat(64)]
  for (let i = 0; i < n; i++) {
    const s = Math.floor(r() * 3)
    const rows = bySource[s]!
    if (r() < 0.03) {
      rows.push(event(rows.length + 2, undefined, 'no date', [], ids[s]!))
      continue
    }
    // A few hundred distinct instants, some fractional: many events share a millisecond across sources.
    const at = T0 + Math.floor(r() * 300) * 1000 + (r() < 0.1 ? 0.5 : 0)
    rows.push(call({ row: rows.length + 2, a: numbers[Math.floor(r() * 3)]!, b: numbers[Math.floor(r() * 3)]!, at, source: ids[s]!, fileName: 'target-a.csv', service: r() < 0.7 ? 'call' : 'sms' }))
  }
  const out: IndexedSegment[] = []
  for (const recs of bySource) {
    if (recs.length === 0) continue
    for (const segment of buildSegments(recs, { segmentSize: 250 }).segments) {
      const hidden = new Uint8Array(segment.count)
      for (let i = 0; i < hidden.length; i++) hidden[i] = r() < 0.05 ? 1 : 0
      out.push({ id: `${segment.sourceId}#${segment.seq}`, segment, hidden })
    }
  }
  return out
}

describe('deep pages', () => {
  it('hold the same events as the same slice of the whole list (property)', () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 2_500, max: 6_000 }),
        fc.integer({ min: 0, max: 1_050 }),
        fc.integer({ min: 1, max: 300 }),
        fc.option(fc.constantFrom<EventFilter>({ kinds: ['sms'] }, { entities: [`phone:${numbers[0]}`] }, { from: T0 + 50_000, to: T0 + 250_000 }, { includeUndated: false }), { nil: undefined }),
        (seed, n, where, limit, extra) => {
          const idx = new EventIndex(caseOf(seed, n))
          const filter: EventFilter = { ...(extra ?? {}) }
          const all = idx.query({ ...filter, limit: 100_000 })
          const offset = Math.floor((where / 1_000) * all.total)
          const page = idx.query({ ...filter, offset, limit })
          expect(page.total).toBe(all.total)
          expect(page.events.map((e) => e.id)).toEqual(all.events.slice(offset, offset + limit).map((e) => e.id))
        }
      ),
      { numRuns: 40 }
    )
  })
})
