import { timingSafeEqual } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import { router } from '../http/env.ts'
import { fail } from '../errors.ts'
import { errorResponses } from '../http/errors.ts'
import { renderMetrics } from '../observability/metrics.ts'

const same = (a: string, b: string) => {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** GET /metrics for Prometheus; with a token (RAMANI_METRICS_TOKEN) only for `Authorization: Bearer <token>`. */
export const metricsRoutes = (token?: string) =>
  router().openapi(
    createRoute({
      method: 'get',
      path: '/metrics',
      tags: ['System'],
      summary: 'Prometheus metrics of this instance',
      description:
        'Prometheus text format: requests and latency by route and status, database pool and replicas, analysis job ' +
        'queue, cache hit rates. When the server has RAMANI_METRICS_TOKEN, send it as `Authorization: Bearer <token>`.',
      responses: {
        200: {
          description: 'Metrics (text/plain; version=0.0.4)',
          content: { 'text/plain': { schema: z.string() } },
        },
        ...errorResponses(401),
      },
    }),
    async (c) => {
      if (token && !same(c.req.header('Authorization') ?? '', `Bearer ${token}`))
        throw fail('unauthenticated', 'Send the metrics token as "Authorization: Bearer <token>".')
      c.header('Cache-Control', 'no-store')
      return c.text(await renderMetrics(c.get('db')), 200, {
        'Content-Type': 'text/plain; version=0.0.4; charset=utf-8',
      })
    },
  )
