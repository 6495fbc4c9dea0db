// `waymark inspect FILE`: how Waymark reads a file — format, sheets, header, mapping, dates, zone, samples, issues.
import { writeFileSync } from 'node:fs'
import type { RowIssue } from '../core/model/mapping'
import type { WaymarkRecord } from '../core/model/records'
import { templateFromMapping } from '../core/mapping/templates'
import { flag, parseArgs, UsageError } from './args'
import { COMMON_FLAGS, commonOptions, importOptions, type CliIo } from './common'
import { dateLines, issueCountsLine, issueLine, mappingLines, recordLine, summaryLine, valueKindLines } from './format'
import { importFile } from './pipeline'
import { createFileTemplateStore } from './templateFile'

export const INSPECT_USAGE = `waymark inspect FILE [--json] [--sheet NAME] [--tz ZONE] [--country CC] [--date-format COL=dmy|mdy]
                [--mapping M.json] [--write-mapping M.json] [--save-template NAME] [--templates FILE]
                [--encoding LABEL] [--delimiter C]
  Shows how FILE would be imported: format, encoding, sheets, header row, the proposed mapping with
  confidences, date-format decisions, the time zone, five normalised sample records and an issue summary.`

const SAMPLES = 5
const SHOWN_ISSUES = 10

export async function inspectCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { ...COMMON_FLAGS, json: { value: false }, 'write-mapping': { value: true } })
  if (args.positional.length !== 1) throw new UsageError(args.positional.length ? 'inspect takes one file.' : 'inspect needs a file.')
  const path = args.positional[0]!
  const opts = await commonOptions(args)
  const samples = new Map<string, WaymarkRecord[]>()
  const issues = new Map<string, RowIssue[]>()
  const result = await importFile(path, {
    ...importOptions(opts),
    onRecord: (r) => {
      const list = samples.get(r.provenance.sheet) ?? []
      if (list.length < SAMPLES) list.push(r)
      samples.set(r.provenance.sheet, list)
    },
    onIssue: (i) => {
      const list = issues.get(i.sheet) ?? []
      if (list.length < SHOWN_ISSUES) list.push(i)
      issues.set(i.sheet, list)
    }
  })

  const blocked = result.outcomes.filter((o) => !o.outcome.ok)
  const writeMapping = flag(args, 'write-mapping')
  const first = result.outcomes[0]?.outcome.proposal
  if (writeMapping && first) writeFileSync(writeMapping, `${JSON.stringify(first.mapping, null, 2)}\n`)
  if (opts.saveTemplate && first && result.outcomes[0]?.outcome.ok) {
    const names = first.header.names
    await createFileTemplateStore(opts.templatesPath).save(templateFromMapping(opts.saveTemplate, first.mapping, names, { savedAt: new Date().toISOString() }))
  }

  if (flag(args, 'json')) {
    const json = {
      file: result.fileName,
      path: result.path,
      size: result.size,
      sha256: result.sha256,
      format: result.format,
      encoding: result.encoding,
      delimiter: result.delimiter,
      streamed: result.streamed,
      sheets: result.sheets,
      skippedSheets: result.skippedSheets,
      readWarnings: result.readWarnings,
      results: result.outcomes.map(({ sheet, outcome }) => {
        const p = outcome.proposal
        return {
          sheet,
          ok: outcome.ok,
          headerRow: p?.mapping.headerRow ?? null,
          headerReason: p?.header.reason ?? null,
          recordKind: p?.mapping.recordKind ?? null,
          kindScores: p?.kindScores ?? [],
          template: p?.template ? { name: p.template.template.name, score: p.template.score, reason: p.template.reason } : null,
          mapping: p?.mapping ?? null,
          notices: p?.notices ?? [],
          problems: outcome.ok ? [] : outcome.problems,
          samples: samples.get(sheet) ?? [],
          summary: outcome.ok ? outcome.summary : null,
          firstIssues: issues.get(sheet) ?? []
        }
      })
    }
    io.out(`${JSON.stringify(json, null, 2)}\n`)
  } else {
    const lines: string[] = []
    lines.push(`File: ${result.fileName} (${result.size.toLocaleString('en')} bytes)`)
    lines.push(`SHA-256: ${result.sha256}`)
    lines.push(`Format: ${result.format}${result.encoding ? `, encoding ${result.encoding}` : ''}${result.delimiter ? `, delimiter ${JSON.stringify(result.delimiter)}` : ''}${result.streamed ? ' (streamed)' : ''}`)
    lines.push(`Sheets: ${result.sheets.map((s) => `"${s.name}" (${s.rows.toLocaleString('en')} rows${s.hidden ? ', hidden' : ''})`).join(', ')}`)
    if (result.skippedSheets.length) lines.push(`Not inspected (pass --sheet NAME or --sheet '*'): ${result.skippedSheets.map((s) => `"${s}"`).join(', ')}`)
    for (const w of result.readWarnings.slice(0, 10)) lines.push(`Read warning: ${w.message}`)
    for (const { sheet, outcome } of result.outcomes) {
      const p = outcome.proposal
      lines.push('')
      lines.push(`== Sheet "${sheet}"`)
      if (!p) {
        lines.push('  (nothing to propose)')
      } else {
        lines.push(`Header row: ${p.mapping.headerRow === 0 ? 'none (columns mapped by content)' : p.mapping.headerRow} — ${p.header.reason}`)
        const scores = p.kindScores.length ? ` (scores: ${p.kindScores.slice(0, 3).map((k) => `${k.kind} ${k.score.toFixed(1)}`).join(', ')})` : ''
        lines.push(`Record kind: ${p.mapping.recordKind}${p.template ? ` from template "${p.template.template.name}"` : ''}${scores}`)
        lines.push('Mapping (column → field [confidence]: reason):')
        lines.push(...mappingLines(p.mapping))
        lines.push('Date formats:')
        lines.push(...(p.mapping.dateFormats.length ? dateLines(p.mapping) : ['  (no date columns)']))
        lines.push(`Time zone: ${p.mapping.zone}${p.mapping.defaultCountry ? `; country ${p.mapping.defaultCountry}` : ''}`)
        for (const n of p.notices) lines.push(`Notice: ${n}`)
      }
      if (!outcome.ok) {
        for (const prob of outcome.problems) lines.push(`PROBLEM: ${result.fileName} [${sheet}]: ${prob.message}`)
        continue
      }
      lines.push(`Sample records (${Math.min(SAMPLES, samples.get(sheet)?.length ?? 0)}):`)
      for (const r of samples.get(sheet) ?? []) lines.push(`  ${recordLine(r)}`)
      lines.push(`Rows: ${summaryLine(outcome.summary)}`)
      lines.push(`Issues: ${issueCountsLine(outcome.summary)}`)
      for (const v of valueKindLines(outcome.summary)) lines.push(`Party values: ${v}`)
      for (const i of issues.get(sheet) ?? []) lines.push(`  ${issueLine(result.fileName, i)}`)
    }
    io.out(`${lines.join('\n')}\n`)
  }
  if (blocked.length) {
    for (const { sheet, outcome } of blocked) if (!outcome.ok) for (const prob of outcome.problems) io.err(`${result.fileName} [${sheet}]: ${prob.message}\n`)
    return 2
  }
  return 0
}
