import { execFile } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import { promisify } from 'node:util'
import { serve, type ServerType } from '@hono/node-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useApp } from '../support/use-app.ts'

// GDAL is the reference client of QGIS and most GIS tools: it must list and read every collection, with a token.

const run = promisify(execFile)
const hasGdal = await run('ogrinfo', ['--version']).then(
  () => true,
  () => false,
)
if (!hasGdal) console.log('[skip] GDAL tests: ogrinfo not found (apt-get install gdal-bin)')

let server: ServerType
let base = ''
let token = ''
/** Every URL GDAL asked for, to see what it sent to the server. */
const requested: string[] = []

const ogrinfo = (args: string[], withToken = true) =>
  run(
    'ogrinfo',
    ['-ro', ...(withToken ? ['--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${token}`] : []), ...args],
    { maxBuffer: 64 * 1024 * 1024 },
  )

describe.skipIf(!hasGdal)('GDAL OGC API – Features driver', () => {
  // Inside the skipped block, so nothing is set up without GDAL; the app is closed after the server (hooks unwind).
  const app = useApp('planner')
  beforeAll(async () => {
    const fetch = (req: Request) => {
      requested.push(req.url)
      return app.t.app.fetch(req)
    }
    server = serve({ fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((r) => server.once('listening', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    token = (await app.planner.send('POST', '/api/tokens', { name: 'gdal', read_only: true })).body.token
  })
  afterAll(() => new Promise((r) => server.close(r)))

  it('lists all 8 collections with a token', async () => {
    const { stdout } = await ogrinfo([`OAPIF:${base}/ogc`])
    for (const id of [
      'roads',
      'airstrips',
      'border_posts',
      'admin_units',
      'facilities',
      'incidents',
      'regions',
      'counties',
    ]) {
      expect(stdout).toMatch(new RegExp(`\\d+: ${id} `))
    }
  })

  it.each(['roads', 'airstrips', 'border_posts', 'admin_units', 'facilities', 'incidents', 'regions', 'counties'])(
    'reads features of %s',
    async (id) => {
      const { stdout } = await ogrinfo(['-so', `OAPIF:${base}/ogc`, id])
      const count = Number(/Feature Count: (\d+)/.exec(stdout)?.[1])
      expect(count).toBeGreaterThan(0)
      const page = await run(
        'ogr2ogr',
        [
          '-f',
          'GeoJSON',
          '/vsistdout/',
          '-limit',
          '3',
          '--config',
          'GDAL_HTTP_HEADERS',
          `Authorization: Bearer ${token}`,
          `OAPIF:${base}/ogc`,
          id,
        ],
        { maxBuffer: 64 * 1024 * 1024 },
      )
      const fc = JSON.parse(page.stdout)
      expect(fc.features).toHaveLength(3)
      for (const f of fc.features) expect(f.geometry.coordinates.length).toBeGreaterThan(0)
    },
  )

  it('opens a vector tile with the MVT driver', async () => {
    const res = await fetch(`${base}/tiles/facilities/6/38/31.mvt`, { headers: { Authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    const file = join(mkdtempSync(join(tmpdir(), 'ramani-mvt-')), 'tile.mvt')
    writeFileSync(file, Buffer.from(await res.arrayBuffer()))
    const { stdout } = await run('ogrinfo', ['-ro', '-al', '-so', '-oo', 'X=38', '-oo', 'Y=31', '-oo', 'Z=6', file])
    expect(stdout).toMatch(/Layer name: facilities/)
    expect(Number(/Feature Count: (\d+)/.exec(stdout)?.[1])).toBeGreaterThan(0)
  })

  it('gets 401 without a token', async () => {
    const r = await ogrinfo([`OAPIF:${base}/ogc`], false).then(
      (x) => x.stdout + x.stderr,
      (e: { stdout: string; stderr: string }) => e.stdout + e.stderr,
    )
    expect(r).toMatch(/401/)
  })

  it('sends an ogr2ogr -where to the server as a CQL2 filter and gets what the API gives', async () => {
    const where = "kind = 'police_post' AND status = 'operational'"
    requested.length = 0
    const out = await run(
      'ogr2ogr',
      [
        '-f',
        'GeoJSON',
        '/vsistdout/',
        '-where',
        where,
        '--config',
        'GDAL_HTTP_HEADERS',
        `Authorization: Bearer ${token}`,
      ].concat([`OAPIF:${base}/ogc`, 'facilities']),
      { maxBuffer: 64 * 1024 * 1024 },
    )
    // GDAL reads one unfiltered page to learn the layer's fields, then pages through the filtered items.
    const filtered = requested.filter((u) => new URL(u).searchParams.has('filter'))
    console.log(`[gdal] -where sent as: ${decodeURIComponent(filtered[0] ?? '(no filtered request)')}`)
    expect(filtered.length).toBeGreaterThan(0)
    expect(new URL(filtered[0]!).searchParams.get('filter')).toBe("(kind = 'police_post') AND (status = 'operational')")
    const api = await app.planner.json(
      `/ogc/collections/facilities/items?limit=10000&filter=${encodeURIComponent(where)}`,
    )
    const byName = (fs: any[]) => fs.map((f) => `${f.properties.name}|${f.geometry.coordinates.join(',')}`).sort()
    expect(api.body.features.length).toBeGreaterThan(0)
    expect(byName(JSON.parse(out.stdout).features)).toEqual(byName(api.body.features))
  })

  it('reads coordinates served in Arc 1960 / UTM 37S that agree with PostGIS to the millimetre', async () => {
    const url = `${base}/ogc/collections/border_posts/items?crs=EPSG:21037&limit=5&sortby=id`
    const out = await run(
      'ogr2ogr',
      ['-f', 'GeoJSON', '/vsistdout/', '--config', 'GDAL_HTTP_HEADERS', `Authorization: Bearer ${token}`, url],
      { maxBuffer: 16 * 1024 * 1024 },
    )
    const features = JSON.parse(out.stdout).features as { geometry: { coordinates: number[] } }[]
    const ref = await app.db.query<{ x: number; y: number }>(
      'SELECT ST_X(g) AS x, ST_Y(g) AS y FROM (SELECT ST_Transform(geom, 21037) AS g FROM border_posts ORDER BY id LIMIT 5) s',
    )
    expect(features.length).toBe(5)
    features.forEach((f, i) => {
      expect(Math.abs(f.geometry.coordinates[0]! - ref.rows[i]!.x)).toBeLessThan(0.001)
      expect(Math.abs(f.geometry.coordinates[1]! - ref.rows[i]!.y)).toBeLessThan(0.001)
    })
  })
})
