// Cutting a big text file in two for two workers: each half read on its own must give exactly the rows, row
// numbers and lines one reader of the whole file gives — or no cut at all.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createCsvChunks } from '../../../../src/core/read/csv'
import { createSplitScan, findTextSplit, splittableEncoding } from '../../../../src/core/read/textSplit'

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

/** Rows and the line each starts on, read the way the import reads a file (pieces of `chunk` bytes). */
function read(bytes: Uint8Array, opts: { encoding?: string; delimiter?: string } = {}, chunk = 64): { rows: string[][]; lines: number[]; delimiter: string } {
  const chunks = createCsvChunks(bytes, { fileName: 'calls.csv', ...opts }, chunk)
  const rows: string[][] = []
  const lines: number[] = []
  for (let c = chunks.next(); c; c = chunks.next()) {
    rows.push(...c.rows)
    lines.push(...c.lines)
  }
  return { rows, lines, delimiter: chunks.stream.delimiter ?? ',' }
}

/**
 * Reads the two parts separately, as the two workers do — each with the encoding and delimiter the whole file was
 * read with (a part alone might sniff another delimiter) — and puts their rows together.
 */
function readInTwo(bytes: Uint8Array, fraction: number): { rows: string[][]; lines: number[]; delimiter: string } | null {
  const split = findTextSplit(bytes, 'utf-8', { fraction })
  if (!split) return null
  const whole = read(bytes)
  const first = read(bytes.subarray(0, split.offset), { encoding: 'utf-8', delimiter: whole.delimiter })
  expect(first.rows.length).toBe(split.rowsBefore)
  const second = read(bytes.subarray(split.offset), { encoding: 'utf-8', delimiter: whole.delimiter })
  return { rows: [...first.rows, ...second.rows], lines: [...first.lines, ...second.lines.map((l) => l + split.linesBefore)], delimiter: whole.delimiter }
}

describe('findTextSplit', () => {
  it('cuts after a line feed near the point asked for, and counts the rows and lines before it', () => {
    const text = 'a,b\n1,2\n\n3,4\r\n5,6\r7,8\n9,10\n'
    const bytes = utf8(text)
    const split = findTextSplit(bytes, 'utf-8', { fraction: 0.5 })!
    expect(bytes[split.offset - 1]).toBe(10)
    expect(split.offset).toBeGreaterThanOrEqual(Math.floor(bytes.length / 2))
    // Everything up to the cut: header, 1,2, a blank line, 3,4 (CRLF), 5,6 (CR), 7,8 → rows before the cut are lines too.
    const before = read(bytes.subarray(0, split.offset))
    expect(split.rowsBefore).toBe(before.rows.length)
    expect(split.linesBefore).toBe(before.rows.length)
  })

  it('gives, read in two, the rows and lines of the whole file (any unquoted text, any line endings)', () => {
    const field = fc.stringMatching(/^[a-z0-9 ;|]{0,6}$/)
    const row = fc.array(field, { minLength: 1, maxLength: 4 }).map((fs) => fs.join(','))
    const ending = fc.constantFrom('\n', '\r\n', '\r')
    const file = fc.array(fc.tuple(row, ending), { minLength: 2, maxLength: 60 }).map((rs) => rs.map(([r, e]) => r + e).join(''))
    fc.assert(
      fc.property(file, fc.double({ min: 0.05, max: 0.95, noNaN: true }), (text, fraction) => {
        const bytes = utf8(text)
        const parts = readInTwo(bytes, fraction)
        if (!parts) return
        expect(parts).toEqual(read(bytes))
      }),
      { numRuns: 300 }
    )
  })

  it('counts the rows before the cut the same way with or without carriage returns in the first part', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => `${i},x${i % 7}`)
    const lf = utf8(rows.join('\n') + '\n')
    const crlf = utf8(rows.join('\r\n') + '\r\n')
    for (const bytes of [lf, crlf]) {
      const split = findTextSplit(bytes, 'utf-8')!
      const before = new TextDecoder().decode(bytes.subarray(0, split.offset))
      expect(split.rowsBefore).toBe(before.split('\n').length - 1)
      expect(before.endsWith('\n')).toBe(true)
      expect(split.rowsBefore).toBeGreaterThan(400)
    }
  })

  it('cuts a file with quoted fields after the cut, and reads them whole in the second part', () => {
    const head = Array.from({ length: 40 }, (_, i) => `+6681000${i},+6689000${i},${i}\n`).join('')
    const tail = '"+66 81 000","line one\nline two",7\n+6681001,+6689001,"a ""quoted"" word"\n'
    const bytes = utf8('caller,callee,note\n' + head + tail)
    const parts = readInTwo(bytes, 0.5)
    expect(parts).not.toBeNull()
    expect(parts).toEqual(read(bytes))
    expect(parts!.rows.at(-2)).toEqual(['+66 81 000', 'line one\nline two', '7'])
  })

  it('does not cut where a quote comes before the point: a quoted field may run over line breaks', () => {
    const text = 'caller,note\n' + '1,"two\nlines"\n'.repeat(50)
    expect(findTextSplit(utf8(text), 'utf-8')).toBeNull()
  })

  it('does not cut text in UTF-16, or with no line feed after the point, or above the rows the first part must hold', () => {
    const text = 'a,b\n' + '1,2\n'.repeat(100)
    expect(splittableEncoding('utf-16le')).toBe(false)
    expect(findTextSplit(utf8(text), 'utf-16le')).toBeNull()
    expect(findTextSplit(utf8(text), null)).toBeNull()
    expect(splittableEncoding('windows-874')).toBe(true)
    expect(findTextSplit(utf8('a,b\r1,2\r3,4\r5,6'), 'utf-8')).toBeNull()
    expect(findTextSplit(utf8(text), 'utf-8', { minRowsBefore: 1000 })).toBeNull()
    expect(findTextSplit(utf8(text), 'utf-8', { minRowsBefore: 10 })).not.toBeNull()
  })

  it('keeps Thai text in a legacy code page whole on both sides of the cut', () => {
    // windows-874 bytes for "กข" (0xA1 0xA2): no byte of a character can be a line feed or a quote.
    const row = (i: number): number[] => [...utf8(`${i},`), 0xa1, 0xa2, 10]
    const bytes = new Uint8Array([...utf8('n,name\n'), ...Array.from({ length: 200 }, (_, i) => row(i)).flat()])
    const split = findTextSplit(bytes, 'windows-874')!
    const whole = read(bytes, { encoding: 'windows-874' })
    const second = read(bytes.subarray(split.offset), { encoding: 'windows-874', delimiter: ',' })
    expect(second.rows).toEqual(whole.rows.slice(split.rowsBefore))
    expect(second.rows[0]![1]).toBe('กข')
  })

  it('finds the same cut when the file is read piece by piece (as the command line reads a big file)', () => {
    const field = fc.stringMatching(/^[a-z0-9 ]{0,5}$/)
    const row = fc.array(field, { minLength: 1, maxLength: 3 }).map((fs) => fs.join(','))
    const ending = fc.constantFrom('\n', '\r\n', '\r')
    const file = fc.array(fc.tuple(row, ending), { minLength: 2, maxLength: 50 }).map((rs) => rs.map(([r, e]) => r + e).join(''))
    fc.assert(
      fc.property(file, fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 3 }), (text, fraction, piece, minRows) => {
        const bytes = utf8(text)
        const whole = findTextSplit(bytes, 'utf-8', { fraction, minRowsBefore: minRows })
        const scan = createSplitScan(bytes.length, Math.floor(bytes.length * fraction), minRows)
        let found: ReturnType<typeof scan.push> = undefined
        for (let at = 0; at < bytes.length && found === undefined; at += piece) found = scan.push(bytes.subarray(at, at + piece))
        expect(found ?? null).toEqual(whole)
      }),
      { numRuns: 400 }
    )
    // A CR that ends one piece and the LF that starts the next are one line break, not two.
    const scan = createSplitScan(13, 6)
    expect(scan.push(utf8('a,b\r'))).toBeUndefined()
    expect(scan.push(utf8('\n1,2\n3,4\n'))).toEqual({ offset: 9, rowsBefore: 2, linesBefore: 2 })
  })
})
