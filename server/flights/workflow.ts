import { randomBytes } from 'node:crypto'
import { VALID_STATUSES, type FlightAction, type FlightStatus } from '../../contract/flights.ts'
import type { Principal } from '../access/permissions.ts'
import { writeAudit } from '../audit/log.ts'
import type { Queryable } from '../db/index.ts'
import { fail, forbidden } from '../errors.ts'
import { assessFlight, storedAssessment } from './assess.ts'
import { assertFlightScope, getFlight, isReviewer } from './requests.ts'

// The workflow: draft → submitted → under review → cleared / cleared with conditions / declined / withdrawn /
// expired. Every step is a row of flight_transitions and of the audit log (who, from, to, why).

/** From which statuses each action may be taken. */
const FROM: Record<FlightAction, readonly FlightStatus[]> = {
  submit: ['draft'],
  // A valid clearance flagged by the watch goes back under review for re-assessment.
  review: ['submitted', 'cleared', 'cleared_with_conditions'],
  concur: ['submitted', 'under_review'],
  clear: ['under_review'],
  decline: ['submitted', 'under_review'],
  withdraw: ['draft', 'submitted', 'under_review', 'cleared', 'cleared_with_conditions'],
}

export async function recordTransition(
  q: Queryable,
  t: { id: number; action: string; from: string; to: string; actor: string; reason: string | null; requestId: string },
) {
  await q.query(
    `INSERT INTO flight_transitions (request_id, action, from_status, to_status, actor, reason)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [t.id, t.action, t.from, t.to, t.actor, t.reason],
  )
  await writeAudit(q, {
    actor: t.actor,
    action: 'update',
    collection: 'flight_requests',
    itemId: t.id,
    before: { status: t.from },
    after: { status: t.to, action: t.action, reason: t.reason },
    requestId: t.requestId,
  })
}

/** Agencies the current assessment names that have not concurred on the current version. */
export async function pendingAgencies(q: Queryable, id: number, version: number): Promise<string[]> {
  const a = await storedAssessment(q, id)
  if (!a) return []
  const r = await q.query<{ agency: string }>(
    'SELECT agency FROM flight_concurrences WHERE request_id = $1 AND version = $2',
    [id, version],
  )
  const done = new Set(r.rows.map((x) => x.agency))
  return a.agencies.filter((ag) => !done.has(ag))
}

function clearanceNumber(id: number, at: Date): string {
  // The random tail keeps numbers from being guessed on the public verification page.
  const tail = randomBytes(3).toString('hex').toUpperCase()
  return `HFC-${at.getUTCFullYear()}-${String(id).padStart(5, '0')}-${tail}`
}

export interface ActionInput {
  reason?: string
  conditions?: string[]
}

/** Runs one workflow action in the caller's transaction; returns the request id and the new status. */
export async function act(
  q: Queryable,
  p: Principal,
  id: number,
  action: FlightAction,
  input: ActionInput,
  requestId: string,
): Promise<{ from: FlightStatus; to: FlightStatus }> {
  const scope = assertFlightScope(p)
  const f = await getFlight(q, scope, id, true)
  if (!FROM[action].includes(f.status))
    throw fail('invalid_transition', `A ${f.status.replace(/_/g, ' ')} request cannot be given "${action}".`)
  const reviewer = isReviewer(p)
  const reason = input.reason?.trim() || null
  let to: FlightStatus = f.status
  switch (action) {
    case 'submit':
      if (scope.kind === 'submitted') throw forbidden('An agency account does not submit requests.')
      to = 'submitted'
      break
    case 'review':
      if (!reviewer) throw forbidden('Only a flight clearance officer reviews requests.')
      if (f.status !== 'submitted' && !f.reassessment_reason)
        throw fail(
          'invalid_transition',
          'A valid clearance is reviewed again only when it is flagged for re-assessment.',
        )
      to = 'under_review'
      await q.query(
        'UPDATE flight_requests SET reviewer = $2, reassessment_reason = NULL, flagged_at = NULL WHERE id = $1',
        [id, p.username],
      )
      break
    case 'concur': {
      if (!p.agency) throw forbidden('Only an account of a concurring agency concurs.')
      const pending = await pendingAgencies(q, id, f.version)
      const named = (await storedAssessment(q, id))?.agencies ?? []
      if (!named.includes(p.agency))
        throw forbidden(`The rule table does not ask ${p.agency} to concur on this request.`)
      if (!pending.includes(p.agency))
        throw fail('invalid_transition', `${p.agency} already concurred on version ${f.version}.`)
      await q.query(
        'INSERT INTO flight_concurrences (request_id, agency, version, username, note) VALUES ($1, $2, $3, $4, $5)',
        [id, p.agency, f.version, p.username, reason],
      )
      break
    }
    case 'clear': {
      if (!reviewer) throw forbidden('Only a flight clearance officer clears a flight.')
      const assessment = await storedAssessment(q, id)
      if (!assessment || assessment.version !== f.version)
        throw fail('invalid_transition', 'The assessment of this version is not ready; read the request again first.')
      const pending = await pendingAgencies(q, id, f.version)
      if (pending.length)
        throw fail('concurrence_required', `Waiting for the concurrence of ${pending.join(', ')}.`, {
          details: { pending },
        })
      if ((assessment.recommendation === 'refer' || assessment.recommendation === 'decline') && !reason)
        throw fail(
          'invalid_parameter',
          `The assessment recommends "${assessment.recommendation}": give the reason for clearing anyway.`,
          { parameter: 'reason' },
        )
      const conditions = [...new Set([...f.conditions, ...(input.conditions ?? [])])]
      to = conditions.length ? 'cleared_with_conditions' : 'cleared'
      const now = new Date()
      const first = Math.min(...f.legs.map((l) => Date.parse(l.departs_at)))
      const last = Math.max(...f.legs.map((l) => Date.parse(l.arrives_at)))
      // Valid from an hour before the first departure to a day after the last arrival (delays, a night stop).
      await q.query(
        `UPDATE flight_requests SET conditions = $2, clearance_number = COALESCE(clearance_number, $3),
           valid_from = $4, valid_to = $5, decided_at = now(), reviewer = COALESCE(reviewer, $6) WHERE id = $1`,
        [
          id,
          conditions,
          clearanceNumber(id, now),
          new Date(first - 3_600_000).toISOString(),
          new Date(last + 86_400_000).toISOString(),
          p.username,
        ],
      )
      break
    }
    case 'decline':
      if (!reviewer) throw forbidden('Only a flight clearance officer declines a request.')
      if (!reason) throw fail('invalid_parameter', 'Give the reason for declining.', { parameter: 'reason' })
      to = 'declined'
      await q.query('UPDATE flight_requests SET decided_at = now(), reviewer = COALESCE(reviewer, $2) WHERE id = $1', [
        id,
        p.username,
      ])
      break
    case 'withdraw':
      if (scope.kind === 'submitted') throw forbidden('An agency account does not withdraw requests.')
      to = 'withdrawn'
      break
  }
  if (to !== f.status)
    await q.query('UPDATE flight_requests SET status = $2, updated_at = now() WHERE id = $1', [id, to])
  await recordTransition(q, { id, action, from: f.status, to, actor: p.username, reason, requestId })
  return { from: f.status, to }
}

/** Valid clearances whose window has ended become expired (run before requests are read). */
export async function expireDue(q: Queryable, requestId: string) {
  const r = await q.query<{ id: number; status: string }>(
    `WITH due AS (SELECT id, status FROM flight_requests WHERE status = ANY($1::text[]) AND valid_to < now() FOR UPDATE)
     UPDATE flight_requests r SET status = 'expired', updated_at = now() FROM due WHERE r.id = due.id
     RETURNING r.id, due.status`,
    [VALID_STATUSES],
  )
  for (const row of r.rows)
    await recordTransition(q, {
      id: row.id,
      action: 'expire',
      from: row.status,
      to: 'expired',
      actor: 'system',
      reason: 'The validity window ended.',
      requestId,
    })
}

/** Recomputes the assessment after a write (outside the write's transaction: it reads the hot spots). */
export async function reassess(q: Queryable, id: number) {
  return assessFlight(q, await getFlight(q, { kind: 'all' }, id))
}

/**
 * Requests not yet decided with a leg at one of these airstrips are assessed again when a closure there is recorded or
 * removed: their recommendation and the agencies asked to concur follow the closures in force. Decided ones are the
 * watch's (server/flights/watch.ts).
 */
export async function reassessOpenAt(q: Queryable, airstripIds: number[]) {
  const r = await q.query<{ id: number }>(
    `SELECT DISTINCT r.id FROM flight_requests r JOIN flight_legs l ON l.request_id = r.id
     WHERE r.status IN ('draft','submitted','under_review')
       AND (l.from_airstrip = ANY($1::bigint[]) OR l.to_airstrip = ANY($1::bigint[]))`,
    [airstripIds],
  )
  for (const { id } of r.rows) await reassess(q, id)
}
