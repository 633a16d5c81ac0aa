import { z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { ErrorBody, PROBLEMS, codesOf, type ProblemCode, type ProblemStatus } from '../../contract/problems.ts'
import { DomainError, fail } from '../errors.ts'

// The one place a problem becomes an HTTP reply: {"error":{"code","message","parameter"?,"details"?}} with the status
// the catalogue (contract/problems.ts) gives its code; never a stack trace. Routes declare their error replies with
// errorResponses() from the same catalogue, so the OpenAPI document lists exactly the codes each status may carry.

export { ErrorBody }

export function problemReply(c: Context, err: DomainError): Response {
  const body: ErrorBody = {
    error: {
      code: err.code,
      message: err.message,
      ...(err.parameter !== undefined ? { parameter: err.parameter } : {}),
      ...(err.details !== undefined ? { details: err.details } : {}),
    },
  }
  return c.json({ ...body, ...err.extra }, PROBLEMS[err.code].status as ContentfulStatusCode, err.headers)
}

/** Any error thrown while serving a request, as the problem the client gets; unexpected ones are logged. */
export function toProblem(err: unknown, requestId: string): DomainError {
  if (err instanceof DomainError) return err
  if (err instanceof HTTPException) {
    // Hono's own refusals (a body that cannot be parsed, mostly), under the catalogue's code for their status.
    const code = err.status === 400 ? 'invalid_body' : codesOf(err.status)[0]
    if (code) return fail(code, err.message || 'Bad request.')
  }
  const db = fromDatabaseError(err)
  if (db) return db
  console.error(`[${requestId}]`, err)
  return fail('internal_error', `Internal error (request ${requestId}).`)
}

/** Turns a zod failure into one clear 400 naming the first offending parameter. */
export function fromZodError(
  error: z.ZodError,
  where: 'query' | 'param' | 'json' | 'header' | 'form' | 'cookie',
): DomainError {
  const code = where === 'json' ? 'invalid_body' : 'invalid_parameter'
  const issue = error.issues[0]
  if (!issue) return fail(code, 'The request is invalid.')
  const key =
    issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.length ? issue.path.join('.') : undefined
  const message =
    issue.code === 'unrecognized_keys'
      ? `Unknown ${where === 'json' ? 'field' : 'parameter'}: ${issue.keys.join(', ')}.`
      : `${key ? `${key}: ` : ''}${issue.message}`
  return fail(code, message, {
    parameter: key,
    details: where === 'json' ? error.issues.slice(0, 20) : undefined,
  })
}

/** PostgreSQL errors that a client caused, translated; anything else stays a 500. */
export function fromDatabaseError(err: unknown): DomainError | undefined {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown }
  if (typeof e?.code !== 'string') return undefined
  const constraint = typeof e.constraint === 'string' ? ` (${e.constraint})` : ''
  switch (e.code) {
    case '23505':
      return fail('conflict', `A feature with the same unique value already exists${constraint}.`)
    case '23503':
      return fail('conflict', `The change would break a reference between features${constraint}.`)
    case '23514':
    case '23502':
      return fail(
        'constraint_violation',
        `The values break a rule of this collection${constraint}: ${String(e.message)}`,
      )
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    case '22023':
      return fail('invalid_value', `A value is out of range or malformed: ${String(e.message)}`)
    case '42501':
      return fail('forbidden', String(e.message))
    default:
      return undefined
  }
}

const bodies = new Map<number, z.ZodType>()
/** The error body of one status, its `code` narrowed to the catalogue's codes for that status. */
export function problemBody(status: ProblemStatus) {
  let schema = bodies.get(status)
  if (!schema) {
    schema = ErrorBody.extend({
      error: ErrorBody.shape.error.extend({ code: z.enum(codesOf(status) as [ProblemCode, ...ProblemCode[]]) }),
    }).meta({ id: `Problem${status}` })
    bodies.set(status, schema)
  }
  return schema as typeof ErrorBody
}

const describe = (status: ProblemStatus) =>
  codesOf(status)
    .map((code) => `\`${code}\`: ${PROBLEMS[code].title}`)
    .join(' · ')

/** A route's error replies, by status: `...errorResponses(400, 403, 404)`. */
export function errorResponses<const S extends ProblemStatus>(...statuses: S[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: describe(s), content: { 'application/json': { schema: problemBody(s) } } }]),
  ) as { [K in S]: { description: string; content: { 'application/json': { schema: typeof ErrorBody } } } }
}

/** One error reply whose body has members beside `error` (e.g. the current version on 412). */
export function problemWith<const S extends ProblemStatus, T extends z.ZodRawShape>(status: S, extra: T) {
  return {
    [status]: {
      description: describe(status),
      content: { 'application/json': { schema: problemBody(status).extend(extra) } },
    },
  } as {
    [K in S]: {
      description: string
      content: { 'application/json': { schema: z.ZodObject<typeof ErrorBody.shape & T> } }
    }
  }
}
