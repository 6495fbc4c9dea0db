// Draws the timeline on a 2D canvas (axis, lanes, a density histogram at coarse zoom, glyphs per kind at fine zoom,
// links between entity lanes, analyst events) and finds the event under the pointer. No React here: it runs per frame.
import { countInRange, densityHistogram } from '../../../../core/analysis/timeline/density'
import { ANALYST_GLYPH, GLYPH_KINDS, laneAt, packGlyphs, type GlyphKind, type Lane, type LaneGeometry } from '../../../../core/analysis/timeline/lanes'
import { timeToX, xToTime, msPerPixel, type TimeScale } from '../../../../core/analysis/timeline/scale'
import { lowerIndex, sliceEventId, type TimelineSlice } from '../../../../core/analysis/timeline/slice'
import { computeTicks } from '../../../../core/analysis/timeline/ticks'
import type { DisplayZone } from '../../../../core/analysis/timelineFilter'
import type { LaneAnalyst } from './timelineData'

export const GUTTER = 170

/** The app's font stack (Noto with Thai, Bengali, Myanmar… names), read once from the page: canvas text needs it named. */
let fontFamily = ''
function family(): string {
  if (!fontFamily) fontFamily = (typeof document !== 'undefined' && getComputedStyle(document.body).fontFamily) || 'sans-serif'
  return fontFamily
}
const font = (spec: string): string => `${spec} ${family()}`
export const AXIS_H = 40

/** Glyph colours (Blueprint's palette), a darker set on light backgrounds and a lighter one on dark. */
export const GLYPH_COLORS: Record<'light' | 'dark', Record<GlyphKind, string>> = {
  light: { 'call-out': '#2D72D2', 'call-in': '#238551', call: '#5F6B7C', sms: '#C87619', data: '#7961DB', transfer: '#CD4246', movement: '#00A396', event: '#935610', analyst: '#DB2C6F' },
  dark: { 'call-out': '#4C90F0', 'call-in': '#32A467', call: '#ABB3BF', sms: '#EC9A3C', data: '#9881F3', transfer: '#E76A6E', movement: '#13C9BA', event: '#FBD065', analyst: '#F5498B' }
}

const PALETTE = {
  light: { bg: '#FFFFFF', laneA: '#F6F7F9', laneB: '#EDEFF2', text: '#1C2127', muted: '#5F6B7C', grid: 'rgba(17,20,24,0.08)', major: 'rgba(17,20,24,0.28)', density: '#2D72D2', select: '#D33D17' },
  dark: { bg: '#252A31', laneA: '#2F343C', laneB: '#2A2F37', text: '#F6F7F9', muted: '#ABB3BF', grid: 'rgba(255,255,255,0.08)', major: 'rgba(255,255,255,0.3)', density: '#4C90F0', select: '#FF7373' }
}

export interface Selection {
  readonly id: string
  /** UTC ms, or null for an undated event (not on the chart). */
  readonly at: number | null
}

export interface ChartInput {
  readonly scale: TimeScale
  readonly slice: TimelineSlice | null
  readonly analyst: readonly LaneAnalyst[]
  readonly lanes: readonly Lane[]
  readonly geometry: LaneGeometry
  readonly zone: DisplayZone
  readonly dark: boolean
  readonly width: number
  readonly height: number
  readonly selected: Selection | null
}

export interface DrawResult {
  readonly mode: 'density' | 'glyphs'
  /** Stored events in the visible window. */
  readonly visible: number
  readonly zoneLabel: string
}

/** A call's bar is drawn from its start for its duration; events starting this long before the window may reach in. */
const DURATION_REACH_MS = 6 * 3_600_000
const GLYPH_GAP_PX = 5

function plotScale(input: ChartInput): TimeScale {
  return { ...input.scale, width: Math.max(1, input.width - GUTTER) }
}

function laneMid(g: LaneGeometry, lane: number): number {
  return AXIS_H + g.top[lane]! + g.height / 2
}

/** Is the chart in density mode for this window (too many events to draw one by one)? */
export function isDensity(input: ChartInput): boolean {
  if (!input.slice) return false
  const s = plotScale(input)
  return countInRange(input.slice, s.start, s.end) > s.width / 4
}

function glyph(ctx: CanvasRenderingContext2D, kind: number, x: number, y: number, color: string, r = 5): void {
  ctx.fillStyle = color
  ctx.strokeStyle = color
  ctx.lineWidth = 1.5
  ctx.beginPath()
  switch (GLYPH_KINDS[kind]) {
    case 'call-out':
      ctx.moveTo(x, y - r)
      ctx.lineTo(x + r, y + r * 0.8)
      ctx.lineTo(x - r, y + r * 0.8)
      ctx.closePath()
      ctx.fill()
      break
    case 'call-in':
      ctx.moveTo(x, y + r)
      ctx.lineTo(x + r, y - r * 0.8)
      ctx.lineTo(x - r, y - r * 0.8)
      ctx.closePath()
      ctx.fill()
      break
    case 'call':
      ctx.arc(x, y, r * 0.8, 0, Math.PI * 2)
      ctx.fill()
      break
    case 'sms':
      ctx.rect(x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6)
      ctx.fill()
      break
    case 'data':
      ctx.arc(x, y, r * 0.75, 0, Math.PI * 2)
      ctx.stroke()
      break
    case 'transfer':
      ctx.moveTo(x, y - r)
      ctx.lineTo(x + r, y)
      ctx.lineTo(x, y + r)
      ctx.lineTo(x - r, y)
      ctx.closePath()
      ctx.fill()
      break
    case 'movement':
      ctx.rect(x - r * 0.8, y - r * 0.8, r * 1.6, r * 1.6)
      ctx.stroke()
      ctx.beginPath()
      ctx.moveTo(x - r * 0.8, y)
      ctx.lineTo(x + r * 0.8, y)
      ctx.stroke()
      break
    case 'event':
      ctx.arc(x, y, r * 0.55, 0, Math.PI * 2)
      ctx.fill()
      break
    case 'analyst': {
      for (let k = 0; k < 10; k++) {
        const a = (Math.PI / 5) * k - Math.PI / 2
        const rr = k % 2 === 0 ? r * 1.4 : r * 0.6
        if (k === 0) ctx.moveTo(x + rr * Math.cos(a), y + rr * Math.sin(a))
        else ctx.lineTo(x + rr * Math.cos(a), y + rr * Math.sin(a))
      }
      ctx.closePath()
      ctx.fill()
      break
    }
    default:
      ctx.arc(x, y, r * 0.5, 0, Math.PI * 2)
      ctx.fill()
  }
}

/** Draws a glyph in a canvas of its own size (the legend uses the same shapes as the chart). */
export function drawLegendGlyph(ctx: CanvasRenderingContext2D, kind: GlyphKind, size: number, dark: boolean): void {
  ctx.clearRect(0, 0, size, size)
  glyph(ctx, GLYPH_KINDS.indexOf(kind), size / 2, size / 2, GLYPH_COLORS[dark ? 'dark' : 'light'][kind], size * 0.35)
}

function truncate(ctx: CanvasRenderingContext2D, text: string, max: number): string {
  if (ctx.measureText(text).width <= max) return text
  let lo = 0
  let hi = text.length
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (ctx.measureText(text.slice(0, mid) + '…').width <= max) lo = mid
    else hi = mid - 1
  }
  return text.slice(0, lo) + '…'
}

export function drawTimeline(ctx: CanvasRenderingContext2D, input: ChartInput): DrawResult {
  const pal = PALETTE[input.dark ? 'dark' : 'light']
  const colors = GLYPH_COLORS[input.dark ? 'dark' : 'light']
  const { width, height, geometry: g, lanes, slice } = input
  const s = plotScale(input)
  const X = (t: number): number => GUTTER + timeToX(s, t)
  ctx.clearRect(0, 0, width, height)
  ctx.fillStyle = pal.bg
  ctx.fillRect(0, 0, width, height)
  ctx.font = font('11px')
  ctx.textBaseline = 'middle'

  // Lanes.
  lanes.forEach((lane, i) => {
    const top = AXIS_H + g.top[i]!
    ctx.fillStyle = i % 2 === 0 ? pal.laneA : pal.laneB
    ctx.fillRect(0, top, width, g.height)
    ctx.fillStyle = pal.text
    ctx.font = font('12px')
    ctx.fillText(truncate(ctx, lane.label, GUTTER - 14), 8, top + g.height / 2)
  })

  // Axis.
  const ticks = computeTicks(s.start, s.end, s.width, input.zone, 80)
  ctx.font = font('11px')
  ctx.strokeStyle = pal.grid
  ctx.lineWidth = 1
  ctx.fillStyle = pal.muted
  for (const t of ticks.minor) {
    const x = Math.round(X(t.at)) + 0.5
    ctx.beginPath()
    ctx.moveTo(x, 26)
    ctx.lineTo(x, height)
    ctx.stroke()
    ctx.fillText(t.label, x + 3, 32)
  }
  ctx.strokeStyle = pal.major
  ctx.fillStyle = pal.text
  ctx.font = font('600 11px')
  let firstMajorX = Infinity
  for (const t of ticks.major) {
    const x = Math.round(X(t.at)) + 0.5
    firstMajorX = Math.min(firstMajorX, x)
    ctx.beginPath()
    ctx.moveTo(x, 4)
    ctx.lineTo(x, height)
    ctx.stroke()
    ctx.fillText(t.label, x + 4, 13)
  }
  // Where no major tick is near the left edge, the context (which day, month, year) is named there.
  if (firstMajorX > GUTTER + ctx.measureText(ticks.context).width + 16) ctx.fillText(ticks.context, GUTTER + 4, 13)
  // The gutter's corner names the zone the axis is drawn in.
  ctx.fillStyle = pal.bg
  ctx.fillRect(0, 0, GUTTER, AXIS_H)
  ctx.fillStyle = pal.muted
  ctx.font = font('11px')
  ctx.fillText('Axis zone', 8, 12)
  ctx.fillStyle = pal.text
  ctx.font = font('600 11px')
  ctx.fillText(truncate(ctx, ticks.zoneLabel, GUTTER - 12), 8, 28)
  ctx.strokeStyle = pal.major
  ctx.beginPath()
  ctx.moveTo(GUTTER + 0.5, 0)
  ctx.lineTo(GUTTER + 0.5, height)
  ctx.moveTo(0, AXIS_H - 0.5)
  ctx.lineTo(width, AXIS_H - 0.5)
  ctx.stroke()

  ctx.save()
  ctx.beginPath()
  ctx.rect(GUTTER + 1, AXIS_H, width - GUTTER - 1, height - AXIS_H)
  ctx.clip()

  let visible = 0
  let mode: DrawResult['mode'] = 'glyphs'
  if (slice) {
    visible = countInRange(slice, s.start, s.end)
    if (visible > s.width / 4) {
      mode = 'density'
      const buckets = Math.max(1, Math.floor(s.width / 3))
      const d = densityHistogram(slice, s.start, s.end, buckets, lanes.length)
      const bw = s.width / d.buckets
      for (let lane = 0; lane < lanes.length; lane++) {
        const max = d.max[lane]!
        if (max === 0) continue
        const base = AXIS_H + g.top[lane]! + g.height - 3
        const h = g.height - 8
        ctx.fillStyle = pal.density
        for (let b = 0; b < d.buckets; b++) {
          const c = d.counts[lane * d.buckets + b]!
          if (c === 0) continue
          // Square-root height keeps a lone event visible beside a busy hour.
          const bh = Math.max(2, Math.sqrt(c / max) * h)
          ctx.fillRect(GUTTER + b * bw, base - bh, Math.max(1, bw - 0.5), bh)
        }
        ctx.fillStyle = pal.muted
        ctx.font = font('10px')
        ctx.fillText(`max ${max.toLocaleString()}/${formatBucket(d.bucketMs)}`, GUTTER + 4, AXIS_H + g.top[lane]! + 8)
      }
    } else {
      const lo = lowerIndex(slice, s.start - DURATION_REACH_MS)
      const hi = lowerIndex(slice, s.end)
      const pxPerS = 1000 / msPerPixel(s)
      const perLane: { xs: number[]; ends: number[]; idx: number[] }[] = lanes.map(() => ({ xs: [], ends: [], idx: [] }))
      for (let i = lo; i < hi; i++) {
        const x = X(slice.at[i]!)
        const d = slice.durationS[i]!
        const end = d > 0 && Number.isFinite(d) ? x + d * pxPerS : x
        if (end < GUTTER - 10) continue
        for (const lane of [slice.laneA[i]!, slice.laneB[i]!]) {
          if (lane < 0 || lane >= lanes.length) continue
          const l = perLane[lane]!
          l.xs.push(x)
          l.ends.push(end)
          l.idx.push(i)
        }
        if (slice.laneB[i]! >= 0 && slice.laneA[i]! >= 0) {
          // A link: the same event in two entity lanes.
          ctx.strokeStyle = colors[GLYPH_KINDS[slice.glyph[i]!]!]
          ctx.globalAlpha = 0.5
          ctx.lineWidth = 1
          ctx.beginPath()
          ctx.moveTo(Math.round(x) + 0.5, laneMid(g, slice.laneA[i]!))
          ctx.lineTo(Math.round(x) + 0.5, laneMid(g, slice.laneB[i]!))
          ctx.stroke()
          ctx.globalAlpha = 1
        }
      }
      perLane.forEach((l, lane) => {
        const y = laneMid(g, lane)
        for (const c of packGlyphs(l.xs, GLYPH_GAP_PX, l.ends)) {
          const i = l.idx[c.first]!
          const kind = slice.glyph[i]!
          const color = colors[GLYPH_KINDS[kind]!]
          if (c.count === 1) {
            if (c.x1 - c.x0 >= 2) {
              ctx.fillStyle = color
              ctx.globalAlpha = 0.45
              ctx.fillRect(c.x0, y - 3, c.x1 - c.x0, 6)
              ctx.globalAlpha = 1
            }
            glyph(ctx, kind, c.x0, y, color)
          } else {
            const label = c.count.toLocaleString()
            const w = Math.max(c.x1 - c.x0, ctx.measureText(label).width + 8, 12)
            ctx.fillStyle = color
            ctx.globalAlpha = 0.25
            ctx.fillRect(c.x0 - 4, y - 8, w + 4, 16)
            ctx.globalAlpha = 1
            ctx.strokeStyle = color
            ctx.lineWidth = 1
            ctx.strokeRect(c.x0 - 4 + 0.5, y - 8 + 0.5, w + 3, 15)
            ctx.fillStyle = pal.text
            ctx.font = font('10px')
            ctx.fillText(label, c.x0, y)
          }
        }
      })
    }
  }

  // Analyst events: few, always drawn one by one, with their title when there is room.
  ctx.font = font('11px')
  for (const a of input.analyst) {
    const x = X(a.event.at)
    if (x < GUTTER - 10 || x > width + 10) continue
    for (const lane of [a.laneA, a.laneB]) {
      if (lane < 0 || lane >= lanes.length) continue
      const y = laneMid(g, lane)
      glyph(ctx, ANALYST_GLYPH, x, y, colors.analyst, 6)
      ctx.fillStyle = pal.text
      ctx.fillText(truncate(ctx, a.event.title, 180), x + 10, y - (g.height > 34 ? 10 : 0))
    }
  }

  // The selection.
  const sel = input.selected
  if (sel && sel.at !== null) {
    const x = X(sel.at)
    ctx.strokeStyle = pal.select
    ctx.lineWidth = 2
    ctx.setLineDash([4, 3])
    ctx.beginPath()
    ctx.moveTo(Math.round(x) + 0.5, AXIS_H)
    ctx.lineTo(Math.round(x) + 0.5, height)
    ctx.stroke()
    ctx.setLineDash([])
    const lanesOf = selectedLanes(input)
    for (const lane of lanesOf) {
      ctx.beginPath()
      ctx.arc(x, laneMid(g, lane), 9, 0, Math.PI * 2)
      ctx.stroke()
    }
  }
  ctx.restore()
  return { mode, visible, zoneLabel: ticks.zoneLabel }
}

function selectedLanes(input: ChartInput): number[] {
  const sel = input.selected
  if (!sel || sel.at === null) return []
  const a = input.analyst.find((x) => x.event.id === sel.id)
  if (a) return [a.laneA, a.laneB].filter((l) => l >= 0)
  const slice = input.slice
  if (!slice) return []
  for (let i = lowerIndex(slice, sel.at); i < slice.count && slice.at[i] === sel.at; i++) {
    if (sliceEventId(slice, i) === sel.id) return [slice.laneA[i]!, slice.laneB[i]!].filter((l) => l >= 0)
  }
  return []
}

function formatBucket(ms: number): string {
  if (ms >= 86_400_000) return `${+(ms / 86_400_000).toFixed(1)} d`
  if (ms >= 3_600_000) return `${+(ms / 3_600_000).toFixed(1)} h`
  if (ms >= 60_000) return `${+(ms / 60_000).toFixed(1)} min`
  return `${+(ms / 1000).toFixed(1)} s`
}

/** The event under (x, y) in glyph mode, the nearest within a few pixels in the lane under the pointer. */
export function hitTest(input: ChartInput, x: number, y: number): Selection | null {
  const lane = laneAt(input.geometry, y - AXIS_H)
  if (lane < 0 || x < GUTTER) return null
  const s = plotScale(input)
  const R = 7
  let best: Selection | null = null
  let bestD = R + 1
  for (const a of input.analyst) {
    if (a.laneA !== lane && a.laneB !== lane) continue
    const d = Math.abs(GUTTER + timeToX(s, a.event.at) - x)
    if (d < bestD) {
      bestD = d
      best = { id: a.event.id, at: a.event.at }
    }
  }
  const slice = input.slice
  if (slice && !isDensity(input)) {
    const t0 = xToTime(s, x - GUTTER - R)
    const t1 = xToTime(s, x - GUTTER + R)
    for (let i = lowerIndex(slice, t0); i < slice.count && slice.at[i]! <= t1; i++) {
      if (slice.laneA[i] !== lane && slice.laneB[i] !== lane) continue
      const d = Math.abs(GUTTER + timeToX(s, slice.at[i]!) - x)
      if (d < bestD) {
        bestD = d
        best = { id: sliceEventId(slice, i), at: slice.at[i]! }
      }
    }
  }
  return best
}
