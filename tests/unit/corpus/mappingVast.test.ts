// The VAST 2008 MC3 call records end to end through `waymark inspect` and `convert`: 9,834 calls, UTC times, ids kept, negative durations flagged.
//
// The file: `From,To,Datetime,Duration(seconds),Cell Tower`; From/To are phone ids 0..399 (not phone numbers);
// Datetime is compact `yyyymmdd hhmm` wall-clock time. The scenario's Isla del Sueño is fictional; the VAST 2008
// migrant-boat data of the same scenario places it where Cuba is (launch points ≈ 23.7° N, 79.7° W), so the
// analyst's zone is America/Havana (UTC−4 in June 2006, daylight time). The file says nothing about zones, so
// Waymark must be told (--tz) and says so when it is not.
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { main } from '../../../src/cli/waymark'
import type { CallRecord } from '../../../src/core/model/records'
import { corpusPath, describeCorpus } from '../corpus'

const FILE = corpusPath('vast2008-mc3-cellphone', 'CellPhoneCallRecords.csv')
const dir = mkdtempSync(join(tmpdir(), 'waymark-vast-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const code = await main([...argv, '--templates', join(dir, 'templates.json')], { out: (t) => (out += t), err: (t) => (err += t) })
  return { code, out, err }
}

interface SourceRow {
  line: number
  from: string
  to: string
  datetime: string
  duration: number
}

function sourceRows(): SourceRow[] {
  const text = readFileSync(FILE, 'utf8')
  return text
    .split('\r\n')
    .slice(1)
    .map((l, i) => ({ l, line: i + 2 }))
    .filter((x) => x.l !== '')
    .map(({ l, line }) => {
      const [from, to, datetime, duration] = l.split(',')
      return { line, from: from!, to: to!, datetime: datetime!, duration: Number(duration) }
    })
}

/** The wall time of `yyyymmdd hhmm`, read independently of Waymark, plus Havana's June offset (−4 h). */
function expectedUtc(datetime: string): number {
  const m = /^(\d{4})(\d{2})(\d{2}) (\d{2})(\d{2})$/.exec(datetime)!
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5])) + 4 * 3_600_000
}

describeCorpus('VAST 2008 MC3 call records through the CLI', () => {
  it('inspect: header row 1, call records, compact dates, ids not phones, the four negative durations, and a zone notice', async () => {
    const r = await run('inspect', FILE)
    expect(r.code).toBe(0)
    const src = sourceRows()
    const negatives = src.filter((x) => x.duration < 0)
    expect(r.out).toMatch(/Header row: 1/)
    expect(r.out).toMatch(/Record kind: call/)
    expect(r.out).toMatch(/Datetime \(start\): yyyyMMdd HHmm, order ymd/)
    expect(r.out).toMatch(/From → aParty .*ids, not phone numbers/)
    expect(r.out).toContain(`read ${src.length.toLocaleString('en')} · ok ${(src.length - negatives.length).toLocaleString('en')} · warned ${negatives.length} · rejected 0`)
    expect(r.out).toContain(`negative-duration ${negatives.length}`)
    expect(r.out).toMatch(/wall-clock times are read as UTC\. Choose the operator's zone .*--tz on the command line/)
  })

  it('convert: every call once, correct UTC times, every phone id kept, negative durations flagged, nothing dropped', async () => {
    const out = join(dir, 'vast.jsonl')
    const r = await run('convert', FILE, '--tz', 'America/Havana', '--out', out)
    expect(r.code).toBe(0)
    const src = sourceRows()
    expect(src).toHaveLength(9834)
    const records = readFileSync(out, 'utf8').split('\n').filter(Boolean).slice(1).map((l) => JSON.parse(l) as CallRecord)
    expect(records).toHaveLength(src.length)
    const sha = createHash('sha256').update(readFileSync(FILE)).digest('hex')
    let flagged = 0
    records.forEach((rec, i) => {
      const s = src[i]!
      expect(rec.provenance).toEqual({ sourceSha256: sha, fileName: 'CellPhoneCallRecords.csv', sheet: 'CellPhoneCallRecords', row: s.line })
      expect(rec.aParty).toEqual({ kind: 'identifier', original: s.from })
      expect(rec.bParty).toEqual({ kind: 'identifier', original: s.to })
      expect(rec.start).toEqual({ utcMs: expectedUtc(s.datetime), zone: 'America/Havana', explicitOffset: false, original: s.datetime, precision: 'minute' })
      expect(rec.durationSeconds).toBe(s.duration)
      if (rec.flags?.includes('negative-duration')) flagged++
    })
    const negatives = src.filter((x) => x.duration < 0).length
    expect(negatives).toBeGreaterThan(0)
    expect(flagged).toBe(negatives)
    expect(r.err).toContain(`read 9,834 · ok ${(9834 - negatives).toLocaleString('en')} · warned ${negatives} · rejected 0`)
    const issues = readFileSync(`${out}.issues.jsonl`, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string; code?: string; read?: number; ok?: number; warned?: number; rejected?: number })
    expect(issues.filter((i) => i.code === 'negative-duration')).toHaveLength(negatives)
    const summary = issues.find((i) => i.type === 'summary')!
    expect(summary.read).toBe(summary.ok! + summary.warned! + summary.rejected!)
    // 400 distinct ids, as the source says, all kept as written.
    expect(new Set(records.flatMap((x) => [x.aParty!.original, x.bParty!.original])).size).toBe(new Set(src.flatMap((x) => [x.from, x.to])).size)
  })

  it('convert to Timesketch: datetimes carry the −04:00 offset of the source zone', async () => {
    const out = join(dir, 'vast.ts.jsonl')
    expect((await run('convert', FILE, '--tz', 'America/Havana', '--format', 'timesketch', '--out', out)).code).toBe(0)
    const first = JSON.parse(readFileSync(out, 'utf8').split('\n')[0]!) as { datetime: string; time_original: string }
    expect(first).toMatchObject({ datetime: '2006-06-01T00:08:00-04:00', time_original: '20060601 0008' })
  })
})
