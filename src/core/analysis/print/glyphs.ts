// The printed chart's glyphs as SVG: the interactive timeline's vocabulary (GLYPH_KINDS, glyphOf, GLYPH_LABELS) drawn
// with the same shapes as its canvas, so a reader who knows the screen reads the paper without a second legend.
import { DIRECTIONS, kindCode, type DirectionName } from '../../store/segment'
import { ANALYST_GLYPH, GLYPH_KINDS, glyphOf, type GlyphKind } from '../timeline/lanes'
import type { TimelineKind } from '../timelineFilter'

/** A colour per glyph kind; the print view passes the timeline's light palette (print is on white paper). */
export type GlyphColours = Readonly<Record<GlyphKind, string>>

/** The screen's glyph for an event of this kind and direction. */
export function glyphKindOf(kind: TimelineKind, direction: DirectionName): GlyphKind {
  if (kind === 'analyst') return GLYPH_KINDS[ANALYST_GLYPH]!
  const code = glyphOf(kindCode(kind), DIRECTIONS.indexOf(direction))
  return GLYPH_KINDS[code] ?? 'event'
}

const fmt = (n: number): string => (Math.round(n * 10) / 10).toString()

function poly(points: ReadonlyArray<readonly [number, number]>): string {
  return `M${points.map(([x, y]) => `${fmt(x)} ${fmt(y)}`).join('L')}Z`
}

/**
 * One glyph as a single SVG element centred on (x, y) with "radius" r, the shapes of the timeline's canvas glyph():
 * triangle up = outgoing call, down = incoming, disc = call of unknown direction, square = SMS, ring = data, diamond =
 * transfer, boxed bar = border movement, dot = event, star = analyst event.
 */
export function glyphSvg(g: GlyphKind, x: number, y: number, colours: GlyphColours, r = 4): string {
  const c = colours[g]
  const fill = `fill="${c}"`
  const stroke = `fill="none" stroke="${c}" stroke-width="1.3"`
  switch (g) {
    case 'call-out':
      return `<path d="${poly([[x, y - r], [x + r, y + r * 0.8], [x - r, y + r * 0.8]])}" ${fill}/>`
    case 'call-in':
      return `<path d="${poly([[x, y + r], [x + r, y - r * 0.8], [x - r, y - r * 0.8]])}" ${fill}/>`
    case 'call':
      return `<circle cx="${fmt(x)}" cy="${fmt(y)}" r="${fmt(r * 0.8)}" ${fill}/>`
    case 'sms':
      return `<rect x="${fmt(x - r * 0.8)}" y="${fmt(y - r * 0.8)}" width="${fmt(r * 1.6)}" height="${fmt(r * 1.6)}" ${fill}/>`
    case 'data':
      return `<circle cx="${fmt(x)}" cy="${fmt(y)}" r="${fmt(r * 0.75)}" ${stroke}/>`
    case 'transfer':
      return `<path d="${poly([[x, y - r], [x + r, y], [x, y + r], [x - r, y]])}" ${fill}/>`
    case 'movement': {
      const h = r * 0.8
      return `<path d="${poly([[x - h, y - h], [x + h, y - h], [x + h, y + h], [x - h, y + h]])}M${fmt(x - h)} ${fmt(y)}L${fmt(x + h)} ${fmt(y)}" ${stroke}/>`
    }
    case 'event':
      return `<circle cx="${fmt(x)}" cy="${fmt(y)}" r="${fmt(r * 0.55)}" ${fill}/>`
    case 'analyst': {
      const pts: Array<readonly [number, number]> = []
      for (let k = 0; k < 10; k++) {
        const a = (Math.PI / 5) * k - Math.PI / 2
        const rr = k % 2 === 0 ? r * 1.4 : r * 0.6
        pts.push([x + rr * Math.cos(a), y + rr * Math.sin(a)])
      }
      return `<path d="${poly(pts)}" ${fill}/>`
    }
  }
}
