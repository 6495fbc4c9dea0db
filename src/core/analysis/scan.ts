// Shared scanning for the entity analyses: which events of a set of segments are visible and in scope, which side
// of an event an entity group is on, and how entity keys fold into the analyst's merged groups.
import type { IndexedSegment } from '../store/query'
import { DIR_INCOMING, DIR_OUTGOING, FLAG_BITS, kindCode, type EventKindName, type Segment } from '../store/segment'
import { lowerBound } from '../sorted'

/** Maps an entity key to the key it is shown as (its merge group's key; itself when not merged). */
export type KeyResolver = (key: string) => string

export const identity: KeyResolver = (key) => key

/** What every analysis may be narrowed to. */
export interface AnalysisScope {
  /** Inclusive start, UTC ms; a range leaves undated events out. */
  readonly from?: number
  /** Exclusive end, UTC ms. */
  readonly to?: number
  /** Only these kinds (default: all). */
  readonly kinds?: readonly EventKindName[]
  /** The analyst's merges (see resolution.ts): members count as their group. Default: every key is its own. */
  readonly resolve?: KeyResolver
}

export const CALL = kindCode('call')
export const CDR_UNKNOWN = kindCode('cdr')
export const SMS = kindCode('sms')
export const MMS = kindCode('mms')
export const BAD_DURATION = FLAG_BITS['negative-duration'] | FLAG_BITS['absurd-duration']
export const ROLES_UNKNOWN = FLAG_BITS['roles-unknown']

/** Call time counted as in the entity statistics: calls and CDR rows of unknown service, sane durations only. */
export function callSeconds(seg: Segment, i: number): number {
  const k = seg.kind[i]!
  const d = seg.durationS[i]!
  return (k === CALL || k === CDR_UNKNOWN) && d >= 0 && (seg.flags[i]! & BAD_DURATION) === 0 ? d : 0
}

export function isCallKind(code: number): boolean {
  return code === CALL || code === CDR_UNKNOWN
}

export function isSmsKind(code: number): boolean {
  return code === SMS || code === MMS
}

/** The range of event indexes of a segment inside a scope's time range. */
export function scopeRange(seg: Segment, scope: AnalysisScope): [number, number] {
  if (scope.from === undefined && scope.to === undefined) return [0, seg.count]
  const lo = scope.from === undefined ? 0 : lowerBound(seg.at, scope.from, 0, seg.datedCount)
  const hi = scope.to === undefined ? seg.datedCount : lowerBound(seg.at, scope.to, 0, seg.datedCount)
  return [lo, Math.max(lo, hi)]
}

/** Per kind code: 1 when the scope keeps the kind (null = all kinds). */
export function kindMask(scope: AnalysisScope): Uint8Array | null {
  if (!scope.kinds) return null
  const m = new Uint8Array(16)
  for (const k of scope.kinds) m[kindCode(k)] = 1
  return m
}

/**
 * Per segment, a dictionary code → group number table: every code whose key resolves to a group gets the group's
 * number; -1 otherwise. Built once per segment, so the per-event work is array reads.
 */
export class GroupCodes {
  private readonly numbers = new Map<string, number>()
  readonly groups: string[] = []
  private readonly perSegment = new WeakMap<Segment, Int32Array>()
  private readonly lazyTables = new WeakMap<Segment, Int32Array>()

  constructor(private readonly resolve: KeyResolver) {}

  /** The group number of a key, given it a new one when first seen. */
  number(key: string): number {
    const g = this.resolve(key)
    let n = this.numbers.get(g)
    if (n === undefined) {
      n = this.groups.push(g) - 1
      this.numbers.set(g, n)
    }
    return n
  }

  /** An existing group's number (of a resolved key), or -1. */
  find(group: string): number {
    return this.numbers.get(group) ?? -1
  }

  /**
   * Code → group number, filled in as codes are asked for (-2 = not yet): for analyses that look at a few events
   * of a segment, resolving its whole dictionary would cost more than the events.
   */
  lazy(seg: Segment): Int32Array {
    let t = this.lazyTables.get(seg)
    if (!t) {
      t = new Int32Array(seg.dict.length).fill(-2)
      t[0] = -1
      this.lazyTables.set(seg, t)
    }
    return t
  }

  /** The group number of a code through a lazy table. */
  at(seg: Segment, table: Int32Array, code: number): number {
    let g = table[code]!
    if (g === -2) {
      g = this.number(seg.dict[code]!)
      table[code] = g
    }
    return g
  }

  /** Code → group number for every non-empty code of the segment's dictionary. */
  all(seg: Segment): Int32Array {
    let t = this.perSegment.get(seg)
    if (!t) {
      t = new Int32Array(seg.dict.length).fill(-1)
      for (let c = 1; c < seg.dict.length; c++) t[c] = this.number(seg.dict[c]!)
      this.perSegment.set(seg, t)
    }
    return t
  }
}

/** Code → 1 for the codes whose key resolves to one of `groups`. */
export function memberMask(seg: Segment, groups: ReadonlySet<string>, resolve: KeyResolver): Uint8Array {
  const m = new Uint8Array(seg.dict.length)
  for (let c = 1; c < seg.dict.length; c++) if (groups.has(resolve(seg.dict[c]!))) m[c] = 1
  return m
}

/**
 * Calls `visit(seg, i)` for every visible (not mirror-hidden) event in scope. With `withHidden`, the hidden halves
 * of mirrored calls are visited too: counted once they are one call, but each half is its own subscriber's record,
 * naming that subscriber's handset, SIM and cell.
 */
export function forEachEvent(segments: readonly IndexedSegment[], scope: AnalysisScope, visit: (seg: Segment, i: number) => void, withHidden = false): void {
  const kinds = kindMask(scope)
  for (const s of segments) {
    const seg = s.segment
    const [lo, hi] = scopeRange(seg, scope)
    const hidden = withHidden ? undefined : s.hidden
    for (let i = lo; i < hi; i++) {
      if (hidden !== undefined && hidden[i] === 1) continue
      if (kinds !== null && kinds[seg.kind[i]!] !== 1) continue
      visit(seg, i)
    }
  }
}

/** 'out' when the side is the calling side, 'in' the called side, 'none' when the file did not say who called. */
export type Side = 'out' | 'in' | 'none'

/**
 * The subscriber of a CDR row: the party whose operator wrote it, and so whose handset, SIM and cell the row
 * names. 'a' or 'b', or null when the file gives caller and callee but not whose record it is.
 */
export function subscriberColumn(seg: Segment, i: number): 'a' | 'b' | null {
  if ((seg.flags[i]! & ROLES_UNKNOWN) !== 0) return 'a'
  const d = seg.direction[i]!
  if (d === DIR_OUTGOING) return 'a'
  if (d === DIR_INCOMING) return 'b'
  return null
}
