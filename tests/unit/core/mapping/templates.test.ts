// Tests mapping templates: saved mappings are proposed again for files with the same (or nearly the same) headers.
import { describe, expect, it } from 'vitest'
import { proposeMapping } from '../../../../src/core/mapping/autoMap'
import { applyTemplate, createMemoryTemplateStore, headerSignature, matchTemplate, templateFromMapping } from '../../../../src/core/mapping/templates'
import type { Mapping } from '../../../../src/core/model/mapping'
import type { Cell } from '../../../../src/core/model/rawTable'

// A layout the automatic mapping cannot read alone: Khmer-romanised headers an analyst mapped by hand once.
const header = ['Lekh Chenh', 'Lekh Chol', 'Pel', 'Ry:ey pel']
const body: Cell[][] = Array.from({ length: 12 }, (_, i) => ['012345678', `0978765${String(i).padStart(3, '0')}`, `2024-05-${String(i + 10)} 10:00:00`, String(30 + i)])

const handMapping: Mapping = {
  version: 1,
  recordKind: 'call',
  sheet: 'kh',
  headerRow: 1,
  columns: [
    { index: 0, header: 'Lekh Chenh', field: 'aParty', confidence: 1, reason: 'set by the analyst' },
    { index: 1, header: 'Lekh Chol', field: 'bParty', confidence: 1, reason: 'set by the analyst' },
    { index: 2, header: 'Pel', field: 'start', confidence: 1, reason: 'set by the analyst' },
    { index: 3, header: 'Ry:ey pel', field: 'duration', confidence: 1, reason: 'set by the analyst' }
  ],
  dateFormats: [],
  zone: 'Asia/Phnom_Penh',
  defaultCountry: 'KH'
}

describe('templates', () => {
  it('are matched on normalised header names, whatever the case and punctuation', () => {
    const t = templateFromMapping('Cellcard export', handMapping, header)
    expect(headerSignature(['LEKH_CHENH', 'lekh chol', 'Pel', 'ry ey pel'])).toBe(t.headers.join('|'))
    const m = matchTemplate([t], { headers: ['LEKH CHENH', 'Lekh-Chol', 'PEL', 'Ry ey pel'], width: 4, rows: body })
    expect(m?.score).toBe(1)
    expect(m?.reason).toMatch(/Cellcard export/)
  })

  it('are proposed again for a file with the same headers, with their zone and country', () => {
    const t = templateFromMapping('Cellcard export', handMapping, header)
    const p = proposeMapping([header, ...body], { sheet: 'other-file', templates: [t] })
    expect(p.template?.template.name).toBe('Cellcard export')
    expect(p.mapping.sheet).toBe('other-file')
    expect(p.mapping.columns.map((c) => c.field)).toEqual(['aParty', 'bParty', 'start', 'duration'])
    expect(p.mapping.zone).toBe('Asia/Phnom_Penh')
    expect(p.mapping.dateFormats[0]?.field).toBe('start')
    expect(p.problems).toEqual([])
  })

  it('follow a column the operator moved, by its header', () => {
    const t = templateFromMapping('Cellcard export', handMapping, header)
    const moved = ['Pel', 'Lekh Chenh', 'Lekh Chol', 'Ry:ey pel']
    const m = applyTemplate({ template: t, score: 1, reason: '' }, { headers: moved, width: 4, rows: [] }, 's', 1)
    expect(m?.columns.map((c) => [c.header, c.field])).toEqual([
      ['Pel', 'start'],
      ['Lekh Chenh', 'aParty'],
      ['Lekh Chol', 'bParty'],
      ['Ry:ey pel', 'duration']
    ])
  })

  it('offer near matches (a column added) with a lower score, and apply only exact ones automatically', () => {
    const t = templateFromMapping('Cellcard export', handMapping, header)
    const wider = [...header, 'Cell']
    const m = matchTemplate([t], { headers: wider, width: 5, rows: [] })
    expect(m).not.toBeNull()
    expect(m!.score).toBeLessThan(0.9)
    const p = proposeMapping([wider, ...body.map((r) => [...r, '7'])], { sheet: 's', templates: [t] })
    expect(p.template).toBeNull()
    expect(p.notices.join(' ')).toMatch(/nearly matches/)
  })

  it('do not match files with other headers', () => {
    const t = templateFromMapping('Cellcard export', handMapping, header)
    expect(matchTemplate([t], { headers: ['From', 'To', 'Datetime'], width: 3, rows: [] })).toBeNull()
  })

  it('match headerless layouts by width and content rules', () => {
    const headerless: Mapping = { ...handMapping, headerRow: 0 }
    const t = templateFromMapping('Headerless', headerless, ['a', 'b', 'c', 'd'], { contentRules: [{ column: 2, cellClass: 'date' }] })
    expect(matchTemplate([t], { headers: null, width: 4, rows: body })?.template.name).toBe('Headerless')
    expect(matchTemplate([t], { headers: null, width: 4, rows: body.map((r) => [r[0]!, r[1]!, 'not a date', r[3]!]) })).toBeNull()
    expect(matchTemplate([t], { headers: null, width: 5, rows: body })).toBeNull()
  })

  it('survive a JSON round trip and live in a store by name', async () => {
    const store = createMemoryTemplateStore()
    const t = JSON.parse(JSON.stringify(templateFromMapping('Cellcard export', handMapping, header))) as ReturnType<typeof templateFromMapping>
    await store.save(t)
    await store.save({ ...t, width: 4 })
    expect(await store.list()).toHaveLength(1)
    expect(await store.remove('Cellcard export')).toBe(true)
    expect(await store.remove('Cellcard export')).toBe(false)
  })
})
