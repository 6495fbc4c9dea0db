// The app starts on its shell alone: the case list and a case's Overview open without the tabs' code (AG Grid, SheetJS,
// the timeline), which loads in the background once a case is open; a tab whose code cannot load says so in its place.
import type { Page } from '@playwright/test'
import { createCase, expect, test } from './fixtures'

/** Script and style files the page fetched, by their chunk names (`TimelineView-3fa9.js` → `TimelineView`). */
function watchChunks(page: Page): string[] {
  const chunks: string[] = []
  page.on('request', (req) => {
    const m = /\/assets\/([^/]+?)-[\w-]{8}\.(?:js|css)$/.exec(new URL(req.url()).pathname)
    if (m) chunks.push(m[1]!)
  })
  return chunks
}

// `workspace` is the workspace index's chunk: the analysis code with luxon and libphonenumber, which the shell reaches
// only if it imports the index instead of the modules it needs.
const TAB_CHUNKS = ['DataGrid', 'xlsx', 'workspace', 'TimelineView', 'EntitiesView', 'ImportWizard', 'SourcesView', 'PrintView']

test('the case list loads without any tab’s code, and opening a case fetches the tabs in the background', async ({ page }) => {
  await page.goto('/')
  await createCase(page, 'Operation Lantern', 'L-3')

  // A fresh start, as when Waymark is opened again.
  const fresh = await page.context().newPage()
  const chunks = watchChunks(fresh)
  await fresh.goto('/')
  await expect(fresh.getByTestId('case-row').filter({ hasText: 'Operation Lantern' })).toBeVisible()
  expect(chunks.length, 'the shell itself was fetched').toBeGreaterThan(0)
  expect(chunks.filter((c) => TAB_CHUNKS.includes(c))).toEqual([])

  await fresh.getByTestId('case-row').filter({ hasText: 'Operation Lantern' }).getByRole('button', { name: 'Open' }).click()
  await expect(fresh.getByTestId('case-title')).toHaveText('Operation Lantern')
  // Switching tabs should not wait for the network: the tabs' code arrives while the analyst reads the Overview.
  await expect.poll(() => ['TimelineView', 'EntitiesView', 'SourcesView', 'ImportWizard'].filter((c) => !chunks.includes(c)), { timeout: 30_000 }).toEqual([])
  await fresh.getByRole('tab', { name: 'Timeline' }).click()
  await expect(fresh.getByText('No events match')).toBeVisible()
  await fresh.getByRole('tab', { name: /Entities/ }).click()
  await expect(fresh.getByText('No phones in this case')).toBeVisible()
})

test('a tab whose code cannot be loaded says so in its place, and the other tabs still work', async ({ page }) => {
  await page.goto('/')
  await createCase(page, 'Operation Ember', 'E-9')
  await page.getByTestId('case-row').filter({ hasText: 'Operation Ember' }).getByRole('button', { name: 'Open' }).click()
  await expect(page.getByTestId('case-title')).toHaveText('Operation Ember')
  const caseUrl = page.url()

  // As if the installed files were damaged: the timeline's chunk cannot be fetched.
  const broken = await page.context().newPage()
  await broken.route(/\/assets\/TimelineView-[\w-]{8}\.js$/, (route) => route.abort())
  await broken.goto(`${caseUrl}/timeline`)
  const problem = broken.getByTestId('pane-error')
  await expect(problem).toContainText('The timeline could not be shown')
  await expect(problem).toContainText('Reload Waymark')
  await expect(broken.getByTestId('case-title')).toHaveText('Operation Ember')

  await broken.getByRole('tab', { name: /Sources/ }).click()
  await expect(broken.getByText('No sources yet')).toBeVisible()
  await expect(broken.getByTestId('pane-error')).toHaveCount(0)
})
