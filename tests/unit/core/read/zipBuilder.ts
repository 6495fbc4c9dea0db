// Builds small hostile zip files in memory for tests: hand-written DEFLATE streams that expand hugely, and directories that lie.

/** Writes bits least-significant first, as DEFLATE does. */
class BitWriter {
  private bytes: number[] = []
  private cur = 0
  private n = 0
  bits(value: number, count: number): void {
    for (let i = 0; i < count; i++) this.bit((value >> i) & 1)
  }
  /** Huffman codes are defined most-significant bit first. */
  code(value: number, count: number): void {
    for (let i = count - 1; i >= 0; i--) this.bit((value >> i) & 1)
  }
  private bit(b: number): void {
    this.cur |= b << this.n
    if (++this.n === 8) {
      this.bytes.push(this.cur)
      this.cur = 0
      this.n = 0
    }
  }
  done(): Uint8Array {
    if (this.n > 0) this.bytes.push(this.cur)
    return Uint8Array.from(this.bytes)
  }
}

/**
 * A raw DEFLATE stream that inflates to `1 + 258 * repeats` zero bytes at DEFLATE's best ratio (about 1032:1),
 * as real zip bombs do: one dynamic-Huffman block whose codes are 1 bit for "copy 258 bytes" and for
 * "distance 1", after a single literal 0. 200 MB of output takes about 200 KB.
 */
export function deflateZeros(repeats: number): { data: Uint8Array; size: number } {
  const w = new BitWriter()
  w.bits(1, 1) // final block
  w.bits(2, 2) // dynamic Huffman
  w.bits(29, 5) // 286 literal/length codes
  w.bits(0, 5) // 1 distance code
  w.bits(14, 4) // 18 code-length code lengths follow
  // Code-length alphabet, in DEFLATE's order 16,17,18,0,8,7,9,6,10,5,11,4,12,3,13,2,14,1: symbols 1, 2, 17, 18 get 2 bits.
  for (const len of [0, 2, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2]) w.bits(len, 3)
  // Canonical codes for that alphabet: 1 → 00, 2 → 01, 17 → 10, 18 → 11.
  const cl = { one: [0, 2], two: [1, 2], zeros: [3, 2] } as const
  const put = (c: readonly [number, number]): void => w.code(c[0], c[1])
  put(cl.two) // literal 0: length 2
  put(cl.zeros)
  w.bits(138 - 11, 7) // 138 zeros
  put(cl.zeros)
  w.bits(117 - 11, 7) // 117 zeros: literals 1–255 unused
  put(cl.two) // 256 end-of-block: length 2
  put(cl.zeros)
  w.bits(28 - 11, 7) // 257–284 unused
  put(cl.one) // 285 (length 258): length 1
  put(cl.one) // distance code 0: length 1
  // Resulting codes: 285 → 0, literal 0 → 10, end of block → 11; distance 0 → 0.
  w.code(0b10, 2)
  for (let i = 0; i < repeats; i++) {
    w.code(0, 1)
    w.code(0, 1)
  }
  w.code(0b11, 2)
  return { data: w.done(), size: 1 + 258 * repeats }
}

/** A stored (uncompressed) DEFLATE stream of the given bytes. */
export function deflateStored(content: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + content.length)
  out[0] = 1 // final, stored
  out[1] = content.length & 0xff
  out[2] = content.length >> 8
  out[3] = ~content.length & 0xff
  out[4] = (~content.length >> 8) & 0xff
  out.set(content, 5)
  return out
}

export interface ZipEntrySpec {
  readonly name: string
  /** Compressed bytes as stored. */
  readonly data: Uint8Array
  readonly method: 0 | 8
  /** What the directory claims. */
  readonly declaredSize: number
  /** What the local header claims (defaults to declaredSize). */
  readonly localSize?: number
  readonly flags?: number
}

/** Assembles entries into a zip archive with local headers, a central directory and its end record. */
export function buildZip(entries: readonly ZipEntrySpec[]): Uint8Array {
  const parts: number[] = []
  const central: number[] = []
  const u16 = (a: number[], v: number): void => void a.push(v & 0xff, (v >>> 8) & 0xff)
  const u32 = (a: number[], v: number): void => void a.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff)
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name)
    const offset = parts.length
    const flags = e.flags ?? 0
    u32(parts, 0x04034b50)
    u16(parts, 20)
    u16(parts, flags)
    u16(parts, e.method)
    u32(parts, 0) // time, date
    u32(parts, 0) // crc (SheetJS does not check it)
    u32(parts, flags & 8 ? 0 : e.data.length)
    u32(parts, flags & 8 ? 0 : (e.localSize ?? e.declaredSize))
    u16(parts, name.length)
    u16(parts, 0)
    parts.push(...name)
    for (const b of e.data) parts.push(b)
    if (flags & 8) {
      u32(parts, 0x08074b50)
      u32(parts, 0)
      u32(parts, e.data.length)
      u32(parts, e.localSize ?? e.declaredSize)
    }
    u32(central, 0x02014b50)
    u16(central, 20)
    u16(central, 20)
    u16(central, flags)
    u16(central, e.method)
    u32(central, 0)
    u32(central, 0)
    u32(central, e.data.length)
    u32(central, e.declaredSize)
    u16(central, name.length)
    u16(central, 0)
    u16(central, 0)
    u16(central, 0)
    u16(central, 0)
    u32(central, 0)
    u32(central, offset)
    central.push(...name)
  }
  const cdOffset = parts.length
  const out = [...parts, ...central]
  u32(out, 0x06054b50)
  u16(out, 0)
  u16(out, 0)
  u16(out, entries.length)
  u16(out, entries.length)
  u32(out, central.length)
  u32(out, cdOffset)
  u16(out, 0)
  return Uint8Array.from(out)
}

const xml = (s: string): Uint8Array => new TextEncoder().encode(s)

/** The parts of an xlsx around a given sheet entry, so the archive is recognised as a workbook. */
export function xlsxShell(sheet: ZipEntrySpec): ZipEntrySpec[] {
  const stored = (name: string, text: string): ZipEntrySpec => {
    const data = xml(text)
    return { name, data, method: 0, declaredSize: data.length }
  }
  return [
    stored('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
    stored('xl/workbook.xml', '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'),
    sheet
  ]
}
