// Tests Waymark JSONL: one record per line, read back unchanged; lines that are not records are refused with their number.
import { describe, expect, it } from 'vitest'
import { parseWaymarkJsonl, recordToJsonLine, waymarkJsonlHeader } from '../../../../src/core/export/jsonl'
import type { CallRecord } from '../../../../src/core/model/records'

const record: CallRecord = {
  kind: 'call',
  provenance: { sourceSha256: 'd'.repeat(64), fileName: 'ไฟล์.csv', sheet: 'ไฟล์', row: 9 },
  service: 'sms',
  direction: 'incoming',
  aParty: { kind: 'alphanumeric', original: 'ทรูมูฟ เอช' },
  start: { utcMs: 1, zone: 'Asia/Bangkok', explicitOffset: false, original: '1/1/2513', precision: 'second' },
  flags: ['buddhist-era']
}

describe('Waymark JSONL', () => {
  it('round-trips records, header line included', () => {
    const text = [waymarkJsonlHeader(), recordToJsonLine(record), recordToJsonLine({ ...record, provenance: { ...record.provenance, row: 10 } })].join('\n')
    expect(text.split('\n')[1]).not.toContain('\n')
    const back = parseWaymarkJsonl(text)
    expect(back.ok).toBe(true)
    if (back.ok) {
      expect(back.records).toHaveLength(2)
      expect(back.records[0]).toEqual(record)
    }
  })

  it('drops undefined fields instead of writing nulls', () => {
    expect(recordToJsonLine({ ...record, bParty: undefined } as CallRecord)).not.toContain('bParty')
  })

  it('names the line that is not a record', () => {
    const r = parseWaymarkJsonl(`${recordToJsonLine(record)}\n{"kind":"call"}\n`)
    expect(r).toEqual({ ok: false, line: 2, message: expect.stringMatching(/Line 2/) })
    expect(parseWaymarkJsonl('not json').ok).toBe(false)
  })
})
