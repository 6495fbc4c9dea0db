// The one typed contract between the renderer and the main process: channel names, argument shapes and their checks.
// The preload exposes exactly these functions; main validates every argument again before acting on it.

export interface AppInfo {
  readonly name: string
  readonly version: string
  readonly electron: string
  readonly chrome: string
  readonly platform: string
  readonly packaged: boolean
}

export type PageSize = 'A4' | 'A3' | 'Letter'

export interface PrintOptions {
  readonly pageSize: PageSize
  readonly landscape: boolean
  /** Print CSS backgrounds (lane shading, glyph fills). */
  readonly printBackground: boolean
}

export type SaveFileResult = { readonly saved: true; readonly path: string } | { readonly saved: false; readonly reason: 'cancelled' | 'failed'; readonly message?: string }

/** What the renderer may ask of the main process. Nothing else crosses the boundary. */
export interface WaymarkBridge {
  appInfo(): Promise<AppInfo>
  /** Shows a save dialog proposing `suggestedName` and writes `bytes` where the user chose. */
  saveFile(suggestedName: string, bytes: Uint8Array): Promise<SaveFileResult>
  /** Renders the calling window to PDF with Chromium's print engine. */
  printToPdf(options: PrintOptions): Promise<Uint8Array>
}

export const CHANNELS = {
  appInfo: 'waymark:app-info',
  saveFile: 'waymark:save-file',
  printToPdf: 'waymark:print-to-pdf'
} as const satisfies Record<keyof WaymarkBridge, string>

export type Channel = (typeof CHANNELS)[keyof typeof CHANNELS]

/** Arguments of each channel, as tuples. */
export interface ChannelArgs {
  'waymark:app-info': []
  'waymark:save-file': [suggestedName: string, bytes: Uint8Array]
  'waymark:print-to-pdf': [options: PrintOptions]
}

export type Validation<T> = { ok: true; value: T } | { ok: false; message: string }

/** Largest file the renderer may hand over for saving: a whole case package may be large, but not unbounded. */
export const MAX_SAVE_BYTES = 2 * 1024 * 1024 * 1024
const FILE_NAME_MAX = 200
// Characters no file name on Windows, macOS or Linux may hold, plus control characters.
// eslint-disable-next-line no-control-regex
const BAD_NAME_CHARS = /[<>:"/\\|?*\u0000-\u001f\u007f]/

export function validateSuggestedName(name: unknown): Validation<string> {
  if (typeof name !== 'string') return { ok: false, message: 'file name must be a string' }
  const trimmed = name.trim()
  if (trimmed.length === 0 || trimmed.length > FILE_NAME_MAX) return { ok: false, message: `file name must be 1–${FILE_NAME_MAX} characters` }
  if (BAD_NAME_CHARS.test(trimmed)) return { ok: false, message: 'file name may not contain path separators or reserved characters' }
  if (trimmed === '.' || trimmed === '..' || trimmed.startsWith('.')) return { ok: false, message: 'file name may not start with a dot' }
  return { ok: true, value: trimmed }
}

export function validateSaveFileArgs(args: readonly unknown[]): Validation<ChannelArgs['waymark:save-file']> {
  if (args.length !== 2) return { ok: false, message: 'saveFile takes (suggestedName, bytes)' }
  const name = validateSuggestedName(args[0])
  if (!name.ok) return name
  const bytes = args[1]
  if (!(bytes instanceof Uint8Array)) return { ok: false, message: 'bytes must be a Uint8Array' }
  if (bytes.byteLength > MAX_SAVE_BYTES) return { ok: false, message: 'file is larger than 2 GiB' }
  return { ok: true, value: [name.value, bytes] }
}

const PAGE_SIZES: readonly PageSize[] = ['A4', 'A3', 'Letter']

export function validatePrintOptions(args: readonly unknown[]): Validation<ChannelArgs['waymark:print-to-pdf']> {
  if (args.length !== 1) return { ok: false, message: 'printToPdf takes (options)' }
  const o = args[0]
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return { ok: false, message: 'options must be an object' }
  const rec = o as Record<string, unknown>
  const allowed = new Set(['pageSize', 'landscape', 'printBackground'])
  for (const key of Object.keys(rec)) if (!allowed.has(key)) return { ok: false, message: `unknown print option '${key}'` }
  if (!PAGE_SIZES.includes(rec.pageSize as PageSize)) return { ok: false, message: 'pageSize must be A4, A3 or Letter' }
  if (typeof rec.landscape !== 'boolean') return { ok: false, message: 'landscape must be true or false' }
  if (typeof rec.printBackground !== 'boolean') return { ok: false, message: 'printBackground must be true or false' }
  return { ok: true, value: [{ pageSize: rec.pageSize as PageSize, landscape: rec.landscape, printBackground: rec.printBackground }] }
}

export function validateNoArgs(args: readonly unknown[]): Validation<[]> {
  return args.length === 0 ? { ok: true, value: [] } : { ok: false, message: 'this call takes no arguments' }
}

/** One validator per channel: main refuses any message whose channel is not listed here. */
export const VALIDATORS: { readonly [C in Channel]: (args: readonly unknown[]) => Validation<ChannelArgs[C]> } = {
  'waymark:app-info': validateNoArgs,
  'waymark:save-file': validateSaveFileArgs,
  'waymark:print-to-pdf': validatePrintOptions
}

/** The name under which the preload exposes the bridge on `window`. */
export const BRIDGE_KEY = 'waymark'
