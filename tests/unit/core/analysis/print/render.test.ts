// The printed timeline's layout and markup: every page carries the furniture, the appendices hold every event and
// source, names print as text, and the exports reference nothing outside themselves.
import { describe, expect, it } from 'vitest'
import type { PrintEvent, PrintInput, PrintOptions } from '../../../../../src/core/analysis/print/printDocument'
import { layoutPrintDocument, OTHER_LANE } from '../../../../../src/core/analysis/print/printDocument'
import { cleanMarking, exportFileName, printOptionsFromParams, printRouteParams } from '../../../../../src/core/analysis/print/printParams'
import { chartSvgDocument, renderPage, renderPages, standaloneHtml } from '../../../../../src/core/analysis/print/render'
import { formatDuration, formatEventTime } from '../../../../../src/core/analysis/print/format'
import { DEFAULT_VIEW, paramsToView, type TimelineView } from '../../../../../src/core/analysis/timelineFilter'
import { GLYPH_LABELS } from '../../../../../src/core/analysis/timeline/lanes'
import { checkTableSize, TABLE_ROW_LIMIT } from '../../../../../src/core/analysis/print/table'
import { FURNITURE } from '../../../../../src/core/analysis/print/paginate'
import { bodyHeight } from '../../../../../src/core/analysis/print/printDocument'
// The screen's own palette: the printed glyphs must carry the interactive chart's colours.
import { GLYPH_COLORS } from '../../../../../src/renderer/src/features/timeline/chartDraw'

const T0 = Date.UTC(2024, 1, 5, 2)
const TARGET = 'phone:+8801745715037'
const OTHER = 'phone:+60123456789'
const SHA = 'ab'.repeat(32)

function call(i: number, at: number | null, over: Partial<PrintEvent> = {}): PrintEvent {
  return {
    id: `${SHA}::${i + 2}`,
    at,
    zone: 'Asia/Dhaka',
    kind: 'call',
    direction: i % 2 === 0 ? 'outgoing' : 'incoming',
    durationS: 65,
    a: TARGET,
    b: OTHER,
    text: '',
    source: { fileName: 'bd-operator-cdr.csv', sheet: '', row: i + 2 },
    starred: false,
    tags: [],
    ...over
  }
}

function input(events: PrintEvent[], options: Partial<PrintOptions> = {}, view: TimelineView = DEFAULT_VIEW): PrintInput {
  return {
    caseName: 'Operation <Kestrel> & co',
    caseNumber: 'CID-2024/117',
    view,
    filterSummary: 'All events',
    generatedAt: Date.UTC(2024, 3, 1, 9, 30),
    options: { paper: 'A4', orientation: 'landscape', marking: 'RESTRICTED', includeTable: true, ...options },
    events,
    names: new Map([[TARGET, 'নুরুল আলম সিকদার']]),
    sources: [{ fileName: 'bd-operator-cdr.csv', sha256: SHA, eventCount: events.length, counts: { read: events.length + 1, ok: events.length, rejected: 1 }, importedAt: Date.UTC(2024, 3, 1) }],
    glyphColours: GLYPH_COLORS.light
  }
}

/** `n` calls, `perDay` a day in daytime. */
function calls(n: number, perDay = 60): PrintEvent[] {
  return Array.from({ length: n }, (_, i) => call(i, T0 + Math.floor(i / perDay) * 86_400_000 + (i % perDay) * 600_000))
}

/** The text a page shows (tags stripped, entities decoded), roughly as pdftotext would read it. */
function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
}

describe('layoutPrintDocument', () => {
  it('numbers chart, table and sources pages X of Y, and every event is on a chart page and a table row', () => {
    const events = [...calls(900), call(900, null, { kind: 'transfer', source: { fileName: 'transfers.csv', sheet: '', row: 9 } })]
    const inp = input(events)
    const doc = layoutPrintDocument(inp)
    const kinds = doc.pages.map((p) => p.body.kind)
    expect(kinds[0]).toBe('chart')
    expect(kinds[kinds.length - 1]).toBe('sources')
    expect(kinds.indexOf('table')).toBeGreaterThan(kinds.lastIndexOf('chart'))
    doc.pages.forEach((p, i) => {
      expect(p.number).toBe(i + 1)
      expect(p.total).toBe(doc.pages.length)
    })
    const charted = doc.pages.reduce((n, p) => n + (p.body.kind === 'chart' ? p.body.window.end - p.body.window.first : 0), 0)
    expect(charted).toBe(900)
    expect(doc.dated).toBe(900)
    const tabled = doc.pages.reduce((n, p) => n + (p.body.kind === 'table' ? p.body.rows[1] - p.body.rows[0] : 0), 0)
    expect(tabled).toBe(901)
  })

  it('uses more pages on smaller paper and leaves the table out when not asked for', () => {
    const events = calls(1500)
    const a3 = layoutPrintDocument(input(events, { paper: 'A3' })).pages.length
    const a4 = layoutPrintDocument(input(events, { paper: 'A4' })).pages.length
    expect(a4).toBeGreaterThan(a3)
    const noTable = layoutPrintDocument(input(events, { includeTable: false }))
    expect(noTable.pages.some((p) => p.body.kind === 'table')).toBe(false)
    expect(noTable.pages.length).toBeLessThan(a4)
  })

  it('prints one chart page saying so when nothing matches, and still the sources', () => {
    const doc = layoutPrintDocument(input([]))
    expect(doc.pages.map((p) => p.body.kind)).toEqual(['empty-chart', 'table', 'sources'])
    expect(text(renderPages(doc, input([])))).toContain('No dated events match the filter')
  })

  it('draws entity lanes in the chosen order with an "other" lane for the rest', () => {
    const view: TimelineView = { ...DEFAULT_VIEW, lanes: 'entities', laneKeys: [OTHER, TARGET] }
    const events = [...calls(10), call(10, T0 + 7_200_000, { a: 'phone:+8801000000000', b: 'phone:+8801000000001' })]
    const doc = layoutPrintDocument(input(events, {}, view))
    expect(doc.lanes.map((l) => l.key)).toEqual([OTHER, TARGET, OTHER_LANE])
    expect(doc.lanes[1]!.sublabel).toBe('নুরুল আলম সিকদার')
  })
})

describe('rendered pages', () => {
  const inp = input([...calls(700), call(700, null, { kind: 'transfer' })])
  const doc = layoutPrintDocument(inp)

  it('carry case, number, marking top and bottom, zone, filter, generated-at and page X of Y on every page', () => {
    for (const page of doc.pages) {
      const html = renderPage(doc, inp, page)
      const t = text(html)
      expect(t).toContain('Operation <Kestrel> & co')
      expect(t).toContain('CID-2024/117')
      expect(html.match(/class="wmp-mark">RESTRICTED</g)).toHaveLength(2)
      expect(t).toContain('Times: UTC')
      expect(t).toContain('Filter: All events')
      expect(t).toContain('Generated: 1 Apr 2024 09:30 UTC')
      expect(t).toContain(`page ${page.number} of ${doc.pages.length}`)
    }
  })

  it('escape what the user typed, so a case name cannot inject markup', () => {
    const html = renderPages(doc, inp)
    expect(html).not.toContain('<Kestrel>')
    expect(html).toContain('Operation &lt;Kestrel&gt; &amp; co')
  })

  it('mark continuations between chart pages', () => {
    const charts = doc.pages.filter((p) => p.body.kind === 'chart')
    expect(charts.length).toBeGreaterThan(1)
    const second = text(renderPage(doc, inp, charts[1]!))
    expect(second).toContain(`continued from page ${charts[0]!.number}`)
    expect(text(renderPage(doc, inp, charts[0]!))).toContain(`continues on page ${charts[1]!.number}`)
    expect(text(renderPage(doc, inp, charts[charts.length - 1]!))).not.toContain('continues on page')
  })

  it('draw one glyph per event on the chart pages, in the screen’s shapes and colours, and name the axis zone', () => {
    const charts = doc.pages.filter((p) => p.body.kind === 'chart').map((p) => renderPage(doc, inp, p))
    const glyphs = charts.map((c) => /<g class="wmp-glyphs">(.*?)<\/g>/.exec(c)![1]!).join('')
    // calls() alternates outgoing and incoming: the screen's filled triangles, up (outgoing) and down (incoming).
    const marks = glyphs.match(/<(path|circle|rect) /g) ?? []
    expect(marks).toHaveLength(700)
    expect(glyphs.match(new RegExp(`fill="${GLYPH_COLORS.light['call-out']}"`, 'g'))).toHaveLength(350)
    expect(glyphs.match(new RegExp(`fill="${GLYPH_COLORS.light['call-in']}"`, 'g'))).toHaveLength(350)
    expect(charts[0]).toContain('Times in')
    // The legend names them as the screen's legend does.
    expect(text(charts[0]!)).toContain(GLYPH_LABELS['call-out'])
    expect(text(charts[0]!)).toContain(GLYPH_LABELS['call-in'])
    expect(text(charts[0]!)).not.toContain(GLYPH_LABELS.transfer)
  })

  it('draw each kind with its own screen glyph and list it in the legend', () => {
    const kinds = ['sms', 'data', 'transfer', 'movement', 'event', 'analyst'] as const
    const mixed = input(kinds.map((kind, i) => call(i, T0 + i * 600_000, { kind, direction: 'unknown' })))
    const d = layoutPrintDocument(mixed)
    const page = renderPage(d, mixed, d.pages[0]!)
    const t = text(page)
    for (const k of kinds) {
      expect(t).toContain(GLYPH_LABELS[k])
      expect(page).toContain(GLYPH_COLORS.light[k])
    }
    expect(t).not.toContain(GLYPH_LABELS['call-out'])
  })

  it('list the table rows with time in the display zone, parties with names, duration and file row', () => {
    const table = doc.pages.find((p) => p.body.kind === 'table')!
    const html = renderPage(doc, inp, table)
    const t = text(html)
    expect(t).toContain('2024-02-05 02:00:00 UTC')
    expect(t).toContain('+8801745715037 নুরুল আলম সিকদার')
    expect(t).toContain('1:05')
    // File and row; a CSV's sheet (the file itself) is not repeated.
    expect(html).toContain('<td>bd-operator-cdr.csv</td><td class="wmp-num">2</td>')
    const last = doc.pages.filter((p) => p.body.kind === 'table').pop()!
    expect(text(renderPage(doc, inp, last))).toContain('no date')
  })

  it('print an implausible duration as recorded, say so, and draw no bar for it', () => {
    const odd = input([call(0, T0, { durationS: 3_020_399, flags: ['absurd-duration'] }), call(1, T0 + 600_000, { durationS: 600 })])
    const d = layoutPrintDocument(odd)
    const chart = renderPage(d, odd, d.pages[0]!)
    expect(chart.match(/fill-opacity="0.45"/g)).toHaveLength(1)
    const t = text(renderPage(d, odd, d.pages.find((p) => p.body.kind === 'table')!))
    expect(t).toContain('838:59:59')
    expect(t).toContain('implausible duration, as recorded')
  })

  it('show times in a chosen zone or in each source’s own zone', () => {
    expect(formatEventTime(Date.UTC(2024, 1, 5, 18), 'Asia/Kuala_Lumpur', 'Asia/Dhaka')).toBe('2024-02-06 02:00:00 +08:00')
    expect(formatEventTime(Date.UTC(2024, 1, 5, 18), 'source', 'Asia/Dhaka')).toBe('2024-02-06 00:00:00 +06:00')
    expect(formatDuration(3725)).toBe('1:02:05')
    expect(formatDuration(null)).toBe('')
  })

  it('list every source with its full SHA-256 and counts', () => {
    const src = doc.pages.find((p) => p.body.kind === 'sources')!
    const t = text(renderPage(doc, inp, src))
    expect(t.replace(/ /g, '')).toContain(SHA)
    expect(t).toContain('rows read 702, imported 701, rejected 1')
    expect(t).toContain('2024-04-01 00:00:00 UTC')
  })
})

describe('exports', () => {
  const inp = input(calls(300))
  const doc = layoutPrintDocument(inp)

  it('the standalone HTML has no script and no external reference', () => {
    const html = standaloneHtml(doc, inp, '.wmp-page { color: black }', '')
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toMatch(/\b(src|href)\s*=/i)
    expect(html).not.toMatch(/url\(\s*['"]?(?!data:)/i)
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/)
    expect(html).toContain('@page { size: 297mm 210mm; margin: 0; }')
    expect(text(html)).toContain('নুরুল আলম সিকদার')
  })

  it('the chart SVG is one document with every chart part, the marking and the legend', () => {
    const svg = chartSvgDocument(doc, inp)
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    const parts = doc.pages.filter((p) => p.body.kind === 'chart').length
    expect(svg.match(/>Part \d+ of \d+</g)).toHaveLength(parts)
    expect(svg.match(/>RESTRICTED</g)).toHaveLength(2)
    expect(svg).toContain(GLYPH_LABELS['call-out'])
    expect(svg).toContain('bar after a call = its duration')
  })
})

describe('print parameters', () => {
  it('round-trip through the route with the view', () => {
    const view: TimelineView = { ...DEFAULT_VIEW, filter: { entities: [TARGET] }, zone: 'Asia/Dhaka' }
    const p = printRouteParams(view, { paper: 'Letter', orientation: 'portrait', marking: '  OFFICIAL   SENSITIVE ', includeTable: true }, true)
    expect(printOptionsFromParams(p)).toEqual({ paper: 'Letter', orientation: 'portrait', marking: 'OFFICIAL SENSITIVE', includeTable: true })
    expect(p.print).toBe('1')
    expect(paramsToView(p)).toEqual(view)
  })

  it('fall back to A4 landscape for a hand-edited URL, and cut an overlong marking', () => {
    expect(printOptionsFromParams({ paper: 'A5', orient: 'sideways' })).toMatchObject({ paper: 'A4', orientation: 'landscape' })
    expect(cleanMarking('X'.repeat(200))).toHaveLength(60)
  })

  it('make file names a file system accepts', () => {
    expect(exportFileName('Op: Kestrel/North', 'CID 7', Date.UTC(2024, 3, 1), 'pdf')).toBe('Op- Kestrel-North CID 7 timeline 2024-04-01.pdf')
  })
})

describe('entity lanes', () => {
  it('draw a call between two lane entities in both lanes, joined by a link, with the screen’s direction glyph', () => {
    const view: TimelineView = { ...DEFAULT_VIEW, lanes: 'entities', laneKeys: [TARGET, OTHER] }
    // Record of TARGET: incoming from OTHER, drawn as the screen draws it (an incoming-call triangle) in both lanes.
    const inp = input([call(1, T0, { direction: 'incoming' })], {}, view)
    const doc = layoutPrintDocument(inp)
    const svg = renderPage(doc, inp, doc.pages[0]!)
    const link = /<g class="wmp-links"><line x1="[\d.]+" x2="[\d.]+" y1="([\d.]+)" y2="([\d.]+)"/.exec(svg)
    expect(link).not.toBeNull()
    expect(Number(link![1])).toBeLessThan(Number(link![2]))
    const glyphs = /<g class="wmp-glyphs">(.*?)<\/g>/.exec(svg)![1]!
    expect(glyphs.match(new RegExp(`fill="${GLYPH_COLORS.light['call-in']}"`, 'g'))).toHaveLength(2)
    expect(svg).toContain('vertical line = event between two lanes')
  })
})

describe('the table appendix', () => {
  const named = new Map([
    [TARGET, 'নুরুল আলম সিকদার'],
    ['phone:+8801900000001', 'মোহাম্মদ আব্দুল্লাহ আল মামুন চৌধুরী সিকদার তালুকদার']
  ])

  it('fits 35 to 45 one-line rows on an A4 landscape page, fewer when rows need two lines', () => {
    const plain = input(calls(400).map((e) => ({ ...e, a: 'phone:+8801700000001' })))
    const d1 = layoutPrintDocument(plain)
    const first = d1.pages.find((p) => p.body.kind === 'table')!
    const n1 = first.body.kind === 'table' ? first.body.rows[1] - first.body.rows[0] : 0
    expect(n1).toBeGreaterThanOrEqual(35)
    expect(n1).toBeLessThanOrEqual(45)
    // A name too long to sit beside its number goes under it: a two-line row.
    const long = input(calls(400).map((e) => ({ ...e, a: 'phone:+8801900000001' })))
    const d2 = layoutPrintDocument({ ...long, names: named })
    expect(Array.from(d2.table!.lines).every((l) => l === 2)).toBe(true)
    const p2 = d2.pages.find((p) => p.body.kind === 'table')!
    const n2 = p2.body.kind === 'table' ? p2.body.rows[1] - p2.body.rows[0] : 0
    expect(n2).toBeLessThan(n1)
    expect(n2).toBeGreaterThanOrEqual(Math.floor(n1 / 2) - 1)
  })

  it('never lays out more rows than a page body holds, for any mix of one- and two-line rows', () => {
    const mix = calls(600).map((e, i) => ({ ...e, a: i % 3 === 0 ? 'phone:+8801900000001' : 'phone:+8801700000001', text: i % 7 === 0 ? 'x'.repeat(300) : '' }))
    for (const orientation of ['portrait', 'landscape'] as const) {
      const inp = { ...input(mix, { orientation }), names: named }
      const d = layoutPrintDocument(inp)
      const room = bodyHeight(d.geometry) - FURNITURE.sectionTitle - FURNITURE.tableHead - FURNITURE.chartMarkers
      let listed = 0
      for (const p of d.pages) {
        if (p.body.kind !== 'table') continue
        const [a, b] = p.body.rows
        let h = 0
        for (let i = a; i < b; i++) h += d.table!.lines[i] === 2 ? FURNITURE.tableRow2 : FURNITURE.tableRow
        expect(h).toBeLessThanOrEqual(room)
        expect(a).toBe(listed)
        listed = b
        // Every row of the range is in the page's markup, numbered.
        const html = renderPage(d, inp, p)
        expect(html.match(/<tr[ >]/g)!.length - 1).toBe(b - a)
      }
      expect(listed).toBe(mix.length)
    }
  })

  it('refuses a table past the limit with a message that offers a narrower filter or the chart alone', () => {
    expect(checkTableSize(TABLE_ROW_LIMIT, true).ok).toBe(true)
    expect(checkTableSize(TABLE_ROW_LIMIT + 1, false).ok).toBe(true)
    const over = checkTableSize(TABLE_ROW_LIMIT + 1, true)
    expect(over.ok).toBe(false)
    if (over.ok) return
    expect(over.message).toContain((TABLE_ROW_LIMIT + 1).toLocaleString('en-GB'))
    expect(over.action).toMatch(/narrow the filter/i)
    expect(over.action).toMatch(/chart/i)
  })
})
