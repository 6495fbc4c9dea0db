// Lint: typescript-eslint plus the layer boundaries of DESIGN.md. A boundary break fails `npm run lint`.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

const NODE_BUILTINS = [
  'assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants', 'crypto', 'dgram',
  'diagnostics_channel', 'dns', 'domain', 'events', 'fs', 'fs/promises', 'http', 'http2', 'https', 'inspector',
  'module', 'net', 'os', 'path', 'path/posix', 'path/win32', 'perf_hooks', 'process', 'punycode', 'querystring',
  'readline', 'repl', 'stream', 'stream/promises', 'string_decoder', 'sys', 'timers', 'tls', 'trace_events', 'tty',
  'url', 'util', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib'
]
const nodeBuiltins = NODE_BUILTINS.flatMap((m) => [m, `node:${m}`])

// Networking and self-updating are never part of Waymark: it makes no network access at all.
const NETWORK = ['http', 'https', 'http2', 'net', 'tls', 'dgram'].flatMap((m) => [m, `node:${m}`])
const networkBan = [
  ...NETWORK.map((name) => ({ name, message: 'Waymark makes no network access: Node networking modules are banned.' })),
  { name: 'electron-updater', message: 'No auto-updater: Waymark is installed and updated by hand on air-gapped machines.' },
  { name: 'update-electron-app', message: 'No auto-updater: Waymark is installed and updated by hand on air-gapped machines.' }
]
const networkPatterns = [{ group: ['electron-updater/*', 'update-electron-app/*'], message: 'No auto-updater.' }]

const restrict = (paths, patterns = []) => ({
  'no-restricted-imports': ['error', { paths: [...networkBan, ...paths], patterns: [...networkPatterns, ...patterns] }]
})
const ban = (names, message) => names.map((name) => ({ name, message }))

const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'indexedDB', 'location', 'XMLHttpRequest', 'fetch', 'WebSocket']

export default tseslint.config(
  { ignores: ['tmp/**', 'out/**', 'dist/**', 'release/**', 'node_modules/**', 'coverage/**', 'test-results/**', 'test-reports/**', 'playwright-report/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      ...restrict([])
    }
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      ...restrict(
        [
          ...ban(['react', 'react-dom', 'dexie', 'electron', '@blueprintjs/core', 'ag-grid-community', 'ag-grid-react'], 'src/core is pure: it imports only src/core and pure libraries (see DESIGN.md).'),
          ...ban(nodeBuiltins, 'src/core runs in Node, in workers and in the renderer: no Node built-ins.')
        ],
        [{ group: ['**/workspace/**', '**/renderer/**', '**/main/**', '**/preload/**', '**/cli/**', 'react-dom/*', 'dexie/*', '@blueprintjs/*'], message: 'src/core imports only src/core and pure libraries.' }]
      ),
      'no-restricted-globals': ['error', ...DOM_GLOBALS.map((name) => ({ name, message: 'src/core must not use DOM window APIs.' }))]
    }
  },
  {
    files: ['src/workspace/**/*.ts'],
    rules: {
      ...restrict(
        [
          ...ban(['react', 'react-dom', 'electron', '@blueprintjs/core', 'ag-grid-community', 'ag-grid-react'], 'src/workspace imports only src/core and dexie.'),
          ...ban(nodeBuiltins, 'src/workspace runs in the renderer and in workers: no Node built-ins.')
        ],
        [{ group: ['**/renderer/**', '**/main/**', '**/preload/**', '**/cli/**'], message: 'src/workspace imports only src/core and dexie.' }]
      )
    }
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        [
          ...ban(['electron'], 'The renderer never imports electron: use the platform adapter (src/renderer/src/platform).'),
          ...ban(nodeBuiltins, 'The renderer has no Node: no Node built-ins.')
        ],
        [{ group: ['electron/*', '**/main/**', '**/preload/index*'], message: 'The renderer reaches main only through the typed bridge (src/preload/bridge.ts).' }]
      )
    }
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ignores: ['src/main/**', 'src/preload/**'],
    rules: {
      'no-restricted-syntax': ['error', { selector: "ImportDeclaration[source.value='electron']", message: 'Only src/main and src/preload import electron.' }]
    }
  },
  {
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts'],
    ignores: ['src/main/ipc.ts', 'src/preload/index.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[object.name='ipcMain'][property.name=/^(handle|on|once|handleOnce)$/]", message: 'Register IPC only through src/main/ipc.ts (one typed contract).' },
        { selector: "MemberExpression[object.name='ipcRenderer']", message: 'Use ipcRenderer only in src/preload/index.ts.' }
      ]
    }
  },
  {
    // The one exception: browser mode needs a server, and scripts/serve.mjs is it. It listens on loopback only
    // (it refuses any other host) and serves the built renderer; it is tooling, never part of the app's code.
    files: ['scripts/serve.mjs'],
    rules: { 'no-restricted-imports': 'off' }
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: {
      ...restrict(ban(['react', 'react-dom', 'dexie', 'electron'], 'The CLI is Node over src/core only.'))
    }
  }
)
