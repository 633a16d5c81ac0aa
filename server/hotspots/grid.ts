import type { AreaScope } from '../access/scope.ts'
import { COLLECTIONS } from '../assets/collections.ts'
import { whereSql, type ItemFilter } from '../assets/query.ts'
import type { Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'

// Incident counts per hexagon over the study area (the country, a region, or the caller's regions), empty cells
// included, as Gi* needs. Hexagons are built in Web Mercator: within Kenya's ±5° of the equator its scale error is
// under 0.4 %, so `edgeKm` and distances are metres on the ground to that precision.

export interface HexCount {
  x: number
  y: number
  count: number
  geojson: string
}

export async function hexCounts(
  q: Queryable,
  edgeKm: number,
  filter: ItemFilter,
  area: AreaScope,
  region?: string,
): Promise<HexCount[]> {
  const p = paramList()
  const regions = region ? [region] : area.kind === 'regions' ? area.regions : null
  const studyArea = regions
    ? `SELECT ST_Transform(ST_Union(geom), 3857) AS g FROM regions WHERE code = ANY(${p.add(regions)}::text[])`
    : `SELECT ST_Transform(geom, 3857) AS g FROM country_outline`
  const where = whereSql(COLLECTIONS.incidents, filter, area, p)
  const r = await q.query<HexCount>(
    // One indexed count per hexagon (the incidents' GiST index does the work), rather than a join of every
    // transformed point with every cell.
    `WITH area AS (${studyArea}),
          grid AS (SELECT h.geom, ST_Transform(h.geom, 4326) AS g4
                   FROM area, ST_HexagonGrid(${p.add(edgeKm * 1000)}::float8, area.g) h WHERE ST_Intersects(h.geom, area.g))
     SELECT ST_X(ST_Centroid(grid.geom)) AS x, ST_Y(ST_Centroid(grid.geom)) AS y,
            (SELECT count(*) FROM incidents t WHERE t.geom && grid.g4 AND ST_Intersects(t.geom, grid.g4) AND ${where})::int AS count,
            ST_AsGeoJSON(grid.g4, 5) AS geojson
     FROM grid ORDER BY 1, 2`,
    p.values,
  )
  return r.rows
}
