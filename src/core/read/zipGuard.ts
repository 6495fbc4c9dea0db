// Checks a zip container (xlsx, xlsm, xlsb, ods) before anything inflates it: declared and real sizes against caps, so a zip bomb is refused instead of exhausting memory.
import { inflatedSize } from './inflateSize'

export interface ZipLimits {
  /** Total uncompressed bytes allowed across all entries. */
  readonly maxTotalBytes: number
  /** Largest allowed compression ratio for entries bigger than `ratioMinBytes`. */
  readonly maxRatio: number
  readonly ratioMinBytes: number
  readonly maxEntries: number
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxTotalBytes: 1024 * 1024 * 1024,
  // Genuine sheets reach well past 100:1 (the corpus's large_strings.xlsx has a 57 MB sheet at 121:1);
  // DEFLATE tops out near 1032:1, which is where bombs live.
  maxRatio: 250,
  ratioMinBytes: 16 * 1024 * 1024,
  maxEntries: 20_000
}

export interface ZipEntry {
  readonly name: string
  readonly method: number
  readonly flags: number
  readonly compressedSize: number
  readonly uncompressedSize: number
  readonly localHeaderOffset: number
}

export type ZipCheck =
  | { readonly ok: true; readonly entries: readonly ZipEntry[]; readonly totalBytes: number }
  | { readonly ok: false; readonly code: 'zip-bomb' | 'corrupt' | 'encrypted'; readonly detail: string }

const u16 = (b: Uint8Array, o: number): number => (b[o] as number) | ((b[o + 1] as number) << 8)
const u32 = (b: Uint8Array, o: number): number => ((b[o] as number) | ((b[o + 1] as number) << 8) | ((b[o + 2] as number) << 16)) + (b[o + 3] as number) * 0x1000000
const u64 = (b: Uint8Array, o: number): number => u32(b, o) + u32(b, o + 4) * 0x100000000

/** ZIP64 sizes in an extra field, read as SheetJS reads them (uncompressed first, then compressed). */
function zip64Sizes(b: Uint8Array, start: number, len: number): { usz: number; csz: number } | null {
  let o = start
  const end = start + len
  while (o + 4 <= end) {
    const id = u16(b, o)
    const sz = u16(b, o + 2)
    if (id === 0x0001) {
      const usz = o + 12 <= b.length ? u64(b, o + 4) : 0
      const csz = o + 20 <= b.length ? u64(b, o + 12) : 0
      return { usz, csz }
    }
    o += 4 + sz
  }
  return null
}

function findEndOfCentralDirectory(b: Uint8Array): number {
  // Search from the end, as SheetJS does, so both of us read the same record.
  for (let i = b.length - 4; i >= 0; i--) {
    if (b[i] === 0x50 && b[i + 1] === 0x4b && b[i + 2] === 0x05 && b[i + 3] === 0x06) return i
  }
  return -1
}

/**
 * Reads the central directory and every local header, checks declared sizes against the caps, then walks each
 * compressed stream to learn its real size (declared sizes can lie). Anything a spreadsheet library would choke
 * on, loop on, or exhaust memory with is refused here.
 */
export function inspectZip(b: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipCheck {
  const bad = (detail: string): ZipCheck => ({ ok: false, code: 'corrupt', detail })
  const bomb = (detail: string): ZipCheck => ({ ok: false, code: 'zip-bomb', detail })
  const eocd = findEndOfCentralDirectory(b)
  if (eocd < 0 || eocd + 22 > b.length) return bad('the zip directory is missing')
  const count = u16(b, eocd + 8)
  const cdOffset = u32(b, eocd + 16)
  if (count === 0xffff || cdOffset === 0xffffffff) return bad('ZIP64 archives are not supported')
  if (count > limits.maxEntries) return bomb(`it holds ${count} files`)

  const entries: ZipEntry[] = []
  let declaredTotal = 0
  let o = cdOffset
  for (let k = 0; k < count; k++) {
    if (o + 46 > b.length || u32(b, o) !== 0x02014b50) return bad('the zip directory is damaged')
    const flags = u16(b, o + 8)
    const method = u16(b, o + 10)
    let csz = u32(b, o + 20)
    let usz = u32(b, o + 24)
    const nameLen = u16(b, o + 28)
    const extraLen = u16(b, o + 30)
    const commentLen = u16(b, o + 32)
    const lho = u32(b, o + 42)
    if (o + 46 + nameLen + extraLen > b.length) return bad('the zip directory is damaged')
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'windows-1252').decode(b.subarray(o + 46, o + 46 + nameLen))
    const z64 = zip64Sizes(b, o + 46 + nameLen, extraLen)
    if (z64?.usz) usz = z64.usz
    if (z64?.csz) csz = z64.csz
    if (flags & 0x41) return { ok: false, code: 'encrypted', detail: `"${name}" is encrypted` }
    if (method !== 0 && method !== 8) return bad(`"${name}" uses compression method ${method}, which spreadsheet files do not use`)

    // The local header is what SheetJS actually uses: its sizes must be as sane as the directory's.
    if (lho + 30 > b.length || u32(b, lho) !== 0x04034b50) return bad(`the entry "${name}" is missing`)
    const lFlags = u16(b, lho + 6)
    let lusz = u32(b, lho + 22)
    const lNameLen = u16(b, lho + 26)
    const lExtraLen = u16(b, lho + 28)
    const dataStart = lho + 30 + lNameLen + lExtraLen
    if (dataStart > b.length) return bad(`the entry "${name}" is cut short`)
    const lz64 = zip64Sizes(b, lho + 30 + lNameLen, lExtraLen)
    if (lz64?.usz) lusz = lz64.usz
    if (lFlags & 0x41) return { ok: false, code: 'encrypted', detail: `"${name}" is encrypted` }

    const declared = Math.max(usz, lusz)
    declaredTotal += declared
    if (declared > limits.maxTotalBytes || declaredTotal > limits.maxTotalBytes) return bomb(`its contents declare ${declaredTotal.toLocaleString('en')} bytes uncompressed`)
    if (usz > limits.ratioMinBytes && usz / Math.max(1, csz) > limits.maxRatio) return bomb(`"${name}" declares a compression ratio of ${Math.round(usz / Math.max(1, csz))}:1`)
    entries.push({ name, method, flags, compressedSize: csz, uncompressedSize: usz, localHeaderOffset: lho })
    o += 46 + nameLen + extraLen + commentLen
  }

  // Real sizes: a stream that expands beyond what the directory declares is lying about itself.
  let realTotal = 0
  for (const e of entries) {
    const lho = e.localHeaderOffset
    const dataStart = lho + 30 + u16(b, lho + 26) + u16(b, lho + 28)
    if (e.method === 0) {
      if (dataStart + e.compressedSize > b.length) return bad(`the entry "${e.name}" is cut short`)
      realTotal += e.compressedSize
      continue
    }
    const budget = Math.min(e.uncompressedSize, limits.maxTotalBytes - realTotal)
    const r = inflatedSize(b, dataStart, b.length, budget)
    if (!r.ok) {
      if (r.reason === 'limit') return bomb(`"${e.name}" expands to more than the ${e.uncompressedSize.toLocaleString('en')} bytes it declares`)
      return bad(`the entry "${e.name}" is damaged (${r.detail})`)
    }
    realTotal += r.size
    const ratio = r.size / Math.max(1, r.consumed)
    if (r.size > limits.ratioMinBytes && ratio > limits.maxRatio) return bomb(`"${e.name}" has a compression ratio of ${Math.round(ratio)}:1`)
  }
  return { ok: true, entries, totalBytes: realTotal }
}
