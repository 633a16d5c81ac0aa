import type { AreaScope } from '../access/scope.ts'
import { NATIONAL } from '../access/scope.ts'
import { COLLECTIONS, type Collection } from '../assets/collections.ts'
import { reassignCounties } from '../assets/county-assignment.ts'
import { featureSql, whereSql } from '../assets/query.ts'
import { insertItems, lockItem, updateItem } from '../assets/write.ts'
import { writeAudit } from '../audit/log.ts'
import type { Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'
import { DomainError, fail } from '../errors.ts'
import { batchDto, loadBatch, planOf, reportOf, validateBatch, type BatchDto, type BatchRecord } from './batches.ts'
import { checkPlan, collectionOf, type PlanInput } from './mapping.ts'
import { clearProgress, setProgress } from './progress.ts'
import type { PreparedRow } from './validation.ts'

// Commit: one transaction (the caller's) that validates every staged row under the final mapping and then inserts
// all of them, or changes nothing. Imported assets get source 'import' and the batch id; county boundaries are
// replaced in place (their old geometry kept for rollback), the regions are dissolved again from their counties and
// every asset is placed again in the county that now holds it.

export interface Actor {
  username: string
  requestId: string
  area: AreaScope
}

const INSERT_CHUNK = 5000

export function notCommittable(b: BatchRecord): DomainError | undefined {
  switch (b.status) {
    case 'staged':
      return undefined
    case 'committed':
      return fail(
        'already_committed',
        `Import ${b.id} was already committed by ${b.committed_by} at ${b.committed_at}; committing it again would duplicate its rows.`,
      )
    case 'staging':
      return fail('not_ready', `Import ${b.id} is still being read.`)
    case 'failed':
      return fail('import_failed', `Import ${b.id} failed and cannot be committed.`)
    default:
      return fail(
        `already_${b.status}`,
        `Import ${b.id} is already ${b.status.replace('_', ' ')} and cannot be committed.`,
      )
  }
}

export async function commitImport(
  tx: Queryable,
  id: number,
  actor: Actor,
  override: PlanInput = {},
): Promise<BatchDto> {
  const b = await loadBatch(tx, id, true)
  const refused = notCommittable(b)
  if (refused) throw refused
  const c = collectionOf(b.collection)
  const stored = planOf(b)
  const plan =
    override.mapping || override.fixed || override.recode || override.derive
      ? checkPlan(
          c,
          b.columns,
          override.mapping ?? stored.mapping,
          override.fixed ?? stored.fixed,
          override.recode ?? stored.recode,
          override.derive ?? stored.derive,
        )
      : stored
  try {
    const v = await validateBatch(tx, b, plan, (done) => setProgress(id, 'validating', done, b.total))
    const report = reportOf(v, b.total)
    if (v.errors.length) {
      const first = v.errors[0]!
      const unmapped = report.unmapped.length
        ? ` Values with no target: ${report.unmapped
            .slice(0, 10)
            .map((u) => `${u.field} ${JSON.stringify(u.source)} (${u.rows} row${u.rows === 1 ? '' : 's'})`)
            .join(', ')}${report.unmapped.length > 10 ? ', …' : ''}: recode them.`
        : ''
      throw fail(
        'invalid_rows',
        `${v.invalidRows} of ${b.total} rows are invalid, so nothing was imported. First: row ${first.row}, ${first.field}: ${first.message}.${unmapped}`,
        { details: report },
      )
    }
    const result =
      c.id === 'counties' ? await replaceCounties(tx, b, v.ok, actor) : await insertAssets(tx, c, b, v.ok, actor)
    await tx.query(
      `UPDATE import_batches SET status = 'committed', mapping = $2::jsonb, fixed = $6::jsonb, report = $3::jsonb, result = $4::jsonb,
              committed_by = $5, committed_at = now(), recode = $7::jsonb, derive = $8::jsonb WHERE id = $1`,
      [
        id,
        JSON.stringify(plan.mapping),
        JSON.stringify(report),
        JSON.stringify(result),
        actor.username,
        JSON.stringify(plan.fixed),
        JSON.stringify(plan.recode),
        JSON.stringify(plan.derive),
      ],
    )
    await tx.query('DELETE FROM import_rows WHERE batch_id = $1', [id])
    await writeAudit(tx, {
      actor: actor.username,
      action: 'import',
      collection: c.id,
      itemId: null,
      before: null,
      after: { import_batch_id: id, filename: b.filename, format: b.format, ...result },
      requestId: actor.requestId,
    })
    return batchDto(await loadBatch(tx, id))
  } finally {
    clearProgress(id)
  }
}

async function insertAssets(tx: Queryable, c: Collection, b: BatchRecord, rows: PreparedRow[], actor: Actor) {
  let inserted = 0
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    inserted += await insertItems(tx, c, rows.slice(i, i + INSERT_CHUNK), actor.username, 'import', b.id)
    setProgress(b.id, 'committing', Math.min(rows.length, i + INSERT_CHUNK), rows.length)
  }
  // Whoever imports must be able to edit every row afterwards (a no-op for national roles).
  if (c.scoped && actor.area.kind !== 'national') {
    const p = paramList([b.id])
    const outside = await tx.query<{ n: number }>(
      `SELECT count(*) AS n FROM ${c.table} t WHERE t.import_batch_id = $1 AND NOT (${whereSql(c, { equals: [] }, actor.area, p)})`,
      p.values,
    )
    if (outside.rows[0]!.n > 0)
      throw fail(
        'out_of_area',
        `${outside.rows[0]!.n} rows would lie outside the area you may edit; nothing was imported.`,
      )
  }
  // One audit row per imported feature, written in SQL beside the rows themselves.
  await tx.query(
    `INSERT INTO audit_log (actor, action, collection, item_id, before, after, request_id)
     SELECT $2, 'import', $3, t.id::text, NULL, (${featureSql(c)})::jsonb, $4 FROM ${c.table} t WHERE t.import_batch_id = $1 ORDER BY t.id`,
    [b.id, actor.username, c.id, actor.requestId],
  )
  return { inserted }
}

async function replaceCounties(tx: Queryable, b: BatchRecord, rows: PreparedRow[], actor: Actor) {
  const counties = COLLECTIONS.counties
  const regions = COLLECTIONS.regions
  const audit = (collection: Collection, id: string, before: unknown, after: unknown) =>
    writeAudit(tx, {
      actor: actor.username,
      action: 'import',
      collection: collection.id,
      itemId: id,
      before,
      after,
      requestId: actor.requestId,
    })
  let done = 0
  for (const r of rows) {
    const code = r.county!.code
    const before = await lockItem(tx, counties, code, NATIONAL)
    if (!before) throw fail('conflict', `County ${code} is missing from the database.`)
    await tx.query(
      `INSERT INTO import_replacements (batch_id, collection, item_id, before_source, before_geom, after_version)
       SELECT $1, 'counties', code, source, geom, 0 FROM counties WHERE code = $2`,
      [b.id, code],
    )
    await updateItem(tx, counties, code, { source: 'import' }, r.geometry, actor.username)
    const after = (await lockItem(tx, counties, code, NATIONAL))!
    await tx.query(
      `UPDATE import_replacements SET after_version = $3 WHERE batch_id = $1 AND collection = 'counties' AND item_id = $2`,
      [b.id, code, after.version],
    )
    await audit(counties, code, before.feature, after.feature)
    setProgress(b.id, 'committing', ++done, rows.length)
  }
  // Regions are the union of their counties: dissolve again those whose counties changed.
  const codes = [...new Set(rows.map((r) => r.county!.region_code))].sort()
  for (const code of codes) {
    const before = (await lockItem(tx, regions, code, NATIONAL))!
    await tx.query(
      `INSERT INTO import_replacements (batch_id, collection, item_id, before_source, before_geom, after_version)
       SELECT $1, 'regions', code, source, geom, 0 FROM regions WHERE code = $2`,
      [b.id, code],
    )
    await tx.query(
      `UPDATE regions SET updated_by = $2,
         geom = (SELECT ST_Multi(ST_CollectionExtract(ST_Union(c.geom), 3)) FROM counties c WHERE c.region_code = $1)
       WHERE code = $1`,
      [code, actor.username],
    )
    const after = (await lockItem(tx, regions, code, NATIONAL))!
    await tx.query(
      `UPDATE import_replacements SET after_version = $3 WHERE batch_id = $1 AND collection = 'regions' AND item_id = $2`,
      [b.id, code, after.version],
    )
    await audit(regions, code, before.feature, after.feature)
  }
  setProgress(b.id, 'placing_assets', rows.length, rows.length)
  const reassigned = await reassignCounties(tx, actor, 'import')
  return { replaced: rows.length, counties: rows.map((r) => r.county!.code).sort(), regions: codes, reassigned }
}
