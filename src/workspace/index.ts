// The workspace layer's public surface: the database, repositories, audit and storage problems.
export { WorkspaceDb, SCHEMA_HISTORY, LATEST_VERSION, DEFAULT_DB_NAME, type WorkspaceDbOptions } from './db'
export { CaseRepository, type CaseSummary } from './cases'
export { appendAudit, verifyAudit, auditForCase } from './audit'
export { describeStorageError, attempt, type StorageProblem, type Result } from './errors'
export { listTemplates, saveTemplate } from './templates'
export {
  EventStore,
  caseStoreCounts,
  caseStoreTables,
  deleteCaseStore,
  type EventDetail,
  type EventListItem,
  type EventListPage,
  type EventMark,
  type EntitySummary,
  type EntityStatsQuery,
  type EntityStatsPage,
  type MarkPatch
} from './eventStore'
export {
  beginImport,
  writeSourceFile,
  writeSegments,
  writeEntityRecords,
  commitImport,
  abortImport,
  cleanupPendingImports,
  findSourceBySha256,
  listSources,
  removeSource,
  sourceFileBytes,
  type SourceMeta,
  type SourceInfo,
  type ImportOutcome,
  type AbandonedImport,
  type RemovedSource,
  type CommitOptions
} from './importJob'
export { AnalystEventRepository, ANALYST_ID_PREFIX, type AnalystEvent, type AnalystEventInput } from './analystEvents'
export {
  EntityRepository,
  type EntityRow,
  type EntityRowsQuery,
  type EntityRowsPage,
  type EntityPage,
  type EntityPageOptions,
  type SourceRef,
  type MergeRequest,
  type PersonRequest
} from './entities'
