import { createRoute, z } from '@hono/zod-openapi'
import { listMigrations } from '../db/migrate.ts'
import type { Db } from '../db/index.ts'
import { router } from '../http/env.ts'

// Anonymous callers learn only whether the server and its database answer; the database type and PostGIS version
// (what an attacker would look up vulnerabilities for) are for signed-in administrators.
const Health = z.object({
  status: z.enum(['ok', 'unavailable']),
  db: z.enum(['embedded', 'postgres']).optional().openapi({ description: 'Administrators only' }),
  postgis: z.string().optional().openapi({ description: 'Administrators only' }),
})

const Live = z.object({ status: z.literal('ok') })
const Ready = z.object({
  status: z.enum(['ok', 'unavailable']),
  checks: z.object({
    database: z.enum(['ok', 'unreachable']).openapi({ description: 'The primary answers a query' }),
    migrations: z
      .enum(['ok', 'pending', 'running', 'unknown'])
      .openapi({ description: 'Every migration this server ships is applied, and none is being applied now' }),
  }),
})
type Ready = z.infer<typeof Ready>

// The advisory lock migrate() holds while it applies a migration (server/db/migrate.ts).
const MIGRATION_LOCK = 7262010

async function readiness(db: Db): Promise<Ready> {
  try {
    const r = await db.query<{ version: string }>('SELECT version FROM schema_migrations')
    const applied = new Set(r.rows.map((row) => row.version))
    const lock = await db.query<{ held: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = $1 AND granted) AS held`,
      [MIGRATION_LOCK],
    )
    const migrations = lock.rows[0]?.held
      ? 'running'
      : listMigrations().every((m) => applied.has(m.version))
        ? 'ok'
        : 'pending'
    return { status: migrations === 'ok' ? 'ok' : 'unavailable', checks: { database: 'ok', migrations } }
  } catch {
    return { status: 'unavailable', checks: { database: 'unreachable', migrations: 'unknown' } }
  }
}

export const healthRoutes = router()
  .openapi(
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
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/health/live',
      tags: ['System'],
      summary: 'Liveness: the process answers (public; no database query)',
      description: 'For a container or process supervisor: restart the instance when this fails.',
      responses: {
        200: { description: 'The process answers', content: { 'application/json': { schema: Live } } },
      },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/health/ready',
      tags: ['System'],
      summary: 'Readiness: the primary answers and the schema is current (public)',
      description:
        'For a load balancer: send traffic only while this answers 200. It answers 503 while the primary database ' +
        'is unreachable or while migrations are pending or being applied.',
      responses: {
        200: { description: 'Ready for traffic', content: { 'application/json': { schema: Ready } } },
        503: { description: 'Not ready; `checks` says why', content: { 'application/json': { schema: Ready } } },
      },
    }),
    async (c) => {
      const r = await readiness(c.get('db'))
      c.header('Cache-Control', 'no-store')
      return c.json(r, r.status === 'ok' ? 200 : 503)
    },
  )
