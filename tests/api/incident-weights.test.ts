import { describe, expect, it } from 'vitest'
import { useApp } from '../support/use-app.ts'

// A point incident may stand for several ("5 cattle raids at Kapedo this week"): its weight, imported from a count
// column, counts that many times in the hot spots.

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
})
