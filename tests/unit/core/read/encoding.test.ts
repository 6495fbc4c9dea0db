// Encoding detection: BOMs, UTF-16 shape, UTF-8 validity, and the Thai / Vietnamese / Japanese / Western guesses; counting undecodable bytes.
import { describe, expect, it } from 'vitest'
import { canonicalEncoding, detectEncoding, InvalidByteCounter, scanUtf8 } from '../../../../src/core/read/encoding'
import { concat, shiftJis, utf16, utf8, windows1258, windows874 } from './encodingBytes'

const THAI = 'หมายเลข,วันที่,ผู้โทร\n0812345678,2024-01-05,สมชาย ใจดี\n0898765432,2024-01-06,กรุงเทพมหานคร\n'
const VIET = 'So dien thoai,Ho ten,Dia chi\n0912345678,Nguyễn Văn Á,Hà Nội\n0987654321,Trần Thị Đào,Đà Nẵng\n'

describe('detectEncoding', () => {
  it('believes a byte-order mark', () => {
    expect(detectEncoding(concat(Uint8Array.of(0xef, 0xbb, 0xbf), utf8('a,b\n')), true)).toMatchObject({ encoding: 'utf-8', confidence: 'bom' })
    expect(detectEncoding(utf16('a,b\n', 'le'), true)).toMatchObject({ encoding: 'utf-16le', confidence: 'bom' })
    expect(detectEncoding(utf16('a,b\n', 'be'), true)).toMatchObject({ encoding: 'utf-16be', confidence: 'bom' })
  })

  it('recognises UTF-16 without a BOM by its zero bytes', () => {
    expect(detectEncoding(utf16('phone,name\n0812,Somchai\n', 'le', false), true).encoding).toBe('utf-16le')
    expect(detectEncoding(utf16('phone,name\n0812,Somchai\n', 'be', false), true).encoding).toBe('utf-16be')
  })

  it('calls ASCII ascii and valid multi-byte text UTF-8', () => {
    expect(detectEncoding(utf8('a,b\n1,2\n'), true).confidence).toBe('ascii')
    expect(detectEncoding(utf8(THAI), true)).toMatchObject({ encoding: 'utf-8', confidence: 'valid' })
  })

  it('accepts a UTF-8 sequence cut by the end of a sample, but not at the end of the file', () => {
    const bytes = utf8('abc,ก')
    const cut = bytes.subarray(0, bytes.length - 1)
    expect(scanUtf8(cut, false).valid).toBe(true)
    expect(scanUtf8(cut, true).valid).toBe(false)
  })

  it('rejects overlong and surrogate encodings as UTF-8', () => {
    expect(scanUtf8(Uint8Array.of(0xc0, 0xaf), true).valid).toBe(false)
    expect(scanUtf8(Uint8Array.of(0xed, 0xa0, 0x80), true).valid).toBe(false)
    expect(scanUtf8(Uint8Array.of(0xf4, 0x90, 0x80, 0x80), true).valid).toBe(false)
  })

  it('guesses Windows-874 for Thai text, and the guess decodes back to the Thai', () => {
    const bytes = windows874(THAI)
    const g = detectEncoding(bytes, true)
    expect(g).toMatchObject({ encoding: 'windows-874', confidence: 'guess' })
    expect(new TextDecoder(g.encoding).decode(bytes)).toBe(THAI)
  })

  it('guesses Windows-1258 for Vietnamese text with combining tone marks', () => {
    const bytes = windows1258(VIET)
    const g = detectEncoding(bytes, true)
    expect(g.encoding).toBe('windows-1258')
    expect(new TextDecoder(g.encoding).decode(bytes).normalize('NFC')).toBe(VIET.normalize('NFC'))
  })

  it('guesses Shift_JIS for Japanese text', () => {
    const bytes = shiftJis(['id,name,city\n1,', '日本語', ',', '東京', '\n2,', 'テスト', ',', 'こんにちは', '\n'])
    const g = detectEncoding(bytes, true)
    expect(g.encoding).toBe('shift_jis')
    expect(new TextDecoder(g.encoding).decode(bytes)).toBe('id,name,city\n1,日本語,東京\n2,テスト,こんにちは\n')
  })

  it('falls back to Windows-1252 for Western text such as a lone © or accented names', () => {
    expect(detectEncoding(Uint8Array.of(0x61, 0x2c, 0x62, 0x0a, 0x34, 0x2c, 0xa9), true).encoding).toBe('windows-1252')
    const french = Uint8Array.from([...'Ren', 0xe9, ...' M', 0xfc, 'ller, Gen', 0xe8, 've\n'].flatMap((x) => (typeof x === 'number' ? [x] : [...x].map((c) => c.charCodeAt(0)))))
    expect(detectEncoding(french, true).encoding).toBe('windows-1252')
  })
})

describe('canonicalEncoding', () => {
  it('maps common labels to WHATWG names and rejects unknown ones', () => {
    expect(canonicalEncoding('TIS-620')).toBe('windows-874')
    expect(canonicalEncoding('latin1')).toBe('windows-1252')
    expect(canonicalEncoding('Shift_JIS')).toBe('shift_jis')
    expect(canonicalEncoding('klingon')).toBeNull()
  })
})

describe('InvalidByteCounter', () => {
  const count = (enc: string, chunks: Uint8Array[]): number => {
    const dec = new TextDecoder(enc)
    const c = new InvalidByteCounter(enc)
    for (const ch of chunks) {
      c.countBytes(ch)
      c.countText(dec.decode(ch, { stream: true }))
    }
    c.countText(dec.decode())
    return c.count
  }

  it('counts invalid UTF-8 but not a U+FFFD the source really contains, even split across chunks', () => {
    const bytes = concat(utf8('ok \uFFFD ok '), Uint8Array.of(0xff, 0x41, 0xc3), utf8(' \uFFFD'))
    expect(count('utf-8', [bytes])).toBe(2)
    for (let cut = 1; cut < bytes.length; cut++) expect(count('utf-8', [bytes.subarray(0, cut), bytes.subarray(cut)])).toBe(2)
    // One byte at a time: every literal straddles a border.
    expect(count('utf-8', Array.from(bytes, (b) => Uint8Array.of(b)))).toBe(2)
  })

  it('counts lone surrogates in UTF-16 and ignores literal U+FFFD there', () => {
    const bytes = concat(utf16('a\uFFFDb', 'le'), Uint8Array.of(0x00, 0xd8, 0x41, 0x00))
    expect(count('utf-16le', [bytes])).toBe(1)
    expect(count('utf-16le', Array.from(bytes, (b) => Uint8Array.of(b)))).toBe(1)
  })

  it('counts unassigned Windows-874 bytes', () => {
    expect(count('windows-874', [Uint8Array.of(0xa1, 0xdb, 0xfc, 0x41)])).toBe(2)
  })
})
