// Converts segments to and from what IndexedDB stores cheaply: one ArrayBuffer of all columns plus a string array.
// Decoding makes typed-array views on the stored buffer, so loading a segment copies nothing.
import { SEGMENT_FORMAT, type Segment, type SegmentOriginals } from './segment'

/** A segment's header fields as they are, its columns packed into one buffer. */
export interface SerialisedSegment extends Pick<Segment, 'format' | 'sourceId' | 'fileName' | 'seq' | 'count' | 'datedCount' | 'minAt' | 'maxAt'> {
  /** All columns back to back, widest first so every view is aligned (see LAYOUT). */
  readonly buffer: ArrayBuffer
  readonly dict: readonly string[]
}

export interface SerialisedOriginals {
  readonly format: number
  readonly count: number
  readonly fields: readonly string[]
  /** fields.length × count Uint32 codes, field after field. */
  readonly buffer: ArrayBuffer
  readonly strings: readonly string[]
}

type Width = 8 | 4 | 2 | 1
type ColumnName = 'at' | 'durationS' | 'a' | 'b' | 'aAlt' | 'bAlt' | 'imei' | 'imsi' | 'cell' | 'row' | 'sheet' | 'zone' | 'text' | 'flags' | 'kind' | 'direction'

// Order matters: 8-byte columns first, then 4, 2, 1, so each column starts at a multiple of its own width.
const LAYOUT: readonly (readonly [ColumnName, Width])[] = [
  ['at', 8],
  ['durationS', 8],
  ['a', 4],
  ['b', 4],
  ['aAlt', 4],
  ['bAlt', 4],
  ['imei', 4],
  ['imsi', 4],
  ['cell', 4],
  ['row', 4],
  ['sheet', 4],
  ['zone', 4],
  ['text', 4],
  ['flags', 2],
  ['kind', 1],
  ['direction', 1]
]

/** Bytes per event in the column buffer. */
export const BYTES_PER_EVENT = LAYOUT.reduce((sum, [, w]) => sum + w, 0)

type ColumnArray = Float64Array | Uint32Array | Uint16Array | Uint8Array

function view(buffer: ArrayBuffer, offset: number, count: number, width: Width): ColumnArray {
  switch (width) {
    case 8:
      return new Float64Array(buffer, offset, count)
    case 4:
      return new Uint32Array(buffer, offset, count)
    case 2:
      return new Uint16Array(buffer, offset, count)
    case 1:
      return new Uint8Array(buffer, offset, count)
  }
}

export function serialiseSegment(s: Segment): SerialisedSegment {
  const buffer = new ArrayBuffer(s.count * BYTES_PER_EVENT)
  let offset = 0
  for (const [name, width] of LAYOUT) {
    const source = s[name]
    if (source.length !== s.count) throw new Error(`serialiseSegment: column ${name} has ${source.length} values, not ${s.count}`)
    // The view has the same element type as the column, so set() copies the bits exactly (NaN payloads and -0 too).
    ;(view(buffer, offset, s.count, width) as Float64Array).set(source as Float64Array)
    offset += s.count * width
  }
  return {
    format: s.format,
    sourceId: s.sourceId,
    fileName: s.fileName,
    seq: s.seq,
    count: s.count,
    datedCount: s.datedCount,
    minAt: s.minAt,
    maxAt: s.maxAt,
    buffer,
    dict: [...s.dict]
  }
}

export class SegmentFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SegmentFormatError'
  }
}

export function deserialiseSegment(x: SerialisedSegment): Segment {
  if (x.format !== SEGMENT_FORMAT) throw new SegmentFormatError(`segment format ${x.format} is not readable by this version (expects ${SEGMENT_FORMAT})`)
  if (x.buffer.byteLength !== x.count * BYTES_PER_EVENT) throw new SegmentFormatError(`segment ${x.sourceId}#${x.seq} is damaged: ${x.buffer.byteLength} bytes for ${x.count} events`)
  const cols: Partial<Record<ColumnName, ColumnArray>> = {}
  let offset = 0
  for (const [name, width] of LAYOUT) {
    cols[name] = view(x.buffer, offset, x.count, width)
    offset += x.count * width
  }
  return {
    format: x.format,
    sourceId: x.sourceId,
    fileName: x.fileName,
    seq: x.seq,
    count: x.count,
    datedCount: x.datedCount,
    minAt: x.minAt,
    maxAt: x.maxAt,
    dict: x.dict,
    at: cols.at as Float64Array,
    durationS: cols.durationS as Float64Array,
    a: cols.a as Uint32Array,
    b: cols.b as Uint32Array,
    aAlt: cols.aAlt as Uint32Array,
    bAlt: cols.bAlt as Uint32Array,
    imei: cols.imei as Uint32Array,
    imsi: cols.imsi as Uint32Array,
    cell: cols.cell as Uint32Array,
    row: cols.row as Uint32Array,
    sheet: cols.sheet as Uint32Array,
    zone: cols.zone as Uint32Array,
    text: cols.text as Uint32Array,
    flags: cols.flags as Uint16Array,
    kind: cols.kind as Uint8Array,
    direction: cols.direction as Uint8Array
  }
}

export function serialiseOriginals(o: SegmentOriginals): SerialisedOriginals {
  const buffer = new ArrayBuffer(o.fields.length * o.count * 4)
  o.codes.forEach((codes, f) => {
    if (codes.length !== o.count) throw new Error(`serialiseOriginals: field ${o.fields[f]} has ${codes.length} codes, not ${o.count}`)
    new Uint32Array(buffer, f * o.count * 4, o.count).set(codes)
  })
  return { format: o.format, count: o.count, fields: [...o.fields], buffer, strings: [...o.strings] }
}

export function deserialiseOriginals(x: SerialisedOriginals): SegmentOriginals {
  if (x.format !== SEGMENT_FORMAT) throw new SegmentFormatError(`originals format ${x.format} is not readable by this version (expects ${SEGMENT_FORMAT})`)
  if (x.buffer.byteLength !== x.fields.length * x.count * 4) throw new SegmentFormatError(`originals are damaged: ${x.buffer.byteLength} bytes for ${x.fields.length} fields × ${x.count} events`)
  return { format: x.format, count: x.count, fields: x.fields, codes: x.fields.map((_, f) => new Uint32Array(x.buffer, f * x.count * 4, x.count)), strings: x.strings }
}
