import { createRoute, z } from '@hono/zod-openapi'
import { principal } from '../http/auth.ts'
import { REGIONS } from '../../contract/domains.ts'
import { router } from '../http/env.ts'
import { forbidden } from '../errors.ts'
import { errorResponses } from '../http/errors.ts'
import { publicOnly, resolveQuarter } from '../monitoring/access.ts'
import { RegionDashboard } from '../../contract/monitoring.ts'
import { QUARTER_PATTERN } from '../monitoring/quarters.ts'
import { regionDashboard, regionInArea } from '../monitoring/region.ts'

const json = <T extends z.ZodTypeAny>(schema: T) => ({ 'application/json': { schema } })
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
          .max(2000)
          .default(5)
          .openapi({ description: 'Items per group of things needing action' }),
      }),
    },
    responses: {
      200: { description: 'Figures within your area', content: json(RegionDashboard) },
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
