import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { useApp } from '../support/use-app.ts'

// The incident-statistics choropleth reads figures per area and period at a chosen granularity: the weekly conflict
// fixture summed per week and per month, periods cut on East Africa Time days, class breaks over every area and period,
// and only the areas the caller may see.

const FIXTURE = new Uint8Array(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'conflict-weekly-counties.csv')),
)
const SOURCE = 'Conflict events (weekly, county)'

const app = useApp('admin', 'viewer', 'commissioner.rift', 'field.turkana')

async function importStats(filename: string, content: string | Uint8Array, commit: Record<string, unknown> = {}) {
  const form = new FormData()
  form.set('collection', 'incident_stats')
  form.set('file', new File([typeof content === 'string' ? content : new Uint8Array(content)], filename))
  const up = await app.admin.json('/api/imports', { method: 'POST', body: form })
  expect(up.status).toBe(201)
  const done = await app.admin.send('POST', `/api/imports/${up.body.id}/commit`, commit)
  expect(done.status).toBe(200)
}

/** One period's figures by area code. */
const byCode = (period: any) => Object.fromEntries(period.values.map((v: any) => [v.code, v]))

beforeAll(async () => {
  // Only the figures of this test: the sample statistics of the seed are dropped from this copy of the database.
  await app.db.query('DELETE FROM incident_stat_rows')
  await app.db.query('UPDATE counties SET population = NULL')
  await app.db.query(`UPDATE counties SET population = 4397073 WHERE code = '047'`)
  await importStats('conflict-weekly.csv', FIXTURE, {
    recode: { area: { 'Nairobi Metropolitan': '047' }, theme: { 'Cattle raid': 'cattle_rustling_banditry' } },
    fixed: { data_source: SOURCE },
  })
})

describe('incident statistics per area and period', () => {
  it('answers each week of the weekly fixture per county, with fatalities, rate and source', async () => {
    const res = await app.admin.json('/api/incident-stats/areas?granularity=week')
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ granularity: 'week', period_kind: 'week', period_kinds: ['week'] })
    expect(res.body.features).toHaveLength(47)
    expect(res.body.features.find((f: any) => f.id === '047')).toMatchObject({
      geometry: { type: 'MultiPolygon' },
      properties: { name: 'Nairobi', level: 'county', region_code: 'nairobi', population: 4397073 },
    })
    expect(res.body.period_starts).toEqual(['2024-02-10', '2024-02-17'])
    const [first, second] = res.body.periods
    expect(first).toMatchObject({ start: '2024-02-10', end: '2024-02-16' })
    expect(byCode(first)).toEqual({
      '009': { code: '009', events: 2, fatalities: 5, events_per_100k: null, sources: [SOURCE] },
      '013': { code: '013', events: 1, fatalities: 0, events_per_100k: null, sources: [SOURCE] },
      '021': { code: '021', events: 1, fatalities: 0, events_per_100k: null, sources: [SOURCE] },
      '023': { code: '023', events: 3, fatalities: 2, events_per_100k: null, sources: [SOURCE] },
      '028': { code: '028', events: 2, fatalities: 1, events_per_100k: null, sources: [SOURCE] },
      // Nairobi City (4) and the recoded "Nairobi Metropolitan" (1): 5 per 4,397,073 people = 0.114 per 100,000.
      '047': { code: '047', events: 5, fatalities: 0, events_per_100k: 0.114, sources: [SOURCE] },
    })
    expect(second).toMatchObject({ start: '2024-02-17', end: '2024-02-23' })
    expect(Object.keys(byCode(second))).toEqual(['013', '021', '028', '030', '047'])
    // Events over the 11 area-weeks, sorted: 1 1 1 1 2 2 2 2 2 3 5. Quantiles at the 3rd, 5th, 7th, 9th and 11th
    // values (1, 2, 2, 2, 5): equal breaks are one class.
    expect(res.body.breaks).toEqual({ events: [1, 2, 5], fatalities: [0, 1, 2, 5], events_per_100k: [0.045, 0.114] })
    expect(res.body.population_unknown).toHaveLength(46)
  })

  it('sums the weeks into the month of their first day, and answers one period when asked', async () => {
    const res = await app.admin.json('/api/incident-stats/areas?granularity=month')
    expect(res.status).toBe(200)
    expect(res.body.period_kind).toBe('week')
    expect(res.body.period_starts).toEqual(['2024-02-01'])
    expect(res.body.periods[0]).toMatchObject({ start: '2024-02-01', end: '2024-02-29' })
    expect(byCode(res.body.periods[0])['047']).toEqual({
      code: '047',
      events: 7,
      fatalities: 3,
      events_per_100k: 0.159,
      sources: [SOURCE],
    })
    expect(byCode(res.body.periods[0])['028']).toMatchObject({ events: 3, fatalities: 1 })

    const one = await app.admin.json('/api/incident-stats/areas?granularity=month&period=2024-02-01&theme=small_arms')
    expect(one.body.periods).toHaveLength(1)
    expect(byCode(one.body.periods[0])).toEqual({
      '028': { code: '028', events: 2, fatalities: 1, events_per_100k: null, sources: [SOURCE] },
    })
    const none = await app.admin.json('/api/incident-stats/areas?granularity=month&period=2023-02-01')
    expect(none.body.periods).toEqual([])
    expect(none.body.period_starts).toEqual(['2024-02-01'])
  })

  it('cuts months and quarters on East Africa Time days', async () => {
    // 20:30 UTC on 30 June is 23:30 EAT, still June and Q2; 22:30 UTC is 01:30 EAT on 1 July, July and Q3.
    await importStats(
      'eat.csv',
      'county,period,crime_category,count\n' +
        'Turkana,2024-06-30T20:30:00Z,Stock theft,4\n' +
        'Turkana,2024-06-30T22:30:00Z,Stock theft,6\n' +
        'Turkana,2024-09-30 23:59,Stock theft,1\n',
    )
    const q = 'theme=cattle_rustling_banditry&county=023'
    const months = await app.admin.json(`/api/incident-stats/areas?granularity=month&${q}`)
    expect(months.body.features.map((f: any) => f.id)).toEqual(['023'])
    expect(months.body.periods.map((p: any) => [p.start, p.end, p.values.map((v: any) => [v.code, v.events])])).toEqual(
      [
        ['2024-06-01', '2024-06-30', [['023', 4]]],
        ['2024-07-01', '2024-07-31', [['023', 6]]],
        ['2024-09-01', '2024-09-30', [['023', 1]]],
      ],
    )
    const quarters = await app.admin.json(`/api/incident-stats/areas?granularity=quarter&${q}`)
    expect(quarters.body.periods.map((p: any) => [p.start, p.end, p.values[0].events])).toEqual([
      ['2024-04-01', '2024-06-30', 4],
      ['2024-07-01', '2024-09-30', 7],
    ])
    const years = await app.admin.json(`/api/incident-stats/areas?granularity=year&${q}`)
    expect(years.body.periods.map((p: any) => [p.start, p.end, p.values[0].events])).toEqual([
      ['2024-01-01', '2024-12-31', 11],
    ])
  })

  it('uses the coarsest period kind that fits unless told, and never sums two kinds', async () => {
    await importStats('monthly.csv', 'county,period,crime_category,count\nTurkana,2024-02,Stock theft,50\n')
    const q = 'theme=cattle_rustling_banditry&county=023'
    const monthly = await app.admin.json(`/api/incident-stats/areas?granularity=month&${q}`)
    expect(monthly.body).toMatchObject({ period_kind: 'month', period_kinds: ['week', 'month'] })
    expect(monthly.body.periods.map((p: any) => [p.start, p.values[0].events])).toEqual([['2024-02-01', 50]])
    const weekly = await app.admin.json(`/api/incident-stats/areas?granularity=month&period_kind=week&${q}`)
    expect(weekly.body.periods.map((p: any) => [p.start, p.values[0].events])).toEqual([
      ['2024-06-01', 4],
      ['2024-07-01', 6],
      ['2024-09-01', 1],
    ])
    // Weeks cannot be drawn from monthly figures.
    const weeks = await app.admin.json(`/api/incident-stats/areas?granularity=week&${q}`)
    expect(weeks.body.period_kind).toBe('week')
  })

  it('shows each caller only the areas of their scope, and only to roles that read incidents', async () => {
    const rift = await app.commissionerRift.json(
      '/api/incident-stats/areas?granularity=month&period=2024-02-01&period_kind=week',
    )
    expect(rift.status).toBe(200)
    expect(new Set(rift.body.features.map((f: any) => f.properties.region_code))).toEqual(new Set(['rift_valley']))
    expect(Object.keys(byCode(rift.body.periods[0])).sort()).toEqual(['023', '028', '030'])
    // Outside the region: no area, no figure.
    const coast = await app.commissionerRift.json('/api/incident-stats/areas?region=nairobi')
    expect(coast.body.features).toEqual([])
    expect(coast.body.periods).toEqual([])

    expect((await app.viewer.json('/api/incident-stats/areas')).status).toBe(403)
    expect((await app.fieldTurkana.json('/api/incident-stats/areas')).status).toBe(403)
    expect((await app.anon.json('/api/incident-stats/areas')).status).toBe(401)
  })

  it('refuses parameters it cannot honour, naming them, and changes nothing', async () => {
    const cases: [string, string][] = [
      ['granularity=fortnight', 'granularity'],
      ['granularity=month&period=2024-02-10', 'period'],
      ['granularity=quarter&period=2024-02-01', 'period'],
      ['period=2024-02-30', 'period'],
      ['granularity=week&period_kind=month', 'period_kind'],
      ['theme=riots', 'theme'],
      ['county=99', 'county'],
      ['colour=red', 'colour'],
    ]
    for (const [query, parameter] of cases) {
      const res = await app.admin.json(`/api/incident-stats/areas?${query}`)
      expect(res.status, query).toBe(400)
      expect(JSON.stringify(res.body.error), query).toContain(parameter)
    }
  })
})
