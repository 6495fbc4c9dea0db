// Formula safety of spreadsheet CSV: no text cell can start a formula, numbers stay numbers, and nothing is lost.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { csvField, neutraliseFormula, toCsv } from '../../../../src/core/export/csv'

/** Reads one CSV field back the way a spreadsheet's CSV import would (quotes removed, doubled quotes undone). */
function unquote(field: string): string {
  return field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field
}

const DANGEROUS = ['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠']

describe('formula-safe CSV', () => {
  it('neutralises the classic payloads', () => {
    expect(csvField('=HYPERLINK("http://x","click")')).toBe(`"'=HYPERLINK(""http://x"",""click"")"`)
    expect(csvField('+66812345678')).toBe("'+66812345678")
    expect(csvField('-2+3')).toBe("'-2+3")
    expect(csvField('@SUM(A1:A9)')).toBe("'@SUM(A1:A9)")
    expect(csvField('\t=1')).toBe("'\t=1")
  })

  it('keeps numbers as numbers, and ordinary text as it is', () => {
    expect(csvField(-42)).toBe('-42')
    expect(csvField(3.5)).toBe('3.5')
    expect(csvField('ปฏิบัติการ แม่สอด')).toBe('ปฏิบัติการ แม่สอด')
    expect(csvField('Cox, Bazar')).toBe('"Cox, Bazar"')
    expect(csvField(null)).toBe('')
  })

  it('property: no text cell, read back, starts with a formula character, and removing the guard restores it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
        const back = unquote(csvField(s))
        expect(DANGEROUS.includes(back[0] ?? '')).toBe(false)
        const restored = back !== s && back.startsWith("'") ? back.slice(1) : back
        expect(restored).toBe(s)
      }),
      { numRuns: 2000 }
    )
  })

  it('property: a formula character at the start is always guarded, anywhere else never', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DANGEROUS), fc.string({ maxLength: 20 }), (d, rest) => {
        expect(neutraliseFormula(d + rest)).toBe(`'${d}${rest}`)
        const safe = `x${d}${rest}`
        expect(neutraliseFormula(safe)).toBe(safe)
      })
    )
  })

  it('property: numbers are written so a spreadsheet reads the same number', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (n) => Number(csvField(n)) === n))
  })

  it('writes a BOM, a header and CRLF lines', () => {
    expect(toCsv(['a', 'b'], [['=1', 2]])).toBe("\uFEFFa,b\r\n'=1,2\r\n")
  })
})
