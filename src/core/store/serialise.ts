// Converts segments to and from what IndexedDB stores cheaply: one ArrayBuffer of all columns plus the strings.
//
// Format 2 packs a segment's dictionary and its originals' strings each into one string with the end offset of every
// entry: IndexedDB then clones one string per segment instead of tens of thousands (a million-row import stored some
// four million small strings in format 1). Format 1 (an array of strings) is still read.
//
// Format 4 (written now) packs the columns too. A column whose values are all the same (a CDR's sheet, zone, and its
// empty account and text columns) is stored as that one value, and codes, rows and flags as 8 or 16 bits when all of
// the segment's values fit: a million-row CDR's columns and originals' codes take about half the bytes, and that is
// what IndexedDB spent its time on during an import. Decoding gives every column its usual type: a column stored at
// its own width is a view on the stored buffer, the others are widened into new arrays. Formats 1 to 3 (columns at
// full width, see LAYOUT) are still read.
import { SEGMENT_FORMAT, type Segment, type SegmentOriginals } from './segment'

/** Formats deserialise accepts. */
const READABLE_FORMATS: readonly number[] = [1, 2, 3, 4, 5]

/** A segment's header fields as they are, its columns packed into one buffer. */
export interface SerialisedSegment extends Pick<Segment, 'format' | 'sourceId' | 'fileName' | 'seq' | 'count' | 'datedCount' | 'minAt' | 'maxAt'> {
  /** All columns back to back, widest first so every view is aligned (see LAYOUT); format 4: as `widths` say. */
  readonly buffer: ArrayBuffer
  /** Format 4: per column of LAYOUT, the bytes per value it is stored with, or 0 when one value (in `constants`) stands for all. */
  readonly widths?: Uint8Array
  readonly constants?: Float64Array
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
  /** fields.length × count Uint32 codes, field after field; format 4: as `widths` say, widest first. */
  readonly buffer: ArrayBuffer
  /** Format 4: per field, the bytes per code it is stored with, or 0 when one code (in `constants`) stands for all. */
  readonly widths?: Uint8Array
  readonly constants?: Uint32Array
  /** Format 1: the encoded values, one string each. */
  readonly strings?: readonly string[]
  /** Format 2: the encoded values joined, and where each ends. */
  readonly stringsText?: string
  readonly stringsEnds?: Uint32Array
}

function pack(strings: readonly string[]): { text: string; ends: Uint32Array } {
  return { text: strings.join(''), ends: stringEnds(strings) }
}

/** Where each string ends in their concatenation. (A loop of its own: see copyPlainColumns in encode.ts.) */
function stringEnds(strings: readonly string[]): Uint32Array {
  const ends = new Uint32Array(strings.length)
  let end = 0
  for (let i = 0; i < strings.length; i++) {
    end += strings[i]!.length
    ends[i] = end
  }
  return ends
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
 * Empty columns for `count` events, all views on one buffer laid out as formats 1 to 3 stored them (one allocation
 * per segment instead of sixteen).
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

export function serialiseSegment(s: Segment): SerialisedSegment {
  const columns = LAYOUT.map(([name]) => {
    const values = s[name]
    if (values.length !== s.count) throw new Error(`serialiseSegment: column ${name} has ${values.length} values, not ${s.count}`)
    return values
  })
  const packed = packColumns(
    columns,
    LAYOUT.map(([, width]) => width),
    s.count
  )
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
    buffer: packed.buffer,
    widths: packed.widths,
    constants: packed.constants,
    dictText: dict.text,
    dictEnds: dict.ends
  }
}

type Packed = 0 | Width

/**
 * How format 4 stores a column: 0 when all its values are one (`constant`; for doubles the same by Object.is, so NaN
 * and -0 stay what they were), otherwise the fewest bytes that hold every value (whole-number columns only).
 */
function packing(values: ColumnArray, native: Width): { width: Packed; constant: number } {
  const n = values.length
  if (n === 0) return { width: native, constant: 0 }
  const first = values[0]!
  if (native === 8) {
    for (let i = 1; i < n; i++) if (!Object.is(values[i], first)) return { width: 8, constant: 0 }
    return { width: 0, constant: first }
  }
  let max = first
  let same = true
  for (let i = 1; i < n; i++) {
    const v = values[i]!
    if (v !== first) same = false
    if (v > max) max = v
  }
  if (same) return { width: 0, constant: first }
  const width: Width = max < 0x100 ? 1 : max < 0x10000 ? 2 : 4
  return { width: width < native ? width : native, constant: 0 }
}

/** Where each packed column starts in the buffer (widest first, so every view is aligned), and the buffer's size. */
function packedOffsets(widths: ArrayLike<number>, count: number): { offsets: number[]; size: number } {
  const offsets = new Array<number>(widths.length).fill(0)
  let size = 0
  for (const w of [8, 4, 2, 1]) {
    for (let i = 0; i < widths.length; i++) {
      if (widths[i] !== w) continue
      offsets[i] = size
      size += count * w
    }
  }
  return { offsets, size }
}

function packColumns(columns: readonly ColumnArray[], natives: readonly Width[], count: number): { buffer: ArrayBuffer; widths: Uint8Array; constants: Float64Array } {
  const widths = new Uint8Array(columns.length)
  const constants = new Float64Array(columns.length)
  columns.forEach((values, i) => {
    const p = packing(values, natives[i]!)
    widths[i] = p.width
    constants[i] = p.constant
  })
  const { offsets, size } = packedOffsets(widths, count)
  const buffer = new ArrayBuffer(size)
  columns.forEach((values, i) => {
    const w = widths[i]! as Packed
    // Every value fits the narrower type (checked above), so set() converts without loss; doubles are copied bit for bit.
    if (w !== 0) (view(buffer, offsets[i]!, count, w) as Float64Array).set(values as Float64Array)
  })
  return { buffer, widths, constants }
}

/** Format 4's columns (or originals' codes) back at their usual widths: views where stored so, new arrays otherwise. */
function unpackColumns(x: { buffer: ArrayBuffer; widths?: Uint8Array | undefined; constants?: ArrayLike<number> | undefined }, natives: readonly Width[], count: number, what: string): ColumnArray[] {
  const { widths, constants } = x
  if (!(widths instanceof Uint8Array) || widths.length !== natives.length || !constants || constants.length !== natives.length) throw new SegmentFormatError(`${what} is damaged: its column widths are missing`)
  for (let i = 0; i < natives.length; i++) {
    const w = widths[i]!
    const native = natives[i]!
    if (!(w === 0 || w === native || (native !== 8 && (w === 1 || w === 2 || w === 4) && w < native))) throw new SegmentFormatError(`${what} is damaged: a column stored ${w} bytes wide`)
  }
  const { offsets, size } = packedOffsets(widths, count)
  if (x.buffer.byteLength !== size) throw new SegmentFormatError(`${what} is damaged: ${x.buffer.byteLength} bytes where its columns take ${size}`)
  return natives.map((native, i) => {
    const w = widths[i]! as Packed
    if (w === native) return view(x.buffer, offsets[i]!, count, native)
    const out = view(new ArrayBuffer(count * native), 0, count, native)
    if (w === 0) out.fill(constants[i]!)
    else out.set(view(x.buffer, offsets[i]!, count, w) as Float64Array)
    return out
  })
}

export class SegmentFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SegmentFormatError'
  }
}

export function deserialiseSegment(x: SerialisedSegment): Segment {
  checkFormat(x.format, 'segment')
  const what = `segment ${x.sourceId}#${x.seq}`
  if (x.format < 4 && x.buffer.byteLength !== x.count * BYTES_PER_EVENT) throw new SegmentFormatError(`${what} is damaged: ${x.buffer.byteLength} bytes for ${x.count} events`)
  let dict: readonly string[]
  if (x.format === 1) {
    if (!Array.isArray(x.dict)) throw new SegmentFormatError(`${what} is damaged: its dictionary is missing`)
    dict = x.dict
  } else dict = unpack(x.dictText, x.dictEnds, what)
  const cols: Partial<Record<ColumnName, ColumnArray>> = {}
  if (x.format >= 4) {
    const unpacked = unpackColumns(
      x,
      LAYOUT.map(([, width]) => width),
      x.count,
      what
    )
    LAYOUT.forEach(([name], i) => (cols[name] = unpacked[i]!))
  } else {
    let offset = 0
    for (const [name, width] of LAYOUT) {
      cols[name] = view(x.buffer, offset, x.count, width)
      offset += x.count * width
    }
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
  o.codes.forEach((codes, f) => {
    if (codes.length !== o.count) throw new Error(`serialiseOriginals: field ${o.fields[f]} has ${codes.length} codes, not ${o.count}`)
  })
  const packed = packColumns(
    o.codes,
    o.codes.map(() => 4),
    o.count
  )
  const strings = pack(o.strings)
  return {
    format: SEGMENT_FORMAT,
    count: o.count,
    fields: [...o.fields],
    buffer: packed.buffer,
    widths: packed.widths,
    constants: Uint32Array.from(packed.constants),
    stringsText: strings.text,
    stringsEnds: strings.ends
  }
}

export function deserialiseOriginals(x: SerialisedOriginals): SegmentOriginals {
  checkFormat(x.format, 'originals')
  if (x.format < 4 && x.buffer.byteLength !== x.fields.length * x.count * 4) throw new SegmentFormatError(`originals are damaged: ${x.buffer.byteLength} bytes for ${x.fields.length} fields × ${x.count} events`)
  let strings: readonly string[]
  if (x.format === 1) {
    if (!Array.isArray(x.strings)) throw new SegmentFormatError('originals are damaged: their strings are missing')
    strings = x.strings
  } else strings = unpack(x.stringsText, x.stringsEnds, 'originals')
  const codes =
    x.format >= 4
      ? (unpackColumns(
          x,
          x.fields.map(() => 4),
          x.count,
          'originals'
        ) as Uint32Array[])
      : x.fields.map((_, f) => new Uint32Array(x.buffer, f * x.count * 4, x.count))
  return { format: x.format, count: x.count, fields: x.fields, codes, strings }
}
