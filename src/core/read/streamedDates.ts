// Checks a streamed import's date decisions against every value it read: the wizard decides a big text file's date
// formats from its first rows, the import (two workers, one per half) watches every date value, and before the commit
// the decision is taken again from all of them. A reading that changes fails the import with the file, column, row
// and value. It sits with the reader it serves; mapping does not depend on read, so this import goes one way only.
import type { Proposal } from '../mapping/autoMap'
import type { DateWatch } from '../mapping/dates'
import { checkDates, joinDateWatches, type RecordBuilder, type WatchedDateColumn } from '../mapping/records'
import type { Mapping } from '../model/mapping'

type Tally = DateWatch['tally']

/** A watched column as plain data, so it can cross from one worker to another (structured clone keeps Maps). */
export interface WatchedColumnData {
  readonly field: string
  readonly column: number
  readonly header: string
  readonly expect: DateWatch['expect']
  readonly tally: Tally
}

export function watchesToData(watches: readonly WatchedDateColumn[]): WatchedColumnData[] {
  return watches.map((w) => ({ field: w.field, column: w.column, header: w.header, expect: w.watch.expect, tally: w.watch.tally }))
}

function watchOf(expect: DateWatch['expect'], tally: Tally): DateWatch {
  return { expect, row: 0, seen: () => tally.total, tally }
}

/** Joins the watches of consecutive parts of one sheet (earliest part first) column by column. */
export function mergeWatches(parts: readonly (readonly WatchedColumnData[])[]): WatchedDateColumn[] {
  return joinDateWatches(parts.map((part) => part.map((w) => ({ field: w.field, column: w.column, header: w.header, watch: watchOf(w.expect, w.tally) }))))
}

/** Why an import was stopped at the end: the column, the row and value that changed its reading, what to do. */
export interface LateDateProblem {
  readonly code: 'ambiguous-date' | 'date-format-changed'
  readonly field: string
  readonly column: number
  readonly header: string
  /** The later value that changed the reading ('' when none could be named). */
  readonly example: string
  readonly message: string
  readonly action: string
}

/**
 * Takes the date decisions of `mapping` again from every value watched, and says when one reads differently now.
 * Decisions the analyst made (an order chosen in the wizard) or a template's are kept as they are, never re-decided.
 * `sampleEnd` is the line of the last row the wizard's proposal read: the change is traced to a row after it.
 */
export function checkStreamedDates(args: {
  readonly fileName: string
  readonly proposal: Proposal
  readonly mapping: Mapping
  readonly watches: readonly WatchedDateColumn[]
  readonly sampleEnd: number
}): LateDateProblem[] {
  const { mapping } = args
  // checkDates needs only the builder's watches: the records were built by the two workers.
  const builder: RecordBuilder = {
    build: () => {
      throw new Error('checkStreamedDates: not a builder')
    },
    summary: () => {
      throw new Error('checkStreamedDates: not a builder')
    },
    dateWatches: () => args.watches
  }
  // A decision in the `mapping` option counts as given and is kept unless still open: the analyst's are passed so.
  const analysts = mapping.dateFormats.filter((d) => d.decision.decidedBy === 'user')
  const { problems } = checkDates({ ...args.proposal, mapping }, builder, { sheet: '', mapping: { ...mapping, dateFormats: analysts } }, args.sampleEnd)
  const out: LateDateProblem[] = []
  for (const p of problems) {
    if (p.code !== 'ambiguous-date' && p.code !== 'date-format-changed') continue
    // checkDates speaks to the command line at its end; the wizard says what to do in its own words.
    const cut = p.message.indexOf('may be wrong.')
    const what = cut >= 0 ? p.message.slice(0, cut + 'may be wrong.'.length) : p.message
    const example = p.code === 'ambiguous-date' ? p.example : (/has '([^']*)'/.exec(p.message)?.[1] ?? '')
    out.push({
      code: p.code,
      field: p.field,
      column: p.column,
      header: p.header,
      example,
      message: `${args.fileName}: ${what}`,
      action:
        p.code === 'ambiguous-date'
          ? `Choose the day/month order for column "${p.header}" and import again.`
          : `Choose how column "${p.header}" is read (its day/month order below), or split the file where its date format changes, and import again.`
    })
  }
  return out
}
