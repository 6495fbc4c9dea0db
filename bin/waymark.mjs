#!/usr/bin/env node
// The `waymark` command: runs the TypeScript CLI in src/cli through tsx, so `npx waymark …` works right after `npm install`.
import { register } from 'tsx/esm/api'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { dirname, join } from 'node:path'

register()
const here = dirname(fileURLToPath(import.meta.url))
const { main } = await import(pathToFileURL(join(here, '..', 'src', 'cli', 'waymark.ts')).href)
process.exitCode = await main(process.argv.slice(2))
