import { z } from 'zod'

// Answers the map client reads at start and for an area: the server validates and documents them with these schemas,
// and the web app's types are inferred from the same ones.

/** GET /api/meta: data versions (for tile URLs), whether sample data is loaded, credits, the basemap. */
export const MapMeta = z.object({
  sample: z.object({ loaded: z.boolean(), counts: z.record(z.string(), z.number()) }),
  versions: z.record(z.string(), z.number()),
  attribution: z.object({ en: z.array(z.string()), sw: z.array(z.string()) }),
  basemapUrl: z.string().nullable(),
})
export type MapMeta = z.infer<typeof MapMeta>

const Counts = z.record(z.string(), z.number())

/** GET /api/summary: assets by status and incidents by theme and month, nationally or for a region or county. */
export const AreaSummary = z.object({
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  assets: z.record(z.string(), z.object({ total: z.number(), byStatus: Counts, kmByCondition: Counts.optional() })),
  incidents: z
    .object({ total: z.number(), byTheme: Counts, byMonth: z.array(z.object({ month: z.string(), n: z.number() })) })
    .nullable(),
})
export type AreaSummary = z.infer<typeof AreaSummary>
