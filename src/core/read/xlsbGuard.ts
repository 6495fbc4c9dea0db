// Checks the record framing of an XLSB workbook's binary parts before SheetJS parses them: a record whose declared
// length runs past the end of its part is damage, and SheetJS can allocate without bound on it.

/** The first framing problem of a BIFF12 record stream, or null when every record fits inside the part. */
export function biff12FramingProblem(data: Uint8Array): string | null {
  let p = 0
  while (p < data.length) {
    // Record type: one byte, or two when the high bit is set.
    if (data[p++]! & 0x80) {
      if (p >= data.length) return `a record type is cut off at byte ${p}`
      p++
    }
    // Record size: up to four bytes of seven bits each.
    let size = 0
    for (let i = 0; i < 4; i++) {
      if (p >= data.length) return `a record size is cut off at byte ${p}`
      const c = data[p++]!
      size += (c & 0x7f) * 2 ** (7 * i)
      if (!(c & 0x80)) break
    }
    if (p + size > data.length) return `a record of ${size} bytes at byte ${p} runs past the end of its ${data.length}-byte part`
    p += size
  }
  return null
}
