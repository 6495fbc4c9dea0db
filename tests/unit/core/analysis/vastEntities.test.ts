// The VAST 2008 MC3 call records through the entity analyses with no hand work: imported as the app imports them
// (auto-mapped, zone America/Havana), then central phones, common contacts, the contact matrix and phone
// replacement — each checked against counts made directly from the CSV lines, not against remembered answers.
import { readFileSync } from 'node:fs'
import { beforeAll, expect, it } from 'vitest'
import { importFile } from '../../../../src/cli/pipeline'
import { activityProfile } from '../../../../src/core/analysis/activity'
import { commonContacts, topContacts } from '../../../../src/core/analysis/contacts'
import { contactMatrix } from '../../../../src/core/analysis/matrix'
import { detectPhoneReplacements } from '../../../../src/core/analysis/replacement'
import type { WaymarkRecord } from '../../../../src/core/model/records'
import { buildSegments } from '../../../../src/core/store/encode'
import { EntityStatsBuilder } from '../../../../src/core/store/entityStats'
import type { IndexedSegment } from '../../../../src/core/store/query'
import { corpusPath, describeCorpus } from '../../corpus'

const FILE = () => corpusPath('vast2008-mc3-cellphone', 'CellPhoneCallRecords.csv')
const HAVANA_JUNE = -4 * 3_600_000

interface Line {
  from: string
  to: string
  at: number
}

/** The calls read straight from the CSV (times as Havana wall clock, −4 h in June 2006), independently of Waymark. */
function lines(): Line[] {
  return readFileSync(FILE(), 'ascii')
    .split('\r\n')
    .slice(1)
    .filter((l) => l !== '')
    .map((l) => {
      const [from, to, when] = l.split(',') as [string, string, string]
      const m = /^(\d{4})(\d{2})(\d{2}) (\d{2})(\d{2})$/.exec(when)!
      return { from: `id:${from}`, to: `id:${to}`, at: Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!) - HAVANA_JUNE }
    })
}

async function load(): Promise<{ segments: IndexedSegment[]; lines: Line[] }> {
  const records: WaymarkRecord[] = []
  await importFile(FILE(), { propose: { zone: 'America/Havana' }, onRecord: (r) => records.push(r) })
  const built = buildSegments(records, { segmentSize: 2000 })
  return { segments: built.segments.map((segment, i) => ({ id: `vast:${i}`, segment })), lines: lines() }
}

/** Distinct correspondents per phone, from the lines. */
function neighbours(ls: readonly Line[]): Map<string, Set<string>> {
  const m = new Map<string, Set<string>>()
  const add = (x: string, y: string) => {
    if (x === y) return
    let s = m.get(x)
    if (!s) m.set(x, (s = new Set()))
    s.add(y)
  }
  for (const l of ls) {
    add(l.from, l.to)
    add(l.to, l.from)
  }
  return m
}

describeCorpus('entity analyses on the VAST 2008 call records', () => {
  let data: Awaited<ReturnType<typeof load>> | undefined
  beforeAll(async () => {
    data = await load()
  })
  const get = () => data!

  it('ranks the most central phones as the raw calls do', () => {
    const { segments, lines: ls } = get()
    const b = new EntityStatsBuilder()
    segments.forEach((s) => b.addSegment(s.id, s.segment))
    const stats = b.result()
    const byDegree = stats.map((s) => [s.key, s.contacts.length] as const).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    const raw = [...neighbours(ls)].map(([k, s]) => [k, s.size] as const).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))
    expect(byDegree.slice(0, 10)).toEqual(raw.slice(0, 10))
    // Every phone's top contact is its most frequent correspondent in the file.
    for (const [phone] of raw.slice(0, 10)) {
      const counts = new Map<string, number>()
      for (const l of ls) if (l.from === phone || l.to === phone) counts.set(l.from === phone ? l.to : l.from, (counts.get(l.from === phone ? l.to : l.from) ?? 0) + 1)
      const best = Math.max(...counts.values())
      const top = topContacts(segments, phone, { limit: 1 })[0]!
      expect(top.events).toBe(best)
      expect(counts.get(top.key)).toBe(best)
    }
  })

  it('finds the contacts the central phones share, each link real', () => {
    const { segments, lines: ls } = get()
    const nb = neighbours(ls)
    const selected = [...nb].sort((x, y) => y[1].size - x[1].size).slice(0, 4).map(([k]) => k)
    const common = commonContacts(segments, selected, { limit: 0 })
    expect(common.length).toBeGreaterThan(0)
    for (const c of common) {
      const linkedRaw = selected.filter((s) => nb.get(s)!.has(c.key) && s !== c.key)
      expect(c.linked).toBe(linkedRaw.length)
      expect(c.with.map((w) => w.key)).toEqual(linkedRaw)
    }
    // Every contact shared by two or more of them is listed.
    const expected = new Set([...nb.keys()].filter((k) => selected.filter((s) => s !== k && nb.get(s)!.has(k)).length >= 2))
    expect(new Set(common.map((c) => c.key))).toEqual(expected)
    const m = contactMatrix(segments, selected)
    selected.forEach((r, i) =>
      selected.forEach((c, j) => {
        expect(m.cells[i]![j]!.events).toBe(i === j ? 0 : ls.filter((l) => l.from === r && l.to === c).length)
      })
    )
  })

  it('detects phone replacements whose evidence the raw calls bear out', () => {
    const { segments, lines: ls } = get()
    const found = detectPhoneReplacements(segments)
    expect(found.length).toBeGreaterThan(0)
    const end = Math.max(...ls.map((l) => l.at))
    for (const r of found) {
      const oldCalls = ls.filter((l) => l.from === r.oldKey || l.to === r.oldKey)
      const newCalls = ls.filter((l) => l.from === r.newKey || l.to === r.newKey)
      expect(r.oldEvents).toBe(oldCalls.length)
      expect(r.newFirstAt).toBe(Math.min(...newCalls.map((l) => l.at)))
      expect(r.oldEventsAfter).toBe(oldCalls.filter((l) => l.at > r.handoverAt + 2 * 86_400_000).length)
      expect(r.oldEventsAfter).toBeLessThanOrEqual(0.1 * r.oldEvents)
      expect(r.shared.length).toBeGreaterThanOrEqual(3)
      // Shared contacts given directly (not through another replacement) talked to the old number before the
      // handover and to the new one from then on.
      const direct = r.shared.filter((s) => !r.via.some((v) => v.newKey === s.key))
      for (const s of direct) {
        const withOld = oldCalls.filter((l) => l.from === s.key || l.to === s.key).map((l) => l.at)
        const withNew = newCalls.filter((l) => l.from === s.key || l.to === s.key).map((l) => l.at)
        expect(Math.max(...withOld)).toBe(s.oldLastAt)
        expect(Math.min(...withNew)).toBe(s.newFirstAt)
        expect(Math.min(...withOld)).toBeLessThan(s.newFirstAt)
        expect(withOld.length).toBe(s.oldEvents)
      }
      expect(r.handoverAt).toBeLessThan(end)
    }
    // A number is offered as the replacement of one old number at a time, at most.
    const best = new Map<string, string>()
    for (const r of found) if (!best.has(r.oldKey)) best.set(r.oldKey, r.newKey)
    expect(new Set(best.values()).size).toBe(best.size)
  })

  it('draws a phone’s activity on the Havana clock from the same calls', () => {
    const { segments, lines: ls } = get()
    const phone = 'id:200'
    const p = activityProfile(segments, phone, 'America/Havana')
    const mine = ls.filter((l) => l.from === phone || l.to === phone)
    expect(p.total).toBe(mine.length)
    const hourly = new Array<number>(24).fill(0)
    for (const l of mine) hourly[new Date(l.at + HAVANA_JUNE).getUTCHours()]!++
    expect(p.heatmap.reduce((acc, row) => acc.map((n, h) => n + row[h]!), new Array<number>(24).fill(0))).toEqual(hourly)
  })
})
