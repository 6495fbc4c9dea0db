// Waymark makes no network access: the CSP refuses injected requests, and the served CSP matches the meta tag.
import { expect, test } from './fixtures'

test('the page is served with the strict CSP header: the meta tag’s policy plus frame-ancestors', async ({ page }) => {
  const response = await page.goto('/')
  const header = response?.headers()['content-security-policy'] ?? ''
  expect(header).toContain("default-src 'none'")
  expect(header).toContain("connect-src 'self'")
  expect(header).toContain("script-src 'self'")
  const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')
  expect(header).toBe(`${meta}; frame-ancestors 'none'`)
  expect(meta).not.toContain('frame-ancestors')
})

test('an injected fetch to https://example.org is refused by the CSP', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByTestId('start-screen')).toBeVisible()
  const outcome = await page.evaluate(async () => {
    const violations: string[] = []
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`))
    let error = ''
    try {
      await fetch('https://example.org/')
    } catch (e) {
      error = String(e)
    }
    await new Promise((r) => setTimeout(r, 200))
    return { error, violations }
  })
  expect(outcome.error).toMatch(/TypeError|Failed to fetch/)
  expect(outcome.violations.some((v) => v.startsWith('connect-src') && v.includes('example.org'))).toBe(true)
})

test('an injected <img src="https://…"> is refused by the CSP', async ({ page }) => {
  await page.goto('/')
  await expect(page.getByTestId('start-screen')).toBeVisible()
  const outcome = await page.evaluate(async () => {
    const violations: string[] = []
    document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.effectiveDirective} ${e.blockedURI}`))
    const loaded = await new Promise<string>((resolve) => {
      const img = document.createElement('img')
      img.onload = () => resolve('loaded')
      img.onerror = () => resolve('error')
      img.src = 'https://example.org/pixel.png'
      document.body.appendChild(img)
    })
    await new Promise((r) => setTimeout(r, 200))
    return { loaded, violations }
  })
  expect(outcome.loaded).toBe('error')
  expect(outcome.violations.some((v) => v.startsWith('img-src') && v.includes('example.org'))).toBe(true)
})

test('a WebSocket and a worker from elsewhere are refused too', async ({ page }) => {
  await page.goto('/')
  const violations = await page.evaluate(async () => {
    const seen: string[] = []
    document.addEventListener('securitypolicyviolation', (e) => seen.push(e.effectiveDirective))
    try {
      new WebSocket('wss://example.org/')
    } catch {
      seen.push('threw')
    }
    try {
      new Worker('https://example.org/w.js')
    } catch {
      seen.push('worker-threw')
    }
    await new Promise((r) => setTimeout(r, 200))
    return seen
  })
  expect(violations).toContain('connect-src')
  expect(violations.some((v) => v === 'worker-src' || v === 'script-src' || v === 'worker-threw')).toBe(true)
})
