import type { AreaScope } from '../access/scope.ts'
import type { Queryable } from '../db/index.ts'

// Analysis geometry stops at the caller's area: a commissioner's service areas, patrol corridors and the roads of a
// ranking follow the network out of their region, and coverage gap hexagons and hot cells straddle its edge; what lies
// beyond is not theirs to see. Clipped in PostGIS against the area's outlines, in one statement per result.

interface Feature {
  type: 'Feature'
  geometry: unknown
  properties: unknown
}

/** The geometries cut to the area, in order; null where nothing is left. National callers get them unchanged. */
export async function clipGeometries<G>(db: Queryable, geometries: G[], area: AreaScope): Promise<(G | null)[]> {
  if (area.kind === 'national' || geometries.length === 0) return geometries
  const outline =
    area.kind === 'regions'
      ? 'SELECT ST_Union(geom) AS g FROM regions WHERE code = ANY($2::text[])'
      : 'SELECT ST_Union(geom) AS g FROM counties WHERE code = ANY($2::text[])'
  const r = await db.query<{ i: number; g: string | null }>(
    `WITH area AS (${outline})
     SELECT e.n - 1 AS i,
            CASE WHEN c.g IS NULL OR ST_IsEmpty(c.g) THEN NULL ELSE ST_AsGeoJSON(c.g, 6) END AS g
     FROM json_array_elements($1::json) WITH ORDINALITY AS e(value, n), area,
          LATERAL (SELECT ST_CollectionExtract(ST_Intersection(ST_SetSRID(ST_GeomFromGeoJSON(e.value::text), 4326), area.g),
                   CASE WHEN e.value->>'type' LIKE '%Polygon' THEN 3 WHEN e.value->>'type' LIKE '%LineString' THEN 2 ELSE 1 END) AS g) c`,
    [JSON.stringify(geometries), area.kind === 'regions' ? area.regions : area.counties],
  )
  const clipped = new Map(r.rows.map((row) => [Number(row.i), row.g]))
  return geometries.map((_, i) => {
    const g = clipped.get(i)
    return g ? (JSON.parse(g) as G) : null
  })
}

/** The features with their geometry cut to the area; features left with nothing are dropped. */
export async function clipToArea<F extends Feature>(db: Queryable, features: F[], area: AreaScope): Promise<F[]> {
  const clipped = await clipGeometries(
    db,
    features.map((f) => f.geometry),
    area,
  )
  return features.flatMap((f, i) => (clipped[i] ? [{ ...f, geometry: clipped[i] }] : []))
}
