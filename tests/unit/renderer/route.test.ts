// The URL is the app's memory of where the analyst is: a reload or a link from another screen must land on the same
// tab with the same filter, and a hand-edited URL must never break the app.
import { describe, expect, it } from 'vitest'
import { parseRoute, routeHash, type Route } from '../../../src/renderer/src/app/route'

const ID = '0b6c5b8e-3f1a-4c2d-9e8f-1a2b3c4d5e6f'

describe('routes', () => {
  it('round-trips every case tab with and without state', () => {
    const routes: Route[] = [
      { screen: 'cases' },
      { screen: 'case', caseId: ID, tab: 'overview', params: {} },
      { screen: 'case', caseId: ID, tab: 'timeline', params: { entities: '["phone:+8801745715037"]', zone: 'Asia/Dhaka' } },
      { screen: 'case', caseId: ID, tab: 'entities', params: { entity: 'person:নুরুল আলম সিকদার' } },
      { screen: 'case', caseId: ID, tab: 'sources', params: {} },
      { screen: 'print', caseId: ID, params: { paper: 'A4', marking: 'RESTRICTED' } }
    ]
    for (const r of routes) expect(parseRoute(routeHash(r))).toEqual(r)
  })

  it('opens the demo and falls back to the case list or the overview on anything unknown', () => {
    expect(parseRoute('#/demo')).toEqual({ screen: 'cases', demo: true })
    expect(parseRoute('#/nowhere')).toEqual({ screen: 'cases' })
    expect(parseRoute(`#/case/${ID}/teleport`)).toEqual({ screen: 'case', caseId: ID, tab: 'overview', params: {} })
  })

  it('never lets a URL parameter reach Object.prototype', () => {
    const r = parseRoute(`#/case/${ID}/timeline?__proto__=x&constructor=y&text=ok`)
    expect(r).toEqual({ screen: 'case', caseId: ID, tab: 'timeline', params: { text: 'ok' } })
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })
})
