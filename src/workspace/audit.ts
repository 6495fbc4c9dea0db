// Append-only, hash-chained audit log of everything an analyst does to a case. Entries are written inside the
// same transaction as the change they record, so a change without its audit entry cannot be committed.
import { nextEntry, verifyChain, type AuditEntry, type AuditHead, type AuditVerification } from '../core/audit/chain'
import type { WorkspaceDb } from './db'

const HEAD_KEY = 'audit.head'

/** Tables an audited write must include in its transaction. */
export function auditTables(db: WorkspaceDb) {
  return [db.audit, db.meta] as const
}

/**
 * Appends one entry. Call it inside a 'rw' transaction that includes db.audit and db.meta (auditTables).
 * The hash is computed synchronously so the transaction never waits on anything but IndexedDB.
 */
export async function appendAudit(db: WorkspaceDb, caseId: string | null, action: string, details: unknown, at = Date.now()): Promise<AuditEntry> {
  const prev = await db.audit.orderBy('seq').last()
  const entry = nextEntry(prev, at, caseId, action, details)
  await db.audit.add(entry)
  await db.meta.put({ key: HEAD_KEY, value: JSON.stringify({ seq: entry.seq, hash: entry.hash } satisfies AuditHead) })
  return entry
}

export async function readAuditHead(db: WorkspaceDb): Promise<AuditHead | null> {
  const row = await db.meta.get(HEAD_KEY)
  return row ? (JSON.parse(row.value) as AuditHead) : null
}

/** Reads the whole log in order and checks every link; returns the problems in words a user can act on. */
export async function verifyAudit(db: WorkspaceDb): Promise<AuditVerification> {
  return db.transaction('r', db.audit, db.meta, async () => {
    const entries = await db.audit.orderBy('seq').toArray()
    return verifyChain(entries, await readAuditHead(db))
  })
}

export async function auditForCase(db: WorkspaceDb, caseId: string, limit = 50): Promise<AuditEntry[]> {
  const rows = await db.audit.where('caseId').equals(caseId).toArray()
  return rows.sort((a, b) => b.seq - a.seq).slice(0, limit)
}
