// Who an entity talks to: its top contacts (count, call time, first/last, in/out) and the contacts several selected
// entities share, ranked — the people who link two suspects.
import type { IndexedSegment } from '../store/query'
import type { Segment } from '../store/segment'
import { callSeconds, forEachEvent, GroupCodes, identity, isCallKind, isSmsKind, memberMask, ROLES_UNKNOWN, type AnalysisScope } from './scan'

/** One contact of an entity (or of a merged group), over the events in scope. */
export interface ContactSummary {
  /** The contact's key (its group's key when the analyst merged it). */
  readonly key: string
  /** Events between the two, each counted once. */
  readonly events: number
  readonly calls: number
  readonly sms: number
  /** Transfers, movements, data sessions and other events naming both. */
  readonly other: number
  /** Sum of call durations (sane durations of calls only, as in the statistics). */
  readonly seconds: number
  /** The entity was the calling side / payer. */
  readonly outgoing: number
  /** The entity was the called side / beneficiary. */
  readonly incoming: number
  /** The file did not say who called whom. */
  readonly undirected: number
  /** UTC ms of the first and last dated event between them; null when none was dated. */
  readonly firstAt: number | null
  readonly lastAt: number | null
}

export interface TopContactsOptions extends AnalysisScope {
  /** Most contacts returned (default 50; 0 = all). */
  readonly limit?: number
  /** Order: most events (default) or most call time. */
  readonly orderBy?: 'events' | 'seconds'
}

class Tally {
  events = 0
  calls = 0
  sms = 0
  other = 0
  seconds = 0
  outgoing = 0
  incoming = 0
  undirected = 0
  first = Infinity
  last = -Infinity

  add(seg: Segment, i: number, side: 'out' | 'in' | 'none'): void {
    this.events++
    const k = seg.kind[i]!
    if (isCallKind(k)) this.calls++
    else if (isSmsKind(k)) this.sms++
    else this.other++
    this.seconds += callSeconds(seg, i)
    if (side === 'out') this.outgoing++
    else if (side === 'in') this.incoming++
    else this.undirected++
    const at = seg.at[i]!
    if (!Number.isNaN(at)) {
      if (at < this.first) this.first = at
      if (at > this.last) this.last = at
    }
  }

  summary(key: string): ContactSummary {
    return {
      key,
      events: this.events,
      calls: this.calls,
      sms: this.sms,
      other: this.other,
      seconds: this.seconds,
      outgoing: this.outgoing,
      incoming: this.incoming,
      undirected: this.undirected,
      firstAt: Number.isFinite(this.first) ? this.first : null,
      lastAt: Number.isFinite(this.last) ? this.last : null
    }
  }
}

/**
 * Visits, for every visible event in scope, each pair (one of `focus`, a contact) once per event. `focus` holds
 * group numbers; the contact is the other side's group. An event between two members of one group is no contact.
 */
function eachContact(
  segments: readonly IndexedSegment[],
  scope: AnalysisScope,
  groups: GroupCodes,
  focusKeys: ReadonlySet<string>,
  visit: (focus: number, contact: number, seg: Segment, i: number, side: 'out' | 'in' | 'none') => void
): void {
  const resolve = scope.resolve ?? identity
  // Small fixed arrays reused per event: an event has at most two identities per side.
  const sideA = [-1, -1]
  const sideB = [-1, -1]
  // Per segment: 1 for the codes of focus groups, so the many events not involving them cost four array reads.
  const masks = new WeakMap<Segment, Uint8Array>()
  forEachEvent(segments, scope, (seg, i) => {
    let mask = masks.get(seg)
    if (!mask) masks.set(seg, (mask = memberMask(seg, focusKeys, resolve)))
    if (mask[seg.a[i]!] !== 1 && mask[seg.b[i]!] !== 1 && mask[seg.aAlt[i]!] !== 1 && mask[seg.bAlt[i]!] !== 1) return
    const codes = groups.lazy(seg)
    sideA[0] = groups.at(seg, codes, seg.a[i]!)
    sideA[1] = groups.at(seg, codes, seg.aAlt[i]!)
    sideB[0] = groups.at(seg, codes, seg.b[i]!)
    sideB[1] = groups.at(seg, codes, seg.bAlt[i]!)
    if (sideA[1] === sideA[0]) sideA[1] = -1
    if (sideB[1] === sideB[0]) sideB[1] = -1
    const unknownRoles = (seg.flags[i]! & ROLES_UNKNOWN) !== 0
    for (let x = 0; x < 2; x++) {
      const f = sideA[x]!
      if (f < 0 || mask[x === 0 ? seg.a[i]! : seg.aAlt[i]!] !== 1 || f === sideB[0] || f === sideB[1]) continue
      for (let y = 0; y < 2; y++) {
        const c = sideB[y]!
        if (c >= 0) visit(f, c, seg, i, unknownRoles ? 'none' : 'out')
      }
    }
    for (let y = 0; y < 2; y++) {
      const f = sideB[y]!
      if (f < 0 || mask[y === 0 ? seg.b[i]! : seg.bAlt[i]!] !== 1 || f === sideA[0] || f === sideA[1]) continue
      for (let x = 0; x < 2; x++) {
        const c = sideA[x]!
        if (c >= 0) visit(f, c, seg, i, unknownRoles ? 'none' : 'in')
      }
    }
  })
}

function order(orderBy: 'events' | 'seconds') {
  return (x: ContactSummary, y: ContactSummary): number =>
    (orderBy === 'seconds' ? y.seconds - x.seconds || y.events - x.events : y.events - x.events || y.seconds - x.seconds) || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0)
}

/**
 * The contacts of one entity — or of a group of keys taken as one entity (a merge, a person's phones) — ranked by
 * events (or call time). `keys` are resolved through `options.resolve` like every other key.
 */
export function topContacts(segments: readonly IndexedSegment[], keys: string | readonly string[], options: TopContactsOptions = {}): ContactSummary[] {
  const resolve = options.resolve ?? identity
  const groups = new GroupCodes(resolve)
  // Several keys given as one entity count as one: events between them are not contacts.
  const list = typeof keys === 'string' ? [keys] : keys
  const own = new Set(list.map((k) => groups.number(k)))
  const tallies = new Map<number, Tally>()
  eachContact(segments, options, groups, new Set(list.map(resolve)), (_f, c, seg, i, side) => {
    if (own.has(c)) return
    let t = tallies.get(c)
    if (!t) tallies.set(c, (t = new Tally()))
    t.add(seg, i, side)
  })
  const out = [...tallies].map(([c, t]) => t.summary(groups.groups[c]!)).sort(order(options.orderBy ?? 'events'))
  const limit = options.limit ?? 50
  return limit > 0 ? out.slice(0, limit) : out
}

/** A contact shared by several of the selected entities. */
export interface CommonContact {
  readonly key: string
  /** How many of the selected entities it has events with. */
  readonly linked: number
  /** The selected entities it has events with, in the order they were given, with the volume per entity. */
  readonly with: readonly ContactSummary[]
  /** Totals over those entities. */
  readonly events: number
  readonly seconds: number
  readonly firstAt: number | null
  readonly lastAt: number | null
  /** True when the contact is itself one of the selected entities (a suspect who talks to the others). */
  readonly selected: boolean
}

export interface CommonContactsOptions extends AnalysisScope {
  /** Fewest selected entities a contact must link (default 2, at most the number selected). */
  readonly minLinked?: number
  /** Most contacts returned (default 100; 0 = all). */
  readonly limit?: number
}

/**
 * Contacts of the selected entities, ranked by how many of them each contact talks to, then by events, then call
 * time. The selected entities themselves appear too when they link others (flagged `selected`).
 */
export function commonContacts(segments: readonly IndexedSegment[], selected: readonly string[], options: CommonContactsOptions = {}): CommonContact[] {
  const resolve = options.resolve ?? identity
  const groups = new GroupCodes(resolve)
  const focus = [...new Set(selected.map((k) => groups.number(k)))]
  const focusIndex = new Map(focus.map((g, i) => [g, i]))
  const minLinked = Math.max(1, Math.min(options.minLinked ?? 2, focus.length))
  // contact group → per selected entity tally
  const table = new Map<number, (Tally | undefined)[]>()
  eachContact(segments, options, groups, new Set(selected.map(resolve)), (f, c, seg, i, side) => {
    let row = table.get(c)
    if (!row) table.set(c, (row = new Array<Tally | undefined>(focus.length)))
    const k = focusIndex.get(f)!
    ;(row[k] ??= new Tally()).add(seg, i, side)
  })
  const out: CommonContact[] = []
  for (const [c, row] of table) {
    const withs: ContactSummary[] = []
    row.forEach((t, k) => {
      if (t) withs.push(t.summary(groups.groups[focus[k]!]!))
    })
    if (withs.length < minLinked) continue
    let events = 0
    let seconds = 0
    let first = Infinity
    let last = -Infinity
    for (const w of withs) {
      events += w.events
      seconds += w.seconds
      if (w.firstAt !== null && w.firstAt < first) first = w.firstAt
      if (w.lastAt !== null && w.lastAt > last) last = w.lastAt
    }
    out.push({
      key: groups.groups[c]!,
      linked: withs.length,
      with: withs,
      events,
      seconds,
      firstAt: Number.isFinite(first) ? first : null,
      lastAt: Number.isFinite(last) ? last : null,
      selected: focusIndex.has(c)
    })
  }
  out.sort((x, y) => y.linked - x.linked || y.events - x.events || y.seconds - x.seconds || (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
  const limit = options.limit ?? 100
  return limit > 0 ? out.slice(0, limit) : out
}
