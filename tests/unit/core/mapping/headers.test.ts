// Tests header-row detection: preambles and titles above the header, headerless exports, unique names, merged and grouped header cells.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { classifyCell, detectHeader, headerAt, uniqueHeaderNames } from '../../../../src/core/mapping/headers'
import type { Cell } from '../../../../src/core/model/rawTable'

const cdrBody = (n: number): Cell[][] =>
  Array.from({ length: n }, (_, i) => [`66812345${String(i).padStart(3, '0')}`, '66898765432', i % 2 ? 'MO' : 'MT', `${String((i % 28) + 1).padStart(2, '0')}/05/2024 10:${String(i % 60).padStart(2, '0')}:00`, String(30 + i)])

describe('detectHeader', () => {
  it('finds the header on the first row of a plain CSV', () => {
    const rows: Cell[][] = [['A_NUMBER', 'B_NUMBER', 'CALL_TYPE', 'START_TIME', 'DURATION'], ...cdrBody(20)]
    const h = detectHeader(rows)
    expect(h.headerIndex).toBe(0)
    expect(h.dataStart).toBe(1)
    expect(h.names).toEqual(['A_NUMBER', 'B_NUMBER', 'CALL_TYPE', 'START_TIME', 'DURATION'])
  })

  it('skips title and preamble rows an operator or agency puts above the header', () => {
    const rows: Cell[][] = [
      ['CALL DETAIL RECORDS — TARGET 0812345678', null, null, null, null],
      ['Requested by: Royal Thai Police, case 2024/117', null, null, null, null],
      [null, null, null, null, null],
      ['Target No', 'B Party No', 'Call Type', 'Date Time', 'Duration'],
      ...cdrBody(30)
    ]
    const h = detectHeader(rows)
    expect(h.headerIndex).toBe(3)
    expect(h.dataStart).toBe(4)
    expect(h.reason).toMatch(/preamble/)
  })

  it('sees that a headerless export starts with data (bandicoot Orange layout)', () => {
    const rows: Cell[][] = [
      ['1', '11', '770000000', '770000008', '2013-12-16 08:30:30', '126', '42.1534', '-70.7084'],
      ['2', '22', '770000000', '770000007', '2013-12-16 17:30:30', '0', '42.6590', '-71.1216'],
      ['1', '21', '770000000', '770000005', '2013-12-17 07:30:30', '0', '42.3987', '-71.5750']
    ]
    const h = detectHeader(rows)
    expect(h.headerIndex).toBe(-1)
    expect(h.dataStart).toBe(0)
    expect(h.names).toEqual(['Column 1', 'Column 2', 'Column 3', 'Column 4', 'Column 5', 'Column 6', 'Column 7', 'Column 8'])
  })

  it('takes a header whose data rows are text too when its names are known ones', () => {
    const rows: Cell[][] = [['interaction', 'direction', 'correspondent_id', 'datetime', 'call_duration', 'antenna_id'], ['text', 'in', 'A', '2014-03-02 07:13:30', '', '1'], ['call', 'out', 'B', '2014-03-02 08:13:30', '61', '2']]
    expect(detectHeader(rows).headerIndex).toBe(0)
  })

  it('names blank headers by position and numbers repeated ones', () => {
    const rows: Cell[][] = [['Date', '', 'Date', 'Number', 'number'], ...Array.from({ length: 5 }, () => ['2024-01-01', 'x', '2024-01-02', '5', '6'] as Cell[])]
    expect(detectHeader(rows).names).toEqual(['Date', 'Column 2', 'Date (2)', 'Number', 'number (2)'])
  })

  it('spreads a merged header cell over the columns it covers', () => {
    const rows: Cell[][] = [['Caller', null, 'Date', 'Cell'], ...Array.from({ length: 6 }, (_, i) => ['0812345678', '+66812345678', `2024-01-0${i + 1}`, '12'] as Cell[])]
    const h = detectHeader(rows, { merges: [{ startRow: 0, startCol: 0, endRow: 0, endCol: 1 }] })
    expect(h.names).toEqual(['Caller', 'Caller (2)', 'Date', 'Cell'])
  })

  it('joins a merged group row with the sub-headers under it', () => {
    const rows: Cell[][] = [
      ['A Party', null, 'B Party', null, 'Date'],
      ['Number', 'IMEI', 'Number', 'IMEI', null],
      ...Array.from({ length: 8 }, (_, i) => ['0812345678', '356938035643809', '0898765432', '356938035643817', `2024-01-0${i + 1} 10:00`] as Cell[])
    ]
    const merges = [
      { startRow: 0, startCol: 0, endRow: 0, endCol: 1 },
      { startRow: 0, startCol: 2, endRow: 0, endCol: 3 },
      { startRow: 0, startCol: 4, endRow: 1, endCol: 4 }
    ]
    const h = detectHeader(rows, { merges })
    expect(h.headerIndex).toBe(1)
    expect(h.names).toEqual(['A Party Number', 'A Party IMEI', 'B Party Number', 'B Party IMEI', 'Date'])
    expect(h.dataStart).toBe(2)
  })

  it('reports an empty sheet as having no header and no data', () => {
    const h = detectHeader([])
    expect(h.headerIndex).toBe(-1)
    expect(h.width).toBe(0)
  })

  it('uses the row a saved mapping names, even when detection would choose another', () => {
    const rows: Cell[][] = [['title'], ['x', 'y'], ['1', '2']]
    const h = headerAt(rows, 1)
    expect(h.headerIndex).toBe(1)
    expect(h.names).toEqual(['x', 'y'])
    expect(h.dataStart).toBe(2)
  })

  it('always returns one unique, non-blank name per column (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(''), fc.constant('Date'), fc.constant(' date '), fc.string({ maxLength: 6 })), { maxLength: 30 }), (raw) => {
        const names = uniqueHeaderNames(raw)
        expect(names).toHaveLength(raw.length)
        expect(new Set(names.map((n) => n.toLowerCase())).size).toBe(names.length)
        for (const n of names) expect(n.trim()).not.toBe('')
      })
    )
  })
})

describe('classifyCell', () => {
  it('tells dates, numbers, text and blanks apart the way header detection needs', () => {
    expect(classifyCell('20060601 0008')).toBe('date')
    expect(classifyCell('2014-08-20T20:30:37')).toBe('date')
    expect(classifyCell('13/05/2024')).toBe('date')
    expect(classifyCell('1,282')).toBe('number')
    expect(classifyCell('+66 81 234 5678')).toBe('number')
    expect(classifyCell(42)).toBe('number')
    expect(classifyCell('Duration(seconds)')).toBe('text')
    expect(classifyCell('  ')).toBe('empty')
    expect(classifyCell(null)).toBe('empty')
  })
})
