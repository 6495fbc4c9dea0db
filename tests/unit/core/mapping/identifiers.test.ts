// Tests IMEI and IMSI reading: Luhn check digits, IMEISV, MCC/MNC → country and operator, and content detection.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { MCC_COUNTRY, MNC_OPERATORS } from '../../../../src/core/mapping/data/mobileNetworks'
import { isValidImei, looksLikeImei, looksLikeImsi, luhnCheckDigit, mccCountry, parseImei, parseImsi } from '../../../../src/core/mapping/identifiers'

describe('IMEI', () => {
  it('accepts a Luhn-valid IMEI written with or without separators', () => {
    expect(isValidImei('490154203237518')).toBe(true)
    expect(isValidImei('35-209900-176148-1')).toBe(true)
    const r = parseImei('35 209900 176148 1')
    expect(r).toMatchObject({ kind: 'imei', imei: '352099001761481', tac: '35209900', luhnValid: true })
    expect(r.problem).toBeUndefined()
  })

  it('keeps an IMEI with a wrong check digit and says what it should be', () => {
    expect(isValidImei('490154203237519')).toBe(false)
    const r = parseImei('490154203237519')
    expect(r).toMatchObject({ kind: 'imei', imei: '490154203237519', luhnValid: false })
    expect(r.problem).toMatch(/check digit should be 8/)
  })

  it('completes a 14-digit IMEI and flags it', () => {
    const r = parseImei('49015420323751')
    expect(r).toMatchObject({ kind: 'imei-no-check-digit', imei: '490154203237518', tac: '49015420' })
    expect(r.problem).toMatch(/14 digits/)
  })

  it('reads a 16-digit IMEISV as the IMEI plus software version', () => {
    const r = parseImei('3520990017614823')
    expect(r).toMatchObject({ kind: 'imeisv', imei: '352099001761481', svn: '23' })
  })

  it('reads spreadsheet numbers and reports non-IMEIs without throwing', () => {
    expect(parseImei(490154203237518)).toMatchObject({ kind: 'imei', original: '490154203237518' })
    expect(parseImei('')).toMatchObject({ kind: 'empty' })
    expect(parseImei(null)).toMatchObject({ kind: 'empty' })
    expect(parseImei('000000000000000').kind).toBe('invalid')
    expect(parseImei('12345').problem).toMatch(/5 digits/)
    expect(parseImei('Nokia 3310').kind).toBe('invalid')
  })

  it('luhnCheckDigit makes every 14 digits a valid IMEI, and any other last digit invalid (property)', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{14}$/), fc.integer({ min: 1, max: 9 }), (body, delta) => {
        const check = luhnCheckDigit(body)
        expect(isValidImei(body + String(check))).toBe(true)
        expect(isValidImei(body + String((check + delta) % 10))).toBe(false)
      })
    )
  })

  it('reads the digits of an IMEI or IMSI the same whether it is written plainly or with separators and other scripts (property)', () => {
    const THAI = '๐๑๒๓๔๕๖๗๘๙'
    fc.assert(
      fc.property(fc.stringMatching(/^\d{13,17}$/), fc.array(fc.constantFrom(' ', '-', '.', '/'), { maxLength: 4 }), fc.boolean(), (digits, seps, thai) => {
        // The same digits, with separators inserted and (sometimes) in Thai script: the plain text is the reference.
        let written = digits
        seps.forEach((sep, i) => {
          const at = 1 + ((i * 5) % (written.length - 1))
          written = written.slice(0, at) + sep + written.slice(at)
        })
        if (thai) written = written.replace(/\d/g, (d) => THAI[Number(d)]!)
        const a = parseImei(written)
        const b = parseImei(digits)
        expect({ ...a, original: '' }).toEqual({ ...b, original: '', ...(b.problem ? { problem: a.problem } : {}) })
        expect(parseImsi(written).imsi).toBe(parseImsi(digits).imsi)
        expect(looksLikeImei(written)).toBe(looksLikeImei(digits))
        expect(looksLikeImsi(written)).toBe(looksLikeImsi(digits))
      }),
      { numRuns: 2000 }
    )
  })

  it('luhnCheckDigit refuses anything but 14 digits (a programmer error)', () => {
    expect(() => luhnCheckDigit('123')).toThrow()
  })
})

describe('IMSI', () => {
  it('names the country and operator of a Thai AIS SIM', () => {
    expect(parseImsi('520010123456789')).toMatchObject({ kind: 'imsi', mcc: '520', mnc: '01', country: 'TH', operator: 'AIS' })
  })

  it('knows the big networks of the region', () => {
    expect(parseImsi('452041234567890')).toMatchObject({ country: 'VN', operator: 'Viettel' })
    expect(parseImsi('470011234567890')).toMatchObject({ country: 'BD', operator: 'Grameenphone' })
    expect(parseImsi('510101234567890')).toMatchObject({ country: 'ID', operator: 'Telkomsel' })
    expect(parseImsi('414091234567890')).toMatchObject({ country: 'MM', operator: expect.stringMatching(/Mytel/) })
    expect(parseImsi('456081234567890')).toMatchObject({ country: 'KH', operator: expect.stringMatching(/Metfone/) })
    expect(parseImsi('457011234567890')).toMatchObject({ country: 'LA', operator: expect.stringMatching(/Lao Telecom/) })
    expect(parseImsi('515031234567890')).toMatchObject({ country: 'PH', operator: expect.stringMatching(/Smart/) })
  })

  it('decides two- or three-digit MNCs by table', () => {
    expect(parseImsi('502152123456789')).toMatchObject({ country: 'MY', mnc: '152', operator: expect.stringMatching(/Yes/) })
    expect(parseImsi('502121234567890')).toMatchObject({ country: 'MY', mnc: '12', operator: 'Maxis' })
    expect(parseImsi('310150123456789')).toMatchObject({ country: 'US', mnc: '150' })
    expect(parseImsi('310150123456789').operator).toBeUndefined()
  })

  it('reports values that are not IMSIs', () => {
    expect(parseImsi('0812345678').problem).toMatch(/10 digits/)
    expect(parseImsi('999011234567890').problem).toMatch(/not a mobile country code/)
    expect(parseImsi(' ')).toMatchObject({ kind: 'empty' })
  })

  it('has a country for every MCC that has an operator table, and 2–3 digit MNCs', () => {
    for (const [mcc, ops] of Object.entries(MNC_OPERATORS)) {
      expect(mccCountry(mcc), mcc).toBeDefined()
      for (const mnc of Object.keys(ops)) expect(mnc, `${mcc}/${mnc}`).toMatch(/^\d{2,3}$/)
    }
    for (const [mcc, cc] of Object.entries(MCC_COUNTRY)) {
      expect(mcc).toMatch(/^[2-7]\d{2}$/)
      expect(cc).toMatch(/^[A-Z]{2}$/)
    }
    for (const cc of ['BD', 'KH', 'ID', 'LA', 'MY', 'MM', 'PH', 'TH', 'VN']) {
      expect(Object.entries(MCC_COUNTRY).some(([mcc, c]) => c === cc && MNC_OPERATORS[mcc] !== undefined), cc).toBe(true)
    }
  })
})

describe('content detection', () => {
  it('tells IMEIs, IMSIs and phone numbers apart', () => {
    const imeis = ['490154203237518', '352099001761481', '35-209900-176148-1', '3520990017614823']
    const imsis = ['520010123456789', '452041234567890', '502152123456789']
    const phones = ['66812345678', '0812345678', '+66812345678', '8801712345678']
    for (const v of imeis) expect(looksLikeImei(v), v).toBe(true)
    for (const v of imsis) expect(looksLikeImsi(v), v).toBe(true)
    for (const v of phones) {
      expect(looksLikeImei(v), v).toBe(false)
      expect(looksLikeImsi(v), v).toBe(false)
    }
    for (const v of imsis) expect(looksLikeImei(v), v).toBe(false)
    expect(looksLikeImei('490154203237519')).toBe(false)
  })
})
