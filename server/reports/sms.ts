import type { Queryable } from '../db/index.ts'
import { countyIn, placeIn } from './gazetteer.ts'
import { themeOfText } from './themes.ts'

// A free-text SMS ("Wizi wa mifugo Lokichar usiku wa leo") read for a theme keyword and a gazetteer place (or at least
// a county), in English or Kiswahili.

export interface ParsedSms {
  theme: ReturnType<typeof themeOfText>
  language: 'en' | 'sw'
  place?: { id: number; name: string }
  county?: string
}

const SWAHILI = /\b(wizi|mifugo|majambazi|bunduki|silaha|ugaidi|na|wa|ya|kwa|leo|jana|usiku|watu|kuna|ripoti)\b/i

export async function parseSms(q: Queryable, text: string): Promise<ParsedSms> {
  const place = await placeIn(q, text)
  return {
    theme: themeOfText(text),
    language: SWAHILI.test(text) ? 'sw' : 'en',
    place: place && { id: place.id, name: place.name },
    county: place?.county ?? countyIn(text),
  }
}

export const smsReply = {
  received: (lang: 'en' | 'sw', reference: string) =>
    lang === 'sw'
      ? `Asante. Ripoti yako imepokelewa. Nambari ya kufuatilia: ${reference}`
      : `Thank you. Your report was received. Reference: ${reference}`,
  noPlace: (lang: 'en' | 'sw') =>
    lang === 'sw'
      ? 'Hatukupata mahali. Tuma tena ukitaja kijiji au mji na kaunti, mfano: "Wizi wa mifugo Lokichar Turkana".'
      : 'We could not find the place. Send again naming the village or town and county, e.g. "Cattle theft Lokichar Turkana".',
  limited: (lang: 'en' | 'sw') =>
    lang === 'sw'
      ? 'Ripoti nyingi mno kutoka nambari hii. Jaribu tena baadaye.'
      : 'Too many reports from this number. Try again later.',
}
