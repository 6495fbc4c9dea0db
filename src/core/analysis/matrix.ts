// The contact matrix between selected entities: how often, and how long, each pair talked directly.
import type { IndexedSegment } from '../store/query'
import type { Segment } from '../store/segment'
import { callSeconds, forEachEvent, identity, isCallKind, isSmsKind, ROLES_UNKNOWN, type AnalysisScope } from './scan'

export interface MatrixCell {
  /** Events from row entity to column entity (row called / paid column). */
  readonly events: number
  readonly calls: number
  readonly sms: number
  readonly seconds: number
  readonly firstAt: number | null
  readonly lastAt: number | null
}

export interface ContactMatrix {
  /** The entities in the order given (resolved to their groups, repeats dropped). */
  readonly keys: readonly string[]
  /**
   * cells[r][c]: events where keys[r] was the calling side and keys[c] the called side. Events whose file did not
   * say who called are in `undirected` (symmetric), not here. The diagonal is always empty.
   */
  readonly cells: readonly (readonly MatrixCell[])[]
  /** undirected[r][c] = undirected[c][r]: events between the two with no known caller. */
  readonly undirected: readonly (readonly MatrixCell[])[]
  /** Per pair, both directions and undirected together (symmetric): what a pair's line in a chart shows. */
  readonly total: readonly (readonly MatrixCell[])[]
}

class Cell {
  events = 0
  calls = 0
  sms = 0
  seconds = 0
  first = Infinity
  last = -Infinity

  add(seg: Segment, i: number): void {
    this.events++
    const k = seg.kind[i]!
    if (isCallKind(k)) this.calls++
    else if (isSmsKind(k)) this.sms++
    this.seconds += callSeconds(seg, i)
    const at = seg.at[i]!
    if (!Number.isNaN(at)) {
      if (at < this.first) this.first = at
      if (at > this.last) this.last = at
    }
  }

  value(): MatrixCell {
    return {
      events: this.events,
      calls: this.calls,
      sms: this.sms,
      seconds: this.seconds,
      firstAt: Number.isFinite(this.first) ? this.first : null,
      lastAt: Number.isFinite(this.last) ? this.last : null
    }
  }
}

/** Direct events between every pair of the selected entities. */
export function contactMatrix(segments: readonly IndexedSegment[], selected: readonly string[], scope: AnalysisScope = {}): ContactMatrix {
  const resolve = scope.resolve ?? identity
  const keys = [...new Set(selected.map(resolve))]
  const n = keys.length
  const index = new Map(keys.map((k, i) => [k, i]))
  const grid = (): Cell[][] => Array.from({ length: n }, () => Array.from({ length: n }, () => new Cell()))
  const directed = grid()
  const undirected = grid()
  const total = grid()
  const tables = new WeakMap<object, Int32Array>()
  forEachEvent(segments, scope, (seg, i) => {
    let t = tables.get(seg)
    if (!t) {
      t = new Int32Array(seg.dict.length).fill(-1)
      for (let c = 1; c < seg.dict.length; c++) t[c] = index.get(resolve(seg.dict[c]!)) ?? -1
      tables.set(seg, t)
    }
    const a = seg.a[i] ? t[seg.a[i]!]! : -1
    const aAlt = seg.aAlt[i] ? t[seg.aAlt[i]!]! : -1
    const b = seg.b[i] ? t[seg.b[i]!]! : -1
    const bAlt = seg.bAlt[i] ? t[seg.bAlt[i]!]! : -1
    const r = a >= 0 ? a : aAlt
    const c = b >= 0 ? b : bAlt
    if (r < 0 || c < 0 || r === c) return
    if ((seg.flags[i]! & ROLES_UNKNOWN) !== 0) {
      undirected[r]![c]!.add(seg, i)
      undirected[c]![r]!.add(seg, i)
    } else {
      directed[r]![c]!.add(seg, i)
    }
    total[r]![c]!.add(seg, i)
    total[c]![r]!.add(seg, i)
  })
  const values = (g: Cell[][]): MatrixCell[][] => g.map((row) => row.map((cell) => cell.value()))
  return { keys, cells: values(directed), undirected: values(undirected), total: values(total) }
}
