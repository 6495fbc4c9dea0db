// The Sources tab reads each source's stored mapping back: what the import wrote is shown, anything else is refused.
import { describe, expect, it } from 'vitest'
import { proposeMapping } from '../../../src/core/mapping/autoMap'
import { mappingsOf } from '../../../src/renderer/src/features/sources/storedMapping'

const rows = [
  ['A_NUMBER', 'B_NUMBER', 'CALL_TYPE', 'START_TIME', 'DURATION'],
  ['0812345678', '+855 12 345 678', 'MO', '25/03/2024 10:15:00', '65'],
  ['0812345678', '+95 9 123 456 78', 'MT', '26/03/2024 11:20:00', '12']
]

describe('mappingsOf', () => {
  it('gives back the mapping an import stored, one per sheet', () => {
    const { mapping } = proposeMapping(rows, { sheet: 'th_cdr', country: 'TH' })
    const single = mappingsOf({ mappingJson: JSON.stringify(mapping) })
    expect(single?.map((m) => m.sheet)).toEqual(['th_cdr'])
    expect(single?.[0]?.columns.find((c) => c.header === 'B_NUMBER')?.field).toBe(mapping.columns.find((c) => c.header === 'B_NUMBER')?.field)
    const two = mappingsOf({ mappingJson: JSON.stringify([mapping, { ...mapping, sheet: 'Sheet 2' }]) })
    expect(two?.map((m) => m.sheet)).toEqual(['th_cdr', 'Sheet 2'])
  })

  it('refuses a stored mapping it cannot read instead of failing the tab', () => {
    const { mapping } = proposeMapping(rows, { sheet: 'th_cdr', country: 'TH' })
    expect(mappingsOf({ mappingJson: '{"bench":true}' })).toBeNull()
    expect(mappingsOf({ mappingJson: 'not json' })).toBeNull()
    expect(mappingsOf({ mappingJson: 'null' })).toBeNull()
    // One good sheet and one damaged one: the whole record is suspect.
    expect(mappingsOf({ mappingJson: JSON.stringify([mapping, { sheet: 'x' }]) })).toBeNull()
  })
})
