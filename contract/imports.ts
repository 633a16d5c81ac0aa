import { z } from 'zod'

// What an import is told about a file (the plan: columns → fields, fixed values, value recodes, derivations) and the
// saved profiles that keep a plan for the next file of the same shape. Shared by the import routes and the web dialog.

export const Mapping = z.record(z.string().max(200), z.string().max(64).nullable()).meta({
  description: 'Source column → field name (null = leave the column out)',
  example: { NAME: 'name', class: 'road_class', remarks: null },
})
export const Fixed = z
  .record(z.string().max(64), z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]))
  .meta({
    description: 'Field → one value for every row, for fields no column feeds (checked like a column value)',
    example: { kind: 'police_post', status: 'operational' },
  })
export const Recode = z.record(z.string().max(64), z.record(z.string().max(1000), z.string().max(200))).meta({
  description:
    'Coded field → source value → target value. Values left out take the suggested target; a value with neither blocks the commit.',
  example: { kind: { 'AP Camp': 'aps_camp', Stn: 'police_station' } },
})
export const Derive = z
  .record(z.string().max(64), z.strictObject({ column: z.string().max(200), rule: z.enum(['road_class_from_ref']) }))
  .meta({
    description: 'Field → a rule deriving it from another column',
    example: { road_class: { column: 'ROAD_NO', rule: 'road_class_from_ref' } },
  })
export type Mapping = z.infer<typeof Mapping>
export type Fixed = z.infer<typeof Fixed>
export type Recode = z.infer<typeof Recode>
export type Derive = z.infer<typeof Derive>

/** GET /api/import-profiles and the profile routes: a saved plan with its name, collection and bookkeeping. */
export const ImportProfile = z.object({
  id: z.number(),
  name: z.string(),
  collection: z.string(),
  description: z.string().nullable(),
  mapping: Mapping,
  fixed: Fixed,
  recode: Recode,
  derive: Derive,
  version: z.number(),
  created_by: z.string(),
  created_at: z.string(),
  updated_by: z.string(),
  updated_at: z.string(),
})
export type ImportProfile = z.infer<typeof ImportProfile>
