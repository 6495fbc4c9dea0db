// Writes the two operators' CDRs from the story: a Bangladeshi CSV (several targets) and a Malaysian XLSX (one target).
import * as XLSX from 'xlsx'
import type { Cast, Line } from './cast'
import { bdCellAt, myCellAt, MY_CELLS } from './cells'
import { DHAKA, KUALA_LUMPUR, wall } from './clock'
import type { Rng } from './rng'
import { T, type Comm } from './timeline'

/** A row the importer must report (bad value) or flag (odd duration), as the analyst will see it. */
export interface RowNote {
  readonly file: string
  readonly sheet: string
  /** 1-based row as shown in Excel or a text editor (header and preamble rows count). */
  readonly row: number
  readonly column: string
  readonly value: string
  readonly problem: string
}

export interface CdrOutput {
  readonly bytes: Uint8Array
  readonly rows: number
  readonly badRows: readonly RowNote[]
  readonly oddDurations: readonly RowNote[]
}

export const BD_CDR_FILE = 'bd-operator-cdr.csv'
export const MY_CDR_FILE = 'my-operator-cdr.xlsx'
export const BD_HEADERS = ['A_NUMBER', 'B_NUMBER', 'CALL_TYPE', 'START_TIME', 'DURATION', 'IMEI', 'IMSI', 'CELL_ID', 'LAC'] as const
export const MY_HEADERS = ['Calling Party', 'Called Party', 'Call Type', 'Date', 'Time', 'Duration (hh:mm:ss)', 'Cell Tower', 'First CGI'] as const
export const MY_CLOCK_SKEW_SECONDS = 4

function lineOf(cast: Cast, key: string): Line {
  const l = cast.lines.get(key)
  if (!l) throw new Error(`no line ${key}`)
  return l
}

/** How the Bangladeshi switch writes the other party: local numbers as dialled or presented, foreign ones with their country code. */
function bdOther(line: Line, outgoing: boolean, rng: Rng): string {
  const { phone } = line
  if (phone.country === 'BD') return rng.chance(outgoing ? 0.75 : 0.4) ? `0${phone.nsn}` : phone.e164
  return outgoing && rng.chance(0.3) ? `00${phone.e164}` : phone.e164
}

/** How the Malaysian operator writes a party: text, with or without the plus. */
function myParty(line: Line, self: boolean, rng: Rng): string {
  if (self) return line.phone.e164
  return rng.chance(line.phone.country === 'MY' ? 0.5 : 0.7) ? `+${line.phone.e164}` : line.phone.e164
}

function hms(seconds: number): string {
  const s = Math.abs(seconds)
  const t = `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`
  return seconds < 0 ? `-${t}` : t
}

interface BdRow {
  cells: string[]
  comm: Comm
  target: string
  other: string
}

/** Rows of a background call, away from the story's key moments: safe places for the planted faults. */
function plantable(cast: Cast, r: { comm: Comm; other: string }): boolean {
  return !r.comm.fixed && (cast.people.get(cast.lines.get(r.other)?.user ?? '')?.role ?? '') === 'background'
}

export function writeBdCdr(cast: Cast, comms: readonly Comm[], rng: Rng): CdrOutput {
  const r = rng.fork('bd-cdr')
  const rows: BdRow[] = []
  for (const target of cast.bdTargets) {
    const self = lineOf(cast, target.line)
    for (const c of comms) {
      if (c.utc < T.bdPeriodStart || c.utc > T.bdPeriodEnd) continue
      const out = c.from === target.line
      if (!out && c.to !== target.line) continue
      const other = lineOf(cast, out ? c.to : c.from)
      const handset = [...target.handsets].reverse().find((h) => c.utc >= h.fromUtc)
      if (!handset) throw new Error(`no handset for ${target.line} at ${c.utc}`)
      const cell = bdCellAt(target.line, c.utc, r)
      const type = c.service === 'sms' ? (out ? 'SMO' : 'SMT') : out ? 'MO' : 'MT'
      const a = out ? self.phone.e164 : bdOther(other, false, r)
      const b = out ? bdOther(other, true, r) : self.phone.e164
      rows.push({
        cells: [a, b, type, wall(c.utc, DHAKA, 'dd/MM/yyyy HH:mm:ss'), String(c.duration), handset.imei, target.imsi, cell.cellId, cell.lac],
        comm: c,
        target: target.line,
        other: other.key
      })
    }
  }
  const badRows: RowNote[] = []
  const oddDurations: RowNote[] = []
  const candidates = rows.map((row, i) => ({ row, i })).filter(({ row }) => plantable(cast, row))
  const take = (pred: (row: BdRow) => boolean): { row: BdRow; i: number } => {
    const list = candidates.filter((c) => pred(c.row))
    const hit = r.pick(list)
    candidates.splice(candidates.indexOf(hit), 1)
    return hit
  }
  const note = (list: RowNote[], i: number, column: string, value: string, problem: string): void => {
    list.push({ file: BD_CDR_FILE, sheet: 'bd-operator-cdr', row: i + 2, column, value, problem })
  }
  // Faults as switches really produce them: a lost B-number, a date that cannot exist, the all-zero date.
  {
    const { row, i } = take((x) => x.target === 'recruiter' && x.cells[2] === 'MO' && x.comm.utc > T.handsetSwap)
    row.cells[1] = ''
    note(badRows, i, 'B_NUMBER', '', 'missing number: an outgoing call with no B-party')
  }
  {
    const { row, i } = take((x) => x.target === 'collector' && x.comm.utc > T.handsetSwap)
    const time = row.cells[3]?.slice(11) ?? '00:00:00'
    row.cells[3] = `31/02/2024 ${time}`
    note(badRows, i, 'START_TIME', row.cells[3], 'impossible date: 31 February does not exist')
  }
  {
    const { row, i } = take((x) => x.target === 'broker' && x.cells[2] === 'MT')
    row.cells[3] = '00/00/0000 00:00:00'
    note(badRows, i, 'START_TIME', row.cells[3], 'impossible date: the switch wrote an all-zero time')
  }
  for (const [who, value] of [['recruiter', '-3'], ['organiser-old', '-47'], ['collector', '4294967295']] as const) {
    const { row, i } = take((x) => x.target === who && x.cells[2] === 'MO' && x.comm.duration > 0)
    row.cells[4] = value
    note(oddDurations, i, 'DURATION', value, value.startsWith('-') ? 'negative duration' : 'absurd duration (2^32 − 1 seconds: an unset counter)')
  }
  const text = [BD_HEADERS.join(','), ...rows.map((x) => x.cells.join(','))].join('\r\n') + '\r\n'
  const body = new TextEncoder().encode(text)
  const bytes = new Uint8Array(body.length + 3)
  bytes.set([0xef, 0xbb, 0xbf])
  bytes.set(body, 3)
  return { bytes, rows: rows.length, badRows, oddDurations }
}

/** Deterministic XLSX bytes (SheetJS writes no timestamps unless asked). */
export function xlsxBytes(wb: XLSX.WorkBook): Uint8Array {
  const out: unknown = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true, bookSST: true })
  if (!(out instanceof Uint8Array)) throw new Error('xlsxBytes: SheetJS did not return a buffer')
  return new Uint8Array(out)
}

export function writeMyCdr(cast: Cast, comms: readonly Comm[], rng: Rng): CdrOutput {
  const r = rng.fork('my-cdr')
  const self = lineOf(cast, cast.myTarget)
  const rows: { cells: string[]; comm: Comm; other: string }[] = []
  for (const c of comms) {
    const out = c.from === cast.myTarget
    if (!out && c.to !== cast.myTarget) continue
    // The Malaysian switch's clock runs a few seconds ahead of the Bangladeshi one; answer times differ by a second or so.
    const utc = c.utc + (MY_CLOCK_SKEW_SECONDS + r.int(0, 2)) * 1000
    if (utc < T.myPeriodStart || utc > T.myPeriodEnd) continue
    const other = lineOf(cast, out ? c.to : c.from)
    const cell = myCellAt(utc, r)
    const duration = c.service === 'call' && c.duration > 0 ? Math.max(1, c.duration + r.int(-1, 1)) : c.duration
    const type = `${out ? 'Outgoing' : 'Incoming'} ${c.service === 'sms' ? 'SMS' : 'Call'}`
    rows.push({
      cells: [
        out ? myParty(self, true, r) : myParty(other, false, r),
        out ? myParty(other, false, r) : myParty(self, true, r),
        type,
        wall(utc, KUALA_LUMPUR, 'yyyy-MM-dd'),
        wall(utc, KUALA_LUMPUR, 'HH:mm:ss'),
        hms(duration),
        cell?.tower ?? '',
        cell?.cgi ?? ''
      ],
      comm: c,
      other: other.key
    })
  }
  const sheet = 'CDR'
  const first = 4 // two preamble rows and the header
  const badRows: RowNote[] = []
  const oddDurations: RowNote[] = []
  const candidates = rows.map((row, i) => ({ row, i })).filter(({ row }) => plantable(cast, row))
  const take = (pred: (row: (typeof rows)[number]) => boolean): { row: (typeof rows)[number]; i: number } => {
    const list = candidates.filter((c) => pred(c.row))
    const hit = r.pick(list)
    candidates.splice(candidates.indexOf(hit), 1)
    return hit
  }
  const note = (list: RowNote[], i: number, column: string, value: string, problem: string): void => {
    list.push({ file: MY_CDR_FILE, sheet, row: i + first, column, value, problem })
  }
  {
    const { row, i } = take((x) => x.cells[2] === 'Incoming SMS')
    row.cells[0] = ''
    note(badRows, i, 'Calling Party', '', 'missing number: an incoming SMS with no calling party')
  }
  {
    const { row, i } = take((x) => x.cells[3]?.startsWith('2024-03') === true)
    row.cells[3] = '2024-02-30'
    note(badRows, i, 'Date', '2024-02-30', 'impossible date: 30 February does not exist')
  }
  for (const value of ['-00:01:12', '838:59:59']) {
    const { row, i } = take((x) => x.cells[2] === 'Outgoing Call' && x.cells[5] !== '00:00:00')
    row.cells[5] = value
    note(oddDurations, i, 'Duration (hh:mm:ss)', value, value.startsWith('-') ? 'negative duration' : 'absurd duration (838:59:59 is a database TIME column’s maximum)')
  }
  const period = `Period: ${wall(T.myPeriodStart, KUALA_LUMPUR, 'yyyy-MM-dd HH:mm:ss')} to ${wall(T.myPeriodEnd, KUALA_LUMPUR, 'yyyy-MM-dd HH:mm:ss')} (all times MYT, UTC+08:00)`
  const aoa: string[][] = [[`CALL DETAIL RECORDS — TARGET ${self.phone.e164}`], [period], [...MY_HEADERS], ...rows.map((x) => x.cells)]
  const ws = XLSX.utils.aoa_to_sheet(aoa)
  ws['!cols'] = [16, 16, 14, 11, 9, 10, 14, 22].map((wch) => ({ wch }))
  const cells = XLSX.utils.aoa_to_sheet([
    ['Cell Tower', 'CGI', 'Site Name', 'Latitude', 'Longitude', 'Azimuth'],
    ...MY_CELLS.map((c) => [c.tower, c.cgi, c.site.name, c.site.lat, c.site.lon, c.azimuth])
  ])
  cells['!cols'] = [14, 22, 34, 10, 11, 8].map((wch) => ({ wch }))
  const wb = XLSX.utils.book_new()
  XLSX.utils.book_append_sheet(wb, ws, sheet)
  XLSX.utils.book_append_sheet(wb, cells, 'Cell list')
  return { bytes: xlsxBytes(wb), rows: rows.length, badRows, oddDurations }
}
