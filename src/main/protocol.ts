// Serves the built renderer from app://waymark/ with the CSP header; nothing outside the renderer folder is reachable.
import { protocol } from 'electron'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { CONTENT_SECURITY_POLICY_HEADER } from './csp'
import { APP_SCHEME, mimeTypeFor, resolveAppFile } from './security'

/** Must run before the app is ready: app:// is a standard, secure scheme so 'self' and IndexedDB work on it. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }
  ])
}

export function serveRenderer(session: Electron.Session, rendererDir: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    const rel = resolveAppFile(request.url)
    if (rel === null) return new Response('Not found', { status: 404 })
    // Read straight from disk (not net.fetch): the session's request filter refuses file: URLs, and the path
    // was already confined to rendererDir above.
    const body = await readFile(join(rendererDir, rel)).catch(() => null)
    if (body === null) return new Response('Not found', { status: 404 })
    return new Response(new Uint8Array(body), {
      status: 200,
      headers: {
        'Content-Type': mimeTypeFor(rel),
        'Content-Security-Policy': CONTENT_SECURITY_POLICY_HEADER,
        'X-Content-Type-Options': 'nosniff',
        'Cross-Origin-Opener-Policy': 'same-origin',
        'Referrer-Policy': 'no-referrer'
      }
    })
  })
}
