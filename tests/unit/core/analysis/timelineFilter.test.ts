// The timeline's view travels in the URL between screens: it must survive the round trip and refuse junk quietly.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { DEFAULT_VIEW, describeFilter, paramsToView, viewToParams, type TimelineView } from '../../../../src/core/analysis/timelineFilter'

describe('timeline view in the URL', () => {
  it('round-trips a full view, keys with commas, colons and scripts included', () => {
    const view: TimelineView = {
      filter: {
        from: Date.UTC(2024, 2, 1),
        to: Date.UTC(2024, 3, 1),
        entities: ['phone:+8801712345678', 'person:রহিম উদ্দিন, jr'],
        kinds: ['call', 'sms', 'analyst'],
        starred: true,
        tags: ['recruiter', 'boat, March'],
        text: 'cox',
        sources: ['a'.repeat(64)]
      },
      zone: 'Asia/Dhaka',
      lanes: 'entities',
      laneKeys: ['phone:+8801712345678']
    }
    const url = new URLSearchParams(viewToParams(view)).toString()
    expect(paramsToView(Object.fromEntries(new URLSearchParams(url)))).toEqual(view)
  })

  it('round-trips arbitrary entity keys and text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ minLength: 1 }), { maxLength: 5 }), fc.string(), (entities, text) => {
        const view: TimelineView = { ...DEFAULT_VIEW, filter: { entities, ...(text.trim() ? { text } : {}) } }
        const back = paramsToView(Object.fromEntries(new URLSearchParams(new URLSearchParams(viewToParams(view)).toString())))
        expect(back.filter.entities ?? []).toEqual(entities)
        expect(back.filter.text ?? '').toBe(text.trim() ? text : '')
      })
    )
  })

  it('leaves out what a hand-edited URL got wrong instead of failing', () => {
    const v = paramsToView({ from: 'yesterday', entities: '[1,2', kinds: 'call,teleport', zone: 'Mars/Olympus', lanes: 'x', sources: 'abc' })
    expect(v.filter).toEqual({ kinds: ['call'] })
    expect(v.zone).toBe('UTC')
    expect(v.lanes).toBe('types')
  })
})

describe('filter summary line', () => {
  it('says "All events" when nothing is filtered', () => {
    expect(describeFilter({}, 'UTC')).toBe('All events')
  })

  it('names the range in the display zone, the entities, kinds, stars, tags and text', () => {
    const line = describeFilter(
      { from: Date.UTC(2024, 2, 1, 18), to: Date.UTC(2024, 2, 2, 18), entities: ['phone:+8801712345678'], kinds: ['call', 'sms'], starred: true, tags: ['boat'], text: ' cox ' },
      'Asia/Dhaka'
    )
    // 18:00 UTC is midnight in Dhaka (UTC+6).
    expect(line).toBe('02 Mar 2024, 00:00 – 03 Mar 2024, 00:00 · entity: +8801712345678 · calls, SMS · starred · tag “boat” · text “cox”')
  })

  it('shortens a long entity list and uses the caller’s labels', () => {
    const keys = ['phone:1', 'phone:2', 'phone:3', 'phone:4', 'phone:5', 'phone:6']
    expect(describeFilter({ entities: keys }, 'UTC', (k) => `#${k.slice(6)}`)).toBe('6 entities: #1, #2, #3, #4 and 2 more')
  })
})
