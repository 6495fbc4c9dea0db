// The analyst's entity resolution on an entity's page: add an alias, merge another entity into it, link it to a
// person (or create one), and undo any of these. Every act is audited by the repository and can be undone.
import { Button, Dialog, DialogBody, DialogFooter, FormGroup, InputGroup, Intent, Tag } from '@blueprintjs/core'
import { useState } from 'react'
import type { Resolution } from '../../../../core/analysis/resolution'
import { entityKeyParts, personKey } from '../../../../core/store/entityKeys'
import { useApp } from '../../app/context'
import { formatDateTime } from '../../components/format'
import { entityLabel } from './entityFormat'
import { entitiesFor } from './services'

export interface ResolutionActionsProps {
  readonly caseId: string
  /** The key the page shows (a merge group's key when merged). */
  readonly entityKey: string
  readonly resolutions: readonly Resolution[]
  readonly onChanged: () => void
  readonly onOpen: (key: string) => void
}

type DialogKind = 'alias' | 'merge' | 'person' | null

/** What the analyst typed as another entity: a full key, or a value of the same type as this entity. */
export function typedKey(text: string, sameTypeAs: string): string {
  const t = text.trim()
  if (/^(phone|sender|id|imei|imsi|cell|person|account):/.test(t)) return t
  const type = entityKeyParts(sameTypeAs).type
  if (type === 'phone') return `phone:${t.replace(/[\s\-().]/g, '')}`
  if (type === 'person') return personKey(t) ?? ''
  return `${type}:${t.replace(/\s+/g, '')}`
}

function describe(r: Resolution, self: string): string {
  switch (r.kind) {
    case 'alias':
      return `Alias “${r.label}”`
    case 'merge':
      return `Merged ${r.members.map(entityLabel).join(', ')} into ${entityLabel(r.key)}${r.label ? ` (“${r.label}”)` : ''}`
    case 'person':
      return r.key === self ? `Person “${r.label}” linked to ${r.members.map(entityLabel).join(', ') || 'nothing yet'}` : `Linked to person “${r.label}”`
  }
}

export function ResolutionActions({ caseId, entityKey, resolutions, onChanged, onOpen }: ResolutionActionsProps) {
  const { db, report } = useApp()
  const [dialog, setDialog] = useState<DialogKind>(null)
  const [text, setText] = useState('')
  const [note, setNote] = useState('')
  const [error, setError] = useState<string | null>(null)
  const repo = entitiesFor(db)

  const close = () => {
    setDialog(null)
    setText('')
    setNote('')
    setError(null)
  }

  const submit = async () => {
    let r
    if (dialog === 'alias') r = await repo.addAlias(caseId, entityKey, text, note)
    else if (dialog === 'merge') r = await repo.merge(caseId, { into: entityKey, members: [typedKey(text, entityKey)], note })
    else if (dialog === 'person') {
      const key = personKey(text)
      if (!key) {
        setError('Type the person’s name.')
        return
      }
      const rows = await repo.entityRows(caseId, { keys: [key], limit: 1 })
      const acts = await repo.listResolutions(caseId)
      const exists = (rows.ok && rows.value.total > 0) || (acts.ok && acts.value.some((x) => x.kind === 'person' && x.key === key))
      r = exists ? await repo.link(caseId, key, [entityKey], note) : await repo.createPerson(caseId, { name: text, links: [entityKey], note })
    } else return
    if (!r.ok) {
      setError(`${r.problem.message} ${r.problem.action}`)
      return
    }
    close()
    onChanged()
  }

  const undo = async (id: string) => {
    const r = await repo.undo(caseId, id)
    if (!r.ok) report(r.problem)
    else onChanged()
  }

  const split = async (id: string, member: string) => {
    const r = await repo.split(caseId, id, member)
    if (!r.ok) report(r.problem)
    else onChanged()
  }

  const titles: Record<Exclude<DialogKind, null>, string> = {
    alias: 'Add an alias',
    merge: `Merge another ${entityKeyParts(entityKey).type === 'phone' ? 'number' : 'entity'} into ${entityLabel(entityKey)}`,
    person: 'Link to a person'
  }
  const labels: Record<Exclude<DialogKind, null>, string> = {
    alias: 'Alias (a nickname, the name the number is saved under in a seized phone)',
    merge: 'The other entity (a number, IMEI, IMSI…, or a full key such as imsi:470…)',
    person: 'Person’s name (an existing person is linked; a new name creates the person)'
  }

  return (
    <div className="wm-ent-resolution" data-testid="resolution">
      <Button icon="tag" text="Add alias" onClick={() => setDialog('alias')} data-testid="add-alias" />
      <Button icon="merge-links" text="Merge with…" onClick={() => setDialog('merge')} data-testid="merge-with" />
      <Button icon="person" text="Link to person…" onClick={() => setDialog('person')} data-testid="link-person" />
      {resolutions.length > 0 ? (
        <ul className="wm-ent-acts" data-testid="resolutions">
          {resolutions.map((r) => (
            <li key={r.id}>
              <Tag minimal icon={r.kind === 'merge' ? 'merge-links' : r.kind === 'alias' ? 'tag' : 'person'}>
                {describe(r, entityKey)}
              </Tag>{' '}
              <span className="wm-small wm-muted">{formatDateTime(r.createdAt)}</span>
              {r.kind === 'person' && r.key !== entityKey ? <Button variant="minimal" size="small" icon="document-open" text="Open person" onClick={() => onOpen(r.key)} /> : null}
              {r.kind === 'merge' && r.members.length > 1
                ? r.members.map((m) => <Button key={m} variant="minimal" size="small" icon="split-columns" text={`Split ${entityLabel(m)} out`} onClick={() => void split(r.id, m)} />)
                : null}
              <Button variant="minimal" size="small" icon="undo" text={r.kind === 'merge' ? 'Undo merge' : 'Undo'} data-testid="undo-resolution" onClick={() => void undo(r.id)} />
            </li>
          ))}
        </ul>
      ) : null}
      <Dialog isOpen={dialog !== null} onClose={close} title={dialog ? titles[dialog] : ''} icon="edit">
        <DialogBody>
          {dialog ? (
            <>
              <FormGroup label={labels[dialog]} labelFor="wm-resolution-text">
                <InputGroup id="wm-resolution-text" autoFocus value={text} onChange={(e) => setText(e.currentTarget.value)} data-testid="resolution-text" />
              </FormGroup>
              <FormGroup label="Note (why; it goes into the audit log)" labelFor="wm-resolution-note">
                <InputGroup id="wm-resolution-note" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
              </FormGroup>
              {error ? (
                <div className="bp6-callout bp6-intent-danger" data-testid="resolution-error">
                  {error}
                </div>
              ) : null}
              <p className="wm-small wm-muted">Recorded in the audit log; you can undo it from this page at any time.</p>
            </>
          ) : null}
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button text="Cancel" onClick={close} />
              <Button intent={Intent.PRIMARY} text="Save" disabled={!text.trim()} onClick={() => void submit()} data-testid="resolution-save" />
            </>
          }
        />
      </Dialog>
    </div>
  )
}
