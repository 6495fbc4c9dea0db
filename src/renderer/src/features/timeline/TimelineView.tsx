// The case timeline: who called whom and when, on one time axis, with its filters and linked event table.
import { NonIdealState } from '@blueprintjs/core'
import type { CaseTab, RouteParams } from '../../app/route'

export interface TimelineViewProps {
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

export function TimelineView(_props: TimelineViewProps) {
  return <NonIdealState icon="timeline-events" title="Timeline" description="Not built yet." />
}
