// Proposes a mapping for a sheet: header row, record kind, column → field with confidences, date formats and zone.
import type { Cell, MergeRange } from '../model/rawTable'
import type { RecordKind } from '../model/records'
import {
  MAPPING_VERSION,
  RECORD_KINDS,
  type ColumnMapping,
  type DateFormatDecision,
  type FieldSpec,
  type Mapping,
  type RecordKindSpec
} from '../model/mapping'
import { matchAlias, normaliseHeader } from './aliases'
import { decideDateFormat, withChoice, type DateDecision, type DecideOptions } from './dates'
import { cellText, classifyCell, detectHeader, headerAt, type HeaderDetection } from './headers'
import { looksLikeImei, looksLikeImsi, parseImsi } from './identifiers'
import { BUILT_IN_TEMPLATES, applyTemplate, matchTemplate, templateFromMapping, type MappingTemplate, type TemplateMatch } from './templates'
import { countryHasSeveralOffsets, defaultZoneForCountry, isValidZone } from './zones'
import { toAsciiDigits } from './digits'

export interface ProposeOptions {
  /** Sheet name (the file name without extension for CSV). */
  readonly sheet: string
  readonly merges?: readonly MergeRange[]
  /** The source's IANA zone, when the analyst knows it: wins over everything but offsets written in the data. */
  readonly zone?: string
  /** ISO 3166-1 alpha-2 of the operator/agency: default zone and the country of national-format numbers. */
  readonly country?: string
  /** Day/month order chosen by the analyst, keyed by field id (`start`) or header (`Call Date`). */
  readonly dateOrders?: Readonly<Record<string, 'dmy' | 'mdy'>>
  /** Saved templates to propose when the headers match (the built-in layouts are always considered). */
  readonly templates?: readonly MappingTemplate[]
  /** Force a record kind instead of choosing the best-covered one. */
  readonly recordKind?: RecordKind
  /** A complete mapping (from a file or a template the analyst picked): only date formats still open are decided. */
  readonly mapping?: Mapping
  /** Workbook uses the 1904 date system. */
  readonly excel1904?: boolean
  /** How many data rows to profile for content (all rows are used for date formats). Default 2000. */
  readonly sampleRows?: number
}

/** Something that stops the import until the analyst decides (the CLI exits 2 and says what to pass). */
export type MappingProblem =
  | { readonly code: 'ambiguous-date'; readonly field: string; readonly column: number; readonly header: string; readonly candidates: readonly string[]; readonly example: string; readonly message: string }
  | { readonly code: 'missing-fields'; readonly missing: readonly string[]; readonly message: string }
  | { readonly code: 'no-data'; readonly message: string }
  | { readonly code: 'bad-zone'; readonly message: string }
  | { readonly code: 'bad-mapping'; readonly message: string }
  /** A streaming import decided a column's format from its first rows, and a later value reads it another way. */
  | { readonly code: 'date-format-changed'; readonly field: string; readonly column: number; readonly header: string; readonly message: string }

export interface KindScore {
  readonly kind: RecordKind
  readonly score: number
  readonly coverage: number
  readonly missing: readonly string[]
}

export interface Proposal {
  readonly mapping: Mapping
  readonly header: HeaderDetection
  readonly template: TemplateMatch | null
  readonly kindScores: readonly KindScore[]
  /** Things the analyst should read (Buddhist Era converted, zone guessed from the data, unread values…). */
  readonly notices: readonly string[]
  /** Non-empty: the mapping cannot be used as it is. */
  readonly problems: readonly MappingProblem[]
  /** Country inferred from the data (IMSI MCC, international numbers), when none was given. */
  readonly inferredCountry?: string
}

// ---------------------------------------------------------------------------------------------------------------
// Column profiles: what the values of a column look like.

export interface ColumnProfile {
  readonly nonEmpty: number
  readonly distinct: number
  readonly numberShare: number
  readonly integerShare: number
  readonly phoneShare: number
  readonly imeiShare: number
  readonly imsiShare: number
  /** Share of values with a decimal point and 3+ decimals within ±180. */
  readonly coordShare: number
  readonly maxAbs: number
  /** Share of values that are numbers within ±90 / ±180 (coordinates). */
  readonly within90Share: number
  readonly within180Share: number
  readonly minValue: number
  readonly maxValue: number
  readonly durationShare: number
  /** 'datetime' | 'date' | 'time' when the date normaliser reads at least half the values; null otherwise. */
  readonly temporal: 'datetime' | 'date' | 'time' | null
  readonly temporalKind: string | null
  /** Share of values the date normaliser reads (a header alias is enough with 50%; content alone needs 90%). */
  readonly temporalShare: number
  readonly yearShare: number
  readonly textShare: number
  readonly directionShare: number
  readonly serviceShare: number
  readonly countedShare: number
  readonly samples: readonly string[]
}

const INT_RE = /^[+-]?\d+$/
const NUM_RE = /^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/
const COORD_RE = /^[+-]?\d{1,3}\.\d{3,}$/
const CLOCK_DURATION_RE = /^\d{1,3}:[0-5]\d(?::[0-5]\d)?$/
const COUNT_RE = /^(?:[<>]=?\s*)?\d{1,3}(?:,\d{3})*(?:\.\d+)?$|^(?:[<>]=?\s*)?\d+(?:\.\d+)?$/

// Codes seen in direction/call-type columns (operators, bandicoot, D4D); content evidence only.
const DIRECTION_WORDS = new Set([
  'in', 'out', 'incoming', 'outgoing', 'inbound', 'outbound', 'mo', 'mt', 'moc', 'mtc', 'smo', 'smt', 'sms-mo', 'sms-mt', 'sms mo', 'sms mt',
  'smsmo', 'smsmt', 'mo sms', 'mt sms', 'mo-sms', 'mt-sms', 'in sms', 'out sms', 'sms in', 'sms out', 'call in', 'call out', 'in call', 'out call',
  'incoming call', 'outgoing call', 'incoming sms', 'outgoing sms', 'voice in', 'voice out', 'voice mo', 'voice mt', 'cfw', 'call forward',
  'forwarded', 'roam', 'gprs', 'data', 'o', 'i', 'mo_call', 'mt_call', 'mo_sms', 'mt_sms'
])
const SERVICE_WORDS = new Set(['call', 'text', 'sms', 'mms', 'voice', 'data', 'gprs', 'ussd', 'video', 'video call', 'internet', 'tel', 'telephony'])

function phoneLike(text: string): boolean {
  // A decimal number (3557.29) is a measurement, not a phone number written with dots.
  if (/^[+-]?\d+\.\d+$/.test(text)) return false
  const t = text.replace(/[\s().-]/g, '')
  return /^(?:\+|00)?\d{7,15}$/.test(t)
}

// What one value says about its column (profileColumn counts these), as bits of ValueTraits.bits.
const T_NUMBER = 1
const T_FINITE = 2
const T_INTEGER = 4
const T_DURATION = 8
const T_YEAR = 16
const T_COORD = 32
const T_COUNTED = 64
const T_PHONE = 128
const T_IMEI = 256
const T_IMSI = 512
const T_TEXT = 1024
const T_DIRECTION = 2048
const T_SERVICE = 4096

interface ValueTraits {
  readonly bits: number
  /** The number, when T_FINITE. */
  readonly n: number
}

/** The traits of one non-empty cell `v`, whose trimmed text with ASCII digits is `t`. */
function valueTraits(v: Cell, t: string): ValueTraits {
  let bits = 0
  let n = 0
  const lower = t.toLowerCase()
  const isNum = typeof v === 'number' || NUM_RE.test(t)
  if (isNum) {
    bits |= T_NUMBER
    n = typeof v === 'number' ? v : Number(t.replace(/,/g, ''))
    if (Number.isFinite(n)) bits |= T_FINITE
    if (typeof v === 'number' ? Number.isInteger(v) : INT_RE.test(t)) {
      bits |= T_INTEGER
      if (n >= -86_400 && n <= 86_400 * 7) bits |= T_DURATION
      if (n >= 1800 && n <= 2599 && t.length === 4) bits |= T_YEAR
    }
    if (COORD_RE.test(t) && Math.abs(n) <= 180) bits |= T_COORD
  } else if (CLOCK_DURATION_RE.test(t)) bits |= T_DURATION
  if (COUNT_RE.test(t)) bits |= T_COUNTED
  if (phoneLike(t)) bits |= T_PHONE
  if (looksLikeImei(t)) bits |= T_IMEI
  if (looksLikeImsi(t)) bits |= T_IMSI
  if (classifyCell(v) === 'text') bits |= T_TEXT
  if (DIRECTION_WORDS.has(lower)) bits |= T_DIRECTION
  if (SERVICE_WORDS.has(lower)) bits |= T_SERVICE
  return { bits, n: bits & T_FINITE ? n : 0 }
}

export function profileColumn(values: readonly Cell[], options: { excel1904?: boolean; country?: string } = {}): ColumnProfile {
  let nonEmpty = 0
  let numbers = 0
  let integers = 0
  let phones = 0
  let imeis = 0
  let imsis = 0
  let coords = 0
  let durations = 0
  let years = 0
  let texts = 0
  let directions = 0
  let services = 0
  let counted = 0
  let maxAbs = 0
  let within90 = 0
  let within180 = 0
  let minValue = Infinity
  let maxValue = -Infinity
  const distinct = new Set<string>()
  const samples: string[] = []
  const filled: Cell[] = []
  // Columns repeat their values (handsets, call types, sites, call lengths): each distinct text is judged once.
  const judged = new Map<string, ValueTraits>()
  for (const v of values) {
    const raw = cellText(v).trim()
    if (raw === '') continue
    const t = toAsciiDigits(raw)
    nonEmpty++
    filled.push(v)
    if (distinct.size < 10_000) distinct.add(t)
    if (samples.length < 5 && !samples.includes(raw)) samples.push(raw)
    let f: ValueTraits | undefined
    if (typeof v === 'string') {
      f = judged.get(v)
      if (f === undefined) {
        f = valueTraits(v, t)
        judged.set(v, f)
      }
    } else f = valueTraits(v, t)
    const bits = f.bits
    if (bits & T_NUMBER) {
      numbers++
      if (bits & T_FINITE) {
        const n = f.n
        maxAbs = Math.max(maxAbs, Math.abs(n))
        if (Math.abs(n) <= 90) within90++
        if (Math.abs(n) <= 180) within180++
        minValue = Math.min(minValue, n)
        maxValue = Math.max(maxValue, n)
      }
      if (bits & T_INTEGER) integers++
    }
    if (bits & T_DURATION) durations++
    if (bits & T_YEAR) years++
    if (bits & T_COORD) coords++
    if (bits & T_COUNTED) counted++
    if (bits & T_PHONE) phones++
    if (bits & T_IMEI) imeis++
    if (bits & T_IMSI) imsis++
    if (bits & T_TEXT) texts++
    if (bits & T_DIRECTION) directions++
    if (bits & T_SERVICE) services++
  }
  const share = (n: number): number => (nonEmpty ? n / nonEmpty : 0)
  let temporal: ColumnProfile['temporal'] = null
  let temporalKind: string | null = null
  let temporalShare = 0
  // Reading dates is the costly part of a profile: only for columns whose first values look like dates or numbers.
  let dateLike = 0
  const probe = Math.min(filled.length, 200)
  for (let i = 0; i < probe; i++) {
    const cls = classifyCell(filled[i])
    if (cls === 'date' || cls === 'number' || /\d/.test(cellText(filled[i]))) dateLike++
  }
  if (nonEmpty > 0 && dateLike >= probe * 0.5) {
    const d = decideDateFormat(filled, { excel1904: options.excel1904 === true, ...(options.country ? { country: options.country } : {}) })
    const readable = d.total ? d.recognised / d.total : 0
    temporalShare = readable
    // Bare numbers read as serial days, Unix times or years only count when a header says so (see assign).
    const written = d.kind === 'iso' || d.kind === 'ymd' || d.kind === 'day-month' || d.kind === 'compact' || d.kind === 'month-name' || d.kind === 'time'
    if (readable >= 0.5 && d.kind !== 'unknown') {
      temporalKind = d.kind
      if (written) temporal = d.kind === 'time' ? 'time' : /[Hh]/.test(d.pattern) ? 'datetime' : 'date'
    }
  }
  return {
    nonEmpty,
    distinct: distinct.size,
    numberShare: share(numbers),
    integerShare: share(integers),
    phoneShare: share(phones),
    imeiShare: share(imeis),
    imsiShare: share(imsis),
    coordShare: share(coords),
    maxAbs,
    within90Share: share(within90),
    within180Share: share(within180),
    minValue: Number.isFinite(minValue) ? minValue : 0,
    maxValue: Number.isFinite(maxValue) ? maxValue : 0,
    durationShare: share(durations),
    temporal,
    temporalKind,
    temporalShare,
    yearShare: share(years),
    textShare: share(texts),
    directionShare: share(directions),
    serviceShare: share(services),
    countedShare: share(counted),
    samples
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Assigning columns to the fields of one record kind.

interface Assigned {
  field: string
  confidence: number
  reason: string
}

const TEMPORAL_TYPES = new Set(['datetime', 'date', 'timeOfDay'])

/** The datetime field of a kind's date/time family, and its date and time halves. */
function temporalFamily(spec: RecordKindSpec, field: FieldSpec): { whole: string; date?: string; time?: string } | null {
  if (!TEMPORAL_TYPES.has(field.type)) return null
  const whole = field.partOf ?? field.id
  const date = spec.fields.find((f) => f.partOf === whole && f.type === 'date')?.id
  const time = spec.fields.find((f) => f.partOf === whole && f.type === 'timeOfDay')?.id
  return { whole, ...(date ? { date } : {}), ...(time ? { time } : {}) }
}

/** How well a column's values fit a field type: 1 good, 0.5 unknown (empty column), 0 contradicted. */
function contentFit(field: FieldSpec, p: ColumnProfile, hasHeaderAlias: boolean): number {
  if (p.nonEmpty === 0) return 0.5
  switch (field.type) {
    case 'phone':
      // Identifiers that are not phone numbers (VAST's 0..399, hashed MSISDNs) are still parties when the header says so.
      return p.phoneShare >= 0.5 || (hasHeaderAlias && (p.integerShare >= 0.9 || p.textShare >= 0.5 || p.numberShare >= 0.9)) ? 1 : p.textShare > 0.5 ? 0.3 : 0.6
    case 'datetime':
    case 'date':
    case 'timeOfDay':
      if (p.temporal) return 1
      if (hasHeaderAlias && p.temporalKind) return 0.8
      return 0
    case 'year':
      return p.yearShare >= 0.9 ? 1 : 0
    case 'duration':
      return p.durationShare >= 0.9 ? 1 : p.temporal === 'time' ? 0.7 : 0
    case 'imei':
      return p.imeiShare >= 0.5 ? 1 : p.integerShare >= 0.9 ? 0.7 : 0.3
    case 'imsi':
      return p.imsiShare >= 0.5 ? 1 : p.integerShare >= 0.9 ? 0.7 : 0.3
    case 'latitude':
      // A few out-of-range values are reported per row; a column of them is not latitude.
      return p.within90Share >= 0.8 ? 1 : 0
    case 'longitude':
      return p.within180Share >= 0.8 ? 1 : 0
    case 'number':
      return p.numberShare >= 0.9 ? 1 : 0.2
    case 'count':
      return p.countedShare >= 0.8 ? 1 : 0.3
    case 'direction':
    case 'service':
    case 'movementDirection':
    case 'text':
    case 'list':
      return 1
  }
}

interface KindAssignment {
  readonly spec: RecordKindSpec
  readonly byColumn: Map<number, Assigned>
  readonly score: number
  readonly coverage: number
  readonly missing: string[]
}

function assignKind(spec: RecordKindSpec, names: readonly string[], hasHeader: boolean, profiles: readonly ColumnProfile[]): KindAssignment {
  const byColumn = new Map<number, Assigned>()
  const byField = new Map<string, number>()
  const take = (c: number, a: Assigned): void => {
    const prev = byField.get(a.field)
    if (prev !== undefined) {
      const old = byColumn.get(prev)!
      if (old.confidence >= a.confidence) return
      byColumn.delete(prev)
    }
    byColumn.set(c, a)
    byField.set(a.field, c)
  }
  const fieldById = new Map(spec.fields.map((f) => [f.id, f]))

  // 1. Header aliases, checked against the values.
  if (hasHeader) {
    for (let c = 0; c < names.length; c++) {
      const m = matchAlias(spec.kind, names[c]!)
      if (!m) continue
      let field = fieldById.get(m.field)
      if (!field) continue
      const p = profiles[c]!
      const family = temporalFamily(spec, field)
      let how = ''
      if (family && p.temporal) {
        // The values decide which half of a date/time family the column is ("Start Time" may hold dates too).
        const target = p.temporal === 'time' ? family.time : p.temporal === 'date' ? family.date ?? family.whole : family.whole
        if (target && target !== field.id) {
          field = fieldById.get(target) ?? field
          how = ` (its values are ${p.temporal === 'time' ? 'times of day' : p.temporal === 'date' ? 'dates without times' : 'dates with times'})`
        }
      }
      const fit = contentFit(field, p, true)
      if (fit === 0) continue
      const conf = Math.round(m.confidence * (fit >= 1 ? 1 : fit) * 100) / 100
      const quoted = `"${names[c]}"`
      take(c, { field: field.id, confidence: conf, reason: `${m.exact ? 'header' : 'header contains'} ${quoted}${m.exact ? ' is a name for' : ` "${m.alias}", a name for`} ${field.label}${how}` })
    }
  }

  // 2. Content, for the columns and fields still free.
  const free = (field: string): boolean => fieldById.has(field) && !byField.has(field)
  const unassigned = (): number[] => profiles.map((_, c) => c).filter((c) => !byColumn.has(c) && profiles[c]!.nonEmpty > 0)
  const byContent = (c: number, field: string, confidence: number, why: string): void => {
    if (!free(field) || byColumn.has(c)) return
    take(c, { field, confidence, reason: why })
  }
  for (const c of unassigned()) {
    const p = profiles[c]!
    if (p.imeiShare >= 0.9) byContent(c, 'imei', 0.8, 'its values are 15-digit numbers that pass the IMEI check digit')
    else if (p.imsiShare >= 0.9) byContent(c, 'imsi', 0.8, 'its values are 15-digit numbers starting with a mobile country code (IMSI)')
  }
  for (const c of unassigned()) {
    const p = profiles[c]!
    if (!p.temporal || p.temporalShare < 0.9) continue
    for (const f of spec.fields) {
      const family = temporalFamily(spec, f)
      if (!family || f.id !== family.whole) continue
      const target = p.temporal === 'time' ? family.time : p.temporal === 'date' ? family.date ?? family.whole : family.whole
      if (target && free(target) && !byField.has(family.whole)) {
        byContent(c, target, 0.7, `its values read as ${p.temporal === 'time' ? 'times of day' : p.temporal === 'date' ? 'dates' : 'dates with times'}`)
        break
      }
    }
  }
  if (spec.kind === 'call') {
    const phoneCols = unassigned().filter((c) => profiles[c]!.phoneShare >= 0.8 && profiles[c]!.temporal === null && profiles[c]!.imeiShare < 0.5)
    const partiesFree = free('aParty') && free('bParty') && free('subscriber') && free('counterpart')
    if (partiesFree && phoneCols.length >= 2) {
      const [c1, c2] = phoneCols as [number, number]
      const p1 = profiles[c1]!
      const p2 = profiles[c2]!
      // One number on (nearly) every row is the target whose records these are; the other side varies.
      if (p1.distinct <= 2 && p2.distinct > 2) {
        byContent(c1, 'subscriber', 0.6, 'phone numbers, the same on almost every row: the target')
        byContent(c2, 'counterpart', 0.6, 'phone numbers that vary: the other party')
      } else {
        byContent(c1, 'aParty', 0.5, 'the first column of phone numbers')
        byContent(c2, 'bParty', 0.5, 'the second column of phone numbers')
      }
    } else if (partiesFree && phoneCols.length === 1) {
      byContent(phoneCols[0]!, 'counterpart', 0.4, 'the only column of phone numbers')
    }
    for (const c of unassigned()) {
      const p = profiles[c]!
      if (p.directionShare >= 0.9) byContent(c, 'direction', 0.6, 'its values are call-direction codes (MO/MT, in/out)')
      else if (p.serviceShare >= 0.9) byContent(c, 'service', 0.6, 'its values are service names (call, SMS, data)')
    }
    if (!hasHeader) {
      // Without a header, a column of whole seconds next to the time is the usual duration.
      for (const c of unassigned()) {
        const p = profiles[c]!
        if (p.integerShare >= 0.9 && p.durationShare >= 0.95 && p.minValue >= 0 && p.phoneShare < 0.5) {
          byContent(c, 'duration', 0.35, 'whole numbers of plausible call lengths (no header to confirm)')
          break
        }
      }
    }
  }
  if (!hasHeader && fieldById.has('latitude') && fieldById.has('longitude')) {
    const coordCols = unassigned().filter((c) => profiles[c]!.coordShare >= 0.9)
    if (coordCols.length >= 2) {
      const [c1, c2] = coordCols as [number, number]
      const firstIsLon = profiles[c1]!.maxAbs > 90 && profiles[c2]!.maxAbs <= 90
      byContent(c1, firstIsLon ? 'longitude' : 'latitude', firstIsLon ? 0.6 : 0.3, firstIsLon ? 'decimal degrees beyond ±90: longitude' : 'decimal degrees (latitude assumed first; check)')
      byContent(c2, firstIsLon ? 'latitude' : 'longitude', firstIsLon ? 0.6 : 0.3, firstIsLon ? 'decimal degrees within ±90 next to the longitude' : 'decimal degrees (longitude assumed second; check)')
    }
  }

  // Beside a target column, a lone "B party" column is the other party, whichever way the call went.
  if (spec.kind === 'call' && byField.has('subscriber') && !byField.has('counterpart') && byField.has('aParty') !== byField.has('bParty')) {
    const lone = byField.has('aParty') ? 'aParty' : 'bParty'
    const c = byField.get(lone)!
    const a = byColumn.get(c)!
    byColumn.set(c, { ...a, field: 'counterpart', reason: `${a.reason}; beside a target column it is the other party (the call direction says who called)` })
    byField.delete(lone)
    byField.set('counterpart', c)
  }

  // 3. Score: required groups covered, then confidence, then the kind's priority.
  const missing: string[] = []
  let covered = 0
  for (const group of spec.required) {
    if (group.some((f) => byField.has(f))) covered++
    else missing.push(group.map((f) => fieldById.get(f)?.label ?? f).join(' or '))
  }
  const coverage = spec.required.length ? covered / spec.required.length : 1
  let confSum = 0
  for (const a of byColumn.values()) confSum += a.confidence
  const score = coverage * 100 + confSum + spec.priority * 0.5
  return { spec, byColumn, score, coverage, missing }
}

// ---------------------------------------------------------------------------------------------------------------
// Country and zone.

/** The operator's country from the data: IMSI home networks first, then numbers written with a country code. */
function inferCountry(rows: readonly (readonly Cell[])[], columns: readonly ColumnMapping[]): string | undefined {
  const votes = new Map<string, number>()
  const vote = (cc: string | undefined, weight: number): void => {
    if (cc) votes.set(cc, (votes.get(cc) ?? 0) + weight)
  }
  const imsiCol = columns.find((c) => c.field === 'imsi')
  if (imsiCol) {
    for (const r of rows) {
      const im = parseImsi(r[imsiCol.index] ?? null)
      if (im.kind === 'imsi') vote(im.country, 3)
    }
  }
  if (votes.size === 0) {
    // The subscriber side is the operator's own customer; fall back to any party column.
    const partyCols = columns.filter((c) => c.field === 'subscriber' || c.field === 'aParty' || c.field === 'bParty' || c.field === 'phone')
    for (const col of partyCols) {
      for (const r of rows) {
        const t = cellText(r[col.index]).replace(/[\s().-]/g, '')
        const m = /^(?:\+|00)(\d{1,3})/.exec(t)
        if (!m) continue
        vote(callingCodeCountry(t.replace(/^00/, '+')), col.field === 'subscriber' ? 2 : 1)
      }
    }
  }
  let best: string | undefined
  let bestN = 0
  let total = 0
  for (const [cc, n] of votes) {
    total += n
    if (n > bestN) {
      best = cc
      bestN = n
    }
  }
  return best && bestN / total >= 0.6 ? best : undefined
}

// Calling codes of the region Waymark is used in (and their neighbours); enough to infer an operator's country.
const CALLING_CODES: Readonly<Record<string, string>> = {
  '66': 'TH', '855': 'KH', '95': 'MM', '880': 'BD', '856': 'LA', '84': 'VN', '60': 'MY', '65': 'SG', '62': 'ID', '63': 'PH',
  '91': 'IN', '92': 'PK', '94': 'LK', '977': 'NP', '975': 'BT', '960': 'MV', '86': 'CN', '852': 'HK', '853': 'MO', '886': 'TW',
  '81': 'JP', '82': 'KR', '670': 'TL', '673': 'BN', '93': 'AF', '98': 'IR', '971': 'AE', '966': 'SA', '974': 'QA', '968': 'OM',
  '965': 'KW', '973': 'BH', '44': 'GB', '61': 'AU', '64': 'NZ', '7': 'RU', '90': 'TR', '20': 'EG', '27': 'ZA', '234': 'NG',
  '33': 'FR', '49': 'DE', '39': 'IT', '34': 'ES', '31': 'NL', '32': 'BE', '41': 'CH', '46': 'SE', '47': 'NO', '45': 'DK'
}

function callingCodeCountry(e164ish: string): string | undefined {
  const digits = e164ish.replace(/^\+/, '')
  for (const len of [3, 2, 1]) {
    const cc = CALLING_CODES[digits.slice(0, len)]
    if (cc) return cc
  }
  if (digits.startsWith('1')) return 'US'
  return undefined
}

// ---------------------------------------------------------------------------------------------------------------
// Date decisions.

/**
 * Rows read cell by cell: what the date decisions need from every row. A streaming import keeps the rows it holds
 * while deciding in a compact store (records.ts) rather than as a million small arrays and strings.
 */
export interface RowSource {
  readonly length: number
  cell(row: number, col: number): Cell | undefined
}

function isRowSource(rows: readonly (readonly Cell[])[] | RowSource): rows is RowSource {
  return !Array.isArray(rows)
}

function columnValues(rows: readonly (readonly Cell[])[] | RowSource, start: number, col: number): Iterable<Cell | undefined> {
  if (isRowSource(rows)) {
    return {
      *[Symbol.iterator]() {
        for (let i = start; i < rows.length; i++) yield rows.cell(i, col)
      }
    }
  }
  return {
    *[Symbol.iterator]() {
      for (let i = start; i < rows.length; i++) yield rows[i]![col]
    }
  }
}

/** The first non-empty (trimmed) value of a column from `start` on, or ''. */
function firstValue(rows: readonly (readonly Cell[])[] | RowSource, start: number, col: number): string {
  for (const v of columnValues(rows, start, col)) {
    const t = cellText(v).trim()
    if (t !== '') return t
  }
  return ''
}

function userOrder(orders: Readonly<Record<string, 'dmy' | 'mdy'>> | undefined, field: string, header: string): 'dmy' | 'mdy' | undefined {
  if (!orders) return undefined
  const wanted = [field.toLowerCase(), header.toLowerCase()]
  for (const [k, v] of Object.entries(orders)) if (wanted.includes(k.toLowerCase())) return v
  return undefined
}

/**
 * How decideDates decides one column: the options for decideDateFormat, the analyst's order (applied when the values
 * leave it open), and whether a prior decision (a saved mapping's) is kept as it is instead.
 */
export function dateDecisionOptions(
  field: string,
  header: string,
  expect: 'datetime' | 'date' | 'time',
  prior: DateFormatDecision | undefined,
  options: { dateOrders?: Readonly<Record<string, 'dmy' | 'mdy'>>; excel1904?: boolean },
  country: string | undefined
): { opts: DecideOptions; chosen: 'dmy' | 'mdy' | undefined; prior: boolean } {
  const chosen = userOrder(options.dateOrders, field, header)
  if (prior && !prior.decision.ambiguous && !chosen) return { opts: { expect }, chosen, prior: true }
  const opts: DecideOptions = {
    expect,
    excel1904: options.excel1904 === true,
    ...(country ? { country } : {}),
    ...(chosen ? { order: chosen } : prior?.decision.order === 'dmy' || prior?.decision.order === 'mdy' ? { order: prior.decision.order } : {})
  }
  return { opts, chosen, prior: false }
}

/** Decides (or re-checks) how each date column is read, from all rows given; reports the open ones. */
export function decideDates(
  rows: readonly (readonly Cell[])[] | RowSource,
  dataStart: number,
  mapping: Pick<Mapping, 'recordKind' | 'columns' | 'dateFormats'>,
  options: { country?: string; dateOrders?: Readonly<Record<string, 'dmy' | 'mdy'>>; excel1904?: boolean } = {}
): { dateFormats: DateFormatDecision[]; problems: MappingProblem[]; notices: string[] } {
  const spec = RECORD_KINDS.find((k) => k.kind === mapping.recordKind)!
  const dateFormats: DateFormatDecision[] = []
  const problems: MappingProblem[] = []
  const notices: string[] = []
  for (const col of mapping.columns) {
    if (!col.field) continue
    const field = spec.fields.find((f) => f.id === col.field)
    if (!field || !(TEMPORAL_TYPES.has(field.type) || field.type === 'year')) continue
    const prior = mapping.dateFormats.find((d) => d.field === col.field && d.column === col.index)
    const expect = field.type === 'timeOfDay' ? 'time' : field.type === 'date' ? 'date' : 'datetime'
    const how = dateDecisionOptions(col.field, col.header, expect, prior, options, options.country)
    let decision: DateDecision
    if (how.prior && prior) {
      decision = prior.decision
    } else {
      decision = decideDateFormat(columnValues(rows, dataStart, col.index), how.opts)
      if (how.chosen && decision.ambiguous) decision = withChoice(decision, how.chosen)
    }
    dateFormats.push({ field: col.field, column: col.index, header: col.header, decision })
    for (const w of decision.warnings) notices.push(`${col.header}: ${w}`)
    if (decision.ambiguous) {
      const example = firstValue(rows, dataStart, col.index)
      const hint = decision.likely ? ` (${decision.likely} is more common in this country, but Waymark does not guess)` : ''
      problems.push({
        code: 'ambiguous-date',
        field: col.field,
        column: col.index,
        header: col.header,
        candidates: decision.candidates,
        example,
        message: `Column "${col.header}" has dates like '${example}' that fit both day/month and month/day${hint}. Choose the order: --date-format ${col.field}=dmy or --date-format ${col.field}=mdy.`
      })
    }
  }
  return { dateFormats, problems, notices }
}

// ---------------------------------------------------------------------------------------------------------------
// The proposal.

function isBlank(row: readonly Cell[] | undefined): boolean {
  if (!row) return true
  for (const c of row) if (cellText(c).trim() !== '') return false
  return true
}

// What header detection reads (headers.ts: 30 candidate rows, 50 body rows each, widths over 230 rows), with room.
const HEADER_ROWS_READ = 30 + 50 * 4 + 50
const HEADER_NON_BLANK_READ = 30 + 50 + 50

/**
 * How many leading rows proposeMapping reads besides the date columns: every header candidate, the rows below
 * them, and the content sample. `isBlankRow(i)` says whether row i is blank; `length` is the number of rows.
 * Passing proposeMapping exactly these rows (and all rows as `allRows`) gives the proposal all rows would give.
 */
export function proposalPrefixLength(length: number, isBlankRow: (i: number) => boolean, options: Pick<ProposeOptions, 'sampleRows' | 'mapping'>): number {
  // A saved mapping names its header row; detection looks at the top rows.
  const from = options.mapping ? Math.max(0, options.mapping.headerRow) : 0
  const needNonBlank = HEADER_NON_BLANK_READ + (options.sampleRows ?? 2000)
  let nonBlank = 0
  let i = 0
  for (; i < length && (nonBlank < needNonBlank || i < from + HEADER_ROWS_READ); i++) if (i >= from && !isBlankRow(i)) nonBlank++
  return i
}

/**
 * Proposes how to read a sheet. `rows` are all rows read so far (the whole sheet, or the first part of a stream).
 * `allRows`, when given, holds every row read so far and `rows` only its beginning (see proposalPrefixLength);
 * the date formats are then decided from all of `allRows`.
 */
export function proposeMapping(rows: readonly (readonly Cell[])[], options: ProposeOptions, allRows?: RowSource): Proposal {
  const notices: string[] = []
  const problems: MappingProblem[] = []
  const headerOpts = options.merges ? { merges: options.merges } : {}
  const header = options.mapping ? headerAt(rows, options.mapping.headerRow - 1, headerOpts) : detectHeader(rows, headerOpts)
  const hasHeader = header.headerIndex >= 0
  const sampleLimit = options.sampleRows ?? 2000
  const sample: (readonly Cell[])[] = []
  for (let i = header.dataStart; i < rows.length && sample.length < sampleLimit; i++) if (!isBlank(rows[i])) sample.push(rows[i]!)
  let width = header.width
  for (const r of sample) if (r.length > width) width = r.length
  const names = Array.from({ length: width }, (_, c) => header.names[c] ?? `Column ${c + 1}`)
  const headerRow = hasHeader ? header.headerIndex + 1 : 0

  if (sample.length === 0 && !options.mapping) {
    problems.push({ code: 'no-data', message: `Sheet "${options.sheet}" has no data rows${hasHeader ? ` below its header (row ${headerRow})` : ''}.` })
  }

  const templates = [...(options.templates ?? []), ...BUILT_IN_TEMPLATES]
  let template: TemplateMatch | null = null
  let columns: ColumnMapping[]
  let recordKind: RecordKind
  let kindScores: KindScore[] = []
  let templateZone = ''
  let templateCountry = ''
  let priorDates: readonly DateFormatDecision[] = []

  const profiles = Array.from({ length: width }, (_, c) => profileColumn(sample.map((r) => r[c] ?? null), { ...(options.excel1904 ? { excel1904: true } : {}), ...(options.country ? { country: options.country } : {}) }))

  if (options.mapping) {
    const m = options.mapping
    if (m.version !== MAPPING_VERSION || !RECORD_KINDS.some((k) => k.kind === m.recordKind)) {
      problems.push({ code: 'bad-mapping', message: `The mapping is version ${String(m.version)} for "${String(m.recordKind)}"; this Waymark reads version ${MAPPING_VERSION} mappings of a known record kind.` })
    }
    // Re-target by header name, so a mapping still fits when the operator moved a column.
    const headerNames: string[] = []
    for (const c of m.columns) headerNames[c.index] = c.header
    const asTemplate = templateFromMapping('the mapping file', m, Array.from(headerNames, (h) => h ?? ''))
    const applied = hasHeader ? applyTemplate({ template: asTemplate, score: 1, reason: '' }, { headers: names, width, rows: sample }, options.sheet, headerRow) : { ...m, sheet: options.sheet }
    if (!applied) {
      const missing = m.columns.filter((c) => c.field && !names.some((n) => normaliseHeader(n) === normaliseHeader(c.header))).map((c) => `"${c.header}"`)
      problems.push({ code: 'bad-mapping', message: `The mapping expects column(s) ${missing.join(', ')}, which sheet "${options.sheet}" does not have (its header is row ${headerRow}). Check that the mapping is for this kind of file.` })
    }
    columns = (applied ?? m).columns.map((c) => ({ ...c }))
    recordKind = m.recordKind
    templateZone = m.zone
    templateCountry = m.defaultCountry
    priorDates = (applied ?? m).dateFormats
  } else {
    const shape = { headers: hasHeader ? names : null, width, rows: sample }
    const match = matchTemplate(templates, shape)
    const applied = match && match.score >= 0.9 ? applyTemplate(match, shape, options.sheet, headerRow) : null
    if (match && applied && (!options.recordKind || applied.recordKind === options.recordKind)) {
      template = match
      columns = [...applied.columns]
      recordKind = applied.recordKind
      templateZone = applied.zone
      templateCountry = applied.defaultCountry
      priorDates = applied.dateFormats
      notices.push(`Mapping taken from ${match.template.builtIn ? 'the built-in layout' : 'template'} "${match.template.name}": ${match.reason}.`)
    } else {
      if (match && match.score < 0.9) notices.push(`Template "${match.template.name}" nearly matches (${match.reason}); it was not applied automatically.`)
      const assignments = RECORD_KINDS.map((spec) => assignKind(spec, names, hasHeader, profiles))
      kindScores = assignments.map((a) => ({ kind: a.spec.kind, score: Math.round(a.score * 100) / 100, coverage: a.coverage, missing: a.missing })).sort((a, b) => b.score - a.score)
      const chosen = options.recordKind ? assignments.find((a) => a.spec.kind === options.recordKind)! : assignments.reduce((best, a) => (a.score > best.score ? a : best))
      recordKind = chosen.spec.kind
      columns = names.map((header, index): ColumnMapping => {
        const a = chosen.byColumn.get(index)
        const p = profiles[index]!
        if (!a) return { index, header, field: null, confidence: 0, reason: p.nonEmpty === 0 ? 'empty column' : 'no field matched; kept as an extra value on each record' }
        const type = chosen.spec.fields.find((f) => f.id === a.field)?.type
        if (type === 'phone' && p.nonEmpty > 0 && p.phoneShare < 0.1) {
          // Small integers, hashes or names: party ids, not phone numbers. Kept as written, never "corrected".
          return { index, header, field: a.field, confidence: a.confidence, reason: `${a.reason}; its values (e.g. '${p.samples[0] ?? ''}') are ids, not phone numbers`, valueKind: 'identifier' }
        }
        if (type === 'duration') {
          const unit = /(^|[^a-z])(ms|msec|millisec\w*)([^a-z]|$)/i.test(header) ? 'ms' : /(^|[^a-z])(min|mins|minutes?)([^a-z]|$)/i.test(header) ? 'min' : null
          if (unit) return { index, header, field: a.field, confidence: a.confidence, reason: `${a.reason}; plain numbers are ${unit === 'ms' ? 'milliseconds' : 'minutes'} (from the header)`, unit }
        }
        return { index, header, field: a.field, confidence: a.confidence, reason: a.reason }
      })
      if (chosen.coverage < 1 && sample.length > 0) {
        problems.push({
          code: 'missing-fields',
          missing: chosen.missing,
          message: `Waymark could not find ${chosen.missing.join('; ')} in sheet "${options.sheet}" (best fit: ${chosen.spec.label.toLowerCase()}). Map the columns in the import wizard, or pass a mapping file (--mapping).`
        })
      }
    }
  }

  // Country and zone: the analyst's word first, then the template, then the data.
  let inferredCountry: string | undefined
  let country = options.country?.toUpperCase() || templateCountry || ''
  if (!country) {
    inferredCountry = inferCountry(sample, columns)
    if (inferredCountry) {
      country = inferredCountry
      notices.push(`Country ${inferredCountry} inferred from the data (IMSI home networks or international numbers); choose another country if that is wrong (“Numbers without a country code are from” when importing, --country on the command line).`)
    }
  }
  if (!country) {
    // National numbers (0812…) need a country to become E.164; without one they stay as written.
    const partyCols = columns.filter((c) => c.valueKind !== 'identifier' && (c.field === 'aParty' || c.field === 'bParty' || c.field === 'subscriber' || c.field === 'counterpart' || c.field === 'phone'))
    const example = partyCols.flatMap((c) => sample.map((r) => cellText(r[c.index]).trim())).find((t) => /^0[1-9]\d{6,}$/.test(t.replace(/[\s-]/g, '')))
    if (example) notices.push(`Numbers such as '${example}' are written without a country code; choose the operator's country (“Numbers without a country code are from” when importing, --country on the command line, e.g. TH, KH, MM, BD) so they become E.164. Without it they are kept as written.`)
  }
  let zone = options.zone ?? ''
  if (zone && !isValidZone(zone)) {
    problems.push({ code: 'bad-zone', message: `"${zone}" is not an IANA time zone name. Use a name such as Asia/Bangkok, Asia/Yangon or Asia/Dhaka.` })
    zone = ''
  }
  if (!zone && templateZone && isValidZone(templateZone)) zone = templateZone
  if (!zone && country) {
    const z = defaultZoneForCountry(country)
    if (z) {
      zone = z
      notices.push(`Times are read in ${z}, the zone of ${country}${countryHasSeveralOffsets(country) ? ` (${country} spans several zones: check, and choose the operator's zone if it used another)` : ''}; offsets written in the data win.`)
    }
  }
  if (!zone) {
    zone = 'UTC'
    notices.push('No time zone is known for this source (no zone or country was chosen, and the data gives none): wall-clock times are read as UTC. Choose the operator\'s zone if that is wrong (“Times in the file are local to” when importing, --tz on the command line).')
  }

  const decided = decideDates(allRows ?? rows, header.dataStart, { recordKind, columns, dateFormats: priorDates }, {
    ...(country ? { country } : {}),
    ...(options.dateOrders ? { dateOrders: options.dateOrders } : {}),
    ...(options.excel1904 ? { excel1904: true } : {})
  })
  notices.push(...decided.notices)
  problems.push(...decided.problems)

  const mapping: Mapping = {
    version: MAPPING_VERSION,
    recordKind,
    sheet: options.sheet,
    headerRow,
    columns,
    dateFormats: decided.dateFormats,
    zone,
    defaultCountry: country
  }
  return { mapping, header, template, kindScores, notices, problems, ...(inferredCountry ? { inferredCountry } : {}) }
}

/** The column → field pairs of a mapping, for display (`From → A-party (0.95)`). */
export function describeMapping(mapping: Mapping): string[] {
  const spec = RECORD_KINDS.find((k) => k.kind === mapping.recordKind)
  return mapping.columns.map((c) => {
    const label = c.field ? spec?.fields.find((f) => f.id === c.field)?.label ?? c.field : '(extra)'
    return `${c.header} → ${label}${c.field ? ` (${c.confidence.toFixed(2)})` : ''}: ${c.reason}`
  })
}

