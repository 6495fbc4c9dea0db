// IANA time-zone arithmetic for imports: a source's default zone, and fast cached wall-time ⇄ UTC conversion.
//
// Public API (stable; dates.ts, records and the import wizard call it):
//   defaultZoneForCountry(cc: string): string | undefined   ISO 3166-1 alpha-2 → the zone of the capital
//   countryHasSeveralOffsets(cc: string): boolean            e.g. ID (WIB/WITA/WIT), US, AU: ask the analyst
//   isValidZone(name: string): boolean                       an IANA name this runtime's Intl knows (or 'UTC')
//   zoneOffsetMs(utcMs: number, zone: string): number        offset of the zone at that instant (+07:00 → 25_200_000)
//   wallTimeToUtc(y, m, d, h, mi, s, ms, zone): number        m is 1-12; DST gap/overlap resolved like
//                                                            Temporal's 'compatible': a time in a gap moves forward
//                                                            by the gap; an ambiguous time takes the earlier instant
//   resolveWallTime(y, m, d, h, mi, s, ms, zone): WallTimeResolution   same, and says whether it hit a gap/overlap
//   utcToWallTime(utcMs: number, zone: string): WallTime
//   formatOffset(offsetMs: number): string                   '+07:00', '-03:30', '+06:42:04' (LMT seconds kept)
//   formatInZone(utcMs: number, zone: string): string         '2024-03-15 14:05:00 +07:00' (for messages and exports)
//   daysFromCivil(y, m, d): number / civilFromDays(days)      proleptic Gregorian day numbers (1970-01-01 = 0)
//
// Unknown zone names passed to the conversion functions are a programmer error (validate with isValidZone
// first) and throw. Offsets come from the runtime's Intl (ICU tz data), cached per zone as tables of transitions
// (see ZoneCache), so converting a row costs no Intl call.

const HOUR_MS = 3_600_000
const DAY_MS = 86_400_000

export interface WallTime {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
  readonly millisecond: number
  /** The zone's offset from UTC at that instant, in milliseconds (east positive). */
  readonly offsetMs: number
}

export type WallTimeFold = 'exact' | 'gap' | 'overlap'

export interface WallTimeResolution {
  readonly utcMs: number
  /** 'gap': the wall time does not exist (clocks jumped forward) and was moved forward; 'overlap': it happened twice and the earlier instant was taken. */
  readonly fold: WallTimeFold
}

// ---------------------------------------------------------------------------------------------------------------
// Calendar arithmetic (no Date objects: this runs per row).

/** Days since 1970-01-01 for a proleptic Gregorian date (month 1-12). Algorithm from H. Hinnant's date library. */
export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y
  const era = Math.floor(yy / 400)
  const yoe = yy - era * 400
  const mp = m > 2 ? m - 3 : m + 9
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
}

/** The inverse of daysFromCivil: [year, month 1-12, day]. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468
  const era = Math.floor(z / 146097)
  const doe = z - era * 146097
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365)
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100))
  const mp = Math.floor((5 * doy + 2) / 153)
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1
  const m = mp < 10 ? mp + 3 : mp - 9
  return [m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d]
}

/** Milliseconds since the epoch for a wall time read as if it were UTC. */
function localMs(y: number, m: number, d: number, h: number, mi: number, s: number, ms: number): number {
  return daysFromCivil(y, m, d) * DAY_MS + h * HOUR_MS + mi * 60_000 + s * 1000 + ms
}

// ---------------------------------------------------------------------------------------------------------------
// Per-zone offset cache. Time is cut into spans of 2^23 s (about 97 days); the first use of a span samples the
// zone's offset once a day through Intl and finds every change to the exact second by bisection. Afterwards an
// offset is a comparison against the span's (usually zero or one) transitions: no Intl call per row.

const SPAN_MS = 2 ** 23 * 1000 // whole seconds, so bisection lands on the second of a transition

interface SpanTable {
  readonly start: number
  readonly end: number
  /** UTC instants (whole seconds) at which the offset changes, ascending. */
  readonly at: number[]
  /** offsets[0] applies before at[0], offsets[i + 1] from at[i] on. */
  readonly offsets: number[]
}

class ZoneCache {
  private readonly spans = new Map<number, SpanTable>()
  private lastIndex = Number.NaN
  private last: SpanTable | undefined
  readonly fixed: number | undefined

  constructor(
    readonly name: string,
    private readonly dtf: Intl.DateTimeFormat | undefined
  ) {
    this.fixed = dtf === undefined ? 0 : undefined
  }

  /** Offset at a whole-second instant straight from Intl. */
  private exact(utcMs: number): number {
    const dtf = this.dtf
    if (dtf === undefined) return 0
    const t = Math.floor(utcMs / 1000) * 1000
    let y = 0
    let mo = 1
    let d = 1
    let h = 0
    let mi = 0
    let s = 0
    let bc = false
    for (const part of dtf.formatToParts(t)) {
      switch (part.type) {
        case 'year': y = Number(part.value); break
        case 'month': mo = Number(part.value); break
        case 'day': d = Number(part.value); break
        case 'hour': h = Number(part.value) % 24; break
        case 'minute': mi = Number(part.value); break
        case 'second': s = Number(part.value); break
        case 'era': bc = part.value === 'BC' || part.value === 'B'; break
        default: break
      }
    }
    if (bc) y = 1 - y
    return localMs(y, mo, d, h, mi, s, 0) - t
  }

  table(utcMs: number): SpanTable {
    const index = Math.floor(utcMs / SPAN_MS)
    if (index === this.lastIndex && this.last !== undefined) return this.last
    let tab = this.spans.get(index)
    if (tab === undefined) {
      tab = this.build(index)
      this.spans.set(index, tab)
    }
    this.lastIndex = index
    this.last = tab
    return tab
  }

  offsetAt(utcMs: number): number {
    if (this.fixed !== undefined) return this.fixed
    const tab = this.table(utcMs)
    const at = tab.at
    const offsets = tab.offsets
    let i = 0
    while (i < at.length && utcMs >= (at[i] ?? 0)) i++
    return offsets[i] ?? 0
  }

  private build(index: number): SpanTable {
    const start = index * SPAN_MS
    const end = start + SPAN_MS
    const at: number[] = []
    let prev = this.exact(start)
    const offsets = [prev]
    let lo = start
    while (lo < end) {
      const hi0 = Math.min(lo + DAY_MS, end)
      const cur = this.exact(hi0)
      if (cur !== prev) {
        // Bisect to the second: zones change on odd minutes (+05:30, +08:45, historic local mean time).
        let a = lo
        let b = hi0
        while (b - a > 1000) {
          const mid = a + Math.floor((b - a) / 2000) * 1000
          if (this.exact(mid) === prev) a = mid
          else b = mid
        }
        at.push(b)
        offsets.push(cur)
        prev = cur
      }
      lo = hi0
    }
    return { start, end, at, offsets }
  }
}

const zoneCaches = new Map<string, ZoneCache>()
let lastZoneName = ''
let lastZone: ZoneCache | undefined

function isUtcName(name: string): boolean {
  return name === 'UTC' || name === 'Etc/UTC' || name === 'Etc/GMT' || name === 'GMT' || name === 'Etc/Universal' || name === 'Etc/Zulu'
}

function zoneCache(zone: string): ZoneCache {
  if (zone === lastZoneName && lastZone !== undefined) return lastZone
  let zc = zoneCaches.get(zone)
  if (zc === undefined) {
    if (isUtcName(zone)) {
      zc = new ZoneCache(zone, undefined)
    } else {
      let dtf: Intl.DateTimeFormat
      try {
        dtf = new Intl.DateTimeFormat('en-US', {
          timeZone: zone,
          hourCycle: 'h23',
          era: 'short',
          year: 'numeric',
          month: 'numeric',
          day: 'numeric',
          hour: 'numeric',
          minute: 'numeric',
          second: 'numeric'
        })
      } catch {
        throw new Error(`Unknown time zone '${zone}': validate zone names with isValidZone() before converting`)
      }
      zc = new ZoneCache(zone, dtf)
    }
    zoneCaches.set(zone, zc)
  }
  lastZoneName = zone
  lastZone = zc
  return zc
}

const validity = new Map<string, boolean>()

/** True for an IANA zone name the runtime knows ('Asia/Bangkok', 'UTC'); false for '', offsets and typos. */
export function isValidZone(name: string): boolean {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) return false
  const known = validity.get(name)
  if (known !== undefined) return known
  let ok: boolean
  if (isUtcName(name)) ok = true
  else {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: name })
      // Intl also accepts offset strings like '+07:00'; a source zone must be a named zone so DST rules apply.
      ok = /^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(name)
    } catch {
      ok = false
    }
  }
  validity.set(name, ok)
  return ok
}

/** The zone's offset from UTC at an instant, in milliseconds (east of Greenwich is positive). */
export function zoneOffsetMs(utcMs: number, zone: string): number {
  return zoneCache(zone).offsetAt(utcMs)
}

let lastFold: WallTimeFold = 'exact'

/** How the most recent wallTimeToUtc call resolved (read right after the call; avoids allocating per row). */
export function lastWallTimeFold(): WallTimeFold {
  return lastFold
}

function resolveLocal(local: number, zc: ZoneCache): number {
  if (zc.fixed !== undefined) {
    lastFold = 'exact'
    return local - zc.fixed
  }
  // Fast path: no transition in this span and the wall time is at least a day from its edges.
  const tab = zc.table(local)
  if (tab.at.length === 0 && local - DAY_MS >= tab.start && local + DAY_MS < tab.end) {
    lastFold = 'exact'
    return local - (tab.offsets[0] ?? 0)
  }
  // Offsets a day either side bracket every instant this wall time could denote (|offset| < 24 h).
  const o1 = zc.offsetAt(local - DAY_MS)
  const o2 = zc.offsetAt(local + DAY_MS)
  if (o1 === o2) {
    const t = local - o1
    if (zc.offsetAt(t) === o1) {
      lastFold = 'exact'
      return t
    }
  }
  const t1 = local - o1
  const t2 = local - o2
  const ok1 = zc.offsetAt(t1) === o1
  const ok2 = o1 !== o2 && zc.offsetAt(t2) === o2
  if (ok1 && ok2) {
    lastFold = 'overlap'
    return Math.min(t1, t2)
  }
  if (ok1) {
    lastFold = 'exact'
    return t1
  }
  if (ok2) {
    lastFold = 'exact'
    return t2
  }
  // A gap: read the wall time with the offset in force before the jump, which lands after it (03:30 for 02:30).
  lastFold = 'gap'
  return t1
}

/**
 * UTC milliseconds for a wall-clock time in an IANA zone (month 1-12). Fields are not range-checked here:
 * callers validate dates first. DST: a time in a spring-forward gap moves forward; an ambiguous autumn time
 * takes the earlier instant. lastWallTimeFold() tells which happened.
 */
export function wallTimeToUtc(
  y: number,
  m: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  zone: string
): number {
  return resolveLocal(localMs(y, m, d, h, mi, s, ms), zoneCache(zone))
}

/** Like wallTimeToUtc, and says whether the wall time fell in a DST gap or overlap. */
export function resolveWallTime(
  y: number,
  m: number,
  d: number,
  h: number,
  mi: number,
  s: number,
  ms: number,
  zone: string
): WallTimeResolution {
  const utcMs = wallTimeToUtc(y, m, d, h, mi, s, ms, zone)
  return { utcMs, fold: lastFold }
}

/** The wall-clock fields of an instant in a zone. */
export function utcToWallTime(utcMs: number, zone: string): WallTime {
  const offsetMs = zoneCache(zone).offsetAt(utcMs)
  const local = utcMs + offsetMs
  const days = Math.floor(local / DAY_MS)
  let rest = local - days * DAY_MS
  const [year, month, day] = civilFromDays(days)
  const hour = Math.floor(rest / HOUR_MS)
  rest -= hour * HOUR_MS
  const minute = Math.floor(rest / 60_000)
  rest -= minute * 60_000
  const second = Math.floor(rest / 1000)
  const millisecond = rest - second * 1000
  return { year, month, day, hour, minute, second, millisecond, offsetMs }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n)
}

/** '+07:00' for 25 200 000 ms; seconds are shown only when the offset has them (historic local mean time). */
export function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+'
  let rest = Math.round(Math.abs(offsetMs) / 1000)
  const h = Math.floor(rest / 3600)
  rest -= h * 3600
  const mi = Math.floor(rest / 60)
  const s = rest - mi * 60
  return s === 0 ? `${sign}${pad2(h)}:${pad2(mi)}` : `${sign}${pad2(h)}:${pad2(mi)}:${pad2(s)}`
}

/** 'YYYY-MM-DD HH:mm:ss[.SSS] ±HH:MM' in the zone: an unambiguous way to show an instant to an analyst. */
export function formatInZone(utcMs: number, zone: string): string {
  const w = utcToWallTime(utcMs, zone)
  const y = w.year >= 0 && w.year < 10000 ? String(w.year).padStart(4, '0') : String(w.year)
  const frac = w.millisecond === 0 ? '' : `.${String(w.millisecond).padStart(3, '0')}`
  return `${y}-${pad2(w.month)}-${pad2(w.day)} ${pad2(w.hour)}:${pad2(w.minute)}:${pad2(w.second)}${frac} ${formatOffset(w.offsetMs)}`
}

// ---------------------------------------------------------------------------------------------------------------
// Country → default zone. For countries with several UTC offsets this is the capital's zone, and
// countryHasSeveralOffsets() says the analyst must confirm it (Indonesia: Jakarta WIB +7, Makassar WITA +8,
// Jayapura WIT +9).

const COUNTRY_ZONES: Readonly<Record<string, string>> = {
  // South and South-East Asia first: the countries Waymark's sources come from most.
  BD: 'Asia/Dhaka', KH: 'Asia/Phnom_Penh', ID: 'Asia/Jakarta', LA: 'Asia/Vientiane', MY: 'Asia/Kuala_Lumpur',
  MM: 'Asia/Yangon', PH: 'Asia/Manila', TH: 'Asia/Bangkok', VN: 'Asia/Ho_Chi_Minh', SG: 'Asia/Singapore',
  BN: 'Asia/Brunei', TL: 'Asia/Dili', IN: 'Asia/Kolkata', NP: 'Asia/Kathmandu', LK: 'Asia/Colombo',
  PK: 'Asia/Karachi', BT: 'Asia/Thimphu', MV: 'Indian/Maldives', AF: 'Asia/Kabul',
  // East Asia
  CN: 'Asia/Shanghai', HK: 'Asia/Hong_Kong', MO: 'Asia/Macau', TW: 'Asia/Taipei', JP: 'Asia/Tokyo', KR: 'Asia/Seoul',
  KP: 'Asia/Pyongyang', MN: 'Asia/Ulaanbaatar',
  // Central and West Asia
  KZ: 'Asia/Almaty', UZ: 'Asia/Tashkent', TM: 'Asia/Ashgabat', TJ: 'Asia/Dushanbe', KG: 'Asia/Bishkek',
  IR: 'Asia/Tehran', IQ: 'Asia/Baghdad', SY: 'Asia/Damascus', LB: 'Asia/Beirut', JO: 'Asia/Amman', IL: 'Asia/Jerusalem',
  PS: 'Asia/Gaza', SA: 'Asia/Riyadh', YE: 'Asia/Aden', OM: 'Asia/Muscat', AE: 'Asia/Dubai', QA: 'Asia/Qatar',
  BH: 'Asia/Bahrain', KW: 'Asia/Kuwait', TR: 'Europe/Istanbul', GE: 'Asia/Tbilisi', AM: 'Asia/Yerevan', AZ: 'Asia/Baku',
  CY: 'Asia/Nicosia',
  // Oceania
  AU: 'Australia/Sydney', NZ: 'Pacific/Auckland', PG: 'Pacific/Port_Moresby', FJ: 'Pacific/Fiji', SB: 'Pacific/Guadalcanal',
  VU: 'Pacific/Efate', NC: 'Pacific/Noumea', PF: 'Pacific/Tahiti', WS: 'Pacific/Apia', TO: 'Pacific/Tongatapu',
  KI: 'Pacific/Tarawa', TV: 'Pacific/Funafuti', NR: 'Pacific/Nauru', PW: 'Pacific/Palau', FM: 'Pacific/Pohnpei',
  MH: 'Pacific/Majuro', GU: 'Pacific/Guam', MP: 'Pacific/Saipan', AS: 'Pacific/Pago_Pago', CK: 'Pacific/Rarotonga',
  NU: 'Pacific/Niue', TK: 'Pacific/Fakaofo', WF: 'Pacific/Wallis', NF: 'Pacific/Norfolk', PN: 'Pacific/Pitcairn',
  CX: 'Indian/Christmas', CC: 'Indian/Cocos', UM: 'Pacific/Wake',
  // Europe
  GB: 'Europe/London', IE: 'Europe/Dublin', FR: 'Europe/Paris', DE: 'Europe/Berlin', NL: 'Europe/Amsterdam',
  BE: 'Europe/Brussels', LU: 'Europe/Luxembourg', CH: 'Europe/Zurich', AT: 'Europe/Vienna', IT: 'Europe/Rome',
  ES: 'Europe/Madrid', PT: 'Europe/Lisbon', DK: 'Europe/Copenhagen', NO: 'Europe/Oslo', SE: 'Europe/Stockholm',
  FI: 'Europe/Helsinki', IS: 'Atlantic/Reykjavik', PL: 'Europe/Warsaw', CZ: 'Europe/Prague', SK: 'Europe/Bratislava',
  HU: 'Europe/Budapest', SI: 'Europe/Ljubljana', HR: 'Europe/Zagreb', BA: 'Europe/Sarajevo', RS: 'Europe/Belgrade',
  ME: 'Europe/Podgorica', MK: 'Europe/Skopje', AL: 'Europe/Tirane', XK: 'Europe/Belgrade', GR: 'Europe/Athens',
  BG: 'Europe/Sofia', RO: 'Europe/Bucharest', MD: 'Europe/Chisinau', UA: 'Europe/Kyiv', BY: 'Europe/Minsk',
  RU: 'Europe/Moscow', LT: 'Europe/Vilnius', LV: 'Europe/Riga', EE: 'Europe/Tallinn', MT: 'Europe/Malta',
  MC: 'Europe/Monaco', AD: 'Europe/Andorra', SM: 'Europe/San_Marino', VA: 'Europe/Vatican', LI: 'Europe/Vaduz',
  GI: 'Europe/Gibraltar', FO: 'Atlantic/Faroe', IM: 'Europe/Isle_of_Man', JE: 'Europe/Jersey', GG: 'Europe/Guernsey',
  AX: 'Europe/Mariehamn', SJ: 'Arctic/Longyearbyen', GL: 'America/Nuuk',
  // Africa
  EG: 'Africa/Cairo', LY: 'Africa/Tripoli', TN: 'Africa/Tunis', DZ: 'Africa/Algiers', MA: 'Africa/Casablanca',
  EH: 'Africa/El_Aaiun', SD: 'Africa/Khartoum', SS: 'Africa/Juba', ET: 'Africa/Addis_Ababa', ER: 'Africa/Asmara',
  DJ: 'Africa/Djibouti', SO: 'Africa/Mogadishu', KE: 'Africa/Nairobi', UG: 'Africa/Kampala', TZ: 'Africa/Dar_es_Salaam',
  RW: 'Africa/Kigali', BI: 'Africa/Bujumbura', CD: 'Africa/Kinshasa', CG: 'Africa/Brazzaville', GA: 'Africa/Libreville',
  GQ: 'Africa/Malabo', CM: 'Africa/Douala', CF: 'Africa/Bangui', TD: 'Africa/Ndjamena', NE: 'Africa/Niamey',
  NG: 'Africa/Lagos', BJ: 'Africa/Porto-Novo', TG: 'Africa/Lome', GH: 'Africa/Accra', CI: 'Africa/Abidjan',
  BF: 'Africa/Ouagadougou', ML: 'Africa/Bamako', MR: 'Africa/Nouakchott', SN: 'Africa/Dakar', GM: 'Africa/Banjul',
  GW: 'Africa/Bissau', GN: 'Africa/Conakry', SL: 'Africa/Freetown', LR: 'Africa/Monrovia', CV: 'Atlantic/Cape_Verde',
  ST: 'Africa/Sao_Tome', AO: 'Africa/Luanda', ZM: 'Africa/Lusaka', ZW: 'Africa/Harare', MW: 'Africa/Blantyre',
  MZ: 'Africa/Maputo', MG: 'Indian/Antananarivo', MU: 'Indian/Mauritius', SC: 'Indian/Mahe', KM: 'Indian/Comoro',
  YT: 'Indian/Mayotte', RE: 'Indian/Reunion', ZA: 'Africa/Johannesburg', NA: 'Africa/Windhoek', BW: 'Africa/Gaborone',
  LS: 'Africa/Maseru', SZ: 'Africa/Mbabane', SH: 'Atlantic/St_Helena', IO: 'Indian/Chagos', TF: 'Indian/Kerguelen',
  // Americas
  US: 'America/New_York', CA: 'America/Toronto', MX: 'America/Mexico_City', GT: 'America/Guatemala',
  BZ: 'America/Belize', SV: 'America/El_Salvador', HN: 'America/Tegucigalpa', NI: 'America/Managua',
  CR: 'America/Costa_Rica', PA: 'America/Panama', CU: 'America/Havana', JM: 'America/Jamaica',
  HT: 'America/Port-au-Prince', DO: 'America/Santo_Domingo', PR: 'America/Puerto_Rico', BS: 'America/Nassau',
  BB: 'America/Barbados', TT: 'America/Port_of_Spain', AG: 'America/Antigua', DM: 'America/Dominica',
  GD: 'America/Grenada', KN: 'America/St_Kitts', LC: 'America/St_Lucia', VC: 'America/St_Vincent',
  AI: 'America/Anguilla', MS: 'America/Montserrat', VG: 'America/Tortola', VI: 'America/St_Thomas',
  KY: 'America/Cayman', TC: 'America/Grand_Turk', BM: 'Atlantic/Bermuda', AW: 'America/Aruba', CW: 'America/Curacao',
  SX: 'America/Lower_Princes', BQ: 'America/Kralendijk', GP: 'America/Guadeloupe', MQ: 'America/Martinique',
  BL: 'America/St_Barthelemy', MF: 'America/Marigot', PM: 'America/Miquelon', CO: 'America/Bogota',
  VE: 'America/Caracas', GY: 'America/Guyana', SR: 'America/Paramaribo', GF: 'America/Cayenne', EC: 'America/Guayaquil',
  PE: 'America/Lima', BO: 'America/La_Paz', BR: 'America/Sao_Paulo', PY: 'America/Asuncion', UY: 'America/Montevideo',
  AR: 'America/Argentina/Buenos_Aires', CL: 'America/Santiago', FK: 'Atlantic/Stanley', GS: 'Atlantic/South_Georgia',
  AQ: 'Antarctica/McMurdo', BV: 'Europe/Oslo', HM: 'Indian/Kerguelen'
}

// Countries whose territory spans more than one UTC offset: the default is only a starting point.
const SEVERAL_OFFSETS = new Set([
  'ID', 'US', 'CA', 'RU', 'AU', 'BR', 'MX', 'KZ', 'CD', 'MN', 'CL', 'ES', 'PT', 'EC', 'FM', 'KI', 'PF', 'UM', 'GL',
  'NZ', 'PG', 'AQ'
])

/** The IANA zone of the capital for an ISO 3166-1 alpha-2 code (any case), or undefined for an unknown code. */
export function defaultZoneForCountry(cc: string): string | undefined {
  return COUNTRY_ZONES[cc.trim().toUpperCase()]
}

/** True when the country spans several UTC offsets, so its default zone must be confirmed by the analyst. */
export function countryHasSeveralOffsets(cc: string): boolean {
  return SEVERAL_OFFSETS.has(cc.trim().toUpperCase())
}

/** The country codes defaultZoneForCountry knows (for pickers). */
export function countriesWithDefaultZone(): string[] {
  return Object.keys(COUNTRY_ZONES)
}
