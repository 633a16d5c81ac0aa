import { createRoute } from '@hono/zod-openapi'
import { principal } from '../http/auth.ts'
import { canRead } from '../access/permissions.ts'
import { ASSET_COLLECTIONS } from '../../contract/domains.ts'
import { MapMeta } from '../../contract/map.ts'
import { COLLECTIONS } from '../assets/collections.ts'
import { dataVersions } from '../assets/versions.ts'
import { router } from '../http/env.ts'
import { ATTRIBUTION } from '../seed/attribution.ts'

/** What the web app needs at start: data versions (for tile URLs), whether sample data is loaded, credits. */
export function metaRoutes(opts: { basemapUrl?: string }) {
  return router().openapi(
    createRoute({
      method: 'get',
      path: '/api/meta',
      tags: ['System'],
      summary: 'Data versions, sample-data status, attribution, basemap',
      responses: {
        200: { description: 'Metadata for the map client', content: { 'application/json': { schema: MapMeta } } },
      },
    }),
    async (c) => {
      const p = principal(c)
      const db = c.get('db')
      const readable = ASSET_COLLECTIONS.filter((id) => canRead(p, COLLECTIONS[id]))
      const r = await db.query<{ collection: string; n: number }>(
        readable
          .map(
            (id) => `SELECT '${id}' AS collection, count(*) AS n FROM ${COLLECTIONS[id].table} WHERE source = 'sample'`,
          )
          .join(' UNION ALL '),
      )
      const counts = Object.fromEntries(r.rows.map((row) => [row.collection, row.n]))
      return c.json(
        {
          sample: { loaded: r.rows.some((row) => row.n > 0), counts },
          versions: await dataVersions(db),
          attribution: ATTRIBUTION,
          basemapUrl: opts.basemapUrl ?? null,
        },
        200,
      )
    },
  )
}
