// Two app instances and a real streaming replica, as a deployment runs them: checks that what must be shared is, and
// that reads survive the replica going away. Run as root on Debian with the PostgreSQL of scripts/postgis-debian.sh:
//   DATABASE_URL=postgres://ramani:ramani@127.0.0.1:5432/ramani_ci npx tsx scripts/multi-instance-test.ts
// It makes its own database (ramani_multi) on that server, a replica of the server on port 5442 (pg_basebackup -R)
// and two instances on ports 8791 and 8792; all are removed at the end. MULTI_DB, MULTI_REPLICA_PORT and MULTI_PORTS
// (two, comma-separated) choose others, for two runs on one machine.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import pg from 'pg'
import { openDb } from '../server/db/index.ts'
import { seedDemoUsers } from '../server/seed/demo-users.ts'
import { serverTemplateName, templateKey } from '../tests/support/template.ts'

const base = process.env.DATABASE_URL
if (!base) throw new Error('Set DATABASE_URL to the primary (any database on it; ramani_multi is made beside it).')
const REPLICA_PORT = Number(process.env.MULTI_REPLICA_PORT ?? 5442)
const PORTS = (process.env.MULTI_PORTS ?? '8791,8792').split(',').map(Number)
const PASSWORD = 'multi-instance-pass'
const DB = process.env.MULTI_DB ?? 'ramani_multi'
if (!/^[a-z_][a-z0-9_]*$/.test(DB)) throw new Error('MULTI_DB must be a plain database name')
const t0 = Date.now()
const log = (m: string) => console.log(`[multi ${((Date.now() - t0) / 1000).toFixed(1)} s] ${m}`)

const urlOf = (port: number | string, db: string) => {
  const u = new URL(base)
  u.port = String(port)
  u.pathname = `/${db}`
  return u.toString()
}
const primaryUrl = urlOf(new URL(base).port || 5432, DB)
const replicaUrl = urlOf(REPLICA_PORT, DB)
const pgBin = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim()
const asPostgres = (cmd: string[]) =>
  execFileSync('runuser', ['-u', 'postgres', '--', ...cmd], { stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' })

const replicaDir = mkdtempSync(join(tmpdir(), 'ramani-replica-'))
const instances: ChildProcess[] = []
let replicaRunning = false
let stopping = false

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: base })
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

function stopReplica() {
  if (!replicaRunning) return
  replicaRunning = false
  asPostgres([`${pgBin}/pg_ctl`, '-D', replicaDir, '-m', 'fast', '-w', 'stop'])
}

async function cleanup() {
  stopping = true
  await Promise.all(
    instances
      .filter((p) => p.exitCode === null && p.signalCode === null)
      .map((p) => new Promise((r) => (p.once('exit', r), p.kill('SIGTERM')))),
  )
  try {
    stopReplica()
  } catch (e) {
    console.error(e)
  }
  rmSync(replicaDir, { recursive: true, force: true })
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`).catch(() => undefined)
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await fn().catch(() => undefined)
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

function check(ok: boolean, what: string) {
  if (!ok) throw new Error(`FAILED: ${what}`)
  log(`ok: ${what}`)
}

async function startReplica() {
  // A physical copy of the whole server, configured to follow it (-R writes primary_conninfo and standby.signal).
  const u = new URL(base!)
  execFileSync(
    `${pgBin}/pg_basebackup`,
    [
      '-h',
      u.hostname,
      '-p',
      u.port || '5432',
      '-U',
      decodeURIComponent(u.username),
      '-D',
      replicaDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ],
    { env: { ...process.env, PGPASSWORD: decodeURIComponent(u.password) }, stdio: 'inherit' },
  )
  // Debian keeps the server's configuration outside its data directory: give the copy its own.
  writeFileSync(
    join(replicaDir, 'postgresql.conf'),
    `port = ${REPLICA_PORT}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '${replicaDir}'\nhot_standby = on\n`,
  )
  writeFileSync(join(replicaDir, 'pg_hba.conf'), 'host all all 127.0.0.1/32 scram-sha-256\n')
  execFileSync('chown', ['-R', 'postgres:postgres', replicaDir])
  execFileSync('chmod', ['700', replicaDir])
  asPostgres([`${pgBin}/pg_ctl`, '-D', replicaDir, '-l', join(replicaDir, 'log'), '-w', 'start'])
  replicaRunning = true
}

function startInstance(port: number) {
  // The server itself, not npx or tsx's launcher: a signal must reach the process that listens.
  const p = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATABASE_URL: primaryUrl,
      DATABASE_READ_URL: replicaUrl,
      RAMANI_REQUEST_LOG: 'off',
      RAMANI_WORKER_THREADS: '1',
      RAMANI_WEB_DIST: 'none',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  instances.push(p)
  p.on('exit', (code, signal) => {
    if (!stopping) console.error(`instance on ${port} exited (${code ?? signal})`)
  })
  return until(
    `instance on ${port}`,
    async () => {
      const r = await fetch(`http://127.0.0.1:${port}/api/health/ready`)
      return r.status === 200 ? true : undefined
    },
    90_000,
  )
}

interface Session {
  get(path: string): Promise<{ status: number; body: any }>
  /** A binary answer (a vector tile) with its headers. */
  bytes(path: string): Promise<{ status: number; body: Uint8Array; headers: Headers }>
  send(
    method: string,
    path: string,
    body: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>
}

const login = (port: number, username: string, password: string) =>
  fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  })

async function signIn(port: number, username: string): Promise<Session> {
  const r = await login(port, username, PASSWORD)
  if (r.status !== 200) throw new Error(`sign-in ${username} on ${port}: ${r.status}`)
  const cookie = r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const { csrfToken } = (await r.json()) as { csrfToken: string }
  const at = (path: string) => `http://127.0.0.1:${port}${path}`
  return {
    async get(path) {
      // A kept-alive connection the server closed as the request left is a transport race, not an answer: once more.
      const res = await fetch(at(path), { headers: { Cookie: cookie } }).catch(() =>
        fetch(at(path), { headers: { Cookie: cookie } }),
      )
      return { status: res.status, body: await res.json() }
    },
    async bytes(path) {
      const res = await fetch(at(path), { headers: { Cookie: cookie } }).catch(() =>
        fetch(at(path), { headers: { Cookie: cookie } }),
      )
      return { status: res.status, body: new Uint8Array(await res.arrayBuffer()), headers: res.headers }
    },
    async send(method, path, body, headers = {}) {
      const res = await fetch(at(path), {
        method,
        headers: { Cookie: cookie, 'X-CSRF-Token': csrfToken, 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify(body),
      })
      return { status: res.status, body: await res.json(), headers: res.headers }
    },
  }
}

function tileOf(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return [
    Math.floor(((lon + 180) / 360) * n),
    Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n),
  ]
}

async function main() {
  // The server test run's migrated and loaded template, when there is one, spares the first instance loading the data
  // and lets both start at once.
  const template = serverTemplateName(templateKey())
  const c = new pg.Client({ connectionString: base })
  await c.connect()
  const prepared = (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [template])).rows.length > 0
  await c.end()
  await admin(`DROP DATABASE IF EXISTS ${DB} WITH (FORCE)`)
  await admin(`CREATE DATABASE ${DB}${prepared ? ` TEMPLATE "${template}"` : ''}`)
  await startReplica()
  log(`replica streaming${prepared ? ` (database from ${template})` : ''}`)
  const [a, b] = PORTS as [number, number]
  const seed = async () => {
    const db = await openDb({ databaseUrl: primaryUrl })
    await seedDemoUsers(db, PASSWORD)
    await db.close()
  }
  if (prepared) {
    await seed()
    await Promise.all([startInstance(a), startInstance(b)])
  } else {
    await startInstance(a)
    await seed()
    await startInstance(b)
  }
  log(`instances ready on ${a} and ${b}`)

  // A job started on one instance is polled to completion on the other.
  const plannerA = await signIn(a, 'planner')
  const plannerB = await signIn(b, 'planner')
  const started = await plannerA.send(
    'POST',
    '/api/analysis/service-areas',
    { bands_min: [30] },
    {
      Prefer: 'respond-async',
    },
  )
  check(started.status === 202, 'analysis job queued on A (202)')
  const done = await until(
    'the job on B',
    async () => {
      const r = await plannerB.get(started.headers.get('Location')!)
      if (r.status === 202) return undefined
      return r
    },
    90_000,
  )
  check(done.status === 200 && done.body.type === 'FeatureCollection', 'job polled to its result on B')

  // Five failed sign-ins spread over both instances lock the address out of the account on both.
  for (let i = 0; i < 5; i++) {
    const r = await login(i % 2 ? b : a, 'viewer', 'wrong-password')
    if (r.status !== 401) throw new Error(`failed sign-in ${i + 1} answered ${r.status}`)
  }
  check((await login(a, 'viewer', PASSWORD)).status === 429, 'locked on A after failures over A and B')
  check((await login(b, 'viewer', PASSWORD)).status === 429, 'locked on B too')

  // An edit through A is seen at once by the same user through B (primary), and by others on the replica once replayed.
  const list = await plannerB.get('/ogc/collections/facilities/items?limit=1')
  const id = list.body.features[0].id
  const [lon, lat] = list.body.features[0].geometry.coordinates as [number, number]
  const tilePath = `/tiles/facilities/12/${tileOf(lon, lat, 12).join('/')}.mvt`
  const admin2 = await signIn(b, 'admin')
  // Another user's tile, served by B from the replica before the edit: it is now in B's memory and in tile_cache.
  const nameInTile = async (session: Session) => {
    const r = await session.bytes(tilePath)
    if (r.status !== 200) throw new Error(`tile ${tilePath}: ${r.status}`)
    const layer = new VectorTile(new PbfReader(r.body) as never).layers.facilities
    const f = layer && Array.from({ length: layer.length }, (_, i) => layer.feature(i)).find((x) => x.id === id)
    return { name: f?.properties.name, cache: r.headers.get('x-tile-cache') }
  }
  const oldName = (await nameInTile(admin2)).name
  check(typeof oldName === 'string' && (await nameInTile(admin2)).cache === 'memory', 'tile served and kept by B')
  const name = `Renamed ${Date.now()}`
  const edited = await plannerA.send('PATCH', `/ogc/collections/facilities/items/${id}`, { properties: { name } })
  check(edited.status === 200, 'edit through A')
  const mine = await plannerB.get(`/ogc/collections/facilities/items/${id}`)
  check(mine.body.properties.name === name, 'the editor sees the edit at once through B')
  const replayed = await until('the replica to replay the edit', async () => {
    const r = await admin2.get(`/ogc/collections/facilities/items/${id}`)
    return r.body.properties?.name === name ? r : undefined
  })
  check(replayed.status === 200, 'another user reads the edit from the replica after replay')
  // The replica's data version moved with the edit, so B's memory and tile_cache (keyed by it) cannot serve the old
  // tile: the new one is built from the replica.
  const tile = await nameInTile(admin2)
  check(tile.name === name && tile.cache === 'miss', `the replica-served tile shows the edit (was "${oldName}")`)
  const metrics = await (await fetch(`http://127.0.0.1:${b}/metrics`)).text()
  const replicaReads = Number(
    new RegExp(`ramani_db_reads_total\\{target="127\\.0\\.0\\.1:${REPLICA_PORT}/${DB}"\\} (\\d+)`).exec(metrics)?.[1],
  )
  check(replicaReads > 0, `reads served by the replica (${replicaReads})`)

  // The replica stops: reads still work, from the primary.
  stopReplica()
  const after = await admin2.get(`/ogc/collections/facilities/items/${id}`)
  check(after.status === 200 && after.body.properties.name === name, 'reads still work with the replica stopped')
  const deeper = await admin2.bytes(`/tiles/facilities/13/${tileOf(lon, lat, 13).join('/')}.mvt`)
  check(deeper.status === 200 && deeper.body.byteLength > 0, 'tiles still work with the replica stopped')
  const search = await admin2.get('/api/search?q=renamed')
  check(search.status === 200, 'search still works with the replica stopped')
  log('all checks passed')
}

let failed = false
try {
  await main()
} catch (e) {
  failed = true
  console.error(e)
} finally {
  await cleanup()
}
process.exit(failed ? 1 : 0)
