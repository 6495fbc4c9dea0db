// Reads party numbers from CDR and spreadsheet cells into E.164 (or says what else they are), keeping the original text.
//
// Public API (stable; records and autoMap call it):
//   createPhoneNormaliser(defaultCountry: string | undefined, opts?: PhoneOptions): (value: Cell | undefined) => PhoneResult
//       One normaliser per column/source. Results are memoised per text (CDRs repeat the same few thousand
//       numbers), in a bounded cache. Valid numbers of simple numbering plans are checked against
//       libphonenumber's range patterns directly (phoneRanges.ts, < 1 µs); everything else goes through
//       libphonenumber's parser (~13 µs per call). Never throws for data, never
//       returns nothing: every input gives a result whose `original` is the input as text.
//   decidePhoneColumn(values, defaultCountry): PhoneColumnDecision
//       Looks at a whole column once: when nearly every value is a 1–6 digit number (VAST's '349', '23'), the
//       column holds anonymised ids, not short codes; pass { shortNumbersAreIds: true } to the normaliser.
//   normalisePhone(value, defaultCountry): PhoneResult       one-off convenience (no memo)
//   normalisePhoneReference(value, defaultCountry)            the same judged by libphonenumber alone (equivalence tests)
//   isSupportedPhoneCountry(cc: string): boolean
//
// Kinds:
//   'e164'          a phone number: valid for its country, or only "possible" (right length) when it was written
//                   in international form or with the trunk prefix (then `problem` says the range is unknown)
//   'short-code'    3–6 digit service numbers (1175, 191) and USSD codes (*123#)
//   'alphanumeric'  sender names (GRAB, AIS, ทรูมูฟ เอช) and words such as 'Unknown', 'Private'
//   'identifier'    anonymised ids, hashes (hex ≥ 16), UUIDs, small integers ('0'), over-long digit strings and
//                   digit strings that are not plausible numbers; `problem` says why
//   'empty'         '', whitespace only, null
//
// International prefixes: '+' and '00' everywhere; the default country's own IDD codes (Thailand's 001/007/008/009,
// the US 011, …) from libphonenumber's metadata are tried when '00' does not give a valid number. libphonenumber
// alone would read Thai '0066 81…' as IDD '006' + '681…', which is why the prefixes are handled here first.
//
// Metadata: 'libphonenumber-js/max'. The full metadata validates number ranges (not only lengths), which is
// what tells an anonymised 10-digit id from a real mobile number; Waymark is an offline desktop app, so the
// larger bundle costs nothing that matters.

import { getCountryCallingCode, isSupportedCountry, parsePhoneNumberFromString, type CountryCode, type PhoneNumber } from 'libphonenumber-js/max'
import METADATA from 'libphonenumber-js/max/metadata'
import type { Cell } from '../model/rawTable'
import type { PhoneKind } from '../model/records'
import { toAsciiDigits } from './digits'
import { phoneRangesByCallingCode, phoneRangesFor } from './phoneRanges'

export interface PhoneResult {
  readonly kind: PhoneKind
  /** The cell as it was (numbers as their decimal text). */
  readonly original: string
  /** '+66812345678' for kind 'e164'. */
  readonly e164?: string
  /** ISO 3166-1 alpha-2 of the number's country, when known. */
  readonly country?: string
  /** A user-readable note: why the value is not a phone number, or what is doubtful about it. */
  readonly problem?: string
}

export interface PhoneOptions {
  /** Maximum memoised distinct texts before the cache is emptied (default 100 000); 0: no cache, and results are not frozen. */
  readonly cacheSize?: number
  /** The column holds anonymised numeric ids: 1–6 digit values are identifiers, not short codes. */
  readonly shortNumbersAreIds?: boolean
}

export interface PhoneColumnDecision {
  readonly shortNumbersAreIds: boolean
  /** Non-empty values looked at. */
  readonly total: number
  readonly counts: Readonly<Record<PhoneKind, number>>
  /** A sentence for the import wizard, when there is something to say. */
  readonly note?: string
}

type PhoneInput = Cell | undefined

const EMPTY_ORIGINALS = new Map<string, PhoneResult>()

function emptyResult(original: string): PhoneResult {
  let r = EMPTY_ORIGINALS.get(original)
  if (r === undefined) {
    r = Object.freeze({ kind: 'empty' as const, original })
    if (EMPTY_ORIGINALS.size < 64) EMPTY_ORIGINALS.set(original, r)
  }
  return r
}

/** True when libphonenumber knows the country (ISO alpha-2, upper case). */
export function isSupportedPhoneCountry(cc: string): boolean {
  return isSupportedCountry(cc)
}

const HEX_RE = /^[0-9a-f]+$/i
const UUID_RE = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i
const BASE64ISH_RE = /^[A-Za-z0-9+/_-]{20,}={0,2}$/
const SCIENTIFIC_RE = /^[+-]?\d(?:[.,]\d+)?e\+?\d+$/i
const LETTER_RE = /\p{L}/u
// Characters people put inside numbers: spaces, dashes, dots, brackets, slashes, NBSP, unicode dashes.
const FORMATTING = new Set([32, 9, 45, 46, 40, 41, 47, 0xa0, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212, 0x200b, 0x202f, 0x2009])

interface Prepared {
  digits: string
  plus: boolean
  ussd: boolean
  other: boolean
}

/** Strips formatting; records whether the text had a leading '+', '*'/'#' (USSD) or other characters. */
function strip(text: string): Prepared {
  // Most numbers are plain digits, or '+' and digits: the loop below would rebuild them one character at a time.
  const n = text.length
  let i = n > 0 && text.charCodeAt(0) === 43 ? 1 : 0
  const from = i
  while (i < n) {
    const c = text.charCodeAt(i)
    if (c < 48 || c > 57) break
    i++
  }
  if (i === n) return { digits: from === 0 ? text : text.slice(1), plus: from === 1, ussd: false, other: false }
  let digits = ''
  let plus = false
  let ussd = false
  let other = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= 48 && c <= 57) digits += text[i]
    else if (c === 43 && digits.length === 0 && !plus) plus = true
    else if (c === 42 || c === 35) ussd = true
    else if (!FORMATTING.has(c)) other = true
  }
  return { digits, plus, ussd, other }
}

/** Myanmar digit zero (၀) and the letter wa (ဝ) look alike; in a number the letter is a typing slip for zero. */
function foldMyanmarWa(text: string): string {
  if (!text.includes('ဝ')) return text
  return /^[\s+\-()\u1040-\u1049ဝ]+$/u.test(text) ? text.replace(/ဝ/g, '၀') : text
}

function classifyNonDigit(original: string, trimmed: string): PhoneResult {
  const compact = trimmed.replace(/\s+/g, '')
  if (UUID_RE.test(compact)) return { kind: 'identifier', original, problem: 'an anonymised identifier (UUID), not a phone number' }
  if (compact.length >= 16 && HEX_RE.test(compact)) {
    return { kind: 'identifier', original, problem: `an anonymised identifier (${compact.length} hex characters, e.g. a hash), not a phone number` }
  }
  if (compact.length >= 20 && BASE64ISH_RE.test(compact) && /\d/.test(compact) && /[A-Za-z]/.test(compact)) {
    return { kind: 'identifier', original, problem: 'an anonymised identifier (encoded hash), not a phone number' }
  }
  return { kind: 'alphanumeric', original }
}

// International (IDD) prefixes of each country, from libphonenumber's metadata, compiled on first use.
const IDD_PATTERNS = new Map<string, RegExp | null>()

function idd(country: CountryCode | undefined): RegExp | undefined {
  if (country === undefined) return undefined
  let re = IDD_PATTERNS.get(country)
  if (re === undefined) {
    // metadata.countries[CC][1] is the international prefix pattern (TH '00[1-9]', US '011', SG '0[0-3]\d').
    const entry = (METADATA as unknown as { countries?: Record<string, unknown[]> }).countries?.[country]
    const pattern = entry?.[1]
    re = typeof pattern === 'string' && pattern.length > 0 ? new RegExp(`^(?:${pattern})`) : null
    IDD_PATTERNS.set(country, re)
  }
  return re ?? undefined
}

function tryParse(text: string, country: CountryCode | undefined): PhoneNumber | undefined {
  try {
    return parsePhoneNumberFromString(text, country === undefined ? undefined : { defaultCountry: country })
  } catch {
    return undefined
  }
}

function e164(original: string, n: PhoneNumber, problem?: string): PhoneResult {
  const country = n.country
  if (problem === undefined) return country === undefined ? { kind: 'e164', original, e164: n.number } : { kind: 'e164', original, e164: n.number, country }
  return country === undefined ? { kind: 'e164', original, e164: n.number, problem } : { kind: 'e164', original, e164: n.number, country, problem }
}

/**
 * Calling code + national number read from libphonenumber's range patterns directly (phoneRanges.ts): the
 * result when the number is valid, undefined when libphonenumber must decide (invalid, or a plan not mirrored).
 */
function validInternational(digits: string, original: string): PhoneResult | undefined {
  const ranges = phoneRangesByCallingCode(digits)
  const number = ranges?.international(digits)
  return ranges && number !== undefined ? { kind: 'e164', original, e164: number, country: ranges.country } : undefined
}

// getCountryCallingCode rebuilds libphonenumber's metadata object on every call; a country's code never changes.
const CALLING_CODES = new Map<CountryCode, string>()

function callingCode(country: CountryCode): string {
  let cc = CALLING_CODES.get(country)
  if (cc === undefined) {
    cc = getCountryCallingCode(country)
    CALLING_CODES.set(country, cc)
  }
  return cc
}

function identifier(original: string, problem: string): PhoneResult {
  return { kind: 'identifier', original, problem }
}

function normalise(value: PhoneInput, country: CountryCode | undefined, idsColumn = false, fast = true): PhoneResult {
  if (value === null || value === undefined) return emptyResult('')
  if (typeof value === 'boolean') return identifier(String(value), 'a true/false value, not a phone number')
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return identifier(String(value), 'not a phone number')
    if (!Number.isInteger(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER) {
      return identifier(String(value), 'a spreadsheet number with a fraction or too many digits: the original digits may be lost; import the column as text')
    }
    return normaliseText(String(value), country, true, idsColumn, fast)
  }
  return normaliseText(value, country, false, idsColumn, fast)
}

function normaliseText(original: string, country: CountryCode | undefined, fromNumber: boolean, idsColumn: boolean, fast: boolean): PhoneResult {
  let trimmed = original.trim()
  if (trimmed.length === 0) return emptyResult(original)
  trimmed = toAsciiDigits(foldMyanmarWa(trimmed))
  if (/^tel:/i.test(trimmed)) trimmed = trimmed.slice(4)
  if (SCIENTIFIC_RE.test(trimmed)) {
    return identifier(original, 'the number was shortened by a spreadsheet (scientific notation); its full digits are lost: re-export the column as text')
  }
  // '812345678.0' from tools that wrote numbers as floats.
  if (/^\+?\d+\.0$/.test(trimmed)) trimmed = trimmed.slice(0, -2)
  const p = strip(trimmed)
  if (p.other) {
    if (LETTER_RE.test(trimmed)) return classifyNonDigit(original, trimmed)
    return identifier(original, 'not a phone number (unexpected characters)')
  }
  const digits = p.digits
  if (digits.length === 0) return identifier(original, 'not a phone number (no digits)')
  if (p.ussd) return { kind: 'short-code', original }
  if (/^0+$/.test(digits)) return identifier(original, `'${original}' is a placeholder, not a phone number`)
  if (digits.length > 15) return identifier(original, `${digits.length} digits: longer than any phone number (at most 15), so an identifier or hash`)
  if (idsColumn && !p.plus && digits.length <= 6) return identifier(original, 'a short number in a column of anonymised ids')
  if (!p.plus && digits.length <= 2) return identifier(original, `'${original}' is too short to be a phone number`)
  if (!p.plus && digits.length <= 6 && !digits.startsWith('00')) return { kind: 'short-code', original }

  // Candidate readings, best first. International forms are unambiguous.
  if (p.plus) {
    const quick = fast ? validInternational(digits, original) : undefined
    if (quick !== undefined) return quick
    // Numbers of a mirrored plan that are not valid: the same answer as below, without libphonenumber's slow failures.
    const ranges = fast ? phoneRangesByCallingCode(digits) : null
    const r = ranges?.readInternational(digits)
    if (ranges && r) {
      if (r.valid) return { kind: 'e164', original, e164: r.e164, country: ranges.country }
      if (r.possible) return { kind: 'e164', original, e164: r.e164, country: ranges.country, problem: `+${digits} has the right length but is not a known number range` }
      return identifier(original, `'${original}' is not a valid international number`)
    }
    const n = tryParse(`+${digits}`, undefined)
    if (n?.isValid()) return e164(original, n)
    if (n?.isPossible()) return e164(original, n, `+${digits} has the right length but is not a known number range`)
    return identifier(original, `'${original}' is not a valid international number`)
  }
  if (digits.startsWith('00')) {
    const quick = fast ? validInternational(digits.slice(2), original) : undefined
    if (quick !== undefined) return quick
    const n = tryParse(`+${digits.slice(2)}`, undefined)
    if (n?.isValid()) return e164(original, n)
    const local = idd(country)
    const m = local?.exec(digits)
    if (m !== null && m !== undefined && m[0] !== '00') {
      const n2 = tryParse(`+${digits.slice(m[0].length)}`, undefined)
      if (n2?.isValid()) return e164(original, n2)
    }
    if (n?.isPossible()) return e164(original, n, `+${digits.slice(2)} has the right length but is not a known number range`)
  } else if (country !== undefined) {
    const local = idd(country)
    const m = local?.exec(digits)
    if (m !== null && m !== undefined) {
      // Another IDD of the default country (US 011…, Thai 001…): only when it gives a valid number.
      const n = tryParse(`+${digits.slice(m[0].length)}`, undefined)
      if (n?.isValid()) return e164(original, n)
    }
  }
  if (country !== undefined) {
    const cc = callingCode(country)
    const trunk = digits.charCodeAt(0) === 48
    // MSISDNs in CDRs usually carry the country code without '+' ('66812345678', '8801712345678', '62812…').
    // When such digits are also a valid national number without its trunk 0 (Indonesia's variable lengths
    // allow that), the MSISDN reading wins: a national number is written with its trunk 0.
    if (!trunk && digits.startsWith(cc) && fast) {
      const ranges = phoneRangesFor(country)
      const quick = ranges?.international(digits)
      if (quick !== undefined) return { kind: 'e164', original, e164: quick, country }
      // Not valid with a '+': the same answers as below without libphonenumber's slow failures. The '+' reading
      // is known not to be valid (international() said so), so the national reading decides.
      if (ranges?.readInternational(digits) !== undefined) {
        const r = ranges.readWithoutPlus(digits)
        if (r) {
          if (r.valid) return { kind: 'e164', original, e164: r.e164, country }
          if (r.possible && !fromNumber) return { kind: 'e164', original, e164: r.e164, country, problem: `${r.e164} has the right length for ${country} but is not a known number range` }
          return identifier(original, `'${original}' is not a valid phone number for ${country} or any country; kept as an identifier`)
        }
      }
    }
    // No calling code starts with 0: '+0…' is never a number, so trunk-prefixed digits skip that reading.
    const intl = trunk ? undefined : tryParse(`+${digits}`, undefined)
    // isValid runs every range pattern again; its answer for this number does not change.
    const intlValid = intl?.isValid() === true
    if (!trunk && digits.startsWith(cc) && intlValid) return e164(original, intl!)
    if (trunk && fast) {
      const ranges = phoneRangesFor(country)
      const quick = ranges?.national(digits)
      if (quick !== undefined) return { kind: 'e164', original, e164: quick, country }
      // Not valid in the stripped reading: the same answer as below (trunk digits have no international reading).
      const r = ranges?.readNational(digits)
      if (r) {
        if (r.valid) return { kind: 'e164', original, e164: r.e164, country }
        if (r.possible) return { kind: 'e164', original, e164: r.e164, country, problem: `${r.e164} has the right length for ${country} but is not a known number range` }
        return identifier(original, `'${original}' is not a valid phone number for ${country} or any country; kept as an identifier`)
      }
    }
    const n = tryParse(digits, country)
    if (n?.isValid()) return e164(original, n)
    if (intlValid) return e164(original, intl!)
    if (n?.isPossible() && (digits.startsWith('0') || (digits.startsWith(cc) && !fromNumber))) {
      return e164(original, n, `${n.number} has the right length for ${country} but is not a known number range`)
    }
  } else {
    const quick = fast ? validInternational(digits, original) : undefined
    if (quick !== undefined) return quick
    const intl = tryParse(`+${digits}`, undefined)
    if (intl?.isValid()) return e164(original, intl)
  }
  const where = country === undefined ? 'any country' : `${country} or any country`
  return identifier(original, `'${original}' is not a valid phone number for ${where}; kept as an identifier`)
}

/**
 * A memoising normaliser for one source. `defaultCountry` (ISO alpha-2) reads numbers written without a
 * country code; undefined accepts international forms only. An unsupported country is a programmer error.
 */
export function createPhoneNormaliser(defaultCountry: string | undefined, opts: PhoneOptions = {}): (value: PhoneInput) => PhoneResult {
  const country = defaultCountry === undefined || defaultCountry === '' ? undefined : defaultCountry.toUpperCase()
  if (country !== undefined && !isSupportedCountry(country)) {
    throw new Error(`createPhoneNormaliser: '${defaultCountry}' is not a country libphonenumber supports`)
  }
  const cc = country as CountryCode | undefined
  const ids = opts.shortNumbersAreIds === true
  // No cache: for a caller that memoises the results itself (records.ts), a cache here only doubles the work.
  if (opts.cacheSize === 0) return (value: PhoneInput): PhoneResult => normalise(value, cc, ids)
  const limit = Math.max(1, opts.cacheSize ?? 100_000)
  const cache = new Map<string, PhoneResult>()
  return (value: PhoneInput): PhoneResult => {
    if (typeof value !== 'string') return normalise(value, cc, ids)
    const hit = cache.get(value)
    if (hit !== undefined) return hit
    const r = Object.freeze(normalise(value, cc, ids))
    if (cache.size >= limit) cache.clear()
    cache.set(value, r)
    return r
  }
}

/** Normalises one value without a cache (tests, one-off lookups). */
export function normalisePhone(value: PhoneInput, defaultCountry: string | undefined): PhoneResult {
  const country = defaultCountry === undefined || defaultCountry === '' ? undefined : (defaultCountry.toUpperCase() as CountryCode)
  if (country !== undefined && !isSupportedCountry(country)) {
    throw new Error(`normalisePhone: '${defaultCountry}' is not a country libphonenumber supports`)
  }
  return normalise(value, country)
}

/**
 * The reference reading: as normalisePhone, but every number is judged by libphonenumber itself, never by the
 * compiled range checks of phoneRanges.ts. Tests compare the two; it is ~10× slower.
 */
export function normalisePhoneReference(value: PhoneInput, defaultCountry: string | undefined): PhoneResult {
  const country = defaultCountry === undefined || defaultCountry === '' ? undefined : (defaultCountry.toUpperCase() as CountryCode)
  if (country !== undefined && !isSupportedCountry(country)) {
    throw new Error(`normalisePhoneReference: '${defaultCountry}' is not a country libphonenumber supports`)
  }
  return normalise(value, country, false, false)
}

const SHORT_DIGITS_RE = /^\s*\d{1,6}\s*$/

/**
 * Looks at a whole party column once. Short numbers are service codes in a real CDR (a handful of distinct
 * ones among many full numbers); when nearly every value is short, the column holds anonymised ids.
 */
export function decidePhoneColumn(values: Iterable<PhoneInput>, defaultCountry: string | undefined): PhoneColumnDecision {
  const normaliser = createPhoneNormaliser(defaultCountry)
  const counts: Record<PhoneKind, number> = { e164: 0, 'short-code': 0, alphanumeric: 0, identifier: 0, empty: 0 }
  let total = 0
  let short = 0
  let tiny = false
  const distinctShort = new Set<string>()
  for (const v of values) {
    const r = normaliser(v)
    counts[r.kind]++
    if (r.kind === 'empty') continue
    total++
    const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v : ''
    if (SHORT_DIGITS_RE.test(text)) {
      short++
      if (distinctShort.size < 1000) distinctShort.add(text.trim())
      if (text.trim().length <= 2) tiny = true
    }
  }
  const shortNumbersAreIds = total > 0 && short >= 0.9 * total && (distinctShort.size >= 10 || tiny)
  if (!shortNumbersAreIds) return { shortNumbersAreIds, total, counts }
  return {
    shortNumbersAreIds,
    total,
    counts,
    note: `${short} of ${total} values are numbers of 1–6 digits: the column holds anonymised ids, not phone numbers or service codes.`
  }
}
