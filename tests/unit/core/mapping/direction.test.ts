// Tests reading call direction, service and forwarding from operator codes and words.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { callParties, parseDirection } from '../../../../src/core/mapping/direction'
import { corpusPath, describeCorpus } from '../../corpus'

describe('parseDirection', () => {
  const cases: [string, string, string, boolean][] = [
    ['MO', 'outgoing', 'unknown', false],
    ['MT', 'incoming', 'unknown', false],
    ['IN', 'incoming', 'unknown', false],
    ['out', 'outgoing', 'unknown', false],
    ['Incoming', 'incoming', 'unknown', false],
    ['Outgoing', 'outgoing', 'unknown', false],
    ['MOC', 'outgoing', 'call', false],
    ['MTC', 'incoming', 'call', false],
    ['SMS-MO', 'outgoing', 'sms', false],
    ['SMS MT', 'incoming', 'sms', false],
    ['SMO', 'outgoing', 'sms', false],
    ['SMT', 'incoming', 'sms', false],
    ['Voice', 'unknown', 'call', false],
    ['Voice MO', 'outgoing', 'call', false],
    ['call', 'unknown', 'call', false],
    ['text', 'unknown', 'sms', false],
    ['GPRS', 'unknown', 'data', false],
    ['data', 'unknown', 'data', false],
    ['MMS MT', 'incoming', 'mms', false],
    ['USSD', 'unknown', 'ussd', false],
    ['CFW', 'unknown', 'unknown', true],
    ['Call forwarded', 'unknown', 'call', true],
    ['MTC_CFU', 'incoming', 'call', true],
    ['โทรออก', 'outgoing', 'call', false],
    ['โทรเข้า', 'incoming', 'call', false],
    ['Panggilan Keluar', 'outgoing', 'call', false],
    ['SMS Masuk', 'incoming', 'sms', false],
    ['Gọi đi', 'outgoing', 'call', false],
    ['Gọi đến', 'incoming', 'call', false],
    ['Tin nhắn đến', 'incoming', 'sms', false]
  ]
  for (const [text, direction, kind, forwarded] of cases) {
    it(`reads '${text}'`, () => {
      expect(parseDirection(text)).toEqual({ direction, kind, forwarded, recognised: true })
    })
  }

  it('gives unknown for empty cells, unknown codes and contradictions, marked as not recognised', () => {
    expect(parseDirection('')).toMatchObject({ direction: 'unknown', recognised: false })
    expect(parseDirection(null)).toMatchObject({ direction: 'unknown', recognised: false })
    expect(parseDirection('11')).toMatchObject({ direction: 'unknown', recognised: false })
    expect(parseDirection('IN OUT')).toMatchObject({ direction: 'unknown', recognised: false })
    expect(parseDirection('MO banana')).toMatchObject({ direction: 'outgoing', recognised: false })
  })
})

describe('callParties', () => {
  it('puts the target first for outgoing and second for incoming; nothing when unknown', () => {
    expect(callParties('outgoing', 'target', 'other')).toEqual({ caller: 'target', callee: 'other' })
    expect(callParties('incoming', 'target', 'other')).toEqual({ caller: 'other', callee: 'target' })
    expect(callParties('unknown', 'target', 'other')).toBeUndefined()
  })
})

describeCorpus('directions in the shared corpus', () => {
  it('reads bandicoot interaction/direction pairs and Telenor CALL_TYPE codes', () => {
    const rows = readFileSync(corpusPath('bandicoot-cdr-samples', 'demo', 'ego.csv'), 'utf8').trim().split(/\r?\n/).slice(1)
    const counts = new Map<string, number>()
    for (const row of rows) {
      const [interaction = '', direction = ''] = row.split(',')
      const r = parseDirection(`${interaction} ${direction}`)
      expect(r.recognised, row).toBe(true)
      const key = `${r.kind} ${r.direction}`
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    expect(Object.fromEntries(counts)).toEqual({ 'call incoming': 44, 'call outgoing': 31, 'sms incoming': 166, 'sms outgoing': 73 })
    for (const [file, expected] of [['A_telenor_incoming.csv', 'incoming'], ['A_telenor_outgoing.csv', 'outgoing']] as const) {
      const [header = '', ...lines] = readFileSync(corpusPath('bandicoot-cdr-samples', 'historical-telenor-format', file), 'utf8').trim().split(/\r?\n/)
      const col = header.split(',').indexOf('CALL_TYPE')
      for (const line of lines) expect(parseDirection(line.split(',')[col] ?? '')).toMatchObject({ direction: expected, kind: 'call' })
    }
  })
})
