// Display formatting shared by the screens: dates in the analyst's locale with the zone named, counts with separators.

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' })

export function formatDateTime(ms: number): string {
  return dateTime.format(ms)
}

export function formatCount(n: number): string {
  return n.toLocaleString()
}

export const localZoneName = Intl.DateTimeFormat().resolvedOptions().timeZone
