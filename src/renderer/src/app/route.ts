// The app's location lives in the URL hash (#/, #/case/<id>, #/case/<id>/<tab>?k=v) so a reload returns to the same
// screen, and one screen can send the analyst to another with a filter (entity table → timeline of those phones).
import { useEffect, useState } from 'react'

export const CASE_TABS = ['overview', 'timeline', 'entities', 'import', 'sources'] as const
export type CaseTab = (typeof CASE_TABS)[number]

/** A screen's own state in the URL (filters, the open entity); values are plain strings. */
export type RouteParams = Readonly<Record<string, string>>

export type Route =
  | { screen: 'cases'; demo?: boolean }
  | { screen: 'case'; caseId: string; tab: CaseTab; params: RouteParams }
  /** The printable timeline: a page of its own, without the app's chrome, so Chromium prints only the pages. */
  | { screen: 'print'; caseId: string; params: RouteParams }

function parseParams(query: string | undefined): RouteParams {
  const out: Record<string, string> = {}
  if (!query) return out
  for (const [k, v] of new URLSearchParams(query)) {
    // Keys come from a URL: never let one reach Object.prototype.
    if (k === '__proto__' || k === 'constructor' || k === 'prototype') continue
    out[k] = v
  }
  return out
}

function formatParams(params: RouteParams): string {
  const entries = Object.entries(params).filter(([, v]) => v !== '')
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries).toString()}`
}

export function parseRoute(hash: string): Route {
  if (hash === '#/demo') return { screen: 'cases', demo: true }
  const m = /^#\/case\/([0-9a-f-]{36})(?:\/([a-z]+))?(?:\?(.*))?$/i.exec(hash)
  if (!m) return { screen: 'cases' }
  const params = parseParams(m[3])
  if (m[2] === 'print') return { screen: 'print', caseId: m[1]!, params }
  const tab = (CASE_TABS as readonly string[]).includes(m[2] ?? '') ? (m[2] as CaseTab) : 'overview'
  return { screen: 'case', caseId: m[1]!, tab, params }
}

export function routeHash(route: Route): string {
  if (route.screen === 'cases') return '#/'
  if (route.screen === 'print') return `#/case/${route.caseId}/print${formatParams(route.params)}`
  const q = formatParams(route.params)
  return route.tab === 'overview' && q === '' ? `#/case/${route.caseId}` : `#/case/${route.caseId}/${route.tab}${q}`
}

export function useRoute(): [Route, (r: Route, options?: { replace?: boolean }) => void] {
  const [route, setRoute] = useState<Route>(() => parseRoute(window.location.hash))
  useEffect(() => {
    const onHash = () => setRoute(parseRoute(window.location.hash))
    window.addEventListener('hashchange', onHash)
    return () => window.removeEventListener('hashchange', onHash)
  }, [])
  return [
    route,
    (r, options) => {
      const hash = routeHash(r)
      if (options?.replace) {
        // A filter change is not a new place to go back to; history.replaceState fires no hashchange, so set it here.
        window.history.replaceState(null, '', hash)
        setRoute(parseRoute(hash))
      } else window.location.hash = hash
    }
  ]
}
