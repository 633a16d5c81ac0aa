import { canRead, type Principal } from '../access/permissions.ts'
import type { AreaScope } from '../access/scope.ts'
import type { Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'
import { COLLECTIONS, type Collection } from './collections.ts'
import { whereSql, type ItemFilter } from './query.ts'

// Figures for a region or county panel: assets by status (roads also in km by condition), incidents by theme and
// month. Every number uses the same WHERE clause as the items endpoint, so each one links to the list behind it.

export interface Place {
  region?: string
  county?: string
}

export interface Summary {
  bbox: [number, number, number, number] | null
  assets: Record<string, { total: number; byStatus: Record<string, number>; kmByCondition?: Record<string, number> }>
  incidents: { total: number; byTheme: Record<string, number>; byMonth: { month: string; n: number }[] } | null
}

function placeFilter(c: Collection, place: Place): ItemFilter {
  const equals: ItemFilter['equals'] = []
  const field = (name: string) => c.fields.find((f) => f.name === name)!
  if (place.region) equals.push({ field: field('region_code'), values: [place.region] })
  if (place.county) equals.push({ field: field('county_code'), values: [place.county] })
  return { equals }
}

async function grouped(q: Queryable, c: Collection, place: Place, area: AreaScope, key: string, value = 'count(*)') {
  const p = paramList()
  const r = await q.query<{ k: string; n: number }>(
    `SELECT ${key} AS k, ${value} AS n FROM ${c.table} t WHERE ${whereSql(c, placeFilter(c, place), area, p)} GROUP BY 1 ORDER BY 1`,
    p.values,
  )
  return Object.fromEntries(r.rows.map((row) => [row.k, Number(row.n)]))
}

export async function summarise(q: Queryable, who: Principal, area: AreaScope, place: Place): Promise<Summary> {
  const assets: Summary['assets'] = {}
  for (const id of ['roads', 'airstrips', 'border_posts', 'admin_units', 'facilities'] as const) {
    const c = COLLECTIONS[id]
    const byStatus = await grouped(q, c, place, area, 't.status')
    assets[id] = { total: Object.values(byStatus).reduce((s, n) => s + n, 0), byStatus }
    if (id === 'roads')
      assets[id]!.kmByCondition = await grouped(q, c, place, area, 't.condition', 'round(sum(t.length_km)::numeric, 1)')
  }
  let incidents: Summary['incidents'] = null
  const inc = COLLECTIONS.incidents
  if (canRead(who, inc)) {
    const byTheme = await grouped(q, inc, place, area, 't.theme')
    const byMonth = await grouped(
      q,
      inc,
      place,
      area,
      "to_char(t.occurred_at AT TIME ZONE 'Africa/Nairobi', 'YYYY-MM')",
    )
    incidents = {
      total: Object.values(byTheme).reduce((s, n) => s + n, 0),
      byTheme,
      byMonth: Object.entries(byMonth).map(([month, n]) => ({ month, n })),
    }
  }
  const p = paramList()
  const where = place.county
    ? `code = ${p.add(place.county)}`
    : place.region
      ? `region_code = ${p.add(place.region)}`
      : 'TRUE'
  const b = await q.query<{ x0: number | null; y0: number; x1: number; y1: number }>(
    `SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1 FROM (SELECT ST_Extent(geom) AS e FROM counties WHERE ${where}) s`,
    p.values,
  )
  const row = b.rows[0]
  return { bbox: row && row.x0 !== null ? [row.x0, row.y0, row.x1, row.y1] : null, assets, incidents }
}
