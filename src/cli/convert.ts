// `waymark convert FILE... --out OUT`: normalised records with provenance as Waymark JSONL, Timesketch JSONL/CSV or FtM JSONL.
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, extname } from 'node:path'
import type { WaymarkRecord } from '../core/model/records'
import { recordToJsonLine, waymarkJsonlHeader } from '../core/export/jsonl'
import { timesketchCsvHeader, timesketchCsvLine, toTimesketchRow } from '../core/export/timesketch'
import { toFtmEntities } from '../core/export/ftm'
import { templateFromMapping } from '../core/mapping/templates'
import { flag, parseArgs, UsageError } from './args'
import { COMMON_FLAGS, commonOptions, importOptions, type CliIo } from './common'
import { issueCountsLine, rejectedLine, summaryLine, valueKindLines } from './format'
import { importFile, type FileImportResult } from './pipeline'
import { createFileTemplateStore } from './templateFile'

export const CONVERT_USAGE = `waymark convert FILE... --out OUT [--format waymark|timesketch|ftm] [--mapping M.json]
                [--tz ZONE] [--country CC] [--date-format COL=dmy|mdy] [--sheet NAME]
                [--save-template NAME] [--templates FILE] [--encoding LABEL] [--delimiter C]
  Writes every record with its provenance (file SHA-256, sheet, row). OUT.jsonl for Waymark and FtM;
  Timesketch as JSONL, or CSV when OUT ends in .csv. Every row problem (and every rejected row with its
  values) goes to OUT.issues.jsonl; a summary goes to stderr. Large CSVs are streamed.`

type Format = 'waymark' | 'timesketch' | 'ftm'

/** Buffered, synchronous writes to a file descriptor (a few MB at a time). */
class LineWriter {
  private parts: string[] = []
  private size = 0
  constructor(private readonly fd: number) {}
  line(s: string): void {
    this.parts.push(s, '\n')
    this.size += s.length + 1
    if (this.size >= 1 << 22) this.flush()
  }
  flush(): void {
    if (!this.parts.length) return
    writeSync(this.fd, this.parts.join(''))
    this.parts = []
    this.size = 0
  }
}

export async function convertCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { ...COMMON_FLAGS, out: { value: true }, format: { value: true } })
  if (args.positional.length === 0) throw new UsageError('convert needs at least one input file.')
  const out = flag(args, 'out')
  if (!out) throw new UsageError('convert needs --out OUT (e.g. --out records.jsonl).')
  const format = (flag(args, 'format') ?? 'waymark') as Format
  if (!['waymark', 'timesketch', 'ftm'].includes(format)) throw new UsageError(`--format must be waymark, timesketch or ftm, not "${format}".`)
  const csv = extname(out).toLowerCase() === '.csv'
  if (csv && format !== 'timesketch') throw new UsageError(`${format === 'ftm' ? 'FollowTheMoney' : 'Waymark'} output is JSON lines: name the output .jsonl (CSV is for --format timesketch).`)
  const opts = await commonOptions(args)

  const tmp = `${out}.partial-${process.pid}`
  const issuesPath = `${out}.issues.jsonl`
  const issuesTmp = `${issuesPath}.partial-${process.pid}`
  let fd = -1
  let ifd = -1
  const results: FileImportResult[] = []
  let written = 0
  let notExported = 0
  let issueLines = 0
  try {
    fd = openSync(tmp, 'w')
    ifd = openSync(issuesTmp, 'w')
    const w = new LineWriter(fd)
    const iw = new LineWriter(ifd)
    if (format === 'waymark') w.line(waymarkJsonlHeader('waymark convert'))
    if (format === 'timesketch' && csv) w.line(timesketchCsvHeader())
    const emit = (r: WaymarkRecord): void => {
      if (format === 'waymark') {
        w.line(recordToJsonLine(r))
        written++
      } else if (format === 'timesketch') {
        const row = toTimesketchRow(r)
        if (!row) {
          notExported++
          return
        }
        w.line(csv ? timesketchCsvLine(row) : JSON.stringify(row))
        written++
      } else {
        const entities = toFtmEntities(r)
        if (!entities.length) notExported++
        for (const e of entities) w.line(JSON.stringify(e))
        if (entities.length) written++
      }
    }
    for (const path of args.positional) {
      const fileName = basename(path)
      const rejectedShown: string[] = []
      const result = importFile(path, {
        ...importOptions(opts),
        onRecord: emit,
        onIssue: (i) => {
          iw.line(JSON.stringify({ type: 'issue', file: fileName, ...i }))
          issueLines++
        },
        onRejected: (r) => {
          iw.line(JSON.stringify({ type: 'rejected', file: fileName, ...r }))
          issueLines++
          if (rejectedShown.length < 10) rejectedShown.push(rejectedLine(fileName, r))
        }
      })
      results.push(result)
      for (const { sheet, outcome } of result.outcomes) {
        if (outcome.ok) {
          const s = outcome.summary
          iw.line(JSON.stringify({ type: 'summary', file: fileName, sha256: result.sha256, sheet, ...s }))
          io.err(`${fileName} [${sheet}]: ${s.read.toLocaleString('en')} rows as ${outcome.proposal.mapping.recordKind} records — ${summaryLine(s)}\n`)
          if (Object.keys(s.issueCounts).length) io.err(`  issues: ${issueCountsLine(s)}\n`)
          for (const v of valueKindLines(s)) io.err(`  party values ${v}\n`)
          for (const n of outcome.proposal.notices) io.err(`  notice: ${n}\n`)
        }
      }
      for (const line of rejectedShown) io.err(`  ${line}\n`)
      if (result.skippedSheets.length) io.err(`  ${fileName}: sheets not converted (pass --sheet NAME or --sheet '*'): ${result.skippedSheets.map((s) => `"${s}"`).join(', ')}\n`)
    }
    w.flush()
    iw.flush()
  } finally {
    if (fd >= 0) closeSync(fd)
    if (ifd >= 0) closeSync(ifd)
  }

  const blocked = results.flatMap((r) => r.outcomes.filter((o) => !o.outcome.ok).map((o) => ({ file: r.fileName, ...o })))
  if (blocked.length) {
    rmSync(tmp, { force: true })
    rmSync(issuesTmp, { force: true })
    for (const b of blocked) {
      if (b.outcome.ok) continue
      for (const p of b.outcome.problems) io.err(`${b.file} [${b.sheet}]: ${p.message}\n`)
      if (!b.outcome.problems.length) io.err(`${b.file} [${b.sheet}]: nothing could be imported.\n`)
    }
    io.err(`Nothing was written to ${out}.\n`)
    return 2
  }
  renameSync(tmp, out)
  if (issueLines > 0) renameSync(issuesTmp, issuesPath)
  else {
    rmSync(issuesTmp, { force: true })
    rmSync(issuesPath, { force: true })
  }
  const totals = results.flatMap((r) => r.outcomes).reduce(
    (t, o) => (o.outcome.ok ? { read: t.read + o.outcome.summary.read, rejected: t.rejected + o.outcome.summary.rejected } : t),
    { read: 0, rejected: 0 }
  )
  io.err(`Wrote ${written.toLocaleString('en')} ${format === 'ftm' ? 'records as FtM entities' : 'records'} to ${out}.`)
  if (notExported) io.err(` ${notExported.toLocaleString('en')} records have no ${format === 'ftm' ? 'FtM schema (cell sites)' : 'time and are not on the timeline'}; they are in Waymark JSONL output.`)
  io.err('\n')
  if (totals.rejected) io.err(`${totals.rejected.toLocaleString('en')} of ${totals.read.toLocaleString('en')} rows were rejected; each is listed with its values in ${issuesPath}.\n`)
  else if (issueLines) io.err(`Row warnings are listed in ${issuesPath}.\n`)
  if (opts.saveTemplate) {
    const first = results[0]?.outcomes[0]?.outcome
    if (first?.ok) await createFileTemplateStore(opts.templatesPath).save(templateFromMapping(opts.saveTemplate, first.proposal.mapping, first.proposal.header.names, { savedAt: new Date().toISOString() }))
  }
  return 0
}

