import { createRoute, z } from '@hono/zod-openapi'
import { principal } from '../http/auth.ts'
import { assertRead } from '../access/permissions.ts'
import { COLLECTION_LIST, type Collection } from '../assets/collections.ts'
import { exportFile } from '../formats/export.ts'
import { EXPORT_FORMATS } from '../formats/types.ts'
import { router } from '../http/env.ts'
import { errorResponses } from '../http/errors.ts'
import { BBoxCrsParam, BBoxParam, filterShape, toFilter } from '../ogc/params.ts'

// Exports: any collection in GeoJSON, CSV (WKT geometry), zipped Shapefile, KML or GeoPackage, with exactly the
// filters of the OGC items endpoint (bbox, datetime, equality filters) and the caller's role and area applied in SQL.

const tags = ['Exports']
const File = z.string().openapi({ format: 'binary' })
const GeoJsonFile = z.object({
  type: z.literal('FeatureCollection'),
  name: z.string(),
  features: z.array(
    z.object({
      type: z.literal('Feature'),
      id: z.union([z.number(), z.string()]),
      geometry: z.record(z.string(), z.unknown()).nullable(),
      properties: z.record(z.string(), z.unknown()),
    }),
  ),
})

export function exportQuery(c: Collection) {
  return z.strictObject({
    format: z
      .enum(EXPORT_FORMATS)
      .default('geojson')
      .openapi({ description: 'geojson, csv (WKT geometry column), shp (zipped shapefile), kml or gpkg (GeoPackage)' }),
    bbox: BBoxParam.optional(),
    'bbox-crs': BBoxCrsParam,
    ...filterShape(c),
  })
}

export const exportRoutes = router()

for (const col of COLLECTION_LIST) {
  exportRoutes.openapi(
    createRoute({
      method: 'get',
      path: `/api/exports/${col.id}`,
      tags,
      summary: `${col.title}: download, filtered, as a file`,
      request: { query: exportQuery(col) },
      responses: {
        200: {
          description: 'The file, as an attachment',
          content: {
            'application/geo+json': { schema: GeoJsonFile },
            'text/csv': { schema: File },
            'application/zip': { schema: File },
            'application/vnd.google-earth.kml+xml': { schema: File },
            'application/geopackage+sqlite3': { schema: File },
          },
        },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      assertRead(principal(c), col)
      const q = c.req.valid('query') as Record<string, unknown> & { format: (typeof EXPORT_FORMATS)[number] }
      const file = await exportFile(c.get('db'), col, toFilter(col, q), c.get('area'), q.format)
      const name = `ramani-${col.id}-${new Date().toISOString().slice(0, 10)}.${file.extension}`
      return new Response(file.body as ConstructorParameters<typeof Response>[0], {
        status: 200,
        headers: {
          'Content-Type': file.contentType,
          'Content-Disposition': `attachment; filename="${name}"`,
          'Cache-Control': 'no-store',
        },
      })
    },
  )
}
