// Shared e2e fixture: every page's requests are watched, and any that would leave 127.0.0.1 fails the test.
import { test as base, expect, type BrowserContext } from '@playwright/test'

const LOCAL = /^(http:\/\/127\.0\.0\.1:\d+\/|data:|blob:|about:blank|chrome-error:)/

/**
 * Every request that reaches the network layer passes this route: one not to the app's own loopback origin is
 * recorded and aborted, so nothing can leak even if it is attempted. (Requests the CSP blocks inside the page never
 * get here; the CSP tests check those.) Returns the list the caller asserts empty.
 */
export async function guardNetwork(context: BrowserContext): Promise<string[]> {
  const offMachine: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (LOCAL.test(url)) return route.continue()
    offMachine.push(url)
    return route.abort('blockedbyclient')
  })
  // A response from anywhere else would mean something bypassed the route.
  context.on('requestfinished', (req) => {
    if (!LOCAL.test(req.url())) offMachine.push(`${req.url()} (answered)`)
  })
  return offMachine
}

export const test = base.extend<{ offMachine: string[] }>({
  offMachine: [
    async ({ context }, use) => {
      const offMachine = await guardNetwork(context)
      await use(offMachine)
      expect(offMachine, 'requests that tried to leave 127.0.0.1').toEqual([])
    },
    { auto: true }
  ]
})

export { expect }

/** Creates a case through the start screen's dialog. */
export async function createCase(page: import('@playwright/test').Page, name: string, caseNumber: string) {
  await page.getByTestId('new-case').click()
  await page.getByLabel('Case name').fill(name)
  await page.getByLabel('Case number').fill(caseNumber)
  await page.getByRole('button', { name: 'Create case' }).click()
  await expect(page.getByRole('dialog')).toBeHidden()
}
