// Entity resolution from a table's selection: merge the selected entities into one (two SIMs of one person, a
// number written two ways), or link them all to a person. Audited and undoable from the entity's page.
import { Button, Dialog, DialogBody, DialogFooter, FormGroup, InputGroup, Intent, Radio, RadioGroup } from '@blueprintjs/core'
import { useState } from 'react'
import { personKey } from '../../../../core/store/entityKeys'
import { useApp } from '../../app/context'
import { entityLabel } from './entityFormat'
import { entitiesFor } from './services'

export interface MergeSelectionProps {
  readonly caseId: string
  /** Selected keys, the one with most events first. */
  readonly keys: readonly string[]
  readonly onDone: (openKey: string) => void
}

export function MergeSelection({ caseId, keys, onDone }: MergeSelectionProps) {
  const { db } = useApp()
  const [mode, setMode] = useState<'merge' | 'person' | null>(null)
  const [into, setInto] = useState('')
  const [name, setName] = useState('')
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const target = keys.includes(into) ? into : (keys[0] ?? '')
  const close = () => {
    setMode(null)
    setError(null)
    setName('')
    setNote('')
  }
  const save = async () => {
    const repo = entitiesFor(db)
    if (mode === 'merge') {
      const r = await repo.merge(caseId, { into: target, members: keys.filter((k) => k !== target), label: name, note })
      if (!r.ok) return setError(`${r.problem.message} ${r.problem.action}`)
      close()
      onDone(target)
    } else if (mode === 'person') {
      const key = personKey(name)
      if (!key) return setError('Type the person’s name.')
      const rows = await repo.entityRows(caseId, { keys: [key], limit: 1 })
      const acts = await repo.listResolutions(caseId)
      const exists = (rows.ok && rows.value.total > 0) || (acts.ok && acts.value.some((x) => x.kind === 'person' && x.key === key))
      const r = exists ? await repo.link(caseId, key, keys, note) : await repo.createPerson(caseId, { name, links: keys, note })
      if (!r.ok) return setError(`${r.problem.message} ${r.problem.action}`)
      close()
      onDone(r.value.key)
    }
  }
  return (
    <>
      <Button icon="merge-links" text="Merge…" disabled={keys.length < 2} data-testid="merge-selected" onClick={() => setMode('merge')} />
      <Button icon="person" text="Link to person…" disabled={keys.length === 0} data-testid="person-selected" onClick={() => setMode('person')} />
      <Dialog isOpen={mode !== null} onClose={close} title={mode === 'merge' ? `Merge ${keys.length} entities into one` : `Link ${keys.length} ${keys.length === 1 ? 'entity' : 'entities'} to a person`} icon={mode === 'merge' ? 'merge-links' : 'person'}>
        <DialogBody>
          {mode === 'merge' ? (
            <>
              <RadioGroup label="Shown as (the others become its members)" selectedValue={target} onChange={(e) => setInto(e.currentTarget.value)}>
                {keys.map((k) => (
                  <Radio key={k} value={k} label={entityLabel(k)} />
                ))}
              </RadioGroup>
              <FormGroup label="Label (optional, e.g. the person using them)" labelFor="wm-merge-label">
                <InputGroup id="wm-merge-label" value={name} onChange={(e) => setName(e.currentTarget.value)} />
              </FormGroup>
            </>
          ) : (
            <FormGroup label="Person’s name (an existing person is linked; a new name creates the person)" labelFor="wm-person-name">
              <InputGroup id="wm-person-name" autoFocus value={name} onChange={(e) => setName(e.currentTarget.value)} data-testid="person-name" />
            </FormGroup>
          )}
          <FormGroup label="Note (why; it goes into the audit log)" labelFor="wm-merge-note">
            <InputGroup id="wm-merge-note" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          </FormGroup>
          {error ? <div className="bp6-callout bp6-intent-danger">{error}</div> : null}
          <p className="wm-small wm-muted">Recorded in the audit log; undo it from the entity’s page at any time.</p>
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button text="Cancel" onClick={close} />
              <Button intent={Intent.PRIMARY} text={mode === 'merge' ? 'Merge' : 'Link'} disabled={mode === 'person' && !name.trim()} onClick={() => void save()} data-testid="merge-save" />
            </>
          }
        />
      </Dialog>
    </>
  )
}
