// Sandboxed preload: exposes the typed bridge's named functions on window.waymark, never ipcRenderer itself.
import { contextBridge, ipcRenderer } from 'electron'
import { BRIDGE_KEY, CHANNELS, type WaymarkBridge } from './bridge'

const bridge: WaymarkBridge = {
  appInfo: () => ipcRenderer.invoke(CHANNELS.appInfo),
  saveFile: (suggestedName, bytes) => ipcRenderer.invoke(CHANNELS.saveFile, suggestedName, bytes),
  printToPdf: (options) => ipcRenderer.invoke(CHANNELS.printToPdf, options)
}

contextBridge.exposeInMainWorld(BRIDGE_KEY, Object.freeze(bridge))
