import pg from 'pg'
import { parsers } from './parsers.ts'
import type { Capabilities, Db, Queryable } from './types.ts'

export const types = {
  getTypeParser(oid: number, format?: string) {
    const custom = parsers[oid]
    return custom && format !== 'binary' ? custom : pg.types.getTypeParser(oid, format as 'text')
  },
}

export function wrap(q: pg.Pool | pg.PoolClient): Queryable {
  return {
    async query(sql, params) {
      const r = await q.query(sql, params as unknown[] | undefined)
      return { rows: r.rows, rowCount: r.rowCount ?? r.rows.length }
    },
    async exec(sql) {
      await q.query(sql)
    },
  }
}

export interface PoolOptions {
  /** Connections at most (RAMANI_DB_POOL_SIZE). */
  max?: number
  /** Called when a connection of the pool fails (a replica going away). */
  onError?: (err: Error) => void
}

export function newPool(url: string, opts: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: opts.max ?? 10,
    types,
    options: '-c timezone=UTC',
    connectionTimeoutMillis: 5000,
  })
  // An idle connection dropped by the server (restart, admin command) must not crash the process; the pool reconnects.
  pool.on('error', (err) =>
    (opts.onError ?? ((e: Error) => console.error(`PostgreSQL connection lost: ${e.message}`)))(err),
  )
  return pool
}

/** A Db over a pg pool (the primary, or a replica given the primary's capabilities). */
export function poolDb(pool: pg.Pool, capabilities: Capabilities): Db & { pool: pg.Pool } {
  const base = wrap(pool)
  return {
    kind: 'postgres',
    capabilities,
    pool,
    query: base.query,
    exec: base.exec,
    async transaction(fn) {
      const client = await pool.connect()
      try {
        await client.query('BEGIN')
        const result = await fn(wrap(client))
        await client.query('COMMIT')
        return result
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw err
      } finally {
        client.release()
      }
    },
    close: () => pool.end(),
  }
}

export async function openPostgres(
  url: string,
  capabilities: (q: Queryable) => Promise<Capabilities>,
  opts: PoolOptions = {},
): Promise<Db & { pool: pg.Pool }> {
  const pool = newPool(url, opts)
  const base = wrap(pool)
  await base.query('SELECT 1')
  return poolDb(pool, await capabilities(base))
}
