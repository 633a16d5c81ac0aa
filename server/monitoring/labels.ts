import { INCIDENT_THEMES, REGIONS } from '../../contract/domains.ts'
import type { Light, ScorecardIndicator, Unit } from '../../contract/scorecards.ts'

// Words of the printed scorecards (PDF) and the CSV header notes, in English and Kiswahili. The web app has its own
// strings (web/src/i18n); the server cannot import them. Only characters of the PDF standard fonts' WinAnsi encoding
// are used (no ≥, ≤ or − signs), so every word prints.

export type Lang = 'en' | 'sw'

export const INDICATOR_LABELS: Record<ScorecardIndicator, Record<Lang, { name: string; note: string }>> = {
  units_operational: {
    en: { name: 'Gazetted units operational', note: 'Share of gazetted administrative units that are active' },
    sw: {
      name: 'Vitengo vya utawala vinavyofanya kazi',
      note: 'Asilimia ya vitengo vya utawala vilivyotangazwa ambavyo vinafanya kazi',
    },
  },
  security_roads_rehabilitated: {
    en: {
      name: 'Security roads rehabilitated',
      note: 'Km of security roads rehabilitated (target: share of the security road km)',
    },
    sw: {
      name: 'Barabara za usalama zilizokarabatiwa',
      note: 'Kilomita za barabara za usalama zilizokarabatiwa (lengo: sehemu ya kilomita zote za barabara za usalama)',
    },
  },
  border_posts_operational: {
    en: { name: 'Border posts operational', note: 'Share of border posts (planned ones excluded) fully operational' },
    sw: {
      name: 'Vituo vya mpakani vinavyofanya kazi',
      note: 'Asilimia ya vituo vya mpakani (isipokuwa vilivyopangwa) vinavyofanya kazi kikamilifu',
    },
  },
  registration_digitised: {
    en: {
      name: 'Registration centres digitised',
      note: 'Share of operational registration centres that are digitised',
    },
    sw: {
      name: 'Vituo vya usajili vya kidijitali',
      note: 'Asilimia ya vituo vya usajili vinavyofanya kazi ambavyo ni vya kidijitali',
    },
  },
  live_capture_units: {
    en: { name: 'Live capture units', note: 'Live capture units per operational registration centre' },
    sw: {
      name: 'Vifaa vya kunasa taarifa papo hapo',
      note: 'Vifaa vya kunasa taarifa papo hapo kwa kila kituo cha usajili kinachofanya kazi',
    },
  },
  prison_occupancy: {
    en: { name: 'Prison occupancy rate', note: 'Inmates as a share of places in operational prisons' },
    sw: {
      name: 'Kiwango cha msongamano magerezani',
      note: 'Wafungwa kama asilimia ya nafasi katika magereza yanayofanya kazi',
    },
  },
  incidents: {
    en: { name: 'Incidents', note: 'Incidents that occurred in the quarter; target: no rise on the previous quarter' },
    sw: { name: 'Matukio', note: 'Matukio yaliyotokea katika robo; lengo: yasizidi ya robo iliyopita' },
  },
}

export const LIGHT_LABELS: Record<Light, Record<Lang, string>> = {
  green: { en: 'On track', sw: 'Inaendelea vyema' },
  amber: { en: 'Needs attention', sw: 'Inahitaji uangalizi' },
  red: { en: 'Off track', sw: 'Haifikii lengo' },
  na: { en: 'Not applicable', sw: 'Haihusiki' },
}

export const THEME_LABELS: Record<(typeof INCIDENT_THEMES)[number], Record<Lang, string>> = {
  terrorism: { en: 'Terrorism', sw: 'Ugaidi' },
  organised_gangs: { en: 'Organised gangs', sw: 'Magenge ya uhalifu' },
  cross_border_smuggling: { en: 'Cross-border smuggling', sw: 'Magendo ya mipakani' },
  illicit_alcohol_drugs: { en: 'Illicit alcohol & drugs', sw: 'Pombe haramu na dawa za kulevya' },
  small_arms: { en: 'Small arms', sw: 'Silaha ndogo' },
  cattle_rustling_banditry: { en: 'Cattle rustling & banditry', sw: 'Wizi wa mifugo na ujambazi' },
  sgbv: { en: 'Sexual & gender-based violence', sw: 'Ukatili wa kijinsia' },
  boda_boda: { en: 'Boda boda crime', sw: 'Uhalifu wa boda boda' },
  land_dispute: { en: 'Land disputes', sw: 'Migogoro ya ardhi' },
  other: { en: 'Other', sw: 'Mengineyo' },
}

export const WORDS = {
  title: { en: 'County security scorecard', sw: 'Kadi ya alama ya usalama ya kaunti' },
  titlePlural: { en: 'County security scorecards', sw: 'Kadi za alama za usalama za kaunti' },
  theme: { en: 'Theme', sw: 'Mada' },
  ministry: {
    en: 'Ministry of Interior and National Administration - Internal Security and Operations',
    sw: 'Wizara ya Usalama wa Ndani na Utawala wa Kitaifa - Usalama wa Ndani na Operesheni',
  },
  county: { en: 'County', sw: 'Kaunti' },
  region: { en: 'Region', sw: 'Kanda' },
  quarter: { en: 'Quarter', sw: 'Robo mwaka' },
  inProgress: { en: 'in progress: figures as of today', sw: 'inaendelea: takwimu za leo' },
  rank: { en: 'Ranking', sw: 'Nafasi' },
  rankOf: { en: 'of', sw: 'kati ya' },
  score: { en: 'score', sw: 'alama' },
  indicator: { en: 'Indicator', sw: 'Kiashiria' },
  target: { en: 'Target', sw: 'Lengo' },
  value: { en: 'Value', sw: 'Thamani' },
  change: { en: 'Change since last quarter', sw: 'Mabadiliko tangu robo iliyopita' },
  status: { en: 'Status', sw: 'Hali' },
  atLeast: { en: 'at least', sw: 'angalau' },
  atMost: { en: 'at most', sw: 'isizidi' },
  perCentre: { en: 'per centre', sw: 'kwa kituo' },
  pts: { en: 'pts', sw: 'pointi' },
  ofNetwork: { en: 'of', sw: 'ya' },
  byTheme: { en: 'Incidents by theme', sw: 'Matukio kwa mada' },
  generated: { en: 'Generated', sw: 'Imetolewa' },
  publicVersion: {
    en: 'Public version: sensitive indicators (incidents, prison occupancy) are omitted.',
    sw: 'Toleo la umma: viashiria nyeti (matukio, msongamano magerezani) vimeachwa.',
  },
  internalVersion: {
    en: 'Internal version - contains sensitive information. Not for publication.',
    sw: 'Toleo la ndani - lina taarifa nyeti. Si kwa uchapishaji.',
  },
  rules: {
    en: 'Traffic lights: On track = at or better than the target; Needs attention = between the target and the amber threshold; Off track = worse than the amber threshold. Ranking among the 47 counties by the mean attainment (value against target, capped at 100 %) of the public indicators that apply to the county.',
    sw: 'Taa: Inaendelea vyema = imefikia lengo au zaidi; Inahitaji uangalizi = kati ya lengo na kiwango cha tahadhari; Haifikii lengo = chini ya kiwango cha tahadhari. Nafasi kati ya kaunti 47 kwa wastani wa kufikia malengo (thamani dhidi ya lengo, hadi 100 %) wa viashiria vya umma vinavyohusu kaunti.',
  },
  sourceNote: {
    en: 'Data source: Ramani asset register (roads, border posts, administrative units, facilities, incidents) as it stood at the end of the quarter, rebuilt from the audit log. Targets: scorecard_targets table, derived from the Jukwaa la Usalama report (2025) where it gives a figure.',
    sw: 'Chanzo cha takwimu: rejista ya mali ya Ramani (barabara, vituo vya mpakani, vitengo vya utawala, vituo, matukio) kama ilivyokuwa mwisho wa robo, kutoka kwenye kumbukumbu za mabadiliko. Malengo: jedwali la scorecard_targets, kutoka ripoti ya Jukwaa la Usalama (2025) inapotoa takwimu.',
  },
  sampleNote: {
    en: 'SAMPLE DATA: figures marked * are computed from invented sample records (source = sample), not real data',
    sw: 'TAKWIMU ZA MFANO: takwimu zenye alama * zimetokana na rekodi za mfano zilizobuniwa (source = sample), si takwimu halisi',
  },
  noSample: {
    en: 'No figure on this page comes from sample records.',
    sw: 'Hakuna takwimu katika ukurasa huu inayotokana na rekodi za mfano.',
  },
  records: { en: 'records', sw: 'rekodi' },
  sampleRecords: { en: 'sample', sw: 'za mfano' },
  none: { en: 'None recorded', sw: 'Hakuna iliyorekodiwa' },
  page: { en: 'Page', sw: 'Ukurasa' },
  moreThemes: { en: 'more themes', sw: 'mada nyingine' },
} as const

export const regionName = (code: string, lang: Lang) => {
  const r = REGIONS.find((x) => x.code === code)
  return r ? (lang === 'sw' ? r.name_sw : r.name) : code
}

const numberFormat = (lang: Lang, digits: number) =>
  new Intl.NumberFormat(lang === 'sw' ? 'sw-KE' : 'en-KE', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  })

const DIGITS: Record<Unit, number> = { percent: 1, km: 1, per_centre: 2, count: 0, percent_change: 1 }

/** A value with its unit, e.g. "68.2 %", "64.0 km", "0.79 per centre", "159". */
export function formatValue(unit: Unit, v: number | null, lang: Lang): string {
  if (v === null) return '-'
  const n = numberFormat(lang, DIGITS[unit]).format(v)
  switch (unit) {
    case 'percent':
      return `${n} %`
    case 'km':
      return `${n} km`
    case 'per_centre':
      return `${n} ${WORDS.perCentre[lang]}`
    case 'percent_change':
      return `${v > 0 ? '+' : ''}${n} %`
    case 'count':
      return n
  }
}

/** A change with its sign and unit: percentages change in points. */
export function formatChange(unit: Unit, change: number | null, lang: Lang): string {
  if (change === null) return '-'
  const sign = change > 0 ? '+' : change < 0 ? '-' : ''
  const n = numberFormat(lang, DIGITS[unit]).format(Math.abs(change))
  switch (unit) {
    case 'percent':
      return `${sign}${n} ${WORDS.pts[lang]}`
    case 'km':
      return `${sign}${n} km`
    default:
      return `${sign}${n}`
  }
}
