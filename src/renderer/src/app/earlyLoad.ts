// Imported first by main.tsx for its side effects, which start loading before React and Blueprint evaluate: the chunk
// of the screen the URL opens (a case tab, the print view), so fetching and compiling it overlap the app's start; and
// the shell's icons, so the first frame draws them instead of blank squares that fill in later.
import { Icons, IconSize, type IconName } from '@blueprintjs/icons'
import type { WorkspaceDb } from '../../../workspace/db'
import { parseRoute } from './route'
import { preloadRoute } from './screens'

const firstRoute = parseRoute(window.location.hash)
preloadRoute(firstRoute)

// The shared repositories' module (with the event store), fetched now when the URL opens a timeline, so a case's data
// can start loading the moment the workspace is open rather than after the timeline's code has arrived.
const loadServices = () => import('./services')
if (firstRoute.screen === 'case' && firstRoute.tab === 'timeline') void loadServices()

/**
 * Starts reading and decoding a case's segments into the shared event store (app/services.ts) while the timeline's
 * code still loads and mounts; the timeline then finds them read or being read. Only for the timeline: other tabs do
 * not read every event, and a read they do not need would stand in their way. Problems are left for the timeline.
 */
export function prefetchTimeline(db: WorkspaceDb, caseId: string): void {
  performance.mark('timeline:prefetch')
  void loadServices().then(
    ({ caseServices }) => caseServices(db).events.prefetch(caseId),
    () => undefined
  )
}

/** The 16 px icons of the navigation bar, the status bar, the case list and the Overview (others load when drawn). */
const SHELL_ICONS: readonly IconName[] = [
  'folder-close', 'moon', 'flash', 'desktop', 'globe-network', 'lock', 'warning-sign', 'history', 'error',
  'lab-test', 'add', 'folder-open', 'edit', 'trash',
  'arrow-left', 'timeline-events', 'people', 'import', 'document', 'shield', 'info-sign', 'tick-circle'
]
void Icons.load([...SHELL_ICONS], IconSize.STANDARD)
