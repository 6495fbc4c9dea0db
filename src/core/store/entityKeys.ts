// Entity keys: one string per real-world thing (a phone number, a handset, a cell, a person's name, an account), so
// the same thing found in two files, or in two roles, is the same key.
import type { PhoneValue } from '../model/records'

export type EntityType = 'phone' | 'sender' | 'id' | 'imei' | 'imsi' | 'cell' | 'person' | 'account'

const squeeze = (s: string): string => s.normalize('NFC').replace(/\s+/g, '')

/**
 * A party's key: E.164 numbers and short codes are `phone:`, alphanumeric senders (`AIS`, `KBank`) are `sender:`,
 * anonymised ids and hashes are `id:` (upper-cased, so a hash written in either case is one key).
 */
export function phoneKey(p: PhoneValue | undefined): string | undefined {
  if (!p) return undefined
  switch (p.kind) {
    case 'e164':
      return p.e164 ? `phone:${p.e164}` : idKey(p.original)
    case 'short-code': {
      const s = squeeze(p.original)
      return s ? `phone:${s}` : undefined
    }
    case 'alphanumeric': {
      const s = p.original.normalize('NFC').trim().replace(/\s+/g, ' ')
      return s ? `sender:${s}` : undefined
    }
    case 'identifier':
      return idKey(p.original)
    case 'empty':
      return undefined
  }
}

/** Identity documents, national ids and anonymised party ids. */
export function idKey(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const s = squeeze(text).toUpperCase()
  return s ? `id:${s}` : undefined
}

/** Names are matched case-insensitively with spacing collapsed; the names as written are kept in the statistics. */
export function personKey(name: string | undefined): string | undefined {
  if (name === undefined) return undefined
  const s = name.normalize('NFC').trim().replace(/\s+/g, ' ').toLowerCase()
  return s ? `person:${s}` : undefined
}

export function accountKey(account: string | undefined): string | undefined {
  if (account === undefined) return undefined
  const s = squeeze(account).toUpperCase()
  return s ? `account:${s}` : undefined
}

export function imeiKey(imei: string | undefined): string | undefined {
  if (imei === undefined) return undefined
  const s = squeeze(imei)
  return s ? `imei:${s}` : undefined
}

export function imsiKey(imsi: string | undefined): string | undefined {
  if (imsi === undefined) return undefined
  const s = squeeze(imsi)
  return s ? `imsi:${s}` : undefined
}

/**
 * A cell: the CGI when the file has one (globally unique), else LAC-cell, else the bare cell id. A cell-site list
 * and a CDR must carry the same kind of id for their keys to meet.
 */
export function cellKey(c: { readonly cgi?: string | undefined; readonly lac?: string | undefined; readonly cellId?: string | undefined }): string | undefined {
  const cgi = c.cgi === undefined ? '' : squeeze(c.cgi)
  if (cgi) return `cell:${cgi}`
  const id = c.cellId === undefined ? '' : squeeze(c.cellId)
  if (!id) return undefined
  const lac = c.lac === undefined ? '' : squeeze(c.lac)
  return lac ? `cell:${lac}-${id}` : `cell:${id}`
}

/** Splits a key into its type and the value a user reads (`phone:+66812345678` → phone, +66812345678). */
export function entityKeyParts(key: string): { readonly type: string; readonly value: string } {
  const i = key.indexOf(':')
  return i < 0 ? { type: '', value: key } : { type: key.slice(0, i), value: key.slice(i + 1) }
}
