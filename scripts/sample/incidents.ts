// Sample incidents: 5,000 points over exactly 24 months (2024-11-01 to 2026-10-31, UTC). Themes follow the regional
// patterns of the national forum report, as Gaussian clusters around hotspot centres plus background spread by
// population; the months follow a seasonal rhythm per theme (raids in the dry seasons, brews and SGBV over the
// holidays) with a mild upward trend. Everything here is invented.

import type { Feature, Point } from 'geojson'
import type { INCIDENT_STATUSES, INCIDENT_THEMES } from '../../contract/domains.ts'
import { POPULATION_K, type Geo, type LonLat } from './geo.ts'
import type { Names } from './names.ts'
import { apportion, type Rng } from './random.ts'

type Theme = (typeof INCIDENT_THEMES)[number]
type Status = (typeof INCIDENT_STATUSES)[number]

export const INCIDENT_TOTAL = 5000
/** First month (UTC) and number of months: 2024-11 … 2026-10. */
export const PERIOD = { startYear: 2024, startMonth: 10, months: 24 } as const
const AS_OF = Date.UTC(2026, 10, 1) // the end of the period: 2026-11-01T00:00:00Z (exclusive)

/** Share of all incidents per theme. */
const THEME_SHARE: Record<Theme, number> = {
  cattle_rustling_banditry: 16,
  illicit_alcohol_drugs: 14,
  sgbv: 13,
  organised_gangs: 11,
  boda_boda: 10,
  land_dispute: 9,
  cross_border_smuggling: 8,
  terrorism: 6,
  small_arms: 6,
  other: 7,
}

/** Hotspot centres per theme: [lon, lat, spread (sd, km), weight]. */
type Hotspot = readonly [number, number, number, number]
const HOTSPOTS: Record<Theme, readonly Hotspot[]> = {
  terrorism: [
    [41.5, 3.65, 25, 3],
    [41.0, 3.0, 22, 2],
    [40.6, 0.2, 25, 2],
    [39.65, -0.45, 10, 2],
    [40.4, 1.2, 30, 1], // Mandera, El Wak, Dadaab–Liboi, Garissa, Wajir south
    [41.0, -1.95, 18, 4],
    [40.55, -2.35, 14, 2],
    [40.4, -1.6, 18, 1], // Lamu–Boni forest, Witu–Mpeketoni, Ijara
    [39.7, -4.02, 7, 1.5],
    [39.45, -4.3, 12, 0.5], // Mombasa (Kisauni, Likoni), Kwale
    [34.25, 0.0, 12, 0.7], // parts of Nyanza (Siaya)
  ],
  organised_gangs: [
    [39.7, -4.02, 7, 4],
    [39.75, -3.93, 6, 1], // Mombasa, Mtwapa
    [36.9, -1.27, 6, 4],
    [36.96, -1.16, 5, 1.5],
    [36.76, -1.39, 5, 1],
    [36.96, -1.47, 5, 1], // Nairobi eastlands, Githurai, Rongai, Kitengela
    [34.75, 0.28, 9, 1],
    [34.56, 0.56, 9, 1],
    [34.11, 0.46, 7, 1],
    [34.76, -0.1, 7, 1.5], // Kakamega, Bungoma, Busia, Kisumu
    [34.77, -0.68, 9, 1.5],
    [36.07, -0.3, 7, 1.5], // Kisii, Nakuru
  ],
  cross_border_smuggling: [
    [34.1, 0.46, 5, 2],
    [34.27, 0.63, 5, 1.5],
    [34.6, 0.9, 10, 0.6], // Busia, Malaba, Lwakhakha–Suam
    [34.0, 0.15, 7, 1.5],
    [34.06, -0.07, 7, 1],
    [34.2, -0.45, 9, 1],
    [34.1, -1.0, 7, 1], // Lake Victoria shores
    [34.47, -1.23, 5, 1.2],
    [36.79, -2.54, 5, 1],
    [37.65, -3.39, 7, 0.8], // Isebania, Namanga, Taveta
    [39.18, -4.6, 7, 1.5],
    [39.65, -4.05, 5, 1],
    [40.1, -3.2, 9, 0.8],
    [41.3, -1.85, 14, 1], // Indian Ocean coast
    [41.83, 3.92, 7, 1],
    [39.05, 3.5, 7, 1.2],
    [40.92, 2.8, 7, 0.6],
    [40.87, 0.36, 7, 0.8],
    [34.3, 4.3, 9, 0.6], // NE, Moyale, Nadapal
  ],
  illicit_alcohol_drugs: [
    [36.85, -1.28, 11, 4],
    [36.85, -1.1, 14, 2.5],
    [37.1, -0.6, 18, 3],
    [36.4, -0.2, 14, 1.2], // Nairobi, Kiambu, Murang'a–Kirinyaga–Nyeri, Nyandarua
    [39.68, -4.0, 11, 3],
    [40.1, -3.2, 8, 1], // Mombasa–Kilifi–Kwale, Malindi
    [36.07, -0.3, 11, 1.5],
    [34.76, -0.1, 9, 1],
    [34.6, 0.4, 18, 1.2],
    [37.65, 0.05, 14, 1],
    [37.45, -0.5, 11, 1],
    [35.27, 0.52, 9, 0.8],
  ],
  small_arms: [
    [36.05, 1.05, 18, 3],
    [35.5, 1.8, 22, 2.5],
    [34.4, 4.1, 18, 1],
    [35.58, 1.1, 13, 1.5],
    [36.8, 1.7, 18, 1.5], // North Rift, Samburu
    [38.0, 2.4, 25, 1],
    [39.0, 3.4, 18, 1],
    [37.9, 0.6, 22, 1], // Marsabit, Moyale, Isiolo
    [41.5, 3.7, 25, 1.5],
    [40.0, 1.8, 25, 1],
    [39.8, -0.3, 22, 1], // Mandera, Wajir, Garissa
  ],
  cattle_rustling_banditry: [
    [35.55, 1.1, 13, 5],
    [35.62, 0.9, 9, 2],
    [35.85, 1.15, 13, 3],
    [36.12, 1.2, 11, 3],
    [36.05, 0.95, 11, 2], // Kerio Valley, Marakwet East, Kolowa, Kapedo, Tiaty
    [35.5, 1.85, 14, 3],
    [36.0, 1.95, 18, 2],
    [35.55, 2.3, 16, 1.5],
    [35.8, 4.3, 22, 1.5],
    [34.95, 2.3, 18, 1.5],
    [35.05, 1.55, 13, 1], // Turkana–Pokot, Turkana East, Kibish, Karamoja border
    [36.75, 1.75, 14, 3],
    [36.9, 2.05, 13, 1],
    [36.75, 1.1, 11, 1],
    [37.4, 0.9, 18, 1.5],
    [36.5, 0.45, 16, 2], // Baragoi, South Horr, Maralal, Wamba, Laikipia
    [37.9, 0.6, 22, 2],
    [38.0, 2.3, 22, 1.5],
    [37.85, 0.35, 13, 1],
    [40.1, -2.1, 14, 0.8], // Isiolo, Marsabit, Meru north, Tana delta
  ],
  sgbv: [
    [36.85, -1.28, 11, 3],
    [34.76, -0.1, 11, 1],
    [36.07, -0.3, 11, 1],
    [39.67, -4.04, 9, 1],
    [34.75, 0.28, 14, 1],
    [37.65, 0.05, 14, 0.7],
    [39.85, -3.63, 18, 1],
  ],
  boda_boda: [
    [36.85, -1.28, 9, 3],
    [34.76, -0.1, 7, 1.5],
    [36.07, -0.3, 7, 1],
    [35.27, 0.52, 7, 1],
    [34.75, 0.28, 7, 1],
    [34.56, 0.56, 7, 1],
    [39.67, -4.04, 7, 1],
    [37.07, -1.03, 6, 0.8],
    [37.27, -1.52, 6, 0.6],
    [34.77, -0.68, 6, 0.8],
    [37.65, 0.05, 6, 0.6],
  ],
  land_dispute: [
    [36.0, -0.4, 25, 2],
    [35.7, -0.8, 22, 1.5],
    [39.8, -3.6, 25, 2],
    [40.7, -2.4, 13, 1],
    [36.8, 0.3, 22, 1],
    [34.85, -0.7, 13, 1],
    [38.3, -3.4, 22, 1],
    [35.1, 0.8, 18, 1],
    [36.8, -1.8, 22, 1],
  ],
  other: [
    [36.85, -1.28, 25, 2],
    [39.67, -4.04, 20, 1],
    [34.76, -0.1, 25, 1],
  ],
}

/** Share of a theme's incidents spread as background (by population) rather than around hotspots. */
const BACKGROUND: Record<Theme, number> = {
  cattle_rustling_banditry: 0.05,
  terrorism: 0.04,
  small_arms: 0.08,
  cross_border_smuggling: 0.05,
  organised_gangs: 0.12,
  illicit_alcohol_drugs: 0.25,
  sgbv: 0.45,
  boda_boda: 0.3,
  land_dispute: 0.35,
  other: 0.7,
}
/** Counties the background of a theme may fall in (default: all). */
const BACKGROUND_COUNTIES: Partial<Record<Theme, readonly string[]>> = {
  cattle_rustling_banditry: ['023', '024', '025', '028', '030', '031', '010', '011', '012'],
  terrorism: ['001', '002', '004', '005', '007', '008', '009'],
  small_arms: ['023', '024', '025', '028', '030', '010', '011', '007', '008', '009'],
  cross_border_smuggling: ['001', '002', '003', '005', '006', '009', '010', '034', '039', '040', '041', '043', '044'],
}

/** Monthly factor by theme (index 0 = January). */
const SEASON: Partial<Record<Theme, readonly number[]>> = {
  // Raids peak in the dry seasons (Jan–Mar, Jul–Oct) and fall in the long and short rains.
  cattle_rustling_banditry: [1.4, 1.5, 1.3, 0.7, 0.6, 0.9, 1.2, 1.3, 1.3, 1.0, 0.7, 1.0],
  small_arms: [1.2, 1.3, 1.2, 0.8, 0.8, 0.9, 1.1, 1.2, 1.1, 1.0, 0.8, 1.0],
  illicit_alcohol_drugs: [1.0, 0.9, 0.9, 1.2, 0.9, 0.9, 1.0, 1.1, 0.9, 0.9, 1.0, 1.6],
  sgbv: [1.0, 0.9, 0.9, 1.2, 1.0, 0.9, 1.0, 1.2, 0.9, 0.9, 1.0, 1.4],
  boda_boda: [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.2],
  land_dispute: [1.2, 1.3, 1.2, 1.0, 0.9, 0.9, 0.9, 0.9, 1.0, 1.0, 0.9, 0.9],
}

/** Titles by theme: reports and seizures (mild) and violent events (the only ones with deaths). */
const TITLES: Record<Theme, { mild: readonly string[]; violent: readonly string[] }> = {
  terrorism: {
    mild: [
      'Radicalisation report',
      'Suspected militant movement',
      'Suspected sleeper cell reported',
      'Suspicious object reported',
    ],
    violent: [
      'Suspected IED attack',
      'Attack on security patrol',
      'Abduction',
      'Attack on passenger vehicle',
      'Attack on village',
    ],
  },
  organised_gangs: {
    mild: ['Extortion of traders', 'Gang members arrested', 'Break-in by organised gang'],
    violent: ['Gang robbery', 'Machete gang attack', 'Gang clash'],
  },
  cross_border_smuggling: {
    mild: [
      'Contraband seized',
      'Smuggled goods intercepted',
      'Illegal landing of goods',
      'Narcotics intercepted',
      'Smuggled sugar intercepted',
    ],
    violent: ['Smugglers attack patrol', 'Armed smugglers intercepted'],
  },
  illicit_alcohol_drugs: {
    mild: [
      'Illicit brew seized',
      'Drug peddling arrest',
      'Illicit brew den raided',
      'Narcotics seized',
      'Unlicensed liquor outlet closed',
    ],
    violent: ['Deaths from toxic brew', 'Violence at illicit brew den'],
  },
  small_arms: {
    mild: ['Illegal firearm recovered', 'Ammunition seized', 'Firearm surrendered', 'Illegal firearms cache found'],
    violent: ['Shooting incident', 'Gunshots reported'],
  },
  cattle_rustling_banditry: {
    mild: ['Livestock theft', 'Livestock recovered', 'Bandit sighting reported'],
    violent: ['Cattle raid', 'Bandit attack', 'Ambush on herders', 'Retaliatory raid'],
  },
  sgbv: {
    mild: ['SGBV case reported', 'Domestic violence reported', 'Gender desk referral', 'Defilement case reported'],
    violent: ['Fatal domestic violence reported'],
  },
  boda_boda: {
    mild: ['Motorcycle theft', 'Boda boda robbery'],
    violent: ['Boda boda rider attacked', 'Mob violence by riders'],
  },
  land_dispute: {
    mild: ['Land boundary dispute', 'Fraudulent land sale reported', 'Forcible eviction reported'],
    violent: ['Clash over land'],
  },
  other: {
    mild: ['Stock theft', 'Burglary', 'Missing person', 'Fire incident'],
    violent: ['Assault', 'Road crash with casualties'],
  },
}

/** Hour-of-day weights by theme: raids at dawn and night, brews and boda boda crime in the evening. */
function hourFor(theme: Theme, rng: Rng): number {
  const pick = (w: readonly [number, number][]) => rng.weighted(w)
  switch (theme) {
    case 'cattle_rustling_banditry':
      return pick([
        [3, 1],
        [4, 3],
        [5, 4],
        [6, 3],
        [7, 1],
        [16, 1],
        [17, 1],
        [18, 1],
        [19, 1],
        [22, 1],
        [23, 1],
        [0, 1],
        [1, 1],
        [2, 1],
      ])
    case 'boda_boda':
      return pick([
        [18, 2],
        [19, 3],
        [20, 3],
        [21, 3],
        [22, 2],
        [23, 1],
        [6, 1],
        [7, 1],
        [12, 1],
        [15, 1],
      ])
    case 'illicit_alcohol_drugs':
      return pick([
        [10, 1],
        [14, 1],
        [16, 2],
        [17, 2],
        [18, 3],
        [19, 3],
        [20, 3],
        [21, 2],
        [22, 1],
      ])
    default:
      return rng.int(0, 23)
  }
}

export function buildIncidents(geo: Geo, names: Names, rng: Rng): Feature<Point>[] {
  const themes = Object.keys(THEME_SHARE) as Theme[]
  const perTheme = apportion(
    INCIDENT_TOTAL,
    themes.map((t) => THEME_SHARE[t]),
  )
  const popByCounty = (codes?: readonly string[]) =>
    geo.counties.filter((c) => !codes || codes.includes(c.code)).map((c) => [c, POPULATION_K[c.code]!] as const)

  const raw: { theme: Theme; at: LonLat; t: number }[] = []
  themes.forEach((theme, ti) => {
    // Months: season × trend (+10% over the period) × a little month-to-month noise, apportioned exactly.
    const monthWeights = Array.from({ length: PERIOD.months }, (_, m) => {
      const month = (PERIOD.startMonth + m) % 12
      return (SEASON[theme]?.[month] ?? 1) * (0.95 + 0.1 * (m / (PERIOD.months - 1))) * (0.85 + rng.next() * 0.3)
    })
    const perMonth = apportion(perTheme[ti]!, monthWeights)
    const background = popByCounty(BACKGROUND_COUNTIES[theme])
    const hotspots = HOTSPOTS[theme].map((h) => [h, h[3]] as const)
    perMonth.forEach((n, m) => {
      const y = PERIOD.startYear + Math.floor((PERIOD.startMonth + m) / 12)
      const mo = (PERIOD.startMonth + m) % 12
      const days = new Date(Date.UTC(y, mo + 1, 0)).getUTCDate()
      for (let k = 0; k < n; k++) {
        let at: LonLat
        if (rng.chance(BACKGROUND[theme])) {
          const county = rng.weighted(background)
          at = geo.randomIn(county, rng)
        } else {
          const [lon, lat, sd] = rng.weighted(hotspots)
          at = geo.near(geo.nudgeInside([lon, lat], 30), sd, rng)
        }
        const t = Date.UTC(y, mo, rng.int(1, days), hourFor(theme, rng), rng.int(0, 59), 0)
        raw.push({ theme, at, t })
      }
    })
  })
  raw.sort((a, b) => a.t - b.t || a.at[0] - b.at[0] || a.at[1] - b.at[1])

  return raw.map(({ theme, at, t }) => {
    const county = geo.countyAt(at)
    const { place, km } = names.nearest(at, county?.code)
    const severe = theme === 'terrorism' || theme === 'cattle_rustling_banditry'
    let severity: number = severe
      ? rng.weighted([
          [1, 1],
          [2, 3],
          [3, 4],
          [4, 3],
          [5, 1.5],
        ])
      : theme === 'small_arms' || theme === 'organised_gangs' || theme === 'sgbv'
        ? rng.weighted([
            [1, 2],
            [2, 4],
            [3, 4],
            [4, 2],
            [5, 0.5],
          ])
        : rng.weighted([
            [1, 4],
            [2, 4],
            [3, 3],
            [4, 1],
            [5, 0.2],
          ])
    // Terrorism in Nyanza is about sleeper cells and recruitment, not attacks.
    if (theme === 'terrorism' && county?.region === 'nyanza') severity = Math.min(severity, 2)
    const violent = severity >= 4 || (severity === 3 ? rng.chance(0.5) : rng.chance(0.2))
    const title = rng.pick(violent ? TITLES[theme].violent : TITLES[theme].mild)
    const name = `${title} ${km < 3 ? 'at' : 'near'} ${place.name}`
    const fatalities = !violent
      ? 0
      : severity === 5
        ? severe
          ? rng.int(1, 10)
          : rng.int(1, 3)
        : severity === 4
          ? severe
            ? rng.int(0, 3)
            : rng.int(0, 1)
          : severity === 3 && severe && rng.chance(0.15)
            ? 1
            : 0
    // Older reports are more often verified and closed.
    const age = (AS_OF - t) / (AS_OF - Date.UTC(PERIOD.startYear, PERIOD.startMonth, 1))
    const status: Status = rng.weighted([
      ['open', 0.05 + 0.6 * (1 - age) ** 3],
      ['actioned', 0.3 + 0.1 * (1 - age)],
      ['closed', 0.1 + 0.6 * age],
    ])
    const verified = rng.chance(0.55 + 0.35 * age)
    const when = new Date(t).toISOString().replace('.000Z', 'Z')
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: at },
      properties: {
        name,
        occurred_at: when,
        theme,
        severity,
        fatalities,
        description: `SAMPLE record (invented): ${title.toLowerCase()} ${km < 3 ? 'at' : `about ${Math.round(km)} km from`} ${place.name}; severity ${severity}${fatalities ? `, ${fatalities} ${fatalities === 1 ? 'death' : 'deaths'}` : ''}.`,
        verified,
        status,
      },
    }
  })
}
