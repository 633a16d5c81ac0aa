import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { openDb } from '../../server/db/index.ts'
import { migrate } from '../../server/db/migrate.ts'
import { seedDemoUsers } from '../../server/seed/demo-users.ts'
import { loadData } from '../../server/seed/load.ts'
import { TEST_PASSWORD } from './password.ts'
import { TMP, embeddedTemplatePath, serverTemplateName, templateKey } from './template.ts'

export default async function setup() {
  const key = templateKey()
  const url = process.env.DATABASE_URL
  if (url) {
    await buildServerTemplate(url, serverTemplateName(key))
    console.log(`[tests] PostgreSQL server template ${serverTemplateName(key)}`)
  } else {
    const path = embeddedTemplatePath(key)
    if (!existsSync(path)) await buildEmbeddedTemplate(path)
    console.log(`[tests] embedded PostGIS template ${path}`)
  }
}

async function buildEmbeddedTemplate(path: string) {
  mkdirSync(TMP, { recursive: true })
  for (const f of readdirSync(TMP)) if (f.startsWith('template-')) rmSync(join(TMP, f))
  const db = await openDb({})
  await migrate(db)
  await loadData(db, { sample: true })
  await seedDemoUsers(db, TEST_PASSWORD)
  const dump = await (db as unknown as { pglite: { dumpDataDir(c: 'gzip'): Promise<Blob> } }).pglite.dumpDataDir('gzip')
  writeFileSync(path, Buffer.from(await dump.arrayBuffer()))
  await db.close()
}

async function buildServerTemplate(url: string, name: string) {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (exists.rowCount) return
    // Stale templates of earlier schemas go first.
    const old = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'ramani_tpl_%'")
    for (const r of old.rows) await admin.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`)
    await admin.query(`CREATE DATABASE "${name}"`)
  } finally {
    await admin.end()
  }
  const u = new URL(url)
  u.pathname = `/${name}`
  const db = await openDb({ databaseUrl: u.toString() })
  try {
    await migrate(db)
    await loadData(db, { sample: true })
    await seedDemoUsers(db, TEST_PASSWORD)
  } finally {
    await db.close()
  }
}
