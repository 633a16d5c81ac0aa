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
 * security roads at national zooms). From zoom 13 tiles read the stored geometry.
 */
const BANDED: Partial<Record<Collection['id'], string>> = {
  roads: 'roads_tile_geoms',
  counties: 'counties_tile_geoms',
  regions: 'regions_tile_geoms',
}

/** The band of a zoom: 0 = zoom ≤ 6, 1 = 7–8, 2 = 9–10, 3 = 11–12; null = the stored geometry. */
export function bandOf(z: number): number | null {
  return z <= 12 ? Math.max(0, Math.ceil((z - 6) / 2)) : null
}

/** Where a tile's geometry comes from: the band table joined to the collection, or the collection itself. */
function geometrySource(c: Collection, z: number, stored = false): { from: string; geom: string; mercator: boolean } {
  const band = stored ? null : bandOf(z)
  const table = BANDED[c.id]
  if (table === undefined || band === null) return { from: `${c.table} t`, geom: 't.geom', mercator: false }
  // The band is an integer from this module, written as a literal so the band's partial index applies.
  return {
    from: `${table} g JOIN ${c.table} t ON t.${c.idColumn} = g.${c.idColumn} AND g.band = ${band}`,
    geom: 'g.geom',
    mercator: true,
  }
}

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

/** The tile's envelope in EPSG:3857 and, for the index, the buffered envelope in the geometry's SRID. */
function envelopes(p: ReturnType<typeof paramList>, r: TileRequest, mercator: boolean) {
  const env = `ST_TileEnvelope(${p.add(r.z)}::int, ${p.add(r.x)}::int, ${p.add(r.y)}::int)`
  const margin = `(ST_XMax(${env}) - ST_XMin(${env})) * ${BUFFER / EXTENT}`
  const buffered = `ST_Expand(${env}, ${margin})`
  return { env, search: mercator ? buffered : `ST_Transform(${buffered}, 4326)` }
}

async function postgisTile(q: Queryable, c: Collection, r: TileRequest): Promise<Uint8Array> {
  const p = paramList()
  const src = geometrySource(c, r.z, r.stored)
  const { env, search } = envelopes(p, r, src.mercator)
  const where = whereSql(c, r.filter, r.area, p)
  const fid = c.idType === 'integer' ? `t.${c.idColumn} AS fid, ` : ''
  const geom = src.mercator ? src.geom : `ST_Transform(${src.geom}, 3857)`
  const res = await q.query<{ tile: Uint8Array | null }>(
    `WITH rows AS (
       SELECT ${fid}${attributesSql(c)}, ST_AsMVTGeom(${geom}, ${env}, ${EXTENT}, ${BUFFER}, true) AS geom
       FROM ${src.from} WHERE ${src.geom} && ${search} AND ${where} AND ${generalisationSql(c, r.z)})
     SELECT ST_AsMVT(rows.*, ${p.add(c.id)}, ${EXTENT}, 'geom'${fid ? ", 'fid'" : ''}) AS tile FROM rows WHERE geom IS NOT NULL`,
    p.values,
  )
  return res.rows[0]?.tile ?? new Uint8Array()
}

async function nodeTile(q: Queryable, c: Collection, r: TileRequest): Promise<Uint8Array> {
  const p = paramList()
  const src = geometrySource(c, r.z, r.stored)
  const { search } = envelopes(p, r, src.mercator)
  const where = whereSql(c, r.filter, r.area, p)
  const lonLat = src.mercator ? `ST_Transform(${src.geom}, 4326)` : src.geom
  const res = await q.query<Record<string, unknown> & { geojson: string; fid: number | string }>(
    `SELECT t.${c.idColumn} AS fid, ${attributesSql(c)}, ST_AsGeoJSON(${lonLat}, 7) AS geojson
     FROM ${src.from} WHERE ${src.geom} && ${search} AND ${where} AND ${generalisationSql(c, r.z)}`,
    p.values,
  )
  if (res.rows.length === 0) return new Uint8Array()
  const names = tileFields(c).map((f) => f.name)
  const features = res.rows.map((row) => {
    const properties: Record<string, unknown> = {}
    for (const n of names) if (row[n] !== null && row[n] !== undefined) properties[n] = row[n]
    return {
      type: 'Feature' as const,
      ...(c.idType === 'integer' ? { id: row.fid } : {}),
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
