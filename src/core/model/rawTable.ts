// The shape every file reader produces: sheets of raw cells, plus how the file was read and what went wrong on the way.

/**
 * One cell as read. CSV cells are always strings ('' is an empty cell). Spreadsheet cells keep their type:
 * text stays text exactly (leading `+` and `0` kept), numbers stay numbers, booleans stay booleans,
 * date-formatted cells become wall-clock text `YYYY-MM-DDTHH:mm:ss` (no zone: spreadsheets have none;
 * `.sss` is added only when the cell holds milliseconds),
 * time-only cells `HH:mm:ss`, elapsed-time cells (`[h]:mm:ss`) `H:mm:ss` with hours past 24 allowed,
 * and empty or error cells are null.
 */
export type Cell = string | number | boolean | null

/** A merged block of cells, 0-based and inclusive, in the same coordinates as `RawSheet.rows`. */
export interface MergeRange {
  readonly startRow: number
  readonly startCol: number
  readonly endRow: number
  readonly endCol: number
}

export type SheetVisibility = 'visible' | 'hidden' | 'veryHidden'

export interface RawSheet {
  /** The sheet name exactly as stored (trailing spaces kept); for text files, the file name without its extension. */
  readonly name: string
  /** True for hidden and "very hidden" sheets: the analyst may not know they exist. */
  readonly hidden: boolean
  /** Which kind of hidden: Excel's "very hidden" sheets can only be shown with the VBA editor. Readers always set it. */
  readonly visibility?: SheetVisibility
  /**
   * Rows in file order. For spreadsheets `rows[r][c]` is the cell at row r+1, column c (A = 0): leading empty
   * rows and columns are kept so that coordinates match what the user sees; trailing empty cells are trimmed,
   * so rows may differ in length. For text files a row is one record; field-count mismatches are kept as they are.
   */
  readonly rows: Cell[][]
  readonly merges: MergeRange[]
  /**
   * Text files only, and only when some record spans several lines (a quoted field with a line break):
   * the 1-based line on which each row starts, so provenance can point at the line in a text editor.
   * When absent, row i starts on line i + 1.
   */
  readonly rowLines?: number[]
}

export type FileFormat =
  | 'csv'
  | 'tsv'
  | 'txt'
  | 'prn'
  | 'xlsx'
  | 'xlsm'
  | 'xlsb'
  | 'xls'
  | 'ods'
  | 'fods'
  | 'slk'
  | 'dif'
  | 'xml' // SpreadsheetML 2003
  | 'html' // an HTML table, often saved with an .xls name by web portals
  | 'rtf'
  | 'lotus' // Lotus 1-2-3 (.wk1/.wk3/.wk4/.wks/.123) and Lotus Symphony/Works formats
  | 'quattro' // Quattro Pro (.wq1/.wb1/.wb2/.wb3/.qpw)

export interface ReadWarning {
  /** Stable machine code, e.g. 'field-count', 'invalid-bytes', 'encoding-guessed', 'error-cell'. */
  readonly code: string
  /** A sentence the analyst understands: what happened, where, and what to do about it. */
  readonly message: string
  readonly sheet?: string
  /** 1-based row (record) number within the sheet. */
  readonly row?: number
  /** 1-based column number, when the warning is about one cell. */
  readonly column?: number
  /** How many occurrences this warning stands for (for summaries). */
  readonly count?: number
}

export type ReadErrorCode =
  | 'encrypted'
  | 'zip-bomb'
  | 'too-large'
  | 'unsupported-format'
  | 'unsupported-encoding'
  | 'unsafe-xml'
  | 'corrupt'
  | 'empty'

export interface ReadError {
  readonly code: ReadErrorCode
  /** Names the file, says what is wrong and what to do. */
  readonly message: string
  readonly fileName: string
}

export interface RawTable {
  readonly format: FileFormat
  /** The text encoding used (WHATWG name, e.g. 'utf-8', 'windows-874'); null for binary spreadsheets. */
  readonly encoding: string | null
  readonly sheets: RawSheet[]
  readonly warnings: ReadWarning[]
  /** Text files only: the field delimiter used. */
  readonly delimiter?: string
  /** Spreadsheets only: true when the workbook counts dates from 1904 (older Mac Excel) instead of 1900. */
  readonly date1904?: boolean
}

export type ReadResult = { ok: true; table: RawTable } | { ok: false; error: ReadError }
