// Exports any of the entity screens' tables as it is shown (visible columns, filtered and sorted rows) to CSV or
// XLSX, formula-safe, the XLSX with its provenance sheet; the file is saved through the platform (a download in
// browser mode).
import type { GridApi } from 'ag-grid-community'
import { toCsv, type CsvCell } from '../../../../core/export/csv'
// Types only: SheetJS (550 KB) loads when an XLSX export is asked for, not with the entity tables.
import type { XlsxCell } from '../../../../core/export/xlsx'
import type { SourceInfo } from '../../../../workspace'
import type { Platform, SaveOutcome } from '../../platform/platform'

export type ExportFormat = 'csv' | 'xlsx'

export interface ExportedTable {
  /** Short sheet and file name ("Phones"). */
  readonly name: string
  /** What the table is, for the provenance sheet ("Phones of case K-7", "Common contacts of …"). */
  readonly title: string
  /** The filter or selection it was made under, one line. */
  readonly filter: string
  readonly header: readonly string[]
  readonly rows: readonly (readonly XlsxCell[])[]
}

export interface ExportContext {
  readonly caseName: string
  readonly caseNumber: string
  readonly zone: string
  readonly sources: readonly SourceInfo[]
  readonly platform: Platform
  readonly now?: () => number
}

/** Column options the export reads from a column definition's `context`. */
export interface ExportColumnContext {
  /** Write the formatted text (times in the display zone) rather than the raw value. */
  readonly exportFormatted?: boolean
  /** The export's header when it says more than the screen's (a time column names its zone). */
  readonly exportHeader?: string
}

function cellValue(v: unknown): XlsxCell {
  if (v === null || v === undefined) return null
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v
  if (Array.isArray(v)) return v.map(String).join('; ')
  return String(v)
}

/** The grid's visible columns and its rows after filter and sort, as export cells (numbers stay numbers). */
export function gridTable<T>(api: GridApi<T>): { header: string[]; rows: XlsxCell[][] } {
  const columns = api.getAllDisplayedColumns().filter((c) => !c.getColId().startsWith('ag-Grid-'))
  const header = columns.map((c) => {
    const def = c.getColDef()
    const ctx = def.context as ExportColumnContext | undefined
    return ctx?.exportHeader ?? def.headerName ?? c.getColId()
  })
  const rows: XlsxCell[][] = []
  api.forEachNodeAfterFilterAndSort((node) => {
    if (!node.data) return
    rows.push(
      columns.map((c) => {
        const ctx = c.getColDef().context as ExportColumnContext | undefined
        return cellValue(api.getCellValue({ rowNode: node, colKey: c, useFormatter: ctx?.exportFormatted === true }))
      })
    )
  })
  return { header, rows }
}

function fileSafe(name: string): string {
  return name.replace(/[^\p{L}\p{N}._ -]+/gu, '-').replace(/\s+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '').slice(0, 80) || 'table'
}

/** The file name: case number, table name and the time, so two exports of one table never overwrite each other. */
export function exportFileName(table: ExportedTable, ctx: Pick<ExportContext, 'caseNumber'>, format: ExportFormat, at: number): string {
  const stamp = new Date(at).toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-')
  return `${fileSafe([ctx.caseNumber, table.name].filter(Boolean).join(' '))}-${stamp}.${format}`
}

/** The bytes of the export (the caller saves them). */
export async function exportBytes(table: ExportedTable, ctx: Omit<ExportContext, 'platform'>, format: ExportFormat, at: number): Promise<Uint8Array> {
  if (format === 'csv') return new TextEncoder().encode(toCsv(table.header, table.rows as readonly (readonly CsvCell[])[]))
  const { toXlsx } = await import('../../../../core/export/xlsx')
  return toXlsx(
    { name: table.name, header: table.header, rows: table.rows },
    {
      caseName: ctx.caseName,
      caseNumber: ctx.caseNumber,
      table: table.title,
      filter: table.filter,
      zone: ctx.zone,
      sources: ctx.sources.map((s) => ({ fileName: s.fileName, sha256: s.sha256, importedAt: s.committedAt, events: s.eventCount })),
      generatedAt: at,
      generator: `Waymark ${import.meta.env.VITE_WAYMARK_VERSION ?? ''}`.trim()
    }
  )
}

export async function saveTable(table: ExportedTable, ctx: ExportContext, format: ExportFormat): Promise<SaveOutcome> {
  const at = (ctx.now ?? Date.now)()
  const bytes = await exportBytes(table, ctx, format, at)
  const mime = format === 'csv' ? 'text/csv;charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  return ctx.platform.saveFile(exportFileName(table, ctx, format, at), bytes, mime)
}
