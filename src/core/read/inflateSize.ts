// Measures how many bytes a raw DEFLATE stream expands to without keeping the output, so a zip bomb or a malformed stream is caught before a spreadsheet library inflates it.

export type InflateSizeResult =
  | { readonly ok: true; readonly size: number; readonly consumed: number }
  | { readonly ok: false; readonly reason: 'limit' | 'corrupt'; readonly detail: string }

const LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258]
const LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
const DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
const DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]
const CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

class Corrupt extends Error {}
class OverLimit extends Error {}

/** A canonical Huffman code as a lookup table indexed by the next `bits` input bits (LSB first). */
interface Table {
  readonly bits: number
  /** (symbol << 4) | codeLength; 0 for bit patterns that are not a code. */
  readonly entries: Int32Array
}

function buildTable(lengths: ArrayLike<number>, n: number): Table {
  const count = new Int32Array(16)
  let maxLen = 0
  for (let i = 0; i < n; i++) {
    const l = lengths[i] as number
    count[l] = (count[l] as number) + 1
    if (l > maxLen) maxLen = l
  }
  count[0] = 0
  let left = 1
  for (let l = 1; l <= 15; l++) {
    left = left * 2 - (count[l] as number)
    if (left < 0) throw new Corrupt('over-subscribed Huffman code')
  }
  const bits = Math.max(1, maxLen)
  const entries = new Int32Array(1 << bits)
  if (maxLen === 0) return { bits, entries }
  const next = new Int32Array(16)
  let code = 0
  for (let l = 1; l <= 15; l++) {
    code = (code + (count[l - 1] as number)) << 1
    next[l] = code
  }
  for (let sym = 0; sym < n; sym++) {
    const l = lengths[sym] as number
    if (l === 0) continue
    const c = next[l] as number
    next[l] = c + 1
    // Input bits arrive LSB first, so index the table by the code's bits reversed.
    let rev = 0
    for (let k = 0; k < l; k++) rev |= ((c >> k) & 1) << (l - 1 - k)
    for (let idx = rev; idx < entries.length; idx += 1 << l) entries[idx] = (sym << 4) | l
  }
  return { bits, entries }
}

let fixedLit: Table | null = null
let fixedDist: Table | null = null
function fixedTables(): { lit: Table; dist: Table } {
  if (!fixedLit || !fixedDist) {
    const l = new Uint8Array(288)
    l.fill(8, 0, 144)
    l.fill(9, 144, 256)
    l.fill(7, 256, 280)
    l.fill(8, 280, 288)
    fixedLit = buildTable(l, 288)
    fixedDist = buildTable(new Uint8Array(30).fill(5), 30)
  }
  return { lit: fixedLit, dist: fixedDist }
}

/**
 * Walks the DEFLATE stream at `data[start..end)` and returns its inflated size, stopping with 'limit' as soon as
 * the size passes `limit`, or 'corrupt' when the stream is malformed or runs past `end`.
 */
export function inflatedSize(data: Uint8Array, start: number, end: number, limit: number): InflateSizeResult {
  let pos = start
  let bitBuf = 0
  let bitCnt = 0
  let size = 0

  const need = (n: number): void => {
    while (bitCnt < n) {
      if (pos >= end) throw new Corrupt('the compressed data ends too early')
      bitBuf |= (data[pos++] as number) << bitCnt
      bitCnt += 8
    }
  }
  const bits = (n: number): number => {
    if (n === 0) return 0
    need(n)
    const v = bitBuf & ((1 << n) - 1)
    bitBuf >>>= n
    bitCnt -= n
    return v
  }
  const decode = (t: Table): number => {
    // Peek up to t.bits bits; near the end fewer may exist, which is fine if the code is short.
    while (bitCnt < t.bits && pos < end) {
      bitBuf |= (data[pos++] as number) << bitCnt
      bitCnt += 8
    }
    const e = t.entries[bitBuf & ((1 << t.bits) - 1)] as number
    const len = e & 15
    if (len === 0 || len > bitCnt) throw new Corrupt('invalid Huffman code')
    bitBuf >>>= len
    bitCnt -= len
    return e >> 4
  }

  try {
    let final = 0
    while (!final) {
      final = bits(1)
      const type = bits(2)
      if (type === 0) {
        bitBuf = 0
        bitCnt = 0
        if (pos + 4 > end) throw new Corrupt('the compressed data ends too early')
        const len = (data[pos] as number) | ((data[pos + 1] as number) << 8)
        const nlen = (data[pos + 2] as number) | ((data[pos + 3] as number) << 8)
        if ((len ^ 0xffff) !== nlen) throw new Corrupt('stored block length check failed')
        pos += 4
        if (pos + len > end) throw new Corrupt('the compressed data ends too early')
        pos += len
        size += len
        if (size > limit) throw new OverLimit()
        continue
      }
      let lit: Table
      let dist: Table
      if (type === 1) {
        const f = fixedTables()
        lit = f.lit
        dist = f.dist
      } else if (type === 2) {
        const hlit = bits(5) + 257
        const hdist = bits(5) + 1
        const hclen = bits(4) + 4
        if (hlit > 286 || hdist > 30) throw new Corrupt('bad code counts')
        const cl = new Uint8Array(19)
        for (let k = 0; k < hclen; k++) cl[CL_ORDER[k] as number] = bits(3)
        const clTable = buildTable(cl, 19)
        const lengths = new Uint8Array(hlit + hdist)
        let k = 0
        while (k < hlit + hdist) {
          const sym = decode(clTable)
          if (sym < 16) {
            lengths[k++] = sym
            continue
          }
          let rep: number
          let val = 0
          if (sym === 16) {
            if (k === 0) throw new Corrupt('repeat with no previous length')
            val = lengths[k - 1] as number
            rep = 3 + bits(2)
          } else if (sym === 17) rep = 3 + bits(3)
          else rep = 11 + bits(7)
          if (k + rep > hlit + hdist) throw new Corrupt('too many code lengths')
          while (rep-- > 0) lengths[k++] = val
        }
        if (lengths[256] === 0) throw new Corrupt('no end-of-block code')
        lit = buildTable(lengths.subarray(0, hlit), hlit)
        dist = buildTable(lengths.subarray(hlit), hdist)
      } else {
        throw new Corrupt('invalid block type')
      }
      for (;;) {
        const sym = decode(lit)
        if (sym < 256) {
          size++
        } else if (sym === 256) {
          break
        } else {
          const li = sym - 257
          if (li >= 29) throw new Corrupt('invalid length code')
          const len = (LEN_BASE[li] as number) + bits(LEN_EXTRA[li] as number)
          const di = decode(dist)
          if (di >= 30) throw new Corrupt('invalid distance code')
          const d = (DIST_BASE[di] as number) + bits(DIST_EXTRA[di] as number)
          if (d > size) throw new Corrupt('a back-reference points before the start of the data')
          size += len
        }
        if (size > limit) throw new OverLimit()
      }
    }
  } catch (e) {
    if (e instanceof OverLimit) return { ok: false, reason: 'limit', detail: `expands past ${limit} bytes` }
    if (e instanceof Corrupt) return { ok: false, reason: 'corrupt', detail: e.message }
    throw e
  }
  // Whole bytes used, counting a partly used last byte.
  return { ok: true, size, consumed: pos - start - (bitCnt >> 3) }
}
