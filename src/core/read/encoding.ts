// Guesses a text file's encoding from its bytes (BOM, UTF-16 shape, UTF-8 validity, then byte-pattern heuristics for Thai, Vietnamese, Japanese and Western single-byte files) and counts bytes that could not be decoded.

/**
 * How sure the guess is. 'bom': a byte-order mark says so. 'valid': the bytes are valid UTF-8 with
 * multi-byte characters. 'ascii': only 7-bit bytes so far (every supported encoding reads them the same).
 * 'pattern': UTF-16 without a BOM, recognised by its zero bytes. 'guess': a single-byte or Shift_JIS
 * guess from byte statistics, which the analyst should be told about.
 */
export type EncodingConfidence = 'bom' | 'valid' | 'ascii' | 'pattern' | 'guess'

export interface EncodingGuess {
  /** WHATWG encoding name, as `TextDecoder#encoding` reports it. */
  readonly encoding: string
  readonly confidence: EncodingConfidence
  /** A short human explanation, used in warnings. */
  readonly reason: string
}

/** Encodings the analyst can pick when the guess is wrong; labels are WHATWG names. */
export const SUPPORTED_ENCODINGS: readonly { readonly label: string; readonly name: string }[] = [
  { label: 'utf-8', name: 'Unicode (UTF-8)' },
  { label: 'utf-16le', name: 'Unicode (UTF-16 little-endian)' },
  { label: 'utf-16be', name: 'Unicode (UTF-16 big-endian)' },
  { label: 'windows-874', name: 'Thai (Windows-874 / TIS-620)' },
  { label: 'windows-1258', name: 'Vietnamese (Windows-1258)' },
  { label: 'windows-1252', name: 'Western (Windows-1252 / Latin-1)' },
  { label: 'shift_jis', name: 'Japanese (Shift_JIS)' }
]

const ENCODING_NAMES: Readonly<Record<string, string>> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16LE',
  'utf-16be': 'UTF-16BE',
  'windows-874': 'Thai (Windows-874)',
  'windows-1258': 'Vietnamese (Windows-1258)',
  'windows-1252': 'Western (Windows-1252)',
  shift_jis: 'Japanese (Shift_JIS)'
}

/** A readable name for an encoding, for messages. */
export function encodingDisplayName(encoding: string): string {
  return Object.prototype.hasOwnProperty.call(ENCODING_NAMES, encoding) ? (ENCODING_NAMES[encoding] ?? encoding) : encoding
}

/** The canonical WHATWG name for a label ('tis-620' → 'windows-874', 'latin1' → 'windows-1252'), or null when unknown. */
export function canonicalEncoding(label: string): string | null {
  try {
    return new TextDecoder(label.trim()).encoding
  } catch {
    return null
  }
}

/** Length of a byte-order mark at the start of `bytes`, with the encoding it announces. */
export function detectBom(bytes: Uint8Array): { encoding: string; length: number } | null {
  const b0 = bytes[0]
  const b1 = bytes[1]
  if (b0 === 0xef && b1 === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 }
  if (b0 === 0xff && b1 === 0xfe) return { encoding: 'utf-16le', length: 2 }
  if (b0 === 0xfe && b1 === 0xff) return { encoding: 'utf-16be', length: 2 }
  return null
}

/** UTF-16 without a BOM shows up as a zero byte in every other position for Latin text. */
function utf16Pattern(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1
  if (n < 4) return null
  let zeroEven = 0
  let zeroOdd = 0
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) zeroEven++
    if (bytes[i + 1] === 0) zeroOdd++
  }
  const pairs = n / 2
  if (zeroOdd > pairs * 0.3 && zeroEven < pairs * 0.05) return 'utf-16le'
  if (zeroEven > pairs * 0.3 && zeroOdd < pairs * 0.05) return 'utf-16be'
  return null
}

interface Utf8Scan {
  /** No invalid sequence at all. */
  readonly valid: boolean
  readonly multiByte: number
  /** Invalid sequences (each would become one U+FFFD). */
  readonly invalid: number
  readonly highBytes: number
}

/**
 * Strict UTF-8 validation (no overlongs, no surrogates, nothing past U+10FFFF) that keeps going after errors
 * to count them; an incomplete final sequence is allowed when more bytes may follow (`complete` false).
 */
export function scanUtf8(bytes: Uint8Array, complete: boolean): Utf8Scan {
  const n = bytes.length
  let multiByte = 0
  let highBytes = 0
  let invalid = 0
  let i = 0
  outer: while (i < n) {
    const b = bytes[i] as number
    if (b < 0x80) {
      i++
      continue
    }
    highBytes++
    let need: number
    let min: number
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1
      min = 0x80
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      min = 0x800
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      min = 0x10000
    } else {
      invalid++
      i++
      continue
    }
    let cp = b & (0x3f >> need)
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) {
        // A sequence cut by the end of the sample: fine if the file goes on, invalid at the true end.
        if (complete) invalid++
        break outer
      }
      const c = bytes[i + k] as number
      if ((c & 0xc0) !== 0x80) {
        invalid++
        i += k
        continue outer
      }
      cp = (cp << 6) | (c & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) {
      invalid++
      i++
      continue
    }
    multiByte++
    highBytes += need
    i += need + 1
  }
  return { valid: invalid === 0, multiByte, invalid, highBytes }
}

const isAsciiVowel = (b: number): boolean => {
  const l = b | 0x20
  return l === 0x61 || l === 0x65 || l === 0x69 || l === 0x6f || l === 0x75 || l === 0x79
}
// Windows-1258 letters that carry a tone mark after them: Â Ă Ê Ô Ơ Ư â ă ê ô ơ ư.
const VIET_BASE = new Set([0xc2, 0xc3, 0xca, 0xd4, 0xd5, 0xdd, 0xe2, 0xe3, 0xea, 0xf4, 0xf5, 0xfd])
// Windows-1258 combining tone marks: grave, acute, hook above, tilde, dot below.
const VIET_TONE = new Set([0xcc, 0xec, 0xd2, 0xde, 0xf2])
// Bytes that are Thai letters, vowels, tone marks or digits in Windows-874 (0xDB–0xDE and 0xFC–0xFF are unassigned).
const isThaiByte = (b: number): boolean => (b >= 0xa1 && b <= 0xda) || (b >= 0xdf && b <= 0xfb)

interface ByteStats {
  readonly highBytes: number
  readonly thaiRunBytes: number
  readonly vietMarks: number
  readonly sjisInvalid: number
  readonly sjisStrongPairs: number
}

function byteStats(bytes: Uint8Array, complete: boolean): ByteStats {
  const n = bytes.length
  let highBytes = 0
  let thaiRunBytes = 0
  let run = 0
  let vietMarks = 0
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number
    if (b >= 0x80) highBytes++
    if (isThaiByte(b)) {
      run++
    } else {
      if (run >= 2) thaiRunBytes += run
      run = 0
    }
    if (i > 0) {
      const p = bytes[i - 1] as number
      if (VIET_TONE.has(b) && (isAsciiVowel(p) || VIET_BASE.has(p))) vietMarks++
      // đ / Đ next to Latin letters
      else if ((b === 0xf0 || b === 0xd0) && ((p | 0x20) >= 0x61 && (p | 0x20) <= 0x7a || p === 0x20)) vietMarks++
    }
  }
  if (run >= 2) thaiRunBytes += run

  // Shift_JIS: 0x81–0x9F and 0xE0–0xFC lead two-byte characters; 0xA1–0xDF are single half-width katakana.
  let sjisInvalid = 0
  let sjisStrongPairs = 0
  for (let i = 0; i < n; i++) {
    const b = bytes[i] as number
    if (b < 0x80 || (b >= 0xa1 && b <= 0xdf)) continue
    if ((b >= 0x81 && b <= 0x9f) || (b >= 0xe0 && b <= 0xfc)) {
      if (i + 1 >= n) {
        if (complete) sjisInvalid++
        break
      }
      const t = bytes[i + 1] as number
      if ((t >= 0x40 && t <= 0x7e) || (t >= 0x80 && t <= 0xfc)) {
        // Kana and most kanji have a high trail byte after a low lead: common in Japanese, rare by chance.
        if (b <= 0x9f && t >= 0x80) sjisStrongPairs++
        i++
        continue
      }
    }
    sjisInvalid++
  }
  return { highBytes, thaiRunBytes, vietMarks, sjisInvalid, sjisStrongPairs }
}

/**
 * Guesses the encoding of a text sample. `complete` says the sample is the whole file (so a sequence
 * cut at its end is an error rather than a chunk boundary).
 */
export function detectEncoding(sample: Uint8Array, complete: boolean): EncodingGuess {
  const bom = detectBom(sample)
  if (bom) return { encoding: bom.encoding, confidence: 'bom', reason: `the file starts with a ${encodingDisplayName(bom.encoding)} byte-order mark` }
  const u16 = utf16Pattern(sample)
  if (u16) return { encoding: u16, confidence: 'pattern', reason: 'every other byte is zero, as in UTF-16 text' }
  const u8 = scanUtf8(sample, complete)
  if (u8.valid) {
    if (u8.highBytes === 0) return { encoding: 'utf-8', confidence: 'ascii', reason: 'the text is plain ASCII' }
    if (u8.multiByte > 0) return { encoding: 'utf-8', confidence: 'valid', reason: 'the bytes are valid UTF-8' }
  }
  // Damaged UTF-8 (a few bad bytes among many good characters) is still UTF-8; legacy text rarely forms
  // valid multi-byte sequences by chance, and never mostly so.
  if (u8.multiByte >= 4 && u8.multiByte >= u8.invalid * 4) {
    return { encoding: 'utf-8', confidence: 'valid', reason: 'the bytes are UTF-8 with a few damaged sequences' }
  }
  return detectLegacy(sample, complete)
}

/** Picks among the non-Unicode encodings once UTF-8 and UTF-16 are ruled out. */
export function detectLegacy(sample: Uint8Array, complete: boolean): EncodingGuess {
  const s = byteStats(sample, complete)
  if (s.sjisInvalid === 0 && s.sjisStrongPairs >= 2 && s.sjisStrongPairs * 2 >= s.highBytes * 0.3) {
    return { encoding: 'shift_jis', confidence: 'guess', reason: 'the bytes form Japanese Shift_JIS character pairs' }
  }
  if (s.highBytes >= 2 && s.thaiRunBytes >= s.highBytes * 0.6) {
    return { encoding: 'windows-874', confidence: 'guess', reason: 'most non-ASCII bytes form runs of Thai letters' }
  }
  if (s.vietMarks >= 2 && s.vietMarks >= s.highBytes * 0.15) {
    return { encoding: 'windows-1258', confidence: 'guess', reason: 'Vietnamese tone marks follow vowels' }
  }
  return { encoding: 'windows-1252', confidence: 'guess', reason: 'the file is not Unicode and shows no Thai, Vietnamese or Japanese pattern' }
}

/**
 * Counts characters a decoder could not map (U+FFFD, and the private-use characters ICU gives the unassigned
 * Windows-874 bytes) that were not already in the source. A literal U+FFFD in UTF-8 or UTF-16 input is data,
 * not damage, so those are counted separately and subtracted.
 */
export class InvalidByteCounter {
  private replaced = 0
  private literal = 0
  private tail: number[] = []

  constructor(private readonly encoding: string) {}

  /** Feed each decoded piece of text. */
  countText(text: string): void {
    let i = text.indexOf('\uFFFD')
    while (i !== -1) {
      this.replaced++
      i = text.indexOf('\uFFFD', i + 1)
    }
    if (this.encoding === 'windows-874') {
      for (const m of text.matchAll(/[\uF8C1-\uF8C8]/g)) if (m) this.replaced++
    }
  }

  /** Feed each raw chunk, in order, so literal U+FFFD in the source is recognised across chunk borders. */
  countBytes(chunk: Uint8Array): void {
    if (this.encoding === 'utf-8') this.literalUtf8(chunk)
    else if (this.encoding === 'utf-16le' || this.encoding === 'utf-16be') this.literalUtf16(chunk)
  }

  private literalUtf8(chunk: Uint8Array): void {
    const t = this.tail
    // Start positions left undecided at the previous chunk's end: EF | BF BD or EF BF | BD.
    if (t.length > 0 && chunk.length > 0) {
      const j = [...t, chunk[0], chunk[1]]
      for (let k = 0; k < t.length; k++) if (j[k] === 0xef && j[k + 1] === 0xbf && j[k + 2] === 0xbd) this.literal++
    }
    let i = chunk.indexOf(0xef)
    while (i !== -1 && i + 2 < chunk.length) {
      if (chunk[i + 1] === 0xbf && chunk[i + 2] === 0xbd) this.literal++
      i = chunk.indexOf(0xef, i + 1)
    }
    this.tail = chunk.length >= 2 ? [chunk[chunk.length - 2] as number, chunk[chunk.length - 1] as number] : [...t, ...Array.from(chunk)].slice(-2)
  }

  private literalUtf16(chunk: Uint8Array): void {
    const le = this.encoding === 'utf-16le'
    const lo = le ? 0xfd : 0xff
    const hi = le ? 0xff : 0xfd
    let start = 0
    if (this.tail.length === 1 && chunk.length > 0) {
      if (this.tail[0] === lo && chunk[0] === hi) this.literal++
      start = 1
    }
    // Code units start on even offsets of the whole stream (after the BOM, which is itself 2 bytes).
    let i = start
    for (; i + 1 < chunk.length; i += 2) if (chunk[i] === lo && chunk[i + 1] === hi) this.literal++
    this.tail = i < chunk.length ? [chunk[i] as number] : []
  }

  /** Undecodable byte sequences so far (each became one U+FFFD). */
  get count(): number {
    return Math.max(0, this.replaced - this.literal)
  }
}

/** Index of the first byte ≥ 0x80, or the length when there is none; four bytes at a time where they are aligned. */
export function firstNonAscii(bytes: Uint8Array): number {
  const n = bytes.length
  let i = 0
  const align = (4 - (bytes.byteOffset & 3)) & 3
  for (; i < align && i < n; i++) if ((bytes[i] as number) >= 0x80) return i
  if (i === n) return n
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (n - i) >>> 2)
  let w = 0
  for (; w < words.length; w++) if (((words[w] as number) & 0x80808080) !== 0) break
  for (i += w * 4; i < n; i++) if ((bytes[i] as number) >= 0x80) return i
  return n
}

/**
 * The encoding of a whole file whose start was read as plain ASCII, which makes UTF-8 only a provisional reading: it is
 * decided as one reader of the whole file decides it, from the bytes at its first non-ASCII byte. An import that reads
 * the file in parts with one fixed encoding needs this, or a Thai (Windows-874) file whose first Thai letter comes after
 * the rows the wizard read would be decoded as damaged UTF-8.
 */
export function settleAsciiStart(bytes: Uint8Array, sampleBytes = 256 * 1024): EncodingGuess {
  const i = firstNonAscii(bytes)
  const n = bytes.length
  if (i === n) return { encoding: 'utf-8', confidence: 'ascii', reason: 'the text is plain ASCII' }
  const sample = bytes.subarray(i, Math.min(n, i + sampleBytes))
  const complete = i + sample.length === n
  const g = detectEncoding(sample, complete)
  // The sample starts mid-file: a UTF-16 pattern there is chance, and a BOM cannot occur.
  return g.encoding.startsWith('utf-16') ? detectLegacy(sample, complete) : g
}
