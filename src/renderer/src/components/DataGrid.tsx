// The one AG Grid (community) setup of the app: modules registered once, a compact theme that follows the light or
// dark choice, and defaults analysts expect of a table (sortable, filterable, resizable columns).
import { AllCommunityModule, ModuleRegistry, colorSchemeVariable, createGrid, themeBalham, type ColDef, type GridApi, type GridOptions } from 'ag-grid-community'
import { AgGridReact, type AgGridReactProps } from 'ag-grid-react'
import { forwardRef, useEffect, type ForwardedRef } from 'react'

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

let styleHolder: GridApi<object> | null = null

/**
 * Keeps AG Grid's style sheets in the page from now on. AG Grid adds them to <head> when a grid is created and takes
 * them out when the last grid goes, and each time the browser restyles the whole page: on a 100,000-row table that
 * came to a few hundred ms of its opening. An empty grid, hidden and never destroyed, holds them.
 */
export function holdGridStyles(): void {
  if (styleHolder) return
  const el = document.createElement('div')
  el.setAttribute('aria-hidden', 'true')
  el.dataset.wmGridStyles = 'true'
  el.style.cssText = 'position:absolute;left:-10000px;top:0;width:10px;height:10px;overflow:hidden;visibility:hidden'
  document.body.appendChild(el)
  styleHolder = createGrid<object>(el, { theme: gridTheme, columnDefs: [], rowData: [], suppressNoRowsOverlay: true })
}

function DataGridInner<T>(props: AgGridReactProps<T>, ref: ForwardedRef<AgGridReact<T>>) {
  // After the first grid has shown, its styles stay for the next (switching tabs need not restyle the page).
  useEffect(() => holdGridStyles(), [])
  return <AgGridReact<T> ref={ref} theme={gridTheme} defaultColDef={defaultColDef} {...baseGridOptions} {...props} />
}

/** AG Grid with the app's theme and defaults; every prop of AgGridReact may be passed. */
export const DataGrid = forwardRef(DataGridInner) as <T>(props: AgGridReactProps<T> & { ref?: ForwardedRef<AgGridReact<T>> }) => ReturnType<typeof DataGridInner>
