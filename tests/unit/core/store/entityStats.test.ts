// Entity statistics: computed per segment, merged across sources, recomputed after a source is removed.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CallRecord, CellSite, Person } from '../../../../src/core/model/records'
import { buildSegments, createSegmentStream } from '../../../../src/core/store/encode'
import { EntityStatsBuilder, mergeStatsLists, unionSorted, type EntityStats } from '../../../../src/core/store/entityStats'
import type { Segment } from '../../../../src/core/store/segment'
import { call, phone, rng, SRC_A, SRC_B, T0, transfer } from './records'

const X = '+66811111111'
const Y = '+66822222222'
const Z = '+95912345678'

function statsOf(sources: readonly (readonly CallRecord[])[], segmentSize = 3): Map<string, EntityStats> {
  const b = new EntityStatsBuilder()
  for (const records of sources) {
    const built = buildSegments(records, { segmentSize })
    built.segments.forEach((s) => b.addSegment(`${s.sourceId}#${s.seq}`, s))
  }
  return new Map(b.result().map((s) => [s.key, s]))
}

describe('entity statistics', () => {
  it('counts each entity’s events by role, its call time, contacts, first and last seen, sources and segments', () => {
    const records = [
      call({ row: 2, a: X, b: Y, at: T0, duration: 60, imei: '356938035643809' }),
      call({ row: 3, a: Y, b: X, at: T0 + 1000, duration: 30, direction: 'incoming' }),
      call({ row: 4, a: X, b: Z, at: T0 + 5000, service: 'sms', duration: 99 }),
      call({ row: 5, a: X, b: Z, at: T0 + 9000, duration: -5 })
    ]
    const s = statsOf([records], 2)
    expect(s.get(`phone:${X}`)).toMatchObject({
      firstAt: T0,
      lastAt: T0 + 9000,
      events: 4,
      asA: 3,
      asB: 1,
      asOther: 0,
      // The SMS does not count as call time, nor the negative duration.
      callSeconds: 90,
      contacts: [`phone:${Y}`, `phone:${Z}`],
      sources: [SRC_A],
      segments: [`${SRC_A}#0`, `${SRC_A}#1`]
    })
    expect(s.get('imei:356938035643809')).toMatchObject({ events: 1, asOther: 1, contacts: [], callSeconds: 0 })
    expect(s.get(`phone:${Z}`)).toMatchObject({ events: 2, asB: 2, contacts: [`phone:${X}`] })
  })

  it('links a payer’s name and account to the beneficiary’s', () => {
    const b = new EntityStatsBuilder()
    buildSegments([transfer(2, T0, 'Somchai', 'Aung Aung', '5,000', 'THB')]).segments.forEach((seg) => b.addSegment('t', seg))
    const s = new Map(b.result().map((x) => [x.key, x]))
    expect(s.get('person:somchai')?.contacts).toEqual(['person:aung aung'])
    expect(s.get('account:ACC-7')).toMatchObject({ asA: 1, contacts: ['person:aung aung'] })
    expect(s.get('person:aung aung')).toMatchObject({ asB: 1, contacts: ['account:ACC-7', 'person:somchai'] })
  })

  it('does not count hidden mirror duplicates, but still lists the segment they are in', () => {
    const seg = buildSegments([call({ row: 2, a: X, b: Y, at: T0, duration: 60 })]).segments[0]!
    const hidden = new Uint8Array(1)
    hidden[0] = 1
    const s = new EntityStatsBuilder().addSegment('dup', seg, hidden).result()
    expect(s.find((x) => x.key === `phone:${X}`)).toMatchObject({ events: 0, callSeconds: 0, contacts: [], segments: ['dup'], firstAt: null })
  })

  it('takes names from subscriber and cell-site lists', () => {
    const person: Person = { kind: 'person', provenance: { sourceSha256: SRC_A, fileName: 's.xlsx', sheet: 'Subs', row: 2 }, name: 'Somchai Jaidee', aliases: ['Chai'], phone: phone(X), idNumbers: ['3 1001 00012 34 5'] }
    const site: CellSite = { kind: 'cellSite', provenance: { sourceSha256: SRC_A, fileName: 's.xlsx', sheet: 'Cells', row: 2 }, cellId: '4711', lac: '12', siteName: 'Mae Sot 2' }
    const s = new Map(new EntityStatsBuilder().addEntityRecords(SRC_A, [person, site]).result().map((x) => [x.key, x]))
    expect(s.get(`phone:${X}`)).toMatchObject({ names: ['Somchai Jaidee', 'Chai'], records: 1, events: 0 })
    expect(s.get('id:3100100012345')?.names).toEqual(['Somchai Jaidee', 'Chai'])
    expect(s.get('person:somchai jaidee')?.records).toBe(1)
    expect(s.get('cell:12-4711')?.names).toEqual(['Mae Sot 2'])
  })

  it('merged per-source statistics equal statistics over all sources and agree with a plain count (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 0, max: 30 }), fc.integer({ min: 1, max: 6 }), (seed, na, nb, size) => {
        const r = rng(seed)
        const numbers = [X, Y, Z, '+85512345678']
        const gen = (n: number, source: string): CallRecord[] =>
          Array.from({ length: n }, (_, i) =>
            call({
              row: i + 2,
              a: numbers[Math.floor(r() * 4)]!,
              b: numbers[Math.floor(r() * 4)]!,
              at: T0 + Math.floor(r() * 1e6),
              duration: Math.floor(r() * 300),
              source,
              ...(r() < 0.3 ? { imei: '35693803564380' + Math.floor(r() * 3) } : {})
            })
          )
        const a = gen(na, SRC_A)
        const b = gen(nb, SRC_B)
        const merged = mergeStatsLists([...statsOf([a], size).values()], [...statsOf([b], size).values()])
        expect(merged).toEqual([...statsOf([a, b], size).values()])
        // And the numbers agree with a plain count over the records.
        for (const s of merged) {
          if (!s.key.startsWith('phone:')) continue
          const n = s.key.slice(6)
          const mine = [...a, ...b].filter((c) => c.aParty?.e164 === n || c.bParty?.e164 === n)
          expect(s.events).toBe(mine.length)
          expect(s.asA).toBe(mine.filter((c) => c.aParty?.e164 === n).length)
          expect(s.callSeconds).toBe(mine.reduce((sum, c) => sum + (c.durationSeconds ?? 0), 0))
          expect(s.firstAt).toBe(Math.min(...mine.map((c) => c.start!.utcMs)))
        }
      }),
      { numRuns: 150 }
    )
  })

  it('statistics built per half as its segments are written, merged at commit, equal those built from all segments at commit (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 7 }), (seed, n, cut, size) => {
        const r = rng(seed)
        const numbers = [X, Y, Z, '+85512345678', '+8801711111111']
        const records: (CallRecord | Person)[] = Array.from({ length: n }, (_, i) =>
          call({
            row: i + 2,
            a: numbers[Math.floor(r() * 5)]!,
            b: numbers[Math.floor(r() * 5)]!,
            at: T0 + Math.floor(r() * 1e6),
            duration: Math.floor(r() * 300) - 10,
            ...(r() < 0.2 ? { service: 'sms' as const } : {}),
            ...(r() < 0.3 ? { imei: '35693803564380' + Math.floor(r() * 3), cellId: String(Math.floor(r() * 3)) } : {})
          })
        )
        records.push({ kind: 'person', provenance: { sourceSha256: SRC_A, fileName: 'target-a.csv', sheet: 'CDR', row: n + 2 }, name: 'Somchai', phone: phone(X) } as Person)
        // Two workers, each with its own stream over its half; segment ids given in the order the writes land.
        const halves = [records.slice(0, Math.min(cut, records.length)), records.slice(Math.min(cut, records.length))]
        const written: { id: string; segment: Segment }[][] = [[], []]
        const persons: (Person | CellSite)[] = []
        let seq = 0
        const streams = halves.map(() => createSegmentStream({ sourceId: SRC_A, fileName: 'target-a.csv', segmentSize: size }))
        halves.forEach((h, w) => {
          for (const rec of h) {
            const full = streams[w]!.add(rec)
            if (full) written[w]!.push({ id: `imp:${seq++}`, segment: full.segment })
          }
        })
        streams.forEach((st, w) => {
          const end = st.finish()
          if (end.last) written[w]!.push({ id: `imp:${seq++}`, segment: end.last.segment })
          persons.push(...end.entityRecords)
        })
        const perHalf = written.map((segs) => {
          const b = new EntityStatsBuilder()
          for (const s of segs) b.addSegment(s.id, s.segment)
          return b.result()
        })
        const fromLists = new EntityStatsBuilder().addEntityRecords(SRC_A, persons).result()
        const incremental = mergeStatsLists(mergeStatsLists(perHalf[0]!, perHalf[1]!), fromLists)
        // The old commit: every segment of the source (in the store's id order) and the entity records, in one builder.
        const all = new EntityStatsBuilder()
        for (const s of [...written[0]!, ...written[1]!].sort((x, y) => (x.id < y.id ? -1 : 1))) all.addSegment(s.id, s.segment)
        all.addEntityRecords(SRC_A, persons)
        expect(incremental).toEqual(all.result())
      }),
      { numRuns: 150 }
    )
  })

  it('merging lists in any order gives what merging them sorted gives: sorted by key, one entry per entity (property)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 25 }), (seed, na, nb) => {
        const r = rng(seed)
        const numbers = [X, Y, Z, '+85512345678', '+95912345678']
        const gen = (n: number, source: string): CallRecord[] =>
          Array.from({ length: n }, (_, i) => call({ row: i + 2, a: numbers[Math.floor(r() * 5)]!, b: numbers[Math.floor(r() * 5)]!, at: T0 + i * 1000, duration: 5, source }))
        const x = [...statsOf([gen(na, SRC_A)]).values()]
        const y = [...statsOf([gen(nb, SRC_B)]).values()]
        const shuffled = (list: EntityStats[]) => [...list].sort(() => (r() < 0.5 ? -1 : 1)).reverse()
        const merged = mergeStatsLists(x, y)
        expect(merged.map((s) => s.key)).toEqual([...new Set([...x, ...y].map((s) => s.key))].sort())
        expect(mergeStatsLists(shuffled(x), shuffled(y))).toEqual(merged)
        expect(mergeStatsLists(y, [])).toEqual(y)
      })
    )
  })

  it('unionSorted gives the sorted union of two lists (property)', () => {
    const list = fc.array(fc.string({ maxLength: 4 }), { maxLength: 20 })
    fc.assert(
      fc.property(list, list, fc.boolean(), (x, y, sortFirst) => {
        const xs = sortFirst ? [...new Set(x)].sort() : x
        const ys = [...new Set(y)].sort()
        expect(unionSorted(xs, ys)).toEqual([...new Set([...x, ...y])].sort())
      })
    )
  })
})
