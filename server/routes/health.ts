import { createRoute, z } from '@hono/zod-openapi'
import { router } from '../http/env.ts'

// Anonymous callers learn only whether the server and its database answer; the database type and PostGIS version
// (what an attacker would look up vulnerabilities for) are for signed-in administrators.
const Health = z.object({
  status: z.enum(['ok', 'unavailable']),
  db: z.enum(['embedded', 'postgres']).optional().openapi({ description: 'Administrators only' }),
  postgis: z.string().optional().openapi({ description: 'Administrators only' }),
})

export const healthRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/api/health',
    tags: ['System'],
    summary: 'Liveness and database check (public; details for administrators)',
    responses: {
      200: { description: 'The server and its database answer', content: { 'application/json': { schema: Health } } },
      503: { description: 'The database does not answer', content: { 'application/json': { schema: Health } } },
    },
  }),
  async (c) => {
    const db = c.get('db')
    const admin = c.get('principal')?.role === 'admin'
    try {
      if (!admin) {
        await db.query('SELECT 1')
        return c.json({ status: 'ok' as const }, 200)
      }
      const r = await db.query<{ v: string }>('SELECT postgis_lib_version() AS v')
      return c.json({ status: 'ok' as const, db: db.kind, postgis: r.rows[0]?.v ?? 'unknown' }, 200)
    } catch {
      return c.json({ status: 'unavailable' as const }, 503)
    }
  },
)
