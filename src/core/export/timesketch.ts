// Timesketch import rows (JSONL or CSV): message, datetime with an explicit UTC offset, timestamp_desc, parties and source fields.
import type { PhoneValue, TimeValue, WaymarkRecord } from '../model/records'
import { isValidZone, utcToWallTime, formatOffset } from '../mapping/zones'

/** A flat Timesketch event. Values are strings or numbers only, as Timesketch's importer expects. */
export type TimesketchRow = Readonly<Record<string, string | number>>

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/** ISO 8601 in the source's zone with its offset, e.g. `2006-06-01T00:08:00-04:00` (never a bare local time). */
export function isoWithOffset(time: TimeValue): string {
  let zone = isValidZone(time.zone) ? time.zone : 'UTC'
  let w = utcToWallTime(time.utcMs, zone)
  // Historic local-mean-time offsets have seconds, which ISO 8601 offsets cannot carry: write such instants in UTC.
  if (w.offsetMs % 60_000 !== 0) {
    zone = 'UTC'
    w = utcToWallTime(time.utcMs, zone)
  }
  const frac = w.millisecond ? `.${pad(w.millisecond, 3)}` : ''
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}${frac}${formatOffset(w.offsetMs)}`
}

const phoneText = (p: PhoneValue | undefined): string => (p ? p.e164 ?? p.original : '')

/** The time Timesketch should place the record at, and what that time means. */
function timeOf(record: WaymarkRecord): { time: TimeValue; desc: string } | null {
  switch (record.kind) {
    case 'call':
      return record.start ? { time: record.start, desc: record.service === 'sms' ? 'SMS time' : record.service === 'data' ? 'Data session start' : 'Call start' } : null
    case 'transfer':
      return record.time ? { time: record.time, desc: 'Transfer time' } : null
    case 'movement':
      return record.time ? { time: record.time, desc: record.direction === 'entry' ? 'Border entry' : record.direction === 'exit' ? 'Border exit' : 'Border crossing' } : null
    case 'person':
      return record.birthDate ? { time: record.birthDate, desc: 'Date of birth' } : null
    case 'event':
      return record.time ? { time: record.time, desc: record.eventType ? `${record.eventType} time` : 'Event time' } : null
    case 'cellSite':
      return null
  }
}

function messageOf(record: WaymarkRecord): string {
  switch (record.kind) {
    case 'call': {
      const what = record.service === 'unknown' ? 'Call/SMS' : record.service === 'sms' ? 'SMS' : record.service === 'data' ? 'Data session' : record.service === 'call' ? 'Call' : record.service.toUpperCase()
      const a = record.aParty ? phoneText(record.aParty) : record.direction === 'incoming' ? '?' : phoneText(record.subscriber) || '?'
      const b = record.bParty ? phoneText(record.bParty) : '?'
      const parts = [`${what} ${a} → ${b}`]
      if (record.direction !== 'unknown') parts.push(record.direction)
      if (record.durationSeconds !== undefined) parts.push(`${record.durationSeconds} s`)
      if (record.cellId) parts.push(`cell ${record.cellId}`)
      if (record.cgi) parts.push(`CGI ${record.cgi}`)
      return parts.join(', ')
    }
    case 'transfer':
      return `Transfer ${record.payer ?? '?'} → ${record.beneficiary ?? '?'}${record.amount ? `: ${record.amount.original}${record.currency ? ` ${record.currency}` : ''}` : ''}`
    case 'movement':
      return `${record.person ?? record.document ?? '?'} ${record.direction === 'entry' ? 'entered at' : record.direction === 'exit' ? 'left at' : 'crossed at'} ${record.place ?? '?'}`
    case 'person':
      return `Birth of ${record.name ?? record.idNumbers?.[0] ?? '?'}`
    case 'event':
      return record.text
    case 'cellSite':
      return `Cell ${record.cellId}`
  }
}

/** Record fields flattened to `snake_case` columns (the names Timesketch users filter on). */
function fieldsOf(record: WaymarkRecord): Record<string, string | number> {
  const out: Record<string, string | number> = {}
  const put = (k: string, v: string | number | undefined | null): void => {
    if (v !== undefined && v !== null && v !== '') out[k] = v
  }
  const phone = (k: string, p: PhoneValue | undefined): void => {
    if (!p) return
    put(k, phoneText(p))
    put(`${k}_original`, p.original)
  }
  switch (record.kind) {
    case 'call':
      put('service', record.service)
      put('service_original', record.serviceOriginal)
      put('direction', record.direction)
      put('direction_original', record.directionOriginal)
      phone('a_party', record.aParty)
      phone('b_party', record.bParty)
      phone('subscriber', record.subscriber)
      put('duration_seconds', record.durationSeconds)
      put('imei', record.imei)
      put('imsi', record.imsi)
      put('cell_id', record.cellId)
      put('lac', record.lac)
      put('cgi', record.cgi)
      put('end_cgi', record.endCgi)
      put('site_name', record.siteName)
      put('latitude', record.latitude)
      put('longitude', record.longitude)
      if (record.end) put('end_datetime', isoWithOffset(record.end))
      break
    case 'transfer':
      put('payer', record.payer)
      put('payer_account', record.payerAccount)
      put('beneficiary', record.beneficiary)
      put('beneficiary_account', record.beneficiaryAccount)
      put('amount', record.amount?.value)
      put('amount_original', record.amount?.original)
      put('currency', record.currency)
      put('reference', record.reference)
      put('place', record.place)
      break
    case 'movement':
      put('person', record.person)
      put('document', record.document)
      put('nationality', record.nationality)
      put('place', record.place)
      put('direction', record.direction)
      put('direction_original', record.directionOriginal)
      put('transport', record.transport)
      break
    case 'person':
      put('name', record.name)
      put('id_numbers', record.idNumbers?.join('; '))
      phone('phone', record.phone)
      put('nationality', record.nationality)
      break
    case 'event':
      put('event_type', record.eventType)
      put('parties', record.parties?.join('; '))
      put('place', record.place)
      put('latitude', record.latitude)
      put('longitude', record.longitude)
      put('count', record.count?.value)
      put('count_original', record.count?.original)
      break
    case 'cellSite':
      put('cell_id', record.cellId)
      break
  }
  if (record.flags?.length) put('flags', record.flags.join(' '))
  return out
}

/**
 * The Timesketch row of a record, or null when the record has no time to place it on a timeline (cell sites,
 * persons without a birth date, rows whose time could not be read): callers count those, they are not lost.
 */
export function toTimesketchRow(record: WaymarkRecord): TimesketchRow | null {
  const at = timeOf(record)
  if (!at) return null
  return {
    message: messageOf(record),
    datetime: isoWithOffset(at.time),
    timestamp: at.time.utcMs * 1000,
    timestamp_desc: at.desc,
    data_type: `waymark:${record.kind}`,
    ...fieldsOf(record),
    time_original: at.time.original,
    time_zone: at.time.zone,
    source_file: record.provenance.fileName,
    source_sha256: record.provenance.sourceSha256,
    source_sheet: record.provenance.sheet,
    source_row: record.provenance.row
  }
}

/** The fixed CSV columns (a superset over record kinds; absent values are empty cells). */
export const TIMESKETCH_CSV_COLUMNS: readonly string[] = [
  'message', 'datetime', 'timestamp', 'timestamp_desc', 'data_type',
  'service', 'service_original', 'direction', 'direction_original', 'a_party', 'a_party_original', 'b_party', 'b_party_original', 'subscriber', 'subscriber_original',
  'duration_seconds', 'end_datetime', 'imei', 'imsi', 'cell_id', 'lac', 'cgi', 'end_cgi', 'site_name', 'latitude', 'longitude',
  'payer', 'payer_account', 'beneficiary', 'beneficiary_account', 'amount', 'amount_original', 'currency', 'reference',
  'person', 'document', 'nationality', 'place', 'transport', 'name', 'id_numbers', 'phone', 'phone_original',
  'event_type', 'parties', 'count', 'count_original', 'flags',
  'time_original', 'time_zone', 'source_file', 'source_sha256', 'source_sheet', 'source_row'
]

function csvField(value: string | number | undefined): string {
  if (value === undefined) return ''
  const s = String(value)
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function timesketchCsvHeader(): string {
  return TIMESKETCH_CSV_COLUMNS.join(',')
}

/** One CSV line (no newline) in TIMESKETCH_CSV_COLUMNS order. Values are written as they are, not formula-escaped: this file is for Timesketch, and a `'` before `+66…` would corrupt the number. */
export function timesketchCsvLine(row: TimesketchRow): string {
  return TIMESKETCH_CSV_COLUMNS.map((c) => csvField(row[c])).join(',')
}
