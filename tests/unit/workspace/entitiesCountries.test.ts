// The entity table's "Contact countries" column (countriesOf): the fast reading of calling codes gives the same
// countries, in the same order, as reading each key on its own with phoneCountry.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { countriesOf, phoneCountry } from '../../../src/renderer/src/features/entities/entityFormat'

/** The plain reading: each key's country, counted, most frequent first then by name. */
function reference(keys: readonly string[]): string[] {
  const counts = new Map<string, number>()
  for (const k of keys) {
    const c = phoneCountry(k)
    if (c) counts.set(c, (counts.get(c) ?? 0) + 1)
  }
  return [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([c]) => c)
}

// Shared codes (+1, +7, +44) need libphonenumber; unique ones (+880, +60, +95) a table; the rest are no country.
const PREFIXES = ['phone:+880', 'phone:+60', 'phone:+95', 'phone:+1', 'phone:+7', 'phone:+44', 'phone:+66', 'phone:+855', 'phone:+', 'phone:0', 'imei:', 'id:', 'phone:+9', 'phone:+a']
const key = fc.tuple(fc.constantFrom(...PREFIXES), fc.stringMatching(/^[0-9]{0,11}$/), fc.constantFrom('', '', '', 'x')).map(([p, d, tail]) => `${p}${d}${tail}`)

describe('countriesOf', () => {
  it('names each number’s country, most frequent first', () => {
    const keys = ['phone:+8801712345678', 'phone:+8801812345678', 'phone:+60123456789', 'phone:+12025550123', 'imei:356938035643809', 'phone:01712345678']
    expect(countriesOf(keys).text).toBe('BD, MY, US')
  })

  it('tells apart countries that share a calling code', () => {
    // +1 is shared by the US and Canada; +44 by the UK and its Crown Dependencies.
    expect(countriesOf(['phone:+14165550123', 'phone:+14165550124', 'phone:+12025550123']).list).toEqual(['CA', 'US'])
    expect(countriesOf(['phone:+447400123456']).list).toEqual(['GB'])
  })

  it('agrees with reading each key on its own, sorted or not', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 60 }), fc.boolean(), (keys, sort) => {
        const ks = sort ? [...keys].sort() : keys
        expect(countriesOf(ks).list).toEqual(reference(ks))
      }),
      { numRuns: 300 }
    )
  })
})
