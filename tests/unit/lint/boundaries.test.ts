// The layer boundaries of DESIGN.md are lint rules; this proves they fire, so a config edit cannot quietly drop one.
import { ESLint } from 'eslint'
import { describe, expect, it } from 'vitest'
import { REPO_ROOT } from '../corpus'

const eslint = new ESLint({ cwd: REPO_ROOT })

async function messages(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath })
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`)
}

describe('layer boundaries', () => {
  it('src/core may not import react, dexie, electron or Node built-ins, nor use window', async () => {
    const m = await messages(
      'src/core/x.ts',
      "import { useState } from 'react'\nimport Dexie from 'dexie'\nimport { app } from 'electron'\nimport { readFileSync } from 'node:fs'\nexport const x = [useState, Dexie, app, readFileSync, window.location]\n"
    )
    expect(m.filter((s) => s.startsWith('no-restricted-imports'))).toHaveLength(4)
    expect(m.some((s) => s.startsWith('no-restricted-globals'))).toBe(true)
  })

  it('src/core may import pure libraries and other core modules', async () => {
    expect(await messages('src/core/x.ts', "import { parsePhoneNumberFromString } from 'libphonenumber-js'\nimport { sha256Hex } from './sha256'\nexport const x = [parsePhoneNumberFromString, sha256Hex]\n")).toEqual([])
  })

  it('src/workspace may use dexie but not react or the renderer', async () => {
    expect(await messages('src/workspace/x.ts', "import Dexie from 'dexie'\nexport const x = Dexie\n")).toEqual([])
    const m = await messages('src/workspace/x.ts', "import { useState } from 'react'\nimport { App } from '../renderer/src/app/App'\nexport const x = [useState, App]\n")
    expect(m.filter((s) => s.startsWith('no-restricted-imports'))).toHaveLength(2)
  })

  it('the renderer may not import electron or Node built-ins', async () => {
    const m = await messages('src/renderer/src/x.ts', "import { ipcRenderer } from 'electron'\nimport { readFile } from 'node:fs/promises'\nexport const x = [ipcRenderer, readFile]\n")
    expect(m.filter((s) => s.startsWith('no-restricted-imports'))).toHaveLength(2)
  })

  it('Node networking and updaters are banned everywhere, main included', async () => {
    for (const file of ['src/main/x.ts', 'src/core/x.ts', 'src/cli/x.ts', 'scripts/x.mjs']) {
      const m = await messages(file, "import https from 'node:https'\nimport net from 'net'\nimport { autoUpdater } from 'electron-updater'\nexport const x = [https, net, autoUpdater]\n")
      for (const name of ["'node:https'", "'net'", "'electron-updater'"]) {
        expect(m.some((s) => s.startsWith('no-restricted-imports') && s.includes(name)), `${file} ${name}`).toBe(true)
      }
    }
  })

  it('ipcMain.handle is allowed only in src/main/ipc.ts', async () => {
    const code = "import { ipcMain } from 'electron'\nipcMain.handle('x', () => 1)\n"
    expect((await messages('src/main/other.ts', code)).some((s) => s.includes('src/main/ipc.ts'))).toBe(true)
    expect(await messages('src/main/ipc.ts', code)).toEqual([])
  })
})
