import { writeAudit } from '../audit/log.ts'
import type { Db, Queryable } from '../db/index.ts'
import { badParameter, fail } from '../errors.ts'
import {
  DEFINITIONS,
  SCORECARD_INDICATORS,
  thresholdsOrdered,
  type ScorecardIndicator,
} from '../../contract/scorecards.ts'

// Scorecard targets: the editable table `scorecard_targets` (005_monitoring.sql). One default per indicator and
// optional per-county overrides; every edit is written to the audit log in the same transaction (collection
// 'scorecard_targets', item "<indicator>" or "<indicator>/<county>"). Targets apply to every quarter shown.

export interface TargetRow {
  indicator: ScorecardIndicator
  county_code: string | null
  target: number
  amber: number
  note: string
  version: number
  updated_at: string
  updated_by: string
}

export type Targets = Map<string, TargetRow>
const key = (indicator: string, county: string | null) => `${indicator}/${county ?? ''}`

export async function listTargets(q: Queryable): Promise<TargetRow[]> {
  const r = await q.query<TargetRow>(
    `SELECT indicator, county_code, target, amber, note, version, updated_at, updated_by FROM scorecard_targets
     ORDER BY array_position($1::text[], indicator), county_code NULLS FIRST`,
    [SCORECARD_INDICATORS],
  )
  return r.rows
}

export async function loadTargets(q: Queryable): Promise<Targets> {
  return new Map((await listTargets(q)).map((t) => [key(t.indicator, t.county_code), t]))
}

/** The county's own target when it has one, else the default. */
export function targetFor(
  targets: Targets,
  indicator: ScorecardIndicator,
  county: string,
): { target: number; amber: number } {
  const t = targets.get(key(indicator, county)) ?? targets.get(key(indicator, null))
  if (!t) throw new Error(`no default target for ${indicator}`)
  return { target: t.target, amber: t.amber }
}

export interface TargetInput {
  county: string | null
  target: number
  amber: number
  note: string
}

const itemId = (indicator: string, county: string | null) => (county ? `${indicator}/${county}` : indicator)

/** Sets a default or county target (creating the county override when absent), audited. */
export async function putTarget(
  db: Db,
  indicator: ScorecardIndicator,
  input: TargetInput,
  actor: string,
  requestId: string,
): Promise<TargetRow> {
  const def = DEFINITIONS[indicator]
  const [lo, hi] = def.range
  for (const [name, v] of [
    ['target', input.target],
    ['amber', input.amber],
  ] as const) {
    if (v < lo || v > hi) throw badParameter(name, `${name} must be between ${lo} and ${hi} for ${indicator}`)
  }
  if (!thresholdsOrdered(def.direction, input.target, input.amber)) {
    throw badParameter(
      'amber',
      def.direction === 'higher'
        ? `${indicator} is better when higher: amber must not be above the target`
        : `${indicator} is better when lower: amber must not be below the target`,
    )
  }
  return db.transaction(async (tx) => {
    if (input.county) {
      const c = await tx.query('SELECT 1 FROM counties WHERE code = $1', [input.county])
      if (!c.rows.length) throw badParameter('county', `no county ${input.county}`)
    }
    const before = (
      await tx.query<TargetRow>(
        `SELECT indicator, county_code, target, amber, note, version, updated_at, updated_by FROM scorecard_targets
       WHERE indicator = $1 AND coalesce(county_code, '') = coalesce($2, '') FOR UPDATE`,
        [indicator, input.county],
      )
    ).rows[0]
    const r = before
      ? await tx.query<TargetRow>(
          `UPDATE scorecard_targets SET target = $3, amber = $4, note = $5, version = version + 1, updated_at = now(), updated_by = $6
         WHERE indicator = $1 AND coalesce(county_code, '') = coalesce($2, '')
         RETURNING indicator, county_code, target, amber, note, version, updated_at, updated_by`,
          [indicator, input.county, input.target, input.amber, input.note, actor],
        )
      : await tx.query<TargetRow>(
          `INSERT INTO scorecard_targets (indicator, county_code, target, amber, note, updated_by) VALUES ($1, $2, $3, $4, $5, $6)
         RETURNING indicator, county_code, target, amber, note, version, updated_at, updated_by`,
          [indicator, input.county, input.target, input.amber, input.note, actor],
        )
    const after = r.rows[0]!
    await writeAudit(tx, {
      actor,
      action: before ? 'update' : 'create',
      collection: 'scorecard_targets',
      itemId: itemId(indicator, input.county),
      before: before ?? null,
      after,
      requestId,
    })
    return after
  })
}

/** Removes a county's override (the default then applies again); the defaults themselves cannot be removed. */
export async function deleteTarget(
  db: Db,
  indicator: ScorecardIndicator,
  county: string,
  actor: string,
  requestId: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    const r = await tx.query<TargetRow>(
      `DELETE FROM scorecard_targets WHERE indicator = $1 AND county_code = $2
       RETURNING indicator, county_code, target, amber, note, version, updated_at, updated_by`,
      [indicator, county],
    )
    if (!r.rows[0]) throw fail('not_found', `No target of ${indicator} for county ${county}.`)
    await writeAudit(tx, {
      actor,
      action: 'delete',
      collection: 'scorecard_targets',
      itemId: itemId(indicator, county),
      before: r.rows[0],
      after: null,
      requestId,
    })
  })
}
