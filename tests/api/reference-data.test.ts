import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { findCountyByName } from '../../contract/counties.ts'
import { useApp } from '../support/use-app.ts'
import { SHARED_DATA } from '../support/shared-data.ts'

// The reference layers checked against each other and, when present, against independent public data in
// ../shared/data (IEBC county boundaries, OurAirports). Those files are never copied into the project.

const IEBC = join(SHARED_DATA, 'ke_counties_iebc.geojson')
const AIRPORTS = join(SHARED_DATA, 'ke_airports_ourairports.geojson')

const app = useApp()

describe('reference geography', () => {
  it('places each county in exactly one of the 8 regions, its interior point inside its own region', async () => {
    const r = await app.db.query<{ code: string; own: boolean; others: number }>(`
      SELECT c.code,
             ST_Within(ST_PointOnSurface(c.geom), r.geom) AS own,
             (SELECT count(*) FROM regions o WHERE o.code <> c.region_code AND ST_Within(ST_PointOnSurface(c.geom), o.geom)) AS others
      FROM counties c JOIN regions r ON r.code = c.region_code`)
    expect(r.rows).toHaveLength(47)
    expect(r.rows.filter((x) => !x.own || x.others > 0)).toEqual([])
  })

  it('uses the government county codes and ISO 3166-2:KE codes', async () => {
    const r = await app.db.query<{ code: string; iso_code: string; name: string; region_code: string }>(
      "SELECT code, iso_code, name, region_code FROM counties WHERE code IN ('001', '023', '047') ORDER BY code",
    )
    expect(r.rows).toEqual([
      { code: '001', iso_code: 'KE-28', name: 'Mombasa', region_code: 'coast' },
      { code: '023', iso_code: 'KE-43', name: 'Turkana', region_code: 'rift_valley' },
      { code: '047', iso_code: 'KE-30', name: 'Nairobi', region_code: 'nairobi' },
    ])
  })

  it('has every polygon valid', async () => {
    const r = await app.db.query<{ n: number }>(
      'SELECT (SELECT count(*) FROM counties WHERE NOT ST_IsValid(geom)) + (SELECT count(*) FROM regions WHERE NOT ST_IsValid(geom)) AS n',
    )
    expect(r.rows[0]!.n).toBe(0)
  })
})

describe.skipIf(!existsSync(IEBC))('counties against the IEBC boundaries (../shared/data)', () => {
  it('matches at least 44 of 47 by interior point and area within 20 %', async () => {
    const iebc = JSON.parse(readFileSync(IEBC, 'utf8')) as {
      features: { properties: { county_name: string }; geometry: unknown }[]
    }
    expect(iebc.features).toHaveLength(47)
    const outliers: string[] = []
    for (const f of iebc.features) {
      const county = findCountyByName(f.properties.county_name)
      if (!county) {
        outliers.push(`${f.properties.county_name}: no county of that name`)
        continue
      }
      const r = await app.db.query<{ inside: boolean; ratio: number }>(
        `WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON($1), 4326) AS g)
         SELECT ST_Within(ST_PointOnSurface(g.g), c.geom) AS inside, ST_Area(c.geom::geography) / ST_Area(g.g::geography) AS ratio
         FROM g, counties c WHERE c.code = $2`,
        [JSON.stringify(f.geometry), county.code],
      )
      const row = r.rows[0]!
      if (!row.inside || Math.abs(row.ratio - 1) > 0.2)
        outliers.push(`${county.name}: inside=${row.inside} area ratio=${row.ratio.toFixed(2)}`)
    }
    console.log(`IEBC check: ${47 - outliers.length}/47 match; outliers: ${outliers.join('; ') || 'none'}`)
    expect(outliers.length).toBeLessThanOrEqual(3)
  })
})

describe.skipIf(!existsSync(AIRPORTS))('airstrips against OurAirports (../shared/data)', () => {
  it('holds every Kenyan OurAirports record, each within Kenya', async () => {
    const fc = JSON.parse(readFileSync(AIRPORTS, 'utf8')) as {
      features: { properties: { ident: string }; geometry: { coordinates: number[] } }[]
    }
    const r = await app.db.query<{ ident: string; inside: boolean }>(
      `SELECT a.ident, ST_DWithin(a.geom, o.geom, 0.05) AS inside FROM airstrips a, country_outline o WHERE a.ident = ANY($1::text[])`,
      [fc.features.map((f) => f.properties.ident)],
    )
    expect(r.rows).toHaveLength(fc.features.length)
    expect(r.rows.filter((x) => !x.inside)).toEqual([])
  })
})
