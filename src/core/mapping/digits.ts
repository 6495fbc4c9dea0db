// Folds the digits of South/South-East Asian scripts (and full-width forms) to ASCII so the value parsers see one alphabet.
//
// Public API (stable; other mapping modules call it):
//   toAsciiDigits(text: string): string
//     Thai, Lao, Khmer, Myanmar (and Shan), Bengali, Devanagari, Arabic-Indic, Extended Arabic-Indic and the
//     other scripts in DIGIT_ZEROS below become 0-9; full-width ASCII forms (U+FF01–U+FF5E, e.g. '２０２４／０３')
//     become their ASCII twins and the ideographic space U+3000 becomes ' '. Everything else is kept as is.
//     An all-ASCII string is returned unchanged (same string, no allocation).
//   hasNonAsciiDigits(text: string): boolean — true when toAsciiDigits would change a digit.
//   digitValue(code: number): number — 0-9 for a digit of any supported script, else -1.

// First code point (the zero) of each supported decimal-digit block. All are ten consecutive code points.
const DIGIT_ZEROS: readonly number[] = [
  0x0660, // Arabic-Indic
  0x06f0, // Extended Arabic-Indic (Persian, Urdu)
  0x0966, // Devanagari (Nepali, Hindi)
  0x09e6, // Bengali
  0x0a66, // Gurmukhi
  0x0ae6, // Gujarati
  0x0be6, // Tamil (Sri Lanka, Malaysia)
  0x0d66, // Malayalam
  0x0de6, // Sinhala Lith
  0x0e50, // Thai
  0x0ed0, // Lao
  0x0f20, // Tibetan
  0x1040, // Myanmar
  0x1090, // Myanmar Shan
  0x17e0, // Khmer
  0x1810, // Mongolian
  0x19d0, // New Tai Lue
  0x1a80, // Tai Tham Hora
  0x1a90, // Tai Tham Tham
  0xa9f0, // Myanmar Tai Laing
  0xff10 // Full-width
]

// A lookup table over the BMP range we care about: index = code point - 0x0660, value = digit + 1 (0 = not a digit).
const TABLE_START = 0x0660
const TABLE_END = 0xff20
const DIGIT_TABLE = new Uint8Array(TABLE_END - TABLE_START)
for (const zero of DIGIT_ZEROS) {
  for (let k = 0; k < 10; k++) DIGIT_TABLE[zero + k - TABLE_START] = k + 1
}

/** The 0-9 value of a decimal digit in any supported script, or -1. */
export function digitValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48
  if (code < TABLE_START || code >= TABLE_END) return -1
  return (DIGIT_TABLE[code - TABLE_START] ?? 0) - 1
}

/** True when the text holds at least one non-ASCII decimal digit that toAsciiDigits would fold. */
export function hasNonAsciiDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= TABLE_START && c < TABLE_END && DIGIT_TABLE[c - TABLE_START] !== 0) return true
  }
  return false
}

/**
 * Returns the text with every supported non-ASCII digit as 0-9 and full-width ASCII forms as ASCII.
 * The original string is returned untouched when it is plain ASCII (the common case in CDRs).
 */
export function toAsciiDigits(text: string): string {
  let i = 0
  const n = text.length
  while (i < n && text.charCodeAt(i) < 0x80) i++
  if (i === n) return text
  let out = text.slice(0, i)
  for (; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c < 0x80) {
      out += text[i]
    } else if (c >= 0xff01 && c <= 0xff5e) {
      // Full-width forms are a typing mode of CJK keyboards, not different characters: fold them.
      out += String.fromCharCode(c - 0xfee0)
    } else if (c === 0x3000) {
      out += ' '
    } else if (c >= TABLE_START && c < TABLE_END && DIGIT_TABLE[c - TABLE_START] !== 0) {
      out += String.fromCharCode(47 + (DIGIT_TABLE[c - TABLE_START] ?? 0))
    } else {
      out += text[i]
    }
  }
  return out
}
