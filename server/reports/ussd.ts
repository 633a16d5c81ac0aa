import { COUNTY_TABLE } from '../../contract/counties.ts'
import { MAX_REPORT_TEXT } from '../../contract/reports.ts'
import type { Queryable } from '../db/index.ts'
import { countyOf, placeIn } from './gazetteer.ts'
import { THEME_ORDER, THEME_WORDS } from './themes.ts'

// The USSD menu, English and Kiswahili: language → theme → county → place → short description → confirm. Gateways
// send the whole session's input joined by '*' on every step ("2*1*Turkana*Lokichar*..."), so each step is decided
// from that text alone: no session state to lose.

type Lang = 'en' | 'sw'

export interface UssdReport {
  language: Lang
  theme: (typeof THEME_ORDER)[number]
  county: string
  place?: { id: number; name: string }
  placeName?: string
  description: string
}

export type UssdStep =
  { kind: 'con'; text: string } | { kind: 'end'; text: string } | { kind: 'submit'; report: UssdReport }

const T = {
  en: {
    themes: 'What happened?',
    county: 'Enter the county (e.g. Turkana):',
    noCounty: 'County not found. Please dial again.',
    place: 'Enter the village or town (0 to skip):',
    describe: 'Describe briefly what happened:',
    short: 'The description is too short. Please dial again.',
    confirm: 'Send this report?',
    send: '1. Send',
    cancel: '2. Cancel',
    cancelled: 'Report cancelled. Nothing was sent.',
    invalid: 'Invalid choice. Please dial again.',
  },
  sw: {
    themes: 'Nini kimetokea?',
    county: 'Andika kaunti (mfano Turkana):',
    noCounty: 'Kaunti haikupatikana. Tafadhali piga tena.',
    place: 'Andika kijiji au mji (0 kuruka):',
    describe: 'Eleza kwa ufupi kilichotokea:',
    short: 'Maelezo ni mafupi mno. Tafadhali piga tena.',
    confirm: 'Tuma ripoti hii?',
    send: '1. Tuma',
    cancel: '2. Ghairi',
    cancelled: 'Ripoti imeghairiwa. Hakuna kilichotumwa.',
    invalid: 'Chaguo si sahihi. Tafadhali piga tena.',
  },
} as const

export const ussdEnd = {
  received: (lang: Lang, reference: string) =>
    lang === 'sw'
      ? `Asante. Ripoti imepokelewa. Nambari ya kufuatilia: ${reference}`
      : `Thank you. Report received. Reference: ${reference}`,
  limited: (lang: Lang) =>
    lang === 'sw' ? 'Ripoti nyingi mno. Jaribu tena baadaye.' : 'Too many reports. Please try again later.',
}

const con = (text: string): UssdStep => ({ kind: 'con', text })
const end = (text: string): UssdStep => ({ kind: 'end', text })

export async function ussdStep(q: Queryable, input: string): Promise<UssdStep> {
  const parts = input === '' ? [] : input.split('*').map((s) => s.trim())
  if (parts.length === 0) return con('Ramani: report an incident / ripoti tukio\n1. English\n2. Kiswahili')
  const lang: Lang | undefined = parts[0] === '1' ? 'en' : parts[0] === '2' ? 'sw' : undefined
  if (!lang) return end(`${T.en.invalid} / ${T.sw.invalid}`)
  const t = T[lang]
  if (parts.length === 1)
    return con([t.themes, ...THEME_ORDER.map((th, i) => `${i + 1}. ${THEME_WORDS[th][lang]}`)].join('\n'))
  const theme = /^\d{1,2}$/.test(parts[1]!) ? THEME_ORDER[Number(parts[1]) - 1] : undefined
  if (!theme) return end(t.invalid)
  if (parts.length === 2) return con(t.county)
  const county = countyOf(parts[2]!)
  if (!county) return end(t.noCounty)
  if (parts.length === 3) return con(t.place)
  const typedPlace = parts[3] === '0' ? undefined : parts[3]!.slice(0, 200)
  if (parts.length === 4) return con(t.describe)
  // The description may itself hold '*': everything between the place and a final 1/2 answer is the description.
  const last = parts[parts.length - 1]
  const answered = parts.length >= 6 && (last === '1' || last === '2')
  const description = (answered ? parts.slice(4, -1) : parts.slice(4)).join('*').slice(0, MAX_REPORT_TEXT)
  if (description.replace(/\s/g, '').length < 3) return end(t.short)
  const place = typedPlace ? await placeIn(q, typedPlace, county) : undefined
  if (!answered) {
    const where = [place?.name ?? typedPlace, COUNTY_TABLE.find((c) => c.code === county)!.name]
      .filter(Boolean)
      .join(', ')
    return con(`${t.confirm}\n${THEME_WORDS[theme][lang]} - ${where}\n${t.send}\n${t.cancel}`)
  }
  if (last === '2') return end(t.cancelled)
  return {
    kind: 'submit',
    report: {
      language: lang,
      theme,
      county,
      place: place && { id: place.id, name: place.name },
      placeName: place ? undefined : typedPlace,
      description,
    },
  }
}
