// Where the targets' phones were: the cell tables of both operators and each target's movements over the six weeks.
import { DHAKA, KUALA_LUMPUR, hourIn, local } from './clock'
import type { Rng } from './rng'

/** A Bangladeshi operator cell: the CDR gives only CELL_ID and LAC; the area is for answers.json. */
export interface BdCell {
  readonly cellId: string
  readonly lac: string
  readonly area: string
}

const bd = (area: string, lac: string, ids: readonly number[]): BdCell[] => ids.map((id) => ({ cellId: String(id), lac, area }))

export const BD_AREAS: Readonly<Record<string, readonly BdCell[]>> = {
  coxsSadar: bd("Cox's Bazar Sadar (Kolatoli / Jhilongja)", '1101', [10211, 10212, 10213, 10241, 10242]),
  ukhia: bd('Ukhia (Kutupalong / Balukhali camps)', '1102', [10531, 10532, 10533, 10561, 10562]),
  teknaf: bd('Teknaf Sadar / Sabrang', '1103', [10811, 10812, 10851, 10852]),
  shamlapur: bd('Shamlapur beach, Teknaf', '1103', [10871, 10872, 10873]),
  paltan: bd('Dhaka, Paltan / Motijheel', '2011', [20114, 20115, 20131, 20132]),
  rampura: bd('Dhaka, Rampura / Banasree', '2012', [20411, 20412, 20413]),
  airport: bd('Dhaka, Hazrat Shahjalal International Airport', '2019', [20951, 20952, 20953]),
  kotwali: bd('Chattogram, Reazuddin Bazar / Kotwali', '3011', [30121, 30122, 30123]),
  halishahar: bd('Chattogram, Halishahar', '3012', [30311, 30312])
}

/** A Malaysian operator site; each site has three sectors (azimuth 0/120/240), each its own cell and CGI. */
export interface MySite {
  readonly code: string
  readonly name: string
  readonly lat: number
  readonly lon: number
  readonly lac: number
}

export interface MyCell {
  readonly tower: string
  readonly cgi: string
  readonly site: MySite
  readonly azimuth: number
}

const MY_SITES: readonly MySite[] = [
  { code: 'KUL-CKT-01', name: 'Chow Kit, Jalan Haji Taib', lat: 3.1642, lon: 101.6983, lac: 20512 },
  { code: 'KUL-KGB-02', name: 'Kampung Baru, Jalan Raja Muda Musa', lat: 3.1618, lon: 101.7041, lac: 20512 },
  { code: 'KUL-JSL-01', name: 'Jalan Silang / Kota Raya', lat: 3.1446, lon: 101.6987, lac: 20511 },
  { code: 'KUL-STL-03', name: 'Sentul Pasar', lat: 3.1834, lon: 101.6894, lac: 20515 },
  { code: 'SEL-SLY-02', name: 'Taman Selayang Jaya', lat: 3.2512, lon: 101.6497, lac: 20731 },
  { code: 'KUL-JIP-01', name: 'Jalan Ipoh, Batu 3', lat: 3.1781, lon: 101.6852, lac: 20515 },
  { code: 'SEL-RWG-01', name: 'Rawang, PLUS Expressway', lat: 3.3208, lon: 101.5763, lac: 20741 },
  { code: 'PRK-TJM-01', name: 'Tanjung Malim, PLUS Expressway', lat: 3.6851, lon: 101.5182, lac: 30112 },
  { code: 'PRK-IPH-04', name: 'Ipoh, Jelapang toll', lat: 4.6342, lon: 101.0640, lac: 30120 },
  { code: 'PRK-TPG-02', name: 'Taiping, Kamunting', lat: 4.8853, lon: 100.7284, lac: 30131 },
  { code: 'KDH-SGP-03', name: 'Sungai Petani Utara', lat: 5.6702, lon: 100.5043, lac: 40210 },
  { code: 'KDH-AST-01', name: 'Alor Setar, Jalan Sultanah', lat: 6.1186, lon: 100.3729, lac: 40221 },
  { code: 'KDH-CGL-01', name: 'Changlun town', lat: 6.4308, lon: 100.4297, lac: 40235 },
  { code: 'KDH-BKH-02', name: 'Bukit Kayu Hitam, ICQS', lat: 6.5095, lon: 100.4212, lac: 40235 },
  { code: 'PLS-KGR-01', name: 'Kangar town', lat: 6.4407, lon: 100.1985, lac: 40311 },
  { code: 'PLS-PDB-01', name: 'Padang Besar, Pekan', lat: 6.6603, lon: 100.3211, lac: 40318 }
]

export const MY_CELLS: readonly MyCell[] = MY_SITES.flatMap((site, i) =>
  [0, 120, 240].map((azimuth, s) => ({
    tower: `${site.code}${'ABC'[s] ?? ''}`,
    cgi: `502-18-${site.lac}-${(i + 1) * 100 + 11 + s * 10}`,
    site,
    azimuth
  }))
)

function cellsOf(code: string): MyCell[] {
  const list = MY_CELLS.filter((c) => c.site.code === code)
  if (list.length === 0) throw new Error(`cells: unknown site ${code}`)
  return list
}

/** A stretch of time a phone spent in one place (overrides the daily pattern). `ROAMING` = abroad: no local cell. */
interface Stay {
  readonly from: number
  readonly to: number
  readonly where: string
}

const stay = (from: string, to: string, where: string, zone: typeof DHAKA | typeof KUALA_LUMPUR): Stay => ({ from: local(from, zone), to: local(to, zone), where })

/** Bangladeshi targets' stays away from their usual places (Dhaka local time). */
const BD_STAYS: Readonly<Record<string, readonly Stay[]>> = {
  recruiter: [
    stay('2024-02-07 10:00', '2024-02-07 16:00', 'ukhia', DHAKA),
    stay('2024-02-09 09:30', '2024-02-09 15:30', 'ukhia', DHAKA),
    stay('2024-02-12 10:00', '2024-02-12 17:00', 'ukhia', DHAKA),
    stay('2024-02-15 14:00', '2024-02-15 17:00', 'teknaf', DHAKA),
    stay('2024-02-15 17:00', '2024-02-15 23:59', 'shamlapur', DHAKA)
  ],
  broker: [stay('2024-03-03 05:30', '2024-03-03 09:50', 'airport', DHAKA)],
  collector: [stay('2024-02-14 11:00', '2024-02-14 18:30', 'coxsSadar', DHAKA)],
  'organiser-old': [stay('2024-02-15 17:00', '2024-02-16 03:00', 'shamlapur', DHAKA), stay('2024-02-23 20:00', '2024-02-24 06:00', 'shamlapur', DHAKA)]
}

/** Where a Bangladeshi target usually is at a given hour (Dhaka time). */
function bdUsual(line: string, hour: number, rng: Rng): string {
  switch (line) {
    case 'recruiter':
      return hour < 8 || hour >= 22 ? 'coxsSadar' : rng.weighted(['coxsSadar', 'ukhia', 'teknaf'], [7, 2, 1])
    case 'broker':
      return hour < 9 || hour >= 21 ? 'rampura' : rng.weighted(['paltan', 'rampura'], [4, 1])
    case 'collector':
      return hour < 9 || hour >= 21 ? 'halishahar' : rng.weighted(['kotwali', 'halishahar'], [5, 1])
    case 'organiser-old':
      return rng.weighted(['teknaf', 'shamlapur'], [3, 2])
    default:
      throw new Error(`bdUsual: ${line} is not a Bangladeshi target`)
  }
}

export function bdCellAt(line: string, utc: number, rng: Rng): BdCell {
  const s = (BD_STAYS[line] ?? []).find((x) => utc >= x.from && utc < x.to)
  const area = s ? s.where : bdUsual(line, hourIn(utc, DHAKA), rng)
  const cells = BD_AREAS[area]
  if (!cells) throw new Error(`bdCellAt: unknown area ${area}`)
  return rng.pick(cells)
}

/** The receiver's three trips north (Kuala Lumpur time): the meeting at Sadao, and the two pick-ups. */
const MY_STAYS: readonly Stay[] = [
  // Trip to meet the facilitator in Sadao: drives up on the 11th, crosses into Thailand on the 12th, back on the 13th.
  stay('2024-02-11 14:00', '2024-02-11 15:00', 'SEL-RWG-01', KUALA_LUMPUR),
  stay('2024-02-11 15:00', '2024-02-11 16:40', 'PRK-IPH-04', KUALA_LUMPUR),
  stay('2024-02-11 16:40', '2024-02-11 18:30', 'KDH-SGP-03', KUALA_LUMPUR),
  stay('2024-02-11 18:30', '2024-02-11 19:30', 'KDH-AST-01', KUALA_LUMPUR),
  stay('2024-02-11 19:30', '2024-02-12 09:45', 'KDH-CGL-01', KUALA_LUMPUR),
  stay('2024-02-12 09:45', '2024-02-12 11:05', 'KDH-BKH-02', KUALA_LUMPUR),
  stay('2024-02-12 11:05', '2024-02-12 17:50', 'ROAMING', KUALA_LUMPUR),
  stay('2024-02-12 17:50', '2024-02-13 08:00', 'KDH-CGL-01', KUALA_LUMPUR),
  stay('2024-02-13 08:00', '2024-02-13 09:30', 'KDH-AST-01', KUALA_LUMPUR),
  stay('2024-02-13 09:30', '2024-02-13 11:00', 'KDH-SGP-03', KUALA_LUMPUR),
  stay('2024-02-13 11:00', '2024-02-13 13:00', 'PRK-IPH-04', KUALA_LUMPUR),
  stay('2024-02-13 13:00', '2024-02-13 14:00', 'SEL-RWG-01', KUALA_LUMPUR),
  // Pick-up of batch 1 at Bukit Kayu Hitam.
  stay('2024-02-27 13:00', '2024-02-27 14:00', 'SEL-RWG-01', KUALA_LUMPUR),
  stay('2024-02-27 14:00', '2024-02-27 16:00', 'PRK-IPH-04', KUALA_LUMPUR),
  stay('2024-02-27 16:00', '2024-02-27 17:30', 'PRK-TPG-02', KUALA_LUMPUR),
  stay('2024-02-27 17:30', '2024-02-27 19:00', 'KDH-SGP-03', KUALA_LUMPUR),
  stay('2024-02-27 19:00', '2024-02-27 19:45', 'KDH-AST-01', KUALA_LUMPUR),
  stay('2024-02-27 19:45', '2024-02-28 06:00', 'KDH-BKH-02', KUALA_LUMPUR),
  stay('2024-02-28 06:00', '2024-02-28 07:00', 'KDH-AST-01', KUALA_LUMPUR),
  stay('2024-02-28 07:00', '2024-02-28 08:30', 'KDH-SGP-03', KUALA_LUMPUR),
  stay('2024-02-28 08:30', '2024-02-28 10:30', 'PRK-IPH-04', KUALA_LUMPUR),
  stay('2024-02-28 10:30', '2024-02-28 11:30', 'PRK-TJM-01', KUALA_LUMPUR),
  stay('2024-02-28 11:30', '2024-02-28 12:30', 'SEL-RWG-01', KUALA_LUMPUR),
  // Pick-up of batch 2 at Padang Besar.
  stay('2024-03-05 15:00', '2024-03-05 16:00', 'SEL-RWG-01', KUALA_LUMPUR),
  stay('2024-03-05 16:00', '2024-03-05 18:00', 'PRK-IPH-04', KUALA_LUMPUR),
  stay('2024-03-05 18:00', '2024-03-05 20:00', 'KDH-SGP-03', KUALA_LUMPUR),
  stay('2024-03-05 20:00', '2024-03-05 21:00', 'KDH-AST-01', KUALA_LUMPUR),
  stay('2024-03-05 21:00', '2024-03-06 08:15', 'PLS-KGR-01', KUALA_LUMPUR),
  stay('2024-03-06 08:15', '2024-03-06 12:40', 'PLS-PDB-01', KUALA_LUMPUR),
  stay('2024-03-06 12:40', '2024-03-06 13:30', 'PLS-KGR-01', KUALA_LUMPUR),
  stay('2024-03-06 13:30', '2024-03-06 14:30', 'KDH-AST-01', KUALA_LUMPUR),
  stay('2024-03-06 14:30', '2024-03-06 16:30', 'KDH-SGP-03', KUALA_LUMPUR),
  stay('2024-03-06 16:30', '2024-03-06 18:30', 'PRK-IPH-04', KUALA_LUMPUR),
  stay('2024-03-06 18:30', '2024-03-06 19:30', 'SEL-RWG-01', KUALA_LUMPUR)
]

export const RECEIVER_TRIPS = {
  sadaoMeeting: { from: local('2024-02-11 14:00', KUALA_LUMPUR), to: local('2024-02-13 14:00', KUALA_LUMPUR) },
  roaming: { from: local('2024-02-12 11:05', KUALA_LUMPUR), to: local('2024-02-12 17:50', KUALA_LUMPUR) },
  pickup1: { from: local('2024-02-27 19:45', KUALA_LUMPUR), to: local('2024-02-28 06:00', KUALA_LUMPUR), site: 'KDH-BKH-02' },
  pickup2: { from: local('2024-03-06 08:15', KUALA_LUMPUR), to: local('2024-03-06 12:40', KUALA_LUMPUR), site: 'PLS-PDB-01' }
} as const

/** The receiver's cell at an instant; null while roaming in Thailand (the Malaysian operator logs no local cell). */
export function myCellAt(utc: number, rng: Rng): MyCell | null {
  const s = MY_STAYS.find((x) => utc >= x.from && utc < x.to)
  if (s) return s.where === 'ROAMING' ? null : rng.pick(cellsOf(s.where))
  const h = hourIn(utc, KUALA_LUMPUR)
  const code = h < 8 || h >= 22 ? 'SEL-SLY-02' : rng.weighted(['KUL-CKT-01', 'KUL-KGB-02', 'KUL-JSL-01', 'KUL-STL-03', 'KUL-JIP-01', 'SEL-SLY-02'], [8, 5, 3, 2, 2, 2])
  return rng.pick(cellsOf(code))
}
