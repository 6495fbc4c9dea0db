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
 * header and footer (which would show the app:// URL and the date in the machine's locale) stay off. The print view
 * lays each page out as a block the size of the whole sheet with its own inner margin (its CSS says
 * `@page { size: …; margin: 0 }`), so the PDF margins are zero: any other margin would push every block over onto a
 * second sheet.
 */
export function pdfSettings(options: PrintOptions): PdfSettings {
  return {
    pageSize: options.pageSize,
    landscape: options.landscape,
    printBackground: options.printBackground,
    preferCSSPageSize: true,
    generateTaggedPDF: true,
    generateDocumentOutline: true,
    margins: { marginType: 'custom', top: 0, bottom: 0, left: 0, right: 0 },
    displayHeaderFooter: false
  }
}
