// The selected event: its normalised and original values, where it came from (file, sheet, row; both records of a
// mirrored call), and the analyst's marks on it (star, tags, note), each change audited.
import { Alert, Button, Callout, HTMLTable, Intent, Spinner, Tag, TagInput, TextArea } from '@blueprintjs/core'
import { useEffect, useState } from 'react'
import type { DisplayZone } from '../../../../core/analysis/timelineFilter'
import { entityValue } from '../../../../core/analysis/timelineFilter'
import { KIND_NAMES } from './tableData'
import type { AnalystEvent, EventDetail as Detail, StorageProblem, WorkspaceDb } from '../../../../workspace'
import { ANALYST_ID_PREFIX } from '../../../../workspace'
import { recordFields, type FieldRow } from './recordFields'
import { timelineServices } from './services'
import { formatEventTime } from './timeFormat'

export interface EventDetailProps {
  readonly db: WorkspaceDb
  readonly caseId: string
  readonly id: string
  readonly zone: DisplayZone
  /** The analyst event, when the selection is one. */
  readonly analyst: AnalystEvent | null
  readonly tagSuggestions: readonly string[]
  readonly report: (p: StorageProblem) => void
  /** A mark or an analyst event changed. */
  readonly onMarked: () => void
  readonly onEditAnalyst: (e: AnalystEvent) => void
  readonly onClose: () => void
}

export function EventDetail(props: EventDetailProps) {
  const { db, caseId, id, zone, report, onMarked } = props
  const isAnalyst = id.startsWith(ANALYST_ID_PREFIX)
  const [detail, setDetail] = useState<Detail | null | undefined>(undefined)
  const [note, setNote] = useState('')
  const [saving, setSaving] = useState(false)
  const [confirmDelete, setConfirmDelete] = useState(false)
  const [reload, setReload] = useState(0)

  useEffect(() => {
    if (isAnalyst) return
    let live = true
    void timelineServices(db)
      .events.getEvent(caseId, id)
      .then((r) => {
        if (!live) return
        if (!r.ok) report(r.problem)
        else {
          setDetail(r.value)
          setNote(r.value?.mark?.note ?? '')
        }
      })
    return () => {
      live = false
    }
  }, [db, caseId, id, isAnalyst, report, reload])

  const mark = async (patch: { starred?: boolean; tags?: readonly string[]; note?: string }): Promise<void> => {
    setSaving(true)
    const svc = timelineServices(db)
    const r = isAnalyst ? await svc.analyst.mark(caseId, id, patch) : await svc.events.setMark(caseId, id, patch)
    setSaving(false)
    if (!r.ok) return report(r.problem)
    setReload((n) => n + 1)
    onMarked()
  }

  const head = (
    <div className="wm-tl-detail-head">
      <h3 className="bp6-heading">{isAnalyst ? 'Analyst event' : 'Event'}</h3>
      <Button icon="cross" variant="minimal" aria-label="Close details" onClick={props.onClose} />
    </div>
  )

  if (isAnalyst) {
    const a = props.analyst
    if (!a) return <div className="wm-tl-detail" data-testid="event-detail">{head}<Callout>This analyst event is not in the current filter.</Callout></div>
    return (
      <div className="wm-tl-detail" data-testid="event-detail">
        {head}
        <h4 className="bp6-heading" data-testid="detail-title">{a.title}</h4>
        <HTMLTable compact className="wm-tl-fields">
          <tbody>
            <tr><th>Time</th><td>{formatEventTime(a.at, zone, a.zone)}</td></tr>
            <tr><th>As entered</th><td>{a.atText} ({a.zone})</td></tr>
            <tr><th>Concerns</th><td>{a.parties.length ? a.parties.map(entityValue).join(', ') : '—'}</td></tr>
            <tr><th>Note</th><td className="wm-tl-note">{a.note || '—'}</td></tr>
            <tr><th>Provenance</th><td>Entered by the analyst (see the case's audit trail)</td></tr>
          </tbody>
        </HTMLTable>
        <Marks starred={a.starred} tags={a.tags} suggestions={props.tagSuggestions} saving={saving} onMark={mark} />
        <div className="wm-tl-actions">
          <Button icon="edit" text="Edit" data-testid="analyst-edit" onClick={() => props.onEditAnalyst(a)} />
          <Button icon="trash" text="Delete" intent={Intent.DANGER} variant="outlined" data-testid="analyst-delete" onClick={() => setConfirmDelete(true)} />
        </div>
        <Alert
          isOpen={confirmDelete}
          intent={Intent.DANGER}
          icon="trash"
          confirmButtonText="Delete"
          cancelButtonText="Keep"
          onCancel={() => setConfirmDelete(false)}
          onConfirm={async () => {
            setConfirmDelete(false)
            const r = await timelineServices(db).analyst.remove(caseId, a.id)
            if (!r.ok) return report(r.problem)
            onMarked()
            props.onClose()
          }}
        >
          Delete “{a.title}”? The audit trail keeps what it said and when it was deleted.
        </Alert>
      </div>
    )
  }

  if (detail === undefined) return <div className="wm-tl-detail">{head}<Spinner size={24} /></div>
  if (detail === null) return <div className="wm-tl-detail" data-testid="event-detail">{head}<Callout intent={Intent.WARNING}>This event is no longer in the case (its source may have been removed).</Callout></div>
  const e = detail.event
  const fields = recordFields(detail.record, zone)
  const mark0 = detail.mark
  return (
    <div className="wm-tl-detail" data-testid="event-detail">
      {head}
      <div className="wm-tl-detail-kind">
        <Tag minimal>{KIND_NAMES[e.kind]}</Tag> {e.direction !== 'unknown' ? <Tag minimal>{e.direction}</Tag> : null} {e.mirrored ? <Tag minimal intent={Intent.PRIMARY}>in both parties' records</Tag> : null}
        {e.flags.map((f) => (
          <Tag key={f} minimal intent={Intent.WARNING}>
            {f}
          </Tag>
        ))}
      </div>
      <div className="wm-tl-when">{formatEventTime(e.at, zone, e.zone)}</div>

      <h5 className="bp6-heading">Provenance</h5>
      <HTMLTable compact className="wm-tl-fields" data-testid="detail-provenance">
        <tbody>
          {detail.provenances.map((p, i) => (
            <tr key={i}>
              <th>{detail.provenances.length > 1 ? (i === 0 ? 'This record' : "Other party's record") : 'Source'}</th>
              <td>
                <span data-testid="prov-file">{p.fileName}</span> · sheet {p.sheet} · <span data-testid="prov-row">row {p.row}</span>
                <div className="wm-muted wm-tl-sha" title={p.sourceSha256}>SHA-256 {p.sourceSha256.slice(0, 16)}…</div>
              </td>
            </tr>
          ))}
        </tbody>
      </HTMLTable>

      <h5 className="bp6-heading">Values</h5>
      <div className="wm-muted wm-tl-small">Normalised value; below it, the text as the file had it.</div>
      <FieldTable rows={fields} testId="detail-values" />
      {detail.mirror ? (
        <>
          <h5 className="bp6-heading">The other party's record of this call</h5>
          <FieldTable rows={recordFields(detail.mirror.record, zone)} testId="detail-mirror-values" />
        </>
      ) : null}

      <h5 className="bp6-heading">Analyst marks</h5>
      <Marks starred={mark0?.starred ?? false} tags={mark0?.tags ?? []} suggestions={props.tagSuggestions} saving={saving} onMark={mark} />
      <TextArea fill value={note} placeholder="Annotation (saved to the audit trail)" data-testid="detail-note" onChange={(ev) => setNote(ev.target.value)} rows={3} />
      <div className="wm-tl-actions">
        <Button text="Save note" icon="floppy-disk" disabled={saving || note === (mark0?.note ?? '')} data-testid="detail-save-note" onClick={() => void mark({ note })} />
      </div>
    </div>
  )
}

function FieldTable({ rows, testId }: { rows: readonly FieldRow[]; testId: string }) {
  return (
    <HTMLTable compact striped className="wm-tl-fields" data-testid={testId}>
      <tbody>
        {rows.map((f, i) => (
          <tr key={i}>
            <th>{f.field}</th>
            <td>
              {f.value ? <div>{f.value}</div> : null}
              {f.original ? <div className="wm-tl-original">{f.original}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </HTMLTable>
  )
}

function Marks(props: { starred: boolean; tags: readonly string[]; suggestions: readonly string[]; saving: boolean; onMark: (p: { starred?: boolean; tags?: readonly string[] }) => Promise<void> }) {
  const { starred, tags, saving, onMark } = props
  const unused = props.suggestions.filter((t) => !tags.includes(t)).slice(0, 8)
  return (
    <div className="wm-tl-marks">
      <Button
        icon={starred ? 'star' : 'star-empty'}
        text={starred ? 'Starred' : 'Star'}
        intent={starred ? Intent.WARNING : Intent.NONE}
        disabled={saving}
        data-testid="detail-star"
        aria-pressed={starred}
        onClick={() => void onMark({ starred: !starred })}
      />
      <TagInput
        className="wm-tl-taginput"
        values={[...tags]}
        placeholder="Add tags (Enter)…"
        disabled={saving}
        inputProps={{ 'aria-label': 'Tags', id: 'tl-tag-input' } as React.InputHTMLAttributes<HTMLInputElement>}
        onChange={(values) => void onMark({ tags: values.map(String) })}
        addOnBlur={false}
      />
      {unused.length ? (
        <div className="wm-tl-tag-suggest">
          {unused.map((t) => (
            <Tag key={t} minimal interactive icon="plus" onClick={() => void onMark({ tags: [...tags, t] })}>
              {t}
            </Tag>
          ))}
        </div>
      ) : null}
    </div>
  )
}
