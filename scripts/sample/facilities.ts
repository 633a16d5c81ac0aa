// Sample security and service facilities. Places are real (towns, real prison sites) or placed at the sample
// administrative units; all attributes are invented, in line with the national forum report:
// - police stations in every town of towns.ts and at every sub-county seat that has none within 3 km;
// - police posts at locations, by population, and sparse in the arid north so that coverage gaps exist;
// - Administration Police Service (APS) camps in the North Rift, Upper Eastern and border counties;
// - a border police post beside every border post;
// - ~100 prisons at real prison sites: 30,000 places holding 62,000 inmates in all (the report's figures);
// - 1,345 registration centres (at sub-county seats and most divisions), 882 still manual and 463 digitised with
//   1–2 live capture units;
// - a few IC3 (integrated command, control and communication) centres and forensic laboratories (Eldoret planned).

import type { Feature, Point } from 'geojson'
import type { CONDITIONS, FACILITY_KINDS, FACILITY_STATUSES } from '../../contract/domains.ts'
import type { AdminUnit } from './admin-units.ts'
import type { BorderPost } from './border-posts.ts'
import { POPULATION_K, REMOTENESS, type Geo, type LonLat } from './geo.ts'
import { approxKm, uniqueNamer } from './names.ts'
import { apportion, type Rng } from './random.ts'
import type { Town } from './towns.ts'

type Kind = (typeof FACILITY_KINDS)[number]
type Status = (typeof FACILITY_STATUSES)[number]
type Condition = (typeof CONDITIONS)[number]

export const FACILITY_TARGETS = {
  policePosts: 720,
  registrationCentres: 1345,
  manualRegistrationCentres: 882,
  prisonCapacity: 30000,
  prisonInmates: 62000,
} as const

/** Real prisons: name, where (a town of towns.ts, or coordinates), and a relative size. Coordinates approximate. */
const PRISONS: readonly [string, string | LonLat, number][] = [
  ['Kamiti Maximum Security Prison', [36.905, -1.196], 4],
  ['Kamiti Medium Prison', [36.912, -1.188], 2],
  ['Kamiti Youth Corrective Training Centre', [36.918, -1.2], 0.8],
  ['Nairobi Remand and Allocation Maximum Prison', [36.852, -1.307], 4],
  ["Lang'ata Women's Maximum Security Prison", [36.772, -1.334], 1.5],
  ['Nairobi West Prison', [36.818, -1.316], 1.5],
  ['Ruiru Prison', [36.963, -1.148], 1],
  ['Thika Main Prison', 'Thika', 1.5],
  ["Thika Women's Prison", 'Thika', 0.5],
  ['Kiambu Prison', [36.836, -1.168], 1],
  ["Murang'a Main Prison", "Murang'a", 1.2],
  ["Murang'a Women's Prison", "Murang'a", 0.4],
  ['Nyeri Main Prison', 'Nyeri', 2],
  ['Nyeri Medium Prison', 'Nyeri', 1.5],
  ["Nyeri Women's Prison", 'Nyeri', 0.4],
  ['Kerugoya Prison', 'Kerugoya', 1],
  ['Nyahururu Prison', 'Nyahururu', 1],
  ['Nanyuki Prison', 'Nanyuki', 1],
  ['Rumuruti Prison', 'Rumuruti', 0.6],
  ['Embu Main Prison', 'Embu', 1.5],
  ["Embu Women's Prison", 'Embu', 0.4],
  ['Meru Main Prison', 'Meru', 2],
  ["Meru Women's Prison", 'Meru', 0.5],
  ['Chuka Prison', 'Chuka', 0.8],
  ['Marimanti Prison', [37.976, -0.155], 0.5],
  ['Isiolo Prison', 'Isiolo', 0.8],
  ['Marsabit Prison', 'Marsabit', 0.6],
  ['Moyale Prison', 'Moyale', 0.4],
  ['Machakos Main Prison', 'Machakos', 1.5],
  ["Machakos Women's Prison", 'Machakos', 0.5],
  ['Yatta Prison', 'Matuu', 1],
  ['Kitui Main Prison', 'Kitui', 1],
  ["Kitui Women's Prison", 'Kitui', 0.4],
  ['Mwingi Prison', 'Mwingi', 0.6],
  ['Makueni Prison', 'Wote', 0.8],
  ['Athi River Prison', 'Athi River', 1],
  ['Shimo La Tewa Maximum Security Prison', [39.735, -3.975], 3],
  ["Shimo La Tewa Women's Prison", [39.741, -3.971], 0.8],
  ['Shimo La Tewa Borstal Institution', [39.73, -3.968], 0.5],
  ['Kwale Prison', 'Kwale', 0.8],
  ['Kilifi Prison', 'Kilifi', 0.8],
  ['Malindi Main Prison', 'Malindi', 1],
  ["Malindi Women's Prison", 'Malindi', 0.4],
  ['Manyani Maximum Security Prison', [38.42, -3.08], 2.5],
  ['Voi Prison', 'Voi', 0.8],
  ['Wundanyi Prison', [38.36, -3.4], 0.5],
  ['Taveta Prison', 'Taveta', 0.4],
  ['Hola Prison', 'Hola', 0.6],
  ['Hindi Prison', [40.8, -2.28], 0.6],
  ['Lamu Prison', [40.9, -2.27], 0.4],
  ['Garissa Main Prison', 'Garissa', 1],
  ['Garissa Medium Prison', 'Garissa', 0.8],
  ['Wajir Prison', 'Wajir', 0.6],
  ['Mandera Prison', 'Mandera', 0.5],
  ['Naivasha Maximum Security Prison', [36.43, -0.69], 3],
  ['Naivasha Medium Prison', [36.436, -0.698], 1.5],
  ["Naivasha Women's Prison", [36.425, -0.705], 0.5],
  ['Nakuru Main Prison', 'Nakuru', 2],
  ["Nakuru Women's Prison", 'Nakuru', 0.6],
  ['Kericho Main Prison', 'Kericho', 1.2],
  ['Kericho Medium Prison', 'Kericho', 0.8],
  ["Kericho Women's Prison", 'Kericho', 0.4],
  ['Bomet Prison', 'Bomet', 0.6],
  ['Narok Prison', 'Narok', 0.8],
  ['Kajiado Prison', 'Kajiado', 0.8],
  ['Eldoret Main Prison', 'Eldoret', 2],
  ["Eldoret Women's Prison", 'Eldoret', 0.6],
  ['Ngeria Farm Prison', [35.37, 0.46], 0.8],
  ['Kapsabet Prison', 'Kapsabet', 0.8],
  ['Kitale Main Prison', 'Kitale', 1.5],
  ['Kitale Annex Prison', 'Kitale', 0.7],
  ["Kitale Women's Prison", 'Kitale', 0.4],
  ['Kapenguria Prison', 'Kapenguria', 0.6],
  ['Lodwar Prison', 'Lodwar', 0.6],
  ['Kabarnet Prison', 'Kabarnet', 0.6],
  ['Eldama Ravine Prison', 'Eldama Ravine', 0.5],
  ['Tambach Prison', 'Tambach', 0.4],
  ['Maralal Prison', 'Maralal', 0.5],
  ['Kisumu Main Prison (Kodiaga)', [34.702, -0.085], 2],
  ['Kisumu Medium Prison', [34.706, -0.088], 1],
  ["Kisumu Women's Prison", [34.712, -0.09], 0.5],
  ['Kibos Prison', [34.8, -0.07], 0.8],
  ['Siaya Prison', 'Siaya', 0.6],
  ['Homa Bay Prison', 'Homa Bay', 0.8],
  ['Rachuonyo Prison', 'Oyugis', 0.4],
  ['Kisii Main Prison', 'Kisii', 1.2],
  ["Kisii Women's Prison", 'Kisii', 0.4],
  ['Nyamira Prison', 'Nyamira', 0.6],
  ['Migori Prison', 'Migori', 0.8],
  ['Kehancha Prison', 'Kehancha', 0.5],
  ['Kakamega Main Prison', 'Kakamega', 1.5],
  ["Kakamega Women's Prison", 'Kakamega', 0.4],
  ['Shikusa Farm Prison', [34.79, 0.295], 0.8],
  ['Shikusa Borstal Institution', [34.795, 0.29], 0.4],
  ['Bungoma Prison', 'Bungoma', 1],
  ['Busia Prison', 'Busia', 0.8],
  ['Vihiga Prison', 'Mbale', 0.5],
  ['Kakuma Prison', 'Kakuma', 0.3],
  ['Ol Kalou Prison', 'Ol Kalou', 0.5],
  ['Molo Prison', [35.73, -0.25], 0.4],
]

/** APS camps: towns on the banditry, border and terror fronts. */
const APS_TOWNS = [
  'Kapedo',
  'Tot',
  'Chesegon',
  'Kolowa',
  'Nginyang',
  'Chemolingot',
  'Barwessa',
  'Kapsowar',
  'Marich',
  'Kacheliba',
  'Alale',
  'Kainuk',
  'Katilu',
  'Lokichar',
  'Lokori',
  'Kakuma',
  'Lokichoggio',
  'Lokitaung',
  'Todenyang',
  'Kalokol',
  'Baragoi',
  'South Horr',
  'Suguta Marmar',
  'Wamba',
  'Archers Post',
  'Doldol',
  'Rumuruti',
  'Merti',
  'Garba Tula',
  'Laisamis',
  'Kargi',
  'North Horr',
  'Ileret',
  'Turbi',
  'Sololo',
  'Mandera',
  'Rhamu',
  'Banissa',
  'Takaba',
  'Lafey',
  'El Wak',
  'Bute',
  'Buna',
  'Dadaab',
  'Liboi',
  'Ijara',
  'Masalani',
  'Kiunga',
  'Mokowe',
  'Witu',
  'Mpeketoni',
  'Garsen',
] as const

/** Building condition of a facility that exists. */
const buildingCondition = (rng: Rng, remote: number): Condition =>
  rng.weighted([
    ['good', 30 - remote * 12],
    ['fair', 40],
    ['poor', 24 + remote * 10],
    ['impassable', 2 + remote * 4],
  ])

export function buildFacilities(
  geo: Geo,
  towns: readonly Town[],
  admin: readonly AdminUnit[],
  borderPosts: readonly BorderPost[],
  rng: Rng,
): Feature<Point>[] {
  const out: Feature<Point>[] = []
  const unique = uniqueNamer()
  const townAt = new Map(towns.map((t) => [t.name, t.at]))
  const remoteAt = (p: LonLat) => REMOTENESS[geo.countyAt(p)?.code ?? '023']!
  const add = (
    name: string,
    kind: Kind,
    at: LonLat,
    o: {
      status?: Status
      condition?: Condition | null
      staff: number | null
      vehicles: number | null
      capacity?: number
      occupancy?: number
      digitised?: boolean
      lcu?: number
    },
  ) => {
    const status = o.status ?? 'operational'
    out.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: at },
      properties: {
        name: unique('facility', name),
        kind,
        status,
        condition:
          o.condition === undefined
            ? status === 'planned'
              ? null
              : buildingCondition(rng, remoteAt(at))
            : o.condition,
        capacity: kind === 'prison' ? o.capacity! : null,
        occupancy: kind === 'prison' ? o.occupancy! : null,
        digitised: kind === 'registration_centre' ? o.digitised! : null,
        live_capture_units: kind === 'registration_centre' ? o.lcu! : null,
        staff: status === 'planned' ? 0 : o.staff,
        vehicles: status === 'planned' ? 0 : o.vehicles,
      },
    })
  }
  const stationStatus = (remote: number): Status =>
    rng.weighted([
      ['operational', 94 - remote * 14],
      ['under_construction', 3 + remote * 8],
      ['planned', 1 + remote * 5],
      ['closed', 2],
    ])

  // ---- police stations: every town, then sub-county seats without one within 3 km ----
  const stations: LonLat[] = []
  for (const t of towns) {
    const at = geo.near(t.at, 0.4, rng)
    const remote = remoteAt(at)
    stations.push(at)
    add(`${t.name} Police Station`, 'police_station', at, {
      status: t.rank >= 2 ? 'operational' : stationStatus(remote),
      staff: t.rank === 3 ? rng.int(120, 300) : t.rank === 2 ? rng.int(60, 150) : rng.int(20, 70),
      vehicles: t.rank === 3 ? rng.int(4, 12) : t.rank === 2 ? rng.int(2, 6) : rng.int(0, 3),
    })
  }
  for (const u of admin.filter((a) => a.level === 'sub_county')) {
    if (stations.some((s) => approxKm(s, u.at) < 3)) continue
    const at = geo.near(u.at, 0.5, rng, u.county)
    stations.push(at)
    add(`${u.base} Police Station`, 'police_station', at, {
      status: stationStatus(REMOTENESS[u.county.code]!),
      staff: rng.int(20, 80),
      vehicles: rng.int(0, 4),
    })
  }

  // ---- police posts at locations: many where people are, few in the arid north ----
  const locations = admin.filter((a) => a.level === 'location')
  const postWeight = geo.counties.map((c) => POPULATION_K[c.code]! * (1 - 0.8 * REMOTENESS[c.code]!) ** 2)
  const postCounts = apportion(FACILITY_TARGETS.policePosts, postWeight, 2)
  geo.counties.forEach((county, i) => {
    const here = locations.filter((l) => l.county.code === county.code)
    // Active locations first (in random order), then inactive ones.
    const order = [...rng.shuffle(here.filter((l) => !l.inactive)), ...rng.shuffle(here.filter((l) => l.inactive))]
    const remote = REMOTENESS[county.code]!
    for (const loc of order.slice(0, postCounts[i]!)) {
      add(`${loc.base} Police Post`, 'police_post', geo.near(loc.at, 0.8, rng, county), {
        status: rng.weighted([
          ['operational', 88 - remote * 10],
          ['under_construction', 5 + remote * 6],
          ['planned', 4 + remote * 4],
          ['closed', 3],
        ]),
        staff: rng.int(3, 15),
        vehicles: rng.chance(0.35 - remote * 0.15) ? 1 : 0,
      })
    }
  })

  // ---- APS camps ----
  for (const name of APS_TOWNS) {
    const at = geo.near(townAt.get(name)!, 2.5, rng)
    add(`${name} APS Camp`, 'aps_camp', at, {
      status: rng.weighted([
        ['operational', 80],
        ['under_construction', 10],
        ['planned', 10],
      ]),
      staff: rng.int(30, 120),
      vehicles: rng.int(1, 5),
    })
  }

  // ---- border police posts, beside the border posts ----
  for (const bp of borderPosts) {
    const base = bp.name.replace(/ (One Stop Border Post|Border Post|Crossing Point)$/, '')
    add(`${base} Border Police Post`, 'border_police_post', geo.near(bp.placed, 1, rng), {
      status:
        bp.status === 'planned' ? 'planned' : bp.status === 'not_operational' ? 'under_construction' : 'operational',
      staff: rng.int(10, 45),
      vehicles: rng.int(0, 3),
    })
  }

  // ---- prisons: capacity and inmates apportioned to the report's totals ----
  const capacities = apportion(
    FACILITY_TARGETS.prisonCapacity,
    PRISONS.map(([, , w]) => w),
  )
  const crowding = PRISONS.map(
    ([name]) =>
      (name.includes('Women') ? 1.2 : name.includes('Borstal') || name.includes('Youth') ? 1.1 : 1.5) +
      rng.next() * 1.3,
  )
  const inmates = apportion(
    FACILITY_TARGETS.prisonInmates,
    capacities.map((c, i) => c * crowding[i]!),
  )
  PRISONS.forEach(([name, where], i) => {
    const at = typeof where === 'string' ? geo.near(townAt.get(where) ?? fail(where), 2.5, rng) : geo.nudgeInside(where)
    add(name, 'prison', at, {
      capacity: capacities[i]!,
      occupancy: inmates[i]!,
      staff: Math.round(capacities[i]! * (0.3 + rng.next() * 0.25)),
      vehicles: rng.int(1, 6),
      condition: rng.weighted([
        ['good', 10],
        ['fair', 35],
        ['poor', 45],
        ['impassable', 10],
      ]),
    })
  })

  // ---- registration centres: every sub-county seat, then the divisions (the most remote left without) ----
  const subCounties = admin.filter((a) => a.level === 'sub_county')
  const divisions = admin.filter((a) => a.level === 'division')
  const wantDivisions = FACILITY_TARGETS.registrationCentres - subCounties.length
  const rankedDivisions = divisions
    .map((d) => [1 - REMOTENESS[d.county.code]! + (d.inactive ? -0.6 : 0) + rng.next() * 0.8, d] as const)
    .sort((a, b) => b[0] - a[0] || a[1].id - b[1].id)
    .slice(0, wantDivisions)
    .map(([, d]) => d)
    .sort((a, b) => a.id - b.id)
  const centres = [...subCounties, ...rankedDivisions]
  // Digitised: the 463 best placed (urban, sub-county seats first); the other 882 still manual.
  const digitisedIds = new Set(
    centres
      .map(
        (u) =>
          [
            (1 - REMOTENESS[u.county.code]!) * 1.2 + (u.level === 'sub_county' ? 0.5 : 0) + rng.next() * 0.8,
            u,
          ] as const,
      )
      .sort((a, b) => b[0] - a[0] || a[1].id - b[1].id)
      .slice(0, FACILITY_TARGETS.registrationCentres - FACILITY_TARGETS.manualRegistrationCentres)
      .map(([, u]) => u.id),
  )
  for (const u of centres) {
    const digitised = digitisedIds.has(u.id)
    add(`${u.base} Registration Centre`, 'registration_centre', geo.near(u.at, 0.3, rng, u.county), {
      status: rng.weighted([
        ['operational', 96],
        ['under_construction', 2],
        ['closed', 2],
      ]),
      digitised,
      lcu: digitised
        ? rng.weighted([
            [1, 55],
            [2, 45],
          ])
        : 0,
      staff: u.level === 'sub_county' ? rng.int(3, 10) : rng.int(1, 4),
      vehicles: u.level === 'sub_county' && rng.chance(0.4) ? 1 : 0,
    })
  }

  // ---- IC3 centres and forensic laboratories ----
  const special: [string, Kind, string | LonLat, Status][] = [
    ['Nairobi IC3 Centre', 'ic3_centre', [36.822, -1.29], 'operational'],
    ['Mombasa IC3 Centre', 'ic3_centre', 'Mombasa', 'operational'],
    ['Kisumu IC3 Centre', 'ic3_centre', 'Kisumu', 'under_construction'],
    ['Nakuru IC3 Centre', 'ic3_centre', 'Nakuru', 'planned'],
    ['Eldoret IC3 Centre', 'ic3_centre', 'Eldoret', 'planned'],
    ['Garissa IC3 Centre', 'ic3_centre', 'Garissa', 'planned'],
    ['Government Chemist Laboratory, Nairobi', 'forensic_lab', [36.806, -1.297], 'operational'],
    ['DCI Forensic Laboratory, Nairobi', 'forensic_lab', [36.78, -1.265], 'operational'],
    ['Government Chemist Regional Laboratory, Mombasa', 'forensic_lab', 'Mombasa', 'operational'],
    ['Government Chemist Regional Laboratory, Kisumu', 'forensic_lab', 'Kisumu', 'operational'],
    ['Government Chemist Regional Laboratory, Eldoret', 'forensic_lab', 'Eldoret', 'planned'],
  ]
  for (const [name, kind, where, status] of special) {
    const at = typeof where === 'string' ? geo.near(townAt.get(where) ?? fail(where), 1.5, rng) : where
    add(name, kind, at, {
      status,
      staff: rng.int(15, 80),
      vehicles: rng.int(1, 6),
      condition:
        status === 'operational'
          ? rng.weighted([
              ['good', 2],
              ['fair', 2],
              ['poor', 1],
            ])
          : null,
    })
  }
  return out
}

function fail(what: string): never {
  throw new Error(`facilities: unknown town ${what}`)
}
