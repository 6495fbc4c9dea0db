// The timeline's table merges stored events (paged from the store) with the analyst's events into one time-ordered
// list: any block of rows must be the same as the whole list cut there, and a selection must find its row.
import { describe, expect, it } from 'vitest'
import type { WaymarkRecord } from '../../../src/core/model/records'
import { buildSegments } from '../../../src/core/store/encode'
import { AnalystEventRepository, type AnalystEvent } from '../../../src/workspace/analystEvents'
import { CaseRepository } from '../../../src/workspace/cases'
import { EventStore } from '../../../src/workspace/eventStore'
import { beginImport, commitImport, writeSegments } from '../../../src/workspace/importJob'
import { MergedRows } from '../../../src/renderer/src/features/timeline/tableData'
import { call, rng, SRC_A, T0, transfer } from '../core/store/records'
import { freshDb } from '../workspace/helpers'

function ok<T>(r: { ok: true; value: T } | { ok: false; problem: { message: string } }): T {
  if (!r.ok) throw new Error(r.problem.message)
  return r.value
}

const X = '+66811111111'
const Y = '+66822222222'

async function setup() {
  const { db } = freshDb(undefined, 'timeline-table')
  const c = ok(await new CaseRepository(db).create('Operation Kite', 'K-1'))
  const r = rng(7)
  const records: WaymarkRecord[] = []
  for (let i = 0; i < 60; i++) records.push(call({ row: i + 2, a: r() < 0.5 ? X : Y, b: '+95912345678', at: T0 + Math.floor(r() * 40) * 60_000 }))
  records.push(transfer(70, undefined, 'Somchai Jaidee', 'Ko Ko', '700', 'USD'))
  const { importId } = ok(await beginImport(db, c.id, { fileName: 'a.csv', size: 1, sha256: SRC_A, mappingJson: '{}', parserVersions: {} }))
  const built = buildSegments(records, { segmentSize: 7 })
  ok(await writeSegments(db, importId, built.segments, built.originals))
  ok(await commitImport(db, importId))
  const repo = new AnalystEventRepository(db)
  const iso = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
  const analyst: AnalystEvent[] = []
  // Before everything, at the same minute as stored calls, and after everything.
  for (const at of [T0 - 3_600_000, T0 + 10 * 60_000, T0 + 20 * 60_000, T0 + 100 * 60_000]) analyst.push(ok(await repo.add(c.id, { title: `note at ${at}`, atText: iso(at), zone: 'UTC' })))
  return { db, caseId: c.id, store: new EventStore(db), analyst }
}

describe('timeline table rows', () => {
  it('lists stored and analyst events in one time order, analyst events before stored ones at the same instant', async () => {
    const { caseId, store, analyst } = await setup()
    const stored = ok(await store.queryEvents(caseId, { limit: 1000 })).events
    const merged = new MergedRows(store, caseId, {}, analyst, stored.length)
    expect(merged.total).toBe(stored.length + analyst.length)
    const all = await merged.rows(0, merged.total)
    expect(all.map((r) => r.id).sort()).toEqual([...stored.map((e) => e.id), ...analyst.map((a) => a.id)].sort())
    const dated = all.filter((r) => r.at !== null)
    for (let i = 1; i < dated.length; i++) {
      expect(dated[i]!.at!).toBeGreaterThanOrEqual(dated[i - 1]!.at!)
      if (dated[i]!.at === dated[i - 1]!.at && dated[i]!.analyst) expect(dated[i - 1]!.analyst).toBe(true)
    }
    expect(all[0]!.analyst).toBe(true)
    // The undated transfer is last, after the last analyst event.
    expect(all[all.length - 1]!.at).toBeNull()
    expect(all[all.length - 2]!.id).toBe(analyst[3]!.id)

    // Any block, as AG Grid asks for them, is the same slice of the whole list.
    const r = rng(3)
    for (let k = 0; k < 30; k++) {
      const start = Math.floor(r() * merged.total)
      const end = start + 1 + Math.floor(r() * 12)
      expect((await merged.rows(start, end)).map((x) => x.id)).toEqual(all.slice(start, end).map((x) => x.id))
    }
    // A selection on the chart finds its row.
    for (const [i, row] of all.entries()) expect(await merged.indexOf(row.id, row.at)).toBe(i)
  })

  it('keeps the analyst events in place under a filter, and lists only them when no stored event can match', async () => {
    const { caseId, store, analyst } = await setup()
    const filter = { entities: [`phone:${X}`] }
    const total = ok(await store.countEvents(caseId, filter))
    const merged = new MergedRows(store, caseId, filter, analyst, total)
    const all = await merged.rows(0, merged.total)
    expect(all.filter((x) => !x.analyst).every((x) => x.from === X || x.to === X)).toBe(true)
    expect(all.filter((x) => x.analyst)).toHaveLength(4)
    for (const [i, row] of all.entries()) expect(await merged.indexOf(row.id, row.at)).toBe(i)
    const only = new MergedRows(store, caseId, null, analyst, 0)
    expect((await only.rows(0, 10)).map((x) => x.id)).toEqual(analyst.map((a) => a.id))
  })
})

describe('timeline filter to store filter', () => {
  it('turns starred and tag filters into the ids of the marked events, and an analyst-only filter into none', async () => {
    const { eventFilterOf } = await import('../../../src/renderer/src/features/timeline/timelineData')
    const marks = [
      { eventId: 'a', starred: true, tags: ['boat'], note: '', updatedAt: 1 },
      { eventId: 'b', starred: false, tags: ['boat', 'cash'], note: '', updatedAt: 1 },
      { eventId: 'c', starred: true, tags: [], note: '', updatedAt: 1 }
    ]
    expect(eventFilterOf({ starred: true }, marks)).toEqual({ ids: ['a', 'c'] })
    expect(eventFilterOf({ tags: ['cash'] }, marks)).toEqual({ ids: ['b'] })
    expect(eventFilterOf({ starred: true, tags: ['boat'] }, marks)).toEqual({ ids: ['a'] })
    expect(eventFilterOf({ starred: true }, [])).toEqual({ ids: [] })
    expect(eventFilterOf({ kinds: ['analyst'] }, marks)).toBeNull()
    expect(eventFilterOf({ kinds: ['analyst', 'sms'], text: ' ', from: 5 }, marks)).toEqual({ kinds: ['sms'], from: 5 })
  })
})
