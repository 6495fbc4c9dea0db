// Seeds a case with about a million synthetic call events for `npm run bench:timeline`, written through the same
// workspace functions an import uses (so statistics and mirror links are computed as for a real import), and
// measures the benchmark's baselines in the same browser: decoding the case's segments alone, a blank canvas frame.
import { mulberry32 } from '../../../core/seeded'
import type { CallRecord, PhoneValue } from '../../../core/model/records'
import { createSegmentStream, type EncodedSegment } from '../../../core/store'
import { beginImport, CaseRepository, commitImport, EventStore, writeEntityRecords, writeSegments, WorkspaceDb, type Result } from '../../../workspace'

export interface SeedResult {
  readonly caseId: string
  readonly events: number
  readonly sources: number
  readonly minAt: number
  readonly maxAt: number
  /** The busiest target's entity key and its event count (the benchmark's one-entity filter). */
  readonly target: string
  readonly targetEvents: number
  readonly ms: number
}

/** Shape of the synthetic case; every field is optional and its default is bench:timeline's case. */
export interface SeedOptions {
  /**
   * Counterpart numbers in the pool (default 6,000). When given, the calls that do not go to a favourite walk the pool
   * in turn instead of picking at random, so every counterpart appears once the case has enough events (about
   * 3.4 events per counterpart): `npm run bench:entities` uses it for an entity table of 100,000+ phones.
   */
  readonly counterparts?: number
}

export interface TimelineBenchApi {
  seed(events: number, name: string, options?: SeedOptions): Promise<SeedResult>
  /** A fresh store decodes every segment of the case: the least an open can cost once the app is loaded. */
  decodeAlone(caseId: string): Promise<{ ms: number; events: number }>
  /** Frame intervals of a canvas that draws nothing but a clear, for `frames` frames: the display's own pace. */
  blankFrames(frames: number): Promise<number[]>
  /** Visible events in [from, to) (what a print of that range holds). */
  countRange(caseId: string, from: number, to: number): Promise<number>
}

function must<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.problem.message} (${r.problem.detail})`)
  return r.value
}

const DAY = 86_400_000
const TARGETS = 8
const COUNTERPARTS = 6_000
const START = Date.UTC(2024, 2, 1)
const SPAN_DAYS = 90

function phone(e164: string): PhoneValue {
  return { kind: 'e164', e164, original: e164.startsWith('+880') ? '0' + e164.slice(4) : e164 }
}

async function sha256Hex(text: string): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('')
}

const two = (n: number): string => String(n).padStart(2, '0')
/** Dhaka wall-clock text as an operator writes it (UTC+6, no daylight saving). */
function dhakaText(utcMs: number): string {
  const t = new Date(utcMs + 6 * 3_600_000)
  return `${two(t.getUTCDate())}/${two(t.getUTCMonth() + 1)}/${t.getUTCFullYear()} ${two(t.getUTCHours())}:${two(t.getUTCMinutes())}:${two(t.getUTCSeconds())}`
}

interface CrossCall {
  readonly at: number
  readonly from: number
  readonly to: number
  readonly duration: number
}

async function seed(events: number, name: string, options: SeedOptions = {}): Promise<SeedResult> {
  const t0 = performance.now()
  const db = new WorkspaceDb()
  await db.open()
  const created = must(await new CaseRepository(db).create(name, 'BENCH-1'))
  const rnd = mulberry32(20240301)
  const int = (n: number): number => Math.floor(rnd() * n)
  // Targets: Bangladeshi numbers whose CDRs the case holds, each with a handset (one swaps it midway) and a SIM.
  const targets = Array.from({ length: TARGETS }, (_, i) => phone(`+8801711${String(100_000 + i * 7_919).padStart(6, '0')}`))
  const imeis = targets.map((_, i) => [`35693803${String(1_000_000 + i).padStart(7, '0')}`, `49015420${String(2_000_000 + i).padStart(7, '0')}`])
  const imsis = targets.map((_, i) => `47001${String(1_000_000_000 + i).padStart(10, '0')}`)
  // Counterparts across the region; each target calls a few favourites most of the time.
  const prefixes = ['+8801', '+669', '+959', '+6011', '+8557']
  const counterparts = options.counterparts ?? COUNTERPARTS
  // 104,729 is prime and shares no factor with 89,999,999, so the first 89,999,999 counterparts are distinct numbers.
  const pool = Array.from({ length: counterparts }, (_, i) => phone(`${prefixes[i % prefixes.length]}${String(10_000_000 + ((i * 104_729) % 89_999_999)).padStart(8, '0')}`))
  const favourites = targets.map(() => Array.from({ length: 25 }, () => int(counterparts)))
  const walk = options.counterparts !== undefined
  let next = 0
  // Targets' weights differ, so one is clearly busiest (the benchmark filters to it).
  const weights = targets.map((_, i) => 1 + (TARGETS - i) * 0.25)
  const wsum = weights.reduce((a, b) => a + b, 0)
  // Calls between targets appear in both targets' CDRs: the commit pairs them as mirrors.
  const crossCount = Math.round(events * 0.01)
  const cross: CrossCall[] = Array.from({ length: crossCount }, () => {
    const from = int(TARGETS)
    return { at: START + Math.floor(rnd() * SPAN_DAYS * DAY), from, to: (from + 1 + int(TARGETS - 1)) % TARGETS, duration: 10 + int(900) }
  }).sort((a, b) => a.at - b.at)

  let minAt = Infinity
  let maxAt = -Infinity
  let total = 0
  const perTarget: number[] = targets.map(() => 0)
  for (let t = 0; t < TARGETS; t++) {
    const own = Math.round(((events - 2 * crossCount) * weights[t]!) / wsum)
    const fileName = `CDR_${targets[t]!.e164!.slice(1)}_GP.csv`
    const sha = await sha256Hex(`waymark-bench-timeline:${name}:${t}`)
    const { importId } = must(await beginImport(db, created.id, { fileName, size: own * 90, sha256: sha, mappingJson: '{"bench":true}', parserVersions: { bench: '1' } }))
    const stream = createSegmentStream({ sourceId: sha, fileName })
    let pending: EncodedSegment[] = []
    const flush = async (): Promise<void> => {
      if (pending.length === 0) return
      must(await writeSegments(db, importId, pending.map((p) => p.segment), pending.map((p) => p.originals)))
      pending = []
    }
    const mine = cross.filter((c) => c.from === t || c.to === t)
    let ci = 0
    let row = 2
    const swapAt = START + 40 * DAY
    const add = async (rec: CallRecord): Promise<void> => {
      const full = stream.add(rec)
      if (full) pending.push(full)
      if (pending.length >= 5) await flush()
      minAt = Math.min(minAt, rec.start!.utcMs)
      maxAt = Math.max(maxAt, rec.start!.utcMs)
      total++
      perTarget[t]!++
    }
    const record = (at: number, outgoing: boolean, other: PhoneValue, service: 'call' | 'sms' | 'data', duration: number | undefined): CallRecord => ({
      kind: 'call',
      provenance: { sourceSha256: sha, fileName, sheet: fileName, row: row++ },
      service,
      direction: outgoing ? 'outgoing' : 'incoming',
      aParty: outgoing ? targets[t]! : other,
      bParty: outgoing ? other : targets[t]!,
      start: { utcMs: at, zone: 'Asia/Dhaka', explicitOffset: false, original: dhakaText(at), precision: 'second' },
      ...(duration !== undefined ? { durationSeconds: duration, durationOriginal: String(duration) } : {}),
      imei: imeis[t]![t === 0 && at > swapAt ? 1 : 0]!,
      imsi: imsis[t]!,
      cellId: String(10_000 + ((t * 37 + int(60)) % 400)),
      lac: String(3_000 + (t % 4)),
      siteName: `Site ${(t * 37 + int(60)) % 400}`
    })
    for (let i = 0; i < own; i++) {
      // Daytime-heavy: a uniform spread over 90 days, with nights thinned by moving some events into the day.
      let at = START + Math.floor((i / own) * SPAN_DAYS * DAY) + int(60_000)
      const hour = Math.floor((at % DAY) / 3_600_000)
      if ((hour + 6) % 24 < 6 && rnd() < 0.6) at += 8 * 3_600_000
      while (ci < mine.length && mine[ci]!.at <= at) {
        const c = mine[ci++]!
        const outgoing = c.from === t
        await add(record(c.at, outgoing, targets[outgoing ? c.to : c.from]!, 'call', c.duration))
      }
      const r = rnd()
      const service = r < 0.6 ? 'call' : r < 0.9 ? 'sms' : 'data'
      const other = rnd() < 0.7 ? pool[favourites[t]![int(25)]!]! : pool[walk ? next++ % counterparts : int(counterparts)]!
      await add(record(at, rnd() < 0.5, other, service, service === 'call' ? int(900) : service === 'data' ? 60 + int(3_000) : undefined))
    }
    while (ci < mine.length) {
      const c = mine[ci++]!
      const outgoing = c.from === t
      await add(record(c.at, outgoing, targets[outgoing ? c.to : c.from]!, 'call', c.duration))
    }
    const end = stream.finish()
    if (end.last) pending.push(end.last)
    await flush()
    if (end.entityRecords.length > 0) must(await writeEntityRecords(db, importId, end.entityRecords))
    must(await commitImport(db, importId, { read: perTarget[t]!, ok: perTarget[t]! }))
  }
  db.close()
  const busiest = perTarget.indexOf(Math.max(...perTarget))
  return { caseId: created.id, events: total, sources: TARGETS, minAt, maxAt, target: `phone:${targets[busiest]!.e164}`, targetEvents: perTarget[busiest]!, ms: performance.now() - t0 }
}

const api: TimelineBenchApi = {
  seed,
  async decodeAlone(caseId) {
    const db = new WorkspaceDb()
    await db.open()
    const t0 = performance.now()
    const segs = must(await new EventStore(db).segments(caseId))
    const ms = performance.now() - t0
    db.close()
    return { ms, events: segs.reduce((n, s) => n + s.segment.count, 0) }
  },
  async countRange(caseId, from, to) {
    const db = new WorkspaceDb()
    await db.open()
    const n = must(await new EventStore(db).countEvents(caseId, { from, to }))
    db.close()
    return n
  },
  blankFrames(frames) {
    const c = document.getElementById('bench-canvas') as HTMLCanvasElement
    const ctx = c.getContext('2d')!
    const out: number[] = []
    return new Promise((resolve) => {
      let last = 0
      const tick = (now: number): void => {
        ctx.clearRect(0, 0, c.width, c.height)
        if (last) out.push(now - last)
        last = now
        if (out.length >= frames) resolve(out)
        else requestAnimationFrame(tick)
      }
      requestAnimationFrame(tick)
    })
  }
}

;(window as unknown as { waymarkTimelineBench: TimelineBenchApi }).waymarkTimelineBench = api
document.body.dataset.ready = 'true'
