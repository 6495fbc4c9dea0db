// Text the CLI prints: one-line records, import summaries, issues and rejected rows, in words an analyst reads.
import type { ImportSummary, Mapping, RejectedRow, RowIssue } from '../core/model/mapping'
import { RECORD_KINDS } from '../core/model/mapping'
import type { PhoneValue, TimeValue, WaymarkRecord } from '../core/model/records'
import { isoWithOffset } from '../core/export/timesketch'

const n = (x: number): string => x.toLocaleString('en')

function time(t: TimeValue | undefined): string {
  if (!t) return '(no time)'
  return `${isoWithOffset(t)} = ${new Date(t.utcMs).toISOString().replace('.000Z', 'Z')} (was '${t.original}')`
}

function party(p: PhoneValue | undefined): string {
  if (!p) return '?'
  return p.e164 ? (p.e164 === p.original ? p.e164 : `${p.e164} ('${p.original}')`) : `${p.original} [${p.kind}]`
}

/** One record on one line, with its originals, for `inspect`. */
export function recordLine(r: WaymarkRecord): string {
  const where = `row ${r.provenance.row}`
  const flags = r.flags?.length ? ` [${r.flags.join(', ')}]` : ''
  switch (r.kind) {
    case 'call': {
      const who = r.aParty || r.bParty ? `${party(r.aParty)} → ${party(r.bParty)}` : `target ${party(r.subscriber)} / other ${party(r.counterpart)}`
      const extra = [r.durationSeconds !== undefined ? `${r.durationSeconds} s` : '', r.cellId ? `cell ${r.cellId}` : '', r.cgi ? `CGI ${r.cgi}` : '', r.imei ? `IMEI ${r.imei}` : ''].filter(Boolean).join(', ')
      const what = [r.service !== 'unknown' ? r.service : 'call/SMS', r.direction !== 'unknown' ? r.direction : ''].filter(Boolean).join(' ')
      return `${where}: ${what} ${who}; start ${time(r.start)}${extra ? `; ${extra}` : ''}${flags}`
    }
    case 'cellSite':
      return `${where}: cell ${r.cellId}${r.siteName ? ` "${r.siteName}"` : ''}${r.latitude !== undefined ? ` at ${r.latitude}, ${r.longitude ?? '?'}` : ''}${flags}`
    case 'person':
      return `${where}: person ${r.name ?? '?'}${r.idNumbers?.length ? ` (${r.idNumbers.join(', ')})` : ''}${r.birthDate ? `, born ${time(r.birthDate)}` : ''}${flags}`
    case 'transfer':
      return `${where}: transfer ${r.payer ?? '?'} → ${r.beneficiary ?? '?'} ${r.amount?.original ?? ''} ${r.currency ?? ''}; ${time(r.time)}${flags}`
    case 'movement':
      return `${where}: ${r.person ?? r.document ?? '?'} ${r.direction ?? ''} at ${r.place ?? '?'}; ${time(r.time)}${flags}`
    case 'event':
      return `${where}: ${r.text}; ${time(r.time)}${flags}`
  }
}

export function summaryLine(s: ImportSummary): string {
  const parts = [`read ${n(s.read)}`, `ok ${n(s.ok)}`, `warned ${n(s.warned)}`, `rejected ${n(s.rejected)}`]
  if (s.blank) parts.push(`blank rows skipped ${n(s.blank)}`)
  return parts.join(' · ')
}

export function issueCountsLine(s: ImportSummary): string {
  const entries = Object.entries(s.issueCounts).sort((a, b) => b[1] - a[1])
  return entries.length ? entries.map(([code, c]) => `${code} ${n(c)}`).join(', ') : 'none'
}

/** Party columns whose values are not phone numbers: said once per column instead of once per row. */
export function valueKindLines(s: ImportSummary): string[] {
  const out: string[] = []
  for (const [header, kinds] of Object.entries(s.valueKinds)) {
    const total = Object.values(kinds).reduce((a, b) => a + b, 0)
    if (!total) continue
    const parts = Object.entries(kinds).sort((a, b) => b[1] - a[1]).map(([k, c]) => `${n(c)} ${k === 'e164' ? 'phone numbers (E.164)' : k === 'identifier' ? 'ids kept as written' : k}`)
    out.push(`"${header}": ${parts.join(', ')}`)
  }
  return out
}

export function issueLine(fileName: string, i: RowIssue): string {
  return `${fileName} [${i.sheet}] row ${i.row}${i.column ? `, column "${i.column}"` : ''}: ${i.severity}: ${i.problem}`
}

export function rejectedLine(fileName: string, r: RejectedRow): string {
  return `${fileName} [${r.sheet}] row ${r.row} rejected: ${r.problems.join('; ')} — values: ${r.values.map((v) => JSON.stringify(v)).join(', ')}`
}

export function mappingLines(m: Mapping): string[] {
  const spec = RECORD_KINDS.find((k) => k.kind === m.recordKind)
  return m.columns.map((c) => {
    const label = c.field ? spec?.fields.find((f) => f.id === c.field)?.label ?? c.field : '(kept as extra)'
    const conf = c.field ? ` [${c.confidence.toFixed(2)}]` : ''
    return `  ${String(c.index + 1).padStart(3)} ${c.header} → ${c.field ?? '-'} ${c.field ? `(${label})` : label}${conf}: ${c.reason}`
  })
}

export function dateLines(m: Mapping): string[] {
  return m.dateFormats.map((d) => {
    const x = d.decision
    const order = x.ambiguous ? `AMBIGUOUS (${x.candidates.join(' or ')})` : x.order ?? '-'
    return `  ${d.header} (${d.field}): ${x.pattern}, order ${order}, decided by ${x.decidedBy} from ${n(x.total)} values (${n(x.recognised)} readable)${x.buddhistEra ? ', Buddhist Era converted' : ''}`
  })
}
