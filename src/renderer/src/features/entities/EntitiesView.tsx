// Entity tables, entity pages and call-record analysis of a case.
import { NonIdealState } from '@blueprintjs/core'
import type { CaseTab, RouteParams } from '../../app/route'

export interface EntitiesViewProps {
  readonly caseId: string
  readonly caseName: string
  readonly caseNumber: string
  /** Bumped when the case's contents change. */
  readonly version: number
  readonly params: RouteParams
  readonly onParams: (params: RouteParams) => void
  readonly onTab: (tab: CaseTab, params?: RouteParams) => void
  /** Tell the case screen that something it counts changed (an analyst event added). */
  readonly onChanged: () => void
}

export function EntitiesView(_props: EntitiesViewProps) {
  return <NonIdealState icon="people" title="Entities" description="Not built yet." />
}
