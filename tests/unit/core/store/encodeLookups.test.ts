// The encoder's lookup caches (entity keys cached by the values they are made from, originals numbered once per
// value, source-wide tables dropped between segments): whatever the values (repeated, blank, views into a larger
// text, the same text in two fields, the same PhoneValue object in two roles) each column must still hold the key
// entityKeys gives, and each record must come back exactly.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CallRecord, PhoneValue, WaymarkRecord } from '../../../../src/core/model/records'
import { withSerial } from '../../../../src/core/mapping/memo'
import { createSegmentStream, decodeRecord } from '../../../../src/core/store/encode'
import { cellKey, imeiKey, imsiKey, phoneKey } from '../../../../src/core/store/entityKeys'
import { deserialiseOriginals, deserialiseSegment, serialiseOriginals, serialiseSegment } from '../../../../src/core/store/serialise'
import type { Segment, SegmentOriginals } from '../../../../src/core/store/segment'
import { SRC_A, T0, time } from './records'

// Values of 13 or more characters cut from one long text, as the CSV reader hands them over (V8 keeps them as views).
const LONG = '356938035643809|490154203237518|520017680380000|41-502-0001-77|  |x'
const cut = (from: number, to: number): string => LONG.slice(from, to)
const TEXTS = ['', ' ', '  ', '1046', '1811', '01046', 'Site 118', cut(0, 15), cut(16, 31), cut(32, 47), cut(48, 62), cut(0, 4)]

const PLAIN_PHONES: PhoneValue[] = [
  { kind: 'e164', e164: '+66872524630', country: 'TH', original: '0872524630' },
  { kind: 'e164', e164: '+95945954200', country: 'MM', original: '+95 945954200' },
  { kind: 'short-code', original: '1175' },
  { kind: 'alphanumeric', original: 'KBank' },
  { kind: 'identifier', original: 'a1b2c3d4e5f6' },
  { kind: 'empty', original: '' }
]
// The mapping numbers the values it hands out (VALUE_SERIAL) and the encoder finds those by number: each value comes
// both ways, as two objects.
const PHONES: PhoneValue[] = [...PLAIN_PHONES, ...PLAIN_PHONES.map((p) => withSerial({ ...p }))]

/** Tables of the stream are dropped between segments past this many strings: small values force it often. */
const maxShared = fc.constantFrom(2, 5, 40, 1 << 20)

function encode(records: readonly WaymarkRecord[], segmentSize: number, maxSharedStrings: number): { segment: Segment; originals: SegmentOriginals }[] {
  const stream = createSegmentStream({ sourceId: SRC_A, segmentSize, maxSharedStrings })
  const out = [...records.map((r) => stream.add(r)), stream.finish().last].filter((e) => e !== null)
  return out.map((e) => ({ segment: deserialiseSegment(structuredClone(serialiseSegment(e.segment))), originals: deserialiseOriginals(structuredClone(serialiseOriginals(e.originals))) }))
}

/** Every stored event next to the record it came from (rows are unique here). */
function checkAgainstRecords(records: readonly CallRecord[], segs: { segment: Segment; originals: SegmentOriginals }[]): void {
  const byRow = new Map(records.map((r) => [r.provenance.row, r]))
  let seen = 0
  for (const { segment: s, originals } of segs) {
    for (let i = 0; i < s.count; i++) {
      const r = byRow.get(s.row[i]!)!
      seen++
      expect(decodeRecord(s, originals, i)).toEqual(r)
      const rolesUnknown = !r.aParty && !r.bParty && (r.subscriber !== undefined || r.counterpart !== undefined)
      const key = (code: number): string | undefined => (code === 0 ? undefined : s.dict[code])
      expect(key(s.a[i]!)).toBe(phoneKey(rolesUnknown ? r.subscriber : r.aParty))
      expect(key(s.b[i]!)).toBe(phoneKey(rolesUnknown ? r.counterpart : r.bParty))
      expect(key(s.imei[i]!)).toBe(imeiKey(r.imei))
      expect(key(s.imsi[i]!)).toBe(imsiKey(r.imsi))
      expect(key(s.cell[i]!)).toBe(cellKey(r))
    }
  }
  expect(seen).toBe(records.length)
}

/** Row k of a call record file: what every test here shares, and the fields a test sets. */
function callRow(k: number, fields: Record<string, unknown>): CallRecord {
  return { kind: 'call', provenance: { sourceSha256: SRC_A, fileName: 'cdr.csv', sheet: 'CDR', row: k + 2 }, service: 'call', direction: 'unknown', ...fields } as unknown as CallRecord
}

describe('encoder lookup caches', () => {
  it('gives every column the key entityKeys gives and every record back, whatever the values repeat (property)', () => {
    const text = fc.option(fc.constantFrom(...TEXTS), { nil: undefined })
    const party = fc.option(fc.constantFrom(...PHONES), { nil: undefined })
    const arbCall = fc.record({ a: party, b: party, sub: party, other: party, imei: text, imsi: text, lac: text, cellId: text, cgi: text, site: text, dur: text, at: fc.integer({ min: 0, max: 50 }) })
    fc.assert(
      fc.property(fc.array(arbCall, { maxLength: 60 }), fc.integer({ min: 1, max: 9 }), maxShared, (specs, size, shared) => {
        const records = specs.map((c, k) => {
          const r: Record<string, unknown> = {
            kind: 'call',
            provenance: { sourceSha256: SRC_A, fileName: 'cdr.csv', sheet: 'CDR', row: k + 2 },
            service: 'call',
            direction: 'unknown'
          }
          // The same PhoneValue objects recur in every role, as the phone normaliser hands them out.
          if (c.a !== undefined) r.aParty = c.a
          if (c.b !== undefined) r.bParty = c.b
          if (c.sub !== undefined) r.subscriber = c.sub
          if (c.other !== undefined) r.counterpart = c.other
          r.start = time(T0 + c.at * 60_000)
          if (c.dur !== undefined) r.durationOriginal = c.dur
          if (c.imei !== undefined) r.imei = c.imei
          if (c.imsi !== undefined) r.imsi = c.imsi
          if (c.cellId !== undefined) r.cellId = c.cellId
          if (c.lac !== undefined) r.lac = c.lac
          if (c.cgi !== undefined) r.cgi = c.cgi
          if (c.site !== undefined) r.siteName = c.site
          return r as unknown as CallRecord
        })
        checkAgainstRecords(records, encode(records, size, shared))
      }),
      { numRuns: 200 }
    )
  })

  it('gives every lac and cell id written in digits its own cell, however close their numbers (property)', () => {
    // Lacs and cell ids are looked up by their digits as one number: pairs such as (1, 2000) and (2, 1000), or '7'
    // and '07', must never meet.
    const digits = fc.stringMatching(/^\+?[0-9]{1,8}$/)
    const small = fc.constantFrom('0', '00', '1', '01', '2', '1000', '2000', '9999999', '10000000', '+1')
    const part = fc.oneof(digits, small)
    fc.assert(
      fc.property(fc.array(fc.record({ lac: part, cellId: part }), { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 9 }), maxShared, (specs, size, shared) => {
        const records = specs.map((c, k) => callRow(k, { start: time(T0 + k * 60_000), lac: c.lac, cellId: c.cellId }))
        checkAgainstRecords(records, encode(records, size, shared))
      }),
      { numRuns: 300 }
    )
  })

  it('gives every site name back exactly when thousands of them share the slots of the recent-text cache', () => {
    // Repeats first (so the field keeps looking for repeats), then more distinct names than the cache has slots.
    const site = (k: number): string => (k < 1500 ? `Site ${(k * 7) % 300}` : k % 3 === 0 ? `Site ${k % 300}` : `Tower ${k} ${cut(0, k % 16)}`)
    const records = Array.from({ length: 12_000 }, (_, k) => callRow(k, { direction: 'outgoing', aParty: PHONES[k % 2]!, start: time(T0 + k * 1000), siteName: site(k) }))
    checkAgainstRecords(records, encode(records, 20_000, 1 << 20))
  })

  it('keeps keys and originals right when a field stops looking for repeats within a segment', () => {
    // More than a thousand distinct handsets in one segment: their originals are then stored without looking for
    // repeats, while their keys are still looked up; a few handsets recur throughout.
    const records = Array.from({ length: 3000 }, (_, k) =>
      callRow(k, {
        service: 'sms',
        direction: 'outgoing',
        aParty: PHONES[k % 3]!,
        bParty: PHONES[(k + 1) % 6]!,
        start: time(T0 + k * 1000),
        imei: k % 7 === 0 ? cut(0, 15) : `35${String(k * 7919).padStart(13, '0')}`,
        imsi: cut(32, 47),
        cellId: String(k % 5),
        lac: k % 2 ? '1046' : cut(48, 62),
        siteName: `Site ${k}`
      })
    )
    const segs = encode(records, 2500, 1 << 20)
    expect(segs.map((s) => s.segment.count)).toEqual([2500, 500])
    checkAgainstRecords(records, segs)
    // Values that recur are stored once per segment; values that do not are stored once each.
    const first = segs[0]!.originals
    const imeis = first.codes[first.fields.indexOf('imei')]!
    const recurring = new Set<number>()
    for (let i = 0; i < 2500; i += 7) recurring.add(imeis[i]!)
    expect(recurring.size).toBeLessThanOrEqual(2)
  })
})
