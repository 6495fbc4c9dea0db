// Locates the shared real-data corpus beside the checkout; tests that need it skip with a printed reason when absent.
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe } from 'vitest'

const here = dirname(fileURLToPath(import.meta.url))
export const REPO_ROOT = resolve(here, '..', '..')
export const CORPUS = process.env.WAYMARK_CORPUS ?? resolve(REPO_ROOT, '..', 'shared', 'corpus')
export const HAVE_CORPUS = existsSync(join(CORPUS, 'INDEX.md'))

export function corpusPath(...parts: string[]): string {
  return join(CORPUS, ...parts)
}

/** A describe block over the shared corpus: skipped, with the reason printed, when the corpus is not beside the checkout. */
export function describeCorpus(name: string, body: () => void): void {
  if (!HAVE_CORPUS) {
    console.warn(`[skip] ${name}: the shared corpus was not found at ${CORPUS} (set WAYMARK_CORPUS or place ../shared beside the checkout)`)
    describe.skip(`${name} (skipped, reason: corpus not found at ${CORPUS})`, body)
    return
  }
  describe(name, body)
}
