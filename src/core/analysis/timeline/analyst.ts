// The analyst's own events on the timeline: reading the wall-clock time an analyst types in a zone, and whether an
// analyst event passes the timeline's filter (the same filter the imported events pass).
import { DateTime } from 'luxon'
import { isValidZone, type TimelineFilter } from '../timelineFilter'

/** The parts of an analyst event the timeline filters and draws. */
export interface AnalystEventLike {
  readonly id: string
  readonly at: number
  readonly title: string
  readonly note: string
  readonly parties: readonly string[]
  readonly tags: readonly string[]
  readonly starred: boolean
}

export type WallClockResult = { readonly ok: true; readonly utcMs: number; readonly normalised: string } | { readonly ok: false; readonly message: string }

const FORMATS = ['yyyy-MM-dd HH:mm:ss', 'yyyy-MM-dd HH:mm', "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd'T'HH:mm", 'yyyy-MM-dd']

/**
 * Reads "2024-03-05 14:30" (seconds optional, a 'T' allowed, a date alone meaning midnight) as wall-clock time in
 * `zone`. A time that does not exist there (skipped by a daylight-saving change) is refused rather than moved.
 */
export function parseWallClock(text: string, zone: string): WallClockResult {
  const t = text.trim()
  if (!isValidZone(zone)) return { ok: false, message: `“${zone}” is not a time zone Waymark knows. Pick one from the list (e.g. Asia/Dhaka).` }
  if (t === '') return { ok: false, message: 'Enter the time, e.g. 2024-03-05 14:30.' }
  for (const f of FORMATS) {
    const d = DateTime.fromFormat(t, f, { zone })
    if (!d.isValid) continue
    // luxon moves a time inside a spring-forward gap to after it; the wall clock then reads differently.
    if (d.toFormat(f) !== t) return { ok: false, message: `${t} does not exist in ${zone}: the clocks skipped it (daylight saving). Enter a time before or after the change.` }
    return { ok: true, utcMs: d.toMillis(), normalised: d.toFormat('yyyy-MM-dd HH:mm:ss') }
  }
  return { ok: false, message: `“${t}” is not a time Waymark can read. Write it as year-month-day hour:minute, e.g. 2024-03-05 14:30.` }
}

/** Whether an analyst event passes a timeline filter (sources do not apply: analyst events have no file). */
export function analystEventMatches(e: AnalystEventLike, f: TimelineFilter): boolean {
  if (f.kinds?.length && !f.kinds.includes('analyst')) return false
  if (f.sources?.length) return false
  if (f.from !== undefined && e.at < f.from) return false
  if (f.to !== undefined && e.at >= f.to) return false
  if (f.entities?.length && !e.parties.some((p) => f.entities!.includes(p))) return false
  if (f.starred && !e.starred) return false
  if (f.tags?.length && !e.tags.some((t) => f.tags!.includes(t))) return false
  const q = f.text?.normalize('NFC').trim().toLowerCase()
  if (q) {
    const hay = [e.title, e.note, ...e.parties, ...e.tags].join('\n').normalize('NFC').toLowerCase()
    if (!hay.includes(q)) return false
  }
  return true
}
