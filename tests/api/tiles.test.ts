import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import { driver } from '../support/db.ts'
import type { Client } from '../support/app.ts'
import { useApp } from '../support/use-app.ts'
import { featureId } from '../support/features.ts'

// Vector tiles: valid MVT, the same features as the items endpoint for the tile's extent and filters, scoped by role,
// and a new data version after every edit (no stale tiles). Runs on both drivers: ST_AsMVT on a server, Node on PGlite.

const app = useApp('planner')

/** Tile → lon/lat bounds (Web Mercator tiling). */
function tileBounds(z: number, x: number, y: number): [number, number, number, number] {
  const n = 2 ** z
  const lon = (i: number) => (i / n) * 360 - 180
  const lat = (j: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / n))) * 180) / Math.PI
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)]
}

/** The tile containing a lon/lat at zoom z. */
function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const x = Math.floor(((lon + 180) / 360) * n)
  const r = (lat * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
  return [x, y]
}

async function decode(client: Client, path: string) {
  const res = await client.request(path)
  const buf = new Uint8Array(await res.arrayBuffer())
  return { res, tile: new VectorTile(new PbfReader(buf) as never) }
}

function layerFeatures(tile: VectorTile, name: string) {
  const layer = tile.layers[name]
  if (!layer) return []
  return Array.from({ length: layer.length }, (_, i) => layer.feature(i))
}

describe(`vector tiles (${driver})`, () => {
  it('are valid MVT with the collection as layer, ids and attributes', async () => {
    const [x, y] = tileOf(35.6, 3.1, 6) // Turkana
    const { res, tile } = await decode(app.planner, `/tiles/facilities/6/${x}/${y}.mvt`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile')
    const feats = layerFeatures(tile, 'facilities')
    expect(feats.length).toBeGreaterThan(0)
    expect(tile.layers.facilities!.extent).toBe(4096)
    expect(typeof feats[0]!.id).toBe('number')
    expect(feats[0]!.properties).toHaveProperty('kind')
    expect(feats[0]!.properties).toHaveProperty('status')
  })

  it.each([
    ['incidents', 'theme=cattle_rustling_banditry', 7],
    ['facilities', 'kind=police_post,police_station', 7],
    ['roads', 'condition=poor,impassable', 9],
    ['border_posts', '', 5],
  ])('%s with %s: same features as the items endpoint for the tile extent', async (id, filter, z) => {
    const [x, y] = tileOf(35.6, 3.1, z)
    const { tile } = await decode(app.planner, `/tiles/${id}/${z}/${x}/${y}.mvt?${filter}`)
    const [w, s, e, n] = tileBounds(z, x, y)
    // Tiles carry a small buffer; compare against items within the exact tile, allowing the buffer's extras.
    const inner = await app.planner.json(
      `/ogc/collections/${id}/items?limit=10000&bbox=${[w, s, e, n].join(',')}&${filter}`,
    )
    const tileIds = new Set(layerFeatures(tile, id).map((f) => f.id))
    const itemIds = inner.body.features.map((f: { id: number }) => f.id)
    expect(itemIds.filter((i: number) => !tileIds.has(i))).toEqual([])
    const dx = ((e - w) * 64) / 4096
    const dy = ((n - s) * 64) / 4096
    const outer = await app.planner.json(
      `/ogc/collections/${id}/items?limit=10000&bbox=${[w - dx, s - dy, e + dx, n + dy].join(',')}&${filter}`,
    )
    const outerIds = new Set(outer.body.features.map((f: { id: number }) => f.id))
    expect([...tileIds].filter((i) => !outerIds.has(i))).toEqual([])
  })

  it('generalise at national zooms: only trunk and security roads below zoom 7', async () => {
    const [x, y] = tileOf(36.8, -1.3, 5)
    const low = layerFeatures((await decode(app.planner, `/tiles/roads/5/${x}/${y}.mvt`)).tile, 'roads')
    expect(low.length).toBeGreaterThan(0)
    expect(
      low.every((f) => ['A', 'B'].includes(String(f.properties.road_class)) || f.properties.is_security_road === true),
    ).toBe(true)
    const [x9, y9] = tileOf(35.5, 1.2, 9)
    const high = layerFeatures((await decode(app.planner, `/tiles/roads/9/${x9}/${y9}.mvt`)).tile, 'roads')
    expect(high.some((f) => !['A', 'B'].includes(String(f.properties.road_class)))).toBe(true)
  })

  it('are scoped by role: a commissioner gets only their region, a viewer no incidents', async () => {
    const [x, y] = tileOf(37.9, 0.5, 5) // spans several regions
    const rift = await decode(await app.as('commissioner.rift'), `/tiles/incidents/5/${x}/${y}.mvt`)
    const regions = new Set(layerFeatures(rift.tile, 'incidents').map((f) => f.properties.region_code))
    expect([...regions]).toEqual(['rift_valley'])
    const national = await decode(app.planner, `/tiles/incidents/5/${x}/${y}.mvt`)
    expect(layerFeatures(national.tile, 'incidents').length).toBeGreaterThan(
      layerFeatures(rift.tile, 'incidents').length,
    )
    expect((await (await app.as('viewer')).request(`/tiles/incidents/5/${x}/${y}.mvt`)).status).toBe(403)
  })

  it('change version after an edit, so no client keeps a stale tile', async () => {
    const meta1 = (await app.planner.json('/api/meta')).body.versions.roads
    const id = await featureId(app.db, 'roads', "t.county_code = '023'")
    const path = `/tiles/roads/6/${tileOf(35.6, 3.1, 6).join('/')}.mvt?v=${meta1}`
    const first = await app.planner.request(path)
    expect(first.headers.get('cache-control')).toContain('immutable')
    const etag = first.headers.get('etag')!
    expect((await app.planner.request(path, { headers: { 'If-None-Match': etag } })).status).toBe(304)
    expect(
      (
        await app.planner.send('PATCH', `/ogc/collections/roads/items/${id}`, {
          properties: { condition: 'impassable' },
        })
      ).status,
    ).toBe(200)
    const meta2 = (await app.planner.json('/api/meta')).body.versions.roads
    expect(meta2).toBeGreaterThan(meta1)
    const stale = await app.planner.request(path)
    expect(stale.headers.get('cache-control')).not.toContain('immutable')
    expect(stale.headers.get('etag')).not.toBe(etag)
  })

  it('are cached for every instance until an edit bumps the version; the zoom band follows the edit', async () => {
    const id = Number(await featureId(app.db, 'roads', "t.road_class IN ('C', 'D') AND NOT t.is_security_road"))
    const { rows } = await app.db.query<{ lon: number; lat: number }>(
      'SELECT ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM roads WHERE id = $1',
      [id],
    )
    const path = `/tiles/roads/5/${tileOf(rows[0]!.lon, rows[0]!.lat, 5).join('/')}.mvt`
    const v1 = (await app.planner.json('/api/meta')).body.versions.roads
    const cold = await decode(app.planner, `${path}?v=${v1}`)
    const warm = await decode(app.planner, `${path}?v=${v1}`)
    expect([cold.res.headers.get('x-tile-cache'), warm.res.headers.get('x-tile-cache')]).toEqual(['miss', 'hit'])
    expect(layerFeatures(warm.tile, 'roads').length).toBe(layerFeatures(cold.tile, 'roads').length)
    expect(layerFeatures(warm.tile, 'roads').some((f) => f.id === id)).toBe(false) // not a national road
    const patch = await app.planner.send('PATCH', `/ogc/collections/roads/items/${id}`, {
      properties: { road_class: 'A' },
    })
    expect(patch.status).toBe(200)
    const v2 = (await app.planner.json('/api/meta')).body.versions.roads
    const edited = await decode(app.planner, `${path}?v=${v2}`)
    expect(edited.res.headers.get('x-tile-cache')).toBe('miss')
    expect(layerFeatures(edited.tile, 'roads').find((f) => f.id === id)?.properties.road_class).toBe('A')
    const stored = await app.db.query<{ version: number }>(
      "SELECT DISTINCT version FROM tile_cache WHERE collection = 'roads'",
    )
    expect(stored.rows.map((r) => Number(r.version))).toEqual([v2])
  })

  it('keep every feature of a zoom band visible at low zoom, however short', async () => {
    const created = await app.planner.send('POST', '/ogc/collections/roads/items', {
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [40.5, 2.5],
          [40.5002, 2.5001],
        ],
      },
      properties: {
        name: 'Culvert bypass',
        road_class: 'E',
        surface: 'earth',
        condition: 'fair',
        is_security_road: true,
        status: 'existing',
      },
    })
    expect(created.status).toBe(201)
    for (const z of [5, 6, 8, 10, 12]) {
      const [x, y] = tileOf(40.5001, 2.50005, z)
      const ids = layerFeatures((await decode(app.planner, `/tiles/roads/${z}/${x}/${y}.mvt`)).tile, 'roads').map(
        (f) => f.id,
      )
      expect(ids, `zoom ${z}`).toContain(created.body.id)
    }
    // Every trunk road inside a national tile is in it.
    const [x, y] = tileOf(36.8, -1.3, 5)
    const tileIds = new Set(
      layerFeatures((await decode(app.planner, `/tiles/roads/5/${x}/${y}.mvt`)).tile, 'roads').map((f) => f.id),
    )
    const trunk = await app.planner.json(
      `/ogc/collections/roads/items?limit=10000&road_class=A,B&bbox=${tileBounds(5, x, y).join(',')}`,
    )
    expect(trunk.body.features.length).toBeGreaterThan(0)
    expect(trunk.body.features.filter((f: { id: number }) => !tileIds.has(f.id))).toEqual([])
  })

  it.each([
    '/tiles/roads/6/64/31.mvt',
    '/tiles/roads/23/0/0.mvt',
    '/tiles/roads/6/38/31.png',
    '/tiles/roads/6/38/31.mvt?condition=shiny',
    '/tiles/roads/6/38/31.mvt?evil=1',
  ])('%s → 400', async (path) => {
    const r = await app.planner.json(path)
    expect(r.status).toBe(400)
    expect(r.body.error.parameter).toBeTruthy()
  })

  it('returns an empty tile where there is nothing', async () => {
    const r = await app.planner.request('/tiles/roads/6/0/0.mvt')
    expect(r.status).toBe(200)
    expect((await r.arrayBuffer()).byteLength).toBe(0)
  })
})
