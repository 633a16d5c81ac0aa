// Scratch databases for the benches on a PostgreSQL server. Each run gets its own name (the process id and random
// bytes), so runs at once on one shared server — several checkouts, several people — never drop or fill each
// other's database; the caller drops it at the end, whatever happened.
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export interface Scratch {
  name: string
  /** The server URL with the scratch database as its database. */
  url: string
  drop: () => Promise<void>
}

/** A fresh database beside the one in `serverUrl`, named ramani_bench_<kind>_<pid>_<random>. */
export async function createScratch(serverUrl: string, kind: string): Promise<Scratch> {
  if (!/^[a-z][a-z0-9_]*$/.test(kind)) throw new Error(`${kind}: not a plain name`)
  const name = `ramani_bench_${kind}_${process.pid}_${randomBytes(4).toString('hex')}`
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: serverUrl })
    await c.connect()
    try {
      await c.query(sql)
    } finally {
      await c.end()
    }
  }
  await admin(`CREATE DATABASE ${name}`)
  const u = new URL(serverUrl)
  u.pathname = `/${name}`
  return { name, url: u.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) }
}
