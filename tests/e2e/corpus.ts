// The shared corpus for e2e tests: located beside the checkout; tests that need it skip with a printed reason.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const CORPUS = process.env.WAYMARK_CORPUS ?? join(REPO_ROOT, '..', 'shared', 'corpus')
export const HAVE_CORPUS = existsSync(join(CORPUS, 'INDEX.md'))
export const NO_CORPUS_REASON = `the shared corpus was not found at ${CORPUS} (set WAYMARK_CORPUS or place ../shared beside the checkout)`
if (!HAVE_CORPUS) console.warn(`[skip] corpus e2e tests: ${NO_CORPUS_REASON}`)

export const corpusFile = (...parts: string[]): string => join(CORPUS, ...parts)
