// The delimited-text state machine: RFC 4180 quoting, line endings, and the same rows however the text is cut into pieces.
import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { FieldTooLargeError, RecordParser } from '../../../../src/core/read/csvParser'

function parse(text: string | string[], delimiter = ',', trackLines = false): { rows: string[][]; lines: number[]; parser: RecordParser } {
  const parser = new RecordParser({ delimiter, trackLines })
  for (const piece of typeof text === 'string' ? [text] : text) parser.write(piece)
  parser.end()
  const { rows, lines } = parser.takeRows()
  return { rows, lines, parser }
}

/** Writes rows as RFC 4180 CSV, quoting only where needed (so both quoted and bare fields are exercised). */
function toCsv(rows: string[][], delimiter: string, eol: string): string {
  return rows
    .map((r) =>
      r
        .map((f) => (f.includes('"') || f.includes(delimiter) || f.includes('\n') || f.includes('\r') || f === '' ? `"${f.replace(/"/g, '""')}"` : f))
        .join(delimiter)
    )
    .join(eol)
}

describe('RecordParser', () => {
  it('reads quoted fields with delimiters, doubled quotes and line breaks inside', () => {
    const { rows } = parse('a,b,c\n1,"x, y","he said ""hi"""\n2,"line1\nline2",3\n')
    expect(rows).toEqual([
      ['a', 'b', 'c'],
      ['1', 'x, y', 'he said "hi"'],
      ['2', 'line1\nline2', '3']
    ])
  })

  it('ends rows at LF, CRLF and a lone CR alike, and keeps CRLF inside quotes', () => {
    expect(parse('a,b\r\n1,2\r\n').rows).toEqual([['a', 'b'], ['1', '2']])
    expect(parse('a,b\r1,2\r').rows).toEqual([['a', 'b'], ['1', '2']])
    expect(parse('a,b\n1,2').rows).toEqual([['a', 'b'], ['1', '2']])
    expect(parse('"x\r\ny",2\r\n').rows).toEqual([['x\r\ny', '2']])
  })

  it('keeps empty fields, a trailing delimiter and blank lines, so nothing shifts', () => {
    expect(parse('a,,c\n,\n\nz,\n').rows).toEqual([['a', '', 'c'], ['', ''], [''], ['z', '']])
    expect(parse('a,b,').rows).toEqual([['a', 'b', '']])
    expect(parse('"",""\n').rows).toEqual([['', '']])
  })

  it('treats a quote inside an unquoted field as a literal character', () => {
    expect(parse(`1,37°36'37.8"N 121°2'17.9"W,x\n`).rows).toEqual([['1', `37°36'37.8"N 121°2'17.9"W`, 'x']])
  })

  it('joins text after a closing quote to the field and reports the row', () => {
    const { rows, parser } = parse('a,b\n"ab"cd,e\n')
    expect(rows[1]).toEqual(['abcd', 'e'])
    expect(parser.issues).toEqual([{ kind: 'text-after-quote', row: 2, line: 2 }])
  })

  it('runs an unclosed quote to the end of the input and reports where it started', () => {
    const { rows, parser } = parse('a,b\n1,"never closed\n2,3\n')
    expect(rows).toEqual([
      ['a', 'b'],
      ['1', 'never closed\n2,3\n']
    ])
    expect(parser.issues).toEqual([{ kind: 'unterminated-quote', row: 2, line: 2 }])
  })

  it('stays fast on a long line of malformed quoted fields (hang guard)', () => {
    const line = '"a"b,'.repeat(200_000)
    const t0 = performance.now()
    const { rows, parser } = parse(line + '\n')
    expect(performance.now() - t0).toBeLessThan(5000)
    expect(rows[0]).toHaveLength(200_001)
    expect(rows[0]?.[0]).toBe('ab')
    expect(parser.issueCounts['text-after-quote']).toBe(200_000)
    expect(parser.issues).toHaveLength(100)
  })

  it('keeps a 40,000-character cell whole', () => {
    const big = 'ก'.repeat(20_000) + 'x"y'.repeat(6_666) + 'z'.repeat(2)
    const { rows } = parse(`id,note\n1,"${big.replace(/"/g, '""')}"\n2,short\n`)
    expect(rows[1]?.[1]).toBe(big)
    expect(rows[1]?.[1]?.length).toBe(40_000)
    expect(rows[2]).toEqual(['2', 'short'])
  })

  it('tracks the line on which each row starts when fields hold line breaks', () => {
    const { lines } = parse('h1,h2\n"a\nb\r\nc",1\n\nx,"\r"\ny,2\n', ',', true)
    expect(lines).toEqual([1, 2, 5, 6, 8])
  })

  it('splits on any single-character delimiter', () => {
    expect(parse('a;b;"c;d"\n1;2;3', ';').rows).toEqual([['a', 'b', 'c;d'], ['1', '2', '3']])
    expect(parse('a\tb\n1\t2', '\t').rows).toEqual([['a', 'b'], ['1', '2']])
    expect(parse('a|b\n1|2', '|').rows).toEqual([['a', 'b'], ['1', '2']])
  })

  it('refuses a field larger than the limit instead of growing without bound', () => {
    const parser = new RecordParser({ delimiter: ',', maxFieldChars: 1000 })
    parser.write('a,"')
    expect(() => {
      for (let i = 0; i < 20; i++) parser.write('x'.repeat(100))
    }).toThrow(FieldTooLargeError)
  })

  it('rejects delimiters that cannot work', () => {
    for (const d of ['"', '\n', '\r', ',,', '']) expect(() => new RecordParser({ delimiter: d })).toThrow(RangeError)
  })

  it('gives the same rows however the text is cut into pieces (property)', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ' ', ',', ';', '"', '\n', '\r', 'ก', '😀', '\t'), maxLength: 8 })
    const rows = fc.array(fc.array(field, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 })
    fc.assert(
      fc.property(rows, fc.constantFrom(',', ';', '\t'), fc.constantFrom('\n', '\r\n', '\r'), fc.array(fc.nat(), { maxLength: 12 }), (data, delim, eol, cuts) => {
        // A lone empty field would serialise as a blank line; quoting it ("") keeps the row distinct.
        const text = toCsv(data, delim, eol)
        const whole = parse(text, delim).rows
        expect(whole).toEqual(data)
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b)
        const pieces: string[] = []
        let prev = 0
        for (const p of points) {
          pieces.push(text.slice(prev, p))
          prev = p
        }
        pieces.push(text.slice(prev))
        expect(parse(pieces, delim).rows).toEqual(whole)
      }),
      { numRuns: 400 }
    )
  })
})
