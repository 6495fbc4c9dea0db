// The platform adapter: the renderer's only way to reach the machine (files, printing, app info), with one
// implementation over the Electron bridge and one for browser mode (downloads and Chromium's print).
import type { AppInfo, PrintOptions, WaymarkBridge } from '../../../preload/bridge'

export type SaveOutcome = { saved: true; where: string } | { saved: false; reason: 'cancelled' | 'failed'; message?: string }

export interface Platform {
  readonly kind: 'electron' | 'browser'
  appInfo(): Promise<AppInfo>
  /** Saves bytes the app made (an export) where the user chooses; in browser mode as a download. */
  saveFile(suggestedName: string, bytes: Uint8Array, mimeType: string): Promise<SaveOutcome>
  /** Turns the current print view into a PDF: Electron renders and saves it; the browser opens its print dialog. */
  exportPdf(suggestedName: string, options: PrintOptions): Promise<SaveOutcome>
}

export function electronPlatform(bridge: WaymarkBridge): Platform {
  return {
    kind: 'electron',
    appInfo: () => bridge.appInfo(),
    async saveFile(suggestedName, bytes) {
      const r = await bridge.saveFile(suggestedName, bytes)
      return r.saved ? { saved: true, where: r.path } : { saved: false, reason: r.reason, ...(r.message ? { message: r.message } : {}) }
    },
    async exportPdf(suggestedName, options) {
      const pdf = await bridge.printToPdf(options)
      return this.saveFile(suggestedName, pdf, 'application/pdf')
    }
  }
}

export function browserPlatform(win: Window): Platform {
  return {
    kind: 'browser',
    appInfo: async () => ({
      name: 'Waymark',
      version: import.meta.env.VITE_WAYMARK_VERSION ?? '0.0.0',
      electron: '',
      chrome: /Chrom(e|ium)\/([\d.]+)/.exec(win.navigator.userAgent)?.[2] ?? '',
      platform: win.navigator.platform,
      packaged: false
    }),
    async saveFile(suggestedName, bytes, mimeType) {
      // A blob: URL made here, downloaded through an anchor: nothing leaves the machine.
      const blob = new Blob([bytes as Uint8Array<ArrayBuffer>], { type: mimeType })
      const url = URL.createObjectURL(blob)
      const a = win.document.createElement('a')
      a.href = url
      a.download = suggestedName
      a.rel = 'noopener'
      win.document.body.appendChild(a)
      a.click()
      a.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
      return { saved: true, where: `Downloads/${suggestedName}` }
    },
    async exportPdf() {
      // Chromium's own print dialog, where the user picks "Save as PDF"; the print view's CSS sets the page size.
      win.print()
      return { saved: false, reason: 'cancelled', message: 'Choose "Save as PDF" in the print dialog.' }
    }
  }
}

export function detectPlatform(win: Window): Platform {
  return win.waymark ? electronPlatform(win.waymark) : browserPlatform(win)
}
