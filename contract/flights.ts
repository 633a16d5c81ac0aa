import { z } from 'zod'

// Humanitarian flight clearance (issue 18): requests with legs, their automatic assessment, the workflow and the rule
// table. The server validates and documents with these schemas; the web app reads the same types.

export const FLIGHT_STATUSES = [
  'draft',
  'submitted',
  'under_review',
  'cleared',
  'cleared_with_conditions',
  'declined',
  'withdrawn',
  'expired',
] as const
export type FlightStatus = (typeof FLIGHT_STATUSES)[number]

/** A clearance that is in force (until its window ends, when it becomes `expired`). */
export const VALID_STATUSES: readonly FlightStatus[] = ['cleared', 'cleared_with_conditions']

export const FLIGHT_ACTIONS = ['submit', 'review', 'concur', 'clear', 'decline', 'withdraw'] as const
export type FlightAction = (typeof FLIGHT_ACTIONS)[number]

/** Worst last: the recommendation of a request is the worst outcome of any rule that matched. */
export const OUTCOMES = ['clear', 'clear_with_conditions', 'refer', 'decline'] as const
export type Outcome = (typeof OUTCOMES)[number]

const Instant = z.iso.datetime({ offset: true }).meta({ description: 'An instant with its offset (EAT is +03:00)' })
const Text = (max: number) => z.string().trim().min(1).max(max)

/** Where a leg starts or ends: a listed airstrip by ICAO/IATA code or name, or coordinates of an unlisted site. */
export const PlaceInput = z.union([
  z.strictObject({ code: z.string().trim().min(3).max(8).meta({ description: 'ICAO (HKJK) or IATA (NBO) code' }) }),
  z.strictObject({ name: Text(120).meta({ description: 'Airstrip name as listed (case and accents ignored)' }) }),
  z.strictObject({
    lon: z.number().min(33.4).max(42.4),
    lat: z.number().min(-5.3).max(5.5),
    name: Text(120).optional().meta({ description: 'What the unlisted landing site is called' }),
  }),
])
export type PlaceInput = z.infer<typeof PlaceInput>

export const LegInput = z.strictObject({
  from: PlaceInput,
  to: PlaceInput,
  departs_at: Instant,
  arrives_at: Instant,
})
export type LegInput = z.infer<typeof LegInput>

const requestFields = {
  organisation: Text(120).meta({ description: "The operator's organisation (an operator's own is always used)" }),
  contact_name: Text(120),
  contact_phone: z.string().trim().max(40).nullable().optional(),
  contact_email: z.string().trim().max(200).nullable().optional(),
  aircraft_registration: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{1,3}-?[A-Z0-9]{1,6}$/, 'an aircraft registration such as 5Y-ABC'),
  aircraft_type: Text(60),
  purpose: Text(500),
  passengers: z.number().int().min(0).max(1000).default(0),
  cargo_kg: z.number().int().min(0).max(1_000_000).default(0),
  legs: z.array(LegInput).min(1).max(12),
}

export const FlightInput = z.strictObject({
  ...requestFields,
  organisation: requestFields.organisation.optional(),
})
export type FlightInput = z.input<typeof FlightInput>

export const FlightPatch = z
  .strictObject({
    ...Object.fromEntries(Object.entries(requestFields).map(([k, v]) => [k, v.optional()])),
    conditions: z
      .array(Text(300))
      .max(20)
      .optional()
      .meta({ description: 'Conditions of the clearance (officers only)' }),
  } as { [K in keyof typeof requestFields]: z.ZodOptional<(typeof requestFields)[K]> } & {
    conditions: z.ZodOptional<z.ZodArray<z.ZodString>>
  })
  .refine((p) => Object.keys(p).length > 0, 'Change at least one field.')
export type FlightPatch = z.input<typeof FlightPatch>

export const Place = z.object({
  airstrip_id: z.number().nullable(),
  name: z.string(),
  ident: z.string().nullable(),
  lon: z.number(),
  lat: z.number(),
})

export const Leg = z.object({
  seq: z.number().int(),
  from: Place,
  to: Place,
  departs_at: z.string(),
  arrives_at: z.string(),
  departs_eat: z.string().meta({ description: 'Departure in East Africa Time, for display' }),
  arrives_eat: z.string(),
})
export type Leg = z.infer<typeof Leg>

/**
 * Distances, windows and thresholds the factors are measured with (the rule table then judges the values). Shared so
 * the screens can name each factor with the numbers it was measured with.
 */
export const FACTOR_PARAMS = {
  /** Incidents within this distance of either end of a leg count. */
  incidentRadiusKm: 25,
  incidentDays: 30,
  seriousDays: 7,
  seriousSeverity: 4,
  /** Gi* over the last hotDays (and the same period before it, for the trend), hexagons of hotCellKm a side. */
  hotDays: 90,
  hotCellKm: 15,
  /** A hot cell counts when it is within this distance of the great-circle route. */
  hotBufferKm: 10,
  /** Minimum Gi* bin that counts as a hot spot: 2 = 95 % confidence. */
  hotBin: 2,
  /** Another cleared flight at the same strip within this many minutes is a conflict. */
  conflictMinutes: 30,
} as const

export const Factor = z.object({
  code: z.string().meta({ description: 'The factor, as the rule table names it' }),
  value: z.number(),
  label: z.string(),
  evidence: z.array(
    z.object({
      kind: z.string().meta({ description: 'airstrip, incident, hot_cell, border, closure, flight' }),
      id: z.union([z.number(), z.string()]).nullable(),
      label: z.string(),
      geometry: z.unknown().meta({ description: 'GeoJSON geometry to show on the map' }),
      link: z.string().nullable().meta({ description: 'Where the evidence is (API or map URL)' }),
      facts: z
        .record(z.string(), z.union([z.string(), z.number(), z.null()]))
        .optional()
        .meta({ description: 'The values the label is made of, for screens that word it in another language' }),
    }),
  ),
})
export type Factor = z.infer<typeof Factor>

export const Finding = z.object({
  rule: z.string(),
  leg: z.number().int(),
  outcome: z.enum(OUTCOMES),
  reason: z.string(),
  agency: z.string().nullable(),
  condition: z.string().nullable(),
})

export const Assessment = z.object({
  recommendation: z.enum(OUTCOMES),
  reasons: z.array(Finding),
  agencies: z.array(z.string()).meta({ description: 'Agencies that must concur before a clearance is issued' }),
  suggested_conditions: z.array(z.string()),
  legs: z.array(z.object({ seq: z.number().int(), route: z.unknown(), factors: z.array(Factor) })),
  version: z.number().int().meta({ description: 'The request version assessed' }),
  computed_at: z.string(),
})
export type Assessment = z.infer<typeof Assessment>

export const Flight = z.object({
  id: z.number(),
  organisation: z.string(),
  contact_name: z.string(),
  contact_phone: z.string().nullable(),
  contact_email: z.string().nullable(),
  aircraft_registration: z.string(),
  aircraft_type: z.string(),
  purpose: z.string(),
  passengers: z.number(),
  cargo_kg: z.number(),
  status: z.enum(FLIGHT_STATUSES),
  conditions: z.array(z.string()),
  version: z.number(),
  created_by: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
  reviewer: z.string().nullable(),
  clearance_number: z.string().nullable(),
  valid_from: z.string().nullable(),
  valid_to: z.string().nullable(),
  reassessment_reason: z.string().nullable(),
  flagged_at: z.string().nullable(),
  legs: z.array(Leg),
})
export type Flight = z.infer<typeof Flight>

export const Concurrence = z.object({
  agency: z.string(),
  username: z.string(),
  note: z.string().nullable(),
  version: z.number(),
  at: z.string(),
})

export const Transition = z.object({
  action: z.string(),
  from_status: z.string(),
  to_status: z.string(),
  actor: z.string(),
  reason: z.string().nullable(),
  at: z.string(),
})

export const FlightVersion = z.object({
  version: z.number(),
  actor: z.string(),
  at: z.string(),
  changes: z.array(z.object({ field: z.string(), from: z.unknown(), to: z.unknown() })),
})

export const FlightDetail = Flight.extend({
  assessment: Assessment.nullable(),
  concurrences: z.array(Concurrence),
  pending_agencies: z.array(z.string()).meta({ description: 'Agencies whose concurrence on this version is missing' }),
  transitions: z.array(Transition),
  versions: z.array(FlightVersion),
})
export type FlightDetail = z.infer<typeof FlightDetail>

export const ActionBody = z.strictObject({
  reason: z.string().trim().max(1000).optional().meta({ description: 'Why (recorded in the audit trail)' }),
  conditions: z.array(Text(300)).max(20).optional().meta({ description: 'clear: the conditions of the clearance' }),
})

export const Rule = z.object({
  code: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/),
  factor: z.string().min(1).max(40),
  op: z.enum(['>=', '<=', '=']),
  threshold: z.number(),
  outcome: z.enum(OUTCOMES),
  agency: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,30}$/)
    .nullable(),
  reason: z.string().min(1).max(300),
  condition: z.string().max(300).nullable(),
  enabled: z.boolean(),
  position: z.number().int(),
})
export type Rule = z.infer<typeof Rule>

export const Closure = z.object({
  id: z.number(),
  airstrip_id: z.number(),
  kind: z.enum(['closure', 'restriction']),
  starts_at: z.string(),
  ends_at: z.string(),
  reason: z.string(),
  created_by: z.string(),
})
export const ClosureInput = z.strictObject({
  airstrip_id: z.number().int().positive(),
  kind: z.enum(['closure', 'restriction']),
  starts_at: Instant,
  ends_at: Instant,
  reason: Text(300),
})

export const Notification = z.object({
  id: z.number(),
  request_id: z.number().nullable(),
  kind: z.string(),
  message: z.string(),
  created_at: z.string(),
  read_at: z.string().nullable(),
})
