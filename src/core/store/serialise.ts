// Converts segments to and from what IndexedDB stores cheaply: one ArrayBuffer of all columns plus the strings.
// Decoding makes typed-array views on the stored buffer, so loading a segment copies no column.
//
// Format 2 (written now) packs a segment's dictionary and its originals' strings each into one string with the end
// offset of every entry: IndexedDB then clones one string per segment instead of tens of thousands (a million-row
// import stored some four million small strings in format 1). Format 1 (an array of strings) is still read.
import { SEGMENT_FORMAT, type Segment, type SegmentOriginals } from './segment'

/** Formats deserialise accepts. */
const READABLE_FORMATS: readonly number[] = [1, 2, 3]

/** A segment's header fields as they are, its columns packed into one buffer. */
export interface SerialisedSegment extends Pick<Segment, 'format' | 'sourceId' | 'fileName' | 'seq' | 'count' | 'datedCount' | 'minAt' | 'maxAt'> {
  /** All columns back to back, widest first so every view is aligned (see LAYOUT). */
  readonly buffer: ArrayBuffer
  /** Format 1: the dictionary, one string per code. */
  readonly dict?: readonly string[]
  /** Format 2: the dictionary's strings joined, and where each ends. */
  readonly dictText?: string
  readonly dictEnds?: Uint32Array
}

export interface SerialisedOriginals {
  readonly format: number
  readonly count: number
  readonly fields: readonly string[]
  /** fields.length × count Uint32 codes, field after field. */
  readonly buffer: ArrayBuffer
  /** Format 1: the encoded values, one string each. */
  readonly strings?: readonly string[]
  /** Format 2: the encoded values joined, and where each ends. */
  readonly stringsText?: string
  readonly stringsEnds?: Uint32Array
}

function pack(strings: readonly string[]): { text: string; ends: Uint32Array } {
  const ends = new Uint32Array(strings.length)
  let end = 0
  for (let i = 0; i < strings.length; i++) {
    end += strings[i]!.length
    ends[i] = end
  }
  return { text: strings.join(''), ends }
}

function unpack(text: string | undefined, ends: Uint32Array | undefined, what: string): string[] {
  if (typeof text !== 'string' || !(ends instanceof Uint32Array)) throw new SegmentFormatError(`${what} is damaged: its strings are missing`)
  if ((ends.length > 0 ? ends[ends.length - 1]! : 0) !== text.length) throw new SegmentFormatError(`${what} is damaged: its strings do not add up`)
  const out = new Array<string>(ends.length)
  let start = 0
  for (let i = 0; i < ends.length; i++) {
    const end = ends[i]!
    if (end < start) throw new SegmentFormatError(`${what} is damaged: its strings overlap`)
    out[i] = text.slice(start, end)
    start = end
  }
  return out
}

function checkFormat(format: number, what: string): void {
  if (!READABLE_FORMATS.includes(format)) throw new SegmentFormatError(`${what} format ${format} is not readable by this version (reads ${READABLE_FORMATS.join(', ')})`)
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

export type SegmentColumns = Pick<Segment, ColumnName>

/**
 * Empty columns for `count` events, all views on one buffer laid out as stored: a segment built on them is
 * serialised without copying its columns.
 */
export function allocateColumns(count: number): SegmentColumns {
  const buffer = new ArrayBuffer(count * BYTES_PER_EVENT)
  const cols: Partial<Record<ColumnName, ColumnArray>> = {}
  let offset = 0
  for (const [name, width] of LAYOUT) {
    cols[name] = view(buffer, offset, count, width)
    offset += count * width
  }
  return cols as SegmentColumns
}

/** The buffer every column of `s` is already a view on, in stored order; null when the columns live elsewhere. */
function sharedBuffer(s: Segment): ArrayBuffer | null {
  const buffer = s.at.buffer
  if (!(buffer instanceof ArrayBuffer) || buffer.byteLength !== s.count * BYTES_PER_EVENT) return null
  let offset = 0
  for (const [name, width] of LAYOUT) {
    const c = s[name]
    if (c.buffer !== buffer || c.byteOffset !== offset || c.length !== s.count) return null
    offset += s.count * width
  }
  return buffer
}

export function serialiseSegment(s: Segment): SerialisedSegment {
  let buffer = sharedBuffer(s)
  if (!buffer) {
    buffer = new ArrayBuffer(s.count * BYTES_PER_EVENT)
    let offset = 0
    for (const [name, width] of LAYOUT) {
      const source = s[name]
      if (source.length !== s.count) throw new Error(`serialiseSegment: column ${name} has ${source.length} values, not ${s.count}`)
      // The view has the same element type as the column, so set() copies the bits exactly (NaN payloads and -0 too).
      ;(view(buffer, offset, s.count, width) as Float64Array).set(source as Float64Array)
      offset += s.count * width
    }
  }
  const dict = pack(s.dict)
  return {
    format: SEGMENT_FORMAT,
    sourceId: s.sourceId,
    fileName: s.fileName,
    seq: s.seq,
    count: s.count,
    datedCount: s.datedCount,
    minAt: s.minAt,
    maxAt: s.maxAt,
    buffer,
    dictText: dict.text,
    dictEnds: dict.ends
  }
}

export class SegmentFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SegmentFormatError'
  }
}

export function deserialiseSegment(x: SerialisedSegment): Segment {
  checkFormat(x.format, 'segment')
  if (x.buffer.byteLength !== x.count * BYTES_PER_EVENT) throw new SegmentFormatError(`segment ${x.sourceId}#${x.seq} is damaged: ${x.buffer.byteLength} bytes for ${x.count} events`)
  let dict: readonly string[]
  if (x.format === 1) {
    if (!Array.isArray(x.dict)) throw new SegmentFormatError(`segment ${x.sourceId}#${x.seq} is damaged: its dictionary is missing`)
    dict = x.dict
  } else dict = unpack(x.dictText, x.dictEnds, `segment ${x.sourceId}#${x.seq}`)
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
    dict,
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
  const strings = pack(o.strings)
  return { format: SEGMENT_FORMAT, count: o.count, fields: [...o.fields], buffer, stringsText: strings.text, stringsEnds: strings.ends }
}

export function deserialiseOriginals(x: SerialisedOriginals): SegmentOriginals {
  checkFormat(x.format, 'originals')
  if (x.buffer.byteLength !== x.fields.length * x.count * 4) throw new SegmentFormatError(`originals are damaged: ${x.buffer.byteLength} bytes for ${x.fields.length} fields × ${x.count} events`)
  let strings: readonly string[]
  if (x.format === 1) {
    if (!Array.isArray(x.strings)) throw new SegmentFormatError('originals are damaged: their strings are missing')
    strings = x.strings
  } else strings = unpack(x.stringsText, x.stringsEnds, 'originals')
  return { format: x.format, count: x.count, fields: x.fields, codes: x.fields.map((_, f) => new Uint32Array(x.buffer, f * x.count * 4, x.count)), strings }
}
