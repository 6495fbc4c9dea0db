// The timeline's repositories: the app's shared ones (app/services.ts), so decoded segments stay cached across tab
// switches and are not decoded a second time by the entity screens or the print view.
import type { AnalystEventRepository, EventStore, WorkspaceDb } from '../../../../workspace'
import { caseServices } from '../../app/services'

export function timelineServices(db: WorkspaceDb): { events: EventStore; analyst: AnalystEventRepository } {
  return caseServices(db)
}
