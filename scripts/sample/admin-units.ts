// Sample gazetted administrative units, nested sub_county → division → location → sub_location, in the proportions
// of the national forum report: 412 sub-counties, 995 divisions and 4,003 locations in full, and a scaled-down 2,000
// of the 9,112 sub-locations. 4,571 of the report's 14,522 units are inactive (31.5%); the same share of the units
// generated here is inactive, concentrated in the arid and remote counties, and inactive units mostly have no office,
// staff or motorcycles. Units are points (the office, or where it would be); each child lies in its parent's county,
// near the parent. Sub-county seats are put at real towns and GeoNames places where the county has enough of them.

import type { Feature, Point } from 'geojson'
import type { ADMIN_LEVELS, CONDITIONS } from '../../contract/domains.ts'
import { POPULATION_K, REMOTENESS, type County, type Geo, type LonLat } from './geo.ts'
import { approxKm, uniqueNamer, type Names } from './names.ts'
import { apportion, type Rng } from './random.ts'

// The sample has the provincial administration's chain only: no wards.
type Level = Exclude<(typeof ADMIN_LEVELS)[number], 'ward'>

export const ADMIN_TARGETS: readonly { level: Level; count: number; label: string }[] = [
  { level: 'sub_county', count: 412, label: 'Sub-County' },
  { level: 'division', count: 995, label: 'Division' },
  { level: 'location', count: 4003, label: 'Location' },
  { level: 'sub_location', count: 2000, label: 'Sub-location' },
]
/** The report's totals: 4,571 inactive of 412 + 995 + 4,003 + 9,112 gazetted units. */
export const REPORT_INACTIVE_SHARE = 4571 / (412 + 995 + 4003 + 9112)
/** Share of each level's units that is inactive, before the remainder goes to sub-locations. */
const INACTIVE_SHARE: Partial<Record<Level, number>> = { sub_county: 0.01, division: 0.22, location: 0.33 }

export interface AdminUnit {
  id: number
  name: string
  /** Name without the level word, e.g. "Lodwar North-East". */
  base: string
  level: Level
  parentId: number | null
  county: County
  at: LonLat
  inactive: boolean
}

export interface AdminResult {
  units: AdminUnit[]
  features: Feature<Point>[]
}

/**
 * How many units of a level each county gets: by population, concavely (population^0.6: a city has fewer units per
 * head than a rural county, as with the real 17 sub-counties of Nairobi and 7 of Turkana), plus a little by area.
 */
function countyWeight(c: County, totalPow: number, totalArea: number): number {
  return 0.95 * (POPULATION_K[c.code]! ** 0.6 / totalPow) + 0.05 * (c.areaKm2 / totalArea)
}

export function buildAdminUnits(geo: Geo, names: Names, rng: Rng): AdminResult {
  const totalPow = Object.values(POPULATION_K).reduce((a, b) => a + b ** 0.6, 0)
  const totalArea = geo.counties.reduce((a, c) => a + c.areaKm2, 0)
  const weight = new Map(geo.counties.map((c) => [c.code, countyWeight(c, totalPow, totalArea)]))
  const unique = uniqueNamer()
  const units: AdminUnit[] = []
  let nextId = 1

  const nameUnit = (at: LonLat, county: County, level: Level, label: string, townshipKm: number) => {
    // The first free name at this level in this county (sub-counties: in the country) among the forms built on the
    // nearest places: "Place", "Place North-East", "Upper Place", "Lower Place", "Place Central"; then numerals.
    const scope = `${level}|${level === 'sub_county' ? 'KE' : county.code}`
    const cands = names.candidates(at, county.code, 6, townshipKm)
    const nearestKm = cands[0]!.km
    const forms = cands
      .filter((c) => c.km <= Math.max(40, nearestKm * 2))
      .flatMap((c) => [
        c.qualifier ? `${c.base} ${c.qualifier}` : c.base,
        `Upper ${c.base}`,
        `Lower ${c.base}`,
        `${c.base} Central`,
      ])
    const free = forms.find((n) => !used.has(`${scope}|${n}`)) ?? forms[0]!
    used.add(`${scope}|${free}`)
    const base = unique(scope, free)
    return { base, name: `${base} ${label}` }
  }
  const used = new Set<string>()

  // ---- sub-counties: seats at towns/places first, the rest spread out by best-candidate sampling ----
  const scCounts = apportion(
    412,
    geo.counties.map((c) => weight.get(c.code)!),
    2,
  )
  geo.counties.forEach((county, ci) => {
    const n = scCounts[ci]!
    const seats: LonLat[] = []
    const placesHere = names.places.filter((p) => p.county === county.code)
    for (const p of placesHere) {
      if (seats.length >= Math.ceil(n * 0.7)) break
      if (seats.every((s) => approxKm(s, p.at) > 8)) seats.push(geo.near(p.at, 0.3, rng, county))
    }
    while (seats.length < n) seats.push(bestCandidate(seats, () => geo.randomIn(county, rng)))
    for (const at of seats) {
      const { base, name } = nameUnit(at, county, 'sub_county', 'Sub-County', 4)
      units.push({ id: nextId++, name, base, level: 'sub_county', parentId: null, county, at, inactive: false })
    }
  })

  // ---- divisions, locations, sub-locations: near the parent, spread among siblings ----
  for (const { level, count, label } of ADMIN_TARGETS.slice(1)) {
    const parentLevel = ADMIN_TARGETS[ADMIN_TARGETS.findIndex((t) => t.level === level) - 1]!.level
    const parents = units.filter((u) => u.level === parentLevel)
    const parentsPerCounty = new Map<string, number>()
    for (const p of parents) parentsPerCounty.set(p.county.code, (parentsPerCounty.get(p.county.code) ?? 0) + 1)
    // Sub-locations are a sample: not every location gets one, so no minimum there.
    const perParent = apportion(
      count,
      parents.map((p) => weight.get(p.county.code)! / parentsPerCounty.get(p.county.code)!),
      level === 'sub_location' ? 0 : 1,
    )
    const countyTotals = new Map<string, number>()
    parents.forEach((p, i) => countyTotals.set(p.county.code, (countyTotals.get(p.county.code) ?? 0) + perParent[i]!))
    const placed = new Map<string, LonLat[]>()
    parents.forEach((parent, i) => {
      const county = parent.county
      // Spread: half the typical spacing of this level's units in the county.
      const sd = 0.5 * Math.sqrt(county.areaKm2 / Math.max(1, countyTotals.get(county.code)!))
      const siblings = placed.get(county.code) ?? []
      placed.set(county.code, siblings)
      for (let k = 0; k < perParent[i]!; k++) {
        const at = bestCandidate(siblings, () => geo.near(parent.at, sd, rng, county))
        siblings.push(at)
        const { base, name } = nameUnit(at, county, level, label, level === 'division' ? 3 : 1.5)
        units.push({ id: nextId++, name, base, level, parentId: parent.id, county, at, inactive: false })
      }
    })
  }

  // ---- inactive units: the most remote first (with noise), more likely under an inactive parent ----
  const target = Math.round(units.length * REPORT_INACTIVE_SHARE)
  let assigned = 0
  const byId = new Map(units.map((u) => [u.id, u]))
  for (const { level } of ADMIN_TARGETS) {
    const ofLevel = units.filter((u) => u.level === level)
    const want = level === 'sub_location' ? target - assigned : Math.round(ofLevel.length * INACTIVE_SHARE[level]!)
    const scored = ofLevel.map((u) => {
      const parentInactive = u.parentId !== null && byId.get(u.parentId)!.inactive
      return [REMOTENESS[u.county.code]! * 0.45 + (parentInactive ? 0.1 : 0) + rng.next(), u] as const
    })
    scored.sort((a, b) => b[0] - a[0] || a[1].id - b[1].id)
    for (const [, u] of scored.slice(0, want)) u.inactive = true
    assigned += want
  }

  const STAFF: Record<Level, [number, number]> = {
    sub_county: [8, 30],
    division: [3, 10],
    location: [1, 5],
    sub_location: [1, 2],
  }
  const MOTOS: Record<Level, [number, number]> = {
    sub_county: [1, 5],
    division: [0, 3],
    location: [0, 2],
    sub_location: [0, 1],
  }
  const features: Feature<Point>[] = units.map((u) => {
    let hasOffice: boolean, staff: number, motorcycles: number, condition: (typeof CONDITIONS)[number] | null
    if (u.inactive) {
      hasOffice = rng.chance(0.1)
      staff = rng.chance(0.15) ? 1 : 0
      motorcycles = 0
      condition = hasOffice
        ? rng.weighted([
            ['poor', 7],
            ['fair', 2],
            ['impassable', 1],
          ])
        : null
    } else {
      const remote = REMOTENESS[u.county.code]!
      hasOffice = u.level === 'sub_county' || rng.chance(0.92 - remote * 0.3)
      staff = rng.int(...STAFF[u.level])
      motorcycles = rng.chance(0.75 - remote * 0.35) ? rng.int(...MOTOS[u.level]) : 0
      condition = hasOffice
        ? rng.weighted([
            ['good', 30],
            ['fair', 45],
            ['poor', 22],
            ['impassable', 3],
          ])
        : null
    }
    return {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: u.at },
      properties: {
        id: u.id,
        name: u.name,
        level: u.level,
        parent_id: u.parentId,
        gazetted: true,
        status: u.inactive ? 'inactive' : 'active',
        has_office: hasOffice,
        staff,
        motorcycles,
        condition,
      },
    }
  })
  return { units, features }
}

/** Of 6 candidate points, the one farthest from the points already placed (Mitchell's best-candidate sampling). */
function bestCandidate(placed: readonly LonLat[], sample: () => LonLat): LonLat {
  let best: LonLat | undefined
  let bestD = -1
  for (let i = 0; i < 6; i++) {
    const p = sample()
    let d = Infinity
    for (const q of placed) d = Math.min(d, approxKm(p, q))
    if (d > bestD) [best, bestD] = [p, d]
  }
  return best!
}
