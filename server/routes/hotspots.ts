import { createRoute, z } from '@hono/zod-openapi'
import { Day } from '../http/params.ts'
import type { Context } from 'hono'
import { principal } from '../http/auth.ts'
import { assertCan, assertRead } from '../access/permissions.ts'
import { COLLECTIONS } from '../assets/collections.ts'
import { AREA_LEVELS, INCIDENT_THEMES, PERIOD_KINDS, REGIONS } from '../../contract/domains.ts'
import { areaHotspots } from '../hotspots/areas.ts'
import { areaTrends } from '../hotspots/area-trends.ts'
import { AreaTrendsAnswer } from '../../contract/area-stats.ts'
import { router, type AppEnv } from '../http/env.ts'
import { serializedJson } from '../http/replies.ts'
import { badParameter } from '../errors.ts'
import { errorResponses } from '../http/errors.ts'
import { MAX_HOTSPOT_PAIRS, hotspotWork } from '../workers/hotspots.ts'
import { pool } from '../workers/pool.ts'

const Query = z.strictObject({
  theme: z.enum(INCIDENT_THEMES).optional(),
  from: Day.optional(),
  to: Day.optional(),
  region: z.enum(REGIONS.map((r) => r.code) as [string, ...string[]]).optional(),
  cell_km: z.coerce
    .number()
    .min(2)
    .max(50)
    .default(10)
    .openapi({ description: 'Hexagon edge length in km (default 10)' }),
  distance_km: z.coerce.number().min(1).max(300).optional().openapi({
    description:
      'Neighbourhood distance band in km (default: two rings of hexagons, 2·√3·cell_km). Cells × neighbours within the band (×2 with trend) may not exceed 20,000,000.',
  }),
  fdr: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .openapi({ description: 'False discovery rate correction' }),
  trend: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .openapi({
      description:
        'Also compare with the previous period of the same length (needs from and to): new, intensifying, persistent, diminishing',
    }),
})

const Cell = z.object({
  type: z.literal('Feature'),
  geometry: z.record(z.string(), z.unknown()),
  properties: z.object({
    count: z.number(),
    z: z.number(),
    p: z.number(),
    bin: z.number().int(),
    trend: z.enum(['new', 'intensifying', 'persistent', 'diminishing']).nullable().optional(),
  }),
})

const Hotspots = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(Cell),
  cells: z.number(),
  incidents: z.number(),
  incidents_left_out: z
    .number()
    .openapi({ description: 'Matching incidents that fell in no cell (0: the grid covers every one)' }),
  cell_km: z.number(),
  distance_km: z.number(),
  fdr: z.boolean(),
})

const Level = z.enum(AREA_LEVELS).default('county').openapi({
  description:
    'Areas studied: the counties, or the sub-counties or wards whose boundaries are loaded (admin_units); statistics of that level only',
})

const AreaQuery = z.strictObject({
  level: Level,
  theme: z.enum(INCIDENT_THEMES).optional(),
  from: Day.optional().openapi({ description: 'First day (EAT): periods starting before it are left out' }),
  to: Day.optional().openapi({ description: 'Last day (EAT): periods ending after it are left out' }),
  period_kind: z
    .enum(PERIOD_KINDS)
    .optional()
    .openapi({ description: 'Statistics of this period kind only (needed when the span holds several kinds)' }),
  region: z.enum(REGIONS.map((r) => r.code) as [string, ...string[]]).optional(),
  counties: z
    .string()
    .regex(/^\d{3}(,\d{3})*$/, 'county codes, comma-separated (023,024)')
    .optional()
    .openapi({
      description:
        'The study area as county codes (default: every county of your area and the region); below the county level, the units in those counties',
    }),
  weights: z.enum(['queen', 'distance']).default('queen').openapi({
    description: 'queen: counties sharing at least a point of outline; distance: centroids within distance_km',
  }),
  distance_km: z.coerce.number().min(1).max(1500).optional(),
  per: z
    .enum(['count', 'population'])
    .default('count')
    .openapi({ description: 'population: events per 100,000 people when every county studied has a population' }),
  fdr: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
})

const Area = z.object({
  type: z.literal('Feature'),
  id: z.string(),
  geometry: z.record(z.string(), z.unknown()),
  properties: z.object({
    name: z.string(),
    region_code: z.string(),
    events: z.number(),
    fatalities: z.number(),
    population: z.number().nullable(),
    value: z.number().openapi({ description: 'What Gi* was computed on: events, or events per 100,000 people' }),
    z: z.number(),
    p: z.number(),
    bin: z.number().int(),
    neighbours: z.array(z.string()),
  }),
})
const AreaHotspotsBody = z.object({
  type: z.literal('FeatureCollection'),
  level: z.enum(AREA_LEVELS),
  features: z.array(Area),
  measure: z.enum(['events', 'events_per_100k']),
  population_unknown: z
    .array(z.string())
    .openapi({ description: 'Counties studied without a known population (rates asked for, counts used)' }),
  weights: z.enum(['queen', 'distance']),
  distance_km: z.number().nullable(),
  period_kind: z.string().nullable(),
  fdr: z.boolean(),
})

const TrendQuery = z.strictObject({
  level: Level,
  theme: AreaQuery.shape.theme,
  from: AreaQuery.shape.from,
  to: AreaQuery.shape.to,
  period_kind: z
    .enum(PERIOD_KINDS)
    .optional()
    .openapi({ description: 'Statistics of this period kind only (needed when the span holds several kinds)' }),
  region: AreaQuery.shape.region,
  counties: AreaQuery.shape.counties,
  per: AreaQuery.shape.per,
  alpha: z.coerce
    .number()
    .min(0.001)
    .max(0.2)
    .default(0.05)
    .openapi({ description: 'Significance level of the increasing / decreasing call (default 0.05)' }),
})

export const hotspotRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/analysis/hotspots',
      tags: ['Analysis'],
      summary: 'Getis-Ord Gi* hot and cold spots of incidents on a hexagon grid',
      request: { query: Query },
      responses: {
        200: {
          description: 'Hexagons with incident count, z-score, p-value and Gi_Bin (−3…3)',
          content: {
            'application/geo+json': {
              schema: Hotspots,
            },
          },
        },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      const p = principal(c)
      assertCan(p, 'analysis')
      assertRead(p, COLLECTIONS.incidents)
      const q = c.req.valid('query')
      if (q.from && q.to && q.from > q.to) throw badParameter('to', 'to must not be before from')
      if (q.trend && !(q.from && q.to))
        throw badParameter('trend', 'trend needs both from and to (the previous period has the same length)')
      // Refused up front when the work it implies is beyond the cap; otherwise computed in a worker.
      const work = await hotspotWork(c.get('db'), q, c.get('area'))
      if (work.pairs > MAX_HOTSPOT_PAIRS)
        throw badParameter(
          q.distance_km !== undefined ? 'distance_km' : 'cell_km',
          `This request means about ${work.cells} cells × ${work.neighbours} neighbours${q.trend ? ' × 2 periods' : ''}, ` +
            `beyond the limit of ${MAX_HOTSPOT_PAIRS.toLocaleString('en')} pairs: use larger cells, a shorter distance or one region.`,
        )
      const body = await pool('analysis').run('hotspots', c.get('db'), [q, c.get('area')])
      return serializedJson(c, Hotspots, body, { 'Content-Type': 'application/geo+json' })
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/analysis/area-hotspots',
      tags: ['Analysis'],
      summary: 'Getis-Ord Gi* hot and cold spots of area statistics (counties), by contiguity or distance',
      request: { query: AreaQuery },
      responses: {
        200: {
          description: 'Counties with their events, the value studied, z-score, p-value, Gi_Bin (−3…3) and neighbours',
          content: { 'application/geo+json': { schema: AreaHotspotsBody } },
        },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid('query')
      mayStudyAreas(c, q)
      if (q.weights === 'distance' && q.distance_km === undefined)
        throw badParameter('distance_km', 'distance weights need distance_km')
      const r = await areaHotspots(c.get('db'), { ...q, counties: q.counties?.split(',') }, c.get('area'))
      const { areas, ...rest } = r
      const body = {
        type: 'FeatureCollection' as const,
        features: areas.map(({ code, geometry, ...props }) => ({
          type: 'Feature' as const,
          id: code,
          geometry: JSON.parse(geometry) as Record<string, unknown>,
          properties: props,
        })),
        ...rest,
      }
      return c.json(body, 200, { 'Content-Type': 'application/geo+json' })
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/analysis/area-trends',
      tags: ['Analysis'],
      summary: "Trend of each county's area statistics across periods (Mann-Kendall, Sen's and least-squares slopes)",
      request: { query: TrendQuery },
      responses: {
        200: {
          description: 'Counties with their series, Mann-Kendall S, z and p, slopes per period and the trend called',
          content: { 'application/json': { schema: AreaTrendsAnswer } },
        },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid('query')
      mayStudyAreas(c, q)
      const body = await areaTrends(c.get('db'), { ...q, counties: q.counties?.split(',') }, c.get('area'))
      return c.json(body, 200)
    },
  )

/** Area analyses read area statistics: the caller needs analyses and the statistics, and a span that runs forward. */
function mayStudyAreas(c: Context<AppEnv>, q: { from?: string; to?: string }) {
  const p = principal(c)
  assertCan(p, 'analysis')
  assertRead(p, COLLECTIONS.incident_stats)
  if (q.from && q.to && q.from > q.to) throw badParameter('to', 'to must not be before from')
}
