// The status area: which mode the app runs in, and whether the browser promised to keep the workspace.
import { Icon, Intent, Tag, Tooltip } from '@blueprintjs/core'
import type { StorageStatus } from '../platform/storage'
import { formatBytes } from '../platform/storage'

export function StatusBar({ mode, storage, schemaVersion }: { mode: 'electron' | 'browser'; storage: StorageStatus | null; schemaVersion: number }) {
  return (
    <footer className="wm-status" data-testid="status-bar">
      <Tag minimal icon={mode === 'electron' ? 'desktop' : 'globe-network'} data-testid="mode">
        {mode === 'electron' ? 'Desktop app' : 'Browser mode (127.0.0.1 only)'}
      </Tag>
      <span data-testid="storage-status">
        {storage === null ? (
          'Storage: checking…'
        ) : storage.persisted === true ? (
          <Tooltip content="The browser will not evict the workspace under disk pressure.">
            <span><Icon icon="lock" intent={Intent.SUCCESS} size={12} /> Storage: persistent</span>
          </Tooltip>
        ) : (
          <Tooltip content="The browser did not grant persistent storage: under disk pressure it may evict the workspace. Keep exports of important cases, or use the desktop app.">
            <span><Icon icon="warning-sign" intent={Intent.WARNING} size={12} /> Storage: best-effort (not persistent)</span>
          </Tooltip>
        )}
        {storage && storage.usage !== null ? ` · ${formatBytes(storage.usage)} used of ${formatBytes(storage.quota)}` : ''}
      </span>
      <span className="wm-muted">Workspace schema v{schemaVersion} · no network access</span>
    </footer>
  )
}
