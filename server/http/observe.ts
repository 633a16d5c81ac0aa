import type { Context, MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import { INSTANCE } from '../analysis/jobs.ts'
import { noteWrite, readHandle } from '../db/index.ts'
import { observeRequest } from '../observability/metrics.ts'
import type { AppEnv } from './env.ts'

// One structured line per request, with the request id the error replies name, so a problem a user reports can be
// found in the log; and the request's figures for /metrics.

/** The route pattern that answered (not the path, whose ids would make labels without bound). */
function routeOf(c: Context): string {
  const handlers = matchedRoutes(c).filter((r) => r.method !== 'ALL')
  return handlers.at(-1)?.path ?? 'unmatched'
}

export type RequestLog = (line: Record<string, unknown>) => void

/** JSON lines on stdout, one per request (RAMANI_REQUEST_LOG=json). */
export const jsonLines: RequestLog = (line) => process.stdout.write(`${JSON.stringify(line)}\n`)

export function observe(log?: RequestLog): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const t0 = performance.now()
    try {
      await next()
    } finally {
      const seconds = (performance.now() - t0) / 1000
      const route = routeOf(c)
      const status = c.res.status
      observeRequest(c.req.method, route, status, seconds)
      log?.({
        time: new Date().toISOString(),
        level: status >= 500 ? 'error' : status >= 400 ? 'warn' : 'info',
        msg: 'request',
        request_id: c.get('requestId'),
        instance: INSTANCE,
        method: c.req.method,
        route,
        // The path without its query string: queries may carry search text or filters a log need not keep.
        path: c.req.path,
        status,
        duration_ms: Math.round(seconds * 10_000) / 10,
        user: c.get('principal')?.username ?? null,
      })
    }
  }
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])
// Reads that may be served by a replica: lists and items, search, summaries, places and exports. Everything else
// (sessions, analysis, audit, anything that writes on GET) stays on the primary.
const READ_ONLY = [
  /^\/ogc\/collections\/[^/]+\/items(\/[^/]+)?$/,
  /^\/api\/(search|summary|places)$/,
  /^\/api\/exports\//,
]
export const isReplicaRead = (method: string, path: string) =>
  (method === 'GET' || method === 'HEAD') && READ_ONLY.some((r) => r.test(path))

/**
 * Read replicas for read-only routes, and read-your-writes: after a signed-in caller's successful write, their reads
 * stay on the primary until a replica has replayed it (server/db/replicas.ts). Runs after authentication.
 */
export const routeReads: MiddlewareHandler<AppEnv> = async (c, next) => {
  const db = c.get('db')
  if (!db.replicas) return next()
  const user = c.get('principal')?.username
  if (isReplicaRead(c.req.method, c.req.path)) c.set('db', await readHandle(db, user))
  await next()
  if (user && !SAFE.has(c.req.method) && c.res.status < 400) await noteWrite(db, user)
}
