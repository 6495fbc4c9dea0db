// Electron main process: lifecycle and wiring only. Policy lives in security.ts, print.ts and the bridge's validators.
import { app, BrowserWindow, crashReporter, session, type Session } from 'electron'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { registerIpc } from './ipc'
import { saveThroughDialog } from './files'
import { pdfSettings } from './print'
import { registerAppScheme, serveRenderer } from './protocol'
import { APP_ENTRY_URL, SPELLCHECK_DICTIONARY_URL, allowPermission, decideRequest, devServerOrigin } from './security'
import { createMainWindow, lockDownContents } from './window'

const here = fileURLToPath(new URL('.', import.meta.url))
const rendererDir = join(here, '..', 'renderer')
const preloadPath = join(here, '..', 'preload', 'index.cjs')
const devOrigin = devServerOrigin(process.env.ELECTRON_RENDERER_URL, app.isPackaged)

// No crash reports leave the machine; no auto-updater exists in this app at all.
crashReporter.start({ uploadToServer: false, submitURL: '', compress: false })
app.enableSandbox()
registerAppScheme()

function hardenSession(s: Session): void {
  s.webRequest.onBeforeRequest((details, callback) => {
    const decision = decideRequest(details.url, devOrigin)
    if (!decision.allow) console.warn(`[waymark] refused request to ${details.url}: ${decision.reason}`)
    callback({ cancel: !decision.allow })
  })
  s.setPermissionRequestHandler((_wc, permission, callback) => callback(allowPermission(permission)))
  s.setPermissionCheckHandler((_wc, permission) => allowPermission(permission))
  s.setSpellCheckerEnabled(false)
  s.setSpellCheckerDictionaryDownloadURL(SPELLCHECK_DICTIONARY_URL)
  s.on('will-download', (event, item) => {
    // Downloads only of content the app itself made (blob:/data:), never from elsewhere.
    if (!decideRequest(item.getURL(), devOrigin).allow) event.preventDefault()
  })
}

app.on('session-created', hardenSession)
app.on('web-contents-created', (_event, contents) => lockDownContents(contents))

registerIpc(
  {
    appInfo: () => ({
      name: app.getName(),
      version: app.getVersion(),
      electron: process.versions.electron ?? '',
      chrome: process.versions.chrome ?? '',
      platform: process.platform,
      packaged: app.isPackaged
    }),
    saveFile: (event, suggestedName, bytes) => saveThroughDialog(BrowserWindow.fromWebContents(event.sender), suggestedName, bytes),
    printToPdf: async (event, options) => new Uint8Array(await event.sender.printToPDF(pdfSettings(options)))
  },
  devOrigin
)

app.whenReady().then(() => {
  hardenSession(session.defaultSession)
  serveRenderer(session.defaultSession, rendererDir)
  createMainWindow(preloadPath, devOrigin ?? APP_ENTRY_URL)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(preloadPath, devOrigin ?? APP_ENTRY_URL)
  })
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
