// Phone-replacement detection: a number goes quiet and, soon after, a new number starts talking to the same people.
// Every candidate carries its evidence (the shared contacts, the last-seen and first-seen times, the gap, the
// overlap score, a handset both used), because an analyst must be able to check it, not take it on trust.
import type { IndexedSegment } from '../store/query'
import { isCdrKindCode } from '../store/segment'
import { GroupCodes, identity, kindMask, scopeRange, subscriberColumn, type AnalysisScope } from './scan'
import { lowerBound } from '../sorted'

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

/** Index of the first entry > t in sorted[lo, hi). */
function upperBound(sorted: Float64Array, lo: number, hi: number, t: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! <= t) lo = mid + 1
    else hi = mid
  }
  return lo
}

/**
 * A contact that gained more new correspondents than this in the window around one handover says nothing about who
 * replaced whom (a hotline, a hub): it is left out of that comparison, which also keeps the search near-linear.
 */
const MAX_WINDOW = 150

/** Offsets of the entries' buckets (entries 0..n-1 when a count is given): bucket k holds [start[k], start[k + 1]). */
function offsets(bucketOf: Int32Array, entries: Int32Array | number, buckets: number): Int32Array {
  const start = new Int32Array(buckets + 1)
  if (typeof entries === 'number') for (let i = 0; i < entries; i++) start[bucketOf[i]! + 1]!++
  else for (let j = 0; j < entries.length; j++) start[bucketOf[entries[j]!]! + 1]!++
  for (let k = 0; k < buckets; k++) start[k + 1]! += start[k]!
  return start
}

/** The entries (0..n-1 when a count is given), in the order given, placed by bucket: a stable counting sort. */
function bucketOrder(bucketOf: Int32Array, start: Int32Array, entries: Int32Array | number): Int32Array {
  const next = start.slice(0, start.length - 1)
  const n = typeof entries === 'number' ? entries : entries.length
  const out = new Int32Array(n)
  for (let j = 0; j < n; j++) {
    const i = typeof entries === 'number' ? j : entries[j]!
    out[next[bucketOf[i]!]!++] = i
  }
  return out
}

/**
 * Sorts at[lo, hi) ascending and who[lo, hi) along with it. Integer times (milliseconds) whose span leaves room are
 * packed with their position into one exact double and sorted natively; anything else takes a comparator sort.
 */
function sortByTime(at: Float64Array, who: Int32Array, lo: number, hi: number): void {
  const n = hi - lo
  if (n < 12) {
    for (let i = lo + 1; i < hi; i++) {
      const t = at[i]!
      const w = who[i]!
      let j = i - 1
      while (j >= lo && at[j]! > t) {
        at[j + 1] = at[j]!
        who[j + 1] = who[j]!
        j--
      }
      at[j + 1] = t
      who[j + 1] = w
    }
    return
  }
  let min = Infinity
  let max = -Infinity
  let integral = true
  for (let i = lo; i < hi; i++) {
    const t = at[i]!
    if (t < min) min = t
    if (t > max) max = t
    if (integral && !Number.isInteger(t)) integral = false
  }
  const bits = Math.ceil(Math.log2(n))
  const scale = 2 ** bits
  const keys = new Float64Array(n)
  if (integral && (max - min) * scale + scale <= Number.MAX_SAFE_INTEGER) {
    for (let i = 0; i < n; i++) keys[i] = (at[lo + i]! - min) * scale + i
    keys.sort()
  } else {
    const order = new Int32Array(n)
    for (let i = 0; i < n; i++) order[i] = i
    order.sort((x, y) => at[lo + x]! - at[lo + y]!)
    for (let i = 0; i < n; i++) keys[i] = order[i]!
  }
  const ts = at.slice(lo, hi)
  const ws = who.slice(lo, hi)
  const packed = integral && (max - min) * scale + scale <= Number.MAX_SAFE_INTEGER
  for (let r = 0; r < n; r++) {
    const i = packed ? keys[r]! % scale : keys[r]!
    at[lo + r] = ts[i]!
    who[lo + r] = ws[i]!
  }
}

/** The scope's call records as columns, read once for both rounds. */
interface Scan {
  readonly groups: GroupCodes
  /** Groups known after the scan (every number and contact is one of them). */
  readonly size: number
  /** Each number's entries are [evStart[g], evStart[g + 1]): its event times, sorted, in `times`. */
  readonly evStart: Int32Array
  readonly times: Float64Array
  /** The same entries unsorted: the contact on the other side (-1 when none) and the time. */
  readonly contact: Int32Array
  readonly contactAt: Float64Array
  /** Handsets (IMEI keys) each number was used in. */
  readonly imeis: ReadonlyMap<number, ReadonlySet<string>>
  /** The first dated call record in scope (UTC ms). */
  readonly dataStart: number
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
 *
 * Near-linear in the events: one pass over them into columns, counting sorts, and binary searches; no step
 * compares every pair of numbers or walks a busy number's contacts for each number it is compared with.
 */
export function detectPhoneReplacements(segments: readonly IndexedSegment[], options: ReplacementOptions = {}): ReplacementCandidate[] {
  const scan = scanEvents(segments, options)
  if (!scan) return []
  const first = findRound(scan, options, new Map())
  let all = first
  if ((options.rounds ?? 2) > 1 && first.length > 0) {
    // Best first, so each number's best replacement is the one applied (not whichever the search met first).
    first.sort(rank)
    const best = new Map<string, string>()
    for (const c of first) if (!best.has(c.oldKey)) best.set(c.oldKey, c.newKey)
    for (const [o, n] of [...best]) if (best.has(n)) best.delete(o)
    const seen = new Set(first.map((c) => `${c.oldKey}>${c.newKey}`))
    const second = findRound(scan, options, best)
    all = [...first, ...second.filter((c) => !seen.has(`${c.oldKey}>${c.newKey}`) && c.oldKey !== c.newKey)]
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

/**
 * One pass over the events in scope into columns, one entry per number taking part in a call record: the number,
 * the contact on the other side and the time. Null when the scope has no dated call record.
 */
function scanEvents(segments: readonly IndexedSegment[], options: ReplacementOptions): Scan | null {
  const prefixes = options.prefixes ?? ['phone:', 'id:']
  const groups = new GroupCodes(options.resolve ?? identity)
  // Per group: whether its key is a number (-1: not yet known); the last handset noted for it (segment ordinal and
  // code), so a handset is looked up once per run of events rather than once per event.
  let isNumber = new Int8Array(1024).fill(-1)
  let imeiSegment = new Int32Array(1024).fill(-1)
  let imeiCode = new Int32Array(1024)
  const fit = (): void => {
    const n = groups.groups.length
    if (n <= isNumber.length) return
    const size = Math.max(n, isNumber.length * 2)
    const grow = <T extends Int8Array | Int32Array>(a: T, fill: number): T => {
      const next = new (a.constructor as new (n: number) => T)(size)
      next.fill(fill)
      next.set(a)
      return next
    }
    isNumber = grow(isNumber, -1)
    imeiSegment = grow(imeiSegment, -1)
    imeiCode = grow(imeiCode, 0)
  }
  const numberish = (g: number): boolean => {
    let v = isNumber[g]!
    if (v < 0) {
      const key = groups.groups[g]!
      v = prefixes.some((p) => key.startsWith(p)) ? 1 : 0
      isNumber[g] = v
    }
    return v === 1
  }

  let cap = 0
  for (const s of segments) {
    const [lo, hi] = scopeRange(s.segment, options)
    cap += 2 * (hi - lo)
  }
  const eParty = new Int32Array(cap)
  const eContact = new Int32Array(cap)
  const eAt = new Float64Array(cap)
  let ne = 0
  const imeis = new Map<number, Set<string>>()
  const kinds = kindMask(options)
  let dataStart = Infinity
  segments.forEach((s, segNo) => {
    const seg = s.segment
    const [lo, hi] = scopeRange(seg, options)
    if (lo >= hi) return
    const hidden = s.hidden
    const codes = groups.all(seg)
    fit()
    // Per code: its group when it is a number, else -1.
    const asParty = new Int32Array(seg.dict.length).fill(-1)
    for (let c = 1; c < seg.dict.length; c++) if (numberish(codes[c]!)) asParty[c] = codes[c]!
    for (let i = lo; i < hi; i++) {
      if (hidden !== undefined && hidden[i] === 1) continue
      const k = seg.kind[i]!
      if ((kinds !== null && kinds[k] !== 1) || !isCdrKindCode(k)) continue
      const at = seg.at[i]!
      if (Number.isNaN(at)) continue
      if (at < dataStart) dataStart = at
      const ca = seg.a[i]!
      const cb = seg.b[i]!
      const a = ca ? codes[ca]! : -1
      const b = cb ? codes[cb]! : -1
      const pa = ca ? asParty[ca]! : -1
      const pb = cb && b !== a ? asParty[cb]! : -1
      if (pa >= 0) {
        eParty[ne] = pa
        eContact[ne] = b >= 0 && b !== a ? b : -1
        eAt[ne++] = at
      }
      if (pb >= 0) {
        eParty[ne] = pb
        eContact[ne] = a
        eAt[ne++] = at
      }
      const ci = seg.imei[i]!
      if (ci !== 0) {
        const sub = subscriberColumn(seg, i)
        const p = sub === 'a' ? pa : sub === 'b' ? pb : -1
        if (p >= 0 && (imeiSegment[p] !== segNo || imeiCode[p] !== ci)) {
          imeiSegment[p] = segNo
          imeiCode[p] = ci
          let set = imeis.get(p)
          if (!set) imeis.set(p, (set = new Set()))
          set.add(seg.dict[ci]!)
        }
      }
    }
  })
  if (!Number.isFinite(dataStart)) return null
  const size = groups.groups.length
  // The entries grouped by number (a counting sort), their times then sorted per number.
  const evStart = offsets(eParty, ne, size)
  const contact = new Int32Array(ne)
  const contactAt = new Float64Array(ne)
  const next = evStart.slice(0, size)
  for (let i = 0; i < ne; i++) {
    const j = next[eParty[i]!]!++
    contact[j] = eContact[i]!
    contactAt[j] = eAt[i]!
  }
  const times = contactAt.slice()
  for (let g = 0; g < size; g++) if (evStart[g + 1]! - evStart[g]! > 1) times.subarray(evStart[g]!, evStart[g + 1]!).sort()
  return { groups, size, evStart, times, contact, contactAt, imeis, dataStart }
}

// A contact number and a position packed into one exact double (both below 2^26), so a list of them sorts natively.
const PACK = 2 ** 26

/** One round; `replaced` (old → new key) is applied to contacts only, never to the numbers compared. */
function findRound(scan: Scan, options: ReplacementOptions, replaced: ReadonlyMap<string, string>): ReplacementCandidate[] {
  const maxGap = options.maxGapMs ?? 14 * DAY
  const maxOverlap = options.maxOverlapMs ?? 2 * DAY
  const minQuiet = options.minQuietMs ?? DAY
  const maxResidual = options.maxResidual ?? 0.1
  const minShared = Math.max(1, options.minShared ?? 3)
  const minScore = options.minScore ?? 0.3
  const minEvents = options.minEvents ?? 5
  const { groups, evStart, times, imeis, dataStart } = scan
  const numbers = scan.size
  // The group each contact counts as in this round.
  let mapped: Int32Array | null = null
  if (replaced.size > 0) {
    mapped = new Int32Array(numbers)
    for (let g = 0; g < numbers; g++) {
      const to = replaced.get(groups.groups[g]!)
      mapped[g] = to === undefined ? g : groups.number(to)
    }
  }
  const G = groups.groups.length
  const eventsOf = (g: number): number => (g < numbers ? evStart[g + 1]! - evStart[g]! : 0)

  // (number, contact) pairs with their event count and first and last time; a number's pairs are
  // [pairStart[g], pairStart[g + 1]), gathered through a per-contact slot, then ordered by contact.
  const ne = evStart[numbers]!
  const pairStart = new Int32Array(G + 1)
  const pParty = new Int32Array(ne)
  const pContact = new Int32Array(ne)
  const pCount = new Int32Array(ne)
  const pFirst = new Float64Array(ne)
  const pLast = new Float64Array(ne)
  const owner = new Int32Array(G).fill(-1)
  const slot = new Int32Array(G)
  let np = 0
  let widest = 0
  for (let g = 0; g < numbers; g++) {
    pairStart[g] = np
    for (let j = evStart[g]!; j < evStart[g + 1]!; j++) {
      const raw = scan.contact[j]!
      if (raw < 0) continue
      const c = mapped ? mapped[raw]! : raw
      const at = scan.contactAt[j]!
      if (owner[c] !== g) {
        owner[c] = g
        slot[c] = np
        pParty[np] = g
        pContact[np] = c
        pCount[np] = 1
        pFirst[np] = at
        pLast[np] = at
        np++
      } else {
        const q = slot[c]!
        pCount[q]!++
        if (at < pFirst[q]!) pFirst[q] = at
        if (at > pLast[q]!) pLast[q] = at
      }
    }
    widest = Math.max(widest, np - pairStart[g]!)
  }
  for (let g = numbers; g <= G; g++) pairStart[g] = np
  {
    const keys = new Float64Array(widest)
    const tmpC = new Int32Array(widest)
    const tmpN = new Int32Array(widest)
    const tmpF = new Float64Array(widest)
    const tmpL = new Float64Array(widest)
    for (let g = 0; g < numbers; g++) {
      const s = pairStart[g]!
      const k = pairStart[g + 1]! - s
      let ordered = true
      for (let j = 1; j < k && ordered; j++) ordered = pContact[s + j - 1]! < pContact[s + j]!
      if (ordered) continue
      for (let j = 0; j < k; j++) keys[j] = pContact[s + j]! * PACK + j
      keys.subarray(0, k).sort()
      for (let r = 0; r < k; r++) {
        const j = keys[r]! % PACK
        tmpC[r] = pContact[s + j]!
        tmpN[r] = pCount[s + j]!
        tmpF[r] = pFirst[s + j]!
        tmpL[r] = pLast[s + j]!
      }
      pContact.set(tmpC.subarray(0, k), s)
      pCount.set(tmpN.subarray(0, k), s)
      pFirst.set(tmpF.subarray(0, k), s)
      pLast.set(tmpL.subarray(0, k), s)
    }
  }
  /** The pair (g, c), or -1. */
  const pair = (g: number, c: number): number => {
    const end = pairStart[g + 1]!
    const q = lowerBound(pContact, c, pairStart[g]!, end)
    return q < end && pContact[q] === c ? q : -1
  }
  // A number's contacts' first times and last times, each sorted, made when the number is first compared: how many
  // contacts it had before a handover, or kept after, is then a binary search.
  const firstsSorted = pFirst.slice(0, np)
  const lastsSorted = pLast.slice(0, np)
  const sortedReady = new Uint8Array(G)
  const sortContacts = (g: number): void => {
    if (sortedReady[g] === 1) return
    sortedReady[g] = 1
    firstsSorted.subarray(pairStart[g]!, pairStart[g + 1]!).sort()
    lastsSorted.subarray(pairStart[g]!, pairStart[g + 1]!).sort()
  }

  // contact → numbers that first talked to it late enough to have taken it over, with that first time, by time:
  // bParty/bAt[bStart[c], bStart[c + 1]).
  const minAt = dataStart + minQuiet
  const late = new Int32Array(np)
  let nLate = 0
  for (let g = 0; g < numbers; g++) {
    if (eventsOf(g) < minEvents) continue
    for (let q = pairStart[g]!; q < pairStart[g + 1]!; q++) if (pFirst[q]! >= minAt) late[nLate++] = q
  }
  const bStart = offsets(pContact, late.subarray(0, nLate), G)
  const bOrder = bucketOrder(pContact, bStart, late.subarray(0, nLate))
  const bParty = new Int32Array(nLate)
  const bAt = new Float64Array(nLate)
  for (let k = 0; k < nLate; k++) {
    const q = bOrder[k]!
    bParty[k] = pParty[q]!
    bAt[k] = pFirst[q]!
  }
  for (let c = 0; c < G; c++) if (bStart[c + 1]! - bStart[c]! > 1) sortByTime(bAt, bParty, bStart[c]!, bStart[c + 1]!)

  const handedOver = (oFirst: number, oLast: number, at: number): boolean => oFirst < at && oLast >= at - maxGap && oLast <= at + maxOverlap
  const viaByKey = new Map([...replaced].map(([oldKey, newKey]) => [newKey, { oldKey, newKey }]))
  const out: ReplacementCandidate[] = []
  // new number → contacts handed over to it and the earliest first contact with them, for the old number at hand.
  const hCount = new Int32Array(G)
  const hAt = new Float64Array(G)
  const touched: number[] = []
  for (let og = 0; og < numbers; og++) {
    const oldEvents = eventsOf(og)
    if (oldEvents === 0 || oldEvents < minEvents) continue
    const t0 = evStart[og]!
    const t1 = evStart[og + 1]!
    // The old number must be nearly silent after the handover: no handover can come before the time after which
    // at most maxResidual of its events fall (less the overlap allowed).
    const allowedAfter = Math.floor(maxResidual * oldEvents)
    const last = oldEvents - allowedAfter - 1
    const earliest = last >= 0 ? times[t0 + last]! - maxOverlap : -Infinity
    for (let q = pairStart[og]!; q < pairStart[og + 1]!; q++) {
      const c = pContact[q]!
      const b0 = bStart[c]!
      const b1 = bStart[c + 1]!
      const oLast = pLast[q]!
      // No window, or none a handover could fall in (it must come before oLast + maxGap, after the window's start).
      if (b0 === b1 || earliest > oLast + maxGap || bAt[b0]! > oLast + maxGap) continue
      const oFirst = pFirst[q]!
      const start = Math.max(oFirst + 1, oLast - maxOverlap, earliest)
      if (bAt[b1 - 1]! < start) continue
      const from = lowerBound(bAt, start, b0, b1)
      const to = lowerBound(bAt, oLast + maxGap + 1, from, b1)
      if (to - from > MAX_WINDOW) continue
      for (let k = from; k < to; k++) {
        const ng = bParty[k]!
        const at = bAt[k]!
        if (ng === og || c === ng || !handedOver(oFirst, oLast, at)) continue
        if (hCount[ng] === 0) {
          touched.push(ng)
          hCount[ng] = 1
          hAt[ng] = at
        } else {
          hCount[ng]!++
          if (at < hAt[ng]!) hAt[ng] = at
        }
      }
    }
    for (const ng of touched) {
      const shared = hCount[ng]!
      const t = hAt[ng]!
      hCount[ng] = 0
      if (shared < minShared) continue
      const after = t1 - upperBound(times, t0, t1, t + maxOverlap)
      if (after > maxResidual * oldEvents) continue
      const before = upperBound(times, t0, t1, t - 1) - t0
      // The old number's contacts first met before t, and the new one's still met at or after t, each other left out.
      sortContacts(og)
      sortContacts(ng)
      const oldToNew = pair(og, ng)
      const newToOld = pair(ng, og)
      const oldContacts = lowerBound(firstsSorted, t, pairStart[og]!, pairStart[og + 1]!) - pairStart[og]! - (oldToNew >= 0 && pFirst[oldToNew]! < t ? 1 : 0)
      const newContacts = pairStart[ng + 1]! - lowerBound(lastsSorted, t, pairStart[ng]!, pairStart[ng + 1]!) - (newToOld >= 0 && pLast[newToOld]! >= t ? 1 : 0)
      if (oldContacts === 0 || newContacts === 0) continue
      const score = shared / Math.sqrt(oldContacts * newContacts)
      if (score < minScore) continue
      const evidence: SharedContact[] = []
      const used: { oldKey: string; newKey: string }[] = []
      let sharedVolume = 0
      let lastShared = -Infinity
      const gaps: number[] = []
      // Both numbers' pairs are ordered by contact: one walk along the two finds the contacts they share.
      let n = pairStart[ng]!
      const nEnd = pairStart[ng + 1]!
      for (let q = pairStart[og]!; q < pairStart[og + 1]! && n < nEnd; q++) {
        const c = pContact[q]!
        while (n < nEnd && pContact[n]! < c) n++
        if (n === nEnd || pContact[n] !== c || c === ng) continue
        const oLast = pLast[q]!
        const nFirst = pFirst[n]!
        if (!handedOver(pFirst[q]!, oLast, nFirst) || nFirst < minAt) continue
        sharedVolume += pCount[q]!
        if (oLast > lastShared) lastShared = oLast
        gaps.push(nFirst - oLast)
        const key = groups.groups[c]!
        const v = viaByKey.get(key)
        if (v) used.push(v)
        evidence.push({ key, oldEvents: pCount[q]!, newEvents: pCount[n]!, oldLastAt: oLast, newFirstAt: nFirst })
      }
      evidence.sort((x, y) => y.oldEvents + y.newEvents - (x.oldEvents + x.newEvents) || (x.key < y.key ? -1 : 1))
      const oldImeis = imeis.get(og)
      const newImeis = imeis.get(ng)
      const handsets = oldImeis && newImeis ? [...oldImeis].filter((k) => newImeis.has(k)).sort() : []
      out.push({
        oldKey: groups.groups[og]!,
        newKey: groups.groups[ng]!,
        oldFirstAt: times[t0]!,
        oldLastAt: times[t1 - 1]!,
        oldLastSharedAt: lastShared,
        newFirstAt: times[evStart[ng]!]!,
        handoverAt: t,
        newLastAt: times[evStart[ng + 1]! - 1]!,
        gapMs: t - lastShared,
        contactGapMs: median(gaps),
        oldEvents,
        newEvents: eventsOf(ng),
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
        direct: oldToNew >= 0 ? pCount[oldToNew]! : 0,
        via: used.sort((x, y) => (x.oldKey < y.oldKey ? -1 : 1))
      })
    }
    touched.length = 0
  }
  return out
}
