// Small hand-built CDRs for the entity analyses: calls and SMS with handset and SIM, turned into the indexed
// segments (mirror halves hidden) that EventStore.segments hands the analyses.
import type { CallRecord, Direction, Service, WaymarkRecord } from '../../../../src/core/model/records'
import { buildSegments } from '../../../../src/core/store/encode'
import { findMirrors, MirrorBook } from '../../../../src/core/store/mirror'
import type { IndexedSegment } from '../../../../src/core/store/query'
import { phone, SRC_A } from '../store/records'

export const HOUR = 3_600_000
export const DAY = 86_400_000
/** Monday 4 March 2024, 00:00 UTC. */
export const MON = Date.UTC(2024, 2, 4)

export interface Cdr {
  readonly a: string
  readonly b: string
  readonly at: number
  readonly direction?: Direction
  readonly service?: Service
  readonly duration?: number
  readonly imei?: string
  readonly imsi?: string
  readonly cell?: string
  readonly source?: string
  /** Caller and callee unknown: a is the subscriber, b the other party. */
  readonly rolesUnknown?: boolean
}

let rowCounter = 1

/** One CDR row; numbers are E.164 without the '+' prefix check (the helper adds nothing). */
export function cdr(c: Cdr): CallRecord {
  const source = c.source ?? SRC_A
  const rec: Record<string, unknown> = {
    kind: 'call',
    provenance: { sourceSha256: source, fileName: `${source.slice(0, 4)}.csv`, sheet: 'CDR', row: ++rowCounter },
    service: c.service ?? 'call',
    direction: c.direction ?? 'outgoing'
  }
  // NaN = a row without a usable time.
  if (!Number.isNaN(c.at)) rec.start = { utcMs: c.at, zone: 'UTC', explicitOffset: false, original: new Date(c.at).toISOString(), precision: 'second' }
  if (c.rolesUnknown) {
    rec.subscriber = phone(c.a)
    rec.counterpart = phone(c.b)
    rec.direction = 'unknown'
  } else {
    rec.aParty = phone(c.a)
    rec.bParty = phone(c.b)
  }
  if (c.duration !== undefined) {
    rec.durationSeconds = c.duration
    rec.durationOriginal = String(c.duration)
  }
  if (c.imei) rec.imei = c.imei
  if (c.imsi) rec.imsi = c.imsi
  if (c.cell) rec.cellId = c.cell
  return rec as unknown as CallRecord
}

/**
 * Builds each source's segments (small ones, so analyses cross segment boundaries) and hides the second halves of
 * mirrored calls, as the event store does.
 */
export function indexed(sources: readonly (readonly WaymarkRecord[])[], segmentSize = 3): IndexedSegment[] {
  const all: { id: string; segment: IndexedSegment['segment'] }[] = []
  const existing: { id: string; segment: IndexedSegment['segment'] }[] = []
  const links = []
  for (const records of sources) {
    const built = buildSegments(records, { segmentSize })
    const incoming = built.segments.map((segment) => ({ id: `${segment.sourceId.slice(0, 4)}:${segment.seq}`, segment }))
    links.push(...findMirrors(existing, incoming).links)
    existing.push(...incoming)
    all.push(...incoming)
  }
  const book = new MirrorBook(links)
  return all.map((s) => ({ ...s, hidden: book.hiddenMask(s.id, s.segment.count), mirrored: book.mirroredMask(s.id, s.segment.count) }))
}

export const key = (e164: string): string => `phone:${e164}`
