import type { AreaScope } from '../access/scope.ts'
import type { Queryable } from '../db/index.ts'
import { fail } from '../errors.ts'
import type { AreaLevel } from '../../contract/domains.ts'
import { areasStudied, statRowsOf } from './areas.ts'
import { pValue } from './gistar.ts'

// Trends of area statistics: for each county, its events per period (one period kind) over a span, tested with the
// Mann-Kendall trend test (ties corrected, continuity corrected z, two-sided p) and measured by Sen's slope (the median
// of the pairwise slopes, robust to one bad week) and the least-squares slope, both in events (or events per 100,000
// people) per period. A period in which some county studied has figures and this one has none counts as 0 for it:
// conflict datasets list only areas with events. Periods no county has figures for are not in the series.

export interface AreaTrendQuery {
  /** county (default), or sub_county / ward: the units of that level with a boundary. */
  level?: AreaLevel
  theme?: string
  from?: string
  to?: string
  period_kind?: string
  region?: string
  counties?: string[]
  per: 'count' | 'population'
  /** Significance level of the increasing / decreasing call. */
  alpha: number
}

export interface MannKendall {
  s: number
  var_s: number
  z: number
  p: number
}

export interface AreaTrend extends MannKendall {
  code: string
  name: string
  region_code: string
  population: number | null
  values: number[]
  sen_slope: number
  ols_slope: number
  trend: 'increasing' | 'decreasing' | 'no_trend'
}

export interface AreaTrends {
  level: AreaLevel
  areas: AreaTrend[]
  periods: string[]
  period_kind: string | null
  measure: 'events' | 'events_per_100k'
  population_unknown: string[]
  alpha: number
}

/** Mann-Kendall S, its variance with the correction for tied groups, the continuity-corrected z and two-sided p. */
export function mannKendall(x: readonly number[]): MannKendall {
  const n = x.length
  let s = 0
  for (let i = 0; i < n - 1; i++) for (let j = i + 1; j < n; j++) s += Math.sign(x[j]! - x[i]!)
  const ties = new Map<number, number>()
  for (const v of x) ties.set(v, (ties.get(v) ?? 0) + 1)
  let tied = 0
  for (const t of ties.values()) tied += t * (t - 1) * (2 * t + 5)
  const varS = (n * (n - 1) * (2 * n + 5) - tied) / 18
  const z = varS > 0 ? (s > 0 ? (s - 1) / Math.sqrt(varS) : s < 0 ? (s + 1) / Math.sqrt(varS) : 0) : 0
  return { s, var_s: varS, z, p: varS > 0 ? pValue(z) : 1 }
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length === 0 ? 0 : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Sen's slope: the median of (x_j − x_i) / (j − i) over every pair i < j. */
export function senSlope(x: readonly number[]): number {
  const slopes: number[] = []
  for (let i = 0; i < x.length - 1; i++) for (let j = i + 1; j < x.length; j++) slopes.push((x[j]! - x[i]!) / (j - i))
  return median(slopes)
}

/** Least-squares slope of x against its period index 0, 1, 2, … */
export function olsSlope(x: readonly number[]): number {
  const n = x.length
  const mt = (n - 1) / 2
  const mx = x.reduce((a, b) => a + b, 0) / n
  let num = 0
  let den = 0
  x.forEach((v, t) => {
    num += (t - mt) * (v - mx)
    den += (t - mt) ** 2
  })
  return den > 0 ? num / den : 0
}

const round = (v: number, d = 6) => Math.round(v * 10 ** d) / 10 ** d

export async function areaTrends(q: Queryable, query: AreaTrendQuery, area: AreaScope): Promise<AreaTrends> {
  const counties = await areasStudied(q, query, area)
  const keys = counties.map((c) => c.key)

  const { s, cond, key } = statRowsOf(keys, query)
  const cells = (
    await q.query<{ code: string; kind: string; start: string; events: number }>(
      `SELECT ${key} AS code, s.period_kind AS kind, s.period_start AS start, sum(s.events)::float8 AS events
       FROM incident_stat_rows s WHERE ${cond.join(' AND ')} GROUP BY 1, 2, 3`,
      s.values,
    )
  ).rows
  const kinds = [...new Set(cells.map((c) => c.kind))].sort()
  if (kinds.length > 1)
    throw fail(
      'invalid_parameter',
      `The statistics chosen mix period kinds (${kinds.join(', ')}): choose one with period_kind, a trend compares periods of one length.`,
      { parameter: 'period_kind' },
    )
  const periods = [...new Set(cells.map((c) => c.start))].sort()
  if (periods.length < 3)
    throw fail(
      'invalid_parameter',
      `A trend needs figures in at least 3 periods; the statistics chosen have ${periods.length}.`,
      { parameter: periods.length === 0 ? 'theme' : 'from' },
    )
  const index = new Map(periods.map((start, i) => [start, i]))
  const series = new Map(keys.map((c) => [c, new Array<number>(periods.length).fill(0)]))
  for (const c of cells) series.get(c.code)![index.get(c.start)!] = c.events

  const unknown = counties.filter((c) => !(c.population && c.population > 0)).map((c) => c.code)
  const rates = query.per === 'population' && unknown.length === 0
  return {
    level: query.level ?? 'county',
    areas: counties.map(({ key: k, ...c }) => {
      const values = series.get(k)!.map((v) => (rates ? round((v * 100000) / c.population!) : v))
      const mk = mannKendall(values)
      return {
        ...c,
        values,
        ...mk,
        z: round(mk.z),
        p: round(mk.p),
        sen_slope: round(senSlope(values)),
        ols_slope: round(olsSlope(values)),
        trend: mk.p < query.alpha ? (mk.s > 0 ? 'increasing' : 'decreasing') : 'no_trend',
      }
    }),
    periods,
    period_kind: kinds[0] ?? null,
    measure: rates ? 'events_per_100k' : 'events',
    population_unknown: query.per === 'population' ? unknown : [],
    alpha: query.alpha,
  }
}
