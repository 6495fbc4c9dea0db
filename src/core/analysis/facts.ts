// What an entity is, read from its key and the case's lists: a phone's E.164 form and country, a handset's TAC and
// check digit, a SIM's network, a cell's place and coordinates — and which handsets, SIMs, numbers and persons were
// seen with it, and so which countries it touches.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import METADATA from 'libphonenumber-js/max/metadata'
import type { CellSite, Person } from '../model/records'
import { parseImei, parseImsi } from '../mapping/identifiers'
import { cellKey, entityKeyParts, idKey, personKey, phoneKey } from '../store/entityKeys'
import type { IndexedSegment } from '../store/query'
import { forEachEvent, identity, subscriberColumn, type KeyResolver } from './scan'

export interface PhoneFacts {
  readonly type: 'phone'
  readonly value: string
  /** The number in E.164 form; absent for short codes. */
  readonly e164?: string
  /** ISO 3166-1 alpha-2 of the number, when the numbering plan says. */
  readonly country?: string
  readonly shortCode: boolean
}

export interface ImeiFacts {
  readonly type: 'imei'
  readonly value: string
  /** Type Allocation Code: the first 8 digits (the handset model). */
  readonly tac?: string
  /** False when the check digit is wrong or the value is not 15 digits. */
  readonly valid: boolean
  readonly problem?: string
}

export interface ImsiFacts {
  readonly type: 'imsi'
  readonly value: string
  readonly mcc?: string
  readonly mnc?: string
  /** The SIM's home country (from the MCC). */
  readonly country?: string
  readonly operator?: string
  readonly valid: boolean
}

export interface CellFacts {
  readonly type: 'cell'
  readonly value: string
  /** True when an imported cell-site list names this cell; place and coordinates come from it. */
  readonly listed: boolean
  readonly name?: string
  readonly latitude?: number
  readonly longitude?: number
  readonly azimuth?: number
}

export interface OtherFacts {
  readonly type: 'person' | 'account' | 'id' | 'sender' | 'other'
  readonly value: string
}

export type EntityFacts = PhoneFacts | ImeiFacts | ImsiFacts | CellFacts | OtherFacts

/** Cell sites of the case by entity key (the first listing of a cell wins; later ones fill what it lacks). */
export class CellDirectory {
  private readonly byKey = new Map<string, CellSite>()

  constructor(records: Iterable<CellSite | Person> = []) {
    for (const r of records) if (r.kind === 'cellSite') this.add(r)
  }

  add(site: CellSite): void {
    const key = cellKey(site)
    if (!key) return
    const prev = this.byKey.get(key)
    this.byKey.set(key, prev ? { ...site, ...prev } : site)
  }

  get(key: string): CellSite | undefined {
    return this.byKey.get(key)
  }

  get size(): number {
    return this.byKey.size
  }
}

const phoneCountries = new Map<string, string | undefined>()
const CALLING_CODES = (METADATA as { country_calling_codes: Record<string, readonly string[]> }).country_calling_codes

/**
 * The country of an E.164 number (`+8801…` → BD); undefined for short codes and unknown plans. A calling code that
 * belongs to one country (+880, +60, +66, +95 …) answers at once; shared ones (+1, +7, +44 …) need the full
 * numbering plan, which costs ~0.1 ms a number, so those answers are remembered.
 */
export function phoneCountry(e164: string): string | undefined {
  if (!e164.startsWith('+')) return undefined
  for (let n = 1; n <= 3; n++) {
    const countries = CALLING_CODES[e164.slice(1, 1 + n)]
    if (countries === undefined) continue
    if (countries.length === 1) return countries[0] === '001' ? undefined : countries[0]
    break
  }
  if (phoneCountries.has(e164)) return phoneCountries.get(e164)
  const c = parsePhoneNumberFromString(e164)?.country
  if (phoneCountries.size > 200_000) phoneCountries.clear()
  phoneCountries.set(e164, c)
  return c
}

/** The facts a key carries by itself, plus a cell's listing when a directory is given. */
export function entityFacts(key: string, cells?: CellDirectory): EntityFacts {
  const { type, value } = entityKeyParts(key)
  switch (type) {
    case 'phone': {
      if (!value.startsWith('+')) return { type: 'phone', value, shortCode: true }
      const country = phoneCountry(value)
      return country ? { type: 'phone', value, e164: value, country, shortCode: false } : { type: 'phone', value, e164: value, shortCode: false }
    }
    case 'imei': {
      const r = parseImei(value)
      const valid = r.kind === 'imei' && r.luhnValid === true
      return { type: 'imei', value, ...(r.tac ? { tac: r.tac } : {}), valid, ...(r.problem ? { problem: r.problem } : {}) }
    }
    case 'imsi': {
      const r = parseImsi(value)
      return {
        type: 'imsi',
        value,
        valid: r.kind === 'imsi',
        ...(r.mcc ? { mcc: r.mcc } : {}),
        ...(r.mnc ? { mnc: r.mnc } : {}),
        ...(r.country ? { country: r.country } : {}),
        ...(r.operator ? { operator: r.operator } : {})
      }
    }
    case 'cell': {
      const site = cells?.get(key)
      if (!site) return { type: 'cell', value, listed: false }
      return {
        type: 'cell',
        value,
        listed: true,
        ...(site.siteName ? { name: site.siteName } : {}),
        ...(site.latitude !== undefined ? { latitude: site.latitude } : {}),
        ...(site.longitude !== undefined ? { longitude: site.longitude } : {}),
        ...(site.azimuth !== undefined ? { azimuth: site.azimuth } : {})
      }
    }
    case 'person':
    case 'account':
    case 'id':
    case 'sender':
      return { type, value }
    default:
      return { type: 'other', value }
  }
}

/** The country a key names by itself: a phone's numbering plan, a SIM's MCC. */
export function countryOfKey(key: string): string | undefined {
  if (key.startsWith('phone:+')) return phoneCountry(key.slice(6))
  if (key.startsWith('imsi:')) return parseImsi(key.slice(5)).country
  return undefined
}

/** Identities seen together with an entity. */
export interface LinkedIdentities {
  readonly imeis: readonly string[]
  readonly imsis: readonly string[]
  readonly phones: readonly string[]
  readonly persons: readonly string[]
  /** Identity documents and anonymised ids named with it in subscriber and person lists. */
  readonly ids: readonly string[]
  /** Countries of the entity itself and of the phones and SIMs linked to it, sorted. */
  readonly countries: readonly string[]
}

const PACK = 2 ** 26

const EMPTY: LinkedIdentities = { imeis: [], imsis: [], phones: [], persons: [], ids: [], countries: [] }

/**
 * Links every entity of a case to the handsets, SIMs, numbers and persons seen with it: a CDR row ties its
 * subscriber's number to the row's IMEI and IMSI (and those two to each other), a subscriber or person record ties
 * a number to a name and documents. One pass; pairs are gathered per segment before they reach the shared maps.
 */
export class LinkIndex {
  private readonly links = new Map<string, Set<string>>()
  private readonly countries = new Map<string, readonly string[]>()

  constructor(private readonly resolve: KeyResolver = identity) {}

  private pair(x: string, y: string): void {
    if (!x || !y || x === y) return
    let s = this.links.get(x)
    if (!s) this.links.set(x, (s = new Set()))
    s.add(y)
    let t = this.links.get(y)
    if (!t) this.links.set(y, (t = new Set()))
    t.add(x)
  }

  addSegments(segments: readonly IndexedSegment[]): this {
    for (const s of segments) {
      const seg = s.segment
      // Distinct code pairs of the segment (a handful per subscriber), packed as numbers: dictionary codes stay far
      // below 2^26, so x·2^26 + y is exact.
      const ownerImei = new Set<number>()
      const ownerImsi = new Set<number>()
      const imeiImsi = new Set<number>()
      forEachEvent([s], {}, (_seg, i) => {
        const imei = seg.imei[i]!
        const imsi = seg.imsi[i]!
        if (imei === 0 && imsi === 0) return
        const sub = subscriberColumn(seg, i)
        const owner = sub === 'a' ? seg.a[i]! : sub === 'b' ? seg.b[i]! : 0
        if (owner !== 0 && imei !== 0) ownerImei.add(owner * PACK + imei)
        if (owner !== 0 && imsi !== 0) ownerImsi.add(owner * PACK + imsi)
        if (imei !== 0 && imsi !== 0) imeiImsi.add(imei * PACK + imsi)
      }, true)
      const key = (code: number): string => this.resolve(seg.dict[code]!)
      for (const set of [ownerImei, ownerImsi, imeiImsi]) {
        for (const v of set) {
          const x = Math.floor(v / PACK)
          this.pair(key(x), key(v - x * PACK))
        }
      }
    }
    this.countries.clear()
    return this
  }

  addRecords(records: Iterable<CellSite | Person>): this {
    for (const r of records) {
      if (r.kind !== 'person') continue
      const keys = [phoneKey(r.phone), personKey(r.name), ...(r.idNumbers ?? []).map(idKey)].filter((k): k is string => k !== undefined).map(this.resolve)
      for (let i = 0; i < keys.length; i++) for (let j = i + 1; j < keys.length; j++) this.pair(keys[i]!, keys[j]!)
    }
    this.countries.clear()
    return this
  }

  /** Links the analyst made (a person linked to phones and documents). */
  addLinks(personKey: string, keys: readonly string[]): this {
    for (const k of keys) this.pair(this.resolve(personKey), this.resolve(k))
    this.countries.clear()
    return this
  }

  of(key: string): LinkedIdentities {
    const k = this.resolve(key)
    const s = this.links.get(k)
    const own = countryOfKey(k)
    if (!s) return own ? { ...EMPTY, countries: [own] } : EMPTY
    const imeis: string[] = []
    const imsis: string[] = []
    const phones: string[] = []
    const persons: string[] = []
    const ids: string[] = []
    for (const x of s) {
      if (x.startsWith('imei:')) imeis.push(x)
      else if (x.startsWith('imsi:')) imsis.push(x)
      else if (x.startsWith('phone:')) phones.push(x)
      else if (x.startsWith('person:')) persons.push(x)
      else if (x.startsWith('id:')) ids.push(x)
    }
    let countries = this.countries.get(k)
    if (!countries) {
      const set = new Set<string>()
      if (own) set.add(own)
      for (const x of [...phones, ...imsis]) {
        const c = countryOfKey(x)
        if (c) set.add(c)
      }
      countries = [...set].sort()
      this.countries.set(k, countries)
    }
    return { imeis: imeis.sort(), imsis: imsis.sort(), phones: phones.sort(), persons: persons.sort(), ids: ids.sort(), countries }
  }
}
