// Tests the `waymark` CLI through main(): exit codes 0/1/2, messages naming file and row, outputs, mappings, templates, streaming.
import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import * as XLSX from 'xlsx'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main } from '../../../src/cli/waymark'
import type { CallRecord, EventRecord } from '../../../src/core/model/records'
import { REPO_ROOT } from '../corpus'

const FIXTURES = resolve(REPO_ROOT, 'tests', 'fixtures', 'mapping')
const THAI = join(FIXTURES, 'thai_cdr_preamble.csv')
const AMBIGUOUS = join(FIXTURES, 'ambiguous_dates.csv')

let dir = ''
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'waymark-cli-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  // An empty templates file per test run keeps the user's ~/.waymark out of the tests.
  const withTemplates = argv.includes('--templates') || argv[0] === undefined || argv[0] === 'help' ? argv : [...argv, '--templates', join(dir, 'templates.json')]
  const code = await main(withTemplates, { out: (t) => (out += t), err: (t) => (err += t) })
  return { code, out, err }
}

const lines = (path: string): unknown[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as unknown)

describe('usage errors exit 1 with the usage text', () => {
  it('no command', async () => {
    const r = await run()
    expect(r.code).toBe(1)
    expect(r.out + r.err).toMatch(/Usage:/)
  })

  it('unknown command, unknown option, missing value, missing --out, bad --tz and --country, CSV for Waymark output', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /Unknown command "frobnicate"/],
      [['inspect', THAI, '--colour'], /Unknown option --colour/],
      [['inspect', THAI, '--tz'], /--tz needs a value/],
      [['convert', THAI], /--out/],
      [['inspect', THAI, '--tz', 'GMT+7'], /IANA/],
      [['inspect', THAI, '--country', 'Thailand'], /two-letter/],
      [['convert', THAI, '--out', join(dir, 'x.csv')], /JSON lines/],
      [['convert', THAI, '--out', join(dir, 'x.jsonl'), '--date-format', 'start'], /COLUMN=dmy/]
    ]
    for (const [argv, message] of cases) {
      const r = await run(...argv)
      expect(r.code, argv.join(' ')).toBe(1)
      expect(r.err).toMatch(message)
      expect(r.err).toMatch(/Usage:/)
    }
  })
})

describe('input errors exit 2 and name the file', () => {
  it('a file that does not exist', async () => {
    const r = await run('inspect', join(dir, 'missing.csv'))
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/missing\.csv/)
  })

  it('convert of a file that cannot be read leaves no half-written files beside the output', async () => {
    const sub = mkdtempSync(join(dir, 'unreadable-'))
    const binary = join(sub, 'calls.csv')
    writeFileSync(binary, Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10, 0x00, 0x00].flatMap((b) => Array<number>(4096).fill(b))))
    const r = await run('convert', THAI, binary, '--out', join(sub, 'out.jsonl'))
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/calls\.csv does not look like a text file/)
    expect(readdirSync(sub)).toEqual(['calls.csv'])
  })

  it('dates that fit dd/mm and mm/dd: tells which option to pass and writes nothing', async () => {
    const out = join(dir, 'ambiguous.jsonl')
    const r = await run('convert', AMBIGUOUS, '--out', out)
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/ambiguous_dates\.csv/)
    expect(r.err).toMatch(/--date-format start=dmy/)
    expect(existsSync(out)).toBe(false)
    const ok = await run('convert', AMBIGUOUS, '--out', out, '--date-format', 'start=mdy', '--tz', 'Asia/Bangkok')
    expect(ok.code).toBe(0)
    const [, first] = lines(out) as [unknown, CallRecord]
    expect(first.start?.utcMs).toBe(Date.UTC(2024, 2, 4, 3, 0))
  })

  it('a sheet name the workbook does not have', async () => {
    const r = await run('inspect', THAI, '--sheet', 'Nope')
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/thai_cdr_preamble\.csv/)
  })
})

describe('inspect', () => {
  it('shows format, header row, mapping with confidences, dates, zone, samples and the issue summary', async () => {
    const r = await run('inspect', THAI, '--country', 'TH')
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/Format: csv, encoding utf-8, delimiter ","/)
    expect(r.out).toMatch(/Header row: 4 .*preamble/)
    expect(r.out).toMatch(/Target No → subscriber .*\[0\.95\]/)
    expect(r.out).toMatch(/Call Date \(startDate\): dd\/MM\/yyyy, order dmy/)
    expect(r.out).toMatch(/Time zone: Asia\/Bangkok/)
    expect(r.out).toMatch(/row 5: .*\+66812345678.*2024-05-13T14:22:07\+07:00 = 2024-05-13T07:22:07Z/)
    expect(r.out).toMatch(/read 5 · ok 3 · warned 1 · rejected 1/)
    expect(r.out).toMatch(/row 8, column "Call Date \+ Call Time": error: '31\/02\/2024'/)
  })

  it('--json gives the same facts as data', async () => {
    const r = await run('inspect', THAI, '--country', 'TH', '--json')
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out) as { sha256: string; results: { headerRow: number; recordKind: string; summary: { read: number; rejected: number }; samples: CallRecord[]; mapping: { zone: string } }[] }
    expect(j.sha256).toBe(createHash('sha256').update(readFileSync(THAI)).digest('hex'))
    expect(j.results[0]).toMatchObject({ headerRow: 4, recordKind: 'call', summary: { read: 5, rejected: 1 }, mapping: { zone: 'Asia/Bangkok' } })
    expect(j.results[0]!.samples).toHaveLength(4)
  })

  it('exits 2 and explains when the dates need a choice', async () => {
    const r = await run('inspect', AMBIGUOUS)
    expect(r.code).toBe(2)
    expect(r.out).toMatch(/AMBIGUOUS/)
    expect(r.err).toMatch(/--date-format start=/)
  })
})

describe('convert', () => {
  it('writes Waymark JSONL with provenance and originals, lists every issue, and summarises rejected rows on stderr', async () => {
    const out = join(dir, 'thai.jsonl')
    const r = await run('convert', THAI, '--country', 'TH', '--out', out)
    expect(r.code).toBe(0)
    const [header, ...records] = lines(out) as [{ type: string }, ...CallRecord[]]
    expect(header.type).toBe('waymark-records')
    expect(records.map((x) => x.provenance.row)).toEqual([5, 6, 7, 9])
    const sha = createHash('sha256').update(readFileSync(THAI)).digest('hex')
    for (const x of records) expect(x.provenance).toEqual({ sourceSha256: sha, fileName: 'thai_cdr_preamble.csv', sheet: 'thai_cdr_preamble', row: x.provenance.row })
    expect(records[1]!.aParty).toEqual({ kind: 'e164', e164: '+66898765433', country: 'TH', original: '+66 89 876 5433' })
    expect(r.err).toMatch(/read 5 · ok 3 · warned 1 · rejected 1/)
    expect(r.err).toMatch(/thai_cdr_preamble\.csv \[thai_cdr_preamble\] row 8 rejected: .*31\/02\/2024/)
    const issues = lines(`${out}.issues.jsonl`) as { type: string; row?: number; values?: string[] }[]
    expect(issues.find((i) => i.type === 'rejected')).toMatchObject({ row: 8, values: ['0812345678', '0898765432', 'MO', '31/02/2024', '10:00:00', '10', '356938035643809', '520-03-12345-6789'] })
    expect(issues.filter((i) => i.type === 'issue').map((i) => i.row)).toEqual([6, 8])
    expect(issues.at(-1)).toMatchObject({ type: 'summary', read: 5, ok: 3, warned: 1, rejected: 1 })
  })

  it('writes Timesketch JSONL and CSV whose datetime carries the offset', async () => {
    const jsonl = join(dir, 'ts.jsonl')
    expect((await run('convert', THAI, '--country', 'TH', '--format', 'timesketch', '--out', jsonl)).code).toBe(0)
    const rows = lines(jsonl) as { datetime: string; timestamp_desc: string; message: string; source_row: number }[]
    expect(rows[0]).toMatchObject({ datetime: '2024-05-13T14:22:07+07:00', timestamp_desc: 'Call start', source_row: 5 })
    for (const row of rows) expect(row.datetime).toMatch(/[+-]\d\d:\d\d$/)
    const csv = join(dir, 'ts.csv')
    expect((await run('convert', THAI, '--country', 'TH', '--format', 'timesketch', '--out', csv)).code).toBe(0)
    const [head, first] = readFileSync(csv, 'utf8').split('\n')
    expect(head!.startsWith('message,datetime,timestamp,timestamp_desc')).toBe(true)
    expect(first).toContain(',2024-05-13T14:22:07+07:00,')
  })

  it('writes FollowTheMoney Call entities with ids that are the same on every run', async () => {
    const a = join(dir, 'a.ftm.jsonl')
    const b = join(dir, 'b.ftm.jsonl')
    expect((await run('convert', THAI, '--country', 'TH', '--format', 'ftm', '--out', a)).code).toBe(0)
    expect((await run('convert', THAI, '--country', 'TH', '--format', 'ftm', '--out', b)).code).toBe(0)
    const ea = lines(a) as { id: string; schema: string; properties: Record<string, string[]> }[]
    expect(ea.map((e) => e.id)).toEqual((lines(b) as { id: string }[]).map((e) => e.id))
    expect(ea[0]).toMatchObject({ schema: 'Call', properties: { callerNumber: ['+66812345678'], receiverNumber: ['+66898765432'], startDate: ['2024-05-13T07:22:07'], duration: ['125'] } })
  })

  it('applies a mapping written by inspect, and a saved template to the next file with the same headers', async () => {
    const mappingPath = join(dir, 'thai.mapping.json')
    const templates = join(dir, 'tpl.json')
    expect((await run('inspect', THAI, '--country', 'TH', '--write-mapping', mappingPath, '--save-template', 'AIS export', '--templates', templates)).code).toBe(0)
    const mapping = JSON.parse(readFileSync(mappingPath, 'utf8')) as { recordKind: string; headerRow: number }
    expect(mapping).toMatchObject({ recordKind: 'call', headerRow: 4 })
    const out = join(dir, 'mapped.jsonl')
    expect((await run('convert', THAI, '--mapping', mappingPath, '--out', out)).code).toBe(0)
    expect(lines(out)).toHaveLength(5)
    // Same headers, other file, no preamble: the template is proposed.
    const other = join(dir, 'other.csv')
    writeFileSync(other, readFileSync(THAI, 'utf8').split('\r\n').slice(3).join('\r\n'))
    const r = await run('inspect', other, '--templates', templates)
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/from template "AIS export"/)
    expect(r.out).toMatch(/Time zone: Asia\/Bangkok/)
  })

  it('refuses a mapping file that is not a mapping, naming it', async () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, '{"hello":1}')
    const r = await run('convert', THAI, '--mapping', bad, '--out', join(dir, 'y.jsonl'))
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/bad\.json/)
  })

  it('streams a CSV larger than one read chunk and keeps line numbers across quoted line breaks', async () => {
    const big = join(dir, 'big.csv')
    const parts = ['A_NUMBER,B_NUMBER,START_TIME,DURATION,NOTE\n']
    const n = 15_000
    for (let i = 0; i < n; i++) {
      const note = i === 7000 ? '"two\nlines"' : `note ${'x'.repeat(40)}`
      parts.push(`+6681234${String(i % 10000).padStart(4, '0')},+6689876${String(i % 1000).padStart(4, '0')},2024-05-${String((i % 28) + 1).padStart(2, '0')} 10:00:00,${i % 600},${note}\n`)
    }
    writeFileSync(big, parts.join(''))
    expect(readFileSync(big).length).toBeGreaterThan(1 << 20)
    const out = join(dir, 'big.jsonl')
    const r = await run('convert', big, '--out', out)
    expect(r.code).toBe(0)
    const records = (lines(out) as CallRecord[]).slice(1)
    expect(records).toHaveLength(n)
    expect(records[7000]!.provenance.row).toBe(7002)
    expect(records[7001]!.provenance.row).toBe(7004)
    expect(records[7000]!.extra).toEqual({ NOTE: 'two\nlines' })
  })

  it('reads a workbook sheet with preamble rows, records naming the sheet', async () => {
    const wb = XLSX.utils.book_new()
    const ws = XLSX.utils.aoa_to_sheet([['UNODC', 'unodc_ddds@un.org'], ['30/05/2023'], ['Country', 'Indicator', 'Year', 'txtVALUE'], ['Thailand', 'Detected trafficking victims', 2019, '<5'], ['Cambodia', 'Persons convicted', 2020, '1,282']])
    XLSX.utils.book_append_sheet(wb, ws, 'data_glotip_1')
    const path = join(dir, 'stats.xlsx')
    writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer)
    const out = join(dir, 'stats.jsonl')
    const r = await run('convert', path, '--out', out)
    expect(r.code).toBe(0)
    const records = (lines(out) as EventRecord[]).slice(1)
    expect(records.map((x) => [x.provenance.sheet, x.provenance.row, x.count?.value])).toEqual([
      ['data_glotip_1', 4, 5],
      ['data_glotip_1', 5, 1282]
    ])
  })
})
