import type { z } from '@hono/zod-openapi'
import type { Context, TypedResponse } from 'hono'
import type { JSONParsed } from 'hono/utils/types'

// Replies whose body the handler cannot hand to c.json() but whose shape the route still declares.

/**
 * JSON that PostGIS already serialized (GeoJSON built in SQL), sent as it is and typed as the route's schema: parsing
 * thousands of features only to serialize them again would cost more than the query. The API tests check every such
 * reply against the OpenAPI document instead.
 */
export function serializedJson<S extends z.ZodType>(
  c: Context,
  _schema: S,
  text: string,
  headers: Record<string, string>,
) {
  const reply: Response = c.body(text, 200, headers)
  return reply as Response & TypedResponse<JSONParsed<z.output<S>>, 200, 'json'>
}
