// Draws the laid-out printout as markup: each page as an HTML block of fixed size (header, chart SVG or appendix
// table, footer), the chart alone as an SVG document, and the whole view as one self-contained HTML file. All text
// passes through esc(); nothing here references a URL, so the markup prints and saves the same anywhere.
import { GLYPH_KINDS, GLYPH_LABELS, type GlyphKind } from '../timeline/lanes'
import { computeTicks } from '../timeline/ticks'
import { makeScale, timeToX, type TimeScale } from '../timeline/scale'
import { kindLabel, zoneLabel, TIMELINE_KINDS, type TimelineKind } from '../timelineFilter'
import { esc, formatGeneratedAt, formatUtc } from './format'
import { glyphKindOf, glyphSvg } from './glyphs'
import { FURNITURE, type ChartWindow } from './paginate'
import {
  bodyHeight,
  LANE_LABEL_PX,
  OTHER_LANE,
  type Lane,
  type PrintDocument,
  type PrintEvent,
  type PrintInput,
  type PrintPage
} from './printDocument'
import { tableMarkup } from './table'

const fmt = (n: number): string => (Math.round(n * 10) / 10).toString()

function laneTitle(lane: Lane): string {
  if (lane.key === OTHER_LANE) return lane.label
  if ((TIMELINE_KINDS as readonly string[]).includes(lane.key)) {
    const l = kindLabel(lane.key as TimelineKind)
    return l.charAt(0).toUpperCase() + l.slice(1)
  }
  return lane.label
}

export interface ChartSvgOptions {
  readonly width: number
  readonly height: number
  /** Include a legend strip at the bottom. */
  readonly legend: boolean
}

/** The glyphs drawn anywhere in the document, in the screen legend's order. */
function glyphsDrawn(doc: PrintDocument, input: PrintInput): GlyphKind[] {
  const present = new Set<GlyphKind>()
  for (let i = 0; i < doc.dated; i++) present.add(glyphKindOf(input.events[i]!.kind, input.events[i]!.direction))
  return GLYPH_KINDS.filter((k) => present.has(k))
}

/** Estimated width of a legend label at 10 px (never measured: the legend is laid out as a string). */
const labelPx = (s: string): number => s.length * 5.6

/** The legend: the screen's glyphs and labels for what this printout draws, and how to read bars and links. */
function legendSvg(doc: PrintDocument, input: PrintInput, y: number, width: number): string {
  const parts: string[] = [`<g class="wmp-legend" font-size="10">`, `<line x1="0" x2="${width}" y1="${y + 3}" y2="${y + 3}" stroke="#d0d7de"/>`]
  let x = 4
  const row = y + 16
  for (const k of glyphsDrawn(doc, input)) {
    parts.push(glyphSvg(k, x + 5, row - 3.5, input.glyphColours))
    const label = GLYPH_LABELS[k]
    parts.push(`<text x="${x + 14}" y="${row}">${esc(label)}</text>`)
    x += 26 + labelPx(label)
  }
  const notes = ['bar after a call = its duration', ...(input.view.lanes === 'entities' ? ['vertical line = event between two lanes (drawn in both)'] : [])]
  parts.push(`<text x="4" y="${row + 13}" fill="#57606a">${esc(notes.join(' · '))}</text>`)
  parts.push('</g>')
  return parts.join('')
}

/**
 * The lanes an event's glyph sits in, as on the screen: its kind's lane (types mode), or every lane whose entity is a
 * party (entities mode; two lanes are joined by a link), else the "other" lane.
 */
function laneIndex(doc: PrintDocument, input: PrintInput): (e: PrintEvent) => { a: number; b: number } {
  const idx = new Map(doc.lanes.map((l, i) => [l.key, i]))
  const other = idx.get(OTHER_LANE) ?? -1
  if (input.view.lanes === 'types') return (e) => ({ a: idx.get(e.kind) ?? other, b: -1 })
  return (e) => {
    const la = e.a !== undefined ? idx.get(e.a) : undefined
    const lb = e.b !== undefined ? idx.get(e.b) : undefined
    if (la !== undefined && lb !== undefined && la !== lb) return { a: la, b: lb }
    return { a: la ?? lb ?? other, b: -1 }
  }
}

/**
 * One chart window as SVG: the time axis (naming its zone), lanes with labels, one glyph per event (stacked within a
 * lane where glyphs would overlap), call durations as bars, links between entity lanes, and optionally the legend.
 */
export function chartSvg(doc: PrintDocument, input: PrintInput, w: ChartWindow, o: ChartSvgOptions): string {
  const axisH = FURNITURE.axis
  const legendH = o.legend ? FURNITURE.legend : 0
  const lanesH = o.height - axisH - legendH
  const laneH = doc.lanes.length > 0 ? Math.min(140, lanesH / doc.lanes.length) : lanesH
  const plotW = o.width - LANE_LABEL_PX
  const scale: TimeScale = makeScale(w.start, w.stop, plotW)
  const X = (t: number): number => LANE_LABEL_PX + timeToX(scale, t)
  const ticks = computeTicks(scale.start, scale.end, plotW, input.view.zone, 84)
  const out: string[] = []
  out.push(`<g class="wmp-axis" font-size="10">`)
  out.push(`<text x="4" y="14" font-weight="600">Times in</text><text x="4" y="28" fill="#1f2328">${esc(ticks.zoneLabel)}</text>`)
  const lanesBottom = axisH + laneH * doc.lanes.length
  for (let i = 0; i < doc.lanes.length; i++) {
    const y = axisH + i * laneH
    if (i % 2 === 0) out.push(`<rect x="${LANE_LABEL_PX}" y="${fmt(y)}" width="${fmt(plotW)}" height="${fmt(laneH)}" fill="#f3f5f7"/>`)
  }
  for (const t of ticks.minor) {
    const x = X(t.at)
    if (x < LANE_LABEL_PX || x > o.width) continue
    out.push(`<line x1="${fmt(x)}" x2="${fmt(x)}" y1="${axisH - 8}" y2="${fmt(lanesBottom)}" stroke="#d8dee4" stroke-width="0.6"/>`)
    if (x < o.width - 24) out.push(`<text x="${fmt(x + 2)}" y="${axisH - 10}" fill="#3d444d">${esc(t.label)}</text>`)
  }
  const majors = ticks.major.filter((t) => X(t.at) >= LANE_LABEL_PX && X(t.at) <= o.width)
  if (majors.length === 0 || X(majors[0]!.at) > LANE_LABEL_PX + 120) out.push(`<text x="${LANE_LABEL_PX + 2}" y="14" font-weight="600">${esc(ticks.context)}</text>`)
  for (const t of majors) {
    const x = X(t.at)
    out.push(`<line x1="${fmt(x)}" x2="${fmt(x)}" y1="2" y2="${fmt(lanesBottom)}" stroke="#8c959f" stroke-width="0.9"/>`)
    if (x < o.width - 40) out.push(`<text x="${fmt(x + 3)}" y="14" font-weight="600">${esc(t.label)}</text>`)
  }
  out.push(`<line x1="${LANE_LABEL_PX}" x2="${o.width}" y1="${axisH}" y2="${axisH}" stroke="#57606a"/>`)
  out.push('</g>')

  out.push(`<g class="wmp-lanes">`)
  doc.lanes.forEach((lane, i) => {
    const y = axisH + i * laneH
    const mid = y + laneH / 2
    const two = lane.sublabel !== '' && laneH >= 26
    out.push(`<line x1="0" x2="${o.width}" y1="${fmt(y + laneH)}" y2="${fmt(y + laneH)}" stroke="#d0d7de" stroke-width="0.6"/>`)
    out.push(`<text x="4" y="${fmt(two ? mid - 2 : mid + 4)}" font-size="11" font-weight="600">${esc(laneTitle(lane))}</text>`)
    if (two) out.push(`<text x="4" y="${fmt(mid + 11)}" font-size="10" fill="#3d444d">${esc(lane.sublabel)}</text>`)
  })
  out.push(`<line x1="${LANE_LABEL_PX}" x2="${LANE_LABEL_PX}" y1="${axisH}" y2="${fmt(lanesBottom)}" stroke="#57606a"/>`)
  out.push('</g>')

  // Glyphs stack in sub-rows of a lane where they would overlap; the last sub-row takes what does not fit.
  const subRows = Math.max(1, Math.floor((laneH - 6) / 9))
  const lastX: number[][] = doc.lanes.map(() => new Array<number>(subRows).fill(-Infinity))
  const place = (lane: number, x: number): number => {
    const rows = lastX[lane]!
    let r = rows.findIndex((lx) => lx <= x - 8)
    if (r < 0) r = rows.indexOf(Math.min(...rows))
    rows[r] = x
    const top = axisH + lane * laneH + laneH / 2 - ((subRows - 1) * 9) / 2
    return top + r * 9
  }
  const lanesOf = laneIndex(doc, input)
  const links: string[] = []
  const bars: string[] = []
  const marks: string[] = []
  const pxPerMs = plotW / (scale.end - scale.start)
  const laneMid = (lane: number): number => axisH + lane * laneH + laneH / 2
  for (let i = w.first; i < w.end; i++) {
    const e = input.events[i]!
    const x = X(e.at!)
    const { a, b } = lanesOf(e)
    if (a < 0) continue
    const g = glyphKindOf(e.kind, e.direction)
    const colour = input.glyphColours[g]
    const ya = place(a, x)
    if (b >= 0) {
      const yb = place(b, x)
      links.push(`<line x1="${fmt(x)}" x2="${fmt(x)}" y1="${fmt(laneMid(a))}" y2="${fmt(laneMid(b))}" stroke="${colour}" stroke-width="0.8" stroke-opacity="0.5"/>`)
      marks.push(glyphSvg(g, x, yb, input.glyphColours))
    }
    // A duration the import flagged as implausible is printed in the table as recorded, but not drawn as a bar.
    if (e.kind === 'call' && e.durationS !== null && e.durationS > 0 && !e.flags?.some((f) => f === 'absurd-duration' || f === 'negative-duration')) {
      const len = e.durationS * 1000 * pxPerMs
      if (len >= 1) bars.push(`<rect x="${fmt(x)}" y="${fmt(ya - 2)}" width="${fmt(Math.min(len, o.width - x))}" height="4" fill="${colour}" fill-opacity="0.45"/>`)
    }
    marks.push(glyphSvg(g, x, ya, input.glyphColours))
    if (e.starred) marks.push(`<text x="${fmt(x)}" y="${fmt(ya - 5)}" font-size="8" text-anchor="middle" fill="#9a6700">★</text>`)
  }
  out.push(`<g class="wmp-links">${links.join('')}</g><g class="wmp-bars">${bars.join('')}</g><g class="wmp-glyphs">${marks.join('')}</g>`)
  if (o.legend) out.push(legendSvg(doc, input, o.height - legendH, o.width))
  const body = out.join('')
  return `<svg xmlns="http://www.w3.org/2000/svg" class="wmp-chart" width="${o.width}" height="${fmt(o.height)}" viewBox="0 0 ${o.width} ${fmt(o.height)}" font-family="${SVG_FONT}" role="img" aria-label="Timeline chart">${body}</svg>`
}

/** The font stack (bundled Noto faces first) written into SVG so it renders the same outside the page. */
export const SVG_FONT = "'Noto Sans', 'Noto Sans Thai', 'Noto Sans Lao', 'Noto Sans Khmer', 'Noto Sans Myanmar', 'Noto Sans Bengali', sans-serif"

const COUNT_LABELS: Readonly<Record<string, string>> = {
  read: 'rows read',
  ok: 'imported',
  warned: 'with warnings',
  rejected: 'rejected',
  entityRecords: 'entity records'
}

function countsText(counts: Readonly<Record<string, number>>): string {
  const parts = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${COUNT_LABELS[k] ?? k} ${n.toLocaleString('en-GB')}`)
  return parts.join(', ')
}

function sourcesBody(input: PrintInput, rows: readonly [number, number]): string {
  const head = '<tr><th class="wmp-c-f">File</th><th class="wmp-c-h">SHA-256</th><th class="wmp-c-e">Events</th><th>Import counts</th><th class="wmp-c-i">Imported</th></tr>'
  const list = input.sources.slice(rows[0], rows[1])
  const body =
    list.length === 0
      ? '<tr><td colspan="5">The case has no imported sources.</td></tr>'
      : list
          .map(
            (s) =>
              `<tr><td>${esc(s.fileName)}</td><td class="wmp-hash">${esc(s.sha256.slice(0, 32))}<br/>${esc(s.sha256.slice(32))}</td><td class="wmp-num">${s.eventCount.toLocaleString('en-GB')}</td>` +
              `<td>${esc(countsText(s.counts))}</td><td>${s.importedAt === null ? '' : esc(formatUtc(s.importedAt))}</td></tr>`
          )
          .join('')
  return `<table class="wmp-table wmp-sources"><thead>${head}</thead><tbody>${body}</tbody></table>`
}

function markers(page: PrintPage, what: string): string {
  const left = page.continuedFrom !== null ? `◀ ${what} continued from page ${page.continuedFrom}` : ''
  const right = page.continuesOn !== null ? `continues on page ${page.continuesOn} ▶` : ''
  return `<div class="wmp-markers"><span data-marker="from">${esc(left)}</span><span data-marker="on">${esc(right)}</span></div>`
}

function chartPageBody(doc: PrintDocument, input: PrintInput, page: PrintPage): string {
  const b = page.body
  const h = bodyHeight(doc.geometry) - FURNITURE.chartMarkers
  if (b.kind === 'empty-chart') {
    return `${markers(page, 'Chart')}<div class="wmp-empty" style="height:${h}px">No dated events match the filter.</div>`
  }
  if (b.kind !== 'chart') throw new Error('chartPageBody: not a chart page')
  const undated = input.events.length - doc.dated
  const note =
    undated > 0 && b.part === 1
      ? `<div class="wmp-note">${undated.toLocaleString('en-GB')} undated ${undated === 1 ? 'record is' : 'records are'} not on the chart${input.options.includeTable ? ' (listed at the end of the table appendix)' : ' (include the table appendix to list them)'}.</div>`
      : ''
  const count = b.window.end - b.window.first
  const info = `<div class="wmp-part">Chart part ${b.part} of ${b.parts} · ${count.toLocaleString('en-GB')} ${count === 1 ? 'event' : 'events'}</div>`
  const svg = chartSvg(doc, input, b.window, { width: doc.geometry.contentWidthPx, height: h - (note ? 16 : 0), legend: true })
  return `${markers(page, 'Chart')}${info}${note}${svg}`
}

function titled(title: string, inner: string): string {
  return `<h2 class="wmp-section">${esc(title)}</h2>${inner}`
}

/** The furniture every page carries: marking (top and bottom), case, page X of Y, zone, filter, generated-at. */
export function renderPage(doc: PrintDocument, input: PrintInput, page: PrintPage): string {
  const g = doc.geometry
  const mark = input.options.marking.trim()
  const pageNo = `page ${page.number} of ${page.total}`
  const caseLine = `${esc(input.caseName)}${input.caseNumber ? ` <span class="wmp-caseno">· ${esc(input.caseNumber)}</span>` : ''}`
  const head =
    `<header class="wmp-head" style="height:${FURNITURE.header}px">` +
    `<div class="wmp-mark">${esc(mark)}</div>` +
    `<div class="wmp-title"><span class="wmp-case">${caseLine}</span><span class="wmp-pageno">${esc(pageNo)}</span></div>` +
    `<div class="wmp-meta"><span><b>Times:</b> ${esc(zoneLabel(input.view.zone))}</span> <span><b>Filter:</b> ${esc(input.filterSummary)}</span> <span><b>Generated:</b> ${esc(formatGeneratedAt(input.generatedAt, input.view.zone))}</span></div>` +
    `</header>`
  const foot =
    `<footer class="wmp-foot" style="height:${FURNITURE.footer}px"><span class="wmp-foot-l">Waymark case timeline · ${esc(input.caseName)}</span>` +
    `<span class="wmp-mark">${esc(mark)}</span><span class="wmp-foot-r">${esc(pageNo)}</span></footer>`
  let body: string
  switch (page.body.kind) {
    case 'chart':
    case 'empty-chart':
      body = chartPageBody(doc, input, page)
      break
    case 'table':
      if (!doc.table) throw new Error('renderPage: a table page in a document laid out without the table')
      body = titled(page.continuedFrom !== null ? `Chronological table (continued from page ${page.continuedFrom})` : 'Chronological table', tableMarkup(input, doc.table.columns, doc.table.lines, page.body.rows)) + markers(page, 'Table')
      break
    case 'sources':
      body = titled(page.continuedFrom !== null ? `Sources (continued from page ${page.continuedFrom})` : 'Sources', sourcesBody(input, page.body.rows)) + markers(page, 'Sources')
      break
  }
  return (
    `<section class="wmp-page" data-page="${page.number}" style="width:${g.widthPx}px;height:${g.heightPx}px;padding:${g.marginPx}px">` +
    `${head}<div class="wmp-body" style="height:${bodyHeight(g)}px">${body}</div>${foot}</section>`
  )
}

export function renderPages(doc: PrintDocument, input: PrintInput): string {
  return doc.pages.map((p) => renderPage(doc, input, p)).join('')
}

/** The `@page` rule for the chosen sheet: explicit size, no margins (each page block draws its own). */
export function pageCss(doc: PrintDocument): string {
  return `@page { size: ${doc.geometry.cssSize}; margin: 0; }`
}

/**
 * The chart alone as one SVG document (for "Export chart as SVG/PNG"): a title block, then each chart part one below
 * the other at the page width, with the legend at the end. `fontCss` (optional @font-face rules with data: URLs)
 * makes the names render where the bundled fonts are not installed.
 */
export function chartSvgDocument(doc: PrintDocument, input: PrintInput, fontCss = ''): string {
  const width = doc.geometry.contentWidthPx
  const partH = Math.max(160, FURNITURE.axis + Math.max(1, doc.lanes.length) * 34)
  const windows = doc.pages.flatMap((p) => (p.body.kind === 'chart' ? [p.body] : []))
  const mark = input.options.marking.trim()
  const out: string[] = []
  out.push(`<text x="${width / 2}" y="14" font-size="12" font-weight="700" text-anchor="middle" fill="#a40e26">${esc(mark)}</text>`)
  out.push(`<text x="0" y="34" font-size="15" font-weight="700">${esc(input.caseName)}${input.caseNumber ? ` · ${esc(input.caseNumber)}` : ''}</text>`)
  out.push(`<text x="0" y="52" font-size="10">${esc(`Times: ${zoneLabel(input.view.zone)} · Filter: ${input.filterSummary} · Generated: ${formatGeneratedAt(input.generatedAt, input.view.zone)}`)}</text>`)
  let y = 64
  if (windows.length === 0) {
    out.push(`<text x="0" y="${y + 20}" font-size="12">No dated events match the filter.</text>`)
    y += 40
  }
  for (const b of windows) {
    out.push(`<text x="0" y="${y + 12}" font-size="10" font-weight="600">Part ${b.part} of ${b.parts}</text>`)
    const inner = chartSvg(doc, input, b.window, { width, height: partH, legend: false })
    out.push(`<svg x="0" y="${y + 16}" width="${width}" height="${partH}">${inner.replace(/^<svg[^>]*>/, '').replace(/<\/svg>$/, '')}</svg>`)
    y += partH + 22
  }
  out.push(legendSvg(doc, input, y, width))
  y += FURNITURE.legend + 4
  out.push(`<text x="${width / 2}" y="${y + 4}" font-size="12" font-weight="700" text-anchor="middle" fill="#a40e26">${esc(mark)}</text>`)
  y += 12
  const style = `<style>${fontCss}text{font-family:${SVG_FONT}}text:not([fill]){fill:#1f2328}</style>`
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${y}" viewBox="0 0 ${width} ${y}" font-family="${SVG_FONT}"><rect width="100%" height="100%" fill="#ffffff"/>${style}${out.join('')}</svg>`
}

/**
 * The whole printout as one self-contained HTML file: the page CSS inline, the charts as inline SVG, no scripts and no
 * external references, so it opens the same on any machine and nothing in it can reach the network.
 */
export function standaloneHtml(doc: PrintDocument, input: PrintInput, css: string, fontCss = ''): string {
  const title = `${input.caseName}${input.caseNumber ? ` (${input.caseNumber})` : ''} — timeline`
  const safeCss = `${fontCss}\n${css}\n${pageCss(doc)}`.replace(/<\/style/gi, '<\\/style')
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"/>` +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"/>` +
    `<title>${esc(title)}</title><style>${safeCss}</style></head>` +
    `<body class="wmp-standalone"><div class="wmp-root">${renderPages(doc, input)}</div></body></html>`
  )
}
