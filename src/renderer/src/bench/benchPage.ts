// Baselines measured in the same Chromium as the import benchmark: reading and parsing alone, and the per-row
// IndexedDB design (one Dexie row per call with four indexes) that the columnar segment store replaced.
import Dexie from 'dexie'
import { createCsvStream } from '../../../core/read'

export interface BenchApi {
  /** Reads the file chosen in #bench-file and streams it through the CSV parser in 1 MiB chunks. */
  parse(): Promise<{ rows: number; ms: number }>
  /** Writes `rows` synthetic call rows one IndexedDB row each, in 10k-row bulkAdds; returns milliseconds. */
  perRowBulkAdd(rows: number): Promise<{ rows: number; ms: number }>
}

const api: BenchApi = {
  async parse() {
    const file = (document.getElementById('bench-file') as HTMLInputElement).files?.[0]
    if (!file) throw new Error('choose a file in #bench-file first')
    // Reading the file is part of "read + parse", as it is for the import.
    const t0 = performance.now()
    const bytes = new Uint8Array(await file.arrayBuffer())
    const stream = createCsvStream({ fileName: 'bench.csv' })
    let rows = 0
    const CHUNK = 1 << 20
    for (let i = 0; i < bytes.length; i += CHUNK) rows += stream.push(bytes.subarray(i, i + CHUNK)).length
    rows += stream.finish().length
    return { rows, ms: performance.now() - t0 }
  },
  async perRowBulkAdd(rows) {
    const name = `waymark-bench-per-row-${Date.now()}`
    const db = new Dexie(name, { chromeTransactionDurability: 'strict' })
    db.version(1).stores({ calls: '++id, caseId, [caseId+at], a, b' })
    await db.open()
    const t0 = performance.now()
    const BATCH = 10_000
    for (let i = 0; i < rows; i += BATCH) {
      const batch = []
      for (let j = i; j < Math.min(rows, i + BATCH); j++) {
        batch.push({ caseId: 'bench', at: 1_704_067_200_000 + j * 20_000, a: `+6681${(j * 7919) % 1_000_000}`, b: `+6689${(j * 104_729) % 1_000_000}`, duration: j % 600, sourceRow: j + 2 })
      }
      await db.table('calls').bulkAdd(batch)
    }
    const ms = performance.now() - t0
    db.close()
    await Dexie.delete(name)
    return { rows, ms }
  }
}

;(window as unknown as { waymarkBench: BenchApi }).waymarkBench = api
document.body.dataset.ready = 'true'
