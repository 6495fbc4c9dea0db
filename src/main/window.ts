// Creates the case window with the hardened options and denies everything that would take it elsewhere.
import { BrowserWindow, type WebContents } from 'electron'
import { allowNavigation, mainWindowOptions } from './security'

/** Locks a webContents down: no navigation, no new windows, no webviews. */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!allowNavigation(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!allowNavigation(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

export function createMainWindow(preloadPath: string, entryUrl: string): BrowserWindow {
  const win = new BrowserWindow(mainWindowOptions(preloadPath))
  lockDownContents(win.webContents)
  win.once('ready-to-show', () => win.show())
  void win.loadURL(entryUrl)
  return win
}
