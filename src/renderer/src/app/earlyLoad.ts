// Imported first by main.tsx for its side effects, which start loading before React and Blueprint evaluate: the chunk
// of the screen the URL opens (a case tab, the print view), so fetching and compiling it overlap the app's start; and
// the shell's icons, so the first frame draws them instead of blank squares that fill in later.
import { Icons, IconSize, type IconName } from '@blueprintjs/icons'
import { parseRoute } from './route'
import { preloadRoute } from './screens'

preloadRoute(parseRoute(window.location.hash))

/** The 16 px icons of the navigation bar, the status bar, the case list and the Overview (others load when drawn). */
const SHELL_ICONS: readonly IconName[] = [
  'folder-close', 'moon', 'flash', 'desktop', 'globe-network', 'lock', 'warning-sign', 'history', 'error',
  'lab-test', 'add', 'folder-open', 'edit', 'trash',
  'arrow-left', 'timeline-events', 'people', 'import', 'document', 'shield', 'info-sign', 'tick-circle'
]
void Icons.load([...SHELL_ICONS], IconSize.STANDARD)
