import { z } from 'zod'

// The county scorecard indicators the ministry named (Jukwaa la Usalama report, section 8.4 and the KPIs of Tables 6,
// 10 and 13), how each is measured from the register, and which are left out of the public version.
//
// Each indicator has a *value* (what the scorecard prints, in `unit`) and a *score* (what is compared with the target
// and amber threshold of `scorecard_targets`, in `scoreUnit`). For most they are the same number; for security roads
// the value is km and the score the share of the county's security road km; for incidents the value is the count and
// the score the % change against the previous quarter.
//
// Sensitive indicators (omitted from `?public=true` and always for the viewer role, and not used for the ranking):
// - incidents: the incident layer itself is sensitive (viewers cannot read it); per-county crime counts and trends
//   are operational intelligence, not for publication;
// - prison occupancy: per-county occupancy identifies individual prisons (most counties have one or two) and their
//   congestion, a custody-security detail; the national figure (62,000 for 30,000) is already public in the report.

export const SCORECARD_INDICATORS = [
  'units_operational',
  'security_roads_rehabilitated',
  'border_posts_operational',
  'registration_digitised',
  'live_capture_units',
  'prison_occupancy',
  'incidents',
] as const
export type ScorecardIndicator = (typeof SCORECARD_INDICATORS)[number]

export type Unit = 'percent' | 'km' | 'per_centre' | 'count' | 'percent_change'
export type Direction = 'higher' | 'lower'
export type Light = 'green' | 'amber' | 'red' | 'na'

export interface IndicatorDef {
  id: ScorecardIndicator
  unit: Unit
  scoreUnit: Unit
  direction: Direction
  sensitive: boolean
  /** The collection(s) the value is computed from (for links and the OGC cross-check). */
  collection: 'admin_units' | 'roads' | 'border_posts' | 'facilities' | 'incidents'
  /** Allowed range of target and amber (score unit). */
  range: [number, number]
}

export const DEFINITIONS: Record<ScorecardIndicator, IndicatorDef> = {
  // Share of gazetted administrative units (sub-county … sub-location) whose status is active at quarter end.
  units_operational: {
    id: 'units_operational',
    unit: 'percent',
    scoreUnit: 'percent',
    direction: 'higher',
    sensitive: false,
    collection: 'admin_units',
    range: [0, 100],
  },
  // Km of security roads whose status is "rehabilitated" at quarter end (cumulative); the change is the quarter's km.
  security_roads_rehabilitated: {
    id: 'security_roads_rehabilitated',
    unit: 'km',
    scoreUnit: 'percent',
    direction: 'higher',
    sensitive: false,
    collection: 'roads',
    range: [0, 100],
  },
  // Share of the county's border posts (planned ones excluded) that are fully operational.
  border_posts_operational: {
    id: 'border_posts_operational',
    unit: 'percent',
    scoreUnit: 'percent',
    direction: 'higher',
    sensitive: false,
    collection: 'border_posts',
    range: [0, 100],
  },
  // Share of operational registration centres that are digitised (not manual).
  registration_digitised: {
    id: 'registration_digitised',
    unit: 'percent',
    scoreUnit: 'percent',
    direction: 'higher',
    sensitive: false,
    collection: 'facilities',
    range: [0, 100],
  },
  // Live capture units per operational registration centre (the report's target: 2 per centre).
  live_capture_units: {
    id: 'live_capture_units',
    unit: 'per_centre',
    scoreUnit: 'per_centre',
    direction: 'higher',
    sensitive: false,
    collection: 'facilities',
    range: [0, 20],
  },
  // Inmates ÷ places in the county's operational prisons.
  prison_occupancy: {
    id: 'prison_occupancy',
    unit: 'percent',
    scoreUnit: 'percent',
    direction: 'lower',
    sensitive: true,
    collection: 'facilities',
    range: [0, 1000],
  },
  // Incidents that occurred in the quarter (by occurred_at), with the trend by theme.
  incidents: {
    id: 'incidents',
    unit: 'count',
    scoreUnit: 'percent_change',
    direction: 'lower',
    sensitive: true,
    collection: 'incidents',
    range: [-100, 1000],
  },
}

export const PUBLIC_INDICATORS = SCORECARD_INDICATORS.filter((id) => !DEFINITIONS[id].sensitive)

/**
 * The traffic light. Higher is better: green at or above the target, amber at or above the amber threshold, red
 * below. Lower is better: green at or below the target, amber at or below the amber threshold, red above.
 * No score (nothing to measure in the county, e.g. no border posts) → "na".
 */
export function light(direction: Direction, score: number | null, target: number, amber: number): Light {
  if (score === null || !Number.isFinite(score)) return 'na'
  if (direction === 'higher') return score >= target ? 'green' : score >= amber ? 'amber' : 'red'
  return score <= target ? 'green' : score <= amber ? 'amber' : 'red'
}

/**
 * How far toward its target an indicator is, 0–1, for the ranking: higher is better → score ÷ target (capped at 1);
 * lower is better → target ÷ score (1 when at or under the target). For a lower-is-better target of 0 or less
 * (incident change), each percentage point above the target costs 1 %.
 */
export function attainment(direction: Direction, score: number | null, target: number): number | null {
  if (score === null || !Number.isFinite(score)) return null
  if (direction === 'higher') return target <= 0 ? 1 : Math.max(0, Math.min(1, score / target))
  if (score <= target) return 1
  if (target <= 0) return Math.max(0, 1 - (score - target) / 100)
  return Math.max(0, Math.min(1, target / score))
}

/** Whether amber lies on the right side of the target for the direction (checked when targets are edited). */
export const thresholdsOrdered = (direction: Direction, target: number, amber: number) =>
  direction === 'higher' ? amber <= target : amber >= target

// The answers of the scorecard routes: the server validates and documents them with these schemas, and the web app
// reads the same types.

const LightEnum = z.enum(['green', 'amber', 'red', 'na'])
export const ScorecardResult = z.object({
  id: z.enum(SCORECARD_INDICATORS),
  value: z.number().nullable(),
  previous: z.number().nullable(),
  change: z.number().nullable(),
  score: z.number().nullable(),
  target: z.number(),
  amber: z.number(),
  targetValue: z.number().nullable(),
  status: LightEnum,
  attainment: z.number().nullable(),
  detail: z.record(z.string(), z.number()),
  records: z.number(),
  sampleRecords: z.number(),
  byTheme: z.array(z.object({ theme: z.string(), n: z.number(), previous: z.number() })).optional(),
  source: z
    .object({ from: z.enum(['points', 'statistics']), dataSources: z.array(z.string()) })
    .optional()
    .meta({
      description:
        'Incidents: the point incidents, or the area statistics when the county has no point incident in the quarter',
    }),
})
export type ScorecardResult = z.infer<typeof ScorecardResult>

export const ScorecardCounty = z.object({
  code: z.string(),
  name: z.string(),
  region_code: z.string(),
  rank: z.number(),
  score: z.number(),
  indicators: z.array(ScorecardResult),
})
export type ScorecardCounty = z.infer<typeof ScorecardCounty>

/** GET /api/scorecards: every county of the caller's area for a quarter. */
export const Scorecards = z.object({
  quarter: z.string(),
  previousQuarter: z.string(),
  period: z.object({ start: z.string(), end: z.string() }),
  complete: z.boolean(),
  public: z.boolean(),
  generatedAt: z.string(),
  indicators: z.array(z.enum(SCORECARD_INDICATORS)),
  rankedOn: z.array(z.enum(SCORECARD_INDICATORS)),
  rankOf: z.number(),
  counties: z.array(ScorecardCounty),
  sample: z.object({ records: z.number(), sampleRecords: z.number() }),
})
export type Scorecards = z.infer<typeof Scorecards>

/** GET /api/scorecards/{county}: one county's card with its trend over the last quarters. */
export const CountyScorecard = Scorecards.extend({
  trend: z.object({
    quarters: z.array(z.string()),
    values: z.record(z.string(), z.array(z.number().nullable())),
  }),
})
export type CountyScorecard = z.infer<typeof CountyScorecard>

/** A row of GET /api/scorecard-targets. */
export const ScorecardTarget = z.object({
  indicator: z.enum(SCORECARD_INDICATORS),
  county_code: z.string().nullable(),
  target: z.number(),
  amber: z.number(),
  note: z.string(),
  version: z.number(),
  updated_at: z.string(),
  updated_by: z.string(),
})
export type ScorecardTarget = z.infer<typeof ScorecardTarget>
