import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { COLLECTIONS } from '../../server/assets/collections.ts'
import { parseCsv } from '../../server/formats/csv.ts'
import type { CollectionId } from '../../contract/domains.ts'
import type { Client } from '../support/app.ts'
import { useApp } from '../support/use-app.ts'

// Exports: any collection, with the items endpoint's filters and the caller's scope, in GeoJSON, CSV, Shapefile, KML
// and GeoPackage — files GDAL opens, and that import back into the same features.

const run = promisify(execFile)
const hasGdal = await run('ogrinfo', ['--version']).then(
  () => true,
  () => false,
)
if (!hasGdal) console.log('[skip] GDAL export checks: ogrinfo not found (apt-get install gdal-bin)')

const FORMATS = ['geojson', 'csv', 'shp', 'kml', 'gpkg'] as const
type Format = (typeof FORMATS)[number]
const MEDIA: Record<Format, string> = {
  geojson: 'application/geo+json',
  csv: 'text/csv; charset=utf-8',
  shp: 'application/zip',
  kml: 'application/vnd.google-earth.kml+xml',
  gpkg: 'application/geopackage+sqlite3',
}
const EXT: Record<Format, string> = { geojson: 'geojson', csv: 'csv', shp: 'zip', kml: 'kml', gpkg: 'gpkg' }

const app = useApp('admin', 'planner')
const dir = mkdtempSync(join(tmpdir(), 'ramani-export-'))

async function download(client: Client, path: string) {
  const res = await client.request(path)
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) }
}
const text = (b: Uint8Array) => new TextDecoder().decode(b)
const matched = async (client: Client, collection: string, query: string) =>
  (await client.json(`/ogc/collections/${collection}/items?limit=1${query ? `&${query}` : ''}`)).body
    .numberMatched as number
const exportedCount = async (client: Client, collection: string, query: string) => {
  const d = await download(client, `/api/exports/${collection}?format=geojson${query ? `&${query}` : ''}`)
  return JSON.parse(text(d.bytes)).features.length as number
}

describe('export formats', () => {
  it.each(FORMATS)('%s: the right media type, as an attachment', async (format) => {
    const d = await download(app.planner, `/api/exports/facilities?format=${format}&county=023`)
    expect(d.status).toBe(200)
    expect(d.headers.get('content-type')).toBe(MEDIA[format])
    expect(d.headers.get('content-disposition')).toMatch(
      new RegExp(`^attachment; filename="ramani-facilities-\\d{4}-\\d{2}-\\d{2}\\.${EXT[format]}"$`),
    )
    expect(d.bytes.length).toBeGreaterThan(100)
  })

  it('defaults to GeoJSON with every property of the items endpoint', async () => {
    const d = await download(app.planner, '/api/exports/roads?county=023')
    const fc = JSON.parse(text(d.bytes))
    const items = await app.planner.json('/ogc/collections/roads/items?county=023&limit=10000')
    expect(fc.features.map((f: any) => f.id)).toEqual(items.body.features.map((f: any) => f.id))
    expect(fc.features[0]).toEqual({
      type: 'Feature',
      id: items.body.features[0].id,
      geometry: items.body.features[0].geometry,
      properties: items.body.features[0].properties,
    })
  })
})

describe('export filters are those of the items endpoint', () => {
  it.each([
    ['facilities', 'county=023&status=operational'],
    ['roads', 'region=rift_valley&road_class=A,B'],
    ['incidents', 'datetime=2025-01-01/2025-06-30&theme=cattle_rustling_banditry,other'],
    ['airstrips', 'bbox=34,-1,38,2'],
    ['counties', 'region=coast'],
    ['admin_units', 'county=030&status=inactive&gazetted=true'],
  ])('%s?%s', async (collection, query) => {
    const n = await matched(app.planner, collection, query)
    expect(n).toBeGreaterThan(0)
    expect(n).toBeLessThan(await matched(app.planner, collection, ''))
    expect(await exportedCount(app.planner, collection, query)).toBe(n)
  })

  it.each([
    ['roads', 'status=broken'],
    ['roads', 'nonsense=1'],
    ['roads', 'bbox=1,2'],
    ['incidents', 'datetime=2025-13-01'],
    ['counties', 'status=open'],
  ])('refuses %s?%s exactly as items does', async (collection, query) => {
    const items = await app.planner.json(`/ogc/collections/${collection}/items?${query}`)
    const exp = await app.planner.json(`/api/exports/${collection}?${query}`)
    expect(items.status).toBe(400)
    expect(exp.status).toBe(400)
    expect(exp.body.error).toEqual(items.body.error)
  })

  it('writes CSV numbers a spreadsheet can read (metres, not float noise) and county and region names beside codes', async () => {
    const csv = text((await download(app.planner, '/api/exports/roads?format=csv&county=023')).bytes).replace(
      /^\uFEFF/,
      '',
    )
    const [names, ...rows] = parseCsv(csv.trim()) as [string[], ...string[][]]
    expect(names.indexOf('county_name')).toBe(names.indexOf('county_code') + 1)
    expect(names.indexOf('region_name')).toBe(names.indexOf('region_code') + 1)
    const geo = JSON.parse(text((await download(app.planner, '/api/exports/roads?county=023')).bytes))
    expect(rows.length).toBe(geo.features.length)
    const lengths = geo.features.map((f: any) => f.properties.length_km as number)
    // The GeoJSON keeps full precision, so the sample has lengths the CSV must round.
    expect(lengths.some((l: number) => (String(l).split('.')[1] ?? '').length > 3)).toBe(true)
    const first = rows[0]!
    expect(first[names.indexOf('county_name')]).toBe('Turkana')
    expect(first[names.indexOf('region_name')]).toBe('Rift Valley')
    for (const row of rows) expect(row[names.indexOf('length_km')]).toMatch(/^\d+(\.\d{1,3})?$/)
  })

  it('refuses an unknown format', async () => {
    const res = await app.planner.json('/api/exports/roads?format=dxf')
    expect(res.status).toBe(400)
    expect(res.body.error.parameter).toBe('format')
  })
})

describe('export access', () => {
  it("keeps to the caller's area and role, like the items endpoint", async () => {
    const rift = await app.as('commissioner.rift')
    const fc = JSON.parse(text((await download(rift, '/api/exports/facilities')).bytes))
    expect(fc.features.length).toBe(await matched(rift, 'facilities', ''))
    expect(new Set(fc.features.map((f: any) => f.properties.region_code))).toEqual(new Set(['rift_valley']))
    const field = await app.as('field.turkana')
    const roads = JSON.parse(text((await download(field, '/api/exports/roads?format=geojson')).bytes))
    expect(roads.features.length).toBeGreaterThan(0)
    expect(roads.features.every((f: any) => f.properties.county_code === '023')).toBe(true)
    const viewer = await app.as('viewer')
    expect((await download(viewer, '/api/exports/incidents?format=csv')).status).toBe(403)
    expect((await download(viewer, '/api/exports/facilities?format=csv')).status).toBe(200)
    expect((await download(app.t, '/api/exports/facilities')).status).toBe(401)
  })
})

// ---------------------------------------------------------------- round trip

const upload = (client: Client, collection: string, filename: string, bytes: Uint8Array) => {
  const form = new FormData()
  form.set('collection', collection)
  form.set('file', new File([new Uint8Array(bytes)], filename))
  return client.json('/api/imports', { method: 'POST', body: form })
}

/** Writable fields, and the county/region derived from the geometry. */
const compared = (id: CollectionId) => [
  ...COLLECTIONS[id].fields.filter((f) => !f.readOnly).map((f) => f.name),
  'county_code',
  'region_code',
]

async function rows(collection: CollectionId, where: string, params: unknown[]) {
  const cols = compared(collection).map((c) =>
    COLLECTIONS[collection].fields.find((f) => f.name === c)?.type === 'timestamp'
      ? `to_char(${c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS ${c}`
      : c,
  )
  return (
    await app.db.query<Record<string, unknown>>(
      `SELECT id, ${cols.join(', ')} FROM ${collection} WHERE ${where} ORDER BY id`,
      params,
    )
  ).rows
}

describe('round trip: export → import → the same features', () => {
  const cases = FORMATS.flatMap((format) =>
    (['facilities', 'roads', 'incidents'] as const).map((c) => [format, c] as const),
  )
  it.each(cases)('%s of %s', async (format, collection) => {
    const client = collection === 'incidents' ? app.admin : app.planner
    const query = 'county=023&source=sample'
    const original = await rows(collection, "county_code = '023' AND source = 'sample'", [])
    expect(original.length).toBeGreaterThan(10)
    const file = await download(client, `/api/exports/${collection}?format=${format}&${query}`)
    expect(file.status).toBe(200)

    const up = await upload(client, collection, `export.${EXT[format]}`, file.bytes)
    expect(up.status).toBe(201)
    expect(up.body.report).toMatchObject({ valid: original.length, invalid: 0 })
    const done = await client.send('POST', `/api/imports/${up.body.id}/commit`, {})
    expect(done.status).toBe(200)

    const imported = await rows(collection, 'import_batch_id = $1', [up.body.id])
    expect(imported.map(({ id: _, ...r }) => r)).toEqual(original.map(({ id: _, ...r }) => r))
    const far = await app.db.query<{ d: number }>(
      `SELECT max(ST_HausdorffDistance(a.geom, b.geom)) AS d
       FROM (SELECT geom, row_number() OVER (ORDER BY id) AS n FROM ${collection} WHERE id = ANY($1::bigint[])) a
       JOIN (SELECT geom, row_number() OVER (ORDER BY id) AS n FROM ${collection} WHERE import_batch_id = $2) b USING (n)`,
      [original.map((r) => r.id), up.body.id],
    )
    expect(far.rows[0]!.d).toBeLessThanOrEqual(1e-6)
    // Leave the sample as it was for the next format.
    expect((await client.send('DELETE', `/api/imports/${up.body.id}`)).status).toBe(200)
  })

  it.each(FORMATS)('%s of county boundaries: replaced by equal ones', async (format) => {
    const before = await app.db.query<{ code: string; version: number }>(
      "SELECT code, version FROM counties WHERE region_code = 'coast' ORDER BY code",
    )
    const file = await download(app.admin, `/api/exports/counties?format=${format}&region=coast`)
    const up = await upload(app.admin, 'counties', `counties.${EXT[format]}`, file.bytes)
    expect(up.body.report).toMatchObject({ valid: 6, invalid: 0 })
    expect((await app.admin.send('POST', `/api/imports/${up.body.id}/commit`, {})).status).toBe(200)
    const far = await app.db.query<{ d: number; n: number }>(
      `SELECT max(ST_HausdorffDistance(c.geom, r.before_geom)) AS d, count(*) AS n FROM counties c
       JOIN import_replacements r ON r.item_id = c.code AND r.collection = 'counties' WHERE r.batch_id = $1`,
      [up.body.id],
    )
    expect(far.rows[0]).toMatchObject({ n: 6 })
    expect(far.rows[0]!.d).toBeLessThanOrEqual(1e-6)
    expect((await app.admin.send('DELETE', `/api/imports/${up.body.id}`)).status).toBe(200)
    const after = await app.db.query<{ code: string; version: number }>(
      "SELECT code, version FROM counties WHERE region_code = 'coast' ORDER BY code",
    )
    expect(after.rows.map((r) => r.code)).toEqual(before.rows.map((r) => r.code))
  })
})

// ---------------------------------------------------------------- GDAL

const GEOMETRY: Record<string, RegExp> = { facilities: /Point/, roads: /Line String/, counties: /Polygon/ }

describe.skipIf(!hasGdal)('GDAL opens every exported format', () => {
  const cases = FORMATS.flatMap((format) =>
    (['facilities', 'roads', 'counties'] as const).map((c) => [format, c] as const),
  )
  it.each(cases)('%s of %s', async (format, collection) => {
    const query = collection === 'counties' ? 'region=rift_valley' : 'county=023'
    const file = await download(app.admin, `/api/exports/${collection}?format=${format}&${query}`)
    const path = join(dir, `${collection}-${format}.${EXT[format]}`)
    writeFileSync(path, file.bytes)
    const source = format === 'shp' ? `/vsizip/${path}` : path
    const { stdout } = await run('ogrinfo', ['-ro', '-al', '-so', source])
    const expected = await matched(app.admin, collection, query)
    expect(Number(/Feature Count: (\d+)/.exec(stdout)?.[1])).toBe(expected)
    if (format !== 'csv' && format !== 'kml') expect(/Geometry: (.*)/.exec(stdout)?.[1]).toMatch(GEOMETRY[collection]!)
    // GDAL reads the same first feature: its name and its first coordinate.
    const out = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', source], { maxBuffer: 64 * 1024 * 1024 })
    const fc = JSON.parse(out.stdout)
    const first = (await app.admin.json(`/ogc/collections/${collection}/items?${query}&limit=1`)).body.features[0]
    const got = fc.features[0]
    expect(got.properties.name ?? got.properties.Name).toBe(first.properties.name)
    const firstPosition = (g: any): number[] =>
      typeof g.coordinates[0] === 'number' ? g.coordinates : firstPosition({ coordinates: g.coordinates[0] })
    const [x, y] = firstPosition(got.geometry ?? { coordinates: [NaN, NaN] })
    const [ex, ey] = firstPosition(first.geometry)
    expect(Math.abs(x! - ex!)).toBeLessThan(1e-6)
    expect(Math.abs(y! - ey!)).toBeLessThan(1e-6)
  })

  it.each([
    ['ESRI Shapefile', 'zip'],
    ['GPKG', 'gpkg'],
    ['KML', 'kml'],
    ['CSV', 'csv'],
  ])('and the importer reads what GDAL writes (%s)', async (driver, ext) => {
    const src = join(dir, 'facilities-src.geojson')
    writeFileSync(src, (await download(app.planner, '/api/exports/facilities?county=030&source=sample')).bytes)
    const n = await matched(app.planner, 'facilities', 'county=030&source=sample')
    const out = join(dir, `gdal-${ext}`)
    const target = ext === 'zip' ? `${out}-shp` : `${out}.${ext}`
    await run('ogr2ogr', [
      '-f',
      driver,
      ...(ext === 'csv' ? ['-lco', 'GEOMETRY=AS_WKT'] : []),
      ...(ext === 'zip' ? ['-lco', 'ENCODING=UTF-8'] : []),
      target,
      src,
    ])
    const bytes =
      ext === 'zip'
        ? zipSync(
            Object.fromEntries(readdirSync(target).map((f) => [f, new Uint8Array(readFileSync(join(target, f)))])),
          )
        : new Uint8Array(readFileSync(target))
    const up = await upload(app.planner, 'facilities', `gdal.${ext}`, bytes)
    expect(up.status).toBe(201)
    expect(up.body.report).toMatchObject({ valid: n, invalid: 0 })
  })
})
