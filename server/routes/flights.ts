import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import {
  ActionBody,
  Closure,
  ClosureInput,
  FLIGHT_ACTIONS,
  FLIGHT_STATUSES,
  Flight,
  FlightDetail,
  FlightInput,
  FlightPatch,
  Notification,
  OUTCOMES,
  Rule,
} from '../../contract/flights.ts'
import { principal } from '../http/auth.ts'
import type { Principal } from '../access/permissions.ts'
import { writeAudit } from '../audit/log.ts'
import type { Db } from '../db/index.ts'
import { fail, forbidden, notFound } from '../errors.ts'
import { currentAssessment } from '../flights/assess.ts'
import { letterPdf } from '../flights/letter.ts'
import { listNotifications, markRead, outboxSender } from '../flights/notify.ts'
import {
  amendFlight,
  assertFlightScope,
  createFlight,
  getFlight,
  isReviewer,
  listFlights,
  versionsOf,
} from '../flights/requests.ts'
import { loadRules } from '../flights/rules.ts'
import { watchChange } from '../flights/watch.ts'
import { act, expireDue, pendingAgencies, reassess, reassessOpenAt } from '../flights/workflow.ts'
import { router, type AppEnv } from '../http/env.ts'
import { errorResponses, problemWith } from '../http/errors.ts'

// Humanitarian flight clearance (issue 18): requests, their assessment, the workflow, the letter, the rule table,
// airstrip closures and the officer's notifications.

const tags = ['Flight clearance']
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } })
const IdParam = z.object({
  id: z
    .string()
    .regex(/^\d{1,12}$/, 'a request id')
    .openapi({ param: { name: 'id', in: 'path' } }),
})
const IfMatch = z.object({
  'if-match': z.string().max(200).optional().openapi({ description: 'ETag of the version you amended ("3")' }),
})
const FlightSummary = Flight.extend({
  recommendation: z.enum(OUTCOMES).nullable(),
  pending_agencies: z.array(z.string()),
})

async function detail(db: Db, p: Principal, id: number): Promise<z.infer<typeof FlightDetail>> {
  const scope = assertFlightScope(p)
  const flight = await getFlight(db, scope, id)
  // A draft is not assessed for anyone but who may edit it; the assessment is computed on the current version.
  const assessment = await currentAssessment(db, id)
  const concurrences = await db.query<z.infer<typeof FlightDetail>['concurrences'][number]>(
    'SELECT agency, username, note, version, at FROM flight_concurrences WHERE request_id = $1 ORDER BY at',
    [id],
  )
  const transitions = await db.query<z.infer<typeof FlightDetail>['transitions'][number]>(
    'SELECT action, from_status, to_status, actor, reason, at FROM flight_transitions WHERE request_id = $1 ORDER BY id',
    [id],
  )
  return {
    ...flight,
    assessment,
    concurrences: concurrences.rows,
    pending_agencies: await pendingAgencies(db, id, flight.version),
    transitions: transitions.rows,
    versions: await versionsOf(db, id),
  }
}

const withEtag = (c: Context<AppEnv>, d: { version: number }) => c.header('ETag', `"${d.version}"`)

function ifMatchVersion(header: string | undefined): number {
  if (header === undefined)
    throw fail('precondition_required', 'Send If-Match with the ETag of the version you amended.', {
      parameter: 'If-Match',
    })
  const m = /^\s*(?:W\/)?"(\d{1,9})"\s*$/.exec(header)
  if (!m) throw fail('invalid_parameter', 'If-Match must be an ETag such as "3".', { parameter: 'If-Match' })
  return Number(m[1])
}

export const flightRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/flights/rules',
      tags,
      summary: 'The rule table that turns factors into a recommendation',
      responses: { 200: { description: 'Rules, in order', content: json(z.object({ rules: z.array(Rule) })) } },
    }),
    async (c) => {
      assertFlightScope(principal(c))
      return c.json({ rules: await loadRules(c.get('db')) }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/flights/rules',
      tags,
      summary: 'Replace the rule table (flight clearance officers); open requests are assessed again',
      request: { body: { content: json(z.strictObject({ rules: z.array(Rule).min(1).max(100) })), required: true } },
      responses: {
        200: { description: 'The new table', content: json(z.object({ rules: z.array(Rule) })) },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      const p = principal(c)
      if (!isReviewer(p)) throw forbidden('Only a flight clearance officer edits the rule table.')
      const { rules } = c.req.valid('json')
      const codes = new Set(rules.map((r) => r.code))
      if (codes.size !== rules.length) throw fail('invalid_body', 'Rule codes must be unique.')
      const db = c.get('db')
      const after = await db.transaction(async (tx) => {
        const before = await loadRules(tx)
        await tx.query('DELETE FROM flight_rules')
        for (const r of rules)
          await tx.query(
            `INSERT INTO flight_rules (code, factor, op, threshold, outcome, agency, reason, condition, enabled, position,
               updated_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
            [
              r.code,
              r.factor,
              r.op,
              r.threshold,
              r.outcome,
              r.agency,
              r.reason,
              r.condition,
              r.enabled,
              r.position,
              p.username,
            ],
          )
        // Assessments of requests still open are recomputed on their next read.
        await tx.query(
          `DELETE FROM flight_assessments a USING flight_requests r
           WHERE a.request_id = r.id AND r.status IN ('draft','submitted','under_review')`,
        )
        await writeAudit(tx, {
          actor: p.username,
          action: 'replace',
          collection: 'flight_rules',
          itemId: null,
          before,
          after: rules,
          requestId: c.get('requestId'),
        })
        return loadRules(tx)
      })
      return c.json({ rules: after }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/flights/airstrips',
      tags,
      summary: 'Airstrips and landing sites to choose a leg end from (name and codes only)',
      request: { query: z.object({ q: z.string().max(80).optional() }) },
      responses: {
        200: {
          description: 'Up to 20 matches',
          content: json(
            z.object({
              airstrips: z.array(
                z.object({
                  id: z.number(),
                  name: z.string(),
                  ident: z.string().nullable(),
                  iata_code: z.string().nullable(),
                  lon: z.number(),
                  lat: z.number(),
                }),
              ),
            }),
          ),
        },
      },
    }),
    async (c) => {
      assertFlightScope(principal(c))
      const q = c.req.valid('query').q ?? ''
      const r = await c.get('db').query<{
        id: number
        name: string
        ident: string | null
        iata_code: string | null
        lon: number
        lat: number
      }>(
        `SELECT id, name, ident, iata_code, ST_X(geom) AS lon, ST_Y(geom) AS lat FROM airstrips
         WHERE $1 = '' OR name ILIKE '%' || $1 || '%' OR upper(ident) = upper($1) OR upper(iata_code) = upper($1)
         ORDER BY (upper(ident) = upper($1)) DESC NULLS LAST, name LIMIT 20`,
        [q.replace(/[%_\\]/g, '')],
      )
      return c.json({ airstrips: r.rows }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/flights/closures',
      tags,
      summary: 'Airstrip closures and restrictions (time windows)',
      request: {
        query: z.object({ airstrip: z.coerce.number().int().positive().optional() }),
      },
      responses: {
        200: {
          description: 'Closures, by start, with the airstrip they close',
          content: json(z.object({ closures: z.array(Closure.extend({ airstrip_name: z.string() })) })),
        },
        ...errorResponses(400),
      },
    }),
    async (c) => {
      assertFlightScope(principal(c))
      const { airstrip } = c.req.valid('query')
      const r = await c.get('db').query<z.infer<typeof Closure> & { airstrip_name: string }>(
        `SELECT c.id, c.airstrip_id, a.name AS airstrip_name, c.kind, c.starts_at, c.ends_at, c.reason, c.created_by
         FROM airstrip_closures c JOIN airstrips a ON a.id = c.airstrip_id
         WHERE $1::bigint IS NULL OR c.airstrip_id = $1 ORDER BY c.starts_at LIMIT 500`,
        [airstrip ?? null],
      )
      return c.json({ closures: r.rows }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/flights/closures',
      tags,
      summary: 'Record an airstrip closure or restriction (flight clearance officers)',
      request: { body: { content: json(ClosureInput), required: true } },
      responses: {
        201: { description: 'Recorded; valid clearances it touches are flagged', content: json(Closure) },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      const p = principal(c)
      if (!isReviewer(p)) throw forbidden('Only a flight clearance officer records closures.')
      const input = c.req.valid('json')
      if (Date.parse(input.ends_at) <= Date.parse(input.starts_at))
        throw fail('invalid_value', 'A closure ends after it starts.', { parameter: 'ends_at' })
      const db = c.get('db')
      const closure = await db.transaction(async (tx) => {
        const strip = await tx.query('SELECT 1 FROM airstrips WHERE id = $1', [input.airstrip_id])
        if (!strip.rows.length)
          throw fail('invalid_value', `No airstrip ${input.airstrip_id}.`, { parameter: 'airstrip_id' })
        const r = await tx.query<z.infer<typeof Closure>>(
          `INSERT INTO airstrip_closures (airstrip_id, kind, starts_at, ends_at, reason, created_by)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING id, airstrip_id, kind, starts_at, ends_at, reason, created_by`,
          [input.airstrip_id, input.kind, input.starts_at, input.ends_at, input.reason, p.username],
        )
        await writeAudit(tx, {
          actor: p.username,
          action: 'create',
          collection: 'airstrip_closures',
          itemId: r.rows[0]!.id,
          before: null,
          after: r.rows[0],
          requestId: c.get('requestId'),
        })
        return r.rows[0]!
      })
      await watchChange(
        db,
        c.get('sender') ?? outboxSender,
        { collection: 'airstrip_closures', airstripIds: [input.airstrip_id] },
        p.username,
        c.get('requestId'),
      )
      await reassessOpenAt(db, [input.airstrip_id])
      return c.json(closure, 201)
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/flights/closures/{id}',
      tags,
      summary:
        'Remove an airstrip closure or restriction (flight clearance officers); open requests are assessed again',
      request: {
        params: z.object({
          id: z
            .string()
            .regex(/^\d{1,12}$/, 'a closure id')
            .openapi({ param: { name: 'id', in: 'path' } }),
        }),
      },
      responses: { 204: { description: 'Removed' }, ...errorResponses(400, 403, 404) },
    }),
    async (c) => {
      const p = principal(c)
      if (!isReviewer(p)) throw forbidden('Only a flight clearance officer removes closures.')
      const id = Number(c.req.valid('param').id)
      const db = c.get('db')
      const removed = await db.transaction(async (tx) => {
        const r = await tx.query<z.infer<typeof Closure>>(
          `DELETE FROM airstrip_closures WHERE id = $1
           RETURNING id, airstrip_id, kind, starts_at, ends_at, reason, created_by`,
          [id],
        )
        if (!r.rows.length) throw notFound(`No closure ${id}.`)
        await writeAudit(tx, {
          actor: p.username,
          action: 'delete',
          collection: 'airstrip_closures',
          itemId: id,
          before: r.rows[0],
          after: null,
          requestId: c.get('requestId'),
        })
        return r.rows[0]!
      })
      await reassessOpenAt(db, [removed.airstrip_id])
      return c.body(null, 204)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/flights',
      tags,
      summary: 'Flight requests you may see: an operator its own, an officer all (the queue), an agency those sent in',
      request: {
        query: z.object({
          status: z.enum(FLIGHT_STATUSES).optional(),
          airstrip: z.coerce.number().int().positive().optional().openapi({ description: 'Legs from or to it' }),
          from: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Legs arriving after' }),
          to: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Legs departing before' }),
          flagged: z
            .enum(['true', 'false'])
            .optional()
            .openapi({ description: 'Only those flagged for re-assessment' }),
        }),
      },
      responses: {
        200: { description: 'By first departure', content: json(z.object({ flights: z.array(FlightSummary) })) },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      const p = principal(c)
      const scope = assertFlightScope(p)
      const db = c.get('db')
      await db.transaction((tx) => expireDue(tx, c.get('requestId')))
      const q = c.req.valid('query')
      const flights = await listFlights(db, scope, { ...q, flagged: q.flagged === 'true' })
      const rec = await db.query<{ request_id: number; recommendation: string; version: number }>(
        'SELECT request_id, recommendation, version FROM flight_assessments WHERE request_id = ANY($1::bigint[])',
        [flights.map((f) => f.id)],
      )
      const byId = new Map(rec.rows.map((r) => [r.request_id, r]))
      const out = []
      for (const f of flights) {
        const a = byId.get(f.id)
        out.push({
          ...f,
          recommendation: a && a.version === f.version ? (a.recommendation as (typeof OUTCOMES)[number]) : null,
          pending_agencies: await pendingAgencies(db, f.id, f.version),
        })
      }
      return c.json({ flights: out }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/flights',
      tags,
      summary: 'File a flight request (a draft). Operators file for their organisation; officers for any',
      request: { body: { content: json(FlightInput), required: true } },
      responses: {
        201: { description: 'The draft, assessed; ETag is its version', content: json(FlightDetail) },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      const p = principal(c)
      const db = c.get('db')
      const created = await db.transaction(async (tx) => {
        const f = await createFlight(tx, p, c.req.valid('json'))
        await writeAudit(tx, {
          actor: p.username,
          action: 'create',
          collection: 'flight_requests',
          itemId: f.id,
          before: null,
          after: f,
          requestId: c.get('requestId'),
        })
        return f
      })
      await reassess(db, created.id)
      const d = await detail(db, p, created.id)
      withEtag(c, d)
      c.header('Location', `/api/flights/${d.id}`)
      return c.json(d, 201)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/flights/{id}',
      tags,
      summary: 'A flight request with its assessment, concurrences, transitions and versions',
      request: { params: IdParam },
      responses: {
        200: { description: 'ETag is its version', content: json(FlightDetail) },
        ...errorResponses(400, 403, 404),
      },
    }),
    async (c) => {
      const db = c.get('db')
      await db.transaction((tx) => expireDue(tx, c.get('requestId')))
      const d = await detail(db, principal(c), Number(c.req.valid('param').id))
      withEtag(c, d)
      return c.json(d, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/flights/{id}',
      tags,
      summary: 'Amend a request (a new version; what changed is kept). Needs If-Match',
      request: { params: IdParam, headers: IfMatch, body: { content: json(FlightPatch), required: true } },
      responses: {
        200: { description: 'The amended request, assessed again', content: json(FlightDetail) },
        ...errorResponses(400, 403, 404, 409, 428),
        ...problemWith(412, { current: Flight }),
      },
    }),
    async (c) => {
      const p = principal(c)
      const id = Number(c.req.valid('param').id)
      assertFlightScope(p)
      const version = ifMatchVersion(c.req.header('If-Match'))
      const db = c.get('db')
      await db.transaction(async (tx) => {
        const r = await amendFlight(tx, p, id, version, c.req.valid('json'))
        await writeAudit(tx, {
          actor: p.username,
          action: 'update',
          collection: 'flight_requests',
          itemId: id,
          before: r.before,
          after: { ...r.after, changes: r.changes },
          requestId: c.get('requestId'),
        })
      })
      await reassess(db, id)
      const d = await detail(db, p, id)
      withEtag(c, d)
      return c.json(d, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/flights/{id}/{action}',
      tags,
      summary:
        'A workflow step: submit, review, concur (agency accounts), clear, decline (officers), withdraw. Audited with the reason',
      request: {
        params: IdParam.extend({
          action: z.enum(FLIGHT_ACTIONS).openapi({ param: { name: 'action', in: 'path' } }),
        }),
        body: { content: json(ActionBody), required: false },
      },
      responses: {
        200: { description: 'The request after the step', content: json(FlightDetail) },
        ...errorResponses(400, 403, 404, 409),
      },
    }),
    async (c) => {
      const p = principal(c)
      const { id: raw, action } = c.req.valid('param')
      const id = Number(raw)
      const text = await c.req.text()
      let body: z.infer<typeof ActionBody> = {}
      if (text.trim()) {
        let parsed: unknown
        try {
          parsed = JSON.parse(text)
        } catch {
          throw fail('invalid_body', 'The body is not valid JSON.')
        }
        const r = ActionBody.safeParse(parsed)
        if (!r.success)
          throw fail('invalid_body', r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '))
        body = r.data
      }
      const db = c.get('db')
      // Submitting or re-reviewing looks at the facts again first, so the officer and the agencies see today's.
      if (action === 'submit' || action === 'review')
        await reassess(db, (await getFlight(db, assertFlightScope(p), id)).id)
      await db.transaction((tx) => act(tx, p, id, action, body, c.get('requestId')))
      const d = await detail(db, p, id)
      withEtag(c, d)
      return c.json(d, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/flights/{id}/letter.pdf',
      tags,
      summary: 'The clearance letter: number, validity, legs, conditions, route map and a QR code to verify it',
      request: { params: IdParam, query: z.object({ lang: z.enum(['en', 'sw']).default('en') }) },
      responses: {
        200: {
          description: 'PDF',
          content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
        },
        ...errorResponses(400, 403, 404, 409),
      },
    }),
    async (c) => {
      const p = principal(c)
      const db = c.get('db')
      const f = await getFlight(db, assertFlightScope(p), Number(c.req.valid('param').id))
      if (!f.clearance_number) throw fail('invalid_transition', 'Only a cleared flight has a clearance letter.')
      const base = c.get('deployment').publicUrl ?? new URL(c.req.url).origin
      const pdf = await letterPdf(
        db,
        f,
        `${base.replace(/\/$/, '')}/verify/${encodeURIComponent(f.clearance_number)}`,
        c.req.valid('query').lang,
      )
      return c.body(new Uint8Array(pdf), 200, {
        'Content-Type': 'application/pdf',
        'Content-Disposition': `attachment; filename="clearance-${f.clearance_number}.pdf"`,
      })
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/notifications',
      tags,
      summary: 'Your notifications (re-assessment flags of clearances you review), newest first',
      responses: {
        200: { description: 'Notifications', content: json(z.object({ notifications: z.array(Notification) })) },
      },
    }),
    async (c) => c.json({ notifications: await listNotifications(c.get('db'), principal(c).username) }, 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/notifications/{id}/read',
      tags,
      summary: 'Mark one of your notifications read',
      request: { params: IdParam },
      responses: { 204: { description: 'Marked' }, ...errorResponses(400, 404) },
    }),
    async (c) => {
      const ok = await markRead(c.get('db'), principal(c).username, Number(c.req.valid('param').id))
      if (!ok) throw notFound('No such notification of yours.')
      return c.body(null, 204)
    },
  )
