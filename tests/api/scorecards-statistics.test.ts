import { describe, expect, it } from 'vitest'
import { useApp } from '../support/use-app.ts'

// A county with no point incident in a quarter takes its scorecard's incident figure from the area statistics, and
// the scorecard and the regional dashboard say where each number comes from.

const app = useApp('admin', 'planner')

const incidentsOf = (county: any) => county.indicators.find((r: any) => r.id === 'incidents')

describe('incident figures from area statistics', () => {
  it('draws a county without point incidents from its statistics, the coarsest period kind alone', async () => {
    // 2019 lies before the sample incidents: no county has a point incident in 2019Q3.
    const none = await app.planner.json('/ogc/collections/incidents/items?limit=1&datetime=2019-07-01/2019-09-30')
    expect(none.body.numberMatched).toBe(0)
    const form = new FormData()
    form.set('collection', 'incident_stats')
    form.set(
      'file',
      new File(
        [
          'county,period,crime_category,count,source\n' +
            'Turkana,July 2019,Stock theft,3,Police crime returns\n' +
            'Turkana,August 2019,Robbery,2,Police crime returns\n' +
            // Weeks of the same months would count the same events again: the months are taken alone.
            'Turkana,2019-W28,Stock theft,3,Conflict events\n' +
            // A quarter later, and a month of the quarter before: neither is 2019Q3.
            'Turkana,October 2019,Stock theft,7,Police crime returns\n' +
            'Turkana,June 2019,Stock theft,4,Police crime returns\n',
        ],
        'turkana.csv',
      ),
    )
    const up = await app.admin.json('/api/imports?commit=true', { method: 'POST', body: form })
    expect(up.status).toBe(201)
    expect(up.body.status).toBe('committed')

    const card = await app.planner.json('/api/scorecards/023?quarter=2019Q3')
    expect(card.status).toBe(200)
    const inc = incidentsOf(card.body.counties[0])
    expect(inc.value).toBe(5)
    expect(inc.source).toEqual({ from: 'statistics', dataSources: ['Police crime returns'] })
    expect(inc.byTheme).toEqual(
      expect.arrayContaining([
        { theme: 'cattle_rustling_banditry', n: 3, previous: 4 },
        { theme: 'organised_gangs', n: 2, previous: 0 },
      ]),
    )
    // A county with neither says it counted points (none).
    const all = await app.planner.json('/api/scorecards?quarter=2019Q3')
    const mombasa = all.body.counties.find((c: any) => c.code === '001')
    expect(incidentsOf(mombasa)).toMatchObject({ value: 0, source: { from: 'points', dataSources: [] } })

    const region = await app.planner.json('/api/regions/rift_valley/summary?quarter=2019Q3')
    expect(region.status).toBe(200)
    expect(region.body.incidentsQuarter).toMatchObject({
      total: 5,
      previous: 4,
      fromStatistics: ['023'],
      dataSources: ['Police crime returns'],
    })
  })

  it('keeps the point incidents where a county has them', async () => {
    const points = await app.planner.json(
      '/ogc/collections/incidents/items?limit=1&county=023&datetime=2026-07-01/2026-09-30',
    )
    expect(points.body.numberMatched).toBeGreaterThan(0)
    const inc = incidentsOf((await app.planner.json('/api/scorecards/023?quarter=2026Q3')).body.counties[0])
    expect(inc.source).toEqual({ from: 'points', dataSources: [] })
    expect(inc.value).toBe(points.body.numberMatched)
  })
})
