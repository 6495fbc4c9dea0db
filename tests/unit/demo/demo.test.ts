// The demo case: generated deterministically, committed as generated, within its size budget, and telling the story it claims.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'
import { DateTime } from 'luxon'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ANSWERS_FILE, generateDemo, SIZE_BUDGET, TOTAL_BUDGET, type DemoOutput } from '../../../scripts/demo/generate'
import { luhnValid } from '../../../scripts/demo/phones'
import { REPO_ROOT } from '../corpus'
import { BANGKOK, readBdCdr, readBorder, readMyCdr, readSheet, readTransfers, type CdrEvent } from './demoFiles'

const DEMO_DIR = join(REPO_ROOT, 'resources', 'demo')
const ANSWERS_PATH = join(REPO_ROOT, 'scripts', 'demo', ANSWERS_FILE)

interface RowNote {
  readonly file: string
  readonly sheet: string
  readonly row: number
  readonly column: string
  readonly value: string
  readonly problem: string
}
interface Answers {
  readonly network: readonly { readonly role: string; readonly numbers: readonly string[]; readonly imsi?: string; readonly imeis?: readonly string[]; readonly cdrTarget: boolean }[]
  readonly phoneReplacement: {
    readonly oldNumber: string
    readonly newNumber: string
    readonly oldLastSeen: { readonly utc: string }
    readonly newFirstSeen: { readonly utc: string }
    readonly sharedContacts: readonly { readonly role: string; readonly number: string }[]
  }
  readonly handsetSwap: { readonly number: string; readonly imsi: string; readonly oldImei: string; readonly newImei: string }
  readonly mirrorCalls: { readonly count: number; readonly clockOffsetSeconds: { readonly min: number; readonly max: number } }
  readonly batches: readonly { readonly victims: readonly { readonly name: string; readonly passport?: string; readonly family: string }[] }[]
  readonly badRows: readonly RowNote[]
  readonly oddDurations: readonly RowNote[]
  readonly quirks: readonly RowNote[]
  readonly counts: Readonly<Record<string, number>>
}

let dirA = ''
let dirB = ''
let first: DemoOutput
let second: DemoOutput
let answers: Answers

/** Files are read from a fresh generation (the committed copies are compared to it byte for byte below). */
const file = (name: string): Uint8Array => {
  const bytes = first.files.get(name)
  if (!bytes) throw new Error(`the generator wrote no ${name}`)
  return bytes
}

beforeAll(() => {
  dirA = mkdtempSync(join(tmpdir(), 'waymark-demo-a-'))
  dirB = mkdtempSync(join(tmpdir(), 'waymark-demo-b-'))
  first = generateDemo(dirA, { answersPath: join(dirA, ANSWERS_FILE) })
  second = generateDemo(dirB, { answersPath: join(dirB, ANSWERS_FILE) })
  answers = JSON.parse(first.answersText) as Answers
}, 120_000)

afterAll(() => {
  for (const d of [dirA, dirB]) if (d) rmSync(d, { recursive: true, force: true })
})

const role = (name: string): string => {
  const entry = answers.network.find((n) => n.role === name)
  const number = entry?.numbers[0]
  if (!number) throw new Error(`answers.json names no ${name}`)
  return number
}

describe('demo generation', () => {
  it('writes byte-identical files and answers when run twice', () => {
    const names = readdirSync(dirA).sort()
    expect(readdirSync(dirB).sort()).toEqual(names)
    expect(names).toEqual([...first.files.keys(), ANSWERS_FILE].sort())
    for (const name of names) expect(Buffer.compare(readFileSync(join(dirA, name)), readFileSync(join(dirB, name))), name).toBe(0)
    expect(second.answersText).toBe(first.answersText)
  })

  it('the committed resources/demo and answers.json are exactly what the generator writes (nobody edited them by hand)', () => {
    const committed = readdirSync(DEMO_DIR).sort()
    expect(committed, 'run `npx tsx scripts/demo/generate.ts` after changing the generator').toEqual([...first.files.keys()].sort())
    for (const [name, bytes] of first.files) {
      const same = Buffer.compare(readFileSync(join(DEMO_DIR, name)), Buffer.from(bytes)) === 0
      expect(same, `${name} differs from a fresh generation: run \`npx tsx scripts/demo/generate.ts\``).toBe(true)
    }
    expect(readFileSync(ANSWERS_PATH, 'utf8')).toBe(first.answersText)
  })

  it('keeps every file within its size budget and the folder under the total', () => {
    let total = 0
    for (const [name, bytes] of first.files) {
      const budget = SIZE_BUDGET[name]
      expect(budget, `${name} has no size budget`).toBeDefined()
      expect(bytes.length, name).toBeLessThanOrEqual(budget ?? 0)
      total += bytes.length
    }
    expect(total).toBeLessThanOrEqual(TOTAL_BUDGET)
  })
})

describe('demo file layouts', () => {
  it('the Bangladeshi CDR is a UTF-8 CSV with BOM, CRLF, the operator headers and about 3,000 rows', () => {
    const bd = readBdCdr(file('bd-operator-cdr.csv'))
    expect(bd.bom).toBe(true)
    expect(bd.crlf).toBe(true)
    expect(bd.header).toEqual(['A_NUMBER', 'B_NUMBER', 'CALL_TYPE', 'START_TIME', 'DURATION', 'IMEI', 'IMSI', 'CELL_ID', 'LAC'])
    expect(bd.events.length).toBeGreaterThan(2800)
    expect(bd.events.length).toBeLessThan(3200)
    expect(new Set(bd.raw.map((r) => r[2]))).toEqual(new Set(['MO', 'MT', 'SMO', 'SMT']))
    for (const r of bd.raw) expect(r.length).toBe(9)
    for (const e of bd.events) expect(e.imsi).toMatch(/^470\d{12}$/)
    // Both national (017…) and country-code (88017…) forms occur, and foreign numbers without a plus.
    const written = bd.raw.flatMap((r) => [r[0] ?? '', r[1] ?? ''])
    expect(written.some((n) => /^01[3-9]\d{8}$/.test(n))).toBe(true)
    expect(written.some((n) => /^8801[3-9]\d{8}$/.test(n))).toBe(true)
    expect(written.some((n) => /^60\d{9,10}$/.test(n))).toBe(true)
  })

  it('the Malaysian CDR has two preamble rows naming the target, text party cells, separate date and time, and a cell list', () => {
    const my = readMyCdr(file('my-operator-cdr.xlsx'))
    expect(my.sheetNames).toEqual(['CDR', 'Cell list'])
    expect(my.preamble[0]).toBe(`CALL DETAIL RECORDS — TARGET ${role('receiver').slice(1)}`)
    expect(my.preamble[1]).toMatch(/^Period: 2024-02-05/)
    expect(my.header).toEqual(['Calling Party', 'Called Party', 'Call Type', 'Date', 'Time', 'Duration (hh:mm:ss)', 'Cell Tower', 'First CGI'])
    expect(my.events.length).toBeGreaterThan(1700)
    expect(my.events.length).toBeLessThan(2100)
    expect([...my.partyCellTypes]).toEqual(['s'])
    const { rows } = readSheet(file('my-operator-cdr.xlsx'), 'CDR')
    const parties = rows.slice(3).flatMap((r) => [r[0] ?? '', r[1] ?? ''])
    expect(parties.some((p) => p.startsWith('+60'))).toBe(true)
    expect(parties.some((p) => /^60\d/.test(p))).toBe(true)
    for (const r of rows.slice(3)) expect(r[4]).toMatch(/^\d{2}:\d{2}:\d{2}$/)
    // Every CGI in the CDR is in the cell list, with a position in Malaysia.
    const cgis = new Set(my.cells.map((c) => c.cgi))
    for (const r of rows.slice(3)) if (r[7]) expect(cgis.has(r[7] ?? '')).toBe(true)
    for (const c of my.cells) {
      expect(c.lat).toBeGreaterThan(1)
      expect(c.lat).toBeLessThan(7)
      expect(c.lon).toBeGreaterThan(99)
      expect(c.lon).toBeLessThan(105)
      expect([0, 120, 240]).toContain(c.azimuth)
    }
  })

  it('the subscriber list has Bengali, Burmese, Thai and Latin names, romanised aliases and dd-mm-yyyy birth dates', () => {
    const { rows } = readSheet(file('subscribers.xlsx'))
    expect(rows[0]).toEqual(['SL', 'Name', 'Romanised Name / Alias', "Father's Name", 'NID / Passport No', 'Mobile No', 'Date of Birth', 'Nationality', 'Address'])
    const data = rows.slice(1)
    expect(data.length).toBeGreaterThanOrEqual(50)
    expect(data.length).toBeLessThanOrEqual(70)
    const names = data.map((r) => r[1] ?? '')
    expect(names.filter((n) => /\p{Script=Bengali}/u.test(n)).length).toBeGreaterThan(20)
    expect(names.filter((n) => /\p{Script=Myanmar}/u.test(n)).length).toBeGreaterThanOrEqual(2)
    expect(names.some((n) => /\p{Script=Thai}/u.test(n))).toBe(true)
    expect(names.some((n) => /\b(bin|binti)\b/.test(n))).toBe(true)
    for (const r of data) {
      expect(r[2]).toMatch(/^[\p{Script=Latin}\s.'@()-]+$/u)
      if (r[6]) expect(DateTime.fromFormat(r[6], 'dd-MM-yyyy').isValid, r[6]).toBe(true)
    }
    expect(data.some((r) => r[7] === 'Myanmar (FDMN)')).toBe(true)
  })

  it('the Thai checkpoint sheet has Thai headers with English, Buddhist-Era dates and dotted times', () => {
    const border = readBorder(file('th-border-crossings.xlsx'))
    expect(border.title).toMatch(/ด่านสะเดา/)
    expect(border.header).toContain('ชื่อ-สกุล (Name)')
    expect(border.header).toContain('เลขหนังสือเดินทาง (Passport No.)')
    expect(border.header).toContain('ขาเข้า/ขาออก (Entry/Exit)')
    expect(border.rows.length).toBeGreaterThanOrEqual(100)
    expect(border.rows.length).toBeLessThanOrEqual(140)
    for (const r of border.rows) {
      expect(r.dateText).toMatch(/^\d{2}\/\d{2}\/2567$/)
      expect(r.timeText).toMatch(/^\d{2}\.\d{2}$/)
      expect(['ขาเข้า', 'ขาออก']).toContain(r.direction)
      expect(r.nameThai).toMatch(/\p{Script=Thai}/u)
      expect(r.nameLatin).toMatch(/^[A-Z][A-Z\s'-]+$/)
    }
  })

  it('the transfers are semicolon-separated with explicit offsets that match the branch country, and grouped amounts', () => {
    const t = readTransfers(file('transfers.csv'))
    expect(t.lf).toBe(true)
    expect(t.header).toEqual(['Txn Ref', 'Date Time', 'Sender', 'Sender Phone', 'Sender Account', 'Receiver', 'Receiver Phone', 'Receiver Account', 'Amount', 'Currency', 'Agent Location'])
    expect(t.rows.length).toBeGreaterThanOrEqual(280)
    expect(t.rows.length).toBeLessThanOrEqual(320)
    const myBranch = /^(Kuala Lumpur|Selayang|Klang|Johor Bahru) –/
    for (const r of t.rows) {
      expect(r.cells.length).toBe(11)
      expect(['+06:00', '+08:00']).toContain(r.offset)
      expect(r.offset === '+08:00', `row ${r.row}: ${r.location} ${r.offset}`).toBe(myBranch.test(r.location))
      expect(r.currency === 'MYR').toBe(myBranch.test(r.location))
      expect(r.amount, `row ${r.row}: ${r.amountText}`).not.toBeNull()
    }
    expect(t.rows.some((r) => r.amountText.includes(',') && (r.amount ?? 0) >= 1_000_000)).toBe(true)
    expect(t.rows.some((r) => /\p{Script=Myanmar}/u.test(r.sender))).toBe(true)
  })
})

/** The row of a table where something is planted, and the text there, for comparing with answers.json. */
function cellAt(name: string, row: number, column: string): string {
  if (name === 'bd-operator-cdr.csv') {
    const bd = readBdCdr(file(name))
    return bd.raw[row - 2]?.[bd.header.indexOf(column)] ?? '<no such cell>'
  }
  if (name === 'transfers.csv') {
    const t = readTransfers(file(name))
    return t.rows[row - 2]?.cells[t.header.indexOf(column)] ?? '<no such cell>'
  }
  const { rows } = readSheet(file(name))
  const headerRow = name === 'my-operator-cdr.xlsx' ? 3 : name === 'th-border-crossings.xlsx' ? 2 : 1
  return rows[row - 1]?.[(rows[headerRow - 1] ?? []).indexOf(column)] ?? '<no such cell>'
}

describe('demo faults the importer must report', () => {
  it('every listed bad row holds the listed value, and no other row has a bad date or a missing number', () => {
    const bad = answers.badRows
    expect(bad.length).toBeGreaterThanOrEqual(6)
    for (const b of bad) expect(cellAt(b.file, b.row, b.column), `${b.file} row ${b.row}`).toBe(b.value)
    const listed = new Set(bad.map((b) => `${b.file}#${b.row}`))
    const bd = readBdCdr(file('bd-operator-cdr.csv'))
    const my = readMyCdr(file('my-operator-cdr.xlsx'))
    const found = new Set<string>()
    for (const e of [...bd.events, ...my.events]) {
      const name = e.file === 'bd' ? 'bd-operator-cdr.csv' : 'my-operator-cdr.xlsx'
      if (e.utc === null || e.other === null || e.target === '') found.add(`${name}#${e.row}`)
    }
    for (const r of readBorder(file('th-border-crossings.xlsx')).rows) if (r.utc === null) found.add(`th-border-crossings.xlsx#${r.row}`)
    for (const r of readTransfers(file('transfers.csv')).rows) if (r.utc === null) found.add(`transfers.csv#${r.row}`)
    expect([...found].sort()).toEqual([...listed].sort())
    // Both kinds the brief asks for are there: a missing number and an impossible date, in both CDRs.
    for (const f of ['bd-operator-cdr.csv', 'my-operator-cdr.xlsx']) {
      expect(bad.some((b) => b.file === f && b.value === '')).toBe(true)
      expect(bad.some((b) => b.file === f && b.problem.startsWith('impossible date'))).toBe(true)
    }
  })

  it('the only negative or absurd durations are the listed ones', () => {
    const bd = readBdCdr(file('bd-operator-cdr.csv'))
    const my = readMyCdr(file('my-operator-cdr.xlsx'))
    const odd = new Set<string>()
    for (const e of [...bd.events, ...my.events]) {
      expect(e.duration, `${e.file} row ${e.row}: ${e.durationText}`).not.toBeNull()
      if ((e.duration ?? 0) < 0 || (e.duration ?? 0) > 4 * 3600) odd.add(`${e.file === 'bd' ? 'bd-operator-cdr.csv' : 'my-operator-cdr.xlsx'}#${e.row}`)
    }
    expect([...odd].sort()).toEqual(answers.oddDurations.map((o) => `${o.file}#${o.row}`).sort())
    expect(answers.oddDurations.some((o) => o.value.startsWith('-'))).toBe(true)
    for (const o of answers.oddDurations) expect(cellAt(o.file, o.row, o.column)).toBe(o.value)
  })

  it('29 February 2024 is a real day in the data (a leap year), not a fault', () => {
    const bd = readBdCdr(file('bd-operator-cdr.csv'))
    const leap = bd.events.filter((e) => e.timeText.startsWith('29/02/2024'))
    expect(leap.length).toBeGreaterThan(10)
    for (const e of leap) expect(e.utc).not.toBeNull()
  })
})

/** Valid mobile number of exactly one of the region's countries when written nationally; any valid mobile when international. */
function validMobile(e164: string): boolean {
  const p = parsePhoneNumberFromString(e164)
  if (!p || !p.isValid()) return false
  const type = p.getType()
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE'
}

describe('demo phone numbers', () => {
  it('every number in every file is a valid mobile number of BD, MY, TH or MM', () => {
    const bd = readBdCdr(file('bd-operator-cdr.csv'))
    const my = readMyCdr(file('my-operator-cdr.xlsx'))
    const all = new Set<string>()
    for (const e of [...bd.events, ...my.events]) {
      all.add(e.target)
      if (e.other) all.add(e.other)
    }
    for (const r of readTransfers(file('transfers.csv')).rows) {
      if (r.senderPhone) all.add(r.senderPhone)
      if (r.receiverPhone) all.add(r.receiverPhone)
    }
    for (const n of all) {
      expect(validMobile(n), n).toBe(true)
      expect(['BD', 'MY', 'TH', 'MM']).toContain(parsePhoneNumberFromString(n)?.country)
    }
    // About 150 phones in the call records, background callers included.
    const inCdrs = new Set([...bd.events, ...my.events].flatMap((e) => [e.target, e.other ?? e.target]))
    expect(inCdrs.size).toBeGreaterThanOrEqual(120)
    expect(inCdrs.size).toBeLessThanOrEqual(180)
    expect(inCdrs.size).toBe(answers.counts.phonesInCdrs)
  })

  it('the subscriber list, read with its default country (BD), resolves every number to a phone that is in the other files', () => {
    const bd = readBdCdr(file('bd-operator-cdr.csv'))
    const my = readMyCdr(file('my-operator-cdr.xlsx'))
    const known = new Set<string>()
    for (const e of [...bd.events, ...my.events]) for (const n of [e.target, e.other]) if (n) known.add(n)
    for (const r of readTransfers(file('transfers.csv')).rows) for (const n of [r.senderPhone, r.receiverPhone]) if (n) known.add(n)
    const { rows } = readSheet(file('subscribers.xlsx'))
    for (const r of rows.slice(1)) {
      const written = r[5] ?? ''
      // A number that reads as a valid Bangladeshi mobile is taken as one; anything else must be valid in exactly one other country.
      const asBd = parsePhoneNumberFromString(written, 'BD')
      const fits = asBd?.isValid()
        ? [asBd]
        : (['MY', 'TH', 'MM'] as CountryCode[]).map((c) => parsePhoneNumberFromString(written, c)).filter((p) => p?.isValid())
      expect(fits.length, written).toBe(1)
      expect(known.has(fits[0]?.number ?? ''), `${written} (row ${r[0]}) is in no CDR or transfer`).toBe(true)
    }
  })

  it('IMEIs pass the Luhn check', () => {
    const bd = readBdCdr(file('bd-operator-cdr.csv'))
    for (const imei of new Set(bd.events.map((e) => e.imei ?? ''))) expect(luhnValid(imei), imei).toBe(true)
  })
})

/** Contacts of a number across both CDRs: the other parties of every row it is in, on either side. */
function contactsOf(events: readonly CdrEvent[], number: string): Set<string> {
  const out = new Set<string>()
  for (const e of events) {
    if (e.other === null) continue
    if (e.target === number) out.add(e.other)
    if (e.other === number) out.add(e.target)
  }
  return out
}

describe('demo story invariants', () => {
  const both = (): CdrEvent[] => [...readBdCdr(file('bd-operator-cdr.csv')).events, ...readMyCdr(file('my-operator-cdr.xlsx')).events]

  it('the organiser\'s replacement phone starts within a day of the old one going quiet and calls the same people', () => {
    const events = both().filter((e) => e.utc !== null)
    const { oldNumber, newNumber } = answers.phoneReplacement
    const times = (n: string): number[] => events.filter((e) => e.target === n || e.other === n).map((e) => e.utc ?? 0)
    const oldLast = Math.max(...times(oldNumber))
    const newFirst = Math.min(...times(newNumber))
    expect(oldLast).toBe(Date.parse(answers.phoneReplacement.oldLastSeen.utc))
    expect(newFirst).toBe(Date.parse(answers.phoneReplacement.newFirstSeen.utc))
    expect(newFirst).toBeGreaterThan(oldLast)
    expect(newFirst - oldLast).toBeLessThan(24 * 3600_000)
    const shared = [...contactsOf(events, newNumber)].filter((n) => contactsOf(events, oldNumber).has(n))
    expect(shared.length).toBeGreaterThanOrEqual(4)
    expect(new Set(shared)).toEqual(new Set(answers.phoneReplacement.sharedContacts.map((c) => c.number)))
    // The new number is never a CDR target: it is found only through the targets' records.
    expect(events.some((e) => e.target === newNumber)).toBe(false)
    // And it is the only newcomer of those days that shares three or more of the old number's contacts.
    const firstSeen = new Map<string, number>()
    for (const e of events) for (const n of [e.target, e.other ?? '']) if (n && (firstSeen.get(n) ?? Infinity) > (e.utc ?? 0)) firstSeen.set(n, e.utc ?? 0)
    const oldContacts = contactsOf(events, oldNumber)
    const lookalikes = [...firstSeen].filter(([n, t]) => t > oldLast && t < oldLast + 48 * 3600_000 && [...contactsOf(events, n)].filter((c) => oldContacts.has(c)).length >= 3).map(([n]) => n)
    expect(lookalikes).toEqual([newNumber])
  })

  it('the broker\'s SIM moves to a new handset once, and no other target changes handset', () => {
    const bd = readBdCdr(file('bd-operator-cdr.csv'))
    const { imsi, oldImei, newImei, number } = answers.handsetSwap
    const byImsi = new Map<string, CdrEvent[]>()
    for (const e of bd.events) byImsi.set(e.imsi ?? '', [...(byImsi.get(e.imsi ?? '') ?? []), e])
    for (const [key, rows] of byImsi) {
      expect(new Set(rows.map((r) => r.target)).size, `IMSI ${key} belongs to one number`).toBe(1)
      const imeis = new Set(rows.map((r) => r.imei))
      if (key === imsi) {
        expect(rows[0]?.target).toBe(number)
        expect(imeis).toEqual(new Set([oldImei, newImei]))
        const dated = rows.filter((r) => r.utc !== null)
        const lastOld = Math.max(...dated.filter((r) => r.imei === oldImei).map((r) => r.utc ?? 0))
        const firstNew = Math.min(...dated.filter((r) => r.imei === newImei).map((r) => r.utc ?? 0))
        expect(lastOld).toBeLessThan(firstNew)
      } else expect(imeis.size, `IMSI ${key}`).toBe(1)
    }
    // One SIM per target number: as many IMSIs as target numbers.
    expect(byImsi.size).toBe(new Set(bd.events.map((e) => e.target)).size)
  })

  it('calls between the Bangladeshi targets and the Malaysian target appear in both CDRs, seconds apart', () => {
    const bd = readBdCdr(file('bd-operator-cdr.csv')).events
    const my = readMyCdr(file('my-operator-cdr.xlsx')).events
    const receiver = role('receiver')
    const myStart = Math.min(...my.filter((e) => e.utc !== null).map((e) => e.utc ?? 0))
    const myEnd = DateTime.fromISO('2024-03-17T23:59:59', { zone: 'Asia/Kuala_Lumpur' }).toMillis()
    const odd = new Set(answers.oddDurations.map((o) => `${o.file}#${o.row}`))
    const candidates = bd.filter((e) => e.other === receiver && e.utc !== null && e.utc >= myStart - 60_000 && e.utc <= myEnd - 60_000)
    const used = new Set<number>()
    const { min, max } = answers.mirrorCalls.clockOffsetSeconds
    let matched = 0
    for (const e of candidates) {
      const m = my.find((x, i) => !used.has(i) && x.other === e.target && x.service === e.service && x.direction !== e.direction && x.utc !== null && e.utc !== null && x.utc - e.utc >= min * 1000 && x.utc - e.utc <= max * 1000 && (used.add(i) || true))
      expect(m, `no Malaysian mirror for ${e.file} row ${e.row} (${e.timeText})`).toBeDefined()
      if (!m) continue
      matched++
      if (!odd.has(`my-operator-cdr.xlsx#${m.row}`) && !odd.has(`bd-operator-cdr.csv#${e.row}`)) expect(Math.abs((m.duration ?? 0) - (e.duration ?? 0))).toBeLessThanOrEqual(1)
    }
    expect(matched).toBe(answers.mirrorCalls.count)
    expect(matched).toBeGreaterThanOrEqual(50)
    expect(new Set(candidates.map((e) => e.target)).size).toBeGreaterThanOrEqual(3)
  })

  it('batch 2 leaves Thailand at Padang Besar with the facilitator while the receiver\'s phone is on the Padang Besar cell', () => {
    const border = readBorder(file('th-border-crossings.xlsx')).rows
    const my = readMyCdr(file('my-operator-cdr.xlsx'))
    const passports = new Set((answers.batches[1]?.victims ?? []).map((v) => v.passport))
    const exits = border.filter((r) => passports.has(r.passport))
    expect(exits.length).toBe(passports.size)
    expect(exits.length).toBeGreaterThanOrEqual(5)
    for (const r of exits) {
      expect(r.checkpoint).toMatch(/Padang Besar/)
      expect(r.direction).toBe('ขาออก')
      expect(r.nationality).toMatch(/BGD/)
    }
    const facilitatorExit = border.find((r) => r.nameLatin === 'SULAIMAN JEHMAE' && r.dateText === exits[0]?.dateText && r.direction === 'ขาออก')
    expect(facilitatorExit).toBeDefined()
    for (const r of exits) {
      expect((r.utc ?? 0) - (facilitatorExit?.utc ?? 0)).toBeGreaterThanOrEqual(0)
      expect((r.utc ?? 0) - (facilitatorExit?.utc ?? 0)).toBeLessThanOrEqual(15 * 60_000)
      expect(r.vehicle).toBe(facilitatorExit?.vehicle)
    }
    const pdbTowers = new Set(my.cells.filter((c) => c.site.includes('Padang Besar')).map((c) => c.tower))
    const at = facilitatorExit?.utc ?? 0
    const near = my.events.filter((e) => e.utc !== null && Math.abs(e.utc - at) <= 3600_000)
    expect(near.length).toBeGreaterThan(0)
    for (const e of near) expect(pdbTowers.has(e.cell), `row ${e.row} on ${e.cell}`).toBe(true)
    expect(near.some((e) => e.other === role('facilitator'))).toBe(true)
  })

  it('while the receiver is in Thailand (checkpoint sheet), his Malaysian CDR has only incoming records without a cell', () => {
    const border = readBorder(file('th-border-crossings.xlsx')).rows
    const trip = border.filter((r) => r.nameLatin === 'HAIRUL NIZAM BIN DAUD')
    const entry = trip.find((r) => r.direction === 'ขาเข้า')
    const exit = trip.find((r) => r.direction === 'ขาออก' && (r.utc ?? 0) > (entry?.utc ?? 0))
    expect(entry && exit).toBeTruthy()
    const inside = readMyCdr(file('my-operator-cdr.xlsx')).events.filter((e) => e.utc !== null && e.utc > (entry?.utc ?? 0) && e.utc < (exit?.utc ?? 0))
    expect(inside.length).toBeGreaterThan(0)
    for (const e of inside) {
      expect(e.direction).toBe('in')
      expect(e.cell).toBe('')
    }
    // Thai time is an hour behind Malaysian time: the crossing at 10.21 is 11:21 on the Malaysian clock.
    expect(DateTime.fromMillis(entry?.utc ?? 0, { zone: BANGKOK }).toFormat('HH.mm')).toBe(entry?.timeText)
  })

  it('each batch-1 family pays its balance only after the receiver\'s answered call to that family', () => {
    const my = readMyCdr(file('my-operator-cdr.xlsx')).events
    const transfers = readTransfers(file('transfers.csv')).rows
    const collector = role('collector')
    const arrival = Date.parse('2024-02-27T00:00:00Z')
    for (const v of answers.batches[0]?.victims ?? []) {
      const call = my.filter((e) => e.other === v.family && e.direction === 'out' && e.service === 'call' && (e.duration ?? 0) > 0 && (e.utc ?? 0) > arrival)
      expect(call.length, `arrival call to ${v.family}`).toBeGreaterThan(0)
      const firstCall = Math.min(...call.map((e) => e.utc ?? 0))
      const paid = transfers.filter((t) => t.senderPhone === v.family && t.receiverPhone === collector && (t.utc ?? 0) > arrival)
      expect(paid.length, `balance from ${v.family}`).toBeGreaterThan(0)
      for (const t of paid) expect(t.utc ?? 0).toBeGreaterThan(firstCall)
      // The deposit came before the boat left, so every family paid twice or more in all.
      expect(transfers.filter((t) => t.senderPhone === v.family && t.receiverPhone === collector).length).toBeGreaterThanOrEqual(2)
    }
  })

  it('the organiser\'s two SIMs are registered to other people, and every network number is in the subscriber list', () => {
    const { rows } = readSheet(file('subscribers.xlsx'))
    const digits = (s: string): string => s.replace(/\D/g, '')
    const byNumber = new Map(rows.slice(1).map((r) => [digits(r[5] ?? ''), r]))
    const find = (e164: string): string[] | undefined => byNumber.get(digits(e164)) ?? byNumber.get(`0${digits(e164).replace(/^(880|60|66|95)/, '')}`) ?? [...byNumber].find(([k]) => digits(e164).endsWith(k.replace(/^0/, '')))?.[1]
    for (const n of answers.network.flatMap((x) => x.numbers)) expect(find(n), n).toBeDefined()
    const oldSub = find(answers.phoneReplacement.oldNumber)
    const newSub = find(answers.phoneReplacement.newNumber)
    expect(oldSub?.[2]).not.toMatch(/Aung Naing Soe/)
    expect(newSub?.[2]).not.toMatch(/Aung Naing Soe/)
    expect(oldSub?.[2]).not.toBe(newSub?.[2])
  })
})
