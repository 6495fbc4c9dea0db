// How `waymark convert` writes records and row problems as lines: the same code in the main thread and in the thread
// that converts the second half of a big file (partWorker.ts), so both halves come out alike.
import { writeSync } from 'node:fs'
import type { RejectedRow, RowIssue } from '../core/model/mapping'
import type { WaymarkRecord } from '../core/model/records'
import { recordToJsonLine } from '../core/export/jsonl'
import { timesketchCsvLine, toTimesketchRow } from '../core/export/timesketch'
import { toFtmEntities } from '../core/export/ftm'

export type Format = 'waymark' | 'timesketch' | 'ftm'

/** Buffered, synchronous writes to a file descriptor (a few MB at a time). */
export class LineWriter {
  private parts: string[] = []
  private size = 0
  constructor(private readonly fd: number) {}
  line(s: string): void {
    this.parts.push(s, '\n')
    this.size += s.length + 1
    if (this.size >= 1 << 22) this.flush()
  }
  flush(): void {
    if (!this.parts.length) return
    writeSync(this.fd, this.parts.join(''))
    this.parts = []
    this.size = 0
  }
}

export interface RecordLines {
  /** Writes the record's line(s) in the format, or counts it as not exported (no time, no FtM schema). */
  emit(record: WaymarkRecord): void
  /** Records written. */
  readonly written: number
  /** Records the format has no line for. */
  readonly notExported: number
}

export function createRecordLines(format: Format, csv: boolean, w: LineWriter): RecordLines {
  const counts = { written: 0, notExported: 0 }
  const emit = (r: WaymarkRecord): void => {
    if (format === 'waymark') {
      w.line(recordToJsonLine(r))
      counts.written++
    } else if (format === 'timesketch') {
      const row = toTimesketchRow(r)
      if (!row) {
        counts.notExported++
        return
      }
      w.line(csv ? timesketchCsvLine(row) : JSON.stringify(row))
      counts.written++
    } else {
      const entities = toFtmEntities(r)
      if (!entities.length) counts.notExported++
      for (const e of entities) w.line(JSON.stringify(e))
      if (entities.length) counts.written++
    }
  }
  return {
    emit,
    get written() {
      return counts.written
    },
    get notExported() {
      return counts.notExported
    }
  }
}

/** The issues file's line for a row problem. */
export function issueJsonLine(fileName: string, issue: RowIssue): string {
  return JSON.stringify({ type: 'issue', file: fileName, ...issue })
}

/** The issues file's line for a rejected row (with all its values). */
export function rejectedJsonLine(fileName: string, row: RejectedRow): string {
  return JSON.stringify({ type: 'rejected', file: fileName, ...row })
}
