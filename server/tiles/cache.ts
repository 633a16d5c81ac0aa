import { createHash } from 'node:crypto'
import type { Collection } from '../assets/collections.ts'
import type { Db } from '../db/index.ts'
import { buildTile, type TileRequest } from './mvt.ts'

// Built tiles are kept in PostgreSQL (tile_cache, 014_tiles.sql), so every app instance serves what any of them
// built. The key holds the collection's data version: an edit bumps it, so a cached tile is never stale, and the
// versions before it are swept when the first tile of a newer one is stored. Storing is best effort: a tile is
// answered even when the cache cannot be written (a read-only replica, a full disk).

/** What decides a tile's bytes besides its address and version: the filters and the caller's area. */
export function filterKey(r: Pick<TileRequest, 'filter' | 'area'>): string {
  return createHash('sha256')
    .update(JSON.stringify([r.filter, r.area]))
    .digest('hex')
    .slice(0, 32)
}

/** Cached tiles older than this go with the next sweep even when their version is current. */
const MAX_AGE = '7 days'

const swept = new Map<string, number>()

async function sweep(db: Db, collection: string, version: number) {
  if ((swept.get(collection) ?? -1) >= version) return
  swept.set(collection, version)
  await db.query(
    `DELETE FROM tile_cache WHERE collection = $1 AND (version < $2 OR created_at < now() - interval '${MAX_AGE}')`,
    [collection, version],
  )
}

export interface CachedTile {
  tile: Uint8Array
  /** Served from the cache (not built for this request). */
  hit: boolean
}

export async function cachedTile(db: Db, c: Collection, r: TileRequest, version: number): Promise<CachedTile> {
  const key = [c.id, r.z, r.x, r.y, filterKey(r), version]
  const hit = await db.query<{ tile: Uint8Array }>(
    'SELECT tile FROM tile_cache WHERE collection = $1 AND z = $2 AND x = $3 AND y = $4 AND filter_key = $5 AND version = $6',
    key,
  )
  if (hit.rows[0]) return { tile: hit.rows[0].tile, hit: true }
  const tile = await buildTile(db, c, r)
  try {
    await db.query(
      `INSERT INTO tile_cache (collection, z, x, y, filter_key, version, tile) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING`,
      [...key, tile],
    )
    await sweep(db, c.id, version)
  } catch (err) {
    console.warn(`Tile cache not written (${c.id} ${r.z}/${r.x}/${r.y}): ${(err as Error).message}`)
  }
  return { tile, hit: false }
}
