// The timeline's filter and display choices as one value: what the timeline shows, what the print view prints, and
// what other screens (an entity table's selection) hand to the timeline through the URL.
import { EVENT_KINDS, type EventKindName } from '../store/segment'

/** Event kinds as the timeline offers them: the stored kinds plus the analyst's own events. */
export const TIMELINE_KINDS = [...EVENT_KINDS, 'analyst'] as const
export type TimelineKind = (typeof TIMELINE_KINDS)[number]

export interface TimelineFilter {
  /** Inclusive start, UTC ms. */
  readonly from?: number
  /** Exclusive end, UTC ms. */
  readonly to?: number
  /** Entity keys (`phone:+8801712345678`); an event matches when any of them takes part in it. */
  readonly entities?: readonly string[]
  readonly kinds?: readonly TimelineKind[]
  /** Only starred events. */
  readonly starred?: boolean
  /** Only events carrying at least one of these tags. */
  readonly tags?: readonly string[]
  /** Case-insensitive text in an event's text or any party's value. */
  readonly text?: string
  /** Source ids (file SHA-256). */
  readonly sources?: readonly string[]
}

/**
 * The zone times are shown in: `UTC`, an IANA zone, or `source` (each event in the zone of the file it came from,
 * the way the operator wrote it).
 */
export type DisplayZone = 'UTC' | 'source' | (string & {})

export type LaneMode = 'entities' | 'types'

export interface TimelineView {
  readonly filter: TimelineFilter
  readonly zone: DisplayZone
  readonly lanes: LaneMode
  /** Entity keys drawn as lanes (in order) when `lanes` is `entities`. */
  readonly laneKeys: readonly string[]
}

export const DEFAULT_VIEW: TimelineView = { filter: {}, zone: 'UTC', lanes: 'types', laneKeys: [] }

function isTimelineKind(k: string): k is TimelineKind {
  return (TIMELINE_KINDS as readonly string[]).includes(k)
}

function list(text: string | undefined): string[] | undefined {
  if (!text) return undefined
  try {
    const v: unknown = JSON.parse(text)
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.filter((x) => x !== '')
  } catch {
    // A hand-edited URL: treat as no list rather than fail the screen.
  }
  return undefined
}

function time(text: string | undefined): number | undefined {
  if (!text) return undefined
  const n = Date.parse(text)
  return Number.isFinite(n) ? n : undefined
}

/** URL parameters of a view (lists as JSON, so keys may hold any character; times as ISO UTC). */
export function viewToParams(view: TimelineView): Record<string, string> {
  const f = view.filter
  const p: Record<string, string> = {}
  if (f.from !== undefined) p.from = new Date(f.from).toISOString()
  if (f.to !== undefined) p.to = new Date(f.to).toISOString()
  if (f.entities?.length) p.entities = JSON.stringify(f.entities)
  if (f.kinds?.length) p.kinds = f.kinds.join(',')
  if (f.starred) p.starred = '1'
  if (f.tags?.length) p.tags = JSON.stringify(f.tags)
  if (f.text) p.text = f.text
  if (f.sources?.length) p.sources = f.sources.join(',')
  if (view.zone !== DEFAULT_VIEW.zone) p.zone = view.zone
  if (view.lanes !== DEFAULT_VIEW.lanes) p.lanes = view.lanes
  if (view.laneKeys.length) p.laneKeys = JSON.stringify(view.laneKeys)
  return p
}

/** The view a URL describes; anything malformed is left out (a hand-edited URL never breaks the screen). */
export function paramsToView(p: Readonly<Record<string, string>>): TimelineView {
  const kinds = p.kinds?.split(',').filter(isTimelineKind)
  const sources = p.sources?.split(',').filter((s) => /^[0-9a-f]{64}$/i.test(s))
  const filter: TimelineFilter = {
    ...(time(p.from) !== undefined ? { from: time(p.from)! } : {}),
    ...(time(p.to) !== undefined ? { to: time(p.to)! } : {}),
    ...(list(p.entities)?.length ? { entities: list(p.entities)! } : {}),
    ...(kinds?.length ? { kinds } : {}),
    ...(p.starred === '1' ? { starred: true } : {}),
    ...(list(p.tags)?.length ? { tags: list(p.tags)! } : {}),
    ...(p.text?.trim() ? { text: p.text } : {}),
    ...(sources?.length ? { sources } : {})
  }
  const zone = p.zone && (p.zone === 'UTC' || p.zone === 'source' || isValidZone(p.zone)) ? p.zone : DEFAULT_VIEW.zone
  const lanes: LaneMode = p.lanes === 'entities' ? 'entities' : 'types'
  return { filter, zone, lanes, laneKeys: list(p.laneKeys) ?? [] }
}

export function isValidZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone })
    return true
  } catch {
    return false
  }
}

/** How a zone choice is named on an axis, a page header or a filter line. */
export function zoneLabel(zone: DisplayZone): string {
  if (zone === 'UTC') return 'UTC'
  if (zone === 'source') return "each source's local time"
  return zone
}

const KIND_LABELS: Record<TimelineKind, string> = {
  call: 'calls',
  sms: 'SMS',
  mms: 'MMS',
  data: 'data sessions',
  ussd: 'USSD',
  cdr: 'CDR rows of unknown service',
  transfer: 'transfers',
  movement: 'border movements',
  event: 'events',
  analyst: 'analyst events'
}

export function kindLabel(kind: TimelineKind): string {
  return KIND_LABELS[kind]
}

/** `phone:+8801712345678` → `+8801712345678`; `person:rahim uddin` → `rahim uddin`. */
export function entityValue(key: string): string {
  const i = key.indexOf(':')
  return i < 0 ? key : key.slice(i + 1)
}

function formatInstant(ms: number, zone: DisplayZone): string {
  const timeZone = zone === 'UTC' || zone === 'source' ? 'UTC' : zone
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(ms))
  return zone === 'source' ? `${parts} UTC` : parts
}

/**
 * The one-line summary of a filter, as the timeline shows it above the chart and every printed page carries it:
 * "1 Mar 2024 00:00 – 1 Apr 2024 00:00 · 2 entities: +8801712345678, +60123456789 · calls, SMS · starred · text “cox”".
 * `label` names an entity (a subscriber's name beside the number) when the caller knows one.
 */
export function describeFilter(f: TimelineFilter, zone: DisplayZone, label: (key: string) => string = entityValue): string {
  const parts: string[] = []
  if (f.from !== undefined && f.to !== undefined) parts.push(`${formatInstant(f.from, zone)} – ${formatInstant(f.to, zone)}`)
  else if (f.from !== undefined) parts.push(`from ${formatInstant(f.from, zone)}`)
  else if (f.to !== undefined) parts.push(`until ${formatInstant(f.to, zone)}`)
  if (f.entities?.length) {
    const shown = f.entities.slice(0, 4).map(label).join(', ')
    const more = f.entities.length > 4 ? ` and ${f.entities.length - 4} more` : ''
    parts.push(`${f.entities.length === 1 ? 'entity' : `${f.entities.length} entities`}: ${shown}${more}`)
  }
  if (f.kinds?.length) parts.push(f.kinds.map(kindLabel).join(', '))
  if (f.starred) parts.push('starred')
  if (f.tags?.length) parts.push(`${f.tags.length === 1 ? 'tag' : 'tags'} ${f.tags.map((t) => `“${t}”`).join(', ')}`)
  if (f.text?.trim()) parts.push(`text “${f.text.trim()}”`)
  if (f.sources?.length) parts.push(`${f.sources.length} of the case's sources`)
  return parts.length === 0 ? 'All events' : parts.join(' · ')
}

/** The stored kinds a filter asks for (analyst events are not stored as segment events). */
export function storedKinds(f: TimelineFilter): EventKindName[] | undefined {
  return f.kinds?.filter((k): k is EventKindName => k !== 'analyst')
}
