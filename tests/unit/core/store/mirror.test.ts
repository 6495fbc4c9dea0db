// Mirror merge: the caller's and the callee's record of one call become one event, within and across imports.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CallRecord, Direction, WaymarkRecord } from '../../../../src/core/model/records'
import { buildSegments } from '../../../../src/core/store/encode'
import { mulberry32 } from '../../../../src/core/seeded'
import { decodeLinks, encodeLinks, findMirrors, MirrorBook, orderByPairThenTime, type MirrorInput, type MirrorLink } from '../../../../src/core/store/mirror'
import { EventIndex } from '../../../../src/core/store/query'
import { eventId, type Segment } from '../../../../src/core/store/segment'
import { call, rng, SRC_A, SRC_B, T0 } from './records'

const X = '+66811111111'
const Y = '+66822222222'
const Z = '+95912345678'

function inputs(records: readonly WaymarkRecord[], tag: string, segmentSize = 1000): MirrorInput[] {
  if (records.length === 0) return []
  return buildSegments(records, { segmentSize }).segments.map((segment) => ({ id: `${tag}${segment.seq}`, segment }))
}

/** Links as readable event ids, so a test states which rows were paired. */
function described(links: readonly MirrorLink[], all: readonly MirrorInput[]): string[] {
  const seg = new Map(all.map((s) => [s.id, s.segment]))
  const id = (ref: { segment: string; index: number }): string => {
    const s = seg.get(ref.segment)!
    return `${s.sourceId === SRC_A ? 'A' : 'B'}${s.row[ref.index]}`
  }
  return links.map((l) => `${id(l.primary)}<${id(l.secondary)}`).sort()
}

function across(existing: CallRecord[], incoming: CallRecord[], options = {}) {
  const e = inputs(existing, 'e')
  const n = inputs(incoming, 'n')
  const r = findMirrors(e, n, options)
  return { ...r, pairs: described(r.links, [...e, ...n]) }
}

const outA = (row: number, at: number, duration = 60, a = X, b = Y) => call({ row, a, b, at, duration, direction: 'outgoing', source: SRC_A })
const inB = (row: number, at: number, duration = 60, a = X, b = Y, direction: Direction = 'incoming') => call({ row, a, b, at, duration, direction, source: SRC_B })

describe('mirror merge', () => {
  it('pairs the caller’s and the callee’s record of one call across two imports, keeping the existing one visible', () => {
    const r = across([outA(2, T0)], [inB(5, T0 + 119_000, 62)])
    expect(r.merged).toBe(1)
    expect(r.pairs).toEqual(['A2<B5'])
  })

  it('does not pair just outside the time or duration tolerance', () => {
    expect(across([outA(2, T0)], [inB(5, T0 + 121_000)]).merged).toBe(0)
    expect(across([outA(2, T0)], [inB(5, T0 - 121_000)]).merged).toBe(0)
    expect(across([outA(2, T0)], [inB(5, T0 + 10_000, 63)]).merged).toBe(0)
    expect(across([outA(2, T0)], [inB(5, T0 - 120_000, 58)]).merged).toBe(1)
  })

  it('honours a tolerance the analyst sets', () => {
    expect(across([outA(2, T0)], [inB(5, T0 + 100_000)], { toleranceMs: 30_000 }).merged).toBe(0)
    expect(across([outA(2, T0)], [inB(5, T0 + 200_000)], { toleranceMs: 300_000 }).merged).toBe(1)
    expect(across([outA(2, T0)], [inB(5, T0, 65)], { durationToleranceS: 5 }).merged).toBe(1)
  })

  it('does not pair records that say different things: same direction, other parties, swapped roles, one without a duration, other service', () => {
    expect(across([outA(2, T0)], [inB(5, T0, 60, X, Y, 'outgoing')]).merged).toBe(0)
    expect(across([outA(2, T0)], [inB(5, T0, 60, X, Z)]).merged).toBe(0)
    expect(across([outA(2, T0)], [inB(5, T0, 60, Y, X)]).merged).toBe(0)
    expect(across([outA(2, T0)], [call({ row: 5, a: X, b: Y, at: T0, direction: 'incoming', source: SRC_B })]).merged).toBe(0)
    expect(across([outA(2, T0)], [call({ row: 5, a: X, b: Y, at: T0, duration: 60, direction: 'incoming', service: 'sms', source: SRC_B })]).merged).toBe(0)
    // A CDR that does not say the service can still be the other half of a call.
    expect(across([outA(2, T0)], [call({ row: 5, a: X, b: Y, at: T0, duration: 60, direction: 'unknown', service: 'unknown', source: SRC_B })]).merged).toBe(1)
  })

  it('pairs within one import only an outgoing with an incoming record, the outgoing one kept', () => {
    const file = [
      call({ row: 2, a: X, b: Y, at: T0 + 30_000, duration: 61, direction: 'incoming' }),
      call({ row: 3, a: X, b: Y, at: T0, duration: 60, direction: 'outgoing' }),
      // Two calls of the same target a minute apart, direction unknown: not provably two sides of one call.
      call({ row: 4, a: X, b: Z, at: T0, duration: 60, direction: 'unknown' }),
      call({ row: 5, a: X, b: Z, at: T0 + 60_000, duration: 60, direction: 'unknown' })
    ]
    const r = across([], file)
    expect(r.pairs).toEqual(['A3<A2'])
  })

  it('puts each record in at most one pair, choosing the nearest in time, and never re-pairs existing events', () => {
    const r = across([outA(2, T0)], [inB(5, T0 + 90_000), inB(6, T0 + 20_000)])
    expect(r.pairs).toEqual(['A2<B6'])
    // Two existing records are never paired now: they were compared when they were imported.
    const e = inputs([outA(2, T0), call({ row: 3, a: X, b: Y, at: T0, duration: 60, direction: 'incoming', source: SRC_A })], 'e')
    expect(findMirrors(e, inputs([inB(9, T0 + 500_000)], 'n')).merged).toBe(0)
    // An existing record already paired is not available again.
    const unavailable = new Uint8Array(1)
    unavailable[0] = 1
    const paired = inputs([outA(2, T0)], 'e').map((s) => ({ ...s, unavailable }))
    expect(findMirrors(paired, inputs([inB(5, T0)], 'n')).merged).toBe(0)
  })

  it('stores links compactly and reads them back', () => {
    const e = inputs([outA(2, T0), outA(3, T0 + 3600_000)], 'e')
    const n = inputs([inB(5, T0), inB(6, T0 + 3600_000)], 'n')
    const { links } = findMirrors(e, n)
    expect(links).toHaveLength(2)
    expect(decodeLinks(structuredClone(encodeLinks(links)))).toEqual(links)
  })

  it('shows a pair as one mirrored event with the duplicate hidden, and dissolves it when one side is gone', () => {
    const e = inputs([outA(2, T0)], 'e')
    const n = inputs([inB(5, T0 + 5000), inB(6, T0 + 7200_000)], 'n')
    const { links } = findMirrors(e, n)
    const book = new MirrorBook(links)
    const idx = new EventIndex(
      [...e, ...n].map((s) => ({ id: s.id, segment: s.segment, hidden: book.hiddenMask(s.id, s.segment.count), mirrored: book.mirroredMask(s.id, s.segment.count) }))
    )
    const page = idx.query()
    expect(page.events.map((ev) => [ev.id, ev.mirrored])).toEqual([
      [eventId(SRC_A, 'CDR', 2), true],
      [eventId(SRC_B, 'CDR', 6), false]
    ])
    expect(book.partner(links[0]!.primary)).toEqual({ ref: links[0]!.secondary, primary: false })
    const withoutA = new MirrorBook(links, (id) => !id.startsWith('e'))
    expect(withoutA.hiddenMask('n0', 2)).toBeUndefined()
  })

  it('stays fast on thousands of calls between the same two numbers (hang guard)', () => {
    const many: CallRecord[] = []
    for (let i = 0; i < 60_000; i++) many.push(call({ row: i + 2, a: X, b: Y, at: T0 + i * 100, duration: 60, direction: 'outgoing' }))
    const start = Date.now()
    const r = findMirrors([], inputs(many, 'n', 20_000))
    expect(r.merged).toBe(0)
    expect(Date.now() - start).toBeLessThan(20_000)
  })
})

describe('mirror merge pairs are valid and maximal (property)', () => {
  it('pairs only compatible records, each at most once, and leaves no compatible pair of unpaired records', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (seed, nExisting, nIncoming) => {
        const r = rng(seed)
        const parties = [X, Y, Z]
        const make = (row: number, source: string): CallRecord => {
          const a = parties[Math.floor(r() * 3)]!
          let b = parties[Math.floor(r() * 3)]!
          if (b === a) b = parties[(parties.indexOf(a) + 1) % 3]!
          const dirs: Direction[] = ['outgoing', 'incoming', 'unknown']
          return call({ row, a, b, at: T0 + Math.floor(r() * 20) * 30_000, duration: Math.floor(r() * 4) + 60, direction: dirs[Math.floor(r() * 3)]!, source })
        }
        const existing = Array.from({ length: nExisting }, (_, i) => make(i + 2, SRC_A))
        const incoming = Array.from({ length: nIncoming }, (_, i) => make(i + 2, SRC_B))
        const e = inputs(existing, 'e', 7)
        const n = inputs(incoming, 'n', 7)
        const { links } = findMirrors(e, n, { maxCandidates: 1_000 })
        const segs = new Map<string, Segment>([...e, ...n].map((s) => [s.id, s.segment]))
        const isExisting = (id: string) => id.startsWith('e')
        type Ev = { seg: string; i: number }
        const all: Ev[] = [...e, ...n].flatMap((s) => Array.from({ length: s.segment.count }, (_, i) => ({ seg: s.id, i })))
        const key = (v: Ev) => `${v.seg}/${v.i}`
        const compatible = (p: Ev, q: Ev): boolean => {
          const sp = segs.get(p.seg)!
          const sq = segs.get(q.seg)!
          if (isExisting(p.seg) && isExisting(q.seg)) return false
          if (Math.abs(sp.at[p.i]! - sq.at[q.i]!) > 120_000) return false
          if (Math.abs(sp.durationS[p.i]! - sq.durationS[q.i]!) > 2) return false
          if (sp.dict[sp.a[p.i]!] !== sq.dict[sq.a[q.i]!] || sp.dict[sp.b[p.i]!] !== sq.dict[sq.b[q.i]!]) return false
          const dp = sp.direction[p.i]!
          const dq = sq.direction[q.i]!
          if (dp !== 0 && dp === dq) return false
          if (sp.sourceId === sq.sourceId && (dp === 0 || dq === 0)) return false
          return true
        }
        const used = new Set<string>()
        for (const l of links) {
          const p = { seg: l.primary.segment, i: l.primary.index }
          const s = { seg: l.secondary.segment, i: l.secondary.index }
          expect(compatible(p, s)).toBe(true)
          expect(used.has(key(p)) || used.has(key(s))).toBe(false)
          used.add(key(p))
          used.add(key(s))
          if (isExisting(s.seg)) throw new Error('an existing record was hidden')
        }
        for (let x = 0; x < all.length; x++) {
          for (let y = x + 1; y < all.length; y++) {
            if (!used.has(key(all[x]!)) && !used.has(key(all[y]!))) expect(compatible(all[x]!, all[y]!)).toBe(false)
          }
        }
      }),
      { numRuns: 200 }
    )
  })
})

describe('orderByPairThenTime', () => {
  // Party ids on both sides vary independently; with maxId the ids are counted, without it each pair is hashed.
  for (const withIds of [false, true]) {
    it(`orders candidates exactly as a sort by (party pair, time, input, index) does, whatever order they come in (${withIds ? 'counting party ids' : 'hashing pairs'})`, () => {
      const cand = fc.record({ lo: fc.integer({ min: 1, max: 6 }), hi: fc.integer({ min: 1, max: 9 }), at: fc.integer({ min: 0, max: 20 }), owner: fc.integer({ min: 0, max: 2 }), index: fc.nat(50) })
      fc.assert(
        fc.property(fc.array(cand, { maxLength: 80 }), (cs) => {
          const n = cs.length
          const pair = Float64Array.from(cs, (c) => c.lo * 2 ** 26 + c.hi)
          const at = Float64Array.from(cs, (c) => c.at)
          const owner = Uint32Array.from(cs, (c) => c.owner)
          const index = Uint32Array.from(cs, (c) => c.index)
          const expected = Array.from({ length: n }, (_, i) => i).sort((x, y) => pair[x]! - pair[y]! || at[x]! - at[y]! || owner[x]! - owner[y]! || index[x]! - index[y]! || x - y)
          const got = [...orderByPairThenTime(n, pair, at, owner, index, withIds ? 9 : undefined)]
          // Candidates equal in every key may come in either order; their keys must not.
          const key = (i: number) => [pair[i], at[i], owner[i], index[i]].join()
          expect(got.map(key)).toEqual(expected.map(key))
          expect([...got].sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i))
        }),
        { numRuns: 300 }
      )
    })
  }

  it('gives the same order counting party ids as hashing pairs, on a call graph of a thousand parties', () => {
    const rnd = mulberry32(7)
    const n = 20_000
    const pair = new Float64Array(n)
    const at = new Float64Array(n)
    const owner = new Uint32Array(n)
    const index = new Uint32Array(n)
    for (let i = 0; i < n; i++) {
      const x = 1 + Math.floor(rnd() * 1000)
      const y = 1 + Math.floor(rnd() * 1000)
      pair[i] = Math.min(x, y) * 2 ** 26 + Math.max(x, y)
      // Mostly in time order, as an exported file is, with some late rows.
      at[i] = i * 1000 + (rnd() < 0.05 ? -Math.floor(rnd() * 1e6) : 0)
      owner[i] = Math.floor(i / 5000)
      index[i] = i % 5000
    }
    expect([...orderByPairThenTime(n, pair, at, owner, index, 1000)]).toEqual([...orderByPairThenTime(n, pair, at, owner, index)])
  })
})
