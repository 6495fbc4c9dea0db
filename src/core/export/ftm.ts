// FollowTheMoney entities (JSONL) for Aleph and other FtM tools, with ids derived from the source hash and row.
import type { PhoneValue, TimeValue, WaymarkRecord } from '../model/records'
import { sha256Hex } from '../sha256'

export interface FtmEntity {
  readonly id: string
  readonly schema: string
  readonly properties: Readonly<Record<string, readonly string[]>>
}

/** Deterministic: the same file, sheet, row (and role) always gives the same id, so re-exports merge in Aleph. */
export function ftmId(sourceSha256: string, sheet: string, row: number, role = 'record'): string {
  return sha256Hex(`waymark:${sourceSha256}:${sheet}:${row}:${role}`).slice(0, 40)
}

/**
 * FtM dates are UTC without an offset, and their length states their precision (`2012`, `2006-06-01`,
 * `2006-06-01T04:08:00`).
 */
export function ftmDate(time: TimeValue): string {
  const iso = new Date(time.utcMs).toISOString()
  if (time.precision === 'year') return iso.slice(0, 4)
  if (time.precision === 'day') return iso.slice(0, 10)
  if (time.precision === 'minute') return iso.slice(0, 16)
  return iso.slice(0, 19)
}

const phone = (p: PhoneValue | undefined): string[] => (p && p.kind !== 'empty' ? [p.e164 ?? p.original] : [])
const text = (v: string | undefined): string[] => (v !== undefined && v.trim() !== '' ? [v] : [])
const date = (t: TimeValue | undefined): string[] => (t ? [ftmDate(t)] : [])

function props(entries: Record<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const [k, v] of Object.entries(entries)) if (v.length) out[k] = v
  return out
}

function legalEntity(record: WaymarkRecord, role: string, name: string | undefined): FtmEntity | null {
  if (!name || !name.trim()) return null
  const p = record.provenance
  return { id: ftmId(p.sourceSha256, p.sheet, p.row, role), schema: 'LegalEntity', properties: { name: [name] } }
}

/**
 * The FtM entities of a record: one `Call`, `Person`, `Payment` (with its payer and beneficiary as `LegalEntity`)
 * or `Event`. Cell sites have no FtM schema and give none; callers count them.
 */
export function toFtmEntities(record: WaymarkRecord): FtmEntity[] {
  const p = record.provenance
  const id = ftmId(p.sourceSha256, p.sheet, p.row)
  // Interval schemata (Call, Payment, Event) carry the provenance in recordId; Person (a Thing) in description.
  const source = [`${p.fileName} (${p.sheet}) row ${p.row}, sha256 ${p.sourceSha256}`]
  switch (record.kind) {
    case 'call': {
      // Without A/B-party columns, the direction says whether the target or the other party called.
      const out = record.direction === 'outgoing'
      const inc = record.direction === 'incoming'
      const caller = record.aParty ?? (out ? record.subscriber : inc ? record.counterpart : undefined)
      const receiver = record.bParty ?? (out ? record.counterpart : inc ? record.subscriber : undefined)
      return [
        {
          id,
          schema: 'Call',
          properties: props({
            callerNumber: phone(caller),
            receiverNumber: phone(receiver),
            startDate: date(record.start),
            endDate: date(record.end),
            duration: record.durationSeconds !== undefined ? [String(record.durationSeconds)] : [],
            recordId: source
          })
        }
      ]
    }
    case 'person':
      return [
        {
          id,
          schema: 'Person',
          properties: props({
            name: text(record.name),
            alias: [...(record.aliases ?? [])],
            idNumber: [...(record.idNumbers ?? [])],
            phone: phone(record.phone),
            birthDate: date(record.birthDate),
            nationality: text(record.nationality),
            gender: text(record.gender),
            address: text(record.address),
            description: source
          })
        }
      ]
    case 'transfer': {
      const payer = legalEntity(record, 'payer', record.payer)
      const beneficiary = legalEntity(record, 'beneficiary', record.beneficiary)
      const payment: FtmEntity = {
        id,
        schema: 'Payment',
        properties: props({
          date: date(record.time),
          amount: record.amount ? [String(record.amount.value)] : [],
          currency: text(record.currency),
          payer: payer ? [payer.id] : [],
          beneficiary: beneficiary ? [beneficiary.id] : [],
          purpose: text(record.reference),
          recordId: source
        })
      }
      return [payer, beneficiary, payment].filter((e): e is FtmEntity => e !== null)
    }
    case 'movement':
      return [
        {
          id,
          schema: 'Event',
          properties: props({
            name: [`${record.person ?? record.document ?? 'Unknown person'} ${record.direction === 'entry' ? 'entry' : record.direction === 'exit' ? 'exit' : 'crossing'} at ${record.place ?? 'unknown place'}`],
            date: date(record.time),
            location: text(record.place),
            summary: text(record.document ? `Document ${record.document}` : undefined),
            recordId: source
          })
        }
      ]
    case 'event':
      return [
        {
          id,
          schema: 'Event',
          properties: props({
            name: [record.text],
            date: date(record.time),
            endDate: date(record.end),
            location: text(record.place),
            summary: record.parties?.length ? [`Parties: ${record.parties.join('; ')}`] : [],
            recordId: source
          })
        }
      ]
    case 'cellSite':
      return []
  }
}
