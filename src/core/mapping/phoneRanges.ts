// Validates the common written forms of one country's numbers with libphonenumber's own range patterns, compiled once, without a full parse.
//
// Why: a CDR of a million rows holds ~100 000 distinct numbers; libphonenumber's parse + isValid costs ~13 µs
// each (it rebuilds its metadata objects and recompiles its patterns on every call). For the forms CDRs use —
// '0' + national number, calling code + national number, '+' + calling code + national number — of a country
// whose numbering plan is simple (its own calling code, trunk prefix '0', no prefix rewriting), libphonenumber's
// answer follows from three things in its metadata: the national number pattern, each number type's pattern and
// lengths, and the plan's lengths. This module tests exactly those, in the order libphonenumber does.
//
// It only ever answers "valid, and this is its E.164"; for anything else (invalid, possible-only, other plans,
// other forms) it answers undefined and the caller asks libphonenumber, so results stay identical (see
// tests/unit/core/mapping/phoneRanges.test.ts, which compares both paths on random numbers of many countries).
//
// The mirrored logic (libphonenumber-js 1.13): parse → extractCountryCallingCode → extractNationalNumber
// (strip the national prefix when the rest is still a possible length and matches the national pattern) →
// PhoneNumber('+' + calling code + national number); isValid → the national number matches the national pattern
// and the pattern of at least one number type whose possible lengths include its length.

// The core build's Metadata class (the max build exports it only as an ES module), fed the same 'max' metadata.
import { Metadata } from 'libphonenumber-js/core'
import type { CountryCode } from 'libphonenumber-js/max'
import METADATA from 'libphonenumber-js/max/metadata'

/** The part of libphonenumber's (runtime-public, loosely typed) Metadata class this module reads. */
interface TypeView {
  pattern(): string
  possibleLengths(): readonly number[] | undefined
}
interface PlanView {
  callingCode(): string
  IDDPrefix(): string | undefined
  nationalNumberPattern(): string
  possibleLengths(): readonly number[] | undefined
  nationalPrefix(): string | undefined
  nationalPrefixForParsing(): string | undefined
  nationalPrefixTransformRule(): string | undefined
  hasTypes(): boolean
  type(t: string): TypeView | undefined
}
interface MetadataView {
  selectNumberingPlan(country: string): unknown
  readonly numberingPlan?: PlanView
  getCountryCodesForCallingCode(callingCode: string): readonly string[] | undefined
  hasCallingCode(callingCode: string): boolean | undefined
}

/** libphonenumber's own reader of its compressed metadata; its typings declare only a sliver of the class, hence the view. */
function newMetadata(): MetadataView {
  const M = Metadata as unknown as new (json: unknown) => MetadataView
  return new M(METADATA)
}

// libphonenumber's number types; any match makes a number valid (getNumberType !== undefined).
const TYPES = ['FIXED_LINE', 'MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL']
// libphonenumber's bounds on a national significant number (constants.js).
const MIN_NSN = 2
const MAX_NSN = 17

/** How libphonenumber reads a number of a mirrored plan: its E.164, whether it is valid, whether its length is possible. */
export interface PhoneReading {
  readonly e164: string
  readonly valid: boolean
  readonly possible: boolean
}

export interface PhoneRanges {
  readonly country: CountryCode
  readonly callingCode: string
  /**
   * `digits` = calling code + national number (written '+66…' or '66…'): the E.164 when libphonenumber would
   * find a valid number of this country, otherwise undefined (not valid, or not a form this checks).
   */
  international(digits: string): string | undefined
  /** `digits` = '0' + national number: the E.164 when libphonenumber, given this default country, finds it valid. */
  national(digits: string): string | undefined
  /**
   * What libphonenumber makes of '+' + `digits` (calling code + national number), valid or not; undefined for
   * the forms left to libphonenumber (no such calling code, a national number starting with 0, odd lengths).
   * Invalid numbers are the slow case of libphonenumber (tens to hundreds of µs each): this answers them too.
   */
  readInternational(digits: string): PhoneReading | undefined
  /** What libphonenumber, given this default country, makes of `digits` = '0' + national number, valid or not. */
  readNational(digits: string): PhoneReading | undefined
  /** What libphonenumber, given this default country, makes of `digits` = calling code + national number without '+'. */
  readWithoutPlus(digits: string): PhoneReading | undefined
}

const PLANS = new Map<string, PhoneRanges | null>()

/** The compiled checks for a country, or null when its numbering plan is not one this module mirrors exactly. */
export function phoneRangesFor(country: CountryCode): PhoneRanges | null {
  let r = PLANS.get(country)
  if (r === undefined) {
    r = compile(country)
    PLANS.set(country, r)
  }
  return r
}

function compile(country: CountryCode): PhoneRanges | null {
  const meta = newMetadata()
  meta.selectNumberingPlan(country)
  const plan = meta.numberingPlan
  if (!plan) return null
  const cc = plan.callingCode()
  // The calling code must name this country alone (else the country depends on leading digits), and no shorter
  // prefix of it may be a calling code (libphonenumber takes the shortest one that is).
  const owners = meta.getCountryCodesForCallingCode(cc)
  if (owners?.length !== 1 || owners[0] !== country) return null
  for (let i = 1; i < cc.length; i++) if (meta.hasCallingCode(cc.slice(0, i))) return null
  // Trunk prefix '0', read as written: no carrier codes, no transform rule.
  if (plan.nationalPrefix() !== '0' || plan.nationalPrefixForParsing() !== '0' || plan.nationalPrefixTransformRule()) return null
  const planLengths = plan.possibleLengths()
  if (!planLengths || planLengths.length === 0) return null
  const iddText = plan.IDDPrefix()
  const idd = iddText ? new RegExp(`^(?:${iddText})`) : null
  const general = new RegExp(`^(?:${plan.nationalNumberPattern()})$`)
  // Per length, the type patterns that apply (libphonenumber skips a type whose lengths exclude the number's).
  const byLength: RegExp[][] = Array.from({ length: MAX_NSN + 1 }, () => [])
  const hasTypes = plan.hasTypes()
  if (hasTypes) {
    for (const t of TYPES) {
      const def = plan.type(t)
      if (!def) continue
      const pattern = def.pattern()
      if (!pattern) continue
      const re = new RegExp(`^(?:${pattern})$`)
      const lengths = def.possibleLengths()
      for (let len = MIN_NSN; len <= MAX_NSN; len++) if (!lengths || lengths.includes(len)) byLength[len]!.push(re)
    }
  }
  const valid = (nsn: string): boolean => {
    const len = nsn.length
    if (len < MIN_NSN || len > MAX_NSN) return false
    if (!general.test(nsn)) return false
    if (!hasTypes) return true
    const res = byLength[len]!
    for (let i = 0; i < res.length; i++) if (res[i]!.test(nsn)) return true
    return false
  }
  const plus = `+${cc}`
  // libphonenumber's checkNumberLength: 'TOO_SHORT' and 'INVALID_LENGTH' are not possible; 'TOO_LONG' is, for stripping.
  const minLength = planLengths[0]!
  const maxLength = planLengths[planLengths.length - 1]!
  const possibleLength = (len: number): boolean => planLengths.includes(len)
  const strippable = (len: number): boolean => len === minLength || len > maxLength || (len > minLength && planLengths.includes(len))
  // extractNationalNumber: a trunk 0 is stripped unless the digits fit the national pattern only with it, or the
  // rest is too short or of a length the plan does not have.
  const nationalNumber = (digits: string): string => {
    if (digits.charCodeAt(0) !== 48) return digits
    const rest = digits.slice(1)
    return (general.test(digits) && !general.test(rest)) || !strippable(rest.length) ? digits : rest
  }
  const reading = (nsn: string): PhoneReading | undefined =>
    nsn.length < MIN_NSN || nsn.length > MAX_NSN ? undefined : { e164: plus + nsn, valid: valid(nsn), possible: possibleLength(nsn.length) }
  return {
    country,
    callingCode: cc,
    international(digits) {
      if (!digits.startsWith(cc)) return undefined
      const nsn = digits.slice(cc.length)
      // A national number starting with the trunk prefix would have it stripped (or not): leave that to libphonenumber.
      if (nsn.charCodeAt(0) === 48) return undefined
      return valid(nsn) ? plus + nsn : undefined
    },
    national(digits) {
      if (digits.charCodeAt(0) !== 48) return undefined
      // Digits that start with an international prefix of the country are read as international by libphonenumber.
      if (idd !== null && idd.test(digits)) return undefined
      const nsn = digits.slice(1)
      // The prefix is stripped only when the rest has one of the plan's lengths (a valid rest matches the pattern).
      if (!planLengths.includes(nsn.length)) return undefined
      return valid(nsn) ? plus + nsn : undefined
    },
    readInternational(digits) {
      if (!digits.startsWith(cc)) return undefined
      const nsn = digits.slice(cc.length)
      if (nsn.charCodeAt(0) === 48) return undefined
      return reading(nsn)
    },
    readNational(digits) {
      if (digits.charCodeAt(0) !== 48) return undefined
      if (idd !== null && idd.test(digits)) return undefined
      return reading(nationalNumber(digits))
    },
    readWithoutPlus(digits) {
      if (digits.charCodeAt(0) === 48 || !digits.startsWith(cc)) return undefined
      if (idd !== null && idd.test(digits)) return undefined
      // extractCountryCallingCodeFromInternationalNumberWithoutPlusSign: the calling code is taken off when only
      // the rest fits the national pattern, or the digits are too long for a national number.
      const rest = nationalNumber(digits.slice(cc.length))
      return reading((!general.test(digits) && general.test(rest)) || digits.length > maxLength ? rest : digits)
    }
  }
}

// Calling-code prefixes ('6', '66', …) → the compiled plan they select (null: not a calling code, or a plan not mirrored).
const BY_PREFIX = new Map<string, PhoneRanges | null | false>()
let sharedMeta: MetadataView | undefined

/**
 * The compiled plan of the calling code `digits` (calling code + national number, no '+') start with, found as
 * libphonenumber finds it: the shortest prefix of 1–3 digits that is a calling code. Null when that code's
 * plan is not mirrored here (shared by several countries, non-geographic, complex prefixes) or there is none.
 */
export function phoneRangesByCallingCode(digits: string): PhoneRanges | null {
  if (digits.charCodeAt(0) === 48) return null
  for (let i = 1; i <= 3 && i <= digits.length; i++) {
    const prefix = digits.slice(0, i)
    let r = BY_PREFIX.get(prefix)
    if (r === undefined) {
      sharedMeta ??= newMetadata()
      if (sharedMeta.hasCallingCode(prefix)) {
        const owners = sharedMeta.getCountryCodesForCallingCode(prefix)
        r = owners?.length === 1 ? phoneRangesFor(owners[0] as CountryCode) : null
      } else r = false
      BY_PREFIX.set(prefix, r)
    }
    if (r !== false) return r
  }
  return null
}
