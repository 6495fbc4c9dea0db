// Tests IANA zone arithmetic: country defaults, offsets, DST gaps/overlaps, compared with luxon as an independent oracle.
import fc from 'fast-check'
import { DateTime } from 'luxon'
import { describe, expect, it } from 'vitest'
import {
  civilFromDays,
  countriesWithDefaultZone,
  countryHasSeveralOffsets,
  daysFromCivil,
  defaultZoneForCountry,
  formatInZone,
  formatOffset,
  isValidZone,
  resolveWallTime,
  utcToWallTime,
  wallTimeToUtc,
  zoneOffsetMs
} from '../../../../src/core/mapping/zones'

const H = 3_600_000

describe('defaultZoneForCountry', () => {
  it('gives the zone of each South/South-East Asian country Waymark imports from', () => {
    const expected: Record<string, string> = {
      BD: 'Asia/Dhaka',
      KH: 'Asia/Phnom_Penh',
      ID: 'Asia/Jakarta',
      LA: 'Asia/Vientiane',
      MY: 'Asia/Kuala_Lumpur',
      MM: 'Asia/Yangon',
      PH: 'Asia/Manila',
      TH: 'Asia/Bangkok',
      VN: 'Asia/Ho_Chi_Minh'
    }
    for (const [cc, zone] of Object.entries(expected)) {
      expect(defaultZoneForCountry(cc)).toBe(zone)
      expect(defaultZoneForCountry(cc.toLowerCase())).toBe(zone)
    }
    expect(defaultZoneForCountry('XX')).toBeUndefined()
  })

  it('says Indonesia spans several offsets (WIB, WITA, WIT) but Thailand does not', () => {
    expect(countryHasSeveralOffsets('ID')).toBe(true)
    expect(countryHasSeveralOffsets('TH')).toBe(false)
  })

  it('only lists zones this runtime knows', () => {
    const countries = countriesWithDefaultZone()
    expect(countries.length).toBeGreaterThan(200)
    for (const cc of countries) expect(isValidZone(defaultZoneForCountry(cc) ?? ''), cc).toBe(true)
  })
})

describe('isValidZone', () => {
  it('accepts IANA names and UTC, refuses typos, offsets and empty text', () => {
    expect(isValidZone('Asia/Bangkok')).toBe(true)
    expect(isValidZone('UTC')).toBe(true)
    expect(isValidZone('Asia/Bangkock')).toBe(false)
    expect(isValidZone('+07:00')).toBe(false)
    expect(isValidZone('')).toBe(false)
  })

  it('conversion with an unknown zone is a programmer error', () => {
    expect(() => wallTimeToUtc(2024, 1, 1, 0, 0, 0, 0, 'Mars/Olympus')).toThrow(/isValidZone/)
  })
})

describe('offsets and wall time', () => {
  it('Bangkok is +07:00, Yangon +06:30, Kathmandu +05:45, all year', () => {
    for (const month of [1, 7]) {
      const t = Date.UTC(2024, month - 1, 15)
      expect(formatOffset(zoneOffsetMs(t, 'Asia/Bangkok'))).toBe('+07:00')
      expect(formatOffset(zoneOffsetMs(t, 'Asia/Yangon'))).toBe('+06:30')
      expect(formatOffset(zoneOffsetMs(t, 'Asia/Kathmandu'))).toBe('+05:45')
    }
  })

  it('a Thai CDR time 2024-03-15 14:05 is 07:05 UTC', () => {
    expect(wallTimeToUtc(2024, 3, 15, 14, 5, 0, 0, 'Asia/Bangkok')).toBe(Date.UTC(2024, 2, 15, 7, 5))
    expect(formatInZone(Date.UTC(2024, 2, 15, 7, 5), 'Asia/Bangkok')).toBe('2024-03-15 14:05:00 +07:00')
  })

  it('moves a New York time in the spring-forward gap forward and says so', () => {
    const r = resolveWallTime(2024, 3, 10, 2, 30, 0, 0, 'America/New_York')
    expect(r.fold).toBe('gap')
    expect(r.utcMs).toBe(Date.UTC(2024, 2, 10, 7, 30)) // 03:30 EDT
  })

  it('reads an ambiguous autumn New York time as the first occurrence', () => {
    const r = resolveWallTime(2024, 11, 3, 1, 30, 0, 0, 'America/New_York')
    expect(r.fold).toBe('overlap')
    expect(r.utcMs).toBe(Date.UTC(2024, 10, 3, 5, 30)) // 01:30 EDT, not EST
  })

  it('knows London summer time and winter time', () => {
    expect(wallTimeToUtc(2024, 7, 1, 12, 0, 0, 0, 'Europe/London')).toBe(Date.UTC(2024, 6, 1, 11))
    expect(wallTimeToUtc(2024, 1, 1, 12, 0, 0, 0, 'Europe/London')).toBe(Date.UTC(2024, 0, 1, 12))
  })

  it('formats offsets with signs and keeps seconds of historic local mean time', () => {
    expect(formatOffset(7 * H)).toBe('+07:00')
    expect(formatOffset(-3.5 * H)).toBe('-03:30')
    expect(formatOffset(0)).toBe('+00:00')
    expect(formatOffset(6 * H + 42 * 60_000 + 4000)).toBe('+06:42:04')
  })

  it('civil day arithmetic agrees with Date.UTC, including leap days and years before 1970 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (days) => {
        const [y, m, d] = civilFromDays(days)
        const date = new Date(days * 86_400_000)
        expect([y, m, d]).toEqual([date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()])
        expect(daysFromCivil(y, m, d)).toBe(days)
      })
    )
  })

  const ZONES = [
    'Asia/Bangkok', 'Asia/Dhaka', 'Asia/Yangon', 'Asia/Kolkata', 'Asia/Kathmandu', 'Asia/Jakarta', 'Asia/Manila',
    'America/New_York', 'Europe/London', 'Australia/Adelaide', 'Australia/Lord_Howe', 'America/St_Johns',
    'Pacific/Chatham', 'America/Santiago', 'Africa/Casablanca', 'UTC'
  ]

  it('utcToWallTime agrees with luxon for any instant 1950–2037 in DST and odd-offset zones (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(1950, 0, 1), max: Date.UTC(2037, 11, 31) }), (zone, ms) => {
        const w = utcToWallTime(ms, zone)
        const l = DateTime.fromMillis(ms, { zone })
        expect([w.year, w.month, w.day, w.hour, w.minute, w.second, w.millisecond]).toEqual([l.year, l.month, l.day, l.hour, l.minute, l.second, l.millisecond])
        expect(w.offsetMs).toBe(l.offset * 60_000)
      }),
      { numRuns: 2000 }
    )
  })

  it('wallTimeToUtc inverts utcToWallTime except for the second pass of an overlap (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: Date.UTC(1970, 0, 1), max: Date.UTC(2037, 11, 31) }), (zone, ms) => {
        const w = utcToWallTime(ms, zone)
        const r = resolveWallTime(w.year, w.month, w.day, w.hour, w.minute, w.second, w.millisecond, zone)
        if (r.utcMs !== ms) {
          // Only an overlap may map back elsewhere, and then to the earlier instant with the same wall time.
          expect(r.fold).toBe('overlap')
          expect(r.utcMs).toBeLessThan(ms)
          const again = utcToWallTime(r.utcMs, zone)
          expect([again.year, again.month, again.day, again.hour, again.minute]).toEqual([w.year, w.month, w.day, w.hour, w.minute])
        } else {
          expect(r.fold).not.toBe('gap')
        }
      }),
      { numRuns: 2000 }
    )
  })

  it('hits the exact second of a transition (Lord Howe changes by 30 minutes at 02:00 local)', () => {
    // 2024-10-06 02:00 LHST (+10:30) → 02:30 LHDT (+11:00); the change is at 2024-10-05 15:30 UTC.
    const change = Date.UTC(2024, 9, 5, 15, 30)
    expect(zoneOffsetMs(change - 1000, 'Australia/Lord_Howe')).toBe(10.5 * H)
    expect(zoneOffsetMs(change, 'Australia/Lord_Howe')).toBe(11 * H)
  })
})
