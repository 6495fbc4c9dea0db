// Turns spreadsheet date serial numbers into wall-clock text, for both the 1900 and the 1904 date systems, without ever involving the computer's time zone.

const DAY_MS = 86_400_000
const EPOCH_1900 = Date.UTC(1899, 11, 31) // serial 1 = 1900-01-01
const EPOCH_1900_AFTER_LEAP = Date.UTC(1899, 11, 30) // from serial 61 on, past Lotus's phantom 1900-02-29
const EPOCH_1904 = Date.UTC(1904, 0, 1) // serial 0 = 1904-01-01
const MAX_SERIAL_1900 = 2_958_465 // 9999-12-31

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n
const pad3 = (n: number): string => (n < 10 ? '00' : n < 100 ? '0' : '') + n

/** How a date-formatted number should be shown. */
export type DateFormatKind = 'datetime' | 'time' | 'elapsed'

/**
 * Classifies a number format already known to be a date format: elapsed time (`[h]:mm`), time of day only
 * (no year, month or day), or a date. Quoted text, escapes and bracketed colours/locales are ignored.
 */
export function dateFormatKind(format: string): DateFormatKind {
  const f = format.split(';')[0] ?? format
  if (/\[(h+|m+|s+)\]/i.test(f)) return 'elapsed'
  const bare = f
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/_.|\*./g, '')
    .replace(/AM\/PM|A\/P/gi, '')
  if (/[ydebg]/i.test(bare)) return 'datetime'
  // 'm' is minutes next to h or s, months otherwise.
  const hasMonth = /m/i.test(bare.replace(/(h+[^a-z]*m+)|(m+[^a-z]*s+)/gi, ''))
  if (hasMonth) return 'datetime'
  return /[hs]/i.test(bare) ? 'time' : 'datetime'
}

function timeText(ms: number): string {
  const s = Math.floor(ms / 1000)
  const rest = ms - s * 1000
  const text = `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}`
  return rest ? `${text}.${pad3(rest)}` : text
}

/**
 * Wall-clock text for a spreadsheet serial: `YYYY-MM-DDTHH:mm:ss` (plus `.sss` when there are milliseconds),
 * `HH:mm:ss` for a time of day (a value below 1 in a time-only format, or below 1 in the 1900 system, where
 * "day 0" is not a real date), and `H:mm:ss` with hours past 24 for elapsed-time formats.
 * Returns null for values no calendar date matches (negative, beyond 9999, not finite).
 * Milliseconds are rounded, which removes the binary noise in stored times.
 */
export function serialToText(serial: number, date1904: boolean, kind: DateFormatKind = 'datetime'): string | null {
  if (!Number.isFinite(serial)) return null
  if (kind === 'elapsed') {
    const totalMs = Math.round(Math.abs(serial) * DAY_MS)
    const s = Math.floor(totalMs / 1000)
    const rest = totalMs - s * 1000
    const text = `${Math.floor(s / 3600)}:${pad2(Math.floor(s / 60) % 60)}:${pad2(s % 60)}${rest ? '.' + pad3(rest) : ''}`
    return serial < 0 ? `-${text}` : text
  }
  if (serial < 0) return null
  const limit = date1904 ? MAX_SERIAL_1900 - 1462 : MAX_SERIAL_1900
  if (serial >= limit + 1) return null
  let days = Math.floor(serial)
  let ms = Math.round((serial - days) * DAY_MS)
  if (ms >= DAY_MS) {
    days += 1
    ms -= DAY_MS
  }
  if (serial < 1 && (kind === 'time' || !date1904)) return days === 0 ? timeText(ms) : timeText(0)
  let dateText: string
  if (!date1904 && days === 60) {
    // Excel keeps Lotus 1-2-3's 29 February 1900, a day that never was; show it as the spreadsheet does.
    dateText = '1900-02-29'
  } else {
    const base = date1904 ? EPOCH_1904 : days < 60 ? EPOCH_1900 : EPOCH_1900_AFTER_LEAP
    const d = new Date(base + days * DAY_MS)
    dateText = `${String(d.getUTCFullYear()).padStart(4, '0')}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
  }
  return `${dateText}T${timeText(ms)}`
}
