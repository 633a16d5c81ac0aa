import { createRoute, z } from '@hono/zod-openapi'
import { principal } from '../http/auth.ts'
import { summarise } from '../assets/summary.ts'
import { REGIONS } from '../../contract/domains.ts'
import { AreaSummary } from '../../contract/map.ts'
import { router } from '../http/env.ts'
import { errorResponses } from '../http/errors.ts'

export const summaryRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/api/summary',
    tags: ['Map'],
    summary: 'Assets by status and incidents by theme and month, nationally or for a region or county',
    request: {
      query: z.strictObject({
        region: z.enum(REGIONS.map((r) => r.code) as [string, ...string[]]).optional(),
        county: z
          .string()
          .regex(/^0[0-4]\d$/, 'county must be a code 001–047')
          .optional(),
      }),
    },
    responses: {
      200: {
        description: "Figures within the caller's area (incidents null for roles that may not read them)",
        content: { 'application/json': { schema: AreaSummary } },
      },
      ...errorResponses(400),
    },
  }),
  async (c) => c.json(await summarise(c.get('db'), principal(c), c.get('area'), c.req.valid('query')), 200),
)
