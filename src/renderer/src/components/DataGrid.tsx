// The one AG Grid (community) setup of the app: modules registered once, a compact theme that follows the light or
// dark choice, and defaults analysts expect of a table (sortable, filterable, resizable columns).
import { AllCommunityModule, ModuleRegistry, colorSchemeVariable, themeBalham, type ColDef, type GridOptions } from 'ag-grid-community'
import { AgGridReact, type AgGridReactProps } from 'ag-grid-react'
import { forwardRef, type ForwardedRef } from 'react'

ModuleRegistry.registerModules([AllCommunityModule])

/** Follows `data-ag-theme-mode` on <body>, which the app's theme toggle sets. */
export const gridTheme = themeBalham.withPart(colorSchemeVariable).withParams({
  fontFamily: 'inherit',
  fontSize: 13,
  headerFontWeight: 600
})

export const defaultColDef: ColDef = {
  sortable: true,
  resizable: true,
  filter: true,
  minWidth: 70
}

/** Options every table shares; screens pass their own on top. */
export const baseGridOptions: GridOptions = {
  animateRows: false,
  enableCellTextSelection: true,
  ensureDomOrder: true,
  suppressDragLeaveHidesColumns: true
}

function DataGridInner<T>(props: AgGridReactProps<T>, ref: ForwardedRef<AgGridReact<T>>) {
  return <AgGridReact<T> ref={ref} theme={gridTheme} defaultColDef={defaultColDef} {...baseGridOptions} {...props} />
}

/** AG Grid with the app's theme and defaults; every prop of AgGridReact may be passed. */
export const DataGrid = forwardRef(DataGridInner) as <T>(props: AgGridReactProps<T> & { ref?: ForwardedRef<AgGridReact<T>> }) => ReturnType<typeof DataGridInner>
