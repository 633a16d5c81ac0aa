import { createHash } from 'node:crypto'
import type { Collection } from '../assets/collections.ts'
import type { Db, Queryable } from '../db/index.ts'
import { countCache } from '../observability/metrics.ts'
import { buildTile, type TileRequest } from './mvt.ts'

// Two layers in front of the tile builder. Built tiles are kept in PostgreSQL (tile_cache, 014_tiles.sql), so every
// app instance serves what any of them built; and each instance keeps the tiles it served last in memory (TileMemory,
// bounded in bytes), which spares the read of a large national tile from the shared cache. Both are keyed by the
// collection's data version: an edit bumps it, so neither can serve a stale tile, on any instance, and nothing needs
// invalidating — old versions leave memory as the least recently used and are swept from tile_cache when the first
// tile of a newer one is stored. Storing in tile_cache is best effort on the primary, after the answer: a tile is
// answered even when the cache cannot be written (a full disk, a primary that is away).

/** What decides a tile's bytes besides its address and version: the filters and the caller's area. */
export function filterKey(r: Pick<TileRequest, 'filter' | 'area'>): string {
  return createHash('sha256')
    .update(JSON.stringify([r.filter, r.area]))
    .digest('hex')
    .slice(0, 32)
}

/** This instance's most recently served tiles, at most `maxBytes` of them (least recently used go first). */
export class TileMemory {
  private tiles = new Map<string, Uint8Array>()
  bytes = 0
  constructor(readonly maxBytes: number) {}

  get(key: string): Uint8Array | undefined {
    const tile = this.tiles.get(key)
    if (tile === undefined) return undefined
    // A Map iterates in insertion order: re-inserting makes it the most recently used.
    this.tiles.delete(key)
    this.tiles.set(key, tile)
    return tile
  }

  set(key: string, tile: Uint8Array) {
    if (tile.byteLength > this.maxBytes / 8) return // one national tile must not empty the memory of the others
    const old = this.tiles.get(key)
    if (old) {
      this.bytes -= old.byteLength
      this.tiles.delete(key)
    }
    this.tiles.set(key, tile)
    this.bytes += tile.byteLength
    for (const [k, t] of this.tiles) {
      if (this.bytes <= this.maxBytes) break
      this.tiles.delete(k)
      this.bytes -= t.byteLength
    }
  }

  get size() {
    return this.tiles.size
  }
}

/** Cached tiles older than this go with the next sweep even when their version is current. */
const MAX_AGE = '7 days'

const swept = new Map<string, number>()

async function sweep(db: Queryable, collection: string, version: number) {
  if ((swept.get(collection) ?? -1) >= version) return
  swept.set(collection, version)
  await db.query(
    `DELETE FROM tile_cache WHERE collection = $1 AND (version < $2 OR created_at < now() - interval '${MAX_AGE}')`,
    [collection, version],
  )
}

/** Cache writes under way; past this many a built tile is answered without being stored (the primary is busy). */
const MAX_PENDING_WRITES = 16
const pending = new Set<Promise<void>>()

/** Resolves when every tile_cache write started so far has ended (for tests and benchmarks, which read the table). */
export async function tileCacheWritten(): Promise<void> {
  await Promise.all([...pending])
}

export interface CachedTile {
  tile: Uint8Array
  /** memory: this instance's memory; shared: tile_cache (built by any instance); built: built for this request. */
  from: 'memory' | 'shared' | 'built'
}

export interface TileSources {
  /** Where the tile is read and built: a read replica, or the primary. */
  read: Db
  /** Where a built tile is stored: the primary (the same database when there are no replicas). */
  primary: Db
  memory?: TileMemory
}

export async function cachedTile(
  dbs: TileSources,
  c: Collection,
  r: TileRequest,
  version: number,
): Promise<CachedTile> {
  const key = [c.id, r.z, r.x, r.y, filterKey(r), version] as const
  const memoryKey = key.join('/')
  const inMemory = dbs.memory?.get(memoryKey)
  if (dbs.memory) countCache('tiles_memory', inMemory !== undefined)
  if (inMemory) return { tile: inMemory, from: 'memory' }
  const hit = await dbs.read.query<{ tile: Uint8Array }>(
    'SELECT tile FROM tile_cache WHERE collection = $1 AND z = $2 AND x = $3 AND y = $4 AND filter_key = $5 AND version = $6',
    key,
  )
  countCache('tiles_shared', hit.rows[0] !== undefined)
  if (hit.rows[0]) {
    dbs.memory?.set(memoryKey, hit.rows[0].tile)
    return { tile: hit.rows[0].tile, from: 'shared' }
  }
  const tile = await buildTile(dbs.read, c, r)
  dbs.memory?.set(memoryKey, tile)
  if (pending.size < MAX_PENDING_WRITES) {
    const write = store(dbs.primary, c, r, key, tile).finally(() => pending.delete(write))
    pending.add(write)
  }
  return { tile, from: 'built' }
}

async function store(db: Db, c: Collection, r: TileRequest, key: readonly unknown[], tile: Uint8Array) {
  try {
    await db.query(
      `INSERT INTO tile_cache (collection, z, x, y, filter_key, version, tile) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT DO NOTHING`,
      [...key, tile],
    )
    await sweep(db, c.id, key[5] as number)
  } catch (err) {
    console.warn(`Tile cache not written (${c.id} ${r.z}/${r.x}/${r.y}): ${(err as Error).message}`)
  }
}
