import { describe, expect, it } from 'vitest'
import { useApp } from '../support/use-app.ts'

const app = useApp()

const containing = (body: any, [lon, lat]: [number, number]) =>
  body.features.find((f: any) => {
    const ring: number[][] = f.geometry.coordinates[0]
    let inside = false
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i]!,
        [xj, yj] = ring[j]!
      if (yi! > lat !== yj! > lat && lon < ((xj! - xi!) * (lat - yi!)) / (yj! - yi!) + xi!) inside = !inside
    }
    return inside
  })

describe('incident hot spots (Gi*)', () => {
  it('covers the country with hexagons whose counts add up to the incidents that match', async () => {
    const planner = await app.as('planner')
    const { status, body } = await planner.json(
      '/api/analysis/hotspots?cell_km=20&theme=cattle_rustling_banditry&from=2025-01-01&to=2025-12-31',
    )
    expect(status).toBe(200)
    expect(body.cells).toBe(body.features.length)
    expect(body.cells).toBeGreaterThan(200)
    const items = await planner.json(
      '/ogc/collections/incidents/items?limit=1&theme=cattle_rustling_banditry&datetime=2025-01-01/2025-12-31',
    )
    // Every incident falls in a hexagon, those on the coast just outside the outline too.
    expect(body.incidents_left_out).toBe(0)
    expect(body.incidents).toBeGreaterThanOrEqual(items.body.numberMatched)
    for (const f of body.features) {
      expect([-3, -2, -1, 0, 1, 2, 3]).toContain(f.properties.bin)
      expect(f.properties.p).toBeGreaterThanOrEqual(0)
      expect(f.properties.p).toBeLessThanOrEqual(1)
    }
  })

  it('places every incident on a 5 km grid, coast included, and says none was left out', async () => {
    const planner = await app.as('planner')
    const { body } = await planner.json('/api/analysis/hotspots?cell_km=5')
    const all = await planner.json('/ogc/collections/incidents/items?limit=1')
    expect(body.incidents_left_out).toBe(0)
    // Points on a shared edge count in both hexagons, so the sum may only exceed the total.
    expect(body.incidents).toBeGreaterThanOrEqual(all.body.numberMatched)
  })

  it('finds the North Rift banditry cluster hot at 99 %', async () => {
    const planner = await app.as('planner')
    const { body } = await planner.json('/api/analysis/hotspots?cell_km=15&theme=cattle_rustling_banditry')
    const kerio = containing(body, [35.55, 1.1])
    expect(kerio.properties.bin).toBe(3)
    const coast = containing(body, [39.7, -3.0])
    expect(coast.properties.bin).toBeLessThanOrEqual(0)
  })

  it('labels trends against the previous period of the same length', async () => {
    const planner = await app.as('planner')
    const { status, body } = await planner.json(
      '/api/analysis/hotspots?cell_km=20&from=2026-05-01&to=2026-10-31&trend=true',
    )
    expect(status).toBe(200)
    const trends = new Set(body.features.map((f: any) => f.properties.trend))
    for (const v of trends) expect([null, 'new', 'intensifying', 'persistent', 'diminishing']).toContain(v)
    expect([...trends].filter(Boolean).length).toBeGreaterThan(0)
    expect((await planner.json('/api/analysis/hotspots?trend=true&from=2026-01-01')).body.error.parameter).toBe('trend')
  })

  it('keeps a commissioner to their region and refuses roles without analyses', async () => {
    const rift = await (await app.as('commissioner.rift')).json('/api/analysis/hotspots?cell_km=25')
    expect(rift.status).toBe(200)
    const national = await (await app.as('planner')).json('/api/analysis/hotspots?cell_km=25')
    expect(rift.body.cells).toBeLessThan(national.body.cells)
    expect((await (await app.as('viewer')).json('/api/analysis/hotspots')).status).toBe(403)
    expect((await (await app.as('field.turkana')).json('/api/analysis/hotspots')).status).toBe(403)
  })

  it.each([
    'cell_km=1',
    'cell_km=abc',
    'theme=weather',
    'from=2025-13-01',
    'from=2025-05-01&to=2025-01-01',
    'region=mars',
    'fdr=maybe',
    'evil=1',
  ])('rejects %s', async (q) => {
    const r = await (await app.as('planner')).json(`/api/analysis/hotspots?${q}`)
    expect(r.status).toBe(400)
    expect(r.body.error.parameter).toBeTruthy()
  })
})
