import { createRoute, z } from '@hono/zod-openapi'
import { Day } from '../http/params.ts'
import { principal } from '../http/auth.ts'
import { assertRead } from '../access/permissions.ts'
import { COLLECTIONS } from '../assets/collections.ts'
import { AREA_LEVELS, INCIDENT_THEMES, PERIOD_KINDS, REGIONS } from '../../contract/domains.ts'
import { areaStats } from '../statistics/choropleth.ts'
import { router } from '../http/env.ts'
import { errorResponses } from '../http/errors.ts'

const Query = z.strictObject({
  granularity: z.enum(PERIOD_KINDS).default('month').openapi({
    description:
      'Length of the periods drawn (East Africa Time): a week counts in the month, quarter and year of its first day',
  }),
  level: z.enum(AREA_LEVELS).default('county').openapi({
    description:
      'Areas drawn: the counties, or the sub-counties or wards whose boundaries are loaded (admin_units); only statistics of that level are summed',
  }),
  period: Day.optional().openapi({
    description: 'First day of the one period wanted (default: every period with figures)',
  }),
  period_kind: z.enum(PERIOD_KINDS).optional().openapi({
    description:
      'Sum statistics of this period kind only (default: the coarsest kind present that fits the granularity)',
  }),
  theme: z.enum(INCIDENT_THEMES).optional(),
  region: z.enum(REGIONS.map((r) => r.code) as [string, ...string[]]).optional(),
  county: z
    .string()
    .regex(/^0[0-4]\d$/, 'county must be a code 001–047')
    .optional(),
})

const Value = z.object({
  code: z.string(),
  events: z.number(),
  fatalities: z.number(),
  events_per_100k: z.number().nullable().openapi({ description: 'null when the area has no known population' }),
  sources: z.array(z.string()).openapi({ description: 'Data sources of the figures' }),
})

const Body = z.object({
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
  levels: z.array(z.enum(AREA_LEVELS)).openapi({
    description: "Levels with areas to draw in the caller's area (sub_county, ward where boundaries are loaded)",
  }),
  granularity: z.enum(PERIOD_KINDS),
  period_kind: z
    .enum(PERIOD_KINDS)
    .nullable()
    .openapi({ description: 'The period kind of the statistics summed (null: none fits)' }),
  period_kinds: z.array(z.enum(PERIOD_KINDS)).openapi({ description: 'Period kinds of the statistics in scope' }),
  period_starts: z.array(z.string()).openapi({ description: 'First day of every period with figures' }),
  periods: z.array(
    z.object({
      start: z.string(),
      end: z.string().openapi({ description: 'Last day, inclusive' }),
      values: z.array(Value),
    }),
  ),
  breaks: z
    .object({
      events: z.array(z.number()),
      fatalities: z.array(z.number()),
      events_per_100k: z.array(z.number()),
    })
    .openapi({
      description:
        'Quantile class breaks (inclusive upper bounds) of each measure over every area and period at this granularity',
    }),
  population_unknown: z.array(z.string()),
})

export const areaStatsRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/api/incident-stats/areas',
    tags: ['Map'],
    summary: 'Incident statistics per area and period (week, month, quarter, year in EAT) for the choropleth',
    request: { query: Query },
    responses: {
      200: {
        description:
          "The areas of the caller's area (and the region or county asked) with their figures per period and the class breaks",
        content: { 'application/geo+json': { schema: Body } },
      },
      ...errorResponses(400, 403),
    },
  }),
  async (c) => {
    assertRead(principal(c), COLLECTIONS.incident_stats)
    const { areas, ...rest } = await areaStats(c.get('db'), c.req.valid('query'), c.get('area'))
    const body = {
      type: 'FeatureCollection' as const,
      features: areas.map(({ code, geometry, name, level, region_code, county_code, population }) => ({
        type: 'Feature' as const,
        id: code,
        geometry: JSON.parse(geometry) as Record<string, unknown>,
        properties: { name, level, region_code, county_code, population },
      })),
      ...rest,
    }
    return c.json(body, 200, { 'Content-Type': 'application/geo+json' })
  },
)
