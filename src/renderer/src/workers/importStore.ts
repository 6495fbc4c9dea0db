// Writes one file's mapped records into the case as an all-or-nothing import: pending source, segments in
// batches, one commit transaction at the end; cancel or failure aborts and removes everything written.
import * as XLSX from 'xlsx'
import { buildSegments } from '../../../core/store'
import type { ImportSummary, Mapping } from '../../../core/model/mapping'
import type { WaymarkRecord } from '../../../core/model/records'
import { abortImport, beginImport, commitImport, findSourceBySha256, writeEntityRecords, writeSegments, type WorkspaceDb } from '../../../workspace'
import type { Result } from '../../../workspace/errors'

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled')
    this.name = 'ImportCancelled'
  }
}

/** Thrown with a workspace problem so the worker can show its message and action. */
export class StoreFailed extends Error {
  constructor(readonly problem: { message: string; action: string; detail: string }) {
    super(problem.message)
    this.name = 'StoreFailed'
  }
}

function must<T>(r: Result<T>): T {
  if (!r.ok) throw new StoreFailed(r.problem)
  return r.value
}

export const PARSER_VERSIONS: Readonly<Record<string, string>> = {
  waymark: import.meta.env.VITE_WAYMARK_VERSION ?? '0.1.0',
  sheetjs: XLSX.version
}

export async function findCommittedSource(db: WorkspaceDb, caseId: string, sha256: string) {
  const found = must(await findSourceBySha256(db, caseId, sha256))
  return found && found.status === 'committed' ? { sourceId: found.id, fileName: found.fileName, importedAt: found.committedAt ?? found.startedAt } : null
}

export interface StoreRequest {
  readonly caseId: string
  readonly fileName: string
  readonly bytes: Uint8Array
  readonly sha256: string
  readonly mappings: readonly Mapping[]
  readonly records: readonly WaymarkRecord[]
  readonly summaries: readonly ({ sheet: string } & ImportSummary)[]
  readonly isCancelled: () => boolean
  readonly onProgress: (phase: 'writing' | 'committing', done: number, total: number) => void
}

const SEGMENTS_PER_WRITE = 5

export async function storeImport(db: WorkspaceDb, req: StoreRequest): Promise<{ sourceId: string; events: number; merged: number }> {
  const { importId } = must(
    await beginImport(db, req.caseId, {
      fileName: req.fileName,
      size: req.bytes.byteLength,
      sha256: req.sha256,
      mappingJson: JSON.stringify(req.mappings),
      parserVersions: PARSER_VERSIONS,
      bytes: req.bytes
    })
  )
  try {
    const built = buildSegments(req.records, { sourceId: req.sha256 })
    for (let i = 0; i < built.segments.length; i += SEGMENTS_PER_WRITE) {
      if (req.isCancelled()) throw new ImportCancelled()
      must(await writeSegments(db, importId, built.segments.slice(i, i + SEGMENTS_PER_WRITE), built.originals.slice(i, i + SEGMENTS_PER_WRITE)))
      req.onProgress('writing', Math.min(built.segments.length, i + SEGMENTS_PER_WRITE), built.segments.length)
    }
    if (built.entityRecords.length > 0) must(await writeEntityRecords(db, importId, built.entityRecords))
    if (req.isCancelled()) throw new ImportCancelled()
    req.onProgress('committing', 1, 1)
    const counts: Record<string, number> = { read: 0, ok: 0, warned: 0, rejected: 0, blank: 0 }
    for (const s of req.summaries) {
      counts.read! += s.read
      counts.ok! += s.ok
      counts.warned! += s.warned
      counts.rejected! += s.rejected
      counts.blank! += s.blank
    }
    counts.entityRecords = built.entityRecords.length
    const outcome = must(await commitImport(db, importId, counts))
    return { sourceId: importId, events: outcome.events, merged: outcome.mirrored }
  } catch (err) {
    // Nothing of a failed or cancelled import stays behind.
    await abortImport(db, importId)
    throw err
  }
}
