// Loads what the timeline shows for a view: the matching events as a compact slice, the analyst's events, the marks the
// starred/tag filters need, and the lanes; never one React object per event.
import { useLayoutEffect, useMemo, useState } from 'react'
import { analystEventMatches } from '../../../../core/analysis/timeline/analyst'
import { ANALYST_LANE, lanesFor, type Lane } from '../../../../core/analysis/timeline/lanes'
import { sliceEvents, type TimelineSlice } from '../../../../core/analysis/timeline/slice'
import { entityValue, storedKinds, type TimelineFilter, type TimelineView } from '../../../../core/analysis/timelineFilter'
import type { EventFilter } from '../../../../core/store/query'
import type { Segment } from '../../../../core/store/segment'
import type { AnalystEvent, EventMark, StorageProblem, WorkspaceDb } from '../../../../workspace'
import { timelineServices } from './services'

/**
 * The store filter for a timeline filter, or null when no stored event can match (only analyst events asked for).
 * Starred and tag filters become the ids of the marked events.
 */
export function eventFilterOf(f: TimelineFilter, marks: readonly EventMark[]): EventFilter | null {
  const kinds = storedKinds(f)
  if (f.kinds?.length && kinds?.length === 0) return null
  let ids: string[] | undefined
  if (f.starred || f.tags?.length) {
    const tags = f.tags ?? []
    ids = marks.filter((m) => (!f.starred || m.starred) && (tags.length === 0 || m.tags.some((t) => tags.includes(t)))).map((m) => m.eventId)
  }
  return {
    ...(f.from !== undefined ? { from: f.from } : {}),
    ...(f.to !== undefined ? { to: f.to } : {}),
    ...(f.entities?.length ? { entities: f.entities } : {}),
    ...(kinds?.length ? { kinds } : {}),
    ...(f.text?.trim() ? { text: f.text } : {}),
    ...(f.sources?.length ? { sources: f.sources } : {}),
    ...(ids ? { ids } : {})
  }
}

// Zones a segment's events were read in; segments are immutable, so each is scanned once.
const segmentZones = new WeakMap<Segment, readonly string[]>()

function zonesOf(seg: Segment): readonly string[] {
  let z = segmentZones.get(seg)
  if (!z) {
    const seen = new Uint8Array(seg.dict.length)
    const zone = seg.zone
    for (let i = 0; i < seg.count; i++) seen[zone[i]!] = 1
    const out: string[] = []
    seen.forEach((v, code) => {
      if (v && seg.dict[code]) out.push(seg.dict[code])
    })
    segmentZones.set(seg, (z = out))
  }
  return z
}

export interface LaneAnalyst {
  readonly event: AnalystEvent
  readonly laneA: number
  readonly laneB: number
}

export interface TimelineData {
  readonly slice: TimelineSlice | null
  /** Analyst events passing the filter, in time order, with their lanes. */
  readonly analyst: readonly LaneAnalyst[]
  /** Every analyst event of the case (for tag suggestions and the table). */
  readonly lanes: readonly Lane[]
  /** The store filter (null: only analyst events match). */
  readonly eventFilter: EventFilter | null
  /** Matching stored events, undated included (what the table lists), plus analyst events. */
  readonly total: number
  readonly marks: readonly EventMark[]
  /** Tags in use on events and analyst events, for the tag filter. */
  readonly tags: readonly string[]
  /** Zones the case's events were read in (for the zone picker). */
  readonly sourceZones: readonly string[]
  readonly loading: boolean
  /** The request this result answers. */
  readonly key: string
  /** Bumped each time a new result arrives (the table and chart reset on it). */
  readonly generation: number
}

const EMPTY: TimelineData = { slice: null, analyst: [], lanes: [], eventFilter: null, total: 0, marks: [], tags: [], sourceZones: [], loading: true, key: '', generation: 0 }

/** Human label for a lane key: the number, with a subscriber's name when the statistics know one. */
export type EntityLabeler = (key: string) => string

export function useTimelineData(db: WorkspaceDb, caseId: string, view: TimelineView, version: number, marksVersion: number, report: (p: StorageProblem) => void, label: EntityLabeler = entityValue): TimelineData {
  const [data, setData] = useState<TimelineData>(EMPTY)
  const filterKey = JSON.stringify([view.filter, view.lanes, view.laneKeys])
  const { filter, lanes: laneMode, laneKeys } = useMemo(() => view, [filterKey]) // eslint-disable-line react-hooks/exhaustive-deps

  const requestKey = JSON.stringify([caseId, filterKey, version, marksVersion])
  // A layout effect, so a new filter's data is asked for as the view commits, not after the browser has painted the
  // view that still shows the old data (a passive effect of an update from the URL waits for that paint).
  useLayoutEffect(() => {
    let live = true
    // Marks for the timeline benchmark (and any profile): when a view's data was asked for, read, sliced and handed over.
    performance.mark('timeline:request')
    void (async () => {
      const { events, analyst } = timelineServices(db)
      // The segments a filter needs depend only on its entities, not on the marks (unless it asks for starred or
      // tagged events): read them while the marks and the analyst's events are read, not after.
      const usesMarks = filter.starred === true || (filter.tags?.length ?? 0) > 0
      const segmentsFor = (entities: readonly string[] | undefined) => events.segments(caseId, entities?.length ? { entities } : {})
      const [marksR, analystR, early] = await Promise.all([events.getMarks(caseId), analyst.list(caseId), usesMarks ? null : segmentsFor(filter.entities)])
      performance.mark('timeline:read')
      if (!marksR.ok) return live && report(marksR.problem)
      const marks = marksR.value
      if (!analystR.ok) return live && report(analystR.problem)
      const ef = eventFilterOf(filter, marks)

      let keys = laneKeys.length ? laneKeys : (filter.entities ?? [])
      if (laneMode === 'entities' && keys.length === 0) {
        // No lanes picked yet: the busiest phones, so the view is never empty.
        const top = await events.entityStats(caseId, { prefix: 'phone:', limit: 5 })
        if (top.ok) keys = top.value.entities.map((e) => e.key)
      }
      const entityLanes = laneMode === 'entities' ? lanesFor('entities', keys, label) : lanesFor('types', [])

      let slice: TimelineSlice | null = null
      let total = 0
      const zones = new Set<string>()
      if (ef) {
        const segs = early ?? (await segmentsFor(ef.entities))
        if (!segs.ok) return live && report(segs.problem)
        slice = sliceEvents(segs.value, ef, laneMode === 'entities' ? { mode: 'entities', keys: entityLanes.map((l) => l.id) } : { mode: 'types' })
        performance.mark('timeline:sliced')
        for (const s of segs.value) for (const z of zonesOf(s.segment)) zones.add(z)
        if (laneMode === 'types') {
          // Every kind has a type lane, so the slice holds every dated match: no second pass to count.
          total = slice.count + slice.undated
        } else {
          const count = await events.countEvents(caseId, ef)
          if (!count.ok) return live && report(count.problem)
          total = count.value
        }
      }

      const matching = analystR.value.filter((e) => analystEventMatches(e, filter))
      const laneIndex = new Map(entityLanes.map((l, i) => [l.id, i]))
      let lanes = entityLanes
      const analystLane = laneMode === 'types' ? entityLanes.findIndex((l) => l.id === ANALYST_LANE.id) : -1
      let placed: LaneAnalyst[] = matching.map((event) => {
        if (laneMode === 'types') return { event, laneA: analystLane, laneB: -1 }
        const hits = [...new Set(event.parties.map((p) => laneIndex.get(p)).filter((x): x is number => x !== undefined))]
        return { event, laneA: hits[0] ?? -1, laneB: hits[1] ?? -1 }
      })
      if (laneMode === 'entities' && placed.some((p) => p.laneA < 0)) {
        // Analyst events about none of the lanes' entities still belong on the chart: in a lane of their own.
        lanes = [...entityLanes, ANALYST_LANE]
        placed = placed.map((p) => (p.laneA < 0 ? { ...p, laneA: lanes.length - 1 } : p))
      }
      const tags = new Set<string>()
      for (const m of marks) for (const t of m.tags) tags.add(t)
      for (const e of analystR.value) for (const t of e.tags) tags.add(t)
      zones.delete('')
      if (!live) return
      performance.mark('timeline:data')
      setData((d) => ({
        slice,
        analyst: placed,
        lanes,
        eventFilter: ef,
        total: total + placed.length,
        marks,
        tags: [...tags].sort(),
        sourceZones: [...zones].sort(),
        loading: false,
        key: requestKey,
        generation: d.generation + 1
      }))
    })()
    return () => {
      live = false
    }
  }, [db, caseId, filter, laneMode, laneKeys, version, marksVersion, report, label, requestKey])

  return data.key === requestKey ? data : { ...data, loading: true }
}
