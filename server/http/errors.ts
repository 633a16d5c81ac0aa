import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { z } from 'zod'

// Every error leaves the API as {"error":{"code","message","parameter"?}} with a 4xx/5xx status; never a stack trace.

export const ErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    parameter: z.string().optional(),
    details: z.unknown().optional(),
  }),
})
export type ErrorBody = z.infer<typeof ErrorBody>

export class ApiError extends Error {
  /** Top-level members added beside `error` (e.g. `current` on 412). */
  extra?: Record<string, unknown>
  headers?: Record<string, string>
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly parameter?: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

export const badParameter = (parameter: string, message: string) =>
  new ApiError(400, 'invalid_parameter', message, parameter)
export const notFound = (message: string) => new ApiError(404, 'not_found', message)

export function errorResponse(c: Context, err: ApiError): Response {
  const body: ErrorBody = {
    error: {
      code: err.code,
      message: err.message,
      ...(err.parameter !== undefined ? { parameter: err.parameter } : {}),
      ...(err.details !== undefined ? { details: err.details } : {}),
    },
  }
  return c.json({ ...body, ...err.extra }, err.status, err.headers)
}

/** Turns a zod failure into one clear 400 naming the first offending parameter. */
export function fromZodError(
  error: z.ZodError,
  where: 'query' | 'param' | 'json' | 'header' | 'form' | 'cookie',
): ApiError {
  const issue = error.issues[0]
  if (!issue) return new ApiError(400, 'invalid_request', 'The request is invalid.')
  const key =
    issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.length ? issue.path.join('.') : undefined
  const message =
    issue.code === 'unrecognized_keys'
      ? `Unknown ${where === 'json' ? 'field' : 'parameter'}: ${issue.keys.join(', ')}.`
      : `${key ? `${key}: ` : ''}${issue.message}`
  return new ApiError(
    400,
    where === 'json' ? 'invalid_body' : 'invalid_parameter',
    message,
    key,
    where === 'json' ? error.issues.slice(0, 20) : undefined,
  )
}

/** PostgreSQL errors that a client caused, translated; anything else stays a 500. */
export function fromDatabaseError(err: unknown): ApiError | undefined {
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown }
  if (typeof e?.code !== 'string') return undefined
  const constraint = typeof e.constraint === 'string' ? ` (${e.constraint})` : ''
  switch (e.code) {
    case '23505':
      return new ApiError(409, 'conflict', `A feature with the same unique value already exists${constraint}.`)
    case '23503':
      return new ApiError(409, 'conflict', `The change would break a reference between features${constraint}.`)
    case '23514':
    case '23502':
      return new ApiError(
        400,
        'constraint_violation',
        `The values break a rule of this collection${constraint}: ${String(e.message)}`,
      )
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    case '22023':
      return new ApiError(400, 'invalid_value', `A value is out of range or malformed: ${String(e.message)}`)
    case '42501':
      return new ApiError(403, 'forbidden', String(e.message))
    default:
      return undefined
  }
}
