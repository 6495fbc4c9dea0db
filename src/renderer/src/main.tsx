// Renderer entry: opens the case workspace, then mounts the app; a workspace that cannot open is shown, not logged.
// First, before React and Blueprint evaluate: start loading the chunk of the screen the URL opens.
import './app/earlyLoad'
import '@blueprintjs/core/lib/css/blueprint.css'
import './fonts'
import './styles.css'
import { NonIdealState } from '@blueprintjs/core'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
// The workspace's modules by name, not its index: the index also brings the analysis code (luxon, libphonenumber) that
// only the lazily loaded tabs need, and a chunk cannot leave out what its entry imports.
import { WorkspaceDb } from '../../workspace/db'
import { describeStorageError } from '../../workspace/errors'
import { cleanupPendingImports } from '../../workspace/importJob'
import { App } from './app/App'
import { detectPlatform } from './platform/platform'

const root = createRoot(document.getElementById('root')!)
const db = new WorkspaceDb()

db.open()
  // An import that was running when the app or the machine stopped never committed: remove it, and say so.
  .then(() => cleanupPendingImports(db))
  .then((cleanup) => {
    root.render(
      <StrictMode>
        <App db={db} platform={detectPlatform(window)} abandoned={cleanup.ok ? cleanup.value : []} />
      </StrictMode>
    )
  })
  .catch((err: unknown) => {
    const p = describeStorageError(err)
    root.render(
      <NonIdealState icon="database" title={p.message} description={<><p>{p.action}</p><p className="wm-small">Detail: {p.detail}</p></>} />
    )
  })
