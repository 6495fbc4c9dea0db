// A storage or input problem, shown where the user is looking: what happened, what to do, and the detail for support.
import { Button, Callout, Intent } from '@blueprintjs/core'
import type { StorageProblem } from '../../../workspace'

export function ProblemCallout({ problem, onDismiss }: { problem: StorageProblem; onDismiss?: () => void }) {
  return (
    <Callout intent={Intent.DANGER} title={problem.message} icon="error" className="wm-problem" data-testid="problem">
      <p>{problem.action}</p>
      <p className="wm-muted wm-small">Detail: {problem.detail}</p>
      {onDismiss ? <Button size="small" text="Dismiss" onClick={onDismiss} /> : null}
    </Callout>
  )
}
