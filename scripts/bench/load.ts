// `npm run bench -- load`: a bounded HTTP load test (autocannon) on a scratch copy of the sample data on the PostgreSQL
// server in DATABASE_URL. The mix, per connection: vector tiles (roads and incidents, zooms 5–12) and item pages, and
// every 50th request a new incident (POST with an Idempotency-Key), all with an API token.
//   1. one instance;
//   2. two instances behind nginx (when `nginx` is installed: apt-get install nginx);
//   3. the same while one instance is killed mid-run: writes that got no answer are sent again with the same key
//      until they succeed, and each key must have created exactly one incident.
// BENCH_LOAD_SECONDS (10) and BENCH_LOAD_CONNECTIONS (8) bound each phase.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { createToken } from '../../server/access/sessions.ts'
import { createUser } from '../../server/access/users.ts'
import { openDb, type Db } from '../../server/db/index.ts'
import { migrate } from '../../server/db/migrate.ts'
import { loadData } from '../../server/seed/load.ts'

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 8)
const ROOT = join(import.meta.dirname, '..', '..')
const DB_NAME = 'ramani_bench_load'

function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return [
    Math.floor(((lon + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  ]
}

/** The 49 reads of each cycle of 50 requests: tiles over western and central Kenya, item pages by bounding box. */
function readPaths(): string[] {
  let seed = 7
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  const paths: string[] = []
  for (let i = 0; i < 49; i++) {
    const lon = 34.5 + rnd() * 5
    const lat = -3 + rnd() * 6
    if (i % 4 === 3) {
      paths.push(`/ogc/collections/roads/items?limit=50&bbox=${lon},${lat},${lon + 0.5},${lat + 0.5}`)
    } else {
      const z = 5 + Math.floor(rnd() * 8)
      const [x, y] = tileOf(lon, lat, z)
      paths.push(`/tiles/${i % 2 ? 'incidents' : 'roads'}/${z}/${x}/${y}.mvt`)
    }
  }
  return paths
}

interface Writes {
  prefix: string
  next: number
  /** Every key sent, with the last status seen for it (0 = no answer). */
  status: Map<string, number>
}

function incident(key: string) {
  return JSON.stringify({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [36.8, -1.28] },
    properties: {
      name: key,
      occurred_at: '2026-11-30T10:00:00+03:00',
      theme: 'other',
      severity: 2,
      status: 'open',
    },
  })
}

async function phase(label: string, url: string, token: string, writes: Writes, during?: () => void) {
  const auth = { Authorization: `Bearer ${token}` }
  const reads = readPaths().map((path) => ({ method: 'GET' as const, path, headers: auth }))
  const write = {
    method: 'POST' as const,
    path: '/ogc/collections/incidents/items',
    setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
      const key = `${writes.prefix}-${writes.next++}`
      context.key = key
      writes.status.set(key, 0)
      return {
        ...req,
        headers: { ...auth, 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: incident(key),
      }
    },
    onResponse: (status: number, _body: string, context: Record<string, unknown>) => {
      writes.status.set(context.key as string, status)
    },
  }
  const run = autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    timeout: 10,
    // The write opens each cycle of 50, so even a short run at low rates sends some.
    requests: [write, ...reads] as never,
  })
  if (during) setTimeout(during, (SECONDS * 1000) / 2)
  const r = await run
  const sent = [...writes.status.values()]
  console.log(
    `${label.padEnd(34)} ${r.requests.average.toFixed(0).padStart(6)} req/s  p50 ${String(r.latency.p50).padStart(4)} ms  ` +
      `p99 ${String(r.latency.p99).padStart(5)} ms  errors ${r.errors + r.timeouts}  non-2xx ${r.non2xx}  ` +
      `writes ${sent.length} (${sent.filter((s) => s === 201).length} answered 201)`,
  )
  return r
}

function start(port: number, dbUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: dbUrl, PORT: String(port), RAMANI_WORKER_THREADS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d
      if (out.includes('Ramani is ready')) resolve(child)
    })
    child.stderr!.on('data', (d: Buffer) => (out += d))
    child.on('exit', (code) => reject(new Error(`instance on port ${port} exited (${code}):\n${out}`)))
  })
}

function nginx(ports: number[], listen: number): ChildProcess | null {
  if (spawnSync('nginx', ['-v']).error) return null
  const dir = mkdtempSync(join(tmpdir(), 'ramani-nginx-'))
  const conf = join(dir, 'nginx.conf')
  writeFileSync(
    conf,
    `worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}; proxy_temp_path ${dir}; fastcgi_temp_path ${dir}; uwsgi_temp_path ${dir}; scgi_temp_path ${dir};
  upstream ramani { ${ports.map((p) => `server 127.0.0.1:${p} max_fails=1 fail_timeout=30s;`).join(' ')} keepalive 16; }
  server {
    listen 127.0.0.1:${listen};
    location / {
      proxy_pass http://ramani; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_set_header X-Forwarded-For $remote_addr;
      # GETs go to the other instance when one is down; writes are retried by the client with their Idempotency-Key.
      proxy_next_upstream error timeout http_502;
    }
  }
}`,
  )
  return spawn('nginx', ['-c', conf, '-p', dir, '-g', 'daemon off;'], { stdio: 'inherit' })
}

/** Sends every write that got no 201 again, same key and body, until it does; then counts incidents per key. */
async function settle(url: string, token: string, writes: Writes, db: Db) {
  let retried = 0
  for (const [key, status] of writes.status) {
    if (status === 201) continue
    for (let attempt = 0; ; attempt++) {
      retried++
      const res = await fetch(`${url}/ogc/collections/incidents/items`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
        body: incident(key),
      }).catch(() => null)
      if (res?.status === 201) break
      if (attempt > 20) throw new Error(`write ${key} never succeeded (last status ${res?.status})`)
      await new Promise((r) => setTimeout(r, 200))
    }
  }
  const counts = await db.query<{ name: string; n: number }>(
    'SELECT name, count(*)::int AS n FROM incidents WHERE name LIKE $1 GROUP BY name',
    [`${writes.prefix}-%`],
  )
  const per = new Map(counts.rows.map((r) => [r.name, r.n]))
  const missing = [...writes.status.keys()].filter((k) => !per.has(k)).length
  const doubled = counts.rows.filter((r) => r.n > 1).length
  console.log(
    `  writes: ${writes.status.size} keys, ${retried} sent again with their key; incidents created: ${counts.rows.length}, ` +
      `missing ${missing}, applied more than once ${doubled} → ${missing === 0 && doubled === 0 ? 'exactly once' : 'NOT exactly once'}`,
  )
}

async function admin(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

export async function run() {
  const base = process.env.DATABASE_URL
  if (!base) {
    console.log(
      '(the load test needs a PostgreSQL server: set DATABASE_URL; two instances cannot share an embedded one)',
    )
    return
  }
  await admin(base, `DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`)
  await admin(base, `CREATE DATABASE ${DB_NAME}`)
  const u = new URL(base)
  u.pathname = `/${DB_NAME}`
  const dbUrl = u.toString()
  const db = await openDb({ databaseUrl: dbUrl })
  const children: ChildProcess[] = []
  try {
    await migrate(db)
    await loadData(db, { sample: true })
    await createUser(db, { username: 'loadtest', display_name: 'Load test', role: 'admin', password: 'load-test-1234' })
    const { token } = await createToken(db, 'loadtest', { name: 'load test', readOnly: false })
    const size = await db.query<{ mb: number; roads: number; incidents: number }>(
      `SELECT pg_database_size(current_database()) / 1e6 AS mb, (SELECT count(*) FROM roads)::int AS roads,
              (SELECT count(*) FROM incidents)::int AS incidents`,
    )
    const s = size.rows[0]!
    console.log(
      `data: ${Math.round(s.mb)} MB database, ${s.roads} roads, ${s.incidents} incidents; ${CONNECTIONS} connections × ${SECONDS} s per phase`,
    )
    const [a, b] = await Promise.all([start(18801, dbUrl), start(18802, dbUrl)])
    children.push(a, b)
    const writes = (prefix: string): Writes => ({ prefix, next: 0, status: new Map() })

    const one = writes('load-one')
    await phase('one instance', 'http://127.0.0.1:18801', token, one)
    await settle('http://127.0.0.1:18801', token, one, db)

    const proxy = nginx([18801, 18802], 18800)
    if (!proxy) {
      console.log('(nginx is not installed: apt-get install nginx for the two-instance phases)')
      return
    }
    children.push(proxy)
    await new Promise((r) => setTimeout(r, 500))
    const two = writes('load-two')
    await phase('two instances behind nginx', 'http://127.0.0.1:18800', token, two)
    await settle('http://127.0.0.1:18800', token, two, db)

    const killed = writes('load-kill')
    await phase('two, one killed mid-run', 'http://127.0.0.1:18800', token, killed, () => {
      console.log(`  killing the instance on port 18802 after ${SECONDS / 2} s`)
      b.kill('SIGKILL')
    })
    await settle('http://127.0.0.1:18800', token, killed, db)
  } finally {
    for (const c of children) c.kill('SIGTERM')
    await db.close()
    await new Promise((r) => setTimeout(r, 1000))
    await admin(base, `DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`)
  }
}
