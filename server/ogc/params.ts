import { z } from '@hono/zod-openapi'
import type { Collection, Field } from '../assets/collections.ts'
import type { BBox, ItemFilter, TimeRange } from '../assets/query.ts'

// Query parameters of OGC API – Features, as zod schemas generated from the collection registry, so the
// validation, the OpenAPI document and the SQL filters all come from one definition.

export const MAX_LIMIT = 10000

const finite = (s: string) => {
  const n = Number(s)
  return s.trim() !== '' && Number.isFinite(n) ? n : undefined
}

export const BBoxParam = z
  .string()
  .max(200)
  .transform((raw, ctx): BBox => {
    const nums = raw.split(',').map(finite)
    if ((nums.length !== 4 && nums.length !== 6) || nums.some((n) => n === undefined)) {
      ctx.addIssue({
        code: 'custom',
        message: 'bbox must be 4 (or 6) comma-separated finite numbers: minLon,minLat,maxLon,maxLat',
      })
      return z.NEVER
    }
    const v = nums as number[]
    const box: BBox = nums.length === 6 ? [v[0]!, v[1]!, v[3]!, v[4]!] : [v[0]!, v[1]!, v[2]!, v[3]!]
    const [x0, y0, x1, y1] = box
    if (x0 < -180 || x1 > 180 || y0 < -90 || y1 > 90) {
      ctx.addIssue({ code: 'custom', message: 'bbox is outside longitude -180..180 / latitude -90..90 (CRS84)' })
      return z.NEVER
    }
    if (x0 > x1 || y0 > y1) {
      ctx.addIssue({
        code: 'custom',
        message: 'bbox minimum must not exceed maximum (boxes across the antimeridian are not supported)',
      })
      return z.NEVER
    }
    return box
  })
  .openapi({
    param: { name: 'bbox', in: 'query' },
    description: 'minLon,minLat,maxLon,maxLat in CRS84',
    example: '35.0,1.0,36.5,3.5',
  })

const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/

function instant(s: string, end: boolean): string | undefined | null {
  if (s === '..' || s === '') return undefined
  if (!INSTANT.test(s)) return null
  // A bare date covers the whole day.
  const iso = s.length === 10 ? `${s}T${end ? '23:59:59.999' : '00:00:00'}Z` : s
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

/** The attribute filters of a collection (datetime and equality filters): shared by items, tiles and exports. */
export function filterShape(c: Collection): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {}
  if (c.temporal) shape.datetime = DatetimeParam.optional()
  for (const f of c.fields) if (f.filter) shape[f.filter] = filterParam(f).optional()
  return shape
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
    ...filterShape(c),
  })
}

export interface ItemsRequest {
  filter: ItemFilter
  limit: number
  offset: number
}

/** Turns validated filter parameters into the filter the SQL layer understands. */
export function toFilter(c: Collection, q: Record<string, unknown>): ItemFilter {
  const equals: ItemFilter['equals'] = []
  for (const f of c.fields) {
    const values = f.filter ? (q[f.filter] as FilterValue[] | undefined) : undefined
    if (values && values.length) equals.push({ field: f, values })
  }
  return { bbox: q.bbox as BBox | undefined, datetime: q.datetime as TimeRange | undefined, equals }
}

export function toItemsRequest(c: Collection, q: Record<string, unknown>): ItemsRequest {
  return { filter: toFilter(c, q), limit: q.limit as number, offset: q.offset as number }
}

export function featureIdParam(c: Collection) {
  const schema =
    c.idType === 'integer'
      ? z.string().regex(/^[1-9]\d{0,15}$/, 'featureId must be a positive integer')
      : z.string().regex(/^[a-z0-9_-]{1,40}$/i, 'featureId is not a valid code')
  return z.object({ featureId: schema.openapi({ param: { name: 'featureId', in: 'path' } }) })
}
