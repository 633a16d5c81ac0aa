import type { INCIDENT_THEMES } from '../../contract/domains.ts'

// Words residents use for each theme, in English and Kiswahili: the SMS parser looks for them, the USSD menu lists the
// themes in plain words.

type Theme = (typeof INCIDENT_THEMES)[number]

export const THEME_WORDS: Record<Theme, { en: string; sw: string; keywords: string[] }> = {
  cattle_rustling_banditry: {
    en: 'Cattle theft or bandits',
    sw: 'Wizi wa mifugo au majambazi',
    keywords: ['cattle', 'rustl', 'livestock', 'bandit', 'mifugo', "ng'ombe", 'ngombe', 'majambazi', 'wezi wa mifugo'],
  },
  small_arms: {
    en: 'Guns or weapons',
    sw: 'Bunduki au silaha',
    keywords: ['gun', 'firearm', 'weapon', 'shooting', 'bunduki', 'silaha', 'risasi'],
  },
  terrorism: {
    en: 'Terror threat',
    sw: 'Tishio la ugaidi',
    keywords: ['terror', 'bomb', 'explosive', 'shabaab', 'ugaidi', 'gaidi', 'bomu', 'mlipuko'],
  },
  sgbv: {
    en: 'Sexual or gender violence',
    sw: 'Ukatili wa kijinsia',
    keywords: ['rape', 'defile', 'gbv', 'assault on woman', 'ubakaji', 'unyanyasaji', 'ukatili', 'kubaka'],
  },
  organised_gangs: {
    en: 'Gangs',
    sw: 'Magenge',
    keywords: ['gang', 'genge', 'magenge', 'extortion', 'ulaghai'],
  },
  cross_border_smuggling: {
    en: 'Smuggling',
    sw: 'Magendo',
    keywords: ['smuggl', 'contraband', 'magendo', 'kusafirisha kimagendo'],
  },
  illicit_alcohol_drugs: {
    en: 'Illegal alcohol or drugs',
    sw: 'Pombe haramu au dawa za kulevya',
    keywords: ['drug', 'alcohol', "chang'aa", 'changaa', 'bhang', 'pombe', 'bangi', 'kulevya', 'miraa'],
  },
  boda_boda: {
    en: 'Boda boda crime',
    sw: 'Uhalifu wa boda boda',
    keywords: ['boda', 'motorbike', 'pikipiki'],
  },
  land_dispute: {
    en: 'Land dispute',
    sw: 'Mzozo wa ardhi',
    keywords: ['land', 'boundary', 'shamba', 'ardhi', 'mpaka'],
  },
  other: { en: 'Something else', sw: 'Kitu kingine', keywords: [] },
}

/** Menu order (USSD, the form): the urgent themes first. */
export const THEME_ORDER = Object.keys(THEME_WORDS) as Theme[]

/** The theme of a free text: the first theme one of whose keywords it contains, else 'other'. */
export function themeOfText(text: string): Theme {
  const lower = text.toLowerCase()
  for (const theme of THEME_ORDER) if (THEME_WORDS[theme].keywords.some((k) => lower.includes(k))) return theme
  return 'other'
}
