// Proposes a mapping for a delimited text file held as a StreamedText: the sample comes from its first rows, while
// every date decision sees every value of its column (the file is read again for a column not kept the first time).
// It sits with the reader it serves; mapping does not depend on read, so this import goes one way only.
import { profileColumn, proposalPrefixLength, proposeMapping, type Proposal, type ProposeOptions, type RowSource } from '../mapping/autoMap'
import { RECORD_KINDS, type Mapping } from '../model/mapping'
import type { Cell } from '../model/rawTable'
import type { StreamedText } from './streamedText'

const TEMPORAL_TYPES = new Set(['datetime', 'date', 'timeOfDay', 'year'])

/** Columns a mapping reads as dates or times. */
export function temporalColumns(mapping: Mapping): number[] {
  const spec = RECORD_KINDS.find((k) => k.kind === mapping.recordKind)
  const out: number[] = []
  for (const col of mapping.columns) {
    const field = col.field ? spec?.fields.find((f) => f.id === col.field) : undefined
    if (field && TEMPORAL_TYPES.has(field.type)) out.push(col.index)
  }
  return out
}

/**
 * Columns whose every value the wizard will likely need, chosen from a file's first rows: those the first proposal
 * reads as dates, and any other whose values are written like dates or times (the analyst may map it, or pick
 * another kind). Bare numbers (serial days, Unix times) are left out: they are read as dates only when a header says
 * so, and a column mapped later is read then (proposeForText), so this choice costs time, never correctness.
 */
export function dateLikeColumns(prefix: readonly (readonly Cell[])[], sheet: string): number[] {
  const p = proposeMapping(prefix, { sheet })
  const cols = new Set(temporalColumns(p.mapping))
  const body = prefix.slice(p.header.dataStart, p.header.dataStart + 2000)
  const width = body.reduce((w, r) => Math.max(w, r.length), p.header.width)
  for (let c = 0; c < width; c++) {
    if (cols.has(c)) continue
    if (profileColumn(body.map((r) => r[c] ?? null)).temporal !== null) cols.add(c)
  }
  return [...cols]
}

/**
 * proposeMapping over a streamed text file. Returns the rows the sample may be taken from too (the file's first
 * rows, whole). The date decisions read every row through `StreamedText.cell`, so the million small row arrays a
 * big file would need are never built.
 */
export function proposeForText(text: StreamedText, options: ProposeOptions): { proposal: Proposal; rows: readonly (readonly Cell[])[] } {
  const all: RowSource = { length: text.rowCount, cell: (i, c) => text.cell(i, c) }
  const isBlank = (i: number): boolean => i >= text.prefix.length || text.prefix[i]!.every((c) => c.trim() === '')
  const enough = proposalPrefixLength(text.rowCount, isBlank, options) <= text.prefix.length
  const propose = (): Proposal => (enough ? proposeMapping(text.prefix, options, all) : proposeMapping(text.allRows(), options))
  let proposal = propose()
  const missing = temporalColumns(proposal.mapping).filter((c) => !text.keptColumns.has(c))
  if (missing.length > 0 && text.rowCount > text.prefix.length) {
    // A date mapped to a column that did not look like one at first: read its values too, then decide again.
    text.keepColumns(missing)
    proposal = propose()
  }
  return { proposal, rows: text.prefix }
}
