import { VectorTile, type VectorTileFeature } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import { MERGED_ROAD_PROPERTIES } from '../../server/tiles/mvt.ts'
import { tileCacheWritten } from '../../server/tiles/cache.ts'
import { driver } from '../support/db.ts'
import { checkedApp, signIn, type Client } from '../support/app.ts'
import { useApp } from '../support/use-app.ts'
import { featureId } from '../support/features.ts'

// Vector tiles: valid MVT, the same features as the items endpoint for the tile's extent and filters, scoped by role,
// and a new data version after every edit (no stale tiles). National road tiles (zoom ≤ 8) carry merged lines, one per
// class, surface, condition, security flag, status and county. Runs on both drivers: ST_AsMVT on a server, Node on
// PGlite.

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

interface RoadProps {
  road_class: string
  surface: string
  condition: string
  is_security_road: boolean
  status: string
  county_code: string | null
}

/** The group a road is merged into on national tiles. */
const groupOf = (p: RoadProps | Record<string, unknown>) =>
  ['road_class', 'surface', 'condition', 'is_security_road', 'status', 'county_code']
    .map((k) => String((p as Record<string, unknown>)[k] ?? ''))
    .join('|')

/** A lon/lat in a tile's own units (0–4096 across the tile). */
function tileUnits(lon: number, lat: number, z: number, x: number, y: number): [number, number] {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  const gx = ((lon + 180) / 360) * n
  const gy = ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n
  return [(gx - x) * 4096, (gy - y) * 4096]
}

/** Distance in tile units from a point to the nearest part of a line feature. */
function distanceTo(f: VectorTileFeature, [px, py]: [number, number]): number {
  let best = Infinity
  for (const line of f.loadGeometry()) {
    for (let i = 0; i < line.length; i++) {
      const a = line[i]!
      const b = line[Math.min(i + 1, line.length - 1)]!
      const dx = b.x - a.x
      const dy = b.y - a.y
      const len = dx * dx + dy * dy
      const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - a.x) * dx + (py - a.y) * dy) / len))
      best = Math.min(best, Math.hypot(a.x + t * dx - px, a.y + t * dy - py))
    }
  }
  return best
}

const vertices = (f: VectorTileFeature) => f.loadGeometry().reduce((n, ring) => n + ring.length, 0)

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
    ['roads', 'condition=poor,impassable', 11],
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

  it('are cached for every instance and in its memory until an edit bumps the version; the band follows the edit', async () => {
    const id = Number(await featureId(app.db, 'roads', "t.road_class IN ('C', 'D') AND NOT t.is_security_road"))
    const { rows } = await app.db.query<RoadProps & { lon: number; lat: number }>(
      `SELECT road_class, surface, condition, is_security_road, status, county_code,
              ST_X(ST_PointOnSurface(geom)) AS lon, ST_Y(ST_PointOnSurface(geom)) AS lat FROM roads WHERE id = $1`,
      [id],
    )
    const road = rows[0]!
    const path = `/tiles/roads/5/${tileOf(road.lon, road.lat, 5).join('/')}.mvt`
    // A second instance of the app on the same database: its own memory, the same shared cache.
    const other = await signIn(checkedApp({ db: app.db }), 'planner')
    const v1 = (await app.planner.json('/api/meta')).body.versions.roads
    const cold = await decode(app.planner, `${path}?v=${v1}`)
    await tileCacheWritten()
    const shared = await decode(other, `${path}?v=${v1}`)
    const memory = await decode(other, `${path}?v=${v1}`)
    expect([cold, shared, memory].map((t) => t.res.headers.get('x-tile-cache'))).toEqual(['miss', 'hit', 'memory'])
    expect(layerFeatures(memory.tile, 'roads').map((f) => f.properties)).toEqual(
      layerFeatures(cold.tile, 'roads').map((f) => f.properties),
    )
    const metrics = await (await app.planner.request('/metrics')).text()
    expect(
      Number(/ramani_cache_requests_total\{cache="tiles_memory",result="hit"\} (\d+)/.exec(metrics)?.[1]),
    ).toBeGreaterThan(0)
    expect(
      Number(/ramani_cache_requests_total\{cache="tiles_shared",result="hit"\} (\d+)/.exec(metrics)?.[1]),
    ).toBeGreaterThan(0)

    // The road becomes a trunk road: the national tile's line of its new group stands for one more segment.
    const trunk = { ...road, road_class: 'A' }
    const segmentsOf = (t: VectorTile) =>
      layerFeatures(t, 'roads')
        .filter((f) => groupOf(f.properties) === groupOf(trunk))
        .reduce((n, f) => n + Number(f.properties.segments), 0)
    const before = segmentsOf(cold.tile)
    const patch = await app.planner.send('PATCH', `/ogc/collections/roads/items/${id}`, {
      properties: { road_class: 'A' },
    })
    expect(patch.status).toBe(200)
    const v2 = (await app.planner.json('/api/meta')).body.versions.roads
    const edited = await decode(other, `${path}?v=${v2}`)
    expect(edited.res.headers.get('x-tile-cache')).toBe('miss')
    expect(segmentsOf(edited.tile)).toBe(before + 1)
    await tileCacheWritten()
    const stored = await app.db.query<{ version: number }>(
      "SELECT DISTINCT version FROM tile_cache WHERE collection = 'roads'",
    )
    expect(stored.rows.map((r) => Number(r.version))).toEqual([v2])
  })

  it('merge national roads into one line per class, surface, condition, security flag, status and county', async () => {
    const [x, y] = tileOf(36.8, -1.3, 5)
    const feats = layerFeatures((await decode(app.planner, `/tiles/roads/5/${x}/${y}.mvt`)).tile, 'roads')
    const trunk = await app.planner.json(
      `/ogc/collections/roads/items?limit=10000&road_class=A,B&bbox=${tileBounds(5, x, y).join(',')}`,
    )
    // Fewer lines than segments, each group once, and only what the national map styles and filters by.
    expect(feats.length).toBeGreaterThan(0)
    expect(feats.length).toBeLessThan(trunk.body.features.length)
    expect(new Set(feats.map((f) => groupOf(f.properties))).size).toBe(feats.length)
    for (const f of feats) {
      expect(Object.keys(f.properties).every((k) => (MERGED_ROAD_PROPERTIES as readonly string[]).includes(k))).toBe(
        true,
      )
      // A line standing for several segments has no id (a click selects nothing); a lone segment keeps its own.
      expect(f.id === undefined).toBe(Number(f.properties.segments) > 1)
    }
    // Every trunk road of the tile is in the line of its group.
    const groups = new Set(feats.map((f) => groupOf(f.properties)))
    expect(trunk.body.features.filter((f: { properties: RoadProps }) => !groups.has(groupOf(f.properties)))).toEqual([])
    // The merged lines stand for at least every trunk segment of the tile.
    expect(feats.reduce((n, f) => n + Number(f.properties.segments), 0)).toBeGreaterThanOrEqual(
      trunk.body.features.length,
    )
  })

  it("merge the tile's own segments when a filter is on other properties: the same groups", async () => {
    const [x, y] = tileOf(36.8, -1.3, 7)
    const byGroup = (t: VectorTile) =>
      new Map(layerFeatures(t, 'roads').map((f) => [groupOf(f.properties), Number(f.properties.segments)]))
    const stored = byGroup((await decode(app.planner, `/tiles/roads/7/${x}/${y}.mvt`)).tile)
    // Every source: the same roads, through a filter the stored groups cannot answer.
    const filtered = byGroup(
      (await decode(app.planner, `/tiles/roads/7/${x}/${y}.mvt?source=reference,sample,import,field`)).tile,
    )
    expect([...filtered.keys()].sort()).toEqual([...stored.keys()].sort())
    // Here a line counts the segments near the tile; the stored one counts its whole group in the county.
    for (const [group, n] of filtered) expect(n).toBeLessThanOrEqual(stored.get(group)!)
  })

  describe('at zoom 9–10 (band 2)', () => {
    /** Three minor roads of one group, close together in one cell of band 2, far from the sample's roads. */
    const minor = (i: number, condition = 'fair') => ({
      type: 'Feature',
      geometry: {
        type: 'LineString',
        coordinates: [
          [39.61 + i * 0.01, 3.31],
          [39.615 + i * 0.01, 3.315],
        ],
      },
      properties: {
        name: `Cell track ${i}`,
        road_class: 'track',
        surface: 'earth',
        condition,
        is_security_road: false,
        status: 'existing',
      },
    })
    const [lon, lat] = [39.625, 3.313]

    async function tileAt(z: number, query = '') {
      const [x, y] = tileOf(lon, lat, z)
      return decode(app.planner, `/tiles/roads/${z}/${x}/${y}.mvt${query}`)
    }
    const linesOf = (t: VectorTile, group: RoadProps | Record<string, unknown>) =>
      layerFeatures(t, 'roads').filter((f) => groupOf(f.properties) === groupOf(group))

    it('keep trunk roads as themselves and merge minor roads per group within a cell, with the exact count', async () => {
      const ids: number[] = []
      for (const i of [0, 1, 2]) {
        const r = await app.planner.send('POST', '/ogc/collections/roads/items', minor(i))
        expect(r.status).toBe(201)
        ids.push(Number(r.body.id))
      }
      const trunk = await app.planner.send('POST', '/ogc/collections/roads/items', {
        ...minor(3),
        properties: { ...minor(3).properties, name: 'Cell trunk', road_class: 'A', surface: 'paved' },
      })
      expect(trunk.status).toBe(201)
      const props = (await app.planner.json(`/ogc/collections/roads/items/${ids[0]}`)).body.properties as RoadProps
      const v1 = (await app.planner.json('/api/meta')).body.versions.roads
      for (const z of [9, 10]) {
        const { tile } = await tileAt(z, `?v=${v1}`)
        const feats = layerFeatures(tile, 'roads')
        // The trunk road: its own id and its attributes, as at street zooms.
        const own = feats.find((f) => f.id === Number(trunk.body.id))
        expect(own, `zoom ${z}`).toBeDefined()
        expect(own!.properties.name).toBe('Cell trunk')
        expect(own!.properties.segments).toBeUndefined()
        // The three tracks: one line standing for three segments, without an id, and with no attribute of a road.
        const lines = linesOf(tile, props)
        expect(lines, `zoom ${z}`).toHaveLength(1)
        expect(lines[0]!.properties.segments).toBe(3)
        expect(lines[0]!.id).toBeUndefined()
        expect(lines[0]!.properties.name).toBeUndefined()
        expect(feats.filter((f) => ids.includes(Number(f.id)))).toEqual([])
      }

      // One track's condition changes: its old line loses it, a new line stands for it alone (with its id), the
      // tile's data version moves on, and no other line of the tile changes.
      const others = (t: VectorTile) =>
        layerFeatures(t, 'roads')
          .filter((f) => groupOf(f.properties) !== groupOf(props) && !['poor'].includes(String(f.properties.condition)))
          .map((f) => JSON.stringify([f.id, f.properties, f.loadGeometry()]))
          .sort()
      const before = (await tileAt(10, `?v=${v1}`)).tile
      const patch = await app.planner.send('PATCH', `/ogc/collections/roads/items/${ids[2]}`, {
        properties: { condition: 'poor' },
      })
      expect(patch.status).toBe(200)
      const v2 = (await app.planner.json('/api/meta')).body.versions.roads
      expect(v2).toBeGreaterThan(v1)
      const after = (await tileAt(10, `?v=${v2}`)).tile
      expect(linesOf(after, props).map((f) => f.properties.segments)).toEqual([2])
      const moved = linesOf(after, { ...props, condition: 'poor' })
      expect(moved.map((f) => [f.id, f.properties.segments])).toEqual([[ids[2], 1]])
      expect(others(after)).toEqual(others(before))
      // And in the stored lines: only the two groups of this cell changed.
      const cells = await app.db.query<{ condition: string; segments: number }>(
        `SELECT condition, segments FROM roads_tile_cells WHERE road_class = 'track' AND county_code IS NOT DISTINCT FROM $1
           AND cell = (SELECT roads_tile_cell(geom) FROM roads WHERE id = $2) ORDER BY condition`,
        [props.county_code, ids[0]],
      )
      expect(cells.rows.filter((r) => ['fair', 'poor'].includes(r.condition))).toEqual([
        { condition: 'fair', segments: 2 },
        { condition: 'poor', segments: 1 },
      ])
    })

    it("merge the tile's own minor roads when a filter is on other properties: the same groups", async () => {
      const [x, y] = tileOf(36.8, -1.3, 9)
      const byGroup = (t: VectorTile) => {
        const m = new Map<string, number>()
        for (const f of layerFeatures(t, 'roads')) {
          const key = f.properties.segments === undefined ? `road ${f.id}` : groupOf(f.properties)
          m.set(key, (m.get(key) ?? 0) + Number(f.properties.segments ?? 1))
        }
        return m
      }
      const stored = byGroup((await decode(app.planner, `/tiles/roads/9/${x}/${y}.mvt`)).tile)
      const filtered = byGroup(
        (await decode(app.planner, `/tiles/roads/9/${x}/${y}.mvt?source=reference,sample,import,field`)).tile,
      )
      expect([...stored.keys()].some((k) => !k.startsWith('road '))).toBe(true)
      expect([...filtered.keys()].sort()).toEqual([...stored.keys()].sort())
      // Lines of cells the tile reaches only in its buffer may count fewer segments here than stored.
      for (const [group, n] of filtered) expect(n, group).toBeLessThanOrEqual(stored.get(group)!)
    })
  })

  it("draw area statistics with the zoom band's county outlines", async () => {
    const [x, y] = tileOf(37.9, 0.5, 5)
    const stats = layerFeatures(
      (
        await decode(
          app.planner,
          `/tiles/incident_stats/5/${x}/${y}.mvt?period_kind=month&theme=cattle_rustling_banditry`,
        )
      ).tile,
      'incident_stats',
    )
    const counties = layerFeatures((await decode(app.planner, `/tiles/counties/5/${x}/${y}.mvt`)).tile, 'counties')
    expect(stats.length).toBeGreaterThan(0)
    const outline = new Map(counties.map((f) => [String(f.properties.code), vertices(f)]))
    for (const f of stats)
      expect(vertices(f), String(f.properties.area_code)).toBe(outline.get(String(f.properties.area_code)))
    // The stored outlines have many more vertices than the national band draws.
    const code = String(stats[0]!.properties.area_code)
    const full = await app.db.query<{ n: number }>('SELECT ST_NPoints(geom)::int AS n FROM counties WHERE code = $1', [
      code,
    ])
    expect(full.rows[0]!.n).toBeGreaterThan(2 * outline.get(code)!)
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
    const created_ = await app.planner.json(`/ogc/collections/roads/items/${created.body.id}`)
    const props = created_.body.properties as RoadProps
    for (const z of [5, 6, 8]) {
      // National zooms: the line of its group passes where the road is.
      const [x, y] = tileOf(40.5001, 2.50005, z)
      const lines = layerFeatures((await decode(app.planner, `/tiles/roads/${z}/${x}/${y}.mvt`)).tile, 'roads').filter(
        (f) => groupOf(f.properties) === groupOf(props),
      )
      expect(lines, `zoom ${z}`).toHaveLength(1)
      expect(distanceTo(lines[0]!, tileUnits(40.5001, 2.50005, z, x, y)), `zoom ${z}`).toBeLessThan(3)
    }
    for (const z of [10, 12]) {
      const [x, y] = tileOf(40.5001, 2.50005, z)
      const ids = layerFeatures((await decode(app.planner, `/tiles/roads/${z}/${x}/${y}.mvt`)).tile, 'roads').map(
        (f) => f.id,
      )
      expect(ids, `zoom ${z}`).toContain(created.body.id)
    }
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
