// Reads handset and SIM identifiers (IMEI, IMSI) from imported cells, and recognises columns that hold them.
//
// Public API (stable; autoMap and records call it):
//   luhnCheckDigit(digits14: string): number             the IMEI check digit for 14 digits
//   isValidImei(text: string): boolean                   exactly 15 digits (separators allowed) with a correct check digit
//   parseImei(value: CellValue): ImeiResult              15 digits (Luhn checked), 14 digits (check digit added,
//                                                        flagged), 16 digits = IMEISV (IMEI rebuilt, flagged);
//                                                        `imei` is always the canonical 15 digits; tac = first 8
//   parseImsi(value: CellValue): ImsiResult              14–15 digits; MCC → country, MNC (2 or 3 digits, by
//                                                        table) → operator name when known
//   looksLikeImei(value) / looksLikeImsi(value): boolean cheap content tests for column detection
//   mccCountry(mcc: string): string | undefined           '520' → 'TH'
//
// The original text always travels with the result; a value that is not an identifier is a result with a
// problem, never an exception.

import type { Cell } from '../model/rawTable'
import { toAsciiDigits } from './digits'
import { MCC_COUNTRY, MNC_OPERATORS, THREE_DIGIT_MNC_MCCS } from './data/mobileNetworks'

type CellValue = Cell | undefined

export type ImeiKind = 'imei' | 'imei-no-check-digit' | 'imeisv' | 'invalid' | 'empty'

export interface ImeiResult {
  readonly kind: ImeiKind
  readonly original: string
  /** Canonical 15-digit IMEI (14 digits + check digit), present unless kind is 'invalid' or 'empty'. */
  readonly imei?: string
  /** Type Allocation Code: the first 8 digits, which name the handset model. */
  readonly tac?: string
  /** Software version number of an IMEISV (its last two digits). */
  readonly svn?: string
  /** False when a 15-digit value's check digit is wrong (kept: it may be a typo in the source or a fake handset). */
  readonly luhnValid?: boolean
  /** A user-readable note: why this value is flagged or could not be read. */
  readonly problem?: string
}

export interface ImsiResult {
  readonly kind: 'imsi' | 'invalid' | 'empty'
  readonly original: string
  readonly imsi?: string
  readonly mcc?: string
  readonly mnc?: string
  /** ISO 3166-1 alpha-2 of the SIM's home network. */
  readonly country?: string
  readonly operator?: string
  readonly problem?: string
}

function cellText(value: CellValue): string {
  if (value === null || value === undefined) return ''
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : ''
  return String(value)
}

/** Digits of an identifier written with spaces, dashes, dots or slashes ('35-209900-176148-1'); '' if other characters occur. */
function identifierDigits(text: string): string {
  const s = toAsciiDigits(text).trim()
  // Most cells are plain digits already: the loop below would rebuild the same string one character at a time.
  let plain = true
  for (let i = 0; i < s.length && plain; i++) {
    const c = s.charCodeAt(i)
    plain = c >= 48 && c <= 57
  }
  if (plain) return s
  let out = ''
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 48 && c <= 57) out += s[i]
    else if (c === 32 || c === 45 || c === 46 || c === 47 || c === 0xa0) continue
    else return ''
  }
  return out
}

/** The Luhn check digit of 14 digits, as the IMEI standard (3GPP TS 23.003) defines it. */
export function luhnCheckDigit(digits14: string): number {
  if (!/^\d{14}$/.test(digits14)) throw new Error('luhnCheckDigit expects exactly 14 ASCII digits')
  let sum = 0
  for (let i = 0; i < 14; i++) {
    let d = digits14.charCodeAt(i) - 48
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return (10 - (sum % 10)) % 10
}

/** True when the text is a 15-digit IMEI (separators allowed) whose check digit is right. */
export function isValidImei(text: string): boolean {
  const d = identifierDigits(text)
  return d.length === 15 && luhnCheckDigit(d.slice(0, 14)) === d.charCodeAt(14) - 48
}

/** Reads an IMEI cell. Spreadsheet numbers are accepted (IMEIs fit in a double exactly). */
export function parseImei(value: CellValue): ImeiResult {
  const original = cellText(value)
  if (original.trim() === '') return { kind: 'empty', original }
  const prefixed = original.replace(/^\s*IMEI(?:SV)?\s*[:#]?\s*/i, '')
  const d = identifierDigits(prefixed)
  if (d.length === 0) {
    return { kind: 'invalid', original, problem: `'${original}' is not an IMEI: an IMEI is 15 digits` }
  }
  if (/^0+$/.test(d)) {
    return { kind: 'invalid', original, problem: `'${original}' is all zeros: the operator recorded no handset` }
  }
  if (d.length === 15) {
    const check = luhnCheckDigit(d.slice(0, 14))
    const luhnValid = check === d.charCodeAt(14) - 48
    return luhnValid
      ? { kind: 'imei', original, imei: d, tac: d.slice(0, 8), luhnValid }
      : {
          kind: 'imei',
          original,
          imei: d,
          tac: d.slice(0, 8),
          luhnValid,
          problem: `'${original}': the IMEI check digit should be ${check}; the value is kept as written (typo, or a cloned handset)`
        }
  }
  if (d.length === 14) {
    const imei = d + String(luhnCheckDigit(d))
    return {
      kind: 'imei-no-check-digit',
      original,
      imei,
      tac: d.slice(0, 8),
      problem: `'${original}' has 14 digits (no check digit); the full IMEI is ${imei}`
    }
  }
  if (d.length === 16) {
    const body = d.slice(0, 14)
    const imei = body + String(luhnCheckDigit(body))
    return {
      kind: 'imeisv',
      original,
      imei,
      tac: d.slice(0, 8),
      svn: d.slice(14),
      problem: `'${original}' is an IMEISV (IMEI with software version ${d.slice(14)}); the IMEI is ${imei}`
    }
  }
  return {
    kind: 'invalid',
    original,
    problem: `'${original}' has ${d.length} digits: an IMEI has 15 (14 without check digit, 16 as IMEISV)`
  }
}

// GSMA reporting-body identifiers: the first two digits of every TAC issued since 2004 (and the older
// ones still seen in CDRs). A 15-digit Luhn-valid number that starts otherwise is probably something else.
const TAC_PREFIXES = new Set(['01', '10', '30', '33', '35', '44', '45', '49', '50', '51', '52', '53', '54', '86', '91', '98', '99'])

/** Cheap content test: is this cell plausibly an IMEI (15 digits with a right check digit, 14, or 16 digits)? */
export function looksLikeImei(value: CellValue): boolean {
  const d = identifierDigits(cellText(value))
  if (d.length < 14 || d.length > 16) return false
  if (!TAC_PREFIXES.has(d.slice(0, 2))) return false
  if (d.length === 15) return luhnCheckDigit(d.slice(0, 14)) === d.charCodeAt(14) - 48
  return true
}

/** '520' → 'TH'; undefined for an unassigned or unknown MCC. */
export function mccCountry(mcc: string): string | undefined {
  return MCC_COUNTRY[mcc]
}

interface MncMatch {
  readonly mnc: string
  readonly operator: string | undefined
}

function matchMnc(mcc: string, rest: string): MncMatch {
  const table = MNC_OPERATORS[mcc]
  if (table !== undefined) {
    const three = table[rest.slice(0, 3)]
    if (three !== undefined) return { mnc: rest.slice(0, 3), operator: three }
    const two = table[rest.slice(0, 2)]
    if (two !== undefined) return { mnc: rest.slice(0, 2), operator: two }
  }
  const width = THREE_DIGIT_MNC_MCCS.has(mcc) ? 3 : 2
  return { mnc: rest.slice(0, width), operator: undefined }
}

/** Reads an IMSI cell: 14–15 digits, MCC + MNC + subscriber number. */
export function parseImsi(value: CellValue): ImsiResult {
  const original = cellText(value)
  if (original.trim() === '') return { kind: 'empty', original }
  const d = identifierDigits(original.replace(/^\s*IMSI\s*[:#]?\s*/i, ''))
  if (d.length < 14 || d.length > 15) {
    return {
      kind: 'invalid',
      original,
      problem: d.length === 0 ? `'${original}' is not an IMSI: an IMSI is 14–15 digits` : `'${original}' has ${d.length} digits: an IMSI has 14–15`
    }
  }
  const mcc = d.slice(0, 3)
  const country = MCC_COUNTRY[mcc]
  if (country === undefined) {
    return { kind: 'invalid', original, imsi: d, mcc, problem: `'${original}' starts with ${mcc}, which is not a mobile country code` }
  }
  const { mnc, operator } = matchMnc(mcc, d.slice(3))
  return operator === undefined ? { kind: 'imsi', original, imsi: d, mcc, mnc, country } : { kind: 'imsi', original, imsi: d, mcc, mnc, country, operator }
}

/**
 * Cheap content test: 14–15 digits starting with an assigned MCC; where Waymark knows the country's networks,
 * the MNC must be one of them (which keeps phone numbers and IMEIs out).
 */
export function looksLikeImsi(value: CellValue): boolean {
  const d = identifierDigits(cellText(value))
  if (d.length < 14 || d.length > 15) return false
  const mcc = d.slice(0, 3)
  if (MCC_COUNTRY[mcc] === undefined) return false
  if (MNC_OPERATORS[mcc] === undefined) return true
  return matchMnc(mcc, d.slice(3)).operator !== undefined
}
