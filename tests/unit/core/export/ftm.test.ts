// Tests FollowTheMoney output: the Call shape, UTC dates with their precision, and ids derived from source hash and row.
import { describe, expect, it } from 'vitest'
import { ftmDate, ftmId, toFtmEntities } from '../../../../src/core/export/ftm'
import type { CallRecord, EventRecord, Transfer } from '../../../../src/core/model/records'

const provenance = { sourceSha256: 'b'.repeat(64), fileName: 'cdr.csv', sheet: 'cdr', row: 2 }
const call: CallRecord = {
  kind: 'call',
  provenance,
  service: 'call',
  direction: 'incoming',
  subscriber: { kind: 'e164', e164: '+66812345678', original: '0812345678' },
  counterpart: { kind: 'identifier', original: '349' },
  bParty: { kind: 'e164', e164: '+66812345678', original: '0812345678' },
  start: { utcMs: Date.UTC(2006, 5, 1, 4, 8), zone: 'America/Havana', explicitOffset: false, original: '20060601 0008', precision: 'minute' },
  durationSeconds: 1634
}

describe('toFtmEntities', () => {
  it('writes a Call with callerNumber, receiverNumber, startDate (UTC) and duration', () => {
    const [e] = toFtmEntities(call)
    expect(e).toEqual({
      id: ftmId('b'.repeat(64), 'cdr', 2),
      schema: 'Call',
      properties: {
        callerNumber: ['349'],
        receiverNumber: ['+66812345678'],
        startDate: ['2006-06-01T04:08'],
        duration: ['1634'],
        recordId: [`cdr.csv (cdr) row 2, sha256 ${'b'.repeat(64)}`]
      }
    })
  })

  it('gives the same id for the same source, sheet and row, and different ids otherwise', () => {
    const id = ftmId('b'.repeat(64), 'cdr', 2)
    expect(id).toMatch(/^[0-9a-f]{40}$/)
    expect(ftmId('b'.repeat(64), 'cdr', 2)).toBe(id)
    expect(ftmId('b'.repeat(64), 'cdr', 3)).not.toBe(id)
    expect(ftmId('c'.repeat(64), 'cdr', 2)).not.toBe(id)
    expect(ftmId('b'.repeat(64), 'other', 2)).not.toBe(id)
  })

  it('writes dates as long as their precision', () => {
    const t = { utcMs: Date.UTC(2019, 0, 1), zone: 'UTC', explicitOffset: false, original: '2019' }
    expect(ftmDate({ ...t, precision: 'year' })).toBe('2019')
    expect(ftmDate({ ...t, precision: 'day' })).toBe('2019-01-01')
    expect(ftmDate({ ...t, precision: 'second' })).toBe('2019-01-01T00:00:00')
  })

  it('writes a Payment with its payer and beneficiary as entities', () => {
    const transfer: Transfer = { kind: 'transfer', provenance, payer: 'Aung Aung', beneficiary: 'Somchai', amount: { value: 1500, original: '1,500' }, currency: 'THB' }
    const entities = toFtmEntities(transfer)
    const payment = entities.find((e) => e.schema === 'Payment')!
    const payer = entities.find((e) => e.properties.name?.[0] === 'Aung Aung')!
    expect(payment.properties.payer).toEqual([payer.id])
    expect(payment.properties.amount).toEqual(['1500'])
    expect(new Set(entities.map((e) => e.id)).size).toBe(3)
  })

  it('writes events with their name and date', () => {
    const ev: EventRecord = { kind: 'event', provenance, text: 'Interdiction: 23', time: { utcMs: Date.UTC(2005, 3, 24), zone: 'UTC', explicitOffset: false, original: '2005-04-24', precision: 'day' } }
    expect(toFtmEntities(ev)[0]).toMatchObject({ schema: 'Event', properties: { name: ['Interdiction: 23'], date: ['2005-04-24'] } })
  })
})
