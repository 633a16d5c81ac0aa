import type { MiddlewareHandler } from 'hono'
import { outboxSender } from '../flights/notify.ts'
import { watchChange } from '../flights/watch.ts'
import type { AppEnv } from './env.ts'

// After any successful write that may change an airstrip or an incident (an edit, a field assessment, an import), the
// audit rows of that request say which ones changed; the flight watch then looks at the valid clearances near them.

const WATCHED_PATHS = [
  /^\/ogc\/collections\/(airstrips|incidents)\/items/,
  /^\/api\/assessments$/,
  /^\/api\/imports\/\d+(\/commit)?$/,
]
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export const flightWatch: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  if (!UNSAFE.has(c.req.method) || c.res.status >= 300 || !WATCHED_PATHS.some((r) => r.test(c.req.path))) return
  const db = c.get('db')
  const requestId = c.get('requestId')
  const r = await db.query<{ collection: 'airstrips' | 'incidents'; item_id: string }>(
    `SELECT DISTINCT collection, item_id FROM audit_log
     WHERE request_id = $1 AND collection IN ('airstrips', 'incidents') AND item_id IS NOT NULL`,
    [requestId],
  )
  const actor = c.get('principal')?.username ?? 'system'
  for (const collection of ['airstrips', 'incidents'] as const) {
    const ids = r.rows.filter((x) => x.collection === collection).map((x) => Number(x.item_id))
    if (!ids.length) continue
    try {
      await watchChange(db, c.get('sender') ?? outboxSender, { collection, ids }, actor, requestId)
    } catch (err) {
      // The write is committed and answered as such; a failed watch is logged for the operators to look into.
      console.error(`[flight watch] request ${requestId}: ${(err as Error).stack ?? String(err)}`)
    }
  }
}
