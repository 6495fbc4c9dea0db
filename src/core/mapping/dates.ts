// Reads dates and times from imported cells: decides a column's format once from all its values, then parses each cell fast.
//
// Public API (stable; autoMap and records call it):
//   decideDateFormat(values: Iterable<Cell | undefined>, opts?: DecideOptions): DateDecision
//       Looks at every value of a column. Never guesses day/month order: when every value fits both
//       dd/mm and mm/dd the decision is `ambiguous: true`, `order: null`, `candidates: ['dmy', 'mdy']`.
//   withChoice(decision: DateDecision, order: 'dmy' | 'mdy'): DateDecision     the analyst's choice
//   parseDateTime(value: Cell | undefined, decision: DateDecision, zone: string): DateTimeResult
//   parseTimeOfDay(value: Cell | undefined, decision?: DateDecision): TimeOfDayResult
//   combineDateTime(date, time, dateDecision, timeDecision, zone): DateTimeResult   separate date and time columns
//   withGeneralScannerOnly(f)   runs f without the fixed-position fast path for dd/mm/yyyy[ HH:mm:ss] (tests)
//   createDateWatch / parseDateTimeWatched / combineDateTimeWatched / watchValue / decideWatched / sameReading /
//   explainChange   read values as above while gathering decideDateFormat's evidence from the same scan, so a
//       streaming import can decide again from every value at the end (records.ts checkDates)
//   A DateDecision is plain JSON and carries the fields of model/mapping.ts's DateFormatDecision (order, ambiguous,
//   candidates, buddhistEra, pattern, decidedBy), so a mapping can store it and a template can replay it.
//
// What is read (digits of Thai, Lao, Khmer, Myanmar, Bengali … scripts are folded to ASCII first):
//   ISO 8601 and year-first dates: 2024-03-15, 2024-03-15T14:05:09.123+07:00, 2024/03/15 14:05, 2024.03.15
//   numeric day/month dates, year last: 15/03/2024, 03-15-2024, 15.03.24, with a time HH:mm[:ss[.SSS]] in 24-hour
//     or 12-hour form (AM/PM, a.m./p.m., Vietnamese SA/CH, Thai ก่อนเที่ยง/หลังเที่ยง), '.' as time separator
//     (Indonesian 14.05), an optional Thai 'น.' and an optional offset (Z, UTC, GMT, +07:00, +0700, +07)
//   compact: yyyymmdd, yyyymmddhhmm, yyyymmddhhmmss, 'yyyymmdd hhmm[ss]', 'yyyymmddThhmmss'
//   month names: '15 March 2024', 'Mar 15, 2024 2:05 PM', 'Fri, 15 Mar 2024 14:05:09 +0700', '15-Mar-24',
//     Thai 'วันศุกร์ที่ 15 มีนาคม พ.ศ. 2567', '15 มี.ค. 67'; Vietnamese 'ngày 15 tháng 3 năm 2024', '15 Tháng Ba 2024';
//     Indonesian/Malay '15 Agustus 2024', '15 Ogos 2024'; Filipino, Khmer, Lao, Burmese and Bengali month names
//   numbers: Excel serial days (1900 system with Excel's fictitious 29 Feb 1900; the 1904 system by option),
//     Unix seconds and milliseconds (told apart by magnitude), bare years (1800–2599)
//   time-only columns: HH:mm[:ss], compact hhmm / hhmmss, Excel day fractions (for combineDateTime)
//
// Years: a year ≥ 2400 is Buddhist Era and 543 is subtracted (15/03/2567 → 2024-03-15); the decision says so in
// `buddhistEra` and `warnings`. Two-digit years fall in the 100-year window that starts at `twoDigitYearBase`
// (default: 79 years before and 20 after the reference year, i.e. with 2025: 46–99 → 1946–1999, 00–45 → 2000–2045);
// in a Buddhist-Era column they are read as BE years in the same window (67 → 2567 → 2024).
//
// Zones: a wall-clock value is read in the source's IANA zone (zones.ts), DST gaps move forward and overlaps take
// the earlier instant (with a warning on the result); an explicit offset in the data wins over the zone.

import type { DateOrder } from '../model/mapping'
import type { Cell } from '../model/rawTable'
import { toAsciiDigits } from './digits'
import { civilFromDays, daysFromCivil, lastWallTimeFold, wallTimeToUtc } from './zones'

type CellInput = Cell | undefined

export type DateKind =
  | 'iso' // year-first with '-' (ISO 8601 and its space-separated variant)
  | 'ymd' // year-first with '/' or '.'
  | 'day-month' // numeric, year last; `order` says dmy or mdy (null while ambiguous)
  | 'compact' // yyyymmdd[hhmm[ss]]
  | 'month-name'
  | 'excel-serial'
  | 'unix-seconds'
  | 'unix-millis'
  | 'year'
  | 'time' // time of day only (the time half of a date + time pair)
  | 'unknown'

export interface DecideOptions {
  /** Force the day/month order (the analyst's choice, or a saved template's). */
  readonly order?: 'dmy' | 'mdy'
  /** 'auto' (default): a year ≥ 2400 is Buddhist Era. 'buddhist': every year is BE. 'ce': no conversion. */
  readonly era?: 'auto' | 'ce' | 'buddhist'
  /** The workbook uses Excel's 1904 date system (RawTable.date1904). */
  readonly excel1904?: boolean
  /** Year the two-digit-year window is built around (default: the current year). */
  readonly referenceYear?: number
  /** What the column holds, when the mapping already knows: 'time' makes 4- and 6-digit numbers times of day. */
  readonly expect?: 'datetime' | 'date' | 'time'
  /** ISO country of the source: only used to say which order is likelier in an ambiguous column, never to choose. */
  readonly country?: string
}

/** How a date column is read. Plain JSON: it can be saved with a mapping and reused. */
export interface DateDecision {
  readonly kind: DateKind
  /** Day/month order; 'ymd' for year-first and compact forms; null while ambiguous. */
  readonly order: DateOrder | null
  readonly ambiguous: boolean
  /** Orders the values allow (both 'dmy' and 'mdy' when ambiguous). */
  readonly candidates: readonly DateOrder[]
  /** When ambiguous: the order that is more common in the source's country. A hint to show, never applied. */
  readonly likely?: 'dmy' | 'mdy'
  readonly buddhistEra: boolean
  /** Two-digit years are Buddhist Era too: the era is forced, or the column's four-digit years are all BE. */
  readonly twoDigitYearsBuddhist: boolean
  readonly era: 'auto' | 'ce' | 'buddhist'
  /** First year of the 100-year window two-digit years fall in. */
  readonly twoDigitYearBase: number
  readonly excel1904: boolean
  /** Compact times in a time column: hhmm (4) or hhmmss (6). */
  readonly timeDigits: 4 | 6
  /** A display pattern such as 'dd/MM/yyyy HH:mm:ss' or 'yyyyMMdd HHmm'. */
  readonly pattern: string
  readonly decidedBy: 'values' | 'user' | 'template'
  /** Non-empty values looked at, and how many of them fit the decision. */
  readonly total: number
  readonly recognised: number
  /** Up to five values that could not be read, for the import wizard. */
  readonly unrecognisedExamples: readonly string[]
  /** Sentences for the analyst: Buddhist-Era conversion, two-digit years, mixed formats, ambiguity. */
  readonly warnings: readonly string[]
}

export type DateTimeResult =
  | {
      readonly ok: true
      readonly utcMs: number
      /** The source zone, or 'UTC' / 'Etc/GMT-7' style when the value carried its own offset. */
      readonly zone: string
      /** True when the offset came from the value itself (Z, +07:00, a Unix timestamp). */
      readonly explicitOffset: boolean
      /** The explicit offset, when there was one. */
      readonly offsetMs?: number
      readonly precision: 'second' | 'minute' | 'day' | 'year'
      /** Something the analyst should know although the value was read (DST gap or overlap, serial number). */
      readonly warning?: string
    }
  | { readonly ok: false; readonly problem: string; readonly empty?: true }

export type TimeOfDayResult =
  | { readonly ok: true; readonly msOfDay: number; readonly precision: 'second' | 'minute'; readonly offsetMs?: number }
  | { readonly ok: false; readonly problem: string; readonly empty?: true }

// ---------------------------------------------------------------------------------------------------------------
// Scanner state. Parsing is single-threaded and non-reentrant, so one mutable record avoids allocating per cell.

const S_NONE = 0 // not recognised
const S_EMPTY = 1
const S_YMD = 2 // f1 = year (4 digits), f2 = month, f3 = day
const S_DMY = 3 // f1, f2 = day/month in unknown order, f3 = year (2 or 4 digits)
const S_COMPACT = 4 // y, mo, d set
const S_NUMBER = 5 // num, intLen, hasFrac
const S_MONTH = 6 // y (yLen), mo, d set
const S_TIME = 7 // time only

interface Scan {
  shape: number
  f1: number
  f2: number
  f3: number
  f3Len: number
  sep: number
  y: number
  yLen: number
  mo: number
  d: number
  /** 0 none, 1 Buddhist Era marker (พ.ศ.), 2 Common Era marker (ค.ศ.) */
  eraMark: number
  monthFirst: boolean
  num: number
  intLen: number
  hasFrac: boolean
  hasTime: boolean
  h: number
  mi: number
  s: number
  ms: number
  hasSeconds: boolean
  /** 0 none, 1 AM, 2 PM */
  ampm: number
  timeSep: number
  offsetMs: number
  hasOffset: boolean
  tSep: boolean
}

const R: Scan = {
  shape: S_NONE, f1: 0, f2: 0, f3: 0, f3Len: 0, sep: 0, y: 0, yLen: 0, mo: 0, d: 0, eraMark: 0, monthFirst: false,
  num: 0, intLen: 0, hasFrac: false, hasTime: false, h: 0, mi: 0, s: 0, ms: 0, hasSeconds: false, ampm: 0,
  timeSep: 0, offsetMs: 0, hasOffset: false, tSep: false
}

function resetScan(): void {
  R.shape = S_NONE
  R.sep = 0
  R.eraMark = 0
  R.monthFirst = false
  R.hasFrac = false
  R.hasTime = false
  R.h = 0
  R.mi = 0
  R.s = 0
  R.ms = 0
  R.hasSeconds = false
  R.ampm = 0
  R.timeSep = 0
  R.offsetMs = 0
  R.hasOffset = false
  R.tSep = false
}

const C_0 = 48
const C_9 = 57
const C_SPACE = 32
const C_PLUS = 43
const C_COMMA = 44
const C_MINUS = 45
const C_DOT = 46
const C_SLASH = 47
const C_COLON = 58
const C_T = 84
const C_t = 116
const C_Z = 90
const C_z = 122

function isDigit(c: number): boolean {
  return c >= C_0 && c <= C_9
}

/** Position after the digit run starting at i. */
function digitRunEnd(s: string, i: number): number {
  const n = s.length
  while (i < n && isDigit(s.charCodeAt(i))) i++
  return i
}

function intAt(s: string, from: number, to: number): number {
  let v = 0
  for (let i = from; i < to; i++) v = v * 10 + (s.charCodeAt(i) - C_0)
  return v
}

function skipSpaces(s: string, i: number): number {
  const n = s.length
  while (i < n) {
    const c = s.charCodeAt(i)
    if (c === C_SPACE || c === 9 || c === 0xa0) i++
    else break
  }
  return i
}

/** Reads H[H]:mm[:ss[.fff]] (or with '.' separators) at i; returns the position after it or -1. */
function scanClock(s: string, i: number): number {
  const hEnd = digitRunEnd(s, i)
  const hLen = hEnd - i
  if (hLen < 1 || hLen > 2 || hEnd >= s.length) return -1
  const sep = s.charCodeAt(hEnd)
  if (sep !== C_COLON && sep !== C_DOT) return -1
  const mEnd = digitRunEnd(s, hEnd + 1)
  if (mEnd - hEnd - 1 !== 2) return -1
  R.h = intAt(s, i, hEnd)
  R.mi = intAt(s, hEnd + 1, mEnd)
  R.timeSep = sep
  R.hasTime = true
  let p = mEnd
  if (p < s.length && s.charCodeAt(p) === sep) {
    const sEnd = digitRunEnd(s, p + 1)
    if (sEnd - p - 1 !== 2) return -1
    R.s = intAt(s, p + 1, sEnd)
    R.hasSeconds = true
    p = sEnd
    if (p < s.length) {
      const f = s.charCodeAt(p)
      if (f === C_COMMA || (f === C_DOT && sep === C_COLON)) {
        const fEnd = digitRunEnd(s, p + 1)
        const fLen = fEnd - p - 1
        if (fLen < 1 || fLen > 9) return -1
        // Milliseconds from the first three fraction digits; finer digits are kept only in the original text.
        let ms = 0
        for (let k = 0; k < 3; k++) ms = ms * 10 + (k < fLen ? s.charCodeAt(p + 1 + k) - C_0 : 0)
        R.ms = ms
        p = fEnd
      }
    }
  }
  return p
}

function startsWithAt(s: string, i: number, word: string): boolean {
  return s.startsWith(word, i)
}

function lowerAscii(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c
}

/** Reads an AM/PM marker at i (after spaces were skipped); returns the position after it or i. */
function scanAmPm(s: string, i: number): number {
  const n = s.length
  if (i >= n) return i
  const c = lowerAscii(s.charCodeAt(i))
  if (c === 97 || c === 112) {
    // am, pm, a.m., p.m., a, p
    let p = i + 1
    if (p < n && s.charCodeAt(p) === C_DOT) p++
    if (p < n && lowerAscii(s.charCodeAt(p)) === 109) {
      p++
      if (p < n && s.charCodeAt(p) === C_DOT) p++
      R.ampm = c === 97 ? 1 : 2
      return p
    }
    return i
  }
  if (c === 115 && i + 1 < n && lowerAscii(s.charCodeAt(i + 1)) === 97) {
    R.ampm = 1 // Vietnamese SA (sáng)
    return i + 2
  }
  if (c === 99 && i + 1 < n && lowerAscii(s.charCodeAt(i + 1)) === 104) {
    R.ampm = 2 // Vietnamese CH (chiều)
    return i + 2
  }
  if (startsWithAt(s, i, 'ก่อนเที่ยง') || startsWithAt(s, i, '上午')) {
    R.ampm = 1
    return i + (s.charCodeAt(i) === 0x4e0a ? 2 : 'ก่อนเที่ยง'.length)
  }
  if (startsWithAt(s, i, 'หลังเที่ยง') || startsWithAt(s, i, '下午')) {
    R.ampm = 2
    return i + (s.charCodeAt(i) === 0x4e0b ? 2 : 'หลังเที่ยง'.length)
  }
  return i
}

/** Reads Z, UTC, GMT, ±HH[:MM] or UTC±HH[:MM] at i; returns the position after it or i when there is none. */
function scanOffset(s: string, i: number): number {
  const n = s.length
  if (i >= n) return i
  let p = i
  let named = false
  const c = s.charCodeAt(p)
  if ((c === C_Z || c === C_z) && p + 1 === n) {
    R.hasOffset = true
    R.offsetMs = 0
    return n
  }
  if (s.startsWith('UTC', p) || s.startsWith('GMT', p) || s.startsWith('utc', p) || s.startsWith('gmt', p)) {
    p += 3
    named = true
  }
  const sign = p < n ? s.charCodeAt(p) : 0
  if (sign !== C_PLUS && sign !== C_MINUS && sign !== 0x2212) {
    if (named) {
      R.hasOffset = true
      R.offsetMs = 0
      return p
    }
    return i
  }
  const hEnd = digitRunEnd(s, p + 1)
  const hLen = hEnd - p - 1
  let oh: number
  let om = 0
  let end: number
  if (hLen === 4) {
    oh = intAt(s, p + 1, p + 3)
    om = intAt(s, p + 3, hEnd)
    end = hEnd
  } else if (hLen === 1 || hLen === 2) {
    oh = intAt(s, p + 1, hEnd)
    end = hEnd
    if (end < n && s.charCodeAt(end) === C_COLON) {
      const mEnd = digitRunEnd(s, end + 1)
      if (mEnd - end - 1 !== 2) return -1
      om = intAt(s, end + 1, mEnd)
      end = mEnd
    }
  } else {
    return named ? -1 : i
  }
  if (oh > 14 || om > 59) return -1
  R.hasOffset = true
  R.offsetMs = (sign === C_PLUS ? 1 : -1) * (oh * 3_600_000 + om * 60_000)
  return end
}

/** After a date: [T| |,] clock [AM/PM] [น.] [offset], to the end of the string. Returns false if something else follows. */
function scanTimeTail(s: string, i: number): boolean {
  const n = s.length
  if (i >= n) return true
  const c = s.charCodeAt(i)
  let p: number
  if (c === C_T || c === C_t) {
    R.tSep = true
    p = i + 1
  } else if (c === C_SPACE || c === C_COMMA || c === 9 || c === 0xa0) {
    p = i
    while (p < n) {
      const d = s.charCodeAt(p)
      if (d === C_SPACE || d === C_COMMA || d === 9 || d === 0xa0) p++
      else break
    }
    if (startsWithAt(s, p, 'เวลา')) p = skipSpaces(s, p + 4)
    else if (startsWithAt(s, p, 'pukul')) p = skipSpaces(s, p + 5)
    else if (p + 2 < n && s.charCodeAt(p) === 97 && s.charCodeAt(p + 1) === C_t && s.charCodeAt(p + 2) === C_SPACE) p = skipSpaces(s, p + 3)
  } else {
    // A date straight followed by an offset ('2024-03-15Z') is not something exports produce: refuse.
    return false
  }
  return scanTimeRest(s, p)
}

/** clock [AM/PM] [น.] [offset] up to the end of the string. */
function scanTimeRest(s: string, p: number): boolean {
  const n = s.length
  p = scanClock(s, p)
  if (p < 0) return false
  let q = skipSpaces(s, p)
  q = scanAmPm(s, q)
  q = skipSpaces(s, q)
  if (startsWithAt(s, q, 'น')) {
    q++
    if (q < n && s.charCodeAt(q) === C_DOT) q++
    q = skipSpaces(s, q)
  }
  if (q < n) {
    const o = scanOffset(s, q)
    if (o < 0 || o === q) return false
    q = skipSpaces(s, o)
  }
  return q === n
}

/** 'yyyymmdd', 'yyyymmddhhmm[ss]', then optionally [ |T] hhmm[ss] or a clock, then an offset. */
function scanCompact(s: string, runEnd: number): boolean {
  const n = s.length
  const L = runEnd
  R.y = intAt(s, 0, 4)
  R.yLen = 4
  R.mo = intAt(s, 4, 6)
  R.d = intAt(s, 6, 8)
  if (L === 12 || L === 14) {
    R.hasTime = true
    R.h = intAt(s, 8, 10)
    R.mi = intAt(s, 10, 12)
    if (L === 14) {
      R.s = intAt(s, 12, 14)
      R.hasSeconds = true
    }
    if (runEnd === n) return true
    const o = scanOffset(s, skipSpaces(s, runEnd))
    return o === n
  }
  if (L !== 8) return false
  if (runEnd === n) return true
  const c = s.charCodeAt(runEnd)
  if (c !== C_SPACE && c !== C_T && c !== C_t) return false
  if (c !== C_SPACE) R.tSep = true
  const p = skipSpaces(s, runEnd + 1)
  const tEnd = digitRunEnd(s, p)
  const tLen = tEnd - p
  if ((tLen === 4 || tLen === 6) && (tEnd === n || s.charCodeAt(tEnd) !== C_COLON)) {
    R.hasTime = true
    R.h = intAt(s, p, p + 2)
    R.mi = intAt(s, p + 2, p + 4)
    if (tLen === 6) {
      R.s = intAt(s, p + 4, p + 6)
      R.hasSeconds = true
    }
    if (tEnd === n) return true
    const o = scanOffset(s, skipSpaces(s, tEnd))
    return o === n
  }
  return scanTimeRest(s, p)
}

/** f1 sep f2 sep f3 [time]: year-first (f1 has 4 digits) or year-last. */
function scanNumericDate(s: string, L: number, sep: number): void {
  const n = s.length
  const p2 = L + 1
  const e2 = digitRunEnd(s, p2)
  const len2 = e2 - p2
  if (len2 < 1 || len2 > 2 || e2 >= n || s.charCodeAt(e2) !== sep) return
  const p3 = e2 + 1
  const e3 = digitRunEnd(s, p3)
  const len3 = e3 - p3
  if (L === 4) {
    if (len3 < 1 || len3 > 2) return
  } else if (L <= 2) {
    if (len3 !== 2 && len3 !== 4) return
  } else {
    return
  }
  R.f1 = intAt(s, 0, L)
  R.f2 = intAt(s, p2, e2)
  R.f3 = intAt(s, p3, e3)
  R.f3Len = len3
  R.sep = sep
  if (!scanTimeTail(s, e3)) return
  R.shape = L === 4 ? S_YMD : S_DMY
}

let fixedScan = true

/**
 * The shape most CDR exports write — dd/mm/yyyy or dd/mm/yyyy HH:mm:ss, with '/', '-' or '.' — read at fixed
 * positions. Leaves R exactly as scanText would (scanNumericDate + scanTimeTail); false for anything else, which
 * the general scanner then reads. Worth it: a million-row import reads every value twice (decide, then parse).
 */
function scanFixedDayMonth(s: string): boolean {
  const n = s.length
  if (!fixedScan || (n !== 10 && n !== 19)) return false
  const sep = s.charCodeAt(2)
  if ((sep !== C_SLASH && sep !== C_MINUS && sep !== C_DOT) || s.charCodeAt(5) !== sep) return false
  // Each character is read once (texts sliced from a chunk cost a few nanoseconds per read); a digit is 0–9 after
  // subtracting '0', tested with one unsigned comparison.
  const d0 = s.charCodeAt(0) - C_0
  const d1 = s.charCodeAt(1) - C_0
  const m0 = s.charCodeAt(3) - C_0
  const m1 = s.charCodeAt(4) - C_0
  const y0 = s.charCodeAt(6) - C_0
  const y1 = s.charCodeAt(7) - C_0
  const y2 = s.charCodeAt(8) - C_0
  const y3 = s.charCodeAt(9) - C_0
  if ((d0 >>> 0) > 9 || (d1 >>> 0) > 9 || (m0 >>> 0) > 9 || (m1 >>> 0) > 9 || (y0 >>> 0) > 9 || (y1 >>> 0) > 9 || (y2 >>> 0) > 9 || (y3 >>> 0) > 9) return false
  let h = 0
  let mi = 0
  let sec = 0
  if (n === 19) {
    if (s.charCodeAt(10) !== C_SPACE || s.charCodeAt(13) !== C_COLON || s.charCodeAt(16) !== C_COLON) return false
    const h0 = s.charCodeAt(11) - C_0
    const h1 = s.charCodeAt(12) - C_0
    const i0 = s.charCodeAt(14) - C_0
    const i1 = s.charCodeAt(15) - C_0
    const s0 = s.charCodeAt(17) - C_0
    const s1 = s.charCodeAt(18) - C_0
    if ((h0 >>> 0) > 9 || (h1 >>> 0) > 9 || (i0 >>> 0) > 9 || (i1 >>> 0) > 9 || (s0 >>> 0) > 9 || (s1 >>> 0) > 9) return false
    h = h0 * 10 + h1
    mi = i0 * 10 + i1
    sec = s0 * 10 + s1
  }
  resetScan()
  R.f1 = d0 * 10 + d1
  R.f2 = m0 * 10 + m1
  R.f3 = ((y0 * 10 + y1) * 10 + y2) * 10 + y3
  R.f3Len = 4
  R.sep = sep
  if (n === 19) {
    R.h = h
    R.mi = mi
    R.timeSep = C_COLON
    R.hasTime = true
    R.s = sec
    R.hasSeconds = true
  }
  R.shape = S_DMY
  return true
}

/** Runs `f` with only the general scanner (tests compare it with the fixed-position one). */
export function withGeneralScannerOnly<T>(f: () => T): T {
  fixedScan = false
  try {
    return f()
  } finally {
    fixedScan = true
  }
}

/** Classifies and splits a folded, trimmed, non-empty text into R. */
function scanText(s: string): void {
  resetScan()
  const n = s.length
  const c0 = s.charCodeAt(0)
  if (isDigit(c0)) {
    const L = digitRunEnd(s, 0)
    if (L === n) {
      R.shape = S_NUMBER
      R.intLen = L
      R.num = L <= 15 ? intAt(s, 0, L) : Number(s)
      return
    }
    const c = s.charCodeAt(L)
    if (c === C_DOT || c === C_COMMA) {
      const fe = digitRunEnd(s, L + 1)
      if (fe === n && fe > L + 1) {
        // A decimal number ('45366.5', '1710480000,25'); '15.03.2024' has a second separator and is a date.
        R.shape = S_NUMBER
        R.intLen = L
        R.hasFrac = true
        R.num = Number(c === C_COMMA ? s.replace(',', '.') : s)
        return
      }
    }
    if ((c === C_SPACE || c === C_T || c === C_t) && (L === 8 || L === 12 || L === 14)) {
      if (scanCompact(s, L)) R.shape = S_COMPACT
      else if (c === C_SPACE) scanMonthName(s)
      return
    }
    if (c === C_MINUS || c === C_SLASH || c === C_DOT) {
      if (L + 1 < n && isDigit(s.charCodeAt(L + 1))) scanNumericDate(s, L, c)
      else scanMonthName(s)
      return
    }
    if (c === C_COLON || (c === C_DOT && L <= 2)) {
      if (scanTimeRest(s, 0)) R.shape = S_TIME
      return
    }
    if ((c === C_PLUS || c === C_MINUS || c === C_Z || c === C_z) && (L === 12 || L === 14)) {
      if (scanCompact(s, L)) R.shape = S_COMPACT
      return
    }
    scanMonthName(s)
    return
  }
  if (c0 === C_MINUS || c0 === C_PLUS || c0 === 0x2212) {
    const body = c0 === 0x2212 ? `-${s.slice(1)}` : s
    if (/^[+-]\d+(?:[.,]\d+)?$/.test(body)) {
      R.shape = S_NUMBER
      R.num = Number(body.replace(',', '.'))
      R.intLen = digitRunEnd(body, 1) - 1
      R.hasFrac = body.includes('.') || body.includes(',')
    }
    return
  }
  scanMonthName(s)
}

// ---------------------------------------------------------------------------------------------------------------
// Month names.

function monthTable(): Map<string, number> {
  const m = new Map<string, number>()
  const add = (month: number, ...words: string[]): void => {
    for (const w of words) m.set(w.normalize('NFC').toLowerCase().replace(/\./g, ''), month)
  }
  // English
  add(1, 'january', 'jan'); add(2, 'february', 'feb'); add(3, 'march', 'mar'); add(4, 'april', 'apr')
  add(5, 'may'); add(6, 'june', 'jun'); add(7, 'july', 'jul'); add(8, 'august', 'aug')
  add(9, 'september', 'sep', 'sept'); add(10, 'october', 'oct'); add(11, 'november', 'nov'); add(12, 'december', 'dec')
  // Indonesian (with old spellings) and Malay
  add(1, 'januari'); add(2, 'februari', 'pebruari'); add(3, 'maret', 'mac'); add(5, 'mei'); add(6, 'juni')
  add(7, 'juli', 'julai'); add(8, 'agustus', 'agu', 'agt', 'ags', 'ogos', 'ogo'); add(10, 'oktober', 'okt')
  add(11, 'nopember', 'nop'); add(12, 'desember', 'des', 'disember', 'dis')
  // Filipino and the Spanish forms still used in the Philippines
  add(1, 'enero', 'ene'); add(2, 'pebrero', 'peb', 'febrero'); add(3, 'marso', 'marzo'); add(4, 'abril', 'abr')
  add(5, 'mayo'); add(6, 'hunyo', 'junio', 'hun'); add(7, 'hulyo', 'julio', 'hul'); add(8, 'agosto', 'ago')
  add(9, 'setyembre', 'septiyembre', 'septiembre', 'set'); add(10, 'oktubre', 'octubre'); add(11, 'nobyembre', 'noviembre', 'nob')
  add(12, 'disyembre', 'diciembre', 'dic')
  // Thai: full names and the usual abbreviations (dots are removed before lookup: ม.ค. → มค)
  const thaiFull = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม']
  const thaiShort = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.']
  // Khmer, Lao, Burmese and Bengali names of the Gregorian months
  const khmer = ['មករា', 'កុម្ភៈ', 'មីនា', 'មេសា', 'ឧសភា', 'មិថុនា', 'កក្កដា', 'សីហា', 'កញ្ញា', 'តុលា', 'វិច្ឆិកា', 'ធ្នូ']
  const lao = ['ມັງກອນ', 'ກຸມພາ', 'ມີນາ', 'ເມສາ', 'ພຶດສະພາ', 'ມິຖຸນາ', 'ກໍລະກົດ', 'ສິງຫາ', 'ກັນຍາ', 'ຕຸລາ', 'ພະຈິກ', 'ທັນວາ']
  const burmese = ['ဇန်နဝါရီ', 'ဖေဖော်ဝါရီ', 'မတ်', 'ဧပြီ', 'မေ', 'ဇွန်', 'ဇူလိုင်', 'ဩဂုတ်', 'စက်တင်ဘာ', 'အောက်တိုဘာ', 'နိုဝင်ဘာ', 'ဒီဇင်ဘာ']
  const bengali = ['জানুয়ারি', 'ফেব্রুয়ারি', 'মার্চ', 'এপ্রিল', 'মে', 'জুন', 'জুলাই', 'আগস্ট', 'সেপ্টেম্বর', 'অক্টোবর', 'নভেম্বর', 'ডিসেম্বর']
  const bengaliAlt = ['জানুয়ারী', 'ফেব্রুয়ারী', '', '', '', '', '', 'আগষ্ট', '', '', '', '']
  for (let i = 0; i < 12; i++) {
    for (const table of [thaiFull, thaiShort, khmer, lao, burmese, bengali, bengaliAlt]) {
      const w = table[i]
      if (w) add(i + 1, w)
    }
  }
  // Thai abbreviations are also written without dots or with a space for the dots.
  for (let i = 0; i < 12; i++) add(i + 1, (thaiShort[i] ?? '').replace(/\./g, ''))
  return m
}

const MONTHS = monthTable()

// Vietnamese month numerals after 'tháng' (Tháng Một … Tháng Mười Hai; Giêng and Chạp are the traditional 1st/12th).
const VI_NUMERALS: ReadonlyMap<string, number> = new Map([
  ['một', 1], ['mot', 1], ['giêng', 1], ['gieng', 1], ['hai', 2], ['ba', 3], ['tư', 4], ['tu', 4], ['bốn', 4], ['bon', 4],
  ['năm', 5], ['nam', 5], ['sáu', 6], ['sau', 6], ['bảy', 7], ['bay', 7], ['tám', 8], ['tam', 8], ['chín', 9], ['chin', 9],
  ['mười', 10], ['muoi', 10], ['chạp', 12], ['chap', 12]
])

// Words that may surround a date without changing it: weekdays, "date", "time", "at", ordinal suffixes.
const FILLER = new Set(
  [
    'mon', 'monday', 'tue', 'tues', 'tuesday', 'wed', 'weds', 'wednesday', 'thu', 'thur', 'thurs', 'thursday', 'fri', 'friday',
    'sat', 'saturday', 'sun', 'sunday', 'senin', 'selasa', 'rabu', 'kamis', 'jumat', "jum'at", 'sabtu', 'minggu', 'ahad', 'isnin',
    'khamis', 'jumaat', 'lunes', 'martes', 'miyerkules', 'huwebes', 'biyernes', 'sabado', 'linggo', 'chủ', 'nhật', 'cn',
    'ngày', 'ngay', 'năm', 'nam', 'of', 'the', 'at', 'on', 'st', 'nd', 'rd', 'th', 'tanggal', 'tgl', 'hari', 'pukul', 'jam',
    'lúc', 'luc', 'giờ', 'gio', 'น', 'นาฬิกา', 'เวลา', 'de', 'ng'
  ].map((w) => w.normalize('NFC'))
)

const TOKEN_RE = /[\p{L}\p{M}]+|\d+/gu
const CLOCK_RE = /(\d{1,2})([:.])(\d{2})(?:\2(\d{2})(?:[.,](\d{1,9}))?)?/u
const LETTER_DOT_RE = /([\p{L}\p{M}])\./gu

// The common English/Indonesian/Malay layouts ('15 Mar 2024 14:05', '15-Mar-24', 'Mar 15, 2024 2:05 PM'),
// read without the general tokenizer; anything else falls through to it.
const FAST_DAY_FIRST = /^(\d{1,2})[ \-/]([A-Za-z]{3,9})\.?[ \-/,] ?(\d{4}|\d{2})(?=$|[ T,])/
const FAST_MONTH_FIRST = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})(?=$|[ T,])/

function scanMonthNameFast(s: string): boolean {
  let m = FAST_DAY_FIRST.exec(s)
  let day: string | undefined
  let word: string | undefined
  let year: string | undefined
  if (m !== null) {
    ;[, day, word, year] = m
  } else {
    m = FAST_MONTH_FIRST.exec(s)
    if (m === null) return false
    ;[, word, day, year] = m
  }
  const month = MONTHS.get((word ?? '').toLowerCase())
  if (month === undefined || day === undefined || year === undefined) return false
  resetScan()
  if (!scanTimeTail(s, m[0].length)) return false
  R.d = Number(day)
  R.mo = month
  R.y = Number(year)
  R.yLen = year.length
  R.monthFirst = m !== null && s.charCodeAt(0) > C_9
  R.shape = S_MONTH
  return true
}

/** Month-name dates (and weekday-prefixed forms). Slower than the numeric paths; such columns are rarer. */
function scanMonthName(text: string): void {
  if (scanMonthNameFast(text)) return
  resetScan()
  let s = text.normalize('NFC').toLowerCase()
  // A clock first: it is the only part with ':' (or '.' between 1-2 and 2 digits, Indonesian/Thai style).
  const clock = CLOCK_RE.exec(s)
  if (clock !== null) {
    const before = s.slice(0, clock.index)
    // A clock must follow a space or a comma (not be part of '15.03.2024').
    if (clock.index > 0 && !/[\s,]$/u.test(before)) return
    R.h = Number(clock[1])
    R.mi = Number(clock[3])
    R.timeSep = clock[2] === ':' ? C_COLON : C_DOT
    R.hasTime = true
    if (clock[4] !== undefined) {
      R.s = Number(clock[4])
      R.hasSeconds = true
      if (clock[5] !== undefined) R.ms = Number(clock[5].slice(0, 3).padEnd(3, '0'))
    }
    // After the clock: AM/PM, Thai 'น.', then an offset ('+0700', 'GMT+7', 'Z').
    let q = skipSpaces(s, clock.index + clock[0].length)
    q = skipSpaces(s, scanAmPm(s, q))
    if (startsWithAt(s, q, 'น')) {
      q++
      if (q < s.length && s.charCodeAt(q) === C_DOT) q++
      q = skipSpaces(s, q)
    }
    const o = scanOffset(s, q)
    if (o < 0) return
    s = `${before} ${s.slice(o)}`
  }
  s = s.replace(LETTER_DOT_RE, '$1')
  const tokens = s.match(TOKEN_RE)
  if (tokens === null) return
  let month = 0
  let monthPos = -1
  const nums: number[] = []
  const lens: number[] = []
  let numsBeforeMonth = 0
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] ?? ''
    const c = t.charCodeAt(0)
    if (isDigit(c)) {
      if (t.length > 4) return
      nums.push(Number(t))
      lens.push(t.length)
      if (month === 0) numsBeforeMonth++
      continue
    }
    if (t === 'tháng' || t === 'thang' || t === 'thg') {
      if (month !== 0) return
      const next = tokens[i + 1] ?? ''
      if (isDigit(next.charCodeAt(0))) {
        month = Number(next)
        i++
      } else {
        const v = VI_NUMERALS.get(next)
        if (v === undefined) return
        month = v
        i++
        if (v === 10) {
          const unit = tokens[i + 1]
          if (unit === 'một' || unit === 'mot') {
            month = 11
            i++
          } else if (unit === 'hai') {
            month = 12
            i++
          }
        }
      }
      monthPos = i
      continue
    }
    if (t === 'thứ') {
      i++ // 'thứ hai' … 'thứ bảy' are weekdays: skip the numeral
      continue
    }
    const mv = MONTHS.get(t)
    if (mv !== undefined && month === 0) {
      month = mv
      monthPos = i
      continue
    }
    if (t === 'พศ') {
      R.eraMark = 1
      continue
    }
    if (t === 'คศ') {
      R.eraMark = 2
      continue
    }
    if (t === 'am' || t === 'sa' || t === 'ก่อนเที่ยง') {
      if (!R.hasTime) return
      R.ampm = 1
      continue
    }
    if (t === 'pm' || t === 'ch' || t === 'หลังเที่ยง') {
      if (!R.hasTime) return
      R.ampm = 2
      continue
    }
    if (t === 'z' || t === 'utc' || t === 'gmt') {
      if (!R.hasTime) return
      R.hasOffset = true
      R.offsetMs = 0
      continue
    }
    if (FILLER.has(t) || t.startsWith('วัน')) continue
    return
  }
  if (month === 0 || monthPos < 0 || nums.length !== 2) return
  const [a = 0, b = 0] = nums
  const [la = 0, lb = 0] = lens
  if (la >= 3 && lb <= 2) {
    R.y = a
    R.yLen = la
    R.d = b
  } else if (lb >= 3 && la <= 2) {
    R.y = b
    R.yLen = lb
    R.d = a
  } else if (la <= 2 && lb <= 2) {
    // Two short numbers: 'Mar 15, 24' and '15-Mar-24' both put the day first and the year last.
    R.d = a
    R.y = b
    R.yLen = lb
  } else {
    return
  }
  R.mo = month
  R.monthFirst = numsBeforeMonth === 0
  R.shape = S_MONTH
}

// ---------------------------------------------------------------------------------------------------------------
// Reading a cell.

let curValue: CellInput = null

/** The cell as the analyst sees it (trimmed), for messages: computed only when a message needs it. */
function orig(): string {
  if (typeof curValue === 'string') return curValue.trim()
  if (curValue === null || curValue === undefined) return ''
  return String(curValue)
}

function intLength(v: number): number {
  let n = Math.trunc(Math.abs(v))
  let len = 1
  while (n >= 10) {
    n = Math.floor(n / 10)
    len++
  }
  return len
}

/** Folds and trims a cell; sets R for numbers; returns the text to scan or '' for an empty cell. */
function prepare(value: CellInput): string {
  curValue = value
  if (value === null || value === undefined) {
    resetScan()
    R.shape = S_EMPTY
    return ''
  }
  if (typeof value === 'number') {
    resetScan()
    if (!Number.isFinite(value)) return ''
    R.shape = S_NUMBER
    R.num = value
    R.hasFrac = !Number.isInteger(value)
    R.intLen = intLength(value)
    return ''
  }
  if (typeof value === 'boolean') {
    resetScan()
    return ''
  }
  let s = value
  const n = s.length
  // Starts and ends with a digit and is plain ASCII: nothing to trim or fold.
  if (scanFixedDayMonth(s)) return s
  if (n === 0 || s.charCodeAt(0) <= 32 || s.charCodeAt(n - 1) <= 32 || s.charCodeAt(0) === 0xa0 || s.charCodeAt(n - 1) === 0xa0) {
    s = s.trim()
    if (s.length === 0) {
      resetScan()
      R.shape = S_EMPTY
      return ''
    }
  }
  s = toAsciiDigits(s)
  scanText(s)
  return s
}

const MONTH_NAMES_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** Days in month `m` (1–12) of proleptic Gregorian year `y`. */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31
}

function quote(original: string): string {
  const t = original.length > 60 ? `${original.slice(0, 57)}…` : original
  return `'${t}'`
}

// Resolved date fields after interpretation.
let Y = 0
let M = 0
let D = 0

const ERA_NONE = ''

/** Applies two-digit-year window and Buddhist Era rules; returns '' or a problem. */
function resolveYear(year: number, yLen: number, decision: DateDecision, eraMark: number): string {
  let y = year
  if (yLen <= 2) {
    const be = eraMark === 1 || (eraMark === 0 && (decision.era === 'buddhist' || decision.twoDigitYearsBuddhist))
    const base = be ? decision.twoDigitYearBase + 543 : decision.twoDigitYearBase
    y = base + ((((y - base) % 100) + 100) % 100)
    if (be) y -= 543
    Y = y
    return ERA_NONE
  }
  if (yLen === 3) return `${quote(orig())}: a three-digit year (${year}) is not a year`
  if (eraMark === 2) {
    Y = y
    return ERA_NONE
  }
  if (y >= 2400) {
    if (decision.era === 'ce' && eraMark !== 1) {
      return `${quote(orig())}: year ${y} is not plausible; if the file uses Thai Buddhist-Era years, choose Buddhist Era for this column`
    }
    y -= 543
  } else if (decision.era === 'buddhist' || eraMark === 1) {
    return `${quote(orig())}: year ${y} is not a Buddhist-Era year (those are 2400 or later)`
  }
  Y = y
  return ERA_NONE
}

function checkDate(): string {
  if (M < 1 || M > 12) return `${quote(orig())}: there is no month ${M}`
  if (D < 1) return `${quote(orig())} is not a real date: there is no day ${D}`
  const dim = daysInMonth(Y, M)
  if (D > dim) {
    return `${quote(orig())} is not a real date: ${MONTH_NAMES_EN[M - 1] ?? ''} ${Y} has ${dim} days`
  }
  return ERA_NONE
}

/** Validates R's clock and turns a 12-hour time into 24-hour; returns '' or a problem. */
function checkClock(): string {
  let h = R.h
  if (R.ampm !== 0) {
    if (h < 1 || h > 12) {
      if (!(h === 0 && R.ampm === 1)) return `${quote(orig())}: ${h} is not an hour on a 12-hour clock`
    }
    if (R.ampm === 1 && h === 12) h = 0
    else if (R.ampm === 2 && h !== 12) h += 12
    R.h = h
  }
  if (h === 24 && R.mi === 0 && R.s === 0 && R.ms === 0) return ERA_NONE // 24:00 = end of day, allowed by ISO 8601
  if (h > 23) return `${quote(orig())}: ${h} is not an hour of the day`
  if (R.mi > 59) return `${quote(orig())}: ${R.mi} is not a minute`
  if (R.s > 59) return `${quote(orig())}: second ${R.s} is not supported (leap seconds are not recorded by operators)`
  return ERA_NONE
}

/** Sets Y, M, D (and validates) from R for the date shapes; returns '' or a problem. */
function interpretDate(decision: DateDecision): string {
  switch (R.shape) {
    case S_YMD: {
      const p = resolveYear(R.f1, 4, decision, 0)
      if (p) return p
      M = R.f2
      D = R.f3
      return checkDate()
    }
    case S_DMY: {
      let order = decision.order
      if (order !== 'dmy' && order !== 'mdy') {
        // The column left the order open; a value that only fits one way is still unambiguous by itself.
        if (R.f1 === R.f2 || (R.f1 > 12 && R.f2 <= 12)) order = 'dmy'
        else if (R.f2 > 12 && R.f1 <= 12) order = 'mdy'
        else {
          return `${quote(orig())} fits both day/month/year and month/day/year: choose the order for this column`
        }
      }
      const p = resolveYear(R.f3, R.f3Len, decision, 0)
      if (p) return p
      if (order === 'dmy') {
        D = R.f1
        M = R.f2
      } else {
        M = R.f1
        D = R.f2
      }
      if (M > 12) {
        const other = order === 'dmy' ? 'month/day/year' : 'day/month/year'
        return `${quote(orig())}: there is no month ${M} (this column is read as ${order === 'dmy' ? 'day/month/year' : 'month/day/year'}; this value only fits ${other})`
      }
      return checkDate()
    }
    case S_COMPACT: {
      const p = resolveYear(R.y, 4, decision, 0)
      if (p) return p
      M = R.mo
      D = R.d
      return checkDate()
    }
    case S_MONTH: {
      const p = resolveYear(R.y, R.yLen, decision, R.eraMark)
      if (p) return p
      M = R.mo
      D = R.d
      return checkDate()
    }
    default:
      return `${quote(orig())} is not a date`
  }
}

function zoneForOffset(offsetMs: number, zone: string): string {
  if (offsetMs === 0) return 'UTC'
  if (offsetMs % 3_600_000 !== 0) return zone
  const h = offsetMs / 3_600_000
  // IANA's Etc zones have the POSIX sign: Etc/GMT-7 is seven hours east of Greenwich.
  return h > 0 ? `Etc/GMT-${h}` : `Etc/GMT+${-h}`
}

function fail(problem: string): DateTimeResult {
  return { ok: false, problem }
}

const EMPTY_RESULT: DateTimeResult = { ok: false, problem: 'empty', empty: true }

/**
 * The one result object the watched readers return for an instant read without a warning (the common case): a
 * million-row import then allocates no result per cell. Its fields are overwritten by the next read, so those
 * readers' callers copy what they keep before reading another cell; parseDateTime never returns it.
 */
const REUSED: { ok: true; utcMs: number; zone: string; explicitOffset: boolean; offsetMs: number | undefined; precision: 'second' | 'minute' | 'day' | 'year'; warning: undefined } = {
  ok: true,
  utcMs: 0,
  zone: '',
  explicitOffset: false,
  offsetMs: undefined,
  precision: 'second',
  warning: undefined
}

function reused(utcMs: number, zone: string, explicitOffset: boolean, offsetMs: number | undefined, precision: 'second' | 'minute' | 'day'): DateTimeResult {
  REUSED.utcMs = utcMs
  REUSED.zone = zone
  REUSED.explicitOffset = explicitOffset
  REUSED.offsetMs = offsetMs
  REUSED.precision = precision
  return REUSED as DateTimeResult
}

/** Builds the instant from Y/M/D and R's clock; `reuse` returns REUSED instead of a new object when it can. */
function finish(zone: string, dateOnlyWarning?: string, reuse = false): DateTimeResult {
  let h = R.hasTime ? R.h : 0
  let extraDay = 0
  if (h === 24) {
    h = 0
    extraDay = 1
  }
  let y = Y
  let m = M
  let d = D
  if (extraDay) {
    ;[y, m, d] = civilFromDays(daysFromCivil(y, m, d) + 1)
  }
  const precision = R.hasTime ? (R.hasSeconds ? 'second' : 'minute') : 'day'
  if (R.hasOffset) {
    const local = daysFromCivil(y, m, d) * 86_400_000 + h * 3_600_000 + R.mi * 60_000 + R.s * 1000 + R.ms
    if (reuse) return reused(local - R.offsetMs, zoneForOffset(R.offsetMs, zone), true, R.offsetMs, precision)
    return { ok: true, utcMs: local - R.offsetMs, zone: zoneForOffset(R.offsetMs, zone), explicitOffset: true, offsetMs: R.offsetMs, precision }
  }
  const utcMs = wallTimeToUtc(y, m, d, h, R.mi, R.s, R.ms, zone)
  const fold = lastWallTimeFold()
  if (fold === 'exact') {
    if (reuse && dateOnlyWarning === undefined) return reused(utcMs, zone, false, undefined, precision)
    return dateOnlyWarning === undefined
      ? { ok: true, utcMs, zone, explicitOffset: false, precision }
      : { ok: true, utcMs, zone, explicitOffset: false, precision, warning: dateOnlyWarning }
  }
  const when = `${y}-${pad2(m)}-${pad2(d)} ${pad2(h)}:${pad2(R.mi)}`
  const warning =
    fold === 'gap'
      ? `${when} does not exist in ${zone} (clocks were put forward); read as the time after the change`
      : `${when} happened twice in ${zone} (clocks were put back); read as the first one`
  return { ok: true, utcMs, zone, explicitOffset: false, precision, warning }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

const EXCEL_1900_EPOCH = daysFromCivil(1899, 12, 30)
const EXCEL_1900_JAN1 = daysFromCivil(1900, 1, 1)
const EXCEL_1904_EPOCH = daysFromCivil(1904, 1, 1)
const MAX_EXCEL_SERIAL = 2_958_466 // 10000-01-01

/** Sets Y/M/D and R's clock from an Excel serial; returns '' or a problem. */
function interpretExcelSerial(v: number, excel1904: boolean): string {
  if (!(v >= 1) || v >= MAX_EXCEL_SERIAL) return `${quote(orig())} is not an Excel date number`
  let day = Math.floor(v)
  let msOfDay = Math.round((v - day) * 86_400_000)
  if (msOfDay >= 86_400_000) {
    day += 1
    msOfDay -= 86_400_000
  }
  let epochDays: number
  if (excel1904) epochDays = EXCEL_1904_EPOCH + day
  else if (day === 60) return `${quote(orig())} is Excel's 29 February 1900, a date that does not exist (a known Excel bug)`
  else if (day < 60) epochDays = EXCEL_1900_JAN1 + day - 1
  else epochDays = EXCEL_1900_EPOCH + day
  ;[Y, M, D] = civilFromDays(epochDays)
  setClockFromMs(msOfDay)
  R.hasOffset = false
  return ERA_NONE
}

function setClockFromMs(msOfDay: number): void {
  R.hasTime = msOfDay !== 0
  R.h = Math.floor(msOfDay / 3_600_000)
  let rest = msOfDay - R.h * 3_600_000
  R.mi = Math.floor(rest / 60_000)
  rest -= R.mi * 60_000
  R.s = Math.floor(rest / 1000)
  R.ms = rest - R.s * 1000
  R.hasSeconds = true
}

const MIN_UNIX_S = 631_152_000 // 1990-01-01
const MAX_UNIX_S = 4_102_444_800 // 2100-01-01

function numberKind(num: number, intLen: number, hasFrac: boolean): DateKind {
  if (num >= MIN_UNIX_S && num < MAX_UNIX_S) return 'unix-seconds'
  if (num >= MIN_UNIX_S * 1000 && num < MAX_UNIX_S * 1000) return 'unix-millis'
  if (!hasFrac && (intLen === 8 || intLen === 12 || intLen === 14)) return 'compact'
  if (!hasFrac && intLen === 4 && num >= 1800 && num <= 2599) return 'year'
  if (num >= 1 && num < MAX_EXCEL_SERIAL) return 'excel-serial'
  if (num >= 0 && num < 1) return 'time'
  return 'unknown'
}

/** Reads a digit string of 8/12/14 digits as a compact date into R (shape becomes S_COMPACT). */
function compactFromDigits(s: string): boolean {
  if (s.length !== 8 && s.length !== 12 && s.length !== 14) return false
  resetScan()
  if (!scanCompact(s, s.length)) return false
  R.shape = S_COMPACT
  return true
}

function unixResult(ms: number, precision: 'second' | 'minute' | 'day' | 'year'): DateTimeResult {
  return { ok: true, utcMs: ms, zone: 'UTC', explicitOffset: true, offsetMs: 0, precision }
}

/**
 * Reads one cell as an instant. `zone` is the source's IANA zone (an offset written in the value wins).
 * Never throws for bad data: the result says what is wrong in words an analyst understands.
 */
export function parseDateTime(value: CellInput, decision: DateDecision, zone: string): DateTimeResult {
  return parsePrepared(value, prepare(value), decision, zone)
}

/** parseDateTime after prepare(value) set R. */
function parsePrepared(value: CellInput, text: string, decision: DateDecision, zone: string, reuse = false): DateTimeResult {
  switch (R.shape) {
    case S_EMPTY:
      return EMPTY_RESULT
    case S_NONE:
      return fail(`${quote(orig())} is not a date or time this column's format (${decision.pattern}) can read`)
    case S_TIME:
      return fail(`${quote(orig())} is a time without a date: map the date column too, or use a column with both`)
    case S_NUMBER:
      return parseNumberCell(value, text, decision, zone)
    default: {
      const p = interpretDate(decision)
      if (p) return fail(p)
      const c = checkClock()
      if (c) return fail(c)
      return finish(zone, undefined, reuse)
    }
  }
}

function parseNumberCell(value: CellInput, text: string, decision: DateDecision, zone: string): DateTimeResult {
  let kind = decision.kind
  const natural = numberKind(R.num, R.intLen, R.hasFrac)
  if (kind !== 'excel-serial' && kind !== 'unix-seconds' && kind !== 'unix-millis' && kind !== 'year' && kind !== 'compact') {
    // A number in a column of written dates: a compact date is unambiguous by its shape; a spreadsheet number
    // in the Excel serial range is almost always a date cell that lost its format. Both are read, and said so.
    if (natural === 'compact') kind = 'compact'
    else if (natural === 'excel-serial' && typeof value === 'number') kind = 'excel-serial'
    else return fail(`${quote(orig())} is a number, not a date in this column's format (${decision.pattern})`)
  }
  switch (kind) {
    case 'compact': {
      const digits = typeof value === 'number' ? String(value) : text
      if (R.hasFrac || !compactFromDigits(digits)) return fail(`${quote(orig())} is not a yyyymmdd[hhmm[ss]] date`)
      const p = interpretDate(decision)
      if (p) return fail(p)
      const c = checkClock()
      if (c) return fail(c)
      return finish(zone)
    }
    case 'excel-serial': {
      const p = interpretExcelSerial(R.num, decision.excel1904)
      if (p) return fail(p)
      const warning = decision.kind === 'excel-serial' ? undefined : `${orig()} was read as an Excel date number`
      const r = finish(zone, warning)
      if (r.ok && !R.hasTime) return { ...r, precision: 'day' }
      return r
    }
    case 'unix-seconds':
      if (natural !== 'unix-seconds') return fail(`${quote(orig())} is not a Unix time in seconds (1990–2099)`)
      return unixResult(Math.round(R.num * 1000), 'second')
    case 'unix-millis':
      if (natural !== 'unix-millis') return fail(`${quote(orig())} is not a Unix time in milliseconds (1990–2099)`)
      return unixResult(Math.round(R.num), 'second')
    case 'year': {
      if (R.hasFrac || R.intLen !== 4) return fail(`${quote(orig())} is not a year`)
      const p = resolveYear(R.num, 4, decision, 0)
      if (p) return fail(p)
      M = 1
      D = 1
      R.hasTime = false
      const r = finish(zone)
      return r.ok ? { ...r, precision: 'year' } : r
    }
    default:
      return fail(`${quote(orig())} is not a date`)
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Time of day (the second column of a date + time pair).

/** '10.30' in a time column is Indonesian/Thai 10:30, not the number 10.3. */
function isDottedTime(text: string): boolean {
  return /^\d{1,2}\.\d{2}$/.test(text)
}

function timeFail(problem: string): TimeOfDayResult {
  return { ok: false, problem }
}

/** Reads a time-of-day cell: 'HH:mm[:ss]', compact 'hhmm'/'hhmmss', an Excel day fraction, or 'YYYY-MM-DDTHH:mm:ss'. */
export function parseTimeOfDay(value: CellInput, decision?: DateDecision): TimeOfDayResult {
  return timePrepared(value, prepare(value), decision)
}

/**
 * The one result parseTimeWatched returns for a time read without an offset: consumed at once by
 * combineDateTimeWatched, so a two-column import allocates no time result per row. parseTimeOfDay never returns it.
 */
const TIME_REUSED: { ok: true; msOfDay: number; precision: 'second' | 'minute' } = { ok: true, msOfDay: 0, precision: 'second' }

/** parseTimeOfDay after prepare(value) set R; `reuse` may return TIME_REUSED. */
function timePrepared(value: CellInput, text: string, decision: DateDecision | undefined, reuse = false): TimeOfDayResult {
  if (R.shape === S_NUMBER && typeof value === 'string' && isDottedTime(text)) {
    resetScan()
    if (scanTimeRest(text, 0)) R.shape = S_TIME
  }
  switch (R.shape) {
    case S_EMPTY:
      return { ok: false, problem: 'empty', empty: true }
    case S_TIME:
      break
    case S_NUMBER: {
      if (typeof value === 'number' && R.num >= 0 && R.num < 1) {
        const ms = Math.round(R.num * 86_400_000)
        return { ok: true, msOfDay: ms === 86_400_000 ? 0 : ms, precision: 'second' }
      }
      if (R.hasFrac || R.num < 0 || R.intLen > 6) return timeFail(`${quote(orig())} is not a time of day`)
      const width = R.intLen > 4 || decision?.timeDigits === 6 ? 6 : 4
      if (R.intLen > width) return timeFail(`${quote(orig())} is not a time of day`)
      const digits = String(R.num).padStart(width, '0')
      resetScan()
      R.h = intAt(digits, 0, 2)
      R.mi = intAt(digits, 2, 4)
      if (width === 6) {
        R.s = intAt(digits, 4, 6)
        R.hasSeconds = true
      }
      R.hasTime = true
      break
    }
    case S_YMD:
    case S_DMY:
    case S_COMPACT:
    case S_MONTH:
      // A spreadsheet time cell sometimes arrives with its placeholder date (1899-12-30/31, 1904-01-01).
      if (!R.hasTime) return timeFail(`${quote(orig())} is a date, not a time of day`)
      break
    default:
      return timeFail(`${quote(orig())} is not a time of day`)
  }
  const c = checkClock()
  if (c) return timeFail(c)
  const msOfDay = R.h * 3_600_000 + R.mi * 60_000 + R.s * 1000 + R.ms
  const precision = R.hasSeconds ? 'second' : 'minute'
  if (R.hasOffset) return { ok: true, msOfDay, precision, offsetMs: R.offsetMs }
  if (!reuse) return { ok: true, msOfDay, precision }
  TIME_REUSED.msOfDay = msOfDay
  TIME_REUSED.precision = precision
  return TIME_REUSED
}

/**
 * Joins a date column and a time column into one instant. The date cell's own time (spreadsheets give
 * 'YYYY-MM-DDT00:00:00') is replaced by the time cell's. An empty time cell gives a day-precision result.
 */
export function combineDateTime(
  date: CellInput,
  time: CellInput,
  dateDecision: DateDecision,
  timeDecision: DateDecision,
  zone: string
): DateTimeResult {
  const t = parseTimeOfDay(time, timeDecision)
  if (!t.ok && !t.empty) return t
  return combineWith(date, dateDecision, zone, t, parseDateTime(date, dateDecision, zone))
}

/** The second half of combineDateTime: `t` is the time cell read, `d` the date cell read. */
function combineWith(date: CellInput, dateDecision: DateDecision, zone: string, t: TimeOfDayResult, d: DateTimeResult, reuse = false): DateTimeResult {
  if (!d.ok) return d
  if (!t.ok) return d
  if (d.precision === 'year') return fail(`${quote(String(date))} is only a year; it cannot take a time of day`)
  // Recover the wall date of the parsed date in its own frame, then re-read it with the time of day.
  const frame = d.explicitOffset ? (d.offsetMs ?? 0) : undefined
  let y: number
  let m: number
  let day: number
  if (frame !== undefined) {
    ;[y, m, day] = civilFromDays(Math.floor((d.utcMs + frame) / 86_400_000))
  } else {
    ;[y, m, day] = [Y, M, D]
  }
  resetScan()
  Y = y
  M = m
  D = day
  setClockFromMs(t.msOfDay)
  R.hasTime = true
  R.hasSeconds = t.precision === 'second'
  const offset = t.offsetMs ?? frame
  if (offset !== undefined) {
    R.hasOffset = true
    R.offsetMs = offset
  }
  // d's fields were all read above: finish may overwrite REUSED.
  return finish(zone, undefined, reuse)
}

// ---------------------------------------------------------------------------------------------------------------
// Deciding a column's format.

interface Tally {
  total: number
  ymdDash: number
  ymdOther: number
  dm: number
  dmFirstBig: number
  dmSecondBig: number
  dmDiffer: number
  dmFirstBigExample: string
  dmSecondBigExample: string
  compact: number
  month: number
  monthFirst: number
  time: number
  timeDigits4: number
  timeDigits6: number
  numKinds: Map<DateKind, number>
  twoDigitYears: number
  beYears: number
  ceYears: number
  beExample: string
  withTime: number
  withSeconds: number
  withOffset: number
  withAmPm: number
  dotTime: number
  tSep: number
  firstExample: Map<string, string>
  unrecognised: number
  unrecognisedExamples: string[]
  placeholderDates: number
  /** Row of the value being tallied (set by a DateWatch; 0 otherwise). */
  row: number
  /** Where each kind of evidence was first seen: 'dmFirstBig', 'be', 'shape:dm', … → row and value. */
  firsts: Map<string, { row: number; value: string }>
}

function newTally(): Tally {
  return {
    total: 0, ymdDash: 0, ymdOther: 0, dm: 0, dmFirstBig: 0, dmSecondBig: 0, dmDiffer: 0, dmFirstBigExample: '',
    dmSecondBigExample: '', compact: 0, month: 0, monthFirst: 0, time: 0, timeDigits4: 0, timeDigits6: 0,
    numKinds: new Map(), twoDigitYears: 0, beYears: 0, ceYears: 0, beExample: '', withTime: 0, withSeconds: 0,
    withOffset: 0, withAmPm: 0, dotTime: 0, tSep: 0, firstExample: new Map(), unrecognised: 0, unrecognisedExamples: [],
    placeholderDates: 0, row: 0, firsts: new Map()
  }
}

/** The most unreadable values a tally keeps as examples. */
const UNRECOGNISED_EXAMPLES = 5

/**
 * The evidence of two consecutive runs of one column's values (`earlier` first, e.g. the two halves of a file read by
 * two workers) as one tally over both: counts add up; the first example of a kind, and where it was first seen,
 * come from the earlier run when it has one. Listed field by field, so a field added to Tally must be merged here.
 */
export function mergeTally(earlier: DateWatch['tally'], later: DateWatch['tally']): DateWatch['tally'] {
  const a = earlier
  const b = later
  const sums = <K>(x: ReadonlyMap<K, number>, y: ReadonlyMap<K, number>): Map<K, number> => {
    const m = new Map(x)
    for (const [k, v] of y) m.set(k, (m.get(k) ?? 0) + v)
    return m
  }
  const firsts = <V>(x: ReadonlyMap<string, V>, y: ReadonlyMap<string, V>): Map<string, V> => {
    const m = new Map(x)
    for (const [k, v] of y) if (!m.has(k)) m.set(k, v)
    return m
  }
  return {
    total: a.total + b.total,
    ymdDash: a.ymdDash + b.ymdDash,
    ymdOther: a.ymdOther + b.ymdOther,
    dm: a.dm + b.dm,
    dmFirstBig: a.dmFirstBig + b.dmFirstBig,
    dmSecondBig: a.dmSecondBig + b.dmSecondBig,
    dmDiffer: a.dmDiffer + b.dmDiffer,
    dmFirstBigExample: a.dmFirstBigExample || b.dmFirstBigExample,
    dmSecondBigExample: a.dmSecondBigExample || b.dmSecondBigExample,
    compact: a.compact + b.compact,
    month: a.month + b.month,
    monthFirst: a.monthFirst + b.monthFirst,
    time: a.time + b.time,
    timeDigits4: a.timeDigits4 + b.timeDigits4,
    timeDigits6: a.timeDigits6 + b.timeDigits6,
    numKinds: sums(a.numKinds, b.numKinds),
    twoDigitYears: a.twoDigitYears + b.twoDigitYears,
    beYears: a.beYears + b.beYears,
    ceYears: a.ceYears + b.ceYears,
    beExample: a.beExample || b.beExample,
    withTime: a.withTime + b.withTime,
    withSeconds: a.withSeconds + b.withSeconds,
    withOffset: a.withOffset + b.withOffset,
    withAmPm: a.withAmPm + b.withAmPm,
    dotTime: a.dotTime + b.dotTime,
    tSep: a.tSep + b.tSep,
    firstExample: firsts(a.firstExample, b.firstExample),
    unrecognised: a.unrecognised + b.unrecognised,
    unrecognisedExamples: [...a.unrecognisedExamples, ...b.unrecognisedExamples].slice(0, UNRECOGNISED_EXAMPLES),
    placeholderDates: a.placeholderDates + b.placeholderDates,
    row: b.row,
    firsts: firsts(a.firsts, b.firsts)
  }
}

function first(t: Tally, key: string, original: string): void {
  if (!t.firsts.has(key)) t.firsts.set(key, { row: t.row, value: original })
}

function noteYear(t: Tally, year: number, len: number): void {
  if (len <= 2) {
    if (t.twoDigitYears++ === 0) first(t, 'twoDigit', orig())
  } else if (year >= 2400) {
    if (t.beYears++ === 0) first(t, 'be', orig())
    if (t.beExample === '') t.beExample = orig()
  } else if (t.ceYears++ === 0) first(t, 'ce', orig())
}

function example(t: Tally, key: string, original: string): void {
  if (!t.firstExample.has(key)) {
    t.firstExample.set(key, original)
    first(t, `shape:${key}`, original)
  }
}

function isPlaceholderDate(y: number, m: number, d: number): boolean {
  return (y === 1899 && m === 12 && (d === 30 || d === 31)) || (y === 1904 && m === 1 && d === 1) || (y === 1900 && m === 1 && (d === 0 || d === 1))
}

function tallyValue(t: Tally, value: CellInput, expect: DecideOptions['expect']): void {
  tallyPrepared(t, value, prepare(value), expect)
}

/**
 * tallyValue after prepare(value) set R. It leaves R as it found it, except for number cells (their compact
 * reading is scanned again here) and dotted times in a time column (read the way parseTimeOfDay reads them).
 */
function tallyPrepared(t: Tally, value: CellInput, text: string, expect: DecideOptions['expect']): void {
  if (R.shape === S_EMPTY) return
  t.total++
  // The value's text (orig()) is only needed the first time a kind of evidence is seen: a million-row column reads
  // it a handful of times. A tally holds a shape's example exactly when its count for that shape is above zero
  // (example() is the only writer, and mergeTally keeps both), so the counts say when example() can add nothing.
  if (expect === 'time' && R.shape === S_NUMBER && typeof value === 'string' && isDottedTime(text)) {
    resetScan()
    if (scanTimeRest(text, 0)) R.shape = S_TIME
  }
  if (R.hasTime) t.withTime++
  if (R.hasSeconds) t.withSeconds++
  if (R.hasOffset) t.withOffset++
  if (R.ampm !== 0) t.withAmPm++
  if (R.timeSep === C_DOT) t.dotTime++
  if (R.tSep) t.tSep++
  switch (R.shape) {
    case S_YMD:
      if (R.sep === C_MINUS) t.ymdDash++
      else t.ymdOther++
      if (R.hasTime && isPlaceholderDate(R.f1, R.f2, R.f3)) t.placeholderDates++
      noteYear(t, R.f1, 4)
      if (t.ymdDash + t.ymdOther === 1) example(t, 'ymd', orig())
      return
    case S_DMY:
      t.dm++
      if (R.f1 > 12 && R.f2 <= 12) {
        if (t.dmFirstBig++ === 0) first(t, 'dmFirstBig', orig())
        if (t.dmFirstBigExample === '') t.dmFirstBigExample = orig()
      } else if (R.f2 > 12 && R.f1 <= 12) {
        if (t.dmSecondBig++ === 0) first(t, 'dmSecondBig', orig())
        if (t.dmSecondBigExample === '') t.dmSecondBigExample = orig()
      }
      if (R.f1 !== R.f2 && t.dmDiffer++ === 0) first(t, 'dmDiffer', orig())
      noteYear(t, R.f3, R.f3Len)
      if (t.dm === 1) example(t, 'dm', orig())
      return
    case S_COMPACT:
      t.compact++
      noteYear(t, R.y, 4)
      if (t.compact === 1) example(t, 'compact', orig())
      return
    case S_MONTH:
      t.month++
      if (R.monthFirst) t.monthFirst++
      if (R.eraMark === 0) noteYear(t, R.y, R.yLen)
      else if (R.eraMark === 1) t.beYears++
      if (t.month === 1) example(t, 'month', orig())
      return
    case S_TIME:
      t.time++
      if (t.time === 1) example(t, 'time', orig())
      return
    case S_NUMBER: {
      let kind = numberKind(R.num, R.intLen, R.hasFrac)
      if (expect === 'time' && !R.hasFrac && R.num >= 0 && R.intLen <= 6) {
        kind = 'time'
        if (R.intLen > 4) {
          if (t.timeDigits6++ === 0) first(t, 'time6', orig())
        } else t.timeDigits4++
      } else if (kind === 'time' && typeof value === 'string') {
        kind = 'unknown' // '0.5' as text is not a time in a date column
      }
      if (kind === 'year') noteYear(t, R.num, 4)
      if (kind === 'compact') {
        if (compactFromDigits(typeof value === 'number' ? String(value) : text)) noteYear(t, R.y, 4)
        else kind = 'unknown'
      }
      if (kind === 'unknown') {
        t.unrecognised++
        if (t.unrecognisedExamples.length < UNRECOGNISED_EXAMPLES) t.unrecognisedExamples.push(orig())
        return
      }
      const n = (t.numKinds.get(kind) ?? 0) + 1
      t.numKinds.set(kind, n)
      if (n === 1) example(t, `num:${kind}`, orig())
      return
    }
    default:
      t.unrecognised++
      if (t.unrecognisedExamples.length < UNRECOGNISED_EXAMPLES) t.unrecognisedExamples.push(orig())
  }
}

// Countries where month-first numeric dates are common in exports (a hint only).
const MONTH_FIRST_COUNTRIES = new Set(['US', 'PH', 'FM', 'MH', 'PW', 'AS', 'GU', 'MP', 'PR', 'VI', 'UM', 'CA', 'BZ'])

function pattern(kind: DateKind, order: DateOrder | null, t: Tally, monthFirst: boolean): string {
  const time = (): string => {
    if (t.withTime === 0) return ''
    const sep = t.dotTime > t.withTime / 2 ? '.' : ':'
    const hour = t.withAmPm > 0 ? 'h' : 'HH'
    const secs = t.withSeconds > 0 ? `${sep}ss` : ''
    const ampm = t.withAmPm > 0 ? ' a' : ''
    const off = t.withOffset > 0 ? 'Z' : ''
    return `${hour}${sep}mm${secs}${ampm}${off}`
  }
  const withTime = (date: string, joiner = ' '): string => {
    const tm = time()
    return tm ? `${date}${joiner}${tm}` : date
  }
  switch (kind) {
    case 'iso':
      return withTime('yyyy-MM-dd', t.tSep > t.withTime / 2 ? "'T'" : ' ')
    case 'ymd': {
      const ex = t.firstExample.get('ymd') ?? ''
      const sep = ex.includes('.') && !ex.includes('/') ? '.' : '/'
      return withTime(`yyyy${sep}MM${sep}dd`)
    }
    case 'day-month': {
      const ex = toAsciiDigits(t.firstExample.get('dm') ?? '')
      const sepMatch = /^\d{1,2}([./-])/.exec(ex)
      const sep = sepMatch?.[1] ?? '/'
      const yy = t.twoDigitYears > 0 && t.twoDigitYears >= t.dm / 2 ? 'yy' : 'yyyy'
      const date = order === 'mdy' ? `MM${sep}dd${sep}${yy}` : order === 'dmy' ? `dd${sep}MM${sep}${yy}` : `dd${sep}MM${sep}${yy} or MM${sep}dd${sep}${yy}`
      return withTime(date)
    }
    case 'compact': {
      const ex = t.firstExample.get('compact') ?? t.firstExample.get('num:compact') ?? ''
      const digits = ex.replace(/\D/g, '')
      if (/^\d{8}\s/.test(ex)) return digits.length >= 14 ? 'yyyyMMdd HHmmss' : ex.includes(':') ? withTime('yyyyMMdd') : 'yyyyMMdd HHmm'
      if (/^\d{8}T/i.test(ex)) return digits.length >= 14 ? "yyyyMMdd'T'HHmmss" : "yyyyMMdd'T'HHmm"
      return digits.length >= 14 ? 'yyyyMMddHHmmss' : digits.length >= 12 ? 'yyyyMMddHHmm' : 'yyyyMMdd'
    }
    case 'month-name':
      return withTime(monthFirst ? 'MMM d, yyyy' : 'd MMM yyyy')
    case 'excel-serial':
      return 'Excel date number'
    case 'unix-seconds':
      return 'Unix time (seconds)'
    case 'unix-millis':
      return 'Unix time (milliseconds)'
    case 'year':
      return 'yyyy'
    case 'time':
      return t.timeDigits6 > 0 ? 'HHmmss' : t.timeDigits4 > 0 && t.time === 0 ? 'HHmm' : time() || 'HH:mm'
    default:
      return 'unrecognised'
  }
}

function defaultReferenceYear(): number {
  return new Date().getUTCFullYear()
}

/**
 * Decides how a column's dates are written, from all its values (empty cells are skipped). The decision is
 * plain data: show `pattern`, `warnings` and (when `ambiguous`) ask the analyst, then pass it to parseDateTime.
 */
export function decideDateFormat(values: Iterable<CellInput>, opts: DecideOptions = {}): DateDecision {
  const t = newTally()
  for (const v of values) tallyValue(t, v, opts.expect)
  return decideFromTally(t, opts)
}

function decideFromTally(t: Tally, opts: DecideOptions): DateDecision {
  const era = opts.era ?? 'auto'
  const referenceYear = opts.referenceYear ?? defaultReferenceYear()
  const twoDigitYearBase = referenceYear + 20 - 99
  const warnings: string[] = []

  // Which shape holds most values.
  const counts: [DateKind, number][] = [
    ['iso', t.ymdDash],
    ['ymd', t.ymdOther],
    ['day-month', t.dm],
    ['compact', t.compact + (t.numKinds.get('compact') ?? 0)],
    ['month-name', t.month],
    ['time', t.time + (t.numKinds.get('time') ?? 0)],
    ['excel-serial', t.numKinds.get('excel-serial') ?? 0],
    ['unix-seconds', t.numKinds.get('unix-seconds') ?? 0],
    ['unix-millis', t.numKinds.get('unix-millis') ?? 0],
    ['year', t.numKinds.get('year') ?? 0]
  ]
  if (opts.expect === 'time' && t.placeholderDates > 0) {
    // Spreadsheet time cells with their placeholder date (1899-12-30T…): a time column.
    counts[5] = ['time', (counts[5]?.[1] ?? 0) + t.placeholderDates]
    counts[0] = ['iso', Math.max(0, (counts[0]?.[1] ?? 0) - t.placeholderDates)]
  }
  // Year-first ISO and other year-first separators read the same way: they compete as one shape.
  const yearFirst = (counts[0]?.[1] ?? 0) + (counts[1]?.[1] ?? 0)
  counts[0] = [t.ymdOther > t.ymdDash ? 'ymd' : 'iso', yearFirst]
  counts.splice(1, 1)
  let kind: DateKind = 'unknown'
  let best = 0
  for (const [k, c] of counts) {
    if (c > best) {
      best = c
      kind = k
    }
  }
  const mixed = counts.filter(([k, c]) => c > 0 && k !== kind)
  if (kind !== 'unknown' && mixed.length > 0) {
    warnings.push(
      `The column mixes date formats: ${best} values are ${kind}, ${mixed.map(([k, c]) => `${c} ${k}`).join(', ')}. Each value is read by its own shape where that is unambiguous.`
    )
  }

  let order: DateOrder | null = null
  let ambiguous = false
  let candidates: DateOrder[] = []
  let likely: 'dmy' | 'mdy' | undefined
  let decidedBy: DateDecision['decidedBy'] = 'values'
  if (kind === 'iso' || kind === 'ymd' || kind === 'compact') {
    order = 'ymd'
    candidates = ['ymd']
  } else if (kind === 'month-name') {
    order = t.monthFirst > t.month / 2 ? 'mdy' : 'dmy'
    candidates = [order]
  }
  if (t.dm > 0) {
    const dmCandidates: DateOrder[] = []
    if (t.dmSecondBig === 0) dmCandidates.push('dmy')
    if (t.dmFirstBig === 0) dmCandidates.push('mdy')
    let dmOrder: DateOrder | null = null
    let dmAmbiguous = false
    if (opts.order !== undefined) {
      dmOrder = opts.order
      decidedBy = 'user'
      const against = opts.order === 'dmy' ? t.dmSecondBig : t.dmFirstBig
      if (against > 0) {
        const ex = opts.order === 'dmy' ? t.dmSecondBigExample : t.dmFirstBigExample
        warnings.push(`${against} values (e.g. '${ex}') only fit ${opts.order === 'dmy' ? 'month/day/year' : 'day/month/year'}; they will be reported as errors.`)
      }
    } else if (t.dmFirstBig > 0 && t.dmSecondBig === 0) {
      dmOrder = 'dmy'
    } else if (t.dmSecondBig > 0 && t.dmFirstBig === 0) {
      dmOrder = 'mdy'
    } else if (t.dmFirstBig > 0 && t.dmSecondBig > 0) {
      dmAmbiguous = true
      warnings.push(
        `Some dates only fit day/month/year (e.g. '${t.dmFirstBigExample}', ${t.dmFirstBig} values) and others only month/day/year (e.g. '${t.dmSecondBigExample}', ${t.dmSecondBig} values): choose the order; the values that do not fit it will be reported.`
      )
    } else if (t.dmDiffer === 0) {
      dmOrder = 'dmy' // every value has day = month: both orders read the same date
    } else {
      dmAmbiguous = true
      warnings.push(`Every date has a day of 12 or less, so dd/mm and mm/dd both fit (e.g. '${t.firstExample.get('dm') ?? ''}'): choose the order for this column.`)
    }
    if (kind === 'day-month') {
      order = dmOrder
      ambiguous = dmAmbiguous
      candidates = dmAmbiguous ? ['dmy', 'mdy'] : dmOrder !== null ? [dmOrder] : dmCandidates
      if (dmAmbiguous && opts.country !== undefined) likely = MONTH_FIRST_COUNTRIES.has(opts.country.toUpperCase()) ? 'mdy' : 'dmy'
    } else if (dmOrder !== null && kind !== 'unknown') {
      // A minority of day/month values in another format: they keep their own, unambiguous reading only.
      if (dmAmbiguous) warnings.push('Some day/month values fit both orders and will be reported until an order is chosen.')
    }
  } else if (opts.order !== undefined) {
    decidedBy = 'user'
  }

  let buddhistEra = era === 'buddhist'
  if (era === 'auto' && t.beYears > 0) {
    buddhistEra = true
    const ex = t.beExample !== '' ? ` (e.g. '${t.beExample}')` : ''
    warnings.push(`Years such as 2567 are Thai Buddhist Era${ex}: 543 years are subtracted (2567 → 2024).`)
    if (t.ceYears > 0) warnings.push(`The column mixes Buddhist-Era years (${t.beYears}) and Common-Era years (${t.ceYears}); each is read by its size.`)
  }
  if (era === 'ce' && t.beYears > 0) {
    warnings.push(`${t.beYears} values have years of 2400 or later; they will be reported because the column is set to Common Era.`)
  }
  const twoDigitYearsBuddhist = era === 'buddhist' || (buddhistEra && t.ceYears === 0)
  if (t.twoDigitYears > 0) {
    if (twoDigitYearsBuddhist) {
      warnings.push(`${t.twoDigitYears} values have two-digit Buddhist-Era years, read in ${twoDigitYearBase + 543}–${twoDigitYearBase + 642} BE (e.g. 67 → 2567 → 2024).`)
    } else {
      warnings.push(`${t.twoDigitYears} values have two-digit years, read as ${twoDigitYearBase}–${twoDigitYearBase + 99} (e.g. ${pad2((twoDigitYearBase + 99) % 100)} → ${twoDigitYearBase + 99}, ${pad2(twoDigitYearBase % 100)} → ${twoDigitYearBase}).`)
    }
  }
  if (kind === 'excel-serial') {
    warnings.push(opts.excel1904 ? 'Numbers are read as Excel dates in the 1904 system (older Mac workbooks).' : 'Numbers are read as Excel date numbers (days since 1900).')
  }
  if (kind === 'unix-seconds' || kind === 'unix-millis') warnings.push('Numbers are read as Unix timestamps, which are in UTC whatever the source zone.')

  const timeDigits: 4 | 6 = t.timeDigits6 > 0 ? 6 : 4
  const recognised = kind === 'unknown' ? 0 : t.total - t.unrecognised
  if (t.unrecognised > 0 && kind !== 'unknown') {
    warnings.push(`${t.unrecognised} of ${t.total} values are not dates this column's format can read (e.g. '${t.unrecognisedExamples[0] ?? ''}').`)
  }
  const decision: DateDecision = {
    kind,
    order,
    ambiguous,
    candidates,
    buddhistEra,
    twoDigitYearsBuddhist,
    era,
    twoDigitYearBase,
    excel1904: opts.excel1904 === true,
    timeDigits,
    pattern: pattern(kind, order, t, order === 'mdy' && kind === 'month-name'),
    decidedBy,
    total: t.total,
    recognised,
    unrecognisedExamples: t.unrecognisedExamples,
    warnings
  }
  return likely === undefined ? decision : { ...decision, likely }
}

/** The decision with the day/month order the analyst chose (clears `ambiguous`). */
export function withChoice(decision: DateDecision, order: 'dmy' | 'mdy'): DateDecision {
  const pattern =
    decision.kind === 'day-month'
      ? decision.pattern.replace(/^(dd|MM)([./-])(MM|dd)\2(yy(?:yy)?)(?: or \S+)?/, (_m, _a, sep: string, _b, yy: string) =>
          order === 'dmy' ? `dd${sep}MM${sep}${yy}` : `MM${sep}dd${sep}${yy}`
        )
      : decision.pattern
  const { likely: _likely, ...rest } = decision
  return {
    ...rest,
    order: decision.kind === 'day-month' ? order : decision.order,
    ambiguous: false,
    candidates: decision.kind === 'day-month' ? [order] : decision.candidates,
    decidedBy: 'user',
    pattern,
    warnings: decision.warnings.filter((w) => !w.includes('choose the order'))
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Watching a column while its records are built.
//
// A streaming import decides a column's format from its first rows, then reads the rest with that decision. A
// DateWatch gathers the same evidence decideDateFormat gathers, from every value the import reads, as it reads it
// (one scan serves both), so that at the end the decision can be taken again from all values and compared.

/** Evidence about one date column's values, gathered while its records are built. */
export interface DateWatch {
  readonly expect: 'datetime' | 'date' | 'time'
  /** The row being read: set it before each value, so a change can be traced to the row that caused it. */
  row: number
  /** Values looked at so far. */
  readonly seen: () => number
  /** @internal */
  readonly tally: Tally
}

export function createDateWatch(expect: 'datetime' | 'date' | 'time'): DateWatch {
  const tally = newTally()
  // A plain data property: the builder sets `row` on every row (an accessor here cost more than the tally).
  return { expect, row: 0, seen: () => tally.total, tally }
}

/** Adds one value to the watch without reading it as an instant (a column the record does not read on this row). */
export function watchValue(w: DateWatch, value: CellInput): void {
  w.tally.row = w.row
  tallyValue(w.tally, value, w.expect)
}

/**
 * parseDateTime, adding the value to `w` from the same scan. The result may be a reused object, valid until the
 * next read of any date: copy what you keep.
 */
export function parseDateTimeWatched(value: CellInput, decision: DateDecision, zone: string, w: DateWatch): DateTimeResult {
  const text = prepare(value)
  if (R.shape === S_NUMBER) {
    // Tallying a number may scan it again as a compact date; read it first, then tally it from a fresh scan.
    const r = parsePrepared(value, text, decision, zone)
    w.tally.row = w.row
    tallyValue(w.tally, value, w.expect)
    return r
  }
  w.tally.row = w.row
  tallyPrepared(w.tally, value, text, w.expect)
  return parsePrepared(value, text, decision, zone, true)
}

/** parseTimeOfDay, adding the value to `w` from the same scan. */
function parseTimeWatched(value: CellInput, decision: DateDecision, w: DateWatch): TimeOfDayResult {
  const text = prepare(value)
  if (R.shape === S_NUMBER) {
    const r = timePrepared(value, text, decision)
    w.tally.row = w.row
    tallyValue(w.tally, value, w.expect)
    return r
  }
  w.tally.row = w.row
  tallyPrepared(w.tally, value, text, w.expect)
  return timePrepared(value, text, decision, true)
}

/**
 * combineDateTime, adding the date to `dw` and the time to `tw` (both, even when the time cannot be read). The
 * result may be a reused object, valid until the next read of any date: copy what you keep.
 */
export function combineDateTimeWatched(
  date: CellInput,
  time: CellInput,
  dateDecision: DateDecision,
  timeDecision: DateDecision,
  zone: string,
  dw: DateWatch,
  tw: DateWatch
): DateTimeResult {
  const t = parseTimeWatched(time, timeDecision, tw)
  if (!t.ok && !t.empty) {
    watchValue(dw, date)
    return t
  }
  return combineWith(date, dateDecision, zone, t, parseDateTimeWatched(date, dateDecision, zone, dw), true)
}

/** The decision decideDateFormat would take from every value the watch saw. */
export function decideWatched(w: DateWatch, opts: DecideOptions): DateDecision {
  return decideFromTally(w.tally, { ...opts, expect: w.expect })
}

/** What in a decision changes how values are read (the rest — counts, pattern, warnings — only describes them). */
export function sameReading(a: DateDecision, b: DateDecision): boolean {
  return (
    a.kind === b.kind &&
    a.order === b.order &&
    a.ambiguous === b.ambiguous &&
    a.buddhistEra === b.buddhistEra &&
    a.twoDigitYearsBuddhist === b.twoDigitYearsBuddhist &&
    a.era === b.era &&
    a.twoDigitYearBase === b.twoDigitYearBase &&
    a.excel1904 === b.excel1904 &&
    a.timeDigits === b.timeDigits
  )
}

/**
 * Why reading all of a column's values (`full`) differs from reading its first rows (`sample`): the evidence the
 * first rows lacked, with the first row and value that brought it. Rows up to `sampleEnd` were the first rows.
 */
export function explainChange(sample: DateDecision, full: DateDecision, w: DateWatch, sampleEnd: number): { row: number; value: string; what: string } {
  const firsts = w.tally.firsts
  const after = (key: string): { row: number; value: string } | undefined => {
    const f = firsts.get(key)
    return f !== undefined && f.row > sampleEnd ? f : undefined
  }
  const pick = (...keys: [string, string][]): { row: number; value: string; what: string } | undefined => {
    for (const [key, what] of keys) {
      const f = after(key)
      if (f) return { ...f, what }
    }
    return undefined
  }
  const found =
    (sample.order !== full.order || sample.ambiguous !== full.ambiguous
      ? pick(
          ['dmSecondBig', 'only fits month/day/year'],
          ['dmFirstBig', 'only fits day/month/year'],
          ['dmDiffer', 'has a different day and month, both 12 or less, so it fits both day/month and month/day']
        )
      : undefined) ??
    (sample.buddhistEra !== full.buddhistEra || sample.twoDigitYearsBuddhist !== full.twoDigitYearsBuddhist
      ? pick(['be', 'has a Buddhist-Era year'], ['ce', 'has a Common-Era year'], ['twoDigit', 'has a two-digit year'])
      : undefined) ??
    (sample.timeDigits !== full.timeDigits ? pick(['time6', 'is a six-digit time (hhmmss)']) : undefined) ??
    pick(['shape:ymd', 'is written year first'], ['shape:dm', 'is written day/month or month/day'], ['shape:compact', 'is a compact yyyymmdd date'], ['shape:month', 'names its month'], ['shape:time', 'is a time of day'])
  return found ?? { row: sampleEnd + 1, value: '', what: 'is written differently' }
}
