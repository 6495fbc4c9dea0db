// How one sheet will be read: record kind, zone and country, a field and confidence per column over sample rows,
// and the date decisions the analyst must confirm (ambiguous day/month order, Buddhist-Era years).
import { Callout, Checkbox, FormGroup, HTMLSelect, HTMLTable, InputGroup, Intent, Radio, RadioGroup, Tag, Tooltip } from '@blueprintjs/core'
import { useState } from 'react'
import { RECORD_KINDS, kindSpec, type Mapping } from '../../../../core/model/mapping'
import type { DateQuestion, ProposalView, ProposeSettings, SheetOverview } from './protocol'

export const COUNTRIES: readonly [string, string][] = [
  ['BD', 'Bangladesh'],
  ['KH', 'Cambodia'],
  ['ID', 'Indonesia'],
  ['LA', 'Lao PDR'],
  ['MY', 'Malaysia'],
  ['MM', 'Myanmar'],
  ['PH', 'Philippines'],
  ['TH', 'Thailand'],
  ['VN', 'Viet Nam'],
  ['CN', 'China'],
  ['IN', 'India'],
  ['NP', 'Nepal'],
  ['LK', 'Sri Lanka'],
  ['PK', 'Pakistan'],
  ['SG', 'Singapore'],
  ['AU', 'Australia'],
  ['GB', 'United Kingdom'],
  ['US', 'United States']
]

export function confidenceIntent(c: number): Intent {
  return c >= 0.85 ? Intent.SUCCESS : c >= 0.5 ? Intent.WARNING : c > 0 ? Intent.DANGER : Intent.NONE
}

/** What the analyst must still confirm for this sheet before it can be imported; empty means ready. */
export function openQuestions(p: ProposalView, confirmedBuddhist: boolean): string[] {
  // The wizard asks a date column's order itself (the radio buttons above), so it says so in its own words; the
  // problem's message is written for the command line (--date-format).
  const open = p.problems.map((x) => (x.code === 'ambiguous-date' || x.code === 'date-format-changed' ? `choose the day/month order of “${x.header}” above` : x.message))
  if (p.mapping.dateFormats.some((d) => d.decision.buddhistEra) && !confirmedBuddhist) open.push('Confirm that the years are Buddhist Era.')
  return open
}

interface Props {
  readonly proposal: ProposalView
  readonly settings: ProposeSettings
  readonly confirmedBuddhist: boolean
  readonly onSettings: (s: ProposeSettings) => void
  readonly onConfirmBuddhist: (v: boolean) => void
  /** Columns a failed import found read differently after the first rows: asked like an open order. */
  readonly dateQuestions?: readonly DateQuestion[]
  /** The sheet's rows as read for the proposal (a big text file: only its first rows). */
  readonly rowsRead?: SheetOverview | undefined
}

export function MappingEditor({ proposal, settings, confirmedBuddhist, onSettings, onConfirmBuddhist, dateQuestions = [], rowsRead }: Props) {
  const { mapping } = proposal
  const spec = kindSpec(mapping.recordKind)
  const [zoneText, setZoneText] = useState(settings.zone ?? mapping.zone)

  const setColumnField = (index: number, field: string | null) => {
    const columns = mapping.columns.map((c) =>
      c.index === index ? { ...c, field, confidence: 1, reason: 'set by the analyst' } : field !== null && c.field === field ? { ...c, field: null, confidence: 0, reason: 'field moved to another column by the analyst' } : c
    )
    const edited: Mapping = { ...mapping, columns, dateFormats: mapping.dateFormats.filter((d) => columns.some((c) => c.index === d.column && c.field === d.field)) }
    onSettings({ ...settings, mapping: edited })
  }

  const fromProposal = proposal.problems.flatMap((p) => (p.code === 'ambiguous-date' ? [{ field: p.field, column: p.column, header: p.header, example: p.example, later: false }] : []))
  const asked = [...fromProposal, ...dateQuestions.filter((q) => !fromProposal.some((p) => p.field === q.field)).map((q) => ({ ...q, later: true }))]
  // An order once chosen stays on screen, so the analyst sees the answer and can change it (the proposal no longer asks).
  const answered = mapping.dateFormats
    .filter((d) => settings.dateOrders?.[d.field] && !asked.some((q) => q.field === d.field))
    .map((d) => ({ field: d.field, column: d.column, header: d.header, example: '', later: false }))
  const ambiguous = [...asked, ...answered]
  const buddhist = mapping.dateFormats.filter((d) => d.decision.buddhistEra)

  return (
    <div className="wm-mapping" data-testid="mapping-editor">
      <div className="wm-mapping-controls">
        <FormGroup label="Records in this sheet" inline>
          <HTMLSelect
            value={mapping.recordKind}
            data-testid="record-kind"
            onChange={(e) => {
              const { mapping: _drop, ...rest } = settings
              onSettings({ ...rest, recordKind: e.currentTarget.value as Mapping['recordKind'] })
            }}
            options={RECORD_KINDS.map((k) => {
              const score = proposal.kindScores.find((s) => s.kind === k.kind)
              return { value: k.kind, label: score ? `${k.label} (fit ${Math.round(score.coverage * 100)}%)` : k.label }
            })}
          />
        </FormGroup>
        <FormGroup label="Numbers without a country code are from" inline>
          <HTMLSelect
            value={settings.country ?? mapping.defaultCountry}
            data-testid="country"
            onChange={(e) => onSettings({ ...settings, country: e.currentTarget.value })}
            options={[{ value: '', label: '— choose —' }, ...COUNTRIES.map(([code, name]) => ({ value: code, label: `${name} (${code})` }))]}
          />
        </FormGroup>
        <FormGroup label="Times in the file are local to" inline helperText="IANA zone, e.g. Asia/Dhaka. An offset written in the data wins.">
          <InputGroup
            value={zoneText}
            data-testid="zone"
            onValueChange={setZoneText}
            onBlur={() => zoneText !== (settings.zone ?? mapping.zone) && onSettings({ ...settings, zone: zoneText.trim() })}
          />
        </FormGroup>
      </div>

      <p className="wm-muted wm-small">
        Header: {proposal.headerReason}
        {proposal.template ? ` · Template: ${proposal.template}` : ''}
        {proposal.inferredCountry ? ` · The data suggests ${proposal.inferredCountry}` : ''}
      </p>

      {ambiguous.map((p) => (
        <Callout key={`${p.column}`} intent={Intent.WARNING} icon="calendar" title={`Which order are the dates in “${p.header}”?`} className="wm-question">
          {p.later ? (
            <p>
              The first rows read one way, but a later value (<code>{p.example}</code>) does not fit it, or fits both orders. Waymark does not guess: choose one; values that do
              not fit it will be reported as errors.
            </p>
          ) : p.example ? (
            <p>Values like <code>{p.example}</code> fit both orders. Waymark does not guess: choose one.</p>
          ) : (
            <p>The order was chosen here; the dates are read in it.</p>
          )}
          <RadioGroup
            inline
            selectedValue={settings.dateOrders?.[p.field] ?? ''}
            onChange={(e) => onSettings({ ...settings, dateOrders: { ...settings.dateOrders, [p.field]: e.currentTarget.value as 'dmy' | 'mdy' } })}
          >
            <Radio value="dmy" label="Day / month (31/12)" data-testid={`order-dmy-${p.field}`} />
            <Radio value="mdy" label="Month / day (12/31)" data-testid={`order-mdy-${p.field}`} />
          </RadioGroup>
        </Callout>
      ))}
      {proposal.problems
        .filter((p) => p.code !== 'ambiguous-date')
        .map((p, i) => (
          <Callout key={i} intent={Intent.DANGER} icon="error" className="wm-question">
            {p.message}
          </Callout>
        ))}
      {buddhist.length > 0 ? (
        <Callout intent={Intent.WARNING} icon="calendar" title="Buddhist-Era years" className="wm-question">
          <p>
            {buddhist.map((d) => `“${d.header}”`).join(', ')} {buddhist.length === 1 ? 'has' : 'have'} years such as 2567, read as Buddhist Era and converted (2567 → 2024).
          </p>
          <Checkbox checked={confirmedBuddhist} onChange={(e) => onConfirmBuddhist(e.currentTarget.checked)} label="Yes, these years are Buddhist Era" data-testid="confirm-buddhist" />
        </Callout>
      ) : null}
      {proposal.notices.length > 0 ? (
        <Callout icon="info-sign" className="wm-question">
          <ul className="wm-notices">
            {proposal.notices.map((n, i) => (
              <li key={i}>{n}</li>
            ))}
          </ul>
        </Callout>
      ) : null}

      <div className="wm-grid-scroll">
        <HTMLTable compact bordered className="wm-mapping-grid" data-testid="mapping-grid">
          <thead>
            <tr>
              <th className="wm-rowno">Row</th>
              {mapping.columns.map((c) => (
                <th key={c.index} title={c.header}>
                  {c.header}
                </th>
              ))}
            </tr>
            <tr>
              <th className="wm-rowno">Field</th>
              {mapping.columns.map((c) => (
                <th key={c.index}>
                  <HTMLSelect
                    fill
                    value={c.field ?? ''}
                    aria-label={`Field for column ${c.header}`}
                    onChange={(e) => setColumnField(c.index, e.currentTarget.value || null)}
                    options={[{ value: '', label: '— keep as extra —' }, ...spec.fields.map((f) => ({ value: f.id, label: f.label }))]}
                  />
                </th>
              ))}
            </tr>
            <tr>
              <th className="wm-rowno">Confidence</th>
              {mapping.columns.map((c) => (
                <th key={c.index}>
                  {c.field ? (
                    <Tooltip content={c.reason}>
                      {/* multiline: a few characters need no ellipsis, and Blueprint measures an ellipsised tag's width as it
                          mounts, which makes the browser lay the whole page out inside React's commit. */}
                      <Tag minimal multiline intent={confidenceIntent(c.confidence)} data-testid="confidence">
                        {Math.round(c.confidence * 100)}%
                      </Tag>
                    </Tooltip>
                  ) : (
                    <span className="wm-muted wm-small">kept as extra</span>
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {proposal.sample.map((row, i) => (
              <tr key={i}>
                <td className="wm-rowno">{proposal.sampleRows[i]}</td>
                {mapping.columns.map((c) => (
                  <td key={c.index}>{row[c.index] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </HTMLTable>
      </div>
      {mapping.dateFormats.length > 0 ? (
        <p className="wm-small wm-muted" data-testid="date-decisions">
          Dates:{' '}
          {mapping.dateFormats
            .map((d) => `${d.header} → ${d.decision.pattern}${d.decision.ambiguous ? ' (order to choose)' : ''}${d.decision.buddhistEra ? ', Buddhist Era' : ''} (${d.decision.recognised}/${d.decision.total} values fit)`)
            .join(' · ')}
          {rowsRead?.partial
            ? ` — from the first ${rowsRead.rows.toLocaleString('en')} rows; ${
                mapping.dateFormats.every((d) => d.decision.decidedBy !== 'values')
                  ? 'later rows are read in the order chosen, and a date that does not fit it is rejected and listed.'
                  : 'every later date is checked during the import, which stops, keeping nothing, if one reads differently.'
              }`
            : ''}
        </p>
      ) : null}
    </div>
  )
}
