/// <reference types="vite/client" />
// The renderer sees the main process only through this declaration of the preload's bridge (absent in browser mode).
import type { WaymarkBridge } from '../../preload/bridge'

declare global {
  interface Window {
    readonly waymark?: WaymarkBridge
  }
}
export {}
