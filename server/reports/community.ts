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
