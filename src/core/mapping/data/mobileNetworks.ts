// Bundled ITU E.212 tables: mobile country code → country, and mobile network code → operator for the region's networks.
//
// Written by hand for Waymark from the public E.212 assignments (ITU Operational Bulletin lists as commonly
// republished). Operator names are the brand an analyst would recognise, with the licensee in brackets where
// it differs. Networks that were shut down or merged are kept: old CDRs and seized handsets still carry them.
// Every operator of BD, KH, ID, LA, MY, MM, PH, TH and VN is listed, plus neighbours (SG, BN, TL, CN, HK).
// Other countries resolve to a country only. When a network is missing here, the IMSI still parses: only the
// operator name is absent.

/** MCC → ISO 3166-1 alpha-2. Several MCCs can share a country (310–316 US, 404–406 IN, 460/461 CN …). */
export const MCC_COUNTRY: Readonly<Record<string, string>> = {
  // Europe (2xx)
  '202': 'GR', '204': 'NL', '206': 'BE', '208': 'FR', '212': 'MC', '213': 'AD', '214': 'ES', '216': 'HU',
  '218': 'BA', '219': 'HR', '220': 'RS', '221': 'XK', '222': 'IT', '225': 'VA', '226': 'RO', '228': 'CH',
  '230': 'CZ', '231': 'SK', '232': 'AT', '234': 'GB', '235': 'GB', '238': 'DK', '240': 'SE', '242': 'NO',
  '244': 'FI', '246': 'LT', '247': 'LV', '248': 'EE', '250': 'RU', '255': 'UA', '257': 'BY', '259': 'MD',
  '260': 'PL', '262': 'DE', '266': 'GI', '268': 'PT', '270': 'LU', '272': 'IE', '274': 'IS', '276': 'AL',
  '278': 'MT', '280': 'CY', '282': 'GE', '283': 'AM', '284': 'BG', '286': 'TR', '288': 'FO', '290': 'GL',
  '292': 'SM', '293': 'SI', '294': 'MK', '295': 'LI', '297': 'ME',
  // North America and the Caribbean (3xx)
  '302': 'CA', '308': 'PM', '310': 'US', '311': 'US', '312': 'US', '313': 'US', '314': 'US', '315': 'US',
  '316': 'US', '330': 'PR', '332': 'VI', '334': 'MX', '338': 'JM', '340': 'GP', '342': 'BB', '344': 'AG',
  '346': 'KY', '348': 'VG', '350': 'BM', '352': 'GD', '354': 'MS', '356': 'KN', '358': 'LC', '360': 'VC',
  '362': 'CW', '363': 'AW', '364': 'BS', '365': 'AI', '366': 'DM', '368': 'CU', '370': 'DO', '372': 'HT',
  '374': 'TT', '376': 'TC',
  // Asia and the Middle East (4xx)
  '400': 'AZ', '401': 'KZ', '402': 'BT', '404': 'IN', '405': 'IN', '406': 'IN', '410': 'PK', '412': 'AF',
  '413': 'LK', '414': 'MM', '415': 'LB', '416': 'JO', '417': 'SY', '418': 'IQ', '419': 'KW', '420': 'SA',
  '421': 'YE', '422': 'OM', '424': 'AE', '425': 'IL', '426': 'BH', '427': 'QA', '428': 'MN', '429': 'NP',
  '430': 'AE', '431': 'AE', '432': 'IR', '434': 'UZ', '436': 'TJ', '437': 'KG', '438': 'TM', '440': 'JP',
  '441': 'JP', '450': 'KR', '452': 'VN', '454': 'HK', '455': 'MO', '456': 'KH', '457': 'LA', '460': 'CN',
  '461': 'CN', '466': 'TW', '467': 'KP', '470': 'BD', '472': 'MV',
  // Oceania and South-East Asia (5xx)
  '502': 'MY', '505': 'AU', '510': 'ID', '514': 'TL', '515': 'PH', '520': 'TH', '525': 'SG', '528': 'BN',
  '530': 'NZ', '536': 'NR', '537': 'PG', '539': 'TO', '540': 'SB', '541': 'VU', '542': 'FJ', '543': 'WF',
  '544': 'AS', '545': 'KI', '546': 'NC', '547': 'PF', '548': 'CK', '549': 'WS', '550': 'FM', '551': 'MH',
  '552': 'PW', '553': 'TV', '554': 'TK', '555': 'NU',
  // Africa (6xx)
  '602': 'EG', '603': 'DZ', '604': 'MA', '605': 'TN', '606': 'LY', '607': 'GM', '608': 'SN', '609': 'MR',
  '610': 'ML', '611': 'GN', '612': 'CI', '613': 'BF', '614': 'NE', '615': 'TG', '616': 'BJ', '617': 'MU',
  '618': 'LR', '619': 'SL', '620': 'GH', '621': 'NG', '622': 'TD', '623': 'CF', '624': 'CM', '625': 'CV',
  '626': 'ST', '627': 'GQ', '628': 'GA', '629': 'CG', '630': 'CD', '631': 'AO', '632': 'GW', '633': 'SC',
  '634': 'SD', '635': 'RW', '636': 'ET', '637': 'SO', '638': 'DJ', '639': 'KE', '640': 'TZ', '641': 'UG',
  '642': 'BI', '643': 'MZ', '645': 'ZM', '646': 'MG', '647': 'RE', '648': 'ZW', '649': 'NA', '650': 'MW',
  '651': 'LS', '652': 'BW', '653': 'SZ', '654': 'KM', '655': 'ZA', '657': 'ER', '658': 'SH', '659': 'SS',
  // Central and South America (7xx)
  '702': 'BZ', '704': 'GT', '706': 'SV', '708': 'HN', '710': 'NI', '712': 'CR', '714': 'PA', '716': 'PE',
  '722': 'AR', '724': 'BR', '730': 'CL', '732': 'CO', '734': 'VE', '736': 'BO', '738': 'GY', '740': 'EC',
  '742': 'GF', '744': 'PY', '746': 'SR', '748': 'UY', '750': 'FK'
}

/** MCCs whose networks use three-digit MNCs by default (North America, parts of the Caribbean and Latin America). */
export const THREE_DIGIT_MNC_MCCS: ReadonlySet<string> = new Set([
  '302', '310', '311', '312', '313', '314', '315', '316', '334', '338', '342', '344', '346', '348', '350', '352',
  '354', '356', '358', '360', '365', '366', '376', '405', '708', '722', '732', '750'
])

/**
 * Operators by MCC, then MNC exactly as it appears in the IMSI (two or three digits). Where one MCC mixes widths
 * (Malaysia's 502 15x MVNOs), the three-digit entry is tried first.
 */
export const MNC_OPERATORS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  // Thailand
  '520': {
    '00': 'my (CAT Telecom, now NT)',
    '01': 'AIS',
    '02': 'CAT CDMA (CAT Telecom, now NT)',
    '03': 'AIS (Advanced Wireless Network)',
    '04': 'TrueMove H (Real Future)',
    '05': 'dtac (DTAC TriNet)',
    '15': 'TOT Mobile (now NT)',
    '18': 'dtac',
    '20': 'ACeS',
    '23': 'AIS (Digital Phone)',
    '25': 'True (WE PCT)',
    '47': 'NT (National Telecom, formerly TOT)',
    '99': 'TrueMove'
  },
  // Vietnam
  '452': {
    '01': 'MobiFone',
    '02': 'VinaPhone',
    '03': 'S-Fone',
    '04': 'Viettel',
    '05': 'Vietnamobile',
    '06': 'EVNTelecom',
    '07': 'Gmobile (formerly Beeline VN)',
    '08': 'I-Telecom (Indochina Telecom)',
    '09': 'Reddi (Mobicast)'
  },
  // Malaysia
  '502': {
    '01': 'ATUR 450 (Telekom Malaysia)',
    '10': 'Maxis/Celcom/DiGi shared (DiGi Telecommunications)',
    '11': 'TM Homeline (Telekom Malaysia)',
    '12': 'Maxis',
    '13': 'Celcom',
    '14': 'Telekom Malaysia',
    '150': 'Tune Talk',
    '151': 'Baraka Telecom',
    '152': 'Yes (YTL Communications)',
    '153': 'unifi mobile (formerly Webe, Packet One)',
    '154': 'Tron (Talk Focus)',
    '155': 'Clixster',
    '156': 'Altel',
    '157': 'Telin Malaysia',
    '16': 'DiGi (now CelcomDigi)',
    '17': 'Maxis (formerly TimeCel)',
    '18': 'U Mobile',
    '19': 'Celcom (now CelcomDigi)',
    '20': 'Electcoms'
  },
  // Indonesia
  '510': {
    '00': 'PSN (ACeS satellite)',
    '01': 'Indosat Ooredoo Hutchison (Satelindo)',
    '03': 'StarOne (Indosat)',
    '07': 'TelkomFlexi (Telkom)',
    '08': 'AXIS (now XL Axiata)',
    '09': 'Smartfren (Smart Telecom)',
    '10': 'Telkomsel',
    '11': 'XL Axiata',
    '20': 'TELKOMMobile (Telkom)',
    '21': 'IM3 (Indosat Ooredoo Hutchison)',
    '27': 'Net1 (Sampoerna Telekomunikasi, formerly Ceria)',
    '28': 'Smartfren (formerly Fren / Mobile-8)',
    '78': 'Hinet (Berca Hardayaperkasa)',
    '88': 'BOLT (Internux)',
    '89': '3 / Tri (Hutchison, now Indosat Ooredoo Hutchison)',
    '99': 'Esia (Bakrie Telecom)'
  },
  // Philippines
  '515': {
    '01': 'Islacom (Globe Telecom)',
    '02': 'Globe Telecom',
    '03': 'Smart Communications',
    '05': 'Sun Cellular (Digitel, now Smart)',
    '11': 'PLDT via ACeS',
    '18': 'Cure / Red Mobile (Smart)',
    '24': 'ABS-CBN Mobile (Globe)',
    '66': 'DITO Telecommunity',
    '88': 'Next Mobile (Nextel)'
  },
  // Myanmar
  '414': {
    '00': 'MPT (Myanma Posts and Telecommunications)',
    '01': 'MPT',
    '02': 'MPT',
    '03': 'MECTel (Myanmar Economic Corporation)',
    '04': 'MPT',
    '05': 'Ooredoo Myanmar (now U9, Nine Communications)',
    '06': 'Telenor Myanmar (now ATOM)',
    '09': 'Mytel (Telecom International Myanmar)'
  },
  // Cambodia
  '456': {
    '01': 'Cellcard (CamGSM)',
    '02': 'Smart Axiata (formerly hello)',
    '03': 'qb (Cambodia Advance Communications)',
    '04': 'qb (Cambodia Advance Communications)',
    '05': 'Smart (formerly Star-Cell, Latelz)',
    '06': 'Smart (Latelz)',
    '08': 'Metfone (Viettel Cambodia)',
    '09': 'Metfone (formerly Beeline Cambodia, Sotelco)',
    '11': 'Excell (Seatel)',
    '18': 'Cellcard (formerly Mfone)'
  },
  // Laos
  '457': {
    '01': 'LTC (Lao Telecom)',
    '02': 'ETL (Enterprise of Telecommunications Lao)',
    '03': 'Unitel (Star Telecom)',
    '07': 'Best Telecom',
    '08': 'TPLUS (formerly Beeline Laos, Millicom)'
  },
  // Bangladesh
  '470': {
    '01': 'Grameenphone',
    '02': 'Robi (Axiata, formerly Aktel)',
    '03': 'Banglalink',
    '04': 'Teletalk',
    '05': 'Citycell (Pacific Bangladesh Telecom)',
    '07': 'Airtel Bangladesh (now Robi, formerly Warid)'
  },
  // Singapore
  '525': {
    '01': 'Singtel',
    '02': 'Singtel',
    '03': 'M1',
    '05': 'StarHub',
    '06': 'StarHub',
    '07': 'Singtel',
    '08': 'StarHub',
    '10': 'SIMBA (formerly TPG Telecom)',
    '12': 'Grid Communications'
  },
  // Brunei
  '528': {
    '01': 'Jabatan Telekom Brunei',
    '02': 'Progresif (formerly B-Mobile)',
    '11': 'DST'
  },
  // Timor-Leste
  '514': {
    '01': 'Telkomcel (Telin)',
    '02': 'Timor Telecom',
    '03': 'Telemor'
  },
  // China
  '460': {
    '00': 'China Mobile',
    '01': 'China Unicom',
    '02': 'China Mobile',
    '03': 'China Telecom',
    '04': 'China Mobile (IoT)',
    '05': 'China Telecom',
    '06': 'China Unicom',
    '07': 'China Mobile',
    '08': 'China Mobile',
    '09': 'China Unicom',
    '11': 'China Telecom',
    '15': 'China Broadnet',
    '20': 'China Tietong (China Mobile)'
  },
  // Hong Kong
  '454': {
    '00': 'CSL (HKT)',
    '01': 'CITIC Telecom 1616',
    '02': 'CSL (HKT)',
    '03': '3 (Hutchison)',
    '04': '3 (Hutchison)',
    '06': 'SmarTone',
    '07': 'China Unicom Hong Kong',
    '10': 'CSL (HKT)',
    '12': 'China Mobile Hong Kong (CMHK)',
    '13': 'China Mobile Hong Kong (CMHK)',
    '15': 'SmarTone',
    '16': 'PCCW Mobile (HKT)',
    '17': 'SmarTone',
    '18': 'CSL (HKT)',
    '19': 'PCCW Mobile (HKT)'
  }
}
