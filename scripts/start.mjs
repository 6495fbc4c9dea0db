// `npm start`: the desktop app where an Electron binary exists, otherwise browser mode on 127.0.0.1.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startServer } from './serve.mjs'

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')
const args = new Set(process.argv.slice(2))
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

/** The Electron binary, without triggering the electron package's download-on-require. */
export function electronBinary() {
  const pkg = join(root, 'node_modules', 'electron')
  const pathFile = join(pkg, 'path.txt')
  if (!existsSync(pathFile)) return null
  const exe = join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(exe) ? exe : null
}

function newestMtime(dir) {
  let newest = 0
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    const s = statSync(p)
    newest = Math.max(newest, s.isDirectory() ? newestMtime(p) : s.mtimeMs)
  }
  return newest
}

function buildIfNeeded() {
  const built = join(root, 'out', 'renderer', 'index.html')
  const main = join(root, 'out', 'main', 'index.js')
  const stale = !existsSync(built) || !existsSync(main) || statSync(built).mtimeMs < newestMtime(join(root, 'src'))
  if (!stale && !args.has('--rebuild')) return
  console.log('Building Waymark (type checks first)…')
  const r = spawnSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) {
    console.error('The build failed; see the messages above.')
    process.exit(r.status ?? 1)
  }
}

function findChromium() {
  for (const c of [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable']) {
    if (c && existsSync(c)) return c
  }
  return null
}

buildIfNeeded()

const electron = args.has('--browser') ? null : electronBinary()
if (electron) {
  console.log(`Waymark: desktop mode (Electron at ${electron})`)
  const child = spawn(electron, [root], { stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
} else {
  const portArg = process.argv.indexOf('--port')
  const port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env.WAYMARK_PORT ?? 5199)
  const { url } = await startServer({ port })
  console.log('Waymark: browser mode — no Electron binary is installed here (it downloads at first run, which needs the internet).')
  console.log(`Serving on 127.0.0.1 only: ${url}`)
  console.log(`The demo case opens (and is imported the first time) at ${url}#/demo — or click "Open demo case" on the start screen.`)
  console.log('Press Ctrl+C to stop.')
  const hasDisplay = Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
  const chromium = findChromium()
  if (hasDisplay && chromium && !args.has('--no-open')) {
    const profile = mkdtempSync(join(tmpdir(), 'waymark-profile-'))
    const flags = [
      `--app=${url}#/demo`,
      `--user-data-dir=${profile}`,
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-default-apps',
      '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1'
    ]
    if (process.getuid?.() === 0) flags.push('--no-sandbox')
    spawn(chromium, flags, { stdio: 'ignore', detached: true }).unref()
    console.log(`Opened an app window in ${chromium}.`)
  } else if (!hasDisplay) {
    console.log('No display found: open the URL above in Chromium or Chrome on this machine.')
  }
}
