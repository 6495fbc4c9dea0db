// Named mapping templates saved by analysts, proposed again when a file's headers match. Kept in the meta table
// (key `template:<name>`): a template is small JSON and needs no index of its own.
import type { MappingTemplate } from '../core/mapping/templates'
import { appendAudit } from './audit'
import type { WorkspaceDb } from './db'

const PREFIX = 'template:'

export async function listTemplates(db: WorkspaceDb): Promise<MappingTemplate[]> {
  const rows = await db.meta.where('key').startsWith(PREFIX).toArray()
  return rows.map((r) => JSON.parse(r.value) as MappingTemplate).sort((a, b) => a.name.localeCompare(b.name))
}

/** Saves (or replaces) a template by name; audited, since a template decides how evidence is read. */
export async function saveTemplate(db: WorkspaceDb, template: MappingTemplate): Promise<void> {
  await db.transaction('rw', db.meta, db.audit, async () => {
    const existed = (await db.meta.get(PREFIX + template.name)) !== undefined
    await db.meta.put({ key: PREFIX + template.name, value: JSON.stringify(template) })
    await appendAudit(db, null, existed ? 'template.replaced' : 'template.saved', { name: template.name, recordKind: template.mapping.recordKind })
  })
}
