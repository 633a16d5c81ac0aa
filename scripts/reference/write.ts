import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { MultiPolygon, Point } from 'geojson'
import type { AirstripOut } from './airstrips.ts'
import type { CountyFeature, RegionFeature } from './counties.ts'
import { featureCollectionText } from './geojson.ts'
import { log } from './log.ts'
import { PACKAGES, type PackageKey } from './packages.ts'
import type { PlaceOut } from './places.ts'

const OUT_DIR = fileURLToPath(new URL('../../data/reference/', import.meta.url))

export interface Layers {
  countryGeom: MultiPolygon
  regionFeatures: RegionFeature[]
  countyFeatures: CountyFeature[]
  places: PlaceOut[]
  airstrips: AirstripOut[]
}

/** The five layers and the two licences that must travel with them, into data/reference/. */
export function writeReference(
  dirs: Record<PackageKey, string>,
  { countryGeom, regionFeatures, countyFeatures, places, airstrips }: Layers,
) {
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
}
