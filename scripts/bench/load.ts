// `npm run bench -- load`: a bounded HTTP load test (autocannon) on a scratch copy of the sample data on the PostgreSQL
// server in DATABASE_URL. The mix, per connection: vector tiles (roads and incidents, zooms 5–12) and item pages, and
// every 50th request a new incident (POST with an Idempotency-Key), all with an API token.
//   1. one instance;
//   2. two instances behind nginx (Debian's nginx; installed with apt-get when missing and run as root);
//   3. the same while one instance is killed (SIGKILL) mid-run, amid a burst of writes sent straight to it, so some
//      die in flight: every write that got no 201 is sent again with the same key to the other instance until
//      it succeeds, and each key must have created exactly one incident (counted in the database by the name, which
//      is the key). The bench fails when one did not.
// BENCH_LOAD_SECONDS (10) and BENCH_LOAD_CONNECTIONS (8) bound each phase. Its scratch database has a name of its own
// (scratch.ts), so runs at once on one server do not meet; it is dropped at the end.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import autocannon from 'autocannon'
import { createToken } from '../../server/access/sessions.ts'
import { createUser } from '../../server/access/users.ts'
import { openDb, type Db } from '../../server/db/index.ts'
import { migrate } from '../../server/db/migrate.ts'
import { loadData } from '../../server/seed/load.ts'
import { createScratch } from './scratch.ts'

const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 10)
const CONNECTIONS = Number(process.env.BENCH_LOAD_CONNECTIONS ?? 8)
/** Writes sent straight to the instance killed in phase 3, how far apart, and when it dies after the first (ms). */
const BURST = Number(process.env.BENCH_LOAD_BURST ?? 16)
const BURST_GAP_MS = Number(process.env.BENCH_LOAD_BURST_GAP_MS ?? 100)
const KILL_AFTER_BURST_MS = Number(process.env.BENCH_LOAD_KILL_AFTER_MS ?? 1000)
const ROOT = join(import.meta.dirname, '..', '..')
/** nginx listens here, the two instances on the next two ports (BENCH_LOAD_PORT: two runs on one machine). */
const PORT = Number(process.env.BENCH_LOAD_PORT ?? 18800)
const [PROXY, A, B] = [PORT, PORT + 1, PORT + 2]

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

/** nginx from Debian's packages when it is missing and this runs as root (as CI does); false when it cannot be had. */
function ensureNginx(): boolean {
  if (!spawnSync('nginx', ['-v']).error) return true
  if (process.getuid?.() !== 0 || spawnSync('apt-get', ['--version']).error) return false
  console.log('  installing nginx (apt-get install nginx) …')
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore' })
  const r = spawnSync('apt-get', ['install', '-y', '-qq', 'nginx'], {
    stdio: 'ignore',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
  return r.status === 0 && !spawnSync('nginx', ['-v']).error
}

function nginx(ports: number[], listen: number): ChildProcess | null {
  if (!ensureNginx()) return null
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

/** POSTs one incident with its key; null when no answer came (connection refused or reset, time-out). */
function post(url: string, token: string, key: string) {
  return fetch(`${url}/ogc/collections/incidents/items`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: incident(key),
    signal: AbortSignal.timeout(10_000),
  }).catch(() => null)
}

/**
 * Sends every write that got no 201 again, same key and body, to `url` until it is answered 201; then counts the
 * incidents per key and fails unless each key created exactly one.
 */
async function settle(url: string, token: string, writes: Writes, db: Db) {
  let retried = 0
  let replayed = 0
  const unanswered = [...writes.status.values()].filter((s) => s !== 201).length
  for (const [key, status] of writes.status) {
    if (status === 201) continue
    for (let attempt = 0; ; attempt++) {
      retried++
      const res = await post(url, token, key)
      if (res?.status === 201) {
        // Applied before the instance died, its answer lost: the key gives back the stored answer, nothing new.
        if (res.headers.get('Idempotent-Replayed') === 'true') replayed++
        writes.status.set(key, 201)
        break
      }
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
  const once = missing === 0 && doubled === 0
  console.log(
    `  writes: ${writes.status.size} keys, ${unanswered} without a 201 answer, sent again with their key ${retried} times ` +
      `(${replayed} had been applied before: replayed, ${unanswered - replayed} applied by the retry); ` +
      `incidents created: ${counts.rows.length}, missing ${missing}, applied more than once ${doubled} → ` +
      `${once ? 'each write applied exactly once' : 'NOT exactly once'}`,
  )
  if (!once)
    throw new Error(`${writes.prefix}: writes not applied exactly once (missing ${missing}, doubled ${doubled})`)
}

export async function run() {
  const base = process.env.DATABASE_URL
  if (!base) {
    console.log(
      '(the load test needs a PostgreSQL server: set DATABASE_URL; two instances cannot share an embedded one)',
    )
    return
  }
  const scratch = await createScratch(base, 'load')
  const dbUrl = scratch.url
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
    const [a, b] = await Promise.all([start(A, dbUrl), start(B, dbUrl)])
    children.push(a, b)
    const writes = (prefix: string): Writes => ({ prefix, next: 0, status: new Map() })

    const one = writes('load-one')
    await phase('one instance', `http://127.0.0.1:${A}`, token, one)
    await settle(`http://127.0.0.1:${A}`, token, one, db)

    const proxy = nginx([A, B], PROXY)
    if (!proxy) {
      console.log(
        '(nginx is not installed and could not be: apt-get install nginx as root for the two-instance phases)',
      )
      return
    }
    children.push(proxy)
    await new Promise((r) => setTimeout(r, 500))
    const two = writes('load-two')
    await phase('two instances behind nginx', `http://127.0.0.1:${PROXY}`, token, two)
    await settle(`http://127.0.0.1:${PROXY}`, token, two, db)

    const killed = writes('load-kill')
    const burst: Promise<void>[] = []
    await phase('two, one killed mid-run', `http://127.0.0.1:${PROXY}`, token, killed, () => {
      // Writes sent straight to the instance about to die, one every BURST_GAP_MS around the kill, so that some are
      // answered, some die in flight (applied or not) and the last are refused.
      for (let i = 0; i < BURST; i++) {
        const key = `${killed.prefix}-burst-${i}`
        killed.status.set(key, 0)
        burst.push(
          new Promise((r) => setTimeout(r, i * BURST_GAP_MS)).then(() =>
            post(`http://127.0.0.1:${B}`, token, key).then((r) => void killed.status.set(key, r?.status ?? 0)),
          ),
        )
      }
      setTimeout(() => {
        console.log(
          `  killing the instance on port ${B} after ${SECONDS / 2} s, amid ${BURST} writes sent to it ${BURST_GAP_MS} ms apart`,
        )
        b.kill('SIGKILL')
      }, KILL_AFTER_BURST_MS)
    })
    await Promise.all(burst)
    // The survivor, directly: the retries go to the other instance, not through the proxy.
    await settle(`http://127.0.0.1:${A}`, token, killed, db)
  } finally {
    for (const c of children) c.kill('SIGTERM')
    await db.close()
    await new Promise((r) => setTimeout(r, 1000))
    await scratch.drop()
  }
}
