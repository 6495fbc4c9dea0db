// Paper sizes and orientations for the printed timeline, in millimetres and the CSS pixels the print view lays out in.

export const PAPER_SIZES = ['A4', 'A3', 'Letter'] as const
export type PaperSize = (typeof PAPER_SIZES)[number]
export type Orientation = 'portrait' | 'landscape'

/** Portrait width × height in mm (ISO 216; US Letter is 8.5 × 11 in). */
const PAPER_MM: Record<PaperSize, readonly [number, number]> = {
  A4: [210, 297],
  A3: [297, 420],
  Letter: [215.9, 279.4]
}

/** CSS has 96 px to the inch. */
export const PX_PER_MM = 96 / 25.4

/** The printer-safe margin the print view keeps inside each sheet (it draws its own margins; @page margin is 0). */
export const PAGE_MARGIN_MM = 10

export interface PageGeometry {
  readonly paper: PaperSize
  readonly orientation: Orientation
  readonly widthMm: number
  readonly heightMm: number
  /** The whole sheet in CSS px. Rounded down so a page block never overflows the sheet by a sub-pixel. */
  readonly widthPx: number
  readonly heightPx: number
  readonly marginPx: number
  /** The sheet minus margins. */
  readonly contentWidthPx: number
  readonly contentHeightPx: number
  /** The value of CSS `@page { size: … }`: explicit lengths, so every print engine gets the same sheet. */
  readonly cssSize: string
}

export function isPaperSize(s: string | undefined): s is PaperSize {
  return (PAPER_SIZES as readonly string[]).includes(s ?? '')
}

export function pageGeometry(paper: PaperSize, orientation: Orientation): PageGeometry {
  const [w, h] = PAPER_MM[paper]
  const widthMm = orientation === 'landscape' ? h : w
  const heightMm = orientation === 'landscape' ? w : h
  const widthPx = Math.floor(widthMm * PX_PER_MM)
  const heightPx = Math.floor(heightMm * PX_PER_MM)
  const marginPx = Math.round(PAGE_MARGIN_MM * PX_PER_MM)
  return {
    paper,
    orientation,
    widthMm,
    heightMm,
    widthPx,
    heightPx,
    marginPx,
    contentWidthPx: widthPx - 2 * marginPx,
    contentHeightPx: heightPx - 2 * marginPx,
    cssSize: `${widthMm}mm ${heightMm}mm`
  }
}
