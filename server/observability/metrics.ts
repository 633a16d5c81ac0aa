import type pg from 'pg'
import { jobStats } from '../analysis/jobs.ts'
import type { Db } from '../db/index.ts'

// Prometheus text exposition (version 0.0.4) of what this instance is doing. Counters are per process: Prometheus
// scrapes each instance and sums. Labels are bounded: a route is its pattern (/api/analysis/jobs/:id), never the path.

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]

interface Histogram {
  counts: number[]
  sum: number
  count: number
}
const requests = new Map<string, Histogram>()
const caches = new Map<string, { hit: number; miss: number }>()
const started = Date.now()

export function observeRequest(method: string, route: string, status: number, seconds: number) {
  const key = `${method}\n${route}\n${status}`
  let h = requests.get(key)
  if (!h) requests.set(key, (h = { counts: BUCKETS.map(() => 0), sum: 0, count: 0 }))
  for (let i = 0; i < BUCKETS.length; i++) if (seconds <= BUCKETS[i]!) h.counts[i]!++
  h.sum += seconds
  h.count++
}

/** Counts a lookup in an in-memory or shared cache (e.g. 'tiles'), for its hit rate. */
export function countCache(cache: string, hit: boolean) {
  let c = caches.get(cache)
  if (!c) caches.set(cache, (c = { hit: 0, miss: 0 }))
  c[hit ? 'hit' : 'miss']++
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')
const labels = (l: Record<string, string | number>) =>
  `{${Object.entries(l)
    .map(([k, v]) => `${k}="${esc(String(v))}"`)
    .join(',')}}`

class Text {
  lines: string[] = []
  family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string) {
    this.lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`)
  }
  sample(name: string, l: Record<string, string | number>, value: number) {
    this.lines.push(`${name}${Object.keys(l).length ? labels(l) : ''} ${Number.isFinite(value) ? value : 0}`)
  }
}

export async function renderMetrics(db: Db): Promise<string> {
  const t = new Text()
  t.family('ramani_http_requests_total', 'counter', 'HTTP requests answered, by method, route pattern and status.')
  for (const [key, h] of requests) {
    const [method, route, status] = key.split('\n') as [string, string, string]
    t.sample('ramani_http_requests_total', { method, route, status }, h.count)
  }
  t.family('ramani_http_request_duration_seconds', 'histogram', 'Time to answer HTTP requests.')
  for (const [key, h] of requests) {
    const [method, route, status] = key.split('\n') as [string, string, string]
    const l = { method, route, status }
    BUCKETS.forEach((b, i) => t.sample('ramani_http_request_duration_seconds_bucket', { ...l, le: b }, h.counts[i]!))
    t.sample('ramani_http_request_duration_seconds_bucket', { ...l, le: '+Inf' }, h.count)
    t.sample('ramani_http_request_duration_seconds_sum', l, h.sum)
    t.sample('ramani_http_request_duration_seconds_count', l, h.count)
  }

  const pool = (db as { pool?: pg.Pool }).pool
  if (pool) {
    t.family('ramani_db_pool_connections', 'gauge', 'Connections of the pool to the primary, by state.')
    t.sample('ramani_db_pool_connections', { state: 'total' }, pool.totalCount)
    t.sample('ramani_db_pool_connections', { state: 'idle' }, pool.idleCount)
    t.family('ramani_db_pool_waiting', 'gauge', 'Queries waiting for a connection to the primary.')
    t.sample('ramani_db_pool_waiting', {}, pool.waitingCount)
  }
  const reads = db.replicas?.stats()
  if (reads) {
    t.family('ramani_db_replica_up', 'gauge', '1 if the read replica answers (0 while it is skipped after a failure).')
    for (const r of reads.replicas) t.sample('ramani_db_replica_up', { replica: r.url }, r.up ? 1 : 0)
    t.family('ramani_db_reads_total', 'counter', 'Read handles served, by where they went.')
    for (const r of reads.replicas) t.sample('ramani_db_reads_total', { target: r.url }, r.reads)
    t.sample('ramani_db_reads_total', { target: 'primary' }, reads.primaryReads)
    t.family('ramani_db_replica_failures_total', 'counter', 'Times a replica failed to answer and reads fell back.')
    for (const r of reads.replicas) t.sample('ramani_db_replica_failures_total', { replica: r.url }, r.failures)
  }

  const jobs = await jobStats(db)
  t.family('ramani_analysis_jobs', 'gauge', 'Analysis jobs in the shared table, by status.')
  for (const s of ['queued', 'running', 'done', 'failed'])
    t.sample('ramani_analysis_jobs', { status: s }, jobs.byStatus[s] ?? 0)
  t.family('ramani_analysis_jobs_running_here', 'gauge', 'Analysis jobs this instance is running.')
  t.sample('ramani_analysis_jobs_running_here', {}, jobs.runningHere)
  t.family('ramani_analysis_jobs_total', 'counter', 'Analysis jobs this instance has claimed, and how they ended.')
  t.sample('ramani_analysis_jobs_total', { event: 'claimed' }, jobs.claimed)
  t.sample('ramani_analysis_jobs_total', { event: 'done' }, jobs.done)
  t.sample('ramani_analysis_jobs_total', { event: 'failed' }, jobs.failed)

  t.family('ramani_cache_requests_total', 'counter', 'Cache lookups, by cache and result (hit rate = hit / all).')
  for (const [name, c] of caches) {
    t.sample('ramani_cache_requests_total', { cache: name, result: 'hit' }, c.hit)
    t.sample('ramani_cache_requests_total', { cache: name, result: 'miss' }, c.miss)
  }

  const mem = process.memoryUsage()
  t.family('ramani_process_resident_memory_bytes', 'gauge', 'Resident memory of this process.')
  t.sample('ramani_process_resident_memory_bytes', {}, mem.rss)
  t.family('ramani_process_uptime_seconds', 'gauge', 'Seconds since this process started serving.')
  t.sample('ramani_process_uptime_seconds', {}, (Date.now() - started) / 1000)
  return `${t.lines.join('\n')}\n`
}
