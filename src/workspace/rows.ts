// Stored row shapes of the case workspace. They are separate from core's domain models on purpose:
// a stored row changes only through a named schema upgrade (db.ts), a domain type may change freely.

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

export interface EventRow {
  id: string
  caseId: string
  sourceId: string
  at: number
}

export interface EntityRow {
  id: string
  caseId: string
  kind: string
  key: string
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
