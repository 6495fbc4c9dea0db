// The app's location lives in the URL hash (#/, #/case/<id>, #/case/<id>/<tab>) so a reload returns to the same screen.
import { useEffect, useState } from 'react'

export const CASE_TABS = ['overview', 'import', 'sources'] as const
export type CaseTab = (typeof CASE_TABS)[number]

export type Route = { screen: 'cases'; demo?: boolean } | { screen: 'case'; caseId: string; tab: CaseTab }

export function parseRoute(hash: string): Route {
  if (hash === '#/demo') return { screen: 'cases', demo: true }
  const m = /^#\/case\/([0-9a-f-]{36})(?:\/([a-z]+))?$/i.exec(hash)
  if (!m) return { screen: 'cases' }
  const tab = (CASE_TABS as readonly string[]).includes(m[2] ?? '') ? (m[2] as CaseTab) : 'overview'
  return { screen: 'case', caseId: m[1]!, tab }
}

export function routeHash(route: Route): string {
  if (route.screen === 'cases') return '#/'
  return route.tab === 'overview' ? `#/case/${route.caseId}` : `#/case/${route.caseId}/${route.tab}`
}

export function useRoute(): [Route, (r: Route) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash))
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash))
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])
  return [route, (r) => {
    window.location.hash = routeHash(r)
  }]
}
