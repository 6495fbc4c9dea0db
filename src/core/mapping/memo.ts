// A bounded per-column memo of a pure function of cell text, fast for the digit strings CDRs repeat (numbers, IMEIs, durations).
//
// Why not a Map<string, R>: a million-row import looks up several cells per row, and each lookup of a freshly
// parsed string hashes it, probes, and compares it with a key stored somewhere else in the heap (often a slice
// that keeps a whole 1 MB chunk of the file alive). Digit strings of up to 15 digits, with or without one
// leading '+', are instead turned into an exact integer (their value, offset by their length and '+', so that
// '0812' and '812' never meet) while the characters are still in the CPU cache, and looked up in an
// open-addressing table of doubles. Everything else goes to a Map, as before.
//
// The memo only ever changes how fast an answer comes: `compute` must be a pure function of the text, and the
// memo is emptied when it holds `limit` entries, so a column of all-distinct values costs bounded memory.

const MAX_DIGITS = 15
const EMPTY = -1

// KEY_BASE[digits * 2 + plus]: the start of the integer range of texts with that many digits and that '+' flag.
// The ranges are disjoint and all below 2.3e15 < 2^53, so every key is an exact double.
const KEY_BASE = new Float64Array((MAX_DIGITS + 1) * 2)
{
  let base = 0
  for (let len = 0; len <= MAX_DIGITS; len++) {
    for (let plus = 0; plus < 2; plus++) {
      KEY_BASE[len * 2 + plus] = base
      base += 10 ** len
    }
  }
}

// Texts with one space between digits (operators write '+95 945954200'): up to 13 digits, keyed above the range
// of plain digit texts by digit count, '+' and the space's place (1–14): SPACED_BASE + slot × 10^13 + value, all
// below 2^53.
const MAX_SPACED_DIGITS = 13
const SPACED_BASE = KEY_BASE[(MAX_DIGITS + 1) * 2 - 1]! + 10 ** MAX_DIGITS
const SPACED_SPAN = 10 ** MAX_SPACED_DIGITS

/**
 * The exact integer key of a text of 1–15 ASCII digits with an optional leading '+', or of up to 13 digits with
 * one space between two of them; -1 for any other text.
 */
export function digitKey(text: string): number {
  const n = text.length
  let i = 0
  let plus = 0
  if (n > 0 && text.charCodeAt(0) === 43) {
    plus = 1
    i = 1
  }
  const start = i
  const digits = n - i
  // One more character than the digits allowed: it may be a space.
  if (digits < 1 || digits > MAX_DIGITS + 1) return EMPTY
  let v = 0
  for (; i < n; i++) {
    const d = text.charCodeAt(i) - 48
    if (d < 0 || d > 9) return d === -16 && i > start ? spacedKey(text, i, plus, v) : EMPTY
    v = v * 10 + d
  }
  if (digits > MAX_DIGITS) return EMPTY
  return KEY_BASE[digits * 2 + plus]! + v
}

/** digitKey of a text whose first space is at `space`, `v` the value of the digits before it. */
function spacedKey(text: string, space: number, plus: number, v: number): number {
  const n = text.length
  if (space === n - 1) return EMPTY
  for (let i = space + 1; i < n; i++) {
    const d = text.charCodeAt(i) - 48
    if (d < 0 || d > 9) return EMPTY
    v = v * 10 + d
  }
  const digits = n - plus - 1
  if (digits > MAX_SPACED_DIGITS) return EMPTY
  return SPACED_BASE + ((digits * 2 + plus) * 16 + space) * SPACED_SPAN + v
}

function slotOf(key: number, mask: number): number {
  // Keys are integers below 2^52: mix their low and high 32 bits.
  let h = Math.imul((key >>> 0) ^ Math.imul((key / 4294967296) >>> 0, 0x85ebca6b), 0x9e3779b1)
  h ^= h >>> 15
  return h & mask
}

/**
 * Memoises `compute` by text. `limit` bounds the number of distinct texts kept (digit texts and others each);
 * the memo starts small and grows, so a short file pays for little.
 */
export function createTextMemo<R>(compute: (text: string) => R, limit: number): (text: string) => R {
  const max = Math.max(1, limit)
  let mask = 255
  let keys = new Float64Array(mask + 1).fill(EMPTY)
  let values: (R | undefined)[] = new Array<R | undefined>(mask + 1).fill(undefined)
  let count = 0
  const others = new Map<string, R>()

  const grow = (): void => {
    const oldKeys = keys
    const oldValues = values
    mask = mask * 2 + 1
    keys = new Float64Array(mask + 1).fill(EMPTY)
    values = new Array<R | undefined>(mask + 1).fill(undefined)
    for (let j = 0; j < oldKeys.length; j++) {
      const k = oldKeys[j]!
      if (k === EMPTY) continue
      let s = slotOf(k, mask)
      while (keys[s] !== EMPTY) s = (s + 1) & mask
      keys[s] = k
      values[s] = oldValues[j]
    }
  }

  return (text) => {
    const key = digitKey(text)
    if (key === EMPTY) {
      let r = others.get(text)
      if (r === undefined && !others.has(text)) {
        r = compute(text)
        if (others.size >= max) others.clear()
        others.set(text, r)
      }
      return r as R
    }
    let s = slotOf(key, mask)
    for (;;) {
      const k = keys[s]
      if (k === key) return values[s] as R
      if (k === EMPTY) break
      s = (s + 1) & mask
    }
    const r = compute(text)
    if (count >= max) {
      keys.fill(EMPTY)
      values.fill(undefined)
      count = 0
      s = slotOf(key, mask)
    }
    keys[s] = key
    values[s] = r
    count++
    // Keep the table at most half full so probes stay short.
    if (count * 2 > mask + 1) grow()
    return r
  }
}

/** A memo that also keeps a small integer per text, read without touching the memoised value (see createTaggedTextMemo). */
export interface TaggedTextMemo<R> {
  /** The memoised value for a text; sets `tag` to that value's tag. */
  get(text: string): R
  /** Tag of the value the last `get` returned. */
  tag: number
}

/**
 * Like createTextMemo, and keeps `tagOf(value)` beside each digit key, in the same typed array. A caller that needs
 * a fact about the value on every row (a phone number's kind, whether it is doubtful) reads the tag from the cache
 * line the key was found in, instead of following two pointers to the value's object: on a table of a hundred
 * thousand numbers each pointer followed is a likely cache miss. `tagOf` must be a pure function of the value.
 */
export function createTaggedTextMemo<R>(compute: (text: string) => R, tagOf: (value: R) => number, limit: number): TaggedTextMemo<R> {
  const max = Math.max(1, limit)
  let mask = 255
  // slots[2s] is the key of slot s (EMPTY when free), slots[2s + 1] its value's tag.
  let slots = new Float64Array((mask + 1) * 2).fill(EMPTY)
  let values: (R | undefined)[] = new Array<R | undefined>(mask + 1).fill(undefined)
  let count = 0
  const others = new Map<string, { value: R; tag: number }>()

  const grow = (): void => {
    const oldSlots = slots
    const oldValues = values
    mask = mask * 2 + 1
    slots = new Float64Array((mask + 1) * 2).fill(EMPTY)
    values = new Array<R | undefined>(mask + 1).fill(undefined)
    for (let j = 0; j < oldValues.length; j++) {
      const k = oldSlots[2 * j]!
      if (k === EMPTY) continue
      let s = slotOf(k, mask)
      while (slots[2 * s] !== EMPTY) s = (s + 1) & mask
      slots[2 * s] = k
      slots[2 * s + 1] = oldSlots[2 * j + 1]!
      values[s] = oldValues[j]
    }
  }

  const memo: TaggedTextMemo<R> = {
    tag: 0,
    get(text) {
      const key = digitKey(text)
      if (key === EMPTY) {
        let e = others.get(text)
        if (e === undefined) {
          const value = compute(text)
          e = { value, tag: tagOf(value) }
          if (others.size >= max) others.clear()
          others.set(text, e)
        }
        memo.tag = e.tag
        return e.value
      }
      let s = slotOf(key, mask)
      for (;;) {
        const k = slots[2 * s]
        if (k === key) {
          memo.tag = slots[2 * s + 1]!
          return values[s] as R
        }
        if (k === EMPTY) break
        s = (s + 1) & mask
      }
      const value = compute(text)
      const tag = tagOf(value)
      if (count >= max) {
        slots.fill(EMPTY)
        values.fill(undefined)
        count = 0
        s = slotOf(key, mask)
      }
      slots[2 * s] = key
      slots[2 * s + 1] = tag
      values[s] = value
      count++
      if (count * 2 > mask + 1) grow()
      memo.tag = tag
      return value
    }
  }
  return memo
}

/** An open-addressing table from whole-number keys (0 to 2^53) to whole numbers: a Map without its hashing of texts. */
export class NumberTable {
  private mask = 255
  private keys = new Float64Array(256).fill(EMPTY)
  private values = new Float64Array(256)
  private count = 0

  /** The value kept for `key`, or -1. */
  get(key: number): number {
    let s = slotOf(key, this.mask)
    for (;;) {
      const k = this.keys[s]
      if (k === key) return this.values[s]!
      if (k === EMPTY) return -1
      s = (s + 1) & this.mask
    }
  }

  set(key: number, value: number): void {
    let s = slotOf(key, this.mask)
    while (this.keys[s] !== EMPTY && this.keys[s] !== key) s = (s + 1) & this.mask
    if (this.keys[s] === EMPTY) this.count++
    this.keys[s] = key
    this.values[s] = value
    if (this.count * 2 > this.mask + 1) this.grow()
  }

  private grow(): void {
    const oldKeys = this.keys
    const oldValues = this.values
    this.mask = this.mask * 2 + 1
    this.keys = new Float64Array(this.mask + 1).fill(EMPTY)
    this.values = new Float64Array(this.mask + 1)
    for (let j = 0; j < oldKeys.length; j++) {
      const k = oldKeys[j]!
      if (k === EMPTY) continue
      let s = slotOf(k, this.mask)
      while (this.keys[s] !== EMPTY) s = (s + 1) & this.mask
      this.keys[s] = k
      this.values[s] = oldValues[j]!
    }
  }
}

/**
 * A serial number that the mapping gives each value object it hands out again and again (a party's PhoneValue): the
 * same object always has the same serial, and two objects of one realm never share one. A consumer that keeps
 * something per value (the segment encoder's codes) can then index an array instead of hashing the object in a Map.
 * The property is a non-enumerable symbol: it is no part of the record (not in JSON, not compared by tests).
 */
export const VALUE_SERIAL: unique symbol = Symbol('waymark.valueSerial')

let nextSerial = 0

/** `value`, given the next serial (see VALUE_SERIAL). */
export function withSerial<T extends object>(value: T): T {
  Object.defineProperty(value, VALUE_SERIAL, { value: nextSerial++ })
  return value
}

/** Most serials a SerialCodes keeps, from the first it saw: past them values go the slow way (a Map). */
const MAX_SERIAL_SPAN = 1 << 22

/**
 * Numbers kept per value by its serial (see VALUE_SERIAL): an array from the first serial seen, grown as needed.
 * `get` answers -1 for a value not yet set, or without a serial, or too far from the first.
 */
export class SerialCodes {
  private base = -1
  private codes = new Int32Array(0)

  get(serial: number): number {
    const i = serial - this.base
    return serial >= 0 && i >= 0 && i < this.codes.length ? this.codes[i]! : -1
  }

  /** Keeps `code` (0 to 2^31 − 1) for `serial`; false when the serial is outside the span this table keeps. */
  set(serial: number, code: number): boolean {
    if (serial < 0) return false
    if (this.base < 0) this.base = serial
    const i = serial - this.base
    if (i < 0 || i >= MAX_SERIAL_SPAN) return false
    if (i >= this.codes.length) {
      const grown = new Int32Array(Math.min(MAX_SERIAL_SPAN, Math.max(1024, this.codes.length * 2, i + 1))).fill(-1)
      grown.set(this.codes)
      this.codes = grown
    }
    this.codes[i] = code
    return true
  }

  clear(): void {
    this.base = -1
    this.codes = new Int32Array(0)
  }
}
