// Two-language headers and local entry/exit words, as a Thai immigration checkpoint writes its sheets.
import { describe, expect, it } from 'vitest'
import { headerParts, matchAlias } from '../../../../src/core/mapping/aliases'
import { proposeMapping } from '../../../../src/core/mapping/autoMap'
import { buildSheetRecords } from '../../../../src/core/mapping/records'
import type { Movement } from '../../../../src/core/model/records'

const SHEET = [
  ['รายงานการผ่านแดน ด่านสะเดา'],
  ['ชื่อ-สกุล (Name)', 'เลขหนังสือเดินทาง (Passport No.)', 'สัญชาติ (Nationality)', 'ด่าน (Checkpoint)', 'ขาเข้า/ขาออก (Entry/Exit)', 'วันที่ (Date)', 'เวลา (Time)'],
  ['สมชาย ใจดี', 'AA1234567', 'ไทย', 'ด่านสะเดา', 'ขาเข้า', '07/02/2567', '12.48'],
  ['Rosli bin Hairul', 'A38815204', 'มาเลเซีย', 'ด่านปาดังเบซาร์', 'ขาออก', '15/02/2567', '09.05'],
  ['Nguyen Van A', 'C1234567', 'เวียดนาม', 'ด่านสะเดา', 'ขาเข้า', '20/02/2567', '18.30']
]

describe('two-language headers', () => {
  it('splits the bracketed language from the other', () => {
    expect(headerParts('วันที่ (Date)')).toEqual(['date', 'วันที่'])
    expect(headerParts('ขาเข้า/ขาออก (Entry/Exit)')).toEqual(['entryexit', 'ขาเข้าขาออก'])
    expect(headerParts('Duration')).toEqual([])
  })

  it('matches a field by either language', () => {
    expect(matchAlias('movement', 'ด่าน (Checkpoint)')).toMatchObject({ field: 'place', exact: true })
    expect(matchAlias('movement', 'เลขหนังสือเดินทาง (Passport No.)')).toMatchObject({ field: 'document' })
    expect(matchAlias('person', 'ชื่อ (Full name)')).toMatchObject({ field: 'name' })
  })

  it('reads a Thai checkpoint sheet as border movements with entry and exit, in Buddhist-Era dates', () => {
    const p = proposeMapping(SHEET, { sheet: 'crossings', country: 'TH' })
    expect(p.mapping.recordKind).toBe('movement')
    expect(p.mapping.headerRow).toBe(2)
    const built = buildSheetRecords(SHEET, p.header.dataStart, p.mapping, { sourceSha256: 'a'.repeat(64), fileName: 'x.xlsx', sheet: 'crossings' })
    const moves = built.records as Movement[]
    expect(moves.map((m) => m.direction)).toEqual(['entry', 'exit', 'entry'])
    expect(moves.map((m) => m.directionOriginal)).toEqual(['ขาเข้า', 'ขาออก', 'ขาเข้า'])
    expect(moves[0]!.place).toBe('ด่านสะเดา')
    expect(new Date(moves[0]!.time!.utcMs).toISOString()).toBe('2024-02-07T05:48:00.000Z')
  })
})
