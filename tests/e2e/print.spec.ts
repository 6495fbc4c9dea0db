// The printed timeline of the demo case: Chromium's PDF of the print view, read back with pdftotext page by page,
// and the standalone HTML and chart exports of the same view.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { expect, test } from './fixtures'

type Page = import('@playwright/test').Page

const OUT = resolve('tmp/print/e2e')
const answers = JSON.parse(readFileSync(resolve('scripts/demo/answers.json'), 'utf8')) as {
  network: Array<{ role: string; native: string; numbers: string[] }>
}

function member(role: string): { native: string; phone: string } {
  const m = answers.network.find((n) => n.role === role)
  if (!m || !m.numbers[0]) throw new Error(`answers.json has no ${role} with a number`)
  return { native: m.native, phone: `phone:${m.numbers[0]}` }
}

/** pdftotext's pages (it ends each with a form feed); fails with a clear message when poppler-utils is missing. */
function pdfPages(pdf: string): string[] {
  const r = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  if (r.error) throw new Error(`pdftotext could not run (${r.error.message}): install poppler-utils (apt-get install poppler-utils) to check the printed PDF`)
  if (r.status !== 0) throw new Error(`pdftotext failed on ${pdf}: ${r.stderr}`)
  const pages = r.stdout.split('\f')
  if (pages[pages.length - 1]!.trim() === '') pages.pop()
  return pages
}

/** pdftotext puts spaces inside some Bengali words (between vowel signs); compare without whitespace. */
const squash = (s: string): string => s.replace(/\s+/g, '')

async function openDemo(page: Page): Promise<{ caseId: string; caseName: string }> {
  await page.goto('/')
  await page.getByTestId('open-demo').click()
  await expect(page.getByTestId('case-home')).toBeVisible({ timeout: 120_000 })
  const caseId = /#\/case\/([0-9a-f-]{36})/.exec(page.url())?.[1]
  if (!caseId) throw new Error(`no case id in ${page.url()}`)
  const caseName = (await page.getByTestId('case-title').innerText()).trim()
  return { caseId, caseName }
}

async function printToPdf(page: Page, caseId: string, params: Record<string, string>, file: string): Promise<{ pdf: string; pages: string[]; laidOut: number; events: number }> {
  await page.goto(`/#/case/${caseId}/print?${new URLSearchParams(params).toString()}`)
  await expect(page.locator('[data-print-ready="true"]')).toBeVisible({ timeout: 120_000 })
  const laidOut = Number(await page.getByTestId('print-view').getAttribute('data-page-count'))
  const events = Number(await page.getByTestId('print-event-count').getAttribute('data-count'))
  mkdirSync(OUT, { recursive: true })
  const pdf = join(OUT, file)
  writeFileSync(pdf, await page.pdf({ preferCSSPageSize: true, printBackground: true }))
  return { pdf, pages: pdfPages(pdf), laidOut, events }
}

function checkEveryPage(pages: readonly string[], caseName: string, marking: string) {
  expect(pages.length).toBeGreaterThan(1)
  pages.forEach((text, i) => {
    expect(text, `page ${i + 1}: case name`).toContain(caseName)
    expect(text.split(marking).length - 1, `page ${i + 1}: marking at the top and bottom`).toBeGreaterThanOrEqual(2)
    const of = [...text.matchAll(/page (\d+) of (\d+)/g)]
    expect(of.length, `page ${i + 1}: "page X of Y"`).toBeGreaterThan(0)
    for (const m of of) expect([Number(m[1]), Number(m[2])], `page ${i + 1}`).toEqual([i + 1, pages.length])
  })
}

test('the demo case prints: every page carries case and marking, the count is right, names print as text', async ({ page }) => {
  test.setTimeout(400_000)
  const { caseId, caseName } = await openDemo(page)
  const recruiter = member('recruiter')
  const facilitator = member('facilitator')

  // The whole case, with the recruiter and the Thai facilitator as lanes: the facilitator's Thai name labels a lane.
  const whole = await printToPdf(
    page,
    caseId,
    { lanes: 'entities', laneKeys: JSON.stringify([recruiter.phone, facilitator.phone]), paper: 'A4', orient: 'landscape', mark: 'RESTRICTED' },
    'demo-whole-case.pdf'
  )
  expect(whole.pages.length).toBe(whole.laidOut)
  checkEveryPage(whole.pages, caseName, 'RESTRICTED')
  expect(whole.pages.some((p) => p.includes('continues on page 2'))).toBe(true)
  expect(whole.pages[0]).toContain('Times: UTC')
  expect(squash(whole.pages.join(''))).toContain(squash(facilitator.native))
  expect(whole.pages[whole.pages.length - 1]).toContain('Sources')

  // One phone, in Dhaka time, with the table appendix: the recruiter's Bengali name prints beside his number.
  const one = await printToPdf(
    page,
    caseId,
    { entities: JSON.stringify([recruiter.phone]), zone: 'Asia/Dhaka', paper: 'A4', orient: 'portrait', mark: 'CONFIDENTIAL', table: '1' },
    'demo-one-phone.pdf'
  )
  expect(one.pages.length).toBe(one.laidOut)
  checkEveryPage(one.pages, caseName, 'CONFIDENTIAL')
  expect(one.pages[0]).toContain('Asia/Dhaka')
  expect(squash(one.pages[0]!)).toContain(squash(recruiter.native))
  expect(one.pages.some((p) => p.includes('Chronological table'))).toBe(true)
  // The table pages hold exactly the rows the print view promises: one time (or "no date") per filtered event, none
  // cut off at the foot of a page.
  expect(one.events).toBeGreaterThan(100)
  const tablePages = one.pages.filter((p) => p.includes('Chronological table'))
  const times = tablePages.join('\n').match(/\b\d{4}-\d\d-\d\d \d\d:\d\d:\d\d (?:UTC|[+−-]\d\d:\d\d)/g) ?? []
  const undated = tablePages.join('\n').match(/\bno date\b/g) ?? []
  expect(times.length + undated.length).toBe(one.events)
  // Dense pages: ~35–45 rows on A4 (portrait holds more), not the ~16 of two-line rows throughout.
  expect(one.events / tablePages.length).toBeGreaterThan(30)
  // The whole case's PDF is longer than one phone's chart pages.
  expect(whole.pages.length).toBeGreaterThan(one.pages.filter((p) => p.includes('Chart part')).length)
})

test('the standalone HTML export has no external reference and the chart exports as SVG and PNG', async ({ page }) => {
  test.setTimeout(300_000)
  const { caseId, caseName } = await openDemo(page)
  const recruiter = member('recruiter')
  await page.goto(`/#/case/${caseId}/print?${new URLSearchParams({ lanes: 'entities', laneKeys: JSON.stringify([recruiter.phone]), mark: 'RESTRICTED' }).toString()}`)
  await expect(page.locator('[data-print-ready="true"]')).toBeVisible({ timeout: 120_000 })

  const save = async (testId: string): Promise<Buffer> => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()])
    const file = join(OUT, download.suggestedFilename())
    mkdirSync(OUT, { recursive: true })
    await download.saveAs(file)
    return readFileSync(file)
  }

  const html = (await save('export-html')).toString('utf8')
  expect(html).toContain(caseName.replace(/&/g, '&amp;'))
  expect(html).not.toMatch(/<script/i)
  expect(html).not.toMatch(/\s(src|href|srcset|action)\s*=/i)
  expect(html.match(/url\(\s*["']?(?!data:)[^)]*\)/gi) ?? []).toEqual([])
  // Outside the inlined fonts (base64, which may hold "//"), no URL of any scheme but the SVG namespace name.
  const outsideData = html.replace(/data:[\w/+.-]+;base64,[A-Za-z0-9+/=]+/g, 'data:')
  expect(outsideData.match(/([a-z][a-z0-9+.-]*:)?\/\/[^\s"'<>)]+/gi)?.filter((u) => u !== 'http://www.w3.org/2000/svg') ?? []).toEqual([])
  // The recruiter's Bengali name is in the file as text, with its font inside the file.
  expect(html).toContain(recruiter.native)
  expect(html).toMatch(/@font-face\{font-family:'Noto Sans Bengali'[^}]*src:url\(data:font\/woff2;base64,/)

  const svg = (await save('export-svg')).toString('utf8')
  expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
  expect(svg).toContain(recruiter.native)
  const png = await save('export-png')
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  await expect(page.getByTestId('print-outcome')).toContainText('Saved to')
})
