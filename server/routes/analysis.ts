import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { principal } from '../http/auth.ts'
import { assertCan, can } from '../access/permissions.ts'
import { loadConfig, saveConfig } from '../analysis/data.ts'
import { defineJobKind, jobFor, submitJob, waitFor, type JobLimits, type JobRunner } from '../analysis/jobs.ts'
import { CorridorParams, CoverageParams, PriorityParams, ServiceAreaParams } from '../../contract/analysis-params.ts'
import {
  CorridorResult,
  CoverageResult,
  JobBody,
  PriorityResult,
  ServiceAreaResult,
} from '../../contract/analysis-results.ts'
import { AnalysisConfig } from '../analysis/speeds.ts'
import { StoredSpeeds } from '../../contract/analysis-speeds.ts'
import { writeAudit } from '../audit/log.ts'
import { router, type AppEnv } from '../http/env.ts'
import { DomainError, fail, forbidden } from '../errors.ts'
import { errorResponses } from '../http/errors.ts'
import { inWorker } from '../workers/analysis.ts'
import { pool } from '../workers/pool.ts'

// Coverage, service areas, road-upgrade priorities and patrol corridors. Each run is a job: the request waits up to
// WAIT_MS for the answer (200); a longer run, or a request with `Prefer: respond-async`, gets 202 and a job to poll.

const WAIT_MS = 25_000
const accepted = {
  description: 'Still running: poll the job (Location header)',
  content: { 'application/json': { schema: JobBody } },
}

function analysisRoute<P extends z.ZodType, R extends z.ZodType>(
  path: string,
  summary: string,
  description: string,
  params: P,
  result: R,
) {
  return createRoute({
    method: 'post',
    path,
    tags: ['Analysis'],
    summary,
    description,
    request: { body: { required: false, content: { 'application/json': { schema: params } } } },
    responses: {
      200: { description: 'The result', content: { 'application/json': { schema: result } } },
      202: accepted,
      ...errorResponses(400, 403, 422, 503),
    },
  })
}

// Each kind of job runs its analysis in the worker pool; any instance may run a job another instance queued.
const KINDS = {
  coverage: inWorker('coverage'),
  'service-areas': inWorker('serviceAreas'),
  'road-priorities': inWorker('priorities'),
  'patrol-corridors': inWorker('corridors'),
} as const
for (const [kind, runner] of Object.entries(KINDS)) defineJobKind(kind, runner as JobRunner)

/** As many jobs at once as the analysis pool has workers; as many waiting as it would queue. */
const jobLimits = (): JobLimits => {
  const l = pool('analysis').limits
  return { running: l.size, queued: l.queue }
}

async function run<K extends keyof typeof KINDS>(c: Context<AppEnv>, kind: K, params: unknown) {
  const p = principal(c)
  assertCan(p, 'analysis')
  const db = c.get('db')
  const id = await submitJob(db, jobLimits(), { owner: p.username, kind, params, area: c.get('area') })
  const wait = /respond-async/i.test(c.req.header('Prefer') ?? '') ? 0 : WAIT_MS
  const done = await waitFor(db, id, wait)
  if (done?.status === 'failed') throw done.error
  // A job of this kind holds what its runner resolved to; the table keeps results untyped.
  if (done) return c.json(done.result as Awaited<ReturnType<(typeof KINDS)[K]>>, 200)
  const state = await jobFor(db, jobLimits(), p.username, id)
  c.header('Location', `/api/analysis/jobs/${id}`)
  return c.json({ job: state!.view }, 202)
}

const body = async <T extends z.ZodType>(c: Context<AppEnv>, schema: T): Promise<z.infer<T>> => {
  // An empty body is the standard analysis; otherwise the validated JSON.
  const text = await c.req.text()
  let json: unknown = {}
  try {
    if (text.trim() !== '') json = JSON.parse(text)
  } catch {
    throw fail('invalid_body', 'The body is not valid JSON.')
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw fail('invalid_body', `${issue.path.join('.') || 'body'}: ${issue.message}`, {
      parameter: issue.path.join('.') || undefined,
    })
  }
  return parsed.data
}

export const analysisRoutes = router()
  .openapi(
    analysisRoute(
      '/api/analysis/coverage',
      'Travel-time coverage of targets by sources',
      'Multi-source shortest travel times on the road network; weighted share of targets within the threshold nationally, per region and per county; each target with its minutes and nearest source; and a hexagon gap surface.',
      CoverageParams,
      CoverageResult,
    ),
    async (c) => run(c, 'coverage', await body(c, CoverageParams)),
  )
  .openapi(
    analysisRoute(
      '/api/analysis/service-areas',
      'Roads reachable within nested travel-time bands',
      'The reached stretches of road for each band (e.g. 30/60/120 minutes) as MultiLineStrings, from the sources in your area.',
      ServiceAreaParams,
      ServiceAreaResult,
    ),
    async (c) => run(c, 'service-areas', await body(c, ServiceAreaParams)),
  )
  .openapi(
    analysisRoute(
      '/api/analysis/road-priorities',
      'Road upgrades ranked by the coverage they buy',
      'Greedy choice, within the budget, of the candidate roads whose upgrade to good condition brings the most target weight within the threshold per unit cost; each pick says which targets it brings in and from which post.',
      PriorityParams,
      PriorityResult,
    ),
    async (c) => run(c, 'road-priorities', await body(c, PriorityParams)),
  )
  .openapi(
    analysisRoute(
      '/api/analysis/patrol-corridors',
      'Patrol routes through hotspot clusters',
      'Round trips from posts through Gi* hotspot clusters within the patrol time, ranked by hotspot weight within the buffer per hour; K picked without counting a hotspot twice.',
      CorridorParams,
      CorridorResult,
    ),
    async (c) => run(c, 'patrol-corridors', await body(c, CorridorParams)),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/analysis/jobs/{id}',
      tags: ['Analysis'],
      summary: 'Progress or result of an analysis job',
      request: { params: z.object({ id: z.uuid() }) },
      responses: {
        200: { description: 'The finished job’s result', content: { 'application/json': { schema: z.unknown() } } },
        202: { description: 'Still running', content: { 'application/json': { schema: JobBody } } },
        500: { description: 'The job failed unexpectedly', content: { 'application/json': { schema: JobBody } } },
        ...errorResponses(403, 404, 422, 503),
      },
    }),
    async (c) => {
      const p = principal(c)
      assertCan(p, 'analysis')
      const job = await jobFor(c.get('db'), jobLimits(), p.username, c.req.valid('param').id)
      if (!job) throw fail('not_found', 'No such analysis job (jobs are kept 15 minutes after they end).')
      if (job.outcome?.status === 'done') return c.json(job.outcome.result, 200)
      // A job stopped at a limit (time, memory) or refused answers as that problem; anything else is a 500.
      if (job.outcome?.status === 'failed' && job.outcome.error instanceof DomainError) throw job.outcome.error
      return c.json({ job: job.view }, job.outcome ? 500 : 202)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/analysis/speeds',
      tags: ['Analysis'],
      summary: 'The speed and cost tables in force',
      description:
        'Speed (km/h) by road class × surface × condition, wet-season multipliers by surface, off-road speed, snapping tolerance and upgrade costs (KES/km).',
      responses: {
        200: { description: 'The tables', content: { 'application/json': { schema: StoredSpeeds } } },
        ...errorResponses(403),
      },
    }),
    async (c) => {
      assertCan(principal(c), 'analysis')
      return c.json(await loadConfig(c.get('db')), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/analysis/speeds',
      tags: ['Analysis'],
      summary: 'Replace the speed and cost tables (admin, planner)',
      request: {
        headers: z.object({
          'if-match': z
            .string()
            .regex(/^"?\d+"?$/, 'the version you edited, e.g. "3"')
            .optional(),
        }),
        body: { required: true, content: { 'application/json': { schema: AnalysisConfig } } },
      },
      responses: {
        200: { description: 'Saved', content: { 'application/json': { schema: StoredSpeeds } } },
        ...errorResponses(400, 403, 412),
      },
    }),
    async (c) => {
      const p = principal(c)
      if (!can(p, 'planning')) throw forbidden(`The ${p.role} role cannot edit the speed table.`)
      const config = c.req.valid('json')
      const match = c.req.valid('header')['if-match']
      const expected = match === undefined ? undefined : Number(match.replace(/"/g, ''))
      const db = c.get('db')
      await db.transaction(async (tx) => {
        const before = await loadConfig(tx)
        const version = await saveConfig(tx, config, p.username, expected)
        if (version === null)
          throw fail('precondition_failed', `The speed table is at version ${before.version}, not ${expected}.`)
        await writeAudit(tx, {
          actor: p.username,
          action: 'admin',
          collection: 'analysis_config',
          itemId: 1,
          before: before.config,
          after: config,
          requestId: c.get('requestId'),
        })
      })
      return c.json(await loadConfig(db), 200)
    },
  )
