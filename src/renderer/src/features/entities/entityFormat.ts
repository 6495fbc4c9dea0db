// How entity screens write times, durations, keys and countries: times in the analyst's chosen display zone with
// the offset shown, so a table, a chart and an export all say the same instant the same way.
import { getCountries, getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js'
import { formatInZone, isValidZone } from '../../../../core/mapping/zones'
import { entityKeyParts } from '../../../../core/store/entityKeys'

/** The zones the screens offer besides the case's own: UTC and the analyst's computer. */
export const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone

/** A display zone from the URL, or UTC when it is missing or not a zone. */
export function displayZone(param: string | undefined): string {
  return param && isValidZone(param) ? param : 'UTC'
}

/** '2024-02-25 21:47 +06:00': minutes are enough on a table; the export keeps the seconds. */
export function shortTime(ms: number | null | undefined, zone: string): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return ''
  const full = formatInZone(ms, zone)
  return full.replace(/^(\S+ \d\d:\d\d):\d\d(?:\.\d+)? /, '$1 ')
}

export function fullTime(ms: number | null | undefined, zone: string): string {
  return ms === null || ms === undefined || !Number.isFinite(ms) ? '' : formatInZone(ms, zone)
}

/** 1 h 02 min 05 s → '1:02:05'; the raw seconds stay in the data for sorting and export. */
export function duration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return '0:00'
  const s = Math.round(seconds)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const r = s % 60
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(r).padStart(2, '0')}` : `${m}:${String(r).padStart(2, '0')}`
}

export function entityType(key: string): string {
  return entityKeyParts(key).type
}

export function entityLabel(key: string): string {
  return entityKeyParts(key).value
}

// Calling code → the one country that uses it; shared codes (+1, +7, +44…) are left to libphonenumber.
let byCode: Map<string, CountryCode | null> | null = null
function codeTable(): Map<string, CountryCode | null> {
  if (byCode) return byCode
  byCode = new Map()
  for (const c of getCountries()) {
    const code = getCountryCallingCode(c)
    byCode.set(code, byCode.has(code) ? null : c)
  }
  return byCode
}

// Only numbers under a shared calling code need libphonenumber; their answers are kept (a 100,000-row table asks
// for the same contacts' countries again and again). A unique code is one map lookup and needs no memo.
const countryMemo = new Map<string, string>()

/** ISO country of a phone key (`phone:+8801…` → BD), '' when not an international number. */
export function phoneCountry(key: string): string {
  if (!key.startsWith('phone:+')) return ''
  const table = codeTable()
  for (let n = 1; n <= 3 && 7 + n <= key.length; n++) {
    const c = table.get(key.slice(7, 7 + n))
    if (c === undefined) continue
    if (c !== null) return c
    const hit = countryMemo.get(key)
    if (hit !== undefined) return hit
    const out = parsePhoneNumberFromString(`+${key.slice(7)}`)?.country ?? ''
    if (countryMemo.size > 200_000) countryMemo.clear()
    countryMemo.set(key, out)
    return out
  }
  return ''
}

// The calling-code table by the code's digits read as a number, one array per length (codes are prefix-free, so at
// most one length matches): countriesOf reads a hub phone's 100,000 contacts without cutting a string per key.
let byDigits: (CountryCode | null | undefined)[][] | null = null
function digitTable(): (CountryCode | null | undefined)[][] {
  if (byDigits) return byDigits
  const t: (CountryCode | null | undefined)[][] = [[], new Array<undefined>(10), new Array<undefined>(100), new Array<undefined>(1000)]
  for (const [code, c] of codeTable()) t[code.length]![Number(code)] = c
  byDigits = t
  return t
}

/** Distinct countries of the phones among these keys, most frequent first ('BD 12 · MY 3'). */
export function countriesOf(keys: readonly string[]): { list: string[]; text: string } {
  const table = digitTable()
  const counts = new Map<string, number>()
  // Runs of the same country are counted before touching the map (contacts are sorted by key, so by calling code).
  let run = ''
  let runCount = 0
  for (const k of keys) {
    let c = ''
    // 'phone:+' is 7 characters; the calling code is the next 1 to 3 digits.
    if (k.length > 7 && k.charCodeAt(6) === 43 && k.startsWith('phone:')) {
      let v = 0
      for (let n = 1; n <= 3 && 6 + n < k.length; n++) {
        const d = k.charCodeAt(6 + n) - 48
        if (d < 0 || d > 9) break
        v = v * 10 + d
        const hit = table[n]![v]
        if (hit === undefined) continue
        c = hit === null ? phoneCountry(k) : hit
        break
      }
    }
    if (c === run) {
      runCount++
      continue
    }
    if (run) counts.set(run, (counts.get(run) ?? 0) + runCount)
    run = c
    runCount = 1
  }
  if (run) counts.set(run, (counts.get(run) ?? 0) + runCount)
  const list = [...counts].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([c]) => c)
  return { list, text: list.join(', ') }
}
