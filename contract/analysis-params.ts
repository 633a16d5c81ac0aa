import { z } from 'zod'
import { CONDITIONS, FACILITY_KINDS, INCIDENT_THEMES, REGIONS } from './domains.ts'

/** What coverage counts as targets: incident weight, inactive units, border posts, airstrips. */
export const TARGET_KINDS = ['incidents', 'inactive_units', 'border_posts', 'airstrips'] as const
export type TargetKind = (typeof TARGET_KINDS)[number]

export const Season = z.enum(['dry', 'wet'])
export type Season = z.infer<typeof Season>

// The analyses' parameters. Every one has a default, so `{}` runs the standard analysis.

export const SOURCE_KINDS = [
  'police_station',
  'police_post',
  'aps_camp',
  'border_police_post',
] as const satisfies readonly (typeof FACILITY_KINDS)[number][]

const Day = z.iso.date()
const Weights = z
  .strictObject({
    incident_half_life_days: z
      .number()
      .min(7)
      .max(3650)
      .default(365)
      .meta({ description: 'An incident counts half as much after this many days' }),
    inactive_unit: z.number().min(0).max(100).default(2).meta({ description: 'Weight of an inactive gazetted unit' }),
    border_post: z.number().min(0).max(100).default(5),
    airstrip: z.number().min(0).max(100).default(2),
  })
  .default({ incident_half_life_days: 365, inactive_unit: 2, border_post: 5, airstrip: 2 })

export const CommonParams = z.strictObject({
  threshold_min: z
    .number()
    .min(5)
    .max(720)
    .default(60)
    .meta({ description: 'A target is covered when a source reaches it within this many minutes' }),
  season: Season.default('dry'),
  sources: z
    .array(z.enum(SOURCE_KINDS))
    .min(1)
    .default([...SOURCE_KINDS])
    .meta({ description: 'Facility kinds that respond (operational ones only)' }),
  targets: z
    .array(z.enum(TARGET_KINDS))
    .min(1)
    .default([...TARGET_KINDS]),
  weights: Weights,
  incidents_since: Day.optional().meta({
    description: 'Only incidents from this day (default: all, weighted by recency)',
  }),
  as_of: Day.optional().meta({ description: 'Day recency is measured to (default: today)' }),
  offroad_kmh: z
    .number()
    .min(0.5)
    .max(60)
    .optional()
    .meta({ description: 'Off-road speed (default: the speed table’s)' }),
  region: z
    .enum(REGIONS.map((r) => r.code) as [string, ...string[]])
    .optional()
    .meta({ description: 'Only targets (and candidates) in this region' }),
  county: z
    .string()
    .regex(/^\d{3}$/, 'a county code such as 023')
    .optional()
    .meta({ description: 'Only targets (and candidates) in this county' }),
})
export type CommonParams = z.infer<typeof CommonParams>

export const CoverageParams = CommonParams.extend({
  gap_cell_km: z.number().min(2).max(50).default(7.5).meta({ description: 'Edge of the gap-surface hexagons, km' }),
})
export type CoverageParams = z.infer<typeof CoverageParams>

export const ServiceAreaParams = CommonParams.omit({
  targets: true,
  weights: true,
  incidents_since: true,
  as_of: true,
  threshold_min: true,
}).extend({
  bands_min: z
    .array(z.number().min(1).max(720))
    .min(1)
    .max(6)
    .default([30, 60, 120])
    .meta({ description: 'Nested travel-time bands, minutes' }),
})
export type ServiceAreaParams = z.infer<typeof ServiceAreaParams>

export const PriorityParams = CommonParams.extend({
  budget: z
    .strictObject({ unit: z.enum(['km', 'kes']).default('km'), amount: z.number().min(0).max(1e13).default(500) })
    .default({ unit: 'km', amount: 500 })
    .meta({ description: 'Budget in km of road, or in KES at the cost table’s rates' }),
  min_per_county: z
    .number()
    .int()
    .min(0)
    .max(5)
    .default(0)
    .meta({ description: 'Picks reserved for each county that has a useful candidate' }),
  candidate_conditions: z.array(z.enum(CONDITIONS)).default(['poor', 'impassable']),
  include_planned: z.boolean().default(true).meta({ description: 'Planned and unfinished roads are candidates too' }),
})
export type PriorityParams = z.infer<typeof PriorityParams>

export const CorridorParams = CommonParams.omit({ targets: true, weights: true, threshold_min: true }).extend({
  patrol_hours: z.number().min(0.5).max(24).default(4).meta({ description: 'Longest round trip of a patrol, hours' }),
  buffer_km: z
    .number()
    .min(0)
    .max(50)
    .default(5)
    .meta({ description: 'A hotspot within this distance of the route counts as patrolled' }),
  k: z.number().int().min(1).max(50).default(10).meta({ description: 'How many corridors to pick' }),
  hotspots: z
    .strictObject({
      theme: z.enum(INCIDENT_THEMES).optional(),
      from: Day.optional(),
      to: Day.optional(),
      cell_km: z.number().min(2).max(50).default(10),
      min_confidence: z.enum(['90', '95', '99']).default('95'),
    })
    .default({ cell_km: 10, min_confidence: '95' }),
})
export type CorridorParams = z.infer<typeof CorridorParams>
