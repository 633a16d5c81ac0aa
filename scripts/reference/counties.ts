import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { MultiPolygon, Polygon } from 'geojson'
import { COUNTY_TABLE, findCountyByName, type CountyRow } from '../../contract/counties.ts'
import { REGIONS } from '../../contract/domains.ts'
import { checkPolygons } from './checks.ts'
import { fail, log } from './log.ts'
import type { PackageKey } from './packages.ts'
import { PARAMS } from './params.ts'
import { FINAL, rows, type Db } from './postgis.ts'

export interface CountyFeature {
  row: CountyRow
  geometry: MultiPolygon
}

export interface RegionFeature {
  region: (typeof REGIONS)[number]
  geometry: MultiPolygon
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

/** The 47 counties in the table's order, checked in PostGIS as the table final_counties (the regions read it). */
export async function buildCountyLayer(db: Db, dirs: Record<PackageKey, string>): Promise<CountyFeature[]> {
  const countyGeoms = await buildCounties(db, loadCounties(dirs.amcharts))
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
  return countyFeatures
}

/** The 8 regions in the contract's order. */
export async function buildRegionLayer(db: Db): Promise<RegionFeature[]> {
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
  return regionFeatures
}
