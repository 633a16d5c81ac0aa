import type { AreaScope } from '../access/scope.ts'
import type { Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'
import { fail } from '../errors.ts'
import { giStarOf, type GiResult } from './gistar.ts'

// Gi* hot and cold spots of area statistics (incident_stats): each county's events over a span of periods, its
// neighbours by queen contiguity (outlines sharing at least a point, corners included) or by a distance band between
// the counties' centroids, the county itself included as in the point hot spots. Where every county studied has a
// population the value is events per 100,000 people, otherwise the count, and the answer says which.

export interface AreaHotspotQuery {
  theme?: string
  /** First and last day (EAT) of the span; a period counts when it lies wholly inside. */
  from?: string
  to?: string
  period_kind?: string
  region?: string
  /** The study area as county codes (default: every county in the caller's area and the region). */
  counties?: string[]
  weights: 'queen' | 'distance'
  distance_km?: number
  per: 'count' | 'population'
  fdr: boolean
}

export interface AreaResult extends GiResult {
  code: string
  name: string
  region_code: string
  events: number
  fatalities: number
  population: number | null
  value: number
  neighbours: string[]
  geometry: string
}

export interface AreaHotspots {
  areas: AreaResult[]
  measure: 'events' | 'events_per_100k'
  /** Counties studied whose population is not known (so counts were used). */
  population_unknown: string[]
  weights: 'queen' | 'distance'
  distance_km: number | null
  period_kind: string | null
  fdr: boolean
}

export interface StudiedCounty {
  code: string
  name: string
  region_code: string
  population: number | null
  /** GeoJSON of the outline, simplified for drawing. */
  geometry: string
}

/**
 * The counties an area analysis studies: the caller's area, narrowed to the region or the list asked for. A listed
 * county outside them is an error, not silently left out.
 */
export async function countiesStudied(
  q: Queryable,
  query: { region?: string; counties?: string[] },
  area: AreaScope,
): Promise<StudiedCounty[]> {
  const p = paramList()
  const where = ['TRUE']
  if (area.kind === 'regions') where.push(`c.region_code = ANY(${p.add(area.regions)}::text[])`)
  if (area.kind === 'counties') where.push(`c.code = ANY(${p.add(area.counties)}::text[])`)
  if (query.region) where.push(`c.region_code = ${p.add(query.region)}`)
  if (query.counties) where.push(`c.code = ANY(${p.add(query.counties)}::text[])`)
  const counties = (
    await q.query<StudiedCounty>(
      `SELECT c.code, c.name, c.region_code, c.population,
              ST_AsGeoJSON(ST_SimplifyPreserveTopology(c.geom, 0.002), 5) AS geometry
       FROM counties c WHERE ${where.join(' AND ')} ORDER BY c.code`,
      p.values,
    )
  ).rows
  if (query.counties) {
    const found = new Set(counties.map((c) => c.code))
    const missing = query.counties.filter((c) => !found.has(c))
    if (missing.length)
      throw fail('invalid_parameter', `No county ${missing.join(', ')} in your area (and the region asked for).`, {
        parameter: 'counties',
      })
  }
  return counties
}

/**
 * The statistics rows an area analysis reads: of the counties studied, the theme and period kind asked for, and the
 * periods lying wholly inside the span (its first and last days in EAT).
 */
export function statRowsOf(
  codes: string[],
  query: { theme?: string; period_kind?: string; from?: string; to?: string },
) {
  const s = paramList([codes])
  const cond = ['s.area_code = ANY($1::text[])']
  if (query.theme) cond.push(`s.theme = ${s.add(query.theme)}`)
  if (query.period_kind) cond.push(`s.period_kind = ${s.add(query.period_kind)}`)
  if (query.from) cond.push(`s.starts_at >= (${s.add(query.from)}::date)::timestamp AT TIME ZONE 'Africa/Nairobi'`)
  if (query.to) cond.push(`s.ends_at <= ((${s.add(query.to)}::date + 1)::timestamp AT TIME ZONE 'Africa/Nairobi')`)
  return { s, cond }
}

export async function areaHotspots(q: Queryable, query: AreaHotspotQuery, area: AreaScope): Promise<AreaHotspots> {
  const counties = await countiesStudied(q, query, area)
  if (counties.length < 3)
    throw fail('invalid_parameter', 'Hot spots need at least 3 counties.', { parameter: 'counties' })
  const codes = counties.map((c) => c.code)

  const { s, cond } = statRowsOf(codes, query)
  const sums = await q.query<{ code: string; kinds: string[]; events: number; fatalities: number }>(
    `SELECT s.area_code AS code, array_agg(DISTINCT s.period_kind) AS kinds, sum(s.events)::float8 AS events,
            sum(s.fatalities)::float8 AS fatalities
     FROM incident_stat_rows s WHERE ${cond.join(' AND ')} GROUP BY s.area_code`,
    s.values,
  )
  const kinds = new Set(sums.rows.flatMap((r) => r.kinds))
  if (kinds.size > 1)
    throw fail(
      'invalid_parameter',
      `The statistics chosen mix period kinds (${[...kinds].sort().join(', ')}) that may count the same events twice: choose one with period_kind.`,
      { parameter: 'period_kind' },
    )
  const byCode = new Map(sums.rows.map((r) => [r.code, r]))

  const index = new Map(codes.map((c, i) => [c, i]))
  const lists: number[][] = codes.map((_, i) => [i])
  const pairs =
    query.weights === 'queen'
      ? await q.query<{ a: string; b: string }>(
          `SELECT a.code AS a, b.code AS b FROM counties a JOIN counties b ON a.code < b.code AND a.geom && b.geom
           WHERE a.code = ANY($1::text[]) AND b.code = ANY($1::text[]) AND ST_Intersects(a.geom, b.geom)`,
          [codes],
        )
      : await q.query<{ a: string; b: string }>(
          `SELECT a.code AS a, b.code AS b FROM counties a JOIN counties b ON a.code < b.code
           WHERE a.code = ANY($1::text[]) AND b.code = ANY($1::text[])
             AND ST_DWithin(ST_Centroid(a.geom)::geography, ST_Centroid(b.geom)::geography, $2::float8 * 1000)`,
          [codes, query.distance_km],
        )
  for (const { a, b } of pairs.rows) {
    lists[index.get(a)!]!.push(index.get(b)!)
    lists[index.get(b)!]!.push(index.get(a)!)
  }

  const unknown = counties.filter((c) => !(c.population && c.population > 0)).map((c) => c.code)
  const rates = query.per === 'population' && unknown.length === 0
  const values = counties.map((c) => {
    const events = byCode.get(c.code)?.events ?? 0
    return rates ? (events * 100000) / c.population! : events
  })
  const gi = giStarOf(
    values,
    lists.map((l) => Int32Array.from(l)),
    query.fdr,
  )
  return {
    areas: counties.map((c, i) => ({
      ...c,
      events: byCode.get(c.code)?.events ?? 0,
      fatalities: byCode.get(c.code)?.fatalities ?? 0,
      value: values[i]!,
      neighbours: lists[i]!.filter((j) => j !== i).map((j) => codes[j]!),
      ...gi[i]!,
    })),
    measure: rates ? 'events_per_100k' : 'events',
    population_unknown: query.per === 'population' ? unknown : [],
    weights: query.weights,
    distance_km: query.weights === 'distance' ? query.distance_km! : null,
    period_kind: query.period_kind ?? [...kinds][0] ?? null,
    fdr: query.fdr,
  }
}
