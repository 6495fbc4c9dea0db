// The app's location lives in the URL hash (#/ or #/case/<id>) so a reload returns to the same screen.
import { useEffect, useState } from 'react'

export type Route = { screen: 'cases' } | { screen: 'case'; caseId: string }

export function parseRoute(hash: string): Route {
  const m = /^#\/case\/([0-9a-f-]{36})$/i.exec(hash)
  return m ? { screen: 'case', caseId: m[1]! } : { screen: 'cases' }
}

export function routeHash(route: Route): string {
  return route.screen === 'case' ? `#/case/${route.caseId}` : '#/'
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
