// A linear time↔pixel scale for the timeline's axis, with zoom around a point and pan clamped to what an analyst can
// read (from about a second to about twenty years across the chart).

/** The narrowest span the chart shows: one second across the whole width. */
export const MIN_SPAN_MS = 1_000
/** The widest span the chart shows: twenty (Julian) years. */
export const MAX_SPAN_MS = Math.round(20 * 365.25 * 86_400_000)

/** The visible window: `start` (UTC ms) sits at x = 0 and `end` at x = `width` (CSS pixels). */
export interface TimeScale {
  readonly start: number
  readonly end: number
  readonly width: number
}

/** A span clamped to [MIN_SPAN_MS, MAX_SPAN_MS]. */
export function clampSpan(span: number): number {
  if (!Number.isFinite(span)) return MAX_SPAN_MS
  return Math.min(MAX_SPAN_MS, Math.max(MIN_SPAN_MS, span))
}

/**
 * A scale over [start, end] drawn `width` pixels wide. A span outside the allowed range is widened or narrowed around
 * its middle, so a single event (start = end) still gets a readable window.
 */
export function makeScale(start: number, end: number, width: number): TimeScale {
  if (!Number.isFinite(start) || !Number.isFinite(end)) throw new Error(`makeScale: non-finite range ${start}..${end}`)
  const w = Math.max(1, width)
  const lo = Math.min(start, end)
  const hi = Math.max(start, end)
  const span = clampSpan(hi - lo)
  if (span === hi - lo) return { start: lo, end: hi, width: w }
  const mid = lo + (hi - lo) / 2
  return { start: mid - span / 2, end: mid + span / 2, width: w }
}

export function spanOf(s: TimeScale): number {
  return s.end - s.start
}

export function msPerPixel(s: TimeScale): number {
  return (s.end - s.start) / s.width
}

export function timeToX(s: TimeScale, t: number): number {
  return ((t - s.start) / (s.end - s.start)) * s.width
}

export function xToTime(s: TimeScale, x: number): number {
  return s.start + (x / s.width) * (s.end - s.start)
}

/** The same window drawn at a new width (the chart was resized): the time range stays, pixels per ms change. */
export function resize(s: TimeScale, width: number): TimeScale {
  return { ...s, width: Math.max(1, width) }
}

/**
 * Zoom by `factor` keeping the time under pixel `x` where it is: factor > 1 zooms in (a narrower span), < 1 zooms out.
 * The span is clamped to [MIN_SPAN_MS, MAX_SPAN_MS]; at a limit the scale comes back unchanged.
 */
export function zoomAt(s: TimeScale, x: number, factor: number): TimeScale {
  if (!(factor > 0) || !Number.isFinite(factor)) return s
  const anchor = xToTime(s, x)
  const span = clampSpan(spanOf(s) / factor)
  const frac = s.width > 0 ? x / s.width : 0.5
  const start = anchor - frac * span
  return { start, end: start + span, width: s.width }
}

/** Move the window by `dx` pixels: positive dx drags the content right, so earlier times come into view. */
export function pan(s: TimeScale, dx: number): TimeScale {
  const dt = dx * msPerPixel(s)
  return { start: s.start - dt, end: s.end - dt, width: s.width }
}

/** Move the window by a fraction of its span (keyboard panning): +0.1 shows later times. */
export function panFraction(s: TimeScale, fraction: number): TimeScale {
  const dt = spanOf(s) * fraction
  return { start: s.start + dt, end: s.end + dt, width: s.width }
}

/**
 * The window that shows [min, max] with a margin of `pad` (a fraction of the span) on each side — the "fit" (Home)
 * view. With no data (min > max) it shows the day around `fallback`.
 */
export function fitScale(min: number, max: number, width: number, pad = 0.02, fallback = 0): TimeScale {
  if (!Number.isFinite(min) || !Number.isFinite(max) || min > max) return makeScale(fallback - 43_200_000, fallback + 43_200_000, width)
  const margin = Math.max((max - min) * pad, MIN_SPAN_MS / 2)
  return makeScale(min - margin, max + margin, width)
}
