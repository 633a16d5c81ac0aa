import { createRoute, z } from '@hono/zod-openapi'
import { router, type Router } from '../http/env.ts'
import { PUBLIC_ROUTES } from '../http/auth.ts'
import { renderApiDocs } from '../http/api-docs.ts'
import { withProblems } from '../http/openapi-problems.ts'

const INFO = {
  title: 'Ramani API',
  version: '0.1.0',
  description:
    'Security roads, airstrips, border posts, administrative units, facilities and incidents of Kenya: ' +
    'OGC API – Features, vector tiles, analyses. Errors are JSON: {"error":{"code","message","parameter"?,"details"?}}, ' +
    'with a `code` from the table below (also in `x-problems`); a code always comes with the same status.',
}

/** The OpenAPI document is generated from the same zod schemas that validate requests, so it cannot drift. */
export const openApiDocument = (app: Router) =>
  withProblems(app.getOpenAPI31Document({ openapi: '3.1.0', info: INFO, servers: [{ url: '/' }] }), (method, path) =>
    PUBLIC_ROUTES.has(`${method} ${path}`),
  )

export function openApiRoutes(app: Router) {
  const document = () => openApiDocument(app)
  return router()
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/openapi.json',
        tags: ['System'],
        summary: 'This API definition (OpenAPI 3)',
        responses: {
          200: {
            description: 'OpenAPI 3.1 document',
            content: { 'application/vnd.oai.openapi+json': { schema: z.record(z.string(), z.unknown()) } },
          },
        },
      }),
      (c) => c.json(document(), 200, { 'Content-Type': 'application/vnd.oai.openapi+json;version=3.1' }),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/docs',
        tags: ['System'],
        summary: 'Readable API reference',
        responses: {
          200: {
            description: 'HTML reference generated from the OpenAPI document',
            content: { 'text/html': { schema: z.string() } },
          },
        },
      }),
      (c) => c.html(renderApiDocs(document())),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/ogc/api',
        tags: ['OGC API – Features'],
        summary: 'The OGC API – Features part of this definition, with paths relative to /ogc',
        description:
          "The landing page's service-desc: clients such as GDAL look up /collections/{id}/items in it to learn the " +
          'filters a collection takes.',
        responses: {
          200: {
            description: 'OpenAPI 3.0 document',
            content: { 'application/vnd.oai.openapi+json': { schema: z.record(z.string(), z.unknown()) } },
          },
        },
      }),
      (c) => {
        const doc = document()
        const paths = Object.fromEntries(
          Object.entries(doc.paths ?? {})
            .filter(([path]) => path === '/ogc' || path.startsWith('/ogc/'))
            .map(([path, item]) => [path.slice('/ogc'.length) || '/', item]),
        )
        const ogc = { ...doc, servers: [{ url: `${new URL(c.req.url).origin}/ogc` }], paths }
        return c.json(ogc, 200, { 'Content-Type': 'application/vnd.oai.openapi+json;version=3.0' })
      },
    )
}
