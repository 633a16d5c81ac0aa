import { z } from 'zod'
import { INCIDENT_THEMES } from './domains.ts'

// Citizen incident reports: what the public form sends, what the reporter may learn back (status only), and what a
// moderator sees. The server validates with these schemas and the web app reads the same types.

export const REPORT_CHANNELS = ['web', 'sms', 'ussd'] as const
export const REPORT_STATUSES = ['received', 'verified', 'merged', 'rejected', 'escalated'] as const
export const REPORT_PRECISIONS = ['gps', 'pin', 'place', 'county'] as const
export const REPORT_LANGUAGES = ['en', 'sw'] as const
export type ReportStatus = (typeof REPORT_STATUSES)[number]

/** Themes whose reports must be triaged within URGENT_TRIAGE_HOURS; the others within TRIAGE_HOURS. */
export const URGENT_THEMES: readonly (typeof INCIDENT_THEMES)[number][] = [
  'terrorism',
  'small_arms',
  'sgbv',
  'cattle_rustling_banditry',
]
export const URGENT_TRIAGE_HOURS = 4
export const TRIAGE_HOURS = 24

/** Longest description, in characters (an SMS is 160; the form allows more). */
export const MAX_REPORT_TEXT = 2000

const CountyCode = z.string().regex(/^0[0-4]\d$/, 'a county code 001–047')
/** A Kenyan mobile number: 07…/01…, 2547…/2541… or +254…; stored normalised as +254XXXXXXXXX. */
export const PhoneNumber = z
  .string()
  .trim()
  .max(20)
  .refine((v) => /^(?:\+?254|0)[17]\d{8}$/.test(v.replace(/[\s-]/g, '')), {
    message: 'a Kenyan mobile number such as 0712345678 or +254712345678',
  })

export const ReportInput = z
  .strictObject({
    theme: z.enum(INCIDENT_THEMES),
    occurred_at: z.iso.datetime({ offset: true }),
    description: z.string().trim().min(3).max(MAX_REPORT_TEXT),
    language: z.enum(REPORT_LANGUAGES).default('en'),
    lon: z.number().min(33.4).max(42.4).optional(),
    lat: z.number().min(-5.3).max(5.5).optional(),
    precision: z.enum(['gps', 'pin']).optional().meta({ description: 'How lon/lat were found (default pin)' }),
    county: CountyCode.optional().meta({ description: 'The county, when no position is given' }),
    place_id: z.number().int().positive().optional().meta({ description: 'A gazetteer place (GET /api/places)' }),
    place_name: z.string().trim().max(200).optional(),
    phone: PhoneNumber.optional(),
    contact_consent: z.boolean().default(false),
    client_id: z
      .string()
      .regex(/^[\x21-\x7e]{8,200}$/)
      .optional()
      .meta({ description: "The offline queue's item id: sending it twice stores one report" }),
  })
  .superRefine((r, ctx) => {
    if ((r.lon === undefined) !== (r.lat === undefined))
      ctx.addIssue({ code: 'custom', path: ['lat'], message: 'give both lon and lat, or neither' })
    if (r.lon === undefined && r.county === undefined && r.place_id === undefined)
      ctx.addIssue({ code: 'custom', path: ['county'], message: 'give a position (lon, lat), a place or a county' })
    if (r.phone !== undefined && !r.contact_consent)
      ctx.addIssue({
        code: 'custom',
        path: ['contact_consent'],
        message: 'a phone number is kept only with consent to be contacted',
      })
  })
export type ReportInput = z.input<typeof ReportInput>

export const ReportReceipt = z.object({ reference: z.string() })
/** The gazetteer places of a county, for the public form's county → place step. */
export const CountyPlaces = z.object({
  county: z.string(),
  places: z.array(z.object({ id: z.number(), name: z.string(), kind: z.string(), lon: z.number(), lat: z.number() })),
})
export type CountyPlaces = z.infer<typeof CountyPlaces>
export const ReportStatusReply = z.strictObject({
  reference: z.string(),
  status: z.enum(REPORT_STATUSES),
  updated_at: z.string(),
})
export type ReportStatusReply = z.infer<typeof ReportStatusReply>

export const QueuedReport = z.object({
  id: z.number(),
  reference: z.string(),
  channel: z.enum(REPORT_CHANNELS),
  language: z.enum(REPORT_LANGUAGES),
  theme: z.enum(INCIDENT_THEMES),
  occurred_at: z.string(),
  received_at: z.string(),
  updated_at: z.string(),
  description: z.string(),
  place_name: z.string().nullable(),
  precision: z.enum(REPORT_PRECISIONS),
  county_code: z.string(),
  region_code: z.string(),
  lon: z.number(),
  lat: z.number(),
  status: z.enum(REPORT_STATUSES),
  urgent: z.boolean(),
  triage_due_at: z
    .string()
    .meta({ description: 'When triage is due (SLA): received + 4 h for urgent themes, else 24 h' }),
  spam_score: z.number(),
  spam_reasons: z.array(z.string()),
  group_id: z.number().nullable(),
  group_size: z.number(),
  incident_id: z.number().nullable(),
  merged_into: z.number().nullable(),
  reject_reason: z.string().nullable(),
  escalated_to: z.number().nullable(),
  due_at: z.string().nullable(),
  committee: z.object({ id: z.number(), name: z.string(), kind: z.string(), contact_role: z.string() }).nullable(),
  phone: z.string().nullable().meta({ description: "The reporter's number, for moderators of the report's area only" }),
  contact_consent: z.boolean(),
  earlier_reports: z.number().meta({ description: 'Other reports from the same phone (by its keyed hash)' }),
  photos: z.array(z.number()),
})
export type QueuedReport = z.infer<typeof QueuedReport>

export const ReportQueue = z.object({ total: z.number(), reports: z.array(QueuedReport) })
export type ReportQueue = z.infer<typeof ReportQueue>

const Nearby = z.object({
  id: z.number(),
  reference: z.string().optional(),
  theme: z.string(),
  status: z.string(),
  at: z.string(),
  distance_m: z.number(),
  lon: z.number(),
  lat: z.number(),
})
export const ReportDetail = QueuedReport.extend({
  nearby_reports: z.array(Nearby),
  recent_incidents: z.array(Nearby),
  earlier: z.array(
    z.object({ id: z.number(), reference: z.string(), theme: z.string(), status: z.string(), received_at: z.string() }),
  ),
  stations: z
    .array(z.object({ id: z.number(), name: z.string(), kind: z.string(), distance_m: z.number() }))
    .meta({ description: "Police stations and posts of the moderator's area nearest the report (to escalate to)" }),
})
export type ReportDetail = z.infer<typeof ReportDetail>

export const VerifyInput = z.strictObject({
  incident_id: z
    .number()
    .int()
    .positive()
    .optional()
    .meta({ description: 'Link to this incident instead of a new one' }),
  severity: z.number().int().min(1).max(5).default(2),
  name: z.string().trim().min(1).max(200).optional(),
})
export const MergeInput = z
  .strictObject({
    report_id: z.number().int().positive().optional(),
    incident_id: z.number().int().positive().optional(),
  })
  .refine((m) => (m.report_id === undefined) !== (m.incident_id === undefined), {
    message: 'merge into either report_id or incident_id',
    path: ['report_id'],
  })
export const RejectInput = z.strictObject({ reason: z.string().trim().min(3).max(500) })
export const EscalateInput = z.strictObject({
  facility_id: z.number().int().positive().meta({ description: 'A police station or post of the area' }),
  due_at: z.iso.datetime({ offset: true }),
})
export const RetentionSettings = z.strictObject({ retention_days: z.number().int().min(0).max(3650) })

/** Counts for the regional dashboard: per status, the triage SLA, and the median time to triage. */
export const ReportCounts = z.object({
  received: z.number().meta({ description: 'Reports received in the period (any status now)' }),
  byStatus: z.record(z.string(), z.number()),
  verified: z.number(),
  rejected: z.number(),
  awaiting: z.number().meta({ description: 'Not yet triaged (status received)' }),
  overdue: z.number().meta({ description: 'Not yet triaged and past their triage due time' }),
  median_triage_hours: z.number().nullable(),
})
export type ReportCounts = z.infer<typeof ReportCounts>
