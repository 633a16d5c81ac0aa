import { afterAll, describe, expect, it } from 'vitest'
import type { Queryable } from '../../server/db/index.ts'
import { TaskLimitError, createPool } from '../../server/workers/pool.ts'

// The pool's limits: a task over its heap or its wall clock ends with TaskLimitError and a fresh worker takes the
// next task.

const noDb: Queryable = {
  query: () => Promise.reject(new Error('no database in this test')),
  exec: () => Promise.reject(new Error('no database in this test')),
}
// Not much lower: under about 100 MB, V8 can fail a single large allocation (JSON.parse of a big file) fatally,
// taking the whole process with it, before the worker's heap-limit handler stops only the worker.
const pool = createPool('test', { size: 1, taskMs: 60_000, memoryMb: 128, queue: 4 })
afterAll(() => pool.close())

const geojson = (n: number) =>
  new TextEncoder().encode(
    JSON.stringify({
      type: 'FeatureCollection',
      features: Array.from({ length: n }, (_, i) => ({
        type: 'Feature',
        properties: { name: `point ${i}`, note: 'x'.repeat(40) },
        geometry: { type: 'Point', coordinates: [36 + i * 1e-6, -1] },
      })),
    }),
  )

describe('worker pool limits', () => {
  it('stops a parse that needs more memory than its limit, then parses the next file in a fresh worker', async () => {
    const err = await pool.run('parse', noDb, ['geojson', geojson(400_000), {}]).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(TaskLimitError)
    expect((err as TaskLimitError).limit).toBe('memory')
    expect((err as Error).message).toMatch(/memory limit of 128 MB/)
    const ok = await pool.run('parse', noDb, ['geojson', geojson(3), {}])
    expect(ok.rows).toHaveLength(3)
  }, 120_000)

  it('refuses work beyond the queue at once', async () => {
    const small = createPool('small', { size: 1, taskMs: 60_000, memoryMb: 64, queue: 1 })
    try {
      const first = small.run('ping', noDb, [])
      const second = small.run('ping', noDb, [])
      await expect(small.run('ping', noDb, [])).rejects.toMatchObject({ limit: 'busy' })
      expect(await first).toBe('pong')
      expect(await second).toBe('pong')
    } finally {
      await small.close()
    }
  }, 60_000)
})
