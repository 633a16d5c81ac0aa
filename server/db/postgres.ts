import pg from 'pg'
import { parsers } from './parsers.ts'
import type { Capabilities, Db, Queryable } from './types.ts'

const types = {
  getTypeParser(oid: number, format?: string) {
    const custom = parsers[oid]
    return custom && format !== 'binary' ? custom : pg.types.getTypeParser(oid, format as 'text')
  },
}

function wrap(q: pg.Pool | pg.PoolClient): Queryable {
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

export async function openPostgres(url: string, capabilities: (q: Queryable) => Promise<Capabilities>): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: 10, types, options: '-c timezone=UTC' })
  // An idle connection dropped by the server (restart, admin command) must not crash the process; the pool reconnects.
  pool.on('error', (err) => console.error(`PostgreSQL connection lost: ${err.message}`))
  const base = wrap(pool)
  await base.query('SELECT 1')
  return {
    kind: 'postgres',
    capabilities: await capabilities(base),
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
