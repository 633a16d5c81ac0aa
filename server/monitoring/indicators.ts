import { z } from 'zod'
import { writeAudit } from '../audit/log.ts'
import type { Db, Queryable } from '../db/index.ts'
import { fail } from '../errors.ts'
import { QUALIFIERS, UNITS } from '../../contract/indicators.ts'

// M&E indicator records (the report's Annex III table and others): a target, periodic values and where each figure
// comes from. Admins and planners edit them; every change is written to the audit log in the same transaction
// (collection 'me_indicators', item = indicator id; values: collection 'me_indicator_values', item "<id>/<period>").

export { QUALIFIERS, UNITS }
export const PERIOD = /^\d{4}(Q[1-4]|-(0[1-9]|1[0-2]))?$/
export const INDICATOR_ID = /^[a-z][a-z0-9_]{1,62}$/

const text = (max: number) => z.string().trim().min(1).max(max)

export const IndicatorFields = z.strictObject({
  name: text(200),
  name_sw: text(200),
  unit: z.enum(UNITS),
  direction: z.enum(['higher', 'lower']),
  target: z.number().finite().min(0).max(1e12),
  target_text: text(60).nullable().optional(),
  remarks: text(500).nullable().optional(),
  source: text(2000),
  sort_order: z.number().int().min(0).max(100000).optional(),
})
export const IndicatorCreate = IndicatorFields.extend({
  id: z.string().regex(INDICATOR_ID, 'lower-case letters, digits and _ (2–63), starting with a letter'),
})
export const IndicatorPatch = IndicatorFields.partial().extend({
  /** The version the editor started from: a newer one on the server → 412. */
  version: z.number().int().min(1).optional(),
})
export const ValueInput = z.strictObject({
  value: z.number().finite().min(-1e12).max(1e12),
  qualifier: z.enum(QUALIFIERS).default('exact'),
  value_text: text(60).nullable().optional(),
  source_note: text(2000),
})

export interface IndicatorValue {
  period: string
  value: number
  qualifier: (typeof QUALIFIERS)[number]
  value_text: string | null
  source_note: string
  recorded_at: string
  recorded_by: string
}

export interface Indicator {
  id: string
  name: string
  name_sw: string
  unit: (typeof UNITS)[number]
  direction: 'higher' | 'lower'
  target: number
  target_text: string | null
  remarks: string | null
  source: string
  sort_order: number
  version: number
  updated_at: string
  updated_by: string
  /** Oldest first. */
  values: IndicatorValue[]
  latest: IndicatorValue | null
  /** Latest value toward the target (higher: value ÷ target; lower: target ÷ value), uncapped; null without a value. */
  progress: number | null
}

/** A sort key by the month a period ends in; at the same month a month sorts before its quarter, a quarter before its year. */
export function periodEnd(period: string): string {
  const [y, rest] = [period.slice(0, 4), period.slice(4)]
  if (!rest) return `${y}-12-2`
  if (rest.startsWith('Q')) return `${y}-${String(Number(rest[1]) * 3).padStart(2, '0')}-1`
  return `${y}-${rest.slice(1)}-0`
}

export function progressOf(direction: 'higher' | 'lower', target: number, value: number | undefined): number | null {
  if (value === undefined) return null
  if (direction === 'higher') return target > 0 ? value / target : null
  return value > 0 ? target / value : 1
}

const COLUMNS =
  'id, name, name_sw, unit, direction, target, target_text, remarks, source, sort_order, version, updated_at, updated_by'
type Row = Omit<Indicator, 'values' | 'latest' | 'progress'>

async function withValues(q: Queryable, rows: Row[]): Promise<Indicator[]> {
  if (!rows.length) return []
  const v = await q.query<IndicatorValue & { indicator_id: string }>(
    `SELECT indicator_id, period, value, qualifier, value_text, source_note, recorded_at, recorded_by
     FROM me_indicator_values WHERE indicator_id = ANY($1::text[])`,
    [rows.map((r) => r.id)],
  )
  return rows.map((r) => {
    const values = v.rows
      .filter((x) => x.indicator_id === r.id)
      .map(({ indicator_id: _, ...x }) => x)
      .sort((a, b) => periodEnd(a.period).localeCompare(periodEnd(b.period)))
    const latest = values[values.length - 1] ?? null
    return { ...r, values, latest, progress: progressOf(r.direction, r.target, latest?.value) }
  })
}

export async function listIndicators(q: Queryable): Promise<Indicator[]> {
  const r = await q.query<Row>(`SELECT ${COLUMNS} FROM me_indicators ORDER BY sort_order, id`)
  return withValues(q, r.rows)
}

async function one(q: Queryable, id: string, lock = false): Promise<Row | undefined> {
  return (await q.query<Row>(`SELECT ${COLUMNS} FROM me_indicators WHERE id = $1${lock ? ' FOR UPDATE' : ''}`, [id]))
    .rows[0]
}

const missing = (id: string) => fail('not_found', `No indicator ${id}.`)

export interface IndicatorChange {
  at: string
  actor: string
  action: string
  collection: string
  item_id: string
  before: unknown
  after: unknown
}

/** One indicator with its values and its audited changes (newest first). */
export async function getIndicator(
  q: Queryable,
  id: string,
): Promise<(Indicator & { history: IndicatorChange[] }) | undefined> {
  const row = await one(q, id)
  if (!row) return undefined
  const [indicator] = await withValues(q, [row])
  const h = await q.query<IndicatorChange>(
    `SELECT at, actor, action, collection, item_id, before, after FROM audit_log
     WHERE (collection = 'me_indicators' AND item_id = $1) OR (collection = 'me_indicator_values' AND split_part(item_id, '/', 1) = $1)
     ORDER BY id DESC LIMIT 200`,
    [id],
  )
  return { ...indicator!, history: h.rows }
}

export async function createIndicator(
  db: Db,
  input: z.infer<typeof IndicatorCreate>,
  actor: string,
  requestId: string,
): Promise<Indicator> {
  return db.transaction(async (tx) => {
    if (await one(tx, input.id)) throw fail('conflict', `An indicator ${input.id} already exists.`)
    await tx.query(
      `INSERT INTO me_indicators (id, name, name_sw, unit, direction, target, target_text, remarks, source, sort_order, updated_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, (SELECT coalesce(max(sort_order), 0) + 10 FROM me_indicators)), $11)`,
      [
        input.id,
        input.name,
        input.name_sw,
        input.unit,
        input.direction,
        input.target,
        input.target_text ?? null,
        input.remarks ?? null,
        input.source,
        input.sort_order ?? null,
        actor,
      ],
    )
    const after = (await one(tx, input.id))!
    await writeAudit(tx, {
      actor,
      action: 'create',
      collection: 'me_indicators',
      itemId: input.id,
      before: null,
      after,
      requestId,
    })
    return (await withValues(tx, [after]))[0]!
  })
}

export async function updateIndicator(
  db: Db,
  id: string,
  patch: z.infer<typeof IndicatorPatch>,
  actor: string,
  requestId: string,
): Promise<Indicator> {
  return db.transaction(async (tx) => {
    const before = await one(tx, id, true)
    if (!before) throw missing(id)
    const { version, ...fields } = patch
    if (version !== undefined && version !== before.version) {
      throw fail(
        'precondition_failed',
        `Indicator ${id} was changed by ${before.updated_by} (version ${before.version}, yours ${version}).`,
        { extra: { current: before } },
      )
    }
    // Column names come from the zod schema's fixed keys, never from the request's own key list.
    const allowed = Object.keys(IndicatorFields.shape) as (keyof typeof fields)[]
    const sets: string[] = []
    const values: unknown[] = [id]
    for (const k of allowed) {
      if (fields[k] === undefined) continue
      values.push(fields[k])
      sets.push(`${k} = $${values.length}`)
    }
    if (sets.length === 0) throw fail('invalid_body', 'Nothing to change.')
    values.push(actor)
    await tx.query(
      `UPDATE me_indicators SET ${sets.join(', ')}, version = version + 1, updated_at = now(), updated_by = $${values.length} WHERE id = $1`,
      values,
    )
    const after = (await one(tx, id))!
    await writeAudit(tx, { actor, action: 'update', collection: 'me_indicators', itemId: id, before, after, requestId })
    return (await withValues(tx, [after]))[0]!
  })
}

export async function deleteIndicator(db: Db, id: string, actor: string, requestId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const before = await one(tx, id, true)
    if (!before) throw missing(id)
    const [full] = await withValues(tx, [before])
    await tx.query('DELETE FROM me_indicators WHERE id = $1', [id])
    await writeAudit(tx, {
      actor,
      action: 'delete',
      collection: 'me_indicators',
      itemId: id,
      before: { ...before, values: full!.values },
      after: null,
      requestId,
    })
  })
}

/** Records (or corrects) the value of one period, audited. */
export async function putValue(
  db: Db,
  id: string,
  period: string,
  input: z.infer<typeof ValueInput>,
  actor: string,
  requestId: string,
): Promise<{ created: boolean; indicator: Indicator }> {
  return db.transaction(async (tx) => {
    const row = await one(tx, id, true)
    if (!row) throw missing(id)
    const before = (
      await tx.query<IndicatorValue>(
        `SELECT period, value, qualifier, value_text, source_note, recorded_at, recorded_by FROM me_indicator_values
       WHERE indicator_id = $1 AND period = $2 FOR UPDATE`,
        [id, period],
      )
    ).rows[0]
    const after = (
      await tx.query<IndicatorValue>(
        `INSERT INTO me_indicator_values (indicator_id, period, value, qualifier, value_text, source_note, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (indicator_id, period) DO UPDATE SET value = EXCLUDED.value, qualifier = EXCLUDED.qualifier,
         value_text = EXCLUDED.value_text, source_note = EXCLUDED.source_note, recorded_at = now(), recorded_by = EXCLUDED.recorded_by
       RETURNING period, value, qualifier, value_text, source_note, recorded_at, recorded_by`,
        [id, period, input.value, input.qualifier, input.value_text ?? null, input.source_note, actor],
      )
    ).rows[0]!
    await writeAudit(tx, {
      actor,
      action: before ? 'update' : 'create',
      collection: 'me_indicator_values',
      itemId: `${id}/${period}`,
      before: before ?? null,
      after,
      requestId,
    })
    return { created: !before, indicator: (await withValues(tx, [row]))[0]! }
  })
}

export async function deleteValue(db: Db, id: string, period: string, actor: string, requestId: string): Promise<void> {
  await db.transaction(async (tx) => {
    const r = await tx.query<IndicatorValue>(
      `DELETE FROM me_indicator_values WHERE indicator_id = $1 AND period = $2
       RETURNING period, value, qualifier, value_text, source_note, recorded_at, recorded_by`,
      [id, period],
    )
    if (!r.rows[0]) throw fail('not_found', `Indicator ${id} has no value for ${period}.`)
    await writeAudit(tx, {
      actor,
      action: 'delete',
      collection: 'me_indicator_values',
      itemId: `${id}/${period}`,
      before: r.rows[0],
      after: null,
      requestId,
    })
  })
}
