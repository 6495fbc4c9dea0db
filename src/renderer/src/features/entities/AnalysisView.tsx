// The analysis screens of selected entities: their common contacts ranked (who links these suspects), the contact
// matrix between them, and phone-replacement candidates of the whole case with the evidence for each.
import { Button, Callout, Card, HTMLTable, NonIdealState, Spinner, Tag } from '@blueprintjs/core'
import type { ColDef, GridApi, ValueFormatterParams } from 'ag-grid-community'
import { useEffect, useMemo, useState, type ReactNode } from 'react'
import type { CommonContact } from '../../../../core/analysis/contacts'
import type { ContactMatrix } from '../../../../core/analysis/matrix'
import type { ReplacementCandidate } from '../../../../core/analysis/replacement'
import { attempt, type SourceInfo } from '../../../../workspace'
import { UserProblem } from '../../../../workspace/errors'
import { useApp } from '../../app/context'
import { DataGrid } from '../../components/DataGrid'
import { formatCount } from '../../components/format'
import { duration, entityLabel, fullTime, shortTime } from './entityFormat'
import { gridTable, type ExportColumnContext, type ExportedTable } from './exportTable'
import { namesOf } from './pageData'
import { ExportButtons, Saved } from './parts'
import { startReplacementJob, type ReplacementJob, type ReplacementStage } from './replacementJob'
import { entitiesFor } from './services'

export type AnalysisKind = 'common' | 'matrix' | 'replacement'

export interface AnalysisViewProps {
  readonly caseId: string
  readonly caseName: string
  readonly caseNumber: string
  readonly version: number
  readonly zone: string
  readonly sources: readonly SourceInfo[]
  readonly zonePicker: ReactNode
  readonly kind: AnalysisKind
  readonly keys: readonly string[]
  readonly onBack: () => void
  readonly onOpen: (key: string) => void
  readonly onTimeline: (keys: readonly string[]) => void
  readonly onAnalysis: (kind: AnalysisKind, keys: readonly string[]) => void
}

type Loaded =
  | { kind: 'common'; rows: CommonContact[]; names: Map<string, readonly string[]> }
  | { kind: 'matrix'; matrix: ContactMatrix; names: Map<string, readonly string[]> }
  | { kind: 'replacement'; rows: ReplacementCandidate[]; names: Map<string, readonly string[]> }

const TITLES: Record<AnalysisKind, string> = {
  common: 'Common contacts',
  matrix: 'Contact matrix',
  replacement: 'Phone-replacement candidates'
}

function label(key: string, names: ReadonlyMap<string, readonly string[]>): string {
  const n = names.get(key)?.[0]
  return n ? `${entityLabel(key)} (${n})` : entityLabel(key)
}

export function AnalysisView(props: AnalysisViewProps) {
  const { caseId, kind, keys, version } = props
  const { db, report } = useApp()
  const keysText = JSON.stringify(keys)
  // `run` counts the analyst's "run again" after stopping a search.
  const [run, setRun] = useState(0)
  const request = `${caseId}|${kind}|${keysText}|${version}|${run}`
  const [loaded, setLoaded] = useState<{ request: string; data: Loaded | null } | null>(null)
  const data = loaded?.request === request ? loaded.data : undefined
  const [progress, setProgress] = useState<{ request: string; stage: ReplacementStage | 'cancelled'; cancel: () => void } | null>(null)
  const stage = progress?.request === request ? progress : null

  useEffect(() => {
    let live = true
    // Phone replacement reads every event of the case: it runs in a worker, with its stage shown and a way to stop it.
    let job: ReplacementJob | null = null
    if (kind === 'replacement') {
      job = startReplacementJob(caseId, { limit: 200 }, (s) => {
        if (live) setProgress({ request, stage: s, cancel: () => job?.cancel() })
      })
    }
    void attempt(async (): Promise<Loaded | null> => {
      const repo = entitiesFor(db)
      const names = async (ks: readonly string[]) => {
        const r = await namesOf(db, caseId, [...new Set(ks)])
        if (!r.ok) throw new UserProblem(r.problem)
        return r.value
      }
      if (job) {
        const r = await job.result
        if (r === null) return null
        if (!r.ok) throw new UserProblem(r.problem)
        return { kind: 'replacement', rows: r.value, names: await names(r.value.flatMap((c) => [c.oldKey, c.newKey, ...c.shared.slice(0, 20).map((s) => s.key)])) }
      }
      if (kind === 'common') {
        const r = await repo.commonContacts(caseId, keys, { limit: 0 })
        if (!r.ok) throw new UserProblem(r.problem)
        return { kind, rows: r.value, names: await names([...keys, ...r.value.slice(0, 1000).map((c) => c.key)]) }
      }
      const r = await repo.contactMatrix(caseId, keys)
      if (!r.ok) throw new UserProblem(r.problem)
      return { kind: 'matrix', matrix: r.value, names: await names(r.value.keys) }
    }).then((r) => {
      if (!live) return
      if (!r.ok) {
        report(r.problem)
        setLoaded({ request, data: null })
      } else if (r.value === null) setProgress({ request, stage: 'cancelled', cancel: () => undefined })
      else setLoaded({ request, data: r.value })
    })
    return () => {
      live = false
      job?.cancel()
    }
    // `request` stands for the keys: the array is a new one on every render of the parent.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [db, caseId, kind, request, report])

  const needsSelection = kind !== 'replacement' && keys.length < 2
  return (
    <div className="wm-ent wm-ent-analysis" data-testid={`analysis-${kind}`}>
      <div className="wm-ent-head">
        <Button icon="arrow-left" text="Entities" onClick={props.onBack} data-testid="analysis-back" />
        <h2 className="bp6-heading wm-ent-title">{TITLES[kind]}</h2>
        <span className="wm-spacer" />
        {props.zonePicker}
        {keys.length > 0 ? <Button icon="timeline-events" text="Show selection on timeline" onClick={() => props.onTimeline(keys)} /> : null}
      </div>
      {keys.length > 0 ? (
        <div className="wm-ent-names" data-testid="analysis-selection">
          <span className="wm-muted">Selected:</span>{' '}
          {keys.map((k) => (
            <Tag key={k} minimal interactive onClick={() => props.onOpen(k)} className="wm-mono">
              {data ? label(k, data.names) : entityLabel(k)}
            </Tag>
          ))}
          {kind === 'common' ? <Button variant="minimal" size="small" icon="grid" text="Contact matrix" onClick={() => props.onAnalysis('matrix', keys)} /> : null}
          {kind === 'matrix' ? <Button variant="minimal" size="small" icon="intersection" text="Common contacts" onClick={() => props.onAnalysis('common', keys)} /> : null}
        </div>
      ) : null}
      {needsSelection ? (
        <NonIdealState icon="select" title="Select at least two entities" description="Tick two or more rows in an entity table, then choose this analysis." action={<Button text="Back to the table" onClick={props.onBack} />} />
      ) : data === undefined && stage?.stage === 'cancelled' ? (
        <NonIdealState icon="stop" title="Search stopped" description="The phone-replacement search was stopped before it finished." action={<Button icon="refresh" text="Run again" data-testid="replacement-rerun" onClick={() => setRun((n) => n + 1)} />} />
      ) : data === undefined && kind === 'replacement' ? (
        <NonIdealState
          icon={<Spinner size={40} />}
          title={stage?.stage === 'searching' ? 'Looking for numbers that replaced others…' : 'Reading the case’s call records…'}
          description="This reads every call record of the case; on a large case it takes a while. The screen stays usable meanwhile."
          action={<Button icon="stop" text="Stop" data-testid="replacement-cancel" onClick={() => stage?.cancel()} />}
          data-testid="replacement-progress"
        />
      ) : data === undefined ? (
        <Spinner />
      ) : data === null ? (
        <Callout intent="danger">The analysis could not be run. See the message above.</Callout>
      ) : data.kind === 'common' ? (
        <CommonTable {...props} rows={data.rows} names={data.names} />
      ) : data.kind === 'matrix' ? (
        <MatrixTable {...props} matrix={data.matrix} names={data.names} />
      ) : (
        <ReplacementList {...props} rows={data.rows} names={data.names} />
      )}
    </div>
  )
}

interface CommonRow {
  readonly key: string
  readonly value: string
  readonly names: string
  readonly linked: number
  readonly linkedTo: string
  readonly events: number
  readonly seconds: number
  readonly firstAt: number | null
  readonly lastAt: number | null
  readonly selected: boolean
}

function CommonTable(props: AnalysisViewProps & { rows: readonly CommonContact[]; names: ReadonlyMap<string, readonly string[]> }) {
  const { zone, names } = props
  const [api, setApi] = useState<GridApi<CommonRow> | null>(null)
  const [saved, setSaved] = useState<string | null>(null)
  const rows = useMemo<CommonRow[]>(
    () =>
      props.rows.map((c) => ({
        key: c.key,
        value: entityLabel(c.key),
        names: (names.get(c.key) ?? []).join('; '),
        linked: c.linked,
        linkedTo: c.with.map((w) => `${entityLabel(w.key)} (${w.events})`).join(', '),
        events: c.events,
        seconds: c.seconds,
        firstAt: c.firstAt,
        lastAt: c.lastAt,
        selected: c.selected
      })),
    [props.rows, names]
  )
  const columns = useMemo<ColDef<CommonRow>[]>(
    () => [
      { field: 'value', headerName: 'Contact', pinned: 'left', width: 170, cellClass: 'wm-mono-cell', filter: 'agTextColumnFilter' },
      { field: 'names', headerName: 'Names', width: 190, filter: 'agTextColumnFilter', tooltipField: 'names' },
      { field: 'linked', headerName: 'Links', headerTooltip: 'How many of the selected it has events with', width: 125, type: 'numericColumn', filter: 'agNumberColumnFilter', sort: 'desc', sortIndex: 0 },
      { field: 'linkedTo', headerName: 'With (events)', width: 300, filter: 'agTextColumnFilter', tooltipField: 'linkedTo' },
      { field: 'events', headerName: 'Events', width: 125, type: 'numericColumn', filter: 'agNumberColumnFilter', sort: 'desc', sortIndex: 1 },
      { field: 'seconds', headerName: 'Call time', width: 100, type: 'numericColumn', valueFormatter: (p: ValueFormatterParams<CommonRow, number>) => duration(p.value ?? 0), context: { exportHeader: 'Call time (s)' } satisfies ExportColumnContext },
      { field: 'firstAt', headerName: 'First', width: 185, valueFormatter: (p: ValueFormatterParams<CommonRow, number | null>) => shortTime(p.value, zone), context: { exportFormatted: true, exportHeader: `First (${zone})` } satisfies ExportColumnContext },
      { field: 'lastAt', headerName: 'Last', width: 185, valueFormatter: (p: ValueFormatterParams<CommonRow, number | null>) => shortTime(p.value, zone), context: { exportFormatted: true, exportHeader: `Last (${zone})` } satisfies ExportColumnContext },
      { field: 'selected', headerName: 'Selected itself', width: 130, headerTooltip: 'The contact is one of the selected entities' }
    ],
    [zone]
  )
  const table = (): ExportedTable | null => {
    if (!api) return null
    const { header, rows: cells } = gridTable(api)
    return { name: 'Common contacts', title: 'Common contacts of the selected entities', filter: `Selected: ${props.keys.map(entityLabel).join(', ')}`, header, rows: cells }
  }
  return (
    <>
      <div className="wm-ent-toolbar">
        <span className="wm-muted">
          {formatCount(rows.length)} contacts link at least two of the {formatCount(props.keys.length)} selected, ranked by how many they link, then by events.
        </span>
        <span className="wm-spacer" />
        <ExportButtons table={table} caseName={props.caseName} caseNumber={props.caseNumber} zone={zone} sources={props.sources} testId="common-export" onSaved={setSaved} />
      </div>
      <Saved message={saved} onDismiss={() => setSaved(null)} />
      {rows.length === 0 ? (
        <Callout icon="info-sign" data-testid="common-none">
          No contact has events with two or more of the selected entities.
        </Callout>
      ) : (
        <div className="wm-ent-grid" data-testid="common-grid">
          <DataGrid<CommonRow> rowData={rows} columnDefs={columns} getRowId={(p) => p.data.key} onGridReady={(e) => setApi(e.api)} onRowDoubleClicked={(e) => e.data && props.onOpen(e.data.key)} />
        </div>
      )}
    </>
  )
}

function MatrixTable(props: AnalysisViewProps & { matrix: ContactMatrix; names: ReadonlyMap<string, readonly string[]> }) {
  const { matrix, names, zone } = props
  const [saved, setSaved] = useState<string | null>(null)
  const max = Math.max(1, ...matrix.total.flat().map((c) => c.events))
  const table = (): ExportedTable => {
    const header = ['From (calling side)', 'To (called side)', 'Events', 'Calls', 'SMS', 'Call time (s)', `First (${zone})`, `Last (${zone})`, 'Direction']
    const rows: (string | number)[][] = []
    matrix.keys.forEach((r, i) =>
      matrix.keys.forEach((c, j) => {
        const d = matrix.cells[i]![j]!
        if (d.events > 0) rows.push([entityLabel(r), entityLabel(c), d.events, d.calls, d.sms, d.seconds, fullTime(d.firstAt, zone), fullTime(d.lastAt, zone), 'known'])
        const u = matrix.undirected[i]![j]!
        if (i < j && u.events > 0) rows.push([entityLabel(r), entityLabel(c), u.events, u.calls, u.sms, u.seconds, fullTime(u.firstAt, zone), fullTime(u.lastAt, zone), 'not given by the file'])
      })
    )
    return { name: 'Contact matrix', title: 'Contact matrix of the selected entities', filter: `Selected: ${matrix.keys.map(entityLabel).join(', ')}`, header, rows }
  }
  return (
    <>
      <div className="wm-ent-toolbar">
        <span className="wm-muted">Direct events between each pair: row = calling side, column = called side. Hover a cell for calls, SMS and call time.</span>
        <span className="wm-spacer" />
        <ExportButtons table={table} caseName={props.caseName} caseNumber={props.caseNumber} zone={zone} sources={props.sources} testId="matrix-export" onSaved={setSaved} />
      </div>
      <Saved message={saved} onDismiss={() => setSaved(null)} />
      <div className="wm-ent-matrix-wrap">
        <HTMLTable compact bordered className="wm-ent-matrix" data-testid="matrix">
          <thead>
            <tr>
              <th>from ↓ · to →</th>
              {matrix.keys.map((k) => (
                <th key={k} className="wm-small" title={label(k, names)}>
                  <span className="wm-mono">{entityLabel(k)}</span>
                  {names.get(k)?.[0] ? <div className="wm-ent-matrix-name">{names.get(k)![0]}</div> : null}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.keys.map((r, i) => (
              <tr key={r}>
                <th className="wm-small">
                  <a className="wm-mono" onClick={() => props.onOpen(r)}>
                    {entityLabel(r)}
                  </a>
                  {names.get(r)?.[0] ? <span className="wm-ent-matrix-name"> {names.get(r)![0]}</span> : null}
                </th>
                {matrix.keys.map((c, j) => {
                  if (i === j) return <td key={c} className="wm-ent-matrix-diag" />
                  const d = matrix.cells[i]![j]!
                  const u = matrix.undirected[i]![j]!
                  const t = matrix.total[i]![j]!
                  return (
                    <td
                      key={c}
                      className="wm-num"
                      data-testid="matrix-cell"
                      style={t.events > 0 ? { background: `rgba(45, 114, 210, ${0.1 + 0.5 * (t.events / max)})` } : undefined}
                      title={`${entityLabel(r)} → ${entityLabel(c)}: ${d.events} events (${d.calls} calls, ${d.sms} SMS, ${duration(d.seconds)} call time)${u.events ? `; ${u.events} more without a known caller` : ''}${t.firstAt !== null ? `; ${shortTime(t.firstAt, zone)} – ${shortTime(t.lastAt, zone)}` : ''}`}
                    >
                      {d.events || (u.events ? '' : '·')}
                      {u.events ? <span className="wm-muted"> +{u.events}</span> : null}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      </div>
    </>
  )
}

const round = (x: number): number => Math.round(x * 1000) / 1000

function gapText(ms: number): string {
  const abs = Math.abs(ms)
  const h = abs / 3_600_000
  const t = h >= 48 ? `${(h / 24).toFixed(1)} days` : h >= 1 ? `${h.toFixed(1)} hours` : `${Math.round(abs / 60_000)} minutes`
  return ms >= 0 ? `${t} of silence` : `both active for ${t}`
}

function ReplacementList(props: AnalysisViewProps & { rows: readonly ReplacementCandidate[]; names: ReadonlyMap<string, readonly string[]> }) {
  const { rows, names, zone } = props
  const [saved, setSaved] = useState<string | null>(null)
  const table = (): ExportedTable => ({
    name: 'Phone replacements',
    title: 'Phone-replacement candidates',
    filter: 'Whole case; the detector’s default thresholds',
    header: ['Old number', 'Old names', 'New number', 'New names', 'Score', `Old quiet with shared contacts from (${zone})`, `Handover (${zone})`, 'Typical gap per contact (hours)', `Old last seen (${zone})`, `New first seen (${zone})`, 'Old events after handover', 'Contacts handed over', 'Share of old contacts', 'Share of new contacts', 'Jaccard', 'Old events', 'New events', 'Shared handsets', 'Direct events', 'Contacts handed over (list)', 'Via other replacements'],
    rows: rows.map((c) => [
      entityLabel(c.oldKey),
      (names.get(c.oldKey) ?? []).join('; '),
      entityLabel(c.newKey),
      (names.get(c.newKey) ?? []).join('; '),
      round(c.score),
      fullTime(c.oldLastSharedAt, zone),
      fullTime(c.handoverAt, zone),
      Math.round((c.gapMs / 3_600_000) * 10) / 10,
      fullTime(c.oldLastAt, zone),
      fullTime(c.newFirstAt, zone),
      c.oldEventsAfter,
      c.shared.length,
      round(c.oldShare),
      round(c.newShare),
      round(c.jaccard),
      c.oldEvents,
      c.newEvents,
      c.sharedHandsets.map(entityLabel).join(', '),
      c.direct,
      c.shared.map((s) => entityLabel(s.key)).join(', '),
      c.via.map((v) => `${entityLabel(v.oldKey)} → ${entityLabel(v.newKey)}`).join(', ')
    ])
  })
  return (
    <>
      <div className="wm-ent-toolbar">
        <span className="wm-muted">
          A number that goes quiet while a new one starts talking to the same contacts soon after. Ranked by score (contacts handed over ÷ the larger contact list). Check the evidence before you merge.
        </span>
        <span className="wm-spacer" />
        <ExportButtons table={table} caseName={props.caseName} caseNumber={props.caseNumber} zone={zone} sources={props.sources} testId="replacement-export" onSaved={setSaved} />
      </div>
      <Saved message={saved} onDismiss={() => setSaved(null)} />
      {rows.length === 0 ? (
        <Callout icon="info-sign" data-testid="replacement-none">
          No candidates: no number went quiet while another started talking to the same contacts soon after.
        </Callout>
      ) : (
        <div className="wm-ent-candidates" data-testid="replacement-list">
          {rows.map((c, i) => (
            <Card key={`${c.oldKey}>${c.newKey}`} className="wm-ent-candidate" data-testid="replacement-candidate">
              <div className="wm-ent-candidate-head">
                <Tag round intent={c.score >= 0.6 ? 'warning' : 'none'}>#{i + 1} · score {c.score.toFixed(2)}</Tag>
                <a className="wm-mono" onClick={() => props.onOpen(c.oldKey)} data-testid="replacement-old">
                  {label(c.oldKey, names)}
                </a>
                <span>→</span>
                <a className="wm-mono" onClick={() => props.onOpen(c.newKey)} data-testid="replacement-new">
                  {label(c.newKey, names)}
                </a>
                <span className="wm-spacer" />
                <Button size="small" icon="timeline-events" text="Both on timeline" onClick={() => props.onTimeline([c.oldKey, c.newKey])} />
                <Button size="small" icon="intersection" text="Common contacts" onClick={() => props.onAnalysis('common', [c.oldKey, c.newKey])} />
              </div>
              <HTMLTable compact className="wm-ent-evidence" data-testid="replacement-evidence">
                <tbody>
                  <tr>
                    <th>Old number quiet with them from</th>
                    <td>{fullTime(c.oldLastSharedAt, zone)}</td>
                    <th>New number took them over</th>
                    <td>{fullTime(c.handoverAt, zone)}</td>
                    <th>Typical gap per contact</th>
                    <td>{gapText(c.gapMs)}</td>
                  </tr>
                  <tr>
                    <th>Old number last seen</th>
                    <td>{fullTime(c.oldLastAt, zone)}</td>
                    <th>New number first seen</th>
                    <td>{fullTime(c.newFirstAt, zone)}</td>
                    <th>Old number after the handover</th>
                    <td>{c.oldEventsAfter === 0 ? 'silent' : `${formatCount(c.oldEventsAfter)} event${c.oldEventsAfter === 1 ? '' : 's'}`}</td>
                  </tr>
                  <tr>
                    <th>Contacts handed over</th>
                    <td>
                      {c.shared.length} · {Math.round(c.oldShare * 100)}% of the old number’s {formatCount(c.oldContacts)}, {Math.round(c.newShare * 100)}% of the new one’s {formatCount(c.newContacts)}
                    </td>
                    <th>Events</th>
                    <td>
                      {formatCount(c.oldEvents)} old · {formatCount(c.newEvents)} new · {formatCount(c.direct)} between them
                    </td>
                    <th>Same handset</th>
                    <td>{c.sharedHandsets.length ? c.sharedHandsets.map(entityLabel).join(', ') : 'none recorded'}</td>
                  </tr>
                </tbody>
              </HTMLTable>
              {c.via.length > 0 ? (
                <div className="wm-small wm-muted">
                  Found after applying other replacements: {c.via.map((v) => `${entityLabel(v.oldKey)} → ${entityLabel(v.newKey)}`).join(', ')} (a network that changed phones together).
                </div>
              ) : null}
              <div className="wm-small">
                <span className="wm-muted">Shared:</span>{' '}
                {c.shared.slice(0, 12).map((s) => (
                  <Tag key={s.key} minimal interactive className="wm-mono" onClick={() => props.onOpen(s.key)} title={`old: ${s.oldEvents} events, last ${shortTime(s.oldLastAt, zone)} · new: ${s.newEvents} events, first ${shortTime(s.newFirstAt, zone)}`}>
                    {label(s.key, names)}
                  </Tag>
                ))}
                {c.shared.length > 12 ? <span className="wm-muted"> and {c.shared.length - 12} more</span> : null}
              </div>
            </Card>
          ))}
        </div>
      )}
    </>
  )
}
