// Handsets and SIMs over time: a phone that moves its SIM to a new handset shows two IMEI intervals and a swap;
// a handset shows the numbers used in it.
import { describe, expect, it } from 'vitest'
import { deviceHistory } from '../../../../src/core/analysis/handsets'
import { cdr, DAY, indexed, key, MON } from './entityFixtures'

const X = '+8801711111111'
const Y = '+8801722222222'
const Z = '+8801733333333'
const IMEI_1 = '356938035643809'
const IMEI_2 = '490154203237518'
const IMSI_1 = '470030784337208'
const IMSI_2 = '470019948453611'

describe('device history', () => {
  const segments = indexed([
    [
      cdr({ a: X, b: Y, at: MON, imei: IMEI_1, imsi: IMSI_1 }),
      cdr({ a: Y, b: X, at: MON + DAY, direction: 'incoming', imei: IMEI_1, imsi: IMSI_1 }),
      // The SIM goes into a new handset on day 3.
      cdr({ a: X, b: Z, at: MON + 3 * DAY, imei: IMEI_2, imsi: IMSI_1 }),
      cdr({ a: X, b: Y, at: MON + 4 * DAY, imei: IMEI_2, imsi: IMSI_1 }),
      // Back to the old handset for one call, with another SIM.
      cdr({ a: X, b: Y, at: MON + 5 * DAY, imei: IMEI_1, imsi: IMSI_2 })
    ],
    // Y's own record of a call: the handset is Y's, not X's.
    [cdr({ a: X, b: Y, at: MON + 6 * DAY, direction: 'incoming', imei: '352829264029683', source: 'c'.repeat(64) })]
  ])

  it('gives a phone its handsets and SIMs as intervals, with the swaps', () => {
    const h = deviceHistory(segments, key(X))
    expect(h.imeis.map((u) => [u.key, u.firstAt, u.lastAt, u.events, u.spans.length])).toEqual([
      [`imei:${IMEI_1}`, MON, MON + 5 * DAY, 3, 2],
      [`imei:${IMEI_2}`, MON + 3 * DAY, MON + 4 * DAY, 2, 1]
    ])
    expect(h.imeis[0]!.spans).toEqual([
      { from: MON, to: MON + DAY, events: 2 },
      { from: MON + 5 * DAY, to: MON + 5 * DAY, events: 1 }
    ])
    expect(h.imsis.map((u) => [u.key, u.events])).toEqual([
      [`imsi:${IMSI_1}`, 4],
      [`imsi:${IMSI_2}`, 1]
    ])
    expect(h.swaps).toEqual([
      { type: 'imei', from: `imei:${IMEI_1}`, to: `imei:${IMEI_2}`, fromLastAt: MON + DAY, toFirstAt: MON + 3 * DAY },
      { type: 'imei', from: `imei:${IMEI_2}`, to: `imei:${IMEI_1}`, fromLastAt: MON + 4 * DAY, toFirstAt: MON + 5 * DAY },
      { type: 'imsi', from: `imsi:${IMSI_1}`, to: `imsi:${IMSI_2}`, fromLastAt: MON + 4 * DAY, toFirstAt: MON + 5 * DAY }
    ])
    expect(h.phones).toEqual([])
  })

  it('never gives a phone the other party’s handset', () => {
    expect(deviceHistory(segments, key(Y)).imeis.map((u) => u.key)).toEqual(['imei:352829264029683'])
  })

  it('gives a handset the numbers and SIMs used in it', () => {
    const h = deviceHistory(segments, `imei:${IMEI_1}`)
    expect(h.phones.map((u) => [u.key, u.events])).toEqual([[key(X), 3]])
    expect(h.imsis.map((u) => u.key)).toEqual([`imsi:${IMSI_1}`, `imsi:${IMSI_2}`])
    expect(h.imeis).toEqual([])
  })

  it('reads each party’s handset from its own copy of a mirrored call, the hidden copy included', () => {
    const s = indexed([
      [cdr({ a: X, b: Y, at: MON, duration: 60, imei: IMEI_1 })],
      [cdr({ a: X, b: Y, at: MON + 5_000, duration: 60, direction: 'incoming', imei: IMEI_2, source: 'd'.repeat(64) })]
    ])
    expect(s.some((x) => x.hidden?.includes(1))).toBe(true)
    expect(deviceHistory(s, key(X)).imeis.map((u) => [u.key, u.events])).toEqual([[`imei:${IMEI_1}`, 1]])
    expect(deviceHistory(s, key(Y)).imeis.map((u) => [u.key, u.events])).toEqual([[`imei:${IMEI_2}`, 1]])
  })

  it('leaves out rows whose subscriber the file did not say', () => {
    const s = indexed([[cdr({ a: X, b: Y, at: MON, direction: 'unknown', imei: IMEI_1 })]])
    const h = deviceHistory(s, key(X))
    expect(h.imeis).toEqual([])
    expect(h.unattributed).toBe(1)
  })
})
