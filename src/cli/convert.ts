// `waymark convert FILE... --out OUT`: normalised records with provenance as Waymark JSONL, Timesketch JSONL/CSV or FtM JSONL.
import { closeSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { basename, extname } from 'node:path'
import { waymarkJsonlHeader } from '../core/export/jsonl'
import { timesketchCsvHeader } from '../core/export/timesketch'
import { templateFromMapping } from '../core/mapping/templates'
import { flag, parseArgs, UsageError } from './args'
import { COMMON_FLAGS, commonOptions, importOptions, type CliIo } from './common'
import { issueCountsLine, rejectedLine, summaryLine, valueKindLines } from './format'
import { createRecordLines, issueJsonLine, LineWriter, rejectedJsonLine, type Format } from './emit'
import { isStreamableText } from './input'
import { PARALLEL_MIN_BYTES, PartRunner } from './parallel'
import { importFile, type FileImportResult } from './pipeline'
import { createFileTemplateStore } from './templateFile'

export const CONVERT_USAGE = `waymark convert FILE... --out OUT [--format waymark|timesketch|ftm] [--mapping M.json]
                [--tz ZONE] [--country CC] [--date-format COL=dmy|mdy] [--sheet NAME]
                [--save-template NAME] [--templates FILE] [--encoding LABEL] [--delimiter C] [--threads 1|2]
  Writes every record with its provenance (file SHA-256, sheet, row). OUT.jsonl for Waymark and FtM;
  Timesketch as JSONL, or CSV when OUT ends in .csv. Every row problem (and every rejected row with its
  values) goes to OUT.issues.jsonl; a summary goes to stderr. Large CSVs are streamed; from 16 MB up, a
  second thread converts the second half alongside the first (--threads 1 to use one; same output).`

export async function convertCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { ...COMMON_FLAGS, out: { value: true }, format: { value: true }, threads: { value: true } })
  if (args.positional.length === 0) throw new UsageError('convert needs at least one input file.')
  const out = flag(args, 'out')
  if (!out) throw new UsageError('convert needs --out OUT (e.g. --out records.jsonl).')
  const format = (flag(args, 'format') ?? 'waymark') as Format
  if (!['waymark', 'timesketch', 'ftm'].includes(format)) throw new UsageError(`--format must be waymark, timesketch or ftm, not "${format}".`)
  const csv = extname(out).toLowerCase() === '.csv'
  if (csv && format !== 'timesketch') throw new UsageError(`${format === 'ftm' ? 'FollowTheMoney' : 'Waymark'} output is JSON lines: name the output .jsonl (CSV is for --format timesketch).`)
  const threadsFlag = flag(args, 'threads')
  if (threadsFlag !== undefined && threadsFlag !== '1' && threadsFlag !== '2') throw new UsageError(`--threads must be 1 or 2, not "${threadsFlag}".`)
  const threads = threadsFlag !== undefined ? Number(threadsFlag) : availableParallelism() >= 2 ? 2 : 1
  const opts = await commonOptions(args)

  const tmp = `${out}.partial-${process.pid}`
  const issuesPath = `${out}.issues.jsonl`
  const issuesTmp = `${issuesPath}.partial-${process.pid}`
  // A big text file's second part is converted by a worker thread into files of its own, put after this thread's.
  const partTmp = `${out}.part2-${process.pid}`
  const partIssuesTmp = `${issuesPath}.part2-${process.pid}`
  const runner = new PartRunner()
  // The worker takes a moment to load its code: for a big text file it starts now, while the inputs are hashed.
  if (threads >= 2 && args.positional.some((p) => bigText(p))) runner.warm()
  let fd = -1
  let ifd = -1
  const results: FileImportResult[] = []
  let issueLines = 0
  let partWritten = 0
  let partNotExported = 0
  let finished = false
  let lines: ReturnType<typeof createRecordLines> | undefined
  try {
    fd = openSync(tmp, 'w')
    ifd = openSync(issuesTmp, 'w')
    const w = new LineWriter(fd)
    const iw = new LineWriter(ifd)
    if (format === 'waymark') w.line(waymarkJsonlHeader('waymark convert'))
    if (format === 'timesketch' && csv) w.line(timesketchCsvHeader())
    lines = createRecordLines(format, csv, w)
    const emit = lines.emit
    for (const path of args.positional) {
      const fileName = basename(path)
      const rejectedShown: string[] = []
      const result = await importFile(path, {
        ...importOptions(opts),
        onRecord: emit,
        onIssue: (i) => {
          iw.line(issueJsonLine(fileName, i))
          issueLines++
        },
        onRejected: (r) => {
          iw.line(rejectedJsonLine(fileName, r))
          issueLines++
          if (rejectedShown.length < 10) rejectedShown.push(rejectedLine(fileName, r))
        },
        parallel: threads < 2 ? undefined : {
          runner,
          sink: () => ({ kind: 'lines', format, csv, out: partTmp, issuesOut: partIssuesTmp }),
          joined: (part) => {
            w.flush()
            iw.flush()
            appendFile(fd, partTmp)
            appendFile(ifd, partIssuesTmp)
            partWritten += part.written
            partNotExported += part.notExported
            issueLines += part.issueLines
            for (const r of part.rejected) if (rejectedShown.length < 10) rejectedShown.push(rejectedLine(fileName, r))
          }
        }
      })
      results.push(result)
      for (const { sheet, outcome } of result.outcomes) {
        if (outcome.ok) {
          const s = outcome.summary
          iw.line(JSON.stringify({ type: 'summary', file: fileName, sha256: result.sha256, sheet, ...s }))
          io.err(`${fileName} [${sheet}]: ${s.read.toLocaleString('en')} rows as ${outcome.proposal.mapping.recordKind} records${result.threads === 2 ? ' (read in two parts at once)' : ''} — ${summaryLine(s)}\n`)
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
    finished = true
  } finally {
    if (fd >= 0) closeSync(fd)
    if (ifd >= 0) closeSync(ifd)
    await runner.close()
    rmSync(partTmp, { force: true })
    rmSync(partIssuesTmp, { force: true })
    // Nothing half-written is left behind when a file fails to read.
    if (!finished) {
      rmSync(tmp, { force: true })
      rmSync(issuesTmp, { force: true })
    }
  }
  const written = (lines?.written ?? 0) + partWritten
  const notExported = (lines?.notExported ?? 0) + partNotExported

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

/** Copies the file at `path` to the end of what was written to `fd`, a few MB at a time. */
function appendFile(fd: number, path: string): void {
  const src = openSync(path, 'r')
  try {
    const buf = Buffer.allocUnsafe(1 << 22)
    for (;;) {
      const n = readSync(src, buf, 0, buf.length, null)
      if (n === 0) break
      writeSync(fd, buf, 0, n)
    }
  } finally {
    closeSync(src)
  }
}

/** A text file the worker thread may read half of (see PARALLEL_MIN_BYTES); false for anything unreadable. */
function bigText(path: string): boolean {
  try {
    return statSync(path).size >= PARALLEL_MIN_BYTES && isStreamableText(path)
  } catch {
    return false
  }
}
