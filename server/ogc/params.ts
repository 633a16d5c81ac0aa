import { z } from '@hono/zod-openapi'
import type { Collection, Field } from '../assets/collections.ts'
import type { BBox, ItemFilter, Page, Shape, TimeRange } from '../assets/query.ts'
import { FilterError, type Expr } from '../cql2/ast.ts'
import { parseCql2Json } from '../cql2/json.ts'
import { checkFilter } from '../cql2/sql.ts'
import { parseCql2Text } from '../cql2/text.ts'
import { badParameter } from '../errors.ts'
import { CRS84_CRS, SUPPORTED_CRS, parseCrs, type Crs } from './crs.ts'

// Query parameters of OGC API – Features, as zod schemas generated from the collection registry, so the
// validation, the OpenAPI document and the SQL filters all come from one definition.

export const MAX_LIMIT = 10000

const finite = (s: string) => {
  const n = Number(s)
  return s.trim() !== '' && Number.isFinite(n) ? n : undefined
}

/** Four (or six) numbers in any CRS; the bounds are checked once bbox-crs is known. */
export const BBoxParam = z
  .string()
  .max(200)
  .transform((raw, ctx): BBox => {
    const nums = raw.split(',').map(finite)
    if ((nums.length !== 4 && nums.length !== 6) || nums.some((n) => n === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'bbox must be 4 (or 6) comma-separated finite numbers: minX,minY,maxX,maxY',
      })
      return z.NEVER
    }
    const v = nums as number[]
    return nums.length === 6 ? [v[0]!, v[1]!, v[3]!, v[4]!] : [v[0]!, v[1]!, v[2]!, v[3]!]
  })
  .openapi({
    param: { name: 'bbox', in: 'query' },
    description: 'minX,minY,maxX,maxY in bbox-crs (default CRS84: lon/lat)',
  })

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/

function instant(s: string, end: boolean): string | undefined | null {
  if (s === '..' || s === '') return undefined
  if (!INSTANT.test(s)) return null
  // A bare date covers the whole day in Kenya (East Africa Time, UTC+3 all year): 1 July starts at 21:00 UTC on 30 June.
  const iso = s.length === 10 ? `${s}T${end ? '23:59:59.999' : '00:00:00'}+03:00` : s
  const d = new Date(iso)
  return Number.isNaN(d.getTime()) ? null : d.toISOString()
}

export const DatetimeParam = z
  .string()
  .max(100)
  .transform((raw, ctx): TimeRange => {
    const parts = raw.split('/')
    if (parts.length > 2) {
      ctx.addIssue({
        code: 'custom',
        message: 'datetime must be an RFC 3339 instant or an interval start/end (".." for open)',
      })
      return z.NEVER
    }
    const start = instant(parts[0]!, false)
    const end = instant(parts.length === 1 ? parts[0]! : parts[1]!, true)
    if (start === null || end === null || (parts.length === 1 && start === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'datetime must be an RFC 3339 date or date-time, or an interval of two with ".." for an open end',
      })
      return z.NEVER
    }
    if (start && end && start > end) {
      ctx.addIssue({ code: 'custom', message: 'datetime interval starts after it ends' })
      return z.NEVER
    }
    // A single date-time is an instant; a single date is its whole day.
    return parts.length === 1 && parts[0]!.length > 10 ? { start, end: start } : { start, end }
  })
  .openapi({ description: 'RFC 3339 instant or interval, e.g. 2025-01-01/2025-03-31 or 2025-06-01T00:00:00Z/..' })

type FilterValue = string | number | boolean

function filterParam(f: Field) {
  const describe = f.domain
    ? `One or more of: ${f.domain.join(', ')} (comma-separated = any of)`
    : `${f.title} (comma-separated = any of)`
  return z
    .string()
    .max(2000)
    .transform((raw, ctx): FilterValue[] => {
      const items = raw.split(',').map((s) => s.trim())
      const out: FilterValue[] = []
      for (const item of items) {
        if (f.type === 'boolean') {
          if (item !== 'true' && item !== 'false')
            ctx.addIssue({ code: 'custom', message: `must be true or false, not "${item.slice(0, 40)}"` })
          else out.push(item === 'true')
        } else if (f.type === 'integer' || f.type === 'number') {
          const n = finite(item)
          if (n === undefined || (f.type === 'integer' && !Number.isInteger(n)))
            ctx.addIssue({ code: 'custom', message: `must be a number, not "${item.slice(0, 40)}"` })
          else out.push(n)
        } else if (f.domain && !f.domain.includes(item)) {
          ctx.addIssue({ code: 'custom', message: `"${item.slice(0, 40)}" is not one of ${f.domain.join(', ')}` })
        } else if (item.length === 0 || item.length > 200) {
          ctx.addIssue({ code: 'custom', message: 'values must be 1 to 200 characters' })
        } else out.push(item)
      }
      return out
    })
    .openapi({ description: describe })
}

const crsParam = (what: string) =>
  z
    .string()
    .max(200)
    .optional()
    .openapi({ description: `${what}; one of ${SUPPORTED_CRS.join(', ')} (default CRS84)`, example: SUPPORTED_CRS[4] })

export const BBoxCrsParam = crsParam('CRS of bbox')

/** The attribute filters of a collection (datetime, equality and CQL2 filters): shared by items, tiles and exports. */
export function filterShape(c: Collection): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {}
  if (c.temporal) shape.datetime = DatetimeParam.optional()
  for (const f of c.fields) if (f.filter) shape[f.filter] = filterParam(f).optional()
  shape.filter = z
    .string()
    .max(20_000)
    .optional()
    .openapi({
      description: `A CQL2 filter (OGC API – Features Part 3) on the queryables (/ogc/collections/${c.id}/queryables)`,
      example: c.fields.some((f) => f.name === 'status') ? "status = 'operational' AND name LIKE 'K%'" : undefined,
    })
  shape['filter-lang'] = z
    .enum(['cql2-text', 'cql2-json', 'cql-text'])
    .optional()
    .openapi({ description: 'Default cql2-text; cql-text is the draft name GDAL 3.6 sends for the same language' })
  shape['filter-crs'] = crsParam('CRS of the geometry literals in the filter')
  return shape
}

const crsOf = (q: Record<string, unknown>, name: string): Crs => {
  const raw = q[name] as string | undefined
  if (raw === undefined) return CRS84_CRS
  const crs = parseCrs(raw)
  if (!crs) throw badParameter(name, `${name} must be one of ${SUPPORTED_CRS.join(', ')}`)
  return crs
}

/** The CQL2 filter of a request, parsed and checked against the collection; errors name the offending token. */
function cqlOf(c: Collection, q: Record<string, unknown>): ItemFilter['cql'] {
  const text = q.filter as string | undefined
  if (text === undefined) return undefined
  const crs = crsOf(q, 'filter-crs')
  let expr: Expr
  try {
    expr = q['filter-lang'] === 'cql2-json' ? parseCql2Json(text) : parseCql2Text(text)
    checkFilter(expr, c, crs)
  } catch (err) {
    if (err instanceof FilterError) throw badParameter('filter', `filter: ${err.message}`)
    throw err
  }
  return { expr, crs: { srid: crs.srid, latFirst: crs.latFirst } }
}

/** The items query schema for one collection; unknown parameters are an error (OGC API – Features requirement). */
export function itemsQuery(c: Collection) {
  return z.strictObject({
    f: z.enum(['json', 'geojson']).optional().openapi({ description: 'Output format (GeoJSON only)' }),
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(MAX_LIMIT)
      .default(100)
      .openapi({ description: `Page size, 1–${MAX_LIMIT}`, example: 100 }),
    offset: z.coerce.number().int().min(0).max(100_000_000).default(0).openapi({ description: 'Features to skip' }),
    bbox: BBoxParam.optional(),
    'bbox-crs': BBoxCrsParam,
    crs: crsParam('CRS of the returned geometries'),
    sortby: z.string().max(500).optional().openapi({
      description: 'Sort keys: queryable names, each with + (ascending, default) or -',
      example: '+name,-updated_at',
    }),
    properties: z
      .string()
      .max(2000)
      .optional()
      .openapi({ description: 'Only these properties, comma-separated (empty = none)', example: 'name,status' }),
    ...filterShape(c),
  })
}

export interface ItemsRequest extends Page {
  filter: ItemFilter
  shape: Shape
  /** The CRS of the returned geometries (the Content-Crs header). */
  crs: Crs
}

/** Turns validated filter parameters into the filter the SQL layer understands. */
export function toFilter(c: Collection, q: Record<string, unknown>): ItemFilter {
  const equals: ItemFilter['equals'] = []
  for (const f of c.fields) {
    const values = f.filter ? (q[f.filter] as FilterValue[] | undefined) : undefined
    if (values && values.length) equals.push({ field: f, values })
  }
  const cql = cqlOf(c, q)
  const filter: ItemFilter = {
    bbox: q.bbox as BBox | undefined,
    datetime: q.datetime as TimeRange | undefined,
    equals,
    ...(cql ? { cql } : {}),
  }
  const bboxCrs = crsOf(q, 'bbox-crs')
  if (filter.bbox) {
    let [x0, y0, x1, y1] = filter.bbox
    if (bboxCrs.latFirst) [x0, y0, x1, y1] = [y0, x0, y1, x1]
    if (bboxCrs.srid === 4326 && (x0 < -180 || x1 > 180 || y0 < -90 || y1 > 90))
      throw badParameter('bbox', 'bbox is outside longitude -180..180 / latitude -90..90')
    if (x0 > x1 || y0 > y1) throw badParameter('bbox', 'bbox minimum must not exceed maximum')
    filter.bbox = [x0, y0, x1, y1]
    if (bboxCrs.srid !== 4326) filter.bboxSrid = bboxCrs.srid
  }
  return filter
}

/** Queryable fields named in a comma-separated list (sortby, properties); unknown names are refused. */
function fieldsNamed(c: Collection, parameter: string, names: string[]): Field[] {
  return names.map((name) => {
    const f = c.fields.find((x) => x.name === name)
    if (!f)
      throw badParameter(
        parameter,
        `${parameter}: '${name.slice(0, 60)}' is not a property of ${c.id} (${c.fields.map((x) => x.name).join(', ')})`,
      )
    return f
  })
}

export function toItemsRequest(c: Collection, q: Record<string, unknown>): ItemsRequest {
  const filter = toFilter(c, q)
  const sortKeys = ((q.sortby as string | undefined) ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const sortFields = fieldsNamed(
    c,
    'sortby',
    sortKeys.map((k) => k.replace(/^[+-]/, '')),
  )
  const sortby = sortFields.map((field, i) => ({ field, descending: sortKeys[i]!.startsWith('-') }))
  const props = q.properties as string | undefined
  const crs = crsOf(q, 'crs')
  const shape: Shape = {
    ...(props !== undefined
      ? {
          properties: fieldsNamed(
            c,
            'properties',
            props
              .split(',')
              .map((s) => s.trim())
              .filter(Boolean),
          ),
        }
      : {}),
    ...(crs.srid !== 4326 || crs.latFirst ? { srid: crs.srid, latFirst: crs.latFirst } : {}),
  }
  return { filter, limit: q.limit as number, offset: q.offset as number, sortby, shape, crs }
}

export function featureIdParam(c: Collection) {
  const schema =
    c.idType === 'integer'
      ? z.string().regex(/^[1-9]\d{0,15}$/, 'featureId must be a positive integer')
      : z.string().regex(/^[a-z0-9_-]{1,40}$/i, 'featureId is not a valid code')
  return z.object({ featureId: schema.openapi({ param: { name: 'featureId', in: 'path' } }) })
}
