import { createRoute, z } from '@hono/zod-openapi'
import { Day } from '../http/params.ts'
import { principal } from '../http/auth.ts'
import { assertRead } from '../access/permissions.ts'
import { COLLECTIONS } from '../assets/collections.ts'
import { AREA_LEVELS, INCIDENT_THEMES, PERIOD_KINDS, REGIONS } from '../../contract/domains.ts'
import { areaStats } from '../statistics/choropleth.ts'
import { router } from '../http/env.ts'
import { AreaStatsAnswer } from '../../contract/area-stats.ts'
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
        content: { 'application/geo+json': { schema: AreaStatsAnswer } },
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
