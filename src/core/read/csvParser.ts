// The delimited-text state machine: RFC 4180 records from text that arrives in pieces, fast on unquoted fields, keeping every row and reporting what was odd.

const QUOTE = 34
const LF = 10
const CR = 13

const enum State {
  FieldStart,
  Unquoted,
  Quoted,
  /** Inside a quoted field, the piece ended on a quote: it either closes the field or starts an escaped `""`. */
  QuotedQuote
}

/** A problem found while parsing, with the 1-based record number and the line it started on. */
export interface ParseIssue {
  readonly kind: 'unterminated-quote' | 'text-after-quote'
  readonly row: number
  readonly line: number
}

/** Thrown when one field grows past the limit: almost always a quote that is never closed. */
export class FieldTooLargeError extends Error {
  constructor(
    readonly row: number,
    readonly line: number,
    readonly limit: number
  ) {
    super(`field in row ${row} exceeds ${limit} characters`)
    this.name = 'FieldTooLargeError'
  }
}

export interface RecordParserOptions {
  /** One character, not a quote or line break. */
  readonly delimiter: string
  /** Record the line on which each row starts. */
  readonly trackLines?: boolean
  /** Stop after this many rows (for sniffing); the rest of the text is ignored. */
  readonly maxRows?: number
  /** Characters one field may reach before `FieldTooLargeError`. */
  readonly maxFieldChars?: number
}

export const DEFAULT_MAX_FIELD_CHARS = 16 * 1024 * 1024
const MAX_KEPT_ISSUES = 100

/**
 * Parses delimited text fed in pieces with `write(text)`; completed rows accumulate in `rows` (take them with
 * `takeRows()`), and `end()` completes the last one. Quoting follows RFC 4180 with the usual leniencies:
 * a quote inside an unquoted field is literal, text after a closing quote is appended (as Excel does) and
 * reported, and an unclosed quote runs to the end of the file and is reported. CR, LF and CRLF all end a row.
 * A blank line is a row with one empty field, so row numbers stay in step with lines.
 */
export class RecordParser {
  readonly delimiter: string
  private readonly dc: number
  private readonly trackLines: boolean
  private readonly maxRows: number
  private readonly maxFieldChars: number

  private rows: string[][] = []
  private lines: number[] = []
  private row: string[] = []
  private state: State = State.FieldStart
  /** Text of the field in progress when a piece ended inside it. */
  private partial = ''
  private skipLF = false
  /** Line on which the current row starts (1-based), and line breaks seen inside its quoted fields. */
  private line = 1
  private innerBreaks = 0
  private rowNumber = 0
  /** The first `MAX_KEPT_ISSUES` issues of each kind; `issueCounts` has the totals. */
  private readonly tailCache = { text: '', d: -2, lf: -2, cr: -2 }
  readonly issues: ParseIssue[] = []
  readonly issueCounts: Record<ParseIssue['kind'], number> = { 'unterminated-quote': 0, 'text-after-quote': 0 }
  private ended = false

  constructor(opts: RecordParserOptions) {
    const d = opts.delimiter
    if (d.length !== 1 || d === '"' || d === '\n' || d === '\r') throw new RangeError(`invalid delimiter ${JSON.stringify(d)}`)
    this.delimiter = d
    this.dc = d.charCodeAt(0)
    this.trackLines = opts.trackLines ?? false
    this.maxRows = opts.maxRows ?? Infinity
    this.maxFieldChars = opts.maxFieldChars ?? DEFAULT_MAX_FIELD_CHARS
  }

  /** Rows completed so far (1-based number of the next row is `rowCount + 1`). */
  get rowCount(): number {
    return this.rowNumber
  }

  get full(): boolean {
    return this.rowNumber >= this.maxRows
  }

  /** Completed rows since the last call, with the line each starts on when lines are tracked. */
  takeRows(): { rows: string[][]; lines: number[] } {
    const out = { rows: this.rows, lines: this.lines }
    this.rows = []
    this.lines = []
    return out
  }

  write(s: string): void {
    if (this.ended) throw new Error('RecordParser.write after end()')
    const len = s.length
    if (len === 0 || this.full) return
    let i = 0
    if (this.skipLF) {
      this.skipLF = false
      if (s.charCodeAt(0) === LF) i = 1
    }
    switch (this.state) {
      case State.Unquoted:
        i = this.unquotedTail(s, i, this.partial)
        break
      case State.Quoted:
        i = this.quoted(s, i, this.partial)
        break
      case State.QuotedQuote:
        if (s.charCodeAt(i) === QUOTE) i = this.quoted(s, i + 1, this.partial + '"')
        else i = this.afterQuote(s, i, this.partial)
        break
      case State.FieldStart:
        break
    }
    if (i >= 0 && i < len && !this.full) this.scan(s, i)
    this.tailCache.text = ''
  }

  /** Completes the last row. Call once, after the last `write`. */
  end(): void {
    if (this.ended) return
    this.ended = true
    if (this.full) return
    switch (this.state) {
      case State.Unquoted:
        this.row.push(this.partial)
        break
      case State.Quoted:
        this.issue('unterminated-quote')
        this.countBreaks(this.partial)
        this.row.push(this.partial)
        break
      case State.QuotedQuote:
        this.row.push(this.partial)
        break
      case State.FieldStart:
        // After a delimiter the row has a last, empty field; with no fields at all the input ended with a line break.
        if (this.row.length === 0) return
        this.row.push('')
        break
    }
    this.partial = ''
    this.state = State.FieldStart
    this.emit()
  }

  private issue(kind: ParseIssue['kind']): void {
    if (++this.issueCounts[kind] <= MAX_KEPT_ISSUES) this.issues.push({ kind, row: this.rowNumber + 1, line: this.line })
  }

  private emit(): void {
    this.rows.push(this.row)
    if (this.trackLines) this.lines.push(this.line)
    this.rowNumber++
    this.line += 1 + this.innerBreaks
    this.innerBreaks = 0
    this.row = []
  }

  /** Index just past a line break starting at `i` (CR, LF or CRLF); a CR at the very end defers the LF check. */
  private skipBreak(s: string, i: number): number {
    if (s.charCodeAt(i) === CR) {
      if (i + 1 === s.length) {
        this.skipLF = true
        return i + 1
      }
      return s.charCodeAt(i + 1) === LF ? i + 2 : i + 1
    }
    return i + 1
  }

  /** The hot loop: fields from `i` until the text runs out. */
  private scan(s: string, start: number): void {
    const len = s.length
    const dc = this.dc
    const d = this.delimiter
    const maxRows = this.maxRows
    let i = start
    // Next delimiter, LF and CR positions, found once and reused until passed (-1: none left in this piece).
    let nd = -2
    let nl = -2
    let nc = -2
    while (i < len) {
      const c = s.charCodeAt(i)
      if (c === QUOTE) {
        i = this.quoted(s, i + 1, '')
        if (i < 0) return
        if (this.rowNumber >= maxRows) return
        continue
      }
      if (c === dc) {
        this.row.push('')
        i++
        continue
      }
      if (c === LF || c === CR) {
        // A blank line, or a line ending right after a delimiter: either way one empty field.
        this.row.push('')
        this.emit()
        if (this.rowNumber >= maxRows) return
        i = this.skipBreak(s, i)
        continue
      }
      if (nd !== -1 && nd < i) nd = s.indexOf(d, i)
      if (nl !== -1 && nl < i) nl = s.indexOf('\n', i)
      if (nc !== -1 && nc < i) nc = s.indexOf('\r', i)
      let eol = nl === -1 ? len : nl
      if (nc !== -1 && nc < eol) eol = nc
      if (nd !== -1 && nd < eol) {
        this.row.push(s.slice(i, nd))
        i = nd + 1
        continue
      }
      if (eol < len) {
        this.row.push(s.slice(i, eol))
        this.emit()
        if (this.rowNumber >= maxRows) return
        i = this.skipBreak(s, eol)
        continue
      }
      this.holdPartial(s.slice(i), State.Unquoted)
      return
    }
  }

  private holdPartial(text: string, state: State): void {
    if (text.length > this.maxFieldChars) throw new FieldTooLargeError(this.rowNumber + 1, this.line, this.maxFieldChars)
    this.partial = text
    this.state = state
  }

  /**
   * Reads a quoted field's content from `j` (just past the opening quote, or resuming with `buf`).
   * Returns the index after the field's terminator, or -1 when the piece ran out (state saved).
   */
  private quoted(s: string, j: number, buf: string): number {
    const len = s.length
    for (;;) {
      const q = s.indexOf('"', j)
      if (q === -1) {
        this.holdPartial(buf + s.slice(j), State.Quoted)
        return -1
      }
      if (q + 1 === len) {
        this.holdPartial(buf + s.slice(j, q), State.QuotedQuote)
        return -1
      }
      if (s.charCodeAt(q + 1) === QUOTE) {
        buf += s.slice(j, q + 1)
        j = q + 2
        continue
      }
      buf += s.slice(j, q)
      return this.afterQuote(s, q + 1, buf)
    }
  }

  /** Just after a closing quote: a delimiter, a line break, or (malformed) more text to append. */
  private afterQuote(s: string, i: number, buf: string): number {
    this.state = State.FieldStart
    this.partial = ''
    if (this.trackLines) this.countBreaks(buf)
    const c = s.charCodeAt(i)
    if (c === this.dc) {
      this.row.push(buf)
      return i + 1
    }
    if (c === LF || c === CR) {
      this.row.push(buf)
      this.emit()
      return this.skipBreak(s, i)
    }
    this.issue('text-after-quote')
    return this.unquotedTail(s, i, buf)
  }

  /** Continues an unquoted field from `i` with `prefix` already read. Returns the next index or -1. */
  private unquotedTail(s: string, i: number, prefix: string): number {
    const len = s.length
    // Cached like the hot loop's, so a line of many malformed fields stays linear.
    const t = this.tailCache
    if (t.text !== s) {
      t.text = s
      t.d = t.lf = t.cr = -2
    }
    if (t.d !== -1 && t.d < i) t.d = s.indexOf(this.delimiter, i)
    if (t.lf !== -1 && t.lf < i) t.lf = s.indexOf('\n', i)
    if (t.cr !== -1 && t.cr < i) t.cr = s.indexOf('\r', i)
    let e = t.d === -1 ? len : t.d
    if (t.lf !== -1 && t.lf < e) e = t.lf
    if (t.cr !== -1 && t.cr < e) e = t.cr
    this.state = State.FieldStart
    this.partial = ''
    if (e === len) {
      this.holdPartial(prefix + s.slice(i), State.Unquoted)
      return -1
    }
    this.row.push(prefix + s.slice(i, e))
    if (s.charCodeAt(e) === this.dc) return e + 1
    this.emit()
    return this.skipBreak(s, e)
  }

  /** Line breaks inside a quoted field move the next row's starting line down. */
  private countBreaks(text: string): void {
    if (text.indexOf('\n') === -1 && text.indexOf('\r') === -1) return
    let n = 0
    for (let p = 0; p < text.length; p++) {
      const ch = text.charCodeAt(p)
      if (ch === CR || (ch === LF && !(p > 0 && text.charCodeAt(p - 1) === CR))) n++
    }
    this.innerBreaks += n
  }
}
