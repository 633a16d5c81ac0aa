import { NATIONAL } from '../../server/access/scope.ts'
import { COLLECTIONS, type Collection } from '../../server/assets/collections.ts'
import { getItem } from '../../server/assets/query.ts'
import type { CollectionId } from '../../contract/domains.ts'
import type { Db } from '../../server/db/index.ts'

/** Id of one feature matching a SQL condition on the collection's table (alias t). */
export async function featureId(db: Db, id: CollectionId, where: string, params: unknown[] = []): Promise<string> {
  const c = COLLECTIONS[id]
  const r = await db.query<{ id: string | number }>(
    `SELECT t.${c.idColumn} AS id FROM ${c.table} t WHERE ${where} ORDER BY 1 LIMIT 1`,
    params,
  )
  if (!r.rows[0]) throw new Error(`no ${id} feature where ${where}`)
  return String(r.rows[0].id)
}

/** A copy of an existing feature (same attributes and place), for tests that replace or delete. */
export async function cloneFeature(db: Db, c: Collection, sourceId: string): Promise<string> {
  const cols = [...c.fields.filter((f) => !f.readOnly).map((f) => f.name), 'source', 'geom']
  // Unique identifiers (an airstrip's ident) are not copied.
  const values = cols.map((name) => (name === 'ident' ? 'NULL' : name))
  const r = await db.query<{ id: number }>(
    `INSERT INTO ${c.table} (${cols.join(', ')}) SELECT ${values.join(', ')} FROM ${c.table} WHERE id = $1 RETURNING id`,
    [Number(sourceId)],
  )
  return String(r.rows[0]!.id)
}

/** The feature as GeoJSON, as the items endpoint would give it. */
export async function featureJson(db: Db, c: Collection, id: string): Promise<any> {
  const item = await getItem(db, c, c.idType === 'integer' ? Number(id) : id, NATIONAL)
  return JSON.parse(item!.json)
}
