import type { AreaScope } from '../access/scope.ts'
import { PERIOD_KINDS, type AreaLevel } from '../../contract/domains.ts'
import { quantileBreaks, type Granularity } from '../../contract/area-stats.ts'
import type { Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'
import { fail } from '../errors.ts'
import { areasOfLevel, levelsWithAreas, statKeySql, type LevelArea } from './area-units.ts'

// Area statistics per area and calendar period at a chosen granularity, for the choropleth with its period slider.
//
// Rows of one period kind are summed into periods of the granularity: a week counts in the month, quarter and year of
// its first day (conflict datasets aggregate by the week's first day too), a month in its quarter and year. Rows of a
// coarser kind than the granularity cannot be split and are left out. When the statistics hold several kinds that
// could be summed, the coarsest is used (an official monthly figure, not a sum of weeks that may count differently)
// unless the caller names one: summing two kinds would count the same events twice. Days are East Africa Time days,
// as the rows keep them.
//
// The areas are those of one level: the counties, or the sub-counties or wards with a boundary (area-units.ts), and
// only the statistics of that level are drawn: a sub-county file is not added into its county's figure, which a county
// file may give already.

export interface AreaStatsQuery {
  granularity: Granularity
  level?: AreaLevel
  /** First day of the one period wanted (default: every period). */
  period?: string
  period_kind?: Granularity
  theme?: string
  region?: string
  county?: string
}

export interface AreaStatValue {
  code: string
  events: number
  fatalities: number
  /** Events per 100,000 people; null when the area's population is not known. */
  events_per_100k: number | null
  /** Where the figures come from (the rows' data source, else their source kind). */
  sources: string[]
}

export interface AreaStatPeriod {
  start: string
  /** Last day, inclusive. */
  end: string
  values: AreaStatValue[]
}

/** An area as the choropleth names it: without the key statistics rows use. */
export type AreaStatArea = Omit<LevelArea, 'key'>

export interface AreaStats {
  areas: AreaStatArea[]
  level: AreaLevel
  /** The levels with areas to draw in the caller's area (county, and sub_county / ward where boundaries are loaded). */
  levels: AreaLevel[]
  granularity: Granularity
  /** The period kind of the rows summed; null when no statistics in scope can be summed to the granularity. */
  period_kind: Granularity | null
  /** The period kinds of the statistics in scope (for the theme asked), finest first. */
  period_kinds: Granularity[]
  /** First day of every period with figures, ascending. */
  period_starts: string[]
  periods: AreaStatPeriod[]
  /** Quantile class breaks of each measure over every area and period at this granularity. */
  breaks: { events: number[]; fatalities: number[]; events_per_100k: number[] }
  /** Areas in scope without a known population (no rate for them). */
  population_unknown: string[]
}

const rank = (k: string) => PERIOD_KINDS.indexOf(k as Granularity)

/** Whether a day is the first day of a period of the granularity (any day starts a week: datasets choose the weekday). */
export function startsPeriod(day: string, granularity: Granularity): boolean {
  const [, m, d] = day.split('-').map(Number) as [number, number, number]
  if (granularity === 'week') return true
  if (d !== 1) return false
  if (granularity === 'quarter') return m % 3 === 1
  if (granularity === 'year') return m === 1
  return true
}

export async function areaStats(q: Queryable, query: AreaStatsQuery, area: AreaScope): Promise<AreaStats> {
  if (query.period && !startsPeriod(query.period, query.granularity))
    throw fail('invalid_parameter', `A ${query.granularity} starts on its first day, not on ${query.period}.`, {
      parameter: 'period',
    })
  if (query.period_kind && rank(query.period_kind) > rank(query.granularity))
    throw fail(
      'invalid_parameter',
      `Statistics per ${query.period_kind} cannot be shown per ${query.granularity}: choose a granularity of ${query.period_kind} or longer.`,
      { parameter: 'period_kind' },
    )

  const level = query.level ?? 'county'
  const found = await areasOfLevel(
    q,
    level,
    { region: query.region, counties: query.county ? [query.county] : undefined },
    area,
  )
  const areas: AreaStatArea[] = found.map(({ key: _, ...a }) => a)
  const codeOf = new Map(found.map((a) => [a.key, a.code]))
  const codes = found.map((a) => a.key)
  const population = new Map(areas.map((a) => [a.code, a.population]))

  const s = paramList([codes, level])
  const key = statKeySql(level)
  const cond = [`${key} = ANY($1::text[])`, 's.area_level = $2']
  if (query.theme) cond.push(`s.theme = ${s.add(query.theme)}`)
  const kinds = (
    await q.query<{ kind: Granularity }>(
      `SELECT DISTINCT s.period_kind AS kind FROM incident_stat_rows s WHERE ${cond.join(' AND ')}`,
      s.values,
    )
  ).rows
    .map((r) => r.kind)
    .sort((a, b) => rank(a) - rank(b))
  const usable = kinds.filter((k) => rank(k) <= rank(query.granularity))
  const kind = query.period_kind ?? usable[usable.length - 1] ?? null

  const empty = { events: [], fatalities: [], events_per_100k: [] }
  const base = {
    areas,
    level,
    levels: await levelsWithAreas(q, area),
    granularity: query.granularity,
    period_kind: kind,
    period_kinds: kinds,
    population_unknown: areas.filter((a) => !(a.population && a.population > 0)).map((a) => a.code),
  }
  if (!kind || codes.length === 0) return { ...base, period_starts: [], periods: [], breaks: empty }

  cond.push(`s.period_kind = ${s.add(kind)}`)
  const g = s.add(query.granularity)
  const cells = (
    await q.query<{ code: string; start: string; end: string; events: number; fatalities: number; sources: string[] }>(
      `WITH rows AS (
         SELECT ${key} AS area_key,
                CASE WHEN ${g}::text = 'week' THEN s.period_start::date
                     ELSE date_trunc(${g}::text, s.period_start::date::timestamp)::date END AS start,
                s.events, s.fatalities, coalesce(s.data_source, s.source) AS src
         FROM incident_stat_rows s WHERE ${cond.join(' AND ')})
       SELECT area_key AS code, to_char(start, 'YYYY-MM-DD') AS start,
              to_char((start + CASE ${g}::text WHEN 'quarter' THEN interval '3 months' ELSE ('1 ' || ${g}::text)::interval END)::date - 1,
                      'YYYY-MM-DD') AS "end",
              sum(events)::float8 AS events, sum(fatalities)::float8 AS fatalities,
              array_agg(DISTINCT src ORDER BY src) AS sources
       FROM rows GROUP BY area_key, start ORDER BY start, area_key`,
      s.values,
    )
  ).rows.map((c) => ({ ...c, code: codeOf.get(c.code)! }))
  cells.sort((a, b) =>
    a.start < b.start ? -1 : a.start > b.start ? 1 : a.code < b.code ? -1 : a.code > b.code ? 1 : 0,
  )

  const rate = (code: string, events: number) => {
    const pop = population.get(code)
    return pop && pop > 0 ? Math.round(((events * 100000) / pop) * 1000) / 1000 : null
  }
  const byStart = new Map<string, AreaStatPeriod>()
  for (const c of cells) {
    let period = byStart.get(c.start)
    if (!period) byStart.set(c.start, (period = { start: c.start, end: c.end, values: [] }))
    period.values.push({
      code: c.code,
      events: c.events,
      fatalities: c.fatalities,
      events_per_100k: rate(c.code, c.events),
      sources: c.sources,
    })
  }
  const all = [...byStart.values()]
  const values = all.flatMap((period) => period.values)
  return {
    ...base,
    period_starts: all.map((period) => period.start),
    periods: query.period ? all.filter((period) => period.start === query.period) : all,
    breaks: {
      events: quantileBreaks(values.map((v) => v.events)),
      fatalities: quantileBreaks(values.map((v) => v.fatalities)),
      events_per_100k: quantileBreaks(values.flatMap((v) => (v.events_per_100k === null ? [] : [v.events_per_100k]))),
    },
  }
}
