// Plausible names for invented sample points: the nearest real place (a town of towns.ts, a GeoNames place of
// data/reference/places.geojson, or a locality of localities.ts) in the same county, qualified by direction
// ("Lodwar North-East").

import { readFileSync } from 'node:fs'
import type { Geo, LonLat } from './geo.ts'
import { LOCALITIES } from './localities.ts'
import type { Town } from './towns.ts'

export interface NamedPlace {
  name: string
  at: LonLat
  county: string
}

export interface Names {
  places: NamedPlace[]
  /** The nearest named place, in the given county when it has any. */
  nearest(p: LonLat, county?: string): { place: NamedPlace; km: number }
  /**
   * Names for p from its k nearest places in the county, nearest first: "Place" when within townshipKm of it, else
   * "Place North-East" (the direction from the place to p).
   */
  candidates(
    p: LonLat,
    county: string | undefined,
    k: number,
    townshipKm?: number,
  ): { base: string; qualifier: string; km: number }[]
}

/** Fast planar distance in km, good enough to rank neighbours at Kenya's latitudes. */
export const approxKm = (a: LonLat, b: LonLat) => Math.hypot((a[0] - b[0]) * 111.32, (a[1] - b[1]) * 110.57)

const COMPASS = ['North', 'North-East', 'East', 'South-East', 'South', 'South-West', 'West', 'North-West'] as const

/** Drops GeoNames entries that are not usable as names (estates, homesteads, settlement schemes, codes). */
const usable = (name: string) =>
  name.length >= 4 && !/home|estate|settlement|\b[A-Z]$|^Mai$|^Il$|^Baringo$|^Samburu$/i.test(name)

export function loadNames(placesPath: string, towns: readonly Town[], geo: Geo): Names {
  const fc = JSON.parse(readFileSync(placesPath, 'utf8')) as {
    features: { properties: { name: string }; geometry: { coordinates: LonLat } }[]
  }
  const places: NamedPlace[] = towns.map((t) => ({
    name: t.name,
    at: t.at,
    county: geo.countyAt(t.at)?.code ?? t.county,
  }))
  const taken = new Set(places.map((p) => p.name.toLowerCase()))
  for (const f of fc.features) {
    const name = f.properties.name.replace(/[’‘]/g, "'")
    const at = f.geometry.coordinates
    const county = geo.countyAt(at)?.code
    if (!county || !usable(name) || taken.has(name.toLowerCase())) continue
    // Not a second name for a town already listed (GeoNames "Lokichokio" for Lokichoggio).
    if (places.some((p) => approxKm(p.at, at) < 2)) continue
    taken.add(name.toLowerCase())
    places.push({ name, at, county })
  }
  for (const [name, at] of LOCALITIES) {
    const county = geo.countyAt(at)?.code
    if (!county || taken.has(name.toLowerCase()) || places.some((p) => approxKm(p.at, at) < 1)) continue
    taken.add(name.toLowerCase())
    places.push({ name, at, county })
  }
  const byCounty = new Map<string, NamedPlace[]>()
  for (const p of places) byCounty.set(p.county, [...(byCounty.get(p.county) ?? []), p])

  const nearest = (p: LonLat, county?: string) => {
    const pool = (county && byCounty.get(county)) || places
    let best = pool[0]!
    let bestKm = Infinity
    for (const q of pool) {
      const d = approxKm(p, q.at)
      if (d < bestKm) [best, bestKm] = [q, d]
    }
    return { place: best, km: bestKm }
  }
  const candidates = (p: LonLat, county: string | undefined, k: number, townshipKm = 3) => {
    const pool = (county && byCounty.get(county)) || places
    const ranked = pool
      .map((q) => [approxKm(p, q.at), q] as const)
      .sort((a, b) => a[0] - b[0] || a[1].name.localeCompare(b[1].name))
    return ranked.slice(0, k).map(([km, place]) => {
      if (km < townshipKm) return { base: place.name, qualifier: '', km }
      const angle = (Math.atan2((p[0] - place.at[0]) * 111.32, (p[1] - place.at[1]) * 110.57) * 180) / Math.PI
      return { base: place.name, qualifier: COMPASS[Math.round(((angle + 360) % 360) / 45) % 8]!, km }
    })
  }
  return { places, nearest, candidates }
}

/** Makes names unique within a scope by adding Roman numerals: "Kakuma West", "Kakuma West II", … */
export function uniqueNamer() {
  const seen = new Map<string, number>()
  return (scope: string, name: string): string => {
    const key = `${scope}|${name}`
    const n = (seen.get(key) ?? 0) + 1
    seen.set(key, n)
    return n === 1 ? name : `${name} ${roman(n)}`
  }
}

function roman(n: number): string {
  const table: [number, string][] = [
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ]
  let out = ''
  for (const [v, s] of table) while (n >= v) [out, n] = [out + s, n - v]
  return out
}
