// The printable timeline: paginated pages sized for paper, each with the case, marking, zone, filter and page X of Y.
import { Button, ButtonGroup, Callout, NonIdealState, Spinner } from '@blueprintjs/core'
import { useEffect, useMemo, useRef, useState } from 'react'
import { paramsToView } from '../../../../core/analysis/timelineFilter'
import { layoutPrintDocument, type PrintDocument, type PrintInput } from '../../../../core/analysis/print/printDocument'
import { exportFileName, printOptionsFromParams } from '../../../../core/analysis/print/printParams'
import { pageCss, renderPages } from '../../../../core/analysis/print/render'
import { checkTableSize, type TableCheck } from '../../../../core/analysis/print/table'
import type { StorageProblem } from '../../../../workspace'
import { useApp } from '../../app/context'
import type { RouteParams } from '../../app/route'
import { loadPrintInput } from './printData'
import { documentText, exportPrintout, type ExportFormat } from './printExports'
import './print.css'

type State =
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly key: string; readonly problem: StorageProblem }
  | { readonly status: 'too-large'; readonly key: string; readonly check: Exclude<TableCheck, { ok: true }> }
  | { readonly status: 'laid-out'; readonly key: string; readonly input: PrintInput; readonly doc: PrintDocument; readonly html: string }

/** The print view's font stack (print.css --wmp-font) with the weights its text uses. */
const FONT_STACK = "'Noto Sans', 'Noto Sans Thai', 'Noto Sans Lao', 'Noto Sans Khmer', 'Noto Sans Myanmar', 'Noto Sans Bengali', sans-serif"
const WEIGHTS = ['400', '600', '700']

/**
 * Waits until every face the printout's text needs is loaded. Pages off screen are not laid out (content-visibility),
 * so layout alone would not start a Bengali or Thai face on page 200: the faces are asked for by the text itself.
 */
async function settled(input: PrintInput): Promise<void> {
  const text = documentText(input)
  await Promise.all(WEIGHTS.map((w) => document.fonts.load(`${w} 10px ${FONT_STACK}`, text).catch(() => [])))
  await new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve())))
  await document.fonts.ready
}

export function PrintView({ caseId, params }: { readonly caseId: string; readonly params: RouteParams }) {
  const { db, platform } = useApp()
  const view = useMemo(() => paramsToView(params), [params])
  const options = useMemo(() => printOptionsFromParams(params), [params])
  const printNow = params.print === '1'
  // Which route parameters a layout was made for: another printout (new parameters) shows as loading, never as ready.
  const key = useMemo(() => JSON.stringify([caseId, view, options]), [caseId, view, options])
  const [laidOut, setState] = useState<State>({ status: 'loading' })
  const state: State = laidOut.status !== 'loading' && laidOut.key !== key ? { status: 'loading' } : laidOut
  // Ready for one laid-out state: a new layout (other params) is not ready until its own fonts and frames settle.
  const [readyFor, setReadyFor] = useState<State | null>(null)
  const ready = readyFor !== null && readyFor === state
  const [outcome, setOutcome] = useState<string>('')
  const printed = useRef(false)

  useEffect(() => {
    let live = true
    void loadPrintInput(db, caseId, view, options, Date.now()).then((r) => {
      if (!live) return
      if (!r.ok) return setState({ status: 'failed', key, problem: r.problem })
      const check = checkTableSize(r.value.events.length, options.includeTable)
      if (!check.ok) return setState({ status: 'too-large', key, check })
      const doc = layoutPrintDocument(r.value)
      setState({ status: 'laid-out', key, input: r.value, doc, html: renderPages(doc, r.value) })
    })
    return () => {
      live = false
    }
  }, [db, caseId, view, options, key])

  useEffect(() => {
    if (laidOut.status !== 'laid-out') return
    let live = true
    void settled(laidOut.input).then(() => {
      if (live) setReadyFor(laidOut)
    })
    return () => {
      live = false
    }
  }, [laidOut])

  const print = async (input: PrintInput) => {
    setOutcome('Printing…')
    const name = exportFileName(input.caseName, input.caseNumber, input.generatedAt, 'pdf')
    const r = await platform.exportPdf(name, { pageSize: options.paper, landscape: options.orientation === 'landscape', printBackground: true })
    setOutcome(r.saved ? `Saved to ${r.where}` : r.reason === 'failed' ? `The PDF was not saved: ${r.message ?? 'unknown error'}` : (r.message ?? 'Not saved.'))
  }

  const exportAs = async (format: ExportFormat, input: PrintInput, doc: PrintDocument) => {
    setOutcome(`Making the ${format.toUpperCase()} file…`)
    const r = await exportPrintout(platform, format, input, doc)
    setOutcome(r.saved ? `Saved to ${r.where}` : r.reason === 'failed' ? `Not saved: ${r.message ?? 'unknown error'}` : 'Not saved.')
  }

  useEffect(() => {
    if (!ready || !printNow || printed.current || state.status !== 'laid-out') return
    printed.current = true
    // Printing once: a reload of this page must not print again.
    const { print: _print, ...rest } = params
    window.history.replaceState(null, '', `#/case/${caseId}/print?${new URLSearchParams(rest).toString()}`)
    void print(state.input)
    // eslint-disable-next-line react-hooks/exhaustive-deps -- runs once per ready print request
  }, [ready, printNow, state])

  if (state.status === 'loading') {
    return (
      <div className="wmp-root wmp-loading" data-testid="print-view">
        <NonIdealState icon={<Spinner />} title="Laying out the printout…" />
      </div>
    )
  }
  if (state.status === 'failed') {
    return (
      <div className="wmp-root wmp-loading" data-testid="print-view">
        <NonIdealState icon="error" title={state.problem.message} description={state.problem.action} action={<Button text="Back to the timeline" onClick={() => history.back()} />} />
      </div>
    )
  }
  const back = `#/case/${caseId}/timeline?${new URLSearchParams(Object.entries(params).filter(([k]) => !['paper', 'orient', 'mark', 'table', 'print'].includes(k))).toString()}`
  if (state.status === 'too-large') {
    const { table: _table, ...rest } = params
    const chartOnly = `#/case/${caseId}/print?${new URLSearchParams(rest).toString()}`
    return (
      <div className="wmp-root wmp-loading" data-testid="print-view">
        <Callout className="wmp-limit" intent="warning" title="The table appendix would be too long" data-testid="print-table-limit">
          <p>{state.check.message}</p>
          <p>{state.check.action}</p>
          <ButtonGroup>
            <Button icon="filter" text="Narrow the filter" onClick={() => (window.location.hash = back)} />
            <Button icon="timeline-events" intent="primary" text="Print the chart without the table" onClick={() => (window.location.hash = chartOnly)} data-testid="print-chart-only" />
          </ButtonGroup>
        </Callout>
      </div>
    )
  }
  const { doc, input, html } = state
  return (
    <div className="wmp-root" data-testid="print-view" data-print-ready={ready ? 'true' : undefined} data-page-count={doc.pages.length}>
      <style>{pageCss(doc)}</style>
      <div className="wmp-toolbar">
        <Button icon="arrow-left" text="Back to the timeline" onClick={() => (window.location.hash = back)} />
        <Button icon="print" intent="primary" text={platform.kind === 'electron' ? 'Save as PDF' : 'Print / save as PDF'} disabled={!ready} onClick={() => void print(input)} data-testid="print-now" />
        <Button icon="media" text="Chart as SVG" disabled={!ready} onClick={() => void exportAs('svg', input, doc)} data-testid="export-svg" />
        <Button icon="media" text="Chart as PNG" disabled={!ready} onClick={() => void exportAs('png', input, doc)} data-testid="export-png" />
        <Button icon="document" text="Standalone HTML" disabled={!ready} onClick={() => void exportAs('html', input, doc)} data-testid="export-html" />
        <span data-testid="print-event-count" data-count={input.events.length}>
          {input.events.length.toLocaleString('en-GB')} {input.events.length === 1 ? 'event' : 'events'} match the filter ·
        </span>
        <span data-testid="print-outcome">
          {doc.pages.length} {doc.pages.length === 1 ? 'page' : 'pages'} · {doc.geometry.paper} {doc.geometry.orientation} {outcome ? `· ${outcome}` : ''}
        </span>
      </div>
      {/* The markup is built by core/analysis/print/render.ts, which escapes every text it writes. */}
      <div className="wmp-pages" dangerouslySetInnerHTML={{ __html: html }} />
    </div>
  )
}
