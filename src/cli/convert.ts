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
import { importFiles, type FileImportResult } from './pipeline'
import type { WaymarkRecord } from '../core/model/records'
import { createFileTemplateStore } from './templateFile'

export const CONVERT_USAGE = `waymark convert FILE... --out OUT [--format waymark|timesketch|ftm] [--mapping M.json]
                [--tz ZONE] [--country CC] [--date-format COL=dmy|mdy] [--sheet NAME]
                [--save-template NAME] [--templates FILE] [--encoding LABEL] [--delimiter C] [--threads 1|2]
  Writes every record with its provenance (file SHA-256, sheet, row). OUT.jsonl for Waymark and FtM;
  Timesketch as JSONL, or CSV when OUT ends in .csv. Every row problem (and every rejected row with its
  values) goes to OUT.issues.jsonl; a summary goes to stderr. Large CSVs are streamed; from 16 MB up, a
  second thread converts the second half alongside the first (--threads 1 to use one; same output).`

/** `runner`: the worker thread to use (tests pass one already loaded); by default one is started and ended here. */
export async function convertCommand(argv: readonly string[], io: CliIo, given?: PartRunner): Promise<number> {
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
  const runner = given ?? new PartRunner()
  // The worker takes a moment to load its code: it starts now, while the first file is hashed and read here.
  if (threads >= 2 && (args.positional.length > 1 || args.positional.some((p) => bigText(p)))) runner.warm()
  let fd = -1
  let ifd = -1
  const results: FileImportResult[] = []
  let issueLines = 0
  // Records written by the worker, or through a file's own temporary files, beside this thread's straight ones.
  let movedWritten = 0
  let movedNotExported = 0
  let finished = false
  let lines: ReturnType<typeof createRecordLines> | undefined
  // A file finished out of order (or by the worker) waits in files of its own until the files before it are out.
  const fileTmp = (i: number): { out: string; issues: string } => ({ out: `${out}.file${i}-${process.pid}`, issues: `${issuesPath}.file${i}-${process.pid}` })
  interface Waiting {
    readonly fd: number
    readonly ifd: number
    readonly w: LineWriter
    readonly iw: LineWriter
    readonly lines: ReturnType<typeof createRecordLines>
  }
  const waiting = new Map<number, Waiting>()
  const shown = args.positional.map((): string[] => [])
  try {
    fd = openSync(tmp, 'w')
    ifd = openSync(issuesTmp, 'w')
    const w = new LineWriter(fd)
    const iw = new LineWriter(ifd)
    if (format === 'waymark') w.line(waymarkJsonlHeader('waymark convert'))
    if (format === 'timesketch' && csv) w.line(timesketchCsvHeader())
    const straight = createRecordLines(format, csv, w)
    lines = straight
    /** Appends a file's waiting lines (and issues) to the output. */
    const moveIn = (outPath: string, issuesPathTmp: string): void => {
      w.flush()
      iw.flush()
      appendFile(fd, outPath)
      appendFile(ifd, issuesPathTmp)
      rmSync(outPath, { force: true })
      rmSync(issuesPathTmp, { force: true })
    }
    await importFiles(args.positional, {
      runner: threads >= 2 ? runner : null,
      job: importOptions(opts),
      sink: (i) => ({ kind: 'lines', format, csv, out: fileTmp(i).out, issuesOut: fileTmp(i).issues }),
      here: (i, inOrder, canCut) => {
        const fileName = basename(args.positional[i]!)
        let target: { fd: number; ifd: number; w: LineWriter; iw: LineWriter; emit: (r: WaymarkRecord) => void } = { fd, ifd, w, iw, emit: straight.emit }
        if (!inOrder) {
          const t = fileTmp(i)
          const tfd = openSync(t.out, 'w')
          const tifd = openSync(t.issues, 'w')
          const tw = new LineWriter(tfd)
          const tl = createRecordLines(format, csv, tw)
          const entry: Waiting = { fd: tfd, ifd: tifd, w: tw, iw: new LineWriter(tifd), lines: tl }
          waiting.set(i, entry)
          target = { fd: tfd, ifd: tifd, w: tw, iw: entry.iw, emit: tl.emit }
        }
        const into = target
        return {
          ...importOptions(opts),
          onRecord: into.emit,
          onIssue: (issue) => {
            into.iw.line(issueJsonLine(fileName, issue))
            issueLines++
          },
          onRejected: (r) => {
            into.iw.line(rejectedJsonLine(fileName, r))
            issueLines++
            if (shown[i]!.length < 10) shown[i]!.push(rejectedLine(fileName, r))
          },
          ...(canCut
            ? {
                parallel: {
                  runner,
                  sink: { kind: 'lines' as const, format, csv, out: partTmp, issuesOut: partIssuesTmp },
                  joined: (part) => {
                    into.w.flush()
                    into.iw.flush()
                    appendFile(into.fd, partTmp)
                    appendFile(into.ifd, partIssuesTmp)
                    movedWritten += part.written
                    movedNotExported += part.notExported
                    issueLines += part.issueLines
                    for (const r of part.rejected) if (shown[i]!.length < 10) shown[i]!.push(rejectedLine(fileName, r))
                  }
                }
              }
            : {})
        }
      },
      finished: ({ index, path, result, worker }) => {
        const fileName = basename(path)
        if (worker) {
          moveIn(fileTmp(index).out, fileTmp(index).issues)
          movedWritten += worker.written
          movedNotExported += worker.notExported
          issueLines += worker.issueLines
          for (const r of worker.rejected) if (shown[index]!.length < 10) shown[index]!.push(rejectedLine(fileName, r))
        }
        const t = waiting.get(index)
        if (t) {
          t.w.flush()
          t.iw.flush()
          closeSync(t.fd)
          closeSync(t.ifd)
          waiting.delete(index)
          moveIn(fileTmp(index).out, fileTmp(index).issues)
          movedWritten += t.lines.written
          movedNotExported += t.lines.notExported
        }
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
        for (const line of shown[index]!) io.err(`  ${line}\n`)
        if (result.skippedSheets.length) io.err(`  ${fileName}: sheets not converted (pass --sheet NAME or --sheet '*'): ${result.skippedSheets.map((s) => `"${s}"`).join(', ')}\n`)
      }
    })
    w.flush()
    iw.flush()
    finished = true
  } finally {
    if (fd >= 0) closeSync(fd)
    if (ifd >= 0) closeSync(ifd)
    for (const t of waiting.values()) {
      closeSync(t.fd)
      closeSync(t.ifd)
    }
    if (!given) await runner.close()
    rmSync(partTmp, { force: true })
    rmSync(partIssuesTmp, { force: true })
    for (let i = 0; i < args.positional.length; i++) {
      rmSync(fileTmp(i).out, { force: true })
      rmSync(fileTmp(i).issues, { force: true })
    }
    // Nothing half-written is left behind when a file fails to read.
    if (!finished) {
      rmSync(tmp, { force: true })
      rmSync(issuesTmp, { force: true })
    }
  }
  const written = (lines?.written ?? 0) + movedWritten
  const notExported = (lines?.notExported ?? 0) + movedNotExported

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
