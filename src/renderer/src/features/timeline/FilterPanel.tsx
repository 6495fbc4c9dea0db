// The timeline's filters: date range (in the display zone), entities, event kinds, starred, tags, text.
import { Button, Checkbox, FormGroup, InputGroup, Intent, Tag } from '@blueprintjs/core'
import { useEffect, useState } from 'react'
import { parseWallClock } from '../../../../core/analysis/timeline/analyst'
import { axisZone } from '../../../../core/analysis/timeline/ticks'
import { kindLabel, TIMELINE_KINDS, type DisplayZone, type TimelineFilter, type TimelineKind } from '../../../../core/analysis/timelineFilter'
import type { WorkspaceDb } from '../../../../workspace'
import { EntityPicker } from './EntityPicker'
import { wallClock } from './timeFormat'

export interface FilterPanelProps {
  readonly db: WorkspaceDb
  readonly caseId: string
  readonly filter: TimelineFilter
  readonly zone: DisplayZone
  readonly tags: readonly string[]
  readonly label: (key: string) => string
  readonly onChange: (f: TimelineFilter) => void
}

function without<K extends keyof TimelineFilter>(f: TimelineFilter, key: K): TimelineFilter {
  const { [key]: _drop, ...rest } = f
  return rest
}

function DateField(props: { label: string; value: number | undefined; zone: string; testId: string; onChange: (ms: number | undefined) => void }) {
  const shown = props.value === undefined ? '' : wallClock(props.value, props.zone).slice(0, 16)
  const [text, setText] = useState(shown)
  const [error, setError] = useState<string | null>(null)
  const apply = (): void => {
    if (text.trim() === '') {
      setError(null)
      if (props.value !== undefined) props.onChange(undefined)
      return
    }
    const r = parseWallClock(text, props.zone)
    if (!r.ok) return setError(r.message)
    setError(null)
    if (r.utcMs !== props.value) props.onChange(r.utcMs)
  }
  return (
    <FormGroup label={props.label} labelFor={props.testId} helperText={error ?? undefined} intent={error ? Intent.DANGER : Intent.NONE} className="wm-tl-date">
      <InputGroup id={props.testId} data-testid={props.testId} small placeholder="yyyy-mm-dd hh:mm" value={text} intent={error ? Intent.DANGER : Intent.NONE} onChange={(e) => setText(e.target.value)} onBlur={apply} onKeyDown={(e) => e.key === 'Enter' && apply()} />
    </FormGroup>
  )
}

export function FilterPanel({ db, caseId, filter, zone, tags, label, onChange }: FilterPanelProps) {
  const z = axisZone(zone)
  const [text, setText] = useState(filter.text ?? '')
  // The filter can change from outside (Clear all, the URL): the box follows it.
  const [seen, setSeen] = useState(filter.text)
  if (seen !== filter.text) {
    setSeen(filter.text)
    setText(filter.text ?? '')
  }
  useEffect(() => {
    if (text === (filter.text ?? '')) return
    const t = setTimeout(() => onChange(text.trim() ? { ...filter, text } : without(filter, 'text')), 400)
    return () => clearTimeout(t)
  }, [text]) // eslint-disable-line react-hooks/exhaustive-deps

  const kinds = filter.kinds ?? []
  const toggleKind = (k: TimelineKind): void => {
    const next = kinds.includes(k) ? kinds.filter((x) => x !== k) : [...kinds, k]
    onChange(next.length ? { ...filter, kinds: next } : without(filter, 'kinds'))
  }
  const entities = filter.entities ?? []
  const ftags = filter.tags ?? []

  return (
    <div className="wm-tl-filters" data-testid="timeline-filters">
      <div className="wm-tl-filters-head">
        <h4 className="bp6-heading">Filter</h4>
        <Button small variant="minimal" text="Clear all" disabled={Object.keys(filter).length === 0} data-testid="tl-clear-filter" onClick={() => onChange({})} />
      </div>
      <div className="wm-muted wm-tl-small">Dates in {z}</div>
      <DateField key={`from${filter.from ?? ''}${z}`} label="From" value={filter.from} zone={z} testId="tl-from" onChange={(v) => onChange(v === undefined ? without(filter, 'from') : { ...filter, from: v })} />
      <DateField key={`to${filter.to ?? ''}${z}`} label="Until (exclusive)" value={filter.to} zone={z} testId="tl-to" onChange={(v) => onChange(v === undefined ? without(filter, 'to') : { ...filter, to: v })} />

      <FormGroup label="Entities">
        <EntityPicker db={db} caseId={caseId} placeholder="Number, name, IMEI…" testId="tl-entity-search" onPick={(key) => onChange({ ...filter, entities: entities.includes(key) ? entities : [...entities, key] })} />
        <div className="wm-tl-chips" data-testid="tl-entity-chips">
          {entities.map((k) => (
            <Tag key={k} onRemove={() => onChange(entities.length > 1 ? { ...filter, entities: entities.filter((x) => x !== k) } : without(filter, 'entities'))}>
              {label(k)}
            </Tag>
          ))}
        </div>
      </FormGroup>

      <FormGroup label="Event types" helperText={kinds.length ? undefined : 'All types'}>
        {TIMELINE_KINDS.map((k) => (
          <Checkbox key={k} checked={kinds.includes(k)} label={kindLabel(k)} onChange={() => toggleKind(k)} className="wm-tl-check" />
        ))}
      </FormGroup>

      <FormGroup label="Marks">
        <Checkbox checked={filter.starred === true} label="Starred only" data-testid="tl-starred" onChange={(e) => onChange(e.currentTarget.checked ? { ...filter, starred: true } : without(filter, 'starred'))} />
        <div className="wm-tl-chips">
          {tags.length === 0 ? <span className="wm-muted wm-tl-small">No tags yet</span> : null}
          {tags.map((t) => {
            const on = ftags.includes(t)
            return (
              <Tag key={t} interactive minimal={!on} intent={on ? Intent.PRIMARY : Intent.NONE} onClick={() => {
                const next = on ? ftags.filter((x) => x !== t) : [...ftags, t]
                onChange(next.length ? { ...filter, tags: next } : without(filter, 'tags'))
              }}>
                {t}
              </Tag>
            )
          })}
        </div>
      </FormGroup>

      <FormGroup label="Text" labelFor="tl-text">
        <InputGroup id="tl-text" small leftIcon="search" placeholder="Text, number, name…" value={text} data-testid="tl-text" onChange={(e) => setText(e.target.value)} />
      </FormGroup>
    </div>
  )
}
