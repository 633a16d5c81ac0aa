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

/**
 * The hexagons of the study area, plus the hexagon of every matching incident outside it (a coast incident just
 * beyond the outline still lands in a cell: Gi* must see every incident in scope). `leftOut` counts the matching
 * incidents in no cell, 0 unless a point could not be placed on the grid at all.
 */
export async function hexCounts(
  q: Queryable,
  edgeKm: number,
  filter: ItemFilter,
  area: AreaScope,
  region?: string,
): Promise<{ cells: HexCount[]; leftOut: number }> {
  const p = paramList()
  const regions = region ? [region] : area.kind === 'regions' ? area.regions : null
  const studyArea = regions
    ? `SELECT ST_Transform(ST_Union(geom), 3857) AS g FROM regions WHERE code = ANY(${p.add(regions)}::text[])`
    : `SELECT ST_Transform(geom, 3857) AS g FROM country_outline`
  const where = whereSql(COLLECTIONS.incidents, filter, area, p)
  const inRegion = regions ? `AND t.region_code = ANY(${p.add(regions)}::text[])` : ''
  const size = p.add(edgeKm * 1000)
  const r = await q.query<HexCount & { in_scope: number; placed: number }>(
    // A cell's count is its incidents' weights: a record of five incidents counts five.
    // One indexed count per hexagon (the incidents' GiST index does the work), rather than a join of every
    // transformed point with every cell. An incident's own hexagon comes from the grid over a 1 m box around it:
    // ST_HexagonGrid numbers hexagons from the projection's origin, so (i, j) match the study area's.
    `WITH area AS (${studyArea}),
          pts AS (SELECT t.id, ST_Transform(t.geom, 3857) AS g FROM incidents t WHERE ${where} ${inRegion}),
          own AS (SELECT pts.id, h.i, h.j, h.geom FROM pts, ST_HexagonGrid(${size}::float8, ST_Expand(pts.g, 1)) h
                  WHERE ST_Intersects(h.geom, pts.g)),
          cells AS (SELECT DISTINCT ON (i, j) i, j, geom FROM (
                      SELECT h.i, h.j, h.geom FROM area, ST_HexagonGrid(${size}::float8, area.g) h
                      WHERE ST_Intersects(h.geom, area.g)
                      UNION ALL SELECT i, j, geom FROM own) c ORDER BY i, j),
          grid AS (SELECT geom, ST_Transform(geom, 4326) AS g4 FROM cells)
     SELECT ST_X(ST_Centroid(grid.geom)) AS x, ST_Y(ST_Centroid(grid.geom)) AS y,
            (SELECT coalesce(sum(t.weight), 0) FROM incidents t WHERE t.geom && grid.g4 AND ST_Intersects(t.geom, grid.g4) AND ${where})::int AS count,
            ST_AsGeoJSON(grid.g4, 5) AS geojson,
            (SELECT count(*) FROM pts)::int AS in_scope, (SELECT count(DISTINCT id) FROM own)::int AS placed
     FROM grid ORDER BY 1, 2`,
    p.values,
  )
  const first = r.rows[0]
  return {
    cells: r.rows.map(({ x, y, count, geojson }) => ({ x, y, count, geojson })),
    leftOut: first ? first.in_scope - first.placed : 0,
  }
}
