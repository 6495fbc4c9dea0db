// Stored row shapes of the case workspace. They are separate from core's domain models on purpose:
// a stored row changes only through a named schema upgrade (db.ts), a domain type may change freely.
import type { ReadWarning } from '../core/model/rawTable'
import type { SerialisedOriginals, SerialisedSegment } from '../core/store/serialise'

export interface CaseRow {
  id: string
  name: string
  /** Lower-cased, trimmed name: finds a case regardless of how its name was typed. Added in schema v2. */
  nameKey: string
  caseNumber: string
  createdAt: number
  updatedAt: number
  lastOpenedAt: number
}

export interface SourceRow {
  id: string
  caseId: string
  sha256: string
  fileName: string
  size: number
  importedAt: number
}

export interface NoteRow {
  id: string
  caseId: string
  createdAt: number
  text: string
}

export interface AuditRow {
  /** 1, 2, 3 … without gaps: a gap means an entry was removed. */
  seq: number
  at: number
  caseId: string | null
  action: string
  /** JSON text of the action's details (kept as text so the hash covers exactly what is stored). */
  details: string
  /** SHA-256 (hex) of the previous entry, or 64 zeros for the first. */
  prevHash: string
  /** SHA-256 (hex) of this entry's canonical form, prevHash included. */
  hash: string
}

/** Single-row bookkeeping (key → value), e.g. the audit head, so removing the newest audit entry is detectable. */
export interface MetaRow {
  key: string
  value: string
}

// ---------------------------------------------------------------------------------------------------------------
// Schema v3: the columnar event store and all-or-nothing imports.

/** A source is `pending` while its import runs; only `committed` sources are seen by queries and counts. */
export type SourceStatus = 'pending' | 'committed'

/**
 * A source row as written from schema v3 on. Rows written before v3 are upgraded to `committed` with zero events.
 * `id` is the import id; `sha256` is also the source id inside event ids.
 */
export interface ImportedSourceRow extends SourceRow {
  status: SourceStatus
  startedAt: number
  committedAt: number | null
  /** The mapping used, as JSON text, so the import can be explained and repeated. */
  mappingJson: string
  /** Versions of the readers and normalisers that produced the records (e.g. { csv: '1', dates: '3' }). */
  parserVersions: Record<string, string>
  /** Events stored for this source, mirror duplicates included. */
  eventCount: number
  segmentCount: number
  /** What the import reported (rows read, rejected, warnings, …), as given at commit. */
  counts: Record<string, number>
  /** What reading the whole file found (undecodable bytes, ragged rows, quotes), by file row; absent on older cases. */
  readWarnings?: readonly ReadWarning[]
}

/** One block of events: the columns as one ArrayBuffer plus the segment's dictionary (see core/store/serialise). */
export interface SegmentRow {
  /** `${importId}:${seq}` */
  id: string
  caseId: string
  /** The import id (the source row's id). */
  sourceId: string
  seq: number
  count: number
  minAt: number
  maxAt: number
  columns: SerialisedSegment
}

/** The originals of one segment, same id; read only when a user opens an event. */
export interface SegmentOriginalsRow {
  id: string
  caseId: string
  sourceId: string
  originals: SerialisedOriginals
}

/** Persons and cell sites of one source, in chunks of JSON (they are not timeline events). */
export interface EntityRecordsRow {
  /** `${importId}:${chunk}` */
  id: string
  caseId: string
  sourceId: string
  /** JSON array of Person / CellSite records. */
  records: string
}

/**
 * A block of a case's entity statistics (over committed sources), at most a few thousand entities, in key order:
 * a case's statistics are a handful of large rows, because IndexedDB costs ~0.1 ms per row read or written.
 */
export interface EntityStatBlockRow {
  caseId: string
  /** 0, 1, 2 … in key order; blocks of a case are rewritten together. */
  block: number
  /** Entities in the block. */
  count: number
  firstKey: string
  lastKey: string
  /**
   * JSON text `{ "strings": string[], "rows": [key, firstAt, lastAt, events, asA, asB, asOther, callSeconds,
   * contacts, sources, segments, names, records][] }`: contacts, sources and segments are indexes into `strings`
   * (they repeat across entities); names are text. Decoded by eventStore.ts.
   */
  stats: string
}

/** Mirror pairs whose hidden half is in this import; written when the import commits. */
export interface MirrorLinksRow {
  /** The import id of the source holding the hidden halves. */
  id: string
  caseId: string
  count: number
  segmentIds: string[]
  /** Uint32 quadruples: [secondary segment, index, primary segment, index] into segmentIds. */
  pairs: ArrayBuffer
}

/** An analyst's marks on one event, keyed by the stable event id so they survive re-importing the same file. */
export interface EventMarkRow {
  caseId: string
  eventId: string
  starred: boolean
  tags: string[]
  note: string
  updatedAt: number
}

/** The bytes of an imported file, written once and never overwritten. */
export interface SourceFileRow {
  sha256: string
  size: number
  /** A Blob where the platform has one (see storedBytes in importJob.ts); rows written before 2026-11-29 hold the buffer. */
  bytes: ArrayBuffer | Blob
  storedAt: number
}

/**
 * An event the analyst adds by hand ("victim recruited in Cox's Bazar"): not from any file, so it has no source
 * row; its provenance is the analyst and the audit trail. Event ids are `analyst:<id>`.
 */
export interface AnalystEventRow {
  id: string
  caseId: string
  /** UTC ms; the analyst enters a wall-clock time in `zone`. */
  at: number
  zone: string
  /** The time as the analyst typed it. */
  atText: string
  title: string
  note: string
  /** Entity keys the event concerns (e.g. `phone:+8801712345678`, `person:…`). */
  parties: string[]
  tags: string[]
  starred: boolean
  createdAt: number
  updatedAt: number
}

/**
 * One act of entity resolution by the analyst, reversible: a merge of several entities into one (two SIMs → one
 * person), an alias added to an entity, or a person the analyst created and linked to phones and documents.
 * Undoing it sets `undoneAt`; the row stays, so the trail of what was believed when is never lost.
 */
export interface EntityResolutionRow {
  id: string
  caseId: string
  kind: 'merge' | 'alias' | 'person'
  /** The entity the act is about: the merged-into key, the aliased key, or the created person's key. */
  key: string
  /** merge: the keys merged into `key`; person: the keys linked to the person; alias: empty. */
  members: string[]
  /** The analyst's label (a person's name, a merge's name) or the alias text. */
  label: string
  note: string
  createdAt: number
  undoneAt: number | null
}
