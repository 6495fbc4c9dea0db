// The start screen: every case on this computer, most recently opened first, with create, open, rename and delete.
import { Button, ButtonGroup, Callout, Dialog, DialogBody, HTMLTable, Icon, Intent, NonIdealState, Spinner, Tooltip } from '@blueprintjs/core'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { CaseSummary, StorageProblem } from '../../../../workspace'
import { useApp } from '../../app/context'
import { formatCount, formatDateTime } from '../../components/format'
import { CaseFormDialog, DeleteCaseDialog } from './CaseDialogs'
import { openDemoCase, type DemoProgress } from '../demo/openDemo'

type DialogState = { kind: 'none' } | { kind: 'create' } | { kind: 'rename'; target: CaseSummary } | { kind: 'delete'; target: CaseSummary }

export function StartScreen({ onOpen, autoDemo = false }: { onOpen: (caseId: string) => void; autoDemo?: boolean }) {
  const { cases, report } = useApp()
  const [list, setList] = useState<CaseSummary[] | null>(null)
  const [dialog, setDialog] = useState<DialogState>({ kind: 'none' })

  // Bumped after every change so the list is read again from the workspace.
  const [version, setVersion] = useState(0)
  const reload = () => setVersion((v) => v + 1)

  useEffect(() => {
    let live = true
    void cases.list().then((r) => {
      if (!live) return
      if (r.ok) setList(r.value)
      else {
        report(r.problem)
        setList((prev) => prev ?? [])
      }
    })
    return () => {
      live = false
    }
  }, [cases, report, version])

  const [demo, setDemo] = useState<{ steps: DemoProgress[]; error?: string } | null>(null)
  const startDemo = useCallback(() => {
    setDemo({ steps: [] })
    openDemoCase(cases, (p) => setDemo((d) => ({ steps: [...(d?.steps ?? []).filter((x) => x.file !== p.file), p] })))
      .then((id) => {
        setDemo(null)
        onOpen(id)
      })
      .catch((err: unknown) => setDemo((d) => ({ steps: d?.steps ?? [], error: err instanceof Error ? err.message : String(err) })))
  }, [cases, onOpen])
  const autoStarted = useRef(false)
  useEffect(() => {
    if (autoDemo && !autoStarted.current) {
      autoStarted.current = true
      startDemo()
    }
  }, [autoDemo, startDemo])

  const close = () => setDialog({ kind: 'none' })
  const done = async (p: StorageProblem | null): Promise<StorageProblem | null> => {
    if (p) return p
    close()
    reload()
    return null
  }

  return (
    <div className="wm-page" data-testid="start-screen">
      <div className="wm-page-head">
        <h1 className="bp6-heading">Cases</h1>
        <span>
          <Button icon="lab-test" text="Open demo case" onClick={startDemo} data-testid="open-demo" />{' '}
          <Button icon="add" intent={Intent.PRIMARY} text="New case" onClick={() => setDialog({ kind: 'create' })} data-testid="new-case" />
        </span>
      </div>
      {list === null ? (
        <Spinner />
      ) : list.length === 0 ? (
        <NonIdealState
          icon="folder-new"
          title="No cases on this computer yet"
          description="A case holds the call records, spreadsheets and notes of one investigation. Everything stays on this computer."
          action={<Button icon="add" intent={Intent.PRIMARY} text="Create the first case" onClick={() => setDialog({ kind: 'create' })} />}
        />
      ) : (
        <HTMLTable className="wm-cases" interactive striped compact data-testid="case-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Case number</th>
              <th>Created</th>
              <th>Last opened</th>
              <th className="wm-num">Sources</th>
              <th className="wm-num">Events</th>
              <th className="wm-num">Entities</th>
              <th className="wm-num">Notes</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {list.map((c) => (
              <tr key={c.id} data-testid="case-row" onDoubleClick={() => onOpen(c.id)}>
                <td>
                  <a href={`#/case/${c.id}`} className="wm-case-name">
                    {c.name}
                  </a>
                </td>
                <td>{c.caseNumber || <span className="wm-muted">—</span>}</td>
                <td>{formatDateTime(c.createdAt)}</td>
                <td>{formatDateTime(c.lastOpenedAt)}</td>
                <td className="wm-num">{formatCount(c.counts.sources)}</td>
                <td className="wm-num">{formatCount(c.counts.events)}</td>
                <td className="wm-num">{formatCount(c.counts.entities)}</td>
                <td className="wm-num">{formatCount(c.counts.notes)}</td>
                <td className="wm-actions">
                  <ButtonGroup variant="minimal">
                    <Button icon="folder-open" text="Open" onClick={() => onOpen(c.id)} />
                    <Tooltip content="Rename">
                      <Button icon="edit" aria-label={`Rename ${c.name}`} onClick={() => setDialog({ kind: 'rename', target: c })} />
                    </Tooltip>
                    <Tooltip content="Delete">
                      <Button icon="trash" intent={Intent.DANGER} aria-label={`Delete ${c.name}`} onClick={() => setDialog({ kind: 'delete', target: c })} />
                    </Tooltip>
                  </ButtonGroup>
                </td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      )}

      {demo ? (
        <Dialog isOpen title="Opening the demo case" icon="lab-test" onClose={() => demo.error && setDemo(null)} isCloseButtonShown={Boolean(demo.error)}>
          <DialogBody>
            <p>A fictional Bangladesh → Thailand → Malaysia case, imported through the same steps as your own files.</p>
            <ul className="wm-demo-steps" data-testid="demo-steps">
              {demo.steps.map((s) => (
                <li key={s.file}>
                  {s.step === 'done' ? <Icon icon="tick" intent={Intent.SUCCESS} /> : s.step === 'failed' ? <Icon icon="error" intent={Intent.DANGER} /> : <Spinner size={12} />} {s.file}
                  {s.message ? ` — ${s.message}` : s.step === 'importing' ? ' — importing…' : ''}
                </li>
              ))}
            </ul>
            {demo.error ? (
              <Callout intent={Intent.DANGER} title="The demo case could not be opened" data-testid="demo-error">
                {demo.error}
              </Callout>
            ) : null}
          </DialogBody>
        </Dialog>
      ) : null}
      {dialog.kind === 'create' ? (
        <CaseFormDialog
          title="New case"
          submitLabel="Create case"
          onClose={close}
          onSubmit={async (name, num) => {
            const r = await cases.create(name, num)
            return done(r.ok ? null : r.problem)
          }}
        />
      ) : null}
      {dialog.kind === 'rename' ? (
        <CaseFormDialog
          title="Rename case"
          submitLabel="Save"
          initial={{ name: dialog.target.name, caseNumber: dialog.target.caseNumber }}
          onClose={close}
          onSubmit={async (name, num) => {
            const r = await cases.rename(dialog.target.id, name, num)
            return done(r.ok ? null : r.problem)
          }}
        />
      ) : null}
      {dialog.kind === 'delete' ? (
        <DeleteCaseDialog
          target={dialog.target}
          onClose={close}
          onDelete={async (typed) => {
            const r = await cases.delete(dialog.target.id, typed)
            return done(r.ok ? null : r.problem)
          }}
        />
      ) : null}
    </div>
  )
}
