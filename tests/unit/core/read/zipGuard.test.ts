// Zip bombs and lying zip directories are refused before anything inflates them; genuine workbooks pass with their true sizes.
import { describe, expect, it } from 'vitest'
import { deflateRawSync, inflateRawSync } from 'node:zlib'
import * as XLSX from 'xlsx'
import { inspectZip } from '../../../../src/core/read/zipGuard'
import { inflatedSize } from '../../../../src/core/read/inflateSize'
import { readFile } from '../../../../src/core/read/index'
import { buildZip, deflateStored, deflateZeros, xlsxShell } from './zipBuilder'

const MB = 1024 * 1024

describe('inflatedSize', () => {
  it('measures real DEFLATE streams exactly, whatever zlib chose', () => {
    const text = new TextEncoder().encode('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'.repeat(5000) + 'tail ก')
    for (const level of [0, 1, 6, 9]) {
      const raw = new Uint8Array(deflateRawSync(text, { level }))
      expect(inflatedSize(raw, 0, raw.length, Infinity)).toEqual({ ok: true, size: text.length, consumed: raw.length })
    }
    const random = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 2654435761) >>> 24)
    const raw = new Uint8Array(deflateRawSync(random))
    expect(inflatedSize(raw, 0, raw.length, Infinity)).toMatchObject({ ok: true, size: random.length })
  })

  it('agrees with zlib on the hand-built bomb stream used below', () => {
    const { data, size } = deflateZeros(1000)
    const out = new Uint8Array(inflateRawSync(data))
    expect(out.length).toBe(size)
    expect(out.every((b) => b === 0)).toBe(true)
    expect(inflatedSize(data, 0, data.length, Infinity)).toMatchObject({ ok: true, size })
  })

  it('stops at the limit without producing the output', () => {
    const { data } = deflateZeros(800_000) // about 200 MB
    const t0 = performance.now()
    expect(inflatedSize(data, 0, data.length, 10 * MB)).toMatchObject({ ok: false, reason: 'limit' })
    expect(performance.now() - t0).toBeLessThan(5000)
  })

  it('calls truncated or garbled streams corrupt instead of looping', () => {
    const raw = new Uint8Array(deflateRawSync(new TextEncoder().encode('hello hello hello '.repeat(1000))))
    expect(inflatedSize(raw, 0, raw.length - 5, Infinity)).toMatchObject({ ok: false, reason: 'corrupt' })
    expect(inflatedSize(Uint8Array.of(0x07, 0xff, 0xff), 0, 3, Infinity)).toMatchObject({ ok: false, reason: 'corrupt' })
    // An empty block is fine; a copy reaching back before the start of the output is not (zlib agrees).
    expect(inflatedSize(Uint8Array.of(0x03, 0x00), 0, 2, Infinity)).toMatchObject({ ok: true, size: 0 })
    expect(() => inflateRawSync(Uint8Array.of(0x03, 0x02, 0x00))).toThrow()
    expect(inflatedSize(Uint8Array.of(0x03, 0x02, 0x00), 0, 3, Infinity)).toMatchObject({ ok: false, reason: 'corrupt' })
  })
})

describe('inspectZip', () => {
  it('passes a genuine workbook and reports its true uncompressed size', () => {
    const wb = XLSX.utils.book_new()
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['a', 1]]), 'S')
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer)
    const r = inspectZip(bytes)
    expect(r.ok).toBe(true)
    if (r.ok) expect(r.totalBytes).toBe(r.entries.reduce((n, e) => n + e.uncompressedSize, 0))
  })

  it('refuses a directory that declares more than the total cap', () => {
    const data = deflateStored(new Uint8Array(10))
    const r = inspectZip(buildZip([{ name: 'xl/worksheets/sheet1.xml', data, method: 8, declaredSize: 4_000_000_000 }]))
    expect(r).toMatchObject({ ok: false, code: 'zip-bomb' })
  })

  it('refuses a highly compressible 200 MB entry by its ratio', () => {
    const { data, size } = deflateZeros(800_000)
    expect(size).toBeGreaterThan(200 * 1000 * 1000)
    expect(data.length).toBeLessThan(256 * 1024)
    const r = inspectZip(buildZip([{ name: 'xl/worksheets/sheet1.xml', data, method: 8, declaredSize: size }]))
    expect(r).toMatchObject({ ok: false, code: 'zip-bomb' })
  })

  it('refuses an entry that expands beyond the size it declares, even with a data descriptor', () => {
    const { data } = deflateZeros(40_000) // 10 MB real, 1 KB declared
    for (const flags of [0, 8]) {
      const r = inspectZip(buildZip([{ name: 'xl/worksheets/sheet1.xml', data, method: 8, declaredSize: 1024, flags }]))
      expect(r).toMatchObject({ ok: false, code: 'zip-bomb' })
    }
  })

  it('calls a garbled entry corrupt and an encrypted one encrypted', () => {
    const junk = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) & 0xff)
    expect(inspectZip(buildZip([{ name: 'a.xml', data: junk, method: 8, declaredSize: 5000 }]))).toMatchObject({ ok: false, code: 'corrupt' })
    expect(inspectZip(buildZip([{ name: 'a.xml', data: junk, method: 8, declaredSize: 5000, flags: 1 }]))).toMatchObject({ ok: false, code: 'encrypted' })
    expect(inspectZip(Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0, 0))).toMatchObject({ ok: false, code: 'corrupt' })
  })
})

describe('readFile refuses hostile containers with typed errors', () => {
  it('refuses an xlsx whose sheet is a zip bomb, quickly and without inflating it', () => {
    const { data, size } = deflateZeros(800_000)
    const bytes = buildZip(xlsxShell({ name: 'xl/worksheets/sheet1.xml', data, method: 8, declaredSize: size }))
    const before = process.memoryUsage().rss
    const t0 = performance.now()
    const r = readFile(bytes, { fileName: 'invoice.xlsx' })
    expect(performance.now() - t0).toBeLessThan(10_000)
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * MB)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('zip-bomb')
      expect(r.error.fileName).toBe('invoice.xlsx')
      expect(r.error.message).toContain('invoice.xlsx')
    }
  })

  it('refuses an xlsx whose directory lies about a small sheet', () => {
    const { data } = deflateZeros(100_000)
    const r = readFile(buildZip(xlsxShell({ name: 'xl/worksheets/sheet1.xml', data, method: 8, declaredSize: 2000, flags: 8 })), { fileName: 'x.xlsx' })
    expect(r.ok ? 'ok' : r.error.code).toBe('zip-bomb')
  })

  it('calls a zip with no workbook inside unsupported', () => {
    const data = deflateStored(new TextEncoder().encode('hello'))
    const r = readFile(buildZip([{ name: 'notes.txt', data, method: 8, declaredSize: 5 }]), { fileName: 'notes.zip' })
    expect(r.ok ? 'ok' : r.error.code).toBe('unsupported-format')
  })
})
