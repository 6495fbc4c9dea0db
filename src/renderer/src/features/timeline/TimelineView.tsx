// The case timeline: who called whom and when, on one time axis, with its filters and linked event table.
import { Button, HTMLSelect, NonIdealState, Spinner, Tag } from '@blueprintjs/core'
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react'
import { axisZone } from '../../../../core/analysis/timeline/ticks'
import { buildPostingsWhile } from '../../../../core/store/entityIndex'
import { describeFilter, entityValue, paramsToView, viewToParams, zoneLabel, type DisplayZone, type TimelineFilter, type TimelineView as View } from '../../../../core/analysis/timelineFilter'
import type { AnalystEvent } from '../../../../workspace'
import { useApp } from '../../app/context'
import type { CaseTab, RouteParams } from '../../app/route'
import { ExportTimelineDialog } from '../print/ExportTimelineDialog'
import { AnalystEventDialog } from './AnalystEventDialog'
import type { Selection } from './chartDraw'
import { EntityPicker, entityLabel } from './EntityPicker'
import { EventDetail } from './EventDetail'
import { FilterPanel } from './FilterPanel'
import { Legend } from './Legend'
import { timelineServices } from './services'
import { MergedRows } from './tableData'
import { TimelineChart } from './TimelineChart'
import { useTimelineData } from './timelineData'
import { knownZones } from './timeFormat'
import { useDark } from './useDark'
import './timeline.css'

export interface TimelineViewProps {
  readonly caseId: string
  readonly caseName: string
  readonly caseNumber: string
  /** Bumped when the case's contents change. */
  readonly version: number
  readonly params: RouteParams
  readonly onParams: (params: RouteParams) => void
  readonly onTab: (tab: CaseTab, params?: RouteParams) => void
  /** Tell the case screen that something it counts changed (an analyst event added). */
  readonly onChanged: () => void
}

const COMMON_ZONES = ['Asia/Dhaka', 'Asia/Kolkata', 'Asia/Yangon', 'Asia/Bangkok', 'Asia/Kuala_Lumpur', 'Asia/Singapore', 'Asia/Jakarta', 'Asia/Manila', 'Asia/Ho_Chi_Minh', 'Asia/Phnom_Penh', 'Asia/Vientiane', 'Asia/Kathmandu', 'Asia/Dubai', 'Europe/London']

/** How long one step of building the entity index may hold the page (see the effect that builds it). */
const POSTINGS_STEP_MS = 8

/** Lets the page draw and handle input: `scheduler.yield` where Chromium has it (no timer clamp), else a timer. */
function yieldToPage(): Promise<void> {
  const scheduler = (window as { scheduler?: { yield?: () => Promise<void> } }).scheduler
  if (typeof scheduler?.yield === 'function') return scheduler.yield()
  return new Promise((resolve) => window.setTimeout(resolve, 0))
}

// The table's code (AG Grid, the largest chunk the app has) loads after the chart's first frame, as the table mounts:
// parsing it first would stand between opening the case and seeing its timeline.
const loadEventTable = () => import('./EventTable')
const EventTable = lazy(() => loadEventTable().then((m) => ({ default: m.EventTable })))

export function TimelineView(props: TimelineViewProps) {
  const { caseId, version, params, onParams, onChanged } = props
  const { db, report } = useApp()
  const paramsKey = JSON.stringify(params)
  const view = useMemo(() => paramsToView(params), [paramsKey]) // eslint-disable-line react-hooks/exhaustive-deps
  const setView = useCallback((v: View) => onParams(viewToParams(v)), [onParams])
  const setFilter = useCallback((filter: TimelineFilter) => setView({ ...view, filter }), [view, setView])

  const [marksVersion, setMarksVersion] = useState(0)
  const usesMarks = view.filter.starred === true || (view.filter.tags?.length ?? 0) > 0
  const data = useTimelineData(db, caseId, view, version, usesMarks ? marksVersion : 0, report)
  const [selected, setSelected] = useState<Selection | null>(null)
  const [dialog, setDialog] = useState<{ editing: AnalystEvent | null; at: number; n: number } | null>(null)
  const dark = useDark()
  const [exporting, setExporting] = useState(false)

  // Names for the entity keys on screen (filter chips, lanes, the summary line).
  const [labels, setLabels] = useState<ReadonlyMap<string, string>>(new Map())
  const shownKeys = useMemo(() => [...new Set([...(view.filter.entities ?? []), ...data.lanes.map((l) => l.id).filter((k) => !k.startsWith('type:'))])], [view.filter.entities, data.lanes])
  useEffect(() => {
    const missing = shownKeys.filter((k) => !labels.has(k))
    if (missing.length === 0) return
    let live = true
    void timelineServices(db)
      .events.entityStats(caseId, { keys: missing, limit: missing.length })
      .then((r) => {
        if (!live || !r.ok) return
        setLabels((m) => {
          const next = new Map(m)
          for (const k of missing) next.set(k, entityValue(k))
          for (const e of r.value.entities) next.set(e.key, entityLabel(e))
          return next
        })
      })
    return () => {
      live = false
    }
  }, [db, caseId, shownKeys, labels])
  const label = useCallback((k: string) => labels.get(k) ?? entityValue(k), [labels])
  const lanes = useMemo(() => data.lanes.map((l) => (l.id.startsWith('type:') ? l : { ...l, label: label(l.id) })), [data.lanes, label])

  const analystEvents = useMemo(() => data.analyst.map((a) => a.event), [data.analyst])
  const rows = useMemo(
    () => (data.loading && data.generation === 0 ? null : new MergedRows(timelineServices(db).events, caseId, data.eventFilter, analystEvents, data.total - analystEvents.length)),
    // marksVersion: a star or tag changes rows the table shows, though not which rows.
    [db, caseId, data.generation, marksVersion] // eslint-disable-line react-hooks/exhaustive-deps
  )

  // The grid mounts after the chart's first frame: building AG Grid costs a few hundred milliseconds of main thread,
  // which would otherwise stand between opening the case and seeing its timeline.
  const [tableShown, setTableShown] = useState(false)
  const firstData = data.generation > 0
  useEffect(() => {
    if (!firstData || tableShown) return
    let timer = 0
    const frame = requestAnimationFrame(() => (timer = window.setTimeout(() => setTableShown(true), 0)))
    return () => {
      cancelAnimationFrame(frame)
      window.clearTimeout(timer)
    }
  }, [firstData, tableShown])

  // Once the first view is drawn, index which events each entity is in (a few milliseconds of work at a time, between
  // which the page draws and takes input), then, when idle, decode the case's entity statistics: filtering by an
  // entity then scans nothing, and picking one waits for nothing. Not left to idle time alone: the chart's own idle
  // work (merging a million events into one order) would come first, and the first filter would scan every event.
  useEffect(() => {
    if (!firstData) return
    let live = true
    let idle = 0
    const events = timelineServices(db).events
    void (async () => {
      await new Promise<void>((resolve) => requestAnimationFrame(() => window.setTimeout(resolve, 0)))
      const segs = live ? await events.segments(caseId) : null
      if (!live || !segs?.ok) return
      const list = segs.value.map((s) => s.segment)
      for (;;) {
        const start = performance.now()
        // At least one segment per step, more while the step is short.
        let n = 0
        if (buildPostingsWhile(list, () => n++ === 0 || performance.now() - start < POSTINGS_STEP_MS)) break
        await yieldToPage()
        if (!live) return
      }
      idle = requestIdleCallback(() => void events.entityStats(caseId, { limit: 1 }), { timeout: 2000 })
    })()
    return () => {
      live = false
      cancelIdleCallback(idle)
    }
  }, [db, caseId, firstData])

  const fit = useMemo<readonly [number, number]>(() => {
    let lo = view.filter.from ?? Infinity
    let hi = view.filter.to ?? -Infinity
    if (view.filter.from === undefined || view.filter.to === undefined) {
      const s = data.slice
      const ats = analystEvents.map((a) => a.at)
      const min = Math.min(s && s.count ? s.minAt : Infinity, ...ats)
      const max = Math.max(s && s.count ? s.maxAt : -Infinity, ...ats)
      if (view.filter.from === undefined) lo = min
      if (view.filter.to === undefined) hi = max
    }
    return [lo, hi]
  }, [data.slice, analystEvents, view.filter.from, view.filter.to])
  // Refit when a new filter's data has arrived (not on a mark, a zone change or while loading).
  const filterKey = JSON.stringify([view.filter, view.lanes, view.laneKeys, caseId])
  const readyKey = data.loading ? null : `${filterKey}|${data.generation > 0 ? 'ready' : ''}`
  const [fitToken, setFitToken] = useState('')
  if (readyKey !== null && readyKey !== fitToken) setFitToken(readyKey)

  const marked = useCallback(() => {
    setMarksVersion((n) => n + 1)
    onChanged()
  }, [onChanged])

  const zones = useMemo(() => {
    const all = knownZones()
    const first = [...new Set([...data.sourceZones, ...COMMON_ZONES])].filter((z) => z !== 'UTC' && all.includes(z))
    return { first, rest: all.filter((z) => z !== 'UTC' && !first.includes(z)) }
  }, [data.sourceZones])

  // Some four hundred options: made once per list of zones, not on every render of the view (each filter change).
  const zoneOptions = useMemo(
    () => (
      <>
        <optgroup label="Zones of this case and the region">
          {zones.first.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </optgroup>
        <optgroup label="All zones">
          {zones.rest.map((z) => (
            <option key={z} value={z}>
              {z}
            </option>
          ))}
        </optgroup>
      </>
    ),
    [zones]
  )

  const summary = describeFilter(view.filter, view.zone, label)
  const selectedAnalyst = selected ? (analystEvents.find((a) => a.id === selected.id) ?? null) : null

  return (
    <div className="wm-tl" data-testid="timeline-view">
      <FilterPanel db={db} caseId={caseId} filter={view.filter} zone={view.zone} tags={data.tags} label={label} onChange={setFilter} />
      <div className="wm-tl-main">
        <div className="wm-tl-toolbar">
          <label className="wm-tl-field">
            Zone{' '}
            <HTMLSelect value={view.zone} data-testid="tl-zone" onChange={(e) => setView({ ...view, zone: e.target.value as DisplayZone })}>
              <option value="UTC">UTC</option>
              <option value="source">Each source's local time</option>
              {zoneOptions}
            </HTMLSelect>
          </label>
          <label className="wm-tl-field">
            Lanes{' '}
            <HTMLSelect value={view.lanes} data-testid="tl-lanes" onChange={(e) => setView({ ...view, lanes: e.target.value === 'entities' ? 'entities' : 'types' })}>
              <option value="types">by event type</option>
              <option value="entities">by entity</option>
            </HTMLSelect>
          </label>
          {view.lanes === 'entities' ? (
            <div className="wm-tl-lanepick">
              <EntityPicker db={db} caseId={caseId} placeholder="Add a lane…" testId="tl-lane-search" onPick={(key) => setView({ ...view, laneKeys: [...(view.laneKeys.length ? view.laneKeys : lanes.filter((l) => !l.id.startsWith('type:')).map((l) => l.id)), key].filter((k, i, a) => a.indexOf(k) === i) })} />
            </div>
          ) : null}
          <span className="wm-tl-spacer" />
          <Button icon="add" text="Analyst event" title="Add an analyst event" data-testid="tl-add-analyst" onClick={() => setDialog({ editing: null, at: selected?.at ?? (Number.isFinite(fit[0]) ? fit[0] : Date.now()), n: Date.now() })} />
          <Button icon="export" text="Export timeline" data-testid="tl-export" onClick={() => setExporting(true)} />
        </div>
        {view.lanes === 'entities' && lanes.length > 0 ? (
          <div className="wm-tl-chips wm-tl-lanes">
            <span className="wm-muted wm-tl-small">Lanes:</span>
            {lanes
              .filter((l) => !l.id.startsWith('type:'))
              .map((l) => (
                <Tag key={l.id} minimal onRemove={() => setView({ ...view, laneKeys: lanes.filter((x) => x.id !== l.id && !x.id.startsWith('type:')).map((x) => x.id) })}>
                  {l.label}
                </Tag>
              ))}
          </div>
        ) : null}
        <div className="wm-tl-summary">
          <span data-testid="tl-summary">{summary}</span>
          <span className="wm-muted"> · times in {zoneLabel(view.zone)} · </span>
          <strong data-testid="tl-count" data-count={data.loading ? '' : String(data.total)}>
            {data.loading ? '…' : data.total.toLocaleString()}
          </strong>
          <span className="wm-muted"> events</span>
          {data.slice && data.slice.undated > 0 ? <span className="wm-muted"> ({data.slice.undated.toLocaleString()} without a date are listed in the table, not on the axis)</span> : null}
          {data.loading ? <Spinner size={14} className="wm-tl-inline-spinner" /> : null}
        </div>
        {data.generation === 0 ? (
          <Spinner />
        ) : data.total === 0 && !data.loading ? (
          <NonIdealState icon="timeline-events" title="No events match" description={Object.keys(view.filter).length ? 'Change or clear the filter to see events.' : 'Import call records, transfers or movements into this case to see them here.'} />
        ) : (
          <>
            <TimelineChart slice={data.slice} analyst={data.analyst} lanes={lanes} zone={view.zone} selected={selected} onSelect={setSelected} fit={fit} fitToken={fitToken} />
            <Legend dark={dark} />
          </>
        )}
        {tableShown ? (
          <Suspense fallback={<div className="wm-tl-table-placeholder" />}>
            <EventTable rows={rows} zone={view.zone} selected={selected} onSelect={setSelected} report={report} />
          </Suspense>
        ) : (
          <div className="wm-tl-table-placeholder" />
        )}
      </div>
      {selected ? (
        <EventDetail
          key={selected.id}
          db={db}
          caseId={caseId}
          id={selected.id}
          zone={view.zone}
          analyst={selectedAnalyst}
          tagSuggestions={data.tags}
          report={report}
          onMarked={marked}
          onEditAnalyst={(e) => setDialog({ editing: e, at: e.at, n: Date.now() })}
          onClose={() => setSelected(null)}
        />
      ) : null}
      <ExportTimelineDialog isOpen={exporting} onClose={() => setExporting(false)} caseId={caseId} caseName={props.caseName} caseNumber={props.caseNumber} view={view} />
      {dialog ? <AnalystEventDialog
        key={dialog.n}
        db={db}
        caseId={caseId}
        isOpen
        editing={dialog.editing}
        defaultZone={axisZone(view.zone)}
        defaultAt={dialog.at}
        report={report}
        onClose={() => setDialog(null)}
        onSaved={(e) => {
          setDialog(null)
          setMarksVersion((n) => n + 1)
          onChanged()
          setSelected({ id: e.id, at: e.at })
        }}
      /> : null}
    </div>
  )
}
