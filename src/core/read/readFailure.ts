// A typed read error carried through a throw, for the streaming API where a return value cannot carry it; readFile turns it back into a result.
import type { ReadError, ReadErrorCode } from '../model/rawTable'

export class ReadFailure extends Error {
  readonly error: ReadError

  constructor(code: ReadErrorCode, message: string, fileName: string) {
    super(message)
    this.name = 'ReadFailure'
    this.error = { code, message, fileName }
  }
}

export function readError(code: ReadErrorCode, message: string, fileName: string): { ok: false; error: ReadError } {
  return { ok: false, error: { code, message, fileName } }
}
