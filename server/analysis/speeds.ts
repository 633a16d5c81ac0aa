import { z } from '@hono/zod-openapi'
import { CONDITIONS, ROAD_CLASSES, ROAD_STATUSES, ROAD_SURFACES } from '../../contract/domains.ts'
import { Season } from '../../contract/analysis-params.ts'

// The speed and cost tables the analyses run on. They are planning assumptions, not measurements: the defaults
// below are seeded into `analysis_config` (004_analysis.sql) and the ministry edits them through
// PUT /api/analysis/speeds. Every result says which version of the table it used.

const Kmh = z.number().min(0).max(200)
export const SpeedRow = z.strictObject({
  road_class: z.enum(ROAD_CLASSES),
  surface: z.enum(ROAD_SURFACES),
  condition: z.enum(CONDITIONS),
  kmh: Kmh.openapi({ description: 'Travel speed in km/h; 0 = not passable (the edge is removed)' }),
})
export const UPGRADE_FROM = ['poor', 'impassable', 'planned'] as const
export const CostRow = z.strictObject({
  road_class: z.enum(ROAD_CLASSES),
  from: z.enum(UPGRADE_FROM).openapi({ description: 'Current condition, or planned for a road not yet built' }),
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
      .openapi({
        description: 'Multiplier on speeds in the wet season, by surface',
      }),
    offroad_kmh: z
      .number()
      .min(0.5)
      .max(60)
      .openapi({ description: 'Speed between a place and its nearest road (on foot or cross-country)' }),
    snap_m: z
      .number()
      .min(0)
      .max(500)
      .openapi({ description: 'Road endpoints within this distance of another road are joined to it' }),
    max_offroad_km: z
      .number()
      .min(0.1)
      .max(200)
      .openapi({ description: 'Places farther than this from every road are unreachable' }),
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

// Defaults: a class's design speed on a good paved road, scaled by surface and by condition. Impassable = 0.
const CLASS_KMH: Record<(typeof ROAD_CLASSES)[number], number> = {
  A: 80,
  B: 70,
  C: 60,
  D: 50,
  E: 40,
  unclassified: 35,
  track: 25,
}
const SURFACE_FACTOR = { paved: 1, gravel: 0.75, earth: 0.6 }
const CONDITION_FACTOR = { good: 1, fair: 0.8, poor: 0.5, impassable: 0 }
// Rehabilitation to good condition, KES per km, for a road in poor condition; impassable ×1.5, new build ×2.5.
const CLASS_KES_PER_KM: Record<(typeof ROAD_CLASSES)[number], number> = {
  A: 45e6,
  B: 35e6,
  C: 25e6,
  D: 15e6,
  E: 10e6,
  unclassified: 8e6,
  track: 5e6,
}
const FROM_FACTOR = { poor: 1, impassable: 1.5, planned: 2.5 }

export const DEFAULT_CONFIG: AnalysisConfig = {
  speeds: ROAD_CLASSES.flatMap((road_class) =>
    ROAD_SURFACES.flatMap((surface) =>
      CONDITIONS.map((condition) => ({
        road_class,
        surface,
        condition,
        kmh: Math.round(CLASS_KMH[road_class] * SURFACE_FACTOR[surface] * CONDITION_FACTOR[condition]),
      })),
    ),
  ),
  wet_season: { paved: 1, gravel: 0.8, earth: 0.5 },
  offroad_kmh: 5,
  snap_m: 25,
  max_offroad_km: 50,
  costs: ROAD_CLASSES.flatMap((road_class) =>
    UPGRADE_FROM.map((from) => ({ road_class, from, kes_per_km: CLASS_KES_PER_KM[road_class] * FROM_FACTOR[from] })),
  ),
}

/** Speed lookup by the road arrays' codes (indexes into the domain lists), in metres per second. */
export function speedTable(config: AnalysisConfig, season: Season) {
  const ns = ROAD_SURFACES.length,
    nd = CONDITIONS.length
  const table = new Float64Array(ROAD_CLASSES.length * ns * nd)
  for (const r of config.speeds) {
    const i =
      (ROAD_CLASSES.indexOf(r.road_class) * ns + ROAD_SURFACES.indexOf(r.surface)) * nd +
      CONDITIONS.indexOf(r.condition)
    table[i] = (r.kmh / 3.6) * (season === 'wet' ? config.wet_season[r.surface] : 1)
  }
  return (cls: number, surface: number, condition: number) => table[(cls * ns + surface) * nd + condition]!
}

export const GOOD = CONDITIONS.indexOf('good')
export const NOT_BUILT = new Set([ROAD_STATUSES.indexOf('planned'), ROAD_STATUSES.indexOf('under_construction')])

export function costPerKm(config: AnalysisConfig, roadClass: number, from: (typeof UPGRADE_FROM)[number]): number {
  const k = ROAD_CLASSES[roadClass]
  return config.costs.find((c) => c.road_class === k && c.from === from)?.kes_per_km ?? 0
}
