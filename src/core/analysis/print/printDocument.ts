// What the printed timeline holds and how it falls into pages: the input (case, marking, view, events, names,
// sources), the lanes, and the numbered chart, table and sources pages, all decided before anything is drawn.
import type { DirectionName } from '../../store/segment'
import { axisZone } from '../timeline/ticks'
import { TIMELINE_KINDS, type TimelineKind, type TimelineView } from '../timelineFilter'
import { chartWindows, FURNITURE, numberPages, rowsPerPage, splitRows, splitRowsByHeight, type ChartWindow, type Numbered } from './paginate'
import { pageGeometry, type Orientation, type PageGeometry, type PaperSize } from './paper'
import type { GlyphColours } from './glyphs'
import { checkTableSize, tableColumns, tableRowLines, type TableColumns } from './table'

/** One event as the print view needs it (a stored event or an analyst event). */
export interface PrintEvent {
  readonly id: string
  /** UTC ms; null for an undated record (listed in the table, not drawn). */
  readonly at: number | null
  /** The zone the source's wall-clock time was read in (or the zone the analyst typed it in). */
  readonly zone: string
  readonly kind: TimelineKind
  readonly direction: DirectionName
  readonly durationS: number | null
  /** The record's own party (the CDR's target, a payer, a traveller) and the other party; entity keys. */
  readonly a?: string
  readonly b?: string
  readonly text: string
  /** Where the event came from; null for an analyst event. */
  readonly source: { readonly fileName: string; readonly sheet: string; readonly row: number } | null
  readonly starred: boolean
  readonly tags: readonly string[]
  /** The import's flags on the record (FLAG_BITS names): an absurd duration, unknown roles, a date without a time. */
  readonly flags?: readonly string[]
}

export interface PrintSource {
  readonly fileName: string
  readonly sha256: string
  readonly eventCount: number
  /** What the import counted (rows read, imported, warned, rejected, …). */
  readonly counts: Readonly<Record<string, number>>
  readonly importedAt: number | null
}

export interface PrintOptions {
  readonly paper: PaperSize
  readonly orientation: Orientation
  /** e.g. RESTRICTED; printed at the top and bottom of every page. Empty for none. */
  readonly marking: string
  readonly includeTable: boolean
}

export interface PrintInput {
  readonly caseName: string
  readonly caseNumber: string
  readonly view: TimelineView
  /** The one-line filter summary (describeFilter with names). */
  readonly filterSummary: string
  readonly generatedAt: number
  readonly options: PrintOptions
  /** Dated events in time order first, then undated ones. */
  readonly events: readonly PrintEvent[]
  /** Entity key → a name (a subscriber's name beside the number). */
  readonly names: ReadonlyMap<string, string>
  readonly sources: readonly PrintSource[]
  /** The timeline's glyph colours (its light palette: paper is white), so print and screen read the same. */
  readonly glyphColours: GlyphColours
}

export interface Lane {
  /** A kind (types mode), an entity key (entities mode) or OTHER_LANE. */
  readonly key: string
  readonly label: string
  /** A second line (a name beside a number). */
  readonly sublabel: string
}

export const OTHER_LANE = '*other'

export type PageBody =
  | { readonly kind: 'chart'; readonly window: ChartWindow; readonly part: number; readonly parts: number }
  | { readonly kind: 'empty-chart' }
  | { readonly kind: 'table'; readonly rows: readonly [number, number] }
  | { readonly kind: 'sources'; readonly rows: readonly [number, number] }

export type PrintPage = Numbered<PageBody>

export interface PrintDocument {
  readonly geometry: PageGeometry
  readonly lanes: readonly Lane[]
  /** Number of dated events (the chart's); the rest of `events` are undated. */
  readonly dated: number
  readonly pages: readonly PrintPage[]
  /** Entity lanes beyond what a page can hold, folded into "other". */
  readonly foldedLanes: number
  /** The table appendix's column widths and lines per row (1 or 2), when it is printed. */
  readonly table: { readonly columns: TableColumns; readonly lines: Uint8Array } | null
}

/** Lanes never get thinner than this; more lanes than fit are folded into one "other" lane. */
export const MIN_LANE_PX = 22
/** Width of the lane label column. */
export const LANE_LABEL_PX = 170
/** Glyph spacing the chart pages aim for: a page holds about one event per this many pixels of time axis. */
const PX_PER_EVENT = 5
/** More pages than this and pages hold more events instead: a printout is read, not weighed. */
export const MAX_CHART_PAGES = 200

/** The name of an entity, if known, for a label beside its value. */
export function entityName(names: ReadonlyMap<string, string>, key: string | undefined): string {
  return key === undefined ? '' : (names.get(key) ?? '')
}

/** Height of a chart page's body (below the header, above the footer). */
export function bodyHeight(g: PageGeometry): number {
  return g.contentHeightPx - FURNITURE.header - FURNITURE.footer
}

/** Height available to lanes on a chart page. */
export function lanesHeight(g: PageGeometry): number {
  return bodyHeight(g) - FURNITURE.chartMarkers - FURNITURE.axis - FURNITURE.legend
}

function entityLabel(key: string): string {
  const i = key.indexOf(':')
  return i < 0 ? key : key.slice(i + 1)
}

/** Lanes in the order the analyst asked for: kinds (in the app's kind order) or entities (then "other"). */
export function chooseLanes(input: PrintInput, maxLanes: number): { lanes: Lane[]; folded: number } {
  const { view, events, names } = input
  if (view.lanes === 'types') {
    const present = new Set(events.filter((e) => e.at !== null).map((e) => e.kind))
    const kinds = TIMELINE_KINDS.filter((k) => present.has(k) || (view.filter.kinds?.includes(k) ?? false))
    return { lanes: kinds.map((k) => ({ key: k, label: k, sublabel: '' })), folded: 0 }
  }
  let keys = [...(view.laneKeys.length > 0 ? view.laneKeys : (view.filter.entities ?? []))]
  if (keys.length === 0) {
    // Entity lanes without a choice: the most frequent parties.
    const freq = new Map<string, number>()
    for (const e of events) for (const k of [e.a, e.b]) if (k) freq.set(k, (freq.get(k) ?? 0) + 1)
    keys = [...freq.entries()].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).slice(0, 8).map(([k]) => k)
  }
  keys = [...new Set(keys)]
  const room = Math.max(1, maxLanes - 1)
  const folded = Math.max(0, keys.length - room)
  const shown = keys.slice(0, room)
  const lanes: Lane[] = shown.map((k) => ({ key: k, label: entityLabel(k), sublabel: entityName(names, k) }))
  const laneSet = new Set(shown)
  const needOther = folded > 0 || events.some((e) => e.at !== null && !(e.a && laneSet.has(e.a)) && !(e.b && laneSet.has(e.b)))
  if (needOther) lanes.push({ key: OTHER_LANE, label: 'other', sublabel: folded > 0 ? `and ${folded} more entities` : 'not in the lanes above' })
  return { lanes, folded }
}

/** Lays the whole printout out: which events go on which chart page, the appendix pages, and every page's number. */
export function layoutPrintDocument(input: PrintInput): PrintDocument {
  const g = pageGeometry(input.options.paper, input.options.orientation)
  const body = bodyHeight(g)
  const { lanes, folded } = chooseLanes(input, Math.floor(lanesHeight(g) / MIN_LANE_PX))

  let dated = 0
  while (dated < input.events.length && input.events[dated]!.at !== null) dated++
  for (let i = dated; i < input.events.length; i++) if (input.events[i]!.at !== null) throw new Error('layoutPrintDocument: dated events must come first')
  const times = input.events.slice(0, dated).map((e) => e.at!)
  const axisPx = g.contentWidthPx - LANE_LABEL_PX
  const windows = chartWindows(times, { perPage: Math.floor(axisPx / PX_PER_EVENT), zone: axisZone(input.view.zone), maxPages: MAX_CHART_PAGES })
  const chart: PageBody[] =
    windows.length === 0 ? [{ kind: 'empty-chart' }] : windows.map((window, i) => ({ kind: 'chart', window, part: i + 1, parts: windows.length }))

  const sections: PageBody[][] = [chart]
  let table: PrintDocument['table'] = null
  if (input.options.includeTable) {
    // The caller checks the size first and offers the analyst a choice; a layout past the limit is a bug.
    const check = checkTableSize(input.events.length, true)
    if (!check.ok) throw new Error(`layoutPrintDocument: ${check.message}`)
    const columns = tableColumns(g, input.view.zone)
    const lines = tableRowLines(input, columns)
    const rowsPx = body - FURNITURE.sectionTitle - FURNITURE.tableHead - FURNITURE.chartMarkers
    const px = (i: number): number => (lines[i] === 2 ? FURNITURE.tableRow2 : FURNITURE.tableRow)
    sections.push(splitRowsByHeight(input.events.length, rowsPx, px).map((rows) => ({ kind: 'table', rows })))
    table = { columns, lines }
  }
  const perSource = rowsPerPage(body - FURNITURE.sectionTitle, FURNITURE.tableHead, FURNITURE.sourceRow)
  sections.push(splitRows(input.sources.length, perSource).map((rows) => ({ kind: 'sources', rows })))
  return { geometry: g, lanes, dated, pages: numberPages(sections), foldedLanes: folded, table }
}
