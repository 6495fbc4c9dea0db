// Name parts for the demo's invented people, each in Latin, Bengali and Thai spelling, so one person reads the same across files.

/** One name part as a Bangladeshi record writes it (Bengali), as a passport writes it (Latin) and as a Thai clerk transliterates it. */
export interface NamePart {
  readonly latin: string
  readonly bn: string
  readonly th: string
}

const p = (latin: string, bn: string, th: string): NamePart => ({ latin, bn, th })

// Common Bangladeshi given names and family names. Combined at random, they make ordinary-sounding invented people.
export const BD_MALE_GIVEN: readonly NamePart[] = [
  p('Rubel', 'রুবেল', 'รูเบล'), p('Sohel', 'সোহেল', 'โซเฮล'), p('Jashim', 'জসিম', 'จาซิม'), p('Rafiq', 'রফিক', 'ราฟิก'),
  p('Sumon', 'সুমন', 'สุมน'), p('Kamal', 'কামাল', 'กามาล'), p('Jamal', 'জামাল', 'จามาล'), p('Faruk', 'ফারুক', 'ฟารุก'),
  p('Harun', 'হারুন', 'ฮารูน'), p('Selim', 'সেলিম', 'เซลิม'), p('Belal', 'বেলাল', 'เบลาล'), p('Anwar', 'আনোয়ার', 'อันวาร์'),
  p('Shahin', 'শাহীন', 'ชาฮีน'), p('Rasel', 'রাসেল', 'ราเซล'), p('Monir', 'মনির', 'โมนีร์'), p('Alamgir', 'আলমগীর', 'อาลัมกีร์'),
  p('Hanif', 'হানিফ', 'ฮานีฟ'), p('Shakil', 'শাকিল', 'ชากิล'), p('Ripon', 'রিপন', 'ริปอน'), p('Sagor', 'সাগর', 'ซากอร์'),
  p('Imran', 'ইমরান', 'อิมราน'), p('Nayeem', 'নাঈম', 'นาอีม'), p('Tareq', 'তারেক', 'ตาเรก'), p('Yunus', 'ইউনুস', 'ยูนุส'),
  p('Ayub', 'আইয়ুব', 'อายูบ'), p('Habib', 'হাবিব', 'ฮาบิบ'), p('Saiful', 'সাইফুল', 'ไซฟุล'), p('Delwar', 'দেলোয়ার', 'เดลวาร์'),
  p('Mostafa', 'মোস্তফা', 'มุสตาฟา'), p('Ibrahim', 'ইব্রাহিম', 'อิบรอฮีม'), p('Ismail', 'ইসমাইল', 'อิสมาแอล'), p('Osman', 'ওসমান', 'อุสมาน')
]

/** "Md." leads many Bangladeshi men's names; Thai clerks copy the passport's "MD" as เอ็มดี. */
export const MD: NamePart = p('Md.', 'মোঃ', 'เอ็มดี')
export const MOHAMMAD: NamePart = p('Mohammad', 'মোহাম্মদ', 'โมฮัมหมัด')
export const ABDUL: NamePart = p('Abdul', 'আব্দুল', 'อับดุล')

export const BD_FAMILY: readonly NamePart[] = [
  p('Hossain', 'হোসেন', 'ฮอสเซน'), p('Islam', 'ইসলাম', 'อิสลาม'), p('Uddin', 'উদ্দিন', 'อุดดิน'), p('Ahmed', 'আহমেদ', 'อาห์เหม็ด'),
  p('Alam', 'আলম', 'อาลัม'), p('Miah', 'মিয়া', 'เมียะห์'), p('Rahman', 'রহমান', 'เราะห์มาน'), p('Hasan', 'হাসান', 'ฮาซัน'),
  p('Kabir', 'কবির', 'กาบีร์'), p('Sarkar', 'সরকার', 'ซาร์การ์'), p('Mollah', 'মোল্লা', 'มอลลาห์'), p('Howlader', 'হাওলাদার', 'ฮาวลาดาร์'),
  p('Sheikh', 'শেখ', 'ชีค'), p('Bepari', 'বেপারী', 'เบปารี'), p('Talukder', 'তালুকদার', 'ตาลุกดาร์'), p('Majumder', 'মজুমদার', 'มาจุมดาร์'),
  p('Khan', 'খান', 'ข่าน'), p('Patwary', 'পাটোয়ারী', 'ปัตวารี')
]

export const BD_FEMALE_GIVEN: readonly NamePart[] = [
  p('Ayesha', 'আয়েশা', 'ไอชา'), p('Fatema', 'ফাতেমা', 'ฟาเตมา'), p('Rokeya', 'রোকেয়া', 'โรเกยา'), p('Nasima', 'নাসিমা', 'นาซิมา'),
  p('Shahnaz', 'শাহনাজ', 'ชาห์นาซ'), p('Rahima', 'রহিমা', 'ราฮิมา'), p('Jahanara', 'জাহানারা', 'จาฮานารา'), p('Morjina', 'মর্জিনা', 'มอร์จินา'),
  p('Salma', 'সালমা', 'ซัลมา'), p('Kulsum', 'কুলসুম', 'กุลซุม'), p('Halima', 'হালিমা', 'ฮาลิมา'), p('Shefali', 'শেফালী', 'เชฟาลี'),
  p('Parvin', 'পারভীন', 'ปารวีน'), p('Sufia', 'সুফিয়া', 'ซูเฟีย')
]

export const BD_FEMALE_FAMILY: readonly NamePart[] = [p('Begum', 'বেগম', 'เบกุม'), p('Khatun', 'খাতুন', 'คาตุน'), p('Akter', 'আক্তার', 'อัคเตอร์'), p('Bibi', 'বিবি', 'บีบี')]

/** Myanmar names are written whole; Thai spellings follow the usual Thai press renderings of each syllable. */
export interface MyanmarName {
  readonly latin: string
  readonly my: string
  readonly th: string
  readonly female?: boolean
}

export const MYANMAR_NAMES: readonly MyanmarName[] = [
  { latin: 'Kyaw Min Oo', my: 'ကျော်မင်းဦး', th: 'จ่อมินอู' },
  { latin: 'Zaw Win Htet', my: 'ဇော်ဝင်းထက်', th: 'ซอวินเทต' },
  { latin: 'Tun Tun Naing', my: 'ထွန်းထွန်းနိုင်', th: 'ทุนทุนนาย' },
  { latin: 'Hla Myint', my: 'လှမြင့်', th: 'หละมยิ้น' },
  { latin: 'Soe Moe Kyaw', my: 'စိုးမိုးကျော်', th: 'โซโมจ่อ' },
  { latin: 'Than Htike', my: 'သန်းထိုက်', th: 'ตานไท้ก์' },
  { latin: 'Nyein Chan', my: 'ငြိမ်းချမ်း', th: 'เญ่งชาน' },
  { latin: 'Myo Min Thu', my: 'မျိုးမင်းသူ', th: 'เมียวมินทู' },
  { latin: 'Ko Ko Lwin', my: 'ကိုကိုလွင်', th: 'โกโกลวิน' },
  { latin: 'Win Naing', my: 'ဝင်းနိုင်', th: 'วินนาย' },
  { latin: 'Htay Lwin', my: 'ဌေးလွင်', th: 'เทลวิน' },
  { latin: 'Khin Mar Win', my: 'ခင်မာဝင်း', th: 'ขิ่นมาวิน', female: true },
  { latin: 'Thida Aye', my: 'သီတာအေး', th: 'ทีดาเอ', female: true },
  { latin: 'Su Su Hlaing', my: 'စုစုလှိုင်', th: 'ซูซูไหล่', female: true },
  { latin: 'Moe Thandar', my: 'မိုးသန္တာ', th: 'โมตันดา', female: true },
  { latin: 'Aung Ko Latt', my: 'အောင်ကိုလတ်', th: 'อ่องโกลัด' },
  { latin: 'Min Thein', my: 'မင်းသိန်း', th: 'มินเต่ง' },
  { latin: 'Thet Paing', my: 'သက်ပိုင်', th: 'เต็ดไป่' },
  { latin: 'Kyaw Swar', my: 'ကျော်စွာ', th: 'จ่อซวา' },
  { latin: 'Zin Mar Oo', my: 'ဇင်မာဦး', th: 'ซินมาอู', female: true }
]

/** Rohingya names as Bangladeshi camp records write them (Bengali script), with the Latin a UNHCR-style card carries. */
export const ROHINGYA_MALE: readonly NamePart[] = [
  p('Nur Kamal', 'নূর কামাল', 'นูร์กามาล'), p('Abu Siddique', 'আবু সিদ্দিক', 'อาบูสิดดิก'), p('Dil Mohammed', 'দিল মোহাম্মদ', 'ดิลโมฮัมหมัด'),
  p('Sayed Alam', 'সৈয়দ আলম', 'ซัยยิดอาลัม'), p('Mohammed Yunus', 'মোহাম্মদ ইউনুস', 'โมฮัมหมัดยูนุส'), p('Rashid Ullah', 'রশিদ উল্লাহ', 'ราชิดอุลลอฮ์'),
  p('Anwar Sadek', 'আনোয়ার সাদেক', 'อันวาร์ซาเดก'), p('Hamid Hussain', 'হামিদ হোসাইন', 'ฮามิดฮุสเซน')
]
export const ROHINGYA_FEMALE: readonly NamePart[] = [
  p('Rashida Begum', 'রশিদা বেগম', 'ราชิดาเบกุม'), p('Hamida Khatun', 'হামিদা খাতুন', 'ฮามิดาคาตุน'), p('Senuara', 'সেনোয়ারা', 'เซนัวรา'),
  p('Minara Begum', 'মিনারা বেগম', 'มินาราเบกุม')
]

/** Malay given names (Latin is how they are written; Thai for the border sheet). */
export const MALAY_MALE: readonly NamePart[] = [
  p('Ahmad', '', 'อาหมัด'), p('Hairul', '', 'ไฮรุล'), p('Faizal', '', 'ไฟซาล'), p('Azman', '', 'อัซมาน'), p('Rosli', '', 'รอสลี'),
  p('Shahrul', '', 'ชาห์รุล'), p('Amirul', '', 'อามีรุล'), p('Hafiz', '', 'ฮาฟิซ'), p('Ikhwan', '', 'อิควาน'), p('Syafiq', '', 'ชาฟิก'),
  p('Idris', '', 'อิดริส'), p('Kamarul', '', 'กามารุล'), p('Zaidi', '', 'ไซดี'), p('Nazri', '', 'นัซรี'), p('Firdaus', '', 'ฟิรเดาส์')
]
export const MALAY_FEMALE: readonly NamePart[] = [
  p('Nurul Ain', '', 'นูรุลอัยน์'), p('Siti Aishah', '', 'ซีตีไอชะห์'), p('Farah', '', 'ฟาราห์'), p('Nor Azizah', '', 'นอร์อาซีซะห์'),
  p('Haslinda', '', 'ฮัสลินดา'), p('Suraya', '', 'สุรยา')
]
export const CHINESE_MALAYSIAN: readonly NamePart[] = [
  p('Lim Soo Keat', '', 'ลิมซูเคียต'), p('Chan Wai Mun', '', 'ชานไหว่มุน'), p('Goh Siew Lan', '', 'โกะซิ่วหลาน'), p('Tan Mei Ling', '', 'ตันเหม่ยหลิง'),
  p('Yap Kok Wing', '', 'ยัปก๊กวิง'), p('Teh Boon Hock', '', 'เตะบุ๋นฮก'), p('Ng Chee Kiong', '', 'อึ้งชีเคียง'), p('Chong Pei Yee', '', 'จงเป่ยอี๋'),
  p('Loh Kim Swee', '', 'โล่คิมสวี'), p('Ho Siew Peng', '', 'โฮซิ่วเผง'), p('Koh Wei Jie', '', 'โค่เหว่ยเจี๋ย'), p('Tay Boon Seng', '', 'เตปุ๋นเส็ง')
]

/** Thai given names and surnames (Latin as a Thai passport romanises them). */
export const THAI_GIVEN: readonly NamePart[] = [
  p('Somsak', '', 'สมศักดิ์'), p('Wichai', '', 'วิชัย'), p('Pranee', '', 'ปราณี'), p('Anucha', '', 'อนุชา'), p('Kittipong', '', 'กิตติพงษ์'),
  p('Rattana', '', 'รัตนา'), p('Ismae', '', 'อิสมาแอ'), p('Rosdee', '', 'รอสดี'), p('Niran', '', 'นิรันดร์'), p('Suda', '', 'สุดา'),
  p('Abdulloh', '', 'อับดุลเลาะ'), p('Sakariya', '', 'ซาการียา'), p('Chanida', '', 'ชนิดา'), p('Prasit', '', 'ประสิทธิ์')
]
export const THAI_FAMILY: readonly NamePart[] = [
  p('Thongdee', '', 'ทองดี'), p('Kaewmanee', '', 'แก้วมณี'), p('Srisuk', '', 'ศรีสุข'), p('Boonmee', '', 'บุญมี'), p('Sangthong', '', 'แสงทอง'),
  p('Chaiwong', '', 'ไชยวงศ์'), p('Doloh', '', 'ดอเลาะ'), p('Samaae', '', 'สะมะแอ'), p('Phetkaew', '', 'เพชรแก้ว'), p('Intarasuk', '', 'อินทรสุข'),
  p('Yusoh', '', 'ยูโซะ'), p('Hayeeteh', '', 'หะยีเต๊ะ')
]
