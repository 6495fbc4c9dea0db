// Tests the CLI import pipeline on streamed text: the second pass taken when a date order is settled only after the rows held.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { importFile } from '../../../src/cli/pipeline'
import type { CallRecord, WaymarkRecord } from '../../../src/core/model/records'

const dir = mkdtempSync(join(tmpdir(), 'waymark-pipeline-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(lastDate: string): string {
  const lines = ['From,To,Date']
  for (let i = 0; i < 60; i++) lines.push(`+668123456${String(i).padStart(2, '0')},+66898765432,0${(i % 9) + 1}/0${(i % 9) + 1 === 9 ? 1 : (i % 9) + 2}/2024 10:00`)
  lines.push(`+66812345699,+66898765432,${lastDate}`)
  const path = join(dir, `f-${lastDate.replace(/\D/g, '')}.csv`)
  writeFileSync(path, `${lines.join('\n')}\n`)
  return path
}

describe('importFile (streamed)', () => {
  it('reads the file again with the settled order when it could not hold every row, and loses none', async () => {
    const records: WaymarkRecord[] = []
    const r = await importFile(file('05/28/2024 10:00'), { propose: { country: 'TH' }, onRecord: (x) => records.push(x), sampleRows: 5, maxBufferedRows: 10 })
    const outcome = r.outcomes[0]!.outcome
    expect(outcome.ok).toBe(true)
    expect(records).toHaveLength(61)
    expect(new Set(records.map((x) => x.provenance.row)).size).toBe(61)
    // 01/02/2024 read month-first, as the last row (05/28) requires.
    expect((records[0] as CallRecord).start?.utcMs).toBe(Date.UTC(2024, 0, 2, 3))
  })

  it('reports the column when the order stays open to the end, having built nothing', async () => {
    const records: WaymarkRecord[] = []
    const r = await importFile(file('05/06/2024 10:00'), { propose: { country: 'TH' }, onRecord: (x) => records.push(x), sampleRows: 5, maxBufferedRows: 10 })
    const outcome = r.outcomes[0]!.outcome
    expect(outcome.ok).toBe(false)
    if (!outcome.ok) expect(outcome.problems[0]?.message).toMatch(/--date-format start=dmy/)
    expect(records).toHaveLength(0)
  })
})
