// Byte builders for encoding tests: Thai, Vietnamese and Japanese text in their legacy code pages, made in code rather than stored as fixtures.

/** Windows-874 / TIS-620: Thai U+0E01–U+0E5B sit at 0xA1–0xFB, ASCII stays ASCII. */
export function windows874(text: string): Uint8Array {
  const out: number[] = []
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number
    if (cp < 0x80) out.push(cp)
    else if (cp >= 0x0e01 && cp <= 0x0e5b) out.push(cp - 0x0e00 + 0xa0)
    else throw new Error(`not in windows-874: ${ch}`)
  }
  return Uint8Array.from(out)
}

/** A byte table for the Windows-1258 (Vietnamese) letters these tests use; tone marks are combining bytes. */
const CP1258: Record<string, number[]> = {
  'ễ': [0xea, 0xde], // ê + combining tilde
  'ệ': [0xea, 0xf2], // ê + dot below
  'à': [0x61, 0xcc], // a + grave
  'ộ': [0xf4, 0xf2], // ô + dot below
  'đ': [0xf0],
  'Đ': [0xd0],
  'ư': [0xfd],
  'ờ': [0xf5, 0xcc], // ơ + grave
  'ố': [0xf4, 0xec], // ô + acute
  'ạ': [0x61, 0xf2], // a + dot below
  'ả': [0x61, 0xd2], // a + hook above
  'ơ': [0xf5],
  'ê': [0xea],
  'ô': [0xf4],
  'ă': [0xe3],
  'á': [0x61, 0xec],
  'ã': [0x61, 0xde],
  'Á': [0xc1],
  'â': [0xe2],
  'ầ': [0xe2, 0xcc], // â + grave
  'ị': [0x69, 0xf2], // i + dot below
  'ẵ': [0xe3, 0xde] // ă + tilde
}

export function windows1258(text: string): Uint8Array {
  const out: number[] = []
  for (const ch of text) {
    const cp = ch.codePointAt(0) as number
    if (cp < 0x80) out.push(cp)
    else {
      const bytes = CP1258[ch]
      if (!bytes) throw new Error(`not in the test table: ${ch}`)
      out.push(...bytes)
    }
  }
  return Uint8Array.from(out)
}

/** Shift_JIS bytes for a few known words. */
export const SJIS: Record<string, number[]> = {
  '日本語': [0x93, 0xfa, 0x96, 0x7b, 0x8c, 0xea],
  'テスト': [0x83, 0x65, 0x83, 0x58, 0x83, 0x67],
  'こんにちは': [0x82, 0xb1, 0x82, 0xf1, 0x82, 0xc9, 0x82, 0xbf, 0x82, 0xcd],
  '東京': [0x93, 0x8c, 0x8b, 0x9e]
}

export function shiftJis(parts: (string | number[])[]): Uint8Array {
  const out: number[] = []
  for (const p of parts) {
    if (Array.isArray(p)) out.push(...p)
    else if (Object.prototype.hasOwnProperty.call(SJIS, p)) out.push(...(SJIS[p] as number[]))
    else for (const ch of p) out.push(ch.charCodeAt(0))
  }
  return Uint8Array.from(out)
}

export function utf16(text: string, endian: 'le' | 'be', bom = true): Uint8Array {
  const out: number[] = bom ? (endian === 'le' ? [0xff, 0xfe] : [0xfe, 0xff]) : []
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i)
    if (endian === 'le') out.push(u & 0xff, u >> 8)
    else out.push(u >> 8, u & 0xff)
  }
  return Uint8Array.from(out)
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return concatAll(parts)
}

/** One array of many parts (a spread of a file's 100,000 lines would overflow the call stack). */
export function concatAll(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
