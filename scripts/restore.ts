// `npm run restore -- <file> [--force]`: puts back a backup from `npm run backup` — a pg_dump file into the server
// (DATABASE_URL), a data directory tarball into RAMANI_DATA_DIR. A database that holds data is replaced only with
// --force (the embedded directory is then kept beside, renamed *.before-restore-<time>).
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, renameSync } from 'node:fs'
import { loadConfig } from '../server/config.ts'
import { openDb } from '../server/db/index.ts'
import { digestDatabase, holdsData } from '../server/transfer/archive.ts'
import { printDigests, stamp } from './lib/transfer-report.ts'

const args = process.argv.slice(2)
const force = args.includes('--force')
const file = args.find((a) => !a.startsWith('--'))
if (!file || !existsSync(file)) {
  console.error('usage: npm run restore -- <backup file> [--force]')
  process.exit(2)
}
const config = loadConfig()
const t0 = performance.now()
if (config.DATABASE_URL) {
  const db = await openDb({ databaseUrl: config.DATABASE_URL })
  const busy = await holdsData(db)
  await db.close()
  if (busy && !force) {
    console.error('The database already holds data: restore into an empty one, or pass --force to replace it.')
    process.exit(1)
  }
  const r = spawnSync(
    'pg_restore',
    ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${config.DATABASE_URL}`, file],
    { stdio: 'inherit' },
  )
  if (r.status !== 0) {
    console.error(r.error ? `pg_restore could not run: ${r.error.message}` : `pg_restore failed (exit ${r.status})`)
    process.exit(1)
  }
} else {
  const dir = config.RAMANI_DATA_DIR
  if (existsSync(dir) && readdirSync(dir).length > 0) {
    if (!force) {
      console.error(`${dir} already holds a database: pass --force to replace it (it is kept, renamed).`)
      process.exit(1)
    }
    const aside = `${dir}.before-restore-${stamp()}`
    renameSync(dir, aside)
    console.log(`The previous database is kept in ${aside}`)
  }
  const db = await openDb({ dataDir: dir, loadDataDir: new Blob([readFileSync(file)]) })
  await db.close()
}
const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.RAMANI_DATA_DIR })
try {
  printDigests(await digestDatabase(db))
} finally {
  await db.close()
}
console.log(`Restored ${file} (${((performance.now() - t0) / 1000).toFixed(1)} s)`)
