// One imported record as rows of "field · normalised value · original text", so the detail panel shows what Waymark
// made of each cell beside what the file said.
import type { WaymarkRecord } from '../../../../core/model/records'
import type { DisplayZone } from '../../../../core/analysis/timelineFilter'
import { formatEventTime } from './timeFormat'

export interface FieldRow {
  readonly field: string
  readonly value: string
  readonly original: string
}

const LABELS: Record<string, string> = {
  aParty: 'A party (calling)',
  bParty: 'B party (called)',
  subscriber: 'Subscriber (target)',
  counterpart: 'Other party',
  start: 'Start',
  end: 'End',
  time: 'Time',
  durationSeconds: 'Duration (s)',
  imei: 'IMEI',
  imsi: 'IMSI',
  cellId: 'Cell id',
  lac: 'LAC',
  cgi: 'CGI',
  endCgi: 'End CGI',
  siteName: 'Site',
  payerAccount: 'Payer account',
  beneficiaryAccount: 'Beneficiary account',
  directionOriginal: 'Direction (as written)'
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function recordFields(record: WaymarkRecord, zone: DisplayZone): FieldRow[] {
  const out: FieldRow[] = []
  const r = record as unknown as Record<string, unknown>
  for (const [key, v] of Object.entries(r)) {
    if (key === 'provenance' || key === 'extra' || key === 'durationOriginal' || key === 'directionOriginal' || key === 'serviceOriginal' || v === undefined) continue
    const field = LABELS[key] ?? key
    if (isObject(v) && typeof v.utcMs === 'number') {
      const z = String(v.zone ?? 'UTC')
      const shown = formatEventTime(v.utcMs, zone, z)
      out.push({ field, value: shown.endsWith(' UTC') ? shown : `${shown} (${new Date(v.utcMs).toISOString().replace('.000Z', 'Z')})`, original: `${String(v.original ?? '')} — read in ${z}${v.explicitOffset ? ' (offset in the data)' : ''}${v.precision && v.precision !== 'second' ? `, precision: ${String(v.precision)}` : ''}` })
    } else if (isObject(v) && 'original' in v && 'kind' in v) {
      out.push({ field, value: typeof v.e164 === 'string' ? `${v.e164}${v.country ? ` (${String(v.country)})` : ''}` : `(${String(v.kind)})`, original: String(v.original) })
    } else if (isObject(v) && 'original' in v && 'value' in v) {
      out.push({ field, value: `${v.censored === 'below' ? '< ' : ''}${String(v.value)}`, original: String(v.original) })
    } else if (key === 'durationSeconds') {
      out.push({ field, value: String(v), original: String(r.durationOriginal ?? '') })
    } else if (key === 'direction' && typeof r.directionOriginal === 'string') {
      out.push({ field: 'Direction', value: String(v), original: r.directionOriginal })
    } else if (key === 'service' && (typeof r.serviceOriginal === 'string' || typeof r.directionOriginal === 'string')) {
      // A call type (SMS-MO) gives both: the service then comes from the direction column's text.
      out.push({ field: 'Service', value: String(v), original: String(r.serviceOriginal ?? r.directionOriginal) })
    } else if (Array.isArray(v)) {
      out.push({ field, value: v.map(String).join(', '), original: '' })
    } else if (!isObject(v)) {
      out.push({ field, value: String(v), original: '' })
    }
  }
  const extra = r.extra
  if (isObject(extra)) for (const [k, v] of Object.entries(extra)) out.push({ field: `${k} (unmapped column)`, value: '', original: String(v) })
  return out
}
