// The case workspace database: one Dexie class whose schema is an append-only history of named versions.
// Never edit a released version's stores or upgrade; add a new version. A test opens each old version, seeds it,
// and reopens it upgraded (tests/unit/workspace/db.test.ts).
import Dexie, { type EntityTable, type Table, type Transaction } from 'dexie'
import type {
  AuditRow,
  CaseRow,
  EntityRecordsRow,
  AnalystEventRow,
  EntityStatBlockRow,
  EventMarkRow,
  EntityResolutionRow,
  ImportedSourceRow,
  MetaRow,
  MirrorLinksRow,
  NoteRow,
  SegmentOriginalsRow,
  SegmentRow,
  SourceFileRow,
  SourceRow
} from './rows'

export interface SchemaVersion {
  readonly version: number
  /** What the version changed, in a few words; shown in upgrade logs and tests. */
  readonly name: string
  readonly stores: Readonly<Record<string, string | null>>
  readonly upgrade?: (tx: Transaction) => Promise<void>
}

export const SCHEMA_HISTORY: readonly SchemaVersion[] = [
  {
    version: 1,
    name: 'initial workspace: cases, sources, events, entities, notes, audit log',
    stores: {
      cases: 'id, name, createdAt',
      sources: 'id, caseId, [caseId+sha256]',
      events: 'id, caseId, sourceId, [caseId+at]',
      entities: 'id, caseId, [caseId+kind], [caseId+key]',
      notes: 'id, caseId',
      audit: 'seq, caseId, at',
      meta: 'key'
    }
  },
  {
    version: 2,
    name: 'cases by last opened, case-insensitive name key',
    stores: {
      cases: 'id, nameKey, createdAt, lastOpenedAt'
    },
    upgrade: async (tx) => {
      await tx
        .table('cases')
        .toCollection()
        .modify((row: Partial<CaseRow> & { name: string; createdAt: number }) => {
          row.nameKey = caseNameKey(row.name)
          row.caseNumber = row.caseNumber ?? ''
          row.updatedAt = row.updatedAt ?? row.createdAt
          row.lastOpenedAt = row.lastOpenedAt ?? row.createdAt
        })
    }
  },
  {
    version: 3,
    name: 'columnar event segments, import status, entity statistics in blocks, mirror links, event marks, source files',
    stores: {
      sources: 'id, caseId, [caseId+sha256], status',
      segments: 'id, caseId, sourceId',
      segmentOriginals: 'id, caseId, sourceId',
      entityRecords: 'id, caseId, sourceId',
      entityStatBlocks: '[caseId+block], caseId',
      mirrorLinks: 'id, caseId',
      eventMarks: '[caseId+eventId], caseId',
      sourceFiles: 'sha256'
    },
    // Sources written before imports had a status were complete when written: they become committed, with no
    // events in the new store (v1/v2 never wrote any).
    upgrade: async (tx) => {
      await tx
        .table('sources')
        .toCollection()
        .modify((row: Partial<ImportedSourceRow> & { importedAt: number }) => {
          row.status = row.status ?? 'committed'
          row.startedAt = row.startedAt ?? row.importedAt
          row.committedAt = row.committedAt ?? row.importedAt
          row.mappingJson = row.mappingJson ?? ''
          row.parserVersions = row.parserVersions ?? {}
          row.eventCount = row.eventCount ?? 0
          row.segmentCount = row.segmentCount ?? 0
          row.counts = row.counts ?? {}
        })
    }
  },
  {
    version: 4,
    name: 'analyst events and entity resolutions; the unused v1 per-row events and entities tables dropped',
    stores: {
      // Never written by any version (v3 moved events to segments before a release), so nothing is lost.
      events: null,
      entities: null,
      analystEvents: 'id, caseId, [caseId+at]',
      entityResolutions: 'id, caseId, [caseId+key]'
    }
  }
]

export const LATEST_VERSION = SCHEMA_HISTORY[SCHEMA_HISTORY.length - 1]!.version
export const DEFAULT_DB_NAME = 'waymark-workspace'

export function caseNameKey(name: string): string {
  return name.normalize('NFC').trim().toLocaleLowerCase()
}

export interface WorkspaceDbOptions {
  name?: string
  /** Open the schema as it was at this version (tests of upgrades); defaults to the latest. */
  version?: number
  /** An IndexedDB implementation (fake-indexeddb in unit tests); defaults to the global one. */
  indexedDB?: IDBFactory
  IDBKeyRange?: typeof IDBKeyRange
}

export class WorkspaceDb extends Dexie {
  cases!: EntityTable<CaseRow, 'id'>
  sources!: EntityTable<SourceRow, 'id'>
  notes!: EntityTable<NoteRow, 'id'>
  audit!: EntityTable<AuditRow, 'seq'>
  meta!: EntityTable<MetaRow, 'key'>
  // Schema v3 (the event store and imports; see eventStore.ts and importJob.ts).
  segments!: EntityTable<SegmentRow, 'id'>
  segmentOriginals!: EntityTable<SegmentOriginalsRow, 'id'>
  entityRecords!: EntityTable<EntityRecordsRow, 'id'>
  entityStatBlocks!: Table<EntityStatBlockRow, [string, number]>
  mirrorLinks!: EntityTable<MirrorLinksRow, 'id'>
  eventMarks!: Table<EventMarkRow, [string, string]>
  sourceFiles!: EntityTable<SourceFileRow, 'sha256'>
  analystEvents!: EntityTable<AnalystEventRow, 'id'>
  entityResolutions!: EntityTable<EntityResolutionRow, 'id'>

  readonly schemaVersion: number

  constructor(options: WorkspaceDbOptions = {}) {
    super(options.name ?? DEFAULT_DB_NAME, {
      // Durable commits: a case is evidence; a crash right after "saved" must not lose it.
      chromeTransactionDurability: 'strict',
      ...(options.indexedDB ? { indexedDB: options.indexedDB } : {}),
      ...(options.IDBKeyRange ? { IDBKeyRange: options.IDBKeyRange } : {})
    })
    const target = options.version ?? LATEST_VERSION
    if (!SCHEMA_HISTORY.some((v) => v.version === target)) throw new Error(`no schema version ${target}`)
    this.schemaVersion = target
    for (const v of SCHEMA_HISTORY) {
      if (v.version > target) break
      const declared = this.version(v.version).stores({ ...v.stores })
      if (v.upgrade) declared.upgrade(v.upgrade)
    }
  }
}
