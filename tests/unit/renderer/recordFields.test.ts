// The event detail shows each field's value beside the text the file had: a call's direction and service beside the
// call type as written.
import { describe, expect, it } from 'vitest'
import type { CallRecord } from '../../../src/core/model/records'
import { recordFields } from '../../../src/renderer/src/features/timeline/recordFields'

const base = { kind: 'call', provenance: { sourceSha256: 'a'.repeat(64), fileName: 'cdr.csv', sheet: 'cdr', row: 4 }, start: { utcMs: Date.UTC(2024, 4, 13, 7, 22, 7), zone: 'Asia/Bangkok', explicitOffset: false, original: '13/05/2024 14:22:07', precision: 'second' } } as const

describe('recordFields', () => {
  it('shows the call type as written beside the direction and the service read from it', () => {
    const rows = recordFields({ ...base, service: 'sms', direction: 'outgoing', directionOriginal: 'SMS-MO' } as CallRecord, 'UTC')
    expect(rows.find((r) => r.field === 'Direction')).toEqual({ field: 'Direction', value: 'outgoing', original: 'SMS-MO' })
    expect(rows.find((r) => r.field === 'Service')).toEqual({ field: 'Service', value: 'sms', original: 'SMS-MO' })
    // The originals are shown beside their values, not as rows of their own.
    expect(rows.map((r) => r.field)).not.toContain('directionOriginal')
  })

  it('shows a service column’s own text when the file has one', () => {
    const rows = recordFields({ ...base, service: 'call', serviceOriginal: 'Voice', direction: 'incoming', directionOriginal: 'IN' } as CallRecord, 'UTC')
    expect(rows.find((r) => r.field === 'Service')).toEqual({ field: 'Service', value: 'call', original: 'Voice' })
    expect(rows.find((r) => r.field === 'Direction')?.original).toBe('IN')
    expect(rows.map((r) => r.field)).not.toContain('serviceOriginal')
  })
})
