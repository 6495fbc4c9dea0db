// The chronological table appendix: its columns, which rows take two lines, the most rows it will print, and its
// markup as plain strings (one fixed-layout table per page, nothing measured in the page).
import type { DisplayZone } from '../timelineFilter'
import { zoneLabel } from '../timelineFilter'
import { directionLabel, esc, formatDuration, formatEventTime, kindSingular } from './format'
import type { PageGeometry } from './paper'
import type { PrintEvent, PrintInput } from './printDocument'

/**
 * The most events the table appendix lists. Above this the printout is hundreds of pages that take minutes to make
 * and nobody reads; the print view says so and offers a narrower filter or the chart alone, never a cut table.
 */
export const TABLE_ROW_LIMIT = 20_000

export type TableCheck = { readonly ok: true } | { readonly ok: false; readonly rows: number; readonly limit: number; readonly message: string; readonly action: string }

/** Whether a table appendix of `rows` events will be printed, and if not, what to tell the analyst. */
export function checkTableSize(rows: number, includeTable: boolean, limit = TABLE_ROW_LIMIT): TableCheck {
  if (!includeTable || rows <= limit) return { ok: true }
  return {
    ok: false,
    rows,
    limit,
    message: `The filter matches ${rows.toLocaleString('en-GB')} events: the table appendix lists at most ${limit.toLocaleString('en-GB')}.`,
    action: 'Narrow the filter (a date range, fewer entities or kinds) to print the table, or print the chart and sources without the table.'
  }
}

/**
 * Average advance of a character of the table's 9.5 px Noto Sans (digits are 5.4 px) and of a name's 9 px face, for
 * estimating, never measuring: generous, so an estimate errs towards a second line, never towards a cut name.
 */
const CHAR_PX = 5.5
const NAME_CHAR_PX = 5

/** Column widths (CSS px) of the table on this sheet; the details column takes what the others leave. */
export interface TableColumns {
  readonly n: number
  readonly time: number
  readonly kind: number
  readonly party: number
  readonly duration: number
  readonly detail: number
  readonly file: number
  readonly row: number
}

export function tableColumns(g: PageGeometry, zone: DisplayZone): TableColumns {
  const wide = g.contentWidthPx >= 900
  // In source time the zone name follows the offset in the time cell.
  const time = zone === 'source' ? (wide ? 226 : 196) : 140
  const fixed = wide ? { n: 34, time, kind: 84, party: 196, duration: 46, file: 150, row: 40 } : { n: 30, time, kind: 64, party: 124, duration: 44, file: 100, row: 36 }
  const used = fixed.n + fixed.time + fixed.kind + 2 * fixed.party + fixed.duration + fixed.file + fixed.row
  return { ...fixed, detail: Math.max(40, g.contentWidthPx - used) }
}

/** The party who started an event: the other side for an incoming record. */
export function initiator(e: PrintEvent): { from: string | undefined; to: string | undefined } {
  return e.direction === 'incoming' ? { from: e.b, to: e.a } : { from: e.a, to: e.b }
}

/** What a reader must know about a record beside its values (the import's flags), in words. */
const FLAG_NOTES: Readonly<Record<string, string>> = {
  'absurd-duration': '⚠ implausible duration, as recorded',
  'negative-duration': '⚠ negative duration, as recorded',
  'roles-unknown': '⚠ caller and receiver unknown',
  'coarse-time': '⚠ date only, no time of day',
  'ambiguous-resolved': 'ambiguous date, resolved',
  'imei-invalid': 'IMEI fails its check digit',
  forwarded: 'forwarded'
}

function detailText(e: PrintEvent): string {
  const notes = (e.flags ?? []).map((f) => FLAG_NOTES[f] ?? '')
  return [...notes, e.text, e.tags.length ? `tags: ${e.tags.join(', ')}` : ''].filter(Boolean).join(' · ')
}

const valueOf = (key: string): string => {
  const i = key.indexOf(':')
  return i < 0 ? key : key.slice(i + 1)
}

/** Estimated width (px) of text at the table's sizes: combining marks (Bengali, Thai vowel signs) add no width. */
function textPx(text: string, perChar: number): number {
  return text.replace(/\p{M}/gu, '').length * perChar
}

/** Whether a party's number and name fit one line of its column (the name is in the smaller 9 px face). */
function partyFits(key: string | undefined, names: ReadonlyMap<string, string>, px: number): boolean {
  if (key === undefined) return true
  const name = names.get(key)
  return name === undefined || textPx(valueOf(key), CHAR_PX) + 4 + textPx(name, NAME_CHAR_PX) <= px
}

/**
 * Lines each row takes: two when a party's name does not fit beside its number (it goes under it) or the details do
 * not fit one line (they wrap to a second), else one. Estimated from character counts, so pagination needs no page
 * to measure anything.
 */
export function tableRowLines(input: PrintInput, cols: TableColumns): Uint8Array {
  const out = new Uint8Array(input.events.length)
  const room = cols.party - 8
  input.events.forEach((e, i) => {
    const one = partyFits(e.a, input.names, room) && partyFits(e.b, input.names, room) && textPx(detailText(e), CHAR_PX) <= cols.detail - 8
    out[i] = one ? 1 : 2
  })
  return out
}

function partyCell(key: string | undefined, names: ReadonlyMap<string, string>, two: boolean): string {
  if (!key) return '<td></td>'
  const value = esc(valueOf(key))
  const name = names.get(key)
  if (!name) return `<td>${value}</td>`
  // The box keeps a name in a taller script (Bengali, Myanmar) from growing the row past what pagination counted.
  return two ? `<td><div class="wmp-2l">${value}<br><span class="wmp-l2">${esc(name)}</span></div></td>` : `<td>${value} <span class="wmp-l2">${esc(name)}</span></td>`
}

/** The file, and its sheet when it has one of its own (a CSV's only "sheet" is the file itself). */
function fileCell(e: PrintEvent): string {
  if (!e.source) return 'analyst entry'
  const { fileName, sheet } = e.source
  const base = fileName.replace(/\.[^.]*$/, '')
  return esc(sheet && sheet !== base && sheet !== fileName ? `${fileName} › ${sheet}` : fileName)
}

function rows(input: PrintInput, lines: Uint8Array, start: number, end: number): string {
  const out: string[] = []
  const source = input.view.zone === 'source'
  for (let i = start; i < end; i++) {
    const e = input.events[i]!
    const two = lines[i] === 2
    const { from, to } = initiator(e)
    const time =
      e.at === null
        ? '<span class="wmp-muted">no date</span>'
        : `${esc(formatEventTime(e.at, input.view.zone, e.zone))}${source && e.zone ? ` <span class="wmp-muted">${esc(e.zone)}</span>` : ''}`
    const dir = directionLabel(e.direction)
    const kind = `${esc(kindSingular(e.kind))}${dir ? ` <span class="wmp-muted">${esc(dir)}</span>` : ''}${e.starred ? ' ★' : ''}`
    const detail = esc(detailText(e))
    out.push(
      `<tr${two ? ' class="wmp-2"' : ''}><td class="wmp-num">${i + 1}</td><td>${time}</td><td>${kind}</td>` +
        `${partyCell(from, input.names, two)}${partyCell(to, input.names, two)}<td class="wmp-num">${esc(formatDuration(e.durationS))}</td>` +
        `<td>${two && detail ? `<div class="wmp-2l wmp-wrap">${detail}</div>` : detail}</td><td>${fileCell(e)}</td><td class="wmp-num">${e.source ? e.source.row : ''}</td></tr>`
    )
  }
  return out.join('')
}

/** One page of the table: fixed column widths (so no cell is measured against another), rows [start, end). */
export function tableMarkup(input: PrintInput, cols: TableColumns, lines: Uint8Array, range: readonly [number, number]): string {
  const zoneHead = input.view.zone === 'source' ? "source's local time" : zoneLabel(input.view.zone)
  const widths = [cols.n, cols.time, cols.kind, cols.party, cols.party, cols.duration, cols.detail, cols.file, cols.row]
  const colgroup = `<colgroup>${widths.map((w) => `<col style="width:${w}px">`).join('')}</colgroup>`
  const head =
    `<tr><th class="wmp-num">#</th><th>Time (${esc(zoneHead)})</th><th>Kind</th><th>Party (from)</th><th>Other party (to)</th>` +
    `<th class="wmp-num">Duration</th><th>Details</th><th>Source file</th><th class="wmp-num">Row</th></tr>`
  const body = range[1] > range[0] ? rows(input, lines, range[0], range[1]) : '<tr><td colspan="9">No events match the filter.</td></tr>'
  return `<table class="wmp-table wmp-events">${colgroup}<thead>${head}</thead><tbody>${body}</tbody></table>`
}
