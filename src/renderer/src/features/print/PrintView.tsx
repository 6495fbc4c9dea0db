// The printable timeline: paginated pages sized for paper, each with the case, marking, zone, filter and page X of Y.
import { NonIdealState } from '@blueprintjs/core'
import type { RouteParams } from '../../app/route'

export function PrintView(_props: { readonly caseId: string; readonly params: RouteParams }) {
  return <NonIdealState icon="print" title="Print view" description="Not built yet." />
}
