import { createRoute, z } from '@hono/zod-openapi'
import { INCIDENT_THEMES } from '../../contract/domains.ts'
import { principal } from '../http/auth.ts'
import { router } from '../http/env.ts'
import { errorResponses } from '../http/errors.ts'
import { assertCanImport } from '../imports/batches.ts'
import { editCrosswalk, listCrosswalk } from '../imports/crosswalk.ts'

// The theme crosswalk: external event types and crime categories → incident themes, used by incident imports.

const tags = ['Imports']
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } })
const Scheme = z
  .string()
  .regex(/^[a-z0-9_]{1,60}$/, 'scheme: lower-case letters, digits and _')
  .openapi({ example: 'conflict_events' })
const Entry = z.object({
  scheme: z.string(),
  label: z.string(),
  theme: z.string(),
  updated_by: z.string(),
  updated_at: z.string(),
})

export const themeCrosswalkRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/theme-crosswalk',
      tags,
      summary: 'External event types and crime categories, and the incident theme each becomes on import',
      request: { query: z.strictObject({ scheme: Scheme.optional() }) },
      responses: {
        200: { description: 'The crosswalk', content: json(z.object({ entries: z.array(Entry) })) },
        ...errorResponses(400),
      },
    }),
    async (c) => c.json({ entries: await listCrosswalk(c.get('db'), c.req.valid('query').scheme) }, 200),
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/theme-crosswalk',
      tags,
      summary: 'Set or remove crosswalk entries (those who may import incidents); each change is audited',
      request: {
        body: {
          required: true,
          content: json(
            z.strictObject({
              entries: z
                .array(
                  z.strictObject({
                    scheme: Scheme,
                    label: z.string().trim().min(1).max(200),
                    theme: z.enum(INCIDENT_THEMES).nullable().openapi({ description: 'null removes the entry' }),
                  }),
                )
                .min(1)
                .max(500),
            }),
          ),
        },
      },
      responses: {
        200: {
          description: 'The whole crosswalk after the change',
          content: json(z.object({ entries: z.array(Entry) })),
        },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      const p = principal(c)
      assertCanImport(p, 'incidents')
      const { entries } = c.req.valid('json')
      const after = await c.get('db').transaction((tx) => editCrosswalk(tx, p, c.get('requestId'), entries))
      return c.json({ entries: after }, 200)
    },
  )
