// A big text file read in two parts (one per import worker) reports the same read warnings as one reader of the whole
// file: an undecodable byte or a ragged row far down the file is named by the file's row, counts are summed, lists capped.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { ReadWarning } from '../../../../src/core/model/rawTable'
import { createCsvChunks, createCsvStream, MAX_LISTED_WARNINGS, mergeReadWarnings } from '../../../../src/core/read/csv'
import { readFile } from '../../../../src/core/read/index'
import { findTextSplit } from '../../../../src/core/read/textSplit'
import { concatAll } from './encodingBytes'

const enc = new TextEncoder()
const INVALID = 0xff

/** CSV bytes from lines; a line given as bytes is put in as it is (so it can hold an invalid UTF-8 byte). */
function file(lines: readonly (string | Uint8Array)[]): Uint8Array {
  return concatAll(lines.map((l) => (typeof l === 'string' ? enc.encode(`${l}\n`) : Uint8Array.from([...l, 10]))))
}

// Names in Thai script, so the file is plainly UTF-8 from its first rows and a stray byte is an undecodable one (in a
// file of only ASCII and that byte, the byte would make it read as a legacy code page instead).
/** A row whose name field holds an invalid UTF-8 byte. */
const badRow = (i: number): Uint8Array => Uint8Array.from([...enc.encode(`+6681${i},+6689${i},สม`), INVALID, ...enc.encode(`ชาย,${i % 600}`)])
const goodRow = (i: number): string => `+6681${i},+6689${i},สมชาย,${i % 600}`

function warningsOfWhole(bytes: Uint8Array): readonly ReadWarning[] {
  const r = readFile(bytes, { fileName: 'calls.csv' })
  if (!r.ok) throw new Error(r.error.message)
  return r.table.warnings
}

/** Reads the bytes as the import does: cut where findTextSplit allows, each part in pieces, the second numbered from the cut. */
function warningsOfParts(bytes: Uint8Array, piece = 4096): ReadWarning[] {
  const whole = createCsvStream({ fileName: 'calls.csv' })
  whole.push(bytes.subarray(0, 64 * 1024))
  const encoding = whole.encoding ?? 'utf-8'
  const delimiter = whole.delimiter ?? ','
  const expectedFields = whole.expectedFields ?? undefined
  const split = findTextSplit(bytes, encoding, { minRowsBefore: 1 })
  if (!split) throw new Error('no safe cut')
  const read = (part: Uint8Array, rowsBefore: number, linesBefore: number): readonly ReadWarning[] => {
    const chunks = createCsvChunks(part, { fileName: 'calls.csv', encoding, delimiter, rowsBefore, linesBefore, ...(expectedFields !== undefined ? { expectedFields } : {}) }, piece)
    while (chunks.next()) {
      // read every piece
    }
    return chunks.stream.warnings
  }
  const first = read(bytes.subarray(0, split.offset), 0, 0)
  const second = read(bytes.subarray(split.offset), split.rowsBefore, split.linesBefore)
  return mergeReadWarnings([first, second], { fileName: 'calls.csv', sheet: 'calls', encoding })
}

describe('read warnings of a file read in two parts', () => {
  it('names an undecodable byte and an extra field in the second half by the file’s row numbers', () => {
    const lines: (string | Uint8Array)[] = ['caller,callee,name,duration']
    for (let i = 1; i <= 30_000; i++) lines.push(i === 25_000 ? badRow(i) : i === 27_500 ? `${goodRow(i)},extra` : goodRow(i))
    const bytes = file(lines)
    const split = findTextSplit(bytes, 'utf-8', { minRowsBefore: 1 })!
    // Both problems are past the cut, and far past the first 20,000 rows the wizard reads.
    expect(split.rowsBefore).toBeLessThan(25_000)

    const merged = warningsOfParts(bytes)
    // Row 1 is the header: data row i is file row i + 1.
    const invalidRow = merged.find((w) => w.code === 'invalid-bytes-row')
    expect(invalidRow?.row).toBe(25_001)
    expect(invalidRow?.message).toContain('Row 25001 of calls.csv')
    const ragged = merged.find((w) => w.code === 'field-count')
    expect(ragged?.row).toBe(27_501)
    expect(ragged?.message).toContain('Row 27501 of calls.csv has 5 fields where most rows have 4')
    expect(merged.find((w) => w.code === 'invalid-bytes')?.count).toBe(1)
    expect(merged).toEqual(warningsOfWhole(bytes))
  })

  it('sums counts over the halves and lists only the first hundred of a kind, in row order', () => {
    const lines: string[] = ['a,b,c']
    // 70 ragged rows in each half: 140 in all.
    for (let i = 1; i <= 2_000; i++) lines.push(i % 14 === 0 ? `${i},x,y,z` : `${i},x,y`)
    const bytes = file(lines)
    const merged = warningsOfParts(bytes, 1000)
    const listed = merged.filter((w) => w.code === 'field-count')
    expect(listed).toHaveLength(MAX_LISTED_WARNINGS)
    expect(listed.map((w) => w.row)).toEqual(Array.from({ length: MAX_LISTED_WARNINGS }, (_, k) => (k + 1) * 14 + 1))
    const summary = merged.find((w) => w.code === 'field-count-summary')
    expect(summary?.count).toBe(142)
    expect(summary?.message).toMatch(/^142 rows of calls\.csv/)
    expect(merged).toEqual(warningsOfWhole(bytes))
  })

  it('adds the undecodable bytes of both halves into one total', () => {
    const lines: (string | Uint8Array)[] = ['caller,callee,name,duration']
    for (let i = 1; i <= 4_000; i++) lines.push(i === 10 || i === 3_990 ? badRow(i) : goodRow(i))
    const merged = warningsOfParts(file(lines))
    expect(merged.filter((w) => w.code === 'invalid-bytes-row').map((w) => w.row)).toEqual([11, 3_991])
    const total = merged.filter((w) => w.code === 'invalid-bytes')
    expect(total).toHaveLength(1)
    expect(total[0]?.count).toBe(2)
    expect(total[0]?.message).toMatch(/^2 byte sequences in calls\.csv could not be read as UTF-8/)
  })

  it('keeps the wizard’s encoding guess once, however many parts carry it', () => {
    const guess: ReadWarning = { code: 'encoding-guessed', sheet: 'calls', message: 'calls.csv is not Unicode text; …' }
    const merged = mergeReadWarnings([[guess], [guess], []], { fileName: 'calls.csv', sheet: 'calls', encoding: 'windows-874' })
    expect(merged).toEqual([guess])
  })

  it('gives the whole file’s warnings wherever the file is cut and however it is pieced (property)', () => {
    const row = fc.record({ extra: fc.boolean(), short: fc.boolean(), bad: fc.boolean() })
    fc.assert(
      fc.property(fc.array(row, { minLength: 4, maxLength: 400 }), fc.double({ min: 0.05, max: 0.95, noNaN: true }), fc.integer({ min: 7, max: 3000 }), (rows, fraction, piece) => {
        const lines: (string | Uint8Array)[] = ['caller,callee,name,duration']
        rows.forEach((r, i) => {
          const base = r.bad ? badRow(i) : enc.encode(goodRow(i))
          const tail = r.extra ? ',more' : ''
          lines.push(r.short ? `${i},only` : Uint8Array.from([...base, ...enc.encode(tail)]))
        })
        const bytes = file(lines)
        const split = findTextSplit(bytes, 'utf-8', { fraction, minRowsBefore: 1 })
        if (!split) return
        const read = (part: Uint8Array, rowsBefore: number, linesBefore: number) => {
          const c = createCsvChunks(part, { fileName: 'calls.csv', encoding: 'utf-8', delimiter: ',', expectedFields: 4, rowsBefore, linesBefore }, piece)
          while (c.next()) {
            // read every piece
          }
          return c.stream.warnings
        }
        const merged = mergeReadWarnings([read(bytes.subarray(0, split.offset), 0, 0), read(bytes.subarray(split.offset), split.rowsBefore, split.linesBefore)], {
          fileName: 'calls.csv',
          sheet: 'calls',
          encoding: 'utf-8'
        })
        const whole = read(bytes, 0, 0)
        expect(merged).toEqual(whole)
      }),
      { numRuns: 150 }
    )
  })
})

describe('undecodable bytes are traced to their row', () => {
  it('names the row (and its line when it differs) holding a replaced byte, whatever the piece size', () => {
    // Row 3 spans two lines (a quoted line break), so row 4 starts on line 5.
    const bytes = file(['a,b,c', '1,สมชาย,y', '2,"two\nlines",y', Uint8Array.from([...enc.encode('3,'), INVALID, ...enc.encode(',y')]), '4,x,y'])
    for (const piece of [1, 2, 5, 64, 1 << 20]) {
      const c = createCsvChunks(bytes, { fileName: 'calls.csv' }, piece)
      while (c.next()) {
        // read every piece
      }
      const w = c.stream.warnings.find((x) => x.code === 'invalid-bytes-row')
      expect(w?.row, `piece ${piece}`).toBe(4)
      expect(w?.message).toContain('Row 4 of calls.csv (line 5) holds a byte sequence that could not be read as UTF-8')
    }
  })

  it('lists at most a hundred rows but counts every undecodable byte', () => {
    const lines: (string | Uint8Array)[] = ['a,b']
    for (let i = 0; i < 150; i++) lines.push(Uint8Array.from([...enc.encode(`${i},สมชาย`), INVALID]))
    const w = warningsOfWhole(file(lines))
    expect(w.filter((x) => x.code === 'invalid-bytes-row')).toHaveLength(MAX_LISTED_WARNINGS)
    expect(w.find((x) => x.code === 'invalid-bytes')?.count).toBe(150)
  })
})
