// Writes the partner agencies' files: the subscriber list, the Thai checkpoint sheet and the remittance agent's transfers.
import * as XLSX from 'xlsx'
import type { Cast, Line, Nationality, Person } from './cast'
import { xlsxBytes, type RowNote } from './cdrFiles'
import { BANGKOK, DAY, DHAKA, KUALA_LUMPUR, MINUTE, local, wall } from './clock'
import { nationalForm, type Phone } from './phones'
import type { Rng } from './rng'

export const SUBSCRIBERS_FILE = 'subscribers.xlsx'
export const BORDER_FILE = 'th-border-crossings.xlsx'
export const TRANSFERS_FILE = 'transfers.csv'

export const SUBSCRIBER_HEADERS = ['SL', 'Name', 'Romanised Name / Alias', "Father's Name", 'NID / Passport No', 'Mobile No', 'Date of Birth', 'Nationality', 'Address'] as const
export const BORDER_HEADERS = [
  'ลำดับ (No.)', 'ชื่อ-สกุล (Name)', 'ชื่อ-สกุล อักษรโรมัน (Name, Latin)', 'เลขหนังสือเดินทาง (Passport No.)', 'สัญชาติ (Nationality)',
  'ด่าน (Checkpoint)', 'ขาเข้า/ขาออก (Entry/Exit)', 'วันที่ (Date)', 'เวลา (Time)', 'ยานพาหนะ (Vehicle)'
] as const
export const TRANSFER_HEADERS = ['Txn Ref', 'Date Time', 'Sender', 'Sender Phone', 'Sender Account', 'Receiver', 'Receiver Phone', 'Receiver Account', 'Amount', 'Currency', 'Agent Location'] as const

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

function person(cast: Cast, key: string): Person {
  const p = cast.people.get(key)
  if (!p) throw new Error(`no person ${key}`)
  return p
}
function line(cast: Cast, key: string): Line {
  const l = cast.lines.get(key)
  if (!l) throw new Error(`no line ${key}`)
  return l
}

// --- subscribers.xlsx ------------------------------------------------------------------------------------------------

/**
 * How a partner agency types a number: Bangladeshi numbers nationally or internationally, foreign numbers always with
 * their country code — written nationally, Malaysia's 011 numbers would read as (old Citycell) Bangladeshi numbers.
 */
function listedNumber(phone: Phone, rng: Rng): string {
  const cc = phone.e164.slice(0, phone.e164.length - phone.nsn.length)
  const pick = rng.int(0, 2)
  if (phone.country === 'BD') return pick === 0 ? nationalForm(phone) : pick === 1 ? `0${phone.nsn}` : `+${phone.e164}`
  return pick === 2 ? `+${phone.e164}` : `+${cc} ${nationalForm(phone).slice(1)}`
}

export function writeSubscribers(cast: Cast, rng: Rng): { bytes: Uint8Array; rows: number } {
  const r = rng.fork('subscribers')
  const bg = (owner: string, n: number): string[] => (cast.background.get(owner) ?? []).slice(0, n)
  const first = ['recruiter', 'broker', 'collector', 'organiser-old', 'organiser-new', 'receiver', 'employer', 'facilitator']
  const rest = r.shuffle([
    ...[...cast.familyOf.values()],
    ...[...cast.victimBdLine.values()],
    ...[...cast.victimMyLine.values()],
    'receiver-wife', 'organiser-wife', 'crew-1',
    ...bg('receiver', 16).filter((k) => ['Myanmar', 'Malaysian'].includes(person(cast, k).nationality)).slice(0, 6),
    ...bg('recruiter', 2), ...bg('collector', 2)
  ])
  const keys = [...first, ...rest]
  const rows = keys.map((k, i) => {
    const l = line(cast, k)
    const p = person(cast, l.registrant)
    const alias = p.alias ? `${p.latin} @ ${p.alias}` : p.latin
    const id = [p.idNumber, p.passport].filter((x): x is string => Boolean(x)).join(' / ')
    const dob = p.role === 'employer' && p.key === 'employer-co' ? '' : `${pad(p.dob.d)}-${pad(p.dob.m)}-${p.dob.y}`
    return [String(i + 1), p.native, alias, p.fatherNative ?? '', id, listedNumber(l.phone, r), dob, p.nationality, p.address]
  })
  const ws = XLSX.utils.aoa_to_sheet([[...SUBSCRIBER_HEADERS], ...rows])
  ws['!cols'] = [5, 26, 34, 26, 30, 18, 12, 16, 60].map((wch) => ({ wch }))
  const wb = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(wb, ws, 'Subscribers')
  return { bytes: xlsxBytes(wb), rows: rows.length }
}

// --- th-border-crossings.xlsx --------------------------------------------------------------------------------------------

export const SADAO = 'ด่านสะเดา (Sadao)'
export const PADANG_BESAR = 'ด่านปาดังเบซาร์ (Padang Besar)'
export const ENTRY = 'ขาเข้า'
export const EXIT = 'ขาออก'

const NATIONALITY_TH: Readonly<Record<Nationality, string>> = {
  Bangladeshi: 'บังกลาเทศ (BGD)',
  Malaysian: 'มาเลเซีย (MYS)',
  Thai: 'ไทย (THA)',
  Myanmar: 'เมียนมา (MMR)',
  'Myanmar (FDMN)': 'เมียนมา (MMR)'
}

export interface Crossing {
  readonly person: string
  readonly checkpoint: string
  readonly direction: typeof ENTRY | typeof EXIT
  readonly utc: number
  readonly vehicle: string
}

/** Passport-style Latin: upper case, no dots ("MD. RUBEL HOSSAIN" → "MD RUBEL HOSSAIN"). */
function passportLatin(p: Person): string {
  return p.latin.replace(/\./g, '').toUpperCase()
}

export const FACILITATOR_VAN = 'รถตู้ ฮล 4521 สงขลา'
const FACILITATOR_CAR = 'รถกระบะ บษ 3307 สงขลา'
const RECEIVER_CAR = 'รถยนต์ส่วนตัว VBK 4419 (MY)'

export function borderCrossings(cast: Cast, rng: Rng): Crossing[] {
  const r = rng.fork('border')
  const b = (text: string): number => local(text, BANGKOK)
  const list: Crossing[] = []
  const add = (personKey: string, checkpoint: string, direction: Crossing['direction'], utc: number, vehicle: string): void => {
    list.push({ person: personKey, checkpoint, direction, utc, vehicle })
  }
  // The receiver's day in Sadao to meet the facilitator.
  add('receiver', SADAO, ENTRY, b('2024-02-12 10:21'), RECEIVER_CAR)
  add('receiver', SADAO, EXIT, b('2024-02-12 16:42'), RECEIVER_CAR)
  // The facilitator goes over and comes back the same day.
  const trips: [string, string, string, string][] = [
    [SADAO, '2024-02-20 09:12', '2024-02-20 13:40', FACILITATOR_CAR],
    [SADAO, '2024-02-27 18:52', '2024-02-27 21:34', FACILITATOR_CAR],
    [PADANG_BESAR, '2024-03-06 10:39', '2024-03-06 17:55', FACILITATOR_VAN],
    [SADAO, '2024-03-14 08:50', '2024-03-14 12:30', FACILITATOR_CAR]
  ]
  for (const [cp, out, back, v] of trips) {
    add('facilitator', cp, EXIT, b(out), v)
    add('facilitator', cp, ENTRY, b(back), v)
  }
  // Batch 2 leaves Thailand in the facilitator's van, minutes after him.
  let t = b('2024-03-06 10:41')
  for (const v of cast.batch2) {
    add(v, PADANG_BESAR, EXIT, t, FACILITATOR_VAN)
    t += r.int(0, 2) * MINUTE
  }
  // Ordinary travellers: Malaysians on a day or two in Thailand, Thais going shopping, a few workers.
  const hours = (h0: number, h1: number): number => (h0 + r.next() * (h1 - h0)) * 3_600_000
  const vehicleFor = (p: Person, checkpoint: string): string => {
    // Padang Besar has the railway station; Sadao is a road crossing.
    const modes = checkpoint === PADANG_BESAR ? ['รถยนต์ส่วนตัว', 'รถไฟ', 'เดินเท้า'] : ['รถยนต์ส่วนตัว', 'รถบัส', 'รถตู้', 'เดินเท้า']
    const mode = r.pick(p.nationality === 'Thai' ? [...modes, 'รถจักรยานยนต์'] : modes)
    if (mode !== 'รถยนต์ส่วนตัว') return mode
    if (p.nationality === 'Malaysian') return `${mode} ${r.pick(['K', 'P', 'R', 'W', 'V'])}${r.pick(['A', 'B', 'C', 'D', 'J'])}${r.pick(['E', 'H', 'K', 'M'])} ${r.int(1000, 9999)} (MY)`
    if (p.nationality === 'Thai') return `${mode} ${r.pick(['กข', 'ขก', 'บษ', 'ฮล', 'ชค'])} ${r.int(1000, 9999)} สงขลา`
    return mode
  }
  for (const key of cast.travellers) {
    const p = person(cast, key)
    const n = r.weighted([1, 2, 3], [5, 4, 2])
    const checkpoint = r.chance(0.7) ? SADAO : PADANG_BESAR
    const vehicle = vehicleFor(p, checkpoint)
    for (let i = 0; i < n; i++) {
      const day = local('2024-02-05 00:00', BANGKOK) + r.int(0, 40) * DAY
      const outward = p.nationality === 'Thai' ? EXIT : ENTRY
      const back = outward === EXIT ? ENTRY : EXIT
      const t1 = day + hours(6, 16)
      const stayDays = r.weighted([0, 1, 2, 3], [4, 3, 2, 1])
      const t2 = stayDays === 0 ? t1 + hours(2, 7) : day + stayDays * DAY + hours(7, 21)
      add(key, checkpoint, outward, t1, vehicle)
      add(key, checkpoint, back, t2, vehicle)
    }
  }
  return list.filter((c) => c.utc < local('2024-03-17 23:00', BANGKOK)).sort((a, c) => a.utc - c.utc || a.person.localeCompare(c.person))
}

export function writeBorder(cast: Cast, crossings: readonly Crossing[], rng: Rng): { bytes: Uint8Array; rows: number; badRows: RowNote[] } {
  const r = rng.fork('border-file')
  const rows = crossings.map((c, i) => {
    const p = person(cast, c.person)
    const thaiYear = Number(wall(c.utc, BANGKOK, 'yyyy')) + 543
    return [
      i + 1, p.thai, passportLatin(p), p.passport ?? '', NATIONALITY_TH[p.nationality], c.checkpoint, c.direction,
      `${wall(c.utc, BANGKOK, 'dd/MM')}/${thaiYear}`, wall(c.utc, BANGKOK, 'HH.mm'), c.vehicle
    ] as (string | number)[]
  })
  // One clerk's slip: a date that cannot exist, on an ordinary traveller's row in February.
  const candidates = rows.map((row, i) => ({ row, i })).filter(({ i }) => (crossings[i]?.person ?? '').startsWith('traveller-') && String(rows[i]?.[7]).includes('/02/'))
  const hit = r.pick(candidates)
  hit.row[7] = '30/02/2567'
  const first = 3 // title row and header
  const badRows: RowNote[] = [{ file: BORDER_FILE, sheet: 'รายงานผ่านแดน', row: hit.i + first, column: 'วันที่ (Date)', value: '30/02/2567', problem: 'impossible date: 30 February 2024 (BE 2567) does not exist' }]
  const title = 'รายงานการตรวจคนเข้าเมือง ด่านสะเดา / ด่านปาดังเบซาร์ — 05/02/2567 ถึง 17/03/2567 (Immigration checkpoint report, Sadao / Padang Besar)'
  const ws = XLSX.utils.aoa_to_sheet([[title], [...BORDER_HEADERS], ...rows])
  ws['!cols'] = [8, 30, 30, 18, 18, 26, 12, 12, 8, 28].map((wch) => ({ wch }))
  const wb = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(wb, ws, 'รายงานผ่านแดน')
  return { bytes: xlsxBytes(wb), rows: rows.length, badRows }
}

// --- transfers.csv ------------------------------------------------------------------------------------------------------

export interface Transfer {
  readonly utc: number
  readonly zone: typeof DHAKA | typeof KUALA_LUMPUR
  readonly sender: string
  readonly senderLine: string | null
  readonly receiver: string
  readonly receiverLine: string | null
  readonly amount: number
  readonly currency: 'BDT' | 'MYR'
  readonly location: string
  /** What the payment is in the story (for answers.json); background rows have none. */
  readonly purpose?: string
}

const BD_BRANCH: Readonly<Record<string, string>> = {
  teknaf: 'Teknaf – Main Road', coxs: "Cox's Bazar – Kolatoli Road", camp: 'Ukhia – Kutupalong Bazar', hatiya: 'Hatiya – Oskhali Bazar',
  bhola: 'Char Fasson – Sadar Road', sirajganj: 'Shahjadpur – Dariapur Bazar', tangail: 'Bhuapur – Bazar Road', cumilla: 'Daudkandi – Bus Stand',
  chattogram: 'Chattogram – Reazuddin Bazar', dhaka: 'Dhaka – Motijheel'
}
const MY_BRANCHES = ['Kuala Lumpur – Jalan Silang', 'Kuala Lumpur – Chow Kit', 'Selayang – Pasar Borong', 'Klang – Jalan Tengku Kelana', 'Johor Bahru – Jalan Wong Ah Fook']

/** The branch nearest a Bangladeshi person's address. */
function branchFor(p: Person): string {
  const a = p.address
  if (a.includes('Camp')) return BD_BRANCH.camp as string
  if (a.includes('Teknaf')) return BD_BRANCH.teknaf as string
  if (a.includes("Cox's Bazar") || a.includes('Ukhia')) return BD_BRANCH.coxs as string
  if (a.includes('Hatiya')) return BD_BRANCH.hatiya as string
  if (a.includes('Char Fasson')) return BD_BRANCH.bhola as string
  if (a.includes('Sirajganj')) return BD_BRANCH.sirajganj as string
  if (a.includes('Tangail')) return BD_BRANCH.tangail as string
  if (a.includes('Cumilla')) return BD_BRANCH.cumilla as string
  if (a.includes('Chattogram')) return BD_BRANCH.chattogram as string
  return BD_BRANCH.dhaka as string
}

export function moneyFlows(cast: Cast, rng: Rng): Transfer[] {
  const r = rng.fork('money')
  const list: Transfer[] = []
  const d = (text: string): number => local(text, DHAKA)
  const k = (text: string): number => local(text, KUALA_LUMPUR)
  const between = (from: number, to: number, zone: typeof DHAKA | typeof KUALA_LUMPUR = DHAKA): number => {
    // Agents open 09:00–20:00 local time.
    for (;;) {
      const t = from + r.next() * (to - from)
      const h = Number(wall(t, zone, 'H'))
      if (h >= 9 && h < 20) return Math.floor(t / 1000) * 1000
    }
  }
  const bdPay = (from: string, to: string, amount: number, when: number, purpose?: string): void => {
    const p = person(cast, line(cast, from).user)
    list.push({ utc: when, zone: DHAKA, sender: from, senderLine: from, receiver: to, receiverLine: to, amount, currency: 'BDT', location: branchFor(p), ...(purpose ? { purpose } : {}) })
  }
  const round = (min: number, max: number, step: number): number => Math.round((min + r.next() * (max - min)) / step) * step
  const fam = (v: string): string => cast.familyOf.get(v) ?? ''

  for (const v of cast.batch1) bdPay(fam(v), 'collector', round(25_000, 50_000, 5_000), between(d('2024-02-07 00:00'), d('2024-02-15 00:00')), `deposit for ${v} (batch 1)`)
  for (const v of cast.batch2) bdPay(fam(v), 'collector', round(150_000, 250_000, 10_000), between(d('2024-02-18 00:00'), d('2024-02-27 00:00')), `advance for ${v} (batch 2: passport, visa, ticket)`)
  for (const v of cast.batch1) {
    const total = round(150_000, 220_000, 10_000)
    const parts = r.chance(0.35) ? 2 : 1
    let t = between(d('2024-02-28 16:00'), d('2024-03-03 00:00'))
    for (let i = 0; i < parts; i++) {
      bdPay(fam(v), 'collector', parts === 1 ? total : i === 0 ? Math.round(total * 0.6) : total - Math.round(total * 0.6), t, `balance for ${v} after the arrival call`)
      t += r.int(1, 2) * DAY
    }
  }
  for (const v of cast.batch2) bdPay(fam(v), 'collector', round(100_000, 150_000, 10_000), between(d('2024-03-07 00:00'), d('2024-03-10 20:00')), `balance for ${v} after the arrival call`)
  for (const v of cast.batch1.slice(0, 3)) bdPay(fam(v), 'collector', 50_000, between(d('2024-03-11 00:00'), d('2024-03-14 20:00')), `extra demanded for ${v}`)
  // The collector passes on most of what came in since the last hand-over, in round lump sums; the broker sends part
  // of it on to Kuala Lumpur through the agent (hawala-style: paid out in ringgit at the other end).
  const received = (until: number, pred: (t: Transfer) => boolean): number => list.filter((t) => t.utc < until && pred(t)).reduce((s, t) => s + t.amount, 0)
  const toCollector = (t: Transfer): boolean => t.receiver === 'collector'
  const toBroker = (t: Transfer): boolean => t.sender === 'collector' && t.receiver === 'broker'
  const toReceiver = (t: Transfer): boolean => t.sender === 'broker' && t.receiver === 'receiver'
  const handOver = (when: number, share: number, from: string, to: string, location: string, pred: (t: Transfer) => boolean, passed: (t: Transfer) => boolean, purpose: string): void => {
    const amount = Math.floor((share * (received(when, pred) - received(when, passed))) / 50_000) * 50_000
    if (amount <= 0) throw new Error(`moneyFlows: nothing to hand over at ${when}`)
    list.push({ utc: when, zone: DHAKA, sender: from, senderLine: from, receiver: to, receiverLine: to, amount, currency: 'BDT', location, purpose })
  }
  for (const t of ['2024-02-15 12:40:11', '2024-02-27 11:05:37', '2024-03-03 15:22:48', '2024-03-11 13:48:02', '2024-03-15 12:10:30']) {
    handOver(d(t), 0.9, 'collector', 'broker', BD_BRANCH.chattogram as string, toCollector, toBroker, 'collector → broker lump sum')
  }
  for (const t of ['2024-02-19 11:31:20', '2024-03-05 10:12:54', '2024-03-12 16:03:09']) {
    handOver(d(t), 0.5, 'broker', 'receiver', BD_BRANCH.dhaka as string, toBroker, toReceiver, 'broker → receiver (paid out in Kuala Lumpur)')
  }
  // The "employer" pays the receiver per worker placed; the receiver pays the facilitator per head.
  list.push({ utc: k('2024-03-04 15:26:40'), zone: KUALA_LUMPUR, sender: 'employer-co', senderLine: 'employer', receiver: 'receiver', receiverLine: 'receiver', amount: 3_500 * cast.batch1.length, currency: 'MYR', location: 'Kuala Lumpur – Jalan Ipoh', purpose: `employer → receiver, MYR 3,500 × ${cast.batch1.length} (batch 1)` })
  list.push({ utc: k('2024-03-11 11:02:15'), zone: KUALA_LUMPUR, sender: 'employer-co', senderLine: 'employer', receiver: 'receiver', receiverLine: 'receiver', amount: 3_500 * cast.batch2.length, currency: 'MYR', location: 'Kuala Lumpur – Jalan Ipoh', purpose: `employer → receiver, MYR 3,500 × ${cast.batch2.length} (batch 2)` })
  list.push({ utc: k('2024-02-28 16:45:03'), zone: KUALA_LUMPUR, sender: 'receiver', senderLine: 'receiver', receiver: 'facilitator', receiverLine: 'facilitator', amount: 800 * cast.batch1.length, currency: 'MYR', location: 'Kuala Lumpur – Chow Kit', purpose: `receiver → facilitator, MYR 800 × ${cast.batch1.length} (batch 1)` })
  list.push({ utc: k('2024-03-07 12:18:56'), zone: KUALA_LUMPUR, sender: 'receiver', senderLine: 'receiver', receiver: 'facilitator', receiverLine: 'facilitator', amount: 800 * cast.batch2.length, currency: 'MYR', location: 'Kuala Lumpur – Chow Kit', purpose: `receiver → facilitator, MYR 800 × ${cast.batch2.length} (batch 2)` })

  // Background: wages home from Malaysia, Myanmar workers' remittances, and small payments inside Bangladesh.
  const storyCount = list.length
  for (const { sender, receivers } of cast.remitters) {
    const n = r.int(2, 5)
    for (let i = 0; i < n; i++) {
      const to = r.pick(receivers)
      list.push({ utc: between(k('2024-02-05 09:00'), k('2024-03-17 20:00'), KUALA_LUMPUR), zone: KUALA_LUMPUR, sender, senderLine: sender, receiver: to, receiverLine: to, amount: round(400, 2_800, 50), currency: 'MYR', location: r.pick(MY_BRANCHES) })
    }
  }
  const community = [...(cast.background.get('recruiter') ?? []), ...(cast.background.get('collector') ?? []), ...(cast.background.get('broker') ?? [])]
  const owners = new Map<string, string>()
  for (const o of ['recruiter', 'collector', 'broker']) for (const x of cast.background.get(o) ?? []) if (!owners.has(x)) owners.set(x, o)
  const want = 300 - list.length
  for (let i = 0; i < want; i++) {
    const a = r.pick(community)
    const peers = community.filter((x) => x !== a && owners.get(x) === owners.get(a))
    const b = r.pick(peers)
    const walkIn = r.chance(0.12) // the agent did not write the phone down
    const p = person(cast, line(cast, a).user)
    list.push({ utc: between(d('2024-02-05 09:00'), d('2024-03-17 20:00')), zone: DHAKA, sender: a, senderLine: walkIn ? null : a, receiver: b, receiverLine: b, amount: round(1_000, 45_000, 500), currency: 'BDT', location: branchFor(p) })
  }
  if (list.length - storyCount < 200) throw new Error('moneyFlows: too few background transfers')
  return list.sort((a, b) => a.utc - b.utc)
}

/** `1,250,000.00`; a Bangladeshi branch clerk may group in lakhs: `12,50,000.00`. */
export function formatAmount(n: number, lakh = false): string {
  const [int, frac] = n.toFixed(2).split('.') as [string, string]
  if (!lakh || int.length <= 3) return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${frac}`
  const last3 = int.slice(-3)
  const rest = int.slice(0, -3).replace(/\B(?=(\d{2})+(?!\d))/g, ',')
  return `${rest},${last3}.${frac}`
}

/** How the agent writes a phone: Bangladeshi numbers nationally, others with a plus (the agent's default country is Bangladesh). */
function agentPhone(phone: Phone): string {
  if (phone.country === 'BD') return `0${phone.nsn}`
  return `+${phone.e164}`
}

export function writeTransfers(cast: Cast, transfers: readonly Transfer[], rng: Rng): { bytes: Uint8Array; rows: number; badRows: RowNote[]; quirks: RowNote[] } {
  const r = rng.fork('transfers-file')
  const accounts = new Map<string, string>()
  const accountOf = (personKey: string, l: Line | null, currency: 'BDT' | 'MYR', sending: boolean): string => {
    const p = person(cast, personKey)
    const key = `${personKey}`
    const known = accounts.get(key)
    if (known) return known
    let acct: string
    if (p.nationality === 'Malaysian' && p.key === 'employer-co') acct = `5141-${r.digits(4)}-${r.digits(4)}`
    else if (p.nationality === 'Thai') acct = `${r.digits(3)}-${r.digits(1)}-${r.digits(5)}-${r.digits(1)}`
    else if (currency === 'MYR' && sending) acct = `CASH-${r.digits(6)}`
    else if (p.nationality === 'Malaysian') acct = `${r.int(1, 9)}${r.digits(3)} ${r.digits(4)} ${r.digits(4)}`
    else if (p.nationality === 'Myanmar' && l?.phone.country === 'MM') acct = `MW-0${l.phone.nsn}`
    else if (l && l.phone.country === 'BD' && r.chance(0.6)) acct = `W-0${l.phone.nsn}` // a mobile wallet: the number is the account
    else acct = `${r.digits(4)}-${r.digits(7)}-${r.digits(2)}`
    accounts.set(key, acct)
    return acct
  }
  const nameOf = (key: string): string => {
    const p = person(cast, key.startsWith('employer') ? 'employer-co' : line(cast, key).user)
    // Agents write Bangladeshi names in Latin letters; Myanmar customers often sign in Burmese.
    if (p.nationality === 'Myanmar' && r.chance(0.7)) return p.native
    return p.latin
  }
  const rows = transfers.map((t, i) => {
    const sLine = t.senderLine ? line(cast, t.senderLine) : null
    const rLine = t.receiverLine ? line(cast, t.receiverLine) : null
    const senderPerson = t.sender === 'employer-co' ? 'employer-co' : line(cast, t.sender).user
    const receiverPerson = line(cast, t.receiver).user
    const time = `${wall(t.utc, t.zone, 'yyyy-MM-dd HH:mm:ss')}${t.zone === DHAKA ? '+06:00' : '+08:00'}`
    const ref = `SK${wall(t.utc, t.zone, 'yyMMdd')}-${pad(i + 1, 4)}`
    return [
      ref, time, nameOf(t.sender), sLine ? agentPhone(sLine.phone) : '', accountOf(senderPerson, sLine, t.currency, true),
      nameOf(t.receiver), rLine ? agentPhone(rLine.phone) : '', accountOf(receiverPerson, rLine, t.currency, false),
      formatAmount(t.amount), t.currency, t.location
    ]
  })
  const badRows: RowNote[] = []
  const quirks: RowNote[] = []
  const background = rows.map((row, i) => ({ row, i })).filter(({ i }) => !transfers[i]?.purpose)
  {
    const hit = r.pick(background.filter(({ row }) => row[1]?.startsWith('2024-03-0') === true && row[1]?.endsWith('+06:00') === true))
    const value = `2024-02-30${hit.row[1]?.slice(10) ?? ''}`
    hit.row[1] = value
    badRows.push({ file: TRANSFERS_FILE, sheet: 'transfers', row: hit.i + 2, column: 'Date Time', value, problem: 'impossible date: 30 February does not exist' })
  }
  // The Hatiya branch clerk groups thousands the South Asian way (lakh): same number, different commas.
  for (const { row, i } of rows.map((row, i) => ({ row, i })).filter(({ row, i }) => row[10] === BD_BRANCH.hatiya && (transfers[i]?.amount ?? 0) >= 100_000)) {
    const amount = transfers[i]?.amount ?? 0
    row[8] = formatAmount(amount, true)
    quirks.push({ file: TRANSFERS_FILE, sheet: 'transfers', row: i + 2, column: 'Amount', value: row[8], problem: `lakh grouping: ${row[8]} is ${formatAmount(amount)}` })
  }
  const text = [TRANSFER_HEADERS.join(';'), ...rows.map((row) => row.join(';'))].join('\n') + '\n'
  return { bytes: new TextEncoder().encode(text), rows: rows.length, badRows, quirks }
}
