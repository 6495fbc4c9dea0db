// The app shell: navigation bar, the current screen, visible problems and the status area.
import { Alignment, Button, Callout, Intent, Navbar, NavbarDivider, NavbarGroup, NavbarHeading, Tooltip } from '@blueprintjs/core'
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { AbandonedImport, StorageProblem, WorkspaceDb } from '../../../workspace'
// By module, not the workspace index: see main.tsx.
import { CaseRepository } from '../../../workspace/cases'
import { ProblemCallout } from '../components/ProblemCallout'
import { StatusBar } from '../components/StatusBar'
import { CaseHome } from '../features/caseHome/CaseHome'
import { StartScreen } from '../features/cases/StartScreen'
import { LazyPane } from '../components/LazyPane'
import type { Platform } from '../platform/platform'
import { requestPersistentStorage, type StorageStatus } from '../platform/storage'
import { AppContext, type AppServices } from './context'
import { useRoute } from './route'
import { PrintScreen } from './screens'
import { useTheme } from './theme'

export function App({ db, platform, abandoned = [] }: { db: WorkspaceDb; platform: Platform; abandoned?: readonly AbandonedImport[] }) {
  const [route, go] = useRoute()
  const [theme, toggleTheme] = useTheme()
  const [problems, setProblems] = useState<StorageProblem[]>([])
  const [storage, setStorage] = useState<StorageStatus | null>(null)
  const [showAbandoned, setShowAbandoned] = useState(abandoned.length > 0)

  const report = useCallback((p: StorageProblem) => setProblems((list) => [...list.filter((x) => x.message !== p.message), p]), [])
  const services: AppServices = useMemo(() => ({ db, cases: new CaseRepository(db), platform, report }), [db, platform, report])

  useEffect(() => {
    void requestPersistentStorage(navigator).then(setStorage)
  }, [])

  if (route.screen === 'print') {
    return (
      <AppContext.Provider value={services}>
        <LazyPane what="print view">
          <PrintScreen caseId={route.caseId} params={route.params} />
        </LazyPane>
      </AppContext.Provider>
    )
  }

  return (
    <AppContext.Provider value={services}>
      <div className="wm-app">
        <Navbar className="wm-nav">
          <NavbarGroup align={Alignment.START}>
            <NavbarHeading className="wm-brand">
              <a href="#/">Waymark</a>
            </NavbarHeading>
            <NavbarDivider />
            <Button variant="minimal" icon="folder-close" text="Cases" onClick={() => go({ screen: 'cases' })} />
          </NavbarGroup>
          <NavbarGroup align={Alignment.END}>
            <Tooltip content={theme === 'dark' ? 'Light theme' : 'Dark theme'}>
              <Button variant="minimal" icon={theme === 'dark' ? 'flash' : 'moon'} aria-label="Toggle theme" onClick={toggleTheme} data-testid="theme-toggle" />
            </Tooltip>
          </NavbarGroup>
        </Navbar>
        <main className="wm-main">
          {showAbandoned ? (
            <Callout intent={Intent.WARNING} icon="history" title="Unfinished imports were removed" className="wm-problem" data-testid="abandoned-imports">
              <p>
                {abandoned.map((a) => `${a.fileName} (started ${new Date(a.startedAt).toLocaleString()})`).join('; ')} did not finish before Waymark closed. Nothing from{' '}
                {abandoned.length === 1 ? 'it' : 'them'} was kept; import {abandoned.length === 1 ? 'it' : 'them'} again.
              </p>
              <Button size="small" text="Dismiss" onClick={() => setShowAbandoned(false)} />
            </Callout>
          ) : null}
          {problems.map((p) => (
            <ProblemCallout key={p.message} problem={p} onDismiss={() => setProblems((list) => list.filter((x) => x !== p))} />
          ))}
          {route.screen === 'case' ? (
            <CaseHome
              key={route.caseId}
              caseId={route.caseId}
              tab={route.tab}
              params={route.params}
              onTab={(tab, params = {}) => go({ screen: 'case', caseId: route.caseId, tab, params })}
              onParams={(params) => go({ screen: 'case', caseId: route.caseId, tab: route.tab, params }, { replace: true })}
              onBack={() => go({ screen: 'cases' })}
            />
          ) : (
            <StartScreen autoDemo={route.demo === true} onOpen={(caseId) => go({ screen: 'case', caseId, tab: 'overview', params: {} })} />
          )}
        </main>
        <StatusBar mode={platform.kind} storage={storage} schemaVersion={db.schemaVersion} />
      </div>
    </AppContext.Provider>
  )
}
