// Dialogs that create, rename and delete a case. Delete asks for the case's name to be typed.
import { Button, Classes, Dialog, DialogBody, DialogFooter, FormGroup, InputGroup, Intent } from '@blueprintjs/core'
import { useState, type FormEvent } from 'react'
import type { CaseSummary, StorageProblem } from '../../../../workspace'
import { ProblemCallout } from '../../components/ProblemCallout'

interface CaseFormProps {
  readonly title: string
  readonly submitLabel: string
  readonly initial?: { name: string; caseNumber: string }
  readonly onSubmit: (name: string, caseNumber: string) => Promise<StorageProblem | null>
  readonly onClose: () => void
}

/** Create or rename: the same two fields. */
export function CaseFormDialog({ title, submitLabel, initial, onSubmit, onClose }: CaseFormProps) {
  const [name, setName] = useState(initial?.name ?? '')
  const [caseNumber, setCaseNumber] = useState(initial?.caseNumber ?? '')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<StorageProblem | null>(null)

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setBusy(true)
    const p = await onSubmit(name, caseNumber)
    setBusy(false)
    if (p) setProblem(p)
  }

  return (
    <Dialog isOpen title={title} onClose={onClose} canOutsideClickClose={false}>
      <form onSubmit={submit}>
        <DialogBody>
          {problem ? <ProblemCallout problem={problem} /> : null}
          <FormGroup label="Case name" labelFor="case-name" labelInfo="(required)" helperText="For example the operation's name.">
            <InputGroup id="case-name" autoFocus value={name} onValueChange={setName} maxLength={120} />
          </FormGroup>
          <FormGroup label="Case number" labelFor="case-number" helperText="Your agency's reference, as it appears on paperwork.">
            <InputGroup id="case-number" value={caseNumber} onValueChange={setCaseNumber} maxLength={60} />
          </FormGroup>
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button text="Cancel" onClick={onClose} />
              <Button type="submit" intent={Intent.PRIMARY} text={submitLabel} loading={busy} disabled={name.trim() === ''} />
            </>
          }
        />
      </form>
    </Dialog>
  )
}

interface DeleteProps {
  readonly target: CaseSummary
  readonly onDelete: (typedName: string) => Promise<StorageProblem | null>
  readonly onClose: () => void
}

export function DeleteCaseDialog({ target, onDelete, onClose }: DeleteProps) {
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<StorageProblem | null>(null)
  const matches = typed.trim() === target.name

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!matches) return
    setBusy(true)
    const p = await onDelete(typed)
    setBusy(false)
    if (p) setProblem(p)
  }

  const { sources, events, entities, notes } = target.counts
  return (
    <Dialog isOpen title="Delete case" icon="trash" onClose={onClose} canOutsideClickClose={false}>
      <form onSubmit={submit}>
        <DialogBody>
          {problem ? <ProblemCallout problem={problem} /> : null}
          <p>
            This deletes <strong>{target.name}</strong> from this computer: {sources} sources, {events} events, {entities} entities and {notes} notes.
            It cannot be undone. The audit log keeps a record that the case was deleted.
          </p>
          <FormGroup label={<>Type <code className={Classes.MONOSPACE_TEXT}>{target.name}</code> to confirm</>} labelFor="confirm-name">
            <InputGroup id="confirm-name" autoFocus value={typed} onValueChange={setTyped} intent={typed && !matches ? Intent.WARNING : Intent.NONE} />
          </FormGroup>
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button text="Cancel" onClick={onClose} />
              <Button type="submit" intent={Intent.DANGER} text="Delete case" loading={busy} disabled={!matches} />
            </>
          }
        />
      </form>
    </Dialog>
  )
}
