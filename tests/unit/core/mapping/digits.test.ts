// Tests the folding of South/South-East Asian and full-width digits to ASCII.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { digitValue, hasNonAsciiDigits, toAsciiDigits } from '../../../../src/core/mapping/digits'

const SCRIPTS: Record<string, number> = {
  Thai: 0x0e50,
  Lao: 0x0ed0,
  Khmer: 0x17e0,
  Myanmar: 0x1040,
  Bengali: 0x09e6,
  'Arabic-Indic': 0x0660,
  'Extended Arabic-Indic': 0x06f0,
  Devanagari: 0x0966,
  'Full-width': 0xff10
}

describe('toAsciiDigits', () => {
  it('reads a Thai date and phone number as written by a Thai clerk', () => {
    expect(toAsciiDigits('๑๕/๐๓/๒๕๖๗')).toBe('15/03/2567')
    expect(toAsciiDigits('๐๘๑-๒๓๔-๕๖๗๘')).toBe('081-234-5678')
  })

  it('folds Lao, Khmer, Myanmar and Bengali digits', () => {
    expect(toAsciiDigits('໒໐໒໔')).toBe('2024')
    expect(toAsciiDigits('០១២៣៤៥៦៧៨៩')).toBe('0123456789')
    expect(toAsciiDigits('၀၉၇၉၁၂၃၄၅၆၇')).toBe('09791234567')
    expect(toAsciiDigits('০১৭১২৩৪৫৬৭৮')).toBe('01712345678')
  })

  it('folds full-width forms typed on CJK keyboards, punctuation included', () => {
    expect(toAsciiDigits('２０２４／０３／１５　１４：０５')).toBe('2024/03/15 14:05')
    expect(toAsciiDigits('＋６６')).toBe('+66')
  })

  it('keeps letters of other scripts untouched', () => {
    expect(toAsciiDigits('15 มีนาคม ๒๕๖๗')).toBe('15 มีนาคม 2567')
    expect(toAsciiDigits('ngày 15 tháng 3')).toBe('ngày 15 tháng 3')
  })

  it('returns the very same string for ASCII input', () => {
    const s = '2024-03-15 14:05:09'
    expect(toAsciiDigits(s)).toBe(s)
    expect(hasNonAsciiDigits(s)).toBe(false)
    expect(hasNonAsciiDigits('๑')).toBe(true)
  })

  it('maps every digit of every supported script to its value (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(SCRIPTS)), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 20 }), (zero, ds) => {
        const text = ds.map((d) => String.fromCharCode(zero + d)).join('')
        expect(toAsciiDigits(text)).toBe(ds.join(''))
        for (const d of ds) expect(digitValue(zero + d)).toBe(d)
      })
    )
  })

  it('never changes the length of text without full-width or digit characters, and never throws (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const out = toAsciiDigits(s)
        expect(out.length).toBe(s.length)
      })
    )
  })
})
