// The case's committed sources as React state, for the Sources tab and the screens that cite sources (entity exports).
import { useEffect, useState } from 'react'
import { listSources, type SourceInfo } from '../../../../workspace'
import { useApp } from '../../app/context'

/** The case's committed sources, reloaded when `version` changes; null until the first read answers. */
export function useSources(caseId: string, version: number): readonly SourceInfo[] | null {
  const { db, report } = useApp()
  const [sources, setSources] = useState<readonly SourceInfo[] | null>(null)
  useEffect(() => {
    let live = true
    void listSources(db, caseId).then((r) => {
      if (!live) return
      if (r.ok) setSources(r.value.filter((s) => s.status === 'committed'))
      else report(r.problem)
    })
    return () => {
      live = false
    }
  }, [db, caseId, version, report])
  return sources
}
