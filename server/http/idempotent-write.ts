import type { Context } from 'hono'
import { idempotent, parseIdempotencyKey, type StoredResponse } from '../access/idempotency.ts'
import { principal } from './auth.ts'
import type { Queryable } from '../db/index.ts'
import type { AppEnv } from './env.ts'

// The HTTP side of idempotent writes (server/access/idempotency.ts keeps the keys): the key comes from the request's
// header and the stored answer goes back as the reply.

/**
 * A route's write: one transaction under the request's Idempotency-Key (the request is identified by method, path and
 * `canonical`, the parsed body), answered with the stored response, or the first one replayed.
 */
export async function idempotentWrite(
  c: Context<AppEnv>,
  canonical: unknown,
  apply: (tx: Queryable) => Promise<StoredResponse>,
): Promise<never> {
  const key = parseIdempotencyKey(c.req.header('Idempotency-Key'))
  const request = `${c.req.method} ${c.req.path}\n${JSON.stringify(canonical ?? null)}`
  const res = await c
    .get('db')
    .transaction((tx) => idempotent(tx, { username: principal(c).username, key, request }, () => apply(tx)))
  return new Response(res.status === 204 ? null : res.body, {
    status: res.status,
    headers: { ...res.headers, ...(res.replayed ? { 'Idempotent-Replayed': 'true' } : {}) },
  }) as never // the stored response, typed by the route's declared responses
}
