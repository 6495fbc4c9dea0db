// Turns an import's typed records into time-sorted columnar segments (plus their lazily loaded originals), and
// turns one stored event back into the exact record it came from.
import type { CallRecord, CellSite, Direction, EventRecord, Movement, Person, Provenance, Service, TimeValue, Transfer, WaymarkRecord } from '../model/records'
import { accountKey, cellKey, idKey, imeiKey, imsiKey, personKey, phoneKey } from './entityKeys'
import { allocateColumns } from './serialise'
import { compileTemplate, readLocal, templatesFor, writeLocal, type TimeTemplate } from './timeText'
import { digitKey, NumberTable, SerialCodes, VALUE_SERIAL } from '../mapping/memo'

/** Digit keys of a lac and a cell id below this (texts of up to seven digits) are combined into one exact number. */
const CELL_PART = 2 ** 25
import {
  DEFAULT_SEGMENT_SIZE,
  DIR_ENTRY,
  DIR_EXIT,
  DIR_INCOMING,
  DIR_OUTGOING,
  DIR_UNKNOWN,
  FLAG_BITS,
  SEGMENT_FORMAT,
  kindCode,
  kindName,
  type Segment,
  type SegmentOriginals
} from './segment'

export interface BuildSegmentsOptions {
  /** The source's id in event ids; defaults to the records' `provenance.sourceSha256` (all must share it). */
  readonly sourceId?: string
  readonly segmentSize?: number
}

/** Records that are not timeline events but say who or what an entity is (subscriber lists, cell-site lists). */
export type EntityRecord = Person | CellSite

export interface BuiltSource {
  readonly sourceId: string
  readonly fileName: string
  readonly segments: Segment[]
  /** Parallel to `segments`. */
  readonly originals: SegmentOriginals[]
  readonly entityRecords: EntityRecord[]
  /** Events written (records with a time, and undated transfers/events, which are kept and flagged). */
  readonly events: number
}

type TimedRecord = CallRecord | Transfer | Movement | EventRecord

const SERVICE_KIND: Record<Service, number> = {
  call: kindCode('call'),
  sms: kindCode('sms'),
  mms: kindCode('mms'),
  data: kindCode('data'),
  ussd: kindCode('ussd'),
  unknown: kindCode('cdr')
}
const KIND_SERVICE = new Map<number, Service>(Object.entries(SERVICE_KIND).map(([s, c]) => [c, s as Service]))
const CALL_DIRECTION: Record<Direction, number> = { outgoing: DIR_OUTGOING, incoming: DIR_INCOMING, unknown: DIR_UNKNOWN }
const DIRECTION_OF = new Map<number, Direction>([
  [DIR_OUTGOING, 'outgoing'],
  [DIR_INCOMING, 'incoming'],
  [DIR_UNKNOWN, 'unknown']
])

/** The field holding a kind's timeline time: the columns keep its utcMs and zone, the originals the rest. */
function timeField(kind: WaymarkRecord['kind']): 'start' | 'time' {
  return kind === 'call' ? 'start' : 'time'
}

function mainTime(r: TimedRecord): TimeValue | undefined {
  return r.kind === 'call' ? r.start : r.time
}

function isTimed(r: WaymarkRecord): r is TimedRecord {
  return r.kind === 'call' || r.kind === 'transfer' || r.kind === 'movement' || r.kind === 'event'
}


// The timeline time's remaining fields (its utcMs and zone are columns) in a compact text, as every event has one:
// \u0001, precision letter, explicit-offset digit, then the original text.
const TIME_MARK = '\u0001'
const PRECISION_LETTER: Record<TimeValue['precision'], string> = { second: 's', minute: 'm', day: 'd', year: 'y' }
const LETTER_PRECISION = new Map<string, TimeValue['precision']>(Object.entries(PRECISION_LETTER).map(([p, l]) => [l, p as TimeValue['precision']]))

/** Whether a time value has exactly the five fields of one the mapping makes. */
function isStandardTime(t: TimeValue): boolean {
  // Counting keys with for…in allocates nothing (Object.keys makes an array per row); a time value is a plain object.
  let keys = 0
  for (const _ in t) keys++
  return keys === 5 && typeof t.original === 'string' && typeof t.explicitOffset === 'boolean' && PRECISION_LETTER[t.precision] !== undefined
}

function encodeTimeRest(t: TimeValue): string {
  if (isStandardTime(t)) return `${TIME_MARK}${PRECISION_LETTER[t.precision]}${t.explicitOffset ? 1 : 0}${t.original}`
  const { utcMs: _u, zone: _z, ...rest } = t
  return JSON.stringify(rest)
}

// An originals value the columns give back exactly (an IMEI or IMSI whose key is its text, a LAC and cell id read from
// their cell's key, a duration written as its number of seconds): stored as this mark, not looked up and kept again.
// On a CDR this saves about a third of the originals' work (a sixth of encoding), and their space. Never the first character of an encoded value.
const DERIVED_MARK = '\u0002'

/** The value of a field stored as DERIVED_MARK, from the event's columns. */
function derivedValue(segment: Segment, index: number, field: string): string {
  switch (field) {
    case 'imei':
    case 'imsi': {
      const key = segment.dict[segment[field][index]!] ?? ''
      return key.slice(field.length + 1)
    }
    case 'lac':
    case 'cellId': {
      // `cell:<lac>-<cell id>`, the lac without '-' (checked when it was stored).
      const key = (segment.dict[segment.cell[index]!] ?? '').slice('cell:'.length)
      const dash = key.indexOf('-')
      return field === 'lac' ? key.slice(0, dash) : key.slice(dash + 1)
    }
    case 'durationOriginal':
      return String(segment.durationS[index]!)
  }
  throw new Error(`decodeRecord: the field ${field} cannot be derived from the columns`)
}

// A timeline time whose original text is its wall-clock time at fixed width (see timeText.ts): stored as this mark,
// the precision letter, the offset in milliseconds the text was read with, '|' and the template, e.g.
// "\u0003s25200000|DD/MM/YYYY hh:mm:ss". A file's rows share a handful of such marks, as they share one zone.
const TIME_DERIVED = '\u0003'
const DAY_MS = 86_400_000

/** Inferred templates stop being tried for a field once this many texts fitted none, and at least four times as many as fitted. */
const TIME_GIVE_UP = 512

/** Finds the mark of a timeline time whose text the columns can give back, remembering the template that last fitted. */
class TimeMarks {
  private template: TimeTemplate | undefined
  private readonly compiled = new Map<string, TimeTemplate | undefined>()
  private fitted = 0
  private unfitted = 0
  private lastOffset = NaN
  private lastLetter = ''
  private lastTemplate: TimeTemplate | undefined
  private lastMark = ''

  /** The mark for a standard time read without an explicit offset, or undefined when its text must be kept. */
  mark(t: TimeValue, letter: string): string | undefined {
    const last = this.template
    if (last) {
      const m = this.markWith(t, last, letter)
      if (m !== undefined) return m
    }
    if (this.unfitted >= TIME_GIVE_UP && this.unfitted >= 4 * this.fitted) return undefined
    for (const candidate of templatesFor(t.original)) {
      let tpl = this.compiled.get(candidate)
      if (tpl === undefined && !this.compiled.has(candidate)) {
        tpl = compileTemplate(candidate)
        if (this.compiled.size > 64) this.compiled.clear()
        this.compiled.set(candidate, tpl)
      }
      if (!tpl || tpl === last) continue
      const m = this.markWith(t, tpl, letter)
      if (m !== undefined) {
        this.template = tpl
        return m
      }
    }
    this.unfitted++
    return undefined
  }

  /** The mark when the text reads in `tpl` at an offset of less than two days from the instant (a Buddhist-Era year does not). */
  private markWith(t: TimeValue, tpl: TimeTemplate, letter: string): string | undefined {
    const local = readLocal(t.original, tpl)
    const offset = local - t.utcMs
    if (!(Math.abs(offset) < 2 * DAY_MS) || !Number.isInteger(offset)) return undefined
    this.fitted++
    if (offset !== this.lastOffset || letter !== this.lastLetter || tpl !== this.lastTemplate) {
      this.lastOffset = offset
      this.lastLetter = letter
      this.lastTemplate = tpl
      this.lastMark = `${TIME_DERIVED}${letter}${offset}|${tpl.text}`
    }
    return this.lastMark
  }
}

const decodedTemplates = new Map<string, TimeTemplate | undefined>()

/** The rest of a timeline time stored as a TIME_DERIVED mark, its text written again from the event's `at`. */
function derivedTime(segment: Segment, index: number, s: string): unknown {
  const bar = s.indexOf('|')
  const offset = Number(s.slice(2, bar))
  const text = s.slice(bar + 1)
  let tpl = decodedTemplates.get(text)
  if (tpl === undefined) {
    tpl = compileTemplate(text)
    if (decodedTemplates.size > 256) decodedTemplates.clear()
    decodedTemplates.set(text, tpl)
  }
  const precision = LETTER_PRECISION.get(s[1]!)
  if (!tpl || bar < 0 || !Number.isInteger(offset) || !precision) throw new Error(`decodeRecord: a damaged time mark '${s.slice(1)}'`)
  return { explicitOffset: false, original: writeLocal(segment.at[index]! + offset, tpl), precision }
}

function decodeValue(s: string): unknown {
  const c = s.charCodeAt(0)
  if (c === 39 /* ' */) return s.slice(1)
  if (c === 1) return { explicitOffset: s[2] === '1', original: s.slice(3), precision: LETTER_PRECISION.get(s[1]!) }
  return JSON.parse(s)
}

// ---------------------------------------------------------------------------------------------------------------
// The encoder keeps its lookup tables for a whole source, not per segment: a party, handset or site that occurs in
// every segment is keyed once. Rows are written straight into reused typed arrays in arrival order, holding codes
// into the source-wide tables; when a segment is full its rows are put in time order and the codes renumbered into
// the segment's own dictionary and strings: every segment stays self-contained, as the stored format requires.

/**
 * A copy of `s` that does not keep the text it was cut from alive. V8 represents a substring of 13 or more characters
 * as a view on its parent, so a field kept as a source-wide lookup key would otherwise hold a whole parsed piece of
 * the file (a megabyte or more) in memory until the import ends.
 */
function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1)
}

/** Source-wide tables are dropped (between segments) when they grow past this many strings: memory stays bounded. */
const MAX_SHARED_STRINGS = 1 << 20

/** A staged originals code meaning "the text is in the field's `direct` list" (values that rarely repeat). */
const DIRECT = 0xffffffff

/** Strings numbered in first-seen order; 0 is the empty string. Also renumbers into one segment's own table. */
class SharedTable {
  strings: string[] = ['']
  private codes = new Map<string, number>([['', 0]])
  // Renumbering: remap[g] is g's code in the segment being flushed when stamp[g] === the flush's stamp.
  private remap = new Uint32Array(1024)
  private stamp = new Uint32Array(1024)
  private flushStamp = 0
  private local: string[] = []

  code(s: string | undefined): number {
    if (s === undefined || s === '') return 0
    let c = this.codes.get(s)
    if (c === undefined) {
      c = this.strings.length
      const kept = detach(s)
      this.strings.push(kept)
      this.codes.set(kept, c)
    }
    return c
  }

  /** Adds a string without looking for it (the caller keeps its own index). */
  append(s: string): number {
    return this.strings.push(s) - 1
  }

  get size(): number {
    return this.strings.length
  }

  reset(): void {
    this.strings = ['']
    this.codes = new Map([['', 0]])
    this.stamp.fill(0)
    this.flushStamp = 0
  }

  /** Starts renumbering into a fresh segment table whose first entries are `initial`. */
  beginLocal(initial: string[]): void {
    if (this.remap.length < this.strings.length) {
      let n = this.remap.length
      while (n < this.strings.length) n *= 2
      const remap = new Uint32Array(n)
      const stamp = new Uint32Array(n)
      stamp.set(this.stamp)
      this.remap = remap
      this.stamp = stamp
    }
    this.flushStamp++
    if (this.flushStamp === 0xffffffff) {
      this.stamp.fill(0)
      this.flushStamp = 1
    }
    this.local = initial
  }

  /** The segment code of shared code `g`, adding its string to the segment table on first use. */
  localCode(g: number): number {
    if (this.stamp[g] === this.flushStamp) return this.remap[g]!
    this.stamp[g] = this.flushStamp
    const c = this.local.push(this.strings[g]!) - 1
    this.remap[g] = c
    return c
  }

  /** Appends a string to the segment table without sharing it. */
  localAppend(s: string): number {
    return this.local.push(s) - 1
  }

  endLocal(): string[] {
    const out = this.local
    this.local = []
    return out
  }
}

/** A value the mapping may have numbered (read in place at each use, so each has its own inline cache). */
type Serialed = { readonly [VALUE_SERIAL]?: number }

/** Staging for one originals field in the segment being filled. */
interface FieldStage {
  readonly name: string
  // Values already numbered, by string and by object identity: per field, so each table stays small and hot.
  byString: Map<string, number>
  /** A direct-mapped cache in front of byString, by a hash of the text's first characters (see recentSlot). */
  recentTexts: (string | undefined)[]
  recentCodes: Uint32Array
  byObject: Map<object, number>
  codes: Uint32Array
  /** Texts of values stored without looking for repeats (code DIRECT). */
  direct: (string | undefined)[] | null
  seen: number
  added: number
  dedupe: boolean
}

const DEDUPE_PROBE = 1024

/**
 * Slots of each field's cache of recent texts. A file's row writes its site name and the like afresh, and a Map
 * hashes each such text on every lookup; the cache hashes at most 24 characters and compares the text it finds.
 */
const RECENT_SLOTS = 4096

function recentSlot(text: string): number {
  const n = text.length
  let h = n
  for (let i = 0, end = n < 24 ? n : 24; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return (h ^ (h >>> 15)) & (RECENT_SLOTS - 1)
}


function grow<T extends Uint32Array | Float64Array | Uint16Array | Uint8Array>(a: T, n: number): T {
  if (a.length >= n) return a
  const b = new (a.constructor as new (n: number) => T)(Math.max(n, a.length * 2))
  b.set(a)
  return b
}

/** A field's staged codes renumbered into the segment's table, in `order` (see copyPlainColumns); its first row, or -1. */
function remapOriginals(f: FieldStage, codes: Uint32Array, order: Uint32Array | null, n: number, values: SharedTable): number {
  const src = f.codes
  const direct = f.direct
  let first = -1
  for (let i = 0; i < n; i++) {
    const k = order ? order[i]! : i
    const g = src[k]!
    if (g === 0) continue
    if (first < 0) first = i
    codes[i] = g === DIRECT ? values.localAppend(direct![k]!) : values.localCode(g)
  }
  return first
}

/**
 * The originals of a source's events. Values repeat a lot (a party's number as written, a site name), so each is
 * stored once per segment; a field whose values turn out to be nearly all different (time texts) stops looking for
 * repeats after a probe, per segment.
 */
class OriginalsStage {
  readonly values = new SharedTable()
  // Three ways to find a value already numbered, cheapest first: the same object (the phone normaliser reuses
  // them), the same string (raw text from the file), or the same JSON. Single-string arrays (a row's flags) get their own.
  private byJson = new Map<string, number>()
  private byPrimitive = new Map<unknown, number>()
  private byOneString = new Map<string, number>()
  private fields = new Map<string, FieldStage>()
  /** Shared codes of values by their serial (see VALUE_SERIAL), for every field. */
  private bySerial = new SerialCodes()
  /** The shared code of DERIVED_MARK (0 until first used). */
  private derivedCode = 0
  /** The text putRepeated stored last, and its shared code. */
  private lastRepeated: string | undefined
  private lastRepeatedCode = 0
  /** Fields in the order they were first seen in this segment. */
  private order: FieldStage[] = []
  private capacity = 0

  ensure(n: number): void {
    if (n <= this.capacity) return
    this.capacity = n
    for (const f of this.order) f.codes = grow(f.codes, n)
  }

  field(name: string): FieldStage {
    let f = this.fields.get(name)
    if (!f) {
      f = { name, byString: new Map(), recentTexts: new Array<string | undefined>(RECENT_SLOTS), recentCodes: new Uint32Array(RECENT_SLOTS), byObject: new Map(), codes: new Uint32Array(this.capacity), direct: null, seen: 0, added: 0, dedupe: true }
      this.fields.set(name, f)
      this.order.push(f)
    }
    return f
  }

  private note(f: FieldStage, i: number, code: number, isNew: boolean): void {
    f.codes[i] = code
    if (isNew) f.added++
    f.seen++
    if (f.dedupe && f.seen === DEDUPE_PROBE && f.added > DEDUPE_PROBE * 0.8) f.dedupe = false
  }

  private putDirect(f: FieldStage, i: number, text: string): void {
    if (!f.direct) f.direct = []
    f.direct[i] = text
    f.codes[i] = DIRECT
    f.seen++
  }

  /** Notes that the event's columns give this field's value back exactly (see DERIVED_MARK). */
  putDerived(f: FieldStage, i: number): void {
    if (this.derivedCode === 0) this.derivedCode = this.values.append(DERIVED_MARK)
    this.note(f, i, this.derivedCode, false)
  }

  /** putText for a text that repeats from one row to the next (a time mark): the last one's code is kept at hand. */
  putRepeated(f: FieldStage, i: number, text: string): void {
    if (text !== this.lastRepeated || !f.dedupe) {
      this.putText(f, i, text)
      if (f.dedupe) {
        this.lastRepeated = text
        this.lastRepeatedCode = f.codes[i]!
      }
      return
    }
    this.note(f, i, this.lastRepeatedCode, false)
  }

  /** Stores an already encoded text (the timeline time). */
  putText(f: FieldStage, i: number, text: string): void {
    if (!f.dedupe) return this.putDirect(f, i, text)
    let code = this.byJson.get(text)
    const isNew = code === undefined
    if (code === undefined) {
      const kept = detach(text)
      code = this.values.append(kept)
      this.byJson.set(kept, code)
    }
    this.note(f, i, code, isNew)
  }

  /**
   * Notes row `i`'s value by its JSON `text`: the shared code it has, or a new one; or, with `direct`, the text itself
   * when it is new to a field that no longer looks for repeats. The shared code, or -1 when stored directly.
   */
  private putJson(f: FieldStage, i: number, text: string, direct: boolean): number {
    let code = this.byJson.get(text)
    const isNew = code === undefined
    if (code === undefined) {
      if (direct && !f.dedupe) {
        this.putDirect(f, i, text)
        return -1
      }
      code = this.values.append(text)
      this.byJson.set(text, code)
    }
    this.note(f, i, code, isNew)
    return code
  }

  put(f: FieldStage, i: number, value: unknown): void {
    let code: number | undefined
    let isNew = false
    if (typeof value === 'string') {
      const slot = recentSlot(value)
      const seen = f.recentTexts[slot]
      if (seen === value) code = f.recentCodes[slot]!
      else {
        code = f.byString.get(value)
        if (code === undefined) {
          if (!f.dedupe) return this.putDirect(f, i, `'${value}`)
          isNew = true
          code = this.values.append(detach(`'${value}`))
          f.byString.set(detach(value), code)
        }
        f.recentTexts[slot] = detach(value)
        f.recentCodes[slot] = code
      }
    } else if (typeof value === 'object' && value !== null) {
      if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') {
        const only = value[0]
        code = this.byOneString.get(only)
        if (code === undefined) {
          const c = this.putJson(f, i, JSON.stringify(value), true)
          if (c >= 0) this.byOneString.set(only, c)
          return
        }
      } else {
        // A value the mapping numbered (a party's PhoneValue) is found by its serial, in any field.
        const serial = (value as Serialed)[VALUE_SERIAL] ?? -1
        const known = serial >= 0 ? this.bySerial.get(serial) : -1
        code = known >= 0 ? known : f.byObject.get(value)
        if (code === undefined) {
          const c = this.putJson(f, i, JSON.stringify(value), true)
          if (c >= 0 && !this.bySerial.set(serial, c)) f.byObject.set(value, c)
          return
        }
      }
    } else {
      code = this.byPrimitive.get(value)
      if (code === undefined) {
        this.byPrimitive.set(value, this.putJson(f, i, JSON.stringify(value), false))
        return
      }
    }
    this.note(f, i, code, isNew)
  }

  /** The segment's originals, rows taken in `order` (null: as staged); clears the staging for the next segment. */
  take(n: number, order: Uint32Array | null): SegmentOriginals {
    const strings: string[] = ['']
    this.values.beginLocal(strings)
    const present: { f: FieldStage; first: number; codes: Uint32Array }[] = []
    for (const f of this.order) {
      const codes = new Uint32Array(n)
      const first = remapOriginals(f, codes, order, n, this.values)
      if (first >= 0) present.push({ f, first, codes })
    }
    this.values.endLocal()
    // Fields in the order they first occur among the segment's (sorted) events.
    present.sort((x, y) => x.first - y.first)
    for (const f of this.order) {
      f.codes.fill(0, 0, n)
      f.direct = null
      f.seen = 0
      f.added = 0
      f.dedupe = true
    }
    return { format: SEGMENT_FORMAT, count: n, fields: present.map((p) => p.f.name), codes: present.map((p) => p.codes), strings }
  }

  /** Forgets the source-wide tables (between segments, when they grew large). */
  resetShared(): void {
    this.values.reset()
    for (const f of this.order) {
      f.byString = new Map()
      f.recentTexts = new Array<string | undefined>(RECENT_SLOTS)
      f.byObject = new Map()
    }
    this.byJson = new Map()
    this.byPrimitive = new Map()
    this.byOneString = new Map()
    this.bySerial.clear()
    this.derivedCode = 0
    this.lastRepeated = undefined
  }
}

// A Map, not a keyed read of FLAG_BITS: the engine reads an object by a variable key through its slow generic path.
const FLAG_BIT_OF = new Map<string, number>(Object.entries(FLAG_BITS))

function flagBits(r: TimedRecord, time: TimeValue | undefined, rolesUnknown: boolean): number {
  let bits = 0
  const flags = r.flags
  if (flags) {
    for (let k = 0; k < flags.length; k++) bits |= FLAG_BIT_OF.get(flags[k]!) ?? FLAG_BITS.other
  }
  if (!time) bits |= FLAG_BITS.undated
  else if (time.precision === 'day' || time.precision === 'year') bits |= FLAG_BITS['coarse-time']
  if (rolesUnknown) bits |= FLAG_BITS['roles-unknown']
  if (r.kind === 'call' && r.forwarded) bits |= FLAG_BITS.forwarded
  return bits
}

/** Whether `text` is exactly String(d), without making that string for the usual case: a whole number of seconds. */
function isWrittenAs(text: string, d: number): boolean {
  const n = text.length
  if (!Number.isSafeInteger(d) || d < 0 || n === 0 || n > 15 || (n > 1 && text.charCodeAt(0) === 48)) return text === String(d)
  let v = 0
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i) - 48
    if (c < 0 || c > 9) return false
    v = v * 10 + c
  }
  return v === d
}

const joinText = (parts: readonly (string | undefined)[]): string => parts.filter((p) => p !== undefined && p !== '').join(' · ')

/**
 * Entity-key codes cached by what the key is made from: the phone normaliser hands out the same PhoneValue object
 * for the same text, and an IMEI's text recurs, so most rows cost one lookup instead of building a key.
 */
class KeyCodes<T> {
  // The code times two, plus one when the value is exactly its key after `prefix`. (Keying IMEI and IMSI texts by
  // their digits, as the mapping's memos do, measured slower here in Chromium; a cell's two short texts combined
  // into one number, in CellCodes, measured faster.)
  private cache = new Map<T, number>()
  private bySerial = new SerialCodes()
  /** Whether the value of the last `code` call is its key's text after `prefix` (so the originals need not keep it). */
  exact = false
  constructor(
    private readonly dict: SharedTable,
    private readonly key: (v: T) => string | undefined,
    private readonly prefix?: string
  ) {}

  code(v: T | undefined): number {
    if (v === undefined) {
      this.exact = false
      return 0
    }
    // A value the mapping numbered (a party's PhoneValue) is found by its serial: an array read, not a hash.
    const serial = typeof v === 'object' && v !== null ? ((v as Serialed)[VALUE_SERIAL] ?? -1) : -1
    const known = serial >= 0 ? this.bySerial.get(serial) : -1
    if (known >= 0) {
      this.exact = (known & 1) === 1
      return known >>> 1
    }
    let c = this.cache.get(v)
    if (c === undefined) {
      const k = this.key(v)
      const p = this.prefix
      const exact = p !== undefined && typeof v === 'string' && k !== undefined && k.length === p.length + v.length && k.startsWith(p) && k.endsWith(v)
      c = this.dict.code(k) * 2 + (exact ? 1 : 0)
      if (!this.bySerial.set(serial, c)) this.cache.set(typeof v === 'string' ? (detach(v) as T) : v, c)
    }
    this.exact = (c & 1) === 1
    return c >>> 1
  }

  reset(): void {
    this.cache = new Map()
    this.bySerial.clear()
  }
}

/** Cell keys cached by the texts they are made from (cgi, else lac + cell id), without building a string per row. */
class CellCodes {
  private byCgi = new Map<string, number>()
  // The code times two, plus one when the key is exactly `cell:<lac>-<cell id>` with no '-' in the lac.
  private byLac = new Map<string, Map<string, number>>()
  private byDigits = new NumberTable()
  /** Whether the last `code` call's lac and cell id can be read back from the key (see derivedValue). */
  exact = false
  constructor(private readonly dict: SharedTable) {}

  code(cgi: string | undefined, lac: string | undefined, cellId: string | undefined): number {
    this.exact = false
    if (cgi !== undefined) {
      const c = this.byCgi.get(cgi)
      if (c !== undefined) return c
      // A cgi that is only spaces does not count: the key then comes from lac and cell id, as in cellKey.
      if (cgi.trim() !== '') {
        const k = this.dict.code(cellKey({ cgi, lac, cellId }))
        this.byCgi.set(detach(cgi), k)
        return k
      }
    }
    // cellKey reads an absent lac or cell id as empty text.
    const l = lac ?? ''
    const id = cellId ?? ''
    // A lac and a cell id of up to seven digits each (as CDRs write them) make one number: no text is hashed.
    const kl = digitKey(l)
    const ki = kl >= 0 && kl < CELL_PART ? digitKey(id) : -1
    const both = ki >= 0 && ki < CELL_PART ? kl * CELL_PART + ki : -1
    if (both >= 0) {
      const c = this.byDigits.get(both)
      if (c >= 0) {
        this.exact = (c & 1) === 1
        return c >>> 1
      }
    }
    let inner = this.byLac.get(l)
    if (!inner) {
      inner = new Map()
      this.byLac.set(detach(l), inner)
    }
    let c = inner.get(id)
    if (c === undefined) {
      const k = cellKey({ lac: l, cellId: id })
      const exact = cgi === undefined && l !== '' && id !== '' && !l.includes('-') && k === `cell:${l}-${id}`
      c = this.dict.code(k) * 2 + (exact ? 1 : 0)
      inner.set(detach(id), c)
    }
    if (both >= 0) this.byDigits.set(both, c)
    this.exact = (c & 1) === 1
    return c >>> 1
  }

  reset(): void {
    this.byCgi = new Map()
    this.byLac = new Map()
    this.byDigits = new NumberTable()
  }
}

/** Column staging for the segment being filled, in arrival order, with source-wide dictionary codes. */
class ColumnStage {
  capacity = 0
  at = new Float64Array(0)
  durationS = new Float64Array(0)
  kind = new Uint8Array(0)
  direction = new Uint8Array(0)
  flags = new Uint16Array(0)
  a = new Uint32Array(0)
  b = new Uint32Array(0)
  aAlt = new Uint32Array(0)
  bAlt = new Uint32Array(0)
  imei = new Uint32Array(0)
  imsi = new Uint32Array(0)
  cell = new Uint32Array(0)
  row = new Uint32Array(0)
  sheet = new Uint32Array(0)
  zone = new Uint32Array(0)
  text = new Uint32Array(0)

  ensure(n: number): void {
    if (n <= this.capacity) return
    const c = n
    this.capacity = c
    this.at = grow(this.at, c)
    this.durationS = grow(this.durationS, c)
    this.kind = grow(this.kind, c)
    this.direction = grow(this.direction, c)
    this.flags = grow(this.flags, c)
    this.a = grow(this.a, c)
    this.b = grow(this.b, c)
    this.aAlt = grow(this.aAlt, c)
    this.bAlt = grow(this.bAlt, c)
    this.imei = grow(this.imei, c)
    this.imsi = grow(this.imsi, c)
    this.cell = grow(this.cell, c)
    this.row = grow(this.row, c)
    this.sheet = grow(this.sheet, c)
    this.zone = grow(this.zone, c)
    this.text = grow(this.text, c)
  }
}

// Code columns renumbered from the source-wide dictionary into the segment's own.
const CODE_COLUMNS = ['a', 'b', 'aAlt', 'bAlt', 'imei', 'imsi', 'cell', 'sheet', 'zone', 'text'] as const

/** Event order inside a segment: by time (undated last), then sheet, then row. Null when already in order. */
function stagedOrder(st: ColumnStage, n: number, dict: SharedTable): Uint32Array | null {
  const at = st.at
  const sheet = st.sheet
  const row = st.row
  const cmp = (x: number, y: number): number => {
    const ax = at[x]!
    const ay = at[y]!
    const nx = ax !== ax
    const ny = ay !== ay
    if (nx !== ny) return nx ? 1 : -1
    if (!nx && ax !== ay) return ax - ay
    const cx = sheet[x]!
    const cy = sheet[y]!
    if (cx !== cy) {
      const sx = dict.strings[cx]!
      const sy = dict.strings[cy]!
      if (sx !== sy) return sx < sy ? -1 : 1
    }
    return row[x]! - row[y]!
  }
  // Most CDR exports are in time order already: then there is nothing to sort.
  let sorted = true
  for (let i = 1; i < n; i++) {
    if (cmp(i - 1, i) > 0) {
      sorted = false
      break
    }
  }
  if (sorted) return null
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  return order.sort(cmp)
}

/** Event order inside a source: by time (undated last), then sheet, then row. Sorts on parallel arrays. */
function timeOrder(timed: readonly TimedRecord[]): Uint32Array {
  const n = timed.length
  const ats = new Float64Array(n)
  const rows = new Uint32Array(n)
  for (let i = 0; i < n; i++) {
    const r = timed[i]!
    const t = mainTime(r)
    ats[i] = t ? t.utcMs : NaN
    rows[i] = r.provenance.row
  }
  const order = new Uint32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  return order.sort((x, y) => {
    const ax = ats[x]!
    const ay = ats[y]!
    const nx = Number.isNaN(ax)
    const ny = Number.isNaN(ay)
    if (nx !== ny) return nx ? 1 : -1
    if (!nx && ax !== ay) return ax - ay
    const sx = timed[x]!.provenance.sheet
    const sy = timed[y]!.provenance.sheet
    if (sx !== sy) return sx < sy ? -1 : 1
    return rows[x]! - rows[y]!
  })
}

export interface EncodedSegment {
  readonly segment: Segment
  readonly originals: SegmentOriginals
}

/** Encodes records as they arrive, one segment at a time, so a large file never has all its records in memory. */
export interface SegmentStream {
  /** Adds one record; returns a segment when one fills up (its events sorted by time among themselves). */
  add(record: WaymarkRecord): EncodedSegment | null
  /** The last, partly filled segment (null when there is none), and the persons and cell sites seen. */
  finish(): { readonly last: EncodedSegment | null; readonly entityRecords: EntityRecord[]; readonly events: number }
}

/**
 * The streaming encoder: segments are time-sorted inside, and a file that is in time order (most CDR exports)
 * gives segments with disjoint time spans, as buildSegments does; one that is not is still queried correctly.
 */
// The loops of a segment's flush live in functions of their own. A flush runs once per 20,000 events, so the engine
// compiles its loops while they run (on-stack replacement), before the code after them has run once; the compiled
// flush then left it at that code every time it was entered (Chromium 156: two deoptimisations per segment).

/**
 * Copies the columns that keep their values, in `order`; puts the number of dated events and their time range in
 * `range` (not in a new object: the compiled loop would leave at that object's creation, as it did at the flush's code).
 */
function copyPlainColumns(st: ColumnStage, cols: ReturnType<typeof allocateColumns>, order: Uint32Array | null, count: number, range: Float64Array): void {
  let dated = 0
  let minAt = NaN
  let maxAt = NaN
  for (let i = 0; i < count; i++) {
    const k = order ? order[i]! : i
    const t = st.at[k]!
    cols.at[i] = t
    cols.durationS[i] = st.durationS[k]!
    cols.kind[i] = st.kind[k]!
    cols.direction[i] = st.direction[k]!
    cols.flags[i] = st.flags[k]!
    cols.row[i] = st.row[k]!
    if (t === t) {
      dated++
      if (!(t >= minAt)) minAt = t
      if (!(t <= maxAt)) maxAt = t
    }
  }
  range[0] = dated
  range[1] = minAt
  range[2] = maxAt
}

/** Renumbers one code column from the source-wide table into the segment's own, in `order`. */
function remapCodes(src: Uint32Array, out: Uint32Array, order: Uint32Array | null, count: number, dict: SharedTable): void {
  for (let i = 0; i < count; i++) {
    const g = src[order ? order[i]! : i]!
    if (g !== 0) out[i] = dict.localCode(g)
  }
}

export function createSegmentStream(options: {
  readonly sourceId: string
  readonly fileName?: string
  readonly segmentSize?: number
  /** Source-wide lookup tables are dropped between segments past this many strings (default 2^20): bounded memory. */
  readonly maxSharedStrings?: number
}): SegmentStream {
  const size = options.segmentSize ?? DEFAULT_SEGMENT_SIZE
  if (!Number.isInteger(size) || size < 1) throw new Error(`createSegmentStream: segmentSize must be a positive integer, got ${size}`)
  const sourceId = options.sourceId
  if (!sourceId || sourceId.includes(':')) throw new Error(`createSegmentStream: a source id without ':' is needed, got '${sourceId}'`)
  const maxShared = options.maxSharedStrings ?? MAX_SHARED_STRINGS
  let fileName = options.fileName
  const entityRecords: EntityRecord[] = []
  let seq = 0
  let events = 0

  const dict = new SharedTable()
  const phones = new KeyCodes(dict, phoneKey)
  const imeis = new KeyCodes(dict, imeiKey, 'imei:')
  const imsis = new KeyCodes(dict, imsiKey, 'imsi:')
  const persons = new KeyCodes(dict, personKey)
  const accounts = new KeyCodes(dict, accountKey)
  const ids = new KeyCodes(dict, idKey)
  const cells = new CellCodes(dict)
  const timeMarks = new TimeMarks()
  const st = new ColumnStage()
  const orig = new OriginalsStage()
  // The originals' field stagings by a key's position in the record: records of one source are built alike, so
  // their keys come in the same order and each is matched by one comparison of interned names, not a lookup.
  const fieldAt: FieldStage[] = []
  let n = 0
  let lastSheet: string | undefined
  let lastSheetCode = 0
  let lastZone: string | undefined
  let lastZoneCode = 0
  let checkedSha: string | undefined
  let checkedFileName: string | undefined

  const stage = (r: TimedRecord): void => {
    const p = r.provenance
    if (p.fileName !== checkedFileName) {
      if (p.fileName !== fileName) throw new Error(`buildSegments: records of one source come from one file (${fileName ?? ''} ≠ ${p.fileName})`)
      checkedFileName = p.fileName
    }
    if (n === st.capacity) {
      st.ensure(Math.min(size, Math.max(1024, n * 2)))
      orig.ensure(st.capacity)
    }
    const i = n++
    const time = mainTime(r)
    let rolesUnknown = false
    let textCode = 0
    let aCode = 0
    let bCode = 0
    let aAltCode = 0
    let bAltCode = 0
    let imeiCode = 0
    let imsiCode = 0
    let cellCode = 0
    let kind = 0
    let direction = DIR_UNKNOWN
    switch (r.kind) {
      case 'call': {
        kind = SERVICE_KIND[r.service] ?? SERVICE_KIND.unknown
        direction = CALL_DIRECTION[r.direction] ?? DIR_UNKNOWN
        if (!r.aParty && !r.bParty && (r.subscriber || r.counterpart)) {
          // Target + other party with no direction: both are kept, in no particular role.
          rolesUnknown = true
          aCode = phones.code(r.subscriber)
          bCode = phones.code(r.counterpart)
        } else {
          aCode = phones.code(r.aParty)
          bCode = phones.code(r.bParty)
        }
        imeiCode = imeis.code(r.imei)
        imsiCode = imsis.code(r.imsi)
        cellCode = cells.code(r.cgi, r.lac, r.cellId)
        break
      }
      case 'transfer': {
        kind = kindCode('transfer')
        aCode = persons.code(r.payer)
        aAltCode = accounts.code(r.payerAccount)
        bCode = persons.code(r.beneficiary)
        bAltCode = accounts.code(r.beneficiaryAccount)
        const amount = [r.amount?.original, r.currency].filter((x) => x !== undefined && x !== '').join(' ')
        textCode = dict.code(joinText([amount, r.reference, r.place]))
        break
      }
      case 'movement': {
        kind = kindCode('movement')
        direction = r.direction === 'entry' ? DIR_ENTRY : r.direction === 'exit' ? DIR_EXIT : DIR_UNKNOWN
        aCode = persons.code(r.person)
        aAltCode = ids.code(r.document)
        textCode = dict.code(joinText([r.directionOriginal ?? r.direction, r.place, r.transport, r.nationality]))
        break
      }
      case 'event': {
        kind = kindCode('event')
        const parties = r.parties ?? []
        // Parties of an event have no caller/receiver roles; the first two get columns, all are searchable text.
        if (parties.length > 0) rolesUnknown = true
        aCode = persons.code(parties[0])
        bCode = persons.code(parties[1])
        textCode = dict.code(parties.length > 2 ? joinText([r.text, parties.join(', ')]) : r.text)
        break
      }
    }
    st.kind[i] = kind
    st.direction[i] = direction
    st.a[i] = aCode
    st.b[i] = bCode
    st.aAlt[i] = aAltCode
    st.bAlt[i] = bAltCode
    st.imei[i] = imeiCode
    st.imsi[i] = imsiCode
    st.cell[i] = cellCode
    st.text[i] = textCode
    st.flags[i] = flagBits(r, time, rolesUnknown)
    st.row[i] = p.row
    // Sheet and zone rarely change from one row to the next: compare with the last before hashing.
    if (p.sheet !== lastSheet) {
      lastSheet = p.sheet
      lastSheetCode = dict.code(p.sheet)
    }
    st.sheet[i] = lastSheetCode
    const d = r.kind === 'call' ? r.durationSeconds : undefined
    st.durationS[i] = d === undefined ? NaN : d
    if (time) {
      st.at[i] = time.utcMs
      if (time.zone !== lastZone) {
        lastZone = time.zone
        lastZoneCode = dict.code(time.zone)
      }
      st.zone[i] = lastZoneCode
    } else {
      st.at[i] = NaN
      st.zone[i] = 0
    }

    const isCall = r.kind === 'call'
    const tf = timeField(r.kind)
    const rec = r as unknown as Record<string, unknown>
    let j = 0
    for (const key in rec) {
      const at = j++
      // Fields the columns reproduce exactly need no originals. (Comparing names is cheaper than a keyed lookup.)
      if (key === 'kind' || key === 'provenance' || key === 'durationSeconds' || (isCall && (key === 'service' || key === 'direction'))) continue
      const value = rec[key]
      if (value === undefined) continue
      let f = fieldAt[at]
      if (f === undefined || f.name !== key) f = fieldAt[at] = orig.field(key)
      if (key === tf && time) {
        const mark = !time.explicitOffset && isStandardTime(time) ? timeMarks.mark(time, PRECISION_LETTER[time.precision]) : undefined
        if (mark !== undefined) orig.putRepeated(f, i, mark)
        else orig.putText(f, i, encodeTimeRest(time))
      }
      else if (
        isCall &&
        (key === 'imei'
          ? imeis.exact
          : key === 'imsi'
            ? imsis.exact
            : key === 'lac' || key === 'cellId'
              ? cells.exact
              : key === 'durationOriginal' && d !== undefined && typeof value === 'string' && isWrittenAs(value, d))
      )
        orig.putDerived(f, i)
      else orig.put(f, i, value)
    }
  }

  const range = new Float64Array(3)
  const flush = (): EncodedSegment | null => {
    if (n === 0) return null
    const count = n
    n = 0
    const order = stagedOrder(st, count, dict)
    const cols = allocateColumns(count)
    copyPlainColumns(st, cols, order, count, range)
    const [dated, minAt, maxAt] = range as unknown as [number, number, number]
    const strings: string[] = ['']
    dict.beginLocal(strings)
    for (const name of CODE_COLUMNS) remapCodes(st[name], cols[name], order, count, dict)
    dict.endLocal()
    const originals = orig.take(count, order)
    const segment: Segment = { format: SEGMENT_FORMAT, sourceId, fileName: fileName ?? '', seq: seq++, count, datedCount: dated, minAt, maxAt, dict: strings, ...cols }
    if (dict.size > maxShared || orig.values.size > maxShared) {
      dict.reset()
      for (const k of [phones, imeis, imsis, persons, accounts, ids, cells]) k.reset()
      orig.resetShared()
      lastSheet = undefined
      lastZone = undefined
    }
    return { segment, originals }
  }

  return {
    add(r) {
      // Records of one file share their provenance strings: once one is checked, the next is the same string object
      // and compares by identity, not character by character.
      const sha = r.provenance.sourceSha256
      if (sha !== checkedSha) {
        if (sha !== sourceId) throw new Error(`createSegmentStream: record from source ${sha} in source ${sourceId}`)
        checkedSha = sha
      }
      fileName ??= r.provenance.fileName
      if (!isTimed(r)) {
        entityRecords.push(r)
        return null
      }
      stage(r)
      events++
      return n >= size ? flush() : null
    },
    finish() {
      return { last: flush(), entityRecords, events }
    }
  }
}

/**
 * Encodes one source's records. Events (calls, transfers, movements, generic events) are sorted by time —
 * undated ones last, then by sheet and row — and cut into segments; persons and cell sites come back as
 * `entityRecords`. Throws (a programmer error) when the records do not all come from one file.
 */
export function buildSegments(records: readonly WaymarkRecord[], options: BuildSegmentsOptions = {}): BuiltSource {
  const first = records[0]?.provenance
  const sourceId = options.sourceId ?? first?.sourceSha256 ?? ''
  if ((records.length > 0 && !sourceId) || sourceId.includes(':')) throw new Error(`buildSegments: a source id without ':' is needed, got '${sourceId}'`)
  const fileName = first?.fileName ?? ''
  const timed: TimedRecord[] = []
  const others: EntityRecord[] = []
  for (const r of records) {
    if (r.provenance.sourceSha256 !== sourceId) throw new Error(`buildSegments: record from source ${r.provenance.sourceSha256} in source ${sourceId}`)
    if (isTimed(r)) timed.push(r)
    else others.push(r)
  }
  const order = timeOrder(timed)
  const stream = createSegmentStream({ sourceId: sourceId || 'empty', fileName, ...(options.segmentSize !== undefined ? { segmentSize: options.segmentSize } : {}) })
  const segments: Segment[] = []
  const originals: SegmentOriginals[] = []
  const keep = (e: EncodedSegment | null): void => {
    if (!e) return
    segments.push(e.segment)
    originals.push(e.originals)
  }
  for (let i = 0; i < order.length; i++) keep(stream.add(timed[order[i]!]!))
  keep(stream.finish().last)
  return { sourceId, fileName, segments, originals, entityRecords: others, events: timed.length }
}

/** The provenance of one stored event. */
export function provenanceOf(segment: Segment, index: number): Provenance {
  return { sourceSha256: segment.sourceId, fileName: segment.fileName, sheet: segment.dict[segment.sheet[index]!] ?? '', row: segment.row[index]! }
}

/** Rebuilds the exact record one event was encoded from: the columns give what they hold, the originals the rest. */
export function decodeRecord(segment: Segment, originals: SegmentOriginals, index: number): WaymarkRecord {
  if (index < 0 || index >= segment.count) throw new Error(`decodeRecord: index ${index} outside segment of ${segment.count}`)
  if (originals.count !== segment.count) throw new Error('decodeRecord: originals belong to another segment')
  const rec: Record<string, unknown> = {}
  const k = kindName(segment.kind[index]!)
  const recordKind: WaymarkRecord['kind'] = k === 'transfer' || k === 'movement' || k === 'event' ? k : 'call'
  rec.kind = recordKind
  rec.provenance = provenanceOf(segment, index)
  if (recordKind === 'call') {
    rec.service = KIND_SERVICE.get(segment.kind[index]!) ?? 'unknown'
    rec.direction = DIRECTION_OF.get(segment.direction[index]!) ?? 'unknown'
  }
  for (let f = 0; f < originals.fields.length; f++) {
    const code = originals.codes[f]![index]!
    if (code === 0) continue
    const field = originals.fields[f]!
    const s = originals.strings[code]!
    rec[field] = s === DERIVED_MARK ? derivedValue(segment, index, field) : s.charCodeAt(0) === 3 ? derivedTime(segment, index, s) : decodeValue(s)
  }
  const tf = timeField(recordKind)
  const restOfTime = rec[tf] as Record<string, unknown> | undefined
  if (restOfTime) rec[tf] = { utcMs: segment.at[index]!, zone: segment.dict[segment.zone[index]!] ?? '', ...restOfTime }
  const d = segment.durationS[index]!
  if (!Number.isNaN(d)) rec.durationSeconds = d
  return rec as unknown as WaymarkRecord
}
