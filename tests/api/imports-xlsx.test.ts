import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Client } from '../support/app.ts'
import { useApp } from '../support/use-app.ts'
import { xlsx, type Cell } from '../support/xlsx.ts'

// Excel workbooks import like CSV files: the first sheet (or the one named in `layer`) is the table. The workbooks are
// written by the test (tests/support/xlsx.ts) with the cell kinds spreadsheets hold: shared and inline strings,
// numbers, booleans, dates as serial numbers under date styles, formulas, errors.

const FIXTURES = join(import.meta.dirname, '..', 'fixtures')
const csvOf = (name: string) => readFileSync(join(FIXTURES, name), 'utf8')

const app = useApp('admin', 'planner')

async function upload(client: Client, collection: string, filename: string, content: string | Uint8Array, layer = '') {
  const form = new FormData()
  form.set('collection', collection)
  if (layer) form.set('layer', layer)
  form.set('file', new File([typeof content === 'string' ? content : new Uint8Array(content)], filename))
  return client.json('/api/imports', { method: 'POST', body: form })
}
const commit = (client: Client, id: number, body: unknown = {}) =>
  client.send('POST', `/api/imports/${id}/commit`, body)

/** The conflict fixture as sheet rows: weeks as dates (both date styles), names as shared or inline strings, numbers. */
function conflictRows(): Cell[][] {
  const [header, ...lines] = csvOf('conflict-weekly-counties.csv')
    .trim()
    .split('\n')
    .map((l) => l.split(','))
  const numeric = new Set(['events', 'fatalities', 'id', 'centroid_latitude', 'centroid_longitude'])
  return [
    header!,
    ...lines.map((cells, r) =>
      cells.map((v, c): Cell => {
        const column = header![c]!
        if (v === '') return null
        if (column === 'week') return { date: v, style: r % 2 ? 'custom' : 'builtin' }
        if (numeric.has(column)) return Number(v)
        return column === 'admin1' && r % 3 === 0 ? { inline: v } : v
      }),
    ),
  ]
}

const RECODE = {
  recode: { area: { 'Nairobi Metropolitan': '047' }, theme: { 'Cattle raid': 'cattle_rustling_banditry' } },
  fixed: { data_source: 'Conflict events (weekly, county)' },
}

const figures = async (batch: number) =>
  (
    await app.db.query(
      `SELECT area_code, period_kind, period_start, theme, event_type, source_type, events, fatalities
       FROM incident_stats WHERE import_batch_id = $1 ORDER BY area_code, period_start, source_type`,
      [batch],
    )
  ).rows

describe('XLSX imports', () => {
  it('imports the weekly conflict counts from a workbook to the same figures as the CSV', async () => {
    const fromCsv = await upload(app.admin, 'incident_stats', 'conflict.csv', csvOf('conflict-weekly-counties.csv'))
    const fromXlsx = await upload(
      app.admin,
      'incident_stats',
      'conflict.xlsx',
      xlsx([{ name: 'Data', rows: conflictRows() }]),
    )
    expect(fromXlsx.status).toBe(201)
    expect(fromXlsx.body).toMatchObject({ format: 'xlsx', layer: 'Data', total: 13 })
    expect(fromXlsx.body.mapping).toEqual(fromCsv.body.mapping)
    expect(fromXlsx.body.values).toEqual(fromCsv.body.values)
    expect(fromXlsx.body.report).toEqual(fromCsv.body.report)

    expect((await commit(app.admin, fromCsv.body.id, RECODE)).status).toBe(200)
    expect((await commit(app.admin, fromXlsx.body.id, RECODE)).status).toBe(200)
    const rows = await figures(fromXlsx.body.id)
    expect(rows).toHaveLength(13)
    expect(rows).toEqual(await figures(fromCsv.body.id))
    expect(rows.find((r: any) => r.area_code === '009')).toMatchObject({
      period_kind: 'week',
      period_start: '2024-02-10',
      theme: 'terrorism',
      events: 2,
      fatalities: 5,
    })
  })

  it('reads the sheet named in layer, and names the sheets when the one asked for is missing', async () => {
    const book = xlsx([
      { name: 'Read me', rows: [['Weekly conflict events per county, 2024']] },
      { name: 'Weekly', rows: conflictRows() },
    ])
    const chosen = await upload(app.admin, 'incident_stats', 'book.xlsx', book, 'weekly')
    expect(chosen.status).toBe(201)
    expect(chosen.body).toMatchObject({ layer: 'Weekly', total: 13 })

    const missing = await upload(app.admin, 'incident_stats', 'book.xlsx', book, 'Monthly')
    expect(missing.status).toBe(400)
    expect(missing.body.error.message).toBe('The workbook has no sheet "Monthly": its sheets are "Read me", "Weekly".')
    const old = await upload(app.admin, 'incident_stats', 'book.xls', book)
    expect(old.status).toBe(400)
    expect(old.body.error.message).toMatch(/as \.xlsx/)
  })

  it('imports points from a workbook: coordinates, formulas, booleans and dates with a time in EAT', async () => {
    const [header, ...lines] = csvOf('import-facilities-freetext.csv')
      .trim()
      .split('\n')
      .map((l) => l.split(','))
    const rows: Cell[][] = [
      header!,
      ...lines.map((cells, r) =>
        cells.map((v, c): Cell => {
          if (c < 3) return v
          // One latitude is a formula, as a spreadsheet computes it; the file keeps its value.
          return r === 0 && c === 3 ? { formula: 'ROUND(1.17474,4)', value: Number(v) } : Number(v)
        }),
      ),
    ]
    const facilities = await upload(app.planner, 'facilities', 'posts.xlsx', xlsx([{ name: 'Posts', rows }]))
    expect(facilities.status).toBe(201)
    expect(facilities.body.report).toMatchObject({ valid: 5, invalid: 0, unmapped: [] })
    expect((await commit(app.planner, facilities.body.id)).status).toBe(200)
    const placed = await app.db.query(
      `SELECT name, kind, status, round(ST_Y(geom)::numeric, 4)::float8 AS lat, round(ST_X(geom)::numeric, 4)::float8 AS lon
       FROM facilities WHERE import_batch_id = $1 ORDER BY id`,
      [facilities.body.id],
    )
    expect(placed.rows[0]).toEqual({
      name: 'Kapedo AP Camp',
      kind: 'aps_camp',
      status: 'operational',
      lat: 1.1747,
      lon: 36.1025,
    })
    expect(placed.rows.map((r: any) => r.kind)).toEqual([
      'aps_camp',
      'police_post',
      'police_station',
      'aps_camp',
      'police_station',
    ])

    // 01:30 on 1 July 2024, written without an offset: East Africa Time, so 22:30 UTC on 30 June.
    const incidents = xlsx([
      {
        name: 'Incidents',
        rows: [
          ['name', 'occurred_at', 'theme', 'severity', 'status', 'verified', 'latitude', 'longitude', 'remarks'],
          [
            'Kapedo raid',
            { date: '2024-07-01T01:30:00', style: 'custom' },
            'cattle_rustling_banditry',
            3,
            'open',
            true,
            1.1747,
            36.1025,
            { error: '#N/A' },
          ],
          ['Lokori robbery', { date: '2024-06-30' }, 'organised_gangs', 2, 'open', false, 1.9561, 36.0246, null],
        ],
      },
    ])
    const up = await upload(app.admin, 'incidents', 'incidents.xlsx', incidents)
    expect(up.status).toBe(201)
    expect(up.body.report).toMatchObject({ valid: 2, invalid: 0 })
    expect((await commit(app.admin, up.body.id)).status).toBe(200)
    const stored = await app.db.query(
      `SELECT name, to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') AS utc, verified FROM incidents
       WHERE import_batch_id = $1 ORDER BY id`,
      [up.body.id],
    )
    expect(stored.rows).toEqual([
      { name: 'Kapedo raid', utc: '2024-06-30 22:30', verified: true },
      { name: 'Lokori robbery', utc: '2024-06-29 21:00', verified: false },
    ])
  })

  it('refuses a workbook it cannot read, saying why', async () => {
    const notBook = await upload(app.admin, 'incident_stats', 'x.xlsx', xlsx([]).slice(0, 40))
    expect(notBook.status).toBe(400)
    const empty = await upload(app.admin, 'incident_stats', 'empty.xlsx', xlsx([{ name: 'Empty', rows: [] }]))
    expect(empty.status).toBe(400)
    expect(empty.body.error.message).toBe('The XLSX file is empty.')
  })
})
