// The entity repository as the screens use it, over a real (fake-indexeddb) workspace: table rows with facts and
// links, an entity's page, the analyses, and merges that are audited, undone and split without losing history.
import { describe, expect, it } from 'vitest'
import type { Person, WaymarkRecord } from '../../../src/core/model/records'
import { auditForCase, verifyAudit } from '../../../src/workspace/audit'
import { CaseRepository } from '../../../src/workspace/cases'
import type { WorkspaceDb } from '../../../src/workspace/db'
import { EntityRepository } from '../../../src/workspace/entities'
import { EventStore } from '../../../src/workspace/eventStore'
import { cdr, DAY, HOUR, key, MON } from '../core/analysis/entityFixtures'
import { phone, SRC_A, SRC_B } from '../core/store/records'
import { freshDb, importRecords, ok } from './helpers'

const X = '+8801711111111'
const Y = '+8801722222222'
const Z = '+60123456789'
const IMEI = '356938035643809'
const IMSI = '470030784337208'

const importAll = (db: WorkspaceDb, caseId: string, records: readonly WaymarkRecord[]) => importRecords(db, caseId, records, 4)

const subscriber: Person = { kind: 'person', provenance: { sourceSha256: SRC_A, fileName: 'aaaa.csv', sheet: 'Subs', row: 900 }, name: 'Nurul Alam', phone: phone(X), idNumbers: ['AB1234567'] }

async function setup(name: string) {
  const { db } = freshDb(undefined, name)
  const c = ok(await new CaseRepository(db).create('Operation Kite', 'K-1'))
  const store = new EventStore(db)
  let t = 1_700_000_000_000
  let id = 0
  const repo = new EntityRepository(db, store, () => ++t, () => `res-${++id}`)
  await importAll(db, c.id, [
    // X calls Y and Z in the evening, Dhaka time, from one handset; Y's own record of one call is in source B.
    cdr({ a: X, b: Y, at: MON + 14 * HOUR, duration: 60, imei: IMEI, imsi: IMSI }),
    cdr({ a: X, b: Y, at: MON + DAY + 14 * HOUR, duration: 30, imei: IMEI, imsi: IMSI }),
    cdr({ a: X, b: Z, at: MON + 2 * DAY + 14 * HOUR, duration: 90, imei: IMEI, imsi: IMSI }),
    cdr({ a: Z, b: X, at: MON + 3 * DAY, direction: 'incoming', service: 'sms', imei: IMEI, imsi: IMSI }),
    subscriber
  ])
  await importAll(db, c.id, [cdr({ a: X, b: Y, at: MON + 14 * HOUR + 30_000, duration: 61, direction: 'incoming', source: SRC_B }), cdr({ a: Y, b: Z, at: MON + 4 * DAY, source: SRC_B })])
  return { db, caseId: c.id, repo, store }
}

describe('entity repository', () => {
  it('gives a table its rows first and the details after, the same as the full rows say', async () => {
    const { caseId, repo } = await setup('table')
    const table = ok(await repo.entityTable(caseId, 'phone'))
    const full = ok(await repo.entityRows(caseId, { type: 'phone' }))
    // Same entities in the same order (most events first), and a count for every type the case has.
    expect(table.rows.map((r) => r.key)).toEqual(full.rows.map((r) => r.key))
    expect(table.rows.map((r) => r.events)).toEqual(full.rows.map((r) => r.events))
    expect(table.counts).toMatchObject({ phone: 3, imei: 1, imsi: 1 })
    expect(Object.values(table.counts).reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(5)
    const details = ok(await repo.entityDetails(caseId))
    for (const row of full.rows) {
      expect(details.linked(row.key)).toEqual(row.linked)
      expect(details.facts(row.key)).toEqual(row.facts)
    }
    // X's handset and SIM come with the details, not with the table's rows.
    expect(details.linked(key(X)).imeis).toEqual([`imei:${IMEI}`])
    expect(ok(await repo.entityTable(caseId, 'vehicle')).rows).toEqual([])
  })

  it('decodes the statistics once when a warm-up and the table ask at the same time, and again after a merge', async () => {
    const { caseId, repo, store } = await setup('shared')
    let decodes = 0
    const all = store.allEntityStats.bind(store)
    store.allEntityStats = (id: string) => {
      decodes++
      return all(id)
    }
    const [warm, table] = await Promise.all([repo.entityTable(caseId, 'phone'), repo.entityTable(caseId, 'phone')])
    expect(decodes).toBe(1)
    expect(ok(table).rows).toBe(ok(warm).rows)
    expect(ok(table).rows.map((r) => r.key).sort()).toEqual([key(X), key(Y), key(Z)].sort())
    // A merge changes the view: the next read makes a new one, with the merged row.
    ok(await repo.merge(caseId, { into: key(X), members: [key(Y)] }))
    const merged = ok(await repo.entityTable(caseId, 'phone'))
    expect(decodes).toBe(2)
    expect(merged.rows.find((r) => r.key === key(X))?.members).toEqual([key(X), key(Y)])
  })

  it('gives table rows with statistics, facts and linked identities', async () => {
    const { caseId, repo } = await setup('rows')
    const page = ok(await repo.entityRows(caseId, { type: 'phone' }))
    expect(page.rows.map((r) => [r.key, r.events])).toEqual([
      [key(X), 4],
      [key(Z), 3],
      [key(Y), 3]
    ])
    const x = page.rows[0]!
    expect(x).toMatchObject({ type: 'phone', value: X, facts: { country: 'BD' }, names: ['Nurul Alam'], members: [key(X)] })
    expect(x.linked).toMatchObject({ imeis: [`imei:${IMEI}`], imsis: [`imsi:${IMSI}`], persons: ['person:nurul alam'], ids: ['id:AB1234567'], countries: ['BD'] })
    expect(page.rows[1]!.facts).toMatchObject({ country: 'MY' })
    const imei = ok(await repo.entityRows(caseId, { keys: [`imei:${IMEI}`] })).rows[0]!
    expect(imei.facts).toMatchObject({ type: 'imei', tac: '35693803', valid: true })
    expect(imei.linked.phones).toEqual([key(X)])
  })

  it('gives an entity’s page: summary, top contacts, activity in the display zone, handsets and sources', async () => {
    const { caseId, repo } = await setup('page')
    const page = ok(await repo.entityPage(caseId, key(X), { zone: 'Asia/Dhaka' }))!
    expect(page.row?.events).toBe(4)
    expect(page.topContacts.map((c) => [c.key, c.events, c.seconds])).toEqual([
      [key(Z), 2, 90],
      [key(Y), 2, 90]
    ])
    // 14:00 UTC is 20:00 in Dhaka.
    expect(page.activity.heatmap[0]![20]).toBe(1)
    expect(page.activity.heatmap[1]![20]).toBe(1)
    expect(page.activity.heatmap[2]![20]).toBe(1)
    expect(page.activity.heatmap[3]![6]).toBe(1)
    expect(page.devices.imeis.map((u) => [u.key, u.events])).toEqual([[`imei:${IMEI}`, 4]])
    expect(page.sources.map((s) => s.sha256).sort()).toEqual([SRC_A, SRC_B])
    expect(ok(await repo.entityPage(caseId, 'phone:+10000000000', { zone: 'UTC' }))).toBeNull()
    const bad = await repo.entityPage(caseId, key(X), { zone: 'Dhaka time' })
    expect(bad.ok ? null : bad.problem.message).toMatch(/not a time zone/)
  })

  it('runs common contacts, the contact matrix and replacement detection over the case', async () => {
    const { caseId, repo } = await setup('analyses')
    const common = ok(await repo.commonContacts(caseId, [key(X), key(Y)]))
    expect(common.map((c) => [c.key, c.linked])).toEqual([[key(Z), 2]])
    const m = ok(await repo.contactMatrix(caseId, [key(X), key(Y)]))
    expect(m.cells[0]![1]!.events).toBe(2)
    expect(ok(await repo.phoneReplacements(caseId))).toEqual([])
  })

  it('merges, audits, undoes and splits, keeping every act in the history', async () => {
    const { db, caseId, repo } = await setup('merge')
    const merge = ok(await repo.merge(caseId, { into: key(X), members: [key(Y), key(Z)], label: 'Nurul’s phones' }))
    let rows = ok(await repo.entityRows(caseId, { type: 'phone' })).rows
    expect(rows.map((r) => [r.key, r.members, r.label])).toEqual([[key(X), [key(X), key(Z), key(Y)], 'Nurul’s phones']])
    expect(ok(await repo.resolveKey(caseId, key(Z))).key).toBe(key(X))
    // A page asked for a member shows the group.
    expect(ok(await repo.entityPage(caseId, key(Y), { zone: 'UTC' }))?.key).toBe(key(X))

    const { undone, remaining } = ok(await repo.split(caseId, merge.id, key(Z)))
    expect(undone.undoneAt).not.toBeNull()
    expect(remaining?.members).toEqual([key(Y)])
    rows = ok(await repo.entityRows(caseId, { type: 'phone' })).rows
    expect(rows.map((r) => r.key).sort()).toEqual([key(X), key(Z)].sort())

    ok(await repo.undo(caseId, remaining!.id))
    rows = ok(await repo.entityRows(caseId, { type: 'phone' })).rows
    expect(rows).toHaveLength(3)
    const again = await repo.undo(caseId, remaining!.id)
    expect(again.ok).toBe(false)

    const history = ok(await repo.listResolutions(caseId, { includeUndone: true }))
    expect(history).toHaveLength(2)
    expect(history.every((r) => r.undoneAt !== null)).toBe(true)
    expect(ok(await repo.listResolutions(caseId))).toEqual([])
    const actions = (await auditForCase(db, caseId)).map((e) => e.action)
    expect(actions.filter((a) => a.startsWith('entity.'))).toEqual(['entity.undone', 'entity.split', 'entity.merged'])
    expect((await verifyAudit(db)).ok).toBe(true)
  })

  it('creates persons, links phones and documents, adds aliases, and refuses what is not in the case', async () => {
    const { caseId, repo } = await setup('persons')
    const p = ok(await repo.createPerson(caseId, { name: '  Saya Aung ', links: [key(Z)] }))
    expect(p).toMatchObject({ kind: 'person', key: 'person:saya aung', label: 'Saya Aung', members: [key(Z)] })
    ok(await repo.link(caseId, p.key, ['id:AB1234567']))
    ok(await repo.addAlias(caseId, key(Z), 'Abang'))
    const z = ok(await repo.entityRows(caseId, { keys: [key(Z)] })).rows[0]!
    expect(z.persons).toEqual(['person:saya aung'])
    expect(z.aliases).toEqual(['Abang'])
    // The person is listed in the person table and its page draws on the linked number's calls.
    const persons = ok(await repo.entityRows(caseId, { type: 'person' })).rows
    expect(persons.map((r) => [r.key, r.label, r.events])).toContainEqual(['person:saya aung', 'Saya Aung', 0])
    const page = ok(await repo.entityPage(caseId, 'person:saya aung', { zone: 'UTC' }))!
    expect(page.row).toMatchObject({ label: 'Saya Aung', linked: { phones: [key(Z)], ids: ['id:AB1234567'] } })
    expect(page.analysedKeys).toEqual(['person:saya aung', 'id:AB1234567', key(Z)])
    expect(page.topContacts.map((c) => c.key).sort()).toEqual([key(X), key(Y)].sort())
    expect(page.resolutions.map((r) => r.kind)).toEqual(['person', 'person'])

    const missing = await repo.merge(caseId, { into: key(X), members: ['phone:+10000000000'] })
    expect(missing.ok ? null : missing.problem.kind).toBe('not-found')
    const empty = await repo.createPerson(caseId, { name: '   ' })
    expect(empty.ok ? null : empty.problem.message).toMatch(/needs a name/)
    const noAlias = await repo.addAlias(caseId, key(Z), ' ')
    expect(noAlias.ok).toBe(false)
  })
})
