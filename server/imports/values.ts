import type { Queryable } from '../db/index.ts'
import { withLookups } from './crosswalk.ts'
import { collectionOf, importTargets, suggestFor } from './mapping.ts'
import { planOf, type BatchRecord } from './batches.ts'
import { DERIVE_RULES, codepoints } from './synonyms.ts'
import { areaTargetsOf, type UnitAreas } from './stats.ts'
import type { Plan } from './mapping.ts'
import { COUNTY_TABLE } from '../../contract/counties.ts'
import { AREA_LEVELS, type AreaLevel } from '../../contract/domains.ts'

/**
 * The areas of a file whose rows are of several levels: the counties and every unit, a spelling claimed at two levels
 * suggesting the coarser (each row is still checked at its own level).
 */
function everyUnit(plan: Plan): UnitAreas {
  const out: UnitAreas = {
    domain: COUNTY_TABLE.map((c) => c.code),
    lookup: new Map(plan.lookups?.area),
    ids: new Map(),
  }
  for (const level of ['sub_county', 'ward']) {
    const u = plan.units?.[level]
    if (!u) continue
    out.domain.push(...u.domain)
    for (const [k, v] of u.lookup) if (!out.lookup.has(k)) out.lookup.set(k, v)
  }
  return out
}

/** A statistics file's level: the fixed one, else the one value its level column gives (mixed: several), else county. */
async function fileLevel(q: Queryable, b: BatchRecord, column: string | undefined): Promise<AreaLevel | 'mixed'> {
  const fixed = b.fixed?.area_level
  if (typeof fixed === 'string' && (AREA_LEVELS as readonly string[]).includes(fixed)) return fixed as AreaLevel
  if (column === undefined) return 'county'
  const r = await q.query<{ v: string }>(
    `SELECT DISTINCT lower(replace(btrim(properties ->> $2::text), '-', '_')) AS v FROM import_rows
     WHERE batch_id = $1 AND coalesce(btrim(properties ->> $2::text), '') <> '' LIMIT 2`,
    [b.id, column],
  )
  if (r.rows.length > 1) return 'mixed'
  const only = r.rows[0]?.v.replace(/\s+/g, '_')
  return only !== undefined && (AREA_LEVELS as readonly string[]).includes(only) ? (only as AreaLevel) : 'county'
}

// The distinct values a batch's coded fields take, for the user to confirm or change what each one becomes.

export interface ValueRow {
  /** The value as the file gives it (or as derived from another column), trimmed. */
  source: string
  rows: number
  /** What the rules suggest (null: none does). */
  suggested: string | null
  /** What the value becomes under the batch's plan: the user's recode, else the suggestion; null = unmapped. */
  target: string | null
}

/** Most distinct values listed per field: a column of free text mapped onto a coded field is a mistake to show. */
export const MAX_VALUES = 500

/** field → its distinct values with row counts, suggestions and targets, for every coded field a column feeds. */
export async function valueTable(q: Queryable, b: BatchRecord): Promise<Record<string, ValueRow[]>> {
  const out: Record<string, ValueRow[]> = {}
  const columnOf = new Map(
    Object.entries(b.mapping)
      .filter(([, f]) => f !== null)
      .map(([col, f]) => [f as string, col]),
  )
  const c = collectionOf(b.collection)
  let plan = await withLookups(q, c, planOf(b))
  let targets = importTargets(c)
  if (c.id === 'incident_stats') {
    // Area names are suggested among the areas of the file's level (each row is checked at its own level).
    const level = await fileLevel(q, b, columnOf.get('area_level'))
    const units = level === 'county' ? undefined : level === 'mixed' ? everyUnit(plan) : plan.units?.[level]
    const area = areaTargetsOf(targets, plan.lookups ?? {}, level === 'mixed' ? 'sub_county' : level, units)
    targets = area.targets
    plan = { ...plan, lookups: area.lookups }
  }
  for (const t of targets) {
    if (!t.domain) continue
    const derive = b.derive?.[t.name]
    const column = derive?.column ?? columnOf.get(t.name)
    if (column === undefined) continue
    const r = await q.query<{ v: string; n: number }>(
      `SELECT btrim(properties ->> $2::text) AS v, count(*)::int AS n FROM import_rows
       WHERE batch_id = $1 AND coalesce(btrim(properties ->> $2::text), '') <> ''
       GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT $3`,
      [b.id, column, MAX_VALUES],
    )
    const counts = new Map<string, number>()
    for (const { v, n } of r.rows) {
      const source = derive ? DERIVE_RULES[derive.rule].apply(v) : v
      if (source !== null) counts.set(source, (counts.get(source) ?? 0) + Number(n))
    }
    const recode = b.recode?.[t.name] ?? {}
    out[t.name] = [...counts]
      .sort((x, y) => y[1] - x[1] || codepoints(x[0], y[0]))
      .map(([source, rows]) => {
        const suggested = suggestFor(t, plan, source)
        return { source, rows, suggested, target: recode[source] ?? suggested }
      })
  }
  return out
}
