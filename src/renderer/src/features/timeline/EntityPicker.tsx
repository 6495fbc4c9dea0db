// Search the case's entities (phones, persons, handsets, accounts…) by the start of their value and pick one.
import { InputGroup, Menu, MenuItem, Popover } from '@blueprintjs/core'
import { useEffect, useState } from 'react'
import { entityValue } from '../../../../core/analysis/timelineFilter'
import type { EntitySummary, WorkspaceDb } from '../../../../workspace'
import { timelineServices } from './services'


/** The prefixes a typed text may start: a number is tried as a phone with and without '+'. */
export function searchPrefixes(text: string): string[] {
  const t = text.normalize('NFC').trim()
  if (!t) return []
  const lower = t.replace(/\s+/g, ' ').toLowerCase()
  const upper = t.replace(/\s+/g, '').toUpperCase()
  const out = new Set<string>()
  if (/^\+?\d/.test(t)) {
    const digits = t.replace(/[^\d]/g, '')
    out.add(`phone:+${digits}`)
    out.add(`imei:${digits}`)
    out.add(`imsi:${digits}`)
    out.add(`sender:${lower}`)
  }
  out.add(`person:${lower}`)
  out.add(`account:${upper}`)
  out.add(`id:${upper}`)
  out.add(`cell:${lower}`)
  return [...out]
}

export function entityLabel(e: Pick<EntitySummary, 'key' | 'names'>): string {
  const v = entityValue(e.key)
  const name = e.names[0]
  return name && name.toLowerCase() !== v.toLowerCase() ? `${v} (${name})` : v
}

export interface EntityPickerProps {
  readonly db: WorkspaceDb
  readonly caseId: string
  readonly placeholder: string
  readonly onPick: (key: string, label: string) => void
  readonly testId?: string
}

export function EntityPicker({ db, caseId, placeholder, onPick, testId }: EntityPickerProps) {
  const [text, setText] = useState('')
  const [hits, setHits] = useState<EntitySummary[]>([])
  const [open, setOpen] = useState(false)

  useEffect(() => {
    const prefixes = searchPrefixes(text)
    if (prefixes.length === 0) return
    let live = true
    const timer = setTimeout(() => {
      const store = timelineServices(db).events
      void Promise.all(prefixes.map((prefix) => store.entityStats(caseId, { prefix, limit: 8 }))).then((rs) => {
        if (!live) return
        const all = rs.flatMap((r) => (r.ok ? r.value.entities : []))
        all.sort((x, y) => y.events - x.events)
        setHits(all.slice(0, 12))
        setOpen(true)
      })
    }, 150)
    return () => {
      live = false
      clearTimeout(timer)
    }
  }, [db, caseId, text])

  const shown = text.trim() ? hits : []
  return (
    <Popover
      isOpen={open && shown.length > 0}
      onInteraction={(next) => setOpen(next)}
      autoFocus={false}
      enforceFocus={false}
      placement="bottom-start"
      minimal
      fill
      content={
        <Menu className="wm-tl-picker-menu" data-testid={testId ? `${testId}-menu` : undefined}>
          {shown.map((h) => (
            <MenuItem
              key={h.key}
              text={entityLabel(h)}
              label={`${h.key.slice(0, h.key.indexOf(':'))} · ${h.events.toLocaleString()}`}
              onClick={() => {
                onPick(h.key, entityLabel(h))
                setText('')
                setOpen(false)
              }}
            />
          ))}
        </Menu>
      }
    >
      <InputGroup leftIcon="search" placeholder={placeholder} value={text} data-testid={testId} onChange={(e) => setText(e.target.value)} onFocus={() => hits.length && setOpen(true)} />
    </Popover>
  )
}
