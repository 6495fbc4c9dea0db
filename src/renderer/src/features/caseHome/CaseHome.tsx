// A case's home screen: what the case holds, and its audit trail with a check that the trail is intact.
import { Button, Callout, Card, HTMLTable, Intent, NonIdealState, Spinner, Tab, Tabs, Tag } from '@blueprintjs/core'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { AuditEntry } from '../../../../core/audit/chain'
import type { CaseSummary } from '../../../../workspace'
// By module, not the workspace index, so the Overview stays in the app's first chunk without the analysis code.
import { auditForCase, verifyAudit } from '../../../../workspace/audit'
import { useApp } from '../../app/context'
import type { CaseTab, RouteParams } from '../../app/route'
import { prefetchTimeline } from '../../app/earlyLoad'
import { EntitiesTab, ImportTab, preloadCaseTabs, SourcesTab, TimelineTab, warmEntityTables } from '../../app/screens'
import { formatCount, formatDateTime, localZoneName } from '../../components/format'
import { LazyPane } from '../../components/LazyPane'

type Verification = Awaited<ReturnType<typeof verifyAudit>>

const ACTION_LABELS: Record<string, string> = {
  'case.created': 'Case created',
  'case.renamed': 'Case renamed',
  'case.opened': 'Case opened',
  'case.deleted': 'Case deleted'
}

/**
 * "name: Operation Kite · caseNumber: K-7" from an entry's JSON details: scalars and one level of nesting, long
 * values shortened (a source's full mapping is in the Sources tab, not repeated here).
 */
function describeDetails(json: string): string {
  const parts: string[] = []
  const show = (v: unknown): string => {
    const t = typeof v === 'string' ? v : JSON.stringify(v)
    return t.length > 80 ? `${t.slice(0, 77)}…` : t
  }
  let value: unknown
  try {
    value = JSON.parse(json)
  } catch {
    return show(json)
  }
  if (value === null || typeof value !== 'object') return show(value)
  for (const [k, v] of Object.entries(value)) {
    if (v === '' || v === null || v === undefined) continue
    // Lists and embedded JSON (a source's mapping) are in the Sources tab; the trail shows the facts.
    if (Array.isArray(v) || (typeof v === 'string' && /^\s*[[{]/.test(v))) continue
    if (typeof v !== 'object') parts.push(`${k}: ${show(v)}`)
    else if (!Array.isArray(v) && Object.values(v).every((x) => x === null || typeof x !== 'object') && Object.keys(v).length <= 6) {
      for (const [k2, v2] of Object.entries(v)) parts.push(`${k}.${k2}: ${show(v2)}`)
    }
  }
  return parts.join(' · ')
}

interface Props {
  readonly caseId: string
  readonly tab: CaseTab
  /** The tab's own state from the URL (a timeline filter, the open entity). */
  readonly params: RouteParams
  /** Go to a tab, optionally with its state (e.g. the timeline filtered to the phones picked in a table). */
  readonly onTab: (tab: CaseTab, params?: RouteParams) => void
  /** Replace the current tab's state in the URL without adding a history entry. */
  readonly onParams: (params: RouteParams) => void
  readonly onBack: () => void
}

export function CaseHome({ caseId, tab, params, onTab, onParams, onBack }: Props) {
  const { cases, db, report } = useApp()
  const [summary, setSummary] = useState<CaseSummary | null | undefined>(undefined)
  const [trail, setTrail] = useState<AuditEntry[]>([])
  const [verification, setVerification] = useState<Verification | null>(null)
  // Bumped when the case's contents change (an import, a removed source) so counts and the trail are read again.
  const [version, setVersion] = useState(0)
  const changed = useCallback(() => setVersion((v) => v + 1), [])

  // The other tabs' code loads in the background once the case is open, so switching tabs does not wait for it; then
  // the entity tables' statistics are decoded, unless the analyst is on that tab already (it is reading them itself).
  const tabNow = useRef(tab)
  useEffect(() => {
    tabNow.current = tab
  })
  // Not before the case has shown (its summary read): the warm-up must not hold up the screen the analyst opened. On
  // its Overview or Sources it then starts at once; on the timeline, not until its first draw is long done.
  const shown = summary !== undefined && summary !== null
  useEffect(
    () => (shown ? preloadCaseTabs(() => (tabNow.current === 'entities' ? undefined : warmEntityTables(db, caseId)), tabNow.current === 'overview' || tabNow.current === 'sources') : undefined),
    [db, caseId, shown]
  )

  // Opening a case is itself audited, once per visit.
  useEffect(() => {
    let live = true
    void cases.open(caseId).then((r) => {
      if (!live) return
      if (!r.ok) {
        if (r.problem.kind === 'not-found') setSummary(null)
        else report(r.problem)
      } else changed()
    })
    return () => {
      live = false
    }
  }, [cases, caseId, report, changed])

  // On the timeline, its events start loading now, beside the case's summary and the timeline's code, not after them.
  // After the open above: its write spans the segments' table, so it goes first rather than waiting for this read.
  useEffect(() => {
    if (tab === 'timeline') prefetchTimeline(db, caseId)
  }, [db, caseId, tab])

  useEffect(() => {
    if (version === 0) return
    let live = true
    void (async () => {
      const r = await cases.get(caseId)
      const entries = await auditForCase(db, caseId, 20)
      if (!live) return
      if (!r.ok) report(r.problem)
      else setSummary(r.value)
      setTrail(entries)
    })()
    return () => {
      live = false
    }
  }, [cases, caseId, db, report, version])

  if (summary === undefined) return <Spinner />
  if (summary === null) {
    return (
      <NonIdealState
        icon="search"
        title="Case not found"
        description="This case is not in the workspace on this computer. It may have been deleted."
        action={<Button text="Back to cases" onClick={onBack} />}
      />
    )
  }

  const { sources, events, entities, notes } = summary.counts
  return (
    <div className="wm-page" data-testid="case-home">
      <div className="wm-page-head">
        <div>
          <h1 className="bp6-heading" data-testid="case-title">{summary.name}</h1>
          <div className="wm-muted">
            {summary.caseNumber ? <Tag minimal>{summary.caseNumber}</Tag> : null} Created {formatDateTime(summary.createdAt)} · times shown in {localZoneName}
          </div>
        </div>
        <Button icon="arrow-left" text="All cases" onClick={onBack} />
      </div>

      <Tabs id="case-tabs" selectedTabId={tab} onChange={(t) => onTab(t as CaseTab)} large className="wm-case-tabs">
        <Tab id="overview" title="Overview" />
        <Tab id="timeline" title="Timeline" icon="timeline-events" />
        <Tab id="entities" title="Entities" icon="people" />
        <Tab id="import" title="Import" icon="import" />
        <Tab id="sources" title={`Sources (${formatCount(sources)})`} icon="document" />
      </Tabs>
      {tab === 'timeline' ? (
        <LazyPane key="timeline" what="timeline">
          <TimelineTab caseId={caseId} caseName={summary.name} caseNumber={summary.caseNumber} version={version} params={params} onParams={onParams} onTab={onTab} onChanged={changed} />
        </LazyPane>
      ) : null}
      {tab === 'entities' ? (
        <LazyPane key="entities" what="entity tables">
          <EntitiesTab caseId={caseId} caseName={summary.name} caseNumber={summary.caseNumber} version={version} params={params} onParams={onParams} onTab={onTab} onChanged={changed} />
        </LazyPane>
      ) : null}
      {tab === 'import' ? (
        <LazyPane key="import" what="import">
          <ImportTab caseId={caseId} onImported={changed} />
        </LazyPane>
      ) : null}
      {tab === 'sources' ? (
        <LazyPane key="sources" what="sources">
          <SourcesTab caseId={caseId} version={version} onChanged={changed} />
        </LazyPane>
      ) : null}
      {tab === 'overview' ? (
      <>
      <div className="wm-cards">
        <Card className="wm-stat"><div className="wm-stat-n">{formatCount(sources)}</div><div>sources</div></Card>
        <Card className="wm-stat"><div className="wm-stat-n">{formatCount(events)}</div><div>events</div></Card>
        <Card className="wm-stat"><div className="wm-stat-n">{formatCount(entities)}</div><div>entities</div></Card>
        <Card className="wm-stat"><div className="wm-stat-n">{formatCount(notes)}</div><div>notes</div></Card>
      </div>

      {sources === 0 ? (
        <Callout icon="info-sign" title="No data in this case yet">
          <p>Import call records and spreadsheets from operators and partner agencies: they stay on this computer, each record linked to its file and row.</p>
          <Button intent={Intent.PRIMARY} icon="import" text="Import files" onClick={() => onTab('import')} data-testid="go-import" />
        </Callout>
      ) : null}

      <div className="wm-section-head">
        <h2 className="bp6-heading">Audit trail</h2>
        <Button
          icon="shield"
          text="Verify audit log"
          data-testid="verify-audit"
          onClick={async () => {
            try {
              setVerification(await verifyAudit(db))
            } catch (err) {
              report({ kind: 'unavailable', message: 'The audit log could not be read.', action: 'Reload Waymark and try again.', detail: String(err) })
            }
          }}
        />
      </div>
      {verification ? (
        verification.ok ? (
          <Callout intent={Intent.SUCCESS} icon="tick-circle" data-testid="audit-ok">
            The audit log is intact: {formatCount(verification.entries)} entries, every one linked to the one before it.
          </Callout>
        ) : (
          <Callout intent={Intent.DANGER} icon="error" title="The audit log has been tampered with" data-testid="audit-bad">
            <ul>
              {verification.problems.map((p, i) => (
                <li key={i}>{p.message}</li>
              ))}
            </ul>
          </Callout>
        )
      ) : null}
      <HTMLTable compact striped className="wm-audit" data-testid="audit-table">
        <thead>
          <tr>
            <th>#</th>
            <th>When</th>
            <th>What</th>
            <th>Details</th>
            <th>Hash</th>
          </tr>
        </thead>
        <tbody>
          {trail.map((e) => (
            <tr key={e.seq}>
              <td>{e.seq}</td>
              <td>{formatDateTime(e.at)}</td>
              <td>{ACTION_LABELS[e.action] ?? e.action}</td>
              <td className="wm-small">{describeDetails(e.details)}</td>
              <td className="wm-small wm-mono" title={e.hash}>{e.hash.slice(0, 12)}…</td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>
      </>
      ) : null}
    </div>
  )
}
