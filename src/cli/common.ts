// Options shared by `waymark inspect` and `waymark convert`: zone, country, date formats, sheets, mapping and templates.
import { existsSync, readFileSync } from 'node:fs'
import { MAPPING_VERSION, type Mapping } from '../core/model/mapping'
import { isValidZone } from '../core/mapping/zones'
import { isSupportedPhoneCountry } from '../core/mapping/phones'
import type { MappingTemplate } from '../core/mapping/templates'
import { UsageError, flag, flagList, parseDateFormats, type FlagSpec, type ParsedArgs } from './args'
import { InputError } from './input'
import { createFileTemplateStore, defaultTemplatesPath } from './templateFile'
import type { FileImportOptions } from './pipeline'

/** Where the CLI writes; tests pass their own to capture output without spawning a process. */
export interface CliIo {
  out(text: string): void
  err(text: string): void
}

export const COMMON_FLAGS: Readonly<Record<string, FlagSpec>> = {
  tz: { value: true },
  country: { value: true },
  'date-format': { value: true, repeat: true },
  sheet: { value: true, repeat: true },
  mapping: { value: true },
  encoding: { value: true },
  delimiter: { value: true },
  templates: { value: true },
  'save-template': { value: true },
  help: { value: false }
}

export interface CommonOptions {
  readonly zone?: string
  readonly country?: string
  readonly dateOrders: Record<string, 'dmy' | 'mdy'>
  readonly sheets: string[]
  readonly mapping?: Mapping
  readonly encoding?: string
  readonly delimiter?: string
  readonly templatesPath: string
  readonly templates: readonly MappingTemplate[]
  readonly saveTemplate?: string
}

function readMapping(path: string): Mapping {
  if (!existsSync(path)) throw new InputError(`Mapping file ${path} does not exist.`)
  let data: unknown
  try {
    data = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    throw new InputError(`Mapping file ${path} is not valid JSON.`)
  }
  // A saved template is accepted too: its mapping is what matters.
  const m = (data && typeof data === 'object' && 'mapping' in data ? (data as { mapping: unknown }).mapping : data) as Partial<Mapping> | null
  if (!m || typeof m !== 'object' || m.version !== MAPPING_VERSION || !Array.isArray(m.columns) || typeof m.recordKind !== 'string') {
    throw new InputError(`Mapping file ${path} is not a Waymark mapping (expected {"version":${MAPPING_VERSION},"recordKind":…,"columns":[…]}; write one with: waymark inspect FILE --write-mapping ${path}).`)
  }
  return { dateFormats: [], zone: '', defaultCountry: '', headerRow: 1, sheet: '', ...m } as Mapping
}

export async function commonOptions(args: ParsedArgs): Promise<CommonOptions> {
  const zone = flag(args, 'tz')
  if (zone !== undefined && !isValidZone(zone)) throw new UsageError(`--tz "${zone}" is not an IANA time zone name (e.g. Asia/Bangkok, Asia/Phnom_Penh, Asia/Yangon, Asia/Dhaka).`)
  const countryRaw = flag(args, 'country')
  const country = countryRaw?.toUpperCase()
  if (country !== undefined && (!/^[A-Z]{2}$/.test(country) || !isSupportedPhoneCountry(country))) throw new UsageError(`--country "${countryRaw}" is not an ISO 3166-1 two-letter country code (e.g. TH, KH, MM, BD).`)
  const dateOrders = parseDateFormats(flagList(args, 'date-format'))
  const mappingPath = flag(args, 'mapping')
  const templatesPath = flag(args, 'templates') ?? defaultTemplatesPath()
  const templates = await createFileTemplateStore(templatesPath).list()
  const encoding = flag(args, 'encoding')
  const delimiter = flag(args, 'delimiter')
  const saveTemplate = flag(args, 'save-template')
  return {
    ...(zone ? { zone } : {}),
    ...(country ? { country } : {}),
    dateOrders,
    sheets: flagList(args, 'sheet'),
    ...(mappingPath ? { mapping: readMapping(mappingPath) } : {}),
    ...(encoding ? { encoding } : {}),
    ...(delimiter ? { delimiter: delimiter === '\\t' || delimiter === 'tab' ? '\t' : delimiter } : {}),
    templatesPath,
    templates,
    ...(saveTemplate ? { saveTemplate } : {})
  }
}

export function importOptions(o: CommonOptions): Omit<FileImportOptions, 'onRecord' | 'onIssue' | 'onRejected'> {
  return {
    propose: {
      ...(o.zone ? { zone: o.zone } : {}),
      ...(o.country ? { country: o.country } : {}),
      dateOrders: o.dateOrders,
      templates: o.templates,
      ...(o.mapping ? { mapping: o.mapping } : {})
    },
    ...(o.sheets.length ? { sheets: o.sheets } : {}),
    ...(o.encoding ? { encoding: o.encoding } : {}),
    ...(o.delimiter ? { delimiter: o.delimiter } : {})
  }
}
