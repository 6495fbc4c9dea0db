// Top contacts, common contacts and the contact matrix on small CDRs whose answers can be counted by hand.
import { describe, expect, it } from 'vitest'
import { commonContacts, topContacts } from '../../../../src/core/analysis/contacts'
import { contactMatrix } from '../../../../src/core/analysis/matrix'
import { buildResolutionIndex } from '../../../../src/core/analysis/resolution'
import { SRC_A, SRC_B } from '../store/records'
import { cdr, DAY, HOUR, indexed, key, MON } from './entityFixtures'

const X = '+8801711111111'
const Y = '+8801722222222'
const Z = '+60123456789'
const W = '+66811111111'
const V = '+66822222222'

describe('top contacts', () => {
  const segments = indexed([
    [
      cdr({ a: X, b: Y, at: MON, duration: 60 }),
      cdr({ a: X, b: Y, at: MON + HOUR, duration: 30 }),
      cdr({ a: Y, b: X, at: MON + 2 * HOUR, duration: 10, direction: 'incoming' }),
      cdr({ a: X, b: Y, at: MON + 3 * HOUR, service: 'sms' }),
      cdr({ a: X, b: Z, at: MON + DAY, duration: 600 }),
      cdr({ a: Z, b: W, at: MON + DAY, duration: 5 }),
      cdr({ a: X, b: W, at: MON + 2 * DAY, duration: -4 })
    ]
  ])

  it('counts events, calls, SMS, call time, direction and first/last seen per contact, most events first', () => {
    const top = topContacts(segments, key(X))
    // Z and W have one event each: the longer call time ranks first.
    expect(top.map((c) => c.key)).toEqual([key(Y), key(Z), key(W)])
    expect(top[0]).toEqual({
      key: key(Y),
      events: 4,
      calls: 3,
      sms: 1,
      other: 0,
      seconds: 100,
      outgoing: 3,
      incoming: 1,
      undirected: 0,
      firstAt: MON,
      lastAt: MON + 3 * HOUR
    })
    // A negative duration is kept in the record but is no call time.
    expect(top.find((c) => c.key === key(W))?.seconds).toBe(0)
    expect(topContacts(segments, key(X), { orderBy: 'seconds' })[0]!.key).toBe(key(Z))
  })

  it('narrows to a time range and limits the list', () => {
    expect(topContacts(segments, key(X), { from: MON + DAY }).map((c) => c.key)).toEqual([key(Z), key(W)])
    expect(topContacts(segments, key(X), { limit: 1 })).toHaveLength(1)
  })

  it('counts a call found in both parties’ records once', () => {
    const both = indexed([
      [cdr({ a: X, b: Y, at: MON, duration: 60, source: SRC_A })],
      [cdr({ a: X, b: Y, at: MON + 20_000, duration: 61, direction: 'incoming', source: SRC_B })]
    ])
    expect(topContacts(both, key(X))).toMatchObject([{ key: key(Y), events: 1, seconds: 60 }])
    expect(topContacts(both, key(Y))).toMatchObject([{ key: key(X), events: 1, incoming: 1 }])
  })

  it('takes merged numbers as one entity: their contacts add up and calls between them are no contact', () => {
    const index = buildResolutionIndex([{ id: 'm1', kind: 'merge', key: key(X), members: [key(W)], label: 'Saya', note: '', createdAt: 1, undoneAt: null }])
    const top = topContacts(segments, [key(X), key(W)], { resolve: index.resolve })
    expect(top.map((c) => [c.key, c.events])).toEqual([
      [key(Y), 4],
      [key(Z), 2]
    ])
    // Seen from Z, the merged pair is one contact under the group's key.
    expect(topContacts(segments, key(Z), { resolve: index.resolve }).map((c) => [c.key, c.events])).toEqual([[key(X), 2]])
  })

  it('lists calls whose caller the file did not say as undirected', () => {
    const s = indexed([[cdr({ a: X, b: Y, at: MON, rolesUnknown: true, duration: 9 })]])
    expect(topContacts(s, key(Y))).toMatchObject([{ key: key(X), undirected: 1, outgoing: 0, incoming: 0, seconds: 9 }])
  })
})

describe('common contacts', () => {
  // X, Y and Z are suspects. V talks to all three, W to two, each suspect has private contacts.
  const segments = indexed([
    [
      cdr({ a: X, b: V, at: MON }),
      cdr({ a: Y, b: V, at: MON + HOUR }),
      cdr({ a: Z, b: V, at: MON + 2 * HOUR }),
      cdr({ a: X, b: W, at: MON + 3 * HOUR }),
      cdr({ a: X, b: W, at: MON + 4 * HOUR }),
      cdr({ a: X, b: W, at: MON + 5 * HOUR }),
      cdr({ a: W, b: Y, at: MON + 6 * HOUR, duration: 30 }),
      cdr({ a: X, b: '+8801799999991', at: MON + 7 * HOUR }),
      cdr({ a: Y, b: '+8801799999992', at: MON + 8 * HOUR }),
      cdr({ a: X, b: Y, at: MON + 9 * HOUR })
    ]
  ])

  it('ranks contacts by how many of the selected they link, then by volume', () => {
    const common = commonContacts(segments, [key(X), key(Y), key(Z)])
    // X and Y also talk to each other, but each links only one of the selected: not common.
    expect(common.map((c) => [c.key, c.linked, c.events])).toEqual([
      [key(V), 3, 3],
      [key(W), 2, 4]
    ])
    expect(common[1]!.with.map((w) => [w.key, w.events, w.seconds])).toEqual([
      [key(X), 3, 0],
      [key(Y), 1, 30]
    ])
    expect(common.every((c) => !c.selected)).toBe(true)
  })

  it('shows a selected entity that links the others, and honours minLinked', () => {
    const common = commonContacts(segments, [key(X), key(Y)], { minLinked: 2 })
    expect(common.map((c) => c.key)).toEqual([key(W), key(V)])
    const one = commonContacts(segments, [key(X), key(Y)], { minLinked: 1 })
    expect(one.filter((c) => c.selected).map((c) => c.key).sort()).toEqual([key(X), key(Y)])
    // Private contacts appear only when one link is enough.
    expect(one.some((c) => c.key === key('+8801799999991'))).toBe(true)
    expect(common.some((c) => c.key === key('+8801799999991'))).toBe(false)
  })
})

describe('contact matrix', () => {
  it('counts direct events between every ordered pair, undirected ones apart', () => {
    const segments = indexed([
      [
        cdr({ a: X, b: Y, at: MON, duration: 60 }),
        cdr({ a: X, b: Y, at: MON + HOUR, duration: 40 }),
        cdr({ a: Y, b: X, at: MON + 2 * HOUR, service: 'sms' }),
        cdr({ a: Z, b: X, at: MON + 3 * HOUR, rolesUnknown: true, duration: 7 }),
        cdr({ a: X, b: V, at: MON + 4 * HOUR })
      ]
    ])
    const m = contactMatrix(segments, [key(X), key(Y), key(Z), key(X)])
    expect(m.keys).toEqual([key(X), key(Y), key(Z)])
    expect(m.cells[0]![1]).toEqual({ events: 2, calls: 2, sms: 0, seconds: 100, firstAt: MON, lastAt: MON + HOUR })
    expect(m.cells[1]![0]).toMatchObject({ events: 1, sms: 1, seconds: 0 })
    expect(m.cells[0]![0]!.events).toBe(0)
    expect(m.cells[0]![2]!.events).toBe(0)
    expect(m.undirected[2]![0]).toMatchObject({ events: 1, seconds: 7 })
    expect(m.undirected[0]![2]).toMatchObject({ events: 1, seconds: 7 })
    expect(m.total[0]![1]!.events).toBe(3)
    expect(m.total[1]![0]!.events).toBe(3)
    // V was not selected: X's call to V is in no cell.
    expect(m.total.flat().reduce((n, c) => n + c.events, 0)).toBe(2 * 4)
  })
})
