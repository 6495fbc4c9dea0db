// Named mapping templates: stored mappings proposed again for files whose headers (or, without headers, content) match.
import type { Cell } from '../model/rawTable'
import { MAPPING_VERSION, type ColumnMapping, type Mapping } from '../model/mapping'
import { normaliseHeader } from './aliases'
import { cellText, classifyCell, type CellClass } from './headers'

/** A check on one column's values, for layouts without a header row. */
export interface ContentRule {
  readonly column: number
  /** Every non-empty value is one of these (exact text). */
  readonly oneOf?: readonly string[]
  /** The dominant class of the column's values. */
  readonly cellClass?: CellClass
}

export interface MappingTemplate {
  readonly name: string
  readonly description?: string
  /** Normalised header names in column order; empty for headerless layouts. */
  readonly headers: readonly string[]
  /** Number of columns, checked for headerless layouts. */
  readonly width: number
  readonly contentRules?: readonly ContentRule[]
  /** The mapping to apply; `sheet` is replaced by the file's sheet when proposed. */
  readonly mapping: Mapping
  readonly builtIn?: boolean
  readonly savedAt?: string
}

/** Where templates live: the workspace database in the app, a JSON file for the CLI, memory in tests. */
export interface TemplateStore {
  list(): Promise<readonly MappingTemplate[]>
  /** Saves (or replaces, by name) a template. */
  save(template: MappingTemplate): Promise<void>
  remove(name: string): Promise<boolean>
}

export function createMemoryTemplateStore(initial: readonly MappingTemplate[] = []): TemplateStore {
  const byName = new Map(initial.map((t) => [t.name, t]))
  return {
    async list() {
      return [...byName.values()]
    },
    async save(template) {
      byName.set(template.name, template)
    },
    async remove(name) {
      return byName.delete(name)
    }
  }
}

/** The header signature a template is matched on: normalised names in order. */
export function headerSignature(names: readonly string[]): string {
  return names.map(normaliseHeader).join('|')
}

/** Makes a template from a mapping the analyst accepted (or edited). */
export function templateFromMapping(name: string, mapping: Mapping, headerNames: readonly string[], options: { description?: string; savedAt?: string; contentRules?: readonly ContentRule[] } = {}): MappingTemplate {
  const headerless = mapping.headerRow === 0
  return {
    name,
    ...(options.description ? { description: options.description } : {}),
    headers: headerless ? [] : headerNames.map(normaliseHeader),
    width: headerNames.length,
    ...(options.contentRules ? { contentRules: options.contentRules } : {}),
    mapping,
    ...(options.savedAt ? { savedAt: options.savedAt } : {})
  }
}

export interface TemplateMatch {
  readonly template: MappingTemplate
  /** 1 = identical headers; lower for near matches (a renamed or added column). */
  readonly score: number
  readonly reason: string
}

export interface TableShape {
  /** Header names as found (null when the table has no header row). */
  readonly headers: readonly string[] | null
  readonly width: number
  /** Data rows (a sample is enough). */
  readonly rows: readonly (readonly Cell[])[]
}

function contentMatches(rules: readonly ContentRule[], rows: readonly (readonly Cell[])[]): boolean {
  for (const rule of rules) {
    const allowed = rule.oneOf ? new Set(rule.oneOf) : null
    const counts: Record<CellClass, number> = { empty: 0, number: 0, date: 0, text: 0 }
    let seen = 0
    for (const row of rows) {
      const cell = row[rule.column]
      const cls = classifyCell(cell)
      if (cls === 'empty') continue
      seen++
      counts[cls]++
      if (allowed && !allowed.has(cellText(cell).trim())) return false
    }
    if (seen === 0) return false
    if (rule.cellClass && counts[rule.cellClass] / seen < 0.9) return false
  }
  return true
}

/**
 * The best template for a table: exact header signature first, then near matches (at least 80% of the
 * normalised names shared, same order not required), then headerless layouts by width and content rules.
 */
export function matchTemplate(templates: readonly MappingTemplate[], table: TableShape): TemplateMatch | null {
  let best: TemplateMatch | null = null
  const consider = (m: TemplateMatch): void => {
    if (!best || m.score > best.score) best = m
  }
  if (table.headers) {
    const names = table.headers.map(normaliseHeader)
    const sig = names.join('|')
    const set = new Set(names.filter(Boolean))
    for (const t of templates) {
      if (t.headers.length === 0) continue
      if (t.headers.join('|') === sig) {
        consider({ template: t, score: 1, reason: `the headers are exactly those of template "${t.name}"` })
        continue
      }
      const tset = new Set(t.headers.filter(Boolean))
      let shared = 0
      for (const h of tset) if (set.has(h)) shared++
      const jaccard = shared / (set.size + tset.size - shared || 1)
      if (jaccard >= 0.8) consider({ template: t, score: 0.5 + jaccard * 0.4, reason: `${shared} of ${tset.size} headers match template "${t.name}"` })
    }
  } else {
    for (const t of templates) {
      if (t.headers.length !== 0 || t.width !== table.width) continue
      if (!t.contentRules || t.contentRules.length === 0) continue
      if (contentMatches(t.contentRules, table.rows)) consider({ template: t, score: 0.9, reason: `the ${t.width} unlabelled columns match the layout of template "${t.name}"` })
    }
  }
  return best
}

/**
 * Re-targets a template's mapping at a table: same columns by header name where the order moved, new sheet name.
 * Columns the template does not know are kept unmapped (as extras); returns null if a mapped column is missing.
 */
export function applyTemplate(match: TemplateMatch, table: TableShape, sheet: string, headerRow: number): Mapping | null {
  const t = match.template
  const names = table.headers ? table.headers.map(normaliseHeader) : null
  const columns: ColumnMapping[] = []
  const used = new Set<number>()
  for (const col of t.mapping.columns) {
    let index = col.index
    if (names && t.headers[col.index] !== undefined && names[col.index] !== t.headers[col.index]) {
      index = names.findIndex((n, i) => n === t.headers[col.index] && !used.has(i))
      if (index < 0) {
        if (col.field) return null
        continue
      }
    }
    if (index >= table.width) {
      if (col.field) return null
      continue
    }
    used.add(index)
    columns.push({ ...col, index, header: table.headers?.[index] ?? col.header, confidence: col.field ? 1 : 0, reason: col.field ? `template "${t.name}"` : col.reason })
  }
  for (let i = 0; i < table.width; i++) {
    if (!used.has(i)) columns.push({ index: i, header: table.headers?.[i] ?? `Column ${i + 1}`, field: null, confidence: 0, reason: `not in template "${t.name}"` })
  }
  columns.sort((a, b) => a.index - b.index)
  const colByOld = new Map(t.mapping.columns.map((c) => [c.index, c]))
  const dateFormats = t.mapping.dateFormats.map((d) => {
    const moved = columns.find((c) => c.field === d.field && colByOld.get(d.column)?.field === d.field)
    return { ...d, column: moved ? moved.index : d.column, decision: { ...d.decision, decidedBy: 'template' as const } }
  })
  return { ...t.mapping, version: MAPPING_VERSION, sheet, headerRow, columns, dateFormats }
}

/**
 * Layouts Waymark knows without being taught. The Orange (D4D-style) CDR export has no header:
 * `call_record_type;basic_service;user_msisdn;call_partner_identity;datetime;call_duration;longitude;latitude`,
 * with 1 = outgoing, 2 = incoming, and service 11/12 = voice, 21/22 = SMS (as read by bandicoot's read_orange).
 */
export const BUILT_IN_TEMPLATES: readonly MappingTemplate[] = [
  {
    name: 'Orange CDR export (no header)',
    description: 'Semicolon-separated, 8 columns: record type, basic service, subscriber, partner, date-time, duration, longitude, latitude.',
    builtIn: true,
    headers: [],
    width: 8,
    contentRules: [
      { column: 0, oneOf: ['1', '2'] },
      { column: 1, oneOf: ['11', '12', '21', '22'] },
      { column: 4, cellClass: 'date' }
    ],
    mapping: {
      version: MAPPING_VERSION,
      recordKind: 'call',
      sheet: '',
      headerRow: 0,
      columns: [
        { index: 0, header: 'call_record_type', field: 'direction', confidence: 1, reason: 'Orange layout', codes: { '1': 'outgoing', '2': 'incoming' } },
        { index: 1, header: 'basic_service', field: 'service', confidence: 1, reason: 'Orange layout', codes: { '11': 'call', '12': 'call', '21': 'sms', '22': 'sms' } },
        { index: 2, header: 'user_msisdn', field: 'subscriber', confidence: 1, reason: 'Orange layout' },
        { index: 3, header: 'call_partner_identity', field: 'counterpart', confidence: 1, reason: 'Orange layout' },
        { index: 4, header: 'datetime', field: 'start', confidence: 1, reason: 'Orange layout' },
        { index: 5, header: 'call_duration', field: 'duration', confidence: 1, reason: 'Orange layout' },
        { index: 6, header: 'longitude', field: 'longitude', confidence: 1, reason: 'Orange layout' },
        { index: 7, header: 'latitude', field: 'latitude', confidence: 1, reason: 'Orange layout' }
      ],
      dateFormats: [],
      zone: '',
      defaultCountry: ''
    }
  }
]
