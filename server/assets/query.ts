import type { AreaScope } from '../access/scope.ts'
import type { Queryable } from '../db/index.ts'
import { paramList, type ParamList } from '../db/sql.ts'
import type { Expr } from '../cql2/ast.ts'
import { filterSql, type FilterCrs } from '../cql2/sql.ts'
import type { Collection, Field } from './collections.ts'

// All SQL that reads collection items. Identifiers come from the collection registry; values are parameters.

export type BBox = [number, number, number, number]

export interface TimeRange {
  /** ISO instant, inclusive; undefined = open. */
  start?: string
  end?: string
}

export interface ItemFilter {
  bbox?: BBox
  datetime?: TimeRange
  /** field → any of these values */
  equals: { field: Field; values: (string | number | boolean)[] }[]
  /** The SRID bbox is given in, when not WGS 84 (already in x, y order). */
  bboxSrid?: number
  /** A CQL2 filter, checked against the collection's queryables; its geometry literals are in `crs`. */
  cql?: { expr: Expr; crs: FilterCrs }
}

export interface Page {
  limit: number
  offset: number
  /** Fields to order by before the identifier (which keeps pages stable). */
  sortby?: { field: Field; descending: boolean }[]
}

/** How features are written: which properties, in which coordinate reference system. */
export interface Shape {
  /** Only these properties; undefined = all. */
  properties?: Field[]
  /** Output SRID (default 4326, longitude first); `latFirst` for EPSG:4326 as the EPSG orders its axes. */
  srid?: number
  latFirst?: boolean
}

const SQL_ARRAY_TYPE: Record<Field['type'], string> = {
  text: 'text[]',
  integer: 'bigint[]',
  number: 'float8[]',
  boolean: 'boolean[]',
  timestamp: 'timestamptz[]',
}

/** The WHERE clause shared by items, counts and tiles: scope first, so no filter can widen it. */
export function whereSql(c: Collection, f: ItemFilter, area: AreaScope, p: ParamList, alias = 't'): string {
  const parts: string[] = ['TRUE']
  if (c.scoped && area.kind === 'regions') parts.push(`${alias}.region_code = ANY(${p.add(area.regions)}::text[])`)
  if (c.scoped && area.kind === 'counties') parts.push(`${alias}.county_code = ANY(${p.add(area.counties)}::text[])`)
  if (f.bbox) {
    const box = `ST_MakeEnvelope(${f.bbox.map((v) => p.add(v)).join(', ')}, ${Number(f.bboxSrid ?? 4326)})`
    const env = f.bboxSrid ? `ST_Transform(${box}, 4326)` : box
    parts.push(`${alias}.geom && ${env}`, `ST_Intersects(${alias}.geom, ${env})`)
  }
  if (f.datetime && c.temporal) {
    if (f.datetime.start) parts.push(`${alias}.${c.temporal} >= ${p.add(f.datetime.start)}::timestamptz`)
    if (f.datetime.end) parts.push(`${alias}.${c.temporal} <= ${p.add(f.datetime.end)}::timestamptz`)
  }
  for (const { field, values } of f.equals) {
    parts.push(`${alias}.${field.name} = ANY(${p.add(values)}::${SQL_ARRAY_TYPE[field.type]})`)
  }
  // After the scope: an OR inside the filter is parenthesised and cannot widen it.
  if (f.cql) parts.push(filterSql(f.cql.expr, c, p, alias, f.cql.crs))
  return parts.join(' AND ')
}

/** A column as the API shows it: timestamps as ISO 8601 UTC with "Z" (to the second), whichever server formats them. */
export function columnSql(f: Field, alias = 't'): string {
  return f.type === 'timestamp'
    ? `to_char(${alias}.${f.name} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`
    : `${alias}.${f.name}`
}

/** A GeoJSON Feature as JSON text, built in SQL so large pages never pass through JS objects. */
export function featureSql(c: Collection, alias = 't', shape: Shape = {}): string {
  const props = (shape.properties ?? c.fields).map((fl) => `'${fl.name}', ${columnSql(fl, alias)}`).join(', ')
  const srid = shape.srid ?? 4326
  let geom = srid === 4326 ? `${alias}.geom` : `ST_Transform(${alias}.geom, ${Number(srid)})`
  if (shape.latFirst) geom = `ST_FlipCoordinates(${geom})`
  // Degrees to 6 decimals (~0.1 m); projected metres to the millimetre.
  const decimals = srid === 4326 ? 6 : 3
  return `json_build_object('type', 'Feature', 'id', ${alias}.${c.idColumn},
    'geometry', ST_AsGeoJSON(${geom}, ${decimals})::json, 'properties', json_build_object(${props}))::text`
}

export async function countItems(q: Queryable, c: Collection, f: ItemFilter, area: AreaScope): Promise<number> {
  const p = paramList()
  const r = await q.query<{ n: number }>(
    `SELECT count(*) AS n FROM ${c.table} t WHERE ${whereSql(c, f, area, p)}`,
    p.values,
  )
  return r.rows[0]?.n ?? 0
}

/** Features of one page, as JSON texts in the page's order (sortby, then id). */
export async function listItems(
  q: Queryable,
  c: Collection,
  f: ItemFilter,
  area: AreaScope,
  page: Page,
  shape: Shape = {},
): Promise<string[]> {
  const p = paramList()
  const where = whereSql(c, f, area, p)
  const order = (alias: string) =>
    [...(page.sortby ?? []).map((s) => `${alias}.${s.field.name} ${s.descending ? 'DESC' : 'ASC'} NULLS LAST`)]
      .concat(`${alias}.${c.idColumn}`)
      .join(', ')
  // The page's identifiers first, then JSON for those rows only: a deep page costs what the first one does, instead
  // of building the GeoJSON of every row OFFSET skips.
  const r = await q.query<{ f: string }>(
    `WITH page AS (
       SELECT t.${c.idColumn} AS id FROM ${c.table} t
       WHERE ${where} ORDER BY ${order('t')} LIMIT ${p.add(page.limit)} OFFSET ${p.add(page.offset)})
     SELECT ${featureSql(c, 't', shape)} AS f FROM page JOIN ${c.table} t ON t.${c.idColumn} = page.id
     ORDER BY ${order('t')}`,
    p.values,
  )
  return r.rows.map((row) => row.f)
}

/** One feature as JSON text with its version, or undefined when absent or outside the caller's scope. */
export async function getItem(
  q: Queryable,
  c: Collection,
  id: string | number,
  area: AreaScope,
  shape: Shape = {},
): Promise<{ json: string; version: number } | undefined> {
  const p = paramList([id])
  const where = whereSql(c, { equals: [] }, area, p)
  const r = await q.query<{ f: string; version: number }>(
    `SELECT ${featureSql(c, 't', shape)} AS f, t.version FROM ${c.table} t WHERE t.${c.idColumn} = $1 AND ${where}`,
    p.values,
  )
  const row = r.rows[0]
  return row ? { json: row.f, version: row.version } : undefined
}

export interface Extent {
  bbox: BBox | null
  interval: [string | null, string | null] | null
}

export async function collectionExtent(q: Queryable, c: Collection, area: AreaScope): Promise<Extent> {
  const p = paramList()
  const where = whereSql(c, { equals: [] }, area, p)
  const time = c.temporal ? `, min(t.${c.temporal}) AS t0, max(t.${c.temporal}) AS t1` : ''
  const r = await q.query<{ x0: number | null; y0: number; x1: number; y1: number; t0?: string; t1?: string }>(
    `SELECT ST_XMin(e) AS x0, ST_YMin(e) AS y0, ST_XMax(e) AS x1, ST_YMax(e) AS y1${c.temporal ? ', t0, t1' : ''}
     FROM (SELECT ST_Extent(t.geom) AS e${time} FROM ${c.table} t WHERE ${where}) s`,
    p.values,
  )
  const row = r.rows[0]
  return {
    bbox: row && row.x0 !== null ? [row.x0, row.y0, row.x1, row.y1] : null,
    interval: c.temporal ? [row?.t0 ?? null, row?.t1 ?? null] : null,
  }
}
