import { Worker } from 'node:worker_threads'
import type { ProblemCode } from '../../contract/problems.ts'
import type { Queryable } from '../db/index.ts'
import { DomainError } from '../errors.ts'
import { FormatError } from '../formats/types.ts'
import { rebuildError, serializeError, type FromWorker, type ToWorker } from './messages.ts'
import type { TaskName, TaskArgs, TaskResult } from './tasks.ts'

// CPU-bound work (analyses, hot spots, parsing uploads) runs in worker threads so the event loop keeps answering.
// Each task has a wall-clock limit and each worker a heap limit; a worker over either is terminated, the task answered
// with TaskLimitError, and a fresh worker takes its place. Workers live on between tasks so their caches (the road
// graph) stay warm.

export interface PoolLimits {
  /** Workers running at once; further tasks wait their turn. */
  size: number
  /** Wall-clock limit of one task, from the moment a worker takes it. */
  taskMs: number
  /** Heap limit of one worker (V8 old generation). */
  memoryMb: number
  /** Tasks allowed to wait for a worker; more are refused at once. */
  queue: number
}

/** A task stopped for exceeding its limits (the request's doing: 422), or refused because too many wait (503). */
export class TaskLimitError extends DomainError {
  constructor(
    readonly limit: 'time' | 'memory' | 'busy',
    message: string,
  ) {
    super(
      limit === 'busy' ? 'busy' : 'too_much_work',
      message,
      limit === 'busy' ? { headers: { 'Retry-After': '30' } } : {},
    )
    this.name = 'TaskLimitError'
  }
}

export type Progress = (phase: string, done?: number, total?: number) => Promise<void> | void

interface Slot {
  worker: Worker
  busy: boolean
  broken: boolean
  /** Settles when the worker has loaded the task code. */
  ready: Promise<void>
}
interface Queued {
  task: TaskName
  args: unknown[]
  db: Queryable
  progress?: Progress
  resolve: (v: unknown) => void
  reject: (e: Error) => void
}

const ENTRY = new URL('./worker.ts', import.meta.url).href
const BOOT = new URL('./bootstrap.mjs', import.meta.url)
// Errors with a meaning for the reply are rebuilt as their own class; anything else stays a plain Error (a 500).
const ERROR_CLASSES: Record<string, (message: string, fields: Record<string, string | number | boolean>) => Error> = {
  FormatError: (m, f) => new FormatError(m, f.code === 'unsupported_crs' ? 'unsupported_crs' : 'invalid_file'),
  DomainError: (m, f) =>
    new DomainError(f.code as ProblemCode, m, typeof f.parameter === 'string' ? { parameter: f.parameter } : {}),
}

export interface Pool {
  run<T extends TaskName>(
    task: T,
    db: Queryable,
    args: TaskArgs<T>,
    progress?: Progress,
  ): Promise<Awaited<TaskResult<T>>>
  close(): Promise<void>
  readonly limits: PoolLimits
}

export function createPool(name: string, limits: PoolLimits): Pool {
  const slots: Slot[] = []
  const queue: Queued[] = []
  let nextId = 1

  const spawn = (): Slot => {
    const worker = new Worker(BOOT, {
      workerData: { entry: ENTRY },
      execArgv: [],
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb },
      name: `ramani-${name}`,
    })
    // Idle workers must not keep the process (or a test run) alive.
    worker.unref()
    const ready = new Promise<void>((resolve) => {
      const onReady = (m: FromWorker) => {
        if (m.type !== 'ready') return
        worker.off('message', onReady)
        resolve()
      }
      worker.on('message', onReady)
    })
    const slot: Slot = { worker, busy: false, broken: false, ready }
    slots.push(slot)
    return slot
  }

  const retire = (slot: Slot) => {
    if (slot.broken) return
    slot.broken = true
    slots.splice(slots.indexOf(slot), 1)
    void slot.worker.terminate()
  }

  const pump = () => {
    while (queue.length) {
      let slot = slots.find((s) => !s.busy && !s.broken)
      if (!slot && slots.length < limits.size) slot = spawn()
      if (!slot) return
      dispatch(slot, queue.shift()!)
    }
  }

  const dispatch = (slot: Slot, job: Queued) => {
    slot.busy = true
    const id = nextId++
    const w = slot.worker
    w.ref()
    let settled = false
    let timer: NodeJS.Timeout | undefined
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      w.off('message', onMessage)
      w.off('error', onError)
      w.off('exit', onExit)
      fn()
      if (!slot.broken) {
        w.unref()
        slot.busy = false
      }
      pump()
    }
    const startClock = () =>
      setTimeout(() => {
        retire(slot)
        finish(() =>
          job.reject(
            new TaskLimitError(
              'time',
              `The work took longer than its limit of ${Math.round(limits.taskMs / 1000)} s and was stopped.`,
            ),
          ),
        )
      }, limits.taskMs)
    const onMessage = (m: FromWorker) => {
      switch (m.type) {
        case 'query':
          job.db.query(m.sql, m.params).then(
            (r) =>
              !slot.broken &&
              w.postMessage({ type: 'reply', qid: m.qid, rows: r.rows, rowCount: r.rowCount } satisfies ToWorker),
            (e: unknown) =>
              !slot.broken && w.postMessage({ type: 'reply', qid: m.qid, error: serializeError(e) } satisfies ToWorker),
          )
          return
        case 'progress':
          if (m.id === id) void job.progress?.(m.phase, m.done, m.total)
          return
        case 'done':
          if (m.id === id) finish(() => job.resolve(m.result))
          return
        case 'failed':
          if (m.id === id) finish(() => job.reject(rebuildError(m.error, ERROR_CLASSES)))
      }
    }
    const onError = (e: Error & { code?: string }) => {
      retire(slot)
      finish(() =>
        job.reject(
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new TaskLimitError(
                'memory',
                `The work needed more than its memory limit of ${limits.memoryMb} MB and was stopped.`,
              )
            : e,
        ),
      )
    }
    const onExit = () => {
      retire(slot)
      finish(() => job.reject(new Error('The worker stopped unexpectedly.')))
    }
    w.on('message', onMessage)
    w.on('error', onError)
    w.on('exit', onExit)
    // The clock starts once the worker has loaded its code: a fresh worker's compile is not the task's doing.
    void slot.ready.then(() => {
      if (settled) return
      timer = startClock()
      w.postMessage({ type: 'run', id, task: job.task, args: job.args } satisfies ToWorker)
    })
  }

  return {
    limits,
    run(task, db, args, progress) {
      if (queue.length >= limits.queue)
        return Promise.reject(
          new TaskLimitError('busy', 'The server is busy with other heavy work; try again shortly.'),
        )
      return new Promise((resolve, reject) => {
        queue.push({ task, args: args as unknown[], db, progress, resolve: resolve as (v: unknown) => void, reject })
        pump()
      })
    },
    async close() {
      for (const j of queue.splice(0)) j.reject(new Error('The server is shutting down.'))
      await Promise.all(slots.splice(0).map((s) => s.worker.terminate()))
    },
  }
}

const DEFAULTS: Record<'analysis' | 'parse', PoolLimits> = {
  analysis: { size: 2, taskMs: 10 * 60_000, memoryMb: 2048, queue: 32 },
  parse: { size: 1, taskMs: 120_000, memoryMb: 1024, queue: 8 },
}
const pools = new Map<keyof typeof DEFAULTS, Pool>()
let overrides: Partial<Record<keyof typeof DEFAULTS, Partial<PoolLimits>>> = {}

/** Sets the limits of the shared pools (at start, or per test app); pools already running are replaced. */
export function configureWorkers(o: Partial<Record<keyof typeof DEFAULTS, Partial<PoolLimits>>>) {
  overrides = o
  for (const [k, p] of pools) {
    pools.delete(k)
    void p.close()
  }
}

/**
 * Starts every worker of every pool and loads the task code in each, so the first heavy request pays no start-up
 * (a worker compiles the server's TypeScript on first load: a second of CPU the host may be short of).
 */
export async function warmWorkers(db: Queryable) {
  await Promise.all(
    (Object.keys(DEFAULTS) as (keyof typeof DEFAULTS)[]).flatMap((k) => {
      const p = pool(k)
      return Array.from({ length: p.limits.size }, () => p.run('ping', db, []))
    }),
  )
}

/** The shared pool for one kind of work, started on first use. */
export function pool(kind: keyof typeof DEFAULTS): Pool {
  let p = pools.get(kind)
  if (!p) pools.set(kind, (p = createPool(kind, { ...DEFAULTS[kind], ...overrides[kind] })))
  return p
}
