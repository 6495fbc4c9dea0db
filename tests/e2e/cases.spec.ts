// The start screen against real IndexedDB in Chromium: cases survive a reload; rename and delete are audited.
import { createCase, expect, test } from './fixtures'

test('a created case is still there after a reload, and opens to its home screen', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByTestId('start-screen')).toBeVisible()
  await createCase(page, 'Operation Monsoon', 'TIP-2026-0147')
  const row = page.getByTestId('case-row').filter({ hasText: 'Operation Monsoon' })
  await expect(row).toContainText('TIP-2026-0147')

  await page.reload()
  await expect(page.getByTestId('case-row').filter({ hasText: 'Operation Monsoon' })).toContainText('TIP-2026-0147')

  await page.getByTestId('case-row').filter({ hasText: 'Operation Monsoon' }).getByRole('button', { name: 'Open' }).click()
  await expect(page.getByTestId('case-title')).toHaveText('Operation Monsoon')
  await expect(page.getByTestId('audit-table')).toContainText('Case created')
  await expect(page.getByTestId('audit-table')).toContainText('Case opened')

  // The case's address survives a reload too.
  await page.reload()
  await expect(page.getByTestId('case-title')).toHaveText('Operation Monsoon')
  await page.getByTestId('verify-audit').click()
  await expect(page.getByTestId('audit-ok')).toContainText('intact')
})

test('a duplicate case name is refused with a message, and nothing is lost', async ({ page }) => {
  await page.goto('/')
  await createCase(page, 'Operation Delta', 'A-1')
  await page.getByTestId('new-case').click()
  await page.getByLabel('Case name').fill('operation delta')
  await page.getByRole('button', { name: 'Create case' }).click()
  await expect(page.getByRole('dialog').getByTestId('problem')).toContainText('already exists')
  await page.getByRole('button', { name: 'Cancel' }).click()
  await expect(page.getByTestId('case-row').filter({ hasText: 'Operation Delta' })).toHaveCount(1)
})

test('rename, then delete only after the name is typed; both are in the audit log', async ({ page }) => {
  await page.goto('/')
  await createCase(page, 'Operation Kite', 'K-7')
  await page.getByRole('button', { name: 'Rename Operation Kite' }).click()
  await page.getByLabel('Case name').fill('Operation Kestrel')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByTestId('case-row').filter({ hasText: 'Operation Kestrel' })).toBeVisible()

  await page.getByRole('button', { name: 'Delete Operation Kestrel' }).click()
  const confirm = page.getByRole('button', { name: 'Delete case' })
  await expect(confirm).toBeDisabled()
  await page.getByLabel(/Type .* to confirm/).fill('Operation Kes')
  await expect(confirm).toBeDisabled()
  await page.getByLabel(/Type .* to confirm/).fill('Operation Kestrel')
  await confirm.click()
  await expect(page.getByTestId('case-row').filter({ hasText: 'Operation Kestrel' })).toHaveCount(0)

  const actions = await page.evaluate(async () => {
    const open = indexedDB.open('waymark-workspace')
    const db: IDBDatabase = await new Promise((ok, fail) => {
      open.onsuccess = () => ok(open.result)
      open.onerror = () => fail(open.error)
    })
    const all: Array<{ action: string; details: string }> = await new Promise((ok, fail) => {
      const req = db.transaction('audit').objectStore('audit').getAll()
      req.onsuccess = () => ok(req.result)
      req.onerror = () => fail(req.error)
    })
    db.close()
    return all.map((e) => `${e.action} ${e.details}`)
  })
  expect(actions.some((a) => a.startsWith('case.renamed') && a.includes('Operation Kestrel'))).toBe(true)
  expect(actions.some((a) => a.startsWith('case.deleted') && a.includes('Operation Kestrel'))).toBe(true)
})

test('the status area names browser mode and what the browser said about persistent storage', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByTestId('mode')).toContainText('Browser mode')
  await expect(page.getByTestId('storage-status')).toContainText(/Storage: (persistent|best-effort)/)
})

test('light and dark themes', async ({ page }) => {
  await page.goto('/')
  const theme = () => page.evaluate(() => document.body.dataset.theme ?? '')
  await expect.poll(theme).toMatch(/^(light|dark)$/)
  const before = await theme()
  const other = before === 'dark' ? 'light' : 'dark'
  await page.getByTestId('theme-toggle').click()
  await expect.poll(theme).toBe(other)
  await expect(page.locator('body')).toHaveClass(other === 'dark' ? /bp6-dark/ : /^(?!.*bp6-dark).*$/)
  await page.reload()
  await expect.poll(theme).toBe(other)
})

test('names in Thai, Bengali and Burmese script render with the bundled Noto fonts', async ({ page }) => {
  await page.goto('/')
  await createCase(page, 'ปฏิบัติการ แม่สอด', 'TH-1')
  await createCase(page, 'কক্সবাজার রুট', 'BD-1')
  await createCase(page, 'မြဝတီ လမ်းကြောင်း', 'MM-1')
  await expect(page.getByTestId('case-row').filter({ hasText: 'ปฏิบัติการ แม่สอด' })).toBeVisible()
  const loaded = await page.evaluate(async () => {
    await document.fonts.ready
    const faces: string[] = []
    document.fonts.forEach((f) => {
      if (f.status === 'loaded') faces.push(f.family.replace(/"/g, ''))
    })
    return [...new Set(faces)].sort()
  })
  expect(loaded).toEqual(expect.arrayContaining(['Noto Sans Bengali', 'Noto Sans Myanmar', 'Noto Sans Thai']))
})
