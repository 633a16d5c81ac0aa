// `npm run db:export [-- <file>]`: writes a portable archive of the database (DATABASE_URL, else the embedded one in
// RAMANI_DATA_DIR; stop the app first when it is embedded: one process per data directory) — data, accounts, the
// audit log and photos — and prints each table's row count and checksum. Load it with `npm run db:import`.
import { statSync } from 'node:fs'
import { loadConfig } from '../server/config.ts'
import { openDb } from '../server/db/index.ts'
import { exportArchive } from '../server/transfer/archive.ts'
import { printDigests, stamp } from './lib/transfer-report.ts'

const config = loadConfig()
const file = process.argv[2] ?? `ramani-${stamp()}.ramani.gz`
const db = await openDb({ databaseUrl: config.DATABASE_URL, dataDir: config.RAMANI_DATA_DIR })
try {
  const t0 = performance.now()
  const { header, tables } = await exportArchive(db, file)
  printDigests(tables)
  console.log(
    `\nWrote ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB, ${header.source} database at ${header.migrations.at(-1)}, ` +
      `${((performance.now() - t0) / 1000).toFixed(1)} s)`,
  )
} finally {
  await db.close()
}
