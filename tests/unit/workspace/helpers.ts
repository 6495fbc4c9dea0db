// A fresh, isolated fake IndexedDB per test, so workspace tests never see each other's data.
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb'
import { WorkspaceDb } from '../../../src/workspace/db'

export function freshDb(version?: number, name = 'test-workspace', factory: InstanceType<typeof IDBFactory> = new IDBFactory()) {
  return { db: new WorkspaceDb({ name, indexedDB: factory, IDBKeyRange, ...(version !== undefined ? { version } : {}) }), factory }
}
