import { describe, expect, it } from 'vitest'
import { useApp } from '../support/use-app.ts'

const app = useApp()

describe('places for labels', () => {
  it('lists the GeoNames places with their county, largest first', async () => {
    const { status, body } = await (await app.as('viewer')).json('/api/places')
    expect(status).toBe(200)
    expect(body.features.length).toBeGreaterThan(100)
    expect(body.features[0].properties.population).toBeGreaterThan(1_000_000)
    expect(body.features.every((f: any) => /^0[0-4]\d$/.test(f.properties.county_code))).toBe(true)
  })
})

describe('name search', () => {
  it('finds places and assets by name, exact matches first, with a box to fly to', async () => {
    const planner = await app.as('planner')
    const { status, body } = await planner.json('/api/search?q=Lodwar')
    expect(status).toBe(200)
    expect(body.hits.length).toBeGreaterThan(0)
    expect(body.hits[0].name.toLowerCase()).toContain('lodwar')
    const [w, s, e, n] = body.hits[0].bbox
    expect(w).toBeLessThanOrEqual(e)
    expect(s).toBeLessThanOrEqual(n)
    expect(w).toBeGreaterThan(33)
  })

  it('tolerates misspellings', async () => {
    const planner = await app.as('planner')
    const { body } = await planner.json('/api/search?q=Kapengria')
    expect(body.hits.some((h: any) => h.name.includes('Kapenguria'))).toBe(true)
    const county = await planner.json('/api/search?q=elgeyo marakwt')
    expect(county.body.hits.some((h: any) => h.collection === 'counties' && h.id === '028')).toBe(true)
  })

  it('treats LIKE wildcards and SQL as plain text', async () => {
    const planner = await app.as('planner')
    for (const q of ['%%', "'; DROP TABLE roads; --", '__']) {
      const r = await planner.json(`/api/search?q=${encodeURIComponent(q)}`)
      expect(r.status).toBe(200)
    }
    expect((await planner.json('/api/search?q=%25%25')).body.hits).toEqual([])
  })

  it('keeps to what the caller may read', async () => {
    const viewer = await app.as('viewer')
    const anyIncident = (await app.db.query<{ name: string }>('SELECT name FROM incidents LIMIT 1')).rows[0]!.name
    const v = await viewer.json(`/api/search?q=${encodeURIComponent(anyIncident)}&limit=50`)
    expect(v.body.hits.some((h: any) => h.collection === 'incidents')).toBe(false)
    const field = await app.as('field.turkana')
    const f = await field.json('/api/search?q=police&limit=50')
    expect(
      f.body.hits.filter((h: any) => h.collection === 'facilities').every((h: any) => h.county_code === '023'),
    ).toBe(true)
  })

  it.each(['', 'x', 'y'.repeat(101)])('rejects q=%s', async (q) => {
    const planner = await app.as('planner')
    expect((await planner.json(`/api/search?q=${q}`)).status).toBe(400)
  })
})
