// A large synthetic CDR written once per run, for tests that must catch an import in the middle (cancel, crash).
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function bigCdr(rows: number): string {
  const dir = join(tmpdir(), 'waymark-e2e')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `synthetic-cdr-${rows}.csv`)
  if (existsSync(file)) return file
  const lines = ['A_NUMBER,B_NUMBER,CALL_TYPE,START_TIME,DURATION,IMEI,CELL_ID']
  let seed = 7
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
  const start = Date.UTC(2024, 0, 1)
  for (let i = 0; i < rows; i++) {
    const a = `0812${String(Math.floor(rnd() * 900000) + 100000)}`
    const b = `0899${String(Math.floor(rnd() * 900000) + 100000)}`
    const t = new Date(start + i * 20_000)
    const stamp = `${String(t.getUTCDate()).padStart(2, '0')}/${String(t.getUTCMonth() + 1).padStart(2, '0')}/${t.getUTCFullYear()} ${t.toISOString().slice(11, 19)}`
    lines.push(`${a},${b},${rnd() < 0.5 ? 'MO' : 'MT'},${stamp},${Math.floor(rnd() * 600)},,${Math.floor(rnd() * 400)}`)
  }
  writeFileSync(file, lines.join('\n') + '\n')
  return file
}

/** The header of the small deterministic CDR layout the import tests build row by row. */
export const CDR_HEADER = 'A_NUMBER,B_NUMBER,CALL_TYPE,START_TIME,DURATION,CELL_ID'

/**
 * Row i's start time, dd/mm/yyyy HH:mm:ss, 20 s apart from 13 January 2024: about two days in the first 10,000 rows,
 * with no day of 12 or below, so the day/month order is left to the analyst until a later row settles it.
 */
export function cdrStamp(i: number): string {
  const t = new Date(Date.UTC(2024, 0, 13) + i * 20_000)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${two(t.getUTCDate())}/${two(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${t.toISOString().slice(11, 19)}`
}

/** Row i of that layout (CDR_HEADER's columns), with its own start time or the one given. */
export function cdrRow(i: number, stamp = cdrStamp(i)): string {
  return `0812${String(100_000 + (i % 7_919))},0899${String(100_000 + ((i * 13) % 6_007))},${i % 2 ? 'MO' : 'MT'},${stamp},${i % 600},${i % 400}`
}

/** Writes a file into a new temporary folder, which the test removes when done. */
export function writeTempFile(prefix: string, name: string, content: string | Uint8Array): { dir: string; file: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  const file = join(dir, name)
  writeFileSync(file, content)
  return { dir, file }
}
