// The analyst's own events: validated (a title, a real time in a real zone), kept in time order, and every add, edit
// and delete in the audit trail with what it said.
import { describe, expect, it } from 'vitest'
import { analystEventMatches, parseWallClock } from '../../../src/core/analysis/timeline/analyst'
import { AnalystEventRepository } from '../../../src/workspace/analystEvents'
import { auditForCase, verifyAudit } from '../../../src/workspace/audit'
import { CaseRepository } from '../../../src/workspace/cases'
import { freshDb } from './helpers'

async function setup() {
  const { db } = freshDb()
  let t = 1_700_000_000_000
  const now = () => (t += 1000)
  const cases = new CaseRepository(db, now)
  const created = await cases.create('Operation Kite', 'K-7')
  if (!created.ok) throw new Error('case')
  return { db, caseId: created.value.id, repo: new AnalystEventRepository(db, now) }
}

describe('analyst events', () => {
  it('adds an event at the wall-clock time in its zone and lists events in time order', async () => {
    const { db, caseId, repo } = await setup()
    const late = await repo.add(caseId, { title: 'Boat leaves Teknaf', atText: '2024-03-10 22:00', zone: 'Asia/Dhaka', parties: ['phone:+8801745715037'] })
    const early = await repo.add(caseId, { title: '  Victim   recruited in Cox’s Bazar ', atText: '2024-02-07 09:30', zone: 'Asia/Dhaka', note: 'From the victim statement', tags: ['recruitment', ' recruitment '] })
    expect(early.ok && late.ok).toBe(true)
    if (!early.ok || !late.ok) return
    expect(early.value.id).toMatch(/^analyst:[0-9a-f-]{36}$/)
    expect(early.value.at).toBe(Date.UTC(2024, 1, 7, 3, 30))
    expect(early.value.title).toBe('Victim recruited in Cox’s Bazar')
    expect(early.value.tags).toEqual(['recruitment'])
    const list = await repo.list(caseId)
    expect(list.ok && list.value.map((e) => e.title)).toEqual(['Victim recruited in Cox’s Bazar', 'Boat leaves Teknaf'])
    const inMarch = await repo.list(caseId, { from: Date.UTC(2024, 2, 1) })
    expect(inMarch.ok && inMarch.value.map((e) => e.title)).toEqual(['Boat leaves Teknaf'])
    const trail = await auditForCase(db, caseId)
    expect(trail.filter((e) => e.action === 'analystEvent.added')).toHaveLength(2)
    expect(trail[0]!.details).toContain('Victim recruited')
  })

  it('refuses an event without a title, with a bad time or zone, or in a skipped hour, and saves nothing', async () => {
    const { db, caseId, repo } = await setup()
    const cases = [
      { title: ' ', atText: '2024-03-10 22:00', zone: 'UTC', want: /needs a title/ },
      { title: 'x', atText: '10/03/2024', zone: 'UTC', want: /not a time Waymark can read/ },
      { title: 'x', atText: '2024-03-10 22:00', zone: 'Mars/Olympus', want: /not a time zone/ },
      { title: 'x', atText: '2024-03-31 01:30', zone: 'Europe/London', want: /does not exist in Europe\/London/ }
    ]
    for (const c of cases) {
      const r = await repo.add(caseId, c)
      expect(r.ok).toBe(false)
      if (!r.ok) expect(r.problem.message).toMatch(c.want)
    }
    expect(await db.analystEvents.count()).toBe(0)
    expect((await auditForCase(db, caseId)).some((e) => e.action.startsWith('analystEvent'))).toBe(false)
  })

  it('edits, stars and deletes an event, each audited, and the trail stays intact', async () => {
    const { db, caseId, repo } = await setup()
    const a = await repo.add(caseId, { title: 'Meeting', atText: '2024-02-10 10:00', zone: 'UTC' })
    if (!a.ok) throw new Error('add')
    const u = await repo.update(caseId, a.value.id, { title: 'Meeting at the jetty', atText: '2024-02-10 11:15', zone: 'Asia/Kuala_Lumpur', note: 'n' })
    expect(u.ok && u.value.at).toBe(Date.UTC(2024, 1, 10, 3, 15))
    expect(u.ok && u.value.createdAt).toBe(a.value.createdAt)
    const m = await repo.mark(caseId, a.value.id, { starred: true, tags: ['jetty'] })
    expect(m.ok && m.value.starred).toBe(true)
    const d = await repo.remove(caseId, a.value.id)
    expect(d.ok).toBe(true)
    expect((await repo.list(caseId)).ok && (await db.analystEvents.count())).toBe(0)
    const again = await repo.remove(caseId, a.value.id)
    expect(again.ok).toBe(false)
    if (!again.ok) expect(again.problem.kind).toBe('not-found')
    const actions = (await auditForCase(db, caseId)).map((e) => e.action)
    expect(actions.slice(0, 4)).toEqual(['analystEvent.deleted', 'analystEvent.marked', 'analystEvent.updated', 'analystEvent.added'])
    expect((await verifyAudit(db)).ok).toBe(true)
  })
})

describe('analyst event time and filter', () => {
  it('reads a wall-clock time in a zone, a date alone as midnight', () => {
    expect(parseWallClock('2024-03-31 02:30', 'Europe/London')).toMatchObject({ ok: true, utcMs: Date.UTC(2024, 2, 31, 1, 30) })
    expect(parseWallClock('2024-03-05', 'Asia/Dhaka')).toMatchObject({ ok: true, utcMs: Date.UTC(2024, 2, 4, 18) })
    expect(parseWallClock('2024-03-05T14:30', 'UTC')).toMatchObject({ ok: true, utcMs: Date.UTC(2024, 2, 5, 14, 30) })
  })

  it('passes the same filter as imported events', () => {
    const e = { id: 'analyst:1', at: Date.UTC(2024, 1, 7), title: 'Recruited in Cox’s Bazar', note: '', parties: ['phone:+8801745715037'], tags: ['recruitment'], starred: false }
    expect(analystEventMatches(e, {})).toBe(true)
    expect(analystEventMatches(e, { kinds: ['call'] })).toBe(false)
    expect(analystEventMatches(e, { kinds: ['call', 'analyst'] })).toBe(true)
    expect(analystEventMatches(e, { entities: ['phone:+8801745715037'] })).toBe(true)
    expect(analystEventMatches(e, { entities: ['phone:+60123456789'] })).toBe(false)
    expect(analystEventMatches(e, { starred: true })).toBe(false)
    expect(analystEventMatches(e, { tags: ['recruitment'] })).toBe(true)
    expect(analystEventMatches(e, { text: 'COX' })).toBe(true)
    expect(analystEventMatches(e, { from: e.at + 1 })).toBe(false)
    expect(analystEventMatches(e, { to: e.at })).toBe(false)
  })
})
