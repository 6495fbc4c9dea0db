// The demo case's invented people and phone lines: the network, its victims and their families, and ordinary background callers.
import {
  ABDUL, BD_FAMILY, BD_FEMALE_FAMILY, BD_FEMALE_GIVEN, BD_MALE_GIVEN, CHINESE_MALAYSIAN, MALAY_FEMALE, MALAY_MALE, MD, MOHAMMAD,
  MYANMAR_NAMES, ROHINGYA_FEMALE, ROHINGYA_MALE, THAI_FAMILY, THAI_GIVEN, type NamePart
} from './names'
import { imeiFromBody, PhoneBook, type Country, type Phone } from './phones'
import type { Rng } from './rng'

export type Role =
  | 'recruiter' | 'broker' | 'organiser' | 'facilitator' | 'receiver' | 'employer' | 'collector'
  | 'victim' | 'family' | 'crew' | 'proxy' | 'background'

export type Nationality = 'Bangladeshi' | 'Malaysian' | 'Thai' | 'Myanmar' | 'Myanmar (FDMN)'

export interface Person {
  readonly key: string
  readonly role: Role
  readonly sex: 'M' | 'F'
  /** Latin spelling as a passport or romanised register writes it. */
  readonly latin: string
  /** Spelling in the person's own script (Bengali, Burmese, Thai) or Latin for Malaysians. */
  readonly native: string
  /** Thai transliteration, for the Thai checkpoint sheet. */
  readonly thai: string
  readonly alias?: string
  readonly fatherLatin?: string
  readonly fatherNative?: string
  readonly nationality: Nationality
  /** National id, NRIC, FCN (Rohingya family counting number) or company registration, as written. */
  readonly idNumber?: string
  readonly passport?: string
  readonly dob: { readonly y: number; readonly m: number; readonly d: number }
  readonly address: string
  /** Free text for answers.json: who this is in the story. */
  readonly note?: string
}

/** A SIM: the number, who uses it, and who it is registered to (not always the same person). */
export interface Line {
  readonly key: string
  readonly phone: Phone
  readonly user: string
  readonly registrant: string
}

/** A target of a Bangladeshi CDR: the subscriber's IMSI and the handsets (IMEIs) the SIM sat in, with the time each began. */
export interface BdTarget {
  readonly line: string
  readonly imsi: string
  readonly handsets: readonly { readonly imei: string; readonly fromUtc: number }[]
}

interface Place {
  readonly vill: string
  readonly po: string
  readonly ps: string
  readonly dist: string
}
const place = (vill: string, po: string, ps: string, dist: string): Place => ({ vill, po, ps, dist })

export const PLACES = {
  teknaf: [place('Shamlapur', 'Baharchhara', 'Teknaf', "Cox's Bazar"), place('Sabrang', 'Teknaf', 'Teknaf', "Cox's Bazar"), place('Hnila', 'Hnila', 'Teknaf', "Cox's Bazar")],
  coxs: [place('Jhilongja', 'Jhilongja', "Cox's Bazar Sadar", "Cox's Bazar"), place('Kolatoli', "Cox's Bazar", "Cox's Bazar Sadar", "Cox's Bazar"), place('Jaliapalong', 'Sonarpara', 'Ukhia', "Cox's Bazar")],
  hatiya: [place('Char Ishwar', 'Afazia', 'Hatiya', 'Noakhali'), place('Sukhchar', 'Sukhchar', 'Hatiya', 'Noakhali')],
  bhola: [place('Char Kukri Mukri', 'Char Kukri Mukri', 'Char Fasson', 'Bhola'), place('Dhal Char', 'Dhal Char', 'Char Fasson', 'Bhola')],
  sirajganj: [place('Potajia', 'Potajia', 'Shahjadpur', 'Sirajganj'), place('Tamai', 'Belkuchi', 'Belkuchi', 'Sirajganj')],
  tangail: [place('Nikrail', 'Nikrail', 'Bhuapur', 'Tangail'), place('Hemnagar', 'Hemnagar', 'Gopalpur', 'Tangail')],
  cumilla: [place('Gouripur', 'Gouripur', 'Daudkandi', 'Cumilla')],
  chattogram: [place('Mirzapur', 'Mirzapur', 'Hathazari', 'Chattogram'), place('Chunati', 'Chunati', 'Lohagara', 'Chattogram')]
} as const

export type Region = keyof typeof PLACES

function ruralAddress(p: Place): string {
  return `Vill: ${p.vill}, PO: ${p.po}, PS: ${p.ps}, Dist: ${p.dist}`
}

function camp(rng: Rng): string {
  const c = rng.pick([['4', 'Kutupalong'], ['13', 'Balukhali'], ['15', 'Jamtoli'], ['8W', 'Balukhali'], ['1E', 'Kutupalong']] as const)
  return `Block ${rng.pick(['A', 'B', 'C', 'D', 'E'])}-${rng.int(1, 24)}, Camp ${c[0]} (${c[1]}), Ukhia, Cox's Bazar`
}

const URBAN_DHAKA = ['Naya Paltan, Dhaka-1000', 'Motijheel C/A, Dhaka-1000', 'Banasree, Rampura, Dhaka-1219', 'Jatrabari, Dhaka-1204', 'Mirpur-10, Dhaka-1216']
const URBAN_CTG = ['Reazuddin Bazar, Kotwali, Chattogram-4000', 'Agrabad C/A, Double Mooring, Chattogram-4100', 'Halishahar, Chattogram-4216']
const URBAN_COX = ["Kolatoli Road, Cox's Bazar-4700", "Bazarghata, Cox's Bazar-4700", "Teknaf Main Road, Teknaf, Cox's Bazar"]
const KL_ADDRESSES = [
  'Jalan Haji Taib, Chow Kit, 50350 Kuala Lumpur', 'Jalan Raja Muda Musa, Kampung Baru, 50300 Kuala Lumpur', 'Jalan Silang, 50050 Kuala Lumpur',
  'Taman Selayang Jaya, 68100 Batu Caves, Selangor', 'Jalan Sentul, 51000 Kuala Lumpur', 'Taman Sri Gombak, 68100 Batu Caves, Selangor',
  'Jalan Ipoh, 51200 Kuala Lumpur', 'Bandar Baru Selayang, 68100 Batu Caves, Selangor'
]

export interface Cast {
  readonly people: ReadonlyMap<string, Person>
  readonly lines: ReadonlyMap<string, Line>
  readonly bdTargets: readonly BdTarget[]
  /** The Malaysian CDR's single target line key. */
  readonly myTarget: string
  /** Victims by batch, in travel order. */
  readonly batch1: readonly string[]
  readonly batch2: readonly string[]
  /** victim key → family line key. */
  readonly familyOf: ReadonlyMap<string, string>
  /** victim key → the victim's own Bangladeshi line key (not every victim had one). */
  readonly victimBdLine: ReadonlyMap<string, string>
  /** victim key → the Malaysian SIM the receiver gave them after arrival. */
  readonly victimMyLine: ReadonlyMap<string, string>
  /** Background lines by whose contact they are (line key of the target). */
  readonly background: ReadonlyMap<string, readonly string[]>
  /** Lines that only appear in the remittance file (workers in Malaysia and the families they send to). */
  readonly remitters: readonly { readonly sender: string; readonly receivers: readonly string[] }[]
  /** People who only cross the Thai border in the checkpoint sheet. */
  readonly travellers: readonly string[]
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

export function buildCast(rng: Rng, periodStartUtc: number, swapUtc: number): Cast {
  const people = new Map<string, Person>()
  const lines = new Map<string, Line>()
  const book = new PhoneBook()
  const r = rng.fork('cast')

  const addPerson = (p: Person): Person => {
    if (people.has(p.key)) throw new Error(`duplicate person ${p.key}`)
    people.set(p.key, p)
    return p
  }
  const addLine = (key: string, country: Country, user: string, registrant = user, prefix?: string): Line => {
    const line: Line = { key, phone: book.make(country, r, prefix), user, registrant }
    if (lines.has(key)) throw new Error(`duplicate line ${key}`)
    lines.set(key, line)
    return line
  }
  const dob = (yFrom: number, yTo: number): Person['dob'] => ({ y: r.int(yFrom, yTo), m: r.int(1, 12), d: r.int(1, 28) })
  const nid = (y: number): string => (r.chance(0.55) ? String(r.int(1, 9)) + r.digits(9) : String(y) + r.digits(13))
  const bdPassport = (): string => `A0${r.digits(7)}`
  const used = new Set<string>()
  const uniqueName = <N extends { readonly latin: string }>(make: () => N): N => {
    for (let i = 0; i < 200; i++) {
      const n = make()
      if (!used.has(n.latin)) {
        used.add(n.latin)
        return n
      }
    }
    throw new Error('uniqueName: ran out of names')
  }
  const join = (parts: readonly NamePart[], k: 'latin' | 'bn' | 'th', sep = ' '): string => parts.map((x) => x[k]).join(k === 'th' ? '' : sep)

  /** A Bangladeshi man or woman with an ordinary name; the father shares the family name. */
  const bdName = (sex: 'M' | 'F'): { latin: string; native: string; thai: string; fatherLatin: string; fatherNative: string } =>
    uniqueName(() => {
      const fam = r.pick(BD_FAMILY)
      const fatherParts = [r.chance(0.5) ? MD : ABDUL, r.pick(BD_MALE_GIVEN), fam]
      let parts: NamePart[]
      if (sex === 'M') {
        const lead = r.weighted([[MD], [MOHAMMAD], [] as NamePart[]], [4, 1, 3])
        parts = [...lead, r.pick(BD_MALE_GIVEN), fam]
      } else parts = [r.pick(BD_FEMALE_GIVEN), r.pick(BD_FEMALE_FAMILY)]
      return {
        latin: join(parts, 'latin'),
        native: join(parts, 'bn'),
        thai: parts.map((x) => x.th).join(' '),
        fatherLatin: join(fatherParts, 'latin'),
        fatherNative: join(fatherParts, 'bn')
      }
    })
  const rohingyaName = (sex: 'M' | 'F'): { latin: string; native: string; thai: string; fatherLatin: string; fatherNative: string } =>
    uniqueName(() => {
      const own = r.pick(sex === 'M' ? ROHINGYA_MALE : ROHINGYA_FEMALE)
      const father = r.pick(ROHINGYA_MALE)
      return { latin: own.latin, native: own.bn, thai: own.th, fatherLatin: father.latin, fatherNative: father.bn }
    })
  const malayName = (sex: 'M' | 'F'): { latin: string; native: string; thai: string; fatherLatin: string; fatherNative: string } =>
    uniqueName(() => {
      const own = r.pick(sex === 'M' ? MALAY_MALE : MALAY_FEMALE)
      const father = r.pick(MALAY_MALE)
      const link = sex === 'M' ? 'bin' : 'binti'
      const latin = `${own.latin} ${link} ${father.latin}`
      return { latin, native: latin, thai: `${own.th} ${link === 'bin' ? 'บิน' : 'บินตี'} ${father.th}`, fatherLatin: father.latin, fatherNative: father.latin }
    })
  const nric = (d: Person['dob'], sex: 'M' | 'F'): string => {
    const last = r.int(0, 4) * 2 + (sex === 'M' ? 1 : 0)
    return `${pad(d.y % 100)}${pad(d.m)}${pad(d.d)}-${r.pick(['01', '02', '08', '10', '14'])}-${r.digits(3)}${last}`
  }

  // --- the network ---------------------------------------------------------------------------------------------
  addPerson({
    key: 'recruiter', role: 'recruiter', sex: 'M', latin: 'Nurul Alam Sikder', native: 'নুরুল আলম সিকদার', thai: 'นูรุล อาลัม ซิกดาร์',
    alias: 'Nurul Dalal', fatherLatin: 'Abdus Sobhan Sikder', fatherNative: 'আব্দুস সোবহান সিকদার', nationality: 'Bangladeshi',
    idNumber: '4615927380', dob: { y: 1983, m: 7, d: 14 }, address: ruralAddress(PLACES.coxs[0]),
    note: "Recruiter in Cox's Bazar: finds young men in Teknaf, Hatiya, Char Fasson and the camps and takes the deposits' first calls."
  })
  addPerson({
    key: 'broker', role: 'broker', sex: 'M', latin: 'Shafiqul Islam Bhuiyan', native: 'শফিকুল ইসলাম ভূঁইয়া', thai: 'ชาฟิกุล อิสลาม ภูยยาน',
    alias: 'Shafiq Bhai', fatherLatin: 'Abdul Mannan Bhuiyan', fatherNative: 'আব্দুল মান্নান ভূঁইয়া', nationality: 'Bangladeshi',
    idNumber: '19762691508843127', passport: 'A03318476', dob: { y: 1976, m: 11, d: 2 }, address: `House 27/3, ${URBAN_DHAKA[0]}`,
    note: 'Broker in Dhaka: runs the passport/air route (batch 2) and talks to the receiver in Kuala Lumpur.'
  })
  addPerson({
    key: 'organiser', role: 'organiser', sex: 'M', latin: 'Aung Naing Soe', native: 'အောင်နိုင်စိုး', thai: 'อ่องนายโซ',
    alias: 'Saya Aung', nationality: 'Myanmar', dob: { y: 1979, m: 4, d: 9 }, address: "Shamlapur, Teknaf, Cox's Bazar (no fixed address)",
    note: 'Boat and transport organiser on the Teknaf coast; uses SIMs registered to other people and changes number after the first boat.'
  })
  addPerson({
    key: 'facilitator', role: 'facilitator', sex: 'M', latin: 'Sulaiman Jehmae', native: 'สุไลมาน เจ๊ะแม', thai: 'สุไลมาน เจ๊ะแม',
    alias: 'Bang Man', fatherLatin: 'Ismae Jehmae', fatherNative: 'อิสมาแอ เจ๊ะแม', nationality: 'Thai', idNumber: '3901100482157',
    passport: 'AA4829157', dob: { y: 1981, m: 1, d: 23 }, address: '12/3 หมู่ 4 ต.สำนักขาม อ.สะเดา จ.สงขลา 90320',
    note: 'Facilitator at the Thai–Malaysian border (Sadao / Padang Besar): moves people across and drives the van.'
  })
  addPerson({
    key: 'receiver', role: 'receiver', sex: 'M', latin: 'Hairul Nizam bin Daud', native: 'Hairul Nizam bin Daud', thai: 'ไฮรุล นิซาม บิน ดาวุด',
    alias: 'Abang Nizam', fatherLatin: 'Daud', fatherNative: 'Daud', nationality: 'Malaysian', idNumber: '810523-02-5517',
    passport: 'A38815204', dob: { y: 1981, m: 5, d: 23 }, address: `No. 18, Jalan SJ 4/2, ${KL_ADDRESSES[3]}`,
    note: 'Receiver in Kuala Lumpur: collects the arrivals at the border, holds them and places them with the "employer".'
  })
  addPerson({
    key: 'employer', role: 'employer', sex: 'M', latin: 'Ong Kah Seng', native: 'Ong Kah Seng', thai: 'อง กาเส็ง', nationality: 'Malaysian',
    idNumber: '720817-14-5893', dob: { y: 1972, m: 8, d: 17 }, address: `Lot 7, ${KL_ADDRESSES[6]}`,
    note: 'Director of the labour-supply company that pays the receiver per worker.'
  })
  addPerson({
    key: 'employer-co', role: 'employer', sex: 'M', latin: 'Kelapan Jaya Tenaga Sdn Bhd', native: 'Kelapan Jaya Tenaga Sdn Bhd', thai: '',
    nationality: 'Malaysian', idNumber: '201501023456 (1148826-X)', dob: { y: 2015, m: 6, d: 30 }, address: `Lot 7, ${KL_ADDRESSES[6]}`,
    note: 'Invented company that registered the employer’s phone.'
  })
  addPerson({
    key: 'collector', role: 'collector', sex: 'M', latin: 'Mizanur Rahman Chowdhury', native: 'মিজানুর রহমান চৌধুরী', thai: 'มิซานูร์ เราะห์มาน เชาดูรี',
    alias: 'Mizan Mohajan', fatherLatin: 'Late Abul Kashem Chowdhury', fatherNative: 'মরহুম আবুল কাশেম চৌধুরী', nationality: 'Bangladeshi',
    idNumber: '2857316049', dob: { y: 1979, m: 3, d: 9 }, address: `Shop 14, ${URBAN_CTG[0]}`,
    note: 'Money collector in Chattogram: receives the families’ payments and passes lump sums to the broker.'
  })
  addPerson({
    key: 'proxy-old', role: 'proxy', sex: 'F', latin: 'Rashida Begum', native: 'রশিদা বেগম', thai: 'ราชิดาเบกุม', fatherLatin: 'Sayed Alam',
    fatherNative: 'সৈয়দ আলম', nationality: 'Myanmar (FDMN)', idNumber: `FCN-${r.digits(8)}`, dob: { y: 1990, m: 2, d: 1 }, address: camp(r),
    note: 'Camp resident the organiser’s first SIM is registered to.'
  })
  addPerson({
    key: 'proxy-new', role: 'proxy', sex: 'M', latin: 'Abul Hashem', native: 'আবুল হাশেম', thai: 'อาบุล ฮาเชม', fatherLatin: 'Late Mokbul Ahmed',
    fatherNative: 'মরহুম মকবুল আহমেদ', nationality: 'Bangladeshi', idNumber: `1952${r.digits(13)}`, dob: { y: 1952, m: 10, d: 5 },
    address: 'Vill: Ghumdhum, PO: Ghumdhum, PS: Naikhongchhari, Dist: Bandarban', note: 'Elderly man the organiser’s replacement SIM is registered to.'
  })
  addPerson({
    key: 'organiser-wife', role: 'background', sex: 'F', latin: 'Khin Mar Win', native: 'ခင်မာဝင်း', thai: 'ขิ่นมาวิน', nationality: 'Myanmar',
    dob: { y: 1988, m: 12, d: 11 }, address: camp(r)
  })
  const crew = [MYANMAR_NAMES[1], MYANMAR_NAMES[5]] as const
  crew.forEach((n, i) => {
    if (!n) throw new Error('crew name missing')
    used.add(n.latin)
    addPerson({ key: `crew-${i + 1}`, role: 'crew', sex: 'M', latin: n.latin, native: n.my, thai: n.th, nationality: 'Myanmar', dob: dob(1975, 1992), address: 'Myanmar coast (Rakhine State)', note: i === 0 ? 'Boat captain (Myanmar SIM).' : 'Boat crew (Myanmar SIM).' })
  })

  addLine('recruiter', 'BD', 'recruiter', 'recruiter', '17')
  addLine('broker', 'BD', 'broker', 'broker', '17')
  addLine('organiser-old', 'BD', 'organiser', 'proxy-old', '18')
  addLine('organiser-new', 'BD', 'organiser', 'proxy-new', '19')
  addLine('collector', 'BD', 'collector', 'collector', '18')
  addLine('facilitator', 'TH', 'facilitator', 'facilitator', '8')
  addLine('receiver', 'MY', 'receiver', 'receiver', '11')
  addLine('employer', 'MY', 'employer', 'employer-co', '12')
  addLine('organiser-wife', 'BD', 'organiser-wife', 'organiser-wife')
  addLine('crew-1', 'MM', 'crew-1', 'crew-1', '97')
  addLine('crew-2', 'MM', 'crew-2', 'crew-2', '96')

  // --- victims and families --------------------------------------------------------------------------------------
  const batch1: string[] = []
  const batch2: string[] = []
  const familyOf = new Map<string, string>()
  const victimBdLine = new Map<string, string>()
  const victimMyLine = new Map<string, string>()
  const victimPlan: { region: Region | 'camp'; batch: 1 | 2; ownPhone: boolean; mySim: boolean }[] = [
    { region: 'teknaf', batch: 1, ownPhone: true, mySim: true }, { region: 'teknaf', batch: 1, ownPhone: true, mySim: false },
    { region: 'teknaf', batch: 1, ownPhone: false, mySim: false }, { region: 'hatiya', batch: 1, ownPhone: true, mySim: true },
    { region: 'hatiya', batch: 1, ownPhone: true, mySim: false }, { region: 'bhola', batch: 1, ownPhone: true, mySim: true },
    { region: 'bhola', batch: 1, ownPhone: false, mySim: false }, { region: 'camp', batch: 1, ownPhone: true, mySim: true },
    { region: 'camp', batch: 1, ownPhone: false, mySim: false }, { region: 'camp', batch: 1, ownPhone: true, mySim: true },
    { region: 'camp', batch: 1, ownPhone: false, mySim: false }, { region: 'camp', batch: 1, ownPhone: false, mySim: false },
    { region: 'sirajganj', batch: 2, ownPhone: true, mySim: true }, { region: 'sirajganj', batch: 2, ownPhone: true, mySim: true },
    { region: 'sirajganj', batch: 2, ownPhone: true, mySim: false }, { region: 'tangail', batch: 2, ownPhone: true, mySim: true },
    { region: 'tangail', batch: 2, ownPhone: true, mySim: false }, { region: 'cumilla', batch: 2, ownPhone: true, mySim: true }
  ]
  victimPlan.forEach((plan, i) => {
    const key = `victim-${pad(i + 1)}`
    const rohingya = plan.region === 'camp'
    const n = rohingya ? rohingyaName('M') : bdName('M')
    const born = i === 4 ? { y: 2006, m: 9, d: 17 } : dob(1993, 2004) // victim-05 is seventeen: a child in law
    const address = rohingya ? camp(r) : ruralAddress(r.pick(PLACES[plan.region as Region]))
    addPerson({
      key, role: 'victim', sex: 'M', latin: n.latin, native: n.native, thai: n.thai, fatherLatin: n.fatherLatin, fatherNative: n.fatherNative,
      nationality: rohingya ? 'Myanmar (FDMN)' : 'Bangladeshi', dob: born, address,
      ...(rohingya ? { idNumber: `FCN-${r.digits(8)}` } : { idNumber: nid(born.y) }),
      ...(plan.batch === 2 ? { passport: bdPassport() } : {}),
      note: plan.batch === 1 ? 'Batch 1: sea route from the Teknaf coast, landed in southern Thailand, walked across near Bukit Kayu Hitam.' : 'Batch 2: flew Dhaka–Bangkok on passports, driven to Padang Besar, exited Thailand with the facilitator.'
    })
    ;(plan.batch === 1 ? batch1 : batch2).push(key)
    // The family member who pays: a parent, a brother or a wife, living where the victim came from.
    const fsex: 'M' | 'F' = r.chance(0.55) ? 'M' : 'F'
    const fn = rohingya ? rohingyaName(fsex) : bdName(fsex)
    const fkey = `family-${pad(i + 1)}`
    const fb = dob(1960, 1995)
    addPerson({
      key: fkey, role: 'family', sex: fsex, latin: fn.latin, native: fn.native, thai: fn.thai, fatherLatin: fn.fatherLatin, fatherNative: fn.fatherNative,
      nationality: rohingya ? 'Myanmar (FDMN)' : 'Bangladeshi', idNumber: rohingya ? `FCN-${r.digits(8)}` : nid(fb.y), dob: fb, address,
      note: `Family of ${key}; pays the collector.`
    })
    addLine(fkey, 'BD', fkey)
    familyOf.set(key, fkey)
    if (plan.ownPhone) {
      addLine(`${key}-bd`, 'BD', key)
      victimBdLine.set(key, `${key}-bd`)
    }
    if (plan.mySim) {
      // Prepaid SIMs the receiver buys in bulk: registered to the receiver's wife.
      addLine(`${key}-my`, 'MY', key, 'receiver-wife', '11')
      victimMyLine.set(key, `${key}-my`)
    }
  })
  const wife = malayName('F')
  const wifeDob = { y: 1985, m: 2, d: 14 }
  addPerson({
    key: 'receiver-wife', role: 'background', sex: 'F', latin: wife.latin, native: wife.native, thai: wife.thai, fatherLatin: wife.fatherLatin,
    fatherNative: wife.fatherNative, nationality: 'Malaysian', dob: wifeDob, idNumber: nric(wifeDob, 'F'), address: `No. 18, Jalan SJ 4/2, ${KL_ADDRESSES[3]}`,
    note: 'The receiver’s wife: the victims’ Malaysian SIMs are registered to her.'
  })
  addLine('receiver-wife', 'MY', 'receiver-wife')

  // --- ordinary callers -------------------------------------------------------------------------------------------
  const background = new Map<string, string[]>()
  let bgCount = 0
  const addBackground = (owner: string | null, country: Country, kind: 'bd' | 'malay' | 'chinese' | 'bdworker' | 'mmworker' | 'thai', region?: Region): string => {
    const key = `bg-${pad(++bgCount, 3)}`
    const sex: 'M' | 'F' = r.chance(kind === 'bdworker' || kind === 'mmworker' ? 0.9 : 0.6) ? 'M' : 'F'
    let n: { latin: string; native: string; thai: string; fatherLatin?: string; fatherNative?: string }
    let nationality: Nationality = 'Bangladeshi'
    let address: string
    let idNumber: string | undefined
    let passport: string | undefined
    const born = dob(1962, 2003)
    switch (kind) {
      case 'bd':
      case 'bdworker':
        n = bdName(sex)
        address = kind === 'bdworker' ? r.pick(KL_ADDRESSES) : region === 'chattogram' ? r.chance(0.5) ? r.pick(URBAN_CTG) : ruralAddress(r.pick(PLACES.chattogram)) : region === 'coxs' || region === 'teknaf' ? r.chance(0.5) ? r.pick(URBAN_COX) : ruralAddress(r.pick(PLACES[region])) : r.pick(URBAN_DHAKA)
        if (kind === 'bdworker') passport = bdPassport()
        else idNumber = nid(born.y)
        break
      case 'malay':
        n = malayName(sex)
        nationality = 'Malaysian'
        address = r.pick(KL_ADDRESSES)
        idNumber = nric(born, sex)
        break
      case 'chinese':
        n = uniqueName(() => {
          const c = r.pick(CHINESE_MALAYSIAN)
          return { latin: c.latin, native: c.latin, thai: c.th }
        })
        nationality = 'Malaysian'
        address = r.pick(KL_ADDRESSES)
        idNumber = nric(born, sex)
        break
      case 'mmworker':
        n = uniqueName(() => {
          const m = r.pick(MYANMAR_NAMES)
          return { latin: m.latin, native: m.my, thai: m.th }
        })
        nationality = 'Myanmar'
        address = r.pick(KL_ADDRESSES)
        passport = `M${r.pick(['A', 'B', 'C', 'D'])}${r.digits(6)}`
        break
      case 'thai':
        n = uniqueName(() => {
          const g = r.pick(THAI_GIVEN)
          const f = r.pick(THAI_FAMILY)
          return { latin: `${g.latin} ${f.latin}`, native: `${g.th} ${f.th}`, thai: `${g.th} ${f.th}` }
        })
        nationality = 'Thai'
        address = 'อ.หาดใหญ่ จ.สงขลา'
        idNumber = r.digits(13).replace(/^0/, '3')
        break
    }
    addPerson({
      key, role: 'background', sex, latin: n.latin, native: n.native, thai: n.thai, nationality, dob: born, address,
      ...(n.fatherLatin ? { fatherLatin: n.fatherLatin, fatherNative: n.fatherNative ?? n.fatherLatin } : {}),
      ...(idNumber ? { idNumber } : {}), ...(passport ? { passport } : {})
    })
    addLine(key, country, key)
    if (owner) background.set(owner, [...(background.get(owner) ?? []), key])
    return key
  }
  for (let i = 0; i < 20; i++) addBackground('recruiter', 'BD', 'bd', r.pick(['coxs', 'teknaf'] as const))
  for (let i = 0; i < 18; i++) addBackground('broker', 'BD', 'bd')
  for (let i = 0; i < 15; i++) addBackground('collector', 'BD', 'bd', 'chattogram')
  for (let i = 0; i < 9; i++) addBackground('organiser-old', 'BD', 'bd', 'teknaf')
  for (let i = 0; i < 12; i++) addBackground('receiver', 'MY', 'malay')
  for (let i = 0; i < 4; i++) addBackground('receiver', 'MY', 'chinese')
  const workers: string[] = []
  const mmWorkers: string[] = []
  for (let i = 0; i < 9; i++) workers.push(addBackground('receiver', 'MY', 'bdworker'))
  for (let i = 0; i < 3; i++) mmWorkers.push(addBackground('receiver', 'MY', 'mmworker'))
  addBackground('receiver', 'TH', 'thai')
  // A few people both the recruiter and the collector know (a hotel in Cox's Bazar, a cousin): ordinary overlap.
  const shared = (background.get('recruiter') ?? []).slice(0, 3)
  background.set('collector', [...(background.get('collector') ?? []), ...shared])

  // Workers in Malaysia who send wages home through the same remittance agent, and the families they send to.
  const remitters: { sender: string; receivers: string[] }[] = []
  for (let i = 0; i < 8; i++) workers.push(addBackground(null, 'MY', 'bdworker'))
  for (const w of workers) {
    const n = r.chance(0.25) ? 2 : 1
    const receivers: string[] = []
    for (let j = 0; j < n; j++) receivers.push(addBackground(null, 'BD', 'bd', r.pick(['coxs', 'chattogram', 'teknaf'] as const)))
    remitters.push({ sender: w, receivers })
  }
  for (let i = 0; i < 3; i++) mmWorkers.push(addBackground(null, 'MY', 'mmworker'))
  for (const w of mmWorkers) {
    const key = `bg-${pad(++bgCount, 3)}`
    const m = uniqueName(() => {
      const x = r.pick(MYANMAR_NAMES)
      return { latin: x.latin, native: x.my, thai: x.th }
    })
    addPerson({ key, role: 'background', sex: 'F', latin: m.latin, native: m.native, thai: m.thai, nationality: 'Myanmar', dob: dob(1960, 1990), address: r.pick(['Mawlamyine, Mon State', 'Dawei, Tanintharyi Region', 'Pathein, Ayeyarwady Region']) })
    addLine(key, 'MM', key)
    remitters.push({ sender: w, receivers: [key] })
  }

  // Travellers at the Thai checkpoints who have nothing to do with the case.
  const travellers: string[] = []
  for (let i = 0; i < 30; i++) {
    const kind = r.weighted(['malay', 'chinese', 'thai', 'bd', 'mm'] as const, [9, 3, 7, 1, 2])
    const key = `traveller-${pad(i + 1)}`
    const sex: 'M' | 'F' = r.chance(0.6) ? 'M' : 'F'
    const born = dob(1960, 2002)
    let n: { latin: string; native: string; thai: string }
    let nationality: Nationality
    let passport: string
    if (kind === 'malay') {
      n = malayName(sex)
      nationality = 'Malaysian'
      passport = `A${r.digits(8)}`
    } else if (kind === 'chinese') {
      n = uniqueName(() => {
        const c = r.pick(CHINESE_MALAYSIAN)
        return { latin: c.latin, native: c.latin, thai: c.th }
      })
      nationality = 'Malaysian'
      passport = `H${r.digits(8)}`
    } else if (kind === 'thai') {
      n = uniqueName(() => {
        const g = r.pick(THAI_GIVEN)
        const f = r.pick(THAI_FAMILY)
        return { latin: `${g.latin} ${f.latin}`, native: `${g.th} ${f.th}`, thai: `${g.th} ${f.th}` }
      })
      nationality = 'Thai'
      passport = `A${r.pick(['A', 'B', 'C'])}${r.digits(7)}`
    } else if (kind === 'bd') {
      n = bdName('M')
      nationality = 'Bangladeshi'
      passport = bdPassport()
    } else {
      n = uniqueName(() => {
        const m = r.pick(MYANMAR_NAMES)
        return { latin: m.latin, native: m.my, thai: m.th }
      })
      nationality = 'Myanmar'
      passport = `M${r.pick(['A', 'B', 'C'])}${r.digits(6)}`
    }
    addPerson({ key, role: 'background', sex, latin: n.latin, native: n.native, thai: n.thai, nationality, passport, dob: born, address: '' })
    travellers.push(key)
  }

  // --- handsets of the Bangladeshi targets -------------------------------------------------------------------------
  const tac = (): string => `35${r.digits(6)}`
  const imei = (): string => imeiFromBody(tac() + r.digits(6))
  const imsi = (): string => `47003${r.digits(10)}`
  const bdTargets: BdTarget[] = [
    { line: 'recruiter', imsi: imsi(), handsets: [{ imei: imei(), fromUtc: periodStartUtc }] },
    { line: 'broker', imsi: imsi(), handsets: [{ imei: imei(), fromUtc: periodStartUtc }, { imei: imei(), fromUtc: swapUtc }] },
    { line: 'collector', imsi: imsi(), handsets: [{ imei: imei(), fromUtc: periodStartUtc }] },
    { line: 'organiser-old', imsi: imsi(), handsets: [{ imei: imei(), fromUtc: periodStartUtc }] }
  ]

  return { people, lines, bdTargets, myTarget: 'receiver', batch1, batch2, familyOf, victimBdLine, victimMyLine, background, remitters, travellers }
}
