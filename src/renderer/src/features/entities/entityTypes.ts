// The kinds of entity the tables list, with the key prefix each is stored under and the words a user reads.
import type { IconName } from '@blueprintjs/core'

export interface EntityTypeInfo {
  readonly id: string
  readonly prefix: string
  /** Plural, for a tab: "Phones". */
  readonly label: string
  /** Singular, for a page: "Phone". */
  readonly one: string
  /** The key column's header. */
  readonly keyHeader: string
  readonly icon: IconName
}

export const ENTITY_TYPES: readonly EntityTypeInfo[] = [
  { id: 'phone', prefix: 'phone:', label: 'Phones', one: 'Phone', keyHeader: 'Number', icon: 'phone' },
  { id: 'imei', prefix: 'imei:', label: 'Handsets (IMEI)', one: 'Handset', keyHeader: 'IMEI', icon: 'mobile-phone' },
  { id: 'imsi', prefix: 'imsi:', label: 'SIMs (IMSI)', one: 'SIM', keyHeader: 'IMSI', icon: 'sim-card' },
  { id: 'cell', prefix: 'cell:', label: 'Cell sites', one: 'Cell site', keyHeader: 'Cell', icon: 'cell-tower' },
  { id: 'person', prefix: 'person:', label: 'Persons', one: 'Person', keyHeader: 'Name', icon: 'person' },
  { id: 'account', prefix: 'account:', label: 'Accounts', one: 'Account', keyHeader: 'Account', icon: 'bank-account' },
  { id: 'id', prefix: 'id:', label: 'Ids & documents', one: 'Id or document', keyHeader: 'Id / document', icon: 'id-number' },
  { id: 'sender', prefix: 'sender:', label: 'Senders', one: 'Sender', keyHeader: 'Sender', icon: 'chat' }
]

export function typeInfo(idOrKey: string): EntityTypeInfo {
  const id = idOrKey.includes(':') ? idOrKey.slice(0, idOrKey.indexOf(':')) : idOrKey
  return ENTITY_TYPES.find((t) => t.id === id) ?? ENTITY_TYPES[0]!
}
