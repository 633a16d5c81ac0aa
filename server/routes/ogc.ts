import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { COLLECTION_LIST, type Collection } from '../assets/collections.ts'
import { collectionExtent, countItems, getItem, listItems } from '../assets/query.ts'
import { principal } from '../http/auth.ts'
import { assertRead, canRead } from '../access/permissions.ts'
import { badParameter, notFound } from '../errors.ts'
import { errorResponses } from '../http/errors.ts'
import { router } from '../http/env.ts'
import { serializedJson } from '../http/replies.ts'
import {
  CONFORMANCE,
  GEOJSON,
  collectionDocument,
  landingPage,
  pageLinks,
  queryablesDocument,
} from '../ogc/documents.ts'
import { CRS84_CRS, SUPPORTED_CRS, parseCrs } from '../ogc/crs.ts'
import { featureIdParam, itemsQuery, toItemsRequest } from '../ogc/params.ts'

// OGC API – Features Part 1 (Core + GeoJSON), one route per collection so the OpenAPI document names every filter.

const base = (c: Context) => new URL(c.req.url).origin
const AnyJson = z.record(z.string(), z.unknown())
const Feature = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]),
  geometry: AnyJson,
  properties: AnyJson,
})
const FeatureCollection = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(Feature),
  numberMatched: z.number().int(),
  numberReturned: z.number().int(),
  timeStamp: z.string(),
  links: z.array(AnyJson),
})

const tags = ['OGC API – Features']

export const ogcRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/ogc',
      tags,
      summary: 'Landing page',
      responses: {
        200: {
          description: 'Links to the API definition, conformance and collections',
          content: { 'application/json': { schema: AnyJson } },
        },
      },
    }),
    (c) => c.json(landingPage(base(c)), 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/ogc/conformance',
      tags,
      summary: 'Conformance classes',
      responses: {
        200: {
          description: 'Implemented conformance classes',
          content: { 'application/json': { schema: z.object({ conformsTo: z.array(z.string()) }) } },
        },
      },
    }),
    (c) => c.json({ conformsTo: CONFORMANCE }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/ogc/collections',
      tags,
      summary: 'The collections',
      responses: {
        200: { description: 'All feature collections', content: { 'application/json': { schema: AnyJson } } },
      },
    }),
    async (c) => {
      const db = c.get('db')
      const area = c.get('area')
      const collections = []
      const readable = COLLECTION_LIST.filter((col) => canRead(principal(c), col))
      for (const col of readable)
        collections.push(collectionDocument(base(c), col, await collectionExtent(db, col, area)))
      return c.json(
        { links: [{ href: `${base(c)}/ogc/collections`, rel: 'self', type: 'application/json' }], collections },
        200,
      )
    },
  )

for (const col of COLLECTION_LIST) addCollectionRoutes(col)

function addCollectionRoutes(col: Collection) {
  const path = `/ogc/collections/${col.id}`
  ogcRoutes.openapi(
    createRoute({
      method: 'get',
      path,
      tags,
      summary: `${col.title}: description`,
      responses: {
        200: { description: col.description, content: { 'application/json': { schema: AnyJson } } },
        ...errorResponses(400, 403, 404),
      },
    }),
    async (c) => {
      assertRead(principal(c), col)
      return c.json(collectionDocument(base(c), col, await collectionExtent(c.get('db'), col, c.get('area'))), 200)
    },
  )
  ogcRoutes.openapi(
    createRoute({
      method: 'get',
      path: `${path}/queryables`,
      tags,
      summary: `${col.title}: queryables (the properties a filter may use)`,
      responses: {
        200: {
          description: 'A JSON Schema of the queryable properties',
          content: { 'application/schema+json': { schema: AnyJson } },
        },
        ...errorResponses(403),
      },
    }),
    (c) => {
      assertRead(principal(c), col)
      return serializedJson(c, AnyJson, JSON.stringify(queryablesDocument(base(c), col)), {
        'Content-Type': 'application/schema+json',
      })
    },
  )
  ogcRoutes.openapi(
    createRoute({
      method: 'get',
      path: `${path}/items`,
      tags,
      summary: `${col.title}: features`,
      request: { query: itemsQuery(col) },
      responses: {
        200: {
          description: `A page of ${col.title.toLowerCase()}`,
          content: { [GEOJSON]: { schema: FeatureCollection } },
        },
        ...errorResponses(400, 403, 404),
      },
    }),
    async (c) => {
      assertRead(principal(c), col)
      const req = toItemsRequest(col, c.req.valid('query') as Record<string, unknown>)
      const db = c.get('db')
      const area = c.get('area')
      const [features, matched] = await Promise.all([
        listItems(db, col, req.filter, area, req, req.shape),
        countItems(db, col, req.filter, area),
      ])
      const links = pageLinks(new URL(c.req.url), req.offset, req.limit, features.length, matched)
      // Features arrive as JSON text from SQL; splice them rather than parse and re-serialise thousands of objects.
      const body =
        `{"type":"FeatureCollection","numberMatched":${matched},"numberReturned":${features.length},` +
        `"timeStamp":${JSON.stringify(new Date().toISOString())},"links":${JSON.stringify(links)},"features":[${features.join(',')}]}`
      return serializedJson(c, FeatureCollection, body, { 'Content-Type': GEOJSON, 'Content-Crs': `<${req.crs.uri}>` })
    },
  )
  ogcRoutes.openapi(
    createRoute({
      method: 'get',
      path: `${path}/items/{featureId}`,
      tags,
      summary: `${col.title}: one feature`,
      request: {
        params: featureIdParam(col),
        query: z.strictObject({
          f: z.enum(['json', 'geojson']).optional(),
          crs: z
            .string()
            .max(200)
            .optional()
            .openapi({ description: `CRS of the geometry; one of ${SUPPORTED_CRS.join(', ')} (default CRS84)` }),
        }),
      },
      responses: {
        200: { description: 'The feature; ETag carries its version', content: { [GEOJSON]: { schema: Feature } } },
        ...errorResponses(400, 403, 404),
      },
    }),
    async (c) => {
      assertRead(principal(c), col)
      const { featureId } = c.req.valid('param')
      const asked = c.req.valid('query').crs
      const crs = asked === undefined ? CRS84_CRS : parseCrs(asked)
      if (!crs) throw badParameter('crs', `crs must be one of ${SUPPORTED_CRS.join(', ')}`)
      const item = await getItem(
        c.get('db'),
        col,
        col.idType === 'integer' ? Number(featureId) : featureId,
        c.get('area'),
        { srid: crs.srid, latFirst: crs.latFirst },
      )
      if (!item) throw notFound(`No ${col.id} feature with id ${featureId}.`)
      const links = [
        { href: c.req.url, rel: 'self', type: GEOJSON },
        { href: `${base(c)}${path}`, rel: 'collection', type: 'application/json' },
      ]
      return serializedJson(c, Feature, `${item.json.slice(0, -1)},"links":${JSON.stringify(links)}}`, {
        'Content-Type': GEOJSON,
        'Content-Crs': `<${crs.uri}>`,
        ETag: `"${item.version}"`,
      })
    },
  )
}
