import { FACTOR_PARAMS, type Assessment } from '../../contract/flights.ts'
import type { Db, Queryable } from '../db/index.ts'
import { writeAudit } from '../audit/log.ts'
import { assessFlight, storedAssessment } from './assess.ts'
import { hotCells } from './factors.ts'
import { notifyUsers, type Sender } from './notify.ts'
import { getFlight } from './requests.ts'

// Watch after clearance: when an airstrip changes, or an incident appears, near a leg of a valid clearance, the
// request is assessed again; if a watched factor got worse (status, condition, a serious incident, a hot spot, a
// closure) it is flagged for re-assessment and its reviewing officer is notified in the app and by the sender.

/** Factors whose rise means the clearance was given on better facts than hold now. */
const WATCHED = [
  'airstrip_closed',
  'airstrip_restricted',
  'airstrip_condition_rank',
  'serious_incidents',
  'hot_cells',
  'closures',
  'restrictions',
] as const

export type Change =
  | { collection: 'airstrips'; ids: number[] }
  | { collection: 'incidents'; ids: number[] }
  | { collection: 'airstrip_closures'; airstripIds: number[] }

/** Valid clearances a change may touch. */
async function affected(q: Queryable, change: Change): Promise<number[]> {
  const valid = `r.status IN ('cleared','cleared_with_conditions') AND r.valid_to > now()`
  if (change.collection === 'incidents') {
    // Near either end (incident radius) or the route (hot spot buffer plus a cell): a new incident can make a hot spot.
    const r = await q.query<{ id: number }>(
      `SELECT DISTINCT r.id FROM flight_requests r JOIN flight_legs l ON l.request_id = r.id, incidents i
       WHERE ${valid} AND i.id = ANY($1::bigint[])
         AND ST_DWithin(ST_MakeLine(l.from_geom, l.to_geom)::geography, i.geom::geography, $2)`,
      [
        change.ids,
        Math.max(FACTOR_PARAMS.incidentRadiusKm, FACTOR_PARAMS.hotBufferKm + 2 * FACTOR_PARAMS.hotCellKm) * 1000,
      ],
    )
    return r.rows.map((x) => x.id)
  }
  const ids = change.collection === 'airstrips' ? change.ids : change.airstripIds
  const r = await q.query<{ id: number }>(
    `SELECT DISTINCT r.id FROM flight_requests r JOIN flight_legs l ON l.request_id = r.id
     WHERE ${valid} AND (l.from_airstrip = ANY($1::bigint[]) OR l.to_airstrip = ANY($1::bigint[]))`,
    [ids],
  )
  return r.rows.map((x) => x.id)
}

function worsened(before: Assessment | null, after: Assessment): string[] {
  const out: string[] = []
  for (const leg of after.legs) {
    const old = before?.legs.find((l) => l.seq === leg.seq)
    for (const code of WATCHED) {
      const now = leg.factors.find((f) => f.code === code)
      const was = old?.factors.find((f) => f.code === code)?.value ?? 0
      if (now && now.value > was) out.push(`leg ${leg.seq}: ${now.label} (${was} → ${now.value})`)
    }
  }
  return out
}

/** Runs after a change is committed; returns the ids of the clearances flagged. */
export async function watchChange(db: Db, sender: Sender, change: Change, actor: string, requestId: string) {
  const ids = await affected(db, change)
  if (!ids.length) return []
  const cells = await hotCells(db)
  const flagged: number[] = []
  for (const id of ids) {
    await db.transaction(async (tx) => {
      const before = await storedAssessment(tx, id)
      const flight = await getFlight(tx, { kind: 'all' }, id, true)
      const after = await assessFlight(tx, flight, cells)
      const why = worsened(before, after)
      if (!why.length) return
      const reason = `Re-assess: ${why.join('; ')}.`
      await tx.query('UPDATE flight_requests SET reassessment_reason = $2, flagged_at = now() WHERE id = $1', [
        id,
        reason,
      ])
      await writeAudit(tx, {
        actor,
        action: 'update',
        collection: 'flight_requests',
        itemId: id,
        before: { reassessment_reason: flight.reassessment_reason },
        after: { reassessment_reason: reason, cause: change.collection },
        requestId,
      })
      const officers = flight.reviewer
        ? [flight.reviewer]
        : (
            await tx.query<{ username: string }>(
              `SELECT username FROM users WHERE role = 'flight_officer' AND NOT disabled`,
            )
          ).rows.map((u) => u.username)
      await notifyUsers(tx, sender, officers, {
        requestId: id,
        kind: 'reassessment',
        subject: `Clearance ${flight.clearance_number} flagged for re-assessment`,
        message: `Flight ${id} (${flight.aircraft_registration}, clearance ${flight.clearance_number}): ${reason}`,
      })
      flagged.push(id)
    })
  }
  return flagged
}
