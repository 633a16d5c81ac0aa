import { z } from 'zod'
import { AREA_LEVELS, PERIOD_KINDS } from './domains.ts'

// The incident-statistics choropleth: what the server answers per area and period, and the one classing rule that both
// the map's fill and its legend use, so a county is never drawn in a class its legend does not list.

export type Granularity = (typeof PERIOD_KINDS)[number]

/** What the fill shows: a count, or events per 100,000 people (areas without a known population have no figure). */
export const AREA_STAT_MEASURES = ['events', 'fatalities', 'events_per_100k'] as const
export type AreaStatMeasure = (typeof AREA_STAT_MEASURES)[number]

/** The number of classes drawn (fewer when the values do not have that many distinct quantiles). */
export const AREA_STAT_CLASSES = 5

/** Sequential ColorBrewer Purples, light to dark: no road condition, status or theme ramp is a lavender scale. */
export const AREA_STAT_COLORS = ['#f2f0f7', '#cbc9e2', '#9e9ac8', '#756bb1', '#54278f'] as const
/** An area with no figure for the period (no row, or a rate without a population): grey means unknown on every layer. */
export const AREA_STAT_NO_DATA = '#d9d9d9'

/**
 * Quantile class breaks: the upper bound (inclusive) of each class, ascending and distinct, the last one the largest
 * value. Values equal to a break belong to its class, so five equal counts make one class, not five.
 */
export function quantileBreaks(values: readonly number[], classes = AREA_STAT_CLASSES): number[] {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  if (sorted.length === 0) return []
  const breaks: number[] = []
  for (let j = 1; j <= classes; j++) {
    const b = sorted[Math.max(0, Math.ceil((j * sorted.length) / classes) - 1)]!
    if (breaks[breaks.length - 1] !== b) breaks.push(b)
  }
  return breaks
}

/** The class (0-based) of a value under breaks from quantileBreaks; null for no figure. */
export function classOf(value: number | null | undefined, breaks: readonly number[]): number | null {
  if (value === null || value === undefined || !Number.isFinite(value) || breaks.length === 0) return null
  const i = breaks.findIndex((b) => value <= b)
  return i === -1 ? breaks.length - 1 : i
}

/** The fill colour of each class when there are `n` classes: spread over the palette so the darkest always shows. */
export function classColors(n: number): string[] {
  const last = AREA_STAT_COLORS.length - 1
  if (n <= 1) return [AREA_STAT_COLORS[Math.ceil(last / 2)]!]
  return Array.from({ length: n }, (_, i) => AREA_STAT_COLORS[Math.round((i * last) / (n - 1))]!)
}

// The answer of GET /api/incident-stats/areas: the server validates and documents it with these schemas, and the web
// app reads the same types.

export const AreaStatValue = z.object({
  code: z.string(),
  events: z.number(),
  fatalities: z.number(),
  events_per_100k: z.number().nullable().meta({ description: 'null when the area has no known population' }),
  sources: z.array(z.string()).meta({ description: 'Data sources of the figures' }),
})
export type AreaStatValue = z.infer<typeof AreaStatValue>

/** GET /api/incident-stats/areas: the areas of one level, the periods with their figures, and the class breaks. */
export const AreaStatsAnswer = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.string(),
      geometry: z.record(z.string(), z.unknown()),
      properties: z.object({
        name: z.string(),
        level: z.enum(AREA_LEVELS),
        region_code: z.string(),
        county_code: z.string(),
        population: z.number().nullable(),
      }),
    }),
  ),
  level: z.enum(AREA_LEVELS),
  levels: z.array(z.enum(AREA_LEVELS)).meta({
    description: "Levels with areas to draw in the caller's area (sub_county, ward where boundaries are loaded)",
  }),
  granularity: z.enum(PERIOD_KINDS),
  period_kind: z
    .enum(PERIOD_KINDS)
    .nullable()
    .meta({ description: 'The period kind of the statistics summed (null: none fits)' }),
  period_kinds: z.array(z.enum(PERIOD_KINDS)).meta({ description: 'Period kinds of the statistics in scope' }),
  period_starts: z.array(z.string()).meta({ description: 'First day of every period with figures' }),
  periods: z.array(
    z.object({
      start: z.string(),
      end: z.string().meta({ description: 'Last day, inclusive' }),
      values: z.array(AreaStatValue),
    }),
  ),
  breaks: z
    .object({
      events: z.array(z.number()),
      fatalities: z.array(z.number()),
      events_per_100k: z.array(z.number()),
    })
    .meta({
      description:
        'Quantile class breaks (inclusive upper bounds) of each measure over every area and period at this granularity',
    }),
  population_unknown: z.array(z.string()),
})
export type AreaStatsAnswer = z.infer<typeof AreaStatsAnswer>

export const AreaTrend = z.object({
  code: z.string(),
  name: z.string(),
  region_code: z.string(),
  population: z.number().nullable(),
  values: z.array(z.number()).meta({ description: 'Events (or events per 100,000 people) per period, in order' }),
  s: z.number().meta({ description: 'Mann-Kendall S' }),
  var_s: z.number().meta({ description: 'Variance of S, corrected for ties' }),
  z: z.number(),
  p: z.number().meta({ description: 'Two-sided p-value' }),
  sen_slope: z.number().meta({ description: "Sen's slope: change per period" }),
  ols_slope: z.number().meta({ description: 'Least-squares slope: change per period' }),
  trend: z.enum(['increasing', 'decreasing', 'no_trend']),
})
/** GET /api/analysis/area-trends: each area's series and its Mann-Kendall trend. */
export const AreaTrendsAnswer = z.object({
  level: z.enum(AREA_LEVELS),
  areas: z.array(AreaTrend),
  periods: z.array(z.string()).meta({ description: 'First day of each period of the series' }),
  period_kind: z.string().nullable(),
  measure: z.enum(['events', 'events_per_100k']),
  population_unknown: z.array(z.string()),
  alpha: z.number(),
})
export type AreaTrendsAnswer = z.infer<typeof AreaTrendsAnswer>
