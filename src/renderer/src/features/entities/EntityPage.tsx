// An entity's page: what it is, when it was active (heatmap and daily chart in the display zone), who it talks to,
// which handsets and SIMs it used (with swaps), where it was found, and the analyst's actions on it.
import { Button, Callout, Card, HTMLTable, NonIdealState, Spinner, Tag } from '@blueprintjs/core'
import type { ColDef, GridApi, ValueFormatterParams } from 'ag-grid-community'
import { useEffect, useMemo, useState, type ReactNode } from 'react'
import type { ContactSummary } from '../../../../core/analysis/contacts'
import type { DeviceUse } from '../../../../core/analysis/handsets'
import type { EntityFacts } from '../../../../core/analysis/facts'
import type { SourceInfo } from '../../../../workspace'
import { useApp } from '../../app/context'
import { DataGrid } from '../../components/DataGrid'
import { formatCount } from '../../components/format'
import { ChartLegend, DailyChart, Heatmap } from './Charts'
import { duration, entityLabel, fullTime, shortTime } from './entityFormat'
import { typeInfo } from './entityTypes'
import { gridTable, type ExportColumnContext, type ExportedTable } from './exportTable'
import { loadEntityPage, PAGE_CONTACTS, type EntityPageData } from './pageData'
import { ExportButtons, Saved } from './parts'
import { ResolutionActions } from './ResolutionActions'

export interface EntityPageProps {
  readonly caseId: string
  readonly caseName: string
  readonly caseNumber: string
  readonly version: number
  readonly zone: string
  readonly sources: readonly SourceInfo[]
  readonly zonePicker: ReactNode
  readonly entityKey: string
  readonly onBack: () => void
  readonly onOpen: (key: string) => void
  readonly onTimeline: (keys: readonly string[]) => void
  readonly onAnalysis: (kind: 'common' | 'matrix' | 'replacement', keys: readonly string[]) => void
  readonly onChanged: () => void
}

interface ContactRow extends ContactSummary {
  readonly value: string
  readonly names: string
}

function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <Card className="wm-ent-stat" data-testid={testId}>
      <div className="wm-ent-stat-v">{value}</div>
      <div className="wm-small wm-muted">{label}</div>
    </Card>
  )
}

/** One identifier's spans drawn on a shared time axis, so a swap reads as one bar ending and another starting. */
function DeviceBars({ uses, from, to, zone, onOpen }: { uses: readonly DeviceUse[]; from: number; to: number; zone: string; onOpen: (key: string) => void }) {
  const span = Math.max(1, to - from)
  return (
    <HTMLTable compact className="wm-ent-devices" data-testid="devices-table">
      <thead>
        <tr>
          <th>Identifier</th>
          <th className="wm-num">Events</th>
          <th>First</th>
          <th>Last</th>
          <th className="wm-ent-bars-head">Use over time</th>
        </tr>
      </thead>
      <tbody>
        {uses.map((u) => (
          <tr key={u.key}>
            <td>
              <a className="wm-mono" onClick={() => onOpen(u.key)}>
                {entityLabel(u.key)}
              </a>{' '}
              <Tag minimal>{u.type === 'imei' ? 'handset' : u.type === 'imsi' ? 'SIM' : 'number'}</Tag>
            </td>
            <td className="wm-num">{formatCount(u.events)}</td>
            <td className="wm-small">{shortTime(u.firstAt, zone)}</td>
            <td className="wm-small">{shortTime(u.lastAt, zone)}</td>
            <td className="wm-ent-bars">
              <svg width="100%" height="14" preserveAspectRatio="none" viewBox="0 0 1000 14">
                {u.spans.map((s, i) => (
                  <rect key={i} x={((s.from - from) / span) * 1000} width={Math.max(3, ((s.to - s.from) / span) * 1000)} y={2} height={10} className={`wm-span-${u.type}`}>
                    <title>{`${shortTime(s.from, zone)} – ${shortTime(s.to, zone)}: ${s.events} events`}</title>
                  </rect>
                ))}
              </svg>
            </td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  )
}

export function EntityPage(props: EntityPageProps) {
  const { caseId, entityKey, zone, sources, version } = props
  const { db, report } = useApp()
  const info = typeInfo(entityKey)
  const request = `${caseId}|${entityKey}|${zone}|${version}`
  const [loaded, setLoaded] = useState<{ request: string; data: EntityPageData | null } | null>(null)
  const data = loaded?.request === request ? loaded.data : undefined
  const [api, setApi] = useState<GridApi<ContactRow> | null>(null)
  const [saved, setSaved] = useState<string | null>(null)

  useEffect(() => {
    let live = true
    void loadEntityPage(db, caseId, entityKey, zone).then((r) => {
      if (!live) return
      if (!r.ok) {
        report(r.problem)
        setLoaded({ request, data: null })
      } else setLoaded({ request, data: r.value })
    })
    return () => {
      live = false
    }
  }, [db, caseId, entityKey, zone, request, report])

  const contactRows = useMemo<ContactRow[]>(() => (data ? data.page.topContacts.map((c) => ({ ...c, value: entityLabel(c.key), names: (data.names.get(c.key) ?? []).join('; ') })) : []), [data])

  const columns = useMemo<ColDef<ContactRow>[]>(() => {
    const time = (field: 'firstAt' | 'lastAt', header: string): ColDef<ContactRow> => ({
      field,
      headerName: header,
      width: 185,
      filter: 'agNumberColumnFilter',
      valueFormatter: (p: ValueFormatterParams<ContactRow, number | null>) => shortTime(p.value, zone),
      context: { exportFormatted: true, exportHeader: `${header} (${zone})` } satisfies ExportColumnContext
    })
    const num = (field: keyof ContactRow, header: string, width = 80): ColDef<ContactRow> => ({ field, headerName: header, width, type: 'numericColumn', filter: 'agNumberColumnFilter' })
    return [
      { field: 'value', headerName: 'Contact', pinned: 'left', width: 170, cellClass: 'wm-mono-cell', filter: 'agTextColumnFilter' },
      { field: 'names', headerName: 'Names', width: 200, filter: 'agTextColumnFilter', tooltipField: 'names' },
      num('events', 'Events'),
      num('calls', 'Calls'),
      num('sms', 'SMS'),
      {
        field: 'seconds',
        headerName: 'Call time',
        width: 100,
        type: 'numericColumn',
        filter: 'agNumberColumnFilter',
        valueFormatter: (p: ValueFormatterParams<ContactRow, number>) => duration(p.value ?? 0),
        context: { exportHeader: 'Call time (s)' } satisfies ExportColumnContext
      },
      num('outgoing', 'Out'),
      num('incoming', 'In'),
      time('firstAt', 'First'),
      time('lastAt', 'Last')
    ]
  }, [zone])

  if (data === undefined) return <Spinner />
  if (data === null) {
    return <NonIdealState icon="search" title="Not in this case" description={`${entityLabel(entityKey)} does not occur in the case's data.`} action={<Button icon="arrow-left" text="Back to the table" onClick={props.onBack} />} />
  }
  const { page } = data
  const s = page.row
  const shownKey = page.key
  const facts = page.memberFacts[0]
  const country = facts && (facts.type === 'phone' || facts.type === 'imsi') ? facts.country : undefined
  const devices = [...page.devices.imeis, ...page.devices.imsis, ...page.devices.phones]
  const contacts = page.topContacts
  const fileNames = s ? [...new Set([s.label, ...s.names, ...s.aliases].filter(Boolean))] : []
  const devFrom = Math.min(...devices.map((d) => d.firstAt))
  const devTo = Math.max(...devices.map((d) => d.lastAt))
  const contactsTable = (): ExportedTable | null => {
    if (!api) return null
    const { header, rows } = gridTable(api)
    return { name: `Contacts ${entityLabel(shownKey)}`, title: `Contacts of ${info.one.toLowerCase()} ${entityLabel(shownKey)}`, filter: `Events with ${entityLabel(shownKey)}${api.isAnyFilterPresent() ? ' · column filters applied' : ''}`, header, rows }
  }

  const linked = s?.linked
  const linkGroups: [string, readonly string[]][] = linked
    ? [
        ['Handsets', linked.imeis],
        ['SIMs', linked.imsis],
        ['Numbers', linked.phones],
        ['Persons', linked.persons],
        ['Documents / ids', linked.ids]
      ]
    : []
  return (
    <div className="wm-ent wm-ent-page" data-testid="entity-page">
      <div className="wm-ent-head">
        <Button icon="arrow-left" text="Entities" onClick={props.onBack} data-testid="entity-back" />
        <h2 className="bp6-heading wm-ent-title" data-testid="entity-title">
          <span className="wm-mono">{entityLabel(shownKey)}</span> <Tag minimal icon={info.icon}>{info.one}</Tag> {country ? <Tag minimal>{country}</Tag> : null}
          {fileNames.length ? <span className="wm-ent-title-names">{fileNames.slice(0, 3).join(' · ')}</span> : null}
        </h2>
        <span className="wm-spacer" />
        {props.zonePicker}
        <Button icon="timeline-events" text="Show on timeline" data-testid="page-timeline" onClick={() => props.onTimeline(s?.members ?? [shownKey])} />
      </div>
      {page.requested !== page.key ? (
        <Callout icon="merge-links" className="wm-question" data-testid="merged-into">
          <span className="wm-mono">{entityLabel(page.requested)}</span> is merged into this entity; the page shows the merged group.
        </Callout>
      ) : null}
      <div className="wm-ent-facts" data-testid="entity-facts">
        {fileNames.length ? (
          <div>
            <span className="wm-muted">Names:</span> {fileNames.map((n) => <Tag key={n} minimal>{n}</Tag>)}
          </div>
        ) : null}
        {page.memberFacts.map((f) => (
          <FactLine key={f.value + f.type} facts={f} />
        ))}
        {linkGroups
          .filter(([, keys]) => keys.length > 0)
          .map(([title, keys]) => (
            <div key={title}>
              <span className="wm-muted">{title}:</span>{' '}
              {keys.map((k) => (
                <Tag key={k} minimal interactive className="wm-mono" onClick={() => props.onOpen(k)}>
                  {entityLabel(k)}
                </Tag>
              ))}
            </div>
          ))}
        {linked && linked.countries.length ? (
          <div>
            <span className="wm-muted">Countries:</span> {linked.countries.join(', ')}
          </div>
        ) : null}
      </div>
      <ResolutionActions caseId={caseId} entityKey={shownKey} resolutions={page.resolutions} onChanged={props.onChanged} onOpen={props.onOpen} />

      {s ? (
        <div className="wm-ent-stats" data-testid="entity-summary">
          <Stat label={`first seen (${zone})`} value={shortTime(s.firstAt, zone) || '—'} />
          <Stat label={`last seen (${zone})`} value={shortTime(s.lastAt, zone) || '—'} />
          <Stat label={`events · ${formatCount(s.asA)} out · ${formatCount(s.asB)} in · ${formatCount(s.asOther)} other`} value={formatCount(s.events)} testId="stat-events" />
          <Stat label="call time" value={duration(s.callSeconds)} />
          <Stat label="distinct contacts" value={formatCount(s.contacts.length)} testId="stat-contacts" />
          <Stat label="sources" value={formatCount(s.sources.length)} />
        </div>
      ) : (
        <Callout icon="person" className="wm-question">
          A person you created. Link phones, documents or accounts to it: their events then show here.
        </Callout>
      )}

      <div className="wm-ent-charts">
        <Card className="wm-ent-chart">
          <h3 className="bp6-heading">When active · hour × weekday ({zone})</h3>
          <Heatmap heatmap={page.activity.heatmap} zone={zone} />
          {page.activity.undated + page.activity.coarse > 0 ? (
            <div className="wm-small wm-muted">
              Not in the heatmap: {formatCount(page.activity.undated)} undated, {formatCount(page.activity.coarse)} with only a date.
            </div>
          ) : null}
        </Card>
        <Card className="wm-ent-chart wm-ent-chart-wide">
          <h3 className="bp6-heading">Events per day ({zone})</h3>
          <DailyChart days={page.activity.days} zone={zone} />
          <ChartLegend />
        </Card>
      </div>

      <div className="wm-section-head">
        <h3 className="bp6-heading">
          Top contacts ({formatCount(contacts.length)}
          {s && s.contacts.length > contacts.length ? ` of ${formatCount(s.contacts.length)}` : ''})
        </h3>
        <span className="wm-spacer" />
        {contacts.length > 1 ? (
          <Button icon="intersection" text="Who links it to its top 2 contacts" onClick={() => props.onAnalysis('common', [shownKey, ...contacts.slice(0, 2).map((c) => c.key)])} />
        ) : null}
        <ExportButtons table={contactsTable} caseName={props.caseName} caseNumber={props.caseNumber} zone={zone} sources={sources} testId="contacts-export" onSaved={setSaved} />
      </div>
      <Saved message={saved} onDismiss={() => setSaved(null)} />
      {contacts.length === 0 ? (
        <Callout icon="info-sign">No contacts: this entity is never on the other side of a call, message or transfer.</Callout>
      ) : (
        <div className="wm-ent-subgrid" data-testid="contacts-grid">
          <DataGrid<ContactRow> rowData={contactRows} columnDefs={columns} getRowId={(p) => p.data.key} onGridReady={(e) => setApi(e.api)} onRowDoubleClicked={(e) => e.data && props.onOpen(e.data.key)} />
        </div>
      )}
      {contacts.length >= PAGE_CONTACTS ? <div className="wm-small wm-muted">The {formatCount(PAGE_CONTACTS)} contacts with most events are listed.</div> : null}

      <h3 className="bp6-heading wm-section-head">Handsets and SIMs over time</h3>
      {devices.length === 0 ? (
        <Callout icon="info-sign" data-testid="no-devices">
          No handset (IMEI) or SIM (IMSI) is recorded with this {info.one.toLowerCase()} on its own records.
          {page.devices.unattributed > 0 ? ` ${formatCount(page.devices.unattributed)} rows name a handset but do not say whose record they are.` : ''}
        </Callout>
      ) : (
        <>
          <DeviceBars uses={devices} from={devFrom} to={devTo} zone={zone} onOpen={props.onOpen} />
          {page.devices.swaps.length > 0 ? (
            <Callout icon="swap-horizontal" title={`${formatCount(page.devices.swaps.length)} swap${page.devices.swaps.length === 1 ? '' : 's'}`} data-testid="swaps">
              <ul className="wm-ent-swaps">
                {page.devices.swaps.map((w, i) => (
                  <li key={i}>
                    {w.type === 'imei' ? 'Handset' : w.type === 'imsi' ? 'SIM' : 'Number'} <span className="wm-mono">{entityLabel(w.from)}</span> last used {fullTime(w.fromLastAt, zone)} → <span className="wm-mono">{entityLabel(w.to)}</span> from {fullTime(w.toFirstAt, zone)}
                  </li>
                ))}
              </ul>
            </Callout>
          ) : (
            <div className="wm-small wm-muted">No swap: the same handset and SIM throughout.</div>
          )}
        </>
      )}

      <h3 className="bp6-heading wm-section-head">Found in</h3>
      <HTMLTable compact striped className="wm-ent-sources" data-testid="entity-sources">
        <thead>
          <tr>
            <th>File</th>
            <th>SHA-256</th>
          </tr>
        </thead>
        <tbody>
          {page.sources.map((x) => (
            <tr key={x.sha256}>
              <td>{x.fileName}</td>
              <td className="wm-mono wm-small">{x.sha256}</td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
    </div>
  )
}

function FactLine({ facts }: { facts: EntityFacts }) {
  const f = facts
  let text: string
  switch (f.type) {
    case 'phone':
      text = f.shortCode ? 'Short code' : [f.e164 ? `E.164 ${f.e164}` : '', f.country ? `country ${f.country}` : ''].filter(Boolean).join(' · ')
      break
    case 'imei':
      text = [`IMEI ${f.value}`, f.tac ? `TAC ${f.tac} (handset model)` : '', f.valid ? 'check digit correct' : (f.problem ?? 'not a valid IMEI')].filter(Boolean).join(' · ')
      break
    case 'imsi':
      text = [`IMSI ${f.value}`, f.mcc ? `MCC ${f.mcc}` : '', f.mnc ? `MNC ${f.mnc}` : '', f.country ?? '', f.operator ?? ''].filter(Boolean).join(' · ')
      break
    case 'cell':
      text = f.listed
        ? [`Cell ${f.value}`, f.name ?? '', f.latitude !== undefined && f.longitude !== undefined ? `${f.latitude.toFixed(5)}, ${f.longitude.toFixed(5)}` : '', f.azimuth !== undefined ? `azimuth ${f.azimuth}°` : ''].filter(Boolean).join(' · ')
        : `Cell ${f.value} · not in an imported cell list`
      break
    default:
      return null
  }
  return text ? <div className="wm-small">{text}</div> : null
}
