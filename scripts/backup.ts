// `npm run backup [-- <file>]`: a full backup of the database. A server (DATABASE_URL) is dumped with pg_dump in its
// custom format (restore with pg_restore, any table alone if need be); the embedded database in RAMANI_DATA_DIR is
// written as PGlite's own data directory tarball (stop the app first: one process per data directory).
// `npm run restore -- <file>` puts either back. For a copy that moves between the two, use `npm run db:export`.
import { spawnSync } from 'node:child_process'
import { statSync, writeFileSync } from 'node:fs'
import { loadConfig } from '../server/config.ts'
import { openDb } from '../server/db/index.ts'
import { stamp } from './lib/transfer-report.ts'

const config = loadConfig()
const server = Boolean(config.DATABASE_URL)
const file = process.argv[2] ?? `ramani-${server ? 'server' : 'embedded'}-${stamp()}.${server ? 'dump' : 'tar.gz'}`
const t0 = performance.now()
if (server) {
  const r = spawnSync('pg_dump', ['--format=custom', '--no-owner', `--file=${file}`, config.DATABASE_URL!], {
    stdio: 'inherit',
  })
  if (r.status !== 0) {
    console.error(r.error ? `pg_dump could not run: ${r.error.message}` : `pg_dump failed (exit ${r.status})`)
    process.exit(1)
  }
} else {
  const db = await openDb({ dataDir: config.RAMANI_DATA_DIR })
  try {
    const pglite = (db as unknown as { pglite: { dumpDataDir(c: 'gzip'): Promise<Blob> } }).pglite
    writeFileSync(file, Buffer.from(await (await pglite.dumpDataDir('gzip')).arrayBuffer()))
  } finally {
    await db.close()
  }
}
console.log(
  `Backed up the ${server ? 'PostgreSQL server' : `embedded database in ${config.RAMANI_DATA_DIR}`} to ${file} ` +
    `(${(statSync(file).size / 1e6).toFixed(1)} MB, ${((performance.now() - t0) / 1000).toFixed(1)} s)`,
)
