// Entity resolution: merges fold statistics into one entity listing its members, chains of merges end at the last
// one's key, undone acts stop counting, aliases and persons attach to the group.
import { describe, expect, it } from 'vitest'
import { applyResolutions, buildResolutionIndex, type Resolution } from '../../../../src/core/analysis/resolution'
import type { EntityStats } from '../../../../src/core/store/entityStats'

function stats(key: string, over: Partial<EntityStats> = {}): EntityStats {
  return { key, firstAt: 100, lastAt: 200, events: 1, asA: 1, asB: 0, asOther: 0, callSeconds: 10, contacts: [], sources: ['s1'], segments: ['g1'], names: [], records: 0, ...over }
}

let n = 0
function act(kind: Resolution['kind'], key: string, members: string[], label = '', undoneAt: number | null = null): Resolution {
  n++
  return { id: `r${n}`, kind, key, members, label, note: '', createdAt: n, undoneAt }
}

const A = 'phone:+8801830312556'
const B = 'phone:+8801950467051'
const C = 'phone:+8801711000001'
const D = 'phone:+8801711000002'

describe('entity resolution', () => {
  const all = [
    stats(A, { firstAt: 50, lastAt: 150, events: 10, asA: 6, asB: 4, callSeconds: 100, contacts: [C, D], sources: ['s1'], names: ['Aung'] }),
    stats(B, { firstAt: 160, lastAt: 300, events: 5, asA: 5, callSeconds: 40, contacts: [A, C], sources: ['s2'], names: ['Saya'] }),
    stats(C, { contacts: [A, B] }),
    stats(D, { contacts: [A] })
  ]

  it('shows merged entities as one, with summed statistics, the members and contacts outside the group', () => {
    const index = buildResolutionIndex([act('merge', A, [B], 'Saya Aung')])
    const out = applyResolutions(all, index)
    expect(out.map((s) => s.key)).toEqual([C, D, A])
    const merged = out.find((s) => s.key === A)!
    expect(merged).toMatchObject({ firstAt: 50, lastAt: 300, events: 15, asA: 11, asB: 4, callSeconds: 140, sources: ['s1', 's2'], names: ['Aung', 'Saya'], members: [A, B], label: 'Saya Aung' })
    expect(merged.contacts).toEqual([C, D])
    // C's contacts A and B are now one.
    const c = out.find((s) => s.key === C)!
    expect(c.contacts).toEqual([A])
    expect(c.members).toEqual([C])
  })

  it('follows chains of merges to the last group key, and forgets undone ones', () => {
    const first = act('merge', A, [B])
    const second = act('merge', C, [A])
    const index = buildResolutionIndex([first, second])
    expect(index.resolve(B)).toBe(C)
    expect(index.membersOf(B)).toEqual([C, A, B])
    const undone = buildResolutionIndex([{ ...first, undoneAt: 99 }, second])
    expect(undone.resolve(B)).toBe(B)
    expect(undone.resolve(A)).toBe(C)
    expect(applyResolutions(all, buildResolutionIndex([{ ...first, undoneAt: 5 }])).map((s) => s.key)).toEqual([C, D, A, B])
  })

  it('attaches aliases and persons to the group', () => {
    const index = buildResolutionIndex([act('merge', A, [B]), act('alias', B, [], 'Saya'), act('alias', A, [], 'Uncle'), act('person', 'person:aung naing soe', [B, 'id:MA123456'], 'Aung Naing Soe')])
    expect(index.aliasesOf(A)).toEqual(['Uncle', 'Saya'])
    expect(index.personsOf(A)).toEqual(['person:aung naing soe'])
    expect(index.linkedTo('person:aung naing soe')).toEqual(['id:MA123456', B])
    expect(index.labelOf('person:aung naing soe')).toBe('Aung Naing Soe')
    const row = applyResolutions(all, index).find((s) => s.key === A)!
    expect(row.aliases).toEqual(['Uncle', 'Saya'])
    expect(row.persons).toEqual(['person:aung naing soe'])
  })

  it('leaves statistics untouched when nothing is resolved', () => {
    const out = applyResolutions(all, buildResolutionIndex([]))
    const byKey = (x: { key: string }, y: { key: string }) => (x.key < y.key ? -1 : 1)
    expect(out.map(({ members, aliases, label, persons, ...s }) => [s, members, aliases, label, persons])).toEqual([...all].sort(byKey).map((s) => [s, [s.key], [], '', []]))
  })

  it('leaves the segment lists out when asked (a table of every entity has no use for them), and nothing else', () => {
    const index = buildResolutionIndex([{ id: 'm', kind: 'merge', key: A, members: [B], label: '', note: '', createdAt: 1, undoneAt: null }])
    const lean = applyResolutions(all, index, { segments: false })
    const full = applyResolutions(all, index)
    expect(lean.every((s) => !('segments' in s))).toBe(true)
    expect(full.every((s) => s.segments !== undefined)).toBe(true)
    expect(lean).toEqual(full.map(({ segments: _segments, ...s }) => s))
  })
})
