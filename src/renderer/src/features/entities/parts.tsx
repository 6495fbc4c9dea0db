// Small pieces the entity screens share: the display-zone picker, the export buttons and the
// column chooser of a table.
import { Button, ButtonGroup, Checkbox, HTMLSelect, Intent, Menu, Popover, Tooltip } from '@blueprintjs/core'
import type { GridApi } from 'ag-grid-community'
import { useState } from 'react'
import type { SourceInfo } from '../../../../workspace'
import { useApp } from '../../app/context'
import { saveTable, type ExportedTable, type ExportFormat } from './exportTable'
import { LOCAL_ZONE } from './entityFormat'

/** Zones worth offering: UTC, the analyst's computer, and the zones the case's files were written in. */
export function zoneChoices(sourceZones: readonly string[]): string[] {
  return [...new Set(['UTC', LOCAL_ZONE, ...sourceZones].filter(Boolean))]
}

/** The source zones of the case, from each source's mapping. */
export function sourceZones(sources: readonly SourceInfo[]): string[] {
  const out = new Set<string>()
  for (const s of sources) {
    try {
      const m = JSON.parse(s.mappingJson) as { zone?: string } | { zone?: string }[]
      for (const x of Array.isArray(m) ? m : [m]) if (x.zone) out.add(x.zone)
    } catch {
      // A source without a readable mapping simply offers no zone.
    }
  }
  return [...out]
}

export function ZonePicker({ zone, zones, onZone }: { zone: string; zones: readonly string[]; onZone: (z: string) => void }) {
  const options = zones.includes(zone) ? zones : [zone, ...zones]
  return (
    <Tooltip content="Times, the heatmap and the daily chart are shown on this clock" placement="bottom">
      <HTMLSelect aria-label="Display zone" data-testid="zone-picker" value={zone} onChange={(e) => onZone(e.currentTarget.value)} options={options.map((z) => ({ value: z, label: z === 'UTC' ? 'UTC' : z }))} />
    </Tooltip>
  )
}

export interface ExportButtonsProps {
  readonly table: () => ExportedTable | null
  readonly caseName: string
  readonly caseNumber: string
  readonly zone: string
  readonly sources: readonly SourceInfo[]
  readonly testId?: string
  readonly onSaved?: (message: string) => void
}

export function ExportButtons({ table, caseName, caseNumber, zone, sources, testId, onSaved }: ExportButtonsProps) {
  const { platform, report } = useApp()
  const run = async (format: ExportFormat) => {
    const t = table()
    if (!t) return
    try {
      const r = await saveTable(t, { caseName, caseNumber, zone, sources, platform }, format)
      if (r.saved) onSaved?.(`Exported ${t.rows.length.toLocaleString()} rows to ${r.where}`)
      else if (r.reason === 'failed') report({ kind: 'unavailable', message: `The ${format.toUpperCase()} export could not be saved.`, action: 'Choose another folder and try again.', detail: r.message ?? '' })
    } catch (err) {
      report({ kind: 'unavailable', message: `The ${format.toUpperCase()} export failed.`, action: 'Try again; if it fails again, export fewer rows (filter the table).', detail: String(err) })
    }
  }
  return (
    <ButtonGroup>
      <Button icon="export" text="CSV" data-testid={`${testId ?? 'export'}-csv`} onClick={() => void run('csv')} />
      <Button icon="th-derived" text="XLSX" data-testid={`${testId ?? 'export'}-xlsx`} onClick={() => void run('xlsx')} />
    </ButtonGroup>
  )
}

/** Show or hide a grid's columns (AG Grid's own chooser is an Enterprise feature). */
export function ColumnChooser<T>({ api }: { api: GridApi<T> | null }) {
  const [, setTick] = useState(0)
  if (!api) return <Button icon="column-layout" text="Columns" disabled />
  const columns = api.getColumns()?.filter((c) => !c.getColId().startsWith('ag-Grid-') && c.getColDef().lockVisible !== true) ?? []
  return (
    <Popover
      placement="bottom-end"
      content={
        <Menu className="wm-ent-columns" data-testid="column-chooser">
          {columns.map((c) => (
            <li key={c.getColId()}>
              <Checkbox
                checked={c.isVisible()}
                label={c.getColDef().headerName ?? c.getColId()}
                onChange={(e) => {
                  api.setColumnsVisible([c], e.currentTarget.checked)
                  setTick((t) => t + 1)
                }}
              />
            </li>
          ))}
        </Menu>
      }
    >
      <Button icon="column-layout" text="Columns" data-testid="columns-button" />
    </Popover>
  )
}

export function Saved({ message, onDismiss }: { message: string | null; onDismiss: () => void }) {
  if (!message) return null
  return (
    <div className="wm-ent-saved bp6-callout bp6-intent-success" data-testid="export-saved">
      {message} <Button variant="minimal" size="small" icon="cross" aria-label="Dismiss" intent={Intent.SUCCESS} onClick={onDismiss} />
    </div>
  )
}
