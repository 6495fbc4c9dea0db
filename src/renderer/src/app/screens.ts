// The screens that load on demand: each case tab and the print view is its own chunk (with AG Grid, SheetJS,
// libphonenumber and the timeline's drawing code where they are used), so the app starts on the shell, the start
// screen and the Overview alone. The chunk a URL needs is fetched at once; the other tabs' when the browser is idle.
import { lazyNamed } from '../components/lazyNamed'
import type { WorkspaceDb } from '../../../workspace'
import type { CaseTab, Route } from './route'

export const TimelineTab = lazyNamed(() => import('../features/timeline/TimelineView'), 'TimelineView')
export const EntitiesTab = lazyNamed(() => import('../features/entities/EntitiesView'), 'EntitiesView')
export const ImportTab = lazyNamed(() => import('../features/import/ImportWizard'), 'ImportWizard')
export const SourcesTab = lazyNamed(() => import('../features/sources/SourcesView'), 'SourcesView')
export const PrintScreen = lazyNamed(() => import('../features/print/PrintView'), 'PrintView')

const TAB_CHUNKS: Readonly<Record<Exclude<CaseTab, 'overview'>, () => Promise<void>>> = {
  timeline: TimelineTab.preload,
  entities: EntitiesTab.preload,
  sources: SourcesTab.preload,
  import: ImportTab.preload
}

/** Fetches the chunk of the screen a URL opens, before the workspace has opened, so the two load side by side. */
export function preloadRoute(route: Route): void {
  if (route.screen === 'print') void PrintScreen.preload()
  else if (route.screen === 'case' && route.tab !== 'overview') void TAB_CHUNKS[route.tab]()
}

const idle = (): Promise<void> =>
  new Promise((resolve) => {
    if (typeof window.requestIdleCallback === 'function') window.requestIdleCallback(() => resolve(), { timeout: 5000 })
    else window.setTimeout(resolve, 200)
  })

/** How long after a case opens the other tabs start loading: out of the way of the tab the analyst opened. */
const PRELOAD_DELAY_MS = 2000

/** The mark a finished warm-up of the entity tables leaves in the page's performance timeline (the benchmark waits on it). */
export const ENTITIES_WARM_MARK = 'waymark:entities-warm'

/** The mark the warm-up leaves once the phone table's rows are ready (for profiles: the whole warm-up ends later). */
export const ENTITIES_ROWS_MARK = 'waymark:entities-rows'

/** What a warm-up leaves to do once the rest of the case's background loading is done too (see preloadCaseTabs). */
export type WarmDone = () => void

/**
 * Decodes a case's entity statistics and builds its entity table rows (the repository caches them per store version),
 * so a click on the Entities tab does not wait for IndexedDB and the decode (about half a second at 100,000 phones),
 * and puts the tables' style sheets in the page. The work goes a block at a time, each step queued behind what the
 * page has waiting (never one long task in the way of a click or of another tab's first draw); the tab clicked meanwhile
 * asks the repository for the same rows, which then finishes them without pauses rather than starting again. Its
 * result is dropped: the tab reads the same cache and reports any problem itself. Returns what marks it done
 * (ENTITIES_WARM_MARK), for when everything else loading in the background has finished too.
 */
export async function warmEntityTables(db: WorkspaceDb, caseId: string): Promise<WarmDone | undefined> {
  const [{ caseServices }, { backgroundPace }] = await Promise.all([import('./services'), import('../../../workspace/eventStore')])
  const pace = backgroundPace()
  const r = await caseServices(db).entities.entityTable(caseId, 'phone', pace)
  performance.mark(ENTITIES_ROWS_MARK, { detail: { caseId, hurried: pace.urgent } })
  // The tables' style sheets too, so the first table shown does not restyle the whole page (see holdGridStyles).
  const [{ holdGridStyles }, { warmFirstRows }] = await Promise.all([import('../components/DataGrid'), import('../features/entities/entityData')])
  holdGridStyles()
  if (!r.ok) return undefined
  await warmFirstRows(r.value.rows, pace)
  return () => performance.mark(ENTITIES_WARM_MARK, { detail: { caseId } })
}

/**
 * Once a case is open, fetches the other tabs' chunks one at a time while the browser is idle, so switching tabs does
 * not wait on the network or the parser. The most used tabs first. Then, when idle again, runs `warm` (the case's data
 * the tabs read first), which may decline by returning nothing, and at the very end what it returned, if anything.
 * Returns a function that stops what has not started.
 *
 * `early` (the case opened on a screen that reads little: its Overview, its sources) starts at the first idle moment
 * instead of after PRELOAD_DELAY_MS, with the Entities tab's chunk and `warm` first: the table of a large case is the
 * slowest tab to open, and an analyst may click it a second after the case shows. Otherwise (the timeline, whose first
 * draw must not share the thread) it all waits for the delay.
 */
export function preloadCaseTabs(warm?: () => Promise<WarmDone | undefined> | undefined, early = false): () => void {
  let stopped = false
  const order: readonly Exclude<CaseTab, 'overview'>[] = early ? ['entities', 'timeline', 'sources', 'import'] : ['timeline', 'entities', 'sources', 'import']
  const warmUp = async (): Promise<WarmDone | undefined> => {
    if (!warm) return undefined
    await idle()
    if (stopped) return undefined
    return warm()
  }
  void (async () => {
    if (!early) await new Promise((resolve) => window.setTimeout(resolve, PRELOAD_DELAY_MS))
    let done: WarmDone | undefined
    for (const [i, tab] of order.entries()) {
      // The tab on screen is already loaded or loading: its preload is the same fetch, not a second one.
      await idle()
      if (stopped) return
      await TAB_CHUNKS[tab]()
      if (early && i === 0) done = await warmUp()
    }
    if (!early) done = await warmUp()
    done?.()
  })()
  return () => {
    stopped = true
  }
}
