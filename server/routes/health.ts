import { createRoute, z } from '@hono/zod-openapi'
import { router } from '../http/env.ts'

const Health = z.object({
  status: z.literal('ok'),
  db: z.enum(['embedded', 'postgres']),
  postgis: z.string(),
})

export const healthRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/api/health',
    tags: ['System'],
    summary: 'Liveness and database check (public)',
    responses: {
      200: { description: 'The server and its database answer', content: { 'application/json': { schema: Health } } },
    },
  }),
  async (c) => {
    const db = c.get('db')
    const r = await db.query<{ v: string }>('SELECT postgis_lib_version() AS v')
    return c.json({ status: 'ok' as const, db: db.kind, postgis: r.rows[0]?.v ?? 'unknown' }, 200)
  },
)
