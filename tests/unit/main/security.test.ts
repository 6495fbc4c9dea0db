// The main process's policy: what a window may load, who may call the bridge, and how every window is built.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY_HEADER } from '../../../src/main/csp'
import {
  APP_ENTRY_URL,
  allowNavigation,
  allowPermission,
  decideRequest,
  devServerOrigin,
  isTrustedSender,
  mainWindowOptions,
  resolveAppFile,
  secureWebPreferences
} from '../../../src/main/security'

describe('request filter', () => {
  it('allows the app’s own origin and in-memory data', () => {
    expect(decideRequest(APP_ENTRY_URL)).toEqual({ allow: true })
    expect(decideRequest('app://waymark/assets/index-abc.js')).toEqual({ allow: true })
    expect(decideRequest('data:image/png;base64,AAAA')).toEqual({ allow: true })
    expect(decideRequest('blob:app://waymark/4b1c-…')).toEqual({ allow: true })
  })

  it.each([
    'https://example.org/',
    'http://127.0.0.1:8080/',
    'http://localhost:5173/',
    'ws://example.org/',
    'wss://example.org/',
    'ftp://example.org/x',
    'file:///etc/passwd',
    'app://other-host/index.html',
    'chrome-extension://abc/x.js',
    'devtools://devtools/bundled/inspector.html',
    'not a url'
  ])('refuses %s in a packaged app', (url) => {
    const d = decideRequest(url, null)
    expect(d.allow).toBe(false)
  })

  it('trusts a loopback dev server only in development and only its own origin', () => {
    expect(devServerOrigin('http://localhost:5173/', false)).toBe('http://localhost:5173')
    expect(devServerOrigin('http://localhost:5173/', true)).toBeNull()
    expect(devServerOrigin('http://192.168.1.5:5173/', false)).toBeNull()
    expect(devServerOrigin('https://example.org/', false)).toBeNull()
    const dev = devServerOrigin('http://localhost:5173/', false)
    expect(decideRequest('http://localhost:5173/src/main.tsx', dev).allow).toBe(true)
    expect(decideRequest('http://localhost:5174/', dev).allow).toBe(false)
    expect(decideRequest('https://example.org/', dev).allow).toBe(false)
  })
})

describe('navigation, windows and permissions', () => {
  it('never navigates and never grants a permission', () => {
    for (const url of [APP_ENTRY_URL, 'https://example.org/', 'file:///']) expect(allowNavigation(url)).toBe(false)
    for (const p of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) expect(allowPermission(p)).toBe(false)
  })

  it('builds every window sandboxed, isolated, without Node, hidden until ready', () => {
    const o = mainWindowOptions('/app/out/preload/index.cjs')
    expect(o.show).toBe(false)
    expect(o.webPreferences).toMatchObject({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick'
    })
    expect(secureWebPreferences('/p')).toEqual(mainWindowOptions('/p').webPreferences)
  })
})

describe('IPC sender check', () => {
  it('accepts only the app’s own main frame', () => {
    expect(isTrustedSender({ url: APP_ENTRY_URL, isMainFrame: true })).toBe(true)
    expect(isTrustedSender({ url: APP_ENTRY_URL, isMainFrame: false })).toBe(false)
    expect(isTrustedSender({ url: 'https://example.org/', isMainFrame: true })).toBe(false)
    expect(isTrustedSender({ url: 'app://evil/index.html', isMainFrame: true })).toBe(false)
    expect(isTrustedSender({ url: 'file:///tmp/x.html', isMainFrame: true })).toBe(false)
    expect(isTrustedSender(null)).toBe(false)
  })
})

describe('app:// file resolution', () => {
  it('maps URLs into the renderer folder and refuses traversal', () => {
    expect(resolveAppFile('app://waymark/')).toBe('index.html')
    expect(resolveAppFile('app://waymark/assets/a.js?x=1')).toBe('assets/a.js')
    // The URL parser folds a leading %2e%2e away: what remains is still inside the renderer folder.
    expect(resolveAppFile('app://waymark/%2e%2e/package.json')).toBe('package.json')
    expect(resolveAppFile('app://waymark/a/%2e%2e/%2e%2e/%2e%2e/b')).toBe('b')
    expect(resolveAppFile('app://waymark/assets/..%2f..%2fsecret')).toBeNull()
    expect(resolveAppFile('app://waymark/a%5c..%5cb')).toBeNull()
    expect(resolveAppFile('app://waymark/%00')).toBeNull()
    expect(resolveAppFile('app://other/index.html')).toBeNull()
    expect(resolveAppFile('https://waymark/index.html')).toBeNull()
  })
})

describe('content security policy', () => {
  it('is the strict policy the design asks for', () => {
    for (const d of [
      "default-src 'none'",
      "script-src 'self'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      "connect-src 'self'",
      "worker-src 'self' blob:"
    ]) {
      expect(CONTENT_SECURITY_POLICY).toContain(d)
    }
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*|https?:/)
    expect(CONTENT_SECURITY_POLICY_HEADER).toBe(`${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`)
  })

  it('index.html carries the placeholder the build fills with the same policy', () => {
    const html = readFileSync(new URL('../../../src/renderer/index.html', import.meta.url), 'utf8')
    expect(html).toContain('<meta http-equiv="Content-Security-Policy" content="%WAYMARK_CSP%" />')
  })
})
