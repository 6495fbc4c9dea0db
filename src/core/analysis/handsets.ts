// Which handsets (IMEI) and SIMs (IMSI) a phone number was used with, and when — or, for a handset or a SIM, which
// numbers and SIMs went with it — as intervals over time, with the moments one was swapped for another.
import type { IndexedSegment } from '../store/query'
import type { Segment } from '../store/segment'
import { forEachEvent, identity, memberMask, subscriberColumn, type AnalysisScope } from './scan'

export type DeviceType = 'phone' | 'imei' | 'imsi'

/** A stretch of consecutive events (in time) that used the same identifier. */
export interface DeviceSpan {
  readonly from: number
  readonly to: number
  readonly events: number
}

/** One identifier seen with the entity. */
export interface DeviceUse {
  readonly key: string
  readonly type: DeviceType
  readonly firstAt: number
  readonly lastAt: number
  readonly events: number
  /** Its uninterrupted stretches: two handsets used in turn give several spans each. */
  readonly spans: readonly DeviceSpan[]
}

/** The identifier of one type changed between two consecutive events. */
export interface DeviceSwap {
  readonly type: DeviceType
  readonly from: string
  readonly to: string
  /** Last event with the old identifier, first with the new one (UTC ms). */
  readonly fromLastAt: number
  readonly toFirstAt: number
}

export interface DeviceHistory {
  /** Handsets, SIMs and numbers seen with the entity, each by first use. The entity's own type is absent. */
  readonly imeis: readonly DeviceUse[]
  readonly imsis: readonly DeviceUse[]
  readonly phones: readonly DeviceUse[]
  readonly swaps: readonly DeviceSwap[]
  /** Dated events that named the entity as the subscriber (phone) or in their IMEI/IMSI column. */
  readonly events: number
  /**
   * Events naming a phone where the file did not say whose record it was (caller and callee given, direction
   * unknown): their handset could be either party's, so they are left out.
   */
  readonly unattributed: number
}

interface Row {
  at: number
  imei: string
  imsi: string
  phone: string
}

function keyOf(seg: Segment, code: number): string {
  return code === 0 ? '' : seg.dict[code]!
}

function typeOfKey(key: string): DeviceType | 'other' {
  if (key.startsWith('imei:')) return 'imei'
  if (key.startsWith('imsi:')) return 'imsi'
  return 'other'
}

function uses(rows: readonly Row[], field: 'imei' | 'imsi' | 'phone', type: DeviceType, swaps: DeviceSwap[]): DeviceUse[] {
  const byKey = new Map<string, { first: number; last: number; events: number; spans: DeviceSpan[] }>()
  let current = ''
  let spanFrom = 0
  let spanTo = 0
  let spanEvents = 0
  const close = (): void => {
    if (!current) return
    byKey.get(current)!.spans.push({ from: spanFrom, to: spanTo, events: spanEvents })
  }
  for (const r of rows) {
    const k = r[field]
    if (!k) continue
    let u = byKey.get(k)
    if (!u) byKey.set(k, (u = { first: r.at, last: r.at, events: 0, spans: [] }))
    u.events++
    u.last = r.at
    if (k === current) {
      spanTo = r.at
      spanEvents++
      continue
    }
    if (current) swaps.push({ type, from: current, to: k, fromLastAt: spanTo, toFirstAt: r.at })
    close()
    current = k
    spanFrom = r.at
    spanTo = r.at
    spanEvents = 1
  }
  close()
  return [...byKey].map(([key, u]) => ({ key, type, firstAt: u.first, lastAt: u.last, events: u.events, spans: u.spans })).sort((x, y) => x.firstAt - y.firstAt || (x.key < y.key ? -1 : 1))
}

/**
 * Handsets and SIMs of a phone (or of several keys taken as one), or numbers and SIMs of a handset, or numbers and
 * handsets of a SIM. A phone's handset is read from the rows where it is the subscriber (the CDR's owner) — the
 * hidden halves of mirrored calls included, since the other party's copy of a call names the other handset.
 */
export function deviceHistory(segments: readonly IndexedSegment[], keys: string | readonly string[], scope: AnalysisScope = {}): DeviceHistory {
  const resolve = scope.resolve ?? identity
  const list = typeof keys === 'string' ? [keys] : keys
  const groups = new Set(list.map(resolve))
  const rows: Row[] = []
  let unattributed = 0
  const masks = new WeakMap<object, Uint8Array>()
  forEachEvent(segments, scope, (seg, i) => {
    const at = seg.at[i]!
    if (Number.isNaN(at)) return
    let m = masks.get(seg)
    if (!m) masks.set(seg, (m = memberMask(seg, groups, resolve)))
    const viaImei = m[seg.imei[i]!] === 1
    const viaImsi = m[seg.imsi[i]!] === 1
    const inA = m[seg.a[i]!] === 1
    const inB = m[seg.b[i]!] === 1
    if (!viaImei && !viaImsi && !inA && !inB) return
    const subscriber = subscriberColumn(seg, i)
    const owner = subscriber === 'a' ? seg.a[i]! : subscriber === 'b' ? seg.b[i]! : 0
    if (!viaImei && !viaImsi) {
      // The entity is a party: the row's handset is its own only when it is the row's subscriber.
      if (subscriber === null) {
        if (seg.imei[i] !== 0 || seg.imsi[i] !== 0) unattributed++
        return
      }
      if (m[owner] !== 1) return
    }
    rows.push({ at, imei: keyOf(seg, seg.imei[i]!), imsi: keyOf(seg, seg.imsi[i]!), phone: keyOf(seg, owner) })
  }, true)
  rows.sort((x, y) => x.at - y.at)
  const ownTypes = new Set(list.map(typeOfKey))
  const swaps: DeviceSwap[] = []
  const imeis = ownTypes.has('imei') ? [] : uses(rows, 'imei', 'imei', swaps)
  const imsis = ownTypes.has('imsi') ? [] : uses(rows, 'imsi', 'imsi', swaps)
  const phones = ownTypes.has('other') ? [] : uses(rows, 'phone', 'phone', swaps)
  swaps.sort((x, y) => x.toFirstAt - y.toFirstAt || x.type.localeCompare(y.type))
  return { imeis, imsis, phones, swaps, events: rows.length, unattributed }
}
