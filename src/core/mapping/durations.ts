// Reads call durations into seconds from the ways operators and spreadsheets write them, flagging odd values instead of fixing them.
//
// Public API (stable; records calls it):
//   parseDuration(value: Cell | undefined, opts?: DurationOptions): DurationResult
//     123 · '123' · '123.5' · '12,5' (decimal comma) · '1,234' (thousands) · 'H:MM:SS' · 'M:SS' · 'HH:MM:SS.s'
//     · '00:01:20,5' · '1m 20s' · '1h2m3s' · '90 sec' · '2 min' · '1500ms' · unit words in Thai (ชั่วโมง/ชม.,
//     นาที, วินาที/วิ), Indonesian/Malay (jam, menit/minit, detik/saat) and Vietnamese (giờ, phút, giây).
//     A plain number is in `opts.unit` (default seconds). Negative values and values over `opts.maxSeconds`
//     (default 24 h) are kept and flagged 'negative' / 'absurd'; empty cells give { ok: false, empty: true }.
//   formatDuration(seconds: number): string   'H:MM:SS' (for display and tests)

import type { Cell } from '../model/rawTable'
import { toAsciiDigits } from './digits'

export interface DurationOptions {
  /** Unit of plain numbers: seconds (default), milliseconds or minutes. */
  readonly unit?: 's' | 'ms' | 'min'
  /** Longer than this many seconds is flagged 'absurd' (default 86 400: a day). */
  readonly maxSeconds?: number
}

export type DurationFlag = 'negative' | 'absurd'

export type DurationResult =
  | { readonly ok: true; readonly seconds: number; readonly flag?: DurationFlag }
  | { readonly ok: false; readonly problem: string; readonly empty?: true }

const EMPTY: DurationResult = { ok: false, problem: 'empty', empty: true }
const DAY_S = 86_400

const UNIT_SECONDS: ReadonlyMap<string, number> = new Map(
  (
    [
      [['h', 'hr', 'hrs', 'hour', 'hours', 'jam', 'ชั่วโมง', 'ชม', 'giờ', 'gio'], 3600],
      [['m', 'mn', 'min', 'mins', 'minute', 'minutes', 'menit', 'minit', 'นาที', 'phút', 'phut', "'"], 60],
      [['s', 'sec', 'secs', 'second', 'seconds', 'detik', 'saat', 'วินาที', 'วิ', 'giây', 'giay', '"'], 1],
      [['ms', 'msec', 'millisecond', 'milliseconds'], 0.001]
    ] as const
  ).flatMap(([words, mult]) => words.map((w) => [w.normalize('NFC'), mult] as [string, number]))
)

const PLAIN_RE = /^[+-]?(?:\d+(?:\.\d+)?|\.\d+)$/
const THOUSANDS_RE = /^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/
const DECIMAL_COMMA_RE = /^[+-]?\d+,\d+$/
const CLOCK_RE = /^([+-])?(\d+):(\d{1,2})(?::(\d{1,2}))?(?:[.,](\d+))?$/
const UNIT_PART_RE = /(\d+(?:[.,]\d+)?)\s*([\p{L}\p{M}'"]+)\.?\s*/uy

function flagged(seconds: number, maxSeconds: number): DurationResult {
  if (seconds < 0) return { ok: true, seconds, flag: 'negative' }
  if (seconds > maxSeconds) return { ok: true, seconds, flag: 'absurd' }
  return { ok: true, seconds }
}

function unitFactor(unit: DurationOptions['unit']): number {
  return unit === 'ms' ? 0.001 : unit === 'min' ? 60 : 1
}

/** Rounds away float noise (0.1 + 0.2) while keeping milliseconds. */
function clean(seconds: number): number {
  return Math.round(seconds * 1000) / 1000
}

/** Reads one duration cell. Never throws for data. */
export function parseDuration(value: Cell | undefined, opts: DurationOptions = {}): DurationResult {
  const maxSeconds = opts.maxSeconds ?? DAY_S
  if (value === null || value === undefined) return EMPTY
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return { ok: false, problem: `${String(value)} is not a duration` }
    return flagged(clean(value * unitFactor(opts.unit)), maxSeconds)
  }
  if (typeof value === 'boolean') return { ok: false, problem: `'${String(value)}' is not a duration` }
  const trimmed = value.trim()
  if (trimmed.length === 0) return EMPTY
  const s = toAsciiDigits(trimmed).replace(/\u2212/g, '-')
  // Plain numbers first: by far the most common in CDRs.
  if (PLAIN_RE.test(s)) return flagged(clean(Number(s) * unitFactor(opts.unit)), maxSeconds)
  if (THOUSANDS_RE.test(s)) return flagged(clean(Number(s.replace(/,/g, '')) * unitFactor(opts.unit)), maxSeconds)
  if (DECIMAL_COMMA_RE.test(s)) return flagged(clean(Number(s.replace(',', '.')) * unitFactor(opts.unit)), maxSeconds)
  const clock = CLOCK_RE.exec(s)
  if (clock !== null) return fromClock(clock, trimmed, maxSeconds)
  return fromUnits(s, trimmed, maxSeconds)
}

function fromClock(m: RegExpExecArray, original: string, maxSeconds: number): DurationResult {
  const negative = m[1] === '-'
  const a = Number(m[2])
  const b = Number(m[3])
  const c = m[4] === undefined ? undefined : Number(m[4])
  const frac = m[5] === undefined ? 0 : Number(`0.${m[5]}`)
  let seconds: number
  if (c === undefined) {
    // M:SS — minutes may run past 59 ('75:20'), seconds may not.
    if (b > 59) return { ok: false, problem: `'${original}': ${b} is not a number of seconds (M:SS)` }
    seconds = a * 60 + b + frac
  } else {
    if (b > 59 || c > 59) return { ok: false, problem: `'${original}' is not a duration H:MM:SS (minutes and seconds go up to 59)` }
    seconds = a * 3600 + b * 60 + c + frac
  }
  return flagged(clean(negative ? -seconds : seconds), maxSeconds)
}

function fromUnits(s: string, original: string, maxSeconds: number): DurationResult {
  let text = s.normalize('NFC').toLowerCase()
  let negative = false
  if (text.startsWith('-')) {
    negative = true
    text = text.slice(1).trimStart()
  }
  UNIT_PART_RE.lastIndex = 0
  let total = 0
  let parts = 0
  let pos = 0
  while (pos < text.length) {
    UNIT_PART_RE.lastIndex = pos
    const m = UNIT_PART_RE.exec(text)
    if (m === null) break
    const mult = UNIT_SECONDS.get(m[2] ?? '')
    if (mult === undefined) return { ok: false, problem: `'${original}': '${m[2] ?? ''}' is not a unit of time` }
    total += Number((m[1] ?? '0').replace(',', '.')) * mult
    parts++
    pos = UNIT_PART_RE.lastIndex
  }
  if (parts === 0 || pos !== text.length) {
    return { ok: false, problem: `'${original}' is not a duration (write seconds, H:MM:SS, or like 1m 20s)` }
  }
  return flagged(clean(negative ? -total : total), maxSeconds)
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** 'H:MM:SS' with a fraction when there is one; negative durations get a leading '-'. */
export function formatDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : ''
  let rest = Math.abs(seconds)
  const h = Math.floor(rest / 3600)
  rest -= h * 3600
  const m = Math.floor(rest / 60)
  rest = clean(rest - m * 60)
  const whole = Math.floor(rest)
  const frac = clean(rest - whole)
  const fracText = frac === 0 ? '' : String(frac).slice(1)
  return `${sign}${h}:${pad2(m)}:${pad2(whole)}${fracText}`
}
