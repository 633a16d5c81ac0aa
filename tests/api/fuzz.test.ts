import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { COLLECTION_LIST } from '../../server/assets/collections.ts'
import { createApp } from '../../server/app.ts'
import { signIn, testApp, type Client, type TestApp } from '../support/app.ts'
import { driver } from '../support/db.ts'
import { describeLatencies, healthDuring, keptAnswering } from '../support/latency.ts'
import { warmWorkers } from '../../server/workers/pool.ts'

// A bounded fuzzer over every route in the OpenAPI document: each path and query parameter, one at a time, and each
// JSON body, gets hostile values. Every answer must be below 500 and, when it is an error, JSON; the data must be as
// it was; and /api/health must keep answering throughout (its latencies are printed; speed is for `npm run bench`).

// No value here is a valid id (a positive integer) so nothing real can be deleted or changed by accident.
const VALUES = [
  '',
  '\u0000',
  'a\u0000b',
  "'; DROP TABLE roads; --",
  '-1',
  '0',
  '1e309',
  'NaN',
  '99999999999999999999999',
  '../../etc/passwd',
  '%',
  '[]',
  '{"a":1}',
  'x'.repeat(5000),
  'Ñairobi 🚓 \u202Eevil',
  '2024-02-30',
]
const BODIES = ['[]', 'null', '"x"', '{', '{"__proto__":{"admin":true}}', '['.repeat(5000), '{"a":"\\u0000"}']
// A bounding box that holds no feature (the Indian Ocean, far off the coast).
const OCEAN = '60,-20,60.01,-19.99'
// Signing out or in would end the fuzzer's own session or trip sign-in throttling; uploads are multipart.
const SKIP = new Set(['POST /api/auth/logout', 'POST /api/auth/login', 'POST /api/imports'])

let t: TestApp
let admin: Client
beforeAll(async () => {
  t = await testApp()
  // Hostile requests hit paths and statuses no document lists (an empty path parameter is no route at all), so the
  // fuzzer talks to an app without the OpenAPI reply check; its own rule is below 500, errors as JSON.
  admin = await signIn(createApp({ db: t.db }), 'admin')
  await admin.json('/api/health')
  await warmWorkers(t.db)
})
afterAll(() => t.close())

async function fingerprint(): Promise<string> {
  const parts: string[] = []
  for (const c of COLLECTION_LIST) {
    const r = await t.db.query(
      `SELECT count(*) AS n, coalesce(sum(version), 0) AS v, max(updated_at) AS u FROM ${c.table}`,
    )
    parts.push(`${c.id}:${JSON.stringify(r.rows[0])}`)
  }
  for (const table of ['users', 'api_tokens', 'assessments', 'import_batches', 'analysis_config']) {
    const r = await t.db.query(`SELECT count(*) AS n FROM ${table}`)
    parts.push(`${table}:${JSON.stringify(r.rows[0])}`)
  }
  return parts.join('\n')
}

interface Operation {
  method: string
  path: string
  params: { name: string; in: string }[]
  body: boolean
}

function operations(doc: any): Operation[] {
  const ops: Operation[] = []
  for (const [path, item] of Object.entries<any>(doc.paths))
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      const op = item[method]
      if (!op) continue
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].filter(
        (p: any) => p.in === 'path' || p.in === 'query',
      )
      ops.push({ method: method.toUpperCase(), path, params, body: !!op.requestBody?.content?.['application/json'] })
    }
  return ops
}

describe(`fuzzing every route from the OpenAPI document (${driver})`, () => {
  it('answers every hostile parameter and body below 500, errors as JSON, data unchanged, health answering throughout', async () => {
    const doc = (await admin.json('/api/openapi.json')).body
    const ops = operations(doc).filter((o) => !SKIP.has(`${o.method} ${o.path}`))
    expect(ops.length).toBeGreaterThan(30)
    const before = await fingerprint()
    const failures: string[] = []
    let requests = 0
    const spent: { op: string; ms: number; cases: number }[] = []
    const run = await healthDuring(
      t,
      async () => {
        for (const op of ops) {
          const opStarted = performance.now()
          // Path parameters get a value no route can match as an id; each parameter in turn gets each hostile value.
          const fill = (name: string, value: string) =>
            op.path.replace(/\{([^}]+)\}/g, (_, p: string) => encodeURIComponent(p === name ? value : '0'))
          // A download takes the whole collection when the hostile value is one it accepts (an empty filter, say): 240
          // whole exports of the statistics (60 MB each) were two thirds of this test's time. Their other parameters
          // are fuzzed with a bounding box in the open ocean beside them, so each answer is parsed and checked, not big.
          const narrow = (name: string) =>
            op.path.startsWith('/api/exports/') && name !== 'bbox' ? `&bbox=${OCEAN}` : ''
          const cases: { url: string; body?: string }[] = []
          for (const p of op.params)
            for (const v of VALUES)
              cases.push({
                url:
                  p.in === 'path'
                    ? fill(p.name, v)
                    : `${fill('', '')}?${p.name}=${encodeURIComponent(v)}${narrow(p.name)}`,
              })
          if (op.body) for (const b of BODIES) cases.push({ url: fill('', ''), body: b })
          if (cases.length === 0) cases.push({ url: fill('', '') })
          for (const cse of cases) {
            requests++
            // Requests reach a server through its sockets, between which other callers' requests get their turn; in
            // app.request() they would follow each other in one chain of promises and starve the health checks' timers.
            await new Promise((r) => setImmediate(r))
            const res = await admin.request(cse.url, {
              method: op.method,
              // An API client: pages that also render HTML (the clearance check) answer it JSON.
              ...(cse.body !== undefined || op.method !== 'GET'
                ? {
                    body: cse.body ?? '[]',
                    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
                  }
                : { headers: { Accept: 'application/json' } }),
            })
            const text = await res.text()
            const type = res.headers.get('content-type') ?? ''
            if (res.status >= 500)
              failures.push(`${op.method} ${cse.url.slice(0, 120)} → ${res.status} ${text.slice(0, 200)}`)
            else if (res.status >= 400 && !/json/.test(type))
              failures.push(`${op.method} ${cse.url.slice(0, 120)} → ${res.status} not JSON (${type})`)
          }
          spent.push({ op: `${op.method} ${op.path}`, ms: performance.now() - opStarted, cases: cases.length })
        }
      },
      200,
    )
    console.log(
      describeLatencies(`[${driver}] fuzzer, ${requests} requests over ${ops.length} operations`, run).slice(0, 400),
    )
    // Where the run's time goes, for whoever tunes it.
    const slowest = spent.sort((a, b) => b.ms - a.ms).slice(0, 8)
    console.log(`[${driver}] slowest: ${slowest.map((s) => `${s.op} ${Math.round(s.ms)} ms/${s.cases}`).join('; ')}`)
    expect(failures).toEqual([])
    expect(await fingerprint()).toBe(before)
    expect(keptAnswering(run)).toBe(true)
  }, 600_000)
})
