// Add or edit an analyst event: a title, a wall-clock time in a chosen zone, a note, the entities it concerns.
import { Button, Callout, Dialog, DialogBody, DialogFooter, FormGroup, HTMLSelect, InputGroup, Intent, Tag, TextArea } from '@blueprintjs/core'
import { useMemo, useState } from 'react'
import { parseWallClock } from '../../../../core/analysis/timeline/analyst'
import { entityValue } from '../../../../core/analysis/timelineFilter'
import type { AnalystEvent, StorageProblem, WorkspaceDb } from '../../../../workspace'
import { EntityPicker } from './EntityPicker'
import { timelineServices } from './services'
import { knownZones, wallClock } from './timeFormat'

export interface AnalystEventDialogProps {
  readonly db: WorkspaceDb
  readonly caseId: string
  readonly isOpen: boolean
  /** The event being edited, or null to add one. */
  readonly editing: AnalystEvent | null
  /** Zone and time to start a new event with (the display zone, the selected event's time). */
  readonly defaultZone: string
  readonly defaultAt: number
  readonly onClose: () => void
  readonly onSaved: (e: AnalystEvent) => void
  readonly report: (p: StorageProblem) => void
}

export function AnalystEventDialog(props: AnalystEventDialogProps) {
  const { db, caseId, isOpen, editing, defaultZone, defaultAt } = props
  // Mounted afresh for each add or edit (the caller keys it), so the fields start from the props.
  const [title, setTitle] = useState(editing?.title ?? '')
  const [zone, setZone] = useState(editing?.zone ?? defaultZone)
  const [atText, setAtText] = useState(() => editing?.atText ?? wallClock(defaultAt, editing?.zone ?? defaultZone).slice(0, 16))
  const [note, setNote] = useState(editing?.note ?? '')
  const [parties, setParties] = useState<string[]>(editing ? [...editing.parties] : [])
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const zones = useMemo(() => knownZones(), [])

  const parsed = parseWallClock(atText, zone)

  const save = async (): Promise<void> => {
    setSaving(true)
    const input = { title, atText, zone, note, parties, tags: editing?.tags ?? [], starred: editing?.starred ?? false }
    const repo = timelineServices(db).analyst
    const r = editing ? await repo.update(caseId, editing.id, input) : await repo.add(caseId, input)
    setSaving(false)
    if (!r.ok) {
      if (r.problem.kind === 'constraint' || r.problem.kind === 'not-found') setError(`${r.problem.message} ${r.problem.action}`)
      else props.report(r.problem)
      return
    }
    props.onSaved(r.value)
  }

  return (
    <Dialog isOpen={isOpen} onClose={props.onClose} title={editing ? 'Edit analyst event' : 'Add analyst event'} icon="star" className="wm-tl-dialog">
      <DialogBody>
        <FormGroup label="Title" labelFor="ae-title" helperText="What happened, e.g. “Victim recruited in Cox’s Bazar”.">
          <InputGroup id="ae-title" value={title} autoFocus onChange={(e) => setTitle(e.target.value)} />
        </FormGroup>
        <div className="wm-tl-dialog-row">
          <FormGroup label="Time (wall clock)" labelFor="ae-time" helperText={parsed.ok ? `= ${new Date(parsed.utcMs).toISOString().replace('.000Z', 'Z')}` : 'year-month-day hour:minute'}>
            <InputGroup id="ae-time" value={atText} intent={parsed.ok ? Intent.NONE : Intent.WARNING} onChange={(e) => setAtText(e.target.value)} />
          </FormGroup>
          <FormGroup label="Zone" labelFor="ae-zone">
            <HTMLSelect id="ae-zone" value={zone} onChange={(e) => setZone(e.target.value)} options={zones.includes(zone) ? zones : [zone, ...zones]} />
          </FormGroup>
        </div>
        <FormGroup label="Concerns (entities)">
          <EntityPicker db={db} caseId={caseId} placeholder="Search a number or a name…" onPick={(key) => setParties((p) => (p.includes(key) ? p : [...p, key]))} testId="ae-entity" />
          <div className="wm-tl-chips">
            {parties.map((p) => (
              <Tag key={p} onRemove={() => setParties((xs) => xs.filter((x) => x !== p))}>
                {entityValue(p)}
              </Tag>
            ))}
          </div>
        </FormGroup>
        <FormGroup label="Note" labelFor="ae-note">
          <TextArea id="ae-note" fill rows={3} value={note} onChange={(e) => setNote(e.target.value)} />
        </FormGroup>
        {error ? (
          <Callout intent={Intent.DANGER} icon="error" data-testid="ae-error">
            {error}
          </Callout>
        ) : null}
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={props.onClose} />
            <Button text={editing ? 'Save changes' : 'Add event'} intent={Intent.PRIMARY} loading={saving} data-testid="ae-save" onClick={() => void save()} />
          </>
        }
      >
        Saved to the case’s audit trail.
      </DialogFooter>
    </Dialog>
  )
}
