import type { Queryable } from '../db/index.ts'

// Per-collection data versions, bumped by a trigger on every write (001_schema.sql): tile URLs and caches carry them.

export async function dataVersion(q: Queryable, collection: string): Promise<number> {
  const r = await q.query<{ version: number }>('SELECT version FROM data_versions WHERE collection = $1', [collection])
  return r.rows[0]?.version ?? 0
}

export async function dataVersions(q: Queryable): Promise<Record<string, number>> {
  const r = await q.query<{ collection: string; version: number }>(
    'SELECT collection, version FROM data_versions ORDER BY collection',
  )
  return Object.fromEntries(r.rows.map((row) => [row.collection, row.version]))
}
