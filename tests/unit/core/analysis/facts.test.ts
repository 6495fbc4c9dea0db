// Type facts of entity keys (a phone's country, a handset's TAC and check digit, a SIM's network, a listed cell's
// place) and the handsets, SIMs, numbers and persons seen with each entity.
import { describe, expect, it } from 'vitest'
import { CellDirectory, countryOfKey, entityFacts, LinkIndex } from '../../../../src/core/analysis/facts'
import type { CellSite, Person } from '../../../../src/core/model/records'
import { phone, SRC_A } from '../store/records'
import { cdr, DAY, indexed, key, MON } from './entityFixtures'

const site: CellSite = { kind: 'cellSite', provenance: { sourceSha256: SRC_A, fileName: 'cells.csv', sheet: 'cells', row: 2 }, cellId: '4411', lac: '101', siteName: 'Teknaf Bazar', latitude: 20.86, longitude: 92.3 }

describe('entity facts', () => {
  it('reads a phone’s country from its number, a short code as such', () => {
    expect(entityFacts('phone:+8801711111111')).toEqual({ type: 'phone', value: '+8801711111111', e164: '+8801711111111', country: 'BD', shortCode: false })
    expect(entityFacts('phone:+601150674224')).toMatchObject({ country: 'MY' })
    expect(entityFacts('phone:1234')).toEqual({ type: 'phone', value: '1234', shortCode: true })
    // Calling codes shared by several countries are told apart by the numbering plan.
    expect(countryOfKey('phone:+14165550123')).toBe('CA')
    expect(countryOfKey('phone:+12125550123')).toBe('US')
    expect(countryOfKey('phone:+77012345678')).toBe('KZ')
  })

  it('reads a handset’s TAC and check digit', () => {
    expect(entityFacts('imei:356938035643809')).toEqual({ type: 'imei', value: '356938035643809', tac: '35693803', valid: true })
    expect(entityFacts('imei:356938035643808')).toMatchObject({ tac: '35693803', valid: false })
  })

  it('reads a SIM’s country and operator', () => {
    expect(entityFacts('imsi:470030784337208')).toMatchObject({ type: 'imsi', mcc: '470', country: 'BD', valid: true })
    expect((entityFacts('imsi:470030784337208') as { operator?: string }).operator).toBeTruthy()
    expect(countryOfKey('imsi:520031234567890')).toBe('TH')
  })

  it('gives a cell its place and coordinates only when a cell list names it', () => {
    const cells = new CellDirectory([site])
    expect(entityFacts('cell:101-4411', cells)).toEqual({ type: 'cell', value: '101-4411', listed: true, name: 'Teknaf Bazar', latitude: 20.86, longitude: 92.3 })
    expect(entityFacts('cell:101-9999', cells)).toEqual({ type: 'cell', value: '101-9999', listed: false })
    expect(entityFacts('person:aung')).toEqual({ type: 'person', value: 'aung' })
  })
})

describe('linked identities', () => {
  const X = '+8801711111111'
  const Y = '+60123456789'
  const segments = indexed([
    [
      cdr({ a: X, b: Y, at: MON, imei: '356938035643809', imsi: '470030784337208' }),
      cdr({ a: X, b: Y, at: MON + DAY, imei: '490154203237518', imsi: '470030784337208' }),
      // Y's handset, from Y's record of an incoming call.
      cdr({ a: X, b: Y, at: MON + 2 * DAY, direction: 'incoming', imei: '352829264029683', imsi: '502121234567890' })
    ]
  ])
  const person: Person = { kind: 'person', provenance: { sourceSha256: SRC_A, fileName: 'subs.xlsx', sheet: 'S', row: 2 }, name: 'Nurul Alam', phone: phone(X), idNumbers: ['AB 1234567'] }

  it('links numbers to their own handsets and SIMs, and subscribers to names and documents', () => {
    const links = new LinkIndex().addSegments(segments).addRecords([person])
    expect(links.of(key(X))).toEqual({
      imeis: ['imei:356938035643809', 'imei:490154203237518'],
      imsis: ['imsi:470030784337208'],
      phones: [],
      persons: ['person:nurul alam'],
      ids: ['id:AB1234567'],
      countries: ['BD']
    })
    // Y roams on a Malaysian SIM: its countries come from its number and its SIM.
    expect(links.of(key(Y))).toMatchObject({ imeis: ['imei:352829264029683'], imsis: ['imsi:502121234567890'], countries: ['MY'] })
    expect(links.of('imsi:470030784337208')).toMatchObject({ phones: [key(X)], imeis: ['imei:356938035643809', 'imei:490154203237518'], countries: ['BD'] })
    expect(links.of('person:nurul alam')).toMatchObject({ phones: [key(X)], ids: ['id:AB1234567'], countries: ['BD'] })
  })

  it('adds the analyst’s links of a person', () => {
    const links = new LinkIndex().addSegments(segments).addLinks('person:saya', [key(Y)])
    expect(links.of('person:saya')).toMatchObject({ phones: [key(Y)], countries: ['MY'] })
    expect(links.of(key(Y)).persons).toEqual(['person:saya'])
  })
})
