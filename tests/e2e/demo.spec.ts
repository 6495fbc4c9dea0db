// "Open demo case" on the start screen imports the six generated files through the real pipeline.
import { expect, test } from './fixtures'

test('Open demo case imports the demo files and opens the case; a second click just opens it', async ({ page }) => {
  test.setTimeout(120_000)
  await page.goto('/')
  await page.getByTestId('open-demo').click()
  await expect(page.getByTestId('case-home')).toBeVisible({ timeout: 90_000 })
  await expect(page.getByTestId('case-title')).toContainText('Demo case')
  await page.getByRole('tab', { name: /Sources/ }).click()
  await expect(page.getByTestId('source-row')).toHaveCount(5)
  for (const f of ['bd-operator-cdr.csv', 'my-operator-cdr.xlsx', 'subscribers.xlsx', 'th-border-crossings.xlsx', 'transfers.csv']) {
    await expect(page.getByTestId('sources-table')).toContainText(f)
  }
  // The calls in both the Bangladeshi and the Malaysian CDRs are merged, so the case has fewer events than rows.
  await page.getByRole('tab', { name: /Overview/ }).click()
  const events = Number((await page.locator('.wm-stat').nth(1).locator('.wm-stat-n').innerText()).replace(/\D/g, ''))
  expect(events).toBeGreaterThan(4000)
  expect(events).toBeLessThan(3000 + 1836 + 118 + 300)

  await page.goto('/')
  await page.getByTestId('open-demo').click()
  await expect(page.getByTestId('case-title')).toContainText('Demo case', { timeout: 30_000 })
  await page.goto('/')
  await expect(page.getByTestId('case-row').filter({ hasText: 'Demo case' })).toHaveCount(1)
})
