// Tests the per-column text memo: exact keys for digit strings (no two texts share one), answers equal to the function it memoises, bounded size.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createTaggedTextMemo, createTextMemo, digitKey, SerialCodes, VALUE_SERIAL, withSerial } from '../../../../src/core/mapping/memo'

const plainDigits = fc.tuple(fc.constantFrom('', '+'), fc.stringMatching(/^[0-9]{1,15}$/)).map(([p, d]) => p + d)
// As operators also write numbers: one space between two digits ('+95 945954200').
const spacedDigits = fc.tuple(fc.constantFrom('', '+'), fc.stringMatching(/^[0-9]{1,7}$/), fc.stringMatching(/^[0-9]{1,6}$/)).map(([p, a, b]) => `${p}${a} ${b}`)
const digitText = fc.oneof(plainDigits, spacedDigits)
// Digit texts, and texts that only look like them: too long, '++', spaces, Thai digits, letters, empty.
const anyText = fc.oneof(
  digitText,
  fc.stringMatching(/^\+?[0-9]{16,18}$/),
  fc.constantFrom('', '+', '++1', ' 1', '1 ', '๑๒๓', '0x1', '-1', '1.0', '١٢', '1  2', '1 2 3', '+ 1', '12345678 1234567'),
  fc.string({ maxLength: 6 })
)

describe('digitKey', () => {
  it('gives two different digit texts two different keys, whatever their leading zeros, + or inner space', () => {
    fc.assert(
      fc.property(digitText, digitText, (a, b) => {
        expect(digitKey(a) === digitKey(b)).toBe(a === b)
        expect(Number.isSafeInteger(digitKey(a))).toBe(true)
      }),
      { numRuns: 5000 }
    )
    // Shapes a CDR writes for one number must stay apart: the normalised values differ.
    const forms = ['0812345678', '812345678', '66812345678', '+66812345678', '00812345678', '0', '00', '+0', '+66 812345678', '+668 12345678', '66 812345678', '081 2345678', '0 812345678']
    expect(new Set(forms.map(digitKey)).size).toBe(forms.length)
  })

  it('refuses every text that is not 1–15 ASCII digits with an optional leading +, or up to 13 with one inner space', () => {
    for (const t of ['', '+', '++1', ' 1', '1 ', '๑๒๓', '1234567890123456', '+1234567890123456', '1-2', 'a', '1  2', '1 2 3', '+ 1', '1\t2', '12345678 1234567'])
      expect(digitKey(t), t).toBe(-1)
  })
})

describe('createTextMemo', () => {
  it('answers exactly what the memoised function answers, over growth and clearing', () => {
    fc.assert(
      fc.property(fc.array(anyText, { maxLength: 400 }), fc.integer({ min: 1, max: 50 }), (texts, limit) => {
        const f = (t: string): string => `<${t}>`
        const memo = createTextMemo(f, limit)
        for (const t of texts) expect(memo(t)).toBe(f(t))
      }),
      { numRuns: 300 }
    )
  })

  it('calls the function once per distinct text while under its limit, and stays bounded past it', () => {
    let calls = 0
    const memo = createTextMemo((t: string) => {
      calls++
      return { t }
    }, 1000)
    const texts = Array.from({ length: 900 }, (_, i) => (i % 3 === 0 ? `0${i}` : i % 3 === 1 ? `+66${i}` : `name ${i}`))
    const first = texts.map((t) => memo(t))
    for (let round = 0; round < 3; round++) texts.forEach((t, i) => expect(memo(t)).toBe(first[i]))
    expect(calls).toBe(900)
    // 5,000 distinct numbers with a limit of 1,000: answers stay right while the memo is emptied and refilled.
    for (let i = 0; i < 5000; i++) expect(memo(String(10_000 + i)).t).toBe(String(10_000 + i))
  })
})

describe('createTaggedTextMemo', () => {
  it('answers what the function answers, with the tag of that answer, over growth and clearing (property)', () => {
    fc.assert(
      fc.property(fc.array(anyText, { maxLength: 600 }), fc.integer({ min: 1, max: 80 }), (texts, limit) => {
        const f = (t: string): { t: string } => ({ t })
        const tagOf = (v: { t: string }): number => (v.t.length * 7 + (v.t.startsWith('+') ? 1 : 0)) % 11
        const memo = createTaggedTextMemo(f, tagOf, limit)
        for (const t of texts) {
          const v = memo.get(t)
          expect(v.t).toBe(t)
          expect(memo.tag).toBe(tagOf(v))
        }
      }),
      { numRuns: 300 }
    )
  })

  it('returns the same value object for a text it still holds, and computes it once', () => {
    let calls = 0
    const memo = createTaggedTextMemo((t: string) => ({ t, n: ++calls }), (v) => v.n % 2, 10_000)
    const texts = Array.from({ length: 3000 }, (_, i) => (i % 2 ? `0${800_000_000 + i}` : `sender ${i}`))
    const first = texts.map((t) => memo.get(t))
    texts.forEach((t, i) => {
      expect(memo.get(t)).toBe(first[i])
      expect(memo.tag).toBe(first[i]!.n % 2)
    })
    expect(calls).toBe(3000)
  })
})

const serialOf = (v: object): number => (v as { [VALUE_SERIAL]?: number })[VALUE_SERIAL] ?? -1

describe('value serials', () => {
  it('number each value object once, and stay out of the record (JSON, keys, equality)', () => {
    const a = withSerial({ kind: 'e164', e164: '+66812345678', original: '0812345678' })
    const b = withSerial({ kind: 'e164', e164: '+66812345678', original: '0812345678' })
    expect(serialOf(a)).toBeGreaterThanOrEqual(0)
    expect(serialOf(b)).not.toBe(serialOf(a))
    expect(serialOf(a)).toBe(serialOf(a))
    expect(serialOf({ kind: 'e164' })).toBe(-1)
    expect(JSON.stringify(a)).toBe('{"kind":"e164","e164":"+66812345678","original":"0812345678"}')
    expect(Object.keys(a)).toEqual(['kind', 'e164', 'original'])
    expect(a).toEqual({ kind: 'e164', e164: '+66812345678', original: '0812345678' })
    expect(structuredClone(a)).toEqual(a)
    expect(serialOf(structuredClone(a))).toBe(-1)
  })

  it('keep codes by serial from the first serial seen, and refuse serials outside their span', () => {
    const codes = new SerialCodes()
    expect(codes.get(5)).toBe(-1)
    expect(codes.set(-1, 3)).toBe(false)
    expect(codes.set(1000, 7)).toBe(true)
    expect(codes.set(1003, 0)).toBe(true)
    expect(codes.get(1000)).toBe(7)
    expect(codes.get(1003)).toBe(0)
    expect(codes.get(1001)).toBe(-1)
    // Before the first serial seen, or too far after it: the caller keeps those its own way.
    expect(codes.set(999, 1)).toBe(false)
    expect(codes.get(999)).toBe(-1)
    expect(codes.set(1000 + (1 << 22), 1)).toBe(false)
    expect(codes.set(1000 + (1 << 22) - 1, 9)).toBe(true)
    expect(codes.get(1000 + (1 << 22) - 1)).toBe(9)
    expect(codes.get(1000)).toBe(7)
    codes.clear()
    expect(codes.get(1000)).toBe(-1)
    expect(codes.set(3, 2)).toBe(true)
    expect(codes.get(3)).toBe(2)
  })
})
