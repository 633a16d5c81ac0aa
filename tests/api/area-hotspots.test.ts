import { beforeAll, describe, expect, it } from 'vitest'
import { useApp } from '../support/use-app.ts'

// Gi* on area statistics, checked against a hand calculation: nine counties redrawn as a 3×3 grid of squares (in this
// test's own copy of the database), a statistic of 9 events in the top-left square only, queen contiguity.

const app = useApp('admin', 'viewer')

/** Nine Rift Valley counties, row by row: GRID[row * 3 + col]. */
const GRID = ['025', '029', '030', '031', '032', '033', '034', '035', '036']

/** Square k, 0.1° a side; corners written as tenths so neighbours share exactly the same coordinates. */
const square = (k: number) => {
  const [x0, x1] = [(360 + (k % 3)) / 10, (361 + (k % 3)) / 10]
  const [y0, y1] = [(5 - Math.floor(k / 3)) / 10, (4 - Math.floor(k / 3)) / 10]
  return `MULTIPOLYGON(((${x0} ${y0}, ${x1} ${y0}, ${x1} ${y1}, ${x0} ${y1}, ${x0} ${y0})))`
}

async function importStats(csv: string) {
  const form = new FormData()
  form.set('collection', 'incident_stats')
  form.set('file', new File([csv], 'grid.csv'))
  const up = await app.admin.json('/api/imports?commit=true', { method: 'POST', body: form })
  expect(up.status).toBe(201)
  expect(up.body.status).toBe('committed')
}

beforeAll(async () => {
  for (const [k, code] of GRID.entries())
    await app.db.query('UPDATE counties SET geom = ST_GeomFromText($2, 4326) WHERE code = $1', [code, square(k)])
  // 9 events in the top-left square, in July 2024; a robbery in August 2024 outside the span asked for.
  await importStats('county,period,crime_category,count\n025,2024-07,Stock theft,9\n029,2024-08,Stock theft,40\n')
})

const study = `counties=${GRID.join(',')}&from=2024-07-01&to=2024-07-31`

describe('area hot spots', () => {
  it('computes Gi* z-scores by queen contiguity as the hand calculation does', async () => {
    const res = await app.admin.json(`/api/analysis/area-hotspots?${study}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ measure: 'events', weights: 'queen', period_kind: 'month' })
    const byCode = new Map(res.body.features.map((f: any) => [f.id, f.properties]))
    // Queen: the centre touches all eight (corners by one point), a corner three, an edge square five.
    expect((byCode.get('032') as any).neighbours).toHaveLength(8)
    expect((byCode.get('025') as any).neighbours.sort()).toEqual(['029', '031', '032'])
    expect((byCode.get('029') as any).neighbours).toHaveLength(5)

    // By hand: x = (9, 0, …, 0), n = 9, mean 1, S = √(Σx²/n − mean²) = √(81/9 − 1) = √8. Weights are binary with the
    // square itself, so W = Σw = Σw² (corner 4, edge 6, centre 9), and
    //   z = (Σ_j w_ij x_j − mean·W) / (S · √((n·W − W²)/(n − 1))).
    // Top-left corner:  (9 − 4) / (√8 · √((36 − 16)/8)) = 5/√20 = √5/2
    // Edges by it:      (9 − 6) / (√8 · √((54 − 36)/8)) = 3/√18 = 1/√2
    // Other corners:    (0 − 4) / √20 = −2/√5
    // Other edges:      (0 − 6) / √18 = −√2
    // Centre:           n·W − W² = 81 − 81 = 0: no variance, z = 0
    const expected = [
      Math.sqrt(5) / 2,
      1 / Math.SQRT2,
      -2 / Math.sqrt(5),
      1 / Math.SQRT2,
      0,
      -Math.SQRT2,
      -2 / Math.sqrt(5),
      -Math.SQRT2,
      -2 / Math.sqrt(5),
    ]
    GRID.forEach((code, k) => expect((byCode.get(code) as any).z, code).toBeCloseTo(expected[k]!, 9))
    expect((byCode.get('025') as any).events).toBe(9)
    // |z| < 1.645 everywhere: nothing is significant at 90 %.
    expect(GRID.map((code) => (byCode.get(code) as any).bin)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0])
    expect((byCode.get('025') as any).p).toBeCloseTo(0.2636, 3)
  })

  it('uses events per 100,000 people when every county studied has a population, and says so', async () => {
    await app.db.query('UPDATE counties SET population = 100000 WHERE code = ANY($1::text[])', [GRID])
    await app.db.query("UPDATE counties SET population = 300000 WHERE code = '025'")
    const rates = await app.admin.json(`/api/analysis/area-hotspots?${study}&per=population`)
    expect(rates.body).toMatchObject({ measure: 'events_per_100k', population_unknown: [] })
    const corner = rates.body.features.find((f: any) => f.id === '025').properties
    expect(corner.value).toBeCloseTo(3, 9)
    // Gi* does not change when every value is scaled by the same factor.
    expect(corner.z).toBeCloseTo(Math.sqrt(5) / 2, 9)

    await app.db.query("UPDATE counties SET population = NULL WHERE code = '036'")
    const counts = await app.admin.json(`/api/analysis/area-hotspots?${study}&per=population`)
    expect(counts.body).toMatchObject({ measure: 'events', population_unknown: ['036'] })
    expect(counts.body.features.find((f: any) => f.id === '025').properties.value).toBe(9)
  })

  it('finds neighbours by distance between centroids when asked', async () => {
    // Centroids 0.1° (about 11 km) apart in a row or column, 0.141° diagonally: 12 km takes rook neighbours only.
    const res = await app.admin.json(`/api/analysis/area-hotspots?${study}&weights=distance&distance_km=12`)
    expect(res.status).toBe(200)
    const byCode = new Map(res.body.features.map((f: any) => [f.id, f.properties]))
    expect((byCode.get('032') as any).neighbours.sort()).toEqual(['029', '031', '033', '035'])
    expect(res.body).toMatchObject({ weights: 'distance', distance_km: 12 })
  })

  it('refuses a span mixing period kinds, and a viewer', async () => {
    await importStats('county,period,crime_category,count\n025,2024-W28,Stock theft,2\n')
    const mixed = await app.admin.json(`/api/analysis/area-hotspots?${study}`)
    expect(mixed.status).toBe(400)
    expect(mixed.body.error.parameter).toBe('period_kind')
    const monthly = await app.admin.json(`/api/analysis/area-hotspots?${study}&period_kind=month`)
    expect(monthly.status).toBe(200)
    expect((await app.viewer.json(`/api/analysis/area-hotspots?${study}`)).status).toBe(403)
  })
})
