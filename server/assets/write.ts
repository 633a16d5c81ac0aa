import type { AreaScope } from '../access/scope.ts'
import type { Queryable } from '../db/index.ts'
import { paramList } from '../db/sql.ts'
import { fail } from '../errors.ts'
import type { Collection } from './collections.ts'
import { featureSql, whereSql } from './query.ts'

// All SQL that changes collection items. Every function runs inside the caller's transaction, beside its audit row.

export interface Current {
  feature: Record<string, unknown>
  version: number
}

/** The item as it is now, locked until the transaction ends; undefined when absent or outside the caller's area. */
export async function lockItem(
  tx: Queryable,
  c: Collection,
  id: string | number,
  area: AreaScope,
): Promise<Current | undefined> {
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

/**
 * Refuses geometry PostGIS considers invalid (self-intersections, spikes) and lines that cross themselves, naming the
 * reason; `loop` says the caller means the line to cross itself (a road's `loop` property).
 */
export async function assertValidGeometry(tx: Queryable, geometry: unknown, loop = false) {
  const reason = (await geometryProblems(tx, [geometry], [loop])).get(0)
  if (reason !== undefined)
    throw fail('invalid_geometry', `The geometry is not valid: ${reason}.`, { parameter: 'geometry' })
}

const CROSSES_ITSELF =
  'the line crosses itself (split it where it crosses, draw a loop as a closed line, or set loop to true if the crossing is meant)'

/**
 * The same check for many geometries in one statement (imports): index → PostGIS's reason, for the invalid ones.
 * `loops[i]` true lets line i cross itself.
 */
export async function geometryProblems(
  tx: Queryable,
  geometries: unknown[],
  loops: boolean[] = [],
): Promise<Map<number, string>> {
  const r = await tx.query<{ i: number; reason: string }>(
    // A line that crosses itself is valid to PostGIS but not a road: routing would treat the crossing as no junction.
    // A closed loop (a ring road, a roundabout) is simple and passes; a figure-of-eight passes only when meant.
    `SELECT e.n - 1 AS i,
            CASE WHEN NOT ST_IsValid(s.g) THEN ST_IsValidReason(s.g) ELSE $3 END AS reason
     FROM json_array_elements($1::json) WITH ORDINALITY AS e(value, n), LATERAL (SELECT ST_GeomFromGeoJSON(e.value::text) AS g) s
     WHERE NOT ST_IsValid(s.g)
        OR (ST_Dimension(s.g) = 1 AND NOT ST_IsSimple(s.g) AND NOT coalesce(($2::jsonb ->> (e.n - 1)::int)::boolean, false))`,
    [JSON.stringify(geometries), JSON.stringify(loops.map(Boolean)), CROSSES_ITSELF],
  )
  return new Map(r.rows.map((row) => [Number(row.i), row.reason]))
}

const hasLoopField = (c: Collection) => c.fields.some((f) => f.name === 'loop')

/**
 * Before an update: the line written, or the one stored when only the `loop` flag changes, must not cross itself
 * unless the road is (or stays) marked as a loop. The stored flag counts when the update leaves it alone.
 */
async function assertLineShape(
  tx: Queryable,
  c: Collection,
  id: string | number,
  properties: Record<string, unknown>,
  geometry: unknown | undefined,
) {
  if (!hasLoopField(c)) {
    if (geometry !== undefined) await assertValidGeometry(tx, geometry)
    return
  }
  const given = 'loop' in properties
  if (geometry === undefined && !given) return
  const loop = given
    ? properties.loop === true
    : (await tx.query<{ loop: boolean }>(`SELECT loop FROM ${c.table} WHERE ${c.idColumn} = $1`, [id])).rows[0]
        ?.loop === true
  if (geometry !== undefined) return assertValidGeometry(tx, geometry, loop)
  if (loop) return
  const stored = await tx.query(
    `SELECT 1 FROM ${c.table} WHERE ${c.idColumn} = $1 AND ST_Dimension(geom) = 1 AND NOT ST_IsSimple(geom)`,
    [id],
  )
  if (stored.rows.length > 0)
    throw fail(
      'invalid_geometry',
      `The geometry is not valid without loop: ${CROSSES_ITSELF}. Keep loop true, or send a line that does not cross itself.`,
      { parameter: 'geometry' },
    )
}

export async function insertItem(
  tx: Queryable,
  c: Collection,
  properties: Record<string, unknown>,
  geometry: unknown,
  actor: string,
  source: 'field' | 'import' | 'citizen',
  importBatchId?: number,
): Promise<number | string> {
  await assertValidGeometry(tx, geometry, properties.loop === true)
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
  await assertLineShape(tx, c, id, properties, geometry)
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
  const r = await tx.query(
    `SELECT 1 FROM ${c.table} t WHERE t.${c.idColumn} = $1 AND ${whereSql(c, { equals: [] }, area, p)}`,
    p.values,
  )
  if (r.rows.length === 0)
    throw fail('out_of_area', 'The feature would lie outside the area you may edit.', { parameter: 'geometry' })
}

const RECORD_TYPE: Record<Collection['fields'][number]['type'], string> = {
  text: 'text',
  integer: 'bigint',
  number: 'float8',
  boolean: 'boolean',
  timestamp: 'timestamptz',
}

/**
 * Many new items in a few multi-row statements (imports): rows travel as one JSON parameter per chunk. Properties must
 * already be validated (as insertItem's are); a property left out is NULL, or the column default for defaulted
 * fields. Rows keep their order (within the rare groups of rows leaving out different defaulted fields). Returns the
 * number of rows inserted.
 */
export async function insertItems(
  tx: Queryable,
  c: Collection,
  rows: { properties: Record<string, unknown>; geometry: unknown }[],
  actor: string,
  source: 'field' | 'import' | 'citizen',
  importBatchId?: number,
  chunk = 1000,
): Promise<number> {
  const writable = c.fields.filter((f) => !f.readOnly)
  for (const r of rows) {
    for (const k of Object.keys(r.properties))
      if (!writable.some((f) => f.name === k)) throw new Error(`${k} is not a writable field of ${c.id}`)
  }
  // A missing nullable field is NULL (as insertItem leaves it); a missing defaulted one must get its DEFAULT, so rows
  // share a statement when they give the same defaulted fields (usually all rows).
  const groups = new Map<string, number[]>()
  rows.forEach((r, i) => {
    const key = writable
      .filter((f) => f.defaulted && r.properties[f.name] !== undefined && r.properties[f.name] !== null)
      .map((f) => f.name)
      .join(',')
    groups.set(key, [...(groups.get(key) ?? []), i])
  })
  let inserted = 0
  for (const [key, indexes] of groups) {
    const given = new Set(key ? key.split(',') : [])
    const fields = writable.filter((f) => !f.defaulted || given.has(f.name))
    const cols = fields.map((f) => f.name)
    const record = [...fields.map((f) => `${f.name} ${RECORD_TYPE[f.type]}`), 'geometry text', 'ord integer'].join(', ')
    for (let start = 0; start < indexes.length; start += chunk) {
      const part = indexes
        .slice(start, start + chunk)
        .map((i, ord) => ({ ...rows[i]!.properties, geometry: rows[i]!.geometry, ord }))
      const p = paramList([JSON.stringify(part)])
      const fixed = [p.add(source), p.add(actor), importBatchId === undefined ? 'NULL' : p.add(importBatchId)]
      // A polygon given for a point collection's feature is its boundary, and the point a point on it.
      const g = `ST_SetSRID(ST_GeomFromGeoJSON(r.geometry), 4326)`
      const [geomCols, geomValues] = c.boundary
        ? [
            ['geom', c.boundary],
            [
              `CASE WHEN ST_Dimension(${g}) = 2 THEN ST_PointOnSurface(${g}) ELSE ${g} END`,
              `CASE WHEN ST_Dimension(${g}) = 2 THEN ST_Multi(${g}) END`,
            ],
          ]
        : [['geom'], [geomSql(c, 'r.geometry')]]
      const r = await tx.query(
        `INSERT INTO ${c.table} (${[...cols, 'source', 'updated_by', 'import_batch_id', ...geomCols].join(', ')})
         SELECT ${[...cols.map((k) => `r.${k}`), ...fixed, ...geomValues].join(', ')}
         FROM json_to_recordset($1::json) AS r(${record}) ORDER BY r.ord`,
        p.values,
      )
      inserted += r.rowCount
    }
  }
  return inserted
}
