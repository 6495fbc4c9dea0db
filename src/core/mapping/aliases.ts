// Header names operators and partner agencies use for each record field, and the matching of a header to a field.
import type { RecordKind } from '../model/records'

/** Lower-cased, NFKC, letters/marks/digits only: `Duration(seconds)` → `durationseconds`, `A_NUMBER` → `anumber`. */
export function normaliseHeader(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{M}\p{N}]+/gu, '')
}

type AliasTable = Readonly<Record<string, readonly string[]>>

// Written as people write them; normalised once at load. Operator exports seen in South and South-East Asia
// (Indian/Bangladeshi "Target No / B Party No", Ericsson/Nokia-style A_NUMBER/B_NUMBER, Huawei CALLING_NBR, Orange
// and Telenor exports) plus the plain English a partner agency types into a spreadsheet.
const CALL: AliasTable = {
  aParty: [
    'a_number', 'a number', 'anumber', 'ano', 'a no', 'a_no', 'a party', 'a_party', 'aparty', 'a party number', 'a party no',
    'a_party_number', 'calling', 'calling_nbr', 'calling nbr', 'calling number', 'calling no', 'calling party',
    'calling party number', 'calling_party_number', 'caller', 'caller number', 'caller no', 'caller id', 'callerid', 'from',
    'from number', 'from no', 'originating number', 'orig number', 'origin number', 'source number', 'a msisdn', 'a_msisdn',
    'msisdn a', 'số máy gọi', 'số gọi', 'nomor asal', 'nomor pemanggil', 'เบอร์ต้นทาง'
  ],
  bParty: [
    'b_number', 'b number', 'bnumber', 'bno', 'b no', 'b_no', 'b party', 'b_party', 'bparty', 'b party no', 'b party number',
    'b_party_number', 'called', 'called_nbr', 'called nbr', 'called number', 'called no', 'called party', 'called party number',
    'called_party_number', 'callee', 'callee number', 'to', 'to number', 'to no', 'destination', 'destination number',
    'dest number', 'dialled number', 'dialed number', 'dialled digits', 'receiver', 'receiver number', 'recipient',
    'recipient number', 'terminating number', 'b msisdn', 'b_msisdn', 'msisdn b', 'số máy bị gọi', 'số bị gọi',
    'nomor tujuan', 'nomor penerima', 'เบอร์ปลายทาง'
  ],
  subscriber: [
    'target no', 'target number', 'target', 'target msisdn', 'msisdn', 'subscriber', 'subscriber number', 'subscriber no',
    'subscriber msisdn', 'user msisdn', 'user_msisdn', 'served msisdn', 'servedmsisdn', 'caller_msisdn', 'own number',
    'mobile number', 'mobile no', 'customer number', 'phone number', 'phone no', 'เบอร์โทรศัพท์'
  ],
  counterpart: [
    'other party', 'other party number', 'other number', 'other no', 'correspondent', 'correspondent_id', 'correspondent id',
    'call partner', 'call_partner_identity', 'call partner identity', 'partner number', 'partner', 'contact', 'contact number',
    'party', 'third party', 'other msisdn', 'remote number', 'b party / a party'
  ],
  direction: [
    'call type', 'call_type', 'calltype', 'direction', 'call direction', 'in/out', 'in out', 'io', 'type', 'record type',
    'call_record_type', 'call record type', 'event type', 'usage type', 'traffic type', 'cdr type', 'type of call',
    'call category', 'mo/mt', 'ประเภทการโทร', 'loại cuộc gọi', 'jenis panggilan'
  ],
  service: [
    'service', 'service type', 'basic_service', 'basic service', 'interaction', 'teleservice', 'bearer service', 'call/sms',
    'sms/call', 'event', 'usage', 'service name', 'record kind'
  ],
  start: [
    'datetime', 'date time', 'date_time', 'date/time', 'date & time', 'date and time', 'call date time', 'call datetime',
    'call date/time', 'call date & time', 'start time', 'start_time', 'starttime', 'start date time', 'start datetime',
    'start date/time', 'call start', 'call start time', 'call start date time', 'timestamp', 'time stamp', 'call_time_stamp',
    'event time', 'event datetime', 'seizure time', 'answer time', 'charging start time', 'first call time',
    'call initiation time', 'record opening time', 'date time of call', 'thời gian', 'waktu panggilan', 'วันเวลา'
  ],
  startDate: [
    'date', 'call date', 'call_date', 'cdate', 'start date', 'start_date', 'event date', 'date of call', 'calldate', 'ngày',
    'tanggal', 'tarikh', 'วันที่'
  ],
  startTime: ['time', 'call time', 'call_time', 'ctime', 'time of call', 'calltime', 'giờ', 'waktu', 'masa', 'เวลา'],
  end: [
    'end time', 'end_time', 'endtime', 'end date time', 'end datetime', 'end date/time', 'call end', 'call end time',
    'release time', 'disconnect time', 'stop time', 'charging end time'
  ],
  duration: [
    'duration', 'duration(seconds)', 'duration (seconds)', 'duration seconds', 'duration (sec)', 'duration(sec)', 'duration sec',
    'duration_sec', 'duration (s)', 'durationsec', 'dur', 'call duration', 'call_duration', 'call duration (sec)',
    'call duration(sec)', 'call dur', 'call_dur', 'conversation duration', 'billsec', 'talk time', 'call length', 'seconds',
    'durasi', 'tempoh', 'thời lượng', 'ระยะเวลา'
  ],
  imei: ['imei', 'imei no', 'imei number', 'imei_no', 'equipment_identity', 'equipment identity', 'handset imei', 'imeisv', 'a imei', 'a party imei', 'device imei'],
  imsi: ['imsi', 'imsi no', 'imsi number', 'mobile_subscriber_identity', 'mobile subscriber identity', 'a imsi', 'a party imsi'],
  cellId: [
    'cell tower', 'cell', 'cell id', 'cell_id', 'cellid', 'cellid_hex', 'cell id hex', 'antenna', 'antenna_id', 'antenna id',
    'tower', 'tower id', 'site id', 'bts', 'bts id', 'a_cell', 'a cell', 'b_cell', 'b cell', 'ms_location', 'ms location',
    'first cell id', 'first cell', 'cell identity', 'ci', 'cell tower id', 'location id', 'a party cell id'
  ],
  lac: ['lac', 'lac id', 'location area code', 'location area', 'first lac', 'lac_id', 'tac code'],
  cgi: [
    'cgi', 'first cgi', 'first_cgi', 'cell global identity', 'cell global id', 'first cell global id', 'start cgi', 'ecgi',
    'first cell global identity', 'cgi id', 'first cgi id', 'a party cgi'
  ],
  endCgi: ['last cgi', 'last_cgi', 'end cgi', 'last cell global id', 'last cell global identity', 'last cgi id'],
  siteName: [
    'site name', 'site', 'cell name', 'tower name', 'bts name', 'site address', 'cell address', 'bts address', 'tower address',
    'first cell address', 'first bts location', 'cell site address', 'location', 'address', 'location name', 'area'
  ],
  latitude: ['latitude', 'lat', 'cell latitude', 'site latitude', 'tower latitude', 'y'],
  longitude: ['longitude', 'lon', 'lng', 'long', 'cell longitude', 'site longitude', 'tower longitude', 'x']
}

const CELL_SITE: AliasTable = {
  cellId: CALL.cellId!,
  lac: CALL.lac!,
  cgi: CALL.cgi!,
  siteName: CALL.siteName!,
  latitude: CALL.latitude!,
  longitude: CALL.longitude!,
  azimuth: ['azimuth', 'azimut', 'bearing', 'antenna azimuth', 'sector azimuth', 'azi']
}

const DATE_WORDS = ['date', 'transaction date', 'txn date', 'value date', 'posting date', 'tanggal', 'ngày', 'วันที่', 'tarikh']
const DATETIME_WORDS = ['datetime', 'date time', 'date/time', 'date & time', 'timestamp', 'time stamp', 'transaction time', 'txn time', 'created at', 'created']
const TIME_WORDS = ['time', 'waktu', 'giờ', 'เวลา', 'masa']

const TRANSFER: AliasTable = {
  time: DATETIME_WORDS,
  date: DATE_WORDS,
  timeOfDay: TIME_WORDS,
  payer: ['payer', 'sender', 'sender name', 'remitter', 'remitter name', 'from', 'from name', 'originator', 'payer name', 'debtor', 'paid by', 'customer', 'customer name'],
  payerFirstName: ['firstname', 'first name', 'given name', 'sender first name'],
  payerLastName: ['lastname', 'last name', 'surname', 'family name', 'sender last name'],
  payerAccount: ['payer account', 'sender account', 'from account', 'debit account', 'account', 'account no', 'account number', 'card', 'card number', 'wallet', 'sender wallet', 'sender msisdn'],
  beneficiary: ['beneficiary', 'beneficiary name', 'receiver', 'receiver name', 'recipient', 'recipient name', 'payee', 'to', 'to name', 'creditor', 'paid to'],
  beneficiaryAccount: ['beneficiary account', 'receiver account', 'recipient account', 'to account', 'credit account', 'payee account', 'receiver wallet', 'receiver msisdn'],
  amount: ['amount', 'amt', 'price', 'sum', 'transaction amount', 'txn amount', 'value', 'total', 'amount sent', 'send amount', 'payment', 'jumlah', 'số tiền', 'จำนวนเงิน'],
  currency: ['currency', 'ccy', 'cur', 'curr', 'currency code'],
  reference: ['reference', 'ref', 'ref no', 'reference number', 'transaction id', 'txn id', 'transaction no', 'mtcn', 'description', 'narrative', 'remarks', 'purpose'],
  place: ['location', 'branch', 'agent', 'agent name', 'merchant', 'store', 'city', 'place', 'retailer', 'retailer_id', 'outlet']
}

const MOVEMENT: AliasTable = {
  time: [...DATETIME_WORDS, 'crossing time', 'entry time', 'exit time'],
  date: [...DATE_WORDS, 'crossing date', 'date of crossing', 'entry date', 'exit date', 'date of travel', 'travel date', 'date of arrival', 'arrival date', 'date of departure', 'departure date', 'date of entry', 'date of exit'],
  timeOfDay: TIME_WORDS,
  person: ['name', 'full name', 'fullname', 'traveller', 'traveler', 'traveller name', 'traveler name', 'passenger', 'passenger name', 'person', 'person name', 'nama'],
  document: ['passport', 'passport no', 'passport number', 'document', 'document no', 'document number', 'travel document', 'travel document no', 'id number', 'id no'],
  nationality: ['nationality', 'citizenship', 'country of citizenship', 'passport country'],
  place: ['border post', 'border crossing', 'crossing point', 'checkpoint', 'check point', 'port', 'port of entry', 'port of exit', 'point of entry', 'immigration post', 'immigration checkpoint', 'airport', 'place', 'location'],
  direction: ['direction', 'entry/exit', 'entry exit', 'in/out', 'movement', 'movement type', 'arrival/departure', 'travel direction', 'type'],
  transport: ['flight', 'flight no', 'flight number', 'vehicle', 'vehicle no', 'transport', 'mode of transport', 'carrier', 'vessel', 'bus', 'plate number']
}

const PERSON: AliasTable = {
  name: ['name', 'full name', 'fullname', 'person', 'person name', 'subscriber name', 'customer name', 'victim name', 'suspect name', 'nama', 'ชื่อ', 'họ tên', 'họ và tên'],
  firstName: ['firstname', 'first name', 'given name', 'given names', 'forename'],
  lastName: ['lastname', 'last name', 'surname', 'family name'],
  aliases: ['alias', 'aliases', 'aka', 'also known as', 'other names', 'nickname'],
  idNumber: ['id number', 'id no', 'id', 'passport', 'passport no', 'passport number', 'national id', 'national id no', 'nid', 'nid no', 'cnic', 'citizen id', 'id card', 'id card no', 'document number', 'document no', 'nric', 'ktp', 'เลขบัตรประชาชน'],
  phone: ['phone', 'phone number', 'phone no', 'mobile', 'mobile number', 'mobile no', 'msisdn', 'contact number', 'contact no', 'tel', 'telephone', 'cell phone'],
  birthDate: ['dob', 'date of birth', 'birth date', 'birthdate', 'born', 'birthday', 'd.o.b', 'tanggal lahir', 'วันเกิด'],
  nationality: ['nationality', 'citizenship', 'country of citizenship', 'country of origin'],
  gender: ['gender', 'sex'],
  address: ['address', 'residence', 'home address', 'permanent address', 'current address']
}

const EVENT: AliasTable = {
  time: [...DATETIME_WORDS, 'encounterdate', 'encounter date', 'event date', 'incident date', 'date of incident', 'occurred', 'occurred at', 'reported date', 'when'],
  date: DATE_WORDS,
  timeOfDay: TIME_WORDS,
  year: ['year', 'yr', 'reporting year', 'fiscal year'],
  end: ['end', 'end date', 'to date', 'until'],
  eventType: ['type', 'event type', 'record type', 'recordtype', 'category', 'indicator', 'kind', 'incident type', 'activity'],
  description: ['description', 'notes', 'note', 'recordnotes', 'record notes', 'summary', 'text', 'details', 'message', 'narrative', 'remarks', 'comment', 'comments'],
  parties: ['passengerlist', 'passenger list', 'parties', 'names', 'persons', 'people', 'participants', 'involved'],
  place: ['place', 'location', 'country', 'site', 'city', 'province', 'district', 'area'],
  latitude: ['latitude', 'lat', 'encounterlat', 'encounter lat'],
  longitude: ['longitude', 'lon', 'lng', 'long', 'encounterlon', 'encounter lon'],
  count: ['count', 'value', 'txtvalue', 'number', 'total', 'passengers', 'n', 'amount', 'quantity', 'number of persons', 'victims']
}

export const ALIASES: Readonly<Record<RecordKind, AliasTable>> = {
  call: CALL,
  cellSite: CELL_SITE,
  transfer: TRANSFER,
  movement: MOVEMENT,
  person: PERSON,
  event: EVENT
}

interface CompiledAlias {
  readonly field: string
  readonly alias: string
}

const compiled = new Map<RecordKind, readonly CompiledAlias[]>()
function compiledFor(kind: RecordKind): readonly CompiledAlias[] {
  let list = compiled.get(kind)
  if (!list) {
    const out: CompiledAlias[] = []
    for (const [field, names] of Object.entries(ALIASES[kind])) {
      for (const name of names) {
        const alias = normaliseHeader(name)
        if (alias) out.push({ field, alias })
      }
    }
    list = out
    compiled.set(kind, list)
  }
  return list
}

const allAliases = new Set<string>()
for (const kind of Object.keys(ALIASES) as RecordKind[]) for (const a of compiledFor(kind)) allAliases.add(a.alias)

/**
 * The separately named parts of a header that carries two languages or a unit: the bracketed text and the text
 * outside it (`ชื่อ-สกุล (Name)` → `ชื่อสกุล`, `name`), each normalised. Empty when there are no brackets.
 */
export function headerParts(header: string): string[] {
  const m = /^(.*?)[(（[](.+?)[)）\]]\s*$/u.exec(header.trim())
  if (!m) return []
  return [m[2]!, m[1]!].map(normaliseHeader).filter((x) => x.length > 0)
}

/** True when the header is a known alias of some field of some kind: evidence that a row is a header row. */
export function isKnownHeader(header: string): boolean {
  const n = normaliseHeader(header)
  if (!n) return false
  if (allAliases.has(n)) return true
  if (headerParts(header).some((part) => allAliases.has(part))) return true
  for (const a of allAliases) if (a.length >= 5 && a.length / n.length >= 0.4 && n.includes(a)) return true
  return false
}

export interface AliasMatch {
  readonly field: string
  readonly confidence: number
  readonly alias: string
  readonly exact: boolean
}

/**
 * Matches a header to a field of a kind. Exact (normalised) matches score 0.95. Otherwise a header containing an
 * alias of 4+ characters that makes up at least 40% of it scores 0.6, preferring an alias at the end (`B Party IMEI`
 * is an IMEI), then the longest.
 */
export function matchAlias(kind: RecordKind, header: string): AliasMatch | null {
  const n = normaliseHeader(header)
  if (!n) return null
  const list = compiledFor(kind)
  for (const a of list) if (a.alias === n) return { field: a.field, confidence: 0.95, alias: a.alias, exact: true }
  // Two-language headers, as Thai, Lao or Vietnamese agencies write them: `วันที่ (Date)`, `ด่าน (Checkpoint)`.
  for (const part of headerParts(header)) {
    for (const a of list) if (a.alias === part) return { field: a.field, confidence: 0.9, alias: a.alias, exact: true }
  }
  let best: CompiledAlias | null = null
  let bestScore = -1
  for (const a of list) {
    // The alias must be a good part of the header: `reporting__percent_outofnetwork_contacts` is not a contact.
    if (a.alias.length < 4 || a.alias.length / n.length < 0.4 || !n.includes(a.alias)) continue
    const score = (n.endsWith(a.alias) ? 100 : 0) + a.alias.length
    if (score > bestScore) {
      best = a
      bestScore = score
    }
  }
  return best ? { field: best.field, confidence: 0.6, alias: best.alias, exact: false } : null
}
