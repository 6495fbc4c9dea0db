// Reads the demo files back into plain rows for the demo tests, independently of the generator's own model.
import { DateTime } from 'luxon'
import * as XLSX from 'xlsx'

export const DHAKA = 'Asia/Dhaka'
export const KUALA_LUMPUR = 'Asia/Kuala_Lumpur'
export const BANGKOK = 'Asia/Bangkok'

/** A number as written → `+<digits>`: `+…` and `00…` are international, `0…` is national in the given country, bare digits carry their country code. */
export function toE164(raw: string, nationalCc: string): string | null {
  const t = raw.replace(/[\s-]/g, '')
  if (t === '') return null
  if (t.startsWith('+')) return t
  if (t.startsWith('00')) return `+${t.slice(2)}`
  if (t.startsWith('0')) return `+${nationalCc}${t.slice(1)}`
  return `+${t}`
}

/** One CDR row seen from its target: the other party, direction and service, UTC start (null when the date is not a real date). */
export interface CdrEvent {
  readonly file: 'bd' | 'my'
  readonly row: number
  readonly target: string
  readonly other: string | null
  readonly direction: 'out' | 'in'
  readonly service: 'call' | 'sms'
  readonly utc: number | null
  readonly timeText: string
  readonly durationText: string
  /** Seconds; null when the text is not a duration. */
  readonly duration: number | null
  readonly imei?: string
  readonly imsi?: string
  /** BD: `LAC/CELL_ID`; MY: the Cell Tower code ('' when none). */
  readonly cell: string
}

export interface BdCdr {
  readonly bom: boolean
  readonly crlf: boolean
  readonly header: readonly string[]
  readonly raw: readonly (readonly string[])[]
  readonly events: readonly CdrEvent[]
}

export function readBdCdr(bytes: Uint8Array): BdCdr {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bom ? bytes.subarray(3) : bytes)
  const crlf = text.includes('\r\n') && !/[^\r]\n/.test(text)
  const lines = text.split(/\r?\n/)
  if (lines[lines.length - 1] === '') lines.pop()
  const [headerLine, ...body] = lines
  const header = (headerLine ?? '').split(',')
  const raw = body.map((l) => l.split(','))
  const events = raw.map((c, i): CdrEvent => {
    const [a = '', b = '', type = '', start = '', dur = '', imei = '', imsi = '', cellId = '', lac = ''] = c
    const out = type === 'MO' || type === 'SMO'
    const dt = DateTime.fromFormat(start, 'dd/MM/yyyy HH:mm:ss', { zone: DHAKA })
    return {
      file: 'bd',
      row: i + 2,
      target: toE164(out ? a : b, '880') ?? '',
      other: toE164(out ? b : a, '880'),
      direction: out ? 'out' : 'in',
      service: type.startsWith('S') ? 'sms' : 'call',
      utc: dt.isValid ? dt.toMillis() : null,
      timeText: start,
      durationText: dur,
      duration: /^-?\d+$/.test(dur) ? Number(dur) : null,
      imei,
      imsi,
      cell: `${lac}/${cellId}`
    }
  })
  return { bom, crlf, header, raw, events }
}

export interface MyCdr {
  readonly sheetNames: readonly string[]
  readonly preamble: readonly string[]
  readonly header: readonly string[]
  readonly events: readonly CdrEvent[]
  /** Cell types of the two party columns (SheetJS `t`), to check numbers stay text. */
  readonly partyCellTypes: ReadonlySet<string>
  readonly cells: readonly { readonly tower: string; readonly cgi: string; readonly site: string; readonly lat: number; readonly lon: number; readonly azimuth: number }[]
}

export function readMyCdr(bytes: Uint8Array): MyCdr {
  const wb = XLSX.read(bytes, { type: 'array' })
  const ws = wb.Sheets.CDR
  const cl = wb.Sheets['Cell list']
  if (!ws || !cl) throw new Error('my-operator-cdr.xlsx: missing CDR or Cell list sheet')
  const rows = XLSX.utils.sheet_to_json<string[]>(ws, { header: 1, raw: true, defval: '' }).map((r) => r.map(String))
  const partyCellTypes = new Set<string>()
  const range = XLSX.utils.decode_range(ws['!ref'] ?? 'A1')
  for (let r = 3; r <= range.e.r; r++) {
    for (const c of [0, 1]) {
      const cell = ws[XLSX.utils.encode_cell({ r, c })] as XLSX.CellObject | undefined
      if (cell) partyCellTypes.add(cell.t)
    }
  }
  const events = rows.slice(3).map((c, i): CdrEvent => {
    const [calling = '', called = '', type = '', date = '', time = '', dur = '', tower = ''] = c
    const out = type.startsWith('Outgoing')
    const dt = DateTime.fromFormat(`${date} ${time}`, 'yyyy-MM-dd HH:mm:ss', { zone: KUALA_LUMPUR })
    const m = /^(-?)(\d+):(\d{2}):(\d{2})$/.exec(dur)
    return {
      file: 'my',
      row: i + 4,
      target: toE164(out ? calling : called, '60') ?? '',
      other: toE164(out ? called : calling, '60'),
      direction: out ? 'out' : 'in',
      service: type.endsWith('SMS') ? 'sms' : 'call',
      utc: dt.isValid ? dt.toMillis() : null,
      timeText: `${date} ${time}`,
      durationText: dur,
      duration: m ? (m[1] ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60 + Number(m[4])) : null,
      cell: tower
    }
  })
  const cells = XLSX.utils.sheet_to_json<(string | number)[]>(cl, { header: 1, raw: true, defval: '' }).slice(1).map((r) => ({
    tower: String(r[0]), cgi: String(r[1]), site: String(r[2]), lat: Number(r[3]), lon: Number(r[4]), azimuth: Number(r[5])
  }))
  return { sheetNames: wb.SheetNames, preamble: rows.slice(0, 2).map((r) => r[0] ?? ''), header: rows[2] ?? [], events, partyCellTypes, cells }
}

/** A whole sheet as rows of display text (1-based row n is `rows[n - 1]`). */
export function readSheet(bytes: Uint8Array, sheet?: string): { names: readonly string[]; rows: string[][] } {
  const wb = XLSX.read(bytes, { type: 'array' })
  const name = sheet ?? wb.SheetNames[0] ?? ''
  const ws = wb.Sheets[name]
  if (!ws) throw new Error(`no sheet ${name}`)
  return { names: wb.SheetNames, rows: XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: '' }).map((r) => r.map(String)) }
}

export interface BorderRow {
  readonly row: number
  readonly nameThai: string
  readonly nameLatin: string
  readonly passport: string
  readonly nationality: string
  readonly checkpoint: string
  readonly direction: string
  readonly dateText: string
  readonly timeText: string
  readonly vehicle: string
  /** UTC from the Buddhist-Era date and the dotted time, read as Thai time; null when the date does not exist. */
  readonly utc: number | null
}

export function readBorder(bytes: Uint8Array): { title: string; header: readonly string[]; rows: readonly BorderRow[] } {
  const { rows } = readSheet(bytes)
  const data = rows.slice(2).map((c, i): BorderRow => {
    const [, nameThai = '', nameLatin = '', passport = '', nationality = '', checkpoint = '', direction = '', dateText = '', timeText = '', vehicle = ''] = c
    const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(dateText)
    const t = /^(\d{2})\.(\d{2})$/.exec(timeText)
    let utc: number | null = null
    if (m && t) {
      const dt = DateTime.fromObject({ year: Number(m[3]) - 543, month: Number(m[2]), day: Number(m[1]), hour: Number(t[1]), minute: Number(t[2]) }, { zone: BANGKOK })
      utc = dt.isValid ? dt.toMillis() : null
    }
    return { row: i + 3, nameThai, nameLatin, passport, nationality, checkpoint, direction, dateText, timeText, vehicle, utc }
  })
  return { title: rows[0]?.[0] ?? '', header: rows[1] ?? [], rows: data }
}

export interface TransferRow {
  readonly row: number
  readonly cells: readonly string[]
  readonly utc: number | null
  readonly offset: string
  readonly sender: string
  readonly senderPhone: string | null
  readonly receiver: string
  readonly receiverPhone: string | null
  readonly amount: number | null
  readonly amountText: string
  readonly currency: string
  readonly location: string
}

export function readTransfers(bytes: Uint8Array): { header: readonly string[]; rows: readonly TransferRow[]; lf: boolean } {
  const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  const [headerLine, ...body] = lines
  const rows = body.map((l, i): TransferRow => {
    const cells = l.split(';')
    const [, time = '', sender = '', sPhone = '', , receiver = '', rPhone = '', , amountText = '', currency = '', location = ''] = cells
    const dt = DateTime.fromISO(time.replace(' ', 'T'), { setZone: true })
    // Strip grouping commas whatever the grouping (thousands or lakhs); the value is the same.
    const amount = /^\d{1,3}(,\d{2,3})*\.\d{2}$/.test(amountText) ? Number(amountText.replace(/,/g, '')) : null
    return {
      row: i + 2,
      cells,
      utc: dt.isValid ? dt.toMillis() : null,
      offset: time.slice(-6),
      sender,
      senderPhone: sPhone ? toE164(sPhone, '880') : null,
      receiver,
      receiverPhone: rPhone ? toE164(rPhone, '880') : null,
      amount,
      amountText,
      currency,
      location
    }
  })
  return { header: (headerLine ?? '').split(';'), rows, lf: !text.includes('\r') }
}
