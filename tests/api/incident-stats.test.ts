import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Client } from '../support/app.ts'
import { useApp } from '../support/use-app.ts'

// Official crime and conflict data come as counts per area and period. A weekly county-count file in a public
// conflict-dataset layout imports into incident_stats through the ordinary import flow: county names in any known
// spelling match, names no spelling is known for are reported with their row counts, event types become themes
// through the theme crosswalk, and the batch rolls back as a whole.

const FIXTURE = new Uint8Array(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'conflict-weekly-counties.csv')),
)

const app = useApp('admin', 'planner', 'viewer', 'commissioner.rift')

async function upload(client: Client, filename: string, content: string | Uint8Array) {
  const form = new FormData()
  form.set('collection', 'incident_stats')
  form.set('file', new File([typeof content === 'string' ? content : new Uint8Array(content)], filename))
  return client.json('/api/imports', { method: 'POST', body: form })
}

const LICENCE = 'Layout of a public conflict-event dataset; counts invented for the test'

describe('incident statistics import', () => {
  it('maps a weekly county-count file, reports unmatched names and unmapped types, commits, serves and rolls back', async () => {
    const up = await upload(app.admin, 'conflict-weekly.csv', FIXTURE)
    expect(up.status).toBe(201)
    expect(up.body.mapping).toMatchObject({
      week: 'period',
      admin1: 'area',
      event_type: 'event_type',
      sub_event_type: 'theme',
      events: 'events',
      fatalities: 'fatalities',
      region: null,
    })
    // Every spelling of the same county suggests its code; a name with no known spelling suggests nothing.
    const area = Object.fromEntries(up.body.values.area.map((v: any) => [v.source, [v.rows, v.suggested]]))
    expect(area).toEqual({
      'Nairobi Metropolitan': [2, null],
      Baringo: [1, '030'],
      'Elgeyo Marakwet': [1, '028'],
      'Elgeyo-Marakwet': [1, '028'],
      Mandera: [1, '009'],
      "Murang'a": [1, '021'],
      Muranga: [1, '021'],
      Nairobi: [1, '047'],
      'Nairobi City': [1, '047'],
      'Tharaka Nithi': [1, '013'],
      'Tharaka-Nithi': [1, '013'],
      Turkana: [1, '023'],
    })
    const theme = Object.fromEntries(up.body.values.theme.map((v: any) => [v.source, v.suggested]))
    expect(theme).toMatchObject({
      Attack: 'other',
      'Armed clash': 'small_arms',
      'Remote explosive/landmine/IED': 'terrorism',
      'Cattle raid': null,
    })
    expect(up.body).toMatchObject({ total: 13, report: { valid: 10, invalid: 3 } })
    expect(up.body.report.unmapped).toEqual(
      expect.arrayContaining([
        { field: 'area', source: 'Nairobi Metropolitan', rows: 2 },
        { field: 'theme', source: 'Cattle raid', rows: 1 },
      ]),
    )
    expect(up.body.report.unmapped).toHaveLength(2)

    // All or nothing: the unmatched names block the commit, and nothing is written.
    const refused = await app.admin.send('POST', `/api/imports/${up.body.id}/commit`, {})
    expect(refused.status).toBe(422)
    expect(refused.body.error.message).toMatch(/area "Nairobi Metropolitan" \(2 rows\)/)
    expect((await app.db.query('SELECT 1 FROM incident_stats WHERE import_batch_id = $1', [up.body.id])).rows).toEqual(
      [],
    )

    const done = await app.admin.send('POST', `/api/imports/${up.body.id}/commit`, {
      recode: { area: { 'Nairobi Metropolitan': '047' }, theme: { 'Cattle raid': 'cattle_rustling_banditry' } },
      fixed: { data_source: 'Conflict events (weekly, county)', licence: LICENCE },
    })
    expect(done.status).toBe(200)
    expect(done.body.result).toMatchObject({ inserted: 13 })

    const counties = await app.db.query<{ area_code: string; n: number; events: number }>(
      `SELECT area_code, count(*)::int AS n, sum(events)::int AS events FROM incident_stats WHERE import_batch_id = $1
       GROUP BY 1 ORDER BY 1`,
      [up.body.id],
    )
    expect(counties.rows).toEqual([
      { area_code: '009', n: 1, events: 2 },
      { area_code: '013', n: 2, events: 3 },
      { area_code: '021', n: 2, events: 2 },
      { area_code: '023', n: 1, events: 3 },
      { area_code: '028', n: 2, events: 3 },
      { area_code: '030', n: 1, events: 2 },
      { area_code: '047', n: 4, events: 7 },
    ])

    // Served like every collection: listed, its items filtered by area and period, drawn as the county.
    const list = await app.admin.json('/ogc/collections')
    expect(list.body.collections.map((c: any) => c.id)).toContain('incident_stats')
    const items = await app.admin.json('/ogc/collections/incident_stats/items?area=028&period_start=2024-02-10')
    expect(items.status).toBe(200)
    expect(items.body.features).toHaveLength(1)
    expect(items.body.features[0].geometry.type).toBe('MultiPolygon')
    expect(items.body.features[0].properties).toMatchObject({
      area_code: '028',
      area_name: 'Elgeyo-Marakwet',
      county_code: '028',
      region_code: 'rift_valley',
      period_kind: 'week',
      period_start: '2024-02-10',
      period_end: '2024-02-16',
      starts_at: '2024-02-09T21:00:00Z',
      ends_at: '2024-02-16T21:00:00Z',
      theme: 'small_arms',
      event_type: 'Battles',
      source_type: 'Armed clash',
      events: 2,
      fatalities: 1,
      data_source: 'Conflict events (weekly, county)',
      licence: LICENCE,
      source: 'import',
    })
    const tile = await app.admin.request('/tiles/incident_stats/6/38/31.mvt?theme=small_arms')
    expect(tile.status).toBe(200)
    expect((await tile.arrayBuffer()).byteLength).toBeGreaterThan(0)

    // Readable by those who read incidents, in their area only.
    expect((await app.viewer.json('/ogc/collections/incident_stats/items')).status).toBe(403)
    const rift = await app.commissionerRift.json(`/ogc/collections/incident_stats/items?limit=100`)
    expect(rift.status).toBe(200)
    expect(new Set(rift.body.features.map((f: any) => f.properties.region_code))).toEqual(new Set(['rift_valley']))

    const rolledBack = await app.admin.send('DELETE', `/api/imports/${up.body.id}`)
    expect(rolledBack.status).toBe(200)
    expect(rolledBack.body.result.rollback).toMatchObject({ deleted: 13 })
    expect((await app.db.query('SELECT 1 FROM incident_stats WHERE import_batch_id = $1', [up.body.id])).rows).toEqual(
      [],
    )
  })

  it('reads weeks, months, quarters and years in their common spellings as East Africa Time days', async () => {
    const csv =
      'county,period,crime_category,count\n' +
      '023,2024-W07,Stock theft,4\n' +
      '23,July 2024,Stock theft,5\n' +
      'Turkana County,2024-07,Robbery,6\n' +
      'TURKANA,2024Q3,Stock theft,7\n' +
      'turkana,Q3 2024,Rape,8\n' +
      'Turkana,2024,Dangerous drugs,9\n' +
      'Turkana,2024-12-30,Dangerous drugs,1\n'
    const up = await upload(app.admin, 'police.csv', csv)
    expect(up.status).toBe(201)
    expect(up.body.mapping).toMatchObject({
      county: 'area',
      period: 'period',
      crime_category: 'theme',
      count: 'events',
    })
    expect(up.body.report).toMatchObject({ valid: 7, invalid: 0, unmapped: [] })
    const done = await app.admin.send('POST', `/api/imports/${up.body.id}/commit`, {})
    expect(done.status).toBe(200)
    const rows = await app.db.query(
      `SELECT period_kind, period_start, period_end, to_char(starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS starts_utc,
              theme, events FROM incident_stats WHERE import_batch_id = $1 ORDER BY id`,
      [up.body.id],
    )
    expect(rows.rows).toEqual([
      {
        period_kind: 'week',
        period_start: '2024-02-12',
        period_end: '2024-02-18',
        starts_utc: '2024-02-11 21:00',
        theme: 'cattle_rustling_banditry',
        events: 4,
      },
      {
        period_kind: 'month',
        period_start: '2024-07-01',
        period_end: '2024-07-31',
        starts_utc: '2024-06-30 21:00',
        theme: 'cattle_rustling_banditry',
        events: 5,
      },
      {
        period_kind: 'month',
        period_start: '2024-07-01',
        period_end: '2024-07-31',
        starts_utc: '2024-06-30 21:00',
        theme: 'organised_gangs',
        events: 6,
      },
      {
        period_kind: 'quarter',
        period_start: '2024-07-01',
        period_end: '2024-09-30',
        starts_utc: '2024-06-30 21:00',
        theme: 'cattle_rustling_banditry',
        events: 7,
      },
      {
        period_kind: 'quarter',
        period_start: '2024-07-01',
        period_end: '2024-09-30',
        starts_utc: '2024-06-30 21:00',
        theme: 'sgbv',
        events: 8,
      },
      {
        period_kind: 'year',
        period_start: '2024-01-01',
        period_end: '2024-12-31',
        starts_utc: '2023-12-31 21:00',
        theme: 'illicit_alcohol_drugs',
        events: 9,
      },
      // A date alone is the first day of a week, kept as the file gives it (weeks across the new year included).
      {
        period_kind: 'week',
        period_start: '2024-12-30',
        period_end: '2025-01-05',
        starts_utc: '2024-12-29 21:00',
        theme: 'illicit_alcohol_drugs',
        events: 1,
      },
    ])
  })

  it('refuses a period it cannot read, or one that contradicts the period kind, naming the row', async () => {
    const csv =
      'county,period,crime_category,count\nTurkana,Julyish 2024,Robbery,1\nTurkana,2024-W54,Robbery,1\nTurkana,2024Q3,Robbery,1\n'
    const up = await upload(app.admin, 'bad-periods.csv', csv)
    const monthly = await app.admin.send('PUT', `/api/imports/${up.body.id}/mapping`, {
      mapping: up.body.mapping,
      fixed: { period_kind: 'month' },
    })
    expect(monthly.status).toBe(200)
    expect(monthly.body.report.errors).toEqual([
      { row: 1, field: 'period', message: '"Julyish 2024" is not a month (e.g. July 2024)' },
      { row: 2, field: 'period', message: '"2024-W54" is not a valid week' },
      { row: 3, field: 'period', message: '"2024Q3" is a quarter, but the period kind is month' },
    ])
  })

  it('is imported only by those who may create incidents', async () => {
    const refused = await upload(app.planner, 'conflict-weekly.csv', FIXTURE)
    expect(refused.status).toBe(403)
  })
})
