// The linked table's rows: the filtered stored events (paged from the store) and the analyst's events merged into one
// time-ordered list, addressable by position so AG Grid's infinite model can ask for any block of a million rows.
import { entityValue } from '../../../../core/analysis/timelineFilter'
import type { EventKindName } from '../../../../core/store/segment'
import type { EventFilter } from '../../../../core/store/query'
import type { EventListItem, EventStore, Result } from '../../../../workspace'
import type { AnalystEvent } from '../../../../workspace'

/** One event's kind in a table cell (the filter's plural labels read oddly on a single row). */
export const KIND_NAMES: Record<EventKindName, string> = {
  call: 'call',
  sms: 'SMS',
  mms: 'MMS',
  data: 'data session',
  ussd: 'USSD',
  cdr: 'CDR (service not given)',
  transfer: 'transfer',
  movement: 'border movement',
  event: 'event'
}

export interface TableRow {
  readonly id: string
  readonly at: number | null
  readonly zone: string
  readonly kind: string
  readonly direction: string
  readonly from: string
  readonly to: string
  readonly durationS: number | null
  readonly text: string
  readonly file: string
  readonly sheet: string
  readonly row: number | null
  readonly starred: boolean
  readonly tags: string
  readonly note: string
  readonly analyst: boolean
  readonly mirrored: boolean
}

export function storedRow(e: EventListItem): TableRow {
  const p = e.parties
  return {
    id: e.id,
    at: e.at,
    zone: e.zone,
    kind: KIND_NAMES[e.kind],
    direction: e.direction === 'unknown' ? '' : e.direction,
    from: p.a ? entityValue(p.a) : '',
    to: p.b ? entityValue(p.b) : '',
    durationS: e.durationS,
    text: e.text,
    file: e.fileName,
    sheet: e.sheet,
    row: e.row,
    starred: e.mark?.starred ?? false,
    tags: (e.mark?.tags ?? []).join(', '),
    note: e.mark?.note ?? '',
    analyst: false,
    mirrored: e.mirrored
  }
}

export function analystRow(e: AnalystEvent): TableRow {
  return {
    id: e.id,
    at: e.at,
    zone: e.zone,
    kind: 'analyst event',
    direction: '',
    from: e.parties.map(entityValue).join(', '),
    to: '',
    durationS: null,
    text: e.title,
    file: '(analyst)',
    sheet: '',
    row: null,
    starred: e.starred,
    tags: e.tags.join(', '),
    note: e.note,
    analyst: true,
    mirrored: false
  }
}

function unwrap<T>(r: Result<T>): T {
  if (!r.ok) throw Object.assign(new Error(r.problem.message), { problem: r.problem })
  return r.value
}

/**
 * Positions in the merged list: analyst event j sits at j + (stored events strictly before it); a stored event at
 * stored position s with time t sits at s + (analyst events at or before t). Undated stored events come last.
 */
export class MergedRows {
  private positions: Promise<number[]> | null = null

  constructor(
    private readonly store: EventStore,
    private readonly caseId: string,
    private readonly filter: EventFilter | null,
    private readonly analyst: readonly AnalystEvent[],
    readonly storedTotal: number
  ) {}

  get total(): number {
    return this.storedTotal + this.analyst.length
  }

  private analystPositions(): Promise<number[]> {
    this.positions ??= Promise.all(
      this.analyst.map(async (a, j) => {
        if (!this.filter) return j
        const to = this.filter.to !== undefined ? Math.min(this.filter.to, a.at) : a.at
        return j + unwrap(await this.store.countEvents(this.caseId, { ...this.filter, to }))
      })
    )
    return this.positions
  }

  async rows(start: number, end: number): Promise<TableRow[]> {
    const pos = await this.analystPositions()
    const hi = Math.min(end, this.total)
    const before = pos.filter((p) => p < start).length
    const inside = pos.filter((p) => p >= start && p < hi).length
    const storedStart = start - before
    const storedCount = hi - start - inside
    let stored: readonly EventListItem[] = []
    if (this.filter && storedCount > 0) stored = unwrap(await this.store.queryEvents(this.caseId, { ...this.filter, offset: storedStart, limit: storedCount })).events
    const out: TableRow[] = []
    let si = 0
    let aj = before
    for (let k = start; k < hi; k++) {
      if (aj < pos.length && pos[aj] === k) out.push(analystRow(this.analyst[aj++]!))
      else if (si < stored.length) out.push(storedRow(stored[si++]!))
    }
    return out
  }

  /** The merged position of an event, or -1. */
  async indexOf(id: string, at: number | null): Promise<number> {
    const pos = await this.analystPositions()
    const aj = this.analyst.findIndex((a) => a.id === id)
    if (aj >= 0) return pos[aj]!
    if (!this.filter) return -1
    // Stored events strictly before the event's time (or, for an undated event, every dated one).
    const s =
      at === null
        ? unwrap(await this.store.countEvents(this.caseId, { ...this.filter, includeUndated: false }))
        : unwrap(await this.store.countEvents(this.caseId, { ...this.filter, to: this.filter.to !== undefined ? Math.min(this.filter.to, at) : at }))
    const analystBefore = at === null ? this.analyst.length : this.analyst.filter((a) => a.at <= at).length
    for (let offset = s; offset < this.storedTotal; offset += 500) {
      const page = unwrap(await this.store.queryEvents(this.caseId, { ...this.filter, offset, limit: 500 })).events
      const k = page.findIndex((e) => e.id === id)
      if (k >= 0) return offset + k + analystBefore
      // Ties at one instant are few; an undated event may be anywhere after the dated ones.
      if (at !== null && page.some((e) => e.at !== null && e.at > at)) break
    }
    return -1
  }
}
