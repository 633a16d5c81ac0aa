import type { AreaScope } from '../access/scope.ts'
import type { Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'
import { ApiError } from '../http/errors.ts'
import type { Collection } from './collections.ts'
import { featureSql, whereSql } from './query.ts'

// All SQL that changes collection items. Every function runs inside the caller's transaction, beside its audit row.

export interface Current {
  feature: Record<string, unknown>
  version: number
}

/** The item as it is now, locked until the transaction ends; undefined when absent or outside the caller's area. */
export async function lockItem(tx: Queryable, c: Collection, id: string | number, area: AreaScope): Promise<Current | undefined> {
  const p = paramList([id])
  const r = await tx.query<{ f: string; version: number }>(
    `SELECT ${featureSql(c)} AS f, t.version FROM ${c.table} t
     WHERE t.${c.idColumn} = $1 AND ${whereSql(c, { equals: [] }, area, p)} FOR UPDATE`,
    p.values,
  )
  const row = r.rows[0]
  return row ? { feature: JSON.parse(row.f), version: row.version } : undefined
}

function geomSql(c: Collection, placeholder: string) {
  const g = `ST_SetSRID(ST_GeomFromGeoJSON(${placeholder}), 4326)`
  return c.geometry === 'MultiPolygon' ? `ST_Multi(${g})` : g
}

/** Refuses geometry PostGIS considers invalid (self-intersections, spikes), naming the reason. */
export async function assertValidGeometry(tx: Queryable, geometry: unknown) {
  const r = await tx.query<{ valid: boolean; reason: string }>(
    'SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason FROM (SELECT ST_GeomFromGeoJSON($1) AS g) s',
    [JSON.stringify(geometry)],
  )
  if (!r.rows[0]?.valid) throw new ApiError(400, 'invalid_geometry', `The geometry is not valid: ${r.rows[0]?.reason ?? 'unknown reason'}.`, 'geometry')
}

export async function insertItem(
  tx: Queryable,
  c: Collection,
  properties: Record<string, unknown>,
  geometry: unknown,
  actor: string,
  source: 'field' | 'import',
  importBatchId?: number,
): Promise<number | string> {
  await assertValidGeometry(tx, geometry)
  const p = paramList()
  const cols = Object.keys(properties)
  const values = cols.map((k) => p.add(properties[k]))
  const extra = importBatchId === undefined ? '' : `, ${p.add(importBatchId)}`
  const r = await tx.query<{ id: number | string }>(
    `INSERT INTO ${c.table} (${[...cols, 'source', 'updated_by', 'geom'].join(', ')}${importBatchId === undefined ? '' : ', import_batch_id'})
     VALUES (${[...values, p.add(source), p.add(actor), geomSql(c, p.add(JSON.stringify(geometry)))].join(', ')}${extra})
     RETURNING ${c.idColumn} AS id`,
    p.values,
  )
  return r.rows[0]!.id
}

/** Sets the given properties (the value `null` clears, `DEFAULT` restores the column default) and optionally the geometry. */
export async function updateItem(
  tx: Queryable,
  c: Collection,
  id: string | number,
  properties: Record<string, unknown | typeof DEFAULT>,
  geometry: unknown | undefined,
  actor: string,
): Promise<void> {
  if (geometry !== undefined) await assertValidGeometry(tx, geometry)
  const p = paramList([id])
  const sets = Object.entries(properties).map(([k, v]) => `${k} = ${v === DEFAULT ? 'DEFAULT' : p.add(v)}`)
  sets.push(`updated_by = ${p.add(actor)}`)
  if (geometry !== undefined) sets.push(`geom = ${geomSql(c, p.add(JSON.stringify(geometry)))}`)
  await tx.query(`UPDATE ${c.table} SET ${sets.join(', ')} WHERE ${c.idColumn} = $1`, p.values)
}

export const DEFAULT: unique symbol = Symbol('DEFAULT')

export async function deleteItem(tx: Queryable, c: Collection, id: string | number): Promise<void> {
  await tx.query(`DELETE FROM ${c.table} WHERE ${c.idColumn} = $1`, [id])
}

/** After a write, the row must still lie in the writer's area (a field officer cannot move an asset out of theirs). */
export async function assertInArea(tx: Queryable, c: Collection, id: string | number, area: AreaScope) {
  if (!c.scoped || area.kind === 'national') return
  const p = paramList([id])
  const r = await tx.query(`SELECT 1 FROM ${c.table} t WHERE t.${c.idColumn} = $1 AND ${whereSql(c, { equals: [] }, area, p)}`, p.values)
  if (r.rows.length === 0) throw new ApiError(403, 'out_of_area', 'The feature would lie outside the area you may edit.', 'geometry')
}
