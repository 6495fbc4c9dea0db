// Times as the timeline shows them: in the display zone (or the event's own source zone), with the zone named.
import type { DisplayZone } from '../../../../core/analysis/timelineFilter'

const formatters = new Map<string, Intl.DateTimeFormat>()

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone)
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' })
    formatters.set(zone, f)
  }
  return f
}

/** "2024-03-05 14:30:00" in `zone`. */
export function wallClock(ms: number, zone: string): string {
  const p: Record<string, string> = {}
  for (const part of formatter(zone).formatToParts(ms)) p[part.type] = part.value
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}

/** The zone an event's time is shown in: the display zone, or the event's own zone in source mode. */
export function shownZone(display: DisplayZone, eventZone: string): string {
  if (display !== 'source') return display
  return eventZone || 'UTC'
}

/** "2024-03-05 14:30:00 Asia/Dhaka" or "(no date)". */
export function formatEventTime(ms: number | null, display: DisplayZone, eventZone: string): string {
  if (ms === null) return '(no date)'
  const z = shownZone(display, eventZone)
  return `${wallClock(ms, z)} ${z === 'UTC' ? 'UTC' : z}`
}

/** Every IANA zone this browser knows (for the zone picker), UTC first. */
export function knownZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] }
  const all = intl.supportedValuesOf?.('timeZone') ?? []
  return ['UTC', ...all.filter((z) => z !== 'UTC')]
}
