// `npm run audit:electron`: Doyensec Electronegativity over main, preload and renderer, gated by a waiver file.
// Electronegativity exits 0 even with findings, so this script parses its SARIF report and is the gate: any
// finding not waived (with a reason) in security/electronegativity-waivers.json fails, and so does a waiver
// that no longer matches anything (a stale waiver would hide a future finding).
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')
// The release check asks the internet which Electron versions have security fixes; there is no internet here,
// and an air-gapped product cannot depend on it. Electron upgrades are tracked by hand (see README).
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck']
const ELECTRON_VERSION = JSON.parse(readFileSync(join(root, 'node_modules', 'electron', 'package.json'), 'utf8')).version

const waiverFile = join(root, 'security', 'electronegativity-waivers.json')
const waivers = JSON.parse(readFileSync(waiverFile, 'utf8'))
for (const [i, w] of waivers.entries()) {
  if (!w.check || !w.file || typeof w.reason !== 'string' || w.reason.trim().length < 20) {
    console.error(`audit:electron: waiver #${i + 1} needs "check", "file" and a "reason" of at least 20 characters`)
    process.exit(1)
  }
}

// Scan a copy in which index.html carries the real CSP (the build writes it from src/main/csp.ts), so the CSP
// check judges the policy that ships rather than the placeholder.
const work = mkdtempSync(join(tmpdir(), 'waymark-en-'))
try {
  for (const part of ['main', 'preload', 'renderer']) cpSync(join(root, 'src', part), join(work, part), { recursive: true })
  const cspSource = readFileSync(join(root, 'src', 'main', 'csp.ts'), 'utf8')
  const directives = [...cspSource.matchAll(/^\s*"([^"]+)",?$/gm)].map((m) => m[1])
  if (directives.length < 5) throw new Error('could not read the CSP directives from src/main/csp.ts')
  for (const page of ['index.html', 'bench.html']) {
    const htmlPath = join(work, 'renderer', page)
    writeFileSync(htmlPath, readFileSync(htmlPath, 'utf8').replace('%WAYMARK_CSP%', directives.join('; ')))
  }

  const report = join(work, 'report.sarif')
  const bin = join(root, 'node_modules', '.bin', 'electronegativity')
  const run = spawnSync(bin, ['-i', work, '-r', '-x', EXCLUDED_CHECKS.join(','), '-e', ELECTRON_VERSION, '-o', report, '-v', 'false'], {
    encoding: 'utf8',
    timeout: 300_000
  })
  if (run.status !== 0) {
    console.error(run.stdout, run.stderr)
    throw new Error(`electronegativity exited with ${run.status}`)
  }
  const sarif = JSON.parse(readFileSync(report, 'utf8'))
  const findings = (sarif.runs?.[0]?.results ?? []).map((r) => ({
    check: r.ruleId,
    file: r.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '?',
    line: r.locations?.[0]?.physicalLocation?.region?.startLine ?? 0,
    message: r.message?.text ?? ''
  }))
  const used = new Set()
  const unwaived = []
  for (const f of findings) {
    const i = waivers.findIndex((w) => w.check === f.check && w.file === f.file)
    if (i < 0) unwaived.push(f)
    else used.add(i)
  }
  const stale = waivers.filter((_, i) => !used.has(i))
  console.log(`audit:electron: Electronegativity ${ELECTRON_VERSION} rules over src/main, src/preload, src/renderer — ${findings.length} findings, ${findings.length - unwaived.length} waived with reasons, ${unwaived.length} unwaived`)
  for (const f of findings) {
    const w = waivers.find((x) => x.check === f.check && x.file === f.file)
    console.log(`  ${w ? 'waived  ' : 'FINDING '} ${f.check} ${f.file}:${f.line}${w ? ` — ${w.reason}` : ` — ${f.message}`}`)
  }
  for (const w of stale) console.log(`  STALE    waiver ${w.check} ${w.file}: matches no finding any more; remove it`)
  if (unwaived.length > 0 || stale.length > 0) process.exitCode = 1
} finally {
  rmSync(work, { recursive: true, force: true })
}
