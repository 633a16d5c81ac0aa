import { beforeAll, describe, expect, it } from 'vitest'
import { useApp } from '../support/use-app.ts'

// Trends of area statistics, checked against a hand calculation: three Rift Valley counties, five months of stock
// theft counts (the seed's sample statistics dropped from this copy of the database).
//
//   Turkana (023)          1 2 3 4 5   S = 10 (all 10 pairs rise), Var(S) = 5·4·15/18 = 16.667,
//                                      z = (10 − 1)/√16.667 = 2.2045, p = 0.0275 → increasing; Sen = OLS = 1
//   Elgeyo-Marakwet (028)  4 4 4 1 1   S = −6; ties 3 × 4 and 2 × 1 take 3·2·11 + 2·1·9 = 84 off: Var(S) = 216/18 = 12,
//                                      z = (−6 + 1)/√12 = −1.4434, p = 0.1489 → no trend; Sen = median of the 10
//                                      pairwise slopes (−3 −1.5 −1.5 −1 −1 −0.75 0 0 0 0) = −0.875; OLS = −9/10 = −0.9
//   Baringo (030)          3 0 0 0 3   only January and May in the file: the months between count 0; S = 0, p = 1

const app = useApp('admin', 'viewer', 'commissioner.rift')

async function importStats(csv: string) {
  const form = new FormData()
  form.set('collection', 'incident_stats')
  form.set('file', new File([csv], 'trend.csv'))
  const up = await app.admin.json('/api/imports?commit=true', { method: 'POST', body: form })
  expect(up.status).toBe(201)
  expect(up.body.status).toBe('committed')
}

const SERIES: Record<string, (number | null)[]> = {
  '023': [1, 2, 3, 4, 5],
  '028': [4, 4, 4, 1, 1],
  '030': [3, null, null, null, 3],
}

beforeAll(async () => {
  await app.db.query('DELETE FROM incident_stat_rows')
  const lines = Object.entries(SERIES).flatMap(([code, values]) =>
    values.flatMap((v, m) => (v === null ? [] : [`${code},2024-0${m + 1},Stock theft,${v}`])),
  )
  await importStats(`county,period,crime_category,count\n${lines.join('\n')}\n`)
})

const study = 'counties=023,028,030'

describe('area trends', () => {
  it('tests each county with Mann-Kendall and measures Sen and least-squares slopes as by hand', async () => {
    const res = await app.admin.json(`/api/analysis/area-trends?${study}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({
      periods: ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01'],
      period_kind: 'month',
      measure: 'events',
      alpha: 0.05,
    })
    const by = Object.fromEntries(res.body.areas.map((a: any) => [a.code, a]))
    expect(by['023']).toMatchObject({ name: 'Turkana', values: [1, 2, 3, 4, 5], s: 10, trend: 'increasing' })
    expect(by['023'].var_s).toBeCloseTo(16.6667, 4)
    expect(by['023'].z).toBeCloseTo(2.2045, 4)
    expect(by['023'].p).toBeCloseTo(0.0275, 4)
    expect(by['023']).toMatchObject({ sen_slope: 1, ols_slope: 1 })

    expect(by['028']).toMatchObject({ values: [4, 4, 4, 1, 1], s: -6, var_s: 12, trend: 'no_trend' })
    expect(by['028'].z).toBeCloseTo(-1.4434, 4)
    expect(by['028'].p).toBeCloseTo(0.1489, 4)
    expect(by['028']).toMatchObject({ sen_slope: -0.875, ols_slope: -0.9 })

    expect(by['030']).toMatchObject({ values: [3, 0, 0, 0, 3], s: 0, z: 0, p: 1, sen_slope: 0, ols_slope: 0 })
    expect(by['030'].trend).toBe('no_trend')

    // A looser significance level calls the Elgeyo-Marakwet fall a decrease.
    const loose = await app.admin.json(`/api/analysis/area-trends?${study}&alpha=0.2`)
    expect(loose.body.areas.find((a: any) => a.code === '028').trend).toBe('decreasing')
  })

  it('says when counts stand in for rates, and refuses series it cannot test', async () => {
    await app.db.query(`UPDATE counties SET population = NULL WHERE code IN ('023', '028', '030')`)
    const rates = await app.admin.json(`/api/analysis/area-trends?${study}&per=population`)
    expect(rates.body).toMatchObject({ measure: 'events', population_unknown: ['023', '028', '030'] })

    const short = await app.admin.json(`/api/analysis/area-trends?${study}&from=2024-04-01`)
    expect(short.status).toBe(400)
    expect(short.body.error.message).toMatch(/at least 3 periods; the statistics chosen have 2/)

    await importStats('county,period,crime_category,count\nTurkana,2024Q1,Stock theft,6\n')
    const mixed = await app.admin.json(`/api/analysis/area-trends?${study}`)
    expect(mixed.status).toBe(400)
    expect(mixed.body.error.message).toMatch(/mix period kinds \(month, quarter\)/)
    expect((await app.admin.json(`/api/analysis/area-trends?${study}&period_kind=month`)).status).toBe(200)
    expect((await app.admin.json(`/api/analysis/area-trends?${study}&alpha=0.5`)).status).toBe(400)
  })

  it('studies only the counties of the caller, for roles that run analyses', async () => {
    const rift = await app.commissionerRift.json('/api/analysis/area-trends?period_kind=month')
    expect(rift.status).toBe(200)
    expect(new Set(rift.body.areas.map((a: any) => a.region_code))).toEqual(new Set(['rift_valley']))
    const outside = await app.commissionerRift.json('/api/analysis/area-trends?counties=047&period_kind=month')
    expect(outside.status).toBe(400)
    expect((await app.viewer.json(`/api/analysis/area-trends?${study}`)).status).toBe(403)
  })
})
