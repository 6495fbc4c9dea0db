// A timeline time's original text, when it is its wall-clock time written at fixed width (`01/03/2024 10:05:00`,
// `2024-03-01 10:05`, a date and a time cell joined), is not stored: the event's `at` column and the offset the text
// was read with give it back. A million-row CDR otherwise keeps a million such texts (about 20 MB), which the encoder
// copies, the store writes and the workspace keeps.
//
// Nothing here depends on time-zone rules: the offset is the one the stored instant and the text imply (local wall
// time read from the text, minus `at`), kept in the mark. A later time-zone database that reads the zone otherwise
// cannot change a stored original. A text is only derived after it was read back digit for digit: zero-padded
// fields at fixed places, each in its range, so writing the fields again gives the same text.
import { daysInMonth } from '../mapping/dates'
import { civilFromDays, daysFromCivil } from '../mapping/zones'

const DAY_MS = 86_400_000

// Template letters, one per digit: YYYY year, MM month, DD day, hh hour, mm minute, ss second. Other characters
// stand for themselves.
const F_LIT = 0
const F_Y = 1
const F_MO = 2
const F_D = 3
const F_H = 4
const F_MI = 5
const F_S = 6
const FIELD_OF: Readonly<Record<string, number>> = { Y: F_Y, M: F_MO, D: F_D, h: F_H, m: F_MI, s: F_S }
const LETTER_OF = ['', 'Y', 'M', 'D', 'h', 'm', 's']
const WIDTH = [0, 4, 2, 2, 2, 2, 2]

/** A template compiled: per character, its field (F_LIT for a literal) and, for a literal, its code. */
export interface TimeTemplate {
  readonly text: string
  readonly field: Uint8Array
  readonly literal: Uint16Array
}

/** Compiles a template; undefined unless it has year, month and day, fields at their widths, and seconds only with minutes. */
export function compileTemplate(text: string): TimeTemplate | undefined {
  const n = text.length
  const field = new Uint8Array(n)
  const literal = new Uint16Array(n)
  const runs = new Uint8Array(7)
  for (let i = 0; i < n; ) {
    const f = FIELD_OF[text[i]!] ?? F_LIT
    if (f === F_LIT) {
      const c = text.charCodeAt(i)
      // A literal digit would read as part of a neighbouring field.
      if (c >= 48 && c <= 57) return undefined
      literal[i] = c
      i++
      continue
    }
    let j = i
    while (j < n && text[j] === LETTER_OF[f]) field[j++] = f
    if (j - i !== WIDTH[f] || runs[f] !== 0) return undefined
    runs[f] = 1
    i = j
  }
  if (!runs[F_Y] || !runs[F_MO] || !runs[F_D] || runs[F_H] !== runs[F_MI] || (runs[F_S] && !runs[F_MI])) return undefined
  return { text, field, literal }
}

/**
 * The local wall time (as milliseconds on a UTC clock) a text writes in this template, or NaN when the text is not
 * exactly the template's shape with every field in range — that is, when writing its fields again would not give
 * back the same text.
 */
export function readLocal(text: string, t: TimeTemplate): number {
  const n = text.length
  if (n !== t.field.length) return NaN
  const field = t.field
  let y = 0
  let mo = 0
  let d = 0
  let h = 0
  let mi = 0
  let s = 0
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    const f = field[i]!
    if (f === F_LIT) {
      if (c !== t.literal[i]) return NaN
      continue
    }
    const v = c - 48
    if (v < 0 || v > 9) return NaN
    switch (f) {
      case F_Y:
        y = y * 10 + v
        break
      case F_MO:
        mo = mo * 10 + v
        break
      case F_D:
        d = d * 10 + v
        break
      case F_H:
        h = h * 10 + v
        break
      case F_MI:
        mi = mi * 10 + v
        break
      default:
        s = s * 10 + v
    }
  }
  if (y < 1000 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return NaN
  return daysFromCivil(y, mo, d) * DAY_MS + h * 3_600_000 + mi * 60_000 + s * 1000
}

function pad(v: number, width: number): string {
  return String(v).padStart(width, '0')
}

/** Writes a local wall time (milliseconds on a UTC clock) in a template: the inverse of readLocal. */
export function writeLocal(local: number, t: TimeTemplate): string {
  const days = Math.floor(local / DAY_MS)
  let rest = local - days * DAY_MS
  const [y, mo, d] = civilFromDays(days)
  const h = Math.floor(rest / 3_600_000)
  rest -= h * 3_600_000
  const mi = Math.floor(rest / 60_000)
  rest -= mi * 60_000
  const s = Math.floor(rest / 1000)
  const values = [0, y, mo, d, h, mi, s]
  let out = ''
  for (let i = 0; i < t.field.length; ) {
    const f = t.field[i]!
    if (f === F_LIT) {
      out += t.text[i]
      i++
    } else {
      out += pad(values[f]!, WIDTH[f]!)
      i += WIDTH[f]!
    }
  }
  return out
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57

/**
 * Templates a text could be written in, most likely first: its digit runs read as day-month-year, month-day-year
 * or year-month-day, then hours, minutes and seconds. Empty when its shape is none of these; readLocal decides.
 */
export function templatesFor(text: string): string[] {
  const n = text.length
  if (n < 10 || n > 40) return []
  const runs: [number, number][] = []
  for (let i = 0; i < n; ) {
    const c = text.charCodeAt(i)
    if (c > 126) return []
    if (!isDigit(c)) {
      i++
      continue
    }
    let j = i
    while (j < n && isDigit(text.charCodeAt(j))) j++
    runs.push([i, j - i])
    i = j
  }
  if (runs.length !== 3 && runs.length !== 5 && runs.length !== 6) return []
  if (runs.slice(3).some(([, len]) => len !== 2)) return []
  const lens = runs.slice(0, 3).map(([, len]) => len).join(',')
  const orders = lens === '2,2,4' ? ['DMY', 'MDY'] : lens === '4,2,2' ? ['YMD'] : []
  return orders.map((order) => {
    const chars = text.split('')
    const letters = [...order.split('').map((x) => (x === 'Y' ? 'Y' : x === 'M' ? 'M' : 'D')), 'h', 'm', 's']
    runs.forEach(([start, len], k) => {
      for (let i = start; i < start + len; i++) chars[i] = letters[k]!
    })
    return chars.join('')
  })
}
