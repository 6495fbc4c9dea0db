// Finds the header row of a sheet (below title or preamble rows, or none at all) and makes its names unique.
import type { Cell, MergeRange } from '../model/rawTable'
import { isKnownHeader, normaliseHeader } from './aliases'

export type CellClass = 'empty' | 'number' | 'date' | 'text'

const NUMBER_RE = /^[+-]?(?:\d+|\d{1,3}(?:,\d{3})+)(?:\.\d+)?$/
const DATE_RE = /^(?:\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}|\d{8}(?:[ T]?\d{4,6})?|\d{1,2}:\d{2}(?::\d{2})?)(?!\d)/

/** A rough class of a cell, enough to tell a header row from data; the real value parsing is elsewhere. */
export function classifyCell(cell: Cell | undefined): CellClass {
  if (cell === null || cell === undefined) return 'empty'
  if (typeof cell === 'number' || typeof cell === 'boolean') return 'number'
  const t = cell.trim()
  if (t === '') return 'empty'
  // An 8-digit run with a time is a compact date (20060601 0008); a bare 8-digit run is usually a number.
  if (/^\d{8}[ T]\d{4,6}$/.test(t)) return 'date'
  if (NUMBER_RE.test(t)) return 'number'
  if (/^\+?\d[\d\s-]{5,}\d$/.test(t)) return 'number'
  if (DATE_RE.test(t)) return 'date'
  return 'text'
}

export function cellText(cell: Cell | undefined): string {
  if (cell === null || cell === undefined) return ''
  return typeof cell === 'string' ? cell : String(cell)
}

export interface HeaderDetection {
  /** 0-based index into the rows of the header row; -1 when the table has no header. */
  readonly headerIndex: number
  /** 0-based index of the first data row. */
  readonly dataStart: number
  /** Number of columns (the widest row seen). */
  readonly width: number
  /** Unique, non-blank column names, one per column. */
  readonly names: readonly string[]
  /** The header cells as found ('' for blank); all '' when there is no header. */
  readonly originals: readonly string[]
  readonly confidence: number
  readonly reason: string
}

export interface DetectHeaderOptions {
  readonly merges?: readonly MergeRange[]
  /** How many leading rows may hold a header (default 30). */
  readonly maxScan?: number
}

/** Blank names become `Column N` (1-based), repeats become `Name (2)`, `Name (3)`. */
export function uniqueHeaderNames(raw: readonly string[]): string[] {
  const used = new Set<string>()
  const out: string[] = []
  raw.forEach((name, i) => {
    const base = name.replace(/\s+/g, ' ').trim() || `Column ${i + 1}`
    let candidate = base
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${base} (${n})`
    used.add(candidate.toLowerCase())
    out.push(candidate)
  })
  return out
}

interface RowFeatures {
  readonly index: number
  readonly nonEmpty: number
  readonly fill: number
  readonly textFrac: number
  readonly distinct: number
  readonly aliasFrac: number
  readonly contrast: number | null
  readonly consistency: number
  readonly score: number
  readonly valid: boolean
}

const BODY_SAMPLE = 50

function isBlankRow(row: readonly Cell[] | undefined): boolean {
  if (!row) return true
  for (const c of row) if (classifyCell(c) !== 'empty') return false
  return true
}

function features(rows: readonly (readonly Cell[])[], i: number, width: number): RowFeatures {
  const row = rows[i] ?? []
  let nonEmpty = 0
  let text = 0
  let alias = 0
  const seen = new Set<string>()
  for (let c = 0; c < width; c++) {
    const cls = classifyCell(row[c])
    if (cls === 'empty') continue
    nonEmpty++
    const t = cellText(row[c]).trim()
    if (cls === 'text' && t.length <= 80) text++
    if (isKnownHeader(t)) alias++
    seen.add(normaliseHeader(t) || t)
  }
  // Classes of the rows below, per column: a header sits on top of consistently typed columns.
  const counts: Record<CellClass, number>[] = Array.from({ length: width }, () => ({ empty: 0, number: 0, date: 0, text: 0 }))
  const own = Array.from({ length: width }, (_, c) => cellText(row[c]).trim())
  const repeated = new Set<number>()
  let taken = 0
  for (let j = i + 1; j < rows.length && taken < BODY_SAMPLE; j++) {
    const r = rows[j]
    if (isBlankRow(r)) continue
    taken++
    for (let c = 0; c < width; c++) {
      counts[c]![classifyCell(r![c])]++
      // A header's labels do not recur in their own column below it; a data row's values often do.
      if (own[c] && cellText(r![c]).trim() === own[c]) repeated.add(c)
    }
  }
  // With fewer than three rows below, column types say little (a key/value list's last line is not its header).
  const enoughBody = taken >= 3
  let contrastCols = 0
  let contrastHits = 0
  let shareSum = 0
  let shareCols = 0
  for (let c = 0; c < width; c++) {
    const k = counts[c]!
    const filled = k.number + k.date + k.text
    if (filled === 0) continue
    const dominant: CellClass = k.number >= k.date && k.number >= k.text ? 'number' : k.date >= k.text ? 'date' : 'text'
    const share = k[dominant] / filled
    shareSum += share
    shareCols++
    if (enoughBody && dominant !== 'text' && share >= 0.6) {
      contrastCols++
      if (classifyCell(row[c]) === 'text') contrastHits++
    }
  }
  const fill = width ? nonEmpty / width : 0
  const textFrac = nonEmpty ? text / nonEmpty : 0
  const distinct = nonEmpty ? seen.size / nonEmpty : 0
  const aliasFrac = nonEmpty ? alias / nonEmpty : 0
  const contrast = contrastCols ? contrastHits / contrastCols : null
  const consistency = enoughBody && shareCols ? shareSum / shareCols : 0.5
  // A small preference for earlier rows: between two equally good candidates the header is the upper one.
  const repeatFrac = nonEmpty ? repeated.size / nonEmpty : 0
  const score =
    0.3 * aliasFrac + 0.2 * textFrac + 0.15 * fill + 0.1 * distinct + 0.15 * (contrast ?? textFrac * 0.5) + 0.1 * consistency - 0.2 * repeatFrac - 0.005 * i
  const valid = nonEmpty > 0 && textFrac >= 0.6 && (fill >= 0.5 || aliasFrac >= 0.5) && (contrast === null || contrast >= 0.5 || aliasFrac >= 0.5)
  return { index: i, nonEmpty, fill, textFrac, distinct, aliasFrac, contrast, consistency, score, valid }
}

/** Copies each merged header cell's text into every column it covers. */
function spreadMerges(row: readonly Cell[], rowIndex: number, width: number, merges: readonly MergeRange[]): string[] {
  const out = Array.from({ length: width }, (_, c) => cellText(row[c]).trim())
  for (const m of merges) {
    if (m.startRow > rowIndex || m.endRow < rowIndex) continue
    // The text sits in the merge's top-left cell, which may be on a row above this one (a vertical merge).
    const text = m.startRow === rowIndex ? out[m.startCol] || '' : ''
    if (!text) continue
    for (let c = m.startCol; c <= Math.min(m.endCol, width - 1); c++) out[c] = text
  }
  return out
}

function tableWidth(rows: readonly (readonly Cell[])[], upTo: number): number {
  let width = 0
  for (let i = 0; i < Math.min(rows.length, upTo); i++) {
    const row = rows[i]!
    // Trailing empty cells do not widen the table.
    let w = row.length
    while (w > 0 && classifyCell(row[w - 1]) === 'empty') w--
    if (w > width) width = w
  }
  return width
}

/**
 * Scores the leading rows by text-ness, distinctness, known header names, how much of the width they fill and how
 * consistently typed the rows below are, and returns the best header row, or none when no row looks like a header
 * (e.g. a semicolon CDR export whose first line is already data).
 */
export function detectHeader(rows: readonly (readonly Cell[])[], options: DetectHeaderOptions = {}): HeaderDetection {
  const maxScan = options.maxScan ?? 30
  const merges = options.merges ?? []
  const width = tableWidth(rows, maxScan + BODY_SAMPLE * 4)
  const firstData = rows.findIndex((r) => !isBlankRow(r))
  const none = (reason: string): HeaderDetection => ({
    headerIndex: -1,
    dataStart: Math.max(0, firstData),
    width,
    names: uniqueHeaderNames(Array.from({ length: width }, () => '')),
    originals: Array.from({ length: width }, () => ''),
    confidence: 0.5,
    reason
  })
  if (width === 0 || firstData < 0) return none('the sheet is empty')

  const candidates: RowFeatures[] = []
  for (let i = firstData; i < Math.min(rows.length, maxScan); i++) {
    if (isBlankRow(rows[i])) continue
    candidates.push(features(rows, i, width))
  }
  let best: RowFeatures | null = null
  for (const c of candidates) if (c.valid && (!best || c.score > best.score + 1e-9)) best = c
  if (!best) return none('no leading row looks like a header (the first rows hold data): columns are mapped by content')

  let headerIndex = best.index
  let groupIndex = -1
  // A group row (merged or sparse labels over sub-headers) sits above the real header: use both.
  const next = candidates.find((c) => c.index > best!.index)
  const bestHasMerges = merges.some((m) => m.startRow <= best!.index && m.endRow >= best!.index && m.endCol > m.startCol)
  const groupMerged = (index: number): boolean => merges.some((m) => m.startRow === index && m.endCol > m.startCol)
  const looksLikeGroup = bestHasMerges || best.nonEmpty * 2 <= width
  if (next && next.valid && next.index === best.index + 1 && next.textFrac >= 0.8 && next.fill > best.fill && looksLikeGroup && next.score >= best.score - 0.15) {
    groupIndex = best.index
    headerIndex = next.index
  } else {
    // Or the best row is the sub-header and the row above it holds merged group labels (spreadsheets only).
    const above = best.index - 1
    const aboveMerged = above >= 0 && merges.some((m) => m.startRow === above && m.endCol > m.startCol)
    if (aboveMerged && !isBlankRow(rows[above]) && features(rows, above, width).textFrac >= 0.8) groupIndex = above
  }

  const headerCells = spreadMerges(rows[headerIndex] ?? [], headerIndex, width, merges)
  if (groupIndex >= 0) {
    const group = spreadMerges(rows[groupIndex] ?? [], groupIndex, width, merges)
    // Without merge information, a sparse group label covers the columns to its right until the next label.
    if (!groupMerged(groupIndex)) for (let c = 1; c < width; c++) if (!group[c]) group[c] = group[c - 1] ?? ''
    for (let c = 0; c < width; c++) {
      const g = group[c] ?? ''
      const h = headerCells[c] ?? ''
      headerCells[c] = g && h && g !== h ? `${g} ${h}` : h || g
    }
  }
  let dataStart = headerIndex + 1
  while (dataStart < rows.length && isBlankRow(rows[dataStart])) dataStart++
  const skipped = headerIndex - firstData - (groupIndex >= 0 ? 1 : 0)
  const why = [`row ${headerIndex + 1} has ${Math.round(best.textFrac * 100)}% text labels`]
  if (best.aliasFrac > 0) why.push(`${Math.round(best.aliasFrac * 100)}% known column names`)
  if (skipped > 0) why.push(`${skipped} title/preamble row(s) above it skipped`)
  if (groupIndex >= 0) why.push(`group labels from row ${groupIndex + 1} prefixed`)
  return {
    headerIndex,
    dataStart,
    width,
    names: uniqueHeaderNames(headerCells),
    originals: headerCells,
    confidence: Math.min(1, Math.max(0.3, best.score)),
    reason: why.join('; ')
  }
}

/** The header at a given row (0-based index; -1 for none): used when a saved mapping says where the header is. */
export function headerAt(rows: readonly (readonly Cell[])[], headerIndex: number, options: DetectHeaderOptions = {}): HeaderDetection {
  const width = tableWidth(rows, (options.maxScan ?? 30) + BODY_SAMPLE * 4)
  if (headerIndex < 0) {
    const firstData = rows.findIndex((r) => !isBlankRow(r))
    return {
      headerIndex: -1,
      dataStart: Math.max(0, firstData),
      width,
      names: uniqueHeaderNames(Array.from({ length: width }, () => '')),
      originals: Array.from({ length: width }, () => ''),
      confidence: 1,
      reason: 'the mapping says the table has no header'
    }
  }
  const cells = spreadMerges(rows[headerIndex] ?? [], headerIndex, width, options.merges ?? [])
  let dataStart = headerIndex + 1
  while (dataStart < rows.length && isBlankRow(rows[dataStart])) dataStart++
  return { headerIndex, dataStart, width, names: uniqueHeaderNames(cells), originals: cells, confidence: 1, reason: `row ${headerIndex + 1} is the header, as the mapping says` }
}
