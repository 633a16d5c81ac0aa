import { createRoute, z } from '@hono/zod-openapi'
import { principal } from '../http/auth.ts'
import { REGIONS } from '../../contract/domains.ts'
import { router } from '../http/env.ts'
import { forbidden } from '../errors.ts'
import { errorResponses } from '../http/errors.ts'
import { publicOnly, resolveQuarter } from '../monitoring/access.ts'
import { SCORECARD_INDICATORS } from '../../contract/scorecards.ts'
import { QUARTER_PATTERN } from '../monitoring/quarters.ts'
import { regionDashboard, regionInArea } from '../monitoring/region.ts'

const json = <T extends z.ZodTypeAny>(schema: T) => ({ 'application/json': { schema } })
const Counts = z.record(z.string(), z.number())
const Light = z.enum(['green', 'amber', 'red', 'na'])
const Item = z.object({
  collection: z.string(),
  id: z.number(),
  name: z.string(),
  county_code: z.string().nullable(),
  reason: z.string(),
  metric: z.number().nullable(),
})

// Sections of the regional dashboard; a new section (e.g. the coverage share) is one more member here and one more
// function in server/monitoring/region.ts.
const Dashboard = z.object({
  region: z.object({
    code: z.string(),
    name: z.string(),
    name_sw: z.string(),
    counties: z.array(z.object({ code: z.string(), name: z.string() })),
  }),
  quarter: z.string(),
  period: z.object({ start: z.string(), end: z.string() }),
  summary: z.object({
    bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
    assets: z.record(z.string(), z.object({ total: z.number(), byStatus: Counts, kmByCondition: Counts.optional() })),
    incidents: z
      .object({ total: z.number(), byTheme: Counts, byMonth: z.array(z.object({ month: z.string(), n: z.number() })) })
      .nullable(),
  }),
  incidentsQuarter: z
    .object({
      total: z.number(),
      previous: z.number(),
      byTheme: z.array(z.object({ theme: z.string(), n: z.number(), previous: z.number() })),
    })
    .nullable(),
  scorecards: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      rank: z.number(),
      score: z.number(),
      lights: z.record(z.string(), Light),
    }),
  ),
  redIndicators: z.array(
    z.object({
      county_code: z.string(),
      county: z.string(),
      indicator: z.enum(SCORECARD_INDICATORS),
      value: z.number().nullable(),
      targetValue: z.number().nullable(),
    }),
  ),
  actions: z.array(
    z.object({
      kind: z.string(),
      collection: z.string(),
      total: z.number(),
      sum: z.number().nullable(),
      items: z.array(Item),
    }),
  ),
  coverage: z
    .object({
      threshold_min: z.number(),
      share: z.number().openapi({
        description:
          'Weighted share of targets a police post reaches within the threshold (POST /api/analysis/coverage, region scope)',
      }),
      targets: z.number(),
      covered: z.number(),
      speeds_version: z.number(),
      counties: z.array(z.object({ code: z.string(), share: z.number(), targets: z.number() })),
    })
    .nullable(),
})

export const regionRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/api/regions/{code}/summary',
    tags: ['Monitoring'],
    summary:
      "Regional dashboard: assets by status, incidents by theme and month, the counties' scorecards and the top items needing action",
    request: {
      params: z.object({
        code: z
          .enum(REGIONS.map((r) => r.code) as [string, ...string[]])
          .openapi({ param: { name: 'code', in: 'path' }, example: 'rift_valley' }),
      }),
      query: z.strictObject({
        quarter: z
          .string()
          .regex(QUARTER_PATTERN, 'a quarter like 2026Q3')
          .optional()
          .openapi({ description: 'Default: the last complete quarter' }),
        public: z
          .enum(['true', 'false'])
          .default('false')
          .transform((v) => v === 'true'),
        limit: z.coerce
          .number()
          .int()
          .min(1)
          .max(50)
          .default(5)
          .openapi({ description: 'Items per group of things needing action' }),
      }),
    },
    responses: {
      200: { description: 'Figures within your area', content: json(Dashboard) },
      ...errorResponses(400, 403),
    },
  }),
  async (c) => {
    const p = principal(c)
    const { code } = c.req.valid('param')
    const q = c.req.valid('query')
    const db = c.get('db')
    const quarter = resolveQuarter(q.quarter)
    if (!(await regionInArea(db, code, c.get('area')))) throw forbidden(`The region ${code} is outside your area.`)
    return c.json(
      await regionDashboard(db, p, c.get('area'), code, quarter, {
        publicOnly: publicOnly(p, q.public),
        limit: q.limit,
      }),
      200,
    )
  },
)
