// Phone replacement: a number that goes quiet while a new one starts talking to the same contacts is found, with
// its evidence; numbers that merely start or stop, or that share no contacts, are not.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { detectPhoneReplacements } from '../../../../src/core/analysis/replacement'
import { buildResolutionIndex } from '../../../../src/core/analysis/resolution'
import type { CallRecord } from '../../../../src/core/model/records'
import { cdr, DAY, HOUR, indexed, key, MON } from './entityFixtures'

const OLD = '+8801830312556'
const NEW = '+8801950467051'
const C = ['+8801711000001', '+8801711000002', '+8801711000003', '+8801711000004', '+8801711000005']
const STRANGERS = ['+60123000001', '+60123000002', '+60123000003', '+60123000004']
const BACKGROUND = '+8801799999999'
const IMEI = '356938035643809'

/** Calls from `from` to each contact every other day in [startDay, endDay). */
function talks(from: string, contacts: readonly string[], startDay: number, endDay: number, imei?: string): CallRecord[] {
  const out: CallRecord[] = []
  for (let d = startDay; d < endDay; d += 2) contacts.forEach((c, k) => out.push(cdr({ a: from, b: c, at: MON + d * DAY + (9 + k) * HOUR, duration: 60, ...(imei ? { imei } : {}) })))
  return out
}

describe('phone replacement', () => {
  it('finds a number replaced by a new one that calls the same people two days later, with the evidence', () => {
    const records = [
      ...talks(OLD, C, 0, 14, IMEI),
      ...talks(NEW, [...C.slice(0, 4), STRANGERS[0]!], 16, 30, IMEI),
      // Someone who talks to the same people all month is neither old nor new.
      ...talks(BACKGROUND, C, 0, 30)
    ]
    const found = detectPhoneReplacements(indexed([records], 50))
    expect(found.map((r) => [r.oldKey, r.newKey])).toEqual([[key(OLD), key(NEW)]])
    const r = found[0]!
    expect(r.oldLastAt).toBe(MON + 12 * DAY + 13 * HOUR)
    expect(r.oldLastSharedAt).toBe(MON + 12 * DAY + 12 * HOUR)
    expect(r.newFirstAt).toBe(MON + 16 * DAY + 9 * HOUR)
    expect(r.handoverAt).toBe(r.newFirstAt)
    expect(r.gapMs).toBe(4 * DAY - 3 * HOUR)
    // Each shared contact heard from the old number last on day 12 and from the new one first on day 16.
    expect(r.contactGapMs).toBe(4 * DAY)
    expect(r.oldEventsAfter).toBe(0)
    expect(r.shared.map((s) => s.key).sort()).toEqual(C.slice(0, 4).map(key).sort())
    expect(r.shared[0]).toMatchObject({ oldEvents: 7, newEvents: 7 })
    expect([r.oldContacts, r.newContacts]).toEqual([5, 5])
    expect([r.score, r.oldShare, r.newShare]).toEqual([4 / 5, 4 / 5, 4 / 5])
    expect(r.jaccard).toBeCloseTo(4 / 6)
    expect(r.via).toEqual([])
    expect(r.oldVolumeShared).toBeCloseTo(4 / 5)
    expect(r.sharedHandsets).toEqual([`imei:${IMEI}`])
    expect(r.direct).toBe(0)
  })

  it('finds nothing when the new number talks to other people', () => {
    const records = [...talks(OLD, C, 0, 14), ...talks(NEW, STRANGERS, 16, 30), ...talks(BACKGROUND, C.slice(0, 2), 0, 30)]
    expect(detectPhoneReplacements(indexed([records], 50))).toEqual([])
  })

  it('finds nothing when the old number never went quiet, or the new one started too late', () => {
    const stillActive = [...talks(OLD, C, 0, 30), ...talks(NEW, C, 16, 30)]
    expect(detectPhoneReplacements(indexed([stillActive], 50))).toEqual([])
    const longSilence = [...talks(OLD, C, 0, 6), ...talks(NEW, C, 26, 40), ...talks(BACKGROUND, [STRANGERS[0]!], 0, 40)]
    expect(detectPhoneReplacements(indexed([longSilence], 50), { maxGapMs: 14 * DAY })).toEqual([])
    expect(detectPhoneReplacements(indexed([longSilence], 50), { maxGapMs: 30 * DAY }).map((r) => r.newKey)).toEqual([key(NEW)])
  })

  it('needs enough shared contacts and a high enough score', () => {
    const records = [...talks(OLD, C, 0, 14), ...talks(NEW, [C[0]!, C[1]!, ...STRANGERS], 16, 30), ...talks(BACKGROUND, [STRANGERS[3]!], 0, 30)]
    expect(detectPhoneReplacements(indexed([records], 50))).toEqual([])
    const loose = detectPhoneReplacements(indexed([records], 50), { minShared: 2, minScore: 0.3 })
    expect(loose.map((r) => [r.shared.length, r.oldContacts, r.newContacts])).toEqual([[2, 5, 6]])
    expect(loose[0]!.score).toBeCloseTo(2 / Math.sqrt(5 * 6))
  })

  it('weighs both sides: a new number seen only calling the old one’s key contacts counts, a small number that shares a busy one’s contacts does not', () => {
    const many = Array.from({ length: 12 }, (_, k) => `+8801722000${String(k).padStart(3, '0')}`)
    const seenThroughTargets = [...talks(OLD, many, 0, 14), ...talks(NEW, many.slice(0, 4), 15, 30), ...talks(BACKGROUND, [STRANGERS[0]!], 0, 30)]
    const found = detectPhoneReplacements(indexed([seenThroughTargets], 100))
    expect(found.map((r) => [r.oldKey, r.newKey, r.oldShare, r.newShare])).toEqual([[key(OLD), key(NEW), 4 / 12, 1]])
    expect(found[0]!.score).toBeCloseTo(4 / Math.sqrt(12 * 4))

    const busy = Array.from({ length: 40 }, (_, k) => `+8801733000${String(k).padStart(3, '0')}`)
    const smallAndBusy = [...talks(OLD, busy.slice(0, 3), 0, 14), ...talks(NEW, busy, 15, 30), ...talks(BACKGROUND, [STRANGERS[0]!], 0, 30)]
    expect(detectPhoneReplacements(indexed([smallAndBusy], 200))).toEqual([])
    expect(detectPhoneReplacements(indexed([smallAndBusy], 200), { minScore: 0.2 }).map((r) => r.score)).toEqual([3 / Math.sqrt(3 * 40)])
  })

  it('does not offer a number as the replacement of its own merge group', () => {
    const records = [...talks(OLD, C, 0, 14), ...talks(NEW, C, 16, 30), ...talks(BACKGROUND, [STRANGERS[3]!], 0, 30)]
    const index = buildResolutionIndex([{ id: 'm', kind: 'merge', key: key(OLD), members: [key(NEW)], label: 'Saya Aung', note: '', createdAt: 1, undoneAt: null }])
    expect(detectPhoneReplacements(indexed([records], 50))).toHaveLength(1)
    expect(detectPhoneReplacements(indexed([records], 50), { resolve: index.resolve })).toEqual([])
  })

  it('finds the same candidates, with the same evidence, however the records are cut into segments and sources', () => {
    const leader = '+8801700000000'
    const leader2 = '+8801900000000'
    const lieutenants = ['+8801700000001', '+8801700000002', '+8801700000003']
    const replacements = ['+8801900000001', '+8801900000002', '+8801900000003']
    const clients = (k: number) => [1, 2, 3, 4].map((j) => `+88017111${k}000${j}`)
    const records = [
      ...talks(leader, lieutenants, 0, 14, IMEI),
      ...talks(leader2, replacements, 16, 30, IMEI),
      ...lieutenants.flatMap((l, k) => talks(l, clients(k), 0, 14)),
      ...replacements.flatMap((r, k) => talks(r, clients(k), 16, 30)),
      ...talks(OLD, C, 0, 14),
      ...talks(NEW, [...C.slice(0, 4), STRANGERS[0]!], 16, 30),
      ...talks(BACKGROUND, C, 0, 30)
    ]
    const reference = detectPhoneReplacements(indexed([records], 1000))
    expect(reference.length).toBeGreaterThanOrEqual(5)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: records.length }), (size, cut) => {
        // Two sources (the second a separate file), each cut into segments of `size` events.
        const second = records.slice(cut).map((r) => ({ ...r, provenance: { ...r.provenance, sourceSha256: 'b'.repeat(64) } }))
        const found = detectPhoneReplacements(indexed([records.slice(0, cut), second].filter((x) => x.length > 0), size))
        expect(found).toEqual(reference)
      }),
      { numRuns: 25 }
    )
  })

  it('finds a leader’s new number in a second round when the whole network changed phones together', () => {
    const leader = '+8801700000000'
    const leader2 = '+8801900000000'
    const lieutenants = ['+8801700000001', '+8801700000002', '+8801700000003']
    const replacements = ['+8801900000001', '+8801900000002', '+8801900000003']
    const clients = (k: number) => [1, 2, 3, 4].map((j) => `+88017111${k}000${j}`)
    const records = [
      ...talks(leader, lieutenants, 0, 14),
      ...talks(leader2, replacements, 16, 30),
      ...lieutenants.flatMap((l, k) => talks(l, clients(k), 0, 14)),
      ...replacements.flatMap((r, k) => talks(r, clients(k), 16, 30)),
      ...talks(BACKGROUND, [STRANGERS[0]!], 0, 30)
    ]
    const segments = indexed([records], 100)
    const firstRound = detectPhoneReplacements(segments, { rounds: 1 })
    expect(firstRound.map((r) => [r.oldKey, r.newKey]).sort()).toEqual(lieutenants.map((l, k) => [key(l), key(replacements[k]!)]).sort())
    const both = detectPhoneReplacements(segments)
    const found = both.find((r) => r.oldKey === key(leader))!
    expect(found.newKey).toBe(key(leader2))
    expect(found.shared.map((s) => s.key).sort()).toEqual(replacements.map(key).sort())
    expect(found.via.map((v) => [v.oldKey, v.newKey])).toEqual(lieutenants.map((l, k) => [key(l), key(replacements[k]!)]))
    expect(both).toHaveLength(4)
  })
})
