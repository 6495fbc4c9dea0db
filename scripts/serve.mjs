// Browser-mode server: serves the built renderer on 127.0.0.1 only, with the app's CSP as a response header.
// Static files below out/renderer and nothing else: no directory listings, no proxying, no other routes.
import { createServer } from 'node:http'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, normalize, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = fileURLToPath(new URL('.', import.meta.url))
// WAYMARK_RENDERER_OUT lets two builds (e.g. a benchmark and a test run) live side by side.
export const RENDERER_DIR = process.env.WAYMARK_RENDERER_OUT ? resolve(process.env.WAYMARK_RENDERER_OUT) : resolve(here, '..', 'out', 'renderer')

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm'
}

/**
 * The CSP is read from the built index.html's meta tag, so header and meta tag are the same policy by construction;
 * the header adds frame-ancestors, which browsers honour only from a header (as HEADER_ONLY_CSP in src/main/csp.ts).
 */
export async function readCsp(dir = RENDERER_DIR) {
  const html = await readFile(join(dir, 'index.html'), 'utf8')
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)
  if (!m) throw new Error(`${dir}/index.html has no Content-Security-Policy meta tag`)
  return `${m[1]}; frame-ancestors 'none'`
}

export async function startServer({ host = '127.0.0.1', port = 0, dir = RENDERER_DIR } = {}) {
  if (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost') throw new Error('browser mode serves on loopback only')
  const csp = await readCsp(dir)
  const root = resolve(dir)
  const server = createServer(async (req, res) => {
    const headers = {
      'Content-Security-Policy': csp,
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store'
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end()
      return
    }
    let pathname
    try {
      pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)
    } catch {
      res.writeHead(400, headers).end()
      return
    }
    if (pathname.includes('\0')) {
      res.writeHead(400, headers).end()
      return
    }
    const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname))
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(404, headers).end()
      return
    }
    try {
      const s = await stat(file)
      if (!s.isFile()) throw new Error('not a file')
      const body = await readFile(file)
      res.writeHead(200, { ...headers, 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length })
      res.end(req.method === 'HEAD' ? undefined : body)
    } catch {
      res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found')
    }
  })
  await new Promise((ok, fail) => {
    server.once('error', fail)
    server.listen(port, host, ok)
  })
  const addr = server.address()
  const url = `http://${host}:${typeof addr === 'object' && addr ? addr.port : port}/`
  return { server, url }
}

// `node scripts/serve.mjs [--port N]`: serve only (used by the e2e suite).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port')
  const port = i > 0 ? Number(process.argv[i + 1]) : 0
  const { url } = await startServer({ port })
  console.log(`Waymark browser mode serving ${RENDERER_DIR} at ${url}`)
}
