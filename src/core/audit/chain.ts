// The audit log's hash chain: how an entry is hashed and how a sequence of entries is verified. Storage-free.
import { sha256Hex } from '../sha256'

export const GENESIS_HASH = '0'.repeat(64)

export interface AuditEntryBody {
  readonly seq: number
  readonly at: number
  readonly caseId: string | null
  readonly action: string
  /** JSON text of the details. */
  readonly details: string
  readonly prevHash: string
}

export interface AuditEntry extends AuditEntryBody {
  readonly hash: string
}

/** Canonical text of an entry: fixed field order, so the same entry always hashes the same. */
export function canonicalEntry(e: AuditEntryBody): string {
  return JSON.stringify([e.seq, e.at, e.caseId, e.action, e.details, e.prevHash])
}

export function hashEntry(e: AuditEntryBody): string {
  return sha256Hex(canonicalEntry(e))
}

export function nextEntry(prev: AuditEntry | undefined, at: number, caseId: string | null, action: string, details: unknown): AuditEntry {
  const body: AuditEntryBody = {
    seq: prev ? prev.seq + 1 : 1,
    at,
    caseId,
    action,
    details: JSON.stringify(details ?? {}),
    prevHash: prev ? prev.hash : GENESIS_HASH
  }
  return { ...body, hash: hashEntry(body) }
}

export interface AuditHead {
  readonly seq: number
  readonly hash: string
}

export type AuditProblem =
  | { kind: 'edited'; seq: number; message: string }
  | { kind: 'missing'; seq: number; message: string }
  | { kind: 'broken-link'; seq: number; message: string }
  | { kind: 'head-mismatch'; seq: number; message: string }

export interface AuditVerification {
  readonly ok: boolean
  readonly entries: number
  readonly problems: readonly AuditProblem[]
}

/**
 * Verifies entries given in ascending seq order against each other and against the recorded head.
 * Finds an edited entry (its hash no longer matches its content), a removed entry (a gap in seq, or a
 * broken link to the previous hash) and a removed newest entry (the head names a later seq or another hash).
 */
export function verifyChain(entries: readonly AuditEntry[], head: AuditHead | null): AuditVerification {
  const problems: AuditProblem[] = []
  let expectedSeq = 1
  let prevHash = GENESIS_HASH
  for (const e of entries) {
    if (e.seq !== expectedSeq) {
      const gap = e.seq > expectedSeq ? `entries ${expectedSeq}–${e.seq - 1} are missing` : `entry ${e.seq} is out of order`
      problems.push({ kind: 'missing', seq: expectedSeq, message: `Audit log: ${gap}.` })
    }
    if (hashEntry(e) !== e.hash) {
      problems.push({ kind: 'edited', seq: e.seq, message: `Audit log: entry ${e.seq} (${e.action}) was changed after it was written.` })
    }
    if (e.prevHash !== prevHash) {
      problems.push({ kind: 'broken-link', seq: e.seq, message: `Audit log: entry ${e.seq} does not follow the entry before it.` })
    }
    prevHash = e.hash
    expectedSeq = e.seq + 1
  }
  const last = entries[entries.length - 1]
  if (head && (!last || last.seq !== head.seq || last.hash !== head.hash)) {
    problems.push({
      kind: 'head-mismatch',
      seq: head.seq,
      message: `Audit log: the newest entry should be ${head.seq} but the log ends at ${last ? last.seq : 'nothing'}; entries were removed or changed.`
    })
  }
  if (!head && entries.length > 0) {
    problems.push({ kind: 'head-mismatch', seq: 0, message: 'Audit log: the record of the newest entry is missing.' })
  }
  return { ok: problems.length === 0, entries: entries.length, problems }
}
