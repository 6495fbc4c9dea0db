// Phone-replacement detection: a number goes quiet and, soon after, a new number starts talking to the same people.
// Every candidate carries its evidence (the shared contacts, the last-seen and first-seen times, the gap, the
// overlap score, a handset both used), because an analyst must be able to check it, not take it on trust.
import type { IndexedSegment } from '../store/query'
import { isCdrKindCode, type Segment } from '../store/segment'
import { forEachEvent, GroupCodes, identity, subscriberColumn, type AnalysisScope, type KeyResolver } from './scan'

export interface ReplacementOptions extends AnalysisScope {
  /** Longest silence between the old number's last event with a shared contact and the new number's first event (default 14 days). */
  readonly maxGapMs?: number
  /** How long the old number may go on talking to a shared contact after the new one started (default 2 days). */
  readonly maxOverlapMs?: number
  /**
   * How long after the start of the data the new number must first appear: a number seen from the first day has
   * not replaced anything the data shows (default 1 day).
   */
  readonly minQuietMs?: number
  /**
   * Largest share of the old number's events that may come after the handover (default 0.1): a number that goes
   * on as before has not been replaced, one that keeps a trickle of calls (to a relative) may have been.
   */
  readonly maxResidual?: number
  /** Fewest contacts handed over (default 3). */
  readonly minShared?: number
  /** Smallest overlap score, handed-over contacts ÷ √(old contacts × new contacts) (default 0.3). */
  readonly minScore?: number
  /** Fewest events each number must have (default 5). */
  readonly minEvents?: number
  /** Which entity keys are numbers (default `phone:` and `id:`, the latter for anonymised CDRs). */
  readonly prefixes?: readonly string[]
  /** Most candidates returned (default 100; 0 = all). */
  readonly limit?: number
  /** 2 (default): a second round with the first round's replacements applied to contacts; 1: only the first. */
  readonly rounds?: number
}

export interface SharedContact {
  readonly key: string
  /** Events of the old number with this contact, and of the new one. */
  readonly oldEvents: number
  readonly newEvents: number
  /** The contact's last event with the old number and first with the new (UTC ms). */
  readonly oldLastAt: number
  readonly newFirstAt: number
}

export interface ReplacementCandidate {
  readonly oldKey: string
  readonly newKey: string
  readonly oldFirstAt: number
  /** The old number's last event of all (UTC ms). */
  readonly oldLastAt: number
  /** The old number's last event with any of the shared contacts: when it went quiet with them. */
  readonly oldLastSharedAt: number
  /** The new number's first and last event (it may have been in use before, for other people). */
  readonly newFirstAt: number
  readonly newLastAt: number
  /** The new number's first event with any of the shared contacts: when it took them over. */
  readonly handoverAt: number
  /** handoverAt − oldLastSharedAt: positive = a silence between the two numbers, negative = an overlap. */
  readonly gapMs: number
  /**
   * The typical silence per shared contact: the median of (the new number's first event with it − the old
   * number's last event with it). Steadier than gapMs when the old number keeps one or two calls going.
   */
  readonly contactGapMs: number
  readonly oldEvents: number
  readonly newEvents: number
  /** The old number's events after the handover (handoverAt + the allowed overlap): 0 when it fell silent. */
  readonly oldEventsAfter: number
  /** Distinct contacts of the old number before the handover, and of the new one since (each other left out). */
  readonly oldContacts: number
  readonly newContacts: number
  /** Contacts handed over — the old number talked to them until about when the new one started, the new one after — most events first. */
  readonly shared: readonly SharedContact[]
  /**
   * shared ÷ √(old contacts × new contacts) (the Ochiai coefficient): high only when a good part of the old number's
   * contacts moved and most of the new one's came from the old. A small number whose three contacts all also talk
   * to a busy one scores low; a new number seen only through the targets' records (its calls to them) can still
   * score well, since all it is seen doing is taking over the old one's people.
   */
  readonly score: number
  /** shared ÷ the old number's contacts, and ÷ the new number's. */
  readonly oldShare: number
  readonly newShare: number
  /** shared ÷ all distinct contacts of the two (Jaccard). */
  readonly jaccard: number
  /** Share of the old number's events (before the new one appeared) that went to the shared contacts. */
  readonly oldVolumeShared: number
  /** Handsets (IMEI keys) both numbers were used in: strong support when present. */
  readonly sharedHandsets: readonly string[]
  /** Events directly between the two numbers (a replacement rarely calls the phone it replaced). */
  readonly direct: number
  /**
   * Shared contacts that are themselves replaced numbers, shown under their new key (found in the second round: a
   * network that changed phones together). Empty for first-round candidates.
   */
  readonly via: readonly { readonly oldKey: string; readonly newKey: string }[]
}

const DAY = 86_400_000

interface Party {
  first: number
  last: number
  events: number
  /** contact group → [events, first, last] */
  contacts: Map<number, [number, number, number]>
  /** Times of its events, sorted at the end: how many came after a moment. */
  times: number[]
  imeis: Set<string> | null
}

function countAfter(sorted: readonly number[], t: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! <= t) lo = mid + 1
    else hi = mid
  }
  return sorted.length - lo
}

/**
 * A contact that gained more new correspondents than this in the window around one handover says nothing about who
 * replaced whom (a hotline, a hub): it is left out of that comparison, which also keeps the search near-linear.
 */
const MAX_WINDOW = 150

/** Index of the first entry with `at` ≥ t in a list sorted by `at`. */
function firstAtOrAfter(list: readonly { at: number }[], t: number): number {
  let lo = 0
  let hi = list.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (list[mid]!.at < t) lo = mid + 1
    else hi = mid
  }
  return lo
}

interface Round {
  readonly candidates: ReplacementCandidate[]
}

/**
 * Finds numbers that look replaced. A contact c is handed over from O to N when O talked to c before N's first
 * event with c, O's last event with c falls between maxGap before and maxOverlap after it, and N's first event
 * with c comes at least minQuiet after the data began. Enough contacts handed over, a high enough overlap score
 * (shared ÷ √(O's contacts × N's contacts)), and O mostly silent after the handover make a candidate.
 *
 * A second round catches networks that change phones together: the contacts of a leader's old number were
 * themselves replaced, so its new number talks to their new numbers. The first round's best replacement of each
 * number is applied to contacts, and pairs found only then carry the replacements they relied on (`via`).
 * Ranked by overlap score, then contacts handed over.
 */
export function detectPhoneReplacements(segments: readonly IndexedSegment[], options: ReplacementOptions = {}): ReplacementCandidate[] {
  const base = options.resolve ?? identity
  const first = findRound(segments, options, base, new Map())
  let all = first.candidates
  if ((options.rounds ?? 2) > 1 && first.candidates.length > 0) {
    const best = new Map<string, string>()
    for (const c of first.candidates) if (!best.has(c.oldKey)) best.set(c.oldKey, c.newKey)
    for (const [o, n] of [...best]) if (best.has(n)) best.delete(o)
    const seen = new Set(first.candidates.map((c) => `${c.oldKey}>${c.newKey}`))
    const second = findRound(segments, options, base, best)
    all = [...first.candidates, ...second.candidates.filter((c) => !seen.has(`${c.oldKey}>${c.newKey}`) && c.oldKey !== c.newKey)]
  }
  all.sort(rank)
  const limit = options.limit ?? 100
  return limit > 0 ? all.slice(0, limit) : all
}

function median(xs: number[]): number {
  xs.sort((x, y) => x - y)
  const m = xs.length >> 1
  return xs.length % 2 === 1 ? xs[m]! : (xs[m - 1]! + xs[m]!) / 2
}

function rank(x: ReplacementCandidate, y: ReplacementCandidate): number {
  return y.score - x.score || y.shared.length - x.shared.length || y.oldVolumeShared - x.oldVolumeShared || (x.oldKey < y.oldKey ? -1 : x.oldKey > y.oldKey ? 1 : x.newKey < y.newKey ? -1 : 1)
}

/** One pass; `replaced` (old → new key) is applied to contacts only, never to the numbers compared. */
function findRound(segments: readonly IndexedSegment[], options: ReplacementOptions, resolve: KeyResolver, replaced: ReadonlyMap<string, string>): Round {
  const maxGap = options.maxGapMs ?? 14 * DAY
  const maxOverlap = options.maxOverlapMs ?? 2 * DAY
  const minQuiet = options.minQuietMs ?? DAY
  const maxResidual = options.maxResidual ?? 0.1
  const minShared = Math.max(1, options.minShared ?? 3)
  const minScore = options.minScore ?? 0.3
  const minEvents = options.minEvents ?? 5
  const prefixes = options.prefixes ?? ['phone:', 'id:']
  const groups = new GroupCodes(resolve)
  const parties = new Map<number, Party>()
  const contactOf = new Map<number, number>()
  const contact = (g: number): number => {
    if (replaced.size === 0) return g
    let c = contactOf.get(g)
    if (c === undefined) {
      const to = replaced.get(groups.groups[g]!)
      c = to === undefined ? g : groups.number(to)
      contactOf.set(g, c)
    }
    return c
  }
  const isNumber = new Map<number, boolean>()
  const numberish = (g: number): boolean => {
    let v = isNumber.get(g)
    if (v === undefined) {
      const key = groups.groups[g]!
      v = prefixes.some((p) => key.startsWith(p))
      isNumber.set(g, v)
    }
    return v
  }
  let dataStart = Infinity
  const party = (g: number, at: number): Party => {
    let p = parties.get(g)
    if (!p) parties.set(g, (p = { first: at, last: at, events: 0, contacts: new Map(), times: [], imeis: null }))
    p.events++
    p.times.push(at)
    if (at < p.first) p.first = at
    if (at > p.last) p.last = at
    return p
  }
  const touch = (p: Party, c: number, at: number): void => {
    const t = p.contacts.get(c)
    if (!t) p.contacts.set(c, [1, at, at])
    else {
      t[0]++
      if (at < t[1]) t[1] = at
      if (at > t[2]) t[2] = at
    }
  }
  forEachEvent(segments, options, (seg: Segment, i: number) => {
    if (!isCdrKindCode(seg.kind[i]!)) return
    const at = seg.at[i]!
    if (Number.isNaN(at)) return
    if (at < dataStart) dataStart = at
    const codes = groups.all(seg)
    const a = seg.a[i] ? codes[seg.a[i]!]! : -1
    const b = seg.b[i] ? codes[seg.b[i]!]! : -1
    const pa = a >= 0 && numberish(a) ? party(a, at) : null
    const pb = b >= 0 && numberish(b) && b !== a ? party(b, at) : null
    if (pa && b >= 0 && b !== a) touch(pa, contact(b), at)
    if (pb && a >= 0) touch(pb, contact(a), at)
    if (seg.imei[i] !== 0) {
      const sub = subscriberColumn(seg, i)
      const p = sub === 'a' ? pa : sub === 'b' ? pb : null
      if (p) (p.imeis ??= new Set()).add(seg.dict[seg.imei[i]!]!)
    }
  })
  if (!Number.isFinite(dataStart)) return { candidates: [] }
  for (const p of parties.values()) p.times.sort((x, y) => x - y)

  // contact → numbers that first talked to it late enough to have taken it over, with that first time.
  const byContact = new Map<number, { n: number; at: number }[]>()
  for (const [g, p] of parties) {
    if (p.events < minEvents) continue
    for (const [c, [, cFirst]] of p.contacts) {
      if (cFirst < dataStart + minQuiet) continue
      let list = byContact.get(c)
      if (!list) byContact.set(c, (list = []))
      list.push({ n: g, at: cFirst })
    }
  }
  for (const list of byContact.values()) list.sort((x, y) => x.at - y.at)

  const handedOver = (o: [number, number, number], at: number): boolean => o[1] < at && o[2] >= at - maxGap && o[2] <= at + maxOverlap
  const viaByKey = new Map([...replaced].map(([oldKey, newKey]) => [newKey, { oldKey, newKey }]))
  const out: ReplacementCandidate[] = []
  for (const [og, old] of parties) {
    if (old.events < minEvents) continue
    // The old number must be nearly silent after the handover: no handover can come before the time after which
    // at most maxResidual of its events fall (less the overlap allowed).
    const allowedAfter = Math.floor(maxResidual * old.events)
    const last = old.events - allowedAfter - 1
    const earliest = last >= 0 ? old.times[last]! - maxOverlap : -Infinity
    // new number → [contacts handed over, earliest first contact with them]
    const handed = new Map<number, [number, number]>()
    for (const [c, o] of old.contacts) {
      const list = byContact.get(c)
      if (!list) continue
      const from = firstAtOrAfter(list, Math.max(o[1] + 1, o[2] - maxOverlap, earliest))
      const to = firstAtOrAfter(list, o[2] + maxGap + 1)
      if (to - from > MAX_WINDOW) continue
      for (let k = from; k < to; k++) {
        const { n: ng, at } = list[k]!
        if (ng === og || c === ng || !handedOver(o, at)) continue
        const h = handed.get(ng)
        if (!h) handed.set(ng, [1, at])
        else {
          h[0]++
          if (at < h[1]) h[1] = at
        }
      }
    }
    for (const [ng, [shared, t]] of handed) {
      if (shared < minShared) continue
      const nw = parties.get(ng)!
      const after = countAfter(old.times, t + maxOverlap)
      if (after > maxResidual * old.events) continue
      const before = old.events - countAfter(old.times, t - 1)
      let oldContacts = 0
      for (const [c, [, cFirst]] of old.contacts) if (c !== ng && cFirst < t) oldContacts++
      let newContacts = 0
      for (const [c, [, , cLast]] of nw.contacts) if (c !== og && cLast >= t) newContacts++
      if (oldContacts === 0 || newContacts === 0) continue
      const score = shared / Math.sqrt(oldContacts * newContacts)
      if (score < minScore) continue
      const evidence: SharedContact[] = []
      const used: { oldKey: string; newKey: string }[] = []
      let sharedVolume = 0
      let lastShared = -Infinity
      const gaps: number[] = []
      for (const [c, o] of old.contacts) {
        const n = nw.contacts.get(c)
        if (!n || c === ng || !handedOver(o, n[1]) || n[1] < dataStart + minQuiet) continue
        sharedVolume += o[0]
        if (o[2] > lastShared) lastShared = o[2]
        gaps.push(n[1] - o[2])
        const key = groups.groups[c]!
        const v = viaByKey.get(key)
        if (v) used.push(v)
        evidence.push({ key, oldEvents: o[0], newEvents: n[0], oldLastAt: o[2], newFirstAt: n[1] })
      }
      evidence.sort((x, y) => y.oldEvents + y.newEvents - (x.oldEvents + x.newEvents) || (x.key < y.key ? -1 : 1))
      const handsets = old.imeis && nw.imeis ? [...old.imeis].filter((k) => nw.imeis!.has(k)).sort() : []
      out.push({
        oldKey: groups.groups[og]!,
        newKey: groups.groups[ng]!,
        oldFirstAt: old.first,
        oldLastAt: old.last,
        oldLastSharedAt: lastShared,
        newFirstAt: nw.first,
        handoverAt: t,
        newLastAt: nw.last,
        gapMs: t - lastShared,
        contactGapMs: median(gaps),
        oldEvents: old.events,
        newEvents: nw.events,
        oldEventsAfter: after,
        oldContacts,
        newContacts,
        shared: evidence,
        score,
        oldShare: shared / oldContacts,
        newShare: shared / newContacts,
        jaccard: shared / (oldContacts + newContacts - shared),
        oldVolumeShared: before > 0 ? Math.min(1, sharedVolume / before) : 0,
        sharedHandsets: handsets,
        direct: old.contacts.get(ng)?.[0] ?? 0,
        via: used.sort((x, y) => (x.oldKey < y.oldKey ? -1 : 1))
      })
    }
  }
  return { candidates: out }
}
