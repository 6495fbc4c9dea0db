// The typed records an import produces (calls, cell sites, persons, transfers, movements, generic events), each with provenance and its originals.

/** Where a record came from: enough to open the file and find the line again. */
export interface Provenance {
  /** SHA-256 (lowercase hex) of the imported file's bytes: the source id. */
  readonly sourceSha256: string
  readonly fileName: string
  /** Sheet name for spreadsheets; the file name for CSV/text files. */
  readonly sheet: string
  /** 1-based row number as the user sees it in Excel or a text editor (header and preamble rows count). */
  readonly row: number
}

/** A point in time: UTC milliseconds, the zone the source's wall-clock time was read in, and the text as found. */
export interface TimeValue {
  readonly utcMs: number
  /** IANA zone name used to read the wall-clock text ('UTC' when the data carried an explicit offset of zero). */
  readonly zone: string
  /** True when the offset came from the data itself (e.g. `+07:00`, `Z`), not from the source's zone. */
  readonly explicitOffset: boolean
  /** The original text (date and time cells joined by a space when they came from two columns). */
  readonly original: string
  /** How precise the original was: a bare year or date should not be read as midnight-exact. */
  readonly precision: 'second' | 'minute' | 'day' | 'year'
}

export type PhoneKind = 'e164' | 'short-code' | 'alphanumeric' | 'identifier' | 'empty'

/** A party's number: normalised E.164 when it is a phone number, always with the original text. */
export interface PhoneValue {
  readonly kind: PhoneKind
  readonly e164?: string
  /** ISO 3166-1 alpha-2 country the number belongs to, when known. */
  readonly country?: string
  readonly original: string
}

/** A number read from text, with the original kept (e.g. `1,282`, `<5`). */
export interface NumberValue {
  readonly value: number
  readonly original: string
  /** `<5`-style censored counts: the true value is below `value`. */
  readonly censored?: 'below'
}

export type Direction = 'outgoing' | 'incoming' | 'unknown'
export type Service = 'call' | 'sms' | 'mms' | 'data' | 'ussd' | 'unknown'

export type RecordKind = 'call' | 'cellSite' | 'person' | 'transfer' | 'movement' | 'event'

/** Fields every record has. */
export interface RecordBase {
  readonly kind: RecordKind
  readonly provenance: Provenance
  /** Non-empty cells of columns that were not mapped to a field, keyed by header: nothing is dropped. */
  readonly extra?: Readonly<Record<string, string>>
  /** Codes for things a user should know about this record (`negative-duration`, `buddhist-era`, …); details are in the issue list. */
  readonly flags?: readonly string[]
}

/** One call, SMS or data session from a CDR. A-party is the calling side, B-party the called side. */
export interface CallRecord extends RecordBase {
  readonly kind: 'call'
  readonly service: Service
  /** The service column's text as written, when the file has one (`Voice`, `SMS`, `GPRS`). */
  readonly serviceOriginal?: string
  /** Direction relative to the subscriber whose records these are (the target), when the file says. */
  readonly direction: Direction
  /**
   * The call-type or direction column's text as written (`MO`, `MTC`, `SMS-MO`, `IN`, `CF`): direction, service and
   * forwarding may all be read from it.
   */
  readonly directionOriginal?: string
  readonly aParty?: PhoneValue
  readonly bParty?: PhoneValue
  /** The target/subscriber of this CDR, when the layout names one (`Target No`, `user_msisdn`). */
  readonly subscriber?: PhoneValue
  /** The other party relative to the target, when the layout gives target + other party (`B Party No`, `correspondent_id`). */
  readonly counterpart?: PhoneValue
  readonly start?: TimeValue
  readonly end?: TimeValue
  /** Seconds; may be negative or absurd in the source, which is flagged, never corrected. */
  readonly durationSeconds?: number
  readonly durationOriginal?: string
  readonly forwarded?: boolean
  readonly imei?: string
  readonly imsi?: string
  readonly cellId?: string
  readonly lac?: string
  readonly cgi?: string
  readonly endCgi?: string
  readonly siteName?: string
  readonly latitude?: number
  readonly longitude?: number
}

/** A cell site (tower/sector): id → name and position. */
export interface CellSite extends RecordBase {
  readonly kind: 'cellSite'
  readonly cellId: string
  readonly lac?: string
  readonly cgi?: string
  readonly siteName?: string
  readonly latitude?: number
  readonly longitude?: number
  readonly azimuth?: number
}

/** A person or subscriber as listed by an operator or a partner agency. */
export interface Person extends RecordBase {
  readonly kind: 'person'
  readonly name?: string
  readonly aliases?: readonly string[]
  /** Passport, national id, … numbers as written. */
  readonly idNumbers?: readonly string[]
  readonly phone?: PhoneValue
  readonly birthDate?: TimeValue
  readonly nationality?: string
  readonly gender?: string
  readonly address?: string
}

/** A money transfer (remittance, hawala ledger line, bank transfer, card payment). */
export interface Transfer extends RecordBase {
  readonly kind: 'transfer'
  readonly time?: TimeValue
  readonly payer?: string
  readonly payerAccount?: string
  readonly beneficiary?: string
  readonly beneficiaryAccount?: string
  readonly amount?: NumberValue
  readonly currency?: string
  readonly reference?: string
  readonly place?: string
}

/** A person crossing a border or passing a checkpoint. */
export interface Movement extends RecordBase {
  readonly kind: 'movement'
  readonly time?: TimeValue
  readonly person?: string
  readonly document?: string
  readonly nationality?: string
  readonly place?: string
  readonly direction?: 'entry' | 'exit' | 'unknown'
  readonly directionOriginal?: string
  readonly transport?: string
}

/** Anything else with a time (or a year) and some text: an interdiction, a statistic, a note. */
export interface EventRecord extends RecordBase {
  readonly kind: 'event'
  readonly time?: TimeValue
  readonly end?: TimeValue
  /** A one-line description built from the mapped text columns. */
  readonly text: string
  readonly eventType?: string
  readonly parties?: readonly string[]
  readonly place?: string
  readonly latitude?: number
  readonly longitude?: number
  readonly count?: NumberValue
}

export type WaymarkRecord = CallRecord | CellSite | Person | Transfer | Movement | EventRecord
