// The only place that registers IPC handlers: one wrapper checks the sender and validates arguments for every channel.
import { ipcMain, type IpcMainInvokeEvent } from 'electron'
import { CHANNELS, VALIDATORS, type Channel, type ChannelArgs, type WaymarkBridge } from '../preload/bridge'
import { isTrustedSender } from './security'

type Handler<C extends Channel> = (event: IpcMainInvokeEvent, ...args: ChannelArgs[C]) => unknown
type ResultOf<K extends keyof WaymarkBridge> = Awaited<ReturnType<WaymarkBridge[K]>>

export type Handlers = {
  [K in keyof WaymarkBridge]: (event: IpcMainInvokeEvent, ...args: ChannelArgs[(typeof CHANNELS)[K]]) => Promise<ResultOf<K>> | ResultOf<K>
}

function register<C extends Channel>(channel: C, handler: Handler<C>, devOrigin: string | null): void {
  ipcMain.handle(channel, (event, ...raw: unknown[]) => {
    const frame = event.senderFrame
    if (!isTrustedSender(frame ? { url: frame.url, isMainFrame: frame.parent === null } : null, devOrigin)) {
      throw new Error(`refused ${channel}: the sender is not the app's own window`)
    }
    const checked = VALIDATORS[channel](raw)
    if (!checked.ok) throw new Error(`refused ${channel}: ${checked.message}`)
    return handler(event, ...(checked.value as ChannelArgs[C]))
  })
}

/** Registers every channel of the contract; a missing handler is a type error. */
export function registerIpc(handlers: Handlers, devOrigin: string | null): void {
  register(CHANNELS.appInfo, handlers.appInfo, devOrigin)
  register(CHANNELS.saveFile, handlers.saveFile, devOrigin)
  register(CHANNELS.printToPdf, handlers.printToPdf, devOrigin)
}
