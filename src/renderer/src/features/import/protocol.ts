// Messages between the import screens and the import worker. Files are read, mapped and written in the worker so
// the screen never blocks; everything a screen shows about a file comes back as plain data.
import type { Cell, FileFormat, ReadWarning } from '../../../../core/model/rawTable'
import type { ImportSummary, Mapping, RejectedRow, RowIssue } from '../../../../core/model/mapping'
import type { KindScore, MappingProblem } from '../../../../core/mapping/autoMap'
import type { EntityRecord, EntityStats, Segment } from '../../../../core/store'
import type { WatchedColumnData } from '../../../../core/read/streamedDates'

export interface ProposeSettings {
  readonly sheet: string
  readonly country?: string
  readonly zone?: string
  readonly dateOrders?: Readonly<Record<string, 'dmy' | 'mdy'>>
  readonly recordKind?: Mapping['recordKind']
  /** The analyst's edited mapping, when they changed columns by hand. */
  readonly mapping?: Mapping
}

export interface SheetOverview {
  readonly name: string
  readonly hidden: boolean
  /** Rows read: all of the sheet's, unless `partial`. */
  readonly rows: number
  /** A big text file the wizard read only the start of (its rows are counted during the import). */
  readonly partial?: { readonly bytesRead: number }
}

/** A date column whose reading changed after the rows the wizard proposed from: the analyst must choose its order. */
export interface DateQuestion {
  readonly sheet: string
  readonly field: string
  readonly column: number
  readonly header: string
  readonly example: string
}

export interface ProposalView {
  readonly sheet: string
  readonly mapping: Mapping
  readonly headerNames: readonly string[]
  /** The first data rows, as text, for the mapping grid. */
  readonly sample: readonly (readonly string[])[]
  /** 1-based row numbers of the sample rows as the user sees them. */
  readonly sampleRows: readonly number[]
  readonly kindScores: readonly KindScore[]
  readonly notices: readonly string[]
  readonly problems: readonly MappingProblem[]
  readonly template: string | null
  readonly inferredCountry?: string
  readonly headerReason: string
}

/** A committed source in the case with the same SHA-256 as a file being added. */
export interface DuplicateOf {
  readonly sourceId: string
  readonly fileName: string
  readonly importedAt: number
}

export interface FileOverview {
  readonly fileId: string
  readonly fileName: string
  readonly size: number
  /**
   * The file's SHA-256, or null while it is still being computed: a big file is proposed from its first rows while the
   * rest is read and hashed, and a `checked` message brings the hash and the duplicate check later.
   */
  readonly sha256: string | null
  readonly format: FileFormat
  readonly encoding: string | null
  /** Text files: the encoding Waymark detected, and the one the analyst chose instead (null: as detected). */
  readonly detectedEncoding?: string | null
  readonly chosenEncoding?: string | null
  readonly sheets: readonly SheetOverview[]
  readonly warnings: readonly ReadWarning[]
  /** A committed source in this case with the same SHA-256, if any (null too while `sha256` is). */
  readonly duplicateOf: DuplicateOf | null
}

export interface ImportReport {
  readonly fileId: string
  readonly fileName: string
  readonly sourceId: string
  readonly sheets: readonly { readonly sheet: string; readonly summary: ImportSummary }[]
  readonly events: number
  readonly merged: number
  readonly rejected: readonly RejectedRow[]
  readonly issues: readonly RowIssue[]
  /** Issues beyond this many are counted in the summaries but not listed. */
  readonly issuesTruncated: boolean
  /**
   * What reading the whole file found (undecodable bytes, rows with another number of fields, stray quotes), each
   * naming its sheet and row; also stored with the source. For a big text file these cover every row, not only the
   * first ones the wizard proposed from (whose warnings the overview shows).
   */
  readonly readWarnings: readonly ReadWarning[]
  readonly seconds: number
}

export type ToWorker =
  /** A file's bytes, read already (the demo case's files). */
  | { readonly type: 'inspect'; readonly fileId: string; readonly caseId: string; readonly fileName: string; readonly bytes: ArrayBuffer }
  /**
   * A file the analyst chose. The worker reads it; when it is bigger than PROPOSAL_HEAD_BYTES, only its start, and the
   * screen reads the whole file meanwhile and sends it as `whole` (the worker's own reads would wait on its proposal).
   */
  | { readonly type: 'inspect'; readonly fileId: string; readonly caseId: string; readonly fileName: string; readonly file: Blob }
  /** The whole of a big file sent as `inspect` (and its SHA-256, when the screen's hashing worker computed it), or why it could not be read. */
  | { readonly type: 'whole'; readonly fileId: string; readonly bytes: ArrayBuffer; readonly sha256: string | null }
  | { readonly type: 'whole'; readonly fileId: string; readonly error: string }
  | { readonly type: 'propose'; readonly fileId: string; readonly settings: ProposeSettings }
  /** Read a text file again with the encoding the analyst chose (a WHATWG label), or as detected (null). */
  | { readonly type: 'encoding'; readonly fileId: string; readonly encoding: string | null; readonly settings: ProposeSettings }
  | { readonly type: 'import'; readonly fileId: string; readonly caseId: string; readonly sheets: readonly { readonly sheet: string; readonly mapping: Mapping }[] }
  | { readonly type: 'cancel'; readonly fileId: string }
  | { readonly type: 'forget'; readonly fileId: string }
  /** To the import worker: a port to a second worker that maps half of a big text file while it maps the other. */
  | { readonly type: 'helper'; readonly port: MessagePort }
  /** To the second worker: serve parts of imports on this port. */
  | { readonly type: 'serve'; readonly port: MessagePort }
  /** To the import worker: the second worker stopped (crashed); a part it was mapping has failed. */
  | { readonly type: 'helper-lost'; readonly message: string }

export type FromWorker =
  | {
      readonly type: 'inspected'
      readonly fileId: string
      readonly overview: FileOverview
      /** Proposals with the default settings made while inspecting (a text file's one sheet): no `propose` needed for them. */
      readonly proposals?: readonly ProposalView[]
    }
  /** The whole file was read and hashed, and the case searched for the same file: what `inspected` left null. */
  | { readonly type: 'checked'; readonly fileId: string; readonly sha256: string; readonly duplicateOf: DuplicateOf | null }
  | { readonly type: 'proposed'; readonly fileId: string; readonly proposal: ProposalView }
  /** A text file read again with another encoding: what it now reads as, and its proposal made afresh. */
  | {
      readonly type: 'reread'
      readonly fileId: string
      readonly overview: Pick<FileOverview, 'encoding' | 'sheets' | 'warnings'> & { readonly detectedEncoding: string | null; readonly chosenEncoding: string | null }
      readonly proposal: ProposalView | null
    }
  | {
      readonly type: 'progress'
      readonly fileId: string
      readonly phase: 'mapping' | 'writing' | 'committing'
      readonly done: number
      readonly total: number
      /** `total` is estimated from the size of the file (its rows are still being counted). */
      readonly estimated?: boolean
      readonly rowsPerSecond: number
    }
  | { readonly type: 'imported'; readonly fileId: string; readonly report: ImportReport }
  | { readonly type: 'cancelled'; readonly fileId: string }
  | { readonly type: 'failed'; readonly fileId: string; readonly message: string; readonly action: string; readonly dateQuestions?: readonly DateQuestion[] }

/**
 * A file bigger than this is proposed from its first PROPOSAL_HEAD_BYTES while the rest is read and hashed. Enough for
 * the first 20,000 rows (what a text file is proposed from) at up to ~400 bytes a row; a file whose rows are longer is
 * proposed from the whole file, as a small one is.
 */
export const PROPOSAL_HEAD_BYTES = 8 * 1024 * 1024

/** Text files at least this big are mapped by two workers at once (one per half), when the file allows a safe cut. */
export const PARALLEL_MIN_BYTES = 4 * 1024 * 1024

/** A part of a text file's import, from the import worker to the second worker (over their port). */
export type ToHelper =
  | {
      readonly type: 'part'
      readonly partId: number
      readonly fileName: string
      readonly sha256: string
      readonly sheet: string
      readonly mapping: Mapping
      /** The bytes from the cut to the end of the file. */
      readonly bytes: ArrayBuffer
      readonly encoding: string
      readonly delimiter: string
      /** The usual number of fields per row, from the file's start: rows with another count are reported. */
      readonly expectedFields: number | null
      /** Rows and lines of the file before the cut. */
      readonly rowsBefore: number
      readonly linesBefore: number
      readonly maxListedIssues: number
      /** Watch every date value (the wizard read only the file's first rows) and send the evidence back. */
      readonly watchDates: boolean
    }
  /** The pending source now exists: write segments into it. */
  | { readonly type: 'part-begun'; readonly partId: number; readonly importId: string }
  /** Stop (cancel, or the other half failed); reply `part-stopped` once no write is in flight. */
  | { readonly type: 'part-stop'; readonly partId: number }

export type FromHelper =
  | { readonly type: 'part-progress'; readonly partId: number; readonly done: number }
  | {
      readonly type: 'part-done'
      readonly partId: number
      readonly summary: ImportSummary
      readonly issues: readonly RowIssue[]
      readonly issueCount: number
      readonly rejected: readonly RejectedRow[]
      readonly watches: readonly WatchedColumnData[]
      /** The part's read warnings, naming the file's rows (not the part's). */
      readonly readWarnings: readonly ReadWarning[]
      readonly entityRecords: readonly EntityRecord[]
      /** The segments the part wrote, with their ids, and their entity statistics: the commit uses them as they are. */
      readonly written: { readonly segments: { readonly id: string; readonly segment: Segment }[]; readonly stats: EntityStats[] }
      readonly phases: Readonly<Record<string, number>>
    }
  | { readonly type: 'part-failed'; readonly partId: number; readonly message: string; readonly action: string }
  | { readonly type: 'part-stopped'; readonly partId: number }

export function cellToText(c: Cell | undefined): string {
  if (c === null || c === undefined) return ''
  return typeof c === 'string' ? c : String(c)
}
