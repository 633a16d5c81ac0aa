import * as turf from '@turf/turf'
import type { MultiPolygon } from 'geojson'
import { COUNTY_TABLE, type CountyRow } from '../../contract/counties.ts'
import type { AirstripOut } from './airstrips.ts'
import { fail, log } from './log.ts'
import { PACKAGES } from './packages.ts'
import { PARAMS } from './params.ts'
import type { PlaceOut } from './places.ts'
import { rows, type Db } from './postgis.ts'

/** The contract's region list and the table here must agree. */
export function checkCountyTable() {
  if (COUNTY_TABLE.length !== 47 || new Set(COUNTY_TABLE.map((c) => c.iso_code)).size !== 47)
    fail('county table must have 47 distinct rows')
}

/** Loads the geometries back from the GeoJSON text exactly as the seed loader does, and checks them in PostGIS. */
export async function checkPolygons(
  db: Db,
  table: string,
  keyed: { key: string; geometry: MultiPolygon; region?: string }[],
) {
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

/** Hard requirement: each county's interior point lies in its own region and in no other. */
export function checkCountiesInRegions(
  counties: { row: CountyRow; geometry: MultiPolygon }[],
  regions: { region: { code: string }; geometry: MultiPolygon }[],
) {
  for (const { row, geometry } of counties) {
    const p = turf.pointOnFeature(turf.feature(geometry))
    for (const { region, geometry: rg } of regions) {
      const inside = turf.booleanPointInPolygon(p, turf.feature(rg))
      if (inside !== (region.code === row.region_code)) {
        fail(
          `interior point of ${row.name} (${p.geometry.coordinates.join(', ')}) ${inside ? 'is' : 'is not'} inside region ${region.code}`,
        )
      }
    }
  }
  log('  every county interior point lies in its own region only')
}

export function checkAirstrips(airstrips: AirstripOut[]) {
  if (airstrips.length !== 277)
    fail(`expected 277 Kenyan OurAirports records in ${PACKAGES.airports.spec}, got ${airstrips.length}`)
  if (new Set(airstrips.map((a) => a.ident)).size !== airstrips.length) fail('airstrip idents are not unique')
}

/** Points against the outline: warnings only, the outline is small-scale Natural Earth. */
export async function warnOutsideOutline(db: Db, airstrips: AirstripOut[], places: PlaceOut[]) {
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
}
