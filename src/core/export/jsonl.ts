// Waymark JSONL: one normalised record per line, with its provenance and originals, as the lossless exchange format.
import type { WaymarkRecord } from '../model/records'

/** First line of a Waymark JSONL file: says what the lines are, so a reader can refuse a file it does not know. */
export interface WaymarkJsonlHeader {
  readonly type: 'waymark-records'
  readonly version: 1
  readonly createdBy: string
}

export function waymarkJsonlHeader(createdBy = 'waymark'): string {
  const header: WaymarkJsonlHeader = { type: 'waymark-records', version: 1, createdBy }
  return JSON.stringify(header)
}

/** One record as one JSON line (no trailing newline). Undefined fields are left out; nothing else is changed. */
export function recordToJsonLine(record: WaymarkRecord): string {
  return JSON.stringify(record)
}

export type ParsedJsonl =
  | { readonly ok: true; readonly records: readonly WaymarkRecord[] }
  | { readonly ok: false; readonly line: number; readonly message: string }

const KINDS = new Set(['call', 'cellSite', 'person', 'transfer', 'movement', 'event'])

/** Reads Waymark JSONL text back (header line optional); stops at the first line that is not a record. */
export function parseWaymarkJsonl(text: string): ParsedJsonl {
  const records: WaymarkRecord[] = []
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (!line) continue
    let value: unknown
    try {
      value = JSON.parse(line)
    } catch {
      return { ok: false, line: i + 1, message: `Line ${i + 1} is not valid JSON.` }
    }
    if (typeof value !== 'object' || value === null) return { ok: false, line: i + 1, message: `Line ${i + 1} is not a JSON object.` }
    const obj = value as Record<string, unknown>
    if (obj.type === 'waymark-records') continue
    const prov = obj.provenance as Record<string, unknown> | undefined
    if (!KINDS.has(String(obj.kind)) || !prov || typeof prov.sourceSha256 !== 'string' || typeof prov.row !== 'number') {
      return { ok: false, line: i + 1, message: `Line ${i + 1} is not a Waymark record (no kind or provenance).` }
    }
    records.push(obj as unknown as WaymarkRecord)
  }
  return { ok: true, records }
}
