import { randomUUID } from 'node:crypto'
import type { Progress } from './engine.ts'

// Analysis runs as jobs: a request waits a while for the answer, and a longer run answers 202 with a job to poll,
// which reports its phase and progress. Jobs live in memory for 15 minutes after they end (50 at most); only their owner sees them.

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

interface Job extends JobView {
  owner: string
  promise: Promise<unknown>
  result?: unknown
  endedAt?: number
}

const jobs = new Map<string, Job>()
const KEEP_MS = 15 * 60_000
const MAX_JOBS = 50

function sweep() {
  const now = Date.now()
  for (const [id, j] of jobs) if (j.endedAt && now - j.endedAt > KEEP_MS) jobs.delete(id)
  while (jobs.size > MAX_JOBS) jobs.delete(jobs.keys().next().value!)
}

export function startJob(owner: string, kind: string, run: (progress: Progress) => Promise<unknown>): Job {
  sweep()
  const job = {
    id: randomUUID(),
    kind,
    owner,
    status: 'running',
    phase: 'queued',
    done: null,
    total: null,
    started_at: new Date().toISOString(),
    error: null,
  } as Job
  const progress: Progress = async (phase, done, total) => {
    job.phase = phase
    job.done = done ?? null
    job.total = total ?? null
    // Let the event loop answer progress polls between phases of a long run.
    await new Promise((r) => setImmediate(r))
  }
  job.promise = run(progress).then(
    (result) => {
      job.status = 'done'
      job.phase = 'done'
      job.result = result
      job.endedAt = Date.now()
      return result
    },
    (err: unknown) => {
      job.status = 'failed'
      job.error = err instanceof Error ? err.message : String(err)
      job.endedAt = Date.now()
      throw err
    },
  )
  job.promise.catch(() => {}) // the waiting request, if any, reports the failure
  jobs.set(job.id, job)
  return job
}

export const viewOf = (j: Job): JobView => ({
  id: j.id,
  kind: j.kind,
  status: j.status,
  phase: j.phase,
  done: j.done,
  total: j.total,
  started_at: j.started_at,
  error: j.error,
})

export function jobFor(owner: string, id: string): Job | undefined {
  const j = jobs.get(id)
  return j && j.owner === owner ? j : undefined
}

/** The job's result if it ends within `ms`; undefined if it is still running then. */
export async function waitFor(job: Job, ms: number): Promise<{ result: unknown } | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<undefined>((r) => (timer = setTimeout(() => r(undefined), ms)))
  try {
    return await Promise.race([job.promise.then((result) => ({ result })), timeout])
  } finally {
    clearTimeout(timer)
  }
}
