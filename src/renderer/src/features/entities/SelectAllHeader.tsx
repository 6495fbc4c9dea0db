// The selection column's header of the entity tables: one box that ticks every row the filters and the quick search
// leave (or clears them), and shows whether all, some or none of those rows are ticked.
//
// AG Grid's own header box works that state out by walking every row into a new array, twice, whenever the rows or
// the selection change: at 100,000 rows that was a tenth of the table's opening and of every tick. This box counts
// only the ticked rows (the shown ones among them) against the number of rows shown.
import type { GridApi, IRowNode } from 'ag-grid-community'
import type { CustomHeaderProps } from 'ag-grid-react'
import { useEffect, useRef, useState } from 'react'

export type SelectAllState = 'all' | 'some' | 'none'

/** All, some or none of the rows shown are ticked; `shown` rows in all, `ticked` the ticked rows (shown or not). */
export function selectAllState(shown: number, ticked: readonly Pick<IRowNode, 'displayed'>[]): SelectAllState {
  if (ticked.length === 0 || shown === 0) return 'none'
  let tickedShown = 0
  for (const n of ticked) if (n.displayed) tickedShown++
  return tickedShown === shown ? 'all' : 'some'
}

function stateOf(api: GridApi): SelectAllState {
  return selectAllState(api.getDisplayedRowCount(), api.getSelectedNodes())
}

export function SelectAllHeader({ api }: CustomHeaderProps) {
  const [state, setState] = useState<SelectAllState>(() => stateOf(api))
  const box = useRef<HTMLInputElement>(null)
  useEffect(() => {
    const update = (): void => setState(stateOf(api))
    api.addEventListener('selectionChanged', update)
    api.addEventListener('modelUpdated', update)
    update()
    return () => {
      if (api.isDestroyed()) return
      api.removeEventListener('selectionChanged', update)
      api.removeEventListener('modelUpdated', update)
    }
  }, [api])
  useEffect(() => {
    if (box.current) box.current.indeterminate = state === 'some'
  }, [state])
  // AG Grid's own checkbox markup, so the theme draws it as it draws the rows' boxes.
  const look = state === 'all' ? ' ag-checked' : state === 'some' ? ' ag-indeterminate' : ''
  return (
    <div className={`ag-wrapper ag-input-wrapper ag-checkbox-input-wrapper wm-ent-select-all${look}`}>
      <input
        ref={box}
        type="checkbox"
        className="ag-input-field-input ag-checkbox-input"
        aria-label={state === 'all' ? 'Untick all rows shown' : 'Tick all rows shown'}
        title={state === 'all' ? 'Untick all rows shown' : 'Tick all rows the filters and the search leave'}
        data-testid="select-all"
        checked={state === 'all'}
        onChange={() => (state === 'all' ? api.deselectAll('filtered') : api.selectAll('filtered'))}
      />
    </div>
  )
}
