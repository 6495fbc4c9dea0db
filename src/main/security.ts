// Network and navigation policy of the main process, as plain functions so unit tests can hold them to account.
// Waymark makes no network access: the only content a window may load is the app's own.

/** The custom scheme the renderer is served from in Electron (see protocol.ts). */
export const APP_SCHEME = 'app'
export const APP_HOST = 'waymark'
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`

/** Schemes a request may use besides the app's own: in-memory content the renderer itself creates. */
const LOCAL_SCHEMES = new Set(['data:', 'blob:'])

/** Chromium's internal pages used by the DevTools when a developer opens them. */
const DEVTOOLS_SCHEMES = new Set(['devtools:'])

function parse(url: string): URL | null {
  try {
    return new URL(url)
  } catch {
    return null
  }
}

/**
 * The dev server origin, only when running `electron-vite dev` (ELECTRON_RENDERER_URL); it must be loopback.
 * Returns null for anything else so a packaged app never trusts an http origin.
 */
export function devServerOrigin(rendererUrl: string | undefined, isPackaged: boolean): string | null {
  if (isPackaged || !rendererUrl) return null
  const u = parse(rendererUrl)
  if (!u || u.protocol !== 'http:') return null
  if (u.hostname !== '127.0.0.1' && u.hostname !== 'localhost' && u.hostname !== '[::1]') return null
  return u.origin
}

/** Is this URL the app's own content (the app:// origin, or the loopback dev server in development)? */
export function isAppUrl(url: string, devOrigin: string | null = null): boolean {
  const u = parse(url)
  if (!u) return false
  if (u.protocol === `${APP_SCHEME}:`) return u.host === APP_HOST
  return devOrigin !== null && u.origin === devOrigin
}

export type RequestDecision = { allow: true } | { allow: false; reason: string }

/** Every request a session makes passes here: the app's own origin and in-memory data only, nothing else. */
export function decideRequest(url: string, devOrigin: string | null = null): RequestDecision {
  const u = parse(url)
  if (!u) return { allow: false, reason: 'unparseable URL' }
  if (isAppUrl(url, devOrigin)) return { allow: true }
  if (LOCAL_SCHEMES.has(u.protocol)) return { allow: true }
  if (devOrigin !== null && DEVTOOLS_SCHEMES.has(u.protocol)) return { allow: true }
  if (devOrigin !== null && (u.protocol === 'ws:') && `http://${u.host}` === devOrigin) return { allow: true }
  return { allow: false, reason: `${u.protocol} requests are refused: Waymark makes no network access` }
}

/** Navigation away from the loaded app is never allowed; the app is a single page. */
export function allowNavigation(_url: string): boolean {
  return false
}

/** Permission requests (camera, geolocation, notifications, …) are all denied. */
export function allowPermission(_permission: string): boolean {
  return false
}

/** The frame that sent an IPC message must be the app's own top frame. */
export function isTrustedSender(frame: { url: string; isMainFrame: boolean } | null | undefined, devOrigin: string | null = null): boolean {
  if (!frame) return false
  if (!frame.isMainFrame) return false
  return isAppUrl(frame.url, devOrigin)
}

/** webPreferences every BrowserWindow gets; the tests check each flag. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    // Middle-click would otherwise try to open links in a new window.
    disableBlinkFeatures: 'Auxclick'
  } as const
}

/** Options for the case window: hidden until its first paint so a half-drawn or blank window never shows. */
export function mainWindowOptions(preloadPath: string) {
  return {
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Waymark',
    backgroundColor: '#1c2127',
    autoHideMenuBar: false,
    webPreferences: secureWebPreferences(preloadPath)
  } as const
}

/** The spellchecker is off; its dictionary URL points at an unroutable address so nothing is ever fetched. */
export const SPELLCHECK_DICTIONARY_URL = 'http://0.0.0.0/'

/**
 * Maps an app:// URL to a file below the renderer folder, or null if it would leave it.
 * Pure path arithmetic on POSIX-style segments so it behaves the same on every OS.
 */
export function resolveAppFile(url: string): string | null {
  const u = parse(url)
  if (!u || u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null
  let pathname: string
  try {
    pathname = decodeURIComponent(u.pathname)
  } catch {
    return null
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null
  const segments: string[] = []
  for (const seg of pathname.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') return null
    segments.push(seg)
  }
  if (segments.length === 0) return 'index.html'
  return segments.join('/')
}

const MIME: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  json: 'application/json',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  woff: 'font/woff',
  woff2: 'font/woff2',
  ttf: 'font/ttf',
  otf: 'font/otf',
  wasm: 'application/wasm'
}

export function mimeTypeFor(file: string): string {
  const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase()
  return MIME[ext] ?? 'application/octet-stream'
}
