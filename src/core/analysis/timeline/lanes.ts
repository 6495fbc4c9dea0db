// Timeline lanes: one per event type, or one per entity the analyst picked (an event between two picked entities is
// a link between their lanes); lane geometry; and packing of glyphs that would overlap at the current zoom.
import { DIR_INCOMING, DIR_OUTGOING, EVENT_KINDS, kindCode, type EventKindName } from '../../store/segment'
import type { LaneMode } from '../timelineFilter'

/** What a glyph looks like: calls by direction, then one shape per kind of event. */
export const GLYPH_KINDS = ['call-out', 'call-in', 'call', 'sms', 'data', 'transfer', 'movement', 'event', 'analyst'] as const
export type GlyphKind = (typeof GLYPH_KINDS)[number]

export const GLYPH_LABELS: Record<GlyphKind, string> = {
  'call-out': 'Outgoing call',
  'call-in': 'Incoming call',
  call: 'Call (direction unknown)',
  sms: 'SMS / MMS / USSD',
  data: 'Data session / other CDR',
  transfer: 'Money transfer',
  movement: 'Border movement',
  event: 'Event',
  analyst: 'Analyst event'
}

/** Glyph code (index into GLYPH_KINDS) per stored kind code and direction code. */
export function glyphOf(kind: number, direction: number): number {
  const name: EventKindName | undefined = EVENT_KINDS[kind - 1]
  switch (name) {
    case 'call':
      return direction === DIR_OUTGOING ? 0 : direction === DIR_INCOMING ? 1 : 2
    case 'sms':
    case 'mms':
    case 'ussd':
      return 3
    case 'data':
    case 'cdr':
      return 4
    case 'transfer':
      return 5
    case 'movement':
      return 6
    case 'event':
    case undefined:
      return 7
  }
}

export const ANALYST_GLYPH = 8

export interface Lane {
  /** `type:calls` or the entity key. */
  readonly id: string
  readonly label: string
}

/** The type lanes, in drawing order, and which stored kinds fall in each. */
export const TYPE_LANES: readonly (Lane & { readonly kinds: readonly EventKindName[] })[] = [
  { id: 'type:calls', label: 'Calls', kinds: ['call'] },
  { id: 'type:messages', label: 'SMS / MMS / USSD', kinds: ['sms', 'mms', 'ussd'] },
  { id: 'type:data', label: 'Data / other CDR', kinds: ['data', 'cdr'] },
  { id: 'type:transfers', label: 'Transfers', kinds: ['transfer'] },
  { id: 'type:movements', label: 'Border movements', kinds: ['movement'] },
  { id: 'type:events', label: 'Events', kinds: ['event'] }
]
export const ANALYST_LANE: Lane = { id: 'type:analyst', label: 'Analyst events' }

/** Lane index per stored kind code (index = kind code) in type mode. */
export const TYPE_LANE_OF_KIND: Int16Array = (() => {
  const out = new Int16Array(EVENT_KINDS.length + 1).fill(-1)
  TYPE_LANES.forEach((lane, li) => {
    for (const k of lane.kinds) out[kindCode(k)] = li
  })
  return out
})()

/** The lanes a view draws: every type lane (and the analyst lane), or the picked entities in the analyst's order. */
export function lanesFor(mode: LaneMode, laneKeys: readonly string[], label: (key: string) => string = (k) => k): Lane[] {
  if (mode === 'types') return [...TYPE_LANES.map(({ id, label: l }) => ({ id, label: l })), ANALYST_LANE]
  const seen = new Set<string>()
  const out: Lane[] = []
  for (const k of laneKeys) {
    if (k === '' || seen.has(k)) continue
    seen.add(k)
    out.push({ id: k, label: label(k) })
  }
  return out
}

export interface LaneGeometry {
  /** Top y of each lane and its height (CSS pixels). */
  readonly top: readonly number[]
  readonly height: number
  /** Total height the lanes need (may exceed the space given when there are many lanes: the chart scrolls). */
  readonly total: number
}

/** Splits `space` pixels among `n` lanes, each between `minHeight` and `maxHeight`. */
export function laneGeometry(n: number, space: number, minHeight = 28, maxHeight = 120, gap = 2): LaneGeometry {
  if (n <= 0) return { top: [], height: 0, total: 0 }
  const h = Math.max(minHeight, Math.min(maxHeight, Math.floor((space - gap * (n - 1)) / n)))
  const top = Array.from({ length: n }, (_, i) => i * (h + gap))
  return { top, height: h, total: n * h + (n - 1) * gap }
}

/** The lane under y, or -1. */
export function laneAt(g: LaneGeometry, y: number): number {
  if (g.height <= 0) return -1
  for (let i = 0; i < g.top.length; i++) if (y >= g.top[i]! && y < g.top[i]! + g.height) return i
  return -1
}

/**
 * Glyphs of one lane packed for drawing: events closer than `minGap` pixels merge into one cluster that shows how
 * many events it holds, so a dense minute is one readable mark instead of a smear of overlapping ones.
 */
export interface GlyphCluster {
  /** Left and right x of the cluster's events (right includes a call's duration). */
  readonly x0: number
  readonly x1: number
  readonly count: number
  /** Position (in the input order) of the cluster's first event. */
  readonly first: number
}

/**
 * Packs events given as x positions in increasing order (with optional right ends for durations) into clusters.
 * Every input event lands in exactly one cluster; clusters are in x order and never closer than `minGap`.
 */
export function packGlyphs(xs: ArrayLike<number>, minGap: number, ends?: ArrayLike<number>): GlyphCluster[] {
  const out: GlyphCluster[] = []
  let cur: { x0: number; x1: number; count: number; first: number } | null = null
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i]!
    const end = Math.max(x, ends ? ends[i]! : x)
    if (cur && x - cur.x0 < minGap) {
      cur.count++
      if (end > cur.x1) cur.x1 = end
    } else {
      if (cur) out.push(cur)
      cur = { x0: x, x1: end, count: 1, first: i }
    }
  }
  if (cur) out.push(cur)
  return out
}
