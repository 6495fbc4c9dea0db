// Reads the mapping a source was imported with back from its stored JSON, refusing shapes this version did not write.
import type { Mapping } from '../../../../core/model/mapping'
import type { SourceInfo } from '../../../../workspace'

/** A stored mapping has this shape when this version of Waymark wrote it; anything else is shown as unreadable. */
function isMapping(m: unknown): m is Mapping {
  if (typeof m !== 'object' || m === null) return false
  const x = m as Partial<Mapping>
  return typeof x.sheet === 'string' && typeof x.recordKind === 'string' && Array.isArray(x.columns) && Array.isArray(x.dateFormats)
}

/** The source's mappings, per sheet; null when its stored mapping cannot be read (damaged, or from another tool). */
export function mappingsOf(s: Pick<SourceInfo, 'mappingJson'>): Mapping[] | null {
  try {
    const parsed = JSON.parse(s.mappingJson) as unknown
    const list = Array.isArray(parsed) ? (parsed as unknown[]) : [parsed]
    return list.every(isMapping) ? list : null
  } catch {
    return null
  }
}
