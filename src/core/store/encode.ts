// Turns an import's typed records into time-sorted columnar segments (plus their lazily loaded originals), and
// turns one stored event back into the exact record it came from.
import type { CallRecord, CellSite, Direction, EventRecord, Movement, Person, Provenance, Service, TimeValue, Transfer, WaymarkRecord } from '../model/records'
import { accountKey, cellKey, idKey, imeiKey, imsiKey, personKey, phoneKey } from './entityKeys'
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

// Fields the columns reproduce exactly, so the originals need not store them.
const DROPPED_ALWAYS = new Set(['kind', 'provenance', 'durationSeconds'])
const DROPPED_CALL = new Set(['kind', 'provenance', 'durationSeconds', 'service', 'direction'])

// The timeline time's remaining fields (its utcMs and zone are columns) in a compact text, as every event has one:
// \u0001, precision letter, explicit-offset digit, then the original text.
const TIME_MARK = '\u0001'
const PRECISION_LETTER: Record<TimeValue['precision'], string> = { second: 's', minute: 'm', day: 'd', year: 'y' }
const LETTER_PRECISION = new Map<string, TimeValue['precision']>(Object.entries(PRECISION_LETTER).map(([p, l]) => [l, p as TimeValue['precision']]))

function encodeTimeRest(t: TimeValue): string {
  const keys = Object.keys(t)
  const standard = keys.length === 5 && typeof t.original === 'string' && typeof t.explicitOffset === 'boolean' && PRECISION_LETTER[t.precision] !== undefined
  if (standard) return `${TIME_MARK}${PRECISION_LETTER[t.precision]}${t.explicitOffset ? 1 : 0}${t.original}`
  const { utcMs: _u, zone: _z, ...rest } = t
  return JSON.stringify(rest)
}

function decodeValue(s: string): unknown {
  const c = s.charCodeAt(0)
  if (c === 39 /* ' */) return s.slice(1)
  if (c === 1) return { explicitOffset: s[2] === '1', original: s.slice(3), precision: LETTER_PRECISION.get(s[1]!) }
  return JSON.parse(s)
}

class Dictionary {
  readonly strings: string[] = ['']
  private readonly codes = new Map<string, number>([['', 0]])

  code(s: string | undefined): number {
    if (s === undefined || s === '') return 0
    let c = this.codes.get(s)
    if (c === undefined) {
      c = this.strings.length
      this.strings.push(s)
      this.codes.set(s, c)
    }
    return c
  }
}

/**
 * Entity-key codes cached by what the key is made from: the phone normaliser hands out the same PhoneValue object
 * for the same text, and an IMEI's text recurs, so most rows cost one identity lookup instead of building a key.
 */
class KeyCodes<T> {
  private readonly cache = new Map<T, number>()
  constructor(
    private readonly dict: Dictionary,
    private readonly key: (v: T) => string | undefined
  ) {}

  code(v: T | undefined): number {
    if (v === undefined) return 0
    let c = this.cache.get(v)
    if (c === undefined) {
      c = this.dict.code(this.key(v))
      this.cache.set(v, c)
    }
    return c
  }
}

interface FieldState {
  readonly codes: Uint32Array
  seen: number
  added: number
  dedupe: boolean
}

const DEDUPE_PROBE = 1024

/**
 * The originals of one segment. Values repeat a lot (a party's number as written), so they are stored once; a
 * field whose values turn out to be nearly all different (time texts) stops looking for repeats after a probe.
 */
class OriginalsWriter {
  readonly strings: string[] = ['']
  // Three ways to find a value already stored, cheapest first: the same object (the phone normaliser reuses
  // them), the same string (raw text from the file, whose hash V8 caches), or the same JSON.
  private readonly byObject = new Map<object, number>()
  private readonly byString = new Map<string, number>()
  private readonly byJson = new Map<string, number>()
  readonly fields = new Map<string, FieldState>()

  constructor(private readonly n: number) {}

  private field(name: string): FieldState {
    let f = this.fields.get(name)
    if (!f) {
      f = { codes: new Uint32Array(this.n), seen: 0, added: 0, dedupe: true }
      this.fields.set(name, f)
    }
    return f
  }

  private add(f: FieldState, text: string): number {
    f.added++
    return this.strings.push(text) - 1
  }

  /** Stores an already encoded text (the timeline time), without looking for repeats once they prove rare. */
  putText(name: string, i: number, text: string): void {
    const f = this.field(name)
    let code = f.dedupe ? this.byJson.get(text) : undefined
    if (code === undefined) {
      code = this.add(f, text)
      if (f.dedupe) this.byJson.set(text, code)
    }
    this.seen(f, i, code)
  }

  put(name: string, i: number, value: unknown): void {
    const f = this.field(name)
    let code: number | undefined
    if (typeof value === 'string') {
      code = f.dedupe ? this.byString.get(value) : undefined
      if (code === undefined) {
        code = this.add(f, `'${value}`)
        if (f.dedupe) this.byString.set(value, code)
      }
    } else if (typeof value === 'object' && value !== null) {
      code = f.dedupe ? this.byObject.get(value) : undefined
      if (code === undefined) {
        const text = JSON.stringify(value)
        code = f.dedupe ? this.byJson.get(text) : undefined
        if (code === undefined) {
          code = this.add(f, text)
          if (f.dedupe) this.byJson.set(text, code)
        }
        if (f.dedupe) this.byObject.set(value, code)
      }
    } else {
      const text = JSON.stringify(value)
      code = this.byJson.get(text)
      if (code === undefined) {
        code = this.add(f, text)
        this.byJson.set(text, code)
      }
    }
    this.seen(f, i, code)
  }

  private seen(f: FieldState, i: number, code: number): void {
    f.codes[i] = code
    f.seen++
    if (f.dedupe && f.seen === DEDUPE_PROBE && f.added > DEDUPE_PROBE * 0.8) f.dedupe = false
  }
}

function flagBits(r: TimedRecord, time: TimeValue | undefined, rolesUnknown: boolean): number {
  let bits = 0
  if (r.flags) {
    for (const f of r.flags) {
      const bit = (FLAG_BITS as Record<string, number>)[f]
      bits |= bit === undefined ? FLAG_BITS.other : bit
    }
  }
  if (!time) bits |= FLAG_BITS.undated
  else if (time.precision === 'day' || time.precision === 'year') bits |= FLAG_BITS['coarse-time']
  if (rolesUnknown) bits |= FLAG_BITS['roles-unknown']
  if (r.kind === 'call' && r.forwarded) bits |= FLAG_BITS.forwarded
  return bits
}

const joinText = (parts: readonly (string | undefined)[]): string => parts.filter((p) => p !== undefined && p !== '').join(' · ')

/** Builds one segment from records already in segment order. */
function buildOne(records: readonly TimedRecord[], sourceId: string, fileName: string, seq: number): { segment: Segment; originals: SegmentOriginals } {
  const n = records.length
  const dict = new Dictionary()
  const at = new Float64Array(n)
  const durationS = new Float64Array(n)
  const kind = new Uint8Array(n)
  const direction = new Uint8Array(n)
  const flags = new Uint16Array(n)
  const a = new Uint32Array(n)
  const b = new Uint32Array(n)
  const aAlt = new Uint32Array(n)
  const bAlt = new Uint32Array(n)
  const imei = new Uint32Array(n)
  const imsi = new Uint32Array(n)
  const cell = new Uint32Array(n)
  const row = new Uint32Array(n)
  const sheet = new Uint32Array(n)
  const zone = new Uint32Array(n)
  const text = new Uint32Array(n)

  const phones = new KeyCodes(dict, phoneKey)
  const imeis = new KeyCodes(dict, imeiKey)
  const imsis = new KeyCodes(dict, imsiKey)
  const persons = new KeyCodes(dict, personKey)
  const accounts = new KeyCodes(dict, accountKey)
  const ids = new KeyCodes(dict, idKey)
  const orig = new OriginalsWriter(n)
  const cells = new KeyCodes(dict, (cellId: string) => cellKey({ cellId }))

  let lastSheet: string | undefined
  let lastSheetCode = 0
  let lastZone: string | undefined
  let lastZoneCode = 0
  let dated = 0
  let minAt = NaN
  let maxAt = NaN
  for (let i = 0; i < n; i++) {
    const r = records[i]!
    const p = r.provenance
    if (p.fileName !== fileName) throw new Error(`buildSegments: records of one source come from one file (${fileName} ≠ ${p.fileName})`)
    const time = mainTime(r)
    let rolesUnknown = false
    let textValue = ''
    switch (r.kind) {
      case 'call': {
        kind[i] = SERVICE_KIND[r.service] ?? SERVICE_KIND.unknown
        direction[i] = CALL_DIRECTION[r.direction] ?? DIR_UNKNOWN
        if (!r.aParty && !r.bParty && (r.subscriber || r.counterpart)) {
          // Target + other party with no direction: both are kept, in no particular role.
          rolesUnknown = true
          a[i] = phones.code(r.subscriber)
          b[i] = phones.code(r.counterpart)
        } else {
          a[i] = phones.code(r.aParty)
          b[i] = phones.code(r.bParty)
        }
        imei[i] = imeis.code(r.imei)
        imsi[i] = imsis.code(r.imsi)
        cell[i] = r.cgi === undefined && r.lac === undefined ? cells.code(r.cellId) : dict.code(cellKey(r))
        break
      }
      case 'transfer': {
        kind[i] = kindCode('transfer')
        a[i] = persons.code(r.payer)
        aAlt[i] = accounts.code(r.payerAccount)
        b[i] = persons.code(r.beneficiary)
        bAlt[i] = accounts.code(r.beneficiaryAccount)
        const amount = [r.amount?.original, r.currency].filter((x) => x !== undefined && x !== '').join(' ')
        textValue = joinText([amount, r.reference, r.place])
        break
      }
      case 'movement': {
        kind[i] = kindCode('movement')
        direction[i] = r.direction === 'entry' ? DIR_ENTRY : r.direction === 'exit' ? DIR_EXIT : DIR_UNKNOWN
        a[i] = persons.code(r.person)
        aAlt[i] = ids.code(r.document)
        textValue = joinText([r.directionOriginal ?? r.direction, r.place, r.transport, r.nationality])
        break
      }
      case 'event': {
        kind[i] = kindCode('event')
        const parties = r.parties ?? []
        // Parties of an event have no caller/receiver roles; the first two get columns, all are searchable text.
        if (parties.length > 0) rolesUnknown = true
        a[i] = persons.code(parties[0])
        b[i] = persons.code(parties[1])
        textValue = parties.length > 2 ? joinText([r.text, parties.join(', ')]) : r.text
        break
      }
    }
    text[i] = dict.code(textValue)
    flags[i] = flagBits(r, time, rolesUnknown)
    row[i] = p.row
    // Sheet and zone rarely change from one row to the next: compare with the last before hashing.
    if (p.sheet !== lastSheet) {
      lastSheet = p.sheet
      lastSheetCode = dict.code(p.sheet)
    }
    sheet[i] = lastSheetCode
    const d = r.kind === 'call' ? r.durationSeconds : undefined
    durationS[i] = d === undefined ? NaN : d
    if (time) {
      at[i] = time.utcMs
      if (time.zone !== lastZone) {
        lastZone = time.zone
        lastZoneCode = dict.code(time.zone)
      }
      zone[i] = lastZoneCode
      if (!Number.isNaN(time.utcMs)) {
        dated++
        if (!(time.utcMs >= minAt)) minAt = time.utcMs
        if (!(time.utcMs <= maxAt)) maxAt = time.utcMs
      }
    } else {
      at[i] = NaN
    }

    const dropped = r.kind === 'call' ? DROPPED_CALL : DROPPED_ALWAYS
    const tf = timeField(r.kind)
    for (const key in r) {
      if (dropped.has(key)) continue
      const value = (r as unknown as Record<string, unknown>)[key]
      if (value === undefined) continue
      if (key === tf && time) orig.putText(key, i, encodeTimeRest(time))
      else orig.put(key, i, value)
    }
  }

  const fields = [...orig.fields.keys()]
  const segment: Segment = {
    format: SEGMENT_FORMAT,
    sourceId,
    fileName,
    seq,
    count: n,
    datedCount: dated,
    minAt,
    maxAt,
    dict: dict.strings,
    at,
    durationS,
    kind,
    direction,
    flags,
    a,
    b,
    aAlt,
    bAlt,
    imei,
    imsi,
    cell,
    row,
    sheet,
    zone,
    text
  }
  const originals: SegmentOriginals = { format: SEGMENT_FORMAT, count: n, fields, codes: fields.map((f) => orig.fields.get(f)!.codes), strings: orig.strings }
  return { segment, originals }
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
export function createSegmentStream(options: { readonly sourceId: string; readonly fileName?: string; readonly segmentSize?: number }): SegmentStream {
  const size = options.segmentSize ?? DEFAULT_SEGMENT_SIZE
  if (!Number.isInteger(size) || size < 1) throw new Error(`createSegmentStream: segmentSize must be a positive integer, got ${size}`)
  const sourceId = options.sourceId
  if (!sourceId || sourceId.includes(':')) throw new Error(`createSegmentStream: a source id without ':' is needed, got '${sourceId}'`)
  let fileName = options.fileName
  let buffer: TimedRecord[] = []
  const entityRecords: EntityRecord[] = []
  let seq = 0
  let events = 0
  const flush = (): EncodedSegment | null => {
    if (buffer.length === 0) return null
    const chunk = buffer
    buffer = []
    const order = timeOrder(chunk)
    const sorted: TimedRecord[] = new Array<TimedRecord>(chunk.length)
    for (let i = 0; i < order.length; i++) sorted[i] = chunk[order[i]!]!
    return buildOne(sorted, sourceId, fileName ?? '', seq++)
  }
  return {
    add(r) {
      if (r.provenance.sourceSha256 !== sourceId) throw new Error(`createSegmentStream: record from source ${r.provenance.sourceSha256} in source ${sourceId}`)
      fileName ??= r.provenance.fileName
      if (!isTimed(r)) {
        entityRecords.push(r)
        return null
      }
      buffer.push(r)
      events++
      return buffer.length >= size ? flush() : null
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
    if (code !== 0) rec[originals.fields[f]!] = decodeValue(originals.strings[code]!)
  }
  const tf = timeField(recordKind)
  const restOfTime = rec[tf] as Record<string, unknown> | undefined
  if (restOfTime) rec[tf] = { utcMs: segment.at[index]!, zone: segment.dict[segment.zone[index]!] ?? '', ...restOfTime }
  const d = segment.durationS[index]!
  if (!Number.isNaN(d)) rec.durationSeconds = d
  return rec as unknown as WaymarkRecord
}
