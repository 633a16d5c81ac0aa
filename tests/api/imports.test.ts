import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { strToU8, unzipSync, zipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { sridOfPrj } from '../../server/formats/shapefile.ts'
import type { Client } from '../support/app.ts'
import { useApp } from '../support/use-app.ts'
import { driver } from '../support/db.ts'
import { featureId } from '../support/features.ts'
import { SHARED_DATA } from '../support/shared-data.ts'

// Imports: upload → preview with mapping and per-row report → commit all-or-nothing → roll back as a whole.

const FIXTURES = join(import.meta.dirname, '..', 'fixtures')
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)))
const IEBC = join(SHARED_DATA, 'ke_counties_iebc.geojson')

const app = useApp('admin', 'planner')

async function upload(
  client: Client,
  collection: string,
  filename: string,
  content: string | Uint8Array,
  layer?: string,
) {
  const form = new FormData()
  form.set('collection', collection)
  if (layer) form.set('layer', layer)
  form.set('file', new File([typeof content === 'string' ? content : new Uint8Array(content)], filename))
  return client.json('/api/imports', { method: 'POST', body: form })
}
const commit = (client: Client, id: number, body: unknown = {}, headers: Record<string, string> = {}) =>
  client.send('POST', `/api/imports/${id}/commit`, body, headers)
const count = async (sql: string, params: unknown[] = []) => (await app.db.query<{ n: number }>(sql, params)).rows[0]!.n
const geojson = (features: unknown[]) => JSON.stringify({ type: 'FeatureCollection', features })

describe('upload and preview', () => {
  it('maps columns by name, validates every row, and reports a bad one with its row, field and reason', async () => {
    const res = await upload(app.planner, 'facilities', 'facilities.csv', fixture('import-facilities-bad.csv'))
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe(`/api/imports/${res.body.id}`)
    const b = res.body
    expect(b).toMatchObject({
      status: 'staged',
      collection: 'facilities',
      format: 'csv',
      total: 4,
      processed: 4,
      created_by: 'planner',
    })
    expect(b.columns).toEqual(['Name', 'Type', 'Status', 'Staff'])
    expect(b.mapping).toEqual({ Name: 'name', Type: 'kind', Status: 'status', Staff: 'staff' })
    expect(b.report).toMatchObject({ valid: 3, invalid: 1, error_count: 1, truncated: false })
    expect(b.report.errors).toEqual([
      {
        row: 3,
        field: 'kind',
        message: expect.stringMatching(/"police_statoin" is not one of police_station, police_post/),
      },
    ])
    expect(b.sample.map((r: any) => r.status)).toEqual(['ok', 'ok', 'error', 'ok'])
    expect(b.sample[1].properties.Name).toBe('Lokichoggio Police Post, Border')
    expect(b.targets.find((f: any) => f.name === 'kind')).toMatchObject({
      required: true,
      domain: expect.arrayContaining(['police_post']),
    })
  })

  it('commits nothing when one row is bad, answering 422 with the report', async () => {
    const before = await count('SELECT count(*) AS n FROM facilities')
    const audit = await count('SELECT count(*) AS n FROM audit_log')
    const { body } = await upload(app.planner, 'facilities', 'facilities.csv', fixture('import-facilities-bad.csv'))
    const res = await commit(app.planner, body.id)
    expect(res.status).toBe(422)
    expect(res.body.error.code).toBe('invalid_rows')
    expect(res.body.error.message).toMatch(
      /1 of 4 rows are invalid, so nothing was imported\. First: row 3, kind: "police_statoin"/,
    )
    expect(res.body.error.details.errors).toEqual([{ row: 3, field: 'kind', message: expect.any(String) }])
    expect(await count('SELECT count(*) AS n FROM facilities')).toBe(before)
    expect(await count('SELECT count(*) AS n FROM facilities WHERE import_batch_id = $1', [body.id])).toBe(0)
    expect(await count('SELECT count(*) AS n FROM audit_log')).toBe(audit)
    expect((await app.planner.json(`/api/imports/${body.id}`)).body.status).toBe('staged')
  })

  it('gives a field no column feeds one value for every row, checked like a column value', async () => {
    const csv = 'Name,Latitude,Longitude\r\nKapedo Police Post,1.1747,36.1025\r\nNadome Police Post,1.3521,36.1312\r\n'
    const { body } = await upload(app.planner, 'facilities', 'posts.csv', csv)
    expect(body.report).toMatchObject({ valid: 0, invalid: 2 })
    expect(body.fixed).toEqual({})
    for (const [fixed, parameter, message] of [
      [{ kind: 'police_statoin' }, 'fixed.kind', /"police_statoin" is not one of/],
      [{ nonsense: 'x' }, 'fixed.nonsense', /not a field/],
      [{ name: 'Post' }, 'fixed.name', /comes from the "Name" column already/],
      [{ staff: 'many' }, 'fixed.staff', /not a whole number/],
    ] as const) {
      const bad = await app.planner.send('PUT', `/api/imports/${body.id}/mapping`, { mapping: body.mapping, fixed })
      expect(bad.status, JSON.stringify(fixed)).toBe(400)
      expect(bad.body.error).toMatchObject({ code: 'invalid_mapping', parameter })
      expect(bad.body.error.message).toMatch(message)
    }
    const fixed = await app.planner.send('PUT', `/api/imports/${body.id}/mapping`, {
      mapping: body.mapping,
      fixed: { kind: 'Police post', status: 'operational', staff: '6' },
    })
    expect(fixed.status).toBe(200)
    expect(fixed.body.fixed).toEqual({ kind: 'police_post', status: 'operational', staff: 6 })
    expect(fixed.body.report).toMatchObject({ valid: 2, invalid: 0 })
    expect((await commit(app.planner, body.id)).status).toBe(200)
    const rows = (
      await app.db.query(
        'SELECT name, kind, status, staff, source FROM facilities WHERE import_batch_id = $1 ORDER BY id',
        [body.id],
      )
    ).rows
    expect(rows).toEqual([
      { name: 'Kapedo Police Post', kind: 'police_post', status: 'operational', staff: 6, source: 'import' },
      { name: 'Nadome Police Post', kind: 'police_post', status: 'operational', staff: 6, source: 'import' },
    ])
    // A fixed value can also come with the commit; counties take none.
    const other = await upload(app.planner, 'facilities', 'posts.csv', csv)
    expect((await commit(app.planner, other.body.id, { fixed: { kind: 'aps_camp', status: 'planned' } })).status).toBe(
      200,
    )
    expect(
      await count(`SELECT count(*) AS n FROM facilities WHERE import_batch_id = $1 AND kind = 'aps_camp'`, [
        other.body.id,
      ]),
    ).toBe(2)
    const counties = await upload(app.admin, 'counties', 'counties.geojson', fixture('import-counties.geojson'))
    const refused = await app.admin.send('PUT', `/api/imports/${counties.body.id}/mapping`, {
      mapping: counties.body.mapping,
      fixed: { name: 'Turkana' },
    })
    expect(refused.status).toBe(400)
    await app.admin.send('DELETE', `/api/imports/${counties.body.id}`)
  })

  it('pages the per-row report, errors only when asked', async () => {
    const { body } = await upload(app.planner, 'facilities', 'facilities.csv', fixture('import-facilities-bad.csv'))
    const errs = await app.planner.json(`/api/imports/${body.id}/rows?status=error`)
    expect(errs.status).toBe(200)
    expect(errs.body.rows).toHaveLength(1)
    expect(errs.body.rows[0]).toMatchObject({
      row: 3,
      status: 'error',
      geometry_type: 'Point',
      errors: [{ field: 'kind' }],
    })
    const page = await app.planner.json(`/api/imports/${body.id}/rows?offset=2&limit=2`)
    expect(page.body.rows.map((r: any) => r.row)).toEqual([3, 4])
  })

  it('re-validates under a changed mapping and refuses a mapping that does not fit', async () => {
    const { body } = await upload(app.planner, 'facilities', 'facilities.csv', fixture('import-facilities-bad.csv'))
    const unmapped = await app.planner.send('PUT', `/api/imports/${body.id}/mapping`, {
      mapping: { Name: 'name', Type: null, Status: 'status', Staff: 'staff' },
    })
    expect(unmapped.status).toBe(200)
    expect(unmapped.body.report.invalid).toBe(4)
    expect(unmapped.body.report.errors[0]).toEqual({
      row: 1,
      field: 'kind',
      message: 'is required: map a column to it or give one value for every row',
    })
    for (const [mapping, parameter] of [
      [{ Nope: 'name' }, 'mapping.Nope'],
      [{ Name: 'nonsense' }, 'mapping.Name'],
      [{ Name: 'name', Type: 'name' }, 'mapping.Type'],
      [{ Name: 'source' }, 'mapping.Name'],
    ] as const) {
      const bad = await app.planner.send('PUT', `/api/imports/${body.id}/mapping`, { mapping })
      expect(bad.status, JSON.stringify(mapping)).toBe(400)
      expect(bad.body.error).toMatchObject({ code: 'invalid_mapping', parameter })
    }
  })

  it('refuses files it cannot read with a clear 400, changing nothing', async () => {
    const batches = await count('SELECT count(*) AS n FROM import_batches')
    const cases: [string, string | Uint8Array, RegExp][] = [
      ['x.csv', 'name,kind\r\nA,police_post\r\n', /CSV needs a geometry: a WKT column/],
      ['x.geojson', '{"type": "FeatureCollection", "features": [', /not valid JSON/],
      ['x.geojson', '{"type": "FeatureCollection", "features": []}', /holds no features/],
      ['x.kml', '<kml><Document></kml>', /not well-formed XML/],
      ['x.gpx', '<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"/>', /not GPX/],
      ['x.zip', zipSync({ 'readme.txt': strToU8('hello') }), /no \.shp file/],
      ['x.gpkg', 'not a database', /not a GeoPackage/],
      ['x.kmz', zipSync({ 'images/a.png': strToU8('png') }), /holds no \.kml document/],
      ['x.kmz', 'PK\u0003\u0004 broken', /not a readable zip/],
      ['x.shp', 'abc', /one \.zip holding/],
    ]
    for (const [name, content, message] of cases) {
      const res = await upload(app.planner, 'facilities', name, content)
      expect(res.status, name).toBe(400)
      expect(res.body.error.message, name).toMatch(message)
      expect(res.body.error.parameter).toBe('file')
    }
    const form = new FormData()
    form.set('collection', 'facilities')
    expect((await app.planner.json('/api/imports', { method: 'POST', body: form })).status).toBe(400)
    expect((await upload(app.planner, 'places', 'x.csv', 'a\r\n')).status).toBe(400)
    expect(await count('SELECT count(*) AS n FROM import_batches')).toBe(batches)
  })

  it('lets only roles that may create features import, into the collections they edit', async () => {
    const csv = fixture('import-facilities-bad.csv')
    for (const user of ['commissioner.rift', 'field.turkana', 'viewer']) {
      const res = await upload(await app.as(user), 'facilities', 'f.csv', csv)
      expect(res.status, user).toBe(403)
    }
    expect((await upload(app.planner, 'incidents', 'f.csv', csv)).status).toBe(403)
    expect((await upload(app.planner, 'counties', 'c.geojson', fixture('import-counties.geojson'))).status).toBe(403)
    const staged = (await upload(app.admin, 'incidents', 'f.csv', csv)).body.id
    expect((await app.planner.json(`/api/imports/${staged}`)).status).toBe(403)
    expect((await commit(app.planner, staged)).status).toBe(403)
    expect((await app.planner.send('DELETE', `/api/imports/${staged}`)).status).toBe(403)
    const list = await app.planner.json('/api/imports')
    expect(list.body.collections).toEqual(['roads', 'airstrips', 'border_posts', 'facilities'])
    expect(list.body.batches.every((b: any) => list.body.collections.includes(b.collection))).toBe(true)
    expect((await (await app.as('viewer')).json('/api/imports')).body).toMatchObject({
      total: 0,
      batches: [],
      collections: [],
    })
  })
})

describe('commit', () => {
  it('inserts every row with source "import" and the batch id, auditing each', async () => {
    const up = await upload(app.planner, 'roads', 'roads.geojson', fixture('import-roads.geojson'))
    expect(up.body.mapping).toMatchObject({
      NAME: 'name',
      Class: 'road_class',
      surface: 'surface',
      is_security_road: 'is_security_road',
    })
    expect(up.body.report).toMatchObject({ valid: 3, invalid: 0 })
    const res = await commit(app.planner, up.body.id)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      status: 'committed',
      committed_by: 'planner',
      result: { inserted: 3 },
      processed: 3,
      total: 3,
    })
    const rows = (
      await app.db.query<any>(
        'SELECT id, name, road_class, surface, is_security_road, corridor, source, version, updated_by, county_code FROM roads WHERE import_batch_id = $1 ORDER BY id',
        [up.body.id],
      )
    ).rows
    expect(rows.map((r) => [r.name, r.road_class, r.surface, r.is_security_road, r.corridor])).toEqual([
      ['Lokichar–Kainuk link', 'C', 'gravel', true, 'Turkana South'],
      ['Lodwar–Kalokol road', 'D', 'earth', false, null],
      ['Kakuma bypass', 'track', 'earth', true, null],
    ])
    expect(
      rows.every(
        (r) => r.source === 'import' && r.version === 1 && r.updated_by === 'planner' && r.county_code === '023',
      ),
    ).toBe(true)
    const audit = (
      await app.db.query<any>(
        `SELECT item_id, after FROM audit_log WHERE action = 'import' AND collection = 'roads' AND after ->> 'import_batch_id' IS NULL
      AND item_id = ANY($1::text[]) ORDER BY id`,
        [rows.map((r) => String(r.id))],
      )
    ).rows
    expect(audit.map((a) => a.item_id)).toEqual(rows.map((r) => String(r.id)))
    expect(audit[0].after.properties).toMatchObject({
      name: 'Lokichar–Kainuk link',
      source: 'import',
      import_batch_id: up.body.id,
    })
    const summary = (
      await app.db.query<any>(
        `SELECT after FROM audit_log WHERE action = 'import' AND item_id IS NULL AND (after ->> 'import_batch_id')::int = $1`,
        [up.body.id],
      )
    ).rows
    expect(summary).toEqual([
      { after: expect.objectContaining({ inserted: 3, filename: 'roads.geojson', format: 'geojson' }) },
    ])
    // The staged rows are gone once committed; the items endpoint serves the new ones.
    expect(await count('SELECT count(*) AS n FROM import_rows WHERE batch_id = $1', [up.body.id])).toBe(0)
    const items = await app.planner.json('/ogc/collections/roads/items?source=import&county=023&limit=100')
    expect(items.body.features.map((f: any) => f.properties.import_batch_id)).toContain(up.body.id)
  })

  it('does not commit the same import twice', async () => {
    const up = await upload(app.planner, 'roads', 'roads.geojson', fixture('import-roads.geojson'))
    expect((await commit(app.planner, up.body.id)).status).toBe(200)
    const again = await commit(app.planner, up.body.id)
    expect(again.status).toBe(409)
    expect(again.body.error).toMatchObject({
      code: 'already_committed',
      message: expect.stringMatching(/already committed by planner/),
    })
    expect(await count('SELECT count(*) AS n FROM roads WHERE import_batch_id = $1', [up.body.id])).toBe(3)
    const remap = await app.planner.send('PUT', `/api/imports/${up.body.id}/mapping`, { mapping: {} })
    expect(remap.status).toBe(409)
  })

  it('honours Idempotency-Key: a retried commit replays the first answer and inserts nothing more', async () => {
    const up = await upload(app.planner, 'roads', 'roads.geojson', fixture('import-roads.geojson'))
    const key = { 'Idempotency-Key': `commit-${up.body.id}-retry` }
    const first = await commit(app.planner, up.body.id, {}, key)
    expect(first.status).toBe(200)
    const retry = await commit(app.planner, up.body.id, {}, key)
    expect(retry.status).toBe(200)
    expect(retry.headers.get('idempotent-replayed')).toBe('true')
    expect(retry.body).toEqual(first.body)
    expect(await count('SELECT count(*) AS n FROM roads WHERE import_batch_id = $1', [up.body.id])).toBe(3)
    const other = await upload(app.planner, 'roads', 'roads.geojson', fixture('import-roads.geojson'))
    const reused = await commit(app.planner, other.body.id, {}, key)
    expect(reused.status).toBe(422)
    expect(reused.body.error.code).toBe('idempotency_key_reused')
    expect((await commit(app.planner, other.body.id, {}, { 'Idempotency-Key': 'short' })).status).toBe(400)
  })

  it('takes a mapping override with the commit (GPX waypoints with extension fields)', async () => {
    const up = await upload(app.planner, 'border_posts', 'posts.gpx', fixture('import-border-posts.gpx'))
    expect(up.status).toBe(201)
    expect(up.body.total).toBe(2)
    expect(up.body.warnings).toEqual(['1 route(s)/track(s) left out: the collection holds points'])
    expect(up.body.mapping).toMatchObject({ name: 'name', type: 'kind', ramani_country: null, ramani_state: null })
    expect(up.body.report.invalid).toBe(2)
    const res = await commit(app.planner, up.body.id, {
      mapping: { ...up.body.mapping, ramani_country: 'country', ramani_state: 'status' },
    })
    expect(res.status).toBe(200)
    expect(res.body.mapping).toMatchObject({ ramani_country: 'country', ramani_state: 'status' })
    const rows = (
      await app.db.query<any>(
        'SELECT name, country, kind, status FROM border_posts WHERE import_batch_id = $1 ORDER BY id',
        [up.body.id],
      )
    ).rows
    expect(rows).toEqual([
      { name: 'Nadapal crossing', country: 'SSD', kind: 'crossing_point', status: 'planned' },
      { name: 'Mandera border post', country: 'SOM', kind: 'border_post', status: 'partially_operational' },
    ])
  })

  it('reads KML placemarks with ExtendedData', async () => {
    const up = await upload(app.planner, 'airstrips', 'sites.kml', fixture('import-airstrips.kml'))
    expect(up.body.report).toMatchObject({ valid: 2, invalid: 0 })
    expect((await commit(app.planner, up.body.id)).status).toBe(200)
    const rows = (
      await app.db.query<any>(
        'SELECT name, kind, surface, runway_length_m, condition, status, ST_X(geom) AS x FROM airstrips WHERE import_batch_id = $1 ORDER BY id',
        [up.body.id],
      )
    ).rows
    expect(rows).toEqual([
      {
        name: 'Kalemngorok landing site',
        kind: 'landing_site',
        surface: 'earth',
        runway_length_m: 900,
        condition: 'fair',
        status: 'operational',
        x: 35.6021,
      },
      {
        name: 'Lokori helipad',
        kind: 'helipad',
        surface: null,
        runway_length_m: null,
        condition: null,
        status: 'restricted',
        x: 36.0167,
      },
    ])
  })

  it('reads a KMZ (zipped KML with its images), the same as the KML inside', async () => {
    const kmz = zipSync({ 'doc.kml': fixture('import-airstrips.kml'), 'files/photo.png': strToU8('not read') })
    const up = await upload(app.planner, 'airstrips', 'sites.kmz', kmz)
    expect(up.status).toBe(201)
    expect(up.body.format).toBe('kml')
    expect(up.body.report).toMatchObject({ valid: 2, invalid: 0 })
    expect((await commit(app.planner, up.body.id)).status).toBe(200)
    const names = (
      await app.db.query<{ name: string }>('SELECT name FROM airstrips WHERE import_batch_id = $1 ORDER BY id', [
        up.body.id,
      ])
    ).rows
    expect(names.map((r) => r.name)).toEqual(['Kalemngorok landing site', 'Lokori helipad'])
  })

  it('reprojects a shapefile from its .prj (WGS 84 / UTM zone 37S) to WGS 84', async () => {
    const up = await upload(app.planner, 'facilities', 'utm.zip', fixture('import-facilities-utm37s.zip'))
    expect(up.status).toBe(201)
    expect(up.body.layer).toBe('facilities_utm37s')
    expect(up.body.warnings).toEqual(['reprojected from EPSG:32737 to WGS 84'])
    expect(up.body.mapping).toEqual({ NAME: 'name', KIND: 'kind', STATUS: 'status', STAFF: 'staff' })
    expect((await commit(app.planner, up.body.id)).status).toBe(200)
    const rows = (
      await app.db.query<any>(
        'SELECT name, staff, ST_X(geom) AS x, ST_Y(geom) AS y FROM facilities WHERE import_batch_id = $1 ORDER BY id',
        [up.body.id],
      )
    ).rows
    const expected = [
      ['Marsabit Police Station', 55, 37.9899, 2.3284],
      ['Isiolo Police Post', 8, 37.5822, 0.3546],
      ['Voi Police Station', 60, 38.5561, -3.3961],
    ]
    expect(rows.map((r) => [r.name, r.staff])).toEqual(expected.map((e) => [e[0], e[1]]))
    rows.forEach((r, i) => {
      expect(r.x).toBeCloseTo(expected[i]![2] as number, 6)
      expect(r.y).toBeCloseTo(expected[i]![3] as number, 6)
    })
  })

  it('refuses a coordinate system it cannot identify, naming the way out', async () => {
    const files = unzipSync(fixture('import-facilities-utm37s.zip'))
    files['facilities_utm37s.prj'] = strToU8(
      'PROJCS["Custom_Lambert",GEOGCS["GCS_Custom",DATUM["D_Custom",SPHEROID["Custom",6378000.0,300.0]]],PROJECTION["Lambert_Conformal_Conic"],UNIT["Meter",1.0]]',
    )
    const res = await upload(app.planner, 'facilities', 'lambert.zip', zipSync(files))
    expect(res.status).toBe(400)
    expect(res.body.error).toMatchObject({
      code: 'unsupported_crs',
      message: expect.stringMatching(/Reproject to WGS 84 \(EPSG:4326\) first/),
    })
    expect(sridOfPrj('PROJCS["Arc_1960_UTM_Zone_37S",GEOGCS["GCS_Arc_1960",DATUM["D_Arc_1960"]]]')).toBe(21037)
    expect(sridOfPrj('PROJCS["WGS 84 / UTM zone 36N",GEOGCS["WGS 84"],AUTHORITY["EPSG","32636"]]')).toBe(32636)
    expect(sridOfPrj('GEOGCS["WGS 84",DATUM["WGS_1984"]]')).toBe(4326)
  })

  it('rejects geometries of the wrong kind per row, with the reason', async () => {
    const file = geojson([
      {
        type: 'Feature',
        properties: { name: 'Two parts', road_class: 'D', surface: 'earth', condition: 'poor', status: 'planned' },
        geometry: {
          type: 'MultiLineString',
          coordinates: [
            [
              [35.6, 3.1],
              [35.62, 3.12],
            ],
            [
              [35.7, 3.2],
              [35.72, 3.22],
            ],
          ],
        },
      },
      {
        type: 'Feature',
        properties: { name: 'A point', road_class: 'D', surface: 'earth', condition: 'poor', status: 'planned' },
        geometry: { type: 'Point', coordinates: [35.6, 3.1] },
      },
      {
        type: 'Feature',
        properties: { name: 'Abroad', road_class: 'D', surface: 'earth', condition: 'poor', status: 'planned' },
        geometry: {
          type: 'LineString',
          coordinates: [
            [2.35, 48.85],
            [2.36, 48.86],
          ],
        },
      },
      {
        type: 'Feature',
        properties: { name: 'Bowtie', road_class: 'D', surface: 'earth', condition: 'poor', status: 'planned' },
        geometry: null,
      },
    ])
    const up = await upload(app.planner, 'roads', 'bad.geojson', file)
    expect(up.body.report.errors).toEqual([
      {
        row: 1,
        field: 'geometry',
        message: expect.stringMatching(/MultiLineString of 2 parts cannot go into roads.*split it/),
      },
      { row: 2, field: 'geometry', message: 'a Point cannot go into roads, which holds lines (LineString)' },
      { row: 3, field: 'geometry', message: expect.stringMatching(/inside Kenya's extent/) },
      { row: 4, field: 'geometry', message: 'the feature has no geometry' },
    ])
    const bowtie = (name: string) =>
      geojson([
        {
          type: 'Feature',
          properties: { name },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [35.0, 3.0],
                [35.1, 3.1],
                [35.1, 3.0],
                [35.0, 3.1],
                [35.0, 3.0],
              ],
            ],
          },
        },
      ])
    expect((await upload(app.admin, 'counties', 'bowtie.geojson', bowtie('Turkana'))).body.report.errors).toEqual([
      { row: 1, field: 'geometry', message: expect.stringMatching(/^not valid: Self-intersection/) },
    ])
    expect((await upload(app.admin, 'counties', 'bowtie.geojson', bowtie('Bowtie'))).body.report.errors).toEqual([
      { row: 1, field: 'name', message: 'no county is named "Bowtie"' },
    ])
  })
})

describe('rollback', () => {
  it('removes the whole batch, auditing each row', async () => {
    const up = await upload(app.planner, 'roads', 'roads.geojson', fixture('import-roads.geojson'))
    await commit(app.planner, up.body.id)
    const ids = (
      await app.db.query<{ id: number }>('SELECT id FROM roads WHERE import_batch_id = $1 ORDER BY id', [up.body.id])
    ).rows.map((r) => String(r.id))
    const res = await app.planner.send('DELETE', `/api/imports/${up.body.id}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      status: 'rolled_back',
      rolled_back_by: 'planner',
      result: { inserted: 3, rollback: { deleted: 3, already_deleted: 0, forced: false } },
    })
    expect(await count('SELECT count(*) AS n FROM roads WHERE import_batch_id = $1', [up.body.id])).toBe(0)
    const audit = (
      await app.db.query<any>(
        `SELECT item_id, before, after FROM audit_log WHERE action = 'rollback' AND collection = 'roads' AND item_id = ANY($1::text[]) ORDER BY item_id`,
        [ids],
      )
    ).rows
    expect(audit.map((a) => a.item_id)).toEqual(ids)
    expect(audit.every((a) => a.before.properties.source === 'import' && a.after === null)).toBe(true)
    const again = await app.planner.send('DELETE', `/api/imports/${up.body.id}`)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('already_rolled_back')
    expect((await commit(app.planner, up.body.id)).status).toBe(409)
  })

  it('refuses with 409 naming rows changed since the import, unless forced', async () => {
    const up = await upload(app.planner, 'roads', 'roads.geojson', fixture('import-roads.geojson'))
    await commit(app.planner, up.body.id)
    const id = await featureId(app.db, 'roads', 't.import_batch_id = $1', [up.body.id])
    const admin2 = await app.as('admin')
    expect(
      (await admin2.send('PATCH', `/ogc/collections/roads/items/${id}`, { properties: { condition: 'good' } })).status,
    ).toBe(200)
    const refused = await app.planner.send('DELETE', `/api/imports/${up.body.id}`)
    expect(refused.status).toBe(409)
    expect(refused.body.error).toMatchObject({ code: 'changed_since_import', parameter: 'force' })
    expect(refused.body.error.message).toMatch(
      new RegExp(
        `^1 roads rows of import ${up.body.id} changed after it was committed: ${id} "Lokichar–Kainuk link" \\(version 2, by admin`,
      ),
    )
    expect(refused.body.error.details).toMatchObject({
      changed_count: 1,
      changed: [{ id: Number(id), version: 2, updated_by: 'admin' }],
    })
    expect(await count('SELECT count(*) AS n FROM roads WHERE import_batch_id = $1', [up.body.id])).toBe(3)
    const forced = await app.planner.send('DELETE', `/api/imports/${up.body.id}?force=true`)
    expect(forced.status).toBe(200)
    expect(forced.body.result.rollback).toMatchObject({ deleted: 3, forced: true, changed: [Number(id)] })
    expect(await count('SELECT count(*) AS n FROM roads WHERE import_batch_id = $1', [up.body.id])).toBe(0)
  })

  it('discards a staged import, which then cannot be committed', async () => {
    const up = await upload(app.planner, 'roads', 'roads.geojson', fixture('import-roads.geojson'))
    const res = await app.planner.send('DELETE', `/api/imports/${up.body.id}`)
    expect(res.status).toBe(200)
    expect(res.body.status).toBe('discarded')
    expect(await count('SELECT count(*) AS n FROM import_rows WHERE batch_id = $1', [up.body.id])).toBe(0)
    expect((await commit(app.planner, up.body.id)).body.error.code).toBe('already_discarded')
    expect((await app.planner.json('/api/imports/999999')).status).toBe(404)
  })
})

describe('county boundaries', () => {
  const geomOf = async (table: string, code: string) =>
    (
      await app.db.query<{ g: string; source: string; version: number }>(
        `SELECT ST_AsEWKT(geom) AS g, source, version FROM ${table} WHERE code = $1`,
        [code],
      )
    ).rows[0]!

  it('replace the matching counties (by code or name), dissolve their regions again, and roll back to the old ones', async () => {
    const turkana = await geomOf('counties', '023')
    const rift = await geomOf('regions', 'rift_valley')
    const placement = `SELECT 'incidents' AS c, id, county_code, region_code FROM incidents
      UNION ALL SELECT 'admin_units', id, county_code, region_code FROM admin_units ORDER BY 1, 2`
    const placed = (await app.db.query(placement)).rows
    const up = await upload(app.admin, 'counties', 'counties.geojson', fixture('import-counties.geojson'))
    expect(up.status).toBe(201)
    expect(up.body.mapping).toEqual({ COUNTY_COD: 'code', SOURCE: null, COUNTY_NAM: 'name' })
    expect(up.body.report).toMatchObject({ valid: 2, invalid: 0 })
    const res = await commit(app.admin, up.body.id)
    expect(res.status).toBe(200)
    expect(res.body.result).toMatchObject({ replaced: 2, counties: ['001', '023'], regions: ['coast', 'rift_valley'] })
    expect(Object.keys(res.body.result).sort()).toEqual(['counties', 'reassigned', 'regions', 'replaced'])
    const file = JSON.parse(readFileSync(join(FIXTURES, 'import-counties.geojson'), 'utf8'))
    const fileTurkana = file.features.find((f: any) => f.properties.COUNTY_COD === 23).geometry
    const same = await app.db.query<{ eq: boolean }>(
      'SELECT ST_Equals(geom, ST_SetSRID(ST_GeomFromGeoJSON($1), 4326)) AS eq FROM counties WHERE code = $2',
      [JSON.stringify(fileTurkana), '023'],
    )
    expect(same.rows[0]!.eq).toBe(true)
    expect((await geomOf('counties', '023')).source).toBe('import')
    const union = await app.db.query<{ eq: boolean }>(
      `SELECT ST_Equals(r.geom, (SELECT ST_Union(geom) FROM counties WHERE region_code = 'rift_valley')) AS eq FROM regions r WHERE code = 'rift_valley'`,
    )
    expect(union.rows[0]!.eq).toBe(true)
    expect((await geomOf('regions', 'rift_valley')).version).toBe(rift.version + 1)

    const back = await app.admin.send('DELETE', `/api/imports/${up.body.id}`)
    expect(back.status).toBe(200)
    expect(back.body.result.rollback).toMatchObject({ restored: 2, regions: ['coast', 'rift_valley'], forced: false })
    const restored = await geomOf('counties', '023')
    expect(restored.g).toBe(turkana.g)
    expect((await app.db.query(placement)).rows).toEqual(placed)
    expect(restored.source).toBe('reference')
    expect((await geomOf('regions', 'rift_valley')).g).toBe(rift.g)
    const audit = await count(
      `SELECT count(*) AS n FROM audit_log WHERE collection = 'counties' AND item_id = '023' AND action IN ('import', 'rollback')`,
    )
    expect(audit).toBeGreaterThanOrEqual(2)
  })

  it('place every asset again in the county that now holds it, auditing each move, and back on rollback', async () => {
    // Samburu's facility nearest Turkana, and a new border that hands the ground around it to Turkana.
    const {
      rows: [f],
    } = await app.db.query<{ id: number; version: number }>(
      `SELECT f.id, f.version FROM facilities f WHERE f.county_code = '025'
       ORDER BY ST_Distance(f.geom, (SELECT geom FROM counties WHERE code = '023')), f.id LIMIT 1`,
    )
    const {
      rows: [b],
    } = await app.db.query<{ turkana: string; samburu: string }>(
      `WITH piece AS (SELECT ST_Intersection(ST_Buffer(f.geom, 0.03), s.geom) AS g FROM facilities f, counties s WHERE f.id = $1 AND s.code = '025')
       SELECT ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_Union(t.geom, piece.g), 3))) AS turkana,
              ST_AsGeoJSON(ST_Multi(ST_CollectionExtract(ST_Difference(s.geom, piece.g), 3))) AS samburu
       FROM piece, counties t, counties s WHERE t.code = '023' AND s.code = '025'`,
      [f!.id],
    )
    const before = await count(`SELECT count(*) AS n FROM facilities WHERE county_code = '025'`)
    const file = geojson([
      { type: 'Feature', properties: { code: '023' }, geometry: JSON.parse(b!.turkana) },
      { type: 'Feature', properties: { code: '025' }, geometry: JSON.parse(b!.samburu) },
    ])
    const up = await upload(app.admin, 'counties', 'border.geojson', file)
    expect(up.body.report).toMatchObject({ valid: 2, invalid: 0 })
    const res = await commit(app.admin, up.body.id)
    expect(res.status).toBe(200)
    const moved = (
      await app.db.query<{ id: number; county_code: string; region_code: string; version: number }>(
        `SELECT id, county_code, region_code, version FROM facilities WHERE id = $1`,
        [f!.id],
      )
    ).rows[0]!
    expect(moved).toMatchObject({ county_code: '023', region_code: 'rift_valley', version: f!.version + 1 })
    expect(res.body.result.reassigned.facilities).toBeGreaterThanOrEqual(1)
    const movedOut = before - (await count(`SELECT count(*) AS n FROM facilities WHERE county_code = '025'`))
    expect(movedOut).toBe(res.body.result.reassigned.facilities)
    const audit = (
      await app.db.query<{ before: any; after: any }>(
        `SELECT before, after FROM audit_log WHERE collection = 'facilities' AND item_id = $1 AND action = 'import'`,
        [String(f!.id)],
      )
    ).rows
    expect(audit.map((a) => [a.before.properties.county_code, a.after.properties.county_code])).toEqual([
      ['025', '023'],
    ])
    // The items endpoint's county filter follows.
    const items = await app.admin.json(`/ogc/collections/facilities/items?county=023&limit=10000`)
    expect(items.body.features.map((x: any) => x.id)).toContain(f!.id)

    const back = await app.admin.send('DELETE', `/api/imports/${up.body.id}`)
    expect(back.status).toBe(200)
    expect(back.body.result.rollback.reassigned.facilities).toBe(movedOut)
    expect(
      (await app.db.query<{ county_code: string }>('SELECT county_code FROM facilities WHERE id = $1', [f!.id]))
        .rows[0]!.county_code,
    ).toBe('025')
    expect(await count(`SELECT count(*) AS n FROM facilities WHERE county_code = '025'`)).toBe(before)
  })

  it('asks for force when a replaced county was edited after the import', async () => {
    const up = await upload(app.admin, 'counties', 'counties.geojson', fixture('import-counties.geojson'))
    await commit(app.admin, up.body.id)
    expect(
      (await app.admin.send('PATCH', '/ogc/collections/counties/items/001', { properties: { name: 'Mombasa' } }))
        .status,
    ).toBe(200)
    const refused = await app.admin.send('DELETE', `/api/imports/${up.body.id}`)
    expect(refused.status).toBe(409)
    expect(refused.body.error.message).toMatch(/001 "Mombasa"/)
    expect((await app.admin.send('DELETE', `/api/imports/${up.body.id}?force=true`)).status).toBe(200)
    expect((await geomOf('counties', '001')).source).toBe('reference')
  })

  it('reports a county named twice, an unknown one and a code that contradicts the name', async () => {
    const file = JSON.parse(readFileSync(join(FIXTURES, 'import-counties.geojson'), 'utf8'))
    const g = file.features[0].geometry
    const rows = [
      { COUNTY_COD: 23, COUNTY_NAM: 'Turkana' },
      { COUNTY_COD: '023', COUNTY_NAM: null },
      { COUNTY_COD: 99, COUNTY_NAM: null },
      { COUNTY_COD: 1, COUNTY_NAM: 'Lamu' },
    ].map((properties) => ({
      type: 'Feature',
      properties,
      geometry: file.features.find((f: any) => f.properties.COUNTY_COD === 23)?.geometry ?? g,
    }))
    const up = await upload(app.admin, 'counties', 'c.geojson', geojson(rows))
    expect(up.body.report.errors).toEqual([
      { row: 2, field: 'code', message: 'county 023 (Turkana) is already given in row 1' },
      { row: 3, field: 'code', message: '99 is not a county code (001–047)' },
      { row: 4, field: 'name', message: '"Lamu" is county 005 (Lamu) but the code says 001 (Mombasa)' },
    ])
  })

  it.skipIf(!existsSync(IEBC))('takes the official IEBC boundaries of all 47 counties', async () => {
    const up = await upload(app.admin, 'counties', 'ke_counties_iebc.geojson', new Uint8Array(readFileSync(IEBC)))
    expect(up.status).toBe(201)
    expect(up.body.mapping).toEqual({ county_code: 'code', county_name: 'name' })
    expect(up.body.report).toMatchObject({ valid: 47, invalid: 0 })
    const res = await commit(app.admin, up.body.id)
    expect(res.status).toBe(200)
    expect(res.body.result.replaced).toBe(47)
    expect(res.body.result.regions).toHaveLength(8)
    expect(await count("SELECT count(*) AS n FROM counties WHERE source = 'import'")).toBe(47)
    // Lamu's IEBC polygon includes the sea around the archipelago: about 9,190 km² against the approximate 6,746.
    const lamu = await app.db.query<{ km2: number }>(
      "SELECT ST_Area(geom::geography) / 1e6 AS km2 FROM counties WHERE code = '005'",
    )
    expect(lamu.rows[0]!.km2).toBeGreaterThan(8500)
    // Every asset inside an official outline now belongs to a county whose outline holds it.
    const moved = Object.entries(res.body.result.reassigned as Record<string, number>)
    console.log(
      `[IEBC] assets placed in another county by the official boundaries: ${moved.map(([k, n]) => `${k} ${n}`).join(', ')}`,
    )
    expect(moved.length).toBeGreaterThan(0)
    for (const table of ['roads', 'airstrips', 'border_posts', 'admin_units', 'facilities', 'incidents']) {
      expect(
        await count(
          `SELECT count(*) AS n FROM ${table} t
         WHERE EXISTS (SELECT 1 FROM counties c WHERE ST_Intersects(c.geom, ST_PointOnSurface(t.geom)))
           AND NOT EXISTS (SELECT 1 FROM counties c WHERE c.code = t.county_code AND ST_Intersects(c.geom, ST_PointOnSurface(t.geom)))`,
        ),
        table,
      ).toBe(0)
    }
    expect((await app.admin.send('DELETE', `/api/imports/${up.body.id}`)).status).toBe(200)
    expect(await count("SELECT count(*) AS n FROM counties WHERE source = 'import'")).toBe(0)
  })
  if (!existsSync(IEBC)) console.log(`[skip] IEBC county import: ${IEBC} is absent`)
})

describe('a large import', () => {
  it('stages and commits 20,000 incidents in one batch', async () => {
    const n = 20_000
    const features = Array.from({ length: n }, (_, i) => ({
      type: 'Feature',
      properties: {
        name: `Bulk incident ${i + 1}`,
        occurred_at: `2025-${String(1 + (i % 12)).padStart(2, '0')}-15T08:00:00Z`,
        theme: 'other',
        severity: 1 + (i % 5),
        status: 'open',
      },
      geometry: { type: 'Point', coordinates: [34.5 + (i % 200) * 0.03, -3 + Math.floor(i / 200) * 0.06] },
    }))
    const t0 = performance.now()
    const up = await upload(app.admin, 'incidents', 'bulk.geojson', geojson(features))
    expect(up.status).toBe(201)
    expect(up.body.report).toMatchObject({ valid: n, invalid: 0 })
    const res = await commit(app.admin, up.body.id)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ status: 'committed', processed: n, total: n, result: { inserted: n } })
    console.log(
      `[imports] ${n} GeoJSON points staged and committed in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    )
    expect(await count('SELECT count(*) AS n FROM incidents WHERE import_batch_id = $1', [up.body.id])).toBe(n)
    expect(
      await count(
        `SELECT count(*) AS n FROM audit_log WHERE action = 'import' AND collection = 'incidents' AND item_id IS NOT NULL AND (after -> 'properties' ->> 'import_batch_id')::int = $1`,
        [up.body.id],
      ),
    ).toBe(n)
  })

  // The embedded database answers one statement at a time, so other requests wait for a commit's transaction there.
  it.skipIf(driver === 'embedded')('shows processed/total while a commit runs (server database)', async () => {
    const n = 10_000
    const features = Array.from({ length: n }, (_, i) => ({
      type: 'Feature',
      properties: { name: `Progress ${i}`, kind: 'police_post', status: 'planned' },
      geometry: { type: 'Point', coordinates: [35 + (i % 100) * 0.02, -1 + Math.floor(i / 100) * 0.02] },
    }))
    const up = await upload(app.planner, 'facilities', 'progress.geojson', geojson(features))
    const running = commit(app.planner, up.body.id)
    const seen: { phase: string; processed: number; total: number }[] = []
    let finished = false
    void running.then(() => {
      finished = true
    })
    while (!finished) {
      const p = (await app.planner.json(`/api/imports/${up.body.id}`)).body.progress
      if (p) seen.push(p)
      await new Promise((r) => setTimeout(r, 50))
    }
    expect((await running).status).toBe(200)
    expect(seen.length).toBeGreaterThan(0)
    expect(seen.some((p) => p.processed < p.total)).toBe(true)
    expect(seen.every((p) => ['validating', 'committing'].includes(p.phase) && p.total === n)).toBe(true)
    expect((await app.planner.json(`/api/imports/${up.body.id}`)).body).toMatchObject({
      status: 'committed',
      processed: n,
      progress: null,
    })
  })
  if (driver === 'embedded') console.log('[skip] commit progress while it runs: needs a server database (DATABASE_URL)')
})
