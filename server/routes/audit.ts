import { createRoute, z } from '@hono/zod-openapi'
import { principal } from '../http/auth.ts'
import { assertCan } from '../access/permissions.ts'
import { AuditQuery, listAudit } from '../audit/log.ts'
import { router } from '../http/env.ts'
import { errorResponses } from '../http/errors.ts'

const Entry = z.object({
  id: z.number(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  collection: z.string(),
  item_id: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  request_id: z.string().nullable(),
})

export const auditRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/api/audit',
    tags: ['Audit'],
    summary: 'The audit log, newest first (admins)',
    request: { query: AuditQuery },
    responses: {
      200: {
        description: 'Entries',
        content: { 'application/json': { schema: z.object({ total: z.number(), entries: z.array(Entry) }) } },
      },
      ...errorResponses(400, 403),
    },
  }),
  async (c) => {
    assertCan(principal(c), 'audit')
    return c.json(await listAudit(c.get('db'), c.req.valid('query')), 200)
  },
)
