// Build of the three Electron parts: main (ESM), preload (CommonJS, as sandboxed preloads require) and the renderer.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import type { Plugin } from 'vite'
import { CONTENT_SECURITY_POLICY } from './src/main/csp'

/** Writes the CSP into index.html so the meta tag and the response header can never drift apart. */
function cspMetaTag(): Plugin {
  return {
    name: 'waymark-csp-meta',
    transformIndexHtml(html) {
      if (!html.includes('%WAYMARK_CSP%')) throw new Error('index.html lost its %WAYMARK_CSP% placeholder')
      return html.replace('%WAYMARK_CSP%', CONTENT_SECURITY_POLICY)
    }
  }
}

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: { input: { index: resolve('src/main/index.ts') } }
    }
  },
  preload: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    root: resolve('src/renderer'),
    base: './',
    plugins: [react(), cspMetaTag()],
    build: {
      // WAYMARK_RENDERER_OUT: a second build beside the usual one (parallel test runs); serve.mjs reads the same variable.
      outDir: resolve(process.env.WAYMARK_RENDERER_OUT ?? 'out/renderer'),
      sourcemap: false,
      chunkSizeWarningLimit: 4096,
      // bench.html holds the baselines of `npm run bench:import` (parse alone, per-row IndexedDB), bench-timeline.html seeds
      // and measures `npm run bench:timeline`; the app never links either.
      rollupOptions: { input: { index: resolve('src/renderer/index.html'), bench: resolve('src/renderer/bench.html'), 'bench-timeline': resolve('src/renderer/bench-timeline.html') } }
    },
    server: { host: '127.0.0.1' },
    worker: { format: 'es' }
  }
})
