import type { AuditAction } from '../audit/log.ts'
import type { Queryable } from '../db/index.ts'
import { COLLECTION_LIST } from './collections.ts'
import { featureSql } from './query.ts'

// An asset's county and region follow its geometry (the bookkeeping trigger and county_at(), migration 009). When the
// county boundaries themselves change (official boundaries imported, or that import rolled back), every asset and
// place is placed again against the new outlines in the same transaction, so scopes, scorecards and dashboards never
// count an asset in the county whose old outline held it. Each asset that moves gets an audit row (before/after).

export type Reassigned = Record<string, number>

const MOVED = (alias: string, point: string) =>
  `(SELECT a.code FROM county_at(${point}) a) IS DISTINCT FROM ${alias}.county_code`

export async function reassignCounties(
  tx: Queryable,
  actor: { username: string; requestId: string },
  action: AuditAction,
): Promise<Reassigned> {
  const moved: Reassigned = {}
  for (const c of COLLECTION_LIST.filter((x) => x.scoped)) {
    // Setting county_code to NULL makes the trigger place the row again, by the same rule as on insert.
    const res = await tx.query(
      `WITH moved AS (
         SELECT t.id, (${featureSql(c)})::jsonb AS before FROM ${c.table} t
         WHERE ${MOVED('t', 'ST_PointOnSurface(t.geom)')}
       ), placed AS (
         UPDATE ${c.table} t SET county_code = NULL, updated_by = $1 FROM moved m WHERE t.id = m.id RETURNING t.*
       )
       INSERT INTO audit_log (actor, action, collection, item_id, before, after, request_id)
       SELECT $1, $2, $3, u.id::text, m.before, (${featureSql(c, 'u')})::jsonb, $4
       FROM placed u JOIN moved m ON m.id = u.id ORDER BY u.id`,
      [actor.username, action, c.id, actor.requestId],
    )
    if (res.rowCount) moved[c.id] = res.rowCount
  }
  const places = await tx.query(`UPDATE places p SET geom = p.geom WHERE ${MOVED('p', 'p.geom')}`)
  if (places.rowCount) moved.places = places.rowCount
  return moved
}
