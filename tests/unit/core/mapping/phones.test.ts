// Tests phone normalisation: E.164 for numbers written every way a South-East Asian CDR writes them, and what else a party can be.
import fc from 'fast-check'
import { getExampleNumber, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max'
import examples from 'libphonenumber-js/mobile/examples'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createPhoneNormaliser, decidePhoneColumn, normalisePhone } from '../../../../src/core/mapping/phones'
import { corpusPath, describeCorpus } from '../../corpus'

describe('E.164', () => {
  const th = createPhoneNormaliser('TH')

  it('reads a Thai mobile written internationally, with 00, nationally, and without the trunk 0', () => {
    for (const text of ['+66 81 234 5678', '0066812345678', '081-234-5678', '66812345678', '812345678', '+66 (0) 81 234 5678', '๐๘๑-๒๓๔-๕๖๗๘']) {
      expect(th(text), text).toMatchObject({ kind: 'e164', e164: '+66812345678', country: 'TH', original: text })
      expect(th(text).problem, text).toBeUndefined()
    }
  })

  it('reads a spreadsheet number cell that lost its leading zero', () => {
    expect(th(812345678)).toMatchObject({ kind: 'e164', e164: '+66812345678', original: '812345678' })
  })

  it('reads Bangladeshi and Myanmar numbers in their own formats', () => {
    const bd = createPhoneNormaliser('BD')
    expect(bd('+880 1712-345678')).toMatchObject({ kind: 'e164', e164: '+8801712345678', country: 'BD' })
    expect(bd('01712345678')).toMatchObject({ e164: '+8801712345678' })
    const mm = createPhoneNormaliser('MM')
    expect(mm('09420012345')).toMatchObject({ kind: 'e164', e164: '+959420012345', country: 'MM' })
    expect(mm('09791234567')).toMatchObject({ e164: '+959791234567' })
    expect(mm('၀၉၇၉၁၂၃၄၅၆၇')).toMatchObject({ e164: '+959791234567' })
    // The Myanmar letter wa (ဝ) typed for the digit zero (၀).
    expect(mm('ဝ၉၇၉၁၂၃၄၅၆၇')).toMatchObject({ e164: '+959791234567', original: 'ဝ၉၇၉၁၂၃၄၅၆၇' })
  })

  it('uses the default country’s own international prefixes (Thai 001, US 011)', () => {
    expect(th('001 1 212 555 0123')).toMatchObject({ kind: 'e164', e164: '+12125550123', country: 'US' })
    expect(createPhoneNormaliser('US')('011 66 81 234 5678')).toMatchObject({ e164: '+66812345678', country: 'TH' })
  })

  it('keeps a foreign number foreign whatever the default country', () => {
    expect(th('+84 91 234 5678')).toMatchObject({ kind: 'e164', e164: '+84912345678', country: 'VN' })
    expect(th('0084912345678')).toMatchObject({ e164: '+84912345678', country: 'VN' })
  })
})

describe('what else a party can be', () => {
  const th = createPhoneNormaliser('TH')

  it('short codes and USSD', () => {
    for (const text of ['1175', '191', '*123#', '4545']) expect(th(text), text).toMatchObject({ kind: 'short-code', original: text })
  })

  it('sender names', () => {
    for (const text of ['GRAB', 'AIS', 'Lazada', 'ทรูมูฟ เอช', 'Unknown']) expect(th(text), text).toMatchObject({ kind: 'alphanumeric', original: text })
  })

  it('identifiers: 0 is a value, hashes, UUIDs, over-long and implausible digit strings', () => {
    expect(th('0')).toMatchObject({ kind: 'identifier', original: '0' })
    expect(th(0)).toMatchObject({ kind: 'identifier', original: '0' })
    expect(th('da39a3ee5e6b4b0d3255bfef95601890afd80709')).toMatchObject({ kind: 'identifier' })
    expect(th('3F2504E0-4F89-11D3-9A0C-0305E82C3301')).toMatchObject({ kind: 'identifier' })
    expect(th('00000000000000000000000000000001').problem).toMatch(/32 digits/)
    expect(th('7564471291')).toMatchObject({ kind: 'identifier', problem: expect.stringMatching(/not a valid phone number/) })
    expect(th('12')).toMatchObject({ kind: 'identifier' })
    expect(th('+123')).toMatchObject({ kind: 'identifier' })
  })

  it('says when a spreadsheet destroyed the digits', () => {
    expect(th('8.80171E+12')).toMatchObject({ kind: 'identifier', problem: expect.stringMatching(/scientific notation/) })
  })

  it('empty only for empty cells', () => {
    expect(th('')).toMatchObject({ kind: 'empty', original: '' })
    expect(th('   ')).toMatchObject({ kind: 'empty', original: '   ' })
    expect(th(null)).toMatchObject({ kind: 'empty' })
  })

  it('refuses an unsupported default country as a programmer error; no default country reads only international forms', () => {
    expect(() => createPhoneNormaliser('XX')).toThrow()
    expect(normalisePhone('+66812345678', undefined)).toMatchObject({ e164: '+66812345678' })
    expect(normalisePhone('0812345678', undefined).kind).toBe('identifier')
  })

  it('returns the same result object for a repeated text (memoised) and still answers after the cache is full', () => {
    const small = createPhoneNormaliser('TH', { cacheSize: 2 })
    const a = small('0812345678')
    expect(small('0812345678')).toBe(a)
    small('0812345679')
    small('0812345670')
    expect(small('0812345678')).toEqual(a)
  })
})

describe('properties', () => {
  const COUNTRIES: CountryCode[] = ['TH', 'VN', 'KH', 'LA', 'MM', 'MY', 'ID', 'PH', 'BD']

  // A valid mobile number: the country's example with random last digits, kept only when libphonenumber calls it valid.
  const validMobile = fc
    .tuple(fc.constantFrom(...COUNTRIES), fc.integer({ min: 0, max: 9999 }))
    .map(([country, tail]) => {
      const example = getExampleNumber(country, examples)
      if (example === undefined) throw new Error(`no example for ${country}`)
      const nsn = example.nationalNumber
      const candidate = `+${example.countryCallingCode}${nsn.slice(0, -4)}${String(tail).padStart(4, '0')}`
      return { country, number: parsePhoneNumberFromString(candidate) }
    })
    .filter((x) => x.number?.isValid() === true)

  it('a valid SE-Asian mobile written nationally, internationally or with 00 reads back to the same E.164', () => {
    fc.assert(
      fc.property(validMobile, fc.constantFrom('national', 'international', '00', 'digits'), ({ country, number }, style) => {
        if (number === undefined) return
        const e164 = number.number
        const text =
          style === 'national'
            ? number.formatNational()
            : style === 'international'
              ? number.formatInternational()
              : style === '00'
                ? `00${e164.slice(1)}`
                : e164.slice(1)
        const r = createPhoneNormaliser(country)(text)
        expect(r, `${country} ${text}`).toMatchObject({ kind: 'e164', e164, original: text })
      }),
      { numRuns: 500 }
    )
  })

  it('any text gives a result whose original is the input, and never throws', () => {
    const th = createPhoneNormaliser('TH')
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 40 }), fc.stringMatching(/^[+0-9 ()*#-]{0,25}$/)), (text) => {
        const r = th(text)
        expect(r.original).toBe(text)
        expect(['e164', 'short-code', 'alphanumeric', 'identifier', 'empty']).toContain(r.kind)
        if (r.kind === 'e164') expect(r.e164).toMatch(/^\+[1-9]\d{1,14}$/)
        if (r.kind === 'empty') expect(text.trim()).toBe('')
      }),
      { numRuns: 1000 }
    )
  })
})

describe('decidePhoneColumn', () => {
  it('recognises a column of anonymised numeric ids and reads them as identifiers', () => {
    const values = ['349', '23', '379', '364', '392', '27', '17', '339', '1', '200', '45', '87']
    const decision = decidePhoneColumn(values, 'TH')
    expect(decision.shortNumbersAreIds).toBe(true)
    expect(decision.note).toMatch(/anonymised ids/)
    const ids = createPhoneNormaliser('TH', { shortNumbersAreIds: decision.shortNumbersAreIds })
    expect(ids('349')).toMatchObject({ kind: 'identifier', original: '349' })
    expect(ids('+66812345678')).toMatchObject({ kind: 'e164' })
  })

  it('keeps short codes as short codes among real numbers', () => {
    const decision = decidePhoneColumn(['0812345678', '1175', '0898765432', '191', '', '0861234567'], 'TH')
    expect(decision.shortNumbersAreIds).toBe(false)
    expect(decision.counts).toMatchObject({ e164: 3, 'short-code': 2, empty: 1 })
  })
})

describeCorpus('phones in the shared corpus', () => {
  it('reads the VAST 2008 caller ids as anonymised ids, all 9,834 rows', () => {
    const lines = readFileSync(corpusPath('vast2008-mc3-cellphone', 'CellPhoneCallRecords.csv'), 'utf8').trim().split(/\r?\n/).slice(1)
    const from = lines.map((l) => l.split(',')[0] ?? '')
    expect(from.length).toBe(9834)
    const decision = decidePhoneColumn(from, 'TH')
    expect(decision.shortNumbersAreIds).toBe(true)
    const read = createPhoneNormaliser('TH', { shortNumbersAreIds: true })
    for (const v of from) expect(read(v)).toMatchObject({ kind: 'identifier', original: v })
  })
})
