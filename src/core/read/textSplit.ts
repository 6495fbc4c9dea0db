// Finds where a delimited text file can be cut in two so that a second reader can start at the cut and still know
// exactly which row and line it is on — so two workers can read, map and encode the halves of a big CDR at once.
//
// The cut is only made where that is certain without parsing: after a line feed, with no quote character anywhere
// before it (a quote could open a field that runs over line breaks, and then a line break would not end a row).
// In such text every CR, LF or CRLF ends exactly one row, as the parser (csvParser.ts) counts them. Files this rule
// does not fit are simply read by one worker.

const LF = 10
const CR = 13
const QUOTE = 34

export interface TextSplit {
  /** Byte offset of the first row of the second part (just after a line feed). */
  readonly offset: number
  /** Rows (blank ones included) before the cut: the 0-based index of the second part's first row. */
  readonly rowsBefore: number
  /** Lines before the cut: the second part's line numbers are its own plus this. */
  readonly linesBefore: number
}

/** Encodings in which a byte 0x0A is always a line feed and 0x22 always a quote (not UTF-16, not ISO-2022). */
export function splittableEncoding(encoding: string | null): boolean {
  if (encoding === null) return false
  const e = encoding.toLowerCase()
  return !e.startsWith('utf-16') && !e.startsWith('iso-2022') && e !== 'replacement'
}

/**
 * Where to cut `bytes` near `fraction` of its length, or null when no safe cut exists: a quote before the point,
 * no line feed after it, or a cut that would leave the second part without rows. `minRowsBefore` keeps the cut
 * below the header rows (the first reader must see them).
 */
export function findTextSplit(bytes: Uint8Array, encoding: string | null, options: { fraction?: number; minRowsBefore?: number } = {}): TextSplit | null {
  if (!splittableEncoding(encoding)) return null
  const fraction = options.fraction ?? 0.5
  if (!(fraction > 0 && fraction < 1)) throw new RangeError(`findTextSplit: fraction must be between 0 and 1, got ${fraction}`)
  const target = Math.floor(bytes.length * fraction)
  const lf = bytes.indexOf(LF, target)
  if (lf < 0 || lf + 1 >= bytes.length) return null
  const offset = lf + 1
  const before = bytes.subarray(0, offset)
  if (before.indexOf(QUOTE) >= 0) return null
  let breaks = 0
  if (before.indexOf(CR) < 0) {
    // No CR (most files, and every file written on Linux or by most exports): the rows are the line feeds, found with
    // the runtime's own search rather than a byte loop over half of a file of hundreds of megabytes.
    for (let i = before.indexOf(LF); i >= 0; i = before.indexOf(LF, i + 1)) breaks++
  } else {
    for (let i = 0; i < offset; i++) {
      const c = before[i]!
      if (c === LF) breaks++
      else if (c === CR && before[i + 1] !== LF) breaks++
    }
  }
  if (breaks < (options.minRowsBefore ?? 1)) return null
  return { offset, rowsBefore: breaks, linesBefore: breaks }
}
