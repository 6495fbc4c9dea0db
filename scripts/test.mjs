// `npm test`: typecheck, lint, the Electron security gate, unit tests, a build of the renderer, end-to-end tests
// in Debian's Chromium. Every step runs even if an earlier one failed, so one run shows everything that is wrong;
// the exit code is non-zero if any step failed.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')
const bin = (name) => join(root, 'node_modules', '.bin', name)
// Not test-results/: Playwright empties its output folder when it starts, which would delete the unit report.
const results = join(root, 'test-reports')
rmSync(results, { recursive: true, force: true })
mkdirSync(results, { recursive: true })

const chromium = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => p && existsSync(p))

const steps = [
  { name: 'typecheck (main, preload, core, CLI, scripts)', cmd: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.node.json'] },
  { name: 'typecheck (renderer, workspace, core)', cmd: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.web.json'] },
  { name: 'typecheck (tests)', cmd: bin('tsc'), args: ['--noEmit', '-p', 'tsconfig.test.json'] },
  { name: 'lint (typescript-eslint + layer boundaries)', cmd: bin('eslint'), args: ['--max-warnings', '0', '.'] },
  { name: 'audit:electron (Electronegativity gate)', cmd: process.execPath, args: ['scripts/auditElectron.mjs'] },
  { name: 'unit tests (vitest)', kind: 'unit', cmd: bin('vitest'), args: ['run', '--reporter=default', '--reporter=json', `--outputFile=${join(results, 'unit.json')}`] },
  { name: 'build (electron-vite)', cmd: bin('electron-vite'), args: ['build'] },
  {
    name: 'end-to-end tests (Playwright in Debian Chromium)',
    kind: 'e2e',
    cmd: bin('playwright'),
    args: ['test'],
    before: () => (chromium ? null : 'Chromium is not installed: run `apt-get install chromium` (Debian) or set CHROME_PATH to a Chromium/Chrome binary.')
  }
]

const outcome = []
for (const step of steps) {
  const started = Date.now()
  console.log(`\n━━ ${step.name}`)
  const blocked = step.before?.()
  if (blocked) {
    console.error(blocked)
    outcome.push({ name: step.name, kind: step.kind, ok: false, seconds: 0 })
    continue
  }
  const r = spawnSync(step.cmd, step.args, { cwd: root, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1' } })
  outcome.push({ name: step.name, kind: step.kind, ok: r.status === 0, seconds: (Date.now() - started) / 1000 })
}

function count(file, read) {
  try {
    return read(JSON.parse(readFileSync(join(results, file), 'utf8')))
  } catch {
    return null
  }
}
const unit = count('unit.json', (j) => ({ passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + j.numTodoTests }))
const e2e = count('e2e.json', (j) => ({ passed: j.stats.expected + j.stats.flaky, failed: j.stats.unexpected, skipped: j.stats.skipped }))

console.log('\n━━ summary')
for (const o of outcome) console.log(`${o.ok ? 'ok  ' : 'FAIL'}  ${o.name} (${o.seconds.toFixed(1)} s)`)
if (unit) console.log(`unit: ${unit.passed} passed, ${unit.failed} failed, ${unit.skipped} skipped`)
if (e2e) console.log(`e2e: ${e2e.passed} passed, ${e2e.failed} failed, ${e2e.skipped} skipped`)
// The closing line counts tests; a failed step that is not a test run (typecheck, lint, gate, build), or a test
// run that failed without a failed test (it crashed), counts as one failure so the line never reads green.
const testFailures = (unit?.failed ?? 0) + (e2e?.failed ?? 0)
const failedTestsOf = { unit: unit?.failed ?? 0, e2e: e2e?.failed ?? 0 }
const stepFailures = outcome.filter((o) => !o.ok && !(o.kind && failedTestsOf[o.kind] > 0)).length
const passed = (unit?.passed ?? 0) + (e2e?.passed ?? 0)
const skipped = (unit?.skipped ?? 0) + (e2e?.skipped ?? 0)
console.log(`${passed} passed, ${testFailures + stepFailures} failed, ${skipped} skipped`)
const failedSteps = outcome.filter((o) => !o.ok).length
process.exit(failedSteps > 0 ? 1 : 0)
