import type { Queryable } from '../db/index.ts'

// Routing a verified report to the community structure of its area: the smallest one whose polygon covers it (a
// Nyumba Kumi cluster before a resident association before a community policing committee), else the nearest one of
// the same county within 5 km.

const KIND_ORDER = `CASE kind WHEN 'nyumba_kumi' THEN 1 WHEN 'resident_association' THEN 2 ELSE 3 END`

export async function routeToCommittee(q: Queryable, lon: number, lat: number, county: string): Promise<number | null> {
  const r = await q.query<{ id: number }>(
    `WITH pt AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS g)
     SELECT id::int AS id FROM community_structures, pt
     WHERE (GeometryType(geom) <> 'POINT' AND ST_Covers(geom, pt.g))
        OR (county_code = $3 AND ST_DWithin(geom::geography, pt.g::geography, 5000))
     ORDER BY (GeometryType(geom) <> 'POINT' AND ST_Covers(geom, pt.g)) DESC, ${KIND_ORDER},
              ST_Distance(geom::geography, pt.g::geography)
     LIMIT 1`,
    [lon, lat, county],
  )
  return r.rows[0]?.id ?? null
}

export interface StructureFeature {
  type: 'Feature'
  id: number
  geometry: unknown
  properties: { name: string; kind: string; contact_role: string; county_code: string | null; source: string }
}

/** The structures of the given counties (all when null), as GeoJSON features. */
export async function listStructures(q: Queryable, counties: string[] | null, regions: string[] | null) {
  const r = await q.query<{
    id: number
    geometry: string
    name: string
    kind: string
    contact_role: string
    county_code: string | null
    source: string
  }>(
    `SELECT s.id::int AS id, ST_AsGeoJSON(s.geom, 6) AS geometry, s.name, s.kind, s.contact_role, s.county_code, s.source
     FROM community_structures s LEFT JOIN counties c ON c.code = s.county_code
     WHERE ($1::text[] IS NULL OR s.county_code = ANY($1::text[])) AND ($2::text[] IS NULL OR c.region_code = ANY($2::text[]))
     ORDER BY s.id`,
    [counties, regions],
  )
  return r.rows.map(({ id, geometry, ...properties }): StructureFeature => ({
    type: 'Feature',
    id,
    geometry: JSON.parse(geometry),
    properties,
  }))
}
