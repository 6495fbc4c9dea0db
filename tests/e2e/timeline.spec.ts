// The timeline on the demo case: it shows the case's events, zooms and pans, filters to one phone with a table that
// agrees, opens an event with its provenance, keeps stars and tags across a reload, and takes an analyst event.
import { readFileSync } from 'node:fs'
import { expect, test } from './fixtures'
import type { Page } from '@playwright/test'

interface Answers {
  readonly network: readonly { readonly role: string; readonly numbers: readonly string[] }[]
}
const answers = JSON.parse(readFileSync('scripts/demo/answers.json', 'utf8')) as Answers
const recruiter = answers.network.find((p) => p.role === 'recruiter')!.numbers[0]!

async function count(page: Page): Promise<number> {
  const el = page.getByTestId('tl-count')
  await expect(el).not.toHaveAttribute('data-count', '')
  return Number(await el.getAttribute('data-count'))
}

async function windowOf(page: Page): Promise<{ start: number; end: number }> {
  const c = page.getByTestId('timeline-canvas')
  return { start: Number(await c.getAttribute('data-start')), end: Number(await c.getAttribute('data-end')) }
}

const rows = (page: Page) => page.locator('[data-testid="timeline-table"] .ag-row')

test.use({ viewport: { width: 1400, height: 900 } })

test('the timeline shows the demo case, zooms, filters to one phone, marks events and takes an analyst event', async ({ page }) => {
  test.setTimeout(240_000)
  await page.goto('/')
  await page.getByTestId('open-demo').click()
  await expect(page.getByTestId('case-home')).toBeVisible({ timeout: 150_000 })
  const overview = Number((await page.locator('.wm-stat').nth(1).locator('.wm-stat-n').innerText()).replace(/\D/g, ''))
  expect(overview).toBeGreaterThan(4000)

  await page.getByRole('tab', { name: /Timeline/ }).click()
  await expect(page.getByTestId('timeline-canvas')).toBeVisible({ timeout: 30_000 })
  // Every event of the case is on the timeline or, without a date, in its table.
  expect(await count(page)).toBe(overview)
  await expect(page.getByTestId('tl-summary')).toHaveText('All events')
  await expect(page.getByTestId('timeline-canvas')).toHaveAttribute('data-mode', 'density')
  await expect(rows(page).first()).toBeVisible()

  // Zoom and pan change the axis.
  const fitted = await windowOf(page)
  const rangeBefore = await page.getByTestId('tl-range').innerText()
  await page.getByTestId('tl-zoom-in').click()
  await expect.poll(async () => (await windowOf(page)).end - (await windowOf(page)).start).toBeLessThan((fitted.end - fitted.start) * 0.6)
  await expect(page.getByTestId('tl-range')).not.toHaveText(rangeBefore)
  const zoomed = await windowOf(page)
  await page.getByTestId('timeline-canvas').focus()
  await page.keyboard.press('ArrowRight')
  await expect.poll(async () => (await windowOf(page)).start).toBeGreaterThan(zoomed.start)
  const box = (await page.getByTestId('timeline-canvas').boundingBox())!
  await page.mouse.move(box.x + box.width / 2, box.y + 80)
  for (let i = 0; i < 10; i++) await page.mouse.wheel(0, -400)
  await expect(page.getByTestId('timeline-canvas')).toHaveAttribute('data-mode', 'glyphs')
  await page.keyboard.press('Home')
  await expect.poll(async () => (await windowOf(page)).start).toBe(fitted.start)

  // Filter to the recruiter's phone: the summary names it, and the table lists only events with that number.
  await page.getByTestId('tl-entity-search').fill(recruiter)
  await page.getByTestId('tl-entity-search-menu').getByText(recruiter).first().click()
  await expect(page.getByTestId('tl-summary')).toContainText(recruiter)
  const phoneCount = await count(page)
  expect(phoneCount).toBeGreaterThan(10)
  expect(phoneCount).toBeLessThan(overview)
  await expect(rows(page).first()).toContainText(recruiter)
  // The grid draws its rows over a few frames: read them once more than the first few are there.
  await expect.poll(() => rows(page).count()).toBeGreaterThan(5)
  const shown = await rows(page).allInnerTexts()
  expect(shown.length).toBeGreaterThan(5)
  for (const r of shown) expect(r).toContain(recruiter)

  // Select a row: the detail panel shows the file and row it came from.
  const row = rows(page).nth(2)
  const file = await row.locator('[col-id="file"]').innerText()
  const line = await row.locator('[col-id="row"]').innerText()
  await row.click()
  await expect(page.getByTestId('event-detail')).toBeVisible()
  await expect(page.getByTestId('prov-file').first()).toHaveText(file)
  await expect(page.getByTestId('prov-row').first()).toHaveText(`row ${line}`)
  // The call type as the operator wrote it stands beside the direction read from it.
  const directionRow = page.getByTestId('detail-values').locator('tr').filter({ has: page.locator('th', { hasText: /^Direction$/ }) })
  await expect(directionRow.locator('.wm-tl-original')).toHaveText(/^(MO|MT|SMO|SMT|(Outgoing|Incoming) (Call|SMS))$/)

  // Star and tag it; both survive a reload.
  await page.getByTestId('detail-star').click()
  await expect(page.getByTestId('detail-star')).toHaveText('Starred')
  await page.locator('#tl-tag-input').fill('recruiter-contact')
  await page.locator('#tl-tag-input').press('Enter')
  await expect(page.getByTestId('event-detail').locator('.bp6-tag-input .bp6-tag')).toHaveText(['recruiter-contact'])
  await page.reload()
  await expect(page.getByTestId('timeline-view')).toBeVisible({ timeout: 30_000 })
  await expect(page.getByTestId('tl-summary')).toContainText(recruiter)
  await page.getByTestId('tl-starred').check({ force: true })
  await expect.poll(() => count(page)).toBe(1)
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first()).toContainText('★')
  await expect(rows(page).first()).toContainText('recruiter-contact')
  await rows(page).first().click()
  await expect(page.getByTestId('prov-row').first()).toHaveText(`row ${line}`)
  await expect(page.getByTestId('detail-star')).toHaveText('Starred')

  // An analyst event appears in the table.
  await page.getByTestId('tl-clear-filter').click()
  await expect.poll(() => count(page)).toBe(overview)
  await page.getByTestId('tl-add-analyst').click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Title').fill('Victim recruited in Cox’s Bazar')
  await dialog.getByLabel('Zone').selectOption('Asia/Dhaka')
  await dialog.getByLabel('Time (wall clock)').fill('2024-02-07 09:30')
  await page.getByTestId('ae-save').click()
  await expect(dialog).toBeHidden()
  await expect.poll(() => count(page)).toBe(overview + 1)
  await page.getByTestId('tl-text').fill('Victim recruited')
  await expect.poll(() => count(page)).toBe(1)
  await expect(rows(page)).toHaveCount(1)
  await expect(rows(page).first()).toContainText('Victim recruited in Cox’s Bazar')
  await expect(rows(page).first()).toContainText('2024-02-07 03:30:00 UTC')
})
