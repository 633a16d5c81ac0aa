import { CONDITIONS, ROAD_CLASSES, ROAD_STATUSES, ROAD_SURFACES } from '../../contract/domains.ts'
import { AnalysisConfig, CostRow, SpeedRow, UPGRADE_FROM } from '../../contract/analysis-speeds.ts'
import { Season } from '../../contract/analysis-params.ts'

// The speed and cost tables the analyses run on. They are planning assumptions, not measurements: the defaults
// below are seeded into `analysis_config` (004_analysis.sql) and the ministry edits them through
// PUT /api/analysis/speeds. Every result says which version of the table it used.

// The tables' schema is shared with the web app's editor (contract/analysis-speeds.ts).
export { AnalysisConfig, CostRow, SpeedRow, UPGRADE_FROM }

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
