// Every source in the case: file, SHA-256, counts, how it was mapped; removing a source removes its events (audited).
import { Alert, Button, Callout, Collapse, HTMLTable, Intent, NonIdealState, Spinner, Tag } from '@blueprintjs/core'
import { useState } from 'react'
import { removeSource, type SourceInfo } from '../../../../workspace'
import { useApp } from '../../app/context'
import { formatCount, formatDateTime } from '../../components/format'
// The app's one byte-size format (not the import wizard's), so this tab's chunk does not bring the wizard with it.
import { formatBytes } from '../../platform/storage'
import { mappingsOf } from './storedMapping'
import { ReadWarningsList } from './ReadWarningsList'
import { useSources } from './useSources'

export function SourcesView({ caseId, version, onChanged }: { caseId: string; version: number; onChanged: () => void }) {
  const { db, report } = useApp()
  const sources = useSources(caseId, version)
  const [open, setOpen] = useState<string | null>(null)
  const [removing, setRemoving] = useState<SourceInfo | null>(null)
  const [removed, setRemoved] = useState<string | null>(null)

  if (sources === null) return <Spinner />
  if (sources.length === 0) return <NonIdealState icon="document" title="No sources yet" description="Files imported into this case are listed here with their SHA-256." />

  return (
    <div data-testid="sources-view">
      {removed ? (
        <Callout intent={Intent.SUCCESS} icon="tick" className="wm-question">
          {removed}
        </Callout>
      ) : null}
      <HTMLTable compact striped className="wm-sources" data-testid="sources-table">
        <thead>
          <tr>
            <th>File</th>
            <th>SHA-256</th>
            <th className="wm-num">Size</th>
            <th>Imported</th>
            <th className="wm-num">Read</th>
            <th className="wm-num">Imported rows</th>
            <th className="wm-num">Rejected</th>
            <th className="wm-num">Events</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sources.map((s) => {
            const c = s.counts
            return [
              <tr key={s.id} data-testid="source-row">
                <td>
                  <Button variant="minimal" size="small" icon={open === s.id ? 'chevron-down' : 'chevron-right'} onClick={() => setOpen(open === s.id ? null : s.id)} text={s.fileName} />
                  {s.readWarnings.length > 0 ? (
                    <Tag minimal intent={Intent.WARNING} icon="warning-sign" data-testid="source-read-warning-count" title="What reading the file found: open the source to see the rows">
                      {formatCount(s.readWarnings.length)} read warning{s.readWarnings.length === 1 ? '' : 's'}
                    </Tag>
                  ) : null}
                </td>
                <td className="wm-mono wm-small" title={s.sha256}>
                  {s.sha256}
                </td>
                <td className="wm-num">{formatBytes(s.size)}</td>
                <td>{s.committedAt ? formatDateTime(s.committedAt) : ''}</td>
                <td className="wm-num">{formatCount(c.read ?? 0)}</td>
                <td className="wm-num">{formatCount((c.ok ?? 0) + (c.warned ?? 0))}</td>
                <td className="wm-num">{formatCount(c.rejected ?? 0)}</td>
                <td className="wm-num" data-testid="source-events">{formatCount(s.eventCount)}</td>
                <td>
                  <Button variant="minimal" intent={Intent.DANGER} icon="trash" aria-label={`Remove ${s.fileName}`} onClick={() => setRemoving(s)} />
                </td>
              </tr>,
              <tr key={`${s.id}-detail`} className="wm-source-detail">
                <td colSpan={9} style={{ padding: open === s.id ? undefined : 0, border: open === s.id ? undefined : 'none' }}>
                  <Collapse isOpen={open === s.id}>
                    {mappingsOf(s)?.map((m) => (
                      <div key={m.sheet} className="wm-small">
                        <strong>{m.sheet}</strong>: <Tag minimal>{m.recordKind}</Tag> header row {m.headerRow || 'none'} · zone {m.zone || '—'} · country {m.defaultCountry || '—'} ·{' '}
                        {m.columns.filter((col) => col.field).map((col) => `${col.header} → ${col.field}`).join(', ')}
                        {m.dateFormats.length ? ` · dates: ${m.dateFormats.map((d) => `${d.header} ${d.decision.pattern}${d.decision.buddhistEra ? ' (Buddhist Era)' : ''}`).join(', ')}` : ''}
                      </div>
                    ))}
                    {mappingsOf(s) === null ? (
                      <div className="wm-small" data-testid="mapping-unreadable">
                        The mapping stored with this source cannot be read (it was not written by this version of Waymark). Its events, hash and counts are unaffected.
                      </div>
                    ) : null}
                    {s.readWarnings.length > 0 ? (
                      <div className="wm-small">
                        <strong>Reading the file found</strong> (every row was kept):
                        <ReadWarningsList warnings={s.readWarnings} testId="source-read-warnings" />
                      </div>
                    ) : null}
                    <div className="wm-small wm-muted">
                      Parsers: {Object.entries(s.parserVersions).map(([k, v]) => `${k} ${v}`).join(', ')} · rows with warnings {formatCount(s.counts.warned ?? 0)} · blank rows {formatCount(s.counts.blank ?? 0)}
                    </div>
                  </Collapse>
                </td>
              </tr>
            ]
          })}
        </tbody>
      </HTMLTable>
      <Alert
        isOpen={removing !== null}
        intent={Intent.DANGER}
        icon="trash"
        cancelButtonText="Keep it"
        confirmButtonText="Remove source and its events"
        onCancel={() => setRemoving(null)}
        onConfirm={async () => {
          const s = removing!
          setRemoving(null)
          const r = await removeSource(db, caseId, s.id)
          if (!r.ok) report(r.problem)
          else {
            setRemoved(`Removed ${s.fileName}: ${formatCount(r.value.events)} events. The audit log records it.`)
            onChanged()
          }
        }}
      >
        {removing ? (
          <p>
            Remove <strong>{removing.fileName}</strong> and its {formatCount(removing.eventCount)} events from this case? Your stars, tags and notes on those events go too. The
            removal is recorded in the audit log.
          </p>
        ) : null}
      </Alert>
    </div>
  )
}
