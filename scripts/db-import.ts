// `npm run db:import -- <file> [--force]`: loads an archive from `npm run db:export` into the database (DATABASE_URL,
// else the embedded one in RAMANI_DATA_DIR), refusing one that already holds data unless --force, and compares every
// table's row count and checksum with the archive's. Exit code 1 when any differs.
import { loadConfig } from '../server/config.ts'
import { openDb } from '../server/db/index.ts'
import { ArchiveRefused, importArchive } from '../server/transfer/archive.ts'
import { printReport } from './lib/transfer-report.ts'

const args = process.argv.slice(2)
const force = args.includes('--force')
const file = args.find((a) => !a.startsWith('--'))
if (!file) {
  console.error('usage: npm run db:import -- <archive> [--force]')
  process.exit(2)
}
const config = loadConfig()
const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.RAMANI_DATA_DIR })
let code = 0
try {
  const t0 = performance.now()
  const report = await importArchive(db, file, { force })
  printReport(report)
  const bad = report.tables.filter((t) => !t.same)
  console.log(
    `\nImported ${file} into the ${db.kind === 'embedded' ? `embedded database in ${config.RAMANI_DATA_DIR}` : 'PostgreSQL server'} ` +
      `(${((performance.now() - t0) / 1000).toFixed(1)} s): ${bad.length === 0 ? 'every table matches the archive' : `${bad.length} tables differ`}`,
  )
  if (bad.length > 0 && report.migratedAfter.length === 0) code = 1
} catch (err) {
  if (!(err instanceof ArchiveRefused)) throw err
  console.error(err.message)
  code = 1
} finally {
  await db.close()
}
process.exit(code)
