// App-wide services for the screens: the workspace repositories, the platform adapter and the visible problem state.
import { createContext, useContext } from 'react'
import type { CaseRepository, StorageProblem, WorkspaceDb } from '../../../workspace'
import type { Platform } from '../platform/platform'

export interface AppServices {
  readonly db: WorkspaceDb
  readonly cases: CaseRepository
  readonly platform: Platform
  /** Shows a storage or input problem in the app (never only in the console). */
  readonly report: (problem: StorageProblem) => void
}

export const AppContext = createContext<AppServices | null>(null)

export function useApp(): AppServices {
  const ctx = useContext(AppContext)
  if (!ctx) throw new Error('useApp outside AppContext')
  return ctx
}
