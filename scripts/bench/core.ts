// Core import benchmark: a seeded synthetic 1M-row CDR in four operators' layouts (a file each); times parse alone vs
// parse+map+normalise: on one thread, and on two threads both as `waymark convert FILE...` takes the four files (this
// thread and a worker each take the next file whole) and with each file cut in two (as one big file is read). Peak RSS.
//
//   npm run bench:core                       1,000,000 rows (~130 MB) in bench-results/bench-data/
//   npm run bench:core -- --rows 100000      a quick run
//   npm run bench:core -- --json out.json    also write the figures as JSON
//   npm run bench:core -- --pool 5000        fewer distinct counterpart numbers per operator (default 30,000)
//   npm run bench:core -- --chunk 262144     bytes per read, for the one-thread phases (default: the CLI's, TEXT_CHUNK_BYTES = 64 KiB)
//   npm run bench:core -- --rounds 5         rounds of the phases (default 3); figures are medians
//
// Targets (from the issue, "on 2 cores"): normalisation ≥ 300k rows/s, ≤ 3× the time of parsing alone, peak RSS ≤ 600 MB.
// They are judged on normalisation as the command line runs it on this machine's two cores for these four files,
// against parsing alone on one thread (as the reference parsers, Papa Parse and uDSV, stream a file). Printed
// beside them: the files cut in two (what one big file gains from the second thread; each thread then meets most of a
// file's numbers for the first time), and one thread (what each row costs a core).
import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync, writeFileSync, writeSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import { setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { TEXT_CHUNK_BYTES } from '../../src/cli/input'
import { PartRunner, type PartDone } from '../../src/cli/parallel'
import { importFiles, importText } from '../../src/cli/pipeline'
import { createCsvStream } from '../../src/core/read/csv'
import { createImportSession } from '../../src/core/mapping/records'
import { createPhoneNormaliser } from '../../src/core/mapping/phones'
import { decideDateFormat, parseDateTime } from '../../src/core/mapping/dates'
import { parseDuration } from '../../src/core/mapping/durations'
import { parseDirection } from '../../src/core/mapping/direction'
import { parseImei, parseImsi, luhnCheckDigit } from '../../src/core/mapping/identifiers'
import type { Cell } from '../../src/core/model/rawTable'
import { mulberry32 } from '../../src/core/seeded'

const here = fileURLToPath(new URL('.', import.meta.url))
const REPO = resolve(here, '..', '..')

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const ROWS = Number(arg('rows') ?? 1_000_000)
/** Distinct counterpart numbers per operator: CDRs of a few targets repeat numbers; tower dumps do not. */
const POOL = Number(arg('pool') ?? 30_000)
const SEED = Number(arg('seed') ?? 20240513)
const JSON_OUT = arg('json')
/** Rounds of the three phases (see main). */
const ROUNDS = Math.max(1, Number(arg('rounds') ?? 3))
const GENERATOR = 3
const DIR = resolve(arg('dir') ?? join(REPO, 'bench-results', 'bench-data'))

// ---------------------------------------------------------------------------------------------------------------
// Seeded generator.

const rnd = mulberry32(SEED)
const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1))
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!
const digits = (n: number): string => {
  let s = ''
  for (let i = 0; i < n; i++) s += String(int(0, 9))
  return s
}
const p2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

function imei(): string {
  const body = pick(['35', '86', '35', '01']) + digits(12)
  return body + String(luhnCheckDigit(body))
}

interface Layout {
  readonly name: string
  readonly file: string
  readonly delimiter: string
  readonly header: string
  row(): string
}

/**
 * A counterpart pool: CDRs repeat a limited set of numbers (a target calls the same people again and again).
 * Numbers are drawn until the phone normaliser accepts them, as real numbers are; one in fifty is left as drawn
 * (an unassigned range), as real CDRs have a few.
 */
function pool(n: number, make: () => string, cc: string): string[] {
  const check = createPhoneNormaliser(cc, { cacheSize: 1 })
  return Array.from({ length: n }, () => {
    let x = make()
    for (let tries = 0; int(0, 49) !== 0 && tries < 20 && check(x).problem !== undefined; tries++) x = make()
    return x
  })
}

// A random instant between 2024-03-01 and 2024-04-30 (wall clock), as fields.
function when(): [number, number, number, number, number, number] {
  const day = int(0, 60)
  const d = new Date(Date.UTC(2024, 2, 1 + day))
  return [d.getUTCDate(), d.getUTCMonth() + 1, d.getUTCFullYear(), int(0, 23), int(0, 59), int(0, 59)]
}

/** Three ways the same number is written in one export: national, country code without '+', and E.164. */
function styles(cc: string, national: () => string): () => string {
  return () => {
    const n = national()
    const style = int(0, 9)
    return style < 5 ? `0${n}` : style < 8 ? `${cc}${n}` : `+${cc}${n}`
  }
}

interface Target {
  readonly number: string
  readonly imei: string
  readonly imsi: string
}

/** Targets carry their own handset and SIM: a CDR repeats the target's IMEI and IMSI on every row. */
function targets(n: number, number: () => string, imsiPrefix: string, cc: string): Target[] {
  return pool(n, number, cc).map((num) => ({ number: num, imei: imei(), imsi: imsiPrefix + digits(10) }))
}

function layouts(): Layout[] {
  const thMobile = (): string => pick(['8', '9', '6']) + String(int(1, 9)) + digits(7)
  const thTargets = targets(40, styles('66', thMobile), '52003', 'TH')
  const thOthers = pool(POOL, styles('66', thMobile), 'TH')
  const khMobile = (): string => pick(['12', '17', '92', '97', '89', '16']) + digits(6)
  const khTargets = targets(40, styles('855', khMobile), '45601', 'KH')
  const khOthers = pool(POOL, styles('855', khMobile), 'KH')
  const mmMobile = (): string => `9${pick(['7', '4', '2'])}${digits(8)}`
  const mmTargets = targets(40, styles('95', mmMobile), '41406', 'MM')
  const mmOthers = pool(POOL, styles('95', mmMobile), 'MM')
  const bdMobile = (): string => `1${pick(['7', '8', '9', '5', '6', '3'])}${digits(8)}`
  const bdTargets = targets(40, styles('880', bdMobile), '47001', 'BD')
  const bdOthers = pool(POOL, styles('880', bdMobile), 'BD')
  const thSites = ['Bangkok Silom Tower 3', 'Mae Sot Border Market', 'Chiang Rai Mae Sai Gate', 'Pattaya Beach Road 2', 'Ranong Port Sector B']
  const khSites = ['Phnom Penh Daun Penh 2', 'Poipet Checkpoint North', 'Koh Kong Market', 'Siem Reap Airport Rd']
  const bdSites = ['Dhaka Gulshan 2 Rd 45', 'Cox Bazar Kolatoli', 'Teknaf Shah Porir Dwip', 'Chittagong Port Gate 3']
  return [
    {
      name: 'Thai operator (Target No / B Party No, dd/mm/yyyy + time, MO/MT/SMO/SMT)',
      file: 'th_target_bparty.csv',
      delimiter: ',',
      header: 'Target No,B Party No,Call Type,Call Date,Call Time,Duration,IMEI,IMSI,First CGI,Last CGI,Site Name',
      row() {
        const [d, m, y, hh, mi, ss] = when()
        const cgi = `520-03-${int(10000, 19999)}-${int(10000, 59999)}`
        const t = pick(thTargets)
        return `${t.number},${pick(thOthers)},${pick(['MO', 'MT', 'MO', 'MT', 'SMO', 'SMT'])},${p2(d)}/${p2(m)}/${y},${p2(hh)}:${p2(mi)}:${p2(ss)},${int(0, 1800)},${t.imei},${t.imsi},${cgi},${cgi},${pick(thSites)}`
      }
    },
    {
      name: 'Cambodian operator (A_NUMBER/B_NUMBER, dd/mm/yyyy HH:mm:ss, MOC/MTC)',
      file: 'kh_anumber.csv',
      delimiter: ',',
      header: 'A_NUMBER,B_NUMBER,CALL_TYPE,START_TIME,DURATION,IMEI,IMSI,CELL_ID,LAC,SITE_NAME',
      row() {
        const [d, m, y, hh, mi, ss] = when()
        const out = int(0, 1) === 1
        const t = pick(khTargets)
        const o = pick(khOthers)
        return `${out ? t.number : o},${out ? o : t.number},${out ? pick(['MOC', 'SMS-MO']) : pick(['MTC', 'SMS-MT'])},${p2(d)}/${p2(m)}/${y} ${p2(hh)}:${p2(mi)}:${p2(ss)},${int(0, 2400)},${t.imei},${t.imsi},${int(1000, 65000)},${int(100, 999)},${pick(khSites)}`
      }
    },
    {
      name: 'Myanmar operator (semicolon, CALLING_NBR/CALLED_NBR, dd/mm/yyyy, lat/lon)',
      file: 'mm_calling_called.csv',
      delimiter: ';',
      header: 'CALLING_NBR;CALLED_NBR;EVENT_TYPE;START_DATETIME;DURATION_SEC;IMEI;IMSI;CELL_ID;LATITUDE;LONGITUDE',
      row() {
        const [d, m, y, hh, mi, ss] = when()
        const out = int(0, 1) === 1
        const t = pick(mmTargets)
        const o = pick(mmOthers)
        return `${out ? t.number : o};${out ? o : t.number};${out ? pick(['Voice MO', 'SMS MO']) : pick(['Voice MT', 'SMS MT'])};${p2(d)}/${p2(m)}/${y} ${p2(hh)}:${p2(mi)}:${p2(ss)};${int(0, 3000)};${t.imei};${t.imsi};${int(10000, 99999)};${(16 + rnd() * 2).toFixed(5)};${(96 + rnd() * 2).toFixed(5)}`
      }
    },
    {
      name: 'Bangladeshi operator (Calling/Called Party, dd-mm-yyyy HH:mm:ss, IN/OUT)',
      file: 'bd_calling_called.csv',
      delimiter: ',',
      header: 'Calling Party,Called Party,Type,Date Time,Duration(seconds),IMEI,Cell Tower,Address',
      row() {
        const [d, m, y, hh, mi, ss] = when()
        const out = int(0, 1) === 1
        const t = pick(bdTargets)
        const o = pick(bdOthers)
        return `${out ? t.number : o},${out ? o : t.number},${out ? pick(['OUT', 'SMS OUT']) : pick(['IN', 'SMS IN'])},${p2(d)}-${p2(m)}-${y} ${p2(hh)}:${p2(mi)}:${p2(ss)},${int(0, 3600)},${t.imei},470-01-${int(1000, 9999)}-${int(10000, 99999)},${pick(bdSites)} Sector ${int(1, 99)} Block ${String.fromCharCode(65 + int(0, 25))}`
      }
    }
  ]
}

function generate(layout: Layout, rows: number, path: string): number {
  const fd = openSync(path, 'w')
  let buf: string[] = [layout.header, '\r\n']
  let size = 0
  let total = 0
  for (let i = 0; i < rows; i++) {
    const r = layout.row()
    buf.push(r, '\r\n')
    size += r.length + 2
    if (size > 1 << 22) {
      total += writeSync(fd, buf.join(''))
      buf = []
      size = 0
    }
  }
  total += writeSync(fd, buf.join(''))
  closeSync(fd)
  return total
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring.

let peakRss = 0
const sampleRss = (): void => {
  const r = process.memoryUsage.rss()
  if (r > peakRss) peakRss = r
}

// Each read becomes one batch of parsed rows, alive until the batch is built: the chunk size sets how much the
// garbage collector copies while records are built. Both phases read with the same size.
const CHUNK = Number(arg('chunk') ?? TEXT_CHUNK_BYTES)

function readChunks(path: string, onChunk: (chunk: Uint8Array) => void, maxBytes = Infinity): void {
  const fd = openSync(path, 'r')
  let read = 0
  try {
    for (; read < maxBytes; ) {
      const buf = Buffer.allocUnsafe(CHUNK)
      const n = readSync(fd, buf, 0, CHUNK, null)
      if (n === 0) break
      read += n
      onChunk(new Uint8Array(buf.buffer, buf.byteOffset, n))
      sampleRss()
    }
  } finally {
    closeSync(fd)
  }
}

function parseOnly(path: string): number {
  const stream = createCsvStream({ fileName: path, trackLines: true })
  let rows = 0
  readChunks(path, (c) => {
    rows += stream.push(c).length
  })
  rows += stream.finish().length
  return rows
}

interface FullResult {
  rows: number
  records: number
  rejected: number
  warned: number
  kind: string
  zone: string
  dateFormats: string
}

function parseMapNormalise(path: string, sheet: string, maxBytes = Infinity): FullResult {
  const stream = createCsvStream({ fileName: path, trackLines: true })
  let records = 0
  let rows = 0
  const session = createImportSession({
    source: { sourceSha256: '0'.repeat(64), fileName: path, sheet },
    propose: { sheet },
    onRecord: () => {
      records++
    }
  })
  readChunks(path, (c) => {
    const batch = stream.push(c)
    rows += batch.length
    session.push(batch, stream.lastLines)
  }, maxBytes)
  const rest = stream.finish()
  rows += rest.length
  session.push(rest, stream.lastLines)
  const out = session.finish()
  if (!out.ok) throw new Error(`${path}: ${out.problems.map((p) => p.message).join('; ')}`)
  return {
    rows,
    records,
    rejected: out.summary.rejected,
    warned: out.summary.warned,
    kind: out.proposal.mapping.recordKind,
    zone: out.proposal.mapping.zone,
    dateFormats: out.proposal.mapping.dateFormats.map((d) => `${d.header}=${d.decision.pattern}`).join(', ')
  }
}

/**
 * The four files as `waymark convert FILE...` reads them (pipeline.importFiles): this thread and the worker each take the
 * next file not yet started, whole (hashed, read, mapped; records counted, not written). RSS sampled as records arrive.
 */
async function parseMapNormaliseFiles(paths: readonly string[], runner: PartRunner): Promise<{ records: number; workerFiles: number }> {
  let records = 0
  let workerFiles = 0
  await importFiles(paths, {
    runner,
    job: { propose: {} },
    sink: () => ({ kind: 'count' }),
    here: (_i, _inOrder, canCut) => ({
      propose: {},
      onRecord: () => {
        if ((++records & 0x3fff) === 0) sampleRss()
      },
      ...(canCut ? { parallel: { runner, minBytes: 0, sink: { kind: 'count' as const }, joined: (part: PartDone) => void (records += part.records) } } : {})
    }),
    finished: (f) => {
      sampleRss()
      const outcome = f.result.outcomes[0]!.outcome
      if (!outcome.ok) throw new Error(`${f.path}: ${outcome.problems.map((p) => p.message).join('; ')}`)
      if (f.worker) {
        records += f.worker.records
        workerFiles++
      }
    }
  })
  return { records, workerFiles }
}

/** Wall time, and CPU time of this process (user + system): on a shared machine CPU time is the steadier figure. */
function time<T>(f: () => T): [T, number, number] {
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const r = f()
  const c = process.cpuUsage(c0)
  return [r, (performance.now() - t0) / 1000, (c.user + c.system) / 1e6]
}

async function timeAsync<T>(f: () => Promise<T>): Promise<[T, number, number]> {
  const t0 = performance.now()
  const c0 = process.cpuUsage()
  const r = await f()
  const c = process.cpuUsage(c0)
  return [r, (performance.now() - t0) / 1000, (c.user + c.system) / 1e6]
}

interface TwoThreadResult {
  records: number
  /** Rows the worker mapped, and its seconds (of which counting the rows before the cut). */
  partRecords: number
  partSeconds: number
  partCountSeconds: number
}

/**
 * The file read as `waymark convert` reads a big CSV (pipeline.importText): this thread reads the first part, the worker
 * thread the second, records counted (not written) as in the one-thread phase. The process's RSS (both threads) is
 * sampled as records arrive.
 */
async function parseMapNormaliseTwoThreads(path: string, runner: PartRunner): Promise<TwoThreadResult> {
  let records = 0
  const out = { records: 0, partRecords: 0, partSeconds: 0, partCountSeconds: 0 }
  const result = await importText(path, '0'.repeat(64), {
    propose: {},
    onRecord: () => {
      if ((++records & 0x3fff) === 0) sampleRss()
    },
    parallel: {
      runner,
      // Every file of the benchmark is cut: they are all above the command line's threshold at the default size.
      minBytes: 0,
      sink: { kind: 'count' },
      joined: (part) => {
        out.partRecords = part.records
        out.partSeconds = part.seconds
        out.partCountSeconds = part.countSeconds
      }
    }
  })
  sampleRss()
  const outcome = result.outcomes[0]!.outcome
  if (!outcome.ok) throw new Error(`${path}: ${outcome.problems.map((p) => p.message).join('; ')}`)
  out.records = records + out.partRecords
  return out
}

/** Per-value cost of each normaliser on values from the generated data (µs per value, and values/s). */
function normaliserCosts(samples: Record<string, string[]>): Record<string, { usPerValue: number; perSecond: number }> {
  const out: Record<string, { usPerValue: number; perSecond: number }> = {}
  const measure = (name: string, values: readonly string[], f: (v: string) => unknown): void => {
    for (let i = 0; i < Math.min(2000, values.length); i++) f(values[i]!)
    const t0 = performance.now()
    for (const v of values) f(v)
    const s = (performance.now() - t0) / 1000
    out[name] = { usPerValue: Math.round((s / values.length) * 1e6 * 100) / 100, perSecond: Math.round(values.length / s) }
  }
  const th = createPhoneNormaliser('TH')
  measure('phone (TH, memoised, repeating numbers)', samples.phones!, (v) => th(v))
  measure('phone (TH, first sight of each number)', samples.uniquePhones!, (v) => createPhoneNormaliser('TH', { cacheSize: 1 })(v))
  const dec = decideDateFormat(samples.dates!.slice(0, 5000))
  measure('parseDateTime (dd/mm/yyyy HH:mm:ss, Asia/Bangkok)', samples.dates!, (v) => parseDateTime(v, dec, 'Asia/Bangkok'))
  measure('decideDateFormat (per value, over the column)', samples.dates!, () => undefined)
  const t0 = performance.now()
  decideDateFormat(samples.dates!)
  const ds = (performance.now() - t0) / 1000
  out['decideDateFormat (per value, over the column)'] = { usPerValue: Math.round((ds / samples.dates!.length) * 1e6 * 100) / 100, perSecond: Math.round(samples.dates!.length / ds) }
  measure('parseDuration', samples.durations!, (v) => parseDuration(v))
  measure('parseDirection', samples.types!, (v) => parseDirection(v))
  measure('parseImei', samples.imeis!, (v) => parseImei(v))
  measure('parseImsi', samples.imsis!, (v) => parseImsi(v))
  return out
}

async function main(): Promise<void> {
  mkdirSync(DIR, { recursive: true })
  const all = layouts()
  const per = Math.ceil(ROWS / all.length)
  const files: { layout: Layout; path: string; bytes: number }[] = []
  // Bump GENERATOR when the generated content changes, so stale files are not reused.
  const tag = `g${GENERATOR}-${ROWS}-${SEED}-${POOL}`
  console.log(`Generating ${ROWS.toLocaleString('en')} rows (seed ${SEED}) in ${DIR} …`)
  const [, genS] = time(() => {
    for (const layout of all) {
      const path = join(DIR, `${tag}-${layout.file}`)
      const bytes = existsSync(path) ? statSync(path).size : generate(layout, per, path)
      files.push({ layout, path, bytes })
    }
  })
  const totalBytes = files.reduce((a, f) => a + f.bytes, 0)
  console.log(`  ${files.length} files, ${(totalBytes / 1e6).toFixed(1)} MB (${genS.toFixed(1)} s, reused when present)`)

  // Warm-up so both phases run JIT-compiled code: parsing on the files, mapping on their first 2 MB (a session of its
  // own, like every import; what it leaves behind is compiled code and per-process tables such as the zones' offsets).
  for (const f of files) parseOnly(f.path)
  for (const f of files) parseMapNormalise(f.path, f.layout.file.replace(/\.csv$/, ''), 2 << 20)

  // Two threads: the worker warmed up on the first file (as the one-thread phase warmed up on every file's start).
  const runner = new PartRunner()
  await parseMapNormaliseTwoThreads(files[0]!.path, runner)
  await parseMapNormaliseFiles([files[1]!.path, files[2]!.path], runner)

  // The three phases in turn, ROUNDS times: this machine's speed drifts by up to 2× within minutes, so each round's
  // ratios compare phases measured seconds apart, and the figures are the medians over the rounds.
  interface Round {
    parseS: number
    parseCpu: number
    fullS: number
    fullCpu: number
    twoS: number
    twoCpu: number
    filesS: number
    filesCpu: number
  }
  const rounds: Round[] = []
  let parsePeak = 0
  let fullPeak = 0
  let twoPeak = 0
  let filesPeak = 0
  let filesResult = { records: 0, workerFiles: 0 }
  let parsedRows = 0
  let full: { f: (typeof files)[number]; r: FullResult }[] = []
  let two: TwoThreadResult[] = []
  // Each phase starts from a collected heap, so none pays for the garbage of the one before.
  setFlagsFromString('--expose-gc')
  const collect = runInNewContext('gc') as () => void
  for (let round = 0; round < ROUNDS; round++) {
    collect()
    peakRss = 0
    const [pr, parseS, parseCpu] = time(() => files.reduce((a, f) => a + parseOnly(f.path), 0))
    parsedRows = pr
    parsePeak = Math.max(parsePeak, peakRss)
    collect()
    peakRss = 0
    const [fr, fullS, fullCpu] = time(() => files.map((f) => ({ f, r: parseMapNormalise(f.path, f.layout.file.replace(/\.csv$/, '')) })))
    full = fr
    fullPeak = Math.max(fullPeak, peakRss)
    collect()
    peakRss = 0
    const [tr, twoS, twoCpu] = await timeAsync(async () => {
      const out: TwoThreadResult[] = []
      for (const f of files) out.push(await parseMapNormaliseTwoThreads(f.path, runner))
      return out
    })
    two = tr
    twoPeak = Math.max(twoPeak, peakRss)
    collect()
    peakRss = 0
    const [fr2, filesS, filesCpu] = await timeAsync(() => parseMapNormaliseFiles(files.map((f) => f.path), runner))
    filesResult = fr2
    filesPeak = Math.max(filesPeak, peakRss)
    rounds.push({ parseS, parseCpu, fullS, fullCpu, twoS, twoCpu, filesS, filesCpu })
    console.log(`  round ${round + 1}: parse ${parseS.toFixed(2)} s · one thread ${fullS.toFixed(2)} s (${(fullS / parseS).toFixed(2)}×) · two threads: each file cut in two ${twoS.toFixed(2)} s (${(twoS / parseS).toFixed(2)}×), as convert takes the four files ${filesS.toFixed(2)} s (${(filesS / parseS).toFixed(2)}×)`)
  }
  await runner.close()
  const dataRows = full.reduce((a, x) => a + x.r.rows - 1, 0)
  const records = full.reduce((a, x) => a + x.r.records, 0)
  const twoRecords = two.reduce((a, x) => a + x.records, 0)
  if (twoRecords !== records) throw new Error(`two threads built ${twoRecords} records, one thread ${records}`)
  if (filesResult.records !== records) throw new Error(`two threads over the files built ${filesResult.records} records, one thread ${records}`)

  const median = (xs: readonly number[]): number => {
    const ys = [...xs].sort((x, y) => x - y)
    const mid = ys.length >> 1
    return ys.length % 2 ? ys[mid]! : (ys[mid - 1]! + ys[mid]!) / 2
  }
  const parseS = median(rounds.map((r) => r.parseS))
  const parseCpu = median(rounds.map((r) => r.parseCpu))
  const fullS = median(rounds.map((r) => r.fullS))
  const fullCpu = median(rounds.map((r) => r.fullCpu))
  const twoS = median(rounds.map((r) => r.twoS))
  const twoCpu = median(rounds.map((r) => r.twoCpu))
  const filesS = median(rounds.map((r) => r.filesS))
  const filesCpu = median(rounds.map((r) => r.filesCpu))
  const filesRate = dataRows / filesS
  // Ratios within each round (phases seconds apart), then their median.
  const ratio = median(rounds.map((r) => r.filesS / r.parseS))
  const cpuRatio = median(rounds.map((r) => r.filesCpu / r.parseCpu))
  const cutRatio = median(rounds.map((r) => r.twoS / r.parseS))
  const cutCpuRatio = median(rounds.map((r) => r.twoCpu / r.parseCpu))
  const oneThreadRatio = median(rounds.map((r) => r.fullS / r.parseS))
  const oneThreadCpuRatio = median(rounds.map((r) => r.fullCpu / r.parseCpu))

  // Normaliser costs on values taken from the generated rows.
  const samples: Record<string, string[]> = { phones: [], uniquePhones: [], dates: [], durations: [], types: [], imeis: [], imsis: [] }
  const seen = new Set<string>()
  const firstRows: Cell[][] = []
  const s = createCsvStream({})
  readChunks(files[0]!.path, (c) => {
    if (firstRows.length < 200_000) firstRows.push(...(s.push(c) as Cell[][]))
  })
  for (const r of firstRows.slice(1, 200_001)) {
    const b = String(r[1] ?? '')
    samples.phones!.push(b)
    if (!seen.has(b) && samples.uniquePhones!.length < 20_000) {
      seen.add(b)
      samples.uniquePhones!.push(b)
    }
    samples.dates!.push(`${String(r[3])} ${String(r[4])}`)
    samples.durations!.push(String(r[5]))
    samples.types!.push(String(r[2]))
    samples.imeis!.push(String(r[6]))
    samples.imsis!.push(String(r[7]))
  }
  const costs = normaliserCosts(samples)

  const mb = (b: number): number => Math.round(b / 1e5) / 10
  const r2 = (x: number): number => Math.round(x * 100) / 100
  /** A phase's figures: seconds (wall and CPU), rows per second of each, and peak RSS. */
  const phase = (seconds: number, cpuSeconds: number, peak: number) => ({
    seconds: r2(seconds),
    cpuSeconds: r2(cpuSeconds),
    rowsPerSecond: Math.round(dataRows / seconds),
    rowsPerCpuSecond: Math.round(dataRows / cpuSeconds),
    peakRssMB: mb(peak)
  })
  const figures = {
    rows: dataRows,
    bytes: totalBytes,
    records,
    rejected: full.reduce((a, x) => a + x.r.rejected, 0),
    warned: full.reduce((a, x) => a + x.r.warned, 0),
    parse: phase(parseS, parseCpu, parsePeak),
    parseMapNormalise: phase(fullS, fullCpu, fullPeak),
    // The targets' phase: the four files as waymark convert takes them, on two threads.
    parseMapNormaliseTwoThreads: { ...phase(filesS, filesCpu, filesPeak), workerFiles: filesResult.workerFiles },
    // Each file cut in two, as one big file is read: what a single file gains from the second thread.
    parseMapNormaliseCutInTwo: {
      ...phase(twoS, twoCpu, twoPeak),
      workerRecords: two.reduce((a, x) => a + x.partRecords, 0),
      workerSeconds: r2(two.reduce((a, x) => a + x.partSeconds, 0)),
      workerCountSeconds: r2(two.reduce((a, x) => a + x.partCountSeconds, 0)),
      ratio: r2(cutRatio),
      cpuRatio: r2(cutCpuRatio)
    },
    // The targets' ratio: two threads against parsing alone on one. Beside it, one thread against one.
    ratio: Math.round(ratio * 100) / 100,
    cpuRatio: Math.round(cpuRatio * 100) / 100,
    oneThreadRatio: Math.round(oneThreadRatio * 100) / 100,
    oneThreadCpuRatio: Math.round(oneThreadCpuRatio * 100) / 100,
    peakRssMB: mb(Math.max(parsePeak, fullPeak, twoPeak, filesPeak)),
    processMaxRssMB: mb(process.resourceUsage().maxRSS * 1024),
    rounds: rounds.map((r) => ({
      parseSeconds: Math.round(r.parseS * 100) / 100,
      oneThreadSeconds: Math.round(r.fullS * 100) / 100,
      cutInTwoSeconds: Math.round(r.twoS * 100) / 100,
      twoThreadSeconds: Math.round(r.filesS * 100) / 100,
      ratio: Math.round((r.filesS / r.parseS) * 100) / 100,
      cutRatio: Math.round((r.twoS / r.parseS) * 100) / 100,
      oneThreadRatio: Math.round((r.fullS / r.parseS) * 100) / 100
    })),
    targets: { rowsPerSecond: 300_000, maxRatio: 3, maxPeakRssMB: 600 },
    pass: { rowsPerSecond: filesRate >= 300_000, ratio: ratio <= 3, memory: Math.max(parsePeak, fullPeak, twoPeak, filesPeak) <= 600e6 },
    layouts: full.map(({ f, r }) => ({ file: f.layout.file, layout: f.layout.name, rows: r.rows - 1, records: r.records, warned: r.warned, rejected: r.rejected, kind: r.kind, zone: r.zone, dateFormats: r.dateFormats })),
    normalisers: costs,
    node: process.version,
    // The machine may be shared: CPU seconds are the steadier figure; the load says how much wall time to trust.
    machine: { cpus: cpus().length, loadAverageAtEnd: loadavg().map((x) => Math.round(x * 100) / 100) },
    chunkBytes: CHUNK,
    parsedRows
  }
  console.log('')
  console.log(`Rows: ${dataRows.toLocaleString('en')} (${(totalBytes / 1e6).toFixed(1)} MB) → ${records.toLocaleString('en')} records, ${figures.warned.toLocaleString('en')} warned, ${figures.rejected.toLocaleString('en')} rejected`)
  const phaseLine = (label: string, f: ReturnType<typeof phase>, note = ''): void =>
    console.log(`${label.padEnd(50)} ${f.seconds.toFixed(2)} s wall, ${f.cpuSeconds.toFixed(2)} s CPU  ${f.rowsPerSecond.toLocaleString('en')} rows/s (${f.rowsPerCpuSecond.toLocaleString('en')} per CPU-s)  peak RSS ${f.peakRssMB} MB${note}`)
  phaseLine('Read + parse:', figures.parse)
  phaseLine('Read + parse + map + normalise, one thread:', figures.parseMapNormalise)
  phaseLine('  two threads, as convert takes the four files:', figures.parseMapNormaliseTwoThreads, `  (the worker took ${filesResult.workerFiles} of ${files.length} files whole)`)
  phaseLine('  two threads, each file cut in two:', figures.parseMapNormaliseCutInTwo, `  (as one big file is read; the worker mapped ${figures.parseMapNormaliseCutInTwo.workerRecords.toLocaleString('en')} rows in ${figures.parseMapNormaliseCutInTwo.workerSeconds} s)`)
  console.log(`Ratio (two threads, the four files / parse alone): ${ratio.toFixed(2)}× wall, ${cpuRatio.toFixed(2)}× CPU   — the targets' (medians of ${ROUNDS} rounds' ratios; times above are medians too)`)
  console.log(`Ratio (two threads, each file cut in two / parse):  ${cutRatio.toFixed(2)}× wall, ${cutCpuRatio.toFixed(2)}× CPU   — one big file`)
  console.log(`Ratio (one thread / parse alone):                  ${oneThreadRatio.toFixed(2)}× wall, ${oneThreadCpuRatio.toFixed(2)}× CPU   — what a row costs one core`)
  console.log(`Reads of ${CHUNK.toLocaleString('en')} bytes in the one-thread phases (the two-thread phase reads as the command line: ${TEXT_CHUNK_BYTES.toLocaleString('en')})`)
  console.log(`Machine: ${figures.machine.cpus} CPUs, load average ${figures.machine.loadAverageAtEnd.join(' / ')} (1/5/15 min) at the end`)
  console.log(`Targets: ≥ 300,000 rows/s ${figures.pass.rowsPerSecond ? 'PASS' : 'FAIL'} · ≤ 3× ${figures.pass.ratio ? 'PASS' : 'FAIL'} · ≤ 600 MB ${figures.pass.memory ? 'PASS' : 'FAIL'}`)
  for (const l of figures.layouts) console.log(`  ${l.file}: ${l.records.toLocaleString('en')} ${l.kind} records, zone ${l.zone}, dates ${l.dateFormats}`)
  console.log('Normaliser costs (single value, from the generated data):')
  for (const [name, c] of Object.entries(costs)) console.log(`  ${name.padEnd(52)} ${String(c.usPerValue).padStart(7)} µs  ${c.perSecond.toLocaleString('en').padStart(12)} /s`)
  if (JSON_OUT) {
    writeFileSync(JSON_OUT, `${JSON.stringify(figures, null, 2)}\n`)
    console.log(`Figures written to ${JSON_OUT}`)
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
