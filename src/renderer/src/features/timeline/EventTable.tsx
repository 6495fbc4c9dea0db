// The linked event table: every filtered event in time order through AG Grid's infinite row model (a block of rows
// at a time, so a million events never sit in memory), selection synced both ways with the chart.
import type { ColDef, GridApi, IDatasource } from 'ag-grid-community'
import { memo, useEffect, useMemo, useRef, useState } from 'react'
import type { DisplayZone } from '../../../../core/analysis/timelineFilter'
import type { StorageProblem } from '../../../../workspace'
import { DataGrid } from '../../components/DataGrid'
import type { Selection } from './chartDraw'
import type { MergedRows, TableRow } from './tableData'
import { formatEventTime } from './timeFormat'

export interface EventTableProps {
  readonly rows: MergedRows | null
  readonly zone: DisplayZone
  readonly selected: Selection | null
  readonly onSelect: (sel: Selection) => void
  readonly report: (p: StorageProblem) => void
}

function problemOf(err: unknown): StorageProblem {
  const p = (err as { problem?: StorageProblem }).problem
  return p ?? { kind: 'unknown', message: 'The event table could not be read.', action: 'Reload the timeline.', detail: String(err) }
}

// Memoised: re-rendering AG Grid while a new filter's data loads costs main thread and changes nothing it shows.
export const EventTable = memo(function EventTable({ rows, zone, selected, onSelect, report }: EventTableProps) {
  const [api, setApi] = useState<GridApi<TableRow> | null>(null)
  // The id this table itself just selected, so the echo from the chart does not scroll the table again.
  const own = useRef<string | null>(null)

  const columns = useMemo<ColDef<TableRow>[]>(
    () => [
      { headerName: '★', field: 'starred', width: 46, minWidth: 46, sortable: false, filter: false, valueFormatter: (p) => (p.value ? '★' : '') },
      { headerName: `Time (${zone === 'source' ? 'source zone' : zone})`, field: 'at', width: 230, sortable: false, filter: false, valueFormatter: (p) => (p.data ? formatEventTime(p.data.at, zone, p.data.zone) : '') },
      { headerName: 'Kind', field: 'kind', width: 120, sortable: false, filter: false },
      { headerName: 'Direction', field: 'direction', width: 95, sortable: false, filter: false },
      { headerName: 'From / party', field: 'from', width: 160, sortable: false, filter: false },
      { headerName: 'To', field: 'to', width: 150, sortable: false, filter: false },
      { headerName: 'Duration (s)', field: 'durationS', width: 100, sortable: false, filter: false, type: 'numericColumn' },
      { headerName: 'Text', field: 'text', width: 220, sortable: false, filter: false },
      { headerName: 'Tags', field: 'tags', width: 120, sortable: false, filter: false },
      { headerName: 'File', field: 'file', width: 180, sortable: false, filter: false },
      { headerName: 'Sheet', field: 'sheet', width: 100, sortable: false, filter: false },
      { headerName: 'Row', field: 'row', width: 70, sortable: false, filter: false, type: 'numericColumn' }
    ],
    [zone]
  )

  const datasource = useMemo<IDatasource | null>(() => {
    if (!rows) return null
    return {
      rowCount: rows.total,
      getRows: (p) => {
        rows.rows(p.startRow, p.endRow).then(
          (r) => p.successCallback(r, rows.total),
          (err: unknown) => {
            p.failCallback()
            report(problemOf(err))
          }
        )
      }
    }
  }, [rows, report])

  // Handed to the grid after the chart's next frame: a new filter's first page is a pass over every event, and the
  // redrawn chart should not wait for it.
  useEffect(() => {
    if (!api || !datasource) return
    let timer = 0
    const frame = requestAnimationFrame(() => (timer = window.setTimeout(() => api.setGridOption('datasource', datasource), 0)))
    return () => {
      cancelAnimationFrame(frame)
      window.clearTimeout(timer)
    }
  }, [api, datasource])

  // A selection made on the chart: scroll to the row and select it once its block has loaded.
  useEffect(() => {
    if (!api || !rows || !selected) return
    if (own.current === selected.id) return
    let live = true
    void rows.indexOf(selected.id, selected.at).then((index) => {
      if (!live || index < 0) return
      api.ensureIndexVisible(index, 'middle')
      let tries = 0
      const pick = (): void => {
        if (!live) return
        const node = api.getDisplayedRowAtIndex(index)
        if (node?.data?.id === selected.id) node.setSelected(true, true)
        else if (tries++ < 40) setTimeout(pick, 50)
      }
      pick()
    })
    return () => {
      live = false
    }
  }, [api, rows, selected])

  return (
    <div className="wm-tl-table" data-testid="timeline-table">
      <DataGrid<TableRow>
        columnDefs={columns}
        rowModelType="infinite"
        suppressColumnVirtualisation
        cacheBlockSize={200}
        maxBlocksInCache={50}
        getRowId={(p) => p.data.id}
        rowSelection={{ mode: 'singleRow', checkboxes: false, enableClickSelection: true }}
        onGridReady={(e) => setApi(e.api)}
        onRowClicked={(e) => {
          if (!e.data) return
          own.current = e.data.id
          onSelect({ id: e.data.id, at: e.data.at })
        }}
        rowClassRules={{ 'wm-tl-row-analyst': (p) => p.data?.analyst === true }}
      />
    </div>
  )
})
