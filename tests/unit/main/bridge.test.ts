// The bridge's argument checks (main runs them on every call) and the print settings they lead to.
import { describe, expect, it } from 'vitest'
import { pdfSettings } from '../../../src/main/print'
import { CHANNELS, VALIDATORS, validatePrintOptions, validateSaveFileArgs, validateSuggestedName } from '../../../src/preload/bridge'

describe('bridge contract', () => {
  it('has a validator for every channel and nothing else', () => {
    expect(Object.keys(VALIDATORS).sort()).toEqual(Object.values(CHANNELS).sort())
  })

  it('appInfo takes no arguments', () => {
    expect(VALIDATORS[CHANNELS.appInfo]([])).toEqual({ ok: true, value: [] })
    expect(VALIDATORS[CHANNELS.appInfo](['x']).ok).toBe(false)
  })
})

describe('saveFile arguments', () => {
  it('accepts a plain file name and bytes', () => {
    const bytes = new Uint8Array([1, 2, 3])
    expect(validateSaveFileArgs(['timeline – Operation Monsoon.pdf', bytes])).toEqual({ ok: true, value: ['timeline – Operation Monsoon.pdf', bytes] })
  })

  it.each([
    ['../../etc/passwd', 'path'],
    ['/etc/passwd', 'path'],
    ['C:\\Windows\\x.exe', 'path'],
    ['.bashrc', 'dot'],
    ['', 'characters'],
    ['a'.repeat(201), 'characters'],
    ['bad\u0000name.pdf', 'path'],
    ['x|y.csv', 'path']
  ])('refuses the name %j', (name, word) => {
    const r = validateSuggestedName(name)
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toContain(word)
  })

  it('refuses bytes that are not a Uint8Array, and wrong arity', () => {
    expect(validateSaveFileArgs(['a.pdf', 'text']).ok).toBe(false)
    expect(validateSaveFileArgs(['a.pdf', [1, 2]]).ok).toBe(false)
    expect(validateSaveFileArgs(['a.pdf']).ok).toBe(false)
    expect(validateSaveFileArgs(['a.pdf', new Uint8Array(1), 'extra']).ok).toBe(false)
  })
})

describe('printToPdf options', () => {
  it('accepts A4, A3 and Letter in either orientation', () => {
    for (const pageSize of ['A4', 'A3', 'Letter']) {
      for (const landscape of [true, false]) {
        expect(validatePrintOptions([{ pageSize, landscape, printBackground: true }]).ok).toBe(true)
      }
    }
  })

  it.each([
    [{ pageSize: 'A5', landscape: true, printBackground: true }, 'pageSize'],
    [{ pageSize: 'A4', landscape: 'yes', printBackground: true }, 'landscape'],
    [{ pageSize: 'A4', landscape: true }, 'printBackground'],
    [{ pageSize: 'A4', landscape: true, printBackground: true, headerTemplate: '<img src=x>' }, 'unknown'],
    [null, 'object'],
    [[], 'object']
  ])('refuses %j', (opts, word) => {
    const r = validatePrintOptions([opts])
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.message).toContain(word)
  })

  it('maps to Chromium settings without its own header/footer (the print view draws them)', () => {
    expect(pdfSettings({ pageSize: 'A3', landscape: true, printBackground: true })).toMatchObject({
      pageSize: 'A3',
      landscape: true,
      printBackground: true,
      displayHeaderFooter: false,
      preferCSSPageSize: true,
      // The print view's page blocks fill the whole sheet and carry their own margins.
      margins: { top: 0, bottom: 0, left: 0, right: 0 }
    })
  })
})
