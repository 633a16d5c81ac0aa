import { serve } from '@hono/node-server'
import { createApp } from './app.ts'
import { loadConfig } from './config.ts'
import { openDb } from './db/index.ts'
import { migrate } from './db/migrate.ts'
import { jsonLines } from './http/observe.ts'
import { demoPassword, seedDemoUsers } from './seed/demo-users.ts'
import { loadData } from './seed/load.ts'
import { erasePhones } from './reports/retention.ts'
import { reportsKey } from './reports/key.ts'
import { GatewaySender } from './reports/sender.ts'
import { configureWorkers, warmWorkers } from './workers/pool.ts'

const t0 = performance.now()
const secs = () => ((performance.now() - t0) / 1000).toFixed(1)
const config = loadConfig()

const db = await openDb({
  databaseUrl: config.DATABASE_URL,
  readUrls: config.DATABASE_READ_URL,
  replicas: { stickyMs: config.RAMANI_READ_YOUR_WRITES_S * 1000 },
  poolSize: config.RAMANI_DB_POOL_SIZE,
  dataDir: config.RAMANI_DATA_DIR,
})
const replicas = config.DATABASE_READ_URL.length
console.log(
  `Database: ${db.kind === 'embedded' ? `embedded PostGIS in ${config.RAMANI_DATA_DIR}` : `PostgreSQL server${replicas ? ` with ${replicas} read replica(s)` : ''}`} (${secs()} s)`,
)
const applied = await migrate(db)
if (applied.length) console.log(`Migrations applied: ${applied.join(', ')} (${secs()} s)`)
const report = await loadData(db, { sample: config.RAMANI_SAMPLE_DATA })
for (const l of report.loaded) console.log(`Loaded ${l.path}: ${l.rows} rows`)

// Demo accounts only on the embedded sample database: a ministry server never gets well-known usernames.
let demo: { users: string[]; password: string } | undefined
if (db.kind === 'embedded' && config.RAMANI_SAMPLE_DATA) {
  const password = demoPassword(config.RAMANI_DATA_DIR, config.RAMANI_DEMO_PASSWORD)
  demo = { users: await seedDemoUsers(db, password), password }
}

const app = createApp({
  db,
  webDist: config.RAMANI_WEB_DIST,
  basemapUrl: config.RAMANI_BASEMAP_URL,
  publicUrl: config.RAMANI_PUBLIC_URL,
  trustedProxies: config.RAMANI_TRUSTED_PROXIES,
  reports: {
    key: reportsKey(config.RAMANI_DATA_DIR, config.RAMANI_REPORTS_KEY),
    intakeSecret: config.RAMANI_INTAKE_SECRET,
    // Without gateway credentials replies are kept by the fake sender (and not sent).
    sender:
      config.RAMANI_SMS_USERNAME && config.RAMANI_SMS_API_KEY
        ? new GatewaySender({
            url: config.RAMANI_SMS_URL,
            username: config.RAMANI_SMS_USERNAME,
            apiKey: config.RAMANI_SMS_API_KEY,
            from: config.RAMANI_SMS_FROM,
          })
        : undefined,
  },
  metricsToken: config.RAMANI_METRICS_TOKEN,
  tileMemoryBytes: config.RAMANI_TILE_MEMORY_MB * 1024 * 1024,
  requestLog: config.RAMANI_REQUEST_LOG === 'json' ? jsonLines : undefined,
})
// Phone numbers past the retention period an admin set are erased at start and then hourly.
const erase = () => erasePhones(db).catch((e: Error) => console.error(`Erasing phone numbers failed: ${e.message}`))
await erase()
setInterval(() => void erase(), 3_600_000).unref()
configureWorkers({
  analysis: {
    size: config.RAMANI_WORKER_THREADS,
    taskMs: config.RAMANI_ANALYSIS_LIMIT_S * 1000,
    memoryMb: config.RAMANI_WORKER_MEMORY_MB,
  },
  parse: {
    taskMs: config.RAMANI_PARSE_LIMIT_S * 1000,
    memoryMb: Math.max(256, Math.ceil(config.RAMANI_WORKER_MEMORY_MB / 2)),
  },
})
await warmWorkers(db)
console.log(`Worker threads ready (${secs()} s)`)
const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST
  console.log(`Ramani is ready at http://${host}:${info.port}/ (started in ${secs()} s)`)
  if (demo) console.log(`Demo sign-in: ${demo.users.join(', ')} — password: ${demo.password}`)
  else if (db.kind === 'postgres') console.log('Create accounts with: npm run user -- create <name> --role <role>')
})

async function shutdown() {
  server.close()
  await db.close()
  process.exit(0)
}
process.on('SIGINT', shutdown)
process.on('SIGTERM', shutdown)
