// Type-checked with tsconfig.test.json (it needs DOM types for page.evaluate).
// `npm run bench:timeline`: the timeline on a case of ~1M synthetic call events, in Debian's Chromium (browser mode):
// (a) open the case to a drawn timeline, (b) filter to one entity, (c) frame times while panning and zooming with
// ~100k events in range, (d) the print route of ~5,000 events to a PDF. Each figure is also given as a ratio against
// a baseline measured in the same run (this machine is shared and noisy): decoding the case's segments alone, a blank
// canvas's frame pace. The case is seeded once per run (not timed) in a fresh browser profile under bench-results/,
// through the workspace functions an import uses. The open and each filter are also broken into phases from the marks
// the timeline sets (timelineData.ts): until its data was asked for (the app shell), reading, slicing, handing over, drawing.
//
//   npx tsx scripts/bench/timeline.ts [--events N] [--port N] [--no-build] [--json FILE] [--reuse-seed] [--no-table-pdf]
//
// --reuse-seed serves on the port the seed was made on (its database belongs to that origin), unless --port says otherwise.
import { chromium, type Page } from '@playwright/test'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CHROMIUM_ARGS } from '../../playwright.config'
import { printRouteParams } from '../../src/core/analysis/print/printParams'
import { viewToParams, type TimelineView } from '../../src/core/analysis/timelineFilter'
// @ts-expect-error -- plain ESM module without types; startServer({ port }) → { server, url }; RENDERER_DIR: the folder it serves
import { RENDERER_DIR, startServer } from '../serve.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const argv = process.argv.slice(2)
const arg = (name: string): string | undefined => {
  const i = argv.indexOf(name)
  return i >= 0 ? argv[i + 1] : undefined
}
const EVENTS = Number(arg('--events') ?? 1_000_000)
const jsonOut = arg('--json')
const chromiumPath = process.env.CHROME_PATH ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => existsSync(p))
const GUTTER = 170 // the chart's label gutter (chartDraw.ts)

const TARGETS = { openMs: 1500, filterMs: 100, medianFrameMs: 16, pdfSeconds: 10 }
const IN_RANGE = 100_000
const PDF_EVENTS = 5_000
const FRAMES = 120

interface SeedResult {
  readonly caseId: string
  readonly events: number
  readonly sources: number
  readonly minAt: number
  readonly maxAt: number
  readonly target: string
  readonly targetEvents: number
  readonly ms: number
}
interface Draw {
  readonly t: number
  readonly visible: number
  readonly count: number
  readonly start: number
  readonly end: number
  readonly drawMs: number
}
interface BenchWindow {
  __draws: Draw[]
  __longest: number
  __longTasks: number[]
  waymarkTimelineBench: {
    seed(events: number, name: string): Promise<SeedResult>
    decodeAlone(caseId: string): Promise<{ ms: number; events: number }>
    blankFrames(frames: number): Promise<number[]>
  }
}

/** Resident memory of Chromium's renderer processes (the page and its workers), in MB. */
function rendererRssMB(): number {
  let total = 0
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
      if (!cmd.includes('--type=renderer') || !cmd.includes('waymark-bench-timeline')) continue
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
      if (m) total += Number(m[1]) / 1024
    } catch {
      // The process ended between listing and reading.
    }
  }
  return total
}

const median = (xs: readonly number[]): number => quantile(xs, 0.5)
function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}
const r1 = (x: number): number => Number(x.toFixed(1))
const r2 = (x: number): number => Number(x.toFixed(2))

/** Every chart draw is recorded with its time (ms since navigation), what it showed and what it cost. */
function recordDraws(): void {
  const w = window as unknown as BenchWindow
  w.__draws = []
  w.__longest = 0
  w.__longTasks = []
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      w.__longest = Math.max(w.__longest, e.duration)
      w.__longTasks.push(e.duration)
    }
  }).observe({ type: 'longtask', buffered: true })
  new MutationObserver((records) => {
    for (const r of records) {
      const c = r.target as HTMLElement
      if (c.dataset.testid !== 'timeline-canvas' || r.attributeName !== 'data-visible') continue
      const count = document.querySelector('[data-testid="tl-count"]')?.getAttribute('data-count') ?? ''
      w.__draws.push({ t: performance.now(), visible: Number(c.dataset.visible), count: count === '' ? -1 : Number(count), start: Number(c.dataset.start), end: Number(c.dataset.end), drawMs: Number(c.dataset.drawMs ?? NaN) })
    }
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-visible'] })
}

/** Waits (in the page) for a draw after `since` that shows every matching event with the count settled. */
async function drawnAfter(page: Page, since: number, pred: 'all' | 'fewer', total: number, timeout = 120_000): Promise<Draw> {
  const handle = await page.waitForFunction(
    ({ since, pred, total }) => {
      const w = window as unknown as BenchWindow
      return w.__draws.find((d) => d.t > since && d.visible > 0 && d.visible === d.count && (pred === 'all' ? d.count === total : d.count < total)) ?? false
    },
    { since, pred, total },
    { timeout, polling: 'raf' }
  )
  return (await handle.jsonValue()) as Draw
}

async function main(): Promise<void> {
  if (!chromiumPath) throw new Error('Chromium not found: apt-get install chromium, or set CHROME_PATH')
  if (!argv.includes('--no-build') || !existsSync(join(RENDERER_DIR as string, 'bench-timeline.html'))) {
    const b = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'inherit' })
    if (b.status !== 0) throw new Error('build failed')
  }
  const profile = join(root, 'bench-results', 'timeline-profile')
  const seedFile = join(profile, 'waymark-seed.json')
  // --reuse-seed (while working on the timeline): keep the last run's profile and case instead of seeding again.
  const reuse = argv.includes('--reuse-seed') && existsSync(seedFile) && (JSON.parse(readFileSync(seedFile, 'utf8')) as SeedResult).events >= EVENTS * 0.9
  if (!reuse) rmSync(profile, { recursive: true, force: true })
  mkdirSync(profile, { recursive: true })
  // The seeded database belongs to the page's origin, port included: a reused seed is served on the port it was made on.
  const port = Number(arg('--port') ?? (reuse ? ((JSON.parse(readFileSync(seedFile, 'utf8')) as { port?: number }).port ?? 0) : 0))
  const { server, url } = await startServer({ port })
  const servedPort = Number(new URL(url as string).port)
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [...CHROMIUM_ARGS, '--js-flags=--max-old-space-size=4096', '--user-agent=waymark-bench-timeline'],
    viewport: { width: 1400, height: 900 }
  })
  // tsx names functions with a `__name` helper that the functions handed to page.evaluate carry into the page.
  await context.addInitScript({ content: 'globalThis.__name = (f) => f' })
  await context.route('**/*', (route) => (route.request().url().startsWith(url) ? route.continue() : route.abort()))
  const result: Record<string, unknown> = { events: EVENTS, chromium: context.browser()?.version() ?? 'unknown', cores: 2 }
  let peak = 0
  let sampler: ReturnType<typeof setInterval> | null = null
  try {
    // Seed (not timed) and the baselines, in a page of their own.
    let seed: SeedResult
    if (reuse) seed = JSON.parse(readFileSync(seedFile, 'utf8')) as SeedResult
    else {
      const bench = await context.newPage()
      await bench.goto(`${url}bench-timeline.html`)
      await bench.waitForSelector('body[data-ready="true"]')
      process.stdout.write(`seeding ${EVENTS.toLocaleString()} events… `)
      seed = await bench.evaluate(([n, name]) => (window as unknown as BenchWindow).waymarkTimelineBench.seed(n, name), [EVENTS, `Timeline bench ${Date.now()}`] as const)
      console.log(`${(seed.ms / 1000).toFixed(1)} s`)
      writeFileSync(seedFile, JSON.stringify({ ...seed, port: servedPort }))
      await bench.close()
    }

    const base = await context.newPage()
    await base.goto(`${url}bench-timeline.html`)
    await base.waitForSelector('body[data-ready="true"]')
    const decode = await base.evaluate((id) => (window as unknown as BenchWindow).waymarkTimelineBench.decodeAlone(id), seed.caseId)
    const blank = await base.evaluate((n) => (window as unknown as BenchWindow).waymarkTimelineBench.blankFrames(n), FRAMES)
    await base.close()

    // The app's own start: a fresh page load to the case list, the floor under any screen's open time.
    const boot = await context.newPage()
    await boot.goto(url)
    await boot.getByTestId('new-case').waitFor({ timeout: 60_000 })
    const bootMs = await boot.evaluate(() => performance.now())
    await boot.close()

    sampler = setInterval(() => (peak = Math.max(peak, rendererRssMB())), 100)
    // (a) Open: a fresh page load straight to the case's timeline, until the chart has drawn every event.
    const page = await context.newPage()
    await page.addInitScript(recordDraws)
    await page.goto(`${url}#/case/${seed.caseId}/timeline`)
    const opened = await drawnAfter(page, 0, 'fewer', Number.MAX_SAFE_INTEGER, 180_000)
    const total = opened.count
    const openLongest = await page.evaluate(() => (window as unknown as BenchWindow).__longest)
    const openPhases = await phasesAfter(page, 0, opened.t)

    // (b) Filter to the busiest target's phone through the URL, as the entity picker does; then back to all. Three times,
    // each once the page has gone idle (an analyst looks at the chart before picking a phone; the timeline uses idle
    // time to finish preparing the view).
    const idle = (): Promise<unknown> => page.evaluate(() => new Promise((ok) => setTimeout(() => requestIdleCallback(() => requestIdleCallback(ok, { timeout: 5000 }), { timeout: 5000 }), 300)))
    const hashOf = (view: TimelineView): string => `#/case/${seed.caseId}/timeline${Object.keys(viewToParams(view)).length ? '?' + new URLSearchParams(viewToParams(view)).toString() : ''}`
    const one: TimelineView = { filter: { entities: [seed.target] }, zone: 'UTC', lanes: 'types', laneKeys: [] }
    const all: TimelineView = { filter: {}, zone: 'UTC', lanes: 'types', laneKeys: [] }
    const filterMs: number[] = []
    const clearMs: number[] = []
    const filterPhases: Phases[] = []
    let filtered = 0
    for (let k = 0; k < 3; k++) {
      await idle()
      const t0 = await page.evaluate((h) => {
        const t = performance.now()
        window.location.hash = h
        return t
      }, hashOf(one))
      const d = await drawnAfter(page, t0, 'fewer', total)
      filterMs.push(d.t - t0)
      filterPhases.push(await phasesAfter(page, t0, d.t))
      filtered = d.count
      await idle()
      const t1 = await page.evaluate((h) => {
        const t = performance.now()
        window.location.hash = h
        return t
      }, hashOf(all))
      const e = await drawnAfter(page, t1, 'all', total)
      clearMs.push(e.t - t1)
    }
    await idle()

    // (c) Zoom in on the middle until ~100k events are in view, then one wheel event per frame: pan, then zoom.
    const frames = await page.evaluate(
      async ({ inRange, frames, gutter }) => {
        const w = window as unknown as BenchWindow
        const c = document.querySelector('[data-testid="timeline-canvas"]') as HTMLCanvasElement
        const rect = c.getBoundingClientRect()
        const clientX = rect.left + gutter + (rect.width - gutter) / 2
        const clientY = rect.top + 80
        const wheel = (deltaX: number, deltaY: number): void => {
          c.dispatchEvent(new WheelEvent('wheel', { deltaX, deltaY, deltaMode: 0, clientX, clientY, bubbles: true, cancelable: true }))
        }
        const nextFrame = (): Promise<number> => new Promise((ok) => requestAnimationFrame(ok))
        for (let k = 0; k < 4; k++) {
          const visible = Number(c.dataset.visible)
          if (Math.abs(visible / inRange - 1) < 0.1) break
          wheel(0, Math.log(visible / inRange) / -0.0015)
          await nextFrame()
          await nextFrame()
        }
        const startVisible = Number(c.dataset.visible)
        w.__longTasks = []
        const deltas: number[] = []
        const draws: number[] = []
        const visibles: number[] = []
        let last = await nextFrame()
        for (let i = 0; i < frames; i++) {
          // Pan 30 px a frame, changing direction every 30 frames; then zoom in and out by 6% a frame, every 10.
          if (i < frames / 2) wheel(Math.floor(i / 30) % 2 === 0 ? 30 : -30, 0)
          else wheel(0, Math.floor(i / 10) % 2 === 0 ? -40 : 40)
          const now = await nextFrame()
          deltas.push(now - last)
          last = now
          draws.push(Number(c.dataset.drawMs))
          visibles.push(Number(c.dataset.visible))
        }
        await nextFrame()
        return { deltas, draws, visibles, startVisible, longTasks: w.__longTasks, mode: c.dataset.mode ?? '' }
      },
      { inRange: IN_RANGE, frames: FRAMES, gutter: GUTTER }
    )
    await page.close()

    // (d) The print route for a range of ~5,000 events, to page.pdf(); without and with the table appendix.
    const span = seed.maxAt - seed.minAt
    const from = Math.round(seed.minAt + span * 0.4)
    let to = Math.round(from + (span * PDF_EVENTS) / total)
    // Events are not spread evenly over the day: one correction from the count the range actually holds.
    to = Math.round(from + ((to - from) * PDF_EVENTS) / Math.max(1, await countInRange(context, url, seed.caseId, from, to)))
    const pdf: Record<string, unknown>[] = []
    for (const includeTable of argv.includes('--no-table-pdf') ? [false] : [false, true]) {
      const view: TimelineView = { filter: { from, to }, zone: 'Asia/Dhaka', lanes: 'types', laneKeys: [] }
      const params = printRouteParams(view, { paper: 'A4', orientation: 'landscape', marking: 'RESTRICTED', includeTable })
      const p = await context.newPage()
      const t0 = Date.now()
      await p.goto(`${url}#/case/${seed.caseId}/print?${new URLSearchParams(params).toString()}`)
      try {
        await p.waitForSelector('[data-print-ready="true"]', { timeout: 180_000 })
      } catch (e) {
        await p.screenshot({ path: join(root, 'bench-results', 'bench-timeline-print-failure.png') })
        throw e
      }
      const ready = Date.now()
      const bytes = await p.pdf({ preferCSSPageSize: true, printBackground: true })
      const t1 = Date.now()
      const laidOut = Number(await p.getByTestId('print-view').getAttribute('data-page-count'))
      const pages = (bytes.toString('latin1').match(/\/Type\s*\/Page(?![s\w])/g) ?? []).length
      const shown = await countInRange(context, url, seed.caseId, from, to)
      pdf.push({ includeTable, events: shown, seconds: r2((t1 - t0) / 1000), layoutSeconds: r2((ready - t0) / 1000), pdfPages: pages, laidOutPages: laidOut, pdfMB: r2(bytes.byteLength / 1024 / 1024) })
      await p.close()
    }
    clearInterval(sampler)
    sampler = null

    const blankMedian = median(blank)
    const frameMedian = median(frames.deltas)
    const drawMedian = median(frames.draws)
    const filterMedian = median(filterMs)
    Object.assign(result, {
      seeded: { events: seed.events, visibleEvents: total, sources: seed.sources, seedSeconds: r1(seed.ms / 1000), filterEntity: seed.target, filteredEvents: filtered },
      baseline: { appStartMs: Math.round(bootMs), decodeSegmentsMs: Math.round(decode.ms), decodedEvents: decode.events, blankFrameMedianMs: r2(blankMedian), blankFrameP95Ms: r2(quantile(blank, 0.95)) },
      open: { ms: Math.round(opened.t), overDecode: r2(opened.t / decode.ms), overAppStartPlusDecode: r2(opened.t / (bootMs + decode.ms)), longestTaskMs: Math.round(openLongest), phases: openPhases },
      filter: { ms: Math.round(filterMedian), runs: filterMs.map(Math.round), overDecode: r2(filterMedian / decode.ms), clearMs: clearMs.map(Math.round), phases: filterPhases },
      frames: {
        eventsInRangeMedian: Math.round(median(frames.visibles)),
        mode: frames.mode,
        frameIntervalMedianMs: r2(frameMedian),
        frameIntervalP95Ms: r2(quantile(frames.deltas, 0.95)),
        overBlank: r2(frameMedian / blankMedian),
        drawMedianMs: r2(drawMedian),
        drawP95Ms: r2(quantile(frames.draws, 0.95)),
        longTasks: frames.longTasks.length,
        longestTaskMs: Math.round(Math.max(0, ...frames.longTasks))
      },
      pdf,
      peakRendererMB: Math.round(peak),
      targets: TARGETS
    })
  } finally {
    if (sampler) clearInterval(sampler)
    await context.close()
    server.close()
  }

  const r = result as Record<string, Record<string, number> & Record<string, unknown>>
  const verdict = (ok: boolean): string => (ok ? 'meets target' : 'MISSES target')
  const b = r.baseline!
  console.log(`bench:timeline — ${Number(r.seeded!.visibleEvents).toLocaleString()} events in ${r.seeded!.sources} sources, Chromium ${String(result.chromium)}`)
  console.log(`  baselines: app start to the case list ${b.appStartMs} ms; decoding the segments alone ${b.decodeSegmentsMs} ms; blank canvas frame ${b.blankFrameMedianMs} ms (p95 ${b.blankFrameP95Ms})`)
  const o = r.open!
  console.log(`  (a) open to a drawn timeline: ${o.ms} ms = ${o.overDecode}× decoding alone, ${o.overAppStartPlusDecode}× app start + decoding; longest task ${o.longestTaskMs} ms — ${verdict(Number(o.ms) <= TARGETS.openMs)} (≤ ${TARGETS.openMs} ms)`)
  console.log(`      ${describePhases(o.phases as unknown as Phases)}`)
  const f = r.filter!
  console.log(`  (b) filter to one entity (${Number(r.seeded!.filteredEvents).toLocaleString()} events): median ${f.ms} ms of ${(f.runs as unknown as number[]).join(', ')} = ${f.overDecode}× decoding alone — ${verdict(Number(f.ms) <= TARGETS.filterMs)} (≤ ${TARGETS.filterMs} ms); back to all: ${(f.clearMs as unknown as number[]).join(', ')} ms`)
  for (const ph of f.phases as unknown as Phases[]) console.log(`      ${describePhases(ph)}`)
  const fr = r.frames!
  console.log(
    `  (c) pan and zoom, ${Number(fr.eventsInRangeMedian).toLocaleString()} events in range (${String(fr.mode)}): frame interval median ${fr.frameIntervalMedianMs} ms (p95 ${fr.frameIntervalP95Ms}) = ${fr.overBlank}× a blank canvas; drawing median ${fr.drawMedianMs} ms (p95 ${fr.drawP95Ms}); ${fr.longTasks} long tasks, longest ${fr.longestTaskMs} ms — ${verdict(Number(fr.frameIntervalMedianMs) <= Math.max(TARGETS.medianFrameMs, Number(b.blankFrameMedianMs) * 1.05) && Number(fr.drawMedianMs) <= TARGETS.medianFrameMs)} (≤ ${TARGETS.medianFrameMs} ms)`
  )
  for (const p of r.pdf as unknown as Record<string, number | boolean>[]) {
    console.log(`  (d) PDF of ${Number(p.events).toLocaleString()} events${p.includeTable ? ' with the table appendix' : ''}: ${p.seconds} s (laid out in ${p.layoutSeconds} s), ${p.pdfPages} pages (${p.laidOutPages} laid out), ${p.pdfMB} MB — ${verdict(Number(p.seconds) <= TARGETS.pdfSeconds)} (≤ ${TARGETS.pdfSeconds} s)`)
  }
  console.log(`  renderer peak memory: ${String(result.peakRendererMB)} MB`)
  if (jsonOut) {
    mkdirSync(dirname(resolve(jsonOut)), { recursive: true })
    writeFileSync(jsonOut, JSON.stringify(result, null, 2) + '\n')
    console.log(`  figures written to ${jsonOut}`)
  }
}

/**
 * Where an open or a filter spent its time, from the marks the timeline sets (timelineData.ts): until its data was
 * asked for, reading it, slicing it, handing it over, and from there to the drawn chart. Null for a mark not set.
 */
interface Phases {
  readonly request: number | null
  readonly read: number | null
  readonly sliced: number | null
  readonly data: number | null
  readonly drawn: number
}

async function phasesAfter(page: Page, since: number, drawn: number): Promise<Phases> {
  const marks = await page.evaluate(
    ({ since, drawn }) =>
      performance
        .getEntriesByType('mark')
        .filter((m) => m.name.startsWith('timeline:') && m.startTime >= since && m.startTime <= drawn)
        .map((m) => [m.name.slice('timeline:'.length), m.startTime] as const),
    { since, drawn }
  )
  // The last request before the draw and the marks after it (an earlier request may have been superseded).
  const reqs = marks.filter(([n]) => n === 'request')
  const req = reqs.length ? reqs[reqs.length - 1]![1] : null
  const after = (name: string): number | null => marks.find(([n, t]) => n === name && (req === null || t >= req))?.[1] ?? null
  const rel = (t: number | null): number | null => (t === null ? null : Math.round(t - since))
  return { request: rel(req), read: rel(after('read')), sliced: rel(after('sliced')), data: rel(after('data')), drawn: Math.round(drawn - since) }
}

function describePhases(p: Phases): string {
  const step = (a: number | null, b: number | null): string => (a === null || b === null ? '?' : String(b - a))
  return `phases (ms): data asked for at ${p.request ?? '?'}, read +${step(p.request, p.read)}, sliced +${step(p.read, p.sliced)}, handed over +${step(p.sliced, p.data)}, drawn +${step(p.data, p.drawn)}`
}

/** Events the print route's range holds, read through the app's own store in a page of its own. */
async function countInRange(context: import('@playwright/test').BrowserContext, url: string, caseId: string, from: number, to: number): Promise<number> {
  const p = await context.newPage()
  await p.goto(`${url}bench-timeline.html`)
  await p.waitForSelector('body[data-ready="true"]')
  const n = await p.evaluate(({ caseId, from, to }) => (window as unknown as { waymarkTimelineBench: { countRange(c: string, f: number, t: number): Promise<number> } }).waymarkTimelineBench.countRange(caseId, from, to), { caseId, from, to })
  await p.close()
  return n
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
