// The story's calls and messages over six weeks: scripted moments, the network's routine traffic and ordinary background calls.
import type { Cast } from './cast'
import { DAY, DHAKA, HOUR, KUALA_LUMPUR, MINUTE, hourIn, local, startOfDay, type Zone } from './clock'
import type { Rng } from './rng'

/** One call or SMS between two lines, at its true instant (the Bangladeshi switch's clock). */
export interface Comm {
  readonly from: string
  readonly to: string
  readonly service: 'call' | 'sms'
  readonly utc: number
  /** Seconds; 0 for SMS and unanswered calls. */
  readonly duration: number
  /** Scripted moments are never moved when untangling overlapping calls. */
  readonly fixed: boolean
}

/** The key instants of the story (UTC ms). Everything in answers.json that is a time comes from here or from the files. */
export const T = {
  bdPeriodStart: local('2024-02-05 00:00', DHAKA),
  bdPeriodEnd: local('2024-03-17 23:59:59', DHAKA),
  myPeriodStart: local('2024-02-05 00:00', KUALA_LUMPUR),
  myPeriodEnd: local('2024-03-17 23:59:59', KUALA_LUMPUR),
  departure1: local('2024-02-15 22:40', DHAKA),
  landing1: local('2024-02-24 03:30', DHAKA),
  organiserOldLast: local('2024-02-25 21:47:12', DHAKA),
  organiserNewFirst: local('2024-02-26 09:15:40', DHAKA),
  crossing1: local('2024-02-28 01:30', KUALA_LUMPUR),
  arrivalCalls1: local('2024-02-28 15:00', KUALA_LUMPUR),
  handsetSwap: local('2024-03-01 14:07', DHAKA),
  flight2: local('2024-03-03 09:40', DHAKA),
  exit2: local('2024-03-06 11:41', KUALA_LUMPUR),
  arrivalCalls2: local('2024-03-06 20:10', KUALA_LUMPUR)
} as const

/** Relative calling activity by local hour: quiet before dawn, busiest in the evening. */
const HOUR_WEIGHTS = [0.3, 0.15, 0.08, 0.05, 0.05, 0.12, 0.35, 0.7, 1, 1.3, 1.5, 1.5, 1.3, 1.2, 1.4, 1.5, 1.5, 1.6, 1.7, 1.9, 2, 1.8, 1.2, 0.6]
const HOURS = HOUR_WEIGHTS.map((_, i) => i)

interface LinkOptions {
  /** Expected events per day while the link is active. */
  readonly perDay: number
  readonly from: number
  readonly to: number
  /** Share of events the first line starts. */
  readonly aShare?: number
  readonly sms?: number
  /** Median call length in seconds. */
  readonly median?: number
  readonly zone: Zone
}

export class TimelineBuilder {
  readonly comms: Comm[] = []

  constructor(private readonly rng: Rng) {}

  duration(service: 'call' | 'sms', median: number): number {
    if (service === 'sms') return 0
    if (this.rng.chance(0.07)) return 0
    return Math.max(4, Math.min(2400, Math.round(this.rng.logNormal(median, 0.8))))
  }

  add(from: string, to: string, service: 'call' | 'sms', utc: number, duration: number, fixed = true): void {
    this.comms.push({ from, to, service, utc: Math.floor(utc / 1000) * 1000, duration, fixed })
  }

  /** A time in [from, to) with the usual daily rhythm of the given zone. */
  timeIn(from: number, to: number, zone: Zone): number {
    for (let i = 0; i < 200; i++) {
      const day = startOfDay(from + this.rng.next() * (to - from), zone)
      const hour = this.rng.weighted(HOURS, HOUR_WEIGHTS)
      const t = day + hour * HOUR + this.rng.int(0, 3599) * 1000
      if (t >= from && t < to && hourIn(t, zone) === hour) return t
    }
    return from + this.rng.next() * (to - from)
  }

  /** Routine traffic on a link: about perDay events a day, in both directions. */
  link(a: string, b: string, o: LinkOptions): void {
    const days = (o.to - o.from) / DAY
    const n = Math.max(1, Math.round(o.perDay * days * (0.85 + 0.3 * this.rng.next())))
    for (let i = 0; i < n; i++) this.one(a, b, this.timeIn(o.from, o.to, o.zone), o, false)
  }

  /** n events spread evenly at random over a window (no daily rhythm: things were happening). */
  burst(a: string, b: string, n: number, from: number, to: number, o: Omit<LinkOptions, 'perDay' | 'from' | 'to' | 'zone'> = {}): void {
    for (let i = 0; i < n; i++) this.one(a, b, from + this.rng.next() * (to - from), o, true)
  }

  private one(a: string, b: string, t: number, o: Omit<LinkOptions, 'perDay' | 'from' | 'to' | 'zone'>, fixed: boolean): void {
    const aFirst = this.rng.chance(o.aShare ?? 0.5)
    const service = this.rng.chance(o.sms ?? 0.2) ? 'sms' : 'call'
    this.add(aFirst ? a : b, aFirst ? b : a, service, t, this.duration(service, o.median ?? 70), fixed)
  }
}

const d = (text: string): number => local(text, DHAKA)
const k = (text: string): number => local(text, KUALA_LUMPUR)

/** The scripted story: who talks to whom, when, around the two movements. */
export function scriptStory(cast: Cast, rng: Rng): Comm[] {
  const tl = new TimelineBuilder(rng.fork('story'))
  const { batch1, batch2, familyOf, victimBdLine, victimMyLine } = cast
  const fam = (v: string): string => {
    const f = familyOf.get(v)
    if (!f) throw new Error(`no family line for ${v}`)
    return f
  }
  const start = T.bdPeriodStart
  const end = T.bdPeriodEnd

  // --- recruitment (batch 1 by the recruiter, batch 2 by the broker) ------------------------------------------------
  for (const v of batch1) {
    tl.link('recruiter', fam(v), { perDay: 0.45, from: start, to: d('2024-02-15 20:00'), aShare: 0.45, median: 150, zone: DHAKA })
    const own = victimBdLine.get(v)
    if (own) {
      tl.link('recruiter', own, { perDay: 0.5, from: start, to: d('2024-02-15 19:00'), aShare: 0.6, sms: 0.3, median: 80, zone: DHAKA })
      tl.link(own, fam(v), { perDay: 0.2, from: start, to: d('2024-02-15 19:00'), median: 120, zone: DHAKA })
      // The last call home before the boat: after it the phone is silent for good.
      tl.add(own, fam(v), 'call', d('2024-02-15 19:30') + rng.int(0, 75) * MINUTE, rng.int(40, 240))
    }
  }
  for (const v of batch2) {
    tl.link('broker', fam(v), { perDay: 0.35, from: start, to: d('2024-03-02 22:00'), aShare: 0.4, median: 140, zone: DHAKA })
    const own = victimBdLine.get(v)
    if (own) {
      tl.link('broker', own, { perDay: 0.4, from: start, to: d('2024-03-02 22:00'), aShare: 0.5, sms: 0.25, median: 90, zone: DHAKA })
      // Seen off at the airport: the broker's phone is at the airport cell that morning.
      tl.add(own, 'broker', 'call', d('2024-03-03 06:30') + rng.int(0, 120) * MINUTE, rng.int(20, 90))
    }
  }

  // --- the network's routine traffic ---------------------------------------------------------------------------------
  tl.link('recruiter', 'broker', { perDay: 0.9, from: start, to: end, median: 110, zone: DHAKA })
  tl.link('recruiter', 'collector', { perDay: 0.6, from: start, to: end, median: 90, zone: DHAKA })
  tl.link('broker', 'collector', { perDay: 0.7, from: start, to: end, median: 100, zone: DHAKA })
  tl.link('organiser-old', 'recruiter', { perDay: 1.4, from: start, to: T.organiserOldLast - HOUR, median: 95, zone: DHAKA })
  tl.link('organiser-old', 'broker', { perDay: 0.5, from: start, to: T.organiserOldLast - HOUR, median: 120, zone: DHAKA })
  tl.link('organiser-old', 'collector', { perDay: 0.3, from: start, to: T.organiserOldLast - HOUR, median: 80, zone: DHAKA })
  tl.link('organiser-old', 'receiver', { perDay: 0.45, from: start, to: T.organiserOldLast - HOUR, median: 130, sms: 0.25, zone: DHAKA })
  tl.link('organiser-old', 'organiser-wife', { perDay: 1.5, from: start, to: T.organiserOldLast - HOUR, aShare: 0.6, median: 150, sms: 0.3, zone: DHAKA })
  tl.link('organiser-old', 'crew-1', { perDay: 0.5, from: start, to: d('2024-02-13 00:00'), aShare: 0.7, median: 60, sms: 0.1, zone: DHAKA })
  tl.link('organiser-old', 'crew-1', { perDay: 3, from: d('2024-02-13 00:00'), to: d('2024-02-16 06:00'), aShare: 0.7, median: 60, sms: 0.1, zone: DHAKA })
  tl.link('organiser-old', 'crew-2', { perDay: 0.4, from: d('2024-02-10 00:00'), to: d('2024-02-16 06:00'), aShare: 0.8, median: 45, sms: 0.05, zone: DHAKA })
  tl.link('organiser-old', 'facilitator', { perDay: 0.8, from: d('2024-02-17 00:00'), to: T.organiserOldLast - 2 * HOUR, aShare: 0.8, median: 150, sms: 0.1, zone: DHAKA })
  tl.link('broker', 'receiver', { perDay: 0.8, from: start, to: end, median: 140, sms: 0.2, zone: DHAKA })
  tl.link('collector', 'receiver', { perDay: 0.25, from: start, to: end, median: 70, sms: 0.3, zone: DHAKA })
  tl.link('receiver', 'facilitator', { perDay: 0.9, from: T.myPeriodStart, to: T.myPeriodEnd, median: 120, sms: 0.2, zone: KUALA_LUMPUR })
  tl.link('receiver', 'employer', { perDay: 0.6, from: T.myPeriodStart, to: T.myPeriodEnd, median: 90, sms: 0.25, zone: KUALA_LUMPUR })
  tl.link('receiver', 'receiver-wife', { perDay: 1.6, from: T.myPeriodStart, to: T.myPeriodEnd, median: 60, sms: 0.4, zone: KUALA_LUMPUR })
  // The replacement number keeps the old number's circle: the same four people within a day.
  const o2 = T.organiserNewFirst + 3 * HOUR
  tl.link('organiser-new', 'recruiter', { perDay: 1.5, from: o2, to: end, median: 95, zone: DHAKA })
  tl.link('organiser-new', 'broker', { perDay: 0.5, from: o2, to: end, median: 120, zone: DHAKA })
  tl.link('organiser-new', 'collector', { perDay: 0.3, from: o2, to: end, median: 80, zone: DHAKA })
  tl.link('organiser-new', 'receiver', { perDay: 0.4, from: o2, to: end, median: 130, sms: 0.25, zone: DHAKA })

  // --- deposits: the collector rings the families -----------------------------------------------------------------
  for (const v of batch1) tl.burst('collector', fam(v), 2, d('2024-02-07 10:00'), d('2024-02-14 20:00'), { aShare: 0.5, median: 75 })
  for (const v of batch2) tl.burst('collector', fam(v), 2, d('2024-02-17 10:00'), d('2024-02-26 20:00'), { aShare: 0.5, median: 75 })

  // --- departure of batch 1 from the Shamlapur beach (night of 15 February) ------------------------------------------
  tl.burst('organiser-old', 'crew-1', 8, d('2024-02-15 20:00'), d('2024-02-15 23:50'), { aShare: 0.8, median: 40, sms: 0 })
  tl.burst('organiser-old', 'recruiter', 5, d('2024-02-15 18:00'), d('2024-02-15 23:30'), { median: 50, sms: 0.2 })
  tl.add('organiser-old', 'receiver', 'sms', d('2024-02-15 23:58:31'), 0)
  tl.burst('organiser-old', 'receiver', 2, d('2024-02-16 00:05'), d('2024-02-16 01:10'), { aShare: 0.5, median: 60, sms: 0 })
  tl.burst('organiser-old', 'broker', 2, d('2024-02-16 07:00'), d('2024-02-16 09:00'), { median: 90, sms: 0 })
  // At sea: the captain's Myanmar SIM is in reach only off the coast.
  tl.burst('organiser-old', 'crew-1', 6, d('2024-02-20 18:00'), d('2024-02-23 23:00'), { aShare: 0.5, median: 50, sms: 0.3 })
  tl.burst('organiser-old', 'facilitator', 6, d('2024-02-23 20:00'), d('2024-02-24 05:00'), { aShare: 0.7, median: 70, sms: 0.2 })
  tl.burst('organiser-old', 'receiver', 3, d('2024-02-24 08:00'), d('2024-02-25 12:00'), { median: 150, sms: 0 })
  // The old number's last evening, then silence.
  tl.burst('organiser-old', 'recruiter', 2, d('2024-02-25 19:00'), d('2024-02-25 21:30'), { aShare: 0.9, median: 120, sms: 0 })
  tl.add('organiser-old', 'recruiter', 'call', T.organiserOldLast, 95)

  // --- the replacement number's first morning ------------------------------------------------------------------------
  tl.add('organiser-new', 'recruiter', 'call', T.organiserNewFirst, 48)
  tl.add('organiser-new', 'broker', 'call', d('2024-02-26 09:32:05'), 131)
  tl.add('organiser-new', 'collector', 'call', d('2024-02-26 10:05:44'), 62)
  tl.add('organiser-new', 'receiver', 'call', d('2024-02-26 10:41:18'), 204)
  tl.add('recruiter', 'organiser-new', 'sms', d('2024-02-26 11:02:09'), 0)

  // --- the facilitator and the receiver: the Sadao meeting and both pick-ups -----------------------------------------
  tl.burst('receiver', 'facilitator', 4, k('2024-02-11 19:40'), k('2024-02-11 22:30'), { aShare: 0.6, median: 80, sms: 0.3 })
  tl.burst('receiver', 'facilitator', 3, k('2024-02-12 08:00'), k('2024-02-12 10:50'), { aShare: 0.7, median: 45, sms: 0.3 })
  // While he is in Thailand the Malaysian network logs only what reaches him (incoming, no cell).
  tl.add('receiver-wife', 'receiver', 'sms', k('2024-02-12 13:12:40'), 0)
  tl.add('employer', 'receiver', 'call', k('2024-02-12 15:47:02'), 38)
  tl.add('broker', 'receiver', 'sms', d('2024-02-12 14:20:17'), 0)
  tl.burst('receiver', 'facilitator', 10, k('2024-02-26 09:00'), k('2024-02-27 19:00'), { aShare: 0.5, median: 90, sms: 0.3 })
  tl.burst('receiver', 'facilitator', 9, k('2024-02-27 19:45'), k('2024-02-28 04:30'), { aShare: 0.5, median: 50, sms: 0.2 })
  tl.burst('receiver', 'facilitator', 8, k('2024-03-05 18:00'), k('2024-03-06 10:30'), { aShare: 0.5, median: 70, sms: 0.3 })
  tl.burst('receiver', 'facilitator', 5, k('2024-03-06 11:00'), k('2024-03-06 12:10'), { aShare: 0.5, median: 35, sms: 0 })
  tl.burst('receiver', 'broker', 4, k('2024-02-28 13:00'), k('2024-02-28 23:00'), { aShare: 0.6, median: 150, sms: 0.2 })
  tl.burst('receiver', 'broker', 4, k('2024-03-06 13:00'), k('2024-03-06 23:00'), { aShare: 0.6, median: 150, sms: 0.2 })
  tl.burst('receiver', 'collector', 3, k('2024-02-28 18:00'), k('2024-03-03 22:00'), { aShare: 0.5, median: 80, sms: 0.3 })
  tl.burst('receiver', 'collector', 3, k('2024-03-07 10:00'), k('2024-03-10 22:00'), { aShare: 0.5, median: 80, sms: 0.3 })
  tl.burst('receiver', 'employer', 6, k('2024-02-29 09:00'), k('2024-03-04 18:00'), { aShare: 0.5, median: 110, sms: 0.2 })
  tl.burst('receiver', 'employer', 5, k('2024-03-07 09:00'), k('2024-03-11 18:00'), { aShare: 0.5, median: 110, sms: 0.2 })

  // --- arrival calls: each victim speaks to his family from the receiver's phone, then the balance is demanded -------
  const arrival = (victims: readonly string[], from: number): void => {
    let t = from
    for (const v of victims) {
      t += rng.int(4, 25) * MINUTE
      if (rng.chance(0.25)) {
        tl.add('receiver', fam(v), 'call', t, 0) // not answered the first time
        t += rng.int(3, 12) * MINUTE
      }
      tl.add('receiver', fam(v), 'call', t, rng.int(70, 260))
    }
  }
  arrival(batch1, T.arrivalCalls1)
  arrival(batch2, T.arrivalCalls2)
  // Families ring the collector and the recruiter or broker about the money after the arrival call.
  for (const v of batch1) tl.burst(fam(v), 'collector', 2, k('2024-02-28 18:00'), k('2024-03-03 12:00'), { aShare: 0.7, median: 100, sms: 0.1 })
  for (const v of batch1) tl.burst(fam(v), 'recruiter', 1, k('2024-02-28 18:00'), k('2024-03-02 12:00'), { aShare: 0.8, median: 120, sms: 0 })
  for (const v of batch2) tl.burst(fam(v), 'collector', 2, k('2024-03-06 22:00'), k('2024-03-10 12:00'), { aShare: 0.7, median: 100, sms: 0.1 })
  for (const v of batch2) tl.burst(fam(v), 'broker', 1, k('2024-03-06 22:00'), k('2024-03-09 12:00'), { aShare: 0.8, median: 120, sms: 0 })
  // Pressure on three batch-1 families for more money.
  for (const v of batch1.slice(0, 3)) tl.burst('receiver', fam(v), 3, k('2024-03-10 10:00'), k('2024-03-14 22:00'), { aShare: 1, median: 90, sms: 0 })

  // --- the victims' Malaysian SIMs --------------------------------------------------------------------------------------
  for (const v of batch1) {
    const my = victimMyLine.get(v)
    if (my) tl.link(my, 'receiver', { perDay: 0.8, from: k('2024-02-29 10:00'), to: T.myPeriodEnd, aShare: 0.7, sms: 0.35, median: 55, zone: KUALA_LUMPUR })
  }
  for (const v of batch2) {
    const my = victimMyLine.get(v)
    if (my) tl.link(my, 'receiver', { perDay: 0.8, from: k('2024-03-07 10:00'), to: T.myPeriodEnd, aShare: 0.7, sms: 0.35, median: 55, zone: KUALA_LUMPUR })
  }
  return tl.comms
}

/** Who each target's ordinary callers are and how busy the target is (events per day); the organiser's old line stops. */
interface BackgroundTarget {
  readonly line: string
  readonly weight: number
  readonly from: number
  readonly to: number
  readonly zone: Zone
}

/**
 * Fills the CDRs with ordinary traffic until each reaches its size: `bdRows` rows in the Bangladeshi CDR and
 * `myRows` in the Malaysian one, counting the scripted events already there.
 */
export function addBackground(cast: Cast, story: readonly Comm[], rng: Rng, bdRows: number, myRows: number): Comm[] {
  const tl = new TimelineBuilder(rng.fork('background'))
  const bdTargetLines = new Set(cast.bdTargets.map((t) => t.line))
  let bdHave = 0
  let myHave = 0
  for (const c of story) {
    if (c.utc >= T.bdPeriodStart && c.utc <= T.bdPeriodEnd) bdHave += (bdTargetLines.has(c.from) ? 1 : 0) + (bdTargetLines.has(c.to) ? 1 : 0)
    if (c.utc >= T.myPeriodStart && c.utc <= T.myPeriodEnd && (c.from === cast.myTarget || c.to === cast.myTarget)) myHave++
  }
  const fill = (targets: readonly BackgroundTarget[], want: number): void => {
    const active = targets.map((t) => t.weight * (t.to - t.from))
    for (let i = 0; i < want; i++) {
      const t = rng.weighted(targets, active)
      const contacts = cast.background.get(t.line) ?? []
      if (contacts.length === 0) throw new Error(`no background contacts for ${t.line}`)
      // A few close contacts take most of the calls (Zipf-like), as in real call records.
      const other = rng.weighted(contacts, contacts.map((_, j) => 1 / (j + 1)))
      const when = tl.timeIn(t.from, t.to, t.zone)
      const service = rng.chance(0.22) ? 'sms' : 'call'
      const out = rng.chance(0.55)
      tl.add(out ? t.line : other, out ? other : t.line, service, when, tl.duration(service, 65), false)
    }
  }
  fill(
    [
      { line: 'recruiter', weight: 1.2, from: T.bdPeriodStart, to: T.bdPeriodEnd, zone: DHAKA },
      { line: 'broker', weight: 1, from: T.bdPeriodStart, to: T.bdPeriodEnd, zone: DHAKA },
      { line: 'collector', weight: 0.8, from: T.bdPeriodStart, to: T.bdPeriodEnd, zone: DHAKA },
      { line: 'organiser-old', weight: 0.7, from: T.bdPeriodStart, to: T.organiserOldLast - HOUR, zone: DHAKA }
    ],
    Math.max(0, bdRows - bdHave)
  )
  fill([{ line: cast.myTarget, weight: 1, from: T.myPeriodStart, to: T.myPeriodEnd, zone: KUALA_LUMPUR }], Math.max(0, myRows - myHave))
  return tl.comms
}

/**
 * A phone cannot be in two calls at once: moves a routine call that overlaps an earlier call of either party to just
 * after it. Scripted events stay where they are. Routine calls pushed past a line's last moment are dropped.
 */
export function untangle(comms: readonly Comm[], rng: Rng, lastAllowed: ReadonlyMap<string, number>): Comm[] {
  const sorted = [...comms].sort((a, b) => a.utc - b.utc || Number(b.fixed) - Number(a.fixed))
  const busy = new Map<string, number>()
  const out: Comm[] = []
  for (const c of sorted) {
    let utc = c.utc
    if (c.service === 'call' && !c.fixed) {
      const free = Math.max(busy.get(c.from) ?? 0, busy.get(c.to) ?? 0)
      if (utc < free) utc = free + rng.int(20, 600) * 1000
    }
    const limit = Math.min(lastAllowed.get(c.from) ?? Infinity, lastAllowed.get(c.to) ?? Infinity)
    if (!c.fixed && utc >= limit) continue
    const moved: Comm = utc === c.utc ? c : { ...c, utc }
    if (moved.service === 'call' && moved.duration > 0) {
      const endAt = moved.utc + (moved.duration + 5) * 1000
      busy.set(c.from, Math.max(busy.get(c.from) ?? 0, endAt))
      busy.set(c.to, Math.max(busy.get(c.to) ?? 0, endAt))
    }
    out.push(moved)
  }
  return out.sort((a, b) => a.utc - b.utc)
}
