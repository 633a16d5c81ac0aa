import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import { openDb } from '../../server/db/index.ts'
import { migrate } from '../../server/db/migrate.ts'
import { seedDemoUsers } from '../../server/seed/demo-users.ts'
import { loadData } from '../../server/seed/load.ts'
import { TEST_PASSWORD } from './password.ts'
import { COUNTS_DIR } from './openapi-counts.ts'
import { TMP, embeddedTemplatePath, serverTemplateName, serverTemplatePrefix, templateKey } from './template.ts'

export default async function setup() {
  rmSync(COUNTS_DIR, { recursive: true, force: true })
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
  return () => {
    // The files each test file's checker appended to (openapi-check.ts), summed for the whole run.
    const counts = existsSync(COUNTS_DIR)
      ? readdirSync(COUNTS_DIR).flatMap((f) => readFileSync(join(COUNTS_DIR, f), 'utf8').split('\n').filter(Boolean))
      : []
    const total = counts.reduce((sum, n) => sum + Number(n), 0)
    if (total)
      console.log(`[openapi] ${total} replies checked against the OpenAPI document in ${counts.length} test files`)
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

/** The migrated, seeded server database test databases are created from; kept while its key (schema, data) holds. */
export async function buildServerTemplate(url: string, name: string) {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])
    if (exists.rowCount) return
    // Stale templates of earlier schemas go first.
    const old = await admin.query('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [
      serverTemplatePrefix,
    ])
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
