// The event store on real-shaped data: the VAST 2008 MC3 call records (9,834 calls between 400 phones), checked
// against counts made directly from the CSV lines.
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import type { CallRecord } from '../../../../src/core/model/records'
import { buildSegments, decodeRecord } from '../../../../src/core/store/encode'
import { EntityStatsBuilder } from '../../../../src/core/store/entityStats'
import { findMirrors } from '../../../../src/core/store/mirror'
import { EventIndex } from '../../../../src/core/store/query'
import { deserialiseOriginals, deserialiseSegment, serialiseOriginals, serialiseSegment } from '../../../../src/core/store/serialise'
import { corpusPath, describeCorpus } from '../../corpus'

interface Line {
  from: string
  to: string
  at: number
  when: string
  duration: number
  tower: string
  row: number
}

function load(): { sha: string; lines: Line[]; records: CallRecord[] } {
  const bytes = readFileSync(corpusPath('vast2008-mc3-cellphone', 'CellPhoneCallRecords.csv'))
  const sha = createHash('sha256').update(bytes).digest('hex')
  const lines: Line[] = []
  bytes
    .toString('ascii')
    .split(/\r\n/)
    .forEach((text, i) => {
      if (i === 0 || text === '') return
      const [from, to, when, duration, tower] = text.split(',') as [string, string, string, string, string]
      const m = /^(\d{4})(\d{2})(\d{2}) (\d{2})(\d{2})$/.exec(when)!
      const at = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]))
      lines.push({ from, to, at, when, duration: Number(duration), tower, row: i + 1 })
    })
  const records = lines.map(
    (l): CallRecord => ({
      // The file holds a few negative durations; the importer keeps them and flags them, as here.
      ...(l.duration < 0 ? { flags: ['negative-duration'] } : {}),
      kind: 'call',
      provenance: { sourceSha256: sha, fileName: 'CellPhoneCallRecords.csv', sheet: 'CellPhoneCallRecords', row: l.row },
      service: 'call',
      direction: 'unknown',
      aParty: { kind: 'identifier', original: l.from },
      bParty: { kind: 'identifier', original: l.to },
      start: { utcMs: l.at, zone: 'UTC', explicitOffset: false, original: l.when, precision: 'minute' },
      durationSeconds: l.duration,
      durationOriginal: String(l.duration),
      cellId: l.tower
    })
  )
  return { sha, lines, records }
}

function prepare() {
  const { lines, records } = load()
  const built = buildSegments(records, { segmentSize: 2000 })
  const segments = built.segments.map((s) => deserialiseSegment(structuredClone(serialiseSegment(s))))
  const originals = built.originals.map((o) => deserialiseOriginals(structuredClone(serialiseOriginals(o))))
  return { lines, records, built, segments, originals }
}

describeCorpus('event store on the VAST 2008 call records', () => {
  // Read lazily: when the corpus is absent the block is skipped, and its body must not touch the file.
  let data: ReturnType<typeof prepare> | undefined
  const get = () => (data ??= prepare())

  it('stores every call and gives each back exactly', () => {
    const { lines, records, built, segments, originals } = get()
    expect(built.events).toBe(lines.length)
    const byRow = new Map(records.map((r) => [r.provenance.row, r]))
    let n = 0
    segments.forEach((s, k) => {
      for (let i = 0; i < s.count; i++, n++) expect(decodeRecord(s, originals[k]!, i)).toEqual(byRow.get(s.row[i]!))
    })
    expect(n).toBe(lines.length)
  })

  it('counts each phone’s calls, call time, contacts and first and last call as the CSV says', () => {
    const { lines, segments } = get()
    const b = new EntityStatsBuilder()
    segments.forEach((s) => b.addSegment(`vast#${s.seq}`, s))
    const stats = new Map(b.result().map((s) => [s.key, s]))
    const phones = new Set(lines.flatMap((l) => [l.from, l.to]))
    expect([...stats.keys()].filter((k) => k.startsWith('id:'))).toHaveLength(phones.size)
    expect([...stats.keys()].filter((k) => k.startsWith('cell:'))).toHaveLength(new Set(lines.map((l) => l.tower)).size)
    for (const p of phones) {
      const mine = lines.filter((l) => l.from === p || l.to === p)
      const s = stats.get(`id:${p}`)!
      expect(s.events).toBe(mine.length)
      expect(s.asA).toBe(mine.filter((l) => l.from === p).length)
      expect(s.asB).toBe(mine.filter((l) => l.to === p).length)
      // Negative durations are kept on the call but not added to call time.
      expect(s.callSeconds).toBe(mine.reduce((sum, l) => sum + Math.max(0, l.duration), 0))
      expect(s.contacts.length).toBe(new Set(mine.flatMap((l) => [l.from, l.to]).filter((x) => x !== p)).size)
      expect(s.firstAt).toBe(Math.min(...mine.map((l) => l.at)))
      expect(s.lastAt).toBe(Math.max(...mine.map((l) => l.at)))
    }
  })

  it('answers a per-phone and a per-day query like a filter over the lines', () => {
    const { lines, segments } = get()
    const idx = new EventIndex(segments.map((s) => ({ id: `vast#${s.seq}`, segment: s })))
    const p200 = lines.filter((l) => l.from === '200' || l.to === '200').sort((x, y) => x.at - y.at || x.row - y.row)
    const page = idx.query({ entities: ['id:200'], limit: 10_000 })
    expect(page.total).toBe(p200.length)
    expect(page.events.map((e) => e.row)).toEqual(p200.map((l) => l.row))
    const from = Date.UTC(2006, 5, 5)
    const to = Date.UTC(2006, 5, 6)
    expect(idx.count({ from, to })).toBe(lines.filter((l) => l.when.startsWith('20060605')).length)
    const negative = idx.query({ flags: ['negative-duration'], limit: 100 }).events
    expect(negative.map((e) => e.durationS)).toEqual(lines.filter((l) => l.duration < 0).sort((x, y) => x.at - y.at).map((l) => l.duration))
  })

  it('finds no mirrors in one network-level file whose rows have no direction', () => {
    const { lines, segments } = get()
    const r = findMirrors([], segments.map((s) => ({ id: `vast#${s.seq}`, segment: s })))
    expect(r.candidates).toBe(lines.filter((l) => l.from !== l.to).length)
    expect(r.merged).toBe(0)
  })
})
