// Mapping templates for the CLI, kept in one JSON file (default ~/.waymark/templates.json, or --templates FILE).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import type { MappingTemplate, TemplateStore } from '../core/mapping/templates'
import { InputError } from './input'

export function defaultTemplatesPath(): string {
  return process.env.WAYMARK_TEMPLATES ?? join(homedir(), '.waymark', 'templates.json')
}

interface TemplateFile {
  readonly version: 1
  readonly templates: MappingTemplate[]
}

function load(path: string): MappingTemplate[] {
  if (!existsSync(path)) return []
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    throw new InputError(`${path} is not a valid templates file (it is not JSON). Fix or remove it.`)
  }
  const file = data as Partial<TemplateFile>
  if (!file || file.version !== 1 || !Array.isArray(file.templates)) throw new InputError(`${path} is not a Waymark templates file (expected {"version":1,"templates":[…]}).`)
  return file.templates
}

/** A TemplateStore over a JSON file, written atomically (temp file + rename) so a crash never leaves half a file. */
export function createFileTemplateStore(path: string): TemplateStore {
  const write = (templates: MappingTemplate[]): void => {
    mkdirSync(dirname(path), { recursive: true })
    const tmp = `${path}.tmp-${process.pid}`
    const file: TemplateFile = { version: 1, templates }
    writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`)
    renameSync(tmp, path)
  }
  return {
    async list() {
      return load(path)
    },
    async save(template) {
      const all = load(path).filter((t) => t.name !== template.name)
      all.push(template)
      write(all)
    },
    async remove(name) {
      const all = load(path)
      const kept = all.filter((t) => t.name !== name)
      if (kept.length === all.length) return false
      write(kept)
      return true
    }
  }
}
