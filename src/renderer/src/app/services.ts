// One set of case repositories per workspace database for every screen, so the decoded segments of a case are
// cached once and shared by the timeline, the entity screens and the print view (a 1M-event case decoded twice
// would double the renderer's memory).
import { AnalystEventRepository, EntityRepository, EventStore, type WorkspaceDb } from '../../../workspace'

export interface CaseServices {
  readonly events: EventStore
  readonly analyst: AnalystEventRepository
  readonly entities: EntityRepository
}

const perDb = new WeakMap<WorkspaceDb, CaseServices>()

export function caseServices(db: WorkspaceDb): CaseServices {
  let s = perDb.get(db)
  if (!s) {
    const events = new EventStore(db)
    s = { events, analyst: new AnalystEventRepository(db), entities: new EntityRepository(db, events) }
    perDb.set(db, s)
  }
  return s
}
