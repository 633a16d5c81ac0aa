import { z } from 'zod'
import { CONDITIONS, ROAD_CLASSES, ROAD_SURFACES } from './domains.ts'

// The speed and cost tables the analyses run on (GET and PUT /api/analysis/speeds): the server validates and documents
// them with these schemas, and the web app's editor reads the same types.

const Kmh = z.number().min(0).max(200)
export const SpeedRow = z.strictObject({
  road_class: z.enum(ROAD_CLASSES),
  surface: z.enum(ROAD_SURFACES),
  condition: z.enum(CONDITIONS),
  kmh: Kmh.meta({ description: 'Travel speed in km/h; 0 = not passable (the edge is removed)' }),
})
export const UPGRADE_FROM = ['poor', 'impassable', 'planned'] as const
export const CostRow = z.strictObject({
  road_class: z.enum(ROAD_CLASSES),
  from: z.enum(UPGRADE_FROM).meta({ description: 'Current condition, or planned for a road not yet built' }),
  kes_per_km: z.number().min(0).max(1e10),
})

export const AnalysisConfig = z
  .strictObject({
    speeds: z.array(SpeedRow),
    wet_season: z
      .strictObject({
        paved: z.number().min(0).max(1),
        gravel: z.number().min(0).max(1),
        earth: z.number().min(0).max(1),
      })
      .meta({
        description: 'Multiplier on speeds in the wet season, by surface',
      }),
    offroad_kmh: z
      .number()
      .min(0.5)
      .max(60)
      .meta({ description: 'Speed between a place and its nearest road (on foot or cross-country)' }),
    snap_m: z
      .number()
      .min(0)
      .max(500)
      .meta({ description: 'Road endpoints within this distance of another road are joined to it' }),
    max_offroad_km: z
      .number()
      .min(0.1)
      .max(200)
      .meta({ description: 'Places farther than this from every road are unreachable' }),
    costs: z.array(CostRow),
  })
  .superRefine((c, ctx) => {
    const seen = new Set(c.speeds.map((r) => `${r.road_class}/${r.surface}/${r.condition}`))
    for (const k of ROAD_CLASSES)
      for (const s of ROAD_SURFACES)
        for (const d of CONDITIONS) {
          if (!seen.has(`${k}/${s}/${d}`))
            ctx.addIssue({ code: 'custom', path: ['speeds'], message: `missing the speed for class ${k}, ${s}, ${d}` })
        }
    if (seen.size !== c.speeds.length)
      ctx.addIssue({ code: 'custom', path: ['speeds'], message: 'a class/surface/condition appears twice' })
    const costs = new Set(c.costs.map((r) => `${r.road_class}/${r.from}`))
    for (const k of ROAD_CLASSES)
      for (const f of UPGRADE_FROM) {
        if (!costs.has(`${k}/${f}`))
          ctx.addIssue({ code: 'custom', path: ['costs'], message: `missing the cost for class ${k} from ${f}` })
      }
    if (costs.size !== c.costs.length)
      ctx.addIssue({ code: 'custom', path: ['costs'], message: 'a class/condition appears twice' })
  })
export type AnalysisConfig = z.infer<typeof AnalysisConfig>

/** GET /api/analysis/speeds: the tables in force and the version they carry (If-Match on PUT). */
export const StoredSpeeds = z.object({
  config: AnalysisConfig,
  version: z.number().meta({ description: '0 = the built-in defaults, never edited' }),
  updated_at: z.string().nullable(),
  updated_by: z.string().nullable(),
})
export type StoredSpeeds = z.infer<typeof StoredSpeeds>
