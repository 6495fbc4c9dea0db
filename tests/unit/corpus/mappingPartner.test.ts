// Partner-agency tables: the VAST 2008 migrant-boat CSV and the UNODC GLOTIP workbook (preamble rows, `<5` and `1,282` text counts) as events.
//
// Choice: both become generic Event records (a date or a year, a type, a place, a count), not persons: neither
// table has one row per person. Columns without a field (vessel, Sex, Age, …) stay on each record as extras.
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { readFile } from '../../../src/core/read/index'
import { proposeMapping } from '../../../src/core/mapping/autoMap'
import { buildSheetRecords } from '../../../src/core/mapping/records'
import type { EventRecord } from '../../../src/core/model/records'
import type { Cell } from '../../../src/core/model/rawTable'
import { corpusPath, describeCorpus } from '../corpus'

function importFile(path: string) {
  const read = readFile(new Uint8Array(readFileSync(path)), { fileName: path.split('/').pop()! })
  if (!read.ok) throw new Error(read.error.message)
  const sheet = read.table.sheets[0]!
  const proposal = proposeMapping(sheet.rows, { sheet: sheet.name, merges: sheet.merges })
  expect(proposal.problems).toEqual([])
  return { sheet, proposal, built: buildSheetRecords(sheet.rows, proposal.header.dataStart, proposal.mapping, { sourceSha256: '0'.repeat(64), fileName: path, sheet: sheet.name }, sheet.rowLines) }
}

interface Boat {
  EncounterDate: string
  RecordType: string
  Passengers: string
  PassengerList?: string[]
}

describeCorpus('partner tables', () => {
  it('migrant boats: one dated event per interdiction or landing, with passengers and names, as migrant.json has them', () => {
    const { proposal, built } = importFile(corpusPath('vast2008-mc2-migrant-boats', 'derived', 'migrant_boats_flat.csv'))
    const json = JSON.parse(readFileSync(corpusPath('vast2008-mc2-migrant-boats', 'migrant.json'), 'utf8')) as Boat[]
    expect(proposal.mapping.headerRow).toBe(1)
    expect(proposal.mapping.recordKind).toBe('event')
    const events = built.records as EventRecord[]
    expect(events).toHaveLength(json.length)
    expect(built.summary).toMatchObject({ read: json.length, rejected: 0 })
    events.forEach((e, i) => {
      const b = json[i]!
      expect(e.time?.original).toBe(b.EncounterDate)
      expect(e.time?.precision).toBe('day')
      expect(e.eventType).toBe(b.RecordType)
      expect(e.count?.value).toBe(Number(b.Passengers))
      expect(e.parties ?? []).toEqual(b.PassengerList ?? [])
    })
  })

  it('UNODC GLOTIP: the header below two preamble rows, 46,556 yearly events, censored and thousands-separated counts read', () => {
    const { sheet, proposal, built } = importFile(corpusPath('unodc-glotip', 'data_glotip.xlsx'))
    expect(proposal.mapping.headerRow).toBe(3)
    expect(proposal.mapping.recordKind).toBe('event')
    const col = (name: string): number => proposal.header.names.indexOf(name)
    const numbered = sheet.rows.map((r, i) => ({ r, line: i + 1 })).slice(3).filter(({ r }) => r.some((c) => c !== null && String(c).trim() !== ''))
    const body = numbered.map((x) => x.r)
    const events = built.records as EventRecord[]
    expect(events).toHaveLength(body.length)
    expect(built.summary).toMatchObject({ read: body.length, rejected: 0 })
    const text = (c: Cell | undefined): string => (c === null || c === undefined ? '' : String(c).trim())
    const censored = body.filter((r) => /^<\s*\d+$/.test(text(r[col('txtVALUE')]))).length
    expect(censored).toBeGreaterThan(0)
    expect(events.filter((e) => e.count?.censored === 'below')).toHaveLength(censored)
    // Compared as whole arrays: one assertion instead of 46,556 × 4.
    const thousands = events.flatMap((e, i) => (/^\d{1,3}(,\d{3})+$/.test(text(body[i]![col('txtVALUE')])) ? [[e.count?.value, Number(text(body[i]![col('txtVALUE')]).replace(/,/g, ''))]] : []))
    expect(thousands.length).toBeGreaterThan(0)
    expect(thousands.map(([got]) => got)).toEqual(thousands.map(([, want]) => want))
    expect(events.map((e) => [e.time?.precision, new Date(e.time!.utcMs).getUTCFullYear(), e.provenance.row])).toEqual(body.map((r, i) => ['year', Number(r[col('Year')]), numbered[i]!.line]))
    expect(events[0]!.extra).toHaveProperty('Iso3_code')
  })
})
