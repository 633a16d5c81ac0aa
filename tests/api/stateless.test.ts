import { afterAll, describe, expect, it } from 'vitest'
import { configureWorkers } from '../../server/workers/pool.ts'
import { checkedApp, signIn } from '../support/app.ts'
import { driver } from '../support/db.ts'
import { TEST_PASSWORD } from '../support/password.ts'
import { useApp } from '../support/use-app.ts'

// What several app instances share lives in the database: two apps on one database stand in for two instances
// (the real thing, with separate processes and a streaming replica, is scripts/multi-instance-test.sh).

const app = useApp({ metricsToken: 'metrics-token-0123456789' }, 'planner')

describe(`shared state across instances (${driver})`, () => {
  it('answers for a job on another instance, and runs there a job queued elsewhere', async () => {
    const other = checkedApp({ db: app.db })
    const plannerThere = await signIn(other, 'planner')
    const res = await app.planner.send(
      'POST',
      '/api/analysis/service-areas',
      { bands_min: [30] },
      {
        Prefer: 'respond-async',
      },
    )
    expect(res.status).toBe(202)
    let poll = await plannerThere.json(res.headers.get('Location')!)
    for (let i = 0; i < 600 && poll.status === 202; i++) {
      expect(poll.body.job.id).toBe(res.body.job.id)
      await new Promise((r) => setTimeout(r, 100))
      poll = await plannerThere.json(res.headers.get('Location')!)
    }
    expect(poll.status).toBe(200)
    expect(poll.body.features.map((f: any) => f.properties.band_min)).toEqual([30])
    // The instance that ran it answers from memory as soon as the run ends; the stored row follows.
    const row = async () =>
      (
        await app.db.query<{ status: string; claimed_by: string }>(
          'SELECT status, claimed_by FROM analysis_jobs WHERE id = $1',
          [res.body.job.id],
        )
      ).rows[0]
    await expect.poll(row, { timeout: 15_000 }).toMatchObject({ status: 'done', claimed_by: expect.any(String) })
  })

  it('locks an account after failures spread over two instances', async () => {
    const other = checkedApp({ db: app.db })
    const attempt = (a: typeof other, password: string) =>
      a.request('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'viewer', password }),
      })
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await attempt(i % 2 ? other : app.t.app, 'wrong-password')).status)
    expect(statuses).toEqual([401, 401, 401, 401, 401])
    // The right password no longer gets in from this address, on either instance.
    expect((await attempt(app.t.app, TEST_PASSWORD)).status).toBe(429)
    expect((await attempt(other, TEST_PASSWORD)).status).toBe(429)
  })
})

describe(`analysis limits (${driver})`, () => {
  afterAll(() => configureWorkers({}))

  it('answers a job stopped at its time limit as that problem, on the request and on the poll', async () => {
    // Worker limits are per process: this app's 1 ms limit applies to every app of this file from here on.
    const limited = {
      planner: await signIn(checkedApp({ db: app.db, workers: { analysis: { taskMs: 1 } } }), 'planner'),
    }
    const direct = await limited.planner.send('POST', '/api/analysis/coverage', {})
    expect(direct.status).toBe(422)
    expect(direct.body.error.code).toBe('too_much_work')
    const res = await limited.planner.send('POST', '/api/analysis/coverage', {}, { Prefer: 'respond-async' })
    expect(res.status).toBe(202)
    let poll = await limited.planner.json(res.headers.get('Location')!)
    for (let i = 0; i < 600 && poll.status === 202; i++) {
      await new Promise((r) => setTimeout(r, 100))
      poll = await limited.planner.json(res.headers.get('Location')!)
    }
    expect(poll.status).toBe(422)
    expect(poll.body.error).toMatchObject({ code: 'too_much_work', message: expect.stringMatching(/limit of \d+ s/) })
  })
})

describe(`health and metrics (${driver})`, () => {
  it('answers liveness and readiness, and readiness fails while a migration is missing', async () => {
    expect((await app.anon.json('/api/health/live')).body).toEqual({ status: 'ok' })
    const ready = await app.anon.json('/api/health/ready')
    expect(ready.status).toBe(200)
    expect(ready.body.checks).toEqual({ database: 'ok', migrations: 'ok' })
    const [last] = (
      await app.db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version DESC LIMIT 1')
    ).rows
    await app.db.query('DELETE FROM schema_migrations WHERE version = $1', [last!.version])
    try {
      const pending = await app.anon.json('/api/health/ready')
      expect(pending.status).toBe(503)
      expect(pending.body.checks.migrations).toBe('pending')
    } finally {
      await app.db.query('INSERT INTO schema_migrations (version) VALUES ($1)', [last!.version])
    }
  })

  it('serves Prometheus metrics only with the token, counting requests by route pattern', async () => {
    expect((await app.anon.json('/metrics')).status).toBe(401)
    const res = await app.anon.request('/metrics', { headers: { Authorization: 'Bearer metrics-token-0123456789' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await res.text()
    expect(text).toMatch(/ramani_http_requests_total\{method="GET",route="\/api\/health\/ready",status="200"\} \d+/)
    expect(text).toMatch(/ramani_http_request_duration_seconds_bucket\{.*le="\+Inf"\} \d+/)
    expect(text).toMatch(/ramani_analysis_jobs\{status="done"\} \d+/)
    if (driver === 'postgres') expect(text).toMatch(/ramani_db_pool_connections\{state="total"\} \d+/)
  })

  it('writes one JSON line per request with its request id', async () => {
    const lines: Record<string, unknown>[] = []
    const logged = checkedApp({ db: app.db, requestLog: (l) => lines.push(l) })
    const res = await logged.request('/api/health/live', { headers: { 'X-Request-Id': 'trace-me-1' } })
    expect(res.status).toBe(200)
    expect(lines).toEqual([
      expect.objectContaining({
        request_id: 'trace-me-1',
        method: 'GET',
        route: '/api/health/live',
        status: 200,
        duration_ms: expect.any(Number),
      }),
    ])
  })
})
