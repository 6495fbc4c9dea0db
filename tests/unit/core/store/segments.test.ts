// Segments: records go in, columns and originals come out, and after storage every record comes back exactly.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { CallRecord, CellSite, Person, WaymarkRecord } from '../../../../src/core/model/records'
import { buildSegments, createSegmentStream, decodeRecord } from '../../../../src/core/store/encode'
import { allocateColumns, BYTES_PER_EVENT, deserialiseOriginals, deserialiseSegment, serialiseOriginals, serialiseSegment, SegmentFormatError, type SerialisedOriginals, type SerialisedSegment } from '../../../../src/core/store/serialise'
import { FLAG_BITS, parseEventId, eventId, SEGMENT_FORMAT, type Segment } from '../../../../src/core/store/segment'
import { compileTemplate, readLocal, writeLocal } from '../../../../src/core/store/timeText'
import { call, event, movement, phone, SRC_A, sortById, T0, time, transfer } from './records'

/** What IndexedDB does to a value: a structured clone. */
function store<T>(value: T): T {
  return structuredClone(value)
}

/** A segment as formats 1 to 3 stored it: every column at full width, back to back (widest first). */
function storedFullWidth(seg: Segment, v: SerialisedSegment, format: number): SerialisedSegment {
  const cols = allocateColumns(seg.count)
  for (const [name, values] of Object.entries(cols)) (values as Float64Array).set(seg[name as keyof typeof cols] as Float64Array)
  const { widths: _w, constants: _c, ...rest } = v
  return { ...rest, format, buffer: cols.at.buffer as ArrayBuffer }
}

/** Originals as formats 1 to 3 stored them: every field's Uint32 codes, field after field. */
function storedOriginalsFullWidth(codes: readonly Uint32Array[], o: SerialisedOriginals, format: number): SerialisedOriginals {
  const all = new Uint32Array(codes.length * o.count)
  codes.forEach((c, f) => all.set(c, f * o.count))
  const { widths: _w, constants: _c, ...rest } = o
  return { ...rest, format, buffer: all.buffer }
}

function roundTrip(records: readonly WaymarkRecord[], segmentSize = 3): { decoded: WaymarkRecord[]; segments: Segment[]; entityRecords: WaymarkRecord[] } {
  const built = buildSegments(records, { segmentSize })
  const segments = built.segments.map((s) => deserialiseSegment(store(serialiseSegment(s))))
  const originals = built.originals.map((o) => deserialiseOriginals(store(serialiseOriginals(o))))
  const decoded: WaymarkRecord[] = []
  segments.forEach((s, k) => {
    for (let i = 0; i < s.count; i++) decoded.push(decodeRecord(s, originals[k]!, i))
  })
  return { decoded, segments, entityRecords: built.entityRecords }
}

const unicodeCall: CallRecord = {
  kind: 'call',
  provenance: { sourceSha256: SRC_A, fileName: 'target-a.csv', sheet: 'ชีต 1: “CDR”', row: 7 },
  service: 'sms',
  direction: 'incoming',
  aParty: { kind: 'e164', e164: '+85512345678', country: 'KH', original: '០១២ ៣៤៥ ៦៧៨' },
  bParty: { kind: 'alphanumeric', original: "'Quoted' sender" },
  start: { utcMs: T0 + 5000, zone: 'Asia/Phnom_Penh', explicitOffset: false, original: '๐๑/๐๓/๒๕๖๗ ๑๐:๐๐:๐๕', precision: 'second' },
  durationSeconds: -3,
  durationOriginal: '-00:00:03',
  siteName: 'ផ្សារធំថ្មី 🗼',
  latitude: 11.5696,
  longitude: 104.921,
  extra: { หมายเหตุ: 'โทรจาก "แม่สอด"\nบรรทัดสอง', 'Col\u0000odd': '\u0000' },
  flags: ['negative-duration', 'buddhist-era', 'some-future-flag']
}

describe('segment round trip', () => {
  it('gives back every record exactly after serialising and a structured clone, unicode originals included', () => {
    const records: WaymarkRecord[] = [
      call({ row: 2, a: '+66811111111', b: '+66822222222', at: T0 + 60_000, duration: 62, imei: '356938035643809', cellId: '4711' }),
      unicodeCall,
      call({ row: 3, a: '+66822222222', b: '+66811111111', at: T0, direction: 'incoming', service: 'unknown' }),
      transfer(4, T0 + 120_000, 'Somchai  Jaidee', 'Aung Aung', '5,000', 'THB'),
      transfer(5, undefined, 'Somchai Jaidee', 'Ko Ko', '1,250.50', 'MMK'),
      movement(6, T0 - 86_400_000, 'Aung Aung', 'MA 123456'),
      event(8, undefined, 'Interdiction · Andaman Sea: <5', ['Navy', 'Boat 12', 'Crew']),
      event(9, T0 + 1, 'ประชุม')
    ]
    const { decoded } = roundTrip(records)
    expect(sortById(decoded)).toEqual(sortById(records))
  })

  it('keeps persons and cell sites apart as entity records, and counts only events', () => {
    const person: Person = { kind: 'person', provenance: { sourceSha256: SRC_A, fileName: 'target-a.csv', sheet: 'Subscribers', row: 2 }, name: 'Somchai', phone: phone('+66811111111') }
    const site: CellSite = { kind: 'cellSite', provenance: { sourceSha256: SRC_A, fileName: 'target-a.csv', sheet: 'Cells', row: 2 }, cellId: '4711', siteName: 'Mae Sot 2' }
    const built = buildSegments([person, call({ row: 2, a: '+66811111111', b: '+66822222222', at: T0 }), site])
    expect(built.events).toBe(1)
    expect(built.entityRecords).toEqual([person, site])
  })

  it('sorts events by time with undated ones last, cuts segments at the size, and records each segment’s time span', () => {
    const records = [5, 1, 4, 2, 3].map((k) => call({ row: 10 + k, a: '+66811111111', b: '+66822222222', at: T0 + k * 1000 }))
    records.push(transfer(1, undefined, 'A', 'B', '1', 'THB') as never)
    const built = buildSegments(records, { segmentSize: 4 })
    expect(built.segments.map((s) => s.count)).toEqual([4, 2])
    const [s0, s1] = built.segments as [Segment, Segment]
    expect([...s0.at]).toEqual([1, 2, 3, 4].map((k) => T0 + k * 1000))
    expect([s0.minAt, s0.maxAt, s0.datedCount]).toEqual([T0 + 1000, T0 + 4000, 4])
    expect(s1.datedCount).toBe(1)
    expect(Number.isNaN(s1.at[1]!)).toBe(true)
    expect(s1.flags[1]! & FLAG_BITS.undated).toBeTruthy()
    expect([s0.seq, s1.seq]).toEqual([0, 1])
  })

  it('sets flag bits from the record’s flags and keeps codes it does not know', () => {
    const { segments } = roundTrip([unicodeCall])
    const f = segments[0]!.flags[0]!
    expect(f & FLAG_BITS['negative-duration']).toBeTruthy()
    expect(f & FLAG_BITS['buddhist-era']).toBeTruthy()
    expect(f & FLAG_BITS.other).toBeTruthy()
    expect(f & FLAG_BITS['absurd-duration']).toBe(0)
  })

  it('refuses records of two sources in one build, and a damaged or unknown stored format', () => {
    const a = call({ row: 2, a: '+66811111111', b: '+66822222222', at: T0 })
    const b = call({ row: 3, a: '+66811111111', b: '+66822222222', at: T0, source: 'c'.repeat(64) })
    expect(() => buildSegments([a, b])).toThrow(/source/)
    const s = serialiseSegment(buildSegments([a]).segments[0]!)
    expect(() => deserialiseSegment({ ...s, buffer: new ArrayBuffer(s.buffer.byteLength + 8) })).toThrow(SegmentFormatError)
    expect(() => deserialiseSegment({ ...s, widths: undefined })).toThrow(SegmentFormatError)
    expect(() => deserialiseSegment({ ...s, widths: Uint8Array.from(s.widths!, () => 3) })).toThrow(SegmentFormatError)
    expect(() => deserialiseSegment({ ...s, format: 99 })).toThrow(/format 99/)
  })

  it('stores a segment’s strings packed (format 2 and later) and still reads segments stored in formats 1 and 3', () => {
    const records = [unicodeCall, call({ row: 2, a: '+66811111111', b: '+66822222222', at: T0, imei: '356938035643809', cellId: '4711' })]
    const built = buildSegments(records)
    const seg = built.segments[0]!
    const orig = built.originals[0]!
    const v2 = store(serialiseSegment(seg))
    const o2 = store(serialiseOriginals(orig))
    expect(v2.format).toBe(SEGMENT_FORMAT)
    expect(v2.dict).toBeUndefined()
    expect(typeof v2.dictText).toBe('string')
    // Format 3: every column at full width. Format 1, as the first versions wrote it: that, and the strings as arrays.
    const v3 = store(storedFullWidth(seg, v2, 3))
    const o3 = store(storedOriginalsFullWidth(orig.codes, o2, 3))
    const { dictText: _t, dictEnds: _e, ...rest } = v3
    const v1 = store({ ...rest, format: 1, dict: [...seg.dict] })
    const { stringsText: _st, stringsEnds: _se, ...orest } = o3
    const o1 = store({ ...orest, format: 1, strings: [...orig.strings] })
    for (const [s, o] of [
      [v1, o1],
      [v3, o3],
      [v2, o2]
    ] as const) {
      const ds = deserialiseSegment(s)
      const dor = deserialiseOriginals(o)
      expect(ds.dict).toEqual(seg.dict)
      expect(sortById([0, 1].map((i) => decodeRecord(ds, dor, i)))).toEqual(sortById(records))
    }
    expect(() => deserialiseSegment({ ...v2, dictEnds: new Uint32Array([1, 2]) })).toThrow(SegmentFormatError)
    expect(() => deserialiseOriginals({ ...o1, strings: undefined })).toThrow(SegmentFormatError)
  })

  it('round-trips any calls (property)', () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 12 })
    const arbCall = fc.record({
      row: fc.integer({ min: 1, max: 1_000_000 }),
      at: fc.integer({ min: -2_000_000_000_000, max: 4_000_000_000_000 }),
      dur: fc.option(fc.double({ noNaN: true, noDefaultInfinity: true }), { nil: undefined }),
      aOrig: text,
      bOrig: text,
      timeOrig: text,
      service: fc.constantFrom('call', 'sms', 'mms', 'data', 'ussd', 'unknown' as const),
      direction: fc.constantFrom('outgoing', 'incoming', 'unknown' as const),
      zone: fc.constantFrom('Asia/Bangkok', 'UTC', 'Asia/Yangon', ''),
      extra: fc.option(fc.dictionary(text, text, { maxKeys: 3 }), { nil: undefined }),
      // Identifiers and cell ids as files write them, and as they sometimes do (spaces, dashes, blanks): the columns
      // give some back exactly and the originals must keep the others.
      imei: fc.option(fc.oneof(fc.stringMatching(/^[0-9]{14,16}$/), fc.constantFrom(' 356938035643809', '3569 3803', '35-69', '', ' '), text), { nil: undefined }),
      imsi: fc.option(fc.oneof(fc.stringMatching(/^[0-9]{15}$/), fc.constantFrom('52001 123', ''), text), { nil: undefined }),
      lac: fc.option(fc.oneof(fc.stringMatching(/^[0-9]{1,5}$/), fc.constantFrom('12-3', ' 7', '', '-', 'A'), text), { nil: undefined }),
      cellId: fc.option(fc.oneof(fc.stringMatching(/^[0-9]{1,5}$/), fc.constantFrom('7-1', '9 ', '', '-'), text), { nil: undefined }),
      cgi: fc.option(fc.constantFrom('520-03-1046-1811', '  ', ''), { nil: undefined }),
      durOrig: fc.option(fc.oneof(fc.constant('as-number'), fc.constantFrom('0785', '1:05', '-0', '785 ', ''), text), { nil: undefined })
    })
    fc.assert(
      fc.property(fc.uniqueArray(arbCall, { selector: (c) => c.row, maxLength: 30 }), fc.integer({ min: 1, max: 7 }), (specs, size) => {
        const records: CallRecord[] = specs.map((c) => {
          const r: Record<string, unknown> = {
            kind: 'call',
            provenance: { sourceSha256: SRC_A, fileName: 'f.csv', sheet: 'S', row: c.row },
            service: c.service,
            direction: c.direction,
            aParty: { kind: 'identifier', original: c.aOrig },
            bParty: phone('+66800000000', c.bOrig),
            start: time(c.at, c.timeOrig, c.zone)
          }
          if (c.dur !== undefined) r.durationSeconds = c.dur
          if (c.durOrig !== undefined) r.durationOriginal = c.durOrig === 'as-number' ? String(c.dur ?? 0) : c.durOrig
          for (const k of ['imei', 'imsi', 'cgi', 'lac', 'cellId'] as const) if (c[k] !== undefined) r[k] = c[k]
          if (c.extra !== undefined) r.extra = c.extra
          return r as unknown as CallRecord
        })
        expect(sortById(roundTrip(records, size).decoded)).toEqual(sortById(records))
      }),
      { numRuns: 150 }
    )
  })
})

describe('originals the columns give back', () => {
  it('are stored as a mark, not as text, and come back exactly: IMEI, IMSI, LAC and cell id, a duration in seconds', () => {
    const records = Array.from({ length: 300 }, (_, k) => {
      const r = call({ row: k + 2, a: '+66811111111', b: `+6682222${String(k % 7).padStart(4, '0')}`, at: T0 + k * 1000, duration: k, imei: `35693803564380${k % 3}`, cellId: String(4711 + (k % 5)) }) as unknown as Record<string, unknown>
      r.imsi = `52001000000000${k % 4}`
      r.lac = String(1040 + (k % 2))
      return r as unknown as CallRecord
    })
    // Ones they do not: a spaced IMEI (its key has no space), a lac with a dash, a duration written with a leading zero.
    const odd = call({ row: 400, a: '+66811111111', b: '+66822220000', at: T0, imei: '35693803 5643809', cellId: '12' }) as unknown as Record<string, unknown>
    odd.lac = '10-4'
    odd.durationSeconds = 61
    odd.durationOriginal = '061'
    const all = [...records, odd as unknown as CallRecord]
    const built = buildSegments(all)
    const strings = built.originals.flatMap((o) => o.strings)
    for (const plain of ["'356938035643800", "'520010000000001", "'1040", "'4711", "'17"]) expect(strings).not.toContain(plain)
    for (const kept of ["'35693803 5643809", "'10-4", "'12", "'061"]) expect(strings).toContain(kept)
    const decoded = built.segments.flatMap((seg, s) => Array.from({ length: seg.count }, (_, i) => decodeRecord(seg, built.originals[s]!, i)))
    expect(sortById(decoded)).toEqual(sortById(all))
  })
})

describe('timeline times the columns give back', () => {
  const at = Date.UTC(2024, 2, 1, 3, 0, 5)
  const withTime = (row: number, start: Record<string, unknown>): CallRecord => ({ ...call({ row, a: '+66811111111', b: '+66822222222', at }), start } as unknown as CallRecord)
  const bangkok = (original: string, precision = 'second', utcMs = at) => ({ utcMs, zone: 'Asia/Bangkok', explicitOffset: false, original, precision })

  it('keeps a fixed-width text as a mark and gives it back exactly; keeps any other text as it was', () => {
    const derived = [
      withTime(2, bangkok('01/03/2024 10:00:05')),
      withTime(3, bangkok('2024-03-01 10:00', 'minute', at - 5000)),
      withTime(4, bangkok('03/01/2024 10:00:05')),
      // Read with an offset the zone's rules today would not give (local mean time, +6:42:04): kept as read.
      withTime(5, bangkok('01/03/2024 09:42:09')),
      withTime(6, bangkok('01.03.2024', 'day', Date.UTC(2024, 1, 29, 17)))
    ]
    const kept = [
      withTime(7, bangkok('01/03/2567 10:00:05')),
      withTime(8, bangkok('1/3/2024 10:00:05')),
      withTime(9, { utcMs: at, zone: 'UTC', explicitOffset: true, original: '2024-03-01 03:00:05', precision: 'second' }),
      withTime(10, bangkok('01/03/2024 10:00 AM', 'minute', at - 5000)),
      withTime(11, { ...bangkok('01/03/2024 10:00:06', 'second', at + 1000), note: 'a field of its own' })
    ]
    const all = [...derived, ...kept]
    const built = buildSegments(all)
    const text = built.originals.flatMap((o) => o.strings).join('\n')
    for (const r of derived) expect(text).not.toContain(r.start!.original)
    for (const r of kept) expect(text).toContain(r.start!.original)
    expect(sortById(roundTrip(all).decoded)).toEqual(sortById(all))
  })

  it('does not depend on the zone’s rules: a stored text is the same whatever zone the dictionary names', () => {
    const records = Array.from({ length: 50 }, (_, k) => withTime(k + 2, bangkok(new Date(at + k * 3_600_000 + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' '), 'second', at + k * 3_600_000)))
    const built = buildSegments(records)
    expect(built.originals.flatMap((o) => o.strings).filter((x) => x.startsWith('\u0003'))).toEqual(['\u0003s25200000|YYYY-MM-DD hh:mm:ss'])
    const seg = built.segments[0]!
    const elsewhere = { ...seg, dict: seg.dict.map((x) => (x === 'Asia/Bangkok' ? 'America/New_York' : x)) }
    for (let i = 0; i < seg.count; i++) {
      const r = decodeRecord(elsewhere, built.originals[0]!, i) as CallRecord
      expect(r.start!.original).toBe(records[r.provenance.row - 2]!.start!.original)
    }
  })

  it('gives back any fixed-width text at any offset, mixed with texts it keeps (property)', () => {
    const templates = ['DD/MM/YYYY hh:mm:ss', 'MM-DD-YYYY hh:mm:ss', 'YYYY-MM-DDThh:mm:ss', 'DD/MM/YYYY hh:mm', 'YYYY.MM.DD']
    const arb = fc.record({
      row: fc.integer({ min: 1, max: 100_000 }),
      at: fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }).map((x) => Math.floor(x / 1000) * 1000),
      offset: fc.oneof(fc.integer({ min: -14 * 60, max: 14 * 60 }).map((m) => m * 60_000), fc.integer({ min: -86_000, max: 86_000 }).map((s) => s * 1000)),
      template: fc.constantFrom(...templates),
      other: fc.option(fc.string({ maxLength: 20 }), { nil: undefined })
    })
    fc.assert(
      fc.property(fc.uniqueArray(arb, { selector: (x) => x.row, maxLength: 40 }), fc.integer({ min: 1, max: 9 }), (specs, size) => {
        const records = specs.map((x) => {
          const t = compileTemplate(x.template)!
          // The instant the text denotes at that offset (a template without seconds or time shows fewer of them).
          const local = readLocal(writeLocal(x.at + x.offset, t), t)
          const original = x.other ?? writeLocal(local, t)
          const precision = x.template.includes('ss') ? 'second' : x.template.includes('mm') ? 'minute' : 'day'
          return withTime(x.row, { utcMs: local - x.offset, zone: 'Asia/Yangon', explicitOffset: false, original, precision })
        })
        expect(sortById(roundTrip(records, size).decoded)).toEqual(sortById(records))
      }),
      { numRuns: 200 }
    )
  })
})

describe('segment stream', () => {
  it('encodes records as they come, each segment sorted by time, and gives the same segments as buildSegments for a time-ordered file', () => {
    const records: WaymarkRecord[] = [3, 1, 2, 6, 5, 4, 7].map((k) => call({ row: k + 1, a: '+66811111111', b: '+66822222222', at: T0 + k * 1000 }))
    records.splice(2, 0, { kind: 'person', provenance: { sourceSha256: SRC_A, fileName: 'target-a.csv', sheet: 'Subs', row: 2 }, name: 'A' })
    const stream = createSegmentStream({ sourceId: SRC_A, segmentSize: 3 })
    const out = records.map((r) => stream.add(r)).filter((x) => x !== null)
    const end = stream.finish()
    const segs = [...out, end.last!].map((e) => e.segment)
    expect(segs.map((s) => [...s.row])).toEqual([
      [2, 3, 4],
      [5, 6, 7],
      [8]
    ])
    expect(segs.map((s) => s.seq)).toEqual([0, 1, 2])
    expect(end.events).toBe(7)
    expect(end.entityRecords).toHaveLength(1)
    const decoded = [...out, end.last!].flatMap((e) => Array.from({ length: e.segment.count }, (_, i) => decodeRecord(e.segment, e.originals, i)))
    expect(sortById(decoded)).toEqual(sortById(records.filter((r) => r.kind === 'call')))

    const ordered = [...records].filter((r) => r.kind === 'call').sort((x, y) => x.provenance.row - y.provenance.row)
    const again = createSegmentStream({ sourceId: SRC_A, segmentSize: 3 })
    const streamed = [...ordered.map((r) => again.add(r)), again.finish().last].filter((x) => x !== null).map((e) => e.segment)
    expect(streamed).toEqual(buildSegments(ordered, { segmentSize: 3 }).segments)
  })
})

describe('segment stream across many segments', () => {
  /** Calls among a few parties and handsets that recur in every segment, arriving out of time order. */
  function recurringCalls(n: number): CallRecord[] {
    const parties = ['+66811111111', '+66822222222', '+85512345678', '+95912345678']
    return Array.from({ length: n }, (_, k) => {
      const r = call({
        row: k + 2,
        a: parties[k % 4]!,
        b: parties[(k * 3 + 1) % 4]!,
        at: T0 + ((k * 7919) % n) * 1000,
        duration: k % 5,
        imei: k % 3 === 0 ? '356938035643809' : '490154203237518',
        cellId: String(k % 6)
      }) as unknown as Record<string, unknown>
      if (k % 4 === 0) r.flags = ['imei-invalid']
      return r as unknown as CallRecord
    })
  }

  function encodeAll(records: readonly WaymarkRecord[], options: { segmentSize: number; maxSharedStrings?: number }) {
    const stream = createSegmentStream({ sourceId: SRC_A, ...options })
    const out = [...records.map((r) => stream.add(r)), stream.finish().last].filter((e) => e !== null)
    return out.map((e) => ({ segment: deserialiseSegment(store(serialiseSegment(e.segment))), originals: deserialiseOriginals(store(serialiseOriginals(e.originals))) }))
  }

  it('gives every segment its own complete dictionary, with only the strings it uses, when the same parties recur', () => {
    const records = recurringCalls(40)
    const segs = encodeAll(records, { segmentSize: 7 })
    expect(segs.length).toBe(6)
    for (const { segment: s } of segs) {
      expect(new Set(s.dict).size).toBe(s.dict.length)
      const used = new Set<number>([0])
      for (const col of [s.a, s.b, s.aAlt, s.bAlt, s.imei, s.imsi, s.cell, s.sheet, s.zone, s.text]) for (const c of col) used.add(c)
      expect(used.size).toBe(s.dict.length)
      for (let i = 1; i < s.count; i++) expect(s.at[i - 1]! <= s.at[i]!).toBe(true)
    }
    const decoded = segs.flatMap(({ segment, originals }) => Array.from({ length: segment.count }, (_, i) => decodeRecord(segment, originals, i)))
    expect(sortById(decoded)).toEqual(sortById(records))
  })

  it('still gives back every record exactly when its source-wide tables are dropped between segments', () => {
    const records = recurringCalls(60)
    const small = encodeAll(records, { segmentSize: 5, maxSharedStrings: 3 })
    const decoded = small.flatMap(({ segment, originals }) => Array.from({ length: segment.count }, (_, i) => decodeRecord(segment, originals, i)))
    expect(sortById(decoded)).toEqual(sortById(records))
    // Same columns, whatever the tables held: only the code numbering may differ.
    const big = encodeAll(records, { segmentSize: 5 })
    const texts = (segs: typeof big) => segs.map(({ segment: s }) => [...s.a].map((c, i) => `${s.dict[c]}>${s.dict[s.b[i]!]}@${s.at[i]}#${s.dict[s.cell[i]!]}`))
    expect(texts(small)).toEqual(texts(big))
  })

  it('stores a CDR segment in about half the bytes: a column of one value as that value, codes in 16 bits, and reads every column back at its own type', () => {
    const [e] = [createSegmentStream({ sourceId: SRC_A })].map((st) => {
      for (const r of recurringCalls(500)) st.add(r)
      return st.finish().last!
    })
    const s = e!.segment
    const packed = serialiseSegment(s)
    expect(packed.buffer.byteLength).toBeLessThan((s.count * BYTES_PER_EVENT) / 2)
    const names = ['at', 'durationS', 'a', 'b', 'aAlt', 'bAlt', 'imei', 'imsi', 'cell', 'row', 'sheet', 'zone', 'text', 'flags', 'kind', 'direction'] as const
    const width = (name: (typeof names)[number]) => packed.widths![names.indexOf(name)]
    // One sheet, one zone, no accounts and no text: one value each.
    for (const name of ['aAlt', 'bAlt', 'sheet', 'zone', 'text'] as const) expect(width(name)).toBe(0)
    expect(width('a')).toBeLessThanOrEqual(2)
    expect(width('at')).toBe(8)
    const back = deserialiseSegment(store(packed))
    for (const name of names) {
      expect(back[name].constructor).toBe(s[name].constructor)
      expect([...back[name]]).toEqual([...s[name]])
    }
    const o = e!.originals
    const so = serialiseOriginals(o)
    expect(so.buffer.byteLength).toBeLessThan(o.fields.length * o.count * 2 + 1)
    const ob = deserialiseOriginals(store(so))
    expect(ob.codes.map((c) => c.constructor)).toEqual(o.codes.map(() => Uint32Array))
    expect(ob.codes.map((c) => [...c])).toEqual(o.codes.map((c) => [...c]))
  })

  it('packs and unpacks any column values exactly: wide and narrow whole numbers, one repeated value, NaN and -0 (property)', () => {
    const whole = (max: number) => fc.array(fc.integer({ min: 0, max }), { minLength: 1, maxLength: 40 })
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom(0xff, 0xffff, 0xffffffff),
        fc.boolean(),
        fc.constantFrom(NaN, -0, 0, 1.5, -Infinity),
        whole(0xffffffff),
        (count, max, repeated, special, seeds) => {
          const int = (k: number) => (repeated ? seeds[0]! % (max + 1) : seeds[(k * 7) % seeds.length]! % (max + 1))
          const cols = allocateColumns(count)
          for (let i = 0; i < count; i++) {
            cols.at[i] = repeated ? special : i % 3 === 0 ? special : i * 1.25
            cols.durationS[i] = special
            for (const n of ['a', 'b', 'aAlt', 'bAlt', 'imei', 'imsi', 'cell', 'row', 'sheet', 'zone', 'text'] as const) cols[n][i] = int(i + n.length)
            cols.flags[i] = int(i) & 0xffff
            cols.kind[i] = int(i) & 0xff
            cols.direction[i] = repeated ? 1 : i % 4
          }
          const seg: Segment = { format: SEGMENT_FORMAT, sourceId: SRC_A, fileName: 'x.csv', seq: 0, count, datedCount: count, minAt: 0, maxAt: 0, dict: [''], ...cols }
          const back = deserialiseSegment(store(serialiseSegment(seg)))
          for (const [name, values] of Object.entries(cols)) {
            const got = back[name as keyof typeof cols]
            expect(got.constructor).toBe(values.constructor)
            // Object.is per value: NaN stays NaN, -0 stays -0.
            expect([...got].every((v, i) => Object.is(v, values[i]))).toBe(true)
          }
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe('event ids', () => {
  it('are source:sheet:row and parse back even when the sheet holds a colon', () => {
    const id = eventId(SRC_A, 'Sheet: 2024', 17)
    expect(id).toBe(`${SRC_A}:Sheet: 2024:17`)
    expect(parseEventId(id)).toEqual({ sourceId: SRC_A, sheet: 'Sheet: 2024', row: 17 })
    expect(parseEventId('nonsense')).toBeNull()
    expect(parseEventId(`${SRC_A}:CDR:x`)).toBeNull()
  })
})
