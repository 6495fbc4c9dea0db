// Entity tables, entity pages and call-record analysis of a case. The screen's state lives in the URL: `type` and
// `q` for the table, `entity` for an entity's page, `analysis` (common | matrix | replacement) with `keys`, `zone`.
import { useMemo } from 'react'
import type { SourceInfo } from '../../../../workspace'
import { DEFAULT_VIEW, viewToParams } from '../../../../core/analysis/timelineFilter'
import type { CaseTab, RouteParams } from '../../app/route'
import { AnalysisView, type AnalysisKind } from './AnalysisView'
import { EntityPage } from './EntityPage'
import { EntityTable } from './EntityTable'
import { displayZone } from './entityFormat'
import { typeInfo } from './entityTypes'
import { useSources } from '../sources/useSources'
import { sourceZones, ZonePicker, zoneChoices } from './parts'
import './entities.css'

export interface EntitiesViewProps {
  readonly caseId: string
  readonly caseName: string
  readonly caseNumber: string
  /** Bumped when the case's contents change. */
  readonly version: number
  readonly params: RouteParams
  readonly onParams: (params: RouteParams) => void
  readonly onTab: (tab: CaseTab, params?: RouteParams) => void
  /** Tell the case screen that something it counts changed (an analyst event added). */
  readonly onChanged: () => void
}

/** A JSON list of keys from the URL; anything malformed is no list. */
export function keysParam(text: string | undefined): string[] {
  if (!text) return []
  try {
    const v: unknown = JSON.parse(text)
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.includes(':')) : []
  } catch {
    return []
  }
}

const ANALYSES: readonly AnalysisKind[] = ['common', 'matrix', 'replacement']

/** Until the case's sources are read: one array, so what is memoised on the sources is not redone each render. */
const NO_SOURCES: readonly SourceInfo[] = []

export function EntitiesView(props: EntitiesViewProps) {
  const { caseId, params, onParams, onTab } = props
  const sources = useSources(caseId, props.version) ?? NO_SOURCES
  const zones = useMemo(() => zoneChoices(sourceZones(sources)), [sources])
  const zone = displayZone(params.zone)
  const type = typeInfo(params.type ?? 'phone').id
  const set = (patch: Record<string, string | undefined>) => {
    const next: Record<string, string> = { ...params }
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined || v === '') delete next[k]
      else next[k] = v
    }
    onParams(next)
  }
  const zonePicker = <ZonePicker zone={zone} zones={zones} onZone={(z) => set({ zone: z })} />
  const toTimeline = (keys: readonly string[]) => onTab('timeline', viewToParams({ ...DEFAULT_VIEW, filter: { entities: [...keys] }, lanes: 'entities', laneKeys: [...keys], zone }))
  const back = () => set({ entity: undefined, analysis: undefined, keys: undefined })
  const open = (key: string) => set({ entity: key, analysis: undefined, keys: undefined })
  const analysis = (kind: AnalysisKind, keys: readonly string[]) => set({ analysis: kind, keys: keys.length ? JSON.stringify(keys) : undefined, entity: undefined })
  const common = { caseId, caseName: props.caseName, caseNumber: props.caseNumber, version: props.version, zone, sources, zonePicker }

  if (params.entity) {
    return <EntityPage {...common} entityKey={params.entity} onBack={back} onOpen={open} onTimeline={toTimeline} onAnalysis={analysis} onChanged={props.onChanged} />
  }
  const kind = ANALYSES.find((a) => a === params.analysis)
  if (kind) {
    return <AnalysisView {...common} kind={kind} keys={keysParam(params.keys)} onBack={back} onOpen={open} onTimeline={toTimeline} onAnalysis={analysis} />
  }
  return (
    <EntityTable
      {...common}
      type={type}
      typeChosen={params.type !== undefined}
      query={params.q ?? ''}
      onType={(t) => set({ type: t, q: undefined })}
      onQuery={(q) => set({ q })}
      onOpen={open}
      onTimeline={toTimeline}
      onAnalysis={analysis}
      onChanged={props.onChanged}
    />
  )
}
