// A big text file read in two parts with one fixed encoding: when the rows the wizard read were plain ASCII, the whole
// file must decide that encoding, or a Thai file whose first Thai letter comes late would be decoded as damaged UTF-8.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createCsvChunks, createCsvStream } from '../../../../src/core/read/csv'
import { firstNonAscii, settleAsciiStart } from '../../../../src/core/read/encoding'
import { readStreamedText } from '../../../../src/core/read/streamedText'
import { findTextSplit } from '../../../../src/core/read/textSplit'
import { concat, windows874 } from './encodingBytes'

/** 30,000 ASCII rows, then rows whose site names are Thai, as `encode` writes them. */
function lateThaiFile(encode: (text: string) => Uint8Array): Uint8Array {
  const ascii: string[] = ['caller,callee,site']
  for (let i = 0; i < 30_000; i++) ascii.push(`0812${String(i).padStart(6, '0')},0899000111,Mae Sot ${i % 7}`)
  const thai: string[] = []
  for (let i = 0; i < 2_000; i++) thai.push(`0812${String(i).padStart(6, '0')},0899000111,ตลาดริมเมย ${i % 5}`)
  return concat(encode(ascii.join('\r\n') + '\r\n'), encode(thai.join('\r\n') + '\r\n'))
}

function readWhole(bytes: Uint8Array): string[][] {
  const s = createCsvStream({ fileName: 'calls.csv' })
  return [...s.push(bytes), ...s.finish()]
}

function readParts(bytes: Uint8Array, encoding: string): string[][] {
  const split = findTextSplit(bytes, encoding, { minRowsBefore: 1 })
  if (!split) throw new Error('no split')
  const rows: string[][] = []
  for (const part of [bytes.subarray(0, split.offset), bytes.subarray(split.offset)]) {
    const chunks = createCsvChunks(part, { fileName: 'calls.csv', encoding, delimiter: ',' }, 64 * 1024)
    for (let c = chunks.next(); c; c = chunks.next()) rows.push(...c.rows)
  }
  return rows
}

describe('settleAsciiStart', () => {
  it('reads a Thai Windows-874 file whose start is ASCII as Windows-874, as a reader of the whole file does', () => {
    const bytes = lateThaiFile(windows874)
    const head = readStreamedText(bytes, { fileName: 'calls.csv', format: 'csv', maxRows: 20_000 }, () => [])
    if (!head.ok) throw new Error(head.error.message)
    expect(head.text.complete).toBe(false)
    expect(head.text.encodingConfidence).toBe('ascii')
    const settled = settleAsciiStart(bytes)
    expect(settled.encoding).toBe('windows-874')
    expect(settled.confidence).toBe('guess')
    const whole = readWhole(bytes)
    expect(whole.at(-1)![2]).toBe('ตลาดริมเมย 4')
    // Read in two parts with the settled encoding: the same rows, Thai intact.
    expect(readParts(bytes, settled.encoding)).toEqual(whole)
    // What the parts gave with the prefix's provisional UTF-8: every Thai name damaged.
    expect(readParts(bytes, 'utf-8').at(-1)![2]).toContain('\uFFFD')
  })

  it('keeps UTF-8 when the late non-ASCII text is UTF-8, and says a plain ASCII file is ASCII', () => {
    const bytes = lateThaiFile((t) => new TextEncoder().encode(t))
    const settled = settleAsciiStart(bytes)
    expect(settled).toMatchObject({ encoding: 'utf-8', confidence: 'valid' })
    expect(readParts(bytes, settled.encoding)).toEqual(readWhole(bytes))
    expect(settleAsciiStart(new TextEncoder().encode('a,b\r\n1,2\r\n'))).toMatchObject({ encoding: 'utf-8', confidence: 'ascii' })
  })
})

describe('firstNonAscii', () => {
  it('finds the first byte of 0x80 or more wherever the bytes start in their buffer, or gives the length', () => {
    const naive = (b: Uint8Array): number => {
      for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return i
      return b.length
    }
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), fc.integer({ min: 0, max: 7 }), fc.option(fc.integer({ min: 0, max: 79 }), { nil: undefined }), (raw, shift, high) => {
        const ascii = raw.map((x) => x & 0x7f)
        if (high !== undefined && high < ascii.length) ascii[high] = 0x80 | raw[high]!
        // The same bytes at every alignment: a view that starts 0–7 bytes into its buffer.
        const buf = new Uint8Array(ascii.length + shift)
        buf.set(ascii, shift)
        const view = buf.subarray(shift)
        expect(firstNonAscii(view)).toBe(naive(view))
      }),
      { numRuns: 400 }
    )
  })
})

