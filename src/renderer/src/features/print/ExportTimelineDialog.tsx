// "Export timeline": paper, orientation, classification marking and table appendix for the current view, then a PDF
// (through the print view), the chart as SVG or PNG, or the whole printout as one standalone HTML file.
import { Button, Callout, Checkbox, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent, Radio, RadioGroup } from '@blueprintjs/core'
import { useState } from 'react'
import { layoutPrintDocument, type PrintOptions } from '../../../../core/analysis/print/printDocument'
import { isPaperSize, PAPER_SIZES, type Orientation, type PaperSize } from '../../../../core/analysis/print/paper'
import { cleanMarking, MARKING_MAX, printRouteParams } from '../../../../core/analysis/print/printParams'
import type { TimelineView } from '../../../../core/analysis/timelineFilter'
import { useApp } from '../../app/context'
import { routeHash } from '../../app/route'
import { checkTableSize, TABLE_ROW_LIMIT } from '../../../../core/analysis/print/table'
import { loadPrintInput } from './printData'
import { exportPrintout, type ExportFormat } from './printExports'
import './print.css'

export interface ExportTimelineDialogProps {
  readonly isOpen: boolean
  readonly onClose: () => void
  readonly caseId: string
  readonly caseName: string
  readonly caseNumber: string
  readonly view: TimelineView
}

const PAPER_KEY = 'waymark.print.paper'
const ORIENT_KEY = 'waymark.print.orientation'
const TABLE_KEY = 'waymark.print.table'
const markingKey = (caseId: string): string => `waymark.print.marking.${caseId}`
/** Offered as suggestions; any text may be typed. */
const MARKINGS = ['RESTRICTED', 'OFFICIAL-SENSITIVE', 'CONFIDENTIAL', 'SECRET', 'LAW ENFORCEMENT ONLY']

function stored(key: string): string | null {
  try {
    return window.localStorage.getItem(key)
  } catch {
    return null
  }
}

function remember(key: string, value: string): void {
  try {
    window.localStorage.setItem(key, value)
  } catch {
    // Storage full or disabled: the choice is simply not remembered.
  }
}

function initialOptions(caseId: string): PrintOptions {
  const paper = stored(PAPER_KEY) ?? undefined
  return {
    paper: isPaperSize(paper) ? paper : 'A4',
    orientation: stored(ORIENT_KEY) === 'portrait' ? 'portrait' : 'landscape',
    // A case printout is marked unless the analyst clears it: an unmarked page is the riskier mistake.
    marking: stored(markingKey(caseId)) ?? 'RESTRICTED',
    includeTable: stored(TABLE_KEY) === '1'
  }
}

export function ExportTimelineDialog({ isOpen, onClose, caseId, caseName, caseNumber, view }: ExportTimelineDialogProps) {
  const { db, platform } = useApp()
  const [options, setOptions] = useState<PrintOptions>(() => initialOptions(caseId))
  const [busy, setBusy] = useState<ExportFormat | null>(null)
  const [outcome, setOutcome] = useState<{ intent: Intent; text: string } | null>(null)

  const set = (patch: Partial<PrintOptions>) => setOptions((o) => ({ ...o, ...patch }))
  const keep = (o: PrintOptions) => {
    remember(PAPER_KEY, o.paper)
    remember(ORIENT_KEY, o.orientation)
    remember(TABLE_KEY, o.includeTable ? '1' : '0')
    remember(markingKey(caseId), cleanMarking(o.marking))
  }

  const openPrint = (printNow: boolean) => {
    keep(options)
    onClose()
    window.location.hash = routeHash({ screen: 'print', caseId, params: printRouteParams(view, options, printNow) })
  }

  const exportAs = async (format: ExportFormat) => {
    keep(options)
    setBusy(format)
    setOutcome(null)
    const loaded = await loadPrintInput(db, caseId, view, { ...options, marking: cleanMarking(options.marking) }, Date.now())
    if (!loaded.ok) {
      setBusy(null)
      setOutcome({ intent: Intent.DANGER, text: `${loaded.problem.message} ${loaded.problem.action}` })
      return
    }
    // Only the HTML file carries the table; the chart exports are laid out without it.
    const input = format === 'html' ? loaded.value : { ...loaded.value, options: { ...loaded.value.options, includeTable: false } }
    const check = checkTableSize(input.events.length, input.options.includeTable)
    if (!check.ok) {
      setBusy(null)
      setOutcome({ intent: Intent.WARNING, text: `${check.message} ${check.action}` })
      return
    }
    const r = await exportPrintout(platform, format, input, layoutPrintDocument(input))
    setBusy(null)
    if (r.saved) setOutcome({ intent: Intent.SUCCESS, text: `Saved to ${r.where}` })
    else if (r.reason === 'failed') setOutcome({ intent: Intent.DANGER, text: `The file was not saved: ${r.message ?? 'unknown error'}` })
  }

  return (
    <Dialog isOpen={isOpen} onClose={onClose} title={`Export timeline — ${caseName}${caseNumber ? ` (${caseNumber})` : ''}`} icon="export" className="wmp-export-dialog">
      <DialogBody className="wmp-dialog" data-testid="export-timeline-dialog">
        <p className="wm-small">The current view and filter, in the display zone the timeline shows. Every page carries the case, the marking, the zone, the filter and its page number.</p>
        <FormGroup label="Paper" labelFor="wmp-paper" inline>
          <HTMLSelect id="wmp-paper" value={options.paper} onChange={(e) => set({ paper: e.currentTarget.value as PaperSize })} options={[...PAPER_SIZES]} />
        </FormGroup>
        <RadioGroup label="Orientation" inline selectedValue={options.orientation} onChange={(e) => set({ orientation: e.currentTarget.value as Orientation })}>
          <Radio label="Landscape" value="landscape" />
          <Radio label="Portrait" value="portrait" />
        </RadioGroup>
        <FormGroup label="Classification marking" labelFor="wmp-marking" helperText="Printed at the top and bottom of every page; remembered for this case. Leave empty for none.">
          <InputGroup id="wmp-marking" value={options.marking} maxLength={MARKING_MAX} list="wmp-markings" onChange={(e) => set({ marking: e.currentTarget.value })} />
          <datalist id="wmp-markings">
            {MARKINGS.map((m) => (
              <option key={m} value={m} />
            ))}
          </datalist>
        </FormGroup>
        <Checkbox label={`Include the chronological table appendix (every event: time, kind, parties, duration, source file and row; at most ${TABLE_ROW_LIMIT.toLocaleString('en-GB')} events)`} checked={options.includeTable} onChange={(e) => set({ includeTable: e.currentTarget.checked })} />
        {outcome ? (
          <Callout intent={outcome.intent} data-testid="export-outcome">
            {outcome.text}
          </Callout>
        ) : null}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Preview" icon="eye-open" onClick={() => openPrint(false)} disabled={busy !== null} />
            <Button text="Chart as SVG" onClick={() => void exportAs('svg')} loading={busy === 'svg'} disabled={busy !== null} />
            <Button text="Chart as PNG" onClick={() => void exportAs('png')} loading={busy === 'png'} disabled={busy !== null} />
            <Button text="Standalone HTML" onClick={() => void exportAs('html')} loading={busy === 'html'} disabled={busy !== null} />
            <Button text="Export PDF" icon="print" intent={Intent.PRIMARY} onClick={() => openPrint(true)} disabled={busy !== null} data-testid="export-pdf" />
          </>
        }
      />
    </Dialog>
  )
}
