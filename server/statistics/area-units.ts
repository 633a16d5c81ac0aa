import type { AreaScope } from '../access/scope.ts'
import type { AreaLevel } from '../../contract/domains.ts'
import type { Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'

// The areas of one level that area statistics are drawn and analysed on: the counties, or the sub-counties or wards
// loaded into admin_units with a boundary. Each area is known to the statistics rows by a key (a county's code, a
// unit's id) and to clients by its code (a county's code, a unit's code or, lacking one, its id). Units are scoped by
// the county they lie in, so a commissioner sees the sub-counties of their region only.

export interface LevelArea {
  /** How statistics rows name the area: county code, or admin_units id. */
  key: string
  /** How the API names it: county code, or the unit's code (its id when it has none). */
  code: string
  name: string
  level: AreaLevel
  region_code: string
  county_code: string
  population: number | null
  /** GeoJSON of the outline, simplified for drawing. */
  geometry: string
}

export interface AreaFilter {
  region?: string
  /** Counties the areas lie in. */
  counties?: string[]
}

/** The areas of a level in the caller's area and the region or counties asked for, ordered by code. */
export async function areasOfLevel(
  q: Queryable,
  level: AreaLevel,
  filter: AreaFilter,
  area: AreaScope,
  simplify = 0.002,
): Promise<LevelArea[]> {
  const county = level === 'county'
  const p = paramList()
  const where = county ? ['TRUE'] : [`u.level = ${p.add(level)}`, 'u.boundary IS NOT NULL', 'c.code IS NOT NULL']
  if (area.kind === 'regions') where.push(`c.region_code = ANY(${p.add(area.regions)}::text[])`)
  if (area.kind === 'counties') where.push(`c.code = ANY(${p.add(area.counties)}::text[])`)
  if (filter.region) where.push(`c.region_code = ${p.add(filter.region)}`)
  if (filter.counties) where.push(`c.code = ANY(${p.add(filter.counties)}::text[])`)
  const tol = p.add(simplify)
  const rows = await q.query<LevelArea>(
    county
      ? `SELECT c.code AS key, c.code, c.name, 'county' AS level, c.region_code, c.code AS county_code, c.population,
                ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(c.geom, ${tol}::float8)), 5) AS geometry
         FROM counties c WHERE ${where.join(' AND ')} ORDER BY c.code`
      : `SELECT u.id::text AS key, coalesce(u.code, u.id::text) AS code, u.name, u.level, c.region_code,
                c.code AS county_code, u.population,
                ST_AsGeoJSON(ST_Multi(ST_SimplifyPreserveTopology(u.boundary, ${tol}::float8 / 4)), 5) AS geometry
         FROM admin_units u JOIN counties c ON c.code = u.county_code
         WHERE ${where.join(' AND ')} ORDER BY 2`,
    p.values,
  )
  return rows.rows
}

/** SQL of a statistics row's area key (alias s: incident_stat_rows), matching LevelArea.key. */
export const statKeySql = (level: AreaLevel) => (level === 'county' ? 's.area_code' : 's.area_unit_id::text')

/** The levels that have areas to draw in the caller's area: the counties always, units where boundaries exist. */
export async function levelsWithAreas(q: Queryable, area: AreaScope): Promise<AreaLevel[]> {
  const p = paramList()
  const where = ['u.boundary IS NOT NULL']
  if (area.kind === 'regions') where.push(`u.region_code = ANY(${p.add(area.regions)}::text[])`)
  if (area.kind === 'counties') where.push(`u.county_code = ANY(${p.add(area.counties)}::text[])`)
  const r = await q.query<{ level: AreaLevel }>(
    `SELECT DISTINCT u.level FROM admin_units u WHERE u.level IN ('sub_county', 'ward') AND ${where.join(' AND ')}`,
    p.values,
  )
  const found = new Set(r.rows.map((x) => x.level))
  return ['county', ...(['sub_county', 'ward'] as const).filter((l) => found.has(l))]
}
