// Text for the printed timeline: escaping for HTML/SVG, times in the display zone with their offset, durations.
import { DateTime } from 'luxon'
import type { DirectionName } from '../../store/segment'
import type { DisplayZone, TimelineKind } from '../timelineFilter'

/** Escapes text for HTML and SVG content and attribute values (double-quoted). */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'))
}

/**
 * An instant as printed in the table: wall-clock time in the display zone (or, for 'source', in the zone the event's
 * file was read in) with the UTC offset, so a reader never has to guess which clock a time is on.
 */
export function formatEventTime(ms: number, display: DisplayZone, eventZone: string): string {
  const zone = display === 'source' ? eventZone || 'UTC' : display
  let d = DateTime.fromMillis(ms, { zone })
  if (!d.isValid) d = DateTime.fromMillis(ms, { zone: 'UTC' })
  const off = d.offset === 0 ? 'UTC' : d.toFormat('ZZ')
  return `${d.toFormat('yyyy-MM-dd HH:mm:ss')} ${off}`
}

/** When the printout was made, in the display zone (UTC for 'source'), named. */
export function formatGeneratedAt(ms: number, display: DisplayZone): string {
  const zone = display === 'source' ? 'UTC' : display
  const d = DateTime.fromMillis(ms, { zone })
  return d.offset === 0 && zone === 'UTC' ? `${d.toFormat('d LLL yyyy HH:mm')} UTC` : `${d.toFormat('d LLL yyyy HH:mm')} ${zone} (UTC${d.toFormat('ZZ')})`
}

/** A source's import time, always in UTC (it is the machine's action, not the case's). */
export function formatUtc(ms: number): string {
  return `${DateTime.fromMillis(ms, { zone: 'UTC' }).toFormat('yyyy-MM-dd HH:mm:ss')} UTC`
}

/** Seconds as h:mm:ss or m:ss; absent or not finite as an empty string. */
export function formatDuration(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return ''
  const neg = s < 0
  const t = Math.round(Math.abs(s))
  const h = Math.floor(t / 3600)
  const m = Math.floor((t % 3600) / 60)
  const sec = t % 60
  const body = h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}` : `${m}:${String(sec).padStart(2, '0')}`
  return neg ? `−${body}` : body
}

const KIND_ONE: Record<TimelineKind, string> = {
  call: 'call',
  sms: 'SMS',
  mms: 'MMS',
  data: 'data',
  ussd: 'USSD',
  cdr: 'CDR row',
  transfer: 'transfer',
  movement: 'movement',
  event: 'event',
  analyst: 'analyst event'
}

export function kindSingular(kind: TimelineKind): string {
  return KIND_ONE[kind]
}

export function directionLabel(d: DirectionName): string {
  return d === 'unknown' ? '' : d === 'outgoing' ? 'out' : d === 'incoming' ? 'in' : d
}
