import type { Principal } from '../access/permissions.ts'
import { writeAudit } from '../audit/log.ts'
import type { Queryable } from '../db/index.ts'
import type { Collection } from '../assets/collections.ts'
import type { Plan } from './mapping.ts'
import { statsLookups, unitLevels } from './stats.ts'
import { valueKey } from './synonyms.ts'

// The theme crosswalk: external event types and crime categories → incident themes. Imports into incidents suggest a
// theme from it first; whoever may import incidents keeps it.

export interface CrosswalkEntry {
  scheme: string
  label: string
  theme: string
  updated_by: string
  updated_at: string
}

export async function listCrosswalk(q: Queryable, scheme?: string): Promise<CrosswalkEntry[]> {
  const r = await q.query<CrosswalkEntry>(
    `SELECT scheme, label, theme, updated_by, updated_at FROM theme_crosswalk
     WHERE $1::text IS NULL OR scheme = $1 ORDER BY scheme, label_key`,
    [scheme ?? null],
  )
  return r.rows
}

/** label key → theme, over every scheme (a label two schemes map differently suggests nothing). */
export async function crosswalkLookup(q: Queryable): Promise<Map<string, string>> {
  const r = await q.query<{ label_key: string; theme: string }>(
    'SELECT label_key, min(theme) AS theme FROM theme_crosswalk GROUP BY label_key HAVING count(DISTINCT theme) = 1',
  )
  return new Map(r.rows.map((x) => [x.label_key, x.theme]))
}

/**
 * The plan with the lookup tables its collection's coded fields use: the theme crosswalk for incidents, and for
 * incident statistics also every known spelling of the counties and the sub-counties and wards loaded.
 */
export async function withLookups(q: Queryable, c: Collection, plan: Plan): Promise<Plan> {
  if (plan.lookups) return plan
  if (c.id === 'incidents') return { ...plan, lookups: { theme: await crosswalkLookup(q) } }
  if (c.id === 'incident_stats')
    return { ...plan, lookups: statsLookups(await crosswalkLookup(q)), units: await unitLevels(q) }
  return plan
}

/** Sets (theme given) or removes (theme null) entries, each audited, in the caller's transaction (rights checked by the caller). */
export async function editCrosswalk(
  tx: Queryable,
  p: Principal,
  requestId: string,
  entries: { scheme: string; label: string; theme: string | null }[],
): Promise<CrosswalkEntry[]> {
  for (const e of entries) {
    const key = valueKey(e.label)
    const before = await tx.query<CrosswalkEntry>(
      'SELECT scheme, label, theme FROM theme_crosswalk WHERE scheme = $1 AND label_key = $2',
      [e.scheme, key],
    )
    if (e.theme === null)
      await tx.query('DELETE FROM theme_crosswalk WHERE scheme = $1 AND label_key = $2', [e.scheme, key])
    else
      await tx.query(
        `INSERT INTO theme_crosswalk (scheme, label, label_key, theme, updated_by) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (scheme, label_key) DO UPDATE SET label = EXCLUDED.label, theme = EXCLUDED.theme,
           updated_by = EXCLUDED.updated_by, updated_at = now()`,
        [e.scheme, e.label.trim(), key, e.theme, p.username],
      )
    await writeAudit(tx, {
      actor: p.username,
      action: e.theme === null ? 'delete' : before.rows.length ? 'update' : 'create',
      collection: 'theme_crosswalk',
      itemId: `${e.scheme}:${key}`,
      before: before.rows[0] ?? null,
      after: e.theme === null ? null : { scheme: e.scheme, label: e.label.trim(), theme: e.theme },
      requestId,
    })
  }
  return listCrosswalk(tx)
}
