import type { Assessment, Flight } from '../../contract/flights.ts'
import type { Queryable } from '../db/index.ts'
import { hotCells, legFactors, type HotCell } from './factors.ts'
import { getFlight } from './requests.ts'
import { evaluate, loadRules } from './rules.ts'

// The automatic assessment of a request: factors per leg, judged by the rule table, stored with the version assessed.
// It is recomputed whenever the request changes, the watch sees a change near it, or it is read on an older version.

export async function assessFlight(q: Queryable, flight: Flight, cells?: HotCell[]): Promise<Assessment> {
  const now = new Date()
  const hot = cells ?? (await hotCells(q, now))
  const legs = []
  for (const leg of flight.legs) legs.push({ seq: leg.seq, ...(await legFactors(q, flight, leg, hot, now)) })
  const verdict = evaluate(await loadRules(q), legs)
  const assessment: Assessment = { ...verdict, legs, version: flight.version, computed_at: now.toISOString() }
  await q.query(
    `INSERT INTO flight_assessments (request_id, version, recommendation, agencies, result, computed_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6)
     ON CONFLICT (request_id) DO UPDATE SET version = EXCLUDED.version, recommendation = EXCLUDED.recommendation,
       agencies = EXCLUDED.agencies, result = EXCLUDED.result, computed_at = EXCLUDED.computed_at`,
    [
      flight.id,
      flight.version,
      assessment.recommendation,
      assessment.agencies,
      JSON.stringify(assessment),
      assessment.computed_at,
    ],
  )
  return assessment
}

export async function storedAssessment(q: Queryable, id: number): Promise<Assessment | null> {
  const r = await q.query<{ result: Assessment }>('SELECT result FROM flight_assessments WHERE request_id = $1', [id])
  return r.rows[0]?.result ?? null
}

/** The stored assessment when it is of the current version, else a fresh one. */
export async function currentAssessment(q: Queryable, id: number): Promise<Assessment> {
  const flight = await getFlight(q, { kind: 'all' }, id)
  const stored = await storedAssessment(q, id)
  return stored && stored.version === flight.version ? stored : assessFlight(q, flight)
}
