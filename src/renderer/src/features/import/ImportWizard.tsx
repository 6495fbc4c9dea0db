// The import wizard: drop files (many at once), check how each will be read, confirm the open questions, import
// in the background with progress and cancel, then read a report per source with its rejected rows.
import { Button, Callout, Card, Checkbox, FileInput, FormGroup, H4, HTMLSelect, HTMLTable, InputGroup, Intent, NonIdealState, ProgressBar, Tag } from '@blueprintjs/core'
import { startTransition, useEffect, useMemo, useRef, useState, type ChangeEvent, type DragEvent } from 'react'
import { templateFromMapping } from '../../../../core/mapping/templates'
import { encodingDisplayName, SUPPORTED_ENCODINGS } from '../../../../core/read/encoding'
import { toCsv } from '../../../../core/export/csv'
import { saveTemplate } from '../../../../workspace'
import { useApp } from '../../app/context'
import { formatCount } from '../../components/format'
import { ImportClient } from './importClient'
import { MappingEditor, openQuestions } from './MappingEditor'
import { ReadWarningsList } from '../sources/ReadWarningsList'
import type { DateQuestion, FileOverview, FromWorker, ImportReport, ProposalView, ProposeSettings } from './protocol'

type Status = 'reading' | 'ready' | 'importing' | 'done' | 'failed' | 'cancelled'

interface FileState {
  readonly fileId: string
  readonly name: string
  readonly size: number
  readonly status: Status
  /** When the file was added (Date.now()): a read that takes long is offered a stop. */
  readonly addedAt: number
  readonly overview?: FileOverview
  readonly include: Readonly<Record<string, boolean>>
  readonly activeSheet?: string
  readonly proposals: Readonly<Record<string, ProposalView>>
  readonly settings: Readonly<Record<string, ProposeSettings>>
  /** Per sheet: new settings sent to the worker whose proposal has not come back (Import would send the old mapping). */
  readonly reproposing: Readonly<Record<string, number>>
  readonly buddhistConfirmed: Readonly<Record<string, boolean>>
  /** The same file is already in the case: import it again only if the analyst says so. */
  readonly importAgain: boolean
  readonly progress?: { phase: string; done: number; total: number; estimated: boolean; rowsPerSecond: number }
  /** Date columns a failed import found read differently after the first rows: their order must be chosen now. */
  readonly dateQuestions: readonly DateQuestion[]
  readonly report?: ImportReport
  readonly error?: { message: string; action: string }
}

let nextId = 1

/** A file still being read after this long is offered "Stop reading" (a damaged workbook can keep SheetJS busy for ever). */
const SLOW_READ_MS = 20_000

/** A file's state once the worker has answered settings sent for a sheet (answers come in the order sent). */
function proposalBack(s: FileState, sheet: string): FileState {
  return { ...s, reproposing: { ...s.reproposing, [sheet]: Math.max(0, (s.reproposing[sheet] ?? 0) - 1) } }
}

/** A file's state with a sheet's new proposal (the sheet's settings start as the defaults it was proposed with). */
function withProposal(s: FileState, proposal: ProposalView): FileState {
  return proposalBack(
    {
      ...s,
      proposals: { ...s.proposals, [proposal.sheet]: proposal },
      settings: { ...s.settings, [proposal.sheet]: s.settings[proposal.sheet] ?? { sheet: proposal.sheet } }
    },
    proposal.sheet
  )
}

export function formatSize(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`
}

/** What is known of a file's rows: all counted, or (a big text file read in part) only the first ones so far. */
function rowsKnown(o: FileOverview): string {
  const partial = o.sheets.find((s) => s.partial)
  if (partial?.partial) {
    return `mapping proposed from the first ${formatCount(partial.rows)} rows (${formatSize(partial.partial.bytesRead)} of ${formatSize(o.size)}); all rows are counted, and every date checked, during the import`
  }
  const rows = o.sheets.reduce((n, s) => n + s.rows, 0)
  return `${formatCount(rows)} rows, header included${o.sheets.length > 1 ? `, in ${o.sheets.length} sheets` : ''}`
}

function eta(p: NonNullable<FileState['progress']>): string {
  if (p.rowsPerSecond <= 0 || p.total <= p.done) return ''
  const s = Math.ceil((p.total - p.done) / p.rowsPerSecond)
  return s < 60 ? `${s} s left` : `${Math.ceil(s / 60)} min left`
}

export function ImportWizard({ caseId, onImported }: { caseId: string; onImported: () => void }) {
  const { db, platform } = useApp()
  const [files, setFiles] = useState<FileState[]>([])
  const [dragging, setDragging] = useState(false)
  const clientRef = useRef<ImportClient | null>(null)

  const [now, setNow] = useState(() => Date.now())
  const reading = files.some((f) => f.status === 'reading')
  useEffect(() => {
    if (!reading) return
    const id = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(id)
  }, [reading])

  const update = (fileId: string, f: (s: FileState) => FileState) => setFiles((list) => list.map((s) => (s.fileId === fileId || fileId === '*' ? f(s) : s)))

  useEffect(() => {
    const client = new ImportClient()
    clientRef.current = client
    const off = client.on((msg: FromWorker) => {
      switch (msg.type) {
        case 'inspected': {
          const include: Record<string, boolean> = {}
          for (const s of msg.overview.sheets) include[s.name] = !s.hidden && s.rows > 0
          const first = msg.overview.sheets.find((s) => include[s.name])?.name
          const given = msg.proposals ?? []
          // A transition: React renders the card and its mapping grid in slices, between which the page stays live.
          startTransition(() =>
            update(msg.fileId, (s) => ({ ...given.reduce(withProposal, s), status: 'ready', overview: msg.overview, include, ...(first ? { activeSheet: first } : {}) }))
          )
          for (const sheet of Object.keys(include).filter((k) => include[k] && !given.some((p) => p.sheet === k))) client.send({ type: 'propose', fileId: msg.fileId, settings: { sheet } })
          break
        }
        case 'checked':
          // The card may not show the file's overview yet (its render, a transition, waits): this is applied after it.
          update(msg.fileId, (s) => (s.overview ? { ...s, overview: { ...s.overview, sha256: msg.sha256, duplicateOf: msg.duplicateOf } } : s))
          break
        case 'proposed':
          startTransition(() => update(msg.fileId, (s) => withProposal(s, msg.proposal)))
          break
        case 'reread':
          startTransition(() =>
            update(msg.fileId, (s) => {
              if (!s.overview) return s
              const next = { ...s, overview: { ...s.overview, ...msg.overview } }
              return msg.proposal ? withProposal(next, msg.proposal) : proposalBack(next, msg.overview.sheets[0]?.name ?? '')
            })
          )
          break
        case 'progress':
          update(msg.fileId, (s) => ({ ...s, status: 'importing', progress: { phase: msg.phase, done: msg.done, total: msg.total, estimated: msg.estimated === true, rowsPerSecond: msg.rowsPerSecond } }))
          break
        case 'imported':
          update(msg.fileId, (s) => ({ ...s, status: 'done', report: msg.report }))
          onImported()
          break
        case 'cancelled':
          update(msg.fileId, (s) => ({ ...s, status: 'cancelled' }))
          break
        case 'failed':
          update(msg.fileId, (s) => {
            if (s.status === 'done') return s
            const error = { message: msg.message, action: msg.action }
            // A date column read differently further down: nothing was kept; the analyst chooses its order and imports again.
            if (msg.dateQuestions?.length) return { ...s, status: 'ready', error, dateQuestions: [...s.dateQuestions.filter((q) => !msg.dateQuestions!.some((n) => n.sheet === q.sheet && n.field === q.field)), ...msg.dateQuestions] }
            return { ...s, status: 'failed', error }
          })
          break
      }
    })
    return () => {
      off()
      client.dispose()
    }
  }, [onImported])

  const addFiles = (list: FileList | null) => {
    if (!list) return
    for (const file of Array.from(list)) {
      const fileId = `f${nextId++}`
      setFiles((fs) => [...fs, { fileId, name: file.name, size: file.size, status: 'reading', addedAt: Date.now(), include: {}, proposals: {}, settings: {}, reproposing: {}, buddhistConfirmed: {}, importAgain: false, dateQuestions: [] }])
      clientRef.current?.inspect(fileId, caseId, file)
    }
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    addFiles(e.dataTransfer.files)
  }

  const readyToImport = (f: FileState): string[] => {
    if (f.status !== 'ready' || !f.overview) return ['still reading']
    // Nothing is written before the case has been searched for the same file (a big file's hash comes after its proposal).
    const open: string[] = f.overview.sha256 === null ? ['checking whether this file is already in the case'] : []
    if (f.overview.duplicateOf && !f.importAgain) return ['already in this case']
    const sheets = Object.keys(f.include).filter((k) => f.include[k])
    if (sheets.length === 0) return ['no sheet chosen']
    for (const sheet of sheets) {
      const p = f.proposals[sheet]
      if (!p) open.push(`${sheet}: still proposing`)
      else if ((f.reproposing[sheet] ?? 0) > 0) open.push(`${sheet}: applying the new settings`)
      else open.push(...openQuestions(p, f.buddhistConfirmed[sheet] === true).map((q) => `${sheet}: ${q}`))
      // Answered only once the proposal made with the chosen order is back (the import sends the proposal's mapping).
      for (const q of f.dateQuestions) {
        if (q.sheet !== sheet) continue
        const decided = p?.mapping.dateFormats.find((d) => d.field === q.field)?.decision.decidedBy === 'user'
        if (!f.settings[sheet]?.dateOrders?.[q.field] || !decided) open.push(`${sheet}: choose the day/month order of “${q.header}”`)
      }
    }
    return open
  }

  const startImport = (f: FileState) => {
    const sheets = Object.keys(f.include)
      .filter((k) => f.include[k])
      .map((sheet) => ({ sheet, mapping: f.proposals[sheet]!.mapping }))
    update(f.fileId, (s) => {
      const { error: _cleared, ...rest } = s
      return { ...rest, status: 'importing', progress: { phase: 'mapping', done: 0, total: 1, estimated: false, rowsPerSecond: 0 } }
    })
    clientRef.current?.send({ type: 'import', fileId: f.fileId, caseId, sheets })
  }

  const importable = files.filter((f) => readyToImport(f).length === 0)

  return (
    <div className="wm-import" data-testid="import-wizard">
      <div
        className={`wm-dropzone${dragging ? ' wm-dropzone-active' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <NonIdealState
          icon="import"
          title="Drop call records and spreadsheets here"
          description="CSV, TSV, TXT, XLSX, XLSM, XLSB, XLS, ODS, FODS — many files at once. Files are read on this computer; nothing is uploaded."
          action={<FileInput text="Choose files…" inputProps={{ multiple: true, 'aria-label': 'Choose files to import', onChange: (e: ChangeEvent<HTMLInputElement>) => addFiles(e.currentTarget.files) }} />}
        />
      </div>

      {files.map((f) => (
        <FileCard
          key={f.fileId}
          file={f}
          blockers={readyToImport(f)}
          slowRead={f.status === 'reading' && now - f.addedAt > SLOW_READ_MS ? Math.round((now - f.addedAt) / 1000) : null}
          onStopReading={() => {
            // The worker is stuck on this file: a fresh one takes over, and what the old one held must be read again.
            clientRef.current?.restart()
            setFiles((list) =>
              list.map((s) =>
                s.fileId === f.fileId
                  ? { ...s, status: 'failed', error: { message: `${s.name} could not be read: reading it did not end, so the file may be damaged.`, action: 'Open it in Excel or LibreOffice, save it as .xlsx or .csv, and add it again.' } }
                  : s.status === 'reading' || s.status === 'ready' || s.status === 'importing'
                    ? { ...s, status: 'failed', error: { message: `Reading ${f.name} was stopped, and with it the work on this file; nothing from it was kept.`, action: 'Remove it and add it again.' } }
                    : s
              )
            )
          }}
          onInclude={(sheet, v) => {
            update(f.fileId, (s) => ({ ...s, include: { ...s.include, [sheet]: v }, activeSheet: v ? sheet : s.activeSheet }))
            if (v && !f.proposals[sheet]) clientRef.current?.send({ type: 'propose', fileId: f.fileId, settings: { sheet } })
          }}
          onActive={(sheet) => update(f.fileId, (s) => ({ ...s, activeSheet: sheet }))}
          onSettings={(settings) => {
            update(f.fileId, (s) => ({ ...s, settings: { ...s.settings, [settings.sheet]: settings }, reproposing: { ...s.reproposing, [settings.sheet]: (s.reproposing[settings.sheet] ?? 0) + 1 } }))
            clientRef.current?.send({ type: 'propose', fileId: f.fileId, settings })
          }}
          onConfirmBuddhist={(sheet, v) => update(f.fileId, (s) => ({ ...s, buddhistConfirmed: { ...s.buddhistConfirmed, [sheet]: v } }))}
          onImportAgain={(v) => update(f.fileId, (s) => ({ ...s, importAgain: v }))}
          onImport={() => startImport(f)}
          onCancel={() => clientRef.current?.send({ type: 'cancel', fileId: f.fileId })}
          onRemove={() => {
            clientRef.current?.send({ type: 'forget', fileId: f.fileId })
            setFiles((list) => list.filter((x) => x.fileId !== f.fileId))
          }}
          onEncoding={(encoding) => {
            const sheet = f.overview?.sheets[0]?.name
            if (!sheet) return
            // The columns may read differently: a mapping edited by hand is dropped, the other settings are kept.
            const { mapping: _dropped, ...kept } = f.settings[sheet] ?? { sheet }
            update(f.fileId, (s) => ({ ...s, settings: { ...s.settings, [sheet]: kept }, reproposing: { ...s.reproposing, [sheet]: (s.reproposing[sheet] ?? 0) + 1 } }))
            clientRef.current?.send({ type: 'encoding', fileId: f.fileId, encoding, settings: kept })
          }}
          onSaveTemplate={async (sheet, name) => {
            const p = f.proposals[sheet]
            if (!p) return
            await saveTemplate(db, templateFromMapping(name, p.mapping, p.headerNames, { savedAt: new Date().toISOString() }))
          }}
          onExportRejected={async () => {
            const r = f.report
            if (!r) return
            const width = Math.max(0, ...r.rejected.map((x) => x.values.length))
            const header = ['sheet', 'row', 'problems', ...Array.from({ length: width }, (_, i) => `column ${i + 1}`)]
            const csv = toCsv(header, r.rejected.map((x) => [x.sheet, x.row, x.problems.join('; '), ...x.values]))
            await platform.saveFile(`${f.name} - rejected rows.csv`, new TextEncoder().encode(csv), 'text/csv')
          }}
        />
      ))}

      {files.length > 1 && importable.length > 1 ? (
        <Button intent={Intent.PRIMARY} icon="import" text={`Import ${importable.length} files`} onClick={() => importable.forEach(startImport)} />
      ) : null}
    </div>
  )
}

interface CardProps {
  readonly file: FileState
  readonly blockers: readonly string[]
  readonly onInclude: (sheet: string, v: boolean) => void
  readonly onActive: (sheet: string) => void
  readonly onSettings: (s: ProposeSettings) => void
  /** A text file read again with this encoding (null: as detected). */
  readonly onEncoding: (encoding: string | null) => void
  readonly onConfirmBuddhist: (sheet: string, v: boolean) => void
  readonly onImportAgain: (v: boolean) => void
  readonly onImport: () => void
  readonly onCancel: () => void
  readonly onRemove: () => void
  /** Seconds the file has been reading, once that is long; null otherwise. */
  readonly slowRead: number | null
  readonly onStopReading: () => void
  readonly onSaveTemplate: (sheet: string, name: string) => Promise<void>
  readonly onExportRejected: () => Promise<void>
}

function FileCard(props: CardProps) {
  const { file: f, blockers } = props
  const o = f.overview
  const active = f.activeSheet ? f.proposals[f.activeSheet] : undefined
  const [templateName, setTemplateName] = useState('')
  const [templateSaved, setTemplateSaved] = useState<string | null>(null)
  const sheetsShown = useMemo(() => o?.sheets ?? [], [o])

  return (
    <Card className="wm-file" data-testid="file-card">
      <div className="wm-file-head">
        <H4 className="wm-file-name">{f.name}</H4>
        <span className="wm-muted wm-small">
          {formatSize(f.size)}
          {o ? ` · ${o.format.toUpperCase()}${o.encoding ? ` · ${o.encoding}` : ''} · ${o.sha256 ? `SHA-256 ${o.sha256.slice(0, 16)}…` : 'SHA-256 being computed…'}` : f.status === 'reading' ? ' · reading…' : ''}
          {o ? <span data-testid="rows-known"> · {rowsKnown(o)}</span> : null}
        </span>
        <span className="wm-spacer" />
        {f.status === 'ready' || f.status === 'failed' || f.status === 'cancelled' ? <Button variant="minimal" icon="cross" aria-label={`Remove ${f.name}`} onClick={props.onRemove} /> : null}
      </div>

      {f.error ? (
        <Callout intent={Intent.DANGER} icon="error" title={f.error.message} data-testid="file-error">
          {f.error.action}
        </Callout>
      ) : null}
      {f.status === 'cancelled' ? <Callout icon="disable" data-testid="file-cancelled">Import cancelled; nothing from this file was kept.</Callout> : null}
      {props.slowRead !== null ? (
        <Callout intent={Intent.WARNING} icon="time" title={`Still reading after ${props.slowRead} s`} data-testid="slow-read">
          <p>A large workbook can take minutes to read; a damaged one may never finish.</p>
          <Button intent={Intent.WARNING} text="Stop reading" data-testid="stop-reading" onClick={props.onStopReading} />
        </Callout>
      ) : null}

      {o && f.status === 'ready' ? (
        <>
          {o.duplicateOf ? (
            <Callout intent={Intent.WARNING} icon="duplicate" title="This exact file is already in the case" data-testid="duplicate">
              <p>
                “{o.duplicateOf.fileName}” has the same SHA-256 and was imported {new Date(o.duplicateOf.importedAt).toLocaleString()}. It will be skipped.
              </p>
              <Checkbox checked={f.importAgain} onChange={(e) => props.onImportAgain(e.currentTarget.checked)} label="Import it again anyway" />
            </Callout>
          ) : null}
          {o.warnings.length > 0 ? (
            <Callout intent={Intent.WARNING} icon="warning-sign" className="wm-question" data-testid="prefix-read-warnings">
              <ul className="wm-notices">
                {o.warnings.slice(0, 8).map((w, i) => (
                  <li key={i}>{w.message}</li>
                ))}
              </ul>
              {o.sheets.some((s) => s.partial) ? (
                <p className="wm-small wm-muted">Found in the rows read so far; the import reads every row and its report lists all it finds.</p>
              ) : o.warnings.length > 8 ? (
                <p className="wm-small wm-muted">And {formatCount(o.warnings.length - 8)} more, listed in the report after the import.</p>
              ) : null}
            </Callout>
          ) : null}
          {o.detectedEncoding !== undefined ? (
            <FormGroup
              inline
              label="Text encoding"
              className="wm-encoding"
              helperText={
                o.chosenEncoding
                  ? `Read as chosen; Waymark had detected ${o.detectedEncoding ? encodingDisplayName(o.detectedEncoding) : 'none'}. The import reads every row this way and records the choice with the source.`
                  : 'If names or places look garbled in the sample below, choose the encoding the file was written in.'
              }
            >
              <HTMLSelect data-testid="encoding" value={o.chosenEncoding ?? ''} onChange={(e) => props.onEncoding(e.currentTarget.value || null)} aria-label="Text encoding">
                <option value="">As detected{o.detectedEncoding ? `: ${encodingDisplayName(o.detectedEncoding)}` : ''}</option>
                {SUPPORTED_ENCODINGS.map((e) => (
                  <option key={e.label} value={e.label}>
                    {e.name}
                  </option>
                ))}
              </HTMLSelect>
            </FormGroup>
          ) : null}
          {sheetsShown.length > 1 ? (
            <div className="wm-sheets">
              {sheetsShown.map((s) => (
                <span key={s.name} className="wm-sheet">
                  <Checkbox inline checked={f.include[s.name] === true} onChange={(e) => props.onInclude(s.name, e.currentTarget.checked)} label="" aria-label={`Import sheet ${s.name}`} />
                  <Button
                    variant={f.activeSheet === s.name ? 'solid' : 'minimal'}
                    size="small"
                    onClick={() => props.onActive(s.name)}
                    text={`${s.name} (${s.partial ? 'rows counted during the import' : `${formatCount(s.rows)} rows`})`}
                  />
                  {s.hidden ? <Tag minimal intent={Intent.WARNING}>hidden</Tag> : null}
                </span>
              ))}
            </div>
          ) : null}
          {active && f.activeSheet && f.include[f.activeSheet] ? (
            <>
              <MappingEditor
                key={`${f.activeSheet}`}
                proposal={active}
                dateQuestions={f.dateQuestions.filter((q) => q.sheet === f.activeSheet)}
                rowsRead={sheetsShown.find((s) => s.name === f.activeSheet)}
                settings={f.settings[f.activeSheet] ?? { sheet: f.activeSheet }}
                confirmedBuddhist={f.buddhistConfirmed[f.activeSheet] === true}
                onSettings={props.onSettings}
                onConfirmBuddhist={(v) => props.onConfirmBuddhist(f.activeSheet!, v)}
              />
              <div className="wm-template">
                <InputGroup placeholder="Template name, e.g. Grameenphone CDR" value={templateName} onValueChange={setTemplateName} />
                <Button
                  icon="floppy-disk"
                  text="Save mapping as template"
                  disabled={templateName.trim() === ''}
                  onClick={async () => {
                    await props.onSaveTemplate(f.activeSheet!, templateName.trim())
                    setTemplateSaved(templateName.trim())
                  }}
                />
                {templateSaved ? <span className="wm-small wm-muted">Saved “{templateSaved}”: files with these headers will get this mapping.</span> : null}
              </div>
            </>
          ) : null}
          <div className="wm-file-actions">
            <Button intent={Intent.PRIMARY} icon="import" text="Import" disabled={blockers.length > 0} onClick={props.onImport} data-testid="import-file" />
            {blockers.length > 0 ? <span className="wm-small wm-muted">Before importing: {blockers.join(' · ')}</span> : null}
          </div>
        </>
      ) : null}

      {f.status === 'importing' && f.progress ? (
        <div className="wm-progress" data-testid="import-progress">
          {/* Still stripes and no width transition (styles.css): either would redraw the page 60 times a second throughout. */}
          <ProgressBar value={f.progress.total > 0 ? f.progress.done / f.progress.total : undefined} intent={Intent.PRIMARY} animate={false} />
          <span className="wm-small">
            {f.progress.phase} · {formatCount(f.progress.done)} of {f.progress.estimated ? 'about ' : ''}
            {formatCount(f.progress.total)} rows · {formatCount(Math.round(f.progress.rowsPerSecond))} rows/s {eta(f.progress)}
          </span>
          <Button icon="stop" text="Cancel" onClick={props.onCancel} data-testid="cancel-import" />
        </div>
      ) : null}

      {f.report ? <ImportReportView report={f.report} onExportRejected={props.onExportRejected} /> : null}
    </Card>
  )
}

function ImportReportView({ report, onExportRejected }: { report: ImportReport; onExportRejected: () => Promise<void> }) {
  const totals = report.sheets.reduce(
    (t, s) => ({ read: t.read + s.summary.read, ok: t.ok + s.summary.ok, warned: t.warned + s.summary.warned, rejected: t.rejected + s.summary.rejected }),
    { read: 0, ok: 0, warned: 0, rejected: 0 }
  )
  const [showRejected, setShowRejected] = useState(false)
  return (
    <div className="wm-report" data-testid="import-report">
      <Callout intent={totals.rejected > 0 ? Intent.WARNING : Intent.SUCCESS} icon={totals.rejected > 0 ? 'warning-sign' : 'tick-circle'} title={`Imported in ${report.seconds.toFixed(1)} s`}>
        <HTMLTable compact className="wm-report-table">
          <thead>
            <tr>
              <th>Sheet</th>
              <th className="wm-num">Read</th>
              <th className="wm-num">Imported</th>
              <th className="wm-num">with warnings</th>
              <th className="wm-num">Rejected</th>
            </tr>
          </thead>
          <tbody>
            {report.sheets.map((s) => (
              <tr key={s.sheet}>
                <td>{s.sheet}</td>
                <td className="wm-num" data-testid="count-read">{formatCount(s.summary.read)}</td>
                <td className="wm-num" data-testid="count-imported">{formatCount(s.summary.ok + s.summary.warned)}</td>
                <td className="wm-num">{formatCount(s.summary.warned)}</td>
                <td className="wm-num" data-testid="count-rejected">{formatCount(s.summary.rejected)}</td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
        <p data-testid="count-merged">
          {formatCount(report.events)} timeline events; {formatCount(report.merged)} merged with the same call from the other party&apos;s records.
        </p>
        {report.rejected.length > 0 ? (
          <>
            <Button size="small" icon="th-list" text={showRejected ? 'Hide rejected rows' : `Show ${report.rejected.length} rejected rows`} onClick={() => setShowRejected((v) => !v)} />{' '}
            <Button size="small" icon="export" text="Export rejected rows (CSV)" onClick={() => void onExportRejected()} data-testid="export-rejected" />
          </>
        ) : null}
      </Callout>
      {report.readWarnings.length > 0 ? (
        <Callout intent={Intent.WARNING} icon="document" title={`Reading ${report.fileName}: kept as it was, but check these`} className="wm-question" data-testid="report-read-warnings">
          <ReadWarningsList warnings={report.readWarnings} testId="report-read-warning-list" />
          <p className="wm-small wm-muted">Every row was imported; these are also kept with the source (Sources tab).</p>
        </Callout>
      ) : null}
      {showRejected ? (
        <HTMLTable compact striped className="wm-rejected" data-testid="rejected-rows">
          <thead>
            <tr>
              <th>Sheet</th>
              <th>Row</th>
              <th>Why</th>
              <th>Values</th>
            </tr>
          </thead>
          <tbody>
            {report.rejected.slice(0, 500).map((r) => (
              <tr key={`${r.sheet}:${r.row}`}>
                <td>{r.sheet}</td>
                <td>{r.row}</td>
                <td>{r.problems.join('; ')}</td>
                <td className="wm-mono wm-small">{r.values.join(' | ')}</td>
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      ) : null}
    </div>
  )
}
