// The columnar event segment: a block of time-sorted events held as typed arrays plus a per-segment string dictionary.
//
// Why columns: one IndexedDB row per event was measured at ≈5–6k rows/s to write, while the same events written as
// blocks of typed arrays took ~1% of that time. A segment is immutable once built; everything derived from it
// (mirror links, entity statistics) lives beside it, so removing one source never rewrites another's segments.

/**
 * Bumped when the stored layout changes; a reader refuses a format it does not know. 2: dictionary and originals'
 * strings stored packed (see serialise.ts). 3: an original the columns give back exactly is stored as a mark (see
 * DERIVED_MARK in encode.ts). 4: columns and originals' codes stored packed, one value for a column of one value and
 * 8 or 16 bits where the values fit (see serialise.ts). 5: a timeline time's original text written at fixed width
 * is stored as a mark the event's time gives back (see TIME_DERIVED in encode.ts). Formats 1 to 4 are still read.
 */
export const SEGMENT_FORMAT = 5

/** Events per segment unless a caller says otherwise: a few tens of thousands keeps a segment around 1–2 MB. */
export const DEFAULT_SEGMENT_SIZE = 20_000

/**
 * Event kinds as stored (code = index + 1; 0 is never written). CDR rows keep their service as the kind;
 * `cdr` is a CDR row whose service the file did not say.
 */
export const EVENT_KINDS = ['call', 'sms', 'mms', 'data', 'ussd', 'cdr', 'transfer', 'movement', 'event'] as const
export type EventKindName = (typeof EVENT_KINDS)[number]

/** The kinds that come from call detail records (a CallRecord of some service). */
export const CDR_KINDS: readonly EventKindName[] = ['call', 'sms', 'mms', 'data', 'ussd', 'cdr']

export function kindCode(kind: EventKindName): number {
  return EVENT_KINDS.indexOf(kind) + 1
}

export function kindName(code: number): EventKindName {
  const k = EVENT_KINDS[code - 1]
  if (k === undefined) throw new Error(`unknown event kind code ${code}`)
  return k
}

export function isCdrKindCode(code: number): boolean {
  return code >= 1 && code <= 6
}

/** Direction codes: calls relative to the target (outgoing/incoming), movements across a border (entry/exit). */
export const DIRECTIONS = ['unknown', 'outgoing', 'incoming', 'entry', 'exit'] as const
export type DirectionName = (typeof DIRECTIONS)[number]

export const DIR_UNKNOWN = 0
export const DIR_OUTGOING = 1
export const DIR_INCOMING = 2
export const DIR_ENTRY = 3
export const DIR_EXIT = 4

/**
 * Flag bits for filtering. The record's own flag list is also kept verbatim in the originals, so a flag code this
 * table does not know is never lost: it sets OTHER and is shown from the originals.
 */
export const FLAG_BITS = {
  'negative-duration': 1 << 0,
  'absurd-duration': 1 << 1,
  'buddhist-era': 1 << 2,
  'imei-invalid': 1 << 3,
  'ambiguous-resolved': 1 << 4,
  /** Derived: the record has no usable time; it sorts after every dated event and never falls in a time range. */
  undated: 1 << 5,
  /** Derived: the file gave a target and another party but no direction, so caller and receiver are unknown. */
  'roles-unknown': 1 << 6,
  /** Derived: the CDR row says the call was forwarded. */
  forwarded: 1 << 7,
  /** Derived: the time is only a day or a year, not a moment. */
  'coarse-time': 1 << 8,
  /** The record carries a flag code not listed here (see its originals). */
  other: 1 << 9
} as const
export type FlagName = keyof typeof FLAG_BITS

export function flagNames(bits: number): FlagName[] {
  const out: FlagName[] = []
  for (const [name, bit] of Object.entries(FLAG_BITS) as [FlagName, number][]) if (bits & bit) out.push(name)
  return out
}

/** Columns that hold entity keys (codes into the dictionary; 0 = none). */
export const ENTITY_COLUMNS = ['a', 'b', 'aAlt', 'bAlt', 'imei', 'imsi', 'cell'] as const
export type EntityColumn = (typeof ENTITY_COLUMNS)[number]

/**
 * One block of events of one source, sorted by time (undated events last), then sheet, then row.
 * Dictionary code 0 is the empty string and means "none" in every code column.
 */
export interface Segment {
  readonly format: number
  /** The source's id in event ids: by convention the file's SHA-256, so ids survive removing and re-importing a file. */
  readonly sourceId: string
  readonly fileName: string
  /** Position of this segment among its source's segments (0-based). */
  readonly seq: number
  readonly count: number
  /** Number of dated events; they come first, the undated ones fill [datedCount, count). */
  readonly datedCount: number
  /** Earliest and latest UTC ms of the dated events; NaN when there are none. */
  readonly minAt: number
  readonly maxAt: number
  readonly dict: readonly string[]
  readonly at: Float64Array
  /** Seconds as found (negative and absurd values kept and flagged); NaN when the row had none. */
  readonly durationS: Float64Array
  readonly kind: Uint8Array
  readonly direction: Uint8Array
  readonly flags: Uint16Array
  /** Calling side / payer / traveller, and the other side. */
  readonly a: Uint32Array
  readonly b: Uint32Array
  /** A second identity of the same party (a payer's account beside the payer's name, a traveller's document). */
  readonly aAlt: Uint32Array
  readonly bAlt: Uint32Array
  readonly imei: Uint32Array
  readonly imsi: Uint32Array
  readonly cell: Uint32Array
  /** 1-based row as the user sees it in the file. */
  readonly row: Uint32Array
  readonly sheet: Uint32Array
  /** IANA zone the wall-clock time was read in. */
  readonly zone: Uint32Array
  /** One-line text: an event's description, a transfer's amount and currency, a movement's place. */
  readonly text: Uint32Array
}

/**
 * What a user sees for one selected event but a query never needs: every field of the record that the columns
 * do not hold, per field a code into a dictionary of encoded values. Loaded lazily, per segment.
 */
export interface SegmentOriginals {
  readonly format: number
  readonly count: number
  readonly fields: readonly string[]
  /** Parallel to `fields`: per event, a code into `strings` (0 = the record has no such field). */
  readonly codes: readonly Uint32Array[]
  /** Encoded values: `'` + text for strings, JSON otherwise. Index 0 is unused. */
  readonly strings: readonly string[]
}

/** The stable, user-visible id of an event: survives reloads, and removing and re-importing the same file. */
export function eventId(sourceId: string, sheet: string, row: number): string {
  return `${sourceId}:${sheet}:${row}`
}

export interface ParsedEventId {
  readonly sourceId: string
  readonly sheet: string
  readonly row: number
}

/** Splits an event id; the sheet may itself contain ':' (the source id never does). Null when malformed. */
export function parseEventId(id: string): ParsedEventId | null {
  const first = id.indexOf(':')
  const last = id.lastIndexOf(':')
  if (first <= 0 || last <= first) return null
  const rowText = id.slice(last + 1)
  if (!/^\d+$/.test(rowText)) return null
  return { sourceId: id.slice(0, first), sheet: id.slice(first + 1, last), row: Number(rowText) }
}
