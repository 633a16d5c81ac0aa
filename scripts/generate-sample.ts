// Generates the SAMPLE (invented) security assets in data/sample/*.geojson:
//
//   roads.geojson         connected network of road segments (trunk, secondary and security roads)
//   border_posts.geojson  the real border crossings, with sample status and condition
//   facilities.geojson    police stations and posts, APS camps, border police posts, prisons, registration centres,
//                         IC3 centres, forensic laboratories
//   admin_units.geojson   gazetted administrative units (sub-county → division → location → sub-location)
//   incidents.geojson     5,000 incidents over 24 months, clustered in the report's hotspots
//   airstrips.geojson     a few police landing sites and helipads
//   community_structures.geojson  community policing committees, Nyumba Kumi clusters, resident associations
//
// Usage: npm run data:sample   (= npx tsx scripts/generate-sample.ts)
//
// Real places (towns, border crossings, prison sites; approximate coordinates typed into scripts/sample/) anchor the
// invention; every attribute (condition, status, staffing, incidents) is made up and loads as source = 'sample'.
// Deterministic: a fixed-seed PRNG per layer, fixed dates, stable order, coordinates rounded to 5 decimals, so every
// run writes the same bytes. Reads data/reference/counties.geojson and places.geojson (npm run data:reference).
// Nothing is written unless every check passes: property values in the database's domains, every point in a county
// (border posts within 3 km), valid lines, one connected road network.

import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Feature } from 'geojson'
import * as D from '../contract/domains.ts'
import { buildAdminUnits } from './sample/admin-units.ts'
import { buildAirstrips } from './sample/airstrips.ts'
import { buildBorderPosts } from './sample/border-posts.ts'
import { buildCommunity } from './sample/community.ts'
import { buildFacilities } from './sample/facilities.ts'
import { loadGeo, roundPt, type LonLat } from './sample/geo.ts'
import { buildIncidents, PERIOD } from './sample/incidents.ts'
import { loadNames } from './sample/names.ts'
import { checkGeometry, checkProperties, countBy, networkStats, writeLayer, type Rule } from './sample/output.ts'
import { rngFor } from './sample/random.ts'
import { buildRoads } from './sample/roads.ts'
import { TOWNS } from './sample/towns.ts'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const REF = join(ROOT, 'data', 'reference')
const OUT = join(ROOT, 'data', 'sample')

for (const f of ['counties.geojson', 'places.geojson']) {
  if (!existsSync(join(REF, f))) throw new Error(`data/reference/${f} is missing: run npm run data:reference first`)
}
const geo = loadGeo(join(REF, 'counties.geojson'))

// Towns: the coordinates typed in, moved inland where the approximate outlines put a border town outside Kenya.
const towns = TOWNS.map((t) => ({ ...t, at: geo.nudgeInside(roundPt(t.at)) }))
const townByName = new Map(towns.map((t) => [t.name, t]))
if (townByName.size !== towns.length) throw new Error('duplicate town names')
const names = loadNames(join(REF, 'places.geojson'), towns, geo)

// ---- build ----
const roads = buildRoads(geo, townByName, rngFor('roads'))
const border = buildBorderPosts(geo, rngFor('border_posts'))
const admin = buildAdminUnits(geo, names, rngFor('admin_units'))
const facilities = buildFacilities(geo, towns, admin.units, border.posts, rngFor('facilities'))
const incidents = buildIncidents(geo, names, rngFor('incidents'))
const airstrips = buildAirstrips(
  geo,
  new Map(towns.map((t) => [t.name, t.at] as [string, LonLat])),
  rngFor('airstrips'),
)

// ---- check ----
const e = (values: readonly (string | number)[], nullable = false): Rule => ({ kind: 'enum', values, nullable })
const str: Rule = { kind: 'string' }
const strOrNull: Rule = { kind: 'string', nullable: true }
const bool: Rule = { kind: 'boolean' }
const count = (nullable = false, min = 0): Rule => ({ kind: 'int', min, nullable })
const condition = (nullable: boolean) => e(D.CONDITIONS, nullable)

const layers: {
  id: (typeof D.ASSET_COLLECTIONS)[number]
  features: Feature[]
  schema: Record<string, Rule>
  toleranceKm?: number
}[] = [
  {
    id: 'roads',
    features: roads.features,
    schema: {
      name: str,
      ref: strOrNull,
      road_class: e(D.ROAD_CLASSES),
      surface: e(D.ROAD_SURFACES),
      condition: condition(false),
      is_security_road: bool,
      corridor: strOrNull,
      status: e(D.ROAD_STATUSES),
    },
  },
  {
    id: 'border_posts',
    features: border.features,
    toleranceKm: 3,
    schema: {
      name: str,
      country: e(D.NEIGHBOUR_COUNTRIES),
      kind: e(D.BORDER_POST_KINDS),
      condition: condition(true),
      status: e(D.BORDER_POST_STATUSES),
    },
  },
  {
    id: 'facilities',
    features: facilities,
    schema: {
      name: str,
      kind: e(D.FACILITY_KINDS),
      status: e(D.FACILITY_STATUSES),
      condition: condition(true),
      capacity: count(true),
      occupancy: count(true),
      digitised: { kind: 'boolean', nullable: true },
      live_capture_units: count(true),
      staff: count(true),
      vehicles: count(true),
    },
  },
  {
    id: 'admin_units',
    features: admin.features,
    schema: {
      id: count(false, 1),
      name: str,
      level: e(D.ADMIN_LEVELS),
      parent_id: count(true, 1),
      gazetted: bool,
      status: e(D.ADMIN_STATUSES),
      has_office: bool,
      staff: count(),
      motorcycles: count(),
      condition: condition(true),
    },
  },
  {
    id: 'incidents',
    features: incidents,
    schema: {
      name: str,
      occurred_at: { kind: 'timestamp' },
      theme: e(D.INCIDENT_THEMES),
      severity: { kind: 'int', min: 1, max: 5 },
      fatalities: count(),
      description: strOrNull,
      verified: bool,
      status: e(D.INCIDENT_STATUSES),
    },
  },
  {
    id: 'airstrips',
    features: airstrips,
    schema: {
      name: str,
      kind: e(D.AIRSTRIP_KINDS),
      ident: strOrNull,
      iata_code: strOrNull,
      surface: e(D.AIRSTRIP_SURFACES, true),
      runway_length_m: count(true, 1),
      elevation_m: { kind: 'int', nullable: true },
      condition: condition(true),
      status: e(D.AIRSTRIP_STATUSES),
    },
  },
]

const problems: string[] = []
for (const l of layers)
  problems.push(
    ...checkProperties(l.id, l.features, l.schema),
    ...checkGeometry(l.id, l.features, geo, l.toleranceKm ?? 0),
  )

// Facility kind-specific attributes (the database's CHECK constraints).
for (const f of facilities) {
  const p = f.properties as Record<string, unknown>
  if (p.kind !== 'prison' && (p.capacity !== null || p.occupancy !== null))
    problems.push(`facility ${p.name}: capacity/occupancy on a non-prison`)
  if (p.kind !== 'registration_centre' && (p.digitised !== null || p.live_capture_units !== null))
    problems.push(`facility ${p.name}: registration fields on ${p.kind}`)
  if (p.kind === 'prison' && (p.capacity === null || p.occupancy === null))
    problems.push(`facility ${p.name}: prison without capacity/occupancy`)
  if (p.kind === 'registration_centre' && (p.digitised === null || p.live_capture_units === null))
    problems.push(`facility ${p.name}: registration centre without digitised/live capture units`)
}
// Admin units: ids 1..N, parents exist, come first, are one level up and in the same county.
const unitById = new Map(admin.units.map((u) => [u.id, u]))
admin.units.forEach((u, i) => {
  if (u.id !== i + 1) problems.push(`admin unit ${u.name}: id ${u.id} at position ${i + 1}`)
  const parent = u.parentId === null ? undefined : unitById.get(u.parentId)
  if ((u.level === 'sub_county') !== (u.parentId === null))
    problems.push(`admin unit ${u.name}: parent_id ${u.parentId} on a ${u.level}`)
  if (parent && (parent.id >= u.id || D.ADMIN_LEVELS.indexOf(parent.level) !== D.ADMIN_LEVELS.indexOf(u.level) - 1))
    problems.push(`admin unit ${u.name}: bad parent ${parent.name}`)
  if (parent && geo.countyAt(u.at)?.code !== geo.countyAt(parent.at)?.code)
    problems.push(`admin unit ${u.name}: not in its parent's county`)
})
// Incidents: inside the 24 months.
const first = new Date(Date.UTC(PERIOD.startYear, PERIOD.startMonth, 1)).toISOString().replace('.000Z', 'Z')
const end = new Date(Date.UTC(PERIOD.startYear, PERIOD.startMonth + PERIOD.months, 1))
  .toISOString()
  .replace('.000Z', 'Z')
for (const f of incidents) {
  const t = (f.properties as { occurred_at: string }).occurred_at
  if (t < first || t >= end) problems.push(`incident at ${t} outside ${first} … ${end}`)
}
// Roads: one connected network.
const net = networkStats(roads.features)
if (net.largestShare < 0.95)
  problems.push(`road network: largest component holds only ${(net.largestShare * 100).toFixed(1)}% of the nodes`)

if (problems.length) {
  console.error(problems.slice(0, 40).join('\n'))
  throw new Error(`${problems.length} problems: nothing written`)
}

// ---- write and report ----
mkdirSync(OUT, { recursive: true })
let totalBytes = 0
for (const l of layers) {
  const bytes = writeLayer(join(OUT, `${l.id}.geojson`), l.id, l.features)
  totalBytes += bytes
  console.log(
    `${`${l.id}.geojson`.padEnd(22)} ${String(l.features.length).padStart(6)} features ${(bytes / 1024).toFixed(0).padStart(6)} KiB`,
  )
}
// Community structures are no asset collection (no status, no version): written beside the layers, after them, so
// adding them changed none of the other layers' random streams.
const community = buildCommunity(towns, rngFor('community_structures'))
totalBytes += writeLayer(join(OUT, 'community_structures.geojson'), 'community_structures', community)
console.log(`community_structures.geojson ${community.length} features`)
console.log(`total ${(totalBytes / 1024 / 1024).toFixed(2)} MiB`)
console.log(
  `roads: ${net.segments} segments, ${net.km} km, ${net.nodes} nodes, ${net.components} component(s), largest ${(net.largestShare * 100).toFixed(1)}%; ${roads.repairedVertices} wiggle vertices pulled back inside Kenya`,
)
const pct = (n: number, d: number) => `${n} (${Math.round((n / d) * 100)}%)`
const prisons = facilities
  .filter((f) => f.properties!.kind === 'prison')
  .map((f) => f.properties as { capacity: number; occupancy: number })
const regs = facilities
  .filter((f) => f.properties!.kind === 'registration_centre')
  .map((f) => f.properties as { digitised: boolean })
const inactive = admin.units.filter((u) => u.inactive).length
console.log(
  `prisons: ${prisons.length}, capacity ${prisons.reduce((a, p) => a + p.capacity, 0)}, occupancy ${prisons.reduce((a, p) => a + p.occupancy, 0)}`,
)
console.log(`registration centres: ${regs.length}, manual ${regs.filter((r) => !r.digitised).length}`)
console.log(`admin units: inactive ${pct(inactive, admin.units.length)}`)
const detail: [string, Feature[], string[]][] = [
  ['roads by class', roads.features, ['road_class']],
  ['roads by status', roads.features, ['status']],
  ['roads by condition', roads.features, ['condition']],
  ['roads by corridor', roads.features, ['corridor']],
  ['border posts by kind/status', border.features, ['kind', 'status']],
  ['facilities by kind', facilities, ['kind']],
  ['facilities by status', facilities, ['status']],
  ['admin units by level/status', admin.features, ['level', 'status']],
  ['incidents by theme', incidents, ['theme']],
  ['incidents by status', incidents, ['status']],
  ['airstrips by kind/status', airstrips, ['kind', 'status']],
]
for (const [title, fs, keys] of detail) console.log(`${title}: ${JSON.stringify(countBy(fs, ...keys))}`)
