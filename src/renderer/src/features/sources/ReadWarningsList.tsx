// What reading a whole file found (undecodable bytes, ragged rows, stray quotes), as the import report and the Sources tab show it.
import { Tag } from '@blueprintjs/core'
import type { ReadWarning } from '../../../../core/model/rawTable'
import { formatCount } from '../../components/format'
import './readWarnings.css'

/** Each warning's own sentence names the file, the row and what to do; the row is also shown apart so a long list can be scanned by it. */
export function ReadWarningsList({ warnings, testId }: { warnings: readonly ReadWarning[]; testId: string }) {
  if (warnings.length === 0) return null
  return (
    <ul className="wm-read-warnings" data-testid={testId}>
      {warnings.map((w, i) => (
        <li key={i} data-testid="read-warning" data-code={w.code} {...(w.row !== undefined ? { 'data-row': String(w.row) } : {})}>
          {w.row !== undefined ? (
            <Tag minimal className="wm-read-warning-row">
              row {formatCount(w.row)}
            </Tag>
          ) : w.count !== undefined ? (
            <Tag minimal intent="warning" className="wm-read-warning-row">
              {formatCount(w.count)} in all
            </Tag>
          ) : null}
          <span>{w.message}</span>
        </li>
      ))}
    </ul>
  )
}
