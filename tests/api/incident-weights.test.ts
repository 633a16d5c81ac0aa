import { describe, expect, it } from 'vitest'
import { useApp } from '../support/use-app.ts'

// A point incident may stand for several ("5 cattle raids at Kapedo this week"): its weight, imported from a count
// column, counts that many times in the hot spots and in coverage.

const app = useApp('admin', 'planner')

describe('incident weights', () => {
  it('imports a count column as the weight, and a weight-5 incident counts as 5 in the hot spots', async () => {
    const form = new FormData()
    form.set('collection', 'incidents')
    form.set(
      'file',
      new File(
        [
          'name,occurred_at,theme,severity,status,count,lat,lon\n' +
            'Kapedo raids,2019-01-15 01:30,cattle_rustling_banditry,3,open,5,1.1747,36.1025\n' +
            'Lokori raid,2019-01-20 09:00,cattle_rustling_banditry,3,open,,1.9561,36.0246\n',
        ],
        'raids.csv',
      ),
    )
    const up = await app.admin.json('/api/imports?commit=true', { method: 'POST', body: form })
    expect(up.status).toBe(201)
    expect(up.body.mapping).toMatchObject({ count: 'weight' })
    expect(up.body.status).toBe('committed')
    const weights = await app.db.query('SELECT name, weight FROM incidents WHERE import_batch_id = $1 ORDER BY name', [
      up.body.id,
    ])
    expect(weights.rows).toEqual([
      { name: 'Kapedo raids', weight: 5 },
      { name: 'Lokori raid', weight: 1 },
    ])

    // No other incident of January 2019 exists: the two records are 6 incidents.
    const res = await app.planner.json(
      '/api/analysis/hotspots?cell_km=25&region=rift_valley&theme=cattle_rustling_banditry&from=2019-01-01&to=2019-01-31',
    )
    expect(res.status).toBe(200)
    expect(res.body.incidents).toBe(6)
    const counts = res.body.features.map((f: any) => f.properties.count).filter((n: number) => n > 0)
    expect(counts.sort()).toEqual([1, 5])
  })

  it('counts a weight-5 incident five times as a coverage target', async () => {
    const form = new FormData()
    form.set('collection', 'incidents')
    form.set(
      'file',
      new File(
        [
          'name,occurred_at,theme,severity,status,count,lat,lon\n' +
            'Kapedo raids (5),2019-03-10 12:00,cattle_rustling_banditry,3,open,5,1.1747,36.1025\n' +
            'Kapedo raid (1),2019-03-10 12:00,cattle_rustling_banditry,3,open,1,1.1750,36.1030\n',
        ],
        'kapedo.csv',
      ),
    )
    const up = await app.admin.json('/api/imports?commit=true', { method: 'POST', body: form })
    expect(up.status).toBe(201)
    const mine = await app.db.query<{ id: number; weight: number; county_code: string }>(
      'SELECT id, weight, county_code FROM incidents WHERE import_batch_id = $1 ORDER BY weight',
      [up.body.id],
    )
    const [one, five] = mine.rows
    expect(one!.county_code).toBe(five!.county_code)

    // Same place, time, severity and no deaths: each record's coverage weight is its count × severity (5 × 3, 1 × 3)
    // times the same recency factor (measured at the end of the as_of day: 0.5^(15 h / 365 d), just under 1). The
    // answer rounds weights to 4 decimals, hence the ratio to 3.
    const res = await app.planner.analyse('/api/analysis/coverage', {
      targets: ['incidents'],
      county: one!.county_code,
      incidents_since: '2019-03-10',
      as_of: '2019-03-10',
    })
    expect(res.status).toBe(200)
    const target = (id: number) => res.body.targets.find((x: any) => x.kind === 'incident' && x.id === id)
    expect(target(five!.id).weight / target(one!.id).weight).toBeCloseTo(5, 3)
    expect(target(one!.id).weight).toBeCloseTo(3 * 0.5 ** (15 / 24 / 365), 3)
    expect(target(five!.id).covered).toBe(target(one!.id).covered)
    // The shares weigh targets by it.
    const total = res.body.targets.reduce((s: number, x: any) => s + x.weight, 0)
    expect(res.body.summary.national.weight).toBeCloseTo(total, 1)
  })
})
