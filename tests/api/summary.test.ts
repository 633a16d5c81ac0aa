import { describe, expect, it } from 'vitest'
import { useApp } from '../support/use-app.ts'

const app = useApp()

describe('region and county summaries', () => {
  it('agree with the items endpoint for every number', async () => {
    const planner = await app.as('planner')
    const { status, body } = await planner.json('/api/summary?county=023')
    expect(status).toBe(200)
    for (const [id, s] of Object.entries(body.assets) as [string, any][]) {
      for (const [st, n] of Object.entries(s.byStatus)) {
        const items = await planner.json(`/ogc/collections/${id}/items?limit=1&county=023&status=${st}`)
        expect(items.body.numberMatched, `${id} ${st}`).toBe(n)
      }
    }
    for (const [theme, n] of Object.entries(body.incidents.byTheme)) {
      expect(
        (await planner.json(`/ogc/collections/incidents/items?limit=1&county=023&theme=${theme}`)).body.numberMatched,
      ).toBe(n)
    }
    const km = Object.values(body.assets.roads.kmByCondition as Record<string, number>).reduce((a, b) => a + b, 0)
    expect(km).toBeGreaterThan(0)
    expect(body.incidents.byMonth.reduce((a: number, m: any) => a + m.n, 0)).toBe(body.incidents.total)
    const [w, s, e, n] = body.bbox
    expect(w).toBeLessThan(e)
    expect(s).toBeLessThan(n)
  })

  it("keeps within the caller's area and role", async () => {
    const rift = await app.as('commissioner.rift')
    const coast = await rift.json('/api/summary?region=coast')
    expect(coast.body.incidents.total).toBe(0)
    expect(coast.body.assets.facilities.total).toBe(0)
    const viewer = await app.as('viewer')
    expect((await viewer.json('/api/summary')).body.incidents).toBeNull()
    expect((await viewer.json('/api/summary?county=999')).status).toBe(400)
  })
})
