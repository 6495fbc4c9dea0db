// A case's home screen: what the case holds, and its audit trail with a check that the trail is intact.
import { Button, Callout, Card, HTMLTable, Intent, NonIdealState, Spinner, Tag } from '@blueprintjs/core'
import { useEffect, useState } from 'react'
import type { AuditEntry } from '../../../../core/audit/chain'
import { auditForCase, verifyAudit, type CaseSummary } from '../../../../workspace'
import { useApp } from '../../app/context'
import { formatCount, formatDateTime, localZoneName } from '../../components/format'

type Verification = Awaited<ReturnType<typeof verifyAudit>>

const ACTION_LABELS: Record<string, string> = {
  'case.created': 'Case created',
  'case.renamed': 'Case renamed',
  'case.opened': 'Case opened',
  'case.deleted': 'Case deleted'
}

/** "name: Operation Kite · caseNumber: K-7" from an entry's JSON details; nested objects as from.name etc. */
function describeDetails(json: string): string {
  const parts: string[] = []
  const walk = (v: unknown, path: string) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k)
    } else if (v !== '' && v !== undefined) parts.push(`${path}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
  }
  try {
    walk(JSON.parse(json), '')
  } catch {
    return json
  }
  return parts.join(' · ')
}

export function CaseHome({ caseId, onBack }: { caseId: string; onBack: () => void }) {
  const { cases, db, report } = useApp()
  const [summary, setSummary] = useState<CaseSummary | null | undefined>(undefined)
  const [trail, setTrail] = useState<AuditEntry[]>([])
  const [verification, setVerification] = useState<Verification | null>(null)

  useEffect(() => {
    let live = true
    void (async () => {
      const r = await cases.open(caseId)
      if (!live) return
      if (!r.ok) {
        if (r.problem.kind === 'not-found') setSummary(null)
        else report(r.problem)
        return
      }
      const entries = await auditForCase(db, caseId, 20)
      if (!live) return
      setSummary(r.value)
      setTrail(entries)
    })()
    return () => {
      live = false
    }
  }, [cases, caseId, db, report])

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

      <div className="wm-cards">
        <Card className="wm-stat"><div className="wm-stat-n">{formatCount(sources)}</div><div>sources</div></Card>
        <Card className="wm-stat"><div className="wm-stat-n">{formatCount(events)}</div><div>events</div></Card>
        <Card className="wm-stat"><div className="wm-stat-n">{formatCount(entities)}</div><div>entities</div></Card>
        <Card className="wm-stat"><div className="wm-stat-n">{formatCount(notes)}</div><div>notes</div></Card>
      </div>

      {sources === 0 ? (
        <Callout icon="info-sign" title="No data in this case yet">
          Importing call records and spreadsheets into a case is not available in this build yet. The case, its name and its audit trail are stored on
          this computer.
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
    </div>
  )
}
