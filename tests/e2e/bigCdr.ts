// A large synthetic CDR written once per run, for tests that must catch an import in the middle (cancel, crash).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
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
