import GeoJSONVT from 'geojson-vt'
import vtpbf from 'vt-pbf'
import type { AreaScope } from '../access/scope.ts'
import type { Collection, Field } from '../assets/collections.ts'
import { columnSql, whereSql, type ItemFilter } from '../assets/query.ts'
import type { Db, Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'

// Mapbox Vector Tiles of a collection, scoped and filtered exactly like its items. A PostGIS server builds them with
// ST_AsMVT; the embedded PostGIS lacks protobuf support, so Node builds the same tile with geojson-vt + vt-pbf.
// Which one runs is decided here, from db.capabilities, and nowhere else.

export const EXTENT = 4096
export const BUFFER = 64

export interface TileRequest {
  z: number
  x: number
  y: number
  filter: ItemFilter
  area: AreaScope
  /** Build from the stored geometry at every zoom (the benchmark's baseline), not from the zoom's band. */
  stored?: boolean
}

/** Attributes carried in tiles: what styling, filtering and a first click need, not long text. */
export function tileFields(c: Collection): Field[] {
  return c.fields.filter((f) => !['description', 'updated_by', 'updated_at', 'import_batch_id', 'id'].includes(f.name))
}

/**
 * Collections with geometry generalised ahead of time per zoom band (014_tiles.sql): the band's table holds, in Web
 * Mercator and simplified for the band's scale, the features a map shows at that scale (for roads: trunk and
 * security roads at national zooms), keyed by `key`, which `rowKey` of the collection's rows refers to. Area
 * statistics are drawn as their county, so they read the counties' bands. From zoom 13 tiles read the stored geometry.
 */
const BANDED: Partial<Record<Collection['id'], { table: string; key: string; rowKey: string }>> = {
  roads: { table: 'roads_tile_geoms', key: 'id', rowKey: 'id' },
  counties: { table: 'counties_tile_geoms', key: 'code', rowKey: 'code' },
  regions: { table: 'regions_tile_geoms', key: 'code', rowKey: 'code' },
  incident_stats: { table: 'counties_tile_geoms', key: 'code', rowKey: 'area_code' },
}

/** The band of a zoom: 0 = zoom ≤ 6, 1 = 7–8, 2 = 9–10, 3 = 11–12; null = the stored geometry. */
export function bandOf(z: number): number | null {
  return z <= 12 ? Math.max(0, Math.ceil((z - 6) / 2)) : null
}

/** Road bands drawn as merged lines (023_tile_merge.sql): zoom ≤ 8. */
const MERGED_MAX_BAND = 1

/**
 * What a merged road line carries at national zooms: the properties it is merged by (what the map styles and filters
 * roads by at those zooms), and `segments`, how many road segments it stands for. It carries the segment's id (as
 * the feature id) only when it stands for one; a click on a merged line selects nothing.
 */
export const MERGED_ROAD_PROPERTIES = [
  'road_class',
  'surface',
  'condition',
  'is_security_road',
  'status',
  'county_code',
  'segments',
] as const
const MERGE_KEYS = ['road_class', 'surface', 'condition', 'is_security_road', 'status', 'county_code']
/** Filters roads_tile_merged can answer: on the properties it is merged by (and the region, one per county). */
const MERGED_FILTERS = new Set([...MERGE_KEYS, 'region_code'])
/** Whether the stored merged lines answer a filter (else the tile merges its own rows, by the same rules). */
const mergedFilter = (f: ItemFilter) =>
  !f.bbox && !f.datetime && !f.cql && f.equals.every((e) => MERGED_FILTERS.has(e.field.name))

/**
 * The road band drawn with minor roads merged per group within cells (026_tile_merge_cells.sql): zoom 9–10. Trunk and
 * security roads stay individual lines there, so a feature with an id still stands for one road.
 */
const CELLS_BAND = 2

/**
 * Cartographic selection of point collections (lines and areas are selected with their band, 014_tiles.sql): at
 * national and regional zooms the higher administrative units only. Same rule on both builders.
 */
export function generalisationSql(c: Collection, z: number, alias = 't'): string {
  if (c.id === 'admin_units' && z < 7) return `${alias}.level IN ('sub_county', 'division')`
  if (c.id === 'admin_units' && z < 9) return `${alias}.level <> 'sub_location'`
  return 'TRUE'
}

/** SQL select-list of tile attributes, formatted as the items endpoint formats them. */
function attributesSql(c: Collection): string {
  return tileFields(c)
    .map((f) => `${columnSql(f)} AS ${f.name}`)
    .join(', ')
}

/** The tile's envelope in EPSG:3857, and the buffered envelope to search, in Web Mercator and in WGS 84. */
function envelopes(p: ReturnType<typeof paramList>, r: TileRequest) {
  const env = `ST_TileEnvelope(${p.add(r.z)}::int, ${p.add(r.x)}::int, ${p.add(r.y)}::int)`
  const margin = `(ST_XMax(${env}) - ST_XMin(${env})) * ${BUFFER / EXTENT}`
  const buffered = `ST_Expand(${env}, ${margin})`
  return { env, mercator: buffered, wgs84: `ST_Transform(${buffered}, 4326)` }
}

/**
 * The rows of a tile, as SQL selecting `fid` (the feature id, null for none), the tile's properties by name, and
 * `geom` — in Web Mercator when `mercator`, else as stored (WGS 84). Both builders encode exactly these rows.
 */
interface TileRows {
  sql: string
  names: readonly string[]
  mercator: boolean
  /** The tile's envelope (EPSG:3857), with the request's parameters. */
  env: string
}

function tileRows(c: Collection, r: TileRequest, p: ReturnType<typeof paramList>): TileRows {
  const search = envelopes(p, r)
  const env = search.env
  const where = whereSql(c, r.filter, r.area, p)
  const band = r.stored ? null : bandOf(r.z)
  const banded = BANDED[c.id]
  if (band === null || banded === undefined) {
    return {
      sql: `SELECT t.${c.idColumn} AS fid, ${attributesSql(c)}, t.geom FROM ${c.table} t
            WHERE t.geom && ${search.wgs84} AND ${where} AND ${generalisationSql(c, r.z)}`,
      names: tileFields(c).map((f) => f.name),
      mercator: false,
      env,
    }
  }
  // The band is an integer from this module, written as a literal so the band's partial index applies.
  if (c.id === 'roads' && band <= MERGED_MAX_BAND) {
    const keys = MERGE_KEYS.map((k) => `t.${k}`).join(', ')
    return {
      sql: mergedFilter(r.filter)
        ? `SELECT t.id AS fid, ${keys}, t.segments, t.geom FROM roads_tile_merged t
           WHERE t.band = ${band} AND t.geom && ${search.mercator} AND ${where}`
        : // Other filters select segments the stored groups cannot tell apart: the same merge, on this tile's rows.
          `SELECT CASE WHEN count(*) = 1 THEN min(t.id) END AS fid, ${keys}, count(*)::int AS segments,
                  ST_LineMerge(ST_Collect(g.geom)) AS geom
           FROM roads_tile_geoms g JOIN roads t ON t.id = g.id AND g.band = ${band}
           WHERE g.geom && ${search.mercator} AND ${where} GROUP BY ${keys}`,
      names: MERGED_ROAD_PROPERTIES,
      mercator: true,
      env,
    }
  }
  if (c.id === 'roads' && band === CELLS_BAND) {
    // Trunk and security roads as themselves (all their attributes, their id); minor roads merged per group and cell
    // (026_tile_merge_cells.sql), with the attributes they are merged by and `segments`. One select-list for both.
    const fields = tileFields(c)
    const keys = MERGE_KEYS.map((k) => `t.${k}`).join(', ')
    const mergedList = fields.map((f) => (MERGE_KEYS.includes(f.name) ? `t.${f.name}` : 'NULL')).join(', ')
    const minor = `NOT t.is_security_road AND t.road_class NOT IN ('A', 'B')`
    const merged = mergedFilter(r.filter)
      ? `SELECT CASE WHEN t.segments = 1 THEN t.id END, ${mergedList}, t.segments, t.geom FROM roads_tile_cells t
         WHERE t.geom && ${search.mercator} AND ${where}`
      : `SELECT CASE WHEN count(*) = 1 THEN min(t.id) END, ${mergedList}, count(*)::int,
                ST_LineMerge(ST_Collect(g.geom))
         FROM roads_tile_geoms g JOIN roads t ON t.id = g.id AND g.band = ${band}
         WHERE g.geom && ${search.mercator} AND ${minor} AND ${where}
         GROUP BY ${keys}, roads_tile_cell(t.geom)`
    // The trunk roads are found through their own spatial index on roads (roads_trunk_geom_idx): from band 2's index
    // the planner would fetch every segment of the tile to keep one in fifteen.
    return {
      sql: `SELECT t.id AS fid, ${attributesSql(c)}, NULL::integer AS segments, g.geom
            FROM roads t JOIN roads_tile_geoms g ON g.id = t.id AND g.band = ${band}
            WHERE (t.is_security_road OR t.road_class IN ('A', 'B')) AND t.geom && ${search.wgs84}
              AND g.geom && ${search.mercator} AND ${where}
            UNION ALL ${merged}`,
      names: [...fields.map((f) => f.name), 'segments'],
      mercator: true,
      env,
    }
  }
  // Statistics of a sub-county or ward are drawn with the unit's boundary (there are no bands of units): the county
  // rows join the counties' band, the others take the stored boundary, clipped by the tile builder like any polygon.
  const units =
    c.id === 'incident_stats'
      ? ` UNION ALL SELECT t.${c.idColumn} AS fid, ${attributesSql(c)}, ST_Transform(t.geom, 3857) AS geom
          FROM ${c.table} t WHERE t.area_level <> 'county' AND t.geom && ${search.wgs84} AND ${where}`
      : ''
  const countyRows = c.id === 'incident_stats' ? ` AND t.area_level = 'county'` : ''
  return {
    sql: `SELECT t.${c.idColumn} AS fid, ${attributesSql(c)}, g.geom
          FROM ${banded.table} g JOIN ${c.table} t ON t.${banded.rowKey} = g.${banded.key} AND g.band = ${band}
          WHERE g.geom && ${search.mercator} AND ${where} AND ${generalisationSql(c, r.z)}${countyRows}${units}`,
    names: tileFields(c).map((f) => f.name),
    mercator: true,
    env,
  }
}

async function postgisTile(q: Queryable, c: Collection, r: TileRequest): Promise<Uint8Array> {
  const p = paramList()
  const rows = tileRows(c, r, p)
  const fid = c.idType === 'integer' ? 'fid, ' : ''
  const geom = rows.mercator ? 'f.geom' : 'ST_Transform(f.geom, 3857)'
  // Both CTEs materialised: inlined, the planner would evaluate each row's geometry (a merge, a clip) once for the
  // filter and again for the output.
  const res = await q.query<{ tile: Uint8Array | null }>(
    `WITH f AS MATERIALIZED (${rows.sql}),
     rows AS MATERIALIZED (
       SELECT ${fid}${rows.names.join(', ')}, ST_AsMVTGeom(${geom}, ${rows.env}, ${EXTENT}, ${BUFFER}, true) AS geom
       FROM f)
     SELECT ST_AsMVT(rows.*, ${p.add(c.id)}, ${EXTENT}, 'geom'${fid ? ", 'fid'" : ''}) AS tile FROM rows WHERE geom IS NOT NULL`,
    p.values,
  )
  return res.rows[0]?.tile ?? new Uint8Array()
}

async function nodeTile(q: Queryable, c: Collection, r: TileRequest): Promise<Uint8Array> {
  const p = paramList()
  const rows = tileRows(c, r, p)
  const lonLat = rows.mercator ? 'ST_Transform(f.geom, 4326)' : 'f.geom'
  const res = await q.query<Record<string, unknown> & { geojson: string; fid: number | string | null }>(
    `WITH f AS MATERIALIZED (${rows.sql})
     SELECT f.fid, ${rows.names.map((n) => `f.${n}`).join(', ')}, ST_AsGeoJSON(${lonLat}, 7) AS geojson FROM f`,
    p.values,
  )
  if (res.rows.length === 0) return new Uint8Array()
  const features = res.rows.map((row) => {
    const properties: Record<string, unknown> = {}
    for (const n of rows.names) if (row[n] !== null && row[n] !== undefined) properties[n] = row[n]
    return {
      type: 'Feature' as const,
      ...(c.idType === 'integer' && row.fid !== null ? { id: row.fid } : {}),
      geometry: JSON.parse(row.geojson),
      properties,
    }
  })
  // indexMaxZoom 0: index only the top tile and drill down to the one asked for, not a whole pyramid.
  const index = new GeoJSONVT({ type: 'FeatureCollection', features } as never, {
    maxZoom: r.z,
    indexMaxZoom: 0,
    indexMaxPoints: 0,
    extent: EXTENT,
    buffer: BUFFER,
    tolerance: 3,
  })
  const tile = index.getTile(r.z, r.x, r.y)
  if (!tile || tile.features.length === 0) return new Uint8Array()
  return vtpbf.fromGeojsonVt({ [c.id]: tile } as never, { version: 2, extent: EXTENT })
}

export function buildTile(db: Db, c: Collection, r: TileRequest): Promise<Uint8Array> {
  return db.capabilities.mvt ? postgisTile(db, c, r) : nodeTile(db, c, r)
}
