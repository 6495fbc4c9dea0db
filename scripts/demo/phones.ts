// Invented mobile numbers that pass libphonenumber's full check for their country, and the ways each sender writes them.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import type { Rng } from './rng'

export type Country = 'BD' | 'MY' | 'TH' | 'MM'

const CALLING_CODE: Readonly<Record<Country, string>> = { BD: '880', MY: '60', TH: '66', MM: '95' }

/** A mobile number: E.164 digits without the plus (`8801712345678`), its country and its national significant number. */
export interface Phone {
  readonly e164: string
  readonly country: Country
  /** National significant number: the digits after the country code (`1712345678`). */
  readonly nsn: string
}

/** Prefix choices per country, weighted toward the ranges the brief names (BD 17/18/19, MY 1x, TH 8x/9x/6x, MM 9x). */
function candidateNsn(country: Country, rng: Rng, prefix?: string): string {
  switch (country) {
    case 'BD': {
      const p = prefix ?? rng.weighted(['17', '18', '19', '13', '16', '15'], [5, 4, 4, 2, 1, 1])
      return p + rng.digits(10 - p.length)
    }
    case 'MY': {
      const p = prefix ?? rng.weighted(['11', '12', '13', '14', '16', '17', '18', '19'], [3, 3, 2, 2, 2, 2, 1, 2])
      return p === '11' ? p + rng.digits(8) : p + rng.digits(9 - p.length)
    }
    case 'TH': {
      const p = prefix ?? rng.weighted(['8', '9', '6'], [5, 3, 2])
      return p + rng.digits(9 - p.length)
    }
    case 'MM': {
      const p = prefix ?? rng.weighted(['97', '96', '95', '94'], [3, 2, 1, 1])
      return p + rng.digits(10 - p.length)
    }
  }
}

/** Hands out numbers: each valid, each used once, so a number always means one phone in the story. */
export class PhoneBook {
  private readonly used = new Set<string>()

  make(country: Country, rng: Rng, prefix?: string): Phone {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const nsn = candidateNsn(country, rng, prefix)
      const e164 = CALLING_CODE[country] + nsn
      if (this.used.has(e164)) continue
      const parsed = parsePhoneNumberFromString(`+${e164}`)
      if (!parsed || !parsed.isValid() || parsed.country !== country) continue
      const type = parsed.getType()
      if (type !== 'MOBILE' && type !== 'FIXED_LINE_OR_MOBILE') continue
      this.used.add(e164)
      return { e164, country, nsn }
    }
    throw new Error(`PhoneBook.make: no valid ${country} number with prefix ${prefix ?? '(any)'} after 1000 tries`)
  }

  get size(): number {
    return this.used.size
  }
}

/** `01712345678`: how Bangladeshis (and Bangladeshi operators for local parties) write a mobile number. */
export function bdNational(phone: Phone): string {
  if (phone.country !== 'BD') throw new Error('bdNational: not a Bangladeshi number')
  return `0${phone.nsn}`
}

/** `01712-345678`: the hyphenated form typed into partner-agency spreadsheets. */
export function bdHyphenated(phone: Phone): string {
  return `0${phone.nsn.slice(0, 4)}-${phone.nsn.slice(4)}`
}

/** `012-345 6789` / `011-2638 4917`: Malaysian written form. */
export function myNational(phone: Phone): string {
  if (phone.country !== 'MY') throw new Error('myNational: not a Malaysian number')
  const n = phone.nsn
  return `0${n.slice(0, 2)}-${n.slice(2, n.length - 4)} ${n.slice(n.length - 4)}`
}

/** `081-234-5678`: Thai written form. */
export function thNational(phone: Phone): string {
  if (phone.country !== 'TH') throw new Error('thNational: not a Thai number')
  const n = phone.nsn
  return `0${n.slice(0, 2)}-${n.slice(2, 5)}-${n.slice(5)}`
}

/** `09 7912 34567`: Myanmar written form. */
export function mmNational(phone: Phone): string {
  if (phone.country !== 'MM') throw new Error('mmNational: not a Myanmar number')
  const n = phone.nsn
  return `0${n.slice(0, 1)} ${n.slice(1, 5)} ${n.slice(5)}`
}

/** How a person would write their own number on a form, by country. */
export function nationalForm(phone: Phone): string {
  switch (phone.country) {
    case 'BD':
      return bdHyphenated(phone)
    case 'MY':
      return myNational(phone)
    case 'TH':
      return thNational(phone)
    case 'MM':
      return mmNational(phone)
  }
}

/** IMEI with a valid Luhn check digit from a 14-digit body (TAC + serial). */
export function imeiFromBody(body: string): string {
  if (!/^\d{14}$/.test(body)) throw new Error('imeiFromBody: need 14 digits')
  let sum = 0
  for (let i = 0; i < 14; i++) {
    let d = Number(body[i])
    if (i % 2 === 1) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
  }
  return body + String((10 - (sum % 10)) % 10)
}

export function luhnValid(imei: string): boolean {
  return /^\d{15}$/.test(imei) && imeiFromBody(imei.slice(0, 14)) === imei
}
