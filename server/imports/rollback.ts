import { NATIONAL } from '../access/scope.ts'
import { COLLECTIONS, type Collection } from '../assets/collections.ts'
import { reassignCounties } from '../assets/county-assignment.ts'
import { featureSql } from '../assets/query.ts'
import { lockItem } from '../assets/write.ts'
import { writeAudit } from '../audit/log.ts'
import type { Queryable } from '../db/index.ts'
import { DomainError, fail } from '../errors.ts'
import { batchDto, loadBatch, type BatchDto, type BatchRecord } from './batches.ts'
import type { Actor } from './commit.ts'
import { collectionOf } from './mapping.ts'
import { clearProgress, setProgress } from './progress.ts'

// DELETE of an import: a staged one is discarded; a committed one is rolled back as a whole in one transaction —
// its rows deleted (county boundaries and regions restored), each with an audit row. Rows that someone changed after
// the import (version above the imported one) are not silently thrown away: the rollback is refused with 409 naming
// them, unless the caller says force.

export interface Changed {
  id: string | number
  name: string
  version: number
  updated_by: string
  updated_at: string
}

const MAX_NAMED = 100

function changedError(b: BatchRecord, what: string, changed: Changed[]): DomainError {
  const named = changed
    .slice(0, 5)
    .map((r) => `${r.id} "${r.name}" (version ${r.version}, by ${r.updated_by} at ${r.updated_at})`)
    .join('; ')
  return fail(
    'changed_since_import',
    `${changed.length} ${what} of import ${b.id} changed after it was committed: ${named}${changed.length > 5 ? '; …' : ''}. ` +
      'Rolling back would discard those changes; send force=true to roll back anyway.',
    { parameter: 'force', details: { changed: changed.slice(0, MAX_NAMED), changed_count: changed.length } },
  )
}

export async function deleteImport(tx: Queryable, id: number, actor: Actor, force: boolean): Promise<BatchDto> {
  const b = await loadBatch(tx, id, true)
  switch (b.status) {
    case 'staging':
    case 'staged':
    case 'failed':
      await tx.query('DELETE FROM import_rows WHERE batch_id = $1', [id])
      await tx.query(
        `UPDATE import_batches SET status = 'discarded', rolled_back_by = $2, rolled_back_at = now() WHERE id = $1`,
        [id, actor.username],
      )
      return batchDto(await loadBatch(tx, id))
    case 'rolled_back':
    case 'discarded':
      throw fail(
        `already_${b.status}`,
        `Import ${id} was already ${b.status.replace('_', ' ')} by ${b.rolled_back_by} at ${b.rolled_back_at}.`,
      )
  }
  const c = collectionOf(b.collection)
  try {
    const rollback =
      c.id === 'counties' ? await restoreCounties(tx, b, actor, force) : await deleteAssets(tx, c, b, actor, force)
    await tx.query(
      `UPDATE import_batches SET status = 'rolled_back', rolled_back_by = $2, rolled_back_at = now(),
              result = coalesce(result, '{}'::jsonb) || jsonb_build_object('rollback', $3::jsonb) WHERE id = $1`,
      [id, actor.username, JSON.stringify(rollback)],
    )
    await writeAudit(tx, {
      actor: actor.username,
      action: 'rollback',
      collection: c.id,
      itemId: null,
      before: null,
      after: { import_batch_id: id, filename: b.filename, ...rollback },
      requestId: actor.requestId,
    })
    return batchDto(await loadBatch(tx, id))
  } finally {
    clearProgress(id)
  }
}

async function deleteAssets(tx: Queryable, c: Collection, b: BatchRecord, actor: Actor, force: boolean) {
  setProgress(b.id, 'rolling_back', 0, b.total)
  const changed = await tx.query<Changed>(
    `SELECT t.id, t.name, t.version, t.updated_by, t.updated_at FROM ${c.table} t
     WHERE t.import_batch_id = $1 AND t.version > 1 ORDER BY t.id FOR UPDATE`,
    [b.id],
  )
  if (changed.rows.length && !force) throw changedError(b, `${c.id} rows`, changed.rows)
  if (c.boundary) await refuseUnitsWithStatistics(tx, b)
  await tx.query(
    `INSERT INTO audit_log (actor, action, collection, item_id, before, after, request_id)
     SELECT $2, 'rollback', $3, t.id::text, (${featureSql(c)})::jsonb, NULL, $4 FROM ${c.table} t WHERE t.import_batch_id = $1 ORDER BY t.id`,
    [b.id, actor.username, c.id, actor.requestId],
  )
  const deleted = await tx.query(`DELETE FROM ${c.table} WHERE import_batch_id = $1`, [b.id])
  const inserted = Number((b.result as { inserted?: number } | null)?.inserted ?? deleted.rowCount)
  return {
    deleted: deleted.rowCount,
    // Rows deleted by someone since the import are simply gone already.
    already_deleted: Math.max(0, inserted - deleted.rowCount),
    forced: force && changed.rows.length > 0,
    changed: changed.rows.map((r) => r.id),
  }
}

/**
 * Boundaries that statistics are drawn with are not rolled back from under them (not even with force: the figures
 * would lose their area): the statistics imports that use them are named, to be rolled back first.
 */
async function refuseUnitsWithStatistics(tx: Queryable, b: BatchRecord) {
  const used = await tx.query<{ batch: string | null; n: number }>(
    `SELECT s.import_batch_id::text AS batch, count(*)::int AS n FROM incident_stat_rows s
     JOIN admin_units u ON u.id = s.area_unit_id WHERE u.import_batch_id = $1 GROUP BY 1 ORDER BY 1`,
    [b.id],
  )
  if (used.rows.length === 0) return
  const named = used.rows.map((r) => (r.batch ? `import ${r.batch} (${r.n} rows)` : `${r.n} rows entered by hand`))
  throw fail(
    'conflict',
    `Statistics are drawn with units of import ${b.id}: ${named.join(', ')}. Roll those back (or delete them) first.`,
    { details: { statistics: used.rows } },
  )
}

async function restoreCounties(tx: Queryable, b: BatchRecord, actor: Actor, force: boolean) {
  const replaced = await tx.query<{ collection: 'counties' | 'regions'; item_id: string; after_version: number }>(
    'SELECT collection, item_id, after_version FROM import_replacements WHERE batch_id = $1 ORDER BY collection, item_id',
    [b.id],
  )
  const changed: Changed[] = []
  for (const r of replaced.rows) {
    const cur = await tx.query<Changed>(
      `SELECT code AS id, name, version, updated_by, updated_at FROM ${COLLECTIONS[r.collection].table} WHERE code = $1 FOR UPDATE`,
      [r.item_id],
    )
    if (cur.rows[0] && cur.rows[0].version !== r.after_version) changed.push(cur.rows[0])
  }
  if (changed.length && !force) throw changedError(b, 'counties or regions', changed)
  let done = 0
  for (const r of replaced.rows) {
    const c = COLLECTIONS[r.collection]
    const before = await lockItem(tx, c, r.item_id, NATIONAL)
    await tx.query(
      `UPDATE ${c.table} t SET geom = r.before_geom, source = r.before_source, updated_by = $3
       FROM import_replacements r WHERE r.batch_id = $1 AND r.collection = $4 AND r.item_id = $2 AND t.code = r.item_id`,
      [b.id, r.item_id, actor.username, r.collection],
    )
    const after = await lockItem(tx, c, r.item_id, NATIONAL)
    await writeAudit(tx, {
      actor: actor.username,
      action: 'rollback',
      collection: c.id,
      itemId: r.item_id,
      before: before?.feature ?? null,
      after: after?.feature ?? null,
      requestId: actor.requestId,
    })
    setProgress(b.id, 'rolling_back', ++done, replaced.rows.length)
  }
  const reassigned = await reassignCounties(tx, actor, 'rollback')
  const of = (k: string) => replaced.rows.filter((r) => r.collection === k).map((r) => r.item_id)
  return {
    restored: of('counties').length,
    counties: of('counties'),
    regions: of('regions'),
    reassigned,
    forced: force && changed.length > 0,
    changed: changed.map((r) => r.id),
  }
}
