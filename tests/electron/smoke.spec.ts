// Desktop smoke test through Playwright's _electron: the window is sandboxed and isolated, and navigation is denied.
// It needs an Electron binary; where none is installed (it downloads at first run, which needs the internet) the
// test is skipped and says so.
import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../..', import.meta.url))

function electronBinary(): string | null {
  const pathFile = join(root, 'node_modules', 'electron', 'path.txt')
  if (!existsSync(pathFile)) return null
  const exe = join(root, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(exe) ? exe : null
}

const binary = electronBinary()
const reason = 'no Electron binary is installed (node_modules/electron/path.txt is absent: Electron downloads its binary at first run, which needs the internet); the browser-mode e2e suite covers the renderer'
if (!binary) console.warn(`[skip] tests/electron: ${reason}`)

test.describe('Electron window', () => {
  test.skip(!binary, reason)

  test('opens sandboxed, isolated, without Node, and refuses navigation and new windows', async () => {
    const app = await electron.launch({ executablePath: binary!, args: [root, '--no-sandbox'], env: { ...process.env, ELECTRON_ENABLE_LOGGING: '1' } })
    try {
      const win = await app.firstWindow()
      await expect(win.getByTestId('start-screen')).toBeVisible()
      expect(win.url()).toBe('app://waymark/index.html')

      // app.enableSandbox() sandboxes every renderer whatever a window's options say; it leaves this switch.
      expect(await app.evaluate(({ app }) => app.commandLine.hasSwitch('enable-sandbox'))).toBe(true)
      // contextBridge refuses to expose anything without context isolation, so a working bridge proves it; its
      // functions arrive as native proxies, not the preload's own closures.
      expect(await win.evaluate(() => Function.prototype.toString.call((window as unknown as { waymark: { appInfo: () => void } }).waymark.appInfo))).toContain('[native code]')

      // No Node in the page; only the named bridge functions.
      expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
      expect(await win.evaluate(() => typeof (globalThis as { process?: unknown }).process)).toBe('undefined')
      expect(await win.evaluate(() => Object.keys((window as unknown as { waymark: object }).waymark).sort())).toEqual(['appInfo', 'printToPdf', 'saveFile'])

      await win.evaluate(() => {
        window.location.href = 'https://example.org/'
      })
      await win.waitForTimeout(500)
      expect(win.url()).toBe('app://waymark/index.html')

      await win.evaluate(() => window.open('https://example.org/'))
      await win.waitForTimeout(500)
      expect(app.windows()).toHaveLength(1)
    } finally {
      await app.close()
    }
  })
})
