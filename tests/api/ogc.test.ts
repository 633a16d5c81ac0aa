import { describe, expect, it } from 'vitest'
import { COLLECTION_LIST } from '../../server/assets/collections.ts'
import { useApp } from '../support/use-app.ts'
import { allowUndocumented } from '../support/openapi-check.ts'

// Kenya's extent with a small margin: every feature must fall inside it.
const KENYA = { minLon: 33.5, minLat: -5.2, maxLon: 42.2, maxLat: 5.3 }

const app = useApp('planner')

describe('OGC API – Features: discovery', () => {
  it('has a landing page linking the API definition, conformance and collections', async () => {
    const { status, body } = await app.planner.json('/ogc')
    expect(status).toBe(200)
    const rels = body.links.map((l: { rel: string }) => l.rel)
    expect(rels).toEqual(expect.arrayContaining(['self', 'service-desc', 'conformance', 'data']))
  })

  it('declares Core and GeoJSON conformance', async () => {
    const { body } = await app.planner.json('/ogc/conformance')
    expect(body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core')
    expect(body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson')
  })

  it('lists the nine collections with extents inside Kenya', async () => {
    const { body } = await app.planner.json('/ogc/collections')
    const ids = body.collections.map((c: { id: string }) => c.id).sort()
    expect(ids).toEqual([
      'admin_units',
      'airstrips',
      'border_posts',
      'counties',
      'facilities',
      'incident_stats',
      'incidents',
      'regions',
      'roads',
    ])
    for (const c of body.collections) {
      const [x0, y0, x1, y1] = c.extent.spatial.bbox[0]
      expect(x0).toBeGreaterThanOrEqual(KENYA.minLon)
      expect(y0).toBeGreaterThanOrEqual(KENYA.minLat)
      expect(x1).toBeLessThanOrEqual(KENYA.maxLon)
      expect(y1).toBeLessThanOrEqual(KENYA.maxLat)
      expect(c.links.some((l: { rel: string }) => l.rel === 'items')).toBe(true)
    }
  })

  it('describes one collection, with a temporal extent for incidents', async () => {
    const { status, body } = await app.planner.json('/ogc/collections/incidents')
    expect(status).toBe(200)
    expect(body.extent.temporal.interval[0]).toHaveLength(2)
  })

  it('answers an unknown collection with a JSON 404', async () => {
    allowUndocumented('/ogc/collections/tanks/items')
    const { status, body } = await app.planner.json('/ogc/collections/tanks/items')
    expect(status).toBe(404)
    expect(body.error.code).toBe('not_found')
  })
})

describe('OGC API – Features: reference and sample counts', () => {
  const matched = async (path: string) => (await app.planner.json(path)).body.numberMatched as number
  it('has the 8 regions and the 47 counties', async () => {
    expect(await matched('/ogc/collections/regions/items?limit=1')).toBe(8)
    expect(await matched('/ogc/collections/counties/items?limit=1')).toBe(47)
  })
  it('has at least 10 border posts and 100 airstrips/airports', async () => {
    expect(await matched('/ogc/collections/border_posts/items?limit=1')).toBeGreaterThanOrEqual(10)
    expect(await matched('/ogc/collections/airstrips/items?limit=1')).toBeGreaterThanOrEqual(100)
  })
  it('holds all 277 OurAirports records for Kenya as reference data', async () => {
    expect(await matched('/ogc/collections/airstrips/items?limit=1&source=reference')).toBe(277)
  })
})

describe('OGC API – Features: items', () => {
  it('pages with limit/offset, numberMatched and a next link that leads to the following page', async () => {
    const first = await app.planner.json('/ogc/collections/facilities/items?limit=5')
    expect(first.status).toBe(200)
    expect(first.headers.get('content-type')).toContain('application/geo+json')
    expect(first.body.type).toBe('FeatureCollection')
    expect(first.body.numberReturned).toBe(5)
    expect(first.body.numberMatched).toBeGreaterThan(5)
    const next = first.body.links.find((l: { rel: string }) => l.rel === 'next')
    const u = new URL(next.href)
    expect(u.searchParams.get('offset')).toBe('5')
    const second = await app.planner.json(u.pathname + u.search)
    const ids1 = first.body.features.map((f: { id: number }) => f.id)
    const ids2 = second.body.features.map((f: { id: number }) => f.id)
    expect(ids2).toHaveLength(5)
    expect(ids1.filter((id: number) => ids2.includes(id))).toEqual([])
  })

  it('has no next link on the last page', async () => {
    const { body } = await app.planner.json('/ogc/collections/regions/items?limit=8')
    expect(body.links.some((l: { rel: string }) => l.rel === 'next')).toBe(false)
  })

  it('defaults to 100 features a page', async () => {
    const { body } = await app.planner.json('/ogc/collections/incidents/items')
    expect(body.numberReturned).toBe(100)
  })

  it('filters by bbox: every feature intersects the box, and fewer match than without it', async () => {
    const box = [35.0, 1.0, 36.5, 3.5]
    const all = await app.planner.json('/ogc/collections/incidents/items?limit=1')
    const { body } = await app.planner.json(`/ogc/collections/incidents/items?limit=10000&bbox=${box.join(',')}`)
    expect(body.numberMatched).toBeGreaterThan(0)
    expect(body.numberMatched).toBeLessThan(all.body.numberMatched)
    for (const f of body.features) {
      const [x, y] = f.geometry.coordinates
      expect(x).toBeGreaterThanOrEqual(box[0]!)
      expect(x).toBeLessThanOrEqual(box[2]!)
      expect(y).toBeGreaterThanOrEqual(box[1]!)
      expect(y).toBeLessThanOrEqual(box[3]!)
    }
  })

  it('filters by equality on documented properties, comma-separated values meaning any of', async () => {
    const { body } = await app.planner.json(
      '/ogc/collections/roads/items?limit=10000&condition=poor,impassable&is_security_road=true',
    )
    expect(body.numberMatched).toBeGreaterThan(0)
    for (const f of body.features) {
      expect(['poor', 'impassable']).toContain(f.properties.condition)
      expect(f.properties.is_security_road).toBe(true)
    }
    const rift = await app.planner.json('/ogc/collections/counties/items?region=rift_valley&limit=100')
    expect(rift.body.numberMatched).toBe(14)
    const turkana = await app.planner.json('/ogc/collections/facilities/items?county=023&kind=police_post&limit=1000')
    for (const f of turkana.body.features)
      expect([f.properties.county_code, f.properties.kind]).toEqual(['023', 'police_post'])
  })

  it('filters incidents by datetime interval, open intervals and a single day', async () => {
    const { body } = await app.planner.json(
      '/ogc/collections/incidents/items?limit=10000&datetime=2025-03-01T00:00:00Z/2025-03-31T23:59:59Z',
    )
    expect(body.numberMatched).toBeGreaterThan(0)
    for (const f of body.features) {
      expect(f.properties.occurred_at >= '2025-03-01').toBe(true)
      expect(f.properties.occurred_at < '2025-04-01').toBe(true)
    }
    const before = await app.planner.json('/ogc/collections/incidents/items?limit=1&datetime=../2025-03-01')
    const after = await app.planner.json('/ogc/collections/incidents/items?limit=1&datetime=2025-03-02/..')
    const day = await app.planner.json('/ogc/collections/incidents/items?limit=1&datetime=2025-03-01')
    const all = await app.planner.json('/ogc/collections/incidents/items?limit=1')
    expect(before.body.numberMatched + after.body.numberMatched).toBe(all.body.numberMatched)
    expect(day.body.numberMatched).toBeGreaterThan(0)
    expect(day.body.numberMatched).toBeLessThan(before.body.numberMatched)
  })

  it('returns one feature with an ETag of its version, and 404 for a missing one', async () => {
    const page = await app.planner.json('/ogc/collections/border_posts/items?limit=1')
    const id = page.body.features[0].id
    const one = await app.planner.json(`/ogc/collections/border_posts/items/${id}`)
    expect(one.status).toBe(200)
    expect(one.body.id).toBe(id)
    expect(one.headers.get('etag')).toBe(`"${one.body.properties.version}"`)
    const county = await app.planner.json('/ogc/collections/counties/items/023')
    expect(county.body.properties.name).toBe('Turkana')
    expect((await app.planner.json('/ogc/collections/border_posts/items/999999999')).status).toBe(404)
  })
})

describe('OGC API – Features: bad input', () => {
  const bad: [string, string][] = [
    ['/ogc/collections/roads/items?limit=0', 'limit'],
    ['/ogc/collections/roads/items?limit=-5', 'limit'],
    ['/ogc/collections/roads/items?limit=10001', 'limit'],
    ['/ogc/collections/roads/items?limit=abc', 'limit'],
    ['/ogc/collections/roads/items?limit=1e999', 'limit'],
    ['/ogc/collections/roads/items?offset=-1', 'offset'],
    ['/ogc/collections/roads/items?bbox=1,2,3', 'bbox'],
    ['/ogc/collections/roads/items?bbox=a,b,c,d', 'bbox'],
    ['/ogc/collections/roads/items?bbox=36,1,35,2', 'bbox'],
    ['/ogc/collections/roads/items?bbox=NaN,1,36,2', 'bbox'],
    ['/ogc/collections/roads/items?bbox=-200,1,36,2', 'bbox'],
    ['/ogc/collections/roads/items?condition=excellent', 'condition'],
    ['/ogc/collections/roads/items?is_security_road=maybe', 'is_security_road'],
    ['/ogc/collections/roads/items?status=%27%3B%20DROP%20TABLE%20roads%3B--', 'status'],
    ['/ogc/collections/incidents/items?datetime=yesterday', 'datetime'],
    ['/ogc/collections/incidents/items?datetime=2025-05-01/2025-01-01', 'datetime'],
    ['/ogc/collections/incidents/items?severity=high', 'severity'],
    ['/ogc/collections/roads/items?colour=red', 'colour'],
    ['/ogc/collections/roads/items?datetime=2025-01-01', 'datetime'],
    ['/ogc/collections/roads/items/abc', 'featureId'],
  ]
  it.each(bad)('%s → 400 naming %s', async (path, parameter) => {
    const { status, body } = await app.planner.json(path)
    expect(status).toBe(400)
    expect(body.error.parameter).toBe(parameter)
    expect(body.error.message).toBeTruthy()
  })

  it('leaves the data unchanged after hostile queries', async () => {
    const { body } = await app.planner.json('/ogc/collections/roads/items?limit=1')
    expect(body.numberMatched).toBeGreaterThan(100)
  })
})

describe('every feature of every collection', () => {
  it.each(COLLECTION_LIST.map((c) => c.id))('%s: geometry valid and inside Kenya', async (id) => {
    const c = COLLECTION_LIST.find((x) => x.id === id)!
    const r = await app.db.query<{ n: number; invalid: number; outside: number }>(
      `SELECT count(*) AS n,
              count(*) FILTER (WHERE NOT ST_IsValid(geom)) AS invalid,
              count(*) FILTER (WHERE NOT ST_Within(geom, ST_MakeEnvelope($1, $2, $3, $4, 4326))) AS outside
       FROM ${c.table}`,
      [KENYA.minLon, KENYA.minLat, KENYA.maxLon, KENYA.maxLat],
    )
    expect(r.rows[0]!.n).toBeGreaterThan(0)
    expect(r.rows[0]!.invalid).toBe(0)
    expect(r.rows[0]!.outside).toBe(0)
  })
})
