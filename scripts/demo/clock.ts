// Wall-clock ↔ UTC helpers for the demo story: each sender writes its own local time, the story keeps UTC milliseconds.
import { DateTime } from 'luxon'

export const DHAKA = 'Asia/Dhaka'
export const KUALA_LUMPUR = 'Asia/Kuala_Lumpur'
export const BANGKOK = 'Asia/Bangkok'
export type Zone = typeof DHAKA | typeof KUALA_LUMPUR | typeof BANGKOK

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000

/** `local('2024-02-15 23:10', DHAKA)` → UTC ms. Seconds optional. Throws on a malformed literal: these are the script's own constants. */
export function local(text: string, zone: Zone): number {
  const dt = DateTime.fromFormat(text, text.length > 16 ? 'yyyy-MM-dd HH:mm:ss' : 'yyyy-MM-dd HH:mm', { zone })
  if (!dt.isValid) throw new Error(`local: bad time literal ${text} (${dt.invalidExplanation ?? ''})`)
  return dt.toMillis()
}

/** Formats a UTC instant as the wall clock of a zone, with a luxon pattern. */
export function wall(utcMs: number, zone: Zone, pattern: string): string {
  return DateTime.fromMillis(utcMs, { zone }).toFormat(pattern)
}

/** Hour of day (0–23) in a zone. */
export function hourIn(utcMs: number, zone: Zone): number {
  return DateTime.fromMillis(utcMs, { zone }).hour
}

/** Midnight (local) of the day containing the instant, as UTC ms. */
export function startOfDay(utcMs: number, zone: Zone): number {
  return DateTime.fromMillis(utcMs, { zone }).startOf('day').toMillis()
}

export function iso(utcMs: number): string {
  return new Date(utcMs).toISOString()
}
