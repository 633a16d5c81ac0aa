import { z } from '@hono/zod-openapi'
import type { Collection, Field } from '../assets/collections.ts'
import { KENYA_BOUNDS, MAX_VERTICES } from '../../contract/domains.ts'

// Request bodies of OGC API – Features Part 4 (create, replace, update), generated from the collection registry.

const { west, south, east, north } = KENYA_BOUNDS
const Position = z
  .array(z.number())
  .min(2)
  .max(3)
  .refine(([x, y]) => x! >= west && x! <= east && y! >= south && y! <= north, {
    message: `coordinates must be longitude,latitude inside Kenya's extent (${west}..${east}, ${south}..${north})`,
  })

const capped = <T extends z.ZodType>(schema: T, count: (v: z.infer<T>) => number) =>
  schema.refine((v) => count(v) <= MAX_VERTICES, { message: `a geometry may have at most ${MAX_VERTICES} vertices` })

const Ring = z
  .array(Position)
  .min(4, 'a polygon ring needs at least 4 positions')
  .refine((r) => r[0]![0] === r.at(-1)![0] && r[0]![1] === r.at(-1)![1], {
    message: 'a polygon ring must be closed (first position = last)',
  })
const Polygon = z.array(Ring).min(1)

const geometries = {
  Point: z.strictObject({ type: z.literal('Point'), coordinates: Position }),
  LineString: capped(
    z.strictObject({
      type: z.literal('LineString'),
      coordinates: z.array(Position).min(2, 'a line needs at least 2 positions'),
    }),
    (g) => g.coordinates.length,
  ),
  MultiPolygon: capped(
    z.discriminatedUnion('type', [
      z.strictObject({ type: z.literal('Polygon'), coordinates: Polygon }),
      z.strictObject({ type: z.literal('MultiPolygon'), coordinates: z.array(Polygon).min(1) }),
    ]),
    (g) => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2).length,
  ),
} as const

export function geometrySchema(c: Collection) {
  return geometries[c.geometry]
}

function valueSchema(f: Field): z.ZodType {
  let s: z.ZodType
  switch (f.type) {
    case 'text':
      s = f.domain
        ? z.enum(f.domain as [string, ...string[]])
        : z
            .string()
            .trim()
            .min(1)
            .max(f.name === 'description' ? 4000 : 200)
            .refine((v) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(v), 'control characters are not allowed')
      break
    case 'integer':
      s = z
        .number()
        .int()
        .min(f.min ?? -2_147_483_648)
        .max(f.max ?? 2_147_483_647)
      break
    case 'number':
      s = z
        .number()
        .min(f.min ?? -1e12)
        .max(f.max ?? 1e12)
      break
    case 'boolean':
      s = z.boolean()
      break
    case 'timestamp':
      s = z.iso.datetime({ offset: true })
      break
  }
  if (f.description) s = s.describe(f.description)
  return f.nullable ? s.nullable() : s
}

const writable = (c: Collection) => c.fields.filter((f) => !f.readOnly)
const readOnlyNames = (c: Collection) => c.fields.filter((f) => f.readOnly).map((f) => f.name)

/**
 * Properties: every writable field (required unless nullable or defaulted, or all optional for PATCH). Read-only
 * fields that clients echo back (id, version, source…) are dropped; anything else unknown is an error.
 */
function propertiesSchema(c: Collection, partial: boolean) {
  const shape: Record<string, z.ZodType> = {}
  for (const f of writable(c)) {
    const v = valueSchema(f)
    shape[f.name] = partial || f.nullable || f.defaulted ? v.optional() : v
  }
  const drop = readOnlyNames(c)
  return z.preprocess(
    (raw) =>
      raw && typeof raw === 'object' && !Array.isArray(raw)
        ? Object.fromEntries(Object.entries(raw).filter(([k]) => !drop.includes(k)))
        : raw,
    z.strictObject(shape),
  )
}

const envelope = {
  type: z.literal('Feature'),
  id: z.union([z.string().max(100), z.number()]).optional(),
  bbox: z.array(z.number()).optional(),
  links: z.array(z.unknown()).optional(),
}

export function featureBody(c: Collection) {
  return z.strictObject({ ...envelope, geometry: geometrySchema(c), properties: propertiesSchema(c, false) })
}

export function patchBody(c: Collection) {
  return z
    .strictObject({
      ...envelope,
      type: envelope.type.optional(),
      geometry: geometrySchema(c).optional(),
      properties: propertiesSchema(c, true).optional(),
    })
    .refine((b) => b.geometry || (b.properties && Object.keys(b.properties).length > 0), {
      message: 'nothing to change: give properties and/or geometry',
    })
}

export interface WriteInput {
  properties: Record<string, unknown>
  geometry?: unknown
}
