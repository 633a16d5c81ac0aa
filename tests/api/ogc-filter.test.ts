import { describe, expect, it } from 'vitest'
import { useApp } from '../support/use-app.ts'

// OGC API – Features Part 3 (queryables, CQL2 filters), Part 2 (CRS), sortby, properties= and paging, as QGIS and
// GDAL use them. Each filter is checked against an equivalent request the API already answered, or against SQL.

const app = useApp('planner', 'commissioner.rift', 'viewer')

const q = (params: Record<string, string | number>) =>
  new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))
const ids = async (collection: string, params: Record<string, string | number>, who = app.planner) => {
  const r = await who.json(`/ogc/collections/${collection}/items?${q({ limit: 10000, ...params })}`)
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200)
  expect(r.body.numberReturned).toBe(r.body.features.length)
  return (r.body.features as { id: number }[]).map((f) => f.id).sort((a, b) => a - b)
}
const sqlIds = async (table: string, where: string) =>
  (await app.db.query<{ id: number }>(`SELECT id FROM ${table} WHERE ${where} ORDER BY id`)).rows.map((r) =>
    Number(r.id),
  )

describe('CQL2 filters on items', () => {
  it('give what the equality, bbox and datetime parameters give', async () => {
    const same = async (collection: string, filter: string, equivalent: Record<string, string>) => {
      const a = await ids(collection, { filter })
      expect(a.length, filter).toBeGreaterThan(0)
      expect(a, filter).toEqual(await ids(collection, equivalent))
    }
    await same('facilities', "kind = 'police_post'", { kind: 'police_post' })
    await same('facilities', "kind IN ('prison', 'police_station')", { kind: 'prison,police_station' })
    await same('facilities', "kind = 'police_post' AND status = 'operational'", {
      kind: 'police_post',
      status: 'operational',
    })
    await same('roads', 'S_INTERSECTS(geometry, BBOX(35, 0, 36.5, 3))', { bbox: '35,0,36.5,3' })
    await same('incidents', "T_INTERSECTS(occurred_at, INTERVAL('2025-01-01T00:00:00Z', '2025-06-30T23:59:59Z'))", {
      datetime: '2025-01-01T00:00:00Z/2025-06-30T23:59:59Z',
    })
    await same('incidents', "occurred_at >= TIMESTAMP('2025-01-01T00:00:00Z')", { datetime: '2025-01-01T00:00:00Z/..' })
    await same('admin_units', 'gazetted = true AND has_office = false', { gazetted: 'true', has_office: 'false' })
  })

  it('answer LIKE, BETWEEN, IS NULL, NOT, comparisons and property-property as SQL does', async () => {
    const cases: [string, string, string][] = [
      ['facilities', "name LIKE '%Police%'", "name LIKE '%Police%'"],
      ['facilities', "name NOT LIKE '%Police%'", "name NOT LIKE '%Police%'"],
      ['facilities', 'staff BETWEEN 5 AND 20', 'staff BETWEEN 5 AND 20'],
      [
        'incidents',
        "T_DURING(occurred_at, INTERVAL('2025-02-01T00:00:00Z', '2025-03-01T00:00:00Z'))",
        "occurred_at > '2025-02-01T00:00:00Z' AND occurred_at < '2025-03-01T00:00:00Z'",
      ],
      [
        'incidents',
        "T_AFTER(occurred_at, TIMESTAMP('2025-09-01T00:00:00Z')) AND NOT T_DISJOINT(occurred_at, INTERVAL('..', '2025-12-31'))",
        "occurred_at > '2025-09-01T00:00:00Z' AND occurred_at < '2026-01-01T00:00:00+03:00'",
      ],
      ['facilities', 'capacity IS NULL', 'capacity IS NULL'],
      ['facilities', 'capacity IS NOT NULL AND occupancy > capacity', 'capacity IS NOT NULL AND occupancy > capacity'],
      ['incidents', 'severity >= 4 OR fatalities > 0', 'severity >= 4 OR fatalities > 0'],
      ['incidents', "NOT (theme = 'terrorism')", "NOT (theme = 'terrorism')"],
      ['roads', 'length_km < 5 AND is_security_road = true', 'length_km < 5 AND is_security_road'],
      [
        'incidents',
        "occurred_at = DATE('2025-03-14') OR T_BEFORE(occurred_at, DATE('2024-02-01'))",
        "(occurred_at AT TIME ZONE 'Africa/Nairobi')::date = '2025-03-14' OR occurred_at < '2024-02-01T00:00:00+03:00'",
      ],
      [
        'border_posts',
        'S_DWITHIN(geometry, POINT(34.05 0.47), 20000)',
        'ST_DWithin(geom::geography, ST_MakePoint(34.05, 0.47)::geography, 20000)',
      ],
      [
        'counties',
        'S_CONTAINS(geometry, POINT(36.82 -1.29))',
        'ST_Contains(geom, ST_SetSRID(ST_MakePoint(36.82, -1.29), 4326))',
      ],
    ]
    for (const [collection, filter, where] of cases) {
      const table = collection === 'counties' ? null : collection
      const expected = table ? await sqlIds(table, where) : null
      const got =
        collection === 'counties'
          ? (await app.planner.json(`/ogc/collections/counties/items?${q({ filter })}`)).body.features.map(
              (f: any) => f.properties.name,
            )
          : await ids(collection, { filter })
      if (expected) expect(got, filter).toEqual(expected)
      else expect(got).toEqual(['Nairobi'])
    }
  })

  it('reads CQL2-JSON as it reads CQL2-text', async () => {
    const text = "kind = 'police_post' AND S_INTERSECTS(geometry, BBOX(34, -1, 38, 2))"
    const json = {
      op: 'and',
      args: [
        { op: '=', args: [{ property: 'kind' }, 'police_post'] },
        { op: 's_intersects', args: [{ property: 'geometry' }, { bbox: [34, -1, 38, 2] }] },
      ],
    }
    const a = await ids('facilities', { filter: text })
    expect(a.length).toBeGreaterThan(0)
    expect(await ids('facilities', { filter: JSON.stringify(json), 'filter-lang': 'cql2-json' })).toEqual(a)
  })

  it("keeps a commissioner inside their region whatever the filter's OR says", async () => {
    const got = await app.commissionerRift.json(
      `/ogc/collections/facilities/items?${q({ limit: 10000, filter: "region_code = 'coast' OR region_code = 'rift_valley' OR TRUE" })}`,
    )
    expect(got.status).toBe(200)
    expect(got.body.features.length).toBeGreaterThan(0)
    expect(new Set(got.body.features.map((f: any) => f.properties.region_code))).toEqual(new Set(['rift_valley']))
  })

  it('refuses what cannot be answered with a 400 naming the filter and the token, and hostile filters alike', async () => {
    const bad: [Record<string, string>, RegExp][] = [
      [{ filter: "colour = 'red'" }, /'colour' is not a queryable/],
      [{ filter: "kind = 'police post'" }, /not a value of kind/],
      [{ filter: "kind = 'prison' AND" }, /end of the filter/],
      [{ filter: `${'('.repeat(100)}kind = 'prison'${')'.repeat(100)}` }, /nested deeper/],
      [{ filter: `staff IN (${Array.from({ length: 1500 }, (_, i) => i).join(',')})` }, /IN list/],
      [{ filter: "name = 'x'); DROP TABLE facilities; --" }, /unexpected character ';'/],
      [{ filter: "name = 'x')" }, /found '\)' at position 11/],
      [{ filter: '1 = 1; SELECT pg_sleep(10)' }, /unexpected character ';'/],
      [
        { filter: '{"op":"=","args":[{"property":"name; DROP TABLE x"},"a"]}', 'filter-lang': 'cql2-json' },
        /not a queryable/,
      ],
      [{ filter: 'S_INTERSECTS(geometry, POLYGON((1 1, 2 2)))' }, /at least 4 positions/],
      [{ filter: "kind = 'prison'", 'filter-crs': 'EPSG:9999' }, /filter-crs must be one of/],
    ]
    for (const [params, message] of bad) {
      const r = await app.planner.json(`/ogc/collections/facilities/items?${q(params)}`)
      expect(r.status, JSON.stringify(r.body)).toBe(400)
      expect(r.body.error.parameter).toBe(params['filter-crs'] ? 'filter-crs' : 'filter')
      expect(r.body.error.message).toMatch(message)
    }
    expect((await app.db.query('SELECT count(*)::int AS n FROM facilities')).rows[0]).toMatchObject({
      n: expect.any(Number),
    })
  })

  it('is refused on a collection the role cannot read', async () => {
    const r = await app.viewer.json(`/ogc/collections/incidents/items?${q({ filter: 'severity > 3' })}`)
    expect(r.status).toBe(403)
    expect((await app.viewer.json('/ogc/collections/incidents/queryables')).status).toBe(403)
  })

  it('filters tiles and exports the same way', async () => {
    const all = await app.planner.request('/tiles/facilities/6/38/31.mvt')
    const some = await app.planner.request(`/tiles/facilities/6/38/31.mvt?${q({ filter: "kind = 'prison'" })}`)
    expect(all.status).toBe(200)
    expect(some.status).toBe(200)
    expect((await some.arrayBuffer()).byteLength).toBeLessThan((await all.arrayBuffer()).byteLength)
    const csv = await app.planner.request(`/api/exports/facilities?${q({ format: 'csv', filter: "kind = 'prison'" })}`)
    expect(csv.status).toBe(200)
    const rows = (await csv.text()).trim().split('\n').slice(1)
    expect(rows.length).toBe((await sqlIds('facilities', "kind = 'prison'")).length)
  })
})

describe('queryables', () => {
  it('describe every filterable property with its type and domain, and the geometry', async () => {
    const r = await app.planner.request('/ogc/collections/facilities/queryables')
    expect(r.status).toBe(200)
    expect(r.headers.get('Content-Type')).toContain('application/schema+json')
    const doc = await r.json()
    expect(doc.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    expect(doc.properties.kind.enum).toContain('police_post')
    expect(doc.properties.capacity.type).toEqual(['integer', 'null'])
    expect(doc.properties.updated_at.format).toBe('date-time')
    expect(doc.properties.geometry.format).toBe('geometry-point')
    const conf = (await app.planner.json('/ogc/conformance')).body.conformsTo
    expect(conf).toContain('http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter')
    expect(conf).toContain('http://www.opengis.net/spec/cql2/1.0/conf/cql2-text')
    expect(conf).toContain('http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs')
  })
})

describe('coordinate reference systems (Part 2)', () => {
  it('serves coordinates in Arc 1960 / UTM 37S as PostGIS transforms them, to the millimetre', async () => {
    const r = await app.planner.json(
      `/ogc/collections/facilities/items?${q({ crs: 'http://www.opengis.net/def/crs/EPSG/0/21037', limit: 20, sortby: 'id' })}`,
    )
    expect(r.status).toBe(200)
    expect(r.headers.get('Content-Crs')).toBe('<http://www.opengis.net/def/crs/EPSG/0/21037>')
    for (const f of r.body.features) {
      const [x, y] = f.geometry.coordinates
      const ref = await app.db.query<{ x: number; y: number }>(
        'SELECT ST_X(g) AS x, ST_Y(g) AS y FROM (SELECT ST_Transform(geom, 21037) AS g FROM facilities WHERE id = $1) s',
        [f.id],
      )
      expect(Math.abs(x - ref.rows[0]!.x)).toBeLessThan(0.001)
      expect(Math.abs(y - ref.rows[0]!.y)).toBeLessThan(0.001)
    }
    const one = r.body.features[0]
    const single = await app.planner.request(`/ogc/collections/facilities/items/${one.id}?crs=EPSG:21037`)
    expect(single.headers.get('Content-Crs')).toBe('<http://www.opengis.net/def/crs/EPSG/0/21037>')
    expect((await single.json()).geometry.coordinates).toEqual(one.geometry.coordinates)
  })

  it('orders EPSG:4326 latitude first, and takes a bbox in any offered CRS', async () => {
    const crs84 = await app.planner.json(`/ogc/collections/border_posts/items?${q({ limit: 5, sortby: 'id' })}`)
    const epsg = await app.planner.json(
      `/ogc/collections/border_posts/items?${q({ limit: 5, sortby: 'id', crs: 'EPSG:4326' })}`,
    )
    expect(epsg.body.features[0].geometry.coordinates).toEqual(
      [...crs84.body.features[0].geometry.coordinates].reverse(),
    )
    const box = await app.db.query<{ b: string }>(
      `SELECT concat_ws(',', ST_XMin(e), ST_YMin(e), ST_XMax(e), ST_YMax(e)) AS b
       FROM (SELECT ST_Transform(ST_MakeEnvelope(36, -1.5, 37.5, 0.5, 4326), 21037)::box2d AS e) s`,
    )
    const inUtm = await ids('facilities', { bbox: box.rows[0]!.b, 'bbox-crs': 'EPSG:21037' })
    const expected = await sqlIds(
      'facilities',
      `ST_Intersects(geom, ST_Transform(ST_MakeEnvelope(${box.rows[0]!.b}, 21037), 4326))`,
    )
    expect(inUtm.length).toBeGreaterThan(0)
    expect(inUtm).toEqual(expected)
    const latLon = await ids('facilities', { bbox: '-1.5,36,0.5,37.5', 'bbox-crs': 'EPSG:4326' })
    expect(latLon).toEqual(await ids('facilities', { bbox: '36,-1.5,37.5,0.5' }))
    expect((await app.planner.json('/ogc/collections/facilities/items?crs=EPSG:9999')).status).toBe(400)
  })
})

describe('sortby, properties and paging', () => {
  it('sorts by queryables and returns only the properties asked for', async () => {
    const r = await app.planner.json(
      `/ogc/collections/facilities/items?${q({ sortby: '-staff,+name', properties: 'name,staff', limit: 50 })}`,
    )
    expect(r.status).toBe(200)
    const staff = r.body.features.map((f: any) => f.properties.staff ?? -Infinity)
    expect(staff).toEqual([...staff].sort((a: number, b: number) => b - a))
    expect(Object.keys(r.body.features[0].properties).sort()).toEqual(['name', 'staff'])
    const bad = await app.planner.json('/ogc/collections/facilities/items?sortby=colour')
    expect(bad.status).toBe(400)
    expect(bad.body.error.parameter).toBe('sortby')
  })

  it('pages through a filtered, sorted layer without gaps or repeats, keeping every parameter in next', async () => {
    const params = { filter: "status <> 'closed'", sortby: '-name', limit: 37 }
    const whole = await ids('facilities', { filter: params.filter })
    let url: string | undefined = `/ogc/collections/facilities/items?${q(params)}`
    const seen: number[] = []
    while (url) {
      const r = await app.planner.json(url)
      expect(r.status).toBe(200)
      seen.push(...r.body.features.map((f: any) => f.id))
      const next = r.body.links.find((l: any) => l.rel === 'next')
      if (next) expect(new URL(next.href).searchParams.get('filter')).toBe(params.filter)
      url = next ? new URL(next.href).pathname + new URL(next.href).search : undefined
    }
    expect(seen.length).toBe(whole.length)
    expect([...seen].sort((a, b) => a - b)).toEqual(whole)
  })
})
