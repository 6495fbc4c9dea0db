// The chart's legend: one swatch per glyph kind, drawn with the chart's own shapes and colours.
import { useEffect, useRef } from 'react'
import { GLYPH_KINDS, GLYPH_LABELS, type GlyphKind } from '../../../../core/analysis/timeline/lanes'
import { drawLegendGlyph } from './chartDraw'

function Swatch({ kind, dark }: { kind: GlyphKind; dark: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null)
  useEffect(() => {
    const c = ref.current
    const ctx = c?.getContext('2d')
    if (!c || !ctx) return
    const dpr = window.devicePixelRatio || 1
    c.width = 16 * dpr
    c.height = 16 * dpr
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
    drawLegendGlyph(ctx, kind, 16, dark)
  }, [kind, dark])
  return <canvas ref={ref} style={{ width: 16, height: 16 }} aria-hidden />
}

export function Legend({ dark }: { dark: boolean }) {
  return (
    <div className="wm-tl-legend" data-testid="timeline-legend">
      {GLYPH_KINDS.map((k) => (
        <span key={k} className="wm-tl-legend-item">
          <Swatch kind={k} dark={dark} />
          {GLYPH_LABELS[k]}
        </span>
      ))}
      <span className="wm-tl-legend-item wm-muted">Bar after a call = its duration · boxed number = events too close to draw apart · vertical line = call between two lanes · at coarse zoom: events per time bucket</span>
    </div>
  )
}
