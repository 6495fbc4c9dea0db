// Print-to-PDF settings: from the bridge's validated options to Chromium's printToPDF options.
import type { PrintOptions } from '../preload/bridge'

export interface PdfSettings {
  pageSize: 'A4' | 'A3' | 'Letter'
  landscape: boolean
  printBackground: boolean
  preferCSSPageSize: boolean
  generateTaggedPDF: boolean
  generateDocumentOutline: boolean
  margins: { marginType: 'custom'; top: number; bottom: number; left: number; right: number }
  displayHeaderFooter: boolean
}

/**
 * Page furniture (case name, classification, page X of Y) is drawn by the print view itself, so Chromium's own
 * header and footer (which would show the app:// URL and the date in the machine's locale) stay off.
 */
export function pdfSettings(options: PrintOptions): PdfSettings {
  return {
    pageSize: options.pageSize,
    landscape: options.landscape,
    printBackground: options.printBackground,
    preferCSSPageSize: true,
    generateTaggedPDF: true,
    generateDocumentOutline: true,
    margins: { marginType: 'custom', top: 0.4, bottom: 0.4, left: 0.4, right: 0.4 },
    displayHeaderFooter: false
  }
}
