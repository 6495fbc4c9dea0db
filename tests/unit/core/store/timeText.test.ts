// Fixed-width time texts: which templates a text may be written in, and reading a text back digit for digit, so that
// an original the encoder does not keep is written again exactly.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { compileTemplate, readLocal, templatesFor, writeLocal } from '../../../../src/core/store/timeText'

const TEMPLATES = ['DD/MM/YYYY hh:mm:ss', 'MM/DD/YYYY hh:mm:ss', 'YYYY-MM-DD hh:mm:ss', 'YYYY-MM-DDThh:mm:ss', 'DD-MM-YYYY hh:mm', 'DD.MM.YYYY', 'YYYY/MM/DD  hh.mm.ss']

describe('time templates', () => {
  it('offers the day-first and month-first readings of a 2-2-4 date, and year-first for 4-2-2', () => {
    expect(templatesFor('01/03/2024 10:05:00')).toEqual(['DD/MM/YYYY hh:mm:ss', 'MM/DD/YYYY hh:mm:ss'])
    expect(templatesFor('2024-03-01T10:05')).toEqual(['YYYY-MM-DDThh:mm'])
    expect(templatesFor('01.03.2024')).toEqual(['DD.MM.YYYY', 'MM.DD.YYYY'])
    // Shapes it leaves as text: unpadded fields, two-digit years, compact digits, 12-hour clocks, month names.
    for (const text of ['1/3/2024 10:05:00', '01/03/24 10:05', '20240301 100500', '01 Mar 2024 10:05', '01/03/2024 1:05:00']) expect(templatesFor(text)).toEqual([])
    expect(compileTemplate('DD/MM/YYYY hh:mm PM')).toBeUndefined()
  })

  it('compiles only templates with a year, month and day at their widths and a time of hours and minutes', () => {
    for (const t of TEMPLATES) expect(compileTemplate(t)?.text).toBe(t)
    for (const bad of ['DD/MM/YY', 'D/MM/YYYY', 'DD/MM/YYYY hh', 'DD/MM/YYYY ss', 'DD/MM/YYYY 1hh:mm', 'MM/YYYY', 'DD/MM/YYYY/DD']) expect(compileTemplate(bad)).toBeUndefined()
  })

  it('reads a text only when writing its fields again gives the same text', () => {
    const t = compileTemplate('DD/MM/YYYY hh:mm:ss')!
    expect(readLocal('01/03/2024 10:05:09', t)).toBe(Date.UTC(2024, 2, 1, 10, 5, 9))
    expect(readLocal('29/02/2024 00:00:00', t)).toBe(Date.UTC(2024, 1, 29))
    for (const text of ['29/02/2023 00:00:00', '31/04/2024 00:00:00', '00/03/2024 10:05:09', '01/13/2024 10:05:09', '01/03/2024 24:00:00', '01/03/2024 10:60:00', '01-03-2024 10:05:09', '01/03/2024 10:05:0x', ' 1/03/2024 10:05:09', '01/03/2024 10:05:09 ', '01/03/0999 10:05:09'])
      expect(readLocal(text, t), text).toBeNaN()
  })

  it('writes back exactly what it read, for any instant and template (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...TEMPLATES), fc.integer({ min: Date.UTC(1000, 0, 1), max: Date.UTC(9999, 11, 31, 23, 59, 59) }), (template, ms) => {
        const t = compileTemplate(template)!
        const text = writeLocal(ms, t)
        expect(text).toHaveLength(template.length)
        const back = readLocal(text, t)
        // What the template does not show reads as zero: the text is the same when written again.
        expect(writeLocal(back, t)).toBe(text)
        expect(back).toBeLessThanOrEqual(ms)
        expect(ms - back).toBeLessThan(template.includes('ss') ? 1000 : template.includes('mm') ? 60_000 : 86_400_000)
      }),
      { numRuns: 2000 }
    )
  })
})
