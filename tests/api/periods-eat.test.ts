import { beforeAll, describe, expect, it } from 'vitest'
import { useApp } from '../support/use-app.ts'

// Periods are calendar periods in Kenya (East Africa Time, UTC+3 all year) on every endpoint: an incident at 01:30
// EAT on 1 July (22:30 UTC on 30 June) counts in July and in Q3, one at 23:30 EAT on 30 June in June and Q2.
// 2019 holds no sample incident, so these three are the only ones of the year.

const app = useApp('admin', 'planner')

beforeAll(async () => {
  const form = new FormData()
  form.set('collection', 'incidents')
  form.set(
    'file',
    new File(
      [
        // Times without an offset are read as East Africa Time.
        'name,occurred_at,theme,severity,status,lat,lon\n' +
          'Late June raid,2019-06-30 23:30,cattle_rustling_banditry,3,open,3.119,35.597\n' +
          'Early July raid,2019-07-01 01:30,cattle_rustling_banditry,3,open,3.119,35.597\n' +
          'Early August raid,2019-08-01 00:15,cattle_rustling_banditry,3,open,3.119,35.597\n',
      ],
      'raids.csv',
    ),
  )
  const up = await app.admin.json('/api/imports?commit=true', { method: 'POST', body: form })
  expect(up.body.status).toBe('committed')
  const stored = await app.db.query(
    `SELECT to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS utc FROM incidents
     WHERE import_batch_id = $1 ORDER BY occurred_at`,
    [up.body.id],
  )
  expect(stored.rows.map((r) => r.utc)).toEqual(['2019-06-30 20:30', '2019-06-30 22:30', '2019-07-31 21:15'])
})

const incidentsOf = (card: any) => card.indicators.find((r: any) => r.id === 'incidents')

describe('periods in East Africa Time', () => {
  it('counts 01:30 EAT on 1 July in Q3 and 23:30 EAT on 30 June in Q2 on the scorecards and the dashboard', async () => {
    const q3 = await app.planner.json('/api/scorecards/023?quarter=2019Q3')
    expect(q3.body.period).toEqual({ start: '2019-06-30T21:00:00.000Z', end: '2019-09-30T20:59:59.999Z' })
    expect(incidentsOf(q3.body.counties[0])).toMatchObject({ value: 2, previous: 1 })
    const q2 = await app.planner.json('/api/scorecards/023?quarter=2019Q2')
    expect(incidentsOf(q2.body.counties[0]).value).toBe(1)
    const region = await app.planner.json('/api/regions/rift_valley/summary?quarter=2019Q3')
    expect(region.body.incidentsQuarter).toMatchObject({ total: 2, previous: 1 })
  })

  it('puts them in June, July and August in the summary months', async () => {
    const { body } = await app.planner.json('/api/summary?county=023')
    const month = (m: string) => body.incidents.byMonth.find((x: any) => x.month === m)?.n
    expect([month('2019-06'), month('2019-07'), month('2019-08')]).toEqual([1, 1, 1])
  })

  it('reads a bare date of the items filter as that day in EAT, at the month and quarter boundaries', async () => {
    const n = async (datetime: string) =>
      (await app.planner.json(`/ogc/collections/incidents/items?limit=1&county=023&datetime=${datetime}`)).body
        .numberMatched
    expect(await n('2019-07-01')).toBe(1)
    expect(await n('2019-06-30')).toBe(1)
    expect(await n('2019-07-01/2019-09-30')).toBe(2)
    expect(await n('2019-04-01/2019-06-30')).toBe(1)
    expect(await n('2019-08-01/2019-08-31')).toBe(1)
  })

  it('takes the hot spot span in EAT days', async () => {
    const hot = async (from: string, to: string) =>
      (await app.planner.json(`/api/analysis/hotspots?cell_km=25&region=rift_valley&from=${from}&to=${to}`)).body
        .incidents
    expect(await hot('2019-07-01', '2019-07-31')).toBe(1)
    expect(await hot('2019-06-01', '2019-06-30')).toBe(1)
    expect(await hot('2019-07-01', '2019-09-30')).toBe(2)
  })
})
