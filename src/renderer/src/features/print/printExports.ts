// The timeline's exports besides the PDF: the chart as SVG or PNG and the whole printout as one standalone HTML file,
// each made from the same laid-out document as the print view and saved through the platform adapter.
import type { PrintDocument, PrintInput } from '../../../../core/analysis/print/printDocument'
import { exportFileName } from '../../../../core/analysis/print/printParams'
import { chartSvgDocument, standaloneHtml } from '../../../../core/analysis/print/render'
import type { Platform, SaveOutcome } from '../../platform/platform'
import { embeddedFontCss } from './fontEmbed'
import printCss from './print.css?raw'

export type ExportFormat = 'svg' | 'png' | 'html'

/** Every text the document prints, for choosing which font faces to embed (or load before printing). */
export function documentText(input: PrintInput): string {
  return [input.caseName, input.caseNumber, input.filterSummary, input.options.marking, ...input.names.values(), ...input.events.flatMap((e) => [e.text, ...e.tags]), ...input.sources.map((s) => s.fileName)].join(' ')
}

/** Canvas sides and area Chromium accepts; a taller chart is drawn at a smaller scale rather than failing. */
const MAX_SIDE = 16_000
const MAX_AREA = 60_000_000

async function svgToPng(svg: string, width: number, height: number): Promise<Uint8Array> {
  const scale = Math.max(0.25, Math.min(2, MAX_SIDE / width, MAX_SIDE / height, Math.sqrt(MAX_AREA / (width * height))))
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }))
  try {
    const img = new Image()
    img.decoding = 'sync'
    await new Promise<void>((resolve, reject) => {
      img.onload = () => resolve()
      img.onerror = () => reject(new Error('The chart image could not be drawn.'))
      img.src = url
    })
    const canvas = document.createElement('canvas')
    canvas.width = Math.round(width * scale)
    canvas.height = Math.round(height * scale)
    const ctx = canvas.getContext('2d')
    if (!ctx) throw new Error('This window cannot draw images (no 2D canvas).')
    ctx.fillStyle = '#ffffff'
    ctx.fillRect(0, 0, canvas.width, canvas.height)
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height)
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'))
    if (!blob) throw new Error('The chart image could not be encoded as PNG.')
    return new Uint8Array(await blob.arrayBuffer())
  } finally {
    URL.revokeObjectURL(url)
  }
}

/** Makes and saves one export; a failure comes back as an outcome with a message, never as a thrown error. */
export async function exportPrintout(platform: Platform, format: ExportFormat, input: PrintInput, doc: PrintDocument): Promise<SaveOutcome> {
  try {
    const fonts = await embeddedFontCss(document, documentText(input))
    const enc = new TextEncoder()
    if (format === 'html') {
      const html = standaloneHtml(doc, input, printCss, fonts)
      return await platform.saveFile(exportFileName(input.caseName, input.caseNumber, input.generatedAt, 'html'), enc.encode(html), 'text/html')
    }
    const svg = chartSvgDocument(doc, input, fonts)
    if (format === 'svg') return await platform.saveFile(exportFileName(input.caseName, input.caseNumber, input.generatedAt, 'svg'), enc.encode(svg), 'image/svg+xml')
    const m = /^<svg[^>]*\bwidth="([\d.]+)" height="([\d.]+)"/.exec(svg)
    const png = await svgToPng(svg, Number(m?.[1] ?? 1000), Number(m?.[2] ?? 1000))
    return await platform.saveFile(exportFileName(input.caseName, input.caseNumber, input.generatedAt, 'png'), png, 'image/png')
  } catch (err) {
    return { saved: false, reason: 'failed', message: err instanceof Error ? err.message : String(err) }
  }
}
