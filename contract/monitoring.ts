import { z } from 'zod'
import { SCORECARD_INDICATORS } from './scorecards.ts'
import { ReportCounts } from './reports.ts'

// The regional dashboard (GET /api/regions/{code}/summary): the server validates and documents its answer with this
// schema, and the web app reads the same type.

const Counts = z.record(z.string(), z.number())
const Light = z.enum(['green', 'amber', 'red', 'na'])
const ActionCollection = z.enum(['roads', 'border_posts', 'admin_units', 'facilities', 'incidents'])
export const ActionItem = z.object({
  collection: ActionCollection,
  id: z.number(),
  name: z.string(),
  county_code: z.string().nullable(),
  reason: z
    .string()
    .meta({ description: 'The property that makes it need action (condition, status, level, occupancy %, severity…)' }),
  metric: z.number().nullable().meta({ description: 'A number to show beside it: km, occupancy %, severity' }),
})
export type ActionItem = z.infer<typeof ActionItem>

export const ActionGroup = z.object({
  kind: z.enum([
    'security_roads_impassable',
    'border_posts_down',
    'inactive_units',
    'prisons_overcrowded',
    'registration_manual',
    'incidents_open_serious',
  ]),
  collection: ActionCollection,
  total: z.number(),
  sum: z
    .number()
    .nullable()
    .meta({ description: 'Sum of the metric over all items of the group, where it adds up (km of road)' }),
  items: z.array(ActionItem),
})
export type ActionGroup = z.infer<typeof ActionGroup>

// Sections of the regional dashboard; a new section (e.g. the coverage share) is one more member here and one more
// function in server/monitoring/region.ts.
export const RegionDashboard = z.object({
  region: z.object({
    code: z.string(),
    name: z.string(),
    name_sw: z.string(),
    counties: z.array(z.object({ code: z.string(), name: z.string() })),
  }),
  quarter: z.string(),
  period: z.object({ start: z.string(), end: z.string() }),
  summary: z.object({
    bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
    assets: z.record(z.string(), z.object({ total: z.number(), byStatus: Counts, kmByCondition: Counts.optional() })),
    incidents: z
      .object({ total: z.number(), byTheme: Counts, byMonth: z.array(z.object({ month: z.string(), n: z.number() })) })
      .nullable(),
  }),
  incidentsQuarter: z
    .object({
      total: z.number(),
      previous: z.number(),
      byTheme: z.array(z.object({ theme: z.string(), n: z.number(), previous: z.number() })),
      /** Counties whose figure comes from the area statistics (no point incident in the quarter), and their sources. */
      fromStatistics: z.array(z.string()),
      dataSources: z.array(z.string()),
    })
    .nullable(),
  scorecards: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      rank: z.number(),
      score: z.number(),
      lights: z.partialRecord(z.enum(SCORECARD_INDICATORS), Light),
    }),
  ),
  redIndicators: z.array(
    z.object({
      county_code: z.string(),
      county: z.string(),
      indicator: z.enum(SCORECARD_INDICATORS),
      value: z.number().nullable(),
      targetValue: z.number().nullable(),
    }),
  ),
  actions: z.array(ActionGroup).meta({ description: 'The top items needing action, by kind' }),
  coverage: z
    .object({
      threshold_min: z.number(),
      share: z.number().meta({
        description:
          'Weighted share of targets a police post reaches within the threshold (POST /api/analysis/coverage, region scope)',
      }),
      targets: z.number(),
      covered: z.number(),
      speeds_version: z.number(),
      counties: z.array(z.object({ code: z.string(), share: z.number(), targets: z.number() })),
    })
    .nullable(),
  citizenReports: ReportCounts.nullable().meta({
    description:
      'Citizen reports received in the quarter: by status, awaiting triage, past the triage SLA, median hours to triage',
  }),
})

export type RegionDashboard = z.infer<typeof RegionDashboard>
