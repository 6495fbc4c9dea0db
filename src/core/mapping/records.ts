// Builds typed records from rows with a mapping: normalises each mapped cell, keeps originals, and reports every row problem.
import type { Cell } from '../model/rawTable'
import type {
  CallRecord,
  CellSite,
  Direction,
  EventRecord,
  Movement,
  NumberValue,
  Person,
  PhoneKind,
  PhoneValue,
  Provenance,
  RecordKind,
  Service,
  TimeValue,
  Transfer,
  WaymarkRecord
} from '../model/records'
import { RECORD_KINDS, type FieldSpec, type ImportSummary, type Mapping, type RejectedRow, type RowIssue, type Severity } from '../model/mapping'
import { combineDateTime, combineDateTimeWatched, createDateWatch, decideWatched, explainChange, mergeTally, parseDateTime, parseDateTimeWatched, sameReading, watchValue, withChoice, type DateDecision, type DateTimeResult, type DateWatch } from './dates'
import { toAsciiDigits } from './digits'
import { parseDirection, type DirectionResult } from './direction'
import { parseDuration, type DurationResult } from './durations'
import { parseImei, parseImsi, type ImeiResult, type ImsiResult } from './identifiers'
import { createPhoneNormaliser } from './phones'
import { createTaggedTextMemo, createTextMemo, withSerial } from './memo'
import { cellText } from './headers'
import { dateDecisionOptions, decideDates, proposalPrefixLength, proposeMapping, type MappingProblem, type ProposeOptions, type Proposal, type RowSource } from './autoMap'

export interface SourceInfo {
  readonly sourceSha256: string
  readonly fileName: string
  /** Sheet name; for text files the name RawSheet gives (the file name without its extension). */
  readonly sheet: string
}

export interface BuildOptions {
  /** Called for every issue, in row order (the builder keeps only counts, so a million warnings cost no memory). */
  readonly onIssue?: (issue: RowIssue) => void
  /** Called for every rejected row, with all its values. */
  readonly onRejected?: (row: RejectedRow) => void
  /**
   * Gather, from every date value read, the evidence decideDateFormat uses (see RecordBuilder.dateWatches): a
   * streaming import that decided from its first rows checks the decision against all values at the end.
   */
  readonly watchDates?: boolean
  /**
   * Give each party value a serial (see VALUE_SERIAL), by which the segment encoder finds its codes without hashing:
   * for the app's import, which encodes every record. Giving one costs about half a microsecond per distinct number,
   * which the command line and exports, which never encode, need not pay.
   */
  readonly serials?: boolean
}

/** A date column the builder watched: its field, column and the evidence of every value read. */
export interface WatchedDateColumn {
  readonly field: string
  readonly column: number
  readonly header: string
  readonly watch: DateWatch
}

export interface RecordBuilder {
  /** One data row (its 1-based row number as the user sees it). Null when the row is rejected or blank. */
  build(cells: readonly Cell[], row: number): WaymarkRecord | null
  summary(): ImportSummary
  /** The date columns watched (empty unless BuildOptions.watchDates). */
  dateWatches(): readonly WatchedDateColumn[]
}

// ---------------------------------------------------------------------------------------------------------------
// Per-row scratch state. Building is synchronous, so one mutable context is reused across rows.

// Every field of every kind, plus a few companions, gets a slot: rows write into a reused array, not a dictionary.
const SLOT_NAMES = [...new Set([...RECORD_KINDS.flatMap((k) => k.fields.map((f) => f.id)), 'durationOriginal', 'forwarded', 'directionOriginal', 'serviceOriginal'])]
const SLOT: Readonly<Record<string, number>> = Object.fromEntries(SLOT_NAMES.map((n, i) => [n, i]))
const slotOf = (name: string): number => {
  const i = SLOT[name]
  if (i === undefined) throw new Error(`records: no slot for ${name}`)
  return i
}
const S = {
  aParty: slotOf('aParty'), bParty: slotOf('bParty'), subscriber: slotOf('subscriber'), counterpart: slotOf('counterpart'),
  direction: slotOf('direction'), service: slotOf('service'), duration: slotOf('duration'), durationOriginal: slotOf('durationOriginal'),
  forwarded: slotOf('forwarded'), directionOriginal: slotOf('directionOriginal'), serviceOriginal: slotOf('serviceOriginal'), imei: slotOf('imei'), imsi: slotOf('imsi'),
  cellId: slotOf('cellId'), lac: slotOf('lac'), cgi: slotOf('cgi'), endCgi: slotOf('endCgi'), siteName: slotOf('siteName'),
  latitude: slotOf('latitude'), longitude: slotOf('longitude'), azimuth: slotOf('azimuth'), name: slotOf('name'),
  firstName: slotOf('firstName'), lastName: slotOf('lastName'), aliases: slotOf('aliases'), idNumber: slotOf('idNumber'),
  phone: slotOf('phone'), nationality: slotOf('nationality'), gender: slotOf('gender'), address: slotOf('address'),
  payer: slotOf('payer'), payerFirstName: slotOf('payerFirstName'), payerLastName: slotOf('payerLastName'),
  payerAccount: slotOf('payerAccount'), beneficiary: slotOf('beneficiary'), beneficiaryAccount: slotOf('beneficiaryAccount'),
  amount: slotOf('amount'), currency: slotOf('currency'), reference: slotOf('reference'), place: slotOf('place'),
  person: slotOf('person'), document: slotOf('document'), transport: slotOf('transport'), eventType: slotOf('eventType'),
  description: slotOf('description'), parties: slotOf('parties'), count: slotOf('count')
} as const

interface Temporal {
  readonly field: string
  readonly index: number
  readonly header: string
  readonly decision: DateDecision
  /** Set when the builder watches dates. */
  readonly watch: DateWatch | undefined
  /** The row serial this column's value was last read (and watched) on. */
  stamp: number
}

interface RowCtx {
  /** Counts rows built, to tell which date columns a row has read (Temporal.stamp). */
  serial: number
  row: number
  cells: readonly Cell[]
  v: unknown[]
  flags: string[] | null
  issues: RowIssue[]
  error: boolean
}

type Reader = (cell: Cell | undefined, ctx: RowCtx) => void

function isEmptyCell(c: Cell | undefined): boolean {
  if (c === null || c === undefined) return true
  if (typeof c !== 'string') return false
  if (c.length === 0) return true
  // Most cells start with a visible character: decide without allocating a trimmed copy.
  const first = c.charCodeAt(0)
  if (first > 32 && first !== 160) return false
  return c.trim() === ''
}

function flag(ctx: RowCtx, code: string): void {
  if (!ctx.flags) ctx.flags = [code]
  else if (!ctx.flags.includes(code)) ctx.flags.push(code)
}

/**
 * The last few distinct texts of a column and what `read` made of them, found by comparing the texts in place: for a
 * column of a handful of codes (call types) this is cheaper than hashing each freshly parsed text for a memo.
 * `read` must be a pure function of the text.
 */
class RecentTexts<R> {
  private readonly keys: string[] = []
  private readonly values: R[] = []
  private next = 0

  constructor(private readonly read: (text: string) => R, private readonly size = 8) {}

  get(text: string): R {
    const keys = this.keys
    for (let i = 0; i < keys.length; i++) if (keys[i] === text) return this.values[i]!
    const r = this.read(text)
    // V8 copies texts shorter than 13 characters out of the chunk they were sliced from; a longer one would keep
    // that whole chunk alive, so it is not kept (read() memoises it anyway).
    if (text.length > 12) return r
    if (keys.length < this.size) {
      keys.push(text)
      this.values.push(r)
    } else {
      keys[this.next] = text
      this.values[this.next] = r
      this.next = (this.next + 1) % this.size
    }
    return r
  }
}

/**
 * Reads each distinct cell text once: handsets, SIMs and call lengths repeat on many rows. `read` turns a cell
 * into what the column reader needs (a pure function of the cell); text cells are memoised by their text (see
 * memo.ts: bounded, fast for digit strings), other cells (spreadsheet numbers) are read each time.
 */
function memoByCell<R>(read: (cell: Cell) => R, limit: number): (cell: Cell) => R {
  const memo = createTextMemo((text: string): R => read(text), limit)
  return (cell) => (typeof cell === 'string' ? memo(cell) : read(cell))
}

/** `text.trim()`, without the call when the text starts and ends with a printable ASCII character (never white space). */
function trimText(text: string): string {
  const n = text.length
  if (n === 0) return text
  const a = text.charCodeAt(0)
  const b = text.charCodeAt(n - 1)
  return a > 32 && a < 127 && b > 32 && b < 127 ? text : text.trim()
}

/** cellText(cell).trim(). */
function trimmedText(cell: Cell | undefined): string {
  return typeof cell === 'string' ? trimText(cell) : cellText(cell).trim()
}

/** Whole seconds written as 1–5 ASCII digits, up to a day (86 400 s, parseDuration's limit before 'absurd'); else -1. */
function plainSeconds(text: string): number {
  const n = text.length
  if (n === 0 || n > 5) return -1
  let v = 0
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(i) - 48
    if (d < 0 || d > 9) return -1
    v = v * 10 + d
  }
  return v <= 86_400 ? v : -1
}

/** A plain ASCII decimal ('16.84213', '-96.5', '1200'), which readNumber's general path reads as Number(text). */
function isPlainDecimal(t: string): boolean {
  const n = t.length
  let i = 0
  if (n > 0) {
    const c = t.charCodeAt(0)
    if (c === 43 || c === 45) i = 1
  }
  const intStart = i
  while (i < n && t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) i++
  if (i === intStart) return false
  if (i === n) return true
  if (t.charCodeAt(i) !== 46) return false
  const fracStart = ++i
  while (i < n && t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) i++
  return i === n && i > fracStart
}

const NUMBER_TEXT = /^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/

/** Reads a plain number: `12.5`, `1,282` (thousands), `12,5` (decimal comma, when it cannot be thousands). */
export function readNumber(cell: Cell | undefined): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null
  if (typeof cell === 'boolean' || cell === null || cell === undefined) return null
  // Coordinates and amounts are mostly written plainly: the general path below gives the same Number(text).
  if (isPlainDecimal(cell)) return Number(cell)
  const t = toAsciiDigits(cell).trim().replace(/\u00a0/g, '')
  if (NUMBER_TEXT.test(t)) return Number(t.replace(/,/g, ''))
  if (DECIMAL_COMMA.test(t) && !/^[+-]?\d{1,3},\d{3}$/.test(t)) return Number(t.replace(',', '.'))
  return null
}

/** Reads a count or amount that may be censored (`<5`) or carry a currency sign or code (`$ 1,282.50`, `1 282 THB`). */
export function readCount(cell: Cell | undefined): NumberValue | null {
  const original = cellText(cell).trim()
  if (original === '') return null
  if (typeof cell === 'number') return Number.isFinite(cell) ? { value: cell, original } : null
  const m = /^(<|≤|<=)\s*(.+)$/.exec(original)
  const body = (m ? m[2]! : original).replace(/^[A-Z]{3}\s*|\s*[A-Z]{3}$|^[$€£¥฿₹৳₫₱]\s*|\s*[$€£¥฿₹৳₫₱]$/g, '').replace(/(\d)[\s\u00a0](?=\d{3}\b)/g, '$1')
  const n = readNumber(body)
  if (n === null) return null
  return m ? { value: n, original, censored: 'below' } : { value: n, original }
}

// ---------------------------------------------------------------------------------------------------------------
// Compiling a mapping into column readers.

interface Compiled {
  readonly kind: RecordKind
  readonly readers: readonly { readonly index: number; readonly read: Reader }[]
  /** Unmapped, non-empty columns kept as extras: index → header. */
  readonly extras: readonly { readonly index: number; readonly header: string }[]
  readonly temporal: ReadonlyMap<string, Temporal>
  /** The temporal columns assemble reads, looked up once per mapping instead of in `temporal` on every row. */
  readonly times: TimeFields
  readonly headerOf: (field: string) => string
  readonly zone: string
  /** One past the highest mapped column index. */
  readonly width: number
  /** Per phone column (by header): how many values of each kind (id, short code, …) it held. */
  readonly valueKinds: ReadonlyMap<string, KindTally>
  /** The slots the readers may write: only these are cleared between rows. */
  readonly slots: Int32Array
}

interface TimeFields {
  readonly start: Temporal | undefined
  readonly startDate: Temporal | undefined
  readonly startTime: Temporal | undefined
  readonly end: Temporal | undefined
  readonly time: Temporal | undefined
  readonly date: Temporal | undefined
  readonly timeOfDay: Temporal | undefined
  readonly birthDate: Temporal | undefined
  readonly year: Temporal | undefined
}

const PHONE_KINDS: readonly PhoneKind[] = ['e164', 'short-code', 'alphanumeric', 'identifier', 'empty']
const PHONE_KIND_INDEX: ReadonlyMap<string, number> = new Map(PHONE_KINDS.map((k, i) => [k, i]))
const IDENTIFIER_KIND = PHONE_KIND_INDEX.get('identifier')!

/** Counts of a phone column's value kinds, reported in the order the kinds were first seen (as the summary always was). */
class KindTally {
  private readonly counts = new Float64Array(PHONE_KINDS.length)
  private readonly order: number[] = []

  add(kind: number): void {
    const n = this.counts[kind]!
    this.counts[kind] = n + 1
    if (n === 0) this.order.push(kind)
  }

  toRecord(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const k of this.order) out[PHONE_KINDS[k]!] = this.counts[k]!
    return out
  }
}

function issue(ctx: RowCtx, sheet: string, column: string | null, value: string, problem: string, severity: Severity, code: string): void {
  ctx.issues.push({ sheet, row: ctx.row, column, value, problem, severity, code })
  if (severity === 'error') ctx.error = true
}

const DIRECTIONS: ReadonlySet<string> = new Set(['outgoing', 'incoming', 'unknown'])
const SERVICES: ReadonlySet<string> = new Set(['call', 'sms', 'mms', 'data', 'ussd', 'unknown'])

function compile(mapping: Mapping, source: SourceInfo, watchDates: boolean, serials: boolean): Compiled {
  const spec = RECORD_KINDS.find((k) => k.kind === mapping.recordKind)
  if (!spec) throw new Error(`createRecordBuilder: unknown record kind ${mapping.recordKind}`)
  const sheet = source.sheet
  const zone = mapping.zone || 'UTC'
  const readers: { index: number; read: Reader }[] = []
  const extras: { index: number; header: string }[] = []
  const temporal = new Map<string, Temporal>()
  const headers = new Map<string, string>()
  // The memo below also keeps the PhoneValue: the normaliser's own would only double the lookups.
  const normalisePhone = createPhoneNormaliser(mapping.defaultCountry || undefined, { cacheSize: 0 })
  // What is wrong with a doubtful number, kept beside its value (rarely needed: read only when the row is reported).
  const phoneProblems = new WeakMap<PhoneValue, string>()
  // CDRs repeat a few thousand numbers millions of times; the cap keeps a file of unique numbers bounded. The tag is
  // the value's kind index times two, plus one when the number is a doubtful E.164 number (a row warning).
  const phone = createTaggedTextMemo(
    (text: string): PhoneValue => {
      const r = normalisePhone(text)
      // Keys in this order (the JSONL and the hashes of exports depend on it); literals rather than spreads, which
      // allocate two objects more per distinct number.
      const value: PhoneValue = r.e164
        ? r.country
          ? { kind: r.kind, e164: r.e164, country: r.country, original: text }
          : { kind: r.kind, e164: r.e164, original: text }
        : r.country
          ? { kind: r.kind, country: r.country, original: text }
          : { kind: r.kind, original: text }
      if (r.problem) phoneProblems.set(value, r.problem)
      // A serial, so the segment encoder finds this value's codes by index rather than by hashing it (see VALUE_SERIAL).
      return serials ? withSerial(value) : value
    },
    (value) => PHONE_KIND_INDEX.get(value.kind)! * 2 + (value.kind === 'e164' && phoneProblems.has(value) ? 1 : 0),
    200_000
  )
  const identifierValue = createTextMemo((text: string): PhoneValue => (serials ? withSerial({ kind: 'identifier', original: text }) : { kind: 'identifier', original: text }), 200_000)
  const valueKinds = new Map<string, KindTally>()
  const slots = new Set<number>()

  for (const col of mapping.columns) {
    if (!col.field) {
      extras.push({ index: col.index, header: col.header })
      continue
    }
    const field: FieldSpec | undefined = spec.fields.find((f) => f.id === col.field)
    if (!field) throw new Error(`createRecordBuilder: field ${col.field} is not a field of ${spec.kind}`)
    const id = field.id
    const slot = SLOT[id]!
    const header = col.header
    headers.set(id, header)
    const codes = col.codes
    slots.add(slot)
    switch (field.type) {
      case 'datetime':
      case 'date':
      case 'timeOfDay':
      case 'year': {
        const d = mapping.dateFormats.find((x) => x.field === id && x.column === col.index) ?? mapping.dateFormats.find((x) => x.field === id)
        if (!d) throw new Error(`createRecordBuilder: no date decision for ${id}; run decideDates first`)
        const expect = field.type === 'timeOfDay' ? 'time' : field.type === 'date' ? 'date' : 'datetime'
        temporal.set(id, { field: id, index: col.index, header, decision: d.decision, watch: watchDates ? createDateWatch(expect) : undefined, stamp: 0 })
        break
      }
      case 'phone': {
        const kinds = new KindTally()
        valueKinds.set(header, kinds)
        const asIdentifier = col.valueKind === 'identifier'
        readers.push({
          index: col.index,
          read: (cell, ctx) => {
            if (isEmptyCell(cell)) return
            const text = trimmedText(cell)
            if (asIdentifier) {
              ctx.v[slot] = identifierValue(text)
              kinds.add(IDENTIFIER_KIND)
              return
            }
            const value = phone.get(text)
            const tag = phone.tag
            ctx.v[slot] = value
            kinds.add(tag >> 1)
            // Only a doubtful phone number is a row problem; ids, short codes and sender names are counted per column.
            if (tag & 1) issue(ctx, sheet, header, text, phoneProblems.get(value)!, 'warning', 'doubtful-number')
          }
        })
        break
      }
      case 'duration': {
        slots.add(S.durationOriginal)
        const durationOpts = col.unit ? { unit: col.unit } : {}
        // Call lengths repeat (a few thousand distinct values in a million rows).
        const read = memoByCell((cell): { original: string; r: DurationResult } => ({ original: cellText(cell).trim(), r: parseDuration(cell, durationOpts) }), 20_000)
        const seconds = !col.unit
        readers.push({
          index: col.index,
          read: (cell, ctx) => {
            if (isEmptyCell(cell)) return
            if (seconds && typeof cell === 'string') {
              // Most CDRs write whole seconds: read 1–5 digits in place (parseDuration gives the same, unflagged).
              const n = plainSeconds(cell)
              if (n >= 0) {
                ctx.v[S.durationOriginal] = cell
                ctx.v[slot] = n
                return
              }
            }
            const { original, r } = read(cell!)
            ctx.v[S.durationOriginal] = original
            if (!r.ok) {
              issue(ctx, sheet, header, original, r.problem, 'warning', 'unparseable-duration')
              return
            }
            ctx.v[slot] = r.seconds
            if (r.flag === 'negative') {
              flag(ctx, 'negative-duration')
              issue(ctx, sheet, header, original, `'${original}' is a negative duration; it is kept as found and flagged`, 'warning', 'negative-duration')
            } else if (r.flag === 'absurd') {
              flag(ctx, 'absurd-duration')
              issue(ctx, sheet, header, original, `'${original}' is an implausibly long call (${r.seconds} s); it is kept as found and flagged`, 'warning', 'absurd-duration')
            }
          }
        })
        break
      }
      case 'direction':
      case 'service': {
        slots.add(S.direction).add(S.service).add(S.forwarded).add(S.directionOriginal).add(S.serviceOriginal)
        // The text as written stays beside what it was read as (MTC, SMS-MO, Voice IN, CF …).
        const originalSlot = field.type === 'direction' ? S.directionOriginal : S.serviceOriginal
        // A call-type column holds a handful of codes: a few recent texts, compared in place, spare the memo's hashing.
        const recent = codes ? null : new RecentTexts<DirectionResult>(parseDirection)
        readers.push({
          index: col.index,
          read: (cell, ctx) => {
            if (isEmptyCell(cell)) return
            const original = cellText(cell).trim()
            ctx.v[originalSlot] = original
            let d: DirectionResult
            if (recent) d = recent.get(original)
            else {
              const coded = codes?.[original] ?? codes?.[original.toLowerCase()]
              if (coded !== undefined) {
                if (DIRECTIONS.has(coded)) ctx.v[S.direction] = coded
                else if (SERVICES.has(coded)) ctx.v[S.service] = coded
                return
              }
              d = parseDirection(original)
            }
            if (field.type === 'direction' && d.direction !== 'unknown') ctx.v[S.direction] = d.direction
            if (d.kind !== 'unknown' && (field.type === 'service' || ctx.v[S.service] === undefined)) ctx.v[S.service] = d.kind
            if (d.forwarded) ctx.v[S.forwarded] = true
            const understood = d.recognised && (field.type === 'direction' ? d.direction !== 'unknown' || d.kind !== 'unknown' || d.forwarded : d.kind !== 'unknown')
            if (!understood) issue(ctx, sheet, header, original, `'${original}' is not a ${field.type === 'direction' ? 'call direction or type' : 'service'} Waymark knows; the record keeps an unknown ${field.type}`, 'warning', `unknown-${field.type}`)
          }
        })
        break
      }
      case 'movementDirection':
        slots.add(S.direction).add(S.directionOriginal)
        readers.push({
          index: col.index,
          read: (cell, ctx) => {
            if (isEmptyCell(cell)) return
            const original = cellText(cell).trim()
            const t = (codes?.[original] ?? original).toLowerCase()
            ctx.v[S.directionOriginal] = original
            // English, Thai (ขาเข้า/ขาออก), Malay/Indonesian (masuk/keluar) and Vietnamese (nhập/xuất cảnh) words.
            if (/^(entry|enter|entered|in|arrival|arrive|arrived|inbound|incoming|i|ent|arr|ขาเข้า|เข้า|masuk|kedatangan|nhập cảnh|nhập)$/.test(t)) ctx.v[S.direction] = 'entry'
            else if (/^(exit|exited|out|departure|depart|departed|outbound|outgoing|o|dep|ext|ขาออก|ออก|keluar|keberangkatan|xuất cảnh|xuất)$/.test(t)) ctx.v[S.direction] = 'exit'
            else {
              ctx.v[S.direction] = 'unknown'
              issue(ctx, sheet, header, original, `'${original}' is not entry or exit`, 'warning', 'unknown-direction')
            }
          }
        })
        break
      case 'imei': {
        // A target's handset repeats on every row.
        const read = memoByCell((cell): { r: ImeiResult; value: string } => {
          const r = parseImei(cell)
          return { r, value: r.imei ?? r.original.trim() }
        }, 50_000)
        readers.push({
          index: col.index,
          read: (cell, ctx) => {
            if (isEmptyCell(cell)) return
            const { r, value } = read(cell!)
            ctx.v[S.imei] = value
            if (r.problem) {
              if (r.kind === 'invalid' || r.luhnValid === false) flag(ctx, 'imei-invalid')
              issue(ctx, sheet, header, r.original, r.problem, 'warning', r.kind === 'invalid' ? 'invalid-imei' : 'imei-check')
            }
          }
        })
        break
      }
      case 'imsi': {
        const read = memoByCell((cell): { r: ImsiResult; value: string } => {
          const r = parseImsi(cell)
          return { r, value: r.imsi ?? r.original.trim() }
        }, 50_000)
        readers.push({
          index: col.index,
          read: (cell, ctx) => {
            if (isEmptyCell(cell)) return
            const { r, value } = read(cell!)
            ctx.v[S.imsi] = value
            if (r.problem) issue(ctx, sheet, header, r.original, r.problem, 'warning', 'invalid-imsi')
          }
        })
        break
      }
      case 'latitude':
      case 'longitude':
      case 'number': {
        const limit = field.type === 'latitude' ? 90 : field.type === 'longitude' ? 180 : Infinity
        readers.push({
          index: col.index,
          read: (cell, ctx) => {
            if (isEmptyCell(cell)) return
            const n = readNumber(cell)
            if (n === null) {
              const original = cellText(cell).trim()
              issue(ctx, sheet, header, original, `'${original}' is not a number`, 'warning', 'not-a-number')
              return
            }
            if (Math.abs(n) > limit) {
              const original = cellText(cell).trim()
              issue(ctx, sheet, header, original, `${original} is outside ±${limit}, so it cannot be a ${field.type}; left out`, 'warning', 'bad-coordinate')
              return
            }
            ctx.v[slot] = n
          }
        })
        break
      }
      case 'count':
        readers.push({
          index: col.index,
          read: (cell, ctx) => {
            if (isEmptyCell(cell)) return
            const r = readCount(cell)
            if (!r) {
              const original = cellText(cell).trim()
              issue(ctx, sheet, header, original, `'${original}' is not a number`, 'warning', 'not-a-number')
              return
            }
            ctx.v[slot] = r
          }
        })
        break
      case 'list':
        readers.push({
          index: col.index,
          read: (cell, ctx) => {
            if (isEmptyCell(cell)) return
            const parts = cellText(cell).split(/[;|\n]/).map((s) => s.trim()).filter(Boolean)
            if (parts.length) ctx.v[slot] = parts
          }
        })
        break
      case 'text':
        readers.push({
          index: col.index,
          read: (cell, ctx) => {
            if (isEmptyCell(cell)) return
            ctx.v[slot] = trimmedText(cell)
          }
        })
        break
    }
  }
  const width = mapping.columns.reduce((w, col) => Math.max(w, col.index + 1), 0)
  const times: TimeFields = {
    start: temporal.get('start'),
    startDate: temporal.get('startDate'),
    startTime: temporal.get('startTime'),
    end: temporal.get('end'),
    time: temporal.get('time'),
    date: temporal.get('date'),
    timeOfDay: temporal.get('timeOfDay'),
    birthDate: temporal.get('birthDate'),
    year: temporal.get('year')
  }
  return { kind: spec.kind, readers, extras, temporal, times, headerOf: (f) => headers.get(f) ?? f, zone, width, valueKinds, slots: Int32Array.from(slots) }
}

// ---------------------------------------------------------------------------------------------------------------
// Times.

function timeValue(r: Extract<DateTimeResult, { ok: true }>, original: string): TimeValue {
  return { utcMs: r.utcMs, zone: r.zone, explicitOffset: r.explicitOffset, original, precision: r.precision }
}

/**
 * Reads a datetime field from its own column, or from its date and time halves. Returns undefined when the
 * row has none of them; reports unreadable values with the given severity.
 */
function readTime(c: Compiled, ctx: RowCtx, sheet: string, w: Temporal | undefined, d: Temporal | undefined, t: Temporal | undefined, severity: Severity): TimeValue | undefined | null {
  if (w) {
    const cell = ctx.cells[w.index]
    if (!isEmptyCell(cell)) {
      const original = cellText(cell).trim()
      let r: DateTimeResult
      if (w.watch) {
        w.stamp = ctx.serial
        r = parseDateTimeWatched(cell, w.decision, c.zone, w.watch)
      } else r = parseDateTime(cell, w.decision, c.zone)
      if (r.ok) {
        if (w.decision.buddhistEra) flag(ctx, 'buddhist-era')
        if (r.warning) issue(ctx, sheet, w.header, original, r.warning, 'warning', 'time-note')
        return timeValue(r, original)
      }
      issue(ctx, sheet, w.header, original, r.problem, severity, 'unparseable-date')
      return null
    }
  }
  if (!d) return undefined
  const dateCell = ctx.cells[d.index]
  if (isEmptyCell(dateCell)) return undefined
  const timeCell = t ? ctx.cells[t.index] : undefined
  const original = isEmptyCell(timeCell) ? cellText(dateCell).trim() : `${cellText(dateCell).trim()} ${cellText(timeCell).trim()}`
  let r: DateTimeResult
  if (d.watch) {
    d.stamp = ctx.serial
    if (t && t.watch) {
      t.stamp = ctx.serial
      r = combineDateTimeWatched(dateCell, timeCell, d.decision, t.decision, c.zone, d.watch, t.watch)
    } else r = t ? combineDateTime(dateCell, timeCell, d.decision, t.decision, c.zone) : parseDateTimeWatched(dateCell, d.decision, c.zone, d.watch)
  } else r = t ? combineDateTime(dateCell, timeCell, d.decision, t.decision, c.zone) : parseDateTime(dateCell, d.decision, c.zone)
  if (r.ok) {
    if (d.decision.buddhistEra) flag(ctx, 'buddhist-era')
    if (r.warning) issue(ctx, sheet, d.header, original, r.warning, 'warning', 'time-note')
    return timeValue(r, original)
  }
  issue(ctx, sheet, t && !isEmptyCell(timeCell) ? `${d.header} + ${t.header}` : d.header, original, r.problem, severity, 'unparseable-date')
  return null
}

// ---------------------------------------------------------------------------------------------------------------
// Assembling each kind.

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/** Copies the defined entries only, so in-memory records have no `undefined` keys (cheap: only the rarer kinds use it). */
function defined<T>(o: Record<string, unknown>): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k]
  return o as T
}

/** A row-level requirement: when it fails, the row is rejected with this problem. (Not a closure: it runs per row.) */
function need(ctx: RowCtx, sheet: string, ok: boolean, problem: string, code: string): void {
  if (!ok) issue(ctx, sheet, null, '', problem, 'error', code)
}

function assemble(c: Compiled, ctx: RowCtx, sheet: string, provenance: Provenance): WaymarkRecord {
  const v = ctx.v
  switch (c.kind) {
    case 'call': {
      const start = readTime(c, ctx, sheet, c.times.start, c.times.startDate, c.times.startTime, 'error')
      const end = readTime(c, ctx, sheet, c.times.end, undefined, undefined, 'warning')
      const direction = (v[S.direction] as Direction | undefined) ?? 'unknown'
      let a = v[S.aParty] as PhoneValue | undefined
      let b = v[S.bParty] as PhoneValue | undefined
      const subscriber = v[S.subscriber] as PhoneValue | undefined
      let counterpart = v[S.counterpart] as PhoneValue | undefined
      // Parties are PhoneValues or undefined: tested against undefined, not for truth, which would read each object's
      // header (a cache miss per row among a hundred thousand numbers).
      const hasA = a !== undefined
      const hasB = b !== undefined
      const hasSubscriber = subscriber !== undefined
      let hasCounterpart = counterpart !== undefined
      // Beside a target column, a lone "B party" (or "A party") column is the other side, whichever way the call went.
      if (hasSubscriber && !hasCounterpart && hasA !== hasB) {
        counterpart = a ?? b
        hasCounterpart = true
        a = undefined
        b = undefined
      }
      // Target + other party layouts: who called whom follows from the direction.
      if (a === undefined && b === undefined && (hasSubscriber || hasCounterpart)) {
        if (direction === 'outgoing') {
          a = subscriber
          b = counterpart
        } else if (direction === 'incoming') {
          a = counterpart
          b = subscriber
        } else if (hasSubscriber && hasCounterpart) {
          issue(ctx, sheet, c.headerOf('direction'), '', 'the direction is unknown, so caller and receiver cannot be told apart; the target and the other party are kept', 'warning', 'unknown-caller')
        }
      }
      need(ctx, sheet, a !== undefined || b !== undefined || hasSubscriber || hasCounterpart, 'the row has no phone number or party id', 'no-party')
      if (start === undefined) need(ctx, sheet, false, 'the row has no start date/time', 'no-time')
      // One literal with a fixed shape: V8 keeps a million of these fast; absent values are undefined (JSON drops them).
      const rec: Record<string, unknown> = {
        kind: 'call',
        provenance,
        service: (v[S.service] as Service | undefined) ?? 'unknown',
        serviceOriginal: v[S.serviceOriginal],
        direction,
        directionOriginal: v[S.directionOriginal],
        aParty: a,
        bParty: b,
        subscriber,
        counterpart,
        start: start ?? undefined,
        end: end ?? undefined,
        durationSeconds: v[S.duration],
        durationOriginal: v[S.durationOriginal],
        forwarded: v[S.forwarded],
        imei: v[S.imei],
        imsi: v[S.imsi],
        cellId: v[S.cellId],
        lac: v[S.lac],
        cgi: v[S.cgi],
        endCgi: v[S.endCgi],
        siteName: v[S.siteName],
        latitude: v[S.latitude],
        longitude: v[S.longitude],
        extra: undefined,
        flags: undefined
      }
      return rec as unknown as CallRecord
    }
    case 'cellSite': {
      const cellId = str(v[S.cellId]) ?? str(v[S.cgi])
      need(ctx, sheet, !!cellId, 'the row has no cell id', 'no-cell-id')
      return defined<CellSite>({ kind: 'cellSite', provenance, cellId: cellId ?? '', lac: v[S.lac], cgi: v[S.cgi], siteName: v[S.siteName], latitude: v[S.latitude], longitude: v[S.longitude], azimuth: v[S.azimuth] })
    }
    case 'person': {
      const name = str(v[S.name]) ?? ([str(v[S.firstName]), str(v[S.lastName])].filter(Boolean).join(' ') || undefined)
      const idNumber = str(v[S.idNumber])
      need(ctx, sheet, !!(name || idNumber), 'the row has no name and no id number', 'no-identity')
      const birth = readTime(c, ctx, sheet, c.times.birthDate, undefined, undefined, 'warning')
      return defined<Person>({
        kind: 'person',
        provenance,
        name,
        aliases: v[S.aliases],
        idNumbers: idNumber ? [idNumber] : undefined,
        phone: v[S.phone],
        birthDate: birth ?? undefined,
        nationality: v[S.nationality],
        gender: v[S.gender],
        address: v[S.address]
      })
    }
    case 'transfer': {
      const time = readTime(c, ctx, sheet, c.times.time, c.times.date, c.times.timeOfDay, 'warning')
      const payer = str(v[S.payer]) ?? ([str(v[S.payerFirstName]), str(v[S.payerLastName])].filter(Boolean).join(' ') || undefined)
      need(ctx, sheet, !!(v[S.amount] || payer || v[S.beneficiary] || v[S.payerAccount] || v[S.beneficiaryAccount]), 'the row has no amount and no parties', 'no-transfer')
      if (time === undefined) issue(ctx, sheet, null, '', 'the row has no date: it will not appear on a timeline', 'warning', 'no-time')
      return defined<Transfer>({
        kind: 'transfer',
        provenance,
        time: time ?? undefined,
        payer,
        payerAccount: v[S.payerAccount],
        beneficiary: v[S.beneficiary],
        beneficiaryAccount: v[S.beneficiaryAccount],
        amount: v[S.amount],
        currency: v[S.currency],
        reference: v[S.reference],
        place: v[S.place]
      })
    }
    case 'movement': {
      const time = readTime(c, ctx, sheet, c.times.time, c.times.date, c.times.timeOfDay, 'error')
      need(ctx, sheet, !!(v[S.person] || v[S.document]), 'the row has no person and no travel document', 'no-identity')
      if (time === undefined) issue(ctx, sheet, null, '', 'the row has no date: it will not appear on a timeline', 'warning', 'no-time')
      return defined<Movement>({
        kind: 'movement',
        provenance,
        time: time ?? undefined,
        person: v[S.person],
        document: v[S.document],
        nationality: v[S.nationality],
        place: v[S.place],
        direction: v[S.direction],
        directionOriginal: v[S.directionOriginal],
        transport: v[S.transport]
      })
    }
    case 'event': {
      let time = readTime(c, ctx, sheet, c.times.time, c.times.date, c.times.timeOfDay, 'error')
      if (time === undefined) time = readTime(c, ctx, sheet, c.times.year, undefined, undefined, 'error')
      const end = readTime(c, ctx, sheet, c.times.end, undefined, undefined, 'warning')
      if (time === undefined) issue(ctx, sheet, null, '', 'the row has no date: it will not appear on a timeline', 'warning', 'no-time')
      const count = v[S.count] as NumberValue | undefined
      const words = [str(v[S.eventType]), str(v[S.description]), str(v[S.place])].filter(Boolean)
      const text = `${words.join(' · ') || 'Event'}${count ? `: ${count.original}` : ''}`
      return defined<EventRecord>({
        kind: 'event',
        provenance,
        time: time ?? undefined,
        end: end ?? undefined,
        text,
        eventType: v[S.eventType],
        parties: v[S.parties],
        place: v[S.place],
        latitude: v[S.latitude],
        longitude: v[S.longitude],
        count
      })
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------

function rowIsBlank(cells: readonly Cell[]): boolean {
  for (let i = 0; i < cells.length; i++) if (!isEmptyCell(cells[i])) return false
  return true
}

/**
 * Compiles a mapping once and builds records row by row. Every problem becomes a RowIssue: errors reject the
 * row (reported with all its values), warnings keep it. Blank rows are counted, not read.
 */
export function createRecordBuilder(mapping: Mapping, source: SourceInfo, options: BuildOptions = {}): RecordBuilder {
  const c = compile(mapping, source, options.watchDates === true, options.serials === true)
  const watched = options.watchDates === true ? [...c.temporal.values()] : []
  const sheet = source.sheet
  let read = 0
  let ok = 0
  let warned = 0
  let rejected = 0
  let blank = 0
  const issueCounts: Record<string, number> = {}
  const ctx: RowCtx = { serial: 0, row: 0, cells: [], v: new Array<unknown>(SLOT_NAMES.length).fill(undefined), flags: null, issues: [], error: false }
  const NO_ISSUES: RowIssue[] = []
  return {
    build(cells, row) {
      if (rowIsBlank(cells)) {
        blank++
        return null
      }
      read++
      ctx.serial++
      ctx.row = row
      ctx.cells = cells
      for (let k = 0; k < watched.length; k++) watched[k]!.watch!.row = row
      const v = ctx.v
      const slots = c.slots
      for (let k = 0; k < slots.length; k++) v[slots[k]!] = undefined
      ctx.flags = null
      if (ctx.issues.length) ctx.issues = []
      ctx.error = false
      const readers = c.readers
      for (let k = 0; k < readers.length; k++) {
        const r = readers[k]!
        r.read(cells[r.index], ctx)
      }
      const provenance: Provenance = { sourceSha256: source.sourceSha256, fileName: source.fileName, sheet, row }
      const record = assemble(c, ctx, sheet, provenance) as { -readonly [K in keyof WaymarkRecord]: WaymarkRecord[K] }
      // Every value of a watched column counts, also when the record did not need it (a date beside a datetime).
      for (let k = 0; k < watched.length; k++) {
        const t = watched[k]!
        if (t.stamp !== ctx.serial) watchValue(t.watch!, cells[t.index])
      }
      let extra: Record<string, string> | undefined
      for (const e of c.extras) {
        const cell = cells[e.index]
        if (isEmptyCell(cell)) continue
        if (!extra) extra = {}
        extra[e.header] = cellText(cell)
      }
      // Cells beyond the mapped width (a row with more fields than the header) are kept too, never dropped.
      for (let i = c.width; i < cells.length; i++) {
        if (isEmptyCell(cells[i])) continue
        if (!extra) extra = {}
        extra[`Column ${i + 1}`] = cellText(cells[i])
      }
      if (extra) record.extra = extra
      if (ctx.flags) record.flags = ctx.flags
      const issues = ctx.issues.length ? ctx.issues : NO_ISSUES
      for (const i of issues) {
        issueCounts[i.code] = (issueCounts[i.code] ?? 0) + 1
        options.onIssue?.(i)
      }
      if (ctx.error) {
        rejected++
        options.onRejected?.({ sheet, row, values: cells.map((x) => cellText(x)), problems: issues.filter((i) => i.severity === 'error').map((i) => (i.column ? `${i.column}: ${i.problem}` : i.problem)) })
        return null
      }
      if (issues.length) warned++
      else ok++
      return record as WaymarkRecord
    },
    summary() {
      const kinds: Record<string, Record<string, number>> = {}
      for (const [h, k] of c.valueKinds) kinds[h] = k.toRecord()
      return { read, ok, warned, rejected, blank, issueCounts: { ...issueCounts }, valueKinds: kinds }
    },
    dateWatches() {
      return watched.map((t) => ({ field: t.field, column: t.index, header: t.header, watch: t.watch! }))
    }
  }
}

export interface BuiltSheet {
  readonly records: WaymarkRecord[]
  readonly issues: RowIssue[]
  readonly rejected: RejectedRow[]
  readonly summary: ImportSummary
}

/**
 * Builds every data row of an in-memory sheet. `dataStart` is the 0-based index of the first data row;
 * `rowLines` (text files with multi-line records) gives the line each row starts on.
 */
export function buildSheetRecords(rows: readonly (readonly Cell[])[], dataStart: number, mapping: Mapping, source: SourceInfo, rowLines?: readonly number[]): BuiltSheet {
  const records: WaymarkRecord[] = []
  const issues: RowIssue[] = []
  const rejected: RejectedRow[] = []
  const builder = createRecordBuilder(mapping, source, { onIssue: (i) => issues.push(i), onRejected: (r) => rejected.push(r) })
  for (let i = dataStart; i < rows.length; i++) {
    const rec = builder.build(rows[i]!, rowLines?.[i] ?? i + 1)
    if (rec) records.push(rec)
  }
  return { records, issues, rejected, summary: builder.summary() }
}

// ---------------------------------------------------------------------------------------------------------------
// Streaming: rows arrive in batches (a 130 MB CSV is never held whole).

export interface ImportSessionOptions extends BuildOptions {
  readonly source: SourceInfo
  readonly propose: ProposeOptions
  readonly onRecord: (record: WaymarkRecord) => void
  /**
   * Called once the mapping is decided, just before the rows held while deciding are built: `building()` answers from
   * then on. (A big file's second part can start on another thread meanwhile.)
   */
  readonly onBuilding?: () => void
  /**
   * Rows read before the mapping is proposed (default 10 000). The date formats are decided from these rows, then
   * checked against every later value as its record is built: when all the values read a column differently, the
   * import stops with a problem naming the row (see checkDates).
   */
  readonly sampleRows?: number
  /** Rows held while a date column's day/month order is still open (default 200 000); beyond, only evidence is kept. */
  readonly maxBufferedRows?: number
}

export type ImportOutcome =
  | { readonly ok: true; readonly proposal: Proposal; readonly summary: ImportSummary }
  | {
      readonly ok: false
      readonly proposal: Proposal | null
      readonly problems: readonly MappingProblem[]
      /** The rows were not all kept while deciding; the values settled every question: read the file again with this mapping. */
      readonly restartWith?: Mapping
      /** Data rows seen (for messages). */
      readonly rowsSeen: number
    }

export interface ImportSession {
  /** A batch of rows in file order; `lines` gives each row's 1-based line/row number (default: running count). */
  push(rows: readonly (readonly Cell[])[], lines?: readonly number[]): void
  /**
   * Ends the session. `later` are the date watches of the rows after this session's, built elsewhere with
   * `building()`'s mapping (the second half of a big file, read by another thread): the date decisions are checked
   * against every value of both.
   */
  finish(later?: { readonly watches: readonly WatchedDateColumn[] }): ImportOutcome
  /** The mapping records are built with, once the proposal is made and building has begun; null before. */
  building(): { readonly mapping: Mapping; readonly sampleEnd: number } | null
}

/** The summary of a sheet imported in consecutive parts (each part's summary, earliest first). */
export function addSummaries(x: ImportSummary, y: ImportSummary): ImportSummary {
  const issueCounts: Record<string, number> = { ...x.issueCounts }
  for (const [k, v] of Object.entries(y.issueCounts)) issueCounts[k] = (issueCounts[k] ?? 0) + v
  const valueKinds: Record<string, Record<string, number>> = {}
  for (const part of [x.valueKinds, y.valueKinds]) {
    for (const [h, kinds] of Object.entries(part)) {
      const into = (valueKinds[h] ??= {})
      for (const [k, v] of Object.entries(kinds)) into[k] = (into[k] ?? 0) + v
    }
  }
  return { read: x.read + y.read, ok: x.ok + y.ok, warned: x.warned + y.warned, rejected: x.rejected + y.rejected, blank: x.blank + y.blank, issueCounts, valueKinds }
}

/** Date watches of consecutive parts of one sheet joined column by column (earliest part first). */
export function joinDateWatches(parts: readonly (readonly WatchedDateColumn[])[]): WatchedDateColumn[] {
  const byColumn = new Map<string, WatchedDateColumn>()
  for (const part of parts) {
    for (const w of part) {
      const key = `${w.field}|${w.column}`
      const had = byColumn.get(key)
      if (!had) {
        byColumn.set(key, w)
        continue
      }
      const tally = mergeTally(had.watch.tally, w.watch.tally)
      byColumn.set(key, { field: had.field, column: had.column, header: had.header, watch: { expect: had.watch.expect, row: 0, seen: () => tally.total, tally } })
    }
  }
  return [...byColumn.values()]
}

/** Key that keeps one value per date shape and per "first/second number above 12": enough evidence for the order. */
function evidenceKey(text: string): string {
  const m = /(\d+)\D+(\d+)/.exec(text)
  const a = m ? Number(m[1]) > 12 : false
  const b = m ? Number(m[2]) > 12 : false
  return `${text.replace(/\d/g, '9')}|${a ? 1 : 0}${b ? 1 : 0}`
}

/**
 * Rows held while the mapping is decided, kept compactly. Each pushed batch of all-text rows becomes one string of
 * its cells end to end plus their end offsets: 100 000 held rows are then a few large objects, which the garbage
 * collector neither copies nor walks, instead of a million small arrays and strings it copies again and again
 * (that copying cost more than building the records). Rows with a cell that is not text (spreadsheet numbers,
 * booleans, empty slots) are kept as they are. `row(i)` gives back an array with the same cells.
 */
class RowStore implements RowSource {
  private batches: { first: number; text: string; ends: Int32Array; rowEnds: Int32Array; kept: Map<number, readonly Cell[]> | null }[] = []
  private last = 0
  length = 0

  push(rows: readonly (readonly Cell[])[], from: number, to: number): void {
    if (to <= from) return
    let cells = 0
    for (let i = from; i < to; i++) cells += rows[i]!.length
    const parts: string[] = []
    const ends = new Int32Array(cells)
    const rowEnds = new Int32Array(to - from)
    let kept: Map<number, readonly Cell[]> | null = null
    let pos = 0
    let k = 0
    for (let i = from; i < to; i++) {
      const row = rows[i]!
      let text = true
      for (let c = 0; c < row.length; c++) {
        if (typeof row[c] !== 'string') {
          text = false
          break
        }
      }
      if (!text) {
        ;(kept ??= new Map()).set(i - from, row)
      } else {
        for (let c = 0; c < row.length; c++) {
          const cell = row[c] as string
          parts.push(cell)
          pos += cell.length
          ends[k++] = pos
        }
      }
      rowEnds[i - from] = k
    }
    this.batches.push({ first: this.length, text: parts.join(''), ends, rowEnds, kept })
    this.length += to - from
  }

  /** The batch holding row i (rows are mostly read in order: the last one found is tried first). */
  private batchOf(i: number): number {
    const bs = this.batches
    let b = this.last
    const at = bs[b]
    if (at === undefined || i < at.first || (b + 1 < bs.length && i >= bs[b + 1]!.first)) {
      let lo = 0
      let hi = bs.length - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if (bs[mid]!.first <= i) lo = mid
        else hi = mid - 1
      }
      b = lo
      this.last = b
    }
    return b
  }

  row(i: number): readonly Cell[] {
    if (i < 0 || i >= this.length) throw new Error(`RowStore: no row ${i}`)
    const b = this.batches[this.batchOf(i)]!
    const j = i - b.first
    const kept = b.kept?.get(j)
    if (kept) return kept
    const start = j === 0 ? 0 : b.rowEnds[j - 1]!
    const end = b.rowEnds[j]!
    const out = new Array<Cell>(end - start)
    for (let k = start; k < end; k++) out[k - start] = b.text.slice(k === 0 ? 0 : b.ends[k - 1]!, b.ends[k]!)
    return out
  }

  cell(i: number, col: number): Cell | undefined {
    if (i < 0 || i >= this.length) throw new Error(`RowStore: no row ${i}`)
    const b = this.batches[this.batchOf(i)]!
    const j = i - b.first
    const kept = b.kept?.get(j)
    if (kept) return kept[col]
    const k = (j === 0 ? 0 : b.rowEnds[j - 1]!) + col
    if (col < 0 || k >= b.rowEnds[j]!) return undefined
    return b.text.slice(k === 0 ? 0 : b.ends[k - 1]!, b.ends[k]!)
  }

  /** Keeps the first n rows. */
  truncate(n: number): void {
    if (n >= this.length) return
    this.batches = this.batches.filter((b) => b.first < n)
    this.last = 0
    this.length = n
  }

  clear(): void {
    this.batches = []
    this.last = 0
    this.length = 0
  }
}

function isBlankCells(row: readonly Cell[]): boolean {
  for (const c of row) if (cellText(c).trim() !== '') return false
  return true
}

/**
 * Takes each date decision again from every value the builder read, with the options the proposal used. When a
 * column reads the same way (same order, era, kind…), the proposal keeps the decision from all values (its counts
 * and notes cover the whole file). When it does not, the records already built may be wrong: the outcome is a
 * problem that names the column and the first later row that changed it. Decisions taken from a saved mapping or
 * template are the analyst's, not the values', and are not re-taken.
 */
export function checkDates(p: Proposal, builder: RecordBuilder, propose: ProposeOptions, sampleEnd: number): { proposal: Proposal; problems: MappingProblem[] } {
  const problems: MappingProblem[] = []
  let changed = false
  const dateFormats = p.mapping.dateFormats.map((df) => {
    const w = builder.dateWatches().find((x) => x.field === df.field && x.column === df.column)
    if (!w || df.decision.decidedBy === 'template') return df
    const given = propose.mapping?.dateFormats.find((d) => d.field === df.field && d.column === df.column)
    const { opts, chosen, prior } = dateDecisionOptions(df.field, df.header, w.watch.expect, given, propose, p.mapping.defaultCountry)
    if (prior) return df
    let full = decideWatched(w.watch, opts)
    if (chosen && full.ambiguous) full = withChoice(full, chosen)
    if (!sameReading(df.decision, full)) {
      const why = explainChange(df.decision, full, w.watch, sampleEnd)
      const at = `row ${why.row.toLocaleString('en')}${why.value ? ` has '${why.value}', which ${why.what}` : ` ${why.what}`}`
      if (full.ambiguous) {
        problems.push({
          code: 'ambiguous-date',
          field: df.field,
          column: df.column,
          header: df.header,
          candidates: full.candidates,
          example: why.value,
          message: `Column "${df.header}" was read as ${df.decision.pattern} from its first rows, but ${at}: so the column holds dates that only fit day/month and others that only fit month/day, and the rows read so far may be wrong. Choose the order: --date-format ${df.field}=dmy or --date-format ${df.field}=mdy.`
        })
      } else {
        problems.push({
          code: 'date-format-changed',
          field: df.field,
          column: df.column,
          header: df.header,
          message: `Column "${df.header}" was read as ${df.decision.pattern} from its first rows, but ${at}; all its values read as ${full.pattern}${full.buddhistEra !== df.decision.buddhistEra ? (full.buddhistEra ? ' with Buddhist-Era years' : ' without Buddhist-Era years') : ''}, so the rows read so far may be wrong. Import the file with this column's date format set in a mapping file (--mapping), or split the file where its date format changes.`
        })
      }
      return df
    }
    changed = true
    return { ...df, decision: full }
  })
  if (problems.length || !changed) return { proposal: p, problems }
  // The date notes are the proposal's last notices (proposeMapping adds them last): replace them with all values' notes.
  const oldNotes = p.mapping.dateFormats.reduce((n, d) => n + d.decision.warnings.length, 0)
  const notices = [...p.notices.slice(0, p.notices.length - oldNotes), ...dateFormats.flatMap((d) => d.decision.warnings.map((w) => `${d.header}: ${w}`))]
  return { proposal: { ...p, mapping: { ...p.mapping, dateFormats }, notices }, problems }
}

/**
 * Proposes the mapping from the first rows, then builds records as rows stream in. While a date column's
 * order is open it keeps reading (all values decide); if it is still open at the end, the outcome says which
 * column needs `--date-format`. Rows are never dropped: they are records, rejected rows or counted blanks.
 */
export function createImportSession(options: ImportSessionOptions): ImportSession {
  const sampleRows = options.sampleRows ?? 10_000
  const maxBuffered = options.maxBufferedRows ?? 200_000
  const store = new RowStore()
  let lines: number[] = []
  let seen = 0
  let nextTry = sampleRows
  let proposal: Proposal | null = null
  let builder: RecordBuilder | null = null
  let failed: MappingProblem[] | null = null
  // Evidence mode: the buffer overflowed while an order was open.
  let evidence: Map<number, Map<string, Cell>> | null = null

  // The last row of the rows the proposal was made from (later rows are checked against its date decisions).
  let sampleEnd = 0
  const startBuilding = (p: Proposal): void => {
    proposal = p
    sampleEnd = store.length > 0 ? lines[store.length - 1]! : 0
    builder = createRecordBuilder(p.mapping, options.source, { ...options, watchDates: true })
    options.onBuilding?.()
    for (let i = p.header.dataStart; i < store.length; i++) {
      const rec = builder.build(store.row(i), lines[i]!)
      if (rec) options.onRecord(rec)
    }
    store.clear()
    lines = []
  }
  const tryPropose = (final: boolean): void => {
    // The header and the content sample come from the first rows; the date formats from every row held.
    const prefix: (readonly Cell[])[] = []
    const rowAt = (i: number): readonly Cell[] => (prefix[i] ??= store.row(i))
    const n = proposalPrefixLength(store.length, (i) => isBlankCells(rowAt(i)), options.propose)
    for (let i = 0; i < n; i++) rowAt(i)
    const p = proposeMapping(prefix, options.propose, store)
    const blocking = p.problems.filter((x) => x.code !== 'ambiguous-date')
    if (blocking.length) {
      proposal = p
      failed = [...p.problems]
      store.clear()
      lines = []
      return
    }
    if (p.problems.length === 0) {
      startBuilding(p)
      return
    }
    proposal = p
    if (final) {
      failed = [...p.problems]
      return
    }
    if (store.length >= maxBuffered) {
      evidence = new Map()
      for (const prob of p.problems) if (prob.code === 'ambiguous-date') evidence.set(prob.column, new Map())
      store.truncate(Math.min(store.length, sampleRows))
      lines = lines.slice(0, store.length)
    }
    nextTry = store.length * 2
  }

  return {
    push(rows, rowLines) {
      let k = 0
      while (k < rows.length) {
        if (builder) {
          for (; k < rows.length; k++) {
            seen++
            const rec = builder.build(rows[k]!, rowLines?.[k] ?? seen)
            if (rec) options.onRecord(rec)
          }
          return
        }
        if (failed) {
          seen += rows.length - k
          return
        }
        if (evidence) {
          for (; k < rows.length; k++) {
            seen++
            const row = rows[k]!
            for (const [col, keep] of evidence) {
              const cell = row[col]
              const t = cellText(cell).trim()
              if (t === '') continue
              const key = evidenceKey(t)
              if (!keep.has(key)) keep.set(key, cell ?? null)
            }
          }
          return
        }
        // Hold rows up to the next attempt at a proposal, then try (which may start building mid-batch).
        const take = Math.min(rows.length - k, Math.max(1, nextTry - store.length))
        store.push(rows, k, k + take)
        for (let j = k; j < k + take; j++) {
          seen++
          lines.push(rowLines?.[j] ?? seen)
        }
        k += take
        if (store.length >= nextTry) tryPropose(false)
      }
    },
    building() {
      return builder && proposal ? { mapping: (proposal as Proposal).mapping, sampleEnd } : null
    },
    finish(later) {
      if (!builder && !failed && !evidence) tryPropose(true)
      if (evidence && proposal) {
        // Decide again from the rows kept plus one value of every shape seen since: same answer as all values.
        const p: Proposal = proposal
        const extraRows: Cell[][] = []
        for (const [col, keep] of evidence) for (const cell of keep.values()) {
          const r: Cell[] = []
          r[col] = cell
          extraRows.push(r)
        }
        const held = store.length
        const rows: RowSource = { length: held + extraRows.length, cell: (i, col) => (i < held ? store.cell(i, col) : extraRows[i - held]![col]) }
        const decided = decideDates(rows, p.header.dataStart, p.mapping, {
          ...(p.mapping.defaultCountry ? { country: p.mapping.defaultCountry } : {}),
          ...(options.propose.dateOrders ? { dateOrders: options.propose.dateOrders } : {}),
          ...(options.propose.excel1904 ? { excel1904: true } : {})
        })
        if (decided.problems.length) return { ok: false, proposal: p, problems: decided.problems, rowsSeen: seen }
        return { ok: false, proposal: p, problems: [], restartWith: { ...p.mapping, dateFormats: decided.dateFormats }, rowsSeen: seen }
      }
      if (failed || !builder || !proposal) return { ok: false, proposal, problems: failed ?? [], rowsSeen: seen }
      const built: RecordBuilder = builder
      const watched = later ? { ...built, dateWatches: () => joinDateWatches([built.dateWatches(), later.watches]) } : built
      const checked = checkDates(proposal, watched, options.propose, sampleEnd)
      if (checked.problems.length) return { ok: false, proposal: checked.proposal, problems: checked.problems, rowsSeen: seen }
      return { ok: true, proposal: checked.proposal, summary: (builder as RecordBuilder).summary() }
    }
  }
}
