// "Open demo case": creates the fictional demo case and imports its six files through the same worker, mapping and
// store as any analyst's import; the manifest supplies what an analyst would confirm (zones, day/month order).
import manifest from '../../../../../resources/demo/manifest.json'
import bdCdr from '../../../../../resources/demo/bd-operator-cdr.csv?url'
import myCdr from '../../../../../resources/demo/my-operator-cdr.xlsx?url'
import subscribers from '../../../../../resources/demo/subscribers.xlsx?url'
import crossings from '../../../../../resources/demo/th-border-crossings.xlsx?url'
import transfers from '../../../../../resources/demo/transfers.csv?url'
import type { CaseRepository } from '../../../../workspace'
import { ImportClient } from '../import/importClient'
import type { FromWorker, ProposalView } from '../import/protocol'

const URLS: Readonly<Record<string, string>> = {
  'bd-operator-cdr.csv': bdCdr,
  'my-operator-cdr.xlsx': myCdr,
  'subscribers.xlsx': subscribers,
  'th-border-crossings.xlsx': crossings,
  'transfers.csv': transfers
}

interface ManifestFile {
  readonly file: string
  readonly defaultCountry: string
  readonly zone: string
  readonly dateFormat?: { readonly column?: string; readonly order?: string }
}

export const DEMO_CASE_NAME: string = manifest.case.name
export const DEMO_CASE_NUMBER = 'DEMO-2024-001'

export interface DemoProgress {
  readonly file: string
  readonly step: 'reading' | 'importing' | 'done' | 'failed'
  readonly message?: string
}

/** Waits for the worker's next message about one file that satisfies `pick`. */
function next<T>(client: ImportClient, fileId: string, pick: (m: FromWorker) => T | undefined): Promise<T> {
  return new Promise((resolve, reject) => {
    const off = client.on((m) => {
      if (m.fileId !== fileId && m.fileId !== '*') return
      if (m.type === 'failed') {
        off()
        reject(new Error(`${m.message} ${m.action}`))
        return
      }
      const v = pick(m)
      if (v !== undefined) {
        off()
        resolve(v)
      }
    })
  })
}

/** Opens the demo case, creating and importing it the first time. Returns the case id. */
export async function openDemoCase(cases: CaseRepository, onProgress: (p: DemoProgress) => void): Promise<string> {
  const list = await cases.list()
  if (!list.ok) throw new Error(list.problem.message)
  const existing = list.value.find((c) => c.name === DEMO_CASE_NAME)
  if (existing && existing.counts.sources > 0) return existing.id
  let caseId = existing?.id
  if (!caseId) {
    const created = await cases.create(DEMO_CASE_NAME, DEMO_CASE_NUMBER)
    if (!created.ok) throw new Error(created.problem.message)
    caseId = created.value.id
  }

  const client = new ImportClient()
  try {
    for (const f of manifest.files as readonly ManifestFile[]) {
      const url = URLS[f.file]
      if (!url) continue
      onProgress({ file: f.file, step: 'reading' })
      const bytes = await (await fetch(url)).arrayBuffer()
      const fileId = `demo-${f.file}`
      const inspected = next(client, fileId, (m) => (m.type === 'inspected' ? m.overview : undefined))
      client.send({ type: 'inspect', fileId, caseId, fileName: f.file, bytes }, [bytes])
      const overview = await inspected
      const sheets: { sheet: string; proposal: ProposalView }[] = []
      for (const s of overview.sheets.filter((x) => !x.hidden && x.rows > 0)) {
        const order = f.dateFormat?.order
        const dateOrders: Record<string, 'dmy' | 'mdy'> | undefined = f.dateFormat?.column && (order === 'dmy' || order === 'mdy') ? { [f.dateFormat.column]: order } : undefined
        const proposed = next(client, fileId, (m) => (m.type === 'proposed' && m.proposal.sheet === s.name ? m.proposal : undefined))
        client.send({ type: 'propose', fileId, settings: { sheet: s.name, country: f.defaultCountry, zone: f.zone, ...(dateOrders ? { dateOrders } : {}) } })
        const proposal = await proposed
        if (proposal.problems.length > 0) throw new Error(`${f.file}, sheet ${s.name}: ${proposal.problems.map((p) => p.message).join(' ')}`)
        sheets.push({ sheet: s.name, proposal })
      }
      onProgress({ file: f.file, step: 'importing' })
      const imported = next(client, fileId, (m) => (m.type === 'imported' ? m.report : undefined))
      client.send({ type: 'import', fileId, caseId, sheets: sheets.map((s) => ({ sheet: s.sheet, mapping: s.proposal.mapping })) })
      const report = await imported
      onProgress({ file: f.file, step: 'done', message: `${report.events} events` })
    }
  } finally {
    client.dispose()
  }
  return caseId
}
