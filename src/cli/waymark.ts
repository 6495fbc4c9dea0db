// The `waymark` command line: inspect and convert CDRs and partner-agency spreadsheets offline. Exit 0 ok, 1 usage, 2 input.
import { UsageError } from './args'
import type { CliIo } from './common'
import { CONVERT_USAGE, convertCommand } from './convert'
import { INSPECT_USAGE, inspectCommand } from './inspect'
import { InputError } from './input'
import type { PartRunner } from './parallel'

export const USAGE = `Usage:
  ${INSPECT_USAGE}

  ${CONVERT_USAGE}

Options:
  --tz ZONE              IANA zone the source's times are in (default: the operator's country's zone)
  --country CC           ISO country of the operator/agency (national numbers, default zone)
  --date-format COL=ORD  day/month order for a column whose dates fit both (COL = field or header; dmy|mdy)
  --sheet NAME           sheet of a workbook (repeatable; '*' for all sheets with data)
  --mapping M.json       apply a saved mapping instead of proposing one
  --templates FILE       mapping templates file (default ~/.waymark/templates.json)
  --save-template NAME   save the mapping used as a named template
Exit codes: 0 success, 1 usage error, 2 input error (the message names the file and row).
`

const processIo: CliIo = {
  out: (text) => {
    process.stdout.write(text)
  },
  err: (text) => {
    process.stderr.write(text)
  }
}

/** Runs the CLI and returns the exit code (bin/waymark.mjs sets process.exitCode from it). Tests may pass the worker thread. */
export async function main(argv: string[], io: CliIo = processIo, runner?: PartRunner): Promise<number> {
  const [command, ...rest] = argv
  try {
    if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
      io.out(USAGE)
      return command === undefined ? 1 : 0
    }
    if (rest.includes('--help')) {
      io.out(`${command === 'inspect' ? INSPECT_USAGE : command === 'convert' ? CONVERT_USAGE : USAGE}\n`)
      return 0
    }
    if (command === 'inspect') return await inspectCommand(rest, io)
    if (command === 'convert') return await convertCommand(rest, io, runner)
    throw new UsageError(`Unknown command "${command}".`)
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`waymark: ${e.message}\n\n${USAGE}`)
      return 1
    }
    if (e instanceof InputError) {
      io.err(`waymark: ${e.message}\n`)
      return 2
    }
    throw e
  }
}
