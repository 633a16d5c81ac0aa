import type { AreaScope } from '../access/scope.ts'
import type { AreaLevel } from '../../contract/domains.ts'
import type { Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'
import { fail } from '../errors.ts'
import { areasOfLevel, statKeySql, type LevelArea } from '../statistics/area-units.ts'
import { giStarOf, type GiResult } from './gistar.ts'

// Gi* hot and cold spots of area statistics (incident_stats): each county's events over a span of periods, its
// neighbours by queen contiguity (outlines sharing at least a point, corners included) or by a distance band between
// the counties' centroids, the county itself included as in the point hot spots. Where every county studied has a
// population the value is events per 100,000 people, otherwise the count, and the answer says which.
//
// At level sub_county or ward the areas are the units of that level with a boundary (area-units.ts), their
// neighbours found from those boundaries the same way, and only statistics of that level count.

export interface AreaHotspotQuery {
  level?: AreaLevel
  theme?: string
  /** First and last day (EAT) of the span; a period counts when it lies wholly inside. */
  from?: string
  to?: string
  period_kind?: string
  region?: string
  /** The study area as county codes (default: every county in the caller's area and the region); at a level below
   * the county, the units lying in those counties. */
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
  level: AreaLevel
  areas: AreaResult[]
  measure: 'events' | 'events_per_100k'
  /** Counties studied whose population is not known (so counts were used). */
  population_unknown: string[]
  weights: 'queen' | 'distance'
  distance_km: number | null
  period_kind: string | null
  fdr: boolean
}

export type StudiedArea = Omit<LevelArea, 'level' | 'county_code'>

/**
 * The areas an area analysis studies: the counties (or units of the level) of the caller's area, narrowed to the
 * region or the counties asked for. A listed county outside them is an error, not silently left out.
 */
export async function areasStudied(
  q: Queryable,
  query: { level?: AreaLevel; region?: string; counties?: string[] },
  area: AreaScope,
): Promise<StudiedArea[]> {
  const level = query.level ?? 'county'
  if (query.counties) {
    const counties = await areasOfLevel(q, 'county', { region: query.region, counties: query.counties }, area, 1)
    const found = new Set(counties.map((c) => c.code))
    const missing = query.counties.filter((c) => !found.has(c))
    if (missing.length)
      throw fail('invalid_parameter', `No county ${missing.join(', ')} in your area (and the region asked for).`, {
        parameter: 'counties',
      })
  }
  const areas = await areasOfLevel(q, level, query, area)
  return areas.map(({ level: _, county_code: __, ...a }) => a)
}

/**
 * The statistics rows an area analysis reads: of the counties studied, the theme and period kind asked for, and the
 * periods lying wholly inside the span (its first and last days in EAT).
 */
export function statRowsOf(
  keys: string[],
  query: { level?: AreaLevel; theme?: string; period_kind?: string; from?: string; to?: string },
) {
  const level = query.level ?? 'county'
  const s = paramList([keys, level])
  const cond = [`${statKeySql(level)} = ANY($1::text[])`, 's.area_level = $2']
  if (query.theme) cond.push(`s.theme = ${s.add(query.theme)}`)
  if (query.period_kind) cond.push(`s.period_kind = ${s.add(query.period_kind)}`)
  if (query.from) cond.push(`s.starts_at >= (${s.add(query.from)}::date)::timestamp AT TIME ZONE 'Africa/Nairobi'`)
  if (query.to) cond.push(`s.ends_at <= ((${s.add(query.to)}::date + 1)::timestamp AT TIME ZONE 'Africa/Nairobi')`)
  return { s, cond, key: statKeySql(level) }
}

/** Pairs of neighbouring areas (by key): outlines sharing a point (queen), or centroids within a distance. */
async function neighbourPairs(
  q: Queryable,
  level: AreaLevel,
  keys: string[],
  weights: 'queen' | 'distance',
  distanceKm?: number,
) {
  const [table, key, geom] = level === 'county' ? ['counties', 'code', 'geom'] : ['admin_units', 'id::text', 'boundary']
  return weights === 'queen'
    ? await q.query<{ a: string; b: string }>(
        `SELECT a.${key} AS a, b.${key} AS b FROM ${table} a JOIN ${table} b ON a.${key} < b.${key} AND a.${geom} && b.${geom}
         WHERE a.${key} = ANY($1::text[]) AND b.${key} = ANY($1::text[]) AND ST_Intersects(a.${geom}, b.${geom})`,
        [keys],
      )
    : await q.query<{ a: string; b: string }>(
        `SELECT a.${key} AS a, b.${key} AS b FROM ${table} a JOIN ${table} b ON a.${key} < b.${key}
         WHERE a.${key} = ANY($1::text[]) AND b.${key} = ANY($1::text[])
           AND ST_DWithin(ST_Centroid(a.${geom})::geography, ST_Centroid(b.${geom})::geography, $2::float8 * 1000)`,
        [keys, distanceKm],
      )
}

export async function areaHotspots(q: Queryable, query: AreaHotspotQuery, area: AreaScope): Promise<AreaHotspots> {
  const level = query.level ?? 'county'
  const studied = await areasStudied(q, query, area)
  if (studied.length < 3)
    throw fail(
      'invalid_parameter',
      `Hot spots need at least 3 ${level === 'county' ? 'counties' : `${level.replace('_', '-')}s with a boundary`}.`,
      { parameter: query.counties ? 'counties' : level === 'county' ? 'region' : 'level' },
    )
  const keys = studied.map((c) => c.key)

  const { s, cond, key } = statRowsOf(keys, query)
  const sums = await q.query<{ key: string; kinds: string[]; events: number; fatalities: number }>(
    `SELECT ${key} AS key, array_agg(DISTINCT s.period_kind) AS kinds, sum(s.events)::float8 AS events,
            sum(s.fatalities)::float8 AS fatalities
     FROM incident_stat_rows s WHERE ${cond.join(' AND ')} GROUP BY 1`,
    s.values,
  )
  const kinds = new Set(sums.rows.flatMap((r) => r.kinds))
  if (kinds.size > 1)
    throw fail(
      'invalid_parameter',
      `The statistics chosen mix period kinds (${[...kinds].sort().join(', ')}) that may count the same events twice: choose one with period_kind.`,
      { parameter: 'period_kind' },
    )
  const byKey = new Map(sums.rows.map((r) => [r.key, r]))

  const index = new Map(keys.map((c, i) => [c, i]))
  const lists: number[][] = keys.map((_, i) => [i])
  const pairs = await neighbourPairs(q, level, keys, query.weights, query.distance_km)
  for (const { a, b } of pairs.rows) {
    lists[index.get(a)!]!.push(index.get(b)!)
    lists[index.get(b)!]!.push(index.get(a)!)
  }

  const unknown = studied.filter((c) => !(c.population && c.population > 0)).map((c) => c.code)
  const rates = query.per === 'population' && unknown.length === 0
  const values = studied.map((c) => {
    const events = byKey.get(c.key)?.events ?? 0
    return rates ? (events * 100000) / c.population! : events
  })
  const gi = giStarOf(
    values,
    lists.map((l) => Int32Array.from(l)),
    query.fdr,
  )
  return {
    level,
    areas: studied.map(({ key: k, ...c }, i) => ({
      ...c,
      events: byKey.get(k)?.events ?? 0,
      fatalities: byKey.get(k)?.fatalities ?? 0,
      value: values[i]!,
      neighbours: lists[i]!.filter((j) => j !== i).map((j) => studied[j]!.code),
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
