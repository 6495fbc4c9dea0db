// Asks the browser to keep the workspace even under disk pressure, and reports what it answered.

export interface StorageStatus {
  /** true: persistent; false: best-effort (may be evicted); null: the browser cannot say. */
  readonly persisted: boolean | null
  readonly usage: number | null
  readonly quota: number | null
}

export async function requestPersistentStorage(nav: Navigator): Promise<StorageStatus> {
  const storage = nav.storage
  if (!storage) return { persisted: null, usage: null, quota: null }
  let persisted: boolean | null
  try {
    persisted = (await storage.persisted()) || (await storage.persist())
  } catch {
    persisted = null
  }
  try {
    const est = await storage.estimate()
    return { persisted, usage: est.usage ?? null, quota: est.quota ?? null }
  } catch {
    return { persisted, usage: null, quota: null }
  }
}

export function formatBytes(n: number | null): string {
  if (n === null) return '?'
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = n
  let i = 0
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024
    i++
  }
  return `${v < 10 && i > 0 ? v.toFixed(1) : Math.round(v)} ${units[i]}`
}
