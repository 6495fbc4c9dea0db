// The place a lazily loaded screen or tab is shown: a quiet spinner while its code arrives, and a visible message
// (not a blank screen) if the code cannot be loaded or the screen stops with an error.
import { Button, NonIdealState, Spinner } from '@blueprintjs/core'
import { Component, Suspense, type ErrorInfo, type ReactNode } from 'react'
import './lazyPane.css'

interface BoundaryProps {
  readonly what: string
  readonly children: ReactNode
}

class PaneBoundary extends Component<BoundaryProps, { error: Error | null }> {
  override state: { error: Error | null } = { error: null }

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) }
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept for support: the screen shows the message, the console the component stack.
    console.error(`Waymark: ${this.props.what} failed`, error, info.componentStack)
  }

  override render(): ReactNode {
    const { error } = this.state
    if (!error) return this.props.children
    return (
      <div className="wm-lazy-error" data-testid="pane-error">
        <NonIdealState
          icon="error"
          title={`The ${this.props.what} could not be shown`}
          description={
            <>
              <p>Reload Waymark to try again. If this keeps happening, the installation may be damaged: reinstall Waymark.</p>
              <p className="wm-small wm-muted">Detail: {error.message}</p>
            </>
          }
          action={<Button icon="refresh" text="Reload Waymark" onClick={() => window.location.reload()} />}
        />
      </div>
    )
  }
}

/** Renders `children` (lazy components inside) with the app's loading and failure states; `what` names it for the user. */
export function LazyPane({ what, children }: { what: string; children: ReactNode }) {
  return (
    <PaneBoundary what={what}>
      <Suspense
        fallback={
          <div className="wm-lazy-pane" role="status" aria-label={`Loading the ${what}`} data-testid="pane-loading">
            <Spinner size={24} />
          </div>
        }
      >
        {children}
      </Suspense>
    </PaneBoundary>
  )
}
