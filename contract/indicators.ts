import { z } from 'zod'

// The M&E indicator records (GET /api/indicators, GET /api/indicators/{id}): the server validates and documents its
// answers with these schemas, and the web app reads the same types.

export const UNITS = ['count', 'percent', 'persons', 'ratio'] as const
export const QUALIFIERS = ['exact', 'at_least', 'below'] as const

export const IndicatorValue = z.object({
  period: z.string(),
  value: z.number(),
  qualifier: z.enum(QUALIFIERS),
  value_text: z.string().nullable(),
  source_note: z.string(),
  recorded_at: z.string(),
  recorded_by: z.string(),
})
export type IndicatorValue = z.infer<typeof IndicatorValue>

export const Indicator = z.object({
  id: z.string(),
  name: z.string(),
  name_sw: z.string(),
  unit: z.enum(UNITS),
  direction: z.enum(['higher', 'lower']),
  target: z.number(),
  target_text: z.string().nullable(),
  remarks: z.string().nullable(),
  source: z.string(),
  sort_order: z.number(),
  version: z.number(),
  updated_at: z.string(),
  updated_by: z.string(),
  values: z.array(IndicatorValue),
  latest: IndicatorValue.nullable(),
  progress: z.number().nullable(),
})
export type Indicator = z.infer<typeof Indicator>

/** An audited change of an indicator or one of its values. */
export const IndicatorChange = z.object({
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  collection: z.string(),
  item_id: z.string(),
  before: z.unknown(),
  after: z.unknown(),
})
export type IndicatorChange = z.infer<typeof IndicatorChange>

/** GET /api/indicators/{id}: the record with its audited history. */
export const IndicatorWithHistory = Indicator.extend({ history: z.array(IndicatorChange) })
export type IndicatorWithHistory = z.infer<typeof IndicatorWithHistory>
