// Entity resolution as the analyst decided it: merges (two SIMs → one person), aliases, and persons linked to
// phones and documents. Acts are kept with their undo time; only the active ones shape what the screens show, and
// statistics of merged entities are shown as one entity listing its members.
import { MAX_NAMES, type EntityStats } from '../store/entityStats'
import type { KeyResolver } from './scan'

export type ResolutionKind = 'merge' | 'alias' | 'person'

/** One act of resolution (the domain twin of the stored EntityResolutionRow). */
export interface Resolution {
  readonly id: string
  readonly kind: ResolutionKind
  /** merge: the key the members are merged into; alias: the aliased key; person: the person's key. */
  readonly key: string
  /** merge: keys merged into `key`; person: keys linked to the person; alias: none. */
  readonly members: readonly string[]
  /** A merge's or person's name, or the alias text. */
  readonly label: string
  readonly note: string
  readonly createdAt: number
  /** When the act was undone; null while it holds. */
  readonly undoneAt: number | null
}

export interface ResolutionIndex {
  /** The key an entity is shown as: its merge group's key, itself when not merged. */
  readonly resolve: KeyResolver
  /** Keys merged into a group key (the group key first); [key] when it is not a group. */
  membersOf(key: string): readonly string[]
  /** Aliases the analyst gave the entity (or any member of its group). */
  aliasesOf(key: string): readonly string[]
  /** The label of the merge or person the key is (empty when none). */
  labelOf(key: string): string
  /** Person keys an entity (or any member of its group) is linked to by the analyst. */
  personsOf(key: string): readonly string[]
  /** Keys the analyst linked to a person key. */
  linkedTo(personKey: string): readonly string[]
  /** Every active group key with members. */
  readonly groups: ReadonlyMap<string, readonly string[]>
}

/** Entity statistics with or without their segment list (the screens see them without). */
export type StatsLike = Omit<EntityStats, 'segments'> & { readonly segments?: readonly string[] }

/** Statistics of an entity as shown, after the analyst's merges. */
export interface ResolvedStats extends Omit<EntityStats, 'segments'> {
  /** The segments of all members (present when the input had them). */
  readonly segments?: readonly string[]
  /** The keys whose statistics were added together (the entity's own key first); one entry when not merged. */
  readonly members: readonly string[]
  readonly aliases: readonly string[]
  /** The merge's or person's name given by the analyst, or ''. */
  readonly label: string
  /** Persons the analyst linked this entity to. */
  readonly persons: readonly string[]
}

function active(resolutions: readonly Resolution[]): Resolution[] {
  return resolutions.filter((r) => r.undoneAt === null).sort((x, y) => x.createdAt - y.createdAt || (x.id < y.id ? -1 : 1))
}

/**
 * Builds the lookup from the acts (undone ones ignored), in the order they were made: a later merge of a group's
 * key into another key moves the whole group, so chains of merges end at the last one's key.
 */
export function buildResolutionIndex(resolutions: readonly Resolution[]): ResolutionIndex {
  const parent = new Map<string, string>()
  const find = (k: string): string => {
    let r = k
    for (let p = parent.get(r); p !== undefined && p !== r; p = parent.get(r)) r = p
    // Path compression keeps repeated lookups flat.
    for (let x = k, p = parent.get(x); p !== undefined && p !== r; x = p, p = parent.get(x)) parent.set(x, r)
    return r
  }
  const labels = new Map<string, string>()
  const aliases = new Map<string, string[]>()
  const personLinks = new Map<string, Set<string>>()
  for (const r of active(resolutions)) {
    if (r.kind === 'merge') {
      const root = find(r.key)
      for (const m of r.members) {
        const mr = find(m)
        if (mr !== root) parent.set(mr, root)
      }
      if (r.label) labels.set(r.key, r.label)
    } else if (r.kind === 'alias') {
      const list = aliases.get(r.key) ?? []
      if (!list.includes(r.label)) list.push(r.label)
      aliases.set(r.key, list)
    } else {
      if (r.label) labels.set(r.key, r.label)
      let s = personLinks.get(r.key)
      if (!s) personLinks.set(r.key, (s = new Set()))
      for (const m of r.members) s.add(m)
    }
  }
  const groups = new Map<string, string[]>()
  for (const k of parent.keys()) {
    const root = find(k)
    if (root === k) continue
    let g = groups.get(root)
    if (!g) groups.set(root, (g = [root]))
    g.push(k)
  }
  for (const g of groups.values()) {
    const [root, ...rest] = g
    g.splice(0, g.length, root!, ...rest.sort())
  }
  const personsByKey = new Map<string, Set<string>>()
  for (const [p, members] of personLinks) {
    for (const m of members) {
      const root = find(m)
      let s = personsByKey.get(root)
      if (!s) personsByKey.set(root, (s = new Set()))
      s.add(p)
    }
  }
  return {
    resolve: (k) => (parent.size === 0 ? k : find(k)),
    membersOf: (k) => groups.get(find(k)) ?? [find(k)],
    aliasesOf: (k) => {
      if (aliases.size === 0) return []
      const out: string[] = []
      for (const m of groups.get(find(k)) ?? [find(k)]) for (const a of aliases.get(m) ?? []) if (!out.includes(a)) out.push(a)
      return out
    },
    labelOf: (k) => (labels.size === 0 ? '' : (labels.get(find(k)) ?? '')),
    personsOf: (k) => (personsByKey.size === 0 ? [] : [...(personsByKey.get(find(k)) ?? [])].sort()),
    linkedTo: (p) => [...(personLinks.get(p) ?? [])].sort(),
    groups
  }
}

const sortedKeys = (xs: Iterable<string>): string[] => [...new Set(xs)].sort()
const minOf = (x: number | null, y: number | null): number | null => (x === null ? y : y === null ? x : Math.min(x, y))
const maxOf = (x: number | null, y: number | null): number | null => (x === null ? y : y === null ? x : Math.max(x, y))

function add(x: StatsLike, y: StatsLike): StatsLike {
  return {
    key: x.key,
    firstAt: minOf(x.firstAt, y.firstAt),
    lastAt: maxOf(x.lastAt, y.lastAt),
    events: x.events + y.events,
    asA: x.asA + y.asA,
    asB: x.asB + y.asB,
    asOther: x.asOther + y.asOther,
    callSeconds: x.callSeconds + y.callSeconds,
    contacts: [...x.contacts, ...y.contacts],
    sources: sortedKeys([...x.sources, ...y.sources]),
    ...(x.segments || y.segments ? { segments: sortedKeys([...(x.segments ?? []), ...(y.segments ?? [])]) } : {}),
    names: [...new Set([...x.names, ...y.names])].slice(0, MAX_NAMES),
    records: x.records + y.records
  }
}

/**
 * Applies the active merges to statistics: members' statistics are added into their group's entity (first/last
 * seen, counts, call time, sources), contacts are resolved to groups, and an entity's contacts never include its
 * own group. An event between two members of one group is counted once per member. The result is sorted by key.
 * With `segments: false` the segment lists are left out (a table of every entity has no use for them).
 */
export function applyResolutions(stats: readonly StatsLike[], index: ResolutionIndex, options: { readonly segments?: boolean } = {}): ResolvedStats[] {
  const keepSegments = options.segments ?? true
  // Contacts are symmetric: the lists a merge changes are those of the groups themselves and of the members'
  // contacts. Only they are rebuilt; re-sorting every list would cost seconds on a large case.
  const touched = new Set<string>()
  if (index.groups.size > 0) {
    const byKey = new Map<string, StatsLike>()
    for (const s of stats) byKey.set(s.key, s)
    for (const [root, members] of index.groups) {
      touched.add(root)
      for (const m of members) for (const c of byKey.get(m)?.contacts ?? []) touched.add(c)
    }
  }
  const out: ResolvedStats[] = []
  const grouped = new Map<string, StatsLike[]>()
  for (const s of stats) {
    const g = index.resolve(s.key)
    if (g === s.key && !index.groups.has(g)) {
      // Most entities are in no merge: one object, no re-sorting unless a merge touched its contacts.
      out.push(resolved(s, g, touched.has(g) ? sortedKeys(s.contacts.map(index.resolve)).filter((c) => c !== g) : s.contacts, [g], index, keepSegments))
      continue
    }
    let list = grouped.get(g)
    if (!list) grouped.set(g, (list = []))
    list.push(s)
  }
  for (const [g, list] of grouped) {
    let merged: StatsLike = { ...list[0]!, key: g }
    for (let i = 1; i < list.length; i++) merged = add(merged, list[i]!)
    out.push(resolved(merged, g, sortedKeys(merged.contacts.map(index.resolve)).filter((c) => c !== g), sortedMembers(g, list.map((s) => s.key)), index, keepSegments))
  }
  if (grouped.size === 0 && isSorted(out)) return out
  return out.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
}

/** One resolved entity, every field written out: one object shape for all (a spread would copy 13 fields twice). */
function resolved(s: StatsLike, key: string, contacts: readonly string[], members: readonly string[], index: ResolutionIndex, keepSegments: boolean): ResolvedStats {
  const out: ResolvedStats = {
    key,
    firstAt: s.firstAt,
    lastAt: s.lastAt,
    events: s.events,
    asA: s.asA,
    asB: s.asB,
    asOther: s.asOther,
    callSeconds: s.callSeconds,
    contacts,
    sources: s.sources,
    names: s.names,
    records: s.records,
    members,
    aliases: index.aliasesOf(key),
    label: index.labelOf(key),
    persons: index.personsOf(key)
  }
  return s.segments && keepSegments ? { ...out, segments: s.segments } : out
}

function isSorted(xs: readonly { key: string }[]): boolean {
  for (let i = 1; i < xs.length; i++) if (xs[i - 1]!.key > xs[i]!.key) return false
  return true
}

function sortedMembers(group: string, keys: readonly string[]): string[] {
  return [group, ...keys.filter((k) => k !== group).sort()]
}
