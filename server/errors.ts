import type { ProblemCode } from '../contract/problems.ts'

// What domain code and routes throw when a request cannot be served. It names a problem of contract/problems.ts and
// carries no HTTP: the status comes from that table when server/http/errors.ts turns it into a reply.

export interface ProblemOptions {
  /** The parameter, field or header at fault. */
  parameter?: string
  /** Machine-readable detail, e.g. a validation report. */
  details?: unknown
  /** Members added beside `error` in the body (e.g. `current` on precondition_failed). */
  extra?: Record<string, unknown>
  /** Advice for the client's next try (e.g. Retry-After). */
  headers?: Record<string, string>
}

export class DomainError extends Error {
  readonly parameter?: string
  readonly details?: unknown
  readonly extra?: Record<string, unknown>
  readonly headers?: Record<string, string>
  constructor(
    readonly code: ProblemCode,
    message: string,
    opts: ProblemOptions = {},
  ) {
    super(message)
    this.name = 'DomainError'
    this.parameter = opts.parameter
    this.details = opts.details
    this.extra = opts.extra
    this.headers = opts.headers
  }
}

export const fail = (code: ProblemCode, message: string, opts?: ProblemOptions) => new DomainError(code, message, opts)
export const badParameter = (parameter: string, message: string) => fail('invalid_parameter', message, { parameter })
export const notFound = (message: string) => fail('not_found', message)
export const forbidden = (message: string) => fail('forbidden', message)
