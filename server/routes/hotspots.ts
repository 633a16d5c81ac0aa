import { createRoute, z } from '@hono/zod-openapi'
import { principal } from '../http/auth.ts'
import { assertCan, assertRead } from '../access/permissions.ts'
import { COLLECTIONS } from '../assets/collections.ts'
import type { ItemFilter } from '../assets/query.ts'
import { INCIDENT_THEMES, REGIONS } from '../../contract/domains.ts'
import { giStar, trend, type GiResult } from '../hotspots/gistar.ts'
import { hexCounts } from '../hotspots/grid.ts'
import { router } from '../http/env.ts'
import { serializedJson } from '../http/replies.ts'
import { badParameter } from '../errors.ts'
import { errorResponses } from '../http/errors.ts'

const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date yyyy-mm-dd')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`)
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s)
  }, 'not a calendar date')
const Query = z.strictObject({
  theme: z.enum(INCIDENT_THEMES).optional(),
  from: Day.optional(),
  to: Day.optional(),
  region: z.enum(REGIONS.map((r) => r.code) as [string, ...string[]]).optional(),
  cell_km: z.coerce
    .number()
    .min(2)
    .max(50)
    .default(10)
    .openapi({ description: 'Hexagon edge length in km (default 10)' }),
  distance_km: z.coerce
    .number()
    .min(1)
    .max(300)
    .optional()
    .openapi({ description: 'Neighbourhood distance band in km (default: two rings of hexagons, 2·√3·cell_km)' }),
  fdr: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .openapi({ description: 'False discovery rate correction' }),
  trend: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true')
    .openapi({
      description:
        'Also compare with the previous period of the same length (needs from and to): new, intensifying, persistent, diminishing',
    }),
})

const Cell = z.object({
  type: z.literal('Feature'),
  geometry: z.record(z.string(), z.unknown()),
  properties: z.object({
    count: z.number(),
    z: z.number(),
    p: z.number(),
    bin: z.number().int(),
    trend: z.enum(['new', 'intensifying', 'persistent', 'diminishing']).nullable().optional(),
  }),
})

const Hotspots = z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(Cell),
  cells: z.number(),
  incidents: z.number(),
  incidents_left_out: z
    .number()
    .openapi({ description: 'Matching incidents that fell in no cell (0: the grid covers every one)' }),
  cell_km: z.number(),
  distance_km: z.number(),
  fdr: z.boolean(),
})

export const hotspotRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/api/analysis/hotspots',
    tags: ['Analysis'],
    summary: 'Getis-Ord Gi* hot and cold spots of incidents on a hexagon grid',
    request: { query: Query },
    responses: {
      200: {
        description: 'Hexagons with incident count, z-score, p-value and Gi_Bin (−3…3)',
        content: {
          'application/geo+json': {
            schema: Hotspots,
          },
        },
      },
      ...errorResponses(400, 403),
    },
  }),
  async (c) => {
    const p = principal(c)
    assertCan(p, 'analysis')
    assertRead(p, COLLECTIONS.incidents)
    const q = c.req.valid('query')
    if (q.from && q.to && q.from > q.to) throw badParameter('to', 'to must not be before from')
    if (q.trend && !(q.from && q.to))
      throw badParameter('trend', 'trend needs both from and to (the previous period has the same length)')
    const distanceKm = q.distance_km ?? 2 * Math.sqrt(3) * q.cell_km
    const theme = COLLECTIONS.incidents.fields.find((f) => f.name === 'theme')!
    const filter = (from?: string, to?: string): ItemFilter => ({
      equals: q.theme ? [{ field: theme, values: [q.theme] }] : [],
      datetime:
        from || to
          ? { start: from ? `${from}T00:00:00Z` : undefined, end: to ? `${to}T23:59:59.999Z` : undefined }
          : undefined,
    })
    const gi = async (from?: string, to?: string) => {
      const { cells, leftOut } = await hexCounts(c.get('db'), q.cell_km, filter(from, to), c.get('area'), q.region)
      return {
        cells,
        leftOut,
        stats: giStar(
          cells.map((h) => ({ x: h.x, y: h.y, value: h.count })),
          distanceKm * 1000,
          q.fdr,
        ),
      }
    }
    const { cells, stats, leftOut } = await gi(q.from, q.to)
    let previous: GiResult[] | undefined
    if (q.trend) {
      // The period just before, of the same number of days; same grid, so cells line up by position.
      const day = 86_400_000
      const from = Date.parse(`${q.from}T00:00:00Z`)
      const days = Math.round((Date.parse(`${q.to}T00:00:00Z`) - from) / day) + 1
      const iso = (t: number) => new Date(t).toISOString().slice(0, 10)
      previous = (await gi(iso(from - days * day), iso(from - day))).stats
    }
    const features = cells.map((h, i) => {
      const s = stats[i]!
      const t = previous ? `,"trend":${JSON.stringify(trend(previous[i]!, s))}` : ''
      return `{"type":"Feature","geometry":${h.geojson},"properties":{"count":${h.count},"z":${Number(s.z.toFixed(4))},"p":${Number(s.p.toPrecision(4))},"bin":${s.bin}${t}}}`
    })
    const incidents = cells.reduce((sum, h) => sum + h.count, 0)
    const body = `{"type":"FeatureCollection","cells":${cells.length},"incidents":${incidents},"incidents_left_out":${leftOut},"cell_km":${q.cell_km},"distance_km":${Number(distanceKm.toFixed(3))},"fdr":${q.fdr},"features":[${features.join(',')}]}`
    return serializedJson(c, Hotspots, body, { 'Content-Type': 'application/geo+json' })
  },
)
