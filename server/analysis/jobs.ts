import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { PROBLEMS, type ProblemCode } from '../../contract/problems.ts'
import type { AreaScope } from '../access/scope.ts'
import type { Db, Queryable } from '../db/index.ts'
import { DomainError, fail } from '../errors.ts'
import type { Progress } from './engine.ts'

// Analysis runs as jobs kept in PostgreSQL, so any app instance can answer for any job. The instance that takes a
// request queues the job and then claims queued jobs while it has free workers (FOR UPDATE SKIP LOCKED: two instances
// never take the same one); a request waits a while for the answer, and a longer run answers 202 with a job to poll,
// which reports its phase and progress. A running job's instance beats a heartbeat; a job whose heartbeat stops (its
// instance died) is taken over by the next instance that claims work. Finished jobs are kept 15 minutes; only their
// owner sees them.

export interface JobView {
  id: string
  kind: string
  status: 'running' | 'done' | 'failed'
  phase: string
  done: number | null
  total: number | null
  started_at: string
  error: string | null
}

export type JobRunner = (q: Queryable, params: unknown, area: AreaScope, progress: Progress) => Promise<unknown>

export type JobOutcome = { status: 'done'; result: unknown } | { status: 'failed'; error: Error }

interface JobRow {
  id: string
  owner: string
  kind: string
  params: unknown
  area: AreaScope
  status: 'queued' | 'running' | 'done' | 'failed'
  phase: string
  done: number | null
  total: number | null
  result: unknown
  error_code: string | null
  error: string | null
  created_at: string
}

const KEEP = '15 minutes'
const HEARTBEAT_MS = 10_000
/** A running job whose heartbeat is older than this has lost its instance. */
const STALE = '60 seconds'
const POLL_MS = 200
const PROGRESS_WRITE_MS = 250

/** This process, as named in claimed_by (for an operator reading the table). */
export const INSTANCE = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`

const runners = new Map<string, JobRunner>()
/** Jobs this instance is running, with their outcome: a request waiting here needs no polling. */
const local = new Map<string, { outcome: Promise<JobOutcome> }>()
const counters = { claimed: 0, done: 0, failed: 0 }
/** Jobs of this instance whose run has not ended (storing a result does not hold a worker). */
let running = 0

/** Registers what a kind of job runs (at module load of the route that starts them). */
export function defineJobKind(kind: string, runner: JobRunner) {
  runners.set(kind, runner)
}

/** How many jobs this instance may run at once, and how many may wait in the queue before new ones are refused. */
export interface JobLimits {
  running: number
  queued: number
}

/** Queues a job and starts claiming work; returns its id. Refuses (busy) when the queue is already full. */
export async function submitJob(
  db: Db,
  limits: JobLimits,
  job: { owner: string; kind: string; params: unknown; area: AreaScope },
): Promise<string> {
  const waiting = await db.query<{ n: number }>("SELECT count(*) AS n FROM analysis_jobs WHERE status = 'queued'")
  if ((waiting.rows[0]?.n ?? 0) >= limits.queued)
    throw fail('busy', 'The server is busy with other heavy work; try again shortly.', {
      headers: { 'Retry-After': '30' },
    })
  const id = randomUUID()
  await db.query('INSERT INTO analysis_jobs (id, owner, kind, params, area) VALUES ($1, $2, $3, $4::json, $5::json)', [
    id,
    job.owner,
    job.kind,
    JSON.stringify(job.params ?? {}),
    JSON.stringify(job.area),
  ])
  await claimWork(db, limits)
  return id
}

/** Claims queued (or orphaned) jobs while this instance has room, and runs them. */
export async function claimWork(db: Db, limits: JobLimits): Promise<void> {
  while (running < limits.running) {
    const r = await db.query<JobRow>(
      `UPDATE analysis_jobs SET status = 'running', phase = 'starting', claimed_by = $1, heartbeat_at = now()
        WHERE id = (SELECT id FROM analysis_jobs
                     WHERE status = 'queued' OR (status = 'running' AND heartbeat_at < now() - $2::interval)
                     ORDER BY created_at FOR UPDATE SKIP LOCKED LIMIT 1)
        RETURNING id, owner, kind, params, area`,
      [INSTANCE, STALE],
    )
    const row = r.rows[0]
    if (!row) return
    counters.claimed++
    running++
    const run = runClaimed(db, row)
    // The outcome is answered from memory here as soon as the run ends; the row follows (a large result takes a moment
    // to store), and until it is stored, polls on this instance are answered from memory too.
    local.set(row.id, { outcome: run.outcome })
    void run.outcome.then(() => {
      running--
      // A worker came free: take the next job waiting, whichever instance queued it.
      void claimWork(db, limits).catch(() => undefined)
    })
    void run.stored.finally(() => local.delete(row.id))
  }
}

function runClaimed(
  db: Db,
  row: Pick<JobRow, 'id' | 'kind' | 'params' | 'area'>,
): { outcome: Promise<JobOutcome>; stored: Promise<void> } {
  const runner = runners.get(row.kind)
  // Progress is written in order and at most every PROGRESS_WRITE_MS, except phase changes, which always are.
  let writes = Promise.resolve()
  let lastPhase = ''
  let lastWrite = 0
  const write = (sql: string, params: unknown[]) => {
    writes = writes.then(() => db.query(sql, params).then(() => undefined)).catch(() => undefined)
    return writes
  }
  const progress: Progress = async (phase, done, total) => {
    const now = Date.now()
    if (phase !== lastPhase || now - lastWrite >= PROGRESS_WRITE_MS) {
      lastPhase = phase
      lastWrite = now
      void write(
        'UPDATE analysis_jobs SET phase = $2, done = $3, total = $4, heartbeat_at = now() WHERE id = $1 AND claimed_by = $5',
        [row.id, phase, done ?? null, total ?? null, INSTANCE],
      )
    }
    // Let the event loop answer progress polls between phases of a long run.
    await new Promise((r) => setImmediate(r))
  }
  const beat = setInterval(
    () =>
      void write('UPDATE analysis_jobs SET heartbeat_at = now() WHERE id = $1 AND claimed_by = $2', [row.id, INSTANCE]),
    HEARTBEAT_MS,
  )
  beat.unref()
  const outcome: Promise<JobOutcome> = (async () => {
    if (!runner) throw new Error(`No runner for analysis jobs of kind ${row.kind}.`)
    return runner(db, row.params, row.area, progress)
  })().then(
    (result) => ({ status: 'done', result }),
    (err: unknown) => ({ status: 'failed', error: err instanceof Error ? err : new Error(String(err)) }),
  )
  const stored = outcome.then(async (o) => {
    clearInterval(beat)
    await writes
    if (o.status === 'done') {
      await db.query(
        `UPDATE analysis_jobs SET status = 'done', phase = 'done', result = $2::json, ended_at = now(), heartbeat_at = now()
          WHERE id = $1`,
        [row.id, JSON.stringify(o.result)],
      )
      counters.done++
    } else {
      const code = o.error instanceof DomainError ? o.error.code : 'internal_error'
      await db.query(
        `UPDATE analysis_jobs SET status = 'failed', error_code = $2, error = $3, ended_at = now(), heartbeat_at = now()
          WHERE id = $1`,
        [row.id, code, o.error.message],
      )
      counters.failed++
    }
    await db.query('DELETE FROM analysis_jobs WHERE ended_at < now() - $1::interval', [KEEP])
  })
  return { outcome, stored: stored.catch(() => undefined) }
}

const view = (r: JobRow): JobView => ({
  id: r.id,
  kind: r.kind,
  // A queued job is reported running in its 'queued' phase: to the caller both are "not done yet".
  status: r.status === 'queued' ? 'running' : r.status,
  phase: r.phase,
  done: r.done,
  total: r.total,
  started_at: r.created_at,
  error: r.error,
})

/** A failure as the error a reply is made of: a named problem (a limit, bad input) as itself, anything else a 500. */
function failureOf(r: JobRow): Error {
  const code = r.error_code as ProblemCode | null
  if (code && code !== 'internal_error' && code in PROBLEMS)
    return new DomainError(
      code,
      r.error ?? PROBLEMS[code].title,
      code === 'busy' ? { headers: { 'Retry-After': '30' } } : {},
    )
  return new Error(r.error ?? 'The analysis failed.')
}

export interface JobState {
  view: JobView
  outcome?: JobOutcome
}

/** The owner's job, from whichever instance ran it; undefined if there is none (or it is someone else's). */
export async function jobFor(db: Db, limits: JobLimits, owner: string, id: string): Promise<JobState | undefined> {
  const r = await db.query<JobRow>(
    `SELECT id, owner, kind, status, phase, done, total, error_code, error, created_at,
            CASE WHEN status = 'done' THEN result END AS result
       FROM analysis_jobs WHERE id = $1 AND owner = $2`,
    [id, owner],
  )
  const row = r.rows[0]
  if (!row) return undefined
  const mine = local.get(id)
  if (mine && (row.status === 'queued' || row.status === 'running')) {
    const ended = await Promise.race([mine.outcome, Promise.resolve(undefined)])
    if (ended)
      return {
        view: { ...view(row), status: ended.status, phase: ended.status === 'done' ? 'done' : row.phase },
        outcome: ended,
      }
  }
  // A job still queued is waiting for a free worker, or for an instance to take over from one that died.
  if (row.status === 'queued' || row.status === 'running') await claimWork(db, limits).catch(() => undefined)
  if (row.status === 'done') return { view: view(row), outcome: { status: 'done', result: row.result } }
  if (row.status === 'failed') return { view: view(row), outcome: { status: 'failed', error: failureOf(row) } }
  return { view: view(row) }
}

/** The job's outcome if it ends within `ms` (from this instance's run, or by polling the table); else undefined. */
export async function waitFor(db: Db, id: string, ms: number): Promise<JobOutcome | undefined> {
  const deadline = Date.now() + ms
  for (;;) {
    const mine = local.get(id)
    if (mine) {
      let timer: NodeJS.Timeout | undefined
      const timeout = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), deadline - Date.now())))
      try {
        return await Promise.race([mine.outcome, timeout])
      } finally {
        clearTimeout(timer)
      }
    }
    const r = await db.query<JobRow>(
      `SELECT status, error_code, error, CASE WHEN status = 'done' THEN result END AS result
         FROM analysis_jobs WHERE id = $1`,
      [id],
    )
    const row = r.rows[0]
    if (!row) return undefined
    if (row.status === 'done') return { status: 'done', result: row.result }
    if (row.status === 'failed') return { status: 'failed', error: failureOf(row) }
    if (Date.now() + POLL_MS > deadline) return undefined
    await new Promise((res) => setTimeout(res, POLL_MS))
  }
}

/** Queue figures for /metrics: jobs by status in the table, and what this instance has done since it started. */
export async function jobStats(q: Queryable) {
  const r = await q.query<{ status: string; n: number }>(
    'SELECT status, count(*) AS n FROM analysis_jobs GROUP BY status',
  )
  return {
    byStatus: Object.fromEntries(r.rows.map((row) => [row.status, row.n])) as Record<string, number>,
    runningHere: running,
    ...counters,
  }
}
