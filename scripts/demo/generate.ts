// Generates Waymark's demo case (resources/demo) and its answer key (scripts/demo/answers.json), deterministically from one seed.
//
// Run: npx tsx scripts/demo/generate.ts            (writes resources/demo/* and scripts/demo/answers.json)
// API: generateDemo(outDir, options?)  → writes the demo files into outDir and returns them with the answers
//      renderDemo()                     → the same files as bytes, without touching the disk
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildCast, type Cast, type Line } from './cast'
import { BD_AREAS, MY_CELLS, RECEIVER_TRIPS } from './cells'
import { BD_CDR_FILE, MY_CDR_FILE, MY_CLOCK_SKEW_SECONDS, writeBdCdr, writeMyCdr, type RowNote } from './cdrFiles'
import { BANGKOK, DHAKA, HOUR, KUALA_LUMPUR, iso, wall, type Zone } from './clock'
import {
  BORDER_FILE, borderCrossings, FACILITATOR_VAN, formatAmount, moneyFlows, PADANG_BESAR, SUBSCRIBERS_FILE, TRANSFERS_FILE, writeBorder,
  writeSubscribers, writeTransfers
} from './otherFiles'
import { Rng } from './rng'
import { addBackground, scriptStory, T, untangle, type Comm } from './timeline'

export const DEMO_SEED = 'waymark-demo-2024-v1'
export const MANIFEST_FILE = 'manifest.json'
export const README_FILE = 'README.md'
export const ANSWERS_FILE = 'answers.json'

/** Row counts the brief asks for (the CDRs are filled to exactly these before overlapping calls are untangled). */
const BD_ROWS = 3000
const MY_ROWS = 1850

/** Size budgets in bytes, per file; the whole folder stays under 600 KB. */
export const SIZE_BUDGET: Readonly<Record<string, number>> = {
  [BD_CDR_FILE]: 310_000,
  [MY_CDR_FILE]: 210_000,
  [SUBSCRIBERS_FILE]: 30_000,
  [BORDER_FILE]: 30_000,
  [TRANSFERS_FILE]: 55_000,
  [MANIFEST_FILE]: 12_000,
  [README_FILE]: 12_000
}
export const TOTAL_BUDGET = 600_000

export interface DemoOutput {
  /** File name → bytes, for resources/demo. */
  readonly files: ReadonlyMap<string, Uint8Array>
  /** The answer key as written to scripts/demo/answers.json. */
  readonly answersText: string
}

function lineOf(cast: Cast, key: string): Line {
  const l = cast.lines.get(key)
  if (!l) throw new Error(`no line ${key}`)
  return l
}
const plus = (l: Line): string => `+${l.phone.e164}`
const when = (utc: number, zone: Zone): { utc: string; local: string; zone: string } => ({ utc: iso(utc), local: wall(utc, zone, 'yyyy-MM-dd HH:mm:ss'), zone })

/** The story's calls and messages: scripted, plus background, untangled so no phone is in two calls at once. */
function buildComms(cast: Cast, rng: Rng): Comm[] {
  const story = scriptStory(cast, rng)
  // Routine traffic never reaches the receiver while he is in Thailand: only what the network logged then is scripted.
  const awayFromHome = (c: Comm): boolean =>
    !c.fixed && (c.from === cast.myTarget || c.to === cast.myTarget) && c.utc >= RECEIVER_TRIPS.roaming.from && c.utc < RECEIVER_TRIPS.roaming.to
  const storyHere = story.filter((c) => !awayFromHome(c))
  const background = addBackground(cast, storyHere, rng, BD_ROWS, MY_ROWS).filter((c) => !awayFromHome(c))
  const lastAllowed = new Map<string, number>([['organiser-old', T.organiserOldLast]])
  for (const v of cast.batch1) {
    const own = cast.victimBdLine.get(v)
    if (own) lastAllowed.set(own, T.departure1 - HOUR)
  }
  for (const v of cast.batch2) {
    const own = cast.victimBdLine.get(v)
    if (own) lastAllowed.set(own, T.flight2)
  }
  return untangle([...storyHere, ...background], rng.fork('untangle'), lastAllowed).filter((c) => !awayFromHome(c))
}

function manifest(cast: Cast, counts: Readonly<Record<string, number>>): unknown {
  return {
    case: {
      name: 'Demo case: Teknaf – Sadao – Kuala Lumpur (fictional)',
      fictional: true,
      generatedBy: 'scripts/demo/generate.ts',
      seed: DEMO_SEED,
      note: 'Every person, number, account and company in these files is invented. Place names are real; nothing else is.'
    },
    files: [
      {
        file: BD_CDR_FILE,
        what: `Call detail records of ${cast.bdTargets.length} Bangladeshi target numbers (calls and SMS, with IMEI, IMSI and cell)`,
        sender: 'Bangladeshi mobile operator (invented), lawful-interception desk, in reply to a police requisition',
        recordKind: 'call',
        defaultCountry: 'BD',
        zone: DHAKA,
        encoding: 'UTF-8 with BOM',
        delimiter: ',',
        lineEnding: 'CRLF',
        headerRow: 1,
        rows: counts[BD_CDR_FILE],
        directionCodes: { MO: 'outgoing call', MT: 'incoming call', SMO: 'outgoing SMS', SMT: 'incoming SMS' },
        numbers: 'Bangladeshi numbers as 017… or 88017…; foreign numbers with their country code and no plus (60…, 66…, 95…), sometimes with the 00 prefix',
        dateFormat: {
          column: 'START_TIME',
          pattern: 'dd/MM/yyyy HH:mm:ss',
          order: 'dmy',
          zone: DHAKA,
          confirm: 'Day first (13/02/2024 exists, 02/13/2024 would not): the analyst confirms dd/mm before import; times are Bangladesh time (UTC+06:00).'
        },
        durationUnit: 'seconds'
      },
      {
        file: MY_CDR_FILE,
        what: 'Call detail records of one Malaysian target number, with a cell list',
        sender: 'Malaysian mobile operator (invented), via the Malaysian police liaison officer',
        recordKind: 'call',
        defaultCountry: 'MY',
        zone: KUALA_LUMPUR,
        sheets: [
          { sheet: 'CDR', recordKind: 'call', headerRow: 3, rows: counts[MY_CDR_FILE], preamble: 'Rows 1–2: title with the target number, and the period' },
          { sheet: 'Cell list', recordKind: 'cellSite', headerRow: 1, rows: counts['Cell list'] }
        ],
        numbers: 'Text cells: +60… or 60… for Malaysian numbers, +880… / 880… and +66… for foreign ones',
        dateFormat: {
          columns: ['Date', 'Time'],
          pattern: 'yyyy-MM-dd + HH:mm:ss (two columns)',
          order: 'ymd',
          zone: KUALA_LUMPUR,
          confirm: 'Year first, so day/month order is not in doubt; the analyst confirms that the separate Date and Time columns are joined and read as Malaysia time (UTC+08:00).'
        },
        durationUnit: 'hh:mm:ss'
      },
      {
        file: SUBSCRIBERS_FILE,
        what: 'Subscriber (SIM registration) details of numbers of interest',
        sender: 'Bangladeshi partner agency (invented desk), compiled from operators and foreign liaison replies',
        recordKind: 'person',
        defaultCountry: 'BD',
        zone: DHAKA,
        headerRow: 1,
        rows: counts[SUBSCRIBERS_FILE],
        scripts: 'Names in Bengali, Burmese, Thai or Latin script in "Name"; romanised name and alias (after "@") in the next column',
        dateFormat: { column: 'Date of Birth', pattern: 'dd-MM-yyyy', order: 'dmy', confirm: 'Day first.' }
      },
      {
        file: BORDER_FILE,
        what: 'Entries and exits at two Thai immigration checkpoints on the Malaysian border',
        sender: 'Thai immigration (invented extract), Sadao and Padang Besar checkpoints',
        recordKind: 'movement',
        defaultCountry: 'TH',
        zone: BANGKOK,
        headerRow: 2,
        preamble: 'Row 1: report title',
        rows: counts[BORDER_FILE],
        directionCodes: { ขาเข้า: 'entry (into Thailand)', ขาออก: 'exit (from Thailand)' },
        dateFormat: {
          column: 'วันที่ (Date)',
          pattern: 'dd/MM/yyyy, Buddhist Era (2567 = 2024)',
          order: 'dmy',
          era: 'BE',
          timeColumn: 'เวลา (Time)',
          timePattern: 'HH.mm',
          zone: BANGKOK,
          confirm: 'Day first, Buddhist Era years (subtract 543); times use a dot and are Thai time (UTC+07:00).'
        }
      },
      {
        file: TRANSFERS_FILE,
        what: 'Money transfers handled by a remittance agent in Bangladesh and Malaysia',
        sender: 'Remittance agent (invented), compliance officer',
        recordKind: 'transfer',
        defaultCountry: 'BD',
        zone: DHAKA,
        encoding: 'UTF-8',
        delimiter: ';',
        lineEnding: 'LF',
        headerRow: 1,
        rows: counts[TRANSFERS_FILE],
        amounts: 'Text with thousands separators (1,250,000.00); one Bangladeshi branch groups in lakhs (12,50,000.00). Currency BDT or MYR.',
        dateFormat: {
          column: 'Date Time',
          pattern: 'yyyy-MM-dd HH:mm:ss±hh:mm',
          order: 'ymd',
          explicitOffsets: true,
          confirm: 'Every time carries its offset (+06:00 Bangladesh branches, +08:00 Malaysian branches): the offset wins over the default zone.'
        }
      }
    ]
  }
}

function readme(cast: Cast, counts: Readonly<Record<string, number>>): string {
  return `# Demo case — fictional data

Everything in this folder is **generated, fictional data**. Every person, phone number, IMEI, account and company
is invented; place names are real. The files are written by \`scripts/demo/generate.ts\` from a fixed seed
(\`npx tsx scripts/demo/generate.ts\`) and a unit test checks that they equal a fresh generation: **do not edit
them by hand** — change the generator and run it again.

| File | What | Rows |
| --- | --- | --- |
| \`${BD_CDR_FILE}\` | Bangladeshi operator CDR, ${cast.bdTargets.length} targets (CSV, UTF-8 with BOM, dd/mm/yyyy, Asia/Dhaka) | ${counts[BD_CDR_FILE]} |
| \`${MY_CDR_FILE}\` | Malaysian operator CDR, one target, with a cell list (XLSX, preamble rows, Asia/Kuala_Lumpur) | ${counts[MY_CDR_FILE]} |
| \`${SUBSCRIBERS_FILE}\` | Partner agency's subscriber list (Bengali, Burmese, Thai and Latin names) | ${counts[SUBSCRIBERS_FILE]} |
| \`${BORDER_FILE}\` | Thai immigration checkpoint sheet, Sadao and Padang Besar (Thai headers, Buddhist Era dates) | ${counts[BORDER_FILE]} |
| \`${TRANSFERS_FILE}\` | Remittance agent's transfers (semicolon CSV, explicit UTC offsets, BDT and MYR) | ${counts[TRANSFERS_FILE]} |
| \`${MANIFEST_FILE}\` | For each file: sender, default country, time zone and the date format to confirm | — |

## The story (exercise sheet)

Between February and March 2024 a network moves young men from Bangladesh — villages around Teknaf, Hatiya and
Char Fasson, and the Rohingya camps at Ukhia — to Malaysia. A recruiter in Cox's Bazar finds them and a broker in
Dhaka handles those who can travel on passports. One group goes by boat from the Teknaf coast, lands in southern
Thailand and is walked across the border near Sadao; a second group flies to Bangkok and is driven to Padang Besar.
A facilitator on the Thai side of the border hands them to a receiver from Kuala Lumpur, who places them with an
"employer". Families in Bangladesh pay a deposit before departure and the balance once they have heard their son's
voice on the phone; a money collector in Chattogram gathers the payments.

You have the CDRs of four Bangladeshi numbers and of one Malaysian number, a subscriber list, an extract of Thai
checkpoint records and a remittance agent's ledger. Build the network; find where and when each group crossed; link
the payments to the calls. Watch for a phone that goes silent and one that takes its place, a SIM that moves to a new
handset, calls that appear in both operators' records, and rows the importer has to report rather than read. The
answers are in \`scripts/demo/answers.json\`.
`
}

/** All demo files and the answer key, as bytes; nothing is written. */
export function renderDemo(): DemoOutput {
  const rng = new Rng(DEMO_SEED)
  const cast = buildCast(rng, T.bdPeriodStart - 3 * HOUR, T.handsetSwap)
  const comms = buildComms(cast, rng)
  const bd = writeBdCdr(cast, comms, rng)
  const my = writeMyCdr(cast, comms, rng)
  const subs = writeSubscribers(cast, rng)
  const crossings = borderCrossings(cast, rng)
  const border = writeBorder(cast, crossings, rng)
  const transfers = moneyFlows(cast, rng)
  const money = writeTransfers(cast, transfers, rng)

  const counts: Record<string, number> = {
    [BD_CDR_FILE]: bd.rows,
    [MY_CDR_FILE]: my.rows,
    'Cell list': MY_CELLS.length,
    [SUBSCRIBERS_FILE]: subs.rows,
    [BORDER_FILE]: border.rows,
    [TRANSFERS_FILE]: money.rows
  }
  const enc = new TextEncoder()
  const files = new Map<string, Uint8Array>([
    [BD_CDR_FILE, bd.bytes],
    [MY_CDR_FILE, my.bytes],
    [SUBSCRIBERS_FILE, subs.bytes],
    [BORDER_FILE, border.bytes],
    [TRANSFERS_FILE, money.bytes],
    [MANIFEST_FILE, enc.encode(`${JSON.stringify(manifest(cast, counts), null, 2)}\n`)],
    [README_FILE, enc.encode(readme(cast, counts))]
  ])
  return { files, answersText: `${JSON.stringify(answers(cast, comms, { bd: bd.badRows, my: my.badRows, border: border.badRows, money: money.badRows }, [...bd.oddDurations, ...my.oddDurations], money.quirks, transfers, counts), null, 2)}\n` }
}

function answers(
  cast: Cast,
  comms: readonly Comm[],
  bad: Readonly<Record<string, readonly RowNote[]>>,
  odd: readonly RowNote[],
  quirks: readonly RowNote[],
  transfers: ReturnType<typeof moneyFlows>,
  counts: Readonly<Record<string, number>>
): unknown {
  const person = (key: string): { name: string; native: string; alias?: string } => {
    const p = cast.people.get(key)
    if (!p) throw new Error(`no person ${key}`)
    return { name: p.latin, native: p.native, ...(p.alias ? { alias: p.alias } : {}) }
  }
  const target = (line: string): { imsi: string; imeis: string[] } | undefined => {
    const t = cast.bdTargets.find((x) => x.line === line)
    return t ? { imsi: t.imsi, imeis: t.handsets.map((h) => h.imei) } : undefined
  }
  const network = (['recruiter', 'broker', 'organiser', 'facilitator', 'receiver', 'employer', 'collector'] as const).map((role) => {
    const lines = [...cast.lines.values()].filter((l) => l.user === role)
    const p = cast.people.get(role)
    return {
      role,
      ...person(role),
      nationality: p?.nationality,
      numbers: lines.map(plus),
      ...(lines.length === 1 && target(lines[0]?.key ?? '') ? target(lines[0]?.key ?? '') : {}),
      cdrTarget: lines.some((l) => cast.bdTargets.some((t) => t.line === l.key) || l.key === cast.myTarget),
      note: p?.note
    }
  })
  const old = lineOf(cast, 'organiser-old')
  const neu = lineOf(cast, 'organiser-new')
  const broker = cast.bdTargets.find((t) => t.line === 'broker')
  const bdTargets = new Set(cast.bdTargets.map((t) => t.line))
  const inBoth = (c: Comm): boolean => {
    const myUtc = c.utc + MY_CLOCK_SKEW_SECONDS * 1000
    return c.utc >= T.bdPeriodStart && c.utc <= T.bdPeriodEnd && myUtc >= T.myPeriodStart && myUtc + 2000 <= T.myPeriodEnd
  }
  const mirrored = comms.filter((c) => inBoth(c) && ((bdTargets.has(c.from) && c.to === cast.myTarget) || (bdTargets.has(c.to) && c.from === cast.myTarget)))
  const mirrorPairs = new Map<string, number>()
  for (const c of mirrored) {
    const bdSide = bdTargets.has(c.from) ? c.from : c.to
    const k = `${plus(lineOf(cast, bdSide))} ↔ ${plus(lineOf(cast, cast.myTarget))}`
    mirrorPairs.set(k, (mirrorPairs.get(k) ?? 0) + 1)
  }
  const phonesInFiles = new Set<string>()
  for (const c of comms) {
    const involvesTarget = bdTargets.has(c.from) || bdTargets.has(c.to) || c.from === cast.myTarget || c.to === cast.myTarget
    if (involvesTarget) {
      phonesInFiles.add(c.from)
      phonesInFiles.add(c.to)
    }
  }
  const cdrPhones = phonesInFiles.size
  for (const t of transfers) {
    if (t.senderLine) phonesInFiles.add(t.senderLine)
    if (t.receiverLine) phonesInFiles.add(t.receiverLine)
  }
  const sum = (pred: (t: (typeof transfers)[number]) => boolean): string => formatAmount(transfers.filter(pred).reduce((s, t) => s + t.amount, 0))
  const famLines = new Set(cast.familyOf.values())
  return {
    generatedBy: 'scripts/demo/generate.ts',
    seed: DEMO_SEED,
    fictional: true,
    period: { bd: [when(T.bdPeriodStart, DHAKA), when(T.bdPeriodEnd, DHAKA)], my: [when(T.myPeriodStart, KUALA_LUMPUR), when(T.myPeriodEnd, KUALA_LUMPUR)] },
    network,
    phoneReplacement: {
      user: person('organiser'),
      oldNumber: plus(old),
      oldRegisteredTo: person(old.registrant),
      oldLastSeen: when(T.organiserOldLast, DHAKA),
      newNumber: plus(neu),
      newRegisteredTo: person(neu.registrant),
      newFirstSeen: when(T.organiserNewFirst, DHAKA),
      gapHours: Math.round(((T.organiserNewFirst - T.organiserOldLast) / HOUR) * 10) / 10,
      sharedContacts: ['recruiter', 'broker', 'collector', 'receiver'].map((k) => ({ role: k, number: plus(lineOf(cast, k)) })),
      newNumberIsCdrTarget: false,
      howToFind: 'The old number (a target) stops after its last call; within a day a number never seen before calls the same four targets.'
    },
    handsetSwap: {
      user: person('broker'),
      number: plus(lineOf(cast, 'broker')),
      imsi: broker?.imsi,
      oldImei: broker?.handsets[0]?.imei,
      newImei: broker?.handsets[1]?.imei,
      newImeiFrom: when(T.handsetSwap, DHAKA)
    },
    mirrorCalls: {
      what: 'Calls and SMS between a Bangladeshi target and the Malaysian target appear in both CDRs: outgoing on one side, incoming on the other.',
      clockOffsetSeconds: { min: MY_CLOCK_SKEW_SECONDS, max: MY_CLOCK_SKEW_SECONDS + 2, note: 'the Malaysian switch is ahead; after converting both to UTC' },
      durationDifferenceSeconds: 1,
      count: mirrored.length,
      pairs: Object.fromEntries([...mirrorPairs.entries()].sort())
    },
    batches: [
      {
        name: 'Batch 1 (sea route)',
        victims: cast.batch1.map((v) => ({ ...person(v), family: plus(lineOf(cast, cast.familyOf.get(v) ?? '')) })),
        boatDeparture: { ...when(T.departure1, DHAKA), place: 'Shamlapur beach, Teknaf (organiser and recruiter on cells 10871–10873, LAC 1103)' },
        landing: { ...when(T.landing1, DHAKA), place: 'southern Thai Andaman coast (not in the data: calls only)' },
        crossedIntoMalaysia: { ...when(T.crossing1, KUALA_LUMPUR), place: 'on foot near Bukit Kayu Hitam; the receiver waits on cell KDH-BKH-02' },
        arrivalCallsFrom: when(T.arrivalCalls1, KUALA_LUMPUR)
      },
      {
        name: 'Batch 2 (air and road)',
        victims: cast.batch2.map((v) => ({ ...person(v), passport: cast.people.get(v)?.passport, family: plus(lineOf(cast, cast.familyOf.get(v) ?? '')) })),
        flight: { ...when(T.flight2, DHAKA), place: 'Dhaka airport (broker on cells 20951–20953, LAC 2019, that morning)' },
        exitFromThailand: { ...when(T.exit2, KUALA_LUMPUR), place: `${PADANG_BESAR}, in ${FACILITATOR_VAN} with the facilitator; the receiver on cell PLS-PDB-01` },
        arrivalCallsFrom: when(T.arrivalCalls2, KUALA_LUMPUR)
      }
    ],
    minorAmongVictims: { ...person('victim-05'), born: cast.people.get('victim-05')?.dob },
    receiverInThailand: { date: '2024-02-12', checkpoint: 'Sadao', note: 'He enters and leaves Thailand the same day; his Malaysian CDR shows only incoming records with no cell while he is away.' },
    money: {
      familiesToCollectorBdt: sum((t) => t.receiver === 'collector' && t.senderLine !== null && famLines.has(t.senderLine)),
      collectorToBrokerBdt: sum((t) => t.sender === 'collector' && t.receiver === 'broker'),
      brokerToReceiverBdt: sum((t) => t.sender === 'broker' && t.receiver === 'receiver'),
      employerToReceiverMyr: sum((t) => t.sender === 'employer-co'),
      receiverToFacilitatorMyr: sum((t) => t.sender === 'receiver' && t.receiver === 'facilitator'),
      storyTransfers: transfers.filter((t) => t.purpose).length
    },
    badRows: [...(bad.bd ?? []), ...(bad.my ?? []), ...(bad.border ?? []), ...(bad.money ?? [])],
    oddDurations: odd,
    quirks,
    bdCells: Object.fromEntries(Object.values(BD_AREAS).flatMap((cells) => cells.map((c) => [`${c.lac}/${c.cellId}`, c.area]))),
    counts: { ...counts, phonesInCdrs: cdrPhones, phonesInAllFiles: phonesInFiles.size }
  }
}

/** Writes the demo files into outDir (created if missing); also the answer key when answersPath is given. */
export function generateDemo(outDir: string, options: { answersPath?: string } = {}): DemoOutput {
  const out = renderDemo()
  mkdirSync(outDir, { recursive: true })
  for (const [name, bytes] of out.files) writeFileSync(join(outDir, name), bytes)
  if (options.answersPath) writeFileSync(options.answersPath, out.answersText)
  return out
}

const here = dirname(fileURLToPath(import.meta.url))
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outDir = resolve(here, '..', '..', 'resources', 'demo')
  const out = generateDemo(outDir, { answersPath: join(here, ANSWERS_FILE) })
  let total = 0
  for (const [name, bytes] of out.files) {
    total += bytes.length
    console.log(`${name.padEnd(26)} ${String(bytes.length).padStart(8)} bytes`)
  }
  console.log(`${'total'.padEnd(26)} ${String(total).padStart(8)} bytes → ${outDir}`)
}
