// Axis ticks and labels for a visible time range in a display zone (UTC or IANA), stepping on the zone's wall clock so
// that ticks stay on local midnights and round hours across daylight-saving changes.
import { DateTime } from 'luxon'
import type { DisplayZone } from '../timelineFilter'

export type TickUnit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second'

/** One rung of the step ladder: ticks every `count` `unit`s of local wall-clock time. */
export interface TickStep {
  readonly unit: TickUnit
  readonly count: number
  /** Rough length in ms, used only to choose a step for a zoom level. */
  readonly approxMs: number
}

export interface Tick {
  /** UTC ms. */
  readonly at: number
  readonly label: string
}

export interface AxisTicks {
  /** Ticks at each step (labelled briefly: "06:00", "Mar", "14"). */
  readonly minor: readonly Tick[]
  /** Ticks at the next coarser boundary (labelled with their context: "Sun 31 Mar 2024", "2024"). */
  readonly major: readonly Tick[]
  readonly step: TickStep
  /** The context of the left edge in the major format, for the corner of the axis when no major tick is visible. */
  readonly context: string
  /** The zone the axis is drawn in, as the axis names it: "UTC", "Asia/Dhaka (UTC+06:00)". */
  readonly zoneLabel: string
  /** The IANA zone (or 'UTC') the ticks were computed in. */
  readonly zone: string
}

const S = 1_000
const M = 60 * S
const H = 60 * M
const D = 24 * H

/** Steps from seconds to years, finest first. */
export const TICK_STEPS: readonly TickStep[] = [
  { unit: 'second', count: 1, approxMs: S },
  { unit: 'second', count: 5, approxMs: 5 * S },
  { unit: 'second', count: 15, approxMs: 15 * S },
  { unit: 'second', count: 30, approxMs: 30 * S },
  { unit: 'minute', count: 1, approxMs: M },
  { unit: 'minute', count: 5, approxMs: 5 * M },
  { unit: 'minute', count: 15, approxMs: 15 * M },
  { unit: 'minute', count: 30, approxMs: 30 * M },
  { unit: 'hour', count: 1, approxMs: H },
  { unit: 'hour', count: 3, approxMs: 3 * H },
  { unit: 'hour', count: 6, approxMs: 6 * H },
  { unit: 'hour', count: 12, approxMs: 12 * H },
  { unit: 'day', count: 1, approxMs: D },
  { unit: 'day', count: 2, approxMs: 2 * D },
  { unit: 'week', count: 1, approxMs: 7 * D },
  { unit: 'month', count: 1, approxMs: 30.44 * D },
  { unit: 'month', count: 3, approxMs: 91.3 * D },
  { unit: 'month', count: 6, approxMs: 182.6 * D },
  { unit: 'year', count: 1, approxMs: 365.25 * D },
  { unit: 'year', count: 2, approxMs: 2 * 365.25 * D },
  { unit: 'year', count: 5, approxMs: 5 * 365.25 * D },
  { unit: 'year', count: 10, approxMs: 10 * 365.25 * D }
]

/** Guards a caller that passes an absurd width or range: no axis needs more ticks than this. */
const MAX_TICKS = 4_000

/** The zone the axis is drawn in: 'source' has no single zone, so its axis is UTC. */
export function axisZone(zone: DisplayZone): string {
  return zone === 'source' ? 'UTC' : zone
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '−' : '+'
  const a = Math.abs(minutes)
  return `UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`
}

/**
 * How the axis names its zone for the range [start, end]: "UTC", "Asia/Dhaka (UTC+06:00)", or with both offsets when
 * the range crosses a daylight-saving change: "Europe/London (UTC+00:00 → UTC+01:00)".
 */
export function axisZoneLabel(zone: DisplayZone, start: number, end: number): string {
  if (zone === 'UTC') return 'UTC'
  if (zone === 'source') return "UTC (table: each source's local time)"
  const a = DateTime.fromMillis(start, { zone })
  const b = DateTime.fromMillis(end, { zone })
  if (!a.isValid || !b.isValid) return zone
  return a.offset === b.offset ? `${zone} (${offsetText(a.offset)})` : `${zone} (${offsetText(a.offset)} → ${offsetText(b.offset)})`
}

/** The finest step whose ticks are at least `minPx` apart at `msPerPx`. */
export function chooseStep(msPerPx: number, minPx = 70): TickStep {
  const need = msPerPx * minPx
  for (const s of TICK_STEPS) if (s.approxMs >= need) return s
  return TICK_STEPS[TICK_STEPS.length - 1]!
}

type Major = 'decade' | 'year' | 'month' | 'day' | 'hour' | 'minute'

function majorOf(step: TickStep): Major {
  switch (step.unit) {
    case 'year':
      return 'decade'
    case 'month':
      return 'year'
    case 'week':
    case 'day':
      return 'month'
    case 'hour':
      return 'day'
    case 'minute':
      return step.count >= 15 ? 'day' : 'hour'
    case 'second':
      return 'minute'
  }
}

function minorLabel(d: DateTime, step: TickStep): string {
  switch (step.unit) {
    case 'year':
      return d.toFormat('yyyy')
    case 'month':
      return d.toFormat('LLL')
    case 'week':
    case 'day':
      return d.toFormat('ccc d')
    case 'hour':
    case 'minute':
      return d.toFormat('HH:mm')
    case 'second':
      return d.toFormat('HH:mm:ss')
  }
}

function majorLabel(d: DateTime, major: Major): string {
  switch (major) {
    case 'decade':
    case 'year':
      return d.toFormat('yyyy')
    case 'month':
      return d.toFormat('LLLL yyyy')
    case 'day':
      return d.toFormat('ccc d LLL yyyy')
    case 'hour':
      return d.toFormat('ccc d LLL yyyy, HH:mm')
    case 'minute':
      return d.toFormat('ccc d LLL yyyy, HH:mm')
  }
}

/** The local boundary at or before `d` for a major unit. */
function majorFloor(d: DateTime, major: Major): DateTime {
  if (major === 'decade') {
    const y = d.startOf('year')
    return y.set({ year: Math.floor(y.year / 10) * 10 })
  }
  return d.startOf(major)
}

function majorNext(d: DateTime, major: Major): DateTime {
  switch (major) {
    case 'decade':
      return d.plus({ years: 10 })
    case 'year':
      return d.plus({ years: 1 })
    case 'month':
      return d.plus({ months: 1 })
    case 'day':
      return d.plus({ days: 1 })
    case 'hour':
      return d.plus({ hours: 1 })
    case 'minute':
      return d.plus({ minutes: 1 })
  }
}

/**
 * Local wall-clock ticks of `step` from the boundary at or before `from` until past `to`. Calendar units (years, months,
 * weeks, days) step on the calendar; hours land on local hours divisible by `count` within each local day, so a
 * 6-hour axis shows 00/06/12/18 even on a 23- or 25-hour day; minutes and seconds step in absolute time from a local
 * hour, which keeps them on round local minutes for every zone offset in use.
 */
function stepTicks(from: number, to: number, zone: string, step: TickStep): DateTime[] {
  const out: DateTime[] = []
  const first = DateTime.fromMillis(from, { zone })
  const push = (d: DateTime): boolean => {
    if (d.toMillis() > to) return false
    const prev = out[out.length - 1]
    if (d.toMillis() >= from && (!prev || prev.toMillis() < d.toMillis())) out.push(d)
    return out.length < MAX_TICKS
  }
  switch (step.unit) {
    case 'year': {
      let d = first.startOf('year')
      d = d.set({ year: Math.floor(d.year / step.count) * step.count })
      while (push(d)) d = d.plus({ years: step.count })
      break
    }
    case 'month': {
      let d = first.startOf('year')
      while (d.plus({ months: step.count }).toMillis() <= from) d = d.plus({ months: step.count })
      while (push(d)) d = d.plus({ months: step.count })
      break
    }
    case 'week': {
      let d = first.startOf('week')
      while (push(d)) d = d.plus({ weeks: 1 })
      break
    }
    case 'day': {
      // Day-of-month 1, 1+count, …: restart at each month so the 1st always carries a tick.
      let m = first.startOf('month')
      for (;;) {
        const next = m.plus({ months: 1 })
        let cont = true
        const days = m.daysInMonth ?? 31
        for (let dom = 1; dom <= days && cont; dom += step.count) {
          // A last short step (the 31st right before the 1st) would crowd the labels.
          if (dom !== 1 && days + 1 - dom < step.count) break
          cont = push(m.set({ day: dom }))
        }
        if (!cont || next.toMillis() > to) break
        m = next
      }
      break
    }
    case 'hour': {
      let day = first.startOf('day')
      for (;;) {
        let cont = true
        for (let h = 0; h < 24 && cont; h += step.count) {
          // set({hour}) on a day whose hour h does not exist (spring forward) lands after the gap; push dedupes it.
          const d = day.set({ hour: h })
          if (d.hour % step.count !== 0) continue
          cont = push(d)
        }
        const next = day.plus({ days: 1 })
        if (!cont || next.toMillis() > to) break
        day = next
      }
      break
    }
    case 'minute':
    case 'second': {
      const unitMs = (step.unit === 'minute' ? M : S) * step.count
      const base = first.startOf('hour').toMillis()
      let t = base + Math.floor((from - base) / unitMs) * unitMs
      while (push(DateTime.fromMillis(t, { zone }))) t += unitMs
      break
    }
  }
  return out
}

/**
 * Ticks for the visible range [start, end] drawn `width` pixels wide, in `zone` ('UTC', an IANA zone, or 'source', which
 * draws a UTC axis). Labels are at least `minPx` apart.
 */
export function computeTicks(start: number, end: number, width: number, zone: DisplayZone, minPx = 70): AxisTicks {
  const z = axisZone(zone)
  const probe = DateTime.fromMillis(start, { zone: z })
  if (!probe.isValid) throw new Error(`computeTicks: invalid zone ${z}`)
  const lo = Math.min(start, end)
  const hi = Math.max(start, end)
  const step = chooseStep((hi - lo) / Math.max(1, width), minPx)
  const major = majorOf(step)
  const minor = stepTicks(lo, hi, z, step).map((d) => ({ at: d.toMillis(), label: minorLabel(d, step) }))
  const majors: Tick[] = []
  let d = majorFloor(DateTime.fromMillis(lo, { zone: z }), major)
  const context = majorLabel(d, major)
  while (d.toMillis() <= hi && majors.length < MAX_TICKS) {
    if (d.toMillis() >= lo) majors.push({ at: d.toMillis(), label: majorLabel(d, major) })
    d = majorFloor(majorNext(d, major), major)
  }
  return { minor, major: majors, step, context, zoneLabel: axisZoneLabel(zone, lo, hi), zone: z }
}
