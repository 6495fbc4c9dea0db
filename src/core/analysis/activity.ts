// When an entity is active: an hour-of-day × weekday heatmap and a day-by-day count, both on the clock of a
// display zone (UTC or an IANA zone), so "calls at 3 a.m." means 3 a.m. where the analyst says.
import { civilFromDays, isValidZone, zoneOffsetMs } from '../mapping/zones'
import type { IndexedSegment } from '../store/query'
import { FLAG_BITS } from '../store/segment'
import { callSeconds, forEachEvent, identity, isCallKind, isSmsKind, memberMask, type AnalysisScope } from './scan'

/** Weekday rows of the heatmap: ISO order, Monday first. */
export const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] as const

export interface DayActivity {
  /** The calendar day in the display zone, `YYYY-MM-DD`. */
  readonly day: string
  readonly events: number
  readonly calls: number
  readonly sms: number
  readonly other: number
  readonly seconds: number
}

export interface ActivityProfile {
  readonly zone: string
  /** heatmap[weekday][hour]: events; weekday 0 = Monday … 6 = Sunday, hour 0–23 on the display zone's clock. */
  readonly heatmap: readonly (readonly number[])[]
  /** Days with at least one event, in order (days without events are left out; the chart fills the gaps). */
  readonly days: readonly DayActivity[]
  /** Dated events counted. */
  readonly total: number
  /** Events without a usable time (undated, or only a day or a year): in no hour; coarse ones still in `days`. */
  readonly undated: number
  /** Events whose time is only a day or a year: counted in `days` but not in the heatmap. */
  readonly coarse: number
}

const HOUR = 3_600_000
const DAY = 86_400_000

/** True when a display zone can be used for activity (UTC or a named IANA zone). */
export function isDisplayZone(zone: string): boolean {
  return isValidZone(zone)
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0')
}

/**
 * The activity of one entity (or a group of keys taken as one) in a display zone. Throws a RangeError on a zone
 * that is not UTC or an IANA name: the caller checks the user's choice with isDisplayZone first.
 */
export function activityProfile(segments: readonly IndexedSegment[], keys: string | readonly string[], zone: string, scope: AnalysisScope = {}): ActivityProfile {
  if (!isValidZone(zone)) throw new RangeError(`activityProfile: '${zone}' is not a time zone`)
  const resolve = scope.resolve ?? identity
  const groups = new Set((typeof keys === 'string' ? [keys] : keys).map(resolve))
  const heat = Array.from({ length: 7 }, () => new Array<number>(24).fill(0))
  const days = new Map<number, { events: number; calls: number; sms: number; other: number; seconds: number }>()
  let total = 0
  let undated = 0
  let coarse = 0
  // The zone's offset is looked up once per UTC hour: offsets change at most once an hour, and when an hour holds a
  // change (its start and end differ) each event of it is looked up on its own.
  let cachedHour = NaN
  let cachedOffset = 0
  let cachedExact = true
  const offsetAt = (at: number): number => {
    const h = Math.floor(at / HOUR)
    if (h !== cachedHour) {
      cachedHour = h
      cachedOffset = zoneOffsetMs(h * HOUR, zone)
      cachedExact = zoneOffsetMs(h * HOUR + HOUR - 1, zone) === cachedOffset
    }
    return cachedExact ? cachedOffset : zoneOffsetMs(at, zone)
  }
  const coarseBit = FLAG_BITS['coarse-time']
  const masks = new WeakMap<object, Uint8Array>()
  forEachEvent(segments, scope, (seg, i) => {
    let m = masks.get(seg)
    if (!m) masks.set(seg, (m = memberMask(seg, groups, resolve)))
    if (m[seg.a[i]!] !== 1 && m[seg.b[i]!] !== 1 && m[seg.aAlt[i]!] !== 1 && m[seg.bAlt[i]!] !== 1 && m[seg.imei[i]!] !== 1 && m[seg.imsi[i]!] !== 1 && m[seg.cell[i]!] !== 1) return
    const at = seg.at[i]!
    if (Number.isNaN(at)) {
      undated++
      return
    }
    const local = at + offsetAt(at)
    const dayNumber = Math.floor(local / DAY)
    let d = days.get(dayNumber)
    if (!d) days.set(dayNumber, (d = { events: 0, calls: 0, sms: 0, other: 0, seconds: 0 }))
    d.events++
    const k = seg.kind[i]!
    if (isCallKind(k)) d.calls++
    else if (isSmsKind(k)) d.sms++
    else d.other++
    d.seconds += callSeconds(seg, i)
    if ((seg.flags[i]! & coarseBit) !== 0) {
      coarse++
      return
    }
    total++
    const hour = Math.floor((local - dayNumber * DAY) / HOUR)
    // 1970-01-01 was a Thursday (ISO weekday index 3).
    const weekday = (((dayNumber + 3) % 7) + 7) % 7
    heat[weekday]![hour]!++
  })
  const dayList: DayActivity[] = [...days.keys()]
    .sort((x, y) => x - y)
    .map((n) => {
      const [y, mo, da] = civilFromDays(n)
      return { day: `${pad(y, 4)}-${pad(mo)}-${pad(da)}`, ...days.get(n)! }
    })
  return { zone, heatmap: heat, days: dayList, total, undated, coarse }
}
