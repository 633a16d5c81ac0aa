import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import type { Feature, MultiPolygon, Polygon } from 'geojson'
import { checkPolygons } from './checks.ts'
import { fail } from './log.ts'
import type { PackageKey } from './packages.ts'
import { FINAL, rows, type Db } from './postgis.ts'

interface TopoJsonClient {
  feature(topology: unknown, object: unknown): Feature<Polygon | MultiPolygon>
}

function loadCountry(worldAtlasDir: string, topojsonDir: string): Feature<Polygon | MultiPolygon> {
  const topojson = createRequire(import.meta.url)(join(topojsonDir, 'dist/topojson-client.js')) as TopoJsonClient
  const topology = JSON.parse(readFileSync(join(worldAtlasDir, 'countries-10m.json'), 'utf8')) as {
    objects: { countries: { geometries: { id?: string; properties?: { name?: string } }[] } }
  }
  const matches = topology.objects.countries.geometries.filter((g) => g.properties?.name === 'Kenya')
  if (matches.length !== 1 || matches[0]?.id !== '404')
    fail(`world-atlas: expected one Kenya (id 404), found ${matches.length}`)
  return topojson.feature(topology, matches[0])
}

async function buildCountry(db: Db, country: Feature<Polygon | MultiPolygon>): Promise<MultiPolygon> {
  await db.exec('CREATE TABLE country (g geometry)')
  await db.query(
    `INSERT INTO country SELECT ${FINAL("ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 'method=structure'), 3)")}`,
    [JSON.stringify(country.geometry)],
  )
  const [r] = await rows<{ j: string }>(db, 'SELECT ST_AsGeoJSON(g, 5) j FROM country')
  return JSON.parse(r!.j) as MultiPolygon
}

/** Kenya's outline, checked in PostGIS as the table final_country (the point checks use it). */
export async function buildCountryLayer(db: Db, dirs: Record<PackageKey, string>): Promise<MultiPolygon> {
  const geometry = await buildCountry(db, loadCountry(dirs.worldAtlas, dirs.topojsonClient))
  await checkPolygons(db, 'final_country', [{ key: 'KE', geometry }])
  return geometry
}
