// The mapping from a table's columns to a record kind's fields: plain JSON, saved as a named template and reused.
import type { RecordKind } from './records'
import type { DateDecision } from '../mapping/dates'

export const MAPPING_VERSION = 1

/** How a field's cell text is read. */
export type FieldType =
  | 'phone' // → PhoneValue
  | 'datetime' // a date with a time of day (or a date alone, at day precision)
  | 'date' // the date half of a date + time pair of columns
  | 'timeOfDay' // the time half of a date + time pair of columns
  | 'year' // a bare year (statistics)
  | 'duration'
  | 'direction' // call direction, often with the service in the same code (MO, MT, SMO, …)
  | 'service' // call / sms / data
  | 'movementDirection' // entry / exit
  | 'imei'
  | 'imsi'
  | 'latitude'
  | 'longitude'
  | 'number'
  | 'count' // a number that may be written `1,282` or censored `<5`
  | 'text'
  | 'list' // names separated by `;` or `|`

export interface FieldSpec {
  readonly id: string
  readonly type: FieldType
  readonly label: string
  /** For `date`/`timeOfDay` halves: the datetime field they combine into. */
  readonly partOf?: string
}

export interface RecordKindSpec {
  readonly kind: RecordKind
  readonly label: string
  readonly fields: readonly FieldSpec[]
  /** Each inner list is satisfied when any one of its fields is mapped; the kind fits when all are. */
  readonly required: readonly (readonly string[])[]
  /** Breaks ties between kinds that fit equally well (a CDR also "fits" the generic event). */
  readonly priority: number
}

const f = (id: string, type: FieldType, label: string, partOf?: string): FieldSpec => (partOf ? { id, type, label, partOf } : { id, type, label })

export const RECORD_KINDS: readonly RecordKindSpec[] = [
  {
    kind: 'call',
    label: 'Call detail records',
    priority: 3,
    required: [['aParty', 'bParty', 'subscriber', 'counterpart'], ['start', 'startDate']],
    fields: [
      f('aParty', 'phone', 'A-party (calling number)'),
      f('bParty', 'phone', 'B-party (called number)'),
      f('subscriber', 'phone', 'Target / subscriber number'),
      f('counterpart', 'phone', 'Other party (relative to the target)'),
      f('direction', 'direction', 'Direction / call type'),
      f('service', 'service', 'Service (call, SMS, data)'),
      f('start', 'datetime', 'Start date and time'),
      f('startDate', 'date', 'Start date', 'start'),
      f('startTime', 'timeOfDay', 'Start time', 'start'),
      f('end', 'datetime', 'End date and time'),
      f('duration', 'duration', 'Duration'),
      f('imei', 'imei', 'IMEI'),
      f('imsi', 'imsi', 'IMSI'),
      f('cellId', 'text', 'Cell id / tower'),
      f('lac', 'text', 'LAC'),
      f('cgi', 'text', 'CGI (first)'),
      f('endCgi', 'text', 'CGI (last)'),
      f('siteName', 'text', 'Site name / address'),
      f('latitude', 'latitude', 'Latitude'),
      f('longitude', 'longitude', 'Longitude')
    ]
  },
  {
    kind: 'cellSite',
    label: 'Cell sites',
    priority: 2,
    required: [['cellId', 'cgi'], ['latitude', 'siteName'], ['longitude', 'siteName']],
    fields: [
      f('cellId', 'text', 'Cell id'),
      f('lac', 'text', 'LAC'),
      f('cgi', 'text', 'CGI'),
      f('siteName', 'text', 'Site name / address'),
      f('latitude', 'latitude', 'Latitude'),
      f('longitude', 'longitude', 'Longitude'),
      f('azimuth', 'number', 'Azimuth')
    ]
  },
  {
    kind: 'transfer',
    label: 'Money transfers',
    priority: 2,
    required: [['amount'], ['time', 'date'], ['payer', 'payerFirstName', 'beneficiary', 'payerAccount', 'beneficiaryAccount', 'place']],
    fields: [
      f('time', 'datetime', 'Date and time'),
      f('date', 'date', 'Date', 'time'),
      f('timeOfDay', 'timeOfDay', 'Time', 'time'),
      f('payer', 'text', 'Payer / sender'),
      f('payerFirstName', 'text', 'Payer first name'),
      f('payerLastName', 'text', 'Payer last name'),
      f('payerAccount', 'text', 'Payer account'),
      f('beneficiary', 'text', 'Beneficiary / receiver'),
      f('beneficiaryAccount', 'text', 'Beneficiary account'),
      f('amount', 'count', 'Amount'),
      f('currency', 'text', 'Currency'),
      f('reference', 'text', 'Reference'),
      f('place', 'text', 'Place / agent')
    ]
  },
  {
    kind: 'movement',
    label: 'Border movements',
    priority: 2,
    required: [['person', 'document'], ['time', 'date'], ['place', 'direction']],
    fields: [
      f('time', 'datetime', 'Date and time'),
      f('date', 'date', 'Date', 'time'),
      f('timeOfDay', 'timeOfDay', 'Time', 'time'),
      f('person', 'text', 'Person'),
      f('document', 'text', 'Travel document'),
      f('nationality', 'text', 'Nationality'),
      f('place', 'text', 'Border post / place'),
      f('direction', 'movementDirection', 'Entry / exit'),
      f('transport', 'text', 'Transport / flight')
    ]
  },
  {
    kind: 'person',
    label: 'Persons / subscribers',
    priority: 1,
    required: [['name', 'firstName', 'lastName', 'idNumber']],
    fields: [
      f('name', 'text', 'Name'),
      f('firstName', 'text', 'First name'),
      f('lastName', 'text', 'Last name'),
      f('aliases', 'list', 'Aliases'),
      f('idNumber', 'text', 'ID / passport number'),
      f('phone', 'phone', 'Phone'),
      f('birthDate', 'datetime', 'Birth date'),
      f('nationality', 'text', 'Nationality'),
      f('gender', 'text', 'Sex / gender'),
      f('address', 'text', 'Address')
    ]
  },
  {
    kind: 'event',
    label: 'Generic events',
    priority: 0,
    required: [['time', 'date', 'year']],
    fields: [
      f('time', 'datetime', 'Date and time'),
      f('date', 'date', 'Date', 'time'),
      f('timeOfDay', 'timeOfDay', 'Time', 'time'),
      f('year', 'year', 'Year'),
      f('end', 'datetime', 'End'),
      f('eventType', 'text', 'Type / indicator'),
      f('description', 'text', 'Description'),
      f('parties', 'list', 'Parties / persons'),
      f('place', 'text', 'Place / country'),
      f('latitude', 'latitude', 'Latitude'),
      f('longitude', 'longitude', 'Longitude'),
      f('count', 'count', 'Count / value')
    ]
  }
]

export function kindSpec(kind: RecordKind): RecordKindSpec {
  const spec = RECORD_KINDS.find((k) => k.kind === kind)
  if (!spec) throw new Error(`kindSpec: unknown record kind ${kind}`)
  return spec
}

export function fieldSpec(kind: RecordKind, field: string): FieldSpec | undefined {
  return kindSpec(kind).fields.find((x) => x.id === field)
}

/** One column of the table and what it was mapped to. */
export interface ColumnMapping {
  /** 0-based column index in the sheet. */
  readonly index: number
  /** The header as shown to the user (made unique: `Column 3`, `Date (2)`). */
  readonly header: string
  /** A field id of the mapping's record kind, or null when the column is kept only as an extra. */
  readonly field: string | null
  /** 0..1: how sure the automatic mapping is (1 = set by the user or a template). */
  readonly confidence: number
  /** Why: `header "BNO" is an alias of B-party`, `15-digit values pass the IMEI check`, `template "Dialog CDR"`. */
  readonly reason: string
  /** Source codes → canonical values for direction/service columns (e.g. Orange `1` → `outgoing`). */
  readonly codes?: Readonly<Record<string, string>>
  /**
   * For party columns: 'identifier' when the column holds ids rather than phone numbers (VAST's 0..399, hashed
   * MSISDNs); values are then kept as identifiers and not run through the phone-number rules.
   */
  readonly valueKind?: 'identifier'
  /** For duration columns: the unit of plain numbers, when the header names one (`Duration (ms)`); seconds otherwise. */
  readonly unit?: 's' | 'ms' | 'min'
}

/** Day/month order of a date column. */
export type DateOrder = 'dmy' | 'mdy' | 'ymd'

/**
 * How one date, datetime or time column is read: the normaliser's decision (dates.ts), made from all the
 * column's values, or chosen by the user (`--date-format start=dmy`) when the values leave the order open.
 */
export interface DateFormatDecision {
  /** Field id of the column this applies to (`start`, `startDate`, `startTime`, `time`, `birthDate`, …). */
  readonly field: string
  /** 0-based column index. */
  readonly column: number
  readonly header: string
  readonly decision: DateDecision
}

export interface Mapping {
  readonly version: typeof MAPPING_VERSION
  readonly recordKind: RecordKind
  /** Sheet name (the file name for CSV). */
  readonly sheet: string
  /** 1-based row number of the header row as the user sees it; 0 when the table has no header. */
  readonly headerRow: number
  readonly columns: readonly ColumnMapping[]
  readonly dateFormats: readonly DateFormatDecision[]
  /** IANA zone the source's wall-clock times are in (explicit offsets in the data win). */
  readonly zone: string
  /** ISO 3166-1 alpha-2 country for numbers written without a country code. */
  readonly defaultCountry: string
}

export type Severity = 'warning' | 'error'

/** A problem with one cell (or a whole row when column is null). Errors reject the row; warnings do not. */
export interface RowIssue {
  readonly sheet: string
  readonly row: number
  readonly column: string | null
  readonly value: string
  readonly problem: string
  readonly severity: Severity
  /** Stable machine code (`negative-duration`, `unparseable-date`, …) for counting and filtering. */
  readonly code: string
}

/** A rejected row, kept with all its values so the analyst can fix and re-import it. */
export interface RejectedRow {
  readonly sheet: string
  readonly row: number
  readonly values: readonly string[]
  readonly problems: readonly string[]
}

/** Counts for one import: read = ok + warned + rejected, always. Blank rows are counted, not read as records. */
export interface ImportSummary {
  readonly read: number
  readonly ok: number
  readonly warned: number
  readonly rejected: number
  readonly blank: number
  /** Issue counts by code, e.g. `{ 'negative-duration': 4 }`. */
  readonly issueCounts: Readonly<Record<string, number>>
  /** Party columns: how many values were phone numbers, short codes, identifiers… (header → kind → count). */
  readonly valueKinds: Readonly<Record<string, Readonly<Record<string, number>>>>
}
