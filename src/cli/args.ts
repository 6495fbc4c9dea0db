// Command-line argument parsing for `waymark`: flags with values, repeatable flags and positional files.

export class UsageError extends Error {}

export interface FlagSpec {
  /** Takes a value (`--tz Asia/Bangkok` or `--tz=Asia/Bangkok`). */
  readonly value: boolean
  /** May be given several times; values are collected in order. */
  readonly repeat?: boolean
}

export interface ParsedArgs {
  readonly positional: readonly string[]
  readonly flags: ReadonlyMap<string, readonly string[]>
}

/** Parses argv against the flags a command accepts; unknown flags and missing values are usage errors. */
export function parseArgs(argv: readonly string[], spec: Readonly<Record<string, FlagSpec>>): ParsedArgs {
  const positional: string[] = []
  const flags = new Map<string, string[]>()
  let onlyPositional = false
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (onlyPositional || !arg.startsWith('--') || arg === '--') {
      if (arg === '--' && !onlyPositional) {
        onlyPositional = true
        continue
      }
      positional.push(arg)
      continue
    }
    const eq = arg.indexOf('=')
    const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2)
    const s = spec[name]
    if (!s) throw new UsageError(`Unknown option --${name}.`)
    let value = 'true'
    if (s.value) {
      if (eq > 0) value = arg.slice(eq + 1)
      else {
        const next = argv[i + 1]
        if (next === undefined || next.startsWith('--')) throw new UsageError(`Option --${name} needs a value.`)
        value = next
        i++
      }
    } else if (eq > 0) {
      throw new UsageError(`Option --${name} takes no value.`)
    }
    const list = flags.get(name) ?? []
    if (list.length > 0 && !s.repeat) throw new UsageError(`Option --${name} was given twice.`)
    list.push(value)
    flags.set(name, list)
  }
  return { positional, flags }
}

export function flag(args: ParsedArgs, name: string): string | undefined {
  return args.flags.get(name)?.[0]
}

export function flagList(args: ParsedArgs, name: string): string[] {
  return [...(args.flags.get(name) ?? [])]
}

export function hasFlag(args: ParsedArgs, name: string): boolean {
  return args.flags.has(name)
}

/** `--date-format start=dmy` (repeatable, or comma-separated) → `{ start: 'dmy' }`. */
export function parseDateFormats(values: readonly string[]): Record<string, 'dmy' | 'mdy'> {
  const out: Record<string, 'dmy' | 'mdy'> = {}
  for (const v of values) {
    for (const part of v.split(',')) {
      const m = /^\s*(.+?)\s*=\s*(dmy|mdy)\s*$/i.exec(part)
      if (!m) throw new UsageError(`--date-format wants COLUMN=dmy or COLUMN=mdy (e.g. --date-format start=dmy), not "${part}".`)
      out[m[1]!] = m[2]!.toLowerCase() as 'dmy' | 'mdy'
    }
  }
  return out
}
