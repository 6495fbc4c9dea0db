// The workspace layer's public surface: the database, repositories, audit and storage problems.
export { WorkspaceDb, SCHEMA_HISTORY, LATEST_VERSION, DEFAULT_DB_NAME, type WorkspaceDbOptions } from './db'
export { CaseRepository, type CaseSummary } from './cases'
export { appendAudit, verifyAudit, auditForCase } from './audit'
export { describeStorageError, attempt, type StorageProblem, type Result } from './errors'
