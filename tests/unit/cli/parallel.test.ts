// A big text file read by two threads (src/cli/parallel.ts) must give exactly what one reader of the whole file gives:
// the same records with the same row numbers, the same issues and rejected rows in file order, the same read warnings,
// summary and date decisions — and where that cannot be certain, the file is read by one thread.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import * as XLSX from 'xlsx'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordToJsonLine } from '../../../src/core/export/jsonl'
import { mulberry32 } from '../../../src/core/seeded'
import { issueJsonLine, rejectedJsonLine } from '../../../src/cli/emit'
import { PartRunner } from '../../../src/cli/parallel'
import { importText, type FileImportResult } from '../../../src/cli/pipeline'
import { main } from '../../../src/cli/waymark'
import { convertCommand } from '../../../src/cli/convert'

let dir = ''
const runner = new PartRunner()
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'waymark-parallel-'))
})
afterAll(async () => {
  await runner.close()
  rmSync(dir, { recursive: true, force: true })
})

const HEADER = 'Calling Party,Called Party,Type,Date Time,Duration(seconds),Cell Tower,Address'

/** A Bangladeshi operator's CDR: `rows` data rows; `special(i)` may replace row i. */
function cdr(rows: number, special: (i: number, row: string) => string = (_, r) => r): string[] {
  const rnd = mulberry32(7)
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1))
  const p2 = (n: number): string => String(n).padStart(2, '0')
  const out = [HEADER]
  for (let i = 0; i < rows; i++) {
    const a = `01${int(7, 9)}${String(int(0, 99_999_999)).padStart(8, '0')}`
    const b = `+8801${int(7, 9)}${String(int(0, 99_999_999)).padStart(8, '0')}`
    const row = `${a},${b},${int(0, 1) ? 'OUT' : 'IN'},${p2(int(1, 28))}-${p2(int(1, 12))}-2024 ${p2(int(0, 23))}:${p2(int(0, 59))}:00,${int(0, 900)},470-01-${int(1000, 9999)}-${int(10000, 99999)},Teknaf Sector ${int(1, 99)}`
    out.push(special(i, row))
  }
  return out
}

function write(name: string, lines: readonly string[] | Uint8Array, eol = '\r\n'): string {
  const path = join(dir, name)
  writeFileSync(path, lines instanceof Uint8Array ? lines : `${lines.join(eol)}${eol}`)
  return path
}

const readLines = (path: string): string[] => readFileSync(path, 'utf8').split('\n').filter(Boolean)

interface Read {
  readonly result: FileImportResult
  /** Records as Waymark JSON lines, then issues and rejected rows as the issues file has them, in file order. */
  readonly records: string[]
  readonly issues: string[]
}

async function read(path: string, twoThreads: boolean, fraction = 0.5): Promise<Read> {
  const records: string[] = []
  const issues: string[] = []
  const name = basename(path)
  const partOut = join(dir, 'part.jsonl')
  const partIssues = join(dir, 'part.issues.jsonl')
  const result = await importText(path, 'f'.repeat(64), {
    propose: { country: 'BD' },
    // The mapping is decided after 200 rows: the cut is then far past the rows read so far.
    sampleRows: 200,
    onRecord: (r) => records.push(recordToJsonLine(r)),
    onIssue: (i) => issues.push(issueJsonLine(name, i)),
    onRejected: (r) => issues.push(rejectedJsonLine(name, r)),
    ...(twoThreads
      ? {
          parallel: {
            runner,
            minBytes: 0,
            fraction,
            sink: { kind: 'lines' as const, format: 'waymark' as const, csv: false, out: partOut, issuesOut: partIssues },
            joined: () => {
              records.push(...readLines(partOut))
              issues.push(...readLines(partIssues))
            }
          }
        }
      : {})
  })
  return { result, records, issues }
}

/** Reads the file both ways and checks that the two-thread reading gives what one reader gives. */
async function same(path: string, fraction = 0.5): Promise<{ one: Read; two: Read }> {
  const one = await read(path, false)
  const two = await read(path, true, fraction)
  expect(one.result.threads).toBe(1)
  expect(two.records).toEqual(one.records)
  expect(two.issues).toEqual(one.issues)
  const { threads: _t1, ...oneRest } = one.result
  const { threads: _t2, ...twoRest } = two.result
  expect(twoRest).toEqual(oneRest)
  return { one, two }
}

describe('a big text file read in two parts at once', () => {
  it('gives the records, row numbers, issues, rejected rows, warnings and summary one reader gives', async () => {
    const lines = cdr(3000, (i, row) => {
      // Rows with a field too many (more than the 100 listed warnings, so the summary warning is merged too), rows
      // that cannot be read (rejected with their values), doubtful numbers, negative durations: in both halves.
      if (i % 17 === 5) return `${row},extra`
      if (i % 401 === 7) return row.replace(/,\d\d-\d\d-2024 /, ',not a date ')
      if (i % 233 === 9) return row.replace(/^01/, '09')
      if (i % 97 === 3) return row.replace(/,(\d+),470/, ',-$1,470')
      return row
    })
    const { one, two } = await same(write('mixed.csv', lines))
    expect(two.result.threads).toBe(2)
    const outcome = one.result.outcomes[0]!.outcome
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    expect(outcome.summary.read).toBe(3000)
    expect(outcome.summary.rejected).toBeGreaterThan(4)
    expect(outcome.summary.issueCounts['negative-duration']).toBeGreaterThan(20)
    expect(one.result.readWarnings.some((w) => w.code === 'field-count-summary')).toBe(true)
    // Rows of the second half keep the file's row numbers: the last record is row 3001 (the header is row 1).
    expect(JSON.parse(two.records.at(-1)!).provenance.row).toBe(3001)
  })

  it('reads a file with LF line endings and a quoted field after the cut the same way', async () => {
    const lines = cdr(2000, (i, row) => (i === 1700 ? row.replace(/,Teknaf Sector (\d+)$/, ',"Teknaf, Sector $1"') : row))
    const { two } = await same(write('lf.csv', lines, '\n'))
    expect(two.result.threads).toBe(2)
    expect(two.records.some((r) => r.includes('Teknaf, Sector'))).toBe(true)
  })

  it('calls the cut off and reads on alone when a quote comes before it (a quoted field may hold line breaks)', async () => {
    // The mapping is decided once the first 64 KiB are read (about 700 rows): one quote before that, one after it
    // (the worker has started, and is stopped).
    for (const at of [300, 1100]) {
      const lines = cdr(3000, (i, row) => (i === at ? row.replace(/,Teknaf Sector (\d+)$/, ',"Teknaf\nSector $1"') : row))
      const { one, two } = await same(write(`quoted-${at}.csv`, lines))
      expect(two.result.threads).toBe(1)
      expect(one.records.some((r) => r.includes('Teknaf\\nSector'))).toBe(true)
    }
  })

  it('reads text that is ASCII up to the cut and Thai (Windows-874) after it as one reader does', async () => {
    // Thai letters U+0E01–U+0E5B are bytes 0xA1–0xFB in Windows-874.
    const thai = (s: string): number[] => [...s].map((ch) => (ch.charCodeAt(0) >= 0x0e01 ? ch.charCodeAt(0) - 0xd60 : ch.charCodeAt(0)))
    const text = cdr(2000).map((l, i) => (i > 1500 ? l.replace(/Teknaf Sector/, 'ตลาดแม่สอด') : l))
    const bytes = Uint8Array.from(text.flatMap((l) => [...thai(l), 13, 10]))
    const path = write('thai-late.csv', bytes)
    const { one, two } = await same(path)
    expect(two.result.threads).toBe(2)
    expect(one.result.encoding).toBe('windows-874')
    expect(one.records.some((r) => r.includes('ตลาดแม่สอด'))).toBe(true)
  })

  it('calls the cut off when the text turns non-ASCII before the cut, while its encoding was still provisional', async () => {
    const text = cdr(3000).map((l, i) => (i === 1100 ? l.replace(/Teknaf/, 'Teknaf \u00e9') : l))
    const { one, two } = await same(write('latin-early.csv', text))
    expect(two.result.threads).toBe(1)
    expect(one.result.encoding).toBe('utf-8')
  })

  it('stops with the problem one reader reports when the second part reads the date column another way', async () => {
    // The first rows read as day-month (a day above 12); a late row only fits month-day.
    const lines = cdr(2000, (i, row) => (i === 1800 ? row.replace(/,\d\d-\d\d-2024 /, ',05-28-2024 ') : row))
    const { one, two } = await same(write('late-date.csv', lines))
    const outcome = one.result.outcomes[0]!.outcome
    expect(outcome.ok).toBe(false)
    if (!outcome.ok) expect(outcome.problems.map((p) => p.message).join(' ')).toMatch(/row 1,802 has '05-28-2024/)
    expect(two.result.threads).toBe(2)
  })
})

describe('a big text file whose date order is settled only late', () => {
  it('is read again by one thread, as when the rows held could not decide it', async () => {
    const lines = ['From,To,Date']
    for (let i = 0; i < 3000; i++) lines.push(`+88017${String(i).padStart(8, '0')},+8801898765432,0${(i % 9) + 1}/0${(i % 8) + 1}/2024 10:00`)
    lines.push('+8801712345699,+8801898765432,05/28/2024 10:00')
    const path = write('late-order.csv', lines, '\n')
    const records: string[] = []
    const result = await importText(path, 'f'.repeat(64), {
      propose: { country: 'BD' },
      sampleRows: 50,
      maxBufferedRows: 100,
      onRecord: (r) => records.push(recordToJsonLine(r)),
      parallel: { runner, minBytes: 0, sink: { kind: 'count' }, joined: () => undefined }
    })
    expect(result.threads).toBe(1)
    expect(result.outcomes[0]!.outcome.ok).toBe(true)
    expect(records).toHaveLength(3001)
    // 09/01/2024 (row 10) read month-first, as the last row requires: 10:00 in Dhaka on 1 September.
    expect(JSON.parse(records[8]!).start.utcMs).toBe(Date.UTC(2024, 8, 1, 4))
  })
})

describe('waymark convert on a file of more than 16 MB', () => {
  it('writes the same output and issues file with one thread and with two, and says when it used two', async () => {
    const path = write('big.csv', cdr(190_000, (i, row) => (i % 50_000 === 11 ? row.replace(/,\d\d-\d\d-2024 /, ',never ') : row)))
    expect(readFileSync(path).length).toBeGreaterThan(16 * 1024 * 1024)
    const outs: { out: string; issues: string; err: string }[] = []
    for (const threads of ['1', '2']) {
      const out = join(dir, `big-${threads}.jsonl`)
      let err = ''
      const code = await main(['convert', path, '--country', 'BD', '--threads', threads, '--out', out, '--templates', join(dir, 'templates.json')], { out: () => undefined, err: (t) => (err += t) })
      expect(code).toBe(0)
      outs.push({ out: readFileSync(out, 'utf8'), issues: readFileSync(`${out}.issues.jsonl`, 'utf8'), err })
    }
    const [one, two] = outs as [(typeof outs)[0], (typeof outs)[0]]
    expect(two.out).toBe(one.out)
    expect(two.issues).toBe(one.issues)
    expect(one.out.split('\n').filter(Boolean)).toHaveLength(190_000 - 4 + 1)
    expect(one.err).not.toMatch(/two parts/)
    expect(two.err).toMatch(/190,000 rows as call records \(read in two parts at once\)/)
    // The rejected rows of the second part are shown too, in file order.
    expect(two.err.replace(' (read in two parts at once)', '').replaceAll('big-2.jsonl', 'big-1.jsonl')).toBe(one.err)
  }, 60_000)
})

describe('waymark convert of several files on two threads', () => {
  it('converts whole files on both threads and writes them in the order given, as one thread does', async () => {
    // Files of different sizes (so they finish out of order), a workbook among them, rejected rows in several.
    const csvA = write('a.csv', cdr(9000, (i, row) => (i === 40 ? row.replace(/,\d\d-\d\d-2024 /, ',never ') : row)))
    const csvB = write('b.csv', cdr(300, (i, row) => (i === 7 ? row.replace(/,\d\d-\d\d-2024 /, ',nope ') : row)))
    const book = XLSX.utils.book_new()
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(cdr(500).map((l) => l.split(','))), 'calls')
    const xlsx = join(dir, 'c.xlsx')
    writeFileSync(xlsx, XLSX.write(book, { type: 'buffer', bookType: 'xlsx' }) as Buffer)
    const csvD = write('d.csv', cdr(4000), '\n')
    const inputs = [csvA, csvB, xlsx, csvD]
    const outs: { out: string; issues: string; err: string }[] = []
    // A worker already loaded, so that it takes files from the start whatever this machine's speed.
    const loaded = new PartRunner()
    await loaded.ready()
    for (const threads of ['1', '2']) {
      const out = join(dir, `several-${threads}.jsonl`)
      let err = ''
      const code = await convertCommand([...inputs, '--country', 'BD', '--threads', threads, '--out', out, '--templates', join(dir, 'templates.json')], { out: () => undefined, err: (t) => (err += t) }, loaded)
      expect(code).toBe(0)
      // One thread hands nothing to the worker; with two, it imports whole files.
      if (threads === '1') expect(loaded.jobsRun).toBe(0)
      else expect(loaded.filesDone).toBeGreaterThan(0)
      outs.push({ out: readFileSync(out, 'utf8'), issues: readFileSync(`${out}.issues.jsonl`, 'utf8'), err: err.replaceAll('several-2', 'several-1') })
    }
    const [one, two] = outs as [(typeof outs)[0], (typeof outs)[0]]
    expect(two.out).toBe(one.out)
    expect(two.issues).toBe(one.issues)
    expect(two.err).toBe(one.err)
    const files = one.out.split('\n').filter(Boolean).slice(1).map((l) => (JSON.parse(l) as { provenance: { fileName: string } }).provenance.fileName)
    expect([...new Set(files)]).toEqual(['a.csv', 'b.csv', 'c.xlsx', 'd.csv'])
    expect(files).toHaveLength(9000 - 1 + 300 - 1 + 500 + 4000)
    expect(readdirSync(dir).filter((f) => /\.(file|part2)\d*-/.test(f))).toEqual([])
    await loaded.close()
  }, 60_000)

  it('stops with exit code 2 and writes nothing when files on either thread cannot be read', async () => {
    const sub = mkdtempSync(join(dir, 'bad-'))
    const good = write('good.csv', cdr(2000))
    const binary = Buffer.from([0x00, 0x01, 0x02, 0xff, 0x00, 0x10, 0x00, 0x00].flatMap((b) => Array<number>(4096).fill(b)))
    // Two unreadable files first: whichever thread claims which, both fail, and neither thread goes on to the third.
    writeFileSync(join(sub, 'calls.csv'), binary)
    writeFileSync(join(sub, 'calls2.csv'), binary)
    let err = ''
    const loaded = new PartRunner()
    await loaded.ready()
    const code = await main(['convert', join(sub, 'calls.csv'), join(sub, 'calls2.csv'), good, '--country', 'BD', '--threads', '2', '--out', join(sub, 'out.jsonl'), '--templates', join(dir, 'templates.json')], { out: () => undefined, err: (t) => (err += t) }, loaded)
    await loaded.close()
    expect(loaded.jobsRun).toBe(1)
    expect(code).toBe(2)
    expect(err).toMatch(/calls2?\.csv does not look like a text file/)
    expect(readdirSync(sub).sort()).toEqual(['calls.csv', 'calls2.csv'])
  })
})

