import { z } from '@hono/zod-openapi'
import { ErrorBody, PROBLEMS, PROBLEM_CODES } from '../../contract/problems.ts'
import { errorResponses, problemBody } from './errors.ts'

// The problem catalogue in the OpenAPI document, and the error replies that middleware, not a route, gives: sign-in
// (401) on every route but the public ones, CSRF and read-only tokens (403) on writes, a role without the map's
// layers (403, server/http/auth.ts layersGate) on every signed-in route, the body limit (413) and the
// request validator's media-type check (415) where a body is taken, and internal errors (500) everywhere. Routes
// declare only the problems their own handlers raise.

type Json = Record<string, any>
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const
const UNSAFE = new Set(['post', 'put', 'patch', 'delete'])

const table = () =>
  '| code | status | meaning |\n|---|---|---|\n' +
  PROBLEM_CODES.map((code) => `| \`${code}\` | ${PROBLEMS[code].status} | ${PROBLEMS[code].title} |`).join('\n')

/** A zod schema as a standalone JSON Schema (zod's own conversion, so it can sit beside the generated ones). */
function jsonSchema(schema: z.ZodType): Json {
  const { $schema: _, $ref, $defs, ...rest } = z.toJSONSchema(schema, { target: 'draft-2020-12' }) as Json
  return $ref ? $defs[$ref.split('/').pop()] : rest
}

/** Adds the catalogue (`Problem`, `x-problems`, a table in the description) and middleware replies to `doc`. */
export function withProblems<D extends Json>(doc: D, isPublic: (method: string, path: string) => boolean): D {
  const schemas: Json = { ...doc.components?.schemas, Problem: jsonSchema(ErrorBody) }
  const shared = (status: 401 | 403 | 413 | 415 | 500) => {
    schemas[`Problem${status}`] ??= jsonSchema(problemBody(status))
    const schema = { $ref: `#/components/schemas/Problem${status}` }
    return { description: errorResponses(status)[status].description, content: { 'application/json': { schema } } }
  }
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Json)) {
    for (const method of METHODS) {
      const op = item[method] as Json | undefined
      if (!op) continue
      const add = (status: 401 | 403 | 413 | 415 | 500) => {
        op.responses[status] ??= shared(status)
      }
      if (!isPublic(method.toUpperCase(), path)) {
        add(401)
        add(403)
      }
      if (UNSAFE.has(method)) add(403)
      if (op.requestBody) {
        add(413)
        add(415)
      }
      add(500)
    }
  }
  return {
    ...doc,
    info: { ...doc.info, description: `${doc.info?.description ?? ''}\n\n## Problems\n\n${table()}` },
    components: { ...doc.components, schemas },
    'x-problems': PROBLEM_CODES.map((code) => ({ code, ...PROBLEMS[code] })),
  }
}
