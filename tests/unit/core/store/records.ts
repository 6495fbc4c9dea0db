// Small hand-built records for the event store tests: calls between numbers, a transfer, a movement, an event.
import type { CallRecord, Direction, EventRecord, Movement, PhoneValue, Service, TimeValue, Transfer, WaymarkRecord } from '../../../../src/core/model/records'
import { mulberry32 } from '../../../../src/core/seeded'

export const SRC_A = 'a'.repeat(64)
export const SRC_B = 'b'.repeat(64)

export const T0 = Date.UTC(2024, 2, 1, 3, 0, 0)

export function phone(e164: string, original?: string): PhoneValue {
  return { kind: 'e164', e164, country: 'TH', original: original ?? `0${e164.slice(3)}` }
}

export function time(utcMs: number, original = new Date(utcMs + 7 * 3600_000).toISOString().replace('T', ' ').slice(0, 19), zone = 'Asia/Bangkok'): TimeValue {
  return { utcMs, zone, explicitOffset: false, original, precision: 'second' }
}

export interface CallSpec {
  readonly row: number
  readonly a: string
  readonly b: string
  readonly at: number
  readonly direction?: Direction
  readonly duration?: number
  readonly service?: Service
  readonly source?: string
  readonly fileName?: string
  readonly sheet?: string
  readonly imei?: string
  readonly cellId?: string
}

export function call(s: CallSpec): CallRecord {
  const source = s.source ?? SRC_A
  const rec: Record<string, unknown> = {
    kind: 'call',
    provenance: { sourceSha256: source, fileName: s.fileName ?? (source === SRC_A ? 'target-a.csv' : 'target-b.csv'), sheet: s.sheet ?? 'CDR', row: s.row },
    service: s.service ?? 'call',
    direction: s.direction ?? 'outgoing',
    aParty: phone(s.a),
    bParty: phone(s.b),
    start: time(s.at)
  }
  if (s.duration !== undefined) {
    rec.durationSeconds = s.duration
    rec.durationOriginal = String(s.duration)
  }
  if (s.imei) rec.imei = s.imei
  if (s.cellId) rec.cellId = s.cellId
  return rec as unknown as CallRecord
}

export function transfer(row: number, at: number | undefined, payer: string, beneficiary: string, amount: string, currency: string, source = SRC_A): Transfer {
  const rec: Record<string, unknown> = {
    kind: 'transfer',
    provenance: { sourceSha256: source, fileName: 'target-a.csv', sheet: 'CDR', row },
    payer,
    beneficiary,
    payerAccount: `ACC-${payer.length}`,
    amount: { value: Number(amount.replace(/,/g, '')), original: amount },
    currency
  }
  if (at !== undefined) rec.time = time(at)
  return rec as unknown as Transfer
}

export function movement(row: number, at: number, person: string, document: string, source = SRC_A): Movement {
  return {
    kind: 'movement',
    provenance: { sourceSha256: source, fileName: 'target-a.csv', sheet: 'CDR', row },
    time: time(at),
    person,
    document,
    place: 'Mae Sot checkpoint',
    direction: 'exit',
    directionOriginal: 'ออก'
  }
}

export function event(row: number, at: number | undefined, text: string, parties: string[] = [], source = SRC_A): EventRecord {
  const rec: Record<string, unknown> = { kind: 'event', provenance: { sourceSha256: source, fileName: 'target-a.csv', sheet: 'CDR', row }, text }
  if (at !== undefined) rec.time = time(at)
  if (parties.length) rec.parties = parties
  return rec as unknown as EventRecord
}

/** A deterministic pseudo-random generator, so generated fixtures are the same on every run. */
export const rng = mulberry32

export function sortById<T extends WaymarkRecord>(records: readonly T[]): T[] {
  const id = (r: WaymarkRecord) => `${r.provenance.sheet}:${String(r.provenance.row).padStart(9, '0')}`
  return [...records].sort((x, y) => (id(x) < id(y) ? -1 : id(x) > id(y) ? 1 : 0))
}
