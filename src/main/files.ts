// Saving files the renderer hands over: always through the system save dialog, never to a path the renderer names.
import { dialog, type BrowserWindow } from 'electron'
import { writeFile } from 'node:fs/promises'
import type { SaveFileResult } from '../preload/bridge'

export async function saveThroughDialog(win: BrowserWindow | null, suggestedName: string, bytes: Uint8Array): Promise<SaveFileResult> {
  const options = { defaultPath: suggestedName, properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'> }
  const choice = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options)
  if (choice.canceled || !choice.filePath) return { saved: false, reason: 'cancelled' }
  try {
    await writeFile(choice.filePath, bytes)
    return { saved: true, path: choice.filePath }
  } catch (err) {
    return { saved: false, reason: 'failed', message: `Could not write ${choice.filePath}: ${(err as Error).message}` }
  }
}
