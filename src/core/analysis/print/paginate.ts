// Splits what is printed into pages before anything is drawn: chart pages over time windows (breaking at quiet
// periods, on round times of the display zone), table and sources appendix pages by rows, and the page numbers.
import { DateTime } from 'luxon'

/** Heights (CSS px) of what every page carries; the renderer draws to these, so pagination and drawing agree. */
export const FURNITURE = {
  header: 74,
  footer: 26,
  /** The continuation line above a chart ("continued from page 2 … continues on page 4"). */
  chartMarkers: 18,
  axis: 40,
  legend: 34,
  sectionTitle: 26,
  tableHead: 18,
  /** A table row of one line, and of two (a party's name under its number, or a long detail). */
  tableRow: 14,
  tableRow2: 27,
  sourceRow: 52
} as const

/** One chart page: events [first, end) of the time-sorted dated events, drawn over [start, stop). */
export interface ChartWindow {
  readonly first: number
  readonly end: number
  /** UTC ms: the left and right edges of the page's time axis. */
  readonly start: number
  readonly stop: number
}

export interface ChartPaging {
  /** Most events on one chart page (a page may exceed it only when more events share one instant). */
  readonly perPage: number
  /** IANA zone (or 'UTC') whose round times page breaks fall on. */
  readonly zone: string
  /** When the events would need more pages than this, pages hold more events instead. */
  readonly maxPages?: number
}

const S = 1_000
const M = 60 * S

type Unit = { readonly kind: 'month' | 'day' } | { readonly kind: 'hour'; readonly count: number } | { readonly kind: 'ms'; readonly ms: number }

/** Round times from coarsest to finest: a page break falls on the coarsest one inside the quiet period. */
const UNITS: readonly Unit[] = [
  { kind: 'month' },
  { kind: 'day' },
  { kind: 'hour', count: 12 },
  { kind: 'hour', count: 6 },
  { kind: 'hour', count: 3 },
  { kind: 'hour', count: 1 },
  { kind: 'ms', ms: 30 * M },
  { kind: 'ms', ms: 15 * M },
  { kind: 'ms', ms: 5 * M },
  { kind: 'ms', ms: M },
  { kind: 'ms', ms: S }
]

/** The first round time of `unit` in `zone` strictly after `t`. */
function nextRound(t: number, unit: Unit, zone: string): number {
  const d = DateTime.fromMillis(t, { zone })
  switch (unit.kind) {
    case 'month':
      return d.startOf('month').plus({ months: 1 }).toMillis()
    case 'day':
      return d.startOf('day').plus({ days: 1 }).toMillis()
    case 'hour': {
      let h = d.startOf('hour').plus({ hours: 1 })
      for (let i = 0; i < 24 && h.hour % unit.count !== 0; i++) h = h.plus({ hours: 1 })
      return h.toMillis()
    }
    case 'ms': {
      // Minutes and seconds count from the local hour, so zones with a :30 or :45 offset still break on round minutes.
      const base = d.startOf('hour').toMillis()
      return base + (Math.floor((t - base) / unit.ms) + 1) * unit.ms
    }
  }
}

/** A page break in (a, b]: the coarsest round time inside the gap, else b itself. */
export function breakBetween(a: number, b: number, zone: string): number {
  if (!(b > a)) throw new Error(`breakBetween: empty gap ${a}..${b}`)
  for (const unit of UNITS) {
    const r = nextRound(a, unit, zone)
    if (r > a && r <= b) return r
  }
  return b
}

/**
 * Chart pages for time-sorted instants. Each page takes between half of `perPage` and `perPage` events and ends at the
 * widest gap in that stretch (a night, a quiet week), so a burst of calls stays on one page; the break falls on a
 * round time of the zone. The drawn window is the page's events plus a small margin, never crossing a break.
 */
export function chartWindows(times: readonly number[], paging: ChartPaging): ChartWindow[] {
  const n = times.length
  if (n === 0) return []
  for (let i = 1; i < n; i++) if (!(times[i]! >= times[i - 1]!)) throw new Error('chartWindows: times must be sorted')
  let perPage = Math.max(2, Math.floor(paging.perPage))
  if (paging.maxPages !== undefined && paging.maxPages > 0) perPage = Math.max(perPage, Math.ceil((2 * n) / paging.maxPages))
  const t = (i: number): number => times[i]!

  // [first, end) per page, and the break after each page.
  const spans: Array<{ first: number; end: number; breakAt: number }> = []
  let first = 0
  while (first < n) {
    if (n - first <= perPage) {
      spans.push({ first, end: n, breakAt: Infinity })
      break
    }
    const lo = first + Math.max(1, Math.floor(perPage / 2))
    const hi = first + perPage
    // Split before index j (page gets [first, j)); prefer wide gaps, and among similar gaps a fuller page.
    let best = -1
    let bestScore = -1
    for (let j = lo; j <= hi; j++) {
      const gap = t(j) - t(j - 1)
      if (gap <= 0) continue
      const score = gap * (0.75 + (0.25 * (j - first)) / perPage)
      if (score > bestScore) {
        bestScore = score
        best = j
      }
    }
    if (best < 0) {
      // Every event in the stretch shares one instant: keep them together on this page.
      best = hi
      while (best < n && t(best) === t(best - 1)) best++
      if (best >= n) {
        spans.push({ first, end: n, breakAt: Infinity })
        break
      }
    }
    spans.push({ first, end: best, breakAt: breakBetween(t(best - 1), t(best), paging.zone) })
    first = best
  }

  return spans.map((s, k) => {
    const lo = t(s.first)
    const hi = t(s.end - 1)
    const pad = Math.max((hi - lo) * 0.03, 30 * S)
    const prevBreak = k > 0 ? spans[k - 1]!.breakAt : -Infinity
    const start = Math.max(prevBreak, lo - pad)
    const stop = Math.min(s.breakAt, hi + pad)
    return { first: s.first, end: s.end, start, stop: stop > start ? stop : start + S }
  })
}

/** Rows of `rowPx` that fit under a `headPx` head in `bodyPx` (at least one, so every page shows something). */
export function rowsPerPage(bodyPx: number, headPx: number, rowPx: number): number {
  return Math.max(1, Math.floor((bodyPx - headPx) / rowPx))
}

/** [start, end) row ranges of at most `perPage` rows; one empty page when there are no rows. */
export function splitRows(count: number, perPage: number): Array<readonly [number, number]> {
  if (perPage < 1) throw new Error(`splitRows: perPage ${perPage}`)
  if (count <= 0) return [[0, 0]]
  const out: Array<readonly [number, number]> = []
  for (let s = 0; s < count; s += perPage) out.push([s, Math.min(count, s + perPage)])
  return out
}

/**
 * [start, end) row ranges that fit `bodyPx` when row i is `heightOf(i)` px high (rows differ: one line or two), each
 * page taking at least one row; one empty page when there are no rows. Pure arithmetic on known heights: nothing is
 * measured in the page, so a 20,000-row appendix pages in milliseconds.
 */
export function splitRowsByHeight(count: number, bodyPx: number, heightOf: (i: number) => number): Array<readonly [number, number]> {
  if (count <= 0) return [[0, 0]]
  const out: Array<readonly [number, number]> = []
  let start = 0
  let used = 0
  for (let i = 0; i < count; i++) {
    const h = heightOf(i)
    if (i > start && used + h > bodyPx) {
      out.push([start, i])
      start = i
      used = 0
    }
    used += h
  }
  out.push([start, count])
  return out
}

export interface Numbered<T> {
  readonly body: T
  /** 1-based. */
  readonly number: number
  readonly total: number
  /** The page this section was continued from / continues on (same section only). */
  readonly continuedFrom: number | null
  readonly continuesOn: number | null
}

/**
 * Numbers pages of consecutive sections ("page X of Y" is known before anything is drawn) and links each page to the
 * previous and next page of its own section.
 */
export function numberPages<T>(sections: ReadonlyArray<readonly T[]>): Array<Numbered<T>> {
  const total = sections.reduce((n, s) => n + s.length, 0)
  const out: Array<Numbered<T>> = []
  let number = 1
  for (const section of sections) {
    section.forEach((body, i) => {
      out.push({ body, number, total, continuedFrom: i > 0 ? number - 1 : null, continuesOn: i < section.length - 1 ? number + 1 : null })
      number++
    })
  }
  return out
}
