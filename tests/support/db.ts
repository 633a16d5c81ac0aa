import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import pg from 'pg'
import { openDb, type Db } from '../../server/db/index.ts'
import { embeddedTemplatePath, serverTemplateName, templateKey } from './template.ts'

export const driver: 'embedded' | 'postgres' = process.env.DATABASE_URL ? 'postgres' : 'embedded'

/** A private copy of the migrated, loaded template database for one test file. `close()` discards it. */
export async function testDb(): Promise<Db> {
  const key = templateKey()
  const url = process.env.DATABASE_URL
  if (!url) {
    const blob = new Blob([readFileSync(embeddedTemplatePath(key))])
    return openDb({ loadDataDir: blob })
  }
  const name = `ramani_t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${serverTemplateName(key)}"`)
  await admin.end()
  const u = new URL(url)
  u.pathname = `/${name}`
  const db = await openDb({ databaseUrl: u.toString() })
  return {
    ...db,
    query: db.query,
    exec: db.exec,
    transaction: db.transaction,
    async close() {
      await db.close()
      const a = new pg.Client({ connectionString: url })
      await a.connect()
      await a.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await a.end()
    },
  }
}
