import { createRoute, z } from '@hono/zod-openapi'
import { router } from '../http/env.ts'
import { serializedJson } from '../http/replies.ts'

const Place = z.object({
  type: z.literal('Feature'),
  id: z.number(),
  geometry: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) }),
  properties: z.object({
    name: z.string(),
    kind: z.string(),
    population: z.number().nullable(),
    county_code: z.string().nullable(),
  }),
})

const Places = z.object({ type: z.literal('FeatureCollection'), features: z.array(Place) })

/** GeoNames towns and places (reference data) for map labels and search context. */
export const placeRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/api/places',
    tags: ['Map'],
    summary: 'Towns and places (GeoNames) as GeoJSON, largest first',
    responses: {
      200: {
        description: 'All places',
        content: {
          'application/geo+json': { schema: Places },
        },
      },
    },
  }),
  async (c) => {
    const r = await c.get('db').query<{ fc: string }>(
      `SELECT json_build_object('type', 'FeatureCollection', 'features', coalesce(json_agg(json_build_object(
         'type', 'Feature', 'id', id, 'geometry', ST_AsGeoJSON(geom, 5)::json,
         'properties', json_build_object('name', name, 'kind', kind, 'population', population, 'county_code', county_code))
         ORDER BY population DESC NULLS LAST, name), '[]'::json))::text AS fc FROM places`,
    )
    return serializedJson(c, Places, r.rows[0]!.fc, {
      'Content-Type': 'application/geo+json',
      'Cache-Control': 'private, max-age=3600',
    })
  },
)
