// The canvas timeline: zoom from years to seconds and pan with wheel, trackpad, drag and keyboard; click selects.
import { Button, ButtonGroup, Tooltip } from '@blueprintjs/core'
import { memo, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { laneGeometry, type Lane } from '../../../../core/analysis/timeline/lanes'
import { fitScale, makeScale, pan, panFraction, resize, zoomAt, type TimeScale } from '../../../../core/analysis/timeline/scale'
import { prepareSlice, type TimelineSlice } from '../../../../core/analysis/timeline/slice'
import type { DisplayZone } from '../../../../core/analysis/timelineFilter'
import { AXIS_H, drawTimeline, GUTTER, hitTest, isDensity, type ChartInput, type Selection } from './chartDraw'
import type { LaneAnalyst } from './timelineData'
import { wallClock } from './timeFormat'
import { axisZone } from '../../../../core/analysis/timeline/ticks'
import { useDark } from './useDark'

export interface TimelineChartProps {
  readonly slice: TimelineSlice | null
  readonly analyst: readonly LaneAnalyst[]
  readonly lanes: readonly Lane[]
  readonly zone: DisplayZone
  readonly selected: Selection | null
  readonly onSelect: (sel: Selection) => void
  /** [min, max] UTC ms the "fit" view shows; the chart refits when `fitToken` changes. */
  readonly fit: readonly [number, number]
  readonly fitToken: string
}

// Memoised: a filter change re-renders the timeline while its data loads, and the chart has nothing new to draw until then.
export const TimelineChart = memo(function TimelineChart(props: TimelineChartProps) {
  const { slice, analyst, lanes, zone, selected, onSelect, fit, fitToken } = props
  const wrap = useRef<HTMLDivElement>(null)
  const canvas = useRef<HTMLCanvasElement>(null)
  const rangeText = useRef<HTMLSpanElement>(null)
  const [width, setWidth] = useState(800)
  const dark = useDark()
  const geometry = useMemo(() => laneGeometry(lanes.length, 300, 30, 56, 2), [lanes.length])
  const height = AXIS_H + geometry.total + 4
  const scale = useRef<TimeScale>(makeScale(0, 86_400_000, 800))
  const frame = useRef(0)
  const inputRef = useRef<Omit<ChartInput, 'scale'> | null>(null)

  const draw = useCallback(() => {
    frame.current = 0
    const c = canvas.current
    const input = inputRef.current
    if (!c || !input) return
    const dpr = window.devicePixelRatio || 1
    const w = Math.round(input.width * dpr)
    const h = Math.round(input.height * dpr)
    if (c.width !== w || c.height !== h) {
      c.width = w
      c.height = h
    }
    const ctx = c.getContext('2d')
    if (!ctx) return
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
    const full: ChartInput = { ...input, scale: scale.current }
    const t0 = performance.now()
    const r = drawTimeline(ctx, full)
    const s = scale.current
    const z = axisZone(zone)
    // Read by people and by the end-to-end tests: what window the chart shows and how.
    c.dataset.start = String(Math.round(s.start))
    c.dataset.end = String(Math.round(s.end))
    c.dataset.mode = r.mode
    c.dataset.visible = String(r.visible)
    // What one frame of drawing cost (read by the timeline benchmark).
    c.dataset.drawMs = (performance.now() - t0).toFixed(2)
    if (rangeText.current) rangeText.current.textContent = `${wallClock(s.start, z)} – ${wallClock(s.end, z)} · ${r.zoneLabel} · ${r.visible.toLocaleString()} events in view (${r.mode === 'density' ? 'density' : 'individual events'})`
  }, [zone])

  const request = useCallback(() => {
    if (!frame.current) frame.current = requestAnimationFrame(draw)
  }, [draw])

  // Names in Bengali, Thai or Myanmar script draw once their font has loaded.
  useEffect(() => {
    const fonts = document.fonts
    const on = (): void => request()
    fonts.addEventListener('loadingdone', on)
    return () => fonts.removeEventListener('loadingdone', on)
  }, [request])

  // Width follows the container; measured before the first paint, so the first draw (a million events' histogram)
  // is at the width shown and not drawn a second time a moment later.
  useLayoutEffect(() => {
    const el = wrap.current
    if (!el) return
    if (el.clientWidth > 0) setWidth(Math.max(300, Math.floor(el.clientWidth)))
    const ro = new ResizeObserver(() => setWidth(Math.max(300, Math.floor(el.clientWidth))))
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

  useEffect(() => {
    scale.current = resize(scale.current, Math.max(1, width - GUTTER))
    request()
  }, [width, request])

  const doFit = useCallback(() => {
    scale.current = fitScale(fit[0], fit[1], Math.max(1, width - GUTTER), 0.03, Date.now())
    request()
  }, [fit, width, request])

  // Refit when the data or filter changes (not on a mark or a resize); before the draw below, which then shows it.
  const fitted = useRef('')
  useLayoutEffect(() => {
    if (fitted.current === fitToken) return
    fitted.current = fitToken
    doFit()
  }, [fitToken, doFit])

  // New data is drawn as it commits, in the frame that shows the rest of the new view, rather than a frame or more
  // later (a busy page's next animation frame can be far off); other changes wait for the next frame, as panning does.
  const drawnSlice = useRef<TimelineSlice | null | undefined>(undefined)
  useLayoutEffect(() => {
    inputRef.current = { slice, analyst, lanes, geometry, zone, dark, width, height, selected }
    if (drawnSlice.current !== slice) {
      drawnSlice.current = slice
      if (frame.current) cancelAnimationFrame(frame.current)
      draw()
    } else request()
  }, [slice, analyst, lanes, geometry, zone, dark, width, height, selected, request, draw])

  // The first view is a histogram, drawn from the slice's unmerged runs; the single time order that glyphs and hit
  // tests need is built when the browser is idle, so zooming in later does not stall.
  // It goes a run or 64k events per step while the idle slice lasts, so a million events never make one long task.
  useEffect(() => {
    if (!slice?.runs) return
    let id = 0
    const step = (deadline: IdleDeadline): void => {
      let n = 0
      if (!prepareSlice(slice, () => n++ === 0 || deadline.timeRemaining() > 3)) id = requestIdleCallback(step, { timeout: 1000 })
    }
    id = requestIdleCallback(step, { timeout: 3000 })
    return () => cancelIdleCallback(id)
  }, [slice])

  // Bring a selection made elsewhere (the table) into view.
  useEffect(() => {
    if (!selected || selected.at === null) return
    const s = scale.current
    if (selected.at < s.start || selected.at > s.end) {
      const span = s.end - s.start
      scale.current = { ...s, start: selected.at - span / 2, end: selected.at + span / 2 }
      request()
    }
  }, [selected, request])

  // Wheel: zoom around the pointer; horizontal scroll (trackpad) pans. Not passive, so the page does not scroll too.
  useEffect(() => {
    const c = canvas.current
    if (!c) return
    const onWheel = (e: WheelEvent): void => {
      e.preventDefault()
      const x = e.offsetX - GUTTER
      const unit = e.deltaMode === 1 ? 16 : e.deltaMode === 2 ? 400 : 1
      if (Math.abs(e.deltaX) > Math.abs(e.deltaY) && !e.ctrlKey) scale.current = pan(scale.current, -e.deltaX * unit)
      else scale.current = zoomAt(scale.current, Math.max(0, x), Math.exp(-e.deltaY * unit * (e.ctrlKey ? 0.01 : 0.0015)))
      request()
    }
    c.addEventListener('wheel', onWheel, { passive: false })
    return () => c.removeEventListener('wheel', onWheel)
  }, [request])

  const drag = useRef<{ x: number; moved: number; id: number } | null>(null)
  const onPointerDown = (e: React.PointerEvent<HTMLCanvasElement>): void => {
    e.currentTarget.setPointerCapture(e.pointerId)
    drag.current = { x: e.clientX, moved: 0, id: e.pointerId }
  }
  const onPointerMove = (e: React.PointerEvent<HTMLCanvasElement>): void => {
    const d = drag.current
    if (!d) return
    const dx = e.clientX - d.x
    d.x = e.clientX
    d.moved += Math.abs(dx)
    if (dx !== 0) {
      scale.current = pan(scale.current, dx)
      request()
    }
  }
  const onPointerUp = (e: React.PointerEvent<HTMLCanvasElement>): void => {
    const d = drag.current
    drag.current = null
    if (!d || d.moved > 4 || !inputRef.current) return
    const r = e.currentTarget.getBoundingClientRect()
    const x = e.clientX - r.left
    const y = e.clientY - r.top
    const input: ChartInput = { ...inputRef.current, scale: scale.current }
    const hit = hitTest(input, x, y)
    if (hit) onSelect(hit)
    else if (isDensity(input) && x > GUTTER) {
      // In the histogram a click zooms in where the analyst points.
      scale.current = zoomAt(scale.current, x - GUTTER, 4)
      request()
    }
  }

  const zoomCenter = (factor: number): void => {
    scale.current = zoomAt(scale.current, scale.current.width / 2, factor)
    request()
  }
  const onKeyDown = (e: React.KeyboardEvent): void => {
    let handled = true
    if (e.key === 'ArrowLeft') scale.current = panFraction(scale.current, e.shiftKey ? -0.5 : -0.1)
    else if (e.key === 'ArrowRight') scale.current = panFraction(scale.current, e.shiftKey ? 0.5 : 0.1)
    else if (e.key === '+' || e.key === '=') scale.current = zoomAt(scale.current, scale.current.width / 2, 1.5)
    else if (e.key === '-' || e.key === '_') scale.current = zoomAt(scale.current, scale.current.width / 2, 1 / 1.5)
    else if (e.key === 'Home') {
      doFit()
    } else handled = false
    if (handled) {
      e.preventDefault()
      request()
    }
  }

  return (
    <div className="wm-tl-chart" ref={wrap}>
      <div className="wm-tl-chart-bar">
        <ButtonGroup>
          <Tooltip content="Zoom in (+)">
            <Button icon="zoom-in" aria-label="Zoom in" data-testid="tl-zoom-in" onClick={() => zoomCenter(2)} />
          </Tooltip>
          <Tooltip content="Zoom out (−)">
            <Button icon="zoom-out" aria-label="Zoom out" data-testid="tl-zoom-out" onClick={() => zoomCenter(0.5)} />
          </Tooltip>
          <Tooltip content="Fit all events (Home)">
            <Button icon="zoom-to-fit" aria-label="Fit" data-testid="tl-fit" onClick={doFit} />
          </Tooltip>
          <Tooltip content="Earlier (←)">
            <Button icon="chevron-left" aria-label="Earlier" onClick={() => { scale.current = panFraction(scale.current, -0.25); request() }} />
          </Tooltip>
          <Tooltip content="Later (→)">
            <Button icon="chevron-right" aria-label="Later" onClick={() => { scale.current = panFraction(scale.current, 0.25); request() }} />
          </Tooltip>
        </ButtonGroup>
        <span className="wm-tl-range" data-testid="tl-range" ref={rangeText} />
      </div>
      <canvas
        ref={canvas}
        className="wm-tl-canvas"
        data-testid="timeline-canvas"
        tabIndex={0}
        role="img"
        aria-label="Timeline chart. Arrow keys pan, plus and minus zoom, Home fits all events."
        style={{ width, height }}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => (drag.current = null)}
        onKeyDown={onKeyDown}
      />
    </div>
  )
})
