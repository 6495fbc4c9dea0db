// Every bandicoot CDR layout mapped with no hand edits (native, Orange without header, Telenor), checked against bandicoot's own expected counts.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { expect, it } from 'vitest'
import { readFile } from '../../../src/core/read/index'
import { proposeMapping } from '../../../src/core/mapping/autoMap'
import { buildSheetRecords } from '../../../src/core/mapping/records'
import type { CallRecord, WaymarkRecord } from '../../../src/core/model/records'
import type { Cell } from '../../../src/core/model/rawTable'
import { corpusPath, describeCorpus } from '../corpus'

const ROOT = corpusPath('bandicoot-cdr-samples')

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = join(dir, f)
      return statSync(p).isDirectory() ? walk(p) : p.endsWith('.csv') ? [p] : []
    })
}

function importFile(path: string) {
  const bytes = new Uint8Array(readFileSync(path))
  const read = readFile(bytes, { fileName: path.split('/').pop()! })
  if (!read.ok) throw new Error(`${path}: ${read.error.message}`)
  const sheet = read.table.sheets[0]!
  const proposal = proposeMapping(sheet.rows, { sheet: sheet.name })
  const built = proposal.problems.length ? null : buildSheetRecords(sheet.rows, proposal.header.dataStart, proposal.mapping, { sourceSha256: '0'.repeat(64), fileName: path, sheet: sheet.name }, sheet.rowLines)
  return { rows: sheet.rows, proposal, built }
}

const blank = (r: readonly Cell[]): boolean => r.every((c) => c === null || String(c).trim() === '')

/** What each layout must become; side files that are not record tables must say why instead. */
function expectedKind(rel: string, firstLine: string): 'call' | 'cellSite' | 'transfer' | null {
  if (/^\d;\d\d;/.test(firstLine)) return 'call' // Orange, no header
  if (/^interaction,direction,correspondent_id,datetime/.test(firstLine)) return 'call' // bandicoot native
  if (/^(A_NUMBER|B_PARTY),/.test(firstLine)) return 'call' // Telenor
  if (/^antenna_id,latitude,longitude|^LONGITUDE,LATITUDE,CELLID_HEX/.test(firstLine)) return 'cellSite'
  if (/^datetime,amount,retailer_id/.test(firstLine)) return 'transfer'
  return null
}

describeCorpus('bandicoot CDR samples: every layout', () => {
  it('maps every CDR, antenna and recharge file automatically, and drops no row', () => {
    const seen = new Set<string>()
    for (const path of walk(ROOT)) {
      const rel = relative(ROOT, path)
      const first = readFileSync(path, 'utf8').split(/\r?\n/)[0] ?? ''
      const want = expectedKind(rel, first)
      const { rows, proposal, built } = importFile(path)
      if (want === null) {
        // Attribute lists, week matrices, exports: not records. They must not be silently half-mapped.
        if (!built) expect(proposal.problems[0]!.message, rel).toMatch(/could not find/)
        continue
      }
      expect(proposal.problems, rel).toEqual([])
      expect(proposal.mapping.recordKind, rel).toBe(want)
      const s = built!.summary
      const dataRows = rows.slice(proposal.header.dataStart).filter((r) => !blank(r)).length
      expect(s.read, rel).toBe(dataRows)
      expect(s.read, rel).toBe(s.ok + s.warned + s.rejected)
      expect(built!.records.length + built!.rejected.length, rel).toBe(dataRows)
      seen.add(proposal.template ? 'orange' : want === 'call' ? (first.startsWith('interaction') ? 'native' : 'telenor') : want)
    }
    expect([...seen].sort()).toEqual(['cellSite', 'native', 'orange', 'telenor', 'transfer'])
  })

  const counts = (records: readonly WaymarkRecord[]) => {
    const calls = records as CallRecord[]
    const n = (service: string, direction: string): number => calls.filter((r) => (service === 'text' ? r.service === 'sms' : r.service === 'call') && r.direction === direction).length
    return { records: calls.length, inCall: n('call', 'incoming'), inText: n('text', 'incoming'), outCall: n('call', 'outgoing'), outText: n('text', 'outgoing') }
  }
  const expected = (file: string, user: string) => {
    const u = (JSON.parse(readFileSync(join(ROOT, 'expected', 'regressions', file), 'utf8')) as Record<string, Record<string, number>>)[user]!
    return {
      records: u.reporting__number_of_records,
      inCall: u.number_of_interaction_in__allweek__allday__call__mean,
      inText: u.number_of_interaction_in__allweek__allday__text__mean,
      outCall: u.number_of_interaction_out__allweek__allday__call__mean,
      outText: u.number_of_interaction_out__allweek__allday__text__mean
    }
  }

  it('reads the native layout as bandicoot does (its manual_a regression counts)', () => {
    const { built } = importFile(join(ROOT, 'samples', 'manual', 'A.csv'))
    expect(counts(built!.records)).toEqual(expected('manual_a.json', 'A'))
  })

  it('reads the headerless Orange layout as bandicoot does: 1/2 = out/in, 11/12 = call, 21/22 = text, longitude before latitude', () => {
    const { built, proposal } = importFile(join(ROOT, 'samples', 'manual', 'A_orange.csv'))
    expect(proposal.mapping.headerRow).toBe(0)
    expect(counts(built!.records)).toEqual(expected('manual_a_orange_network.json', 'A_orange'))
    const first = built!.records[0] as CallRecord
    // "2;11;A_orange;A_orange;2014-08-20 20:30:37;137;2.352241;48.856638": an incoming call, Paris.
    expect(first).toMatchObject({ direction: 'incoming', service: 'call', durationSeconds: 137, longitude: 2.352241, latitude: 48.856638 })
    expect(first.start?.original).toBe('2014-08-20 20:30:37')
  })

  it('joins the Telenor date and time columns and reads MOC/MTC', () => {
    const { built } = importFile(join(ROOT, 'historical-telenor-format', 'A_telenor_outgoing.csv'))
    const rec = built!.records[0] as CallRecord
    expect(rec).toMatchObject({ direction: 'outgoing', service: 'call', durationSeconds: 642, cellId: 'B987' })
    expect(rec.start?.original).toBe('20140820 20:31:42')
    expect(rec.start?.utcMs).toBe(Date.UTC(2014, 7, 20, 20, 31, 42))
    // The hashed 32-digit MSISDNs are ids: kept exactly as written.
    expect(rec.aParty).toEqual({ kind: 'identifier', original: '00000000000000000000000000000001' })
  })

  it('reports, and does not import, the rows bandicoot ignores (blank correspondent), keeping the odd ones with warnings', () => {
    const { built } = importFile(join(ROOT, 'samples', 'user_ignored.csv'))
    expect(built!.rejected.map((r) => r.values[2])).toEqual([' '])
    expect(built!.issues.filter((i) => i.severity === 'warning').map((i) => i.value)).toEqual(expect.arrayContaining(['wrongdirection', 'wronginteraction']))
  })
})
