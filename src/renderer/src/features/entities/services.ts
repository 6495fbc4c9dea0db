// The entity screens' repositories: the app's shared ones (app/services.ts), so the table, an entity's page, the
// analysis screens and the timeline read one cache of decoded segments.
import type { EntityRepository, EventStore, WorkspaceDb } from '../../../../workspace'
import { caseServices } from '../../app/services'

export function eventStoreFor(db: WorkspaceDb): EventStore {
  return caseServices(db).events
}

export function entitiesFor(db: WorkspaceDb): EntityRepository {
  return caseServices(db).entities
}
