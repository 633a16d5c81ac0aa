import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import type { Client } from '../support/app.ts'
import { useApp } from '../support/use-app.ts'

// Statistics below the county: a user loads sub-county boundaries from their own file into admin_units (the invented
// 3 × 2 grid of squares in Turkana of tests/fixtures), imports a stats file at sub-county level whose names match by
// code or any spelling (an unknown name reported), and draws the choropleth, hot spots and tiles on those units.
// Rollback undoes the statistics, and the boundaries only once no statistics use them.

const fixture = (name: string) => new Uint8Array(readFileSync(join(import.meta.dirname, '..', 'fixtures', name)))
const UNITS = fixture('subcounties-turkana-invented.geojson')
const STATS = fixture('stats-subcounty-turkana-invented.csv')
const CODES = ['TST-01', 'TST-02', 'TST-03', 'TST-04', 'TST-05', 'TST-06']

const app = useApp('admin', 'commissioner.rift', 'viewer')

async function upload(client: Client, collection: string, filename: string, content: Uint8Array | string) {
  const form = new FormData()
  form.set('collection', collection)
  form.set('file', new File([typeof content === 'string' ? content : new Uint8Array(content)], filename))
  return client.json('/api/imports', { method: 'POST', body: form })
}

const byCode = (period: any) => Object.fromEntries(period.values.map((v: any) => [v.code, v]))

let unitsBatch: number
let statsBatch: number

beforeAll(async () => {
  // Only the figures of this test in this copy of the database.
  await app.db.query('DELETE FROM incident_stat_rows')
})

describe('sub-county statistics', () => {
  it('imports sub-county boundaries as polygons into admin_units, each in its county', async () => {
    const up = await upload(app.admin, 'admin_units', 'subcounties.geojson', UNITS)
    expect(up.status).toBe(201)
    expect(up.body.mapping).toMatchObject({ code: 'code', name: 'name', level: 'level', population: 'population' })
    expect(up.body.report).toMatchObject({ valid: 6, invalid: 0 })
    const done = await app.admin.send('POST', `/api/imports/${up.body.id}/commit`, {})
    expect(done.status).toBe(200)
    expect(done.body.result).toMatchObject({ inserted: 6 })
    unitsBatch = up.body.id
    const units = await app.db.query(
      `SELECT code, level, county_code, population, ST_GeometryType(boundary) AS boundary, ST_GeometryType(geom) AS point,
              ST_Within(geom, boundary) AS inside
       FROM admin_units WHERE import_batch_id = $1 ORDER BY code`,
      [up.body.id],
    )
    expect(units.rows.map((u: any) => u.code)).toEqual(CODES)
    for (const u of units.rows)
      expect(u).toMatchObject({
        level: 'sub_county',
        county_code: '023',
        boundary: 'ST_MultiPolygon',
        point: 'ST_Point',
        inside: true,
      })
    expect(units.rows.map((u: any) => u.population)).toEqual([52000, 61000, null, 48000, 70500, 39000])
  })

  it('matches sub-county names by code or spelling at the file level, reports the unknown one, and commits', async () => {
    const up = await upload(app.admin, 'incident_stats', 'subcounty-monthly.csv', STATS)
    expect(up.status).toBe(201)
    expect(up.body.mapping).toMatchObject({ subcounty: 'area', month: 'period', count: 'events', deaths: 'fatalities' })
    const mapped = await app.admin.send('PUT', `/api/imports/${up.body.id}/mapping`, {
      mapping: up.body.mapping,
      fixed: { area_level: 'sub_county' },
    })
    expect(mapped.status).toBe(200)
    expect(mapped.body.report).toMatchObject({ valid: 8, invalid: 1 })
    expect(mapped.body.report.unmapped).toEqual([{ field: 'area', source: 'Nowhere Sub-County', rows: 1 }])
    expect(mapped.body.report.errors).toEqual([
      { row: 9, field: 'area', message: 'no sub-county is known as "Nowhere Sub-County"' },
    ])
    const suggested = Object.fromEntries(mapped.body.values.area.map((v: any) => [v.source, v.suggested]))
    expect(suggested).toEqual({
      'Fixture North-West': 'TST-01',
      'FIXTURE NORTH SUB COUNTY': 'TST-02',
      'Fixture North': 'TST-02',
      'TST-03': 'TST-03',
      'Fixture South-West Sub-County': 'TST-04',
      'fixture south': 'TST-05',
      'Fixture South-East': 'TST-06',
      'Nowhere Sub-County': null,
    })

    const refused = await app.admin.send('POST', `/api/imports/${up.body.id}/commit`, {})
    expect(refused.status).toBe(422)
    expect(refused.body.error.message).toMatch(/area "Nowhere Sub-County" \(1 row\)/)
    // A county code is no sub-county: the recode is checked against the units of the file's level.
    const wrong = await app.admin.send('POST', `/api/imports/${up.body.id}/commit`, {
      recode: { area: { 'Nowhere Sub-County': '023' } },
    })
    expect(wrong.status).toBe(422)

    const done = await app.admin.send('POST', `/api/imports/${up.body.id}/commit`, {
      recode: { area: { 'Nowhere Sub-County': 'TST-06' } },
    })
    expect(done.status).toBe(200)
    expect(done.body.result).toMatchObject({ inserted: 9 })
    statsBatch = up.body.id

    const items = await app.admin.json('/ogc/collections/incident_stats/items?area=TST-02&period_start=2024-01-01')
    expect(items.status).toBe(200)
    expect(items.body.features).toHaveLength(1)
    expect(items.body.features[0].geometry.type).toBe('MultiPolygon')
    expect(items.body.features[0].properties).toMatchObject({
      area_level: 'sub_county',
      area_code: 'TST-02',
      area_name: 'Fixture North Sub-County',
      county_code: '023',
      region_code: 'rift_valley',
      events: 9,
      fatalities: 2,
    })
  })

  it('draws the choropleth on the sub-counties, with rates where a population is known', async () => {
    const res = await app.admin.json('/api/incident-stats/areas?level=sub_county&granularity=month')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ level: 'sub_county', levels: ['county', 'sub_county'], period_kind: 'month' })
    // Only units with a boundary: the sample's sub-counties are points.
    expect(res.body.features.map((f: any) => f.id)).toEqual(CODES)
    expect(res.body.features[0]).toMatchObject({
      geometry: { type: 'MultiPolygon' },
      properties: { name: 'Fixture North-West Sub-County', level: 'sub_county', county_code: '023', population: 52000 },
    })
    expect(res.body.period_starts).toEqual(['2024-01-01', '2024-02-01'])
    const jan = byCode(res.body.periods[0])
    expect(
      Object.fromEntries(Object.entries(jan).map(([k, v]: any) => [k, [v.events, v.fatalities, v.events_per_100k]])),
    ).toEqual({
      // 4 per 52,000 people = 7.692 per 100,000; TST-03 has no population, so no rate.
      'TST-01': [4, 1, 7.692],
      'TST-02': [9, 2, 14.754],
      'TST-03': [2, 0, null],
      'TST-04': [1, 0, 2.083],
      'TST-05': [12, 3, 17.021],
      'TST-06': [0, 0, 0],
    })
    expect(Object.fromEntries(res.body.periods[1].values.map((v: any) => [v.code, v.events]))).toEqual({
      'TST-01': 6,
      'TST-02': 11,
      'TST-06': 3,
    })
    expect(res.body.population_unknown).toEqual(['TST-03'])

    // The county level does not sum the sub-county figures (a county file may give them already).
    const county = await app.admin.json('/api/incident-stats/areas?granularity=month&county=023')
    expect(county.body).toMatchObject({ level: 'county', periods: [] })

    // Scoped by the county the unit lies in.
    const rift = await app.commissionerRift.json('/api/incident-stats/areas?level=sub_county')
    expect(rift.body.features).toHaveLength(6)
    const nairobi = await app.commissionerRift.json('/api/incident-stats/areas?level=sub_county&region=nairobi')
    expect(nairobi.body).toMatchObject({ features: [], periods: [] })
    expect((await app.viewer.json('/api/incident-stats/areas?level=sub_county')).status).toBe(403)
  })

  it('finds hot spots among the sub-counties with queen contiguity from their boundaries', async () => {
    const res = await app.admin.json('/api/analysis/area-hotspots?level=sub_county&counties=023')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ level: 'sub_county', weights: 'queen', period_kind: 'month' })
    const props = new Map(res.body.features.map((f: any) => [f.id, f.properties]))
    expect([...props.keys()]).toEqual(CODES)
    // The grid: 01 02 03 / 04 05 06. A corner square touches three, a middle one all five.
    expect((props.get('TST-01') as any).neighbours.sort()).toEqual(['TST-02', 'TST-04', 'TST-05'])
    expect((props.get('TST-05') as any).neighbours.sort()).toEqual(['TST-01', 'TST-02', 'TST-03', 'TST-04', 'TST-06'])
    expect((props.get('TST-01') as any).events).toBe(10)
    expect((props.get('TST-06') as any).events).toBe(3)
    // Rates asked for, one population unknown: counts used, and said so.
    const rates = await app.admin.json('/api/analysis/area-hotspots?level=sub_county&per=population')
    expect(rates.body).toMatchObject({ measure: 'events', population_unknown: ['TST-03'] })

    const trends = await app.admin.json('/api/analysis/area-trends?level=sub_county')
    expect(trends.status).toBe(400)
    expect(trends.body.error.message).toMatch(/at least 3 periods; the statistics chosen have 2/)
  })

  it('draws sub-county statistics in tiles with the unit boundary', async () => {
    // Zoom 8 tile 153/125 holds the grid (35.0–35.9 E, 2.7–3.3 N); no county figures remain in this database.
    const tile = await app.admin.request('/tiles/incident_stats/8/153/125.mvt')
    expect(tile.status).toBe(200)
    expect((await tile.arrayBuffer()).byteLength).toBeGreaterThan(0)
    const elsewhere = await app.admin.request('/tiles/incident_stats/8/150/125.mvt')
    expect(elsewhere.status).toBe(200)
    expect((await elsewhere.arrayBuffer()).byteLength).toBe(0)
  })

  it('reads the level of each row from a level column: county and sub-county rows in one file', async () => {
    const rows = 'Sub-County,Fixture South-East,2024-03,Stock theft,5\ncounty,Turkana,2024-03,Stock theft,7\n'
    const header = 'level,area,month,crime_category,count\n'
    const bad = await upload(
      app.admin,
      'incident_stats',
      'mixed.csv',
      `${header}${rows}Sub County,Turkana,2024-03,Stock theft,1\n`,
    )
    expect(bad.status).toBe(201)
    expect(bad.body.mapping).toMatchObject({ level: 'area_level', area: 'area', month: 'period', count: 'events' })
    // Each row is looked up at its own level: Turkana is a county, not a sub-county.
    expect(bad.body.report).toMatchObject({ valid: 2, invalid: 1 })
    expect(bad.body.report.errors).toEqual([{ row: 3, field: 'area', message: 'no sub-county is known as "Turkana"' }])
    expect((await app.admin.send('DELETE', `/api/imports/${bad.body.id}`)).status).toBe(200)

    const good = await upload(app.admin, 'incident_stats', 'mixed.csv', `${header}${rows}`)
    const suggested = Object.fromEntries(good.body.values.area.map((v: any) => [v.source, v.suggested]))
    expect(suggested).toEqual({ 'Fixture South-East': 'TST-06', Turkana: '023' })
    const done = await app.admin.send('POST', `/api/imports/${good.body.id}/commit`, {})
    expect(done.status).toBe(200)
    const stored = await app.db.query(
      `SELECT area_level, area_code, county_code, area_unit_id IS NOT NULL AS unit, events FROM incident_stats
       WHERE import_batch_id = $1 ORDER BY events`,
      [good.body.id],
    )
    expect(stored.rows).toEqual([
      { area_level: 'sub_county', area_code: 'TST-06', county_code: '023', unit: true, events: 5 },
      { area_level: 'county', area_code: '023', county_code: '023', unit: false, events: 7 },
    ])
    expect((await app.admin.send('DELETE', `/api/imports/${good.body.id}`)).status).toBe(200)
  })

  it('refuses a level it does not know, naming it', async () => {
    for (const path of [
      '/api/incident-stats/areas?level=village',
      '/api/analysis/area-hotspots?level=village',
      '/api/analysis/area-trends?level=village',
    ]) {
      const res = await app.admin.json(path)
      expect(res.status, path).toBe(400)
      expect(JSON.stringify(res.body.error), path).toContain('level')
    }
  })

  it('rolls back the statistics, and the boundaries only once no statistics use them', async () => {
    const early = await app.admin.send('DELETE', `/api/imports/${unitsBatch}`)
    expect(early.status).toBe(409)
    expect(early.body.error.message).toContain(`import ${statsBatch} (9 rows)`)

    const stats = await app.admin.send('DELETE', `/api/imports/${statsBatch}`)
    expect(stats.status).toBe(200)
    expect(stats.body.result.rollback).toMatchObject({ deleted: 9 })
    expect((await app.db.query('SELECT 1 FROM incident_stat_rows')).rows).toEqual([])

    const units = await app.admin.send('DELETE', `/api/imports/${unitsBatch}`)
    expect(units.status).toBe(200)
    expect(units.body.result.rollback).toMatchObject({ deleted: 6 })
    const after = await app.admin.json('/api/incident-stats/areas?level=sub_county')
    expect(after.body).toMatchObject({ features: [], levels: ['county'] })
  })
})
