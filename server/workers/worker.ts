import { parentPort } from 'node:worker_threads'
import type { Queryable, QueryResult } from '../db/index.ts'
import { serializeError, rebuildError, type FromWorker, type ToWorker } from './messages.ts'
import { TASKS } from './tasks.ts'

// A task worker: runs one task at a time from TASKS. Its database is the main thread's, reached through the port,
// because the embedded PGlite cannot be shared between threads; a server pool could, but one path serves both.

const port = parentPort!
const send = (m: FromWorker) => port.postMessage(m)
const pending = new Map<number, { resolve: (r: QueryResult<never>) => void; reject: (e: Error) => void }>()
let nextQuery = 1

const db: Queryable = {
  query<T>(sql: string, params: readonly unknown[] = []): Promise<QueryResult<T>> {
    const qid = nextQuery++
    return new Promise<QueryResult<T>>((resolve, reject) => {
      pending.set(qid, { resolve: resolve as never, reject })
      send({ type: 'query', qid, sql, params })
    })
  },
  exec: () => Promise.reject(new Error('Scripts are not run from a task worker.')),
}

port.on('message', (m: ToWorker) => {
  if (m.type === 'reply') {
    const p = pending.get(m.qid)
    pending.delete(m.qid)
    if (!p) return
    if (m.error) p.reject(rebuildError(m.error))
    else p.resolve({ rows: m.rows ?? [], rowCount: m.rowCount ?? 0 } as QueryResult<never>)
    return
  }
  const task = TASKS[m.task as keyof typeof TASKS]
  const progress = async (phase: string, done?: number, total?: number) =>
    send({ type: 'progress', id: m.id, phase, done, total })
  Promise.resolve()
    .then(() => (task as (...a: unknown[]) => unknown)({ db, progress }, ...m.args))
    .then(
      (result) => send({ type: 'done', id: m.id, result }),
      (e: unknown) => send({ type: 'failed', id: m.id, error: serializeError(e) }),
    )
})

// Every task's code is loaded (imports above): the pool starts tasks' clocks from here, not from the compile.
send({ type: 'ready' })
