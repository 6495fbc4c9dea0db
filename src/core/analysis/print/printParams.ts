// The print route's own URL parameters (paper, orientation, marking, table appendix, print now), beside the
// timeline view's parameters, so the export dialog, the print view and a test all name a printout the same way.
import { viewToParams, type TimelineView } from '../timelineFilter'
import { isPaperSize, type Orientation } from './paper'
import type { PrintOptions } from './printDocument'

export const DEFAULT_PRINT_OPTIONS: PrintOptions = { paper: 'A4', orientation: 'landscape', marking: '', includeTable: false }

/** Markings are one short line: anything longer is cut (the page header has one line for it). */
export const MARKING_MAX = 60

export function cleanMarking(text: string): string {
  return text.normalize('NFC').replace(/\s+/g, ' ').trim().slice(0, MARKING_MAX)
}

export function printOptionsFromParams(p: Readonly<Record<string, string>>): PrintOptions {
  const orientation: Orientation = p.orient === 'portrait' ? 'portrait' : p.orient === 'landscape' ? 'landscape' : DEFAULT_PRINT_OPTIONS.orientation
  return {
    paper: isPaperSize(p.paper) ? p.paper : DEFAULT_PRINT_OPTIONS.paper,
    orientation,
    marking: cleanMarking(p.mark ?? ''),
    includeTable: p.table === '1'
  }
}

/** Parameters of the print route for a view and options; `printNow` asks the view to print once it is ready. */
export function printRouteParams(view: TimelineView, options: PrintOptions, printNow = false): Record<string, string> {
  const p: Record<string, string> = { ...viewToParams(view), paper: options.paper, orient: options.orientation }
  const mark = cleanMarking(options.marking)
  if (mark) p.mark = mark
  if (options.includeTable) p.table = '1'
  if (printNow) p.print = '1'
  return p
}

/** A file name for an export: case name and number, the date, no characters a file system refuses. */
export function exportFileName(caseName: string, caseNumber: string, at: number, extension: string): string {
  const day = new Date(at).toISOString().slice(0, 10)
  const base = [caseName, caseNumber, 'timeline', day]
    .filter(Boolean)
    .join(' ')
    .normalize('NFC')
    .replace(/\p{Cc}+/gu, '')
    .replace(/[\\/:*?"<>|]+/g, '-')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120)
  return `${base || 'timeline'}.${extension}`
}
