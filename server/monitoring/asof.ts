import type { Collection, Field } from '../assets/collections.ts'
import type { ParamList } from '../db/sql.ts'

// The register as it stood at an instant: the state of every asset at the end of a quarter, rebuilt from the audit
// log and the condition assessments.
//
// Why: a scorecard for 2026Q2 printed today must show 2026Q2, not today. If scorecards read the asset tables as they
// are now, every quarter would show the same values and "change since last quarter" would be zero by construction;
// an edit made today would also silently rewrite every past scorecard. So for each asset:
//   1. If the audit log has a change at or after the instant, the state at the instant is the `before` image of the
//      first such change (every write stores before/after images of the whole feature, in the same transaction as
//      the write: server/routes/ogc-write.ts). A `before` of null means the asset did not exist yet (created later).
//      Deleted assets come back from their delete entry's `before`.
//   2. Otherwise the row as it is now is the state at the instant (nothing changed since).
//   3. Status only: a condition assessment observed before the instant and later than the asset's last audited
//      change before the instant is the newest evidence of its status, so it wins. This matters for offline field
//      work, where an assessment observed on 28 September may reach the server (and the audit log) in October: the
//      road was rehabilitated in Q3, not Q4. Assessment statuses outside the collection's status domain are ignored.
// Rows loaded from data files (reference and sample layers) have no audit entries; they count as existing at every
// instant until their first audited change.

const SQL_TYPE: Record<Field['type'], string> = {
  text: 'text',
  integer: 'bigint',
  number: 'float8',
  boolean: 'boolean',
  timestamp: 'timestamptz',
}

/**
 * A SELECT of `id` and the named columns of collection `c` as they were just before the instant `at` (a quarter's
 * exclusive end: changes at or after it are later; a placeholder already in `p`, cast to timestamptz by the caller).
 * Column names come from the collection registry only.
 */
export function asOfSql(c: Collection, columns: string[], p: ParamList, at: string): string {
  const fields = columns.map((name) => {
    const f = c.fields.find((x) => x.name === name)
    if (!f) throw new Error(`asOfSql: ${c.id} has no field ${name}`)
    return f
  })
  const coll = p.add(c.id)
  const current = fields.map((f) => `t.${f.name}`).join(', ')
  const fromImage = fields.map((f) => `(l.before -> 'properties' ->> '${f.name}')::${SQL_TYPE[f.type]}`).join(', ')
  const status = fields.find((f) => f.name === 'status')
  const outer = fields.map((f) => (f === status ? 'COALESCE(x.status, s.status) AS status' : `s.${f.name}`)).join(', ')
  const overlay = status
    ? `LEFT JOIN LATERAL (
         SELECT e.status FROM assessments e
         WHERE e.collection = ${coll} AND e.asset_id = s.id AND e.observed_at < ${at}
           AND e.status = ANY(${p.add(status.domain ?? [])}::text[])
           AND e.observed_at > COALESCE((SELECT max(a.at) FROM audit_log a
                                         WHERE a.collection = ${coll} AND a.item_id = s.id::text AND a.at < ${at}), '-infinity'::timestamptz)
         ORDER BY e.observed_at DESC LIMIT 1) x ON TRUE`
    : ''
  return `WITH later AS (
      SELECT DISTINCT ON (a.item_id) a.item_id, a.before
      FROM audit_log a
      WHERE a.collection = ${coll} AND a.at >= ${at} AND a.item_id ~ '^[0-9]+$'
      ORDER BY a.item_id, a.at, a.id
    ), state AS (
      SELECT t.id, ${current} FROM ${c.table} t
      WHERE NOT EXISTS (SELECT 1 FROM later l WHERE l.item_id = t.id::text)
      UNION ALL
      SELECT l.item_id::bigint, ${fromImage} FROM later l WHERE jsonb_typeof(l.before) = 'object'
    )
    SELECT s.id, ${outer} FROM state s ${overlay}`
}
