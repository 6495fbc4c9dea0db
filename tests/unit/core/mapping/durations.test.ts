// Tests duration parsing: the forms CDRs use, flags for negative and absurd values, and round trips.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatDuration, parseDuration } from '../../../../src/core/mapping/durations'

describe('parseDuration', () => {
  it('reads seconds as numbers and text', () => {
    expect(parseDuration(123)).toEqual({ ok: true, seconds: 123 })
    expect(parseDuration('123')).toEqual({ ok: true, seconds: 123 })
    expect(parseDuration('123.5')).toEqual({ ok: true, seconds: 123.5 })
    expect(parseDuration('12,5')).toEqual({ ok: true, seconds: 12.5 })
    expect(parseDuration('1,234')).toEqual({ ok: true, seconds: 1234 })
    expect(parseDuration('๑๒๓')).toEqual({ ok: true, seconds: 123 })
  })

  it('reads clock forms', () => {
    expect(parseDuration('1:02:03')).toEqual({ ok: true, seconds: 3723 })
    expect(parseDuration('1:20')).toEqual({ ok: true, seconds: 80 })
    expect(parseDuration('75:20')).toEqual({ ok: true, seconds: 4520 })
    expect(parseDuration('00:01:20.5')).toEqual({ ok: true, seconds: 80.5 })
    expect(parseDuration('00:01:20,5')).toEqual({ ok: true, seconds: 80.5 })
  })

  it('reads unit forms in English, Thai, Indonesian and Vietnamese', () => {
    expect(parseDuration('1m 20s')).toEqual({ ok: true, seconds: 80 })
    expect(parseDuration('1h2m3s')).toEqual({ ok: true, seconds: 3723 })
    expect(parseDuration('90 sec')).toEqual({ ok: true, seconds: 90 })
    expect(parseDuration('2 min')).toEqual({ ok: true, seconds: 120 })
    expect(parseDuration('1500ms')).toEqual({ ok: true, seconds: 1.5 })
    expect(parseDuration('2 นาที 5 วินาที')).toEqual({ ok: true, seconds: 125 })
    expect(parseDuration('1 menit 5 detik')).toEqual({ ok: true, seconds: 65 })
    expect(parseDuration('1 phút 5 giây')).toEqual({ ok: true, seconds: 65 })
  })

  it('keeps negative and absurd values, flagged', () => {
    expect(parseDuration('-5')).toEqual({ ok: true, seconds: -5, flag: 'negative' })
    expect(parseDuration(-5)).toEqual({ ok: true, seconds: -5, flag: 'negative' })
    expect(parseDuration('-0:05')).toEqual({ ok: true, seconds: -5, flag: 'negative' })
    expect(parseDuration('90000')).toEqual({ ok: true, seconds: 90000, flag: 'absurd' })
    expect(parseDuration('25:00:00')).toEqual({ ok: true, seconds: 90000, flag: 'absurd' })
    expect(parseDuration('3600', { maxSeconds: 1800 })).toMatchObject({ flag: 'absurd' })
  })

  it('reads plain numbers in another unit when told', () => {
    expect(parseDuration('1500', { unit: 'ms' })).toEqual({ ok: true, seconds: 1.5 })
    expect(parseDuration(2.5, { unit: 'min' })).toEqual({ ok: true, seconds: 150 })
  })

  it('says what is wrong with unreadable values and tells empty cells apart', () => {
    expect(parseDuration('')).toMatchObject({ ok: false, empty: true })
    expect(parseDuration(null)).toMatchObject({ ok: false, empty: true })
    const bad = parseDuration('about a minute')
    expect(bad.ok).toBe(false)
    if (!bad.ok) {
      expect(bad.empty).toBeUndefined()
      expect(bad.problem).toContain("'about a minute'")
    }
    expect(parseDuration('1:75:00').ok).toBe(false)
    expect(parseDuration('5 parsecs').ok).toBe(false)
  })

  it('round-trips any duration through H:MM:SS, XhYmZs and plain seconds (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 200_000 }), fc.constantFrom(0, 0.5, 0.25), (whole, frac) => {
        const seconds = whole < 0 ? whole - frac : whole + frac
        const abs = Math.abs(seconds)
        const h = Math.floor(abs / 3600)
        const m = Math.floor((abs - h * 3600) / 60)
        const s = abs - h * 3600 - m * 60
        const sign = seconds < 0 ? '-' : ''
        for (const text of [formatDuration(seconds), `${sign}${h}h${m}m${s}s`, String(seconds)]) {
          const r = parseDuration(text)
          expect(r.ok, text).toBe(true)
          if (r.ok) {
            expect(r.seconds, text).toBe(seconds)
            expect(r.flag, text).toBe(seconds < 0 ? 'negative' : seconds > 86_400 ? 'absurd' : undefined)
          }
        }
      })
    )
  })

  it('never throws on any text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (s) => {
        const r = parseDuration(s)
        if (!r.ok) expect(r.problem.length).toBeGreaterThan(0)
      })
    )
  })
})
