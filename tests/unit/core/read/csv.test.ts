// Delimited text end to end: delimiter and encoding choice, warnings a user sees, the streaming reader's chunk independence, and size limits.
import { describe, expect, it } from 'vitest'
import { createCsvStream, readDelimitedText, sniffDelimiter } from '../../../../src/core/read/csv'
import { ReadFailure } from '../../../../src/core/read/readFailure'
import { concat, shiftJis, utf16, utf8, windows1258, windows874 } from './encodingBytes'

const read = (bytes: Uint8Array, extra: { encoding?: string; delimiter?: string; maxCells?: number; format?: 'csv' | 'tsv' | 'txt' | 'prn' } = {}) => {
  const r = readDelimitedText(bytes, { fileName: 'calls.csv', format: extra.format ?? 'csv', maxCells: extra.maxCells ?? 1e6, ...extra })
  if (!r.ok) throw new Error(`unexpected error: ${r.error.message}`)
  return r.table
}

function streamAll(bytes: Uint8Array, chunkSizes: number[], opts: Parameters<typeof createCsvStream>[0] = {}) {
  const s = createCsvStream({ fileName: 'big.csv', sniffBytes: 1024, ...opts })
  const rows: string[][] = []
  let o = 0
  let k = 0
  while (o < bytes.length) {
    const n = Math.max(1, chunkSizes[k++ % chunkSizes.length] ?? 1)
    rows.push(...s.push(bytes.subarray(o, o + n)))
    o += n
  }
  rows.push(...s.finish())
  return { rows, stream: s }
}

describe('sniffDelimiter', () => {
  it('picks the delimiter that splits rows consistently, respecting quotes', () => {
    expect(sniffDelimiter('a;b;c\n1;"2,5";3\n4;5,5;6\n', { complete: true })).toMatchObject({ delimiter: ';', fields: 3 })
    expect(sniffDelimiter('a,b,c\n1,"x;y",3\n', { complete: true })).toMatchObject({ delimiter: ',', fields: 3 })
    expect(sniffDelimiter('a|b\n1|2\n', { complete: true }).delimiter).toBe('|')
  })

  it('prefers tab when a tab-separated file has commas inside its text', () => {
    expect(sniffDelimiter('name\tphone\nDoe, John\t0812\nRoe, Jane\t0899\n', { complete: true }).delimiter).toBe('\t')
  })

  it("follows Excel's sep= line", () => {
    expect(sniffDelimiter('sep=;\na,b;c\n', { complete: true }).delimiter).toBe(';')
  })

  it('falls back to comma (or tab for .tsv) for a single column', () => {
    expect(sniffDelimiter('0812345678\n0899999999\n', { complete: true })).toMatchObject({ delimiter: ',', fields: 1 })
    expect(sniffDelimiter('0812345678\n', { complete: true, preferTab: true }).delimiter).toBe('\t')
  })
})

describe('readDelimitedText', () => {
  it('reads a semicolon CSV with decimal commas as text, untouched', () => {
    const t = read(utf8('Numero;Montant;Date\n+85512345678;1,50;05/01/2024\n0812345678;2,25;06/01/2024\n'))
    expect(t.delimiter).toBe(';')
    expect(t.sheets[0]?.rows).toEqual([
      ['Numero', 'Montant', 'Date'],
      ['+85512345678', '1,50', '05/01/2024'],
      ['0812345678', '2,25', '06/01/2024']
    ])
    expect(t.sheets[0]?.name).toBe('calls')
  })

  it('reads Thai Windows-874 text and says the encoding was guessed', () => {
    const t = read(windows874('เบอร์,ชื่อ\n0812345678,สมชาย\n0898765432,สมหญิง\n'))
    expect(t.encoding).toBe('windows-874')
    expect(t.sheets[0]?.rows[1]).toEqual(['0812345678', 'สมชาย'])
    expect(t.warnings.map((w) => w.code)).toContain('encoding-guessed')
  })

  it('reads Vietnamese Windows-1258 and Shift_JIS files', () => {
    const vi = read(windows1258('So,Ten\n0912345678,Nguyễn Văn Á\n0987654321,Trần Thị Đào\n'))
    expect(vi.encoding).toBe('windows-1258')
    expect(String(vi.sheets[0]?.rows[2]?.[1]).normalize('NFC')).toBe('Trần Thị Đào'.normalize('NFC'))
    const ja = read(shiftJis(['id,name\n1,', '日本語', '\n2,', 'テスト', '\n']))
    expect(ja.encoding).toBe('shift_jis')
    expect(ja.sheets[0]?.rows).toEqual([['id', 'name'], ['1', '日本語'], ['2', 'テスト']])
  })

  it('reads UTF-16 with a BOM (Excel "Unicode text") as tab-separated', () => {
    const t = read(utf16('เบอร์\tชื่อ\r\n0812\tสมชาย\r\n', 'le'), { format: 'txt' })
    expect(t).toMatchObject({ encoding: 'utf-16le', delimiter: '\t' })
    expect(t.sheets[0]?.rows).toEqual([['เบอร์', 'ชื่อ'], ['0812', 'สมชาย']])
    expect(read(utf16('a,b\n1,2\n', 'be')).sheets[0]?.rows).toEqual([['a', 'b'], ['1', '2']])
  })

  it('drops a UTF-8 BOM from the first header', () => {
    const t = read(concat(Uint8Array.of(0xef, 0xbb, 0xbf), utf8('phone,name\n1,a\n')))
    expect(t.sheets[0]?.rows[0]).toEqual(['phone', 'name'])
  })

  it('obeys a chosen encoding and delimiter', () => {
    const bytes = windows874('ก|ข\n1|2\n')
    const t = read(bytes, { encoding: 'tis-620', delimiter: '|' })
    expect(t).toMatchObject({ encoding: 'windows-874', delimiter: '|' })
    expect(t.sheets[0]?.rows[0]).toEqual(['ก', 'ข'])
    expect(t.warnings.map((w) => w.code)).not.toContain('encoding-guessed')
  })

  it('refuses an unknown encoding label with a typed error', () => {
    const r = readDelimitedText(utf8('a\n'), { fileName: 'x.csv', format: 'csv', maxCells: 10, encoding: 'klingon' })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toMatchObject({ code: 'unsupported-encoding', fileName: 'x.csv' })
  })

  it('counts invalid UTF-8 bytes in a warning instead of failing', () => {
    const bytes = concat(utf8('name,city\nสมชาย,กรุงเทพ\n'), Uint8Array.of(0xe0, 0x41), utf8(',x\nb,'), Uint8Array.of(0xff), utf8('\n'))
    const t = read(bytes)
    expect(t.encoding).toBe('utf-8')
    const w = t.warnings.find((x) => x.code === 'invalid-bytes')
    expect(w?.count).toBe(2)
    expect(w?.message).toContain('calls.csv')
    expect(t.sheets[0]?.rows.length).toBe(4)
    expect(t.sheets[0]?.rows[1]).toEqual(['สมชาย', 'กรุงเทพ'])
  })

  it('keeps rows with the wrong number of fields and names them in warnings', () => {
    const t = read(utf8('a,b,c\n1,2,3\n4,5\n6,7,8,9\n10,11,12\n'))
    expect(t.sheets[0]?.rows).toEqual([['a', 'b', 'c'], ['1', '2', '3'], ['4', '5'], ['6', '7', '8', '9'], ['10', '11', '12']])
    const w = t.warnings.filter((x) => x.code === 'field-count')
    expect(w.map((x) => x.row)).toEqual([3, 4])
    expect(w[0]?.message).toMatch(/Row 3 .* 2 fields .* 3/)
  })

  it('summarises field-count problems past the first hundred', () => {
    const lines = ['a,b,c', ...Array.from({ length: 250 }, (_, i) => (i % 2 ? `${i},x,y` : `${i},x`))]
    const t = read(utf8(lines.join('\n')))
    expect(t.warnings.filter((x) => x.code === 'field-count')).toHaveLength(100)
    expect(t.warnings.find((x) => x.code === 'field-count-summary')?.count).toBe(125)
    expect(t.sheets[0]?.rows).toHaveLength(251)
  })

  it('records start lines only when a record spans lines', () => {
    expect(read(utf8('a,b\n1,2\n')).sheets[0]?.rowLines).toBeUndefined()
    expect(read(utf8('a,b\n"x\ny",2\n3,4\n')).sheets[0]?.rowLines).toEqual([1, 2, 4])
  })

  it('refuses more cells than allowed with too-large', () => {
    const r = readDelimitedText(utf8('a,b\n1,2\n3,4\n'), { fileName: 'x.csv', format: 'csv', maxCells: 4 })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('too-large')
  })

  it('refuses binary data that has no business in a text file', () => {
    const r = readDelimitedText(Uint8Array.from({ length: 4000 }, (_, i) => (i % 7 === 0 ? 0 : 65 + (i % 26))), { fileName: 'x.csv', format: 'csv', maxCells: 1e6 })
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error.code).toBe('unsupported-format')
  })

  it('lists the first hundred quoting problems and counts the rest', () => {
    const t = read(utf8('a,b\n' + '"x"y,1\n'.repeat(150)))
    expect(t.warnings.filter((w) => w.code === 'text-after-quote')).toHaveLength(100)
    expect(t.warnings.find((w) => w.code === 'text-after-quote-summary')?.count).toBe(150)
    expect(t.sheets[0]?.rows[150]).toEqual(['xy', '1'])
  })

  it('reports an unclosed quote with its row and line', () => {
    const t = read(utf8('a,b\n1,"oops\n2,3\n'))
    const w = t.warnings.find((x) => x.code === 'unterminated-quote')
    expect(w).toMatchObject({ row: 2 })
    expect(w?.message).toContain('line 2')
  })
})

describe('createCsvStream', () => {
  const header = 'call_id;a_party;b_party;start;note\n'
  const body = Array.from({ length: 400 }, (_, i) => `${i};+8551234${i};0812${i};2024-01-${(i % 28) + 1} 10:00;"multi\nline; ""q"""\n`).join('')

  it('returns the same rows whatever the chunk sizes', () => {
    const bytes = utf8(header + body)
    const whole = streamAll(bytes, [bytes.length]).rows
    expect(whole).toHaveLength(401)
    expect(whole[5]).toEqual(['4', '+85512344', '08124', '2024-01-5 10:00', 'multi\nline; "q"'])
    for (const sizes of [[1], [7, 3, 1000], [4096], [1023, 1, 2]]) expect(streamAll(bytes, sizes).rows).toEqual(whole)
  })

  it('settles the encoding at the first non-ASCII byte even when it comes late', () => {
    const ascii = 'phone,name\n' + Array.from({ length: 2000 }, (_, i) => `0812${i},x${i}\n`).join('')
    const bytes = concat(utf8(ascii), windows874('0899,สมชาย\n'))
    for (const sizes of [[bytes.length], [512], [333, 77]]) {
      const { rows, stream } = streamAll(bytes, sizes)
      expect(stream.encoding).toBe('windows-874')
      expect(rows[rows.length - 1]).toEqual(['0899', 'สมชาย'])
      expect(rows).toHaveLength(2002)
      expect(stream.invalidBytes).toBe(0)
    }
  })

  it('keeps UTF-8 decided by late multi-byte text', () => {
    const bytes = utf8('a,b\n' + '1,2\n'.repeat(1000) + '3,ก\n')
    const { rows, stream } = streamAll(bytes, [100])
    expect(stream.encoding).toBe('utf-8')
    expect(rows[rows.length - 1]).toEqual(['3', 'ก'])
  })

  it('reports the start line of each row it returns when asked', () => {
    const s = createCsvStream({ trackLines: true })
    const rows = s.push(utf8('a,b\n"x\ny",1\n'))
    expect(rows).toEqual([])
    const last = s.finish()
    expect(last).toHaveLength(2)
    expect(s.lastLines).toEqual([1, 2])
  })

  it('throws a typed ReadFailure for a runaway quoted field', () => {
    const s = createCsvStream({ fileName: 'runaway.csv', maxFieldChars: 10_000, sniffBytes: 1024 })
    expect(() => {
      s.push(utf8('a,b\n1,"' + 'x'.repeat(2000)))
      for (let i = 0; i < 10; i++) s.push(utf8('y'.repeat(2000)))
    }).toThrow(ReadFailure)
  })

  it('rejects invalid options as programmer errors', () => {
    expect(() => createCsvStream({ encoding: 'nope' })).toThrow(RangeError)
    expect(() => createCsvStream({ delimiter: '"' })).toThrow(RangeError)
  })
})
