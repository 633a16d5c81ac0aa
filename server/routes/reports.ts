import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import {
  CountyPlaces,
  EscalateInput,
  MergeInput,
  RejectInput,
  ReportDetail,
  ReportInput,
  ReportQueue,
  ReportReceipt,
  ReportStatusReply,
  RetentionSettings,
  VerifyInput,
  QueuedReport,
  REPORT_STATUSES,
} from '../../contract/reports.ts'
import { MAX_PHOTOS } from '../../contract/photos.ts'
import { assertCan } from '../access/permissions.ts'
import { fail, notFound } from '../errors.ts'
import { preparePhoto, type PreparedPhoto } from '../field/photos.ts'
import { principal } from '../http/auth.ts'
import { clientAddress } from '../http/deployment.ts'
import type { Db } from '../db/index.ts'
import { router, type AppEnv } from '../http/env.ts'
import { asFiles, fileBytes, parseJson } from '../http/form-parts.ts'
import { errorResponses } from '../http/errors.ts'
import { placesOfCounty } from '../reports/gazetteer.ts'
import { reportStatus, storeReport, type Location } from '../reports/intake.ts'
import { takeIntake, type LimitKind } from '../reports/limits.ts'
import {
  escalateReport,
  getReport,
  listReports,
  mergeReport,
  rejectReport,
  reportPhoto,
  verifyReport,
  type Moderator,
} from '../reports/moderation.ts'
import { normalisePhone, opaqueHash } from '../reports/phone.ts'
import { readReference } from '../reports/reference.ts'
import { erasePhones, getRetention, setRetention } from '../reports/retention.ts'
import type { ReportsService } from '../reports/service.ts'

// Citizen reports: the public form's intake and status lookup (no account), and the moderators' queue and actions.

const tags = ['Citizen reports']
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } })
const File_ = z.any().openapi({ type: 'string', format: 'binary' })

const ReportForm = z.strictObject({
  report: z.string().max(20_000).openapi({ description: 'The report as JSON text (the same fields as the JSON body)' }),
  photo: z
    .union([File_, z.array(File_)])
    .optional()
    .openapi({ description: `Up to ${MAX_PHOTOS} JPEG, PNG or WebP photos` }),
})

const IdParam = z.object({
  id: z
    .string()
    .regex(/^[1-9]\d{0,15}$/, 'id must be a positive integer')
    .openapi({ param: { name: 'id', in: 'path' } }),
})

const CountyCode = z.string().regex(/^0[0-4]\d$/, 'a county code 001–047')

const QueueQuery = z.strictObject({
  status: z.enum(REPORT_STATUSES).optional(),
  county: CountyCode.optional(),
  theme: z.string().max(40).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
})

/** Counts the request against its device, address and phone; a full one → 429 with Retry-After. */
export async function rateLimit(
  svc: ReportsService,
  db: Db,
  keys: { kind: LimitKind; key: string | undefined }[],
): Promise<void> {
  const given = keys.filter((k): k is { kind: LimitKind; key: string } => Boolean(k.key))
  const full = await takeIntake(
    db,
    svc.limits,
    given.map((k) => ({ kind: k.kind, key: opaqueHash(k.key, svc.key) })),
  )
  if (full) {
    throw fail('too_many_reports', `Too many reports from this ${full.kind}; try again later.`, {
      headers: { 'Retry-After': String(full.retryAfterS) },
    })
  }
}

function moderator(c: Context<AppEnv>): Moderator {
  const p = principal(c)
  assertCan(p, 'moderation')
  return { principal: p, area: c.get('area'), requestId: c.get('requestId') }
}

function location(r: z.infer<typeof ReportInput>): Location {
  if (r.lon !== undefined && r.lat !== undefined)
    return { kind: 'point', lon: r.lon, lat: r.lat, precision: r.precision ?? 'pin' }
  if (r.place_id !== undefined) return { kind: 'place', placeId: r.place_id }
  return { kind: 'county', county: r.county! }
}

export function reportRoutes(svc: ReportsService) {
  /** One moderation action, as the calling moderator, on the report named in the path. */
  const moderate = <B, R>(
    c: Context<AppEnv>,
    run: (db: Db, m: Moderator, id: number, body: B, key: string) => Promise<R>,
    id: string,
    body: B,
  ): Promise<R> => run(c.get('db'), moderator(c), Number(id), body, svc.key)
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/reports',
        tags,
        summary: 'Report an incident (public: no account needed)',
        description:
          'JSON, or multipart/form-data with the report as JSON text in `report` and photos in `photo`. Anonymous unless a ' +
          'phone number is given with consent to be contacted. Answers a reference code to follow the status. Rate limited ' +
          'per device (`X-Device-Id`), address and phone (429 with Retry-After).',
        request: {
          headers: z.object({
            'x-device-id': z
              .string()
              .max(100)
              .optional()
              .openapi({ description: 'A random id the app keeps on the device (rate limits, spam checks)' }),
          }),
          body: {
            content: { 'application/json': { schema: ReportInput }, 'multipart/form-data': { schema: ReportForm } },
            // Not "required": with it, each media type's validator would run whatever the request's type is.
            required: false,
          },
        },
        responses: {
          201: { description: 'Received; keep the reference', content: json(ReportReceipt) },
          ...errorResponses(400, 413, 415, 422, 429),
        },
      }),
      async (c) => {
        const type = c.req.header('Content-Type') ?? ''
        let input: z.infer<typeof ReportInput>
        let files: unknown[] = []
        if (/^multipart\/form-data/i.test(type)) {
          const form = c.req.valid('form') as z.infer<typeof ReportForm>
          input = parseJson(form.report, ReportInput, 'report')
          files = asFiles(form.photo)
        } else if (/^application\/json/i.test(type)) {
          input = c.req.valid('json') as z.infer<typeof ReportInput>
        } else {
          throw fail('unsupported_media_type', 'Send the report as application/json or multipart/form-data.')
        }
        if (files.length > MAX_PHOTOS)
          throw fail('too_many_photos', `A report may have at most ${MAX_PHOTOS} photos.`, { parameter: 'photo' })
        const photos: PreparedPhoto[] = []
        for (const [i, f] of files.entries())
          photos.push(preparePhoto(await fileBytes(f, 'photo'), undefined, `photo[${i}]`))
        const phone = input.phone === undefined ? undefined : normalisePhone(input.phone)
        const device = c.req.header('X-Device-Id')
        await rateLimit(svc, c.get('db'), [
          { kind: 'device', key: device },
          { kind: 'ip', key: clientAddress(c, c.get('deployment')) },
          { kind: 'phone', key: phone },
        ])
        const stored = await storeReport(
          c.get('db'),
          {
            channel: 'web',
            language: input.language,
            theme: input.theme,
            occurredAt: input.occurred_at,
            description: input.description,
            placeName: input.place_name,
            location: location(input),
            phone,
            contactConsent: input.contact_consent,
            deviceHash: device ? opaqueHash(device, svc.key) : undefined,
            clientId: input.client_id,
            photos,
          },
          svc.key,
          c.get('requestId'),
        )
        return c.json({ reference: stored.reference }, 201)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/reports/status/{reference}',
        tags,
        summary: "A report's status by its reference code (public; the status only)",
        request: {
          params: z.object({
            reference: z
              .string()
              .max(40)
              .openapi({ param: { name: 'reference', in: 'path' }, example: 'K7QM-3XPA' }),
          }),
        },
        responses: {
          200: { description: 'Status and when it last changed', content: json(ReportStatusReply) },
          ...errorResponses(400, 404),
        },
      }),
      async (c) => {
        const ref = readReference(c.req.valid('param').reference)
        if (!ref) throw fail('invalid_parameter', 'A reference looks like K7QM-3XPA.', { parameter: 'reference' })
        const s = await reportStatus(c.get('db'), ref)
        if (!s) throw notFound('No report has this reference.')
        return c.json(ReportStatusReply.parse(s), 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/reports/places',
        tags,
        summary: "The gazetteer's places of a county, for the report form's place step (public)",
        request: { query: z.strictObject({ county: CountyCode }) },
        responses: {
          200: { description: 'Places, largest first', content: json(CountyPlaces) },
          ...errorResponses(400),
        },
      }),
      async (c) => {
        const { county } = c.req.valid('query')
        const places = await placesOfCounty(c.get('db'), county)
        return c.json({ county, places }, 200, { 'Cache-Control': 'public, max-age=3600' })
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/reports/settings',
        tags,
        summary: 'How long reporters’ phone numbers are kept (admins)',
        responses: { 200: { description: 'Settings', content: json(RetentionSettings) }, ...errorResponses(403) },
      }),
      async (c) => {
        assertCan(principal(c), 'users')
        return c.json({ retention_days: await getRetention(c.get('db')) }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'put',
        path: '/api/reports/settings',
        tags,
        summary: 'Set the retention of phone numbers (admins); numbers older than it are erased at once',
        request: { body: { content: json(RetentionSettings), required: true } },
        responses: {
          200: {
            description: 'Settings, and how many reports lost their number now',
            content: json(RetentionSettings.extend({ erased: z.number() })),
          },
          ...errorResponses(400, 403),
        },
      }),
      async (c) => {
        const p = principal(c)
        assertCan(p, 'users')
        const { retention_days } = c.req.valid('json')
        await setRetention(c.get('db'), retention_days, p.username, c.get('requestId'))
        const erased = await erasePhones(c.get('db'))
        return c.json({ retention_days, erased }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/reports',
        tags,
        summary: "The moderation queue of the caller's area (moderators, admins): urgent and newest first",
        request: { query: QueueQuery },
        responses: { 200: { description: 'Reports', content: json(ReportQueue) }, ...errorResponses(400, 403) },
      }),
      async (c) => {
        const m = moderator(c)
        return c.json(await listReports(c.get('db'), m, c.req.valid('query'), svc.key), 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/reports/{id}',
        tags,
        summary: 'One report with nearby reports, recent incidents and the reporter’s earlier reports',
        request: { params: IdParam },
        responses: { 200: { description: 'Report', content: json(ReportDetail) }, ...errorResponses(400, 403, 404) },
      }),
      async (c) => {
        const m = moderator(c)
        const r = await getReport(c.get('db'), m, Number(c.req.valid('param').id), svc.key)
        if (!r) throw notFound('No such report in your area.')
        return c.json(r, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/reports/{id}/photos/{n}',
        tags,
        summary: 'A photo of a report (moderators of its area)',
        request: {
          params: IdParam.extend({
            n: z
              .string()
              .regex(/^[1-6]$/, 'n is 1–6')
              .openapi({ param: { name: 'n', in: 'path' } }),
          }),
        },
        responses: {
          200: { description: 'The photo as stored', content: { 'image/jpeg': { schema: File_ } } },
          ...errorResponses(400, 403, 404),
        },
      }),
      async (c) => {
        const m = moderator(c)
        const { id, n } = c.req.valid('param')
        const ph = await reportPhoto(c.get('db'), m, Number(id), Number(n))
        if (!ph) throw notFound('No such photo in your area.')
        return c.body(ph.bytes as Uint8Array<ArrayBuffer>, 200, {
          'Content-Type': ph.contentType,
          'Cache-Control': 'private, no-store',
        })
      },
    )
    .openapi(
      action('verify', VerifyInput, 'Verify: create an incident (source citizen), or link the group’s or a given one'),
      async (c) => {
        const r = await moderate(c, verifyReport, c.req.valid('param').id, c.req.valid('json'))
        return c.json(r, 200)
      },
    )
    .openapi(action('merge', MergeInput, 'Merge into another report or an incident'), async (c) => {
      const r = await moderate(c, mergeReport, c.req.valid('param').id, c.req.valid('json'))
      return c.json(r, 200)
    })
    .openapi(action('reject', RejectInput, 'Reject with a reason'), async (c) => {
      const r = await moderate(c, rejectReport, c.req.valid('param').id, c.req.valid('json'))
      return c.json(r, 200)
    })
    .openapi(
      action('escalate', EscalateInput, 'Escalate to a police station or post of the area, with a due time'),
      async (c) => {
        const r = await moderate(c, escalateReport, c.req.valid('param').id, c.req.valid('json'))
        return c.json(r, 200)
      },
    )
}

function action<T extends z.ZodType>(name: 'verify' | 'merge' | 'reject' | 'escalate', body: T, summary: string) {
  return createRoute({
    method: 'post',
    path: `/api/reports/{id}/${name}`,
    tags,
    summary,
    request: { params: IdParam, body: { content: json(body), required: true } },
    responses: {
      200: { description: 'The report after the action', content: json(QueuedReport) },
      ...errorResponses(400, 403, 404, 409),
    },
  })
}
