// Reads call direction, service (call/SMS/data) and call forwarding from the codes and words operators put in CDRs.
//
// Public API (stable; records and autoMap call it):
//   parseDirection(value: Cell | undefined): DirectionResult
//     { direction: 'outgoing' | 'incoming' | 'unknown', kind: Service, forwarded, recognised }
//     Case-insensitive; separators ignored. Understands MO/MT, MOC/MTC, SMO/SMT, SMS-MO, In/Out, Incoming/Outgoing,
//     ORIG/TERM, Voice, Voice MO, call/text/sms/mms/data/gprs/ussd, forwarded/CFW/CFU/CFB/CFNR…, and common
//     Thai (โทรออก, โทรเข้า), Indonesian/Malay (keluar, masuk, panggilan) and Vietnamese (gọi đi, gọi đến, tin nhắn)
//     words. `kind` is 'unknown' when the text names no service. `recognised` is false when some word in the
//     text is not one of these (autoMap uses it to score a column; records reports the value).
//   callParties<T>(direction, owner: T, other: T): { caller: T; callee: T } | undefined
//     For CDRs that list the target (owner) and the other party: who called whom. undefined when unknown.

import type { Cell } from '../model/rawTable'
import type { Direction, Service } from '../model/records'

export interface DirectionResult {
  readonly direction: Direction
  /** The service the text names: call, sms, mms, data, ussd; 'unknown' when it names none. */
  readonly kind: Service
  readonly forwarded: boolean
  /** True when every word of the text was understood. */
  readonly recognised: boolean
}

const OUT = 1
const IN = 2

interface TokenMeaning {
  readonly dir?: number
  readonly kind?: Service
  readonly forwarded?: boolean
}

const TOKENS = new Map<string, TokenMeaning>()
function def(words: string, meaning: TokenMeaning): void {
  for (const w of words.split(' ')) TOKENS.set(w, meaning)
}
def('MO OUT OUTGOING OUTG OG O ORIG ORIGINATING ORIGINATED OUTBOUND DIALLED DIALED SENT KELUAR DI', { dir: OUT })
def('MT IN INCOMING INC IC I TERM TERMINATING TERMINATED INBOUND RECEIVED RECV MISSED MASUK DEN', { dir: IN })
def('CALL CALLS VOICE VOI VOC TEL PHONE VIDEO PANGGILAN GOI CUOC', { kind: 'call' })
def('SMS TEXT MESSAGE MSG PESAN TIN NHAN', { kind: 'sms' })
def('MMS', { kind: 'mms' })
def('DATA GPRS PS INTERNET PDP LTE UMTS WAP EDGE 3G 4G 5G', { kind: 'data' })
def('USSD', { kind: 'ussd' })
def('MOC', { dir: OUT, kind: 'call' })
def('MTC', { dir: IN, kind: 'call' })
def('SMO SMSMO MOSMS SMSO', { dir: OUT, kind: 'sms' })
def('SMT SMSMT MTSMS SMST', { dir: IN, kind: 'sms' })
def('FORWARD FORWARDED FORWARDING FWD CFW CF CFU CFB CFNR CFNRY CFNRC DIVERT DIVERTED DIVERSION REDIRECT REDIRECTED', { forwarded: true })
def('TYPE', {}) // 'Call type: MO'

// Thai has no spaces between words: match these inside the text.
const THAI: readonly [string, TokenMeaning][] = [
  ['โทรออก', { dir: OUT, kind: 'call' }],
  ['โทรเข้า', { dir: IN, kind: 'call' }],
  ['ส่งต่อ', { forwarded: true }],
  ['ข้อความ', { kind: 'sms' }],
  ['ออก', { dir: OUT }],
  ['เข้า', { dir: IN }],
  ['โทร', { kind: 'call' }]
]

const UNKNOWN: DirectionResult = Object.freeze({ direction: 'unknown', kind: 'unknown', forwarded: false, recognised: false })
const cache = new Map<string, DirectionResult>()

function interpret(text: string): DirectionResult {
  let dirs = 0
  let kind: Service = 'unknown'
  let kindConflict = false
  let forwarded = false
  let recognised = true
  let any = false
  const apply = (m: TokenMeaning): void => {
    any = true
    if (m.dir !== undefined) dirs |= m.dir
    if (m.kind !== undefined) {
      if (kind !== 'unknown' && kind !== m.kind) kindConflict = true
      kind = m.kind
    }
    if (m.forwarded) forwarded = true
  }
  let rest = text
  for (const [word, meaning] of THAI) {
    if (rest.includes(word)) {
      apply(meaning)
      rest = rest.split(word).join(' ')
    }
  }
  // Vietnamese and other Latin text: strip diacritics (gọi đi → GOI DI) before matching words.
  const ascii = rest
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toUpperCase()
  for (const token of ascii.split(/[^A-Z0-9]+/)) {
    if (token === '') continue
    const m = TOKENS.get(token)
    if (m === undefined) {
      recognised = false
      continue
    }
    apply(m)
  }
  if (!any) return UNKNOWN
  const direction: Direction = dirs === OUT ? 'outgoing' : dirs === IN ? 'incoming' : 'unknown'
  if (dirs === (OUT | IN) || kindConflict) recognised = false
  return Object.freeze({ direction, kind: kindConflict ? 'unknown' : kind, forwarded, recognised })
}

/** Reads a direction / call-type cell. Memoised: such columns hold a handful of distinct codes. */
export function parseDirection(value: Cell | undefined): DirectionResult {
  if (value === null || value === undefined || typeof value === 'boolean') return UNKNOWN
  const text = typeof value === 'number' ? String(value) : value.trim()
  if (text === '') return UNKNOWN
  const hit = cache.get(text)
  if (hit !== undefined) return hit
  const r = interpret(text)
  if (cache.size >= 10_000) cache.clear()
  cache.set(text, r)
  return r
}

/**
 * Who called whom when a CDR lists its target (owner) and the other party: outgoing → the owner called;
 * incoming → the other party called. For SMS read caller/callee as sender/recipient.
 */
export function callParties<T>(direction: Direction, owner: T, other: T): { caller: T; callee: T } | undefined {
  if (direction === 'outgoing') return { caller: owner, callee: other }
  if (direction === 'incoming') return { caller: other, callee: owner }
  return undefined
}
