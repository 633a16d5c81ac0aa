import { mkdirSync } from 'node:fs'
import { PGlite } from '@electric-sql/pglite'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto'
import { postgis } from '@electric-sql/pglite-postgis'
import { parsers } from './parsers.ts'
import type { Capabilities, Db, Queryable } from './types.ts'

type Tx = Pick<PGlite, 'query' | 'exec'>

function wrap(q: Tx): Queryable {
  return {
    async query(sql, params) {
      const r = await q.query<never>(sql, params as unknown[] | undefined)
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length }
    },
    async exec(sql) {
      await q.exec(sql)
    },
  }
}

export interface EmbeddedOptions {
  /** Directory of the database files; omitted = in memory. */
  dataDir?: string
  /** A tarball from dumpDataDir() to start from (tests use a migrated template). */
  loadDataDir?: Blob
}

export async function openEmbedded(
  opts: EmbeddedOptions,
  capabilities: Capabilities,
): Promise<Db & { pglite: PGlite }> {
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true })
  const pglite = await PGlite.create({
    dataDir: opts.dataDir,
    loadDataDir: opts.loadDataDir,
    extensions: { postgis, pg_trgm, pgcrypto },
    parsers,
  })
  await pglite.exec("SET TIME ZONE 'UTC'")
  const base = wrap(pglite)
  return {
    kind: 'embedded',
    capabilities,
    pglite,
    query: base.query,
    exec: base.exec,
    transaction: (fn) => pglite.transaction((tx) => fn(wrap(tx))),
    close: () => pglite.close(),
  }
}
