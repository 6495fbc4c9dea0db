// Gathers what a printout of a timeline view needs from the workspace: the case, the events the view's filter
// matches (stored and analyst events, with stars and tags), the names of the parties, and the case's sources.
import { describeFilter, entityValue, storedKinds, type TimelineView } from '../../../../core/analysis/timelineFilter'
import type { PrintEvent, PrintInput, PrintOptions, PrintSource } from '../../../../core/analysis/print/printDocument'
import type { EventFilter } from '../../../../core/store/query'
import { analystEventMatches } from '../../../../core/analysis/timeline/analyst'
import { CaseRepository, listSources, type AnalystEvent, type StorageProblem, type WorkspaceDb } from '../../../../workspace'
import { caseServices } from '../../app/services'
// The screen's palette, so the printed glyphs have the interactive chart's colours (its light set: paper is white).
import { GLYPH_COLORS } from '../timeline/chartDraw'

export type Loaded<T> = { ok: true; value: T } | { ok: false; problem: StorageProblem }

/** Large enough for any case a printout is asked for; the query is one pass over the loaded segments. */
const ALL = 50_000_000

function fromAnalyst(r: AnalystEvent): PrintEvent {
  return {
    id: r.id,
    at: r.at,
    zone: r.zone,
    kind: 'analyst',
    direction: 'unknown',
    durationS: null,
    ...(r.parties[0] ? { a: r.parties[0] } : {}),
    ...(r.parties[1] ? { b: r.parties[1] } : {}),
    text: [r.title, r.note].filter(Boolean).join(' — '),
    source: null,
    starred: r.starred,
    tags: r.tags
  }
}

/** Dated events in time order (stored before analyst events at the same instant), then the undated ones. */
function merge(stored: PrintEvent[], analyst: PrintEvent[]): PrintEvent[] {
  const dated = stored.filter((e) => e.at !== null)
  const undated = stored.filter((e) => e.at === null)
  const a = [...analyst].sort((x, y) => x.at! - y.at!)
  const out: PrintEvent[] = []
  let i = 0
  let j = 0
  while (i < dated.length || j < a.length) {
    if (j >= a.length || (i < dated.length && dated[i]!.at! <= a[j]!.at!)) out.push(dated[i++]!)
    else out.push(a[j++]!)
  }
  return out.concat(undated)
}

export async function loadPrintInput(db: WorkspaceDb, caseId: string, view: TimelineView, options: PrintOptions, now: number): Promise<Loaded<PrintInput>> {
  const cases = new CaseRepository(db)
  // The app's shared store: opening the print view from the timeline reuses the segments it already decoded.
  const store = caseServices(db).events
  const c = await cases.get(caseId)
  if (!c.ok) return { ok: false, problem: c.problem }
  if (!c.value) return { ok: false, problem: { kind: 'not-found', message: 'This case is not in the workspace.', action: 'Go back to the case list and open the case again.', detail: `case ${caseId}` } }

  const f = view.filter
  const kinds = storedKinds(f)
  const stored: PrintEvent[] = []
  if (!(kinds && kinds.length === 0)) {
    const filter: EventFilter = {
      ...(f.from !== undefined ? { from: f.from } : {}),
      ...(f.to !== undefined ? { to: f.to } : {}),
      ...(f.entities?.length ? { entities: f.entities } : {}),
      ...(kinds ? { kinds } : {}),
      ...(f.text ? { text: f.text } : {}),
      ...(f.sources?.length ? { sources: f.sources } : {}),
      limit: ALL
    }
    const page = await store.queryEvents(caseId, filter)
    if (!page.ok) return { ok: false, problem: page.problem }
    for (const e of page.value.events) {
      const starred = e.mark?.starred ?? false
      const tags = e.mark?.tags ?? []
      if (f.starred && !starred) continue
      if (f.tags?.length && !tags.some((t) => f.tags!.includes(t))) continue
      stored.push({
        id: e.id,
        at: e.at,
        zone: e.zone,
        kind: e.kind,
        direction: e.direction,
        durationS: e.durationS,
        ...(e.parties.a ? { a: e.parties.a } : {}),
        ...(e.parties.b ? { b: e.parties.b } : {}),
        text: e.text,
        source: { fileName: e.fileName, sheet: e.sheet, row: e.row },
        starred,
        tags,
        flags: e.flags
      })
    }
  }
  // Through the repository and the timeline's own filter rule, so the printout lists exactly the analyst events the
  // screen shows.
  const listed = await caseServices(db).analyst.list(caseId, { ...(f.from !== undefined ? { from: f.from } : {}), ...(f.to !== undefined ? { to: f.to } : {}) })
  if (!listed.ok) return { ok: false, problem: listed.problem }
  const analyst = listed.value.filter((e) => analystEventMatches(e, f)).map(fromAnalyst)
  const events = merge(stored, analyst)

  const keys = new Set<string>([...view.laneKeys, ...(f.entities ?? [])])
  for (const e of events) {
    if (e.a) keys.add(e.a)
    if (e.b) keys.add(e.b)
  }
  const names = new Map<string, string>()
  if (keys.size > 0) {
    const stats = await store.entityStats(caseId, { keys: [...keys], limit: keys.size })
    if (!stats.ok) return { ok: false, problem: stats.problem }
    for (const s of stats.value.entities) {
      const n = s.names.filter((x) => x.trim() !== '')
      if (n.length > 0) names.set(s.key, n.slice(0, 2).join(' / '))
    }
  }

  const src = await listSources(db, caseId)
  if (!src.ok) return { ok: false, problem: src.problem }
  const sources: PrintSource[] = src.value
    .filter((s) => s.status === 'committed')
    .map((s) => ({ fileName: s.fileName, sha256: s.sha256, eventCount: s.eventCount, counts: s.counts, importedAt: s.committedAt }))

  const label = (key: string): string => {
    const n = names.get(key)
    return n ? `${entityValue(key)} (${n})` : entityValue(key)
  }
  return {
    ok: true,
    value: {
      caseName: c.value.name,
      caseNumber: c.value.caseNumber,
      view,
      filterSummary: describeFilter(f, view.zone, label),
      generatedAt: now,
      options,
      events,
      names,
      sources,
      glyphColours: GLYPH_COLORS.light
    }
  }
}
