// The entity tables: one AG Grid per entity type (phones, handsets, SIMs, cells, persons, accounts, documents) with
// sorting, column filters, quick search, a column chooser and a pinned key column; selected rows go to the timeline,
// to common contacts or to the contact matrix, and a double-click opens the entity's page.
import { Button, Callout, InputGroup, NonIdealState, Spinner, Tab, Tabs, Tag } from '@blueprintjs/core'
import type { ColDef, GridApi, GridReadyEvent, ITooltipParams, RowDoubleClickedEvent, RowSelectionOptions, SelectionChangedEvent, SelectionColumnDef, ValueFormatterParams, ValueGetterParams } from 'ag-grid-community'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useApp } from '../../app/context'
import { DataGrid } from '../../components/DataGrid'
import { formatCount } from '../../components/format'
import type { SourceInfo } from '../../../../workspace'
import type { ExportColumnContext, ExportedTable } from './exportTable'
import { gridTable } from './exportTable'
import { duration, shortTime } from './entityFormat'
import { ENTITY_TYPES, typeInfo } from './entityTypes'
import { MergeSelection } from './MergeSelection'
import { SelectAllHeader } from './SelectAllHeader'
import { ColumnChooser, ExportButtons, Saved } from './parts'
import { contactCountries, detailsOf, loadEntityDetails, loadEntityRows, rowMerged, rowNames, rowOwnCountry, rowValue, type EntityDetails, type EntityRow, type RowDetails } from './entityData'

export interface EntityTableProps {
  readonly caseId: string
  readonly caseName: string
  readonly caseNumber: string
  readonly version: number
  readonly type: string
  /** False when the URL names no type: a case without phones then opens on the type it has most of. */
  readonly typeChosen: boolean
  readonly query: string
  readonly zone: string
  readonly sources: readonly SourceInfo[]
  readonly zonePicker: React.ReactNode
  readonly onType: (type: string) => void
  readonly onQuery: (q: string) => void
  readonly onOpen: (key: string) => void
  readonly onTimeline: (keys: readonly string[]) => void
  readonly onAnalysis: (analysis: 'common' | 'matrix' | 'replacement', keys: readonly string[]) => void
  /** Tell the case screen the entities changed (a merge or a person). */
  readonly onChanged: () => void
}

// The header's select-all box is our own (see SelectAllHeader): AG Grid's walks every row on each change. No getRowId
// either: a table's rows are only ever replaced as a whole (a new case version, another type), its selection is kept
// per request anyway, and an id callback per row is a cost at 100,000 rows.
const ROW_SELECTION: RowSelectionOptions<EntityRow> = { mode: 'multiRow', enableClickSelection: true, checkboxes: true, headerCheckbox: false, selectAll: 'filtered' }
const SELECTION_COLUMN: SelectionColumnDef = { pinned: 'left', width: 44, headerComponent: SelectAllHeader }

interface LoadedDetails {
  readonly request: string
  readonly of: EntityDetails
  readonly memo: WeakMap<EntityRow, RowDetails>
}

/** A row's details once they are loaded for the table's current request (worked out once per row), else null. */
function rowDetails(loaded: LoadedDetails | null, request: string, row: EntityRow): RowDetails | null {
  if (!loaded || loaded.request !== request) return null
  let v = loaded.memo.get(row)
  if (!v) loaded.memo.set(row, (v = detailsOf(row, loaded.of)))
  return v
}

/** The columns filled in from the case's details. */
const DETAIL_COLUMNS = ['country', 'imeis', 'imsis', 'phones', 'persons', 'ids', 'facts']

const timeFormatter = (zone: string) => (p: ValueFormatterParams<EntityRow, number | null>) => shortTime(p.value, zone)

export function EntityTable(props: EntityTableProps) {
  const { caseId, version, type, query, zone, sources } = props
  const { db, report } = useApp()
  const info = typeInfo(type)
  const [counts, setCounts] = useState<Record<string, number> | null>(null)
  const request = `${caseId}|${info.id}|${version}`
  const [loaded, setLoaded] = useState<{ request: string; rows: EntityRow[] } | null>(null)
  const rows = loaded?.request === request ? loaded.rows : null
  const [selection, setSelection] = useState<{ request: string; keys: string[] }>({ request: '', keys: [] })
  const selected = selection.request === request ? selection.keys : []
  const [saved, setSaved] = useState<string | null>(null)
  const [search, setSearch] = useState(query)
  const searchTimer = useRef<number | undefined>(undefined)
  // A pending search update carries the URL as it was when typed: it must not fire after the analyst has moved on
  // (it would write the old URL back over the entity page just opened).
  useEffect(() => () => window.clearTimeout(searchTimer.current), [])

  const { typeChosen } = props
  // The latest onType for the loader's callback, without re-reading the table whenever the parent re-renders.
  const onTypeRef = useRef(props.onType)
  useEffect(() => {
    onTypeRef.current = props.onType
  })
  useEffect(() => {
    let live = true
    void loadEntityRows(db, caseId, info.id, version, !typeChosen).then((r) => {
      if (!live) return
      if (!r.ok) {
        report(r.problem)
        setLoaded({ request, rows: [] })
        return
      }
      setCounts(r.value.counts)
      // The loader may have chosen another type (a case without phones): file the rows under that type's request
      // and let the URL follow, so they are not read twice.
      setLoaded({ request: `${caseId}|${r.value.type}|${version}`, rows: r.value.rows })
      if (r.value.type !== info.id) onTypeRef.current(r.value.type)
    })
    return () => {
      live = false
    }
  }, [db, caseId, info.id, version, typeChosen, request, report])

  // Linked identities and facts arrive after the rows (they take a pass over the case's events). The columns read
  // them through a ref, each row's worked out on first need (a visible cell, a sort, a search), and their cells are
  // refreshed on arrival, as for the source names below.
  // A mutable box rather than a ref: the grid's value getters, called outside React's render, read it; nothing the
  // component renders depends on it (detailsReady says when it changed).
  const [details] = useState<{ current: LoadedDetails | null }>(() => ({ current: null }))
  const [detailsReady, setDetailsReady] = useState<string | null>(null)
  useEffect(() => {
    if (rows === null) return
    let live = true
    void loadEntityDetails(db, caseId).then((r) => {
      if (!live) return
      if (!r.ok) {
        report(r.problem)
        return
      }
      details.current = { request, of: r.value, memo: new WeakMap() }
      setDetailsReady(request)
    })
    return () => {
      live = false
    }
  }, [db, caseId, request, rows, report, details])

  // The source files' names arrive after the rows; the column reads them through a ref and its cells are refreshed,
  // so their arrival does not rebuild the columns (each rebuild walks all 100,000 rows for the select-all box).
  const sourceNames = useRef(new Map<string, string>())
  const [api, setApi] = useState<GridApi<EntityRow> | null>(null)
  useEffect(() => {
    sourceNames.current = new Map(sources.map((s) => [s.sha256, s.fileName]))
    api?.refreshCells({ columns: ['sourceFiles'], force: true })
  }, [sources, api])

  useEffect(() => {
    if (detailsReady === null) return
    api?.refreshCells({ columns: DETAIL_COLUMNS, force: true })
  }, [detailsReady, api])

  const anyMerged = useMemo(() => rows?.some((r) => r.members.length > 1) ?? false, [rows])
  const columns = useMemo<ColDef<EntityRow>[]>(() => {
    const time = (field: 'firstAt' | 'lastAt', header: string): ColDef<EntityRow> => ({
      field,
      headerName: header,
      valueFormatter: timeFormatter(zone),
      filter: 'agNumberColumnFilter',
      width: 170,
      context: { exportFormatted: true, exportHeader: `${header} (${zone})` } satisfies ExportColumnContext
    })
    const num = (field: 'events' | 'asA' | 'asB' | 'asOther' | 'records', header: string, width = 100, tip?: string): ColDef<EntityRow> => ({ field, headerName: header, filter: 'agNumberColumnFilter', width, type: 'numericColumn', ...(tip ? { headerTooltip: tip } : {}) })
    const detail = (get: (row: EntityRow) => RowDetails | null, field: keyof RowDetails) => (p: ValueGetterParams<EntityRow> | ITooltipParams<EntityRow>): string => {
      if (!p.data) return ''
      const d = get(p.data)
      return d ? d[field] : field === 'country' ? rowOwnCountry(p.data) : ''
    }
    const get = (row: EntityRow): RowDetails | null => rowDetails(details.current, request, row)
    const linkedCol = (field: 'imeis' | 'imsis' | 'phones' | 'persons' | 'ids' | 'facts', headerName: string, width: number, show: boolean): ColDef<EntityRow> => ({
      colId: field,
      headerName,
      width,
      filter: 'agTextColumnFilter',
      valueGetter: detail(get, field),
      tooltipValueGetter: detail(get, field),
      hide: !show
    })
    // Handsets, SIMs and cells are never a calling or called side: their party columns would be all zeros.
    const party = !['imei', 'imsi', 'cell'].includes(info.id)
    const isPhone = info.id === 'phone'
    const cols: ColDef<EntityRow>[] = [
      // The key sorts as its value does (every row has the same type prefix), so the column sorts the keys as they are.
      {
        colId: 'value',
        field: 'key',
        headerName: info.keyHeader,
        pinned: 'left',
        lockPinned: true,
        lockVisible: true,
        width: isPhone ? 170 : 200,
        filter: 'agTextColumnFilter',
        cellClass: 'wm-mono-cell',
        valueFormatter: (p: ValueFormatterParams<EntityRow, string>) => (p.data ? rowValue(p.data) : ''),
        filterValueGetter: (p) => (p.data ? rowValue(p.data) : ''),
        getQuickFilterText: (p) => rowValue(p.data),
        context: { exportFormatted: true } satisfies ExportColumnContext
      },
      { colId: 'names', headerName: info.id === 'cell' ? 'Site' : 'Names', width: 220, filter: 'agTextColumnFilter', valueGetter: (p) => (p.data ? rowNames(p.data) : ''), tooltipValueGetter: (p) => (p.data ? rowNames(p.data) : '') },
      ...(isPhone || info.id === 'imsi' ? [{ colId: 'country', headerName: 'Country', width: 90, filter: 'agTextColumnFilter', headerTooltip: 'The number’s (or SIM’s) country', valueGetter: detail(get, 'country') } as ColDef<EntityRow>] : []),
      time('firstAt', 'First seen'),
      time('lastAt', 'Last seen'),
      num('events', 'Events', 90),
      { ...num('asA', 'Out', 80, 'Events where it was the calling side, payer or traveller'), hide: !party },
      { ...num('asB', 'In', 80, 'Events where it was the called side or beneficiary'), hide: !party },
      num('asOther', 'Other', 80, 'As handset, SIM or cell, or where the file did not say who called'),
      {
        field: 'callSeconds',
        headerName: 'Call time',
        headerTooltip: 'Total call duration (h:mm:ss); the export gives seconds',
        filter: 'agNumberColumnFilter',
        type: 'numericColumn',
        width: 110,
        hide: !party,
        valueFormatter: (p: ValueFormatterParams<EntityRow, number>) => duration(p.value ?? 0),
        context: { exportHeader: 'Call time (s)' } satisfies ExportColumnContext
      },
      { colId: 'contacts', headerName: 'Contacts', filter: 'agNumberColumnFilter', width: 95, type: 'numericColumn', headerTooltip: 'Distinct entities on the other side of its events', valueGetter: (p) => p.data?.contacts.length ?? 0, hide: !party },
      { colId: 'contactCountries', headerName: 'Contact countries', width: 140, filter: 'agTextColumnFilter', headerTooltip: 'Countries of the numbers it has events with, most frequent first', hide: !party, valueGetter: (p) => (p.data ? contactCountries(p.data) : '') },
      linkedCol('imeis', 'Handsets (IMEI)', 170, isPhone || info.id === 'imsi'),
      linkedCol('imsis', 'SIMs (IMSI)', 170, isPhone || info.id === 'imei'),
      linkedCol('phones', 'Numbers', 170, info.id === 'imei' || info.id === 'imsi' || info.id === 'person' || info.id === 'id'),
      linkedCol('persons', 'Persons', 170, isPhone || info.id === 'id' || info.id === 'account'),
      linkedCol('ids', 'Documents / ids', 160, isPhone || info.id === 'person'),
      linkedCol('facts', info.id === 'cell' ? 'Place' : 'Facts', 200, info.id === 'imei' || info.id === 'imsi' || info.id === 'cell'),
      { colId: 'merged', headerName: 'Merged with', width: 170, filter: 'agTextColumnFilter', valueGetter: (p) => (p.data ? rowMerged(p.data) : ''), tooltipValueGetter: (p) => (p.data ? rowMerged(p.data) : ''), hide: !anyMerged },
      { colId: 'sourceCount', headerName: 'Sources', filter: 'agNumberColumnFilter', width: 85, type: 'numericColumn', valueGetter: (p) => p.data?.sources.length ?? 0 },
      {
        colId: 'sourceFiles',
        headerName: 'Source files',
        width: 220,
        filter: 'agTextColumnFilter',
        valueGetter: (p) => (p.data ? p.data.sources.map((s) => sourceNames.current.get(s) ?? s.slice(0, 12)).join(', ') : ''),
        tooltipValueGetter: (p) => (p.data ? p.data.sources.map((s) => `${sourceNames.current.get(s) ?? ''} ${s}`).join('\n') : '')
      },
      num('records', 'Records', 85, 'Subscriber, person and cell-site records about it')
    ]
    return cols
  }, [info, zone, anyMerged, request, details])

  const onSelection = useCallback((e: SelectionChangedEvent<EntityRow>) => setSelection({ request, keys: e.api.getSelectedRows().map((r) => r.key) }), [request])
  const onReady = useCallback((e: GridReadyEvent<EntityRow>) => setApi(e.api), [])
  // Grid options keep their identity across renders: AG Grid re-applies any option that changes, and a new selection
  // option re-counts every row for the select-all box (hundreds of ms on a 100,000-row table).
  const onOpenRef = useRef(props.onOpen)
  useEffect(() => {
    onOpenRef.current = props.onOpen
  })
  const onRowDoubleClicked = useCallback((e: RowDoubleClickedEvent<EntityRow>) => e.data && onOpenRef.current(e.data.key), [])

  const table = (): ExportedTable | null => {
    // Until the details are in, the linked columns are empty: an export then would leave them out without saying so.
    if (!api || details.current?.request !== request) return null
    const { header, rows: cells } = gridTable(api)
    const filters = [search.trim() ? `quick search “${search.trim()}”` : '', api.isAnyFilterPresent() ? 'column filters applied' : ''].filter(Boolean)
    return { name: info.label.replace(/[()]/g, ''), title: `${info.label} of ${props.caseName}`, filter: filters.length ? filters.join(' · ') : `All ${info.label.toLowerCase()}`, header, rows: cells }
  }

  const present = ENTITY_TYPES.filter((t) => t.id === 'phone' || t.id === info.id || (counts?.[t.id] ?? 0) > 0)

  return (
    <div className="wm-ent" data-testid="entity-table-view">
      <Tabs id="entity-types" selectedTabId={info.id} onChange={(t) => props.onType(String(t))} className="wm-ent-types">
        {present.map((t) => (
          <Tab key={t.id} id={t.id} icon={t.icon} data-testid={`type-${t.id}`} title={<>{t.label} <Tag minimal round>{counts ? formatCount(counts[t.id] ?? 0) : '…'}</Tag></>} />
        ))}
      </Tabs>
      <div className="wm-ent-toolbar">
        <InputGroup
          leftIcon="search"
          placeholder={`Search ${info.label.toLowerCase()}, names, countries…`}
          aria-label="Quick search"
          data-testid="entity-search"
          value={search}
          onChange={(e) => {
            const q = e.currentTarget.value
            setSearch(q)
            window.clearTimeout(searchTimer.current)
            searchTimer.current = window.setTimeout(() => props.onQuery(q), 300)
          }}
          className="wm-ent-search"
        />
        {props.zonePicker}
        <ColumnChooser api={api} />
        <ExportButtons table={table} caseName={props.caseName} caseNumber={props.caseNumber} zone={zone} sources={sources} testId="table-export" onSaved={setSaved} />
        <span className="wm-spacer" />
        {info.id === 'phone' || info.id === 'id' ? <Button icon="swap-horizontal" text="Phone replacements" data-testid="go-replacement" onClick={() => props.onAnalysis('replacement', [])} /> : null}
      </div>
      <div className="wm-ent-actions" data-testid="selection-actions">
        <span className="wm-muted">{selected.length === 0 ? 'Select rows (tick boxes, Shift/Ctrl-click) to compare them.' : `${formatCount(selected.length)} selected`}</span>
        <Button icon="document-open" text="Open" disabled={selected.length !== 1} data-testid="open-entity" onClick={() => props.onOpen(selected[0]!)} />
        <Button icon="timeline-events" text="Show on timeline" disabled={selected.length === 0} data-testid="show-timeline" onClick={() => props.onTimeline(selected)} />
        <Button icon="intersection" text="Common contacts" disabled={selected.length < 2} data-testid="go-common" onClick={() => props.onAnalysis('common', selected)} />
        <Button icon="grid" text="Contact matrix" disabled={selected.length < 2} data-testid="go-matrix" onClick={() => props.onAnalysis('matrix', selected)} />
        <MergeSelection
          caseId={caseId}
          keys={selected}
          onDone={(key) => {
            props.onChanged()
            props.onOpen(key)
          }}
        />
        {selected.length > 0 ? <Button variant="minimal" icon="cross" text="Clear" onClick={() => api?.deselectAll()} /> : null}
      </div>
      <Saved message={saved} onDismiss={() => setSaved(null)} />
      {rows === null ? (
        <Spinner />
      ) : rows.length === 0 ? (
        <NonIdealState icon={info.icon} title={`No ${info.label.toLowerCase()} in this case`} description="Import call records, subscriber lists or other files: their entities are listed here." />
      ) : (
        <div className="wm-ent-grid" data-testid="entity-grid">
          <DataGrid<EntityRow>
            key={info.id}
            rowData={rows}
            columnDefs={columns}
            rowSelection={ROW_SELECTION}
            selectionColumnDef={SELECTION_COLUMN}
            quickFilterText={search}
            onGridReady={onReady}
            onSelectionChanged={onSelection}
            onRowDoubleClicked={onRowDoubleClicked}
            tooltipShowDelay={400}
          />
        </div>
      )}
      {rows && rows.length > 0 ? (
        <Callout className="wm-ent-foot" icon="info-sign" compact>
          {formatCount(rows.length)} {info.label.toLowerCase()} · times in {zone} · double-click a row to open its page.
        </Callout>
      ) : null}
    </div>
  )
}
