import { createHash } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import { principal } from '../http/auth.ts'
import { assertRead } from '../access/permissions.ts'
import { COLLECTION_LIST, type Collection } from '../assets/collections.ts'
import { dataVersion } from '../assets/versions.ts'
import { readHandle } from '../db/index.ts'
import { router } from '../http/env.ts'
import { badParameter } from '../errors.ts'
import { errorResponses } from '../http/errors.ts'
import { filterShape, toFilter } from '../ogc/params.ts'
import { cachedTile, TileMemory } from '../tiles/cache.ts'

const MVT = 'application/vnd.mapbox-vector-tile'
const tags = ['Vector tiles']

const TileParams = z.object({
  z: z
    .string()
    .regex(/^\d{1,2}$/, 'z must be a zoom level 0–22')
    .openapi({ param: { name: 'z', in: 'path' }, example: '6' }),
  x: z
    .string()
    .regex(/^\d{1,8}$/, 'x must be a tile column')
    .openapi({ param: { name: 'x', in: 'path' }, example: '38' }),
  y: z
    .string()
    .regex(/^\d{1,8}\.mvt$/, 'y must be a tile row followed by .mvt, e.g. 31.mvt')
    .openapi({
      param: { name: 'y', in: 'path' },
      description: 'Tile row with the .mvt suffix',
      example: '31.mvt',
    }),
})

function tileQuery(c: Collection) {
  return z.strictObject({
    v: z.coerce
      .number()
      .int()
      .min(0)
      .optional()
      .openapi({ description: 'Data version (from /api/meta): a URL with the current version may be cached for good' }),
    ...filterShape(c),
  })
}

function addTileRoute(routes: ReturnType<typeof router>, col: Collection, memory: TileMemory | undefined) {
  routes.openapi(
    createRoute({
      method: 'get',
      path: `/tiles/${col.id}/{z}/{x}/{y}`,
      tags,
      summary: `${col.title} as Mapbox Vector Tiles (layer "${col.id}")`,
      request: { params: TileParams, query: tileQuery(col) },
      responses: {
        200: {
          description: 'The tile (empty body when no feature falls in it)',
          headers: z.object({
            'X-Tile-Cache': z.enum(['memory', 'hit', 'miss']).openapi({
              description:
                "memory: served from this instance's memory; hit: from the tile cache shared by all instances; miss: built for this request",
            }),
          }),
          content: { [MVT]: { schema: z.string().openapi({ format: 'binary' }) } },
        },
        304: { description: 'Not modified (If-None-Match)' },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      const p = principal(c)
      assertRead(p, col)
      const params = c.req.valid('param')
      const zoom = Number(params.z)
      const x = Number(params.x)
      const y = Number(params.y.slice(0, -4))
      if (zoom > 22) throw badParameter('z', 'z must be a zoom level 0–22')
      if (x >= 2 ** zoom) throw badParameter('x', `x must be below ${2 ** zoom} at zoom ${zoom}`)
      if (y >= 2 ** zoom) throw badParameter('y', `y must be below ${2 ** zoom} at zoom ${zoom}`)
      const query = c.req.valid('query') as Record<string, unknown>
      const primary = c.get('db')
      // Tiles are read and built on a read replica when there is one, with the items' read-your-writes rule: a user
      // who has just edited reads the primary until a replica has replayed the edit.
      const db = await readHandle(primary, p.username)
      const version = await dataVersion(db, col.id)
      // The same version, filters, area and address always give the same bytes.
      const etag = `"${version}-${createHash('sha1')
        .update(JSON.stringify([c.req.path, query, c.get('area')]))
        .digest('hex')
        .slice(0, 16)}"`
      const cache = query.v === version ? 'private, max-age=31536000, immutable' : 'private, no-cache'
      if (c.req.header('If-None-Match') === etag) return c.body(null, 304, { ETag: etag, 'Cache-Control': cache })
      const request = { z: zoom, x, y, filter: toFilter(col, query), area: c.get('area') }
      const { tile, from } = await cachedTile({ read: db, primary, memory }, col, request, version)
      return c.body(tile as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': MVT,
        ETag: etag,
        'Cache-Control': cache,
        'X-Tile-Cache': from === 'memory' ? 'memory' : from === 'shared' ? 'hit' : 'miss',
      })
    },
  )
}

/** The tile routes of one app instance, with its own memory of recently served tiles (`memoryBytes` at most). */
export function tileRoutes(memoryBytes: number) {
  const routes = router()
  const memory = memoryBytes > 0 ? new TileMemory(memoryBytes) : undefined
  for (const col of COLLECTION_LIST) addTileRoute(routes, col, memory)
  return routes
}
