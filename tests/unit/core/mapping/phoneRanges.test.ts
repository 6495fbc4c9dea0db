// Tests that the compiled range checks of phoneRanges.ts give exactly libphonenumber's answers, so the fast path changes no result.
import fc from 'fast-check'
import { getCountryCallingCode, getExampleNumber, type CountryCode } from 'libphonenumber-js/max'
import examples from 'libphonenumber-js/mobile/examples'
import { describe, expect, it } from 'vitest'
import { createPhoneNormaliser, normalisePhone, normalisePhoneReference } from '../../../../src/core/mapping/phones'
import { phoneRangesByCallingCode, phoneRangesFor } from '../../../../src/core/mapping/phoneRanges'

// South/South-East Asian plans the fast path mirrors, and plans it must leave to libphonenumber.
const MIRRORED: CountryCode[] = ['TH', 'KH', 'MM', 'BD', 'VN', 'LA', 'MY', 'ID', 'PH', 'IN', 'NP', 'LK', 'PK', 'AF', 'MN']
const NOT_MIRRORED: CountryCode[] = ['US', 'CA', 'GB', 'RU', 'KZ', 'CN', 'SG', 'BR', 'CO', 'AR', 'HK']

/** Deterministic digits (a sweep must not depend on the run). */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s / 4294967296
  }
}

/** Every way a CDR writes a national number `nsn` of `cc`, plus the forms that are not numbers of that country. */
function writings(cc: string, nsn: string): string[] {
  return [`0${nsn}`, `${cc}${nsn}`, `+${cc}${nsn}`, `00${cc}${nsn}`, nsn, `+${nsn}`, `0${cc}${nsn}`, `+${cc}0${nsn}`, `${cc}0${nsn}`]
}

describe('the compiled checks', () => {
  it('are built for simple South-East Asian plans and refused for shared calling codes and prefix rewriting', () => {
    for (const c of MIRRORED) expect(phoneRangesFor(c), c).not.toBeNull()
    for (const c of NOT_MIRRORED) expect(phoneRangesFor(c), c).toBeNull()
    expect(phoneRangesFor('TH')!.national('0812345678')).toBe('+66812345678')
    expect(phoneRangesFor('TH')!.international('66812345678')).toBe('+66812345678')
    expect(phoneRangesByCallingCode('855121234567')?.country).toBe('KH')
    // '1' (NANP) and '7' (RU/KZ) select shared plans; '0…' is never a calling code.
    expect(phoneRangesByCallingCode('12025550123')).toBeNull()
    expect(phoneRangesByCallingCode('79161234567')).toBeNull()
    expect(phoneRangesByCallingCode('0812345678')).toBeNull()
  })

  it('answer only for valid numbers: an unassigned Thai range is left to libphonenumber', () => {
    const th = phoneRangesFor('TH')!
    // Thai mobiles are 6/8/9 + 8 digits; 05… is not a Thai range.
    expect(th.national('0512345678')).toBeUndefined()
    expect(th.international('66512345678')).toBeUndefined()
    expect(normalisePhone('0512345678', 'TH')).toEqual(normalisePhoneReference('0512345678', 'TH'))
  })
})

describe('fast path = libphonenumber', () => {
  it('gives the same result for every leading two digits and length of each mirrored plan, in every written form', () => {
    const next = lcg(20240513)
    let compared = 0
    let fastValid = 0
    for (const country of MIRRORED) {
      const cc = getCountryCallingCode(country)
      const ranges = phoneRangesFor(country)!
      for (let lead = 10; lead <= 99; lead++) {
        for (let len = 6; len <= 11; len++) {
          let nsn = String(lead)
          while (nsn.length < len) nsn += String(Math.floor(next() * 10))
          if (ranges.national(`0${nsn}`) !== undefined) fastValid++
          for (const text of writings(cc, nsn)) {
            expect(normalisePhone(text, country), `${text} (${country})`).toEqual(normalisePhoneReference(text, country))
            compared++
          }
          // Without a default country only international forms are numbers.
          for (const text of [`+${cc}${nsn}`, `00${cc}${nsn}`, `${cc}${nsn}`]) {
            expect(normalisePhone(text, undefined), `${text} (no default)`).toEqual(normalisePhoneReference(text, undefined))
            compared++
          }
        }
      }
    }
    expect(compared).toBeGreaterThan(90_000)
    // Not vacuous: the sweep reaches real number ranges.
    expect(fastValid).toBeGreaterThan(300)
  }, 120_000)

  it('gives the same result for valid mobiles (examples with random tails) of each mirrored country', () => {
    const mobile = fc.tuple(fc.constantFrom(...MIRRORED), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 0, max: 8 })).map(([country, tail, form]) => {
      const example = getExampleNumber(country, examples)
      if (example === undefined) throw new Error(`no example for ${country}`)
      const nsn = `${example.nationalNumber.slice(0, -6)}${String(tail).padStart(6, '0')}`
      return { country, text: writings(example.countryCallingCode, nsn)[form]! }
    })
    let valid = 0
    fc.assert(
      fc.property(mobile, fc.constantFrom<CountryCode | undefined>(undefined, 'TH', 'KH', 'MM', 'BD'), ({ country, text }, other) => {
        const fast = normalisePhone(text, country)
        expect(fast, `${text} (${country})`).toEqual(normalisePhoneReference(text, country))
        expect(normalisePhone(text, other), `${text} (${other ?? 'no default'})`).toEqual(normalisePhoneReference(text, other))
        if (fast.kind === 'e164' && fast.problem === undefined) valid++
      }),
      { numRuns: 3000 }
    )
    expect(valid).toBeGreaterThan(1000)
  })

  it('gives the same result for arbitrary digit strings, with or without + or formatting', () => {
    const text = fc.tuple(fc.constantFrom('', '+', '0', '00', '66', '855', '95', '880', '84', '62', '91'), fc.stringMatching(/^[0-9]{1,14}$/), fc.constantFrom('', ' ', '-')).map(([pre, body, sep]) =>
      sep === '' ? `${pre}${body}` : `${pre}${body.slice(0, 3)}${sep}${body.slice(3)}`
    )
    fc.assert(
      fc.property(text, fc.constantFrom<CountryCode | undefined>(...MIRRORED, ...NOT_MIRRORED, undefined), (t, country) => {
        expect(normalisePhone(t, country), `${t} (${country ?? 'no default'})`).toEqual(normalisePhoneReference(t, country))
      }),
      { numRuns: 5000 }
    )
  })

  it('the memoising normaliser a CDR import uses agrees with the reference on a column of mixed numbers', () => {
    const next = lcg(7)
    const kh = createPhoneNormaliser('KH')
    for (let i = 0; i < 3000; i++) {
      const nsn = `${['12', '17', '92', '97', '89', '16', '23', '63'][Math.floor(next() * 8)]!}${String(Math.floor(next() * 1e7)).padStart(7, '0').slice(0, 6 + Math.floor(next() * 2))}`
      const text = writings('855', nsn)[Math.floor(next() * 4)]!
      expect(kh(text), text).toEqual(normalisePhoneReference(text, 'KH'))
    }
  })
})
