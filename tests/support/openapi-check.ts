import { appendFileSync, mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import { afterAll, expect } from 'vitest'
import { isApiPath, type App } from '../../server/app.ts'
import { openApiDocument } from '../../server/routes/openapi.ts'
import { COUNTS_DIR } from './openapi-counts.ts'

// Every reply the API tests receive is held against the OpenAPI document: the operation must exist for the method and
// path, the status must be declared for it, and a JSON body must match the declared schema. So the document is
// tested by the whole suite, not by one test, and a handler cannot answer what its route does not declare.

type Json = Record<string, any>
const DOC_ID = 'https://ramani.test/openapi.json'

const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json$/i
const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options'])

/** Paths a test requests on purpose although no route serves them (its 404 is checked by that test). */
const undocumented = new Set<string>()
const PROBLEM = { $ref: '#/components/schemas/Problem' }
export const allowUndocumented = (...paths: string[]) => paths.forEach((p) => undocumented.add(p))

let checked = 0
afterAll(() => {
  if (checked === 0) return
  const file = expect.getState().testPath ?? 'unknown'
  console.log(`[openapi] ${checked} replies checked (${basename(file)})`)
  mkdirSync(COUNTS_DIR, { recursive: true })
  appendFileSync(join(COUNTS_DIR, `${process.pid}.txt`), `${checked}\n`)
})

interface Operation {
  template: string
  pattern: RegExp
  params: number
  method: string
  op: Json
}

export interface OpenApiChecker {
  check(method: string, url: string, res: Response): Promise<void>
}

export function openApiChecker(app: App): OpenApiChecker {
  const doc = openApiDocument(app) as Json
  const ajv = new Ajv2020({ strict: false, allErrors: true, formats: FORMATS })
  ajv.addSchema({ $id: DOC_ID, components: doc.components ?? {} })
  const operations: Operation[] = []
  for (const [template, item] of Object.entries(doc.paths as Json)) {
    const params = (template.match(/\{[^}]+\}/g) ?? []).length
    const pattern = new RegExp(
      `^${template
        .split(/\{[^}]+\}/)
        .map((s) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&'))
        .join('[^/]+')}$`,
    )
    for (const [method, op] of Object.entries(item as Json)) {
      if (METHODS.has(method)) operations.push({ template, pattern, params, method, op })
    }
  }
  // Keyed by the schema object itself: the document is built once per checker.
  const validators = new WeakMap<Json, ValidateFunction>()
  const validator = (schema: Json) => {
    let v = validators.get(schema)
    if (!v) {
      v = ajv.compile(rewriteRefs(schema))
      validators.set(schema, v)
    }
    return v
  }

  const assertBody = async (where: string, what: string, res: Response, schema: Json) => {
    const validate = validator(schema)
    const text = await res.clone().text()
    if (validate(JSON.parse(text))) return
    const errors = (validate.errors ?? [])
      .slice(0, 8)
      .map((e) => `  ${e.instancePath || '/'} ${e.message}${e.params ? ` ${JSON.stringify(e.params)}` : ''}`)
      .join('\n')
    throw new Error(
      `[openapi] ${where}: the body does not match the schema of ${what}:\n${errors}\n  body: ${text.slice(0, 300)}`,
    )
  }

  return {
    async check(method, url, res) {
      const path = decodeURI(new URL(url, 'http://test').pathname)
      const m = method.toLowerCase()
      if (!isApiPath(path)) {
        if (res.status >= 500) throw new Error(`[openapi] ${method} ${path}: ${res.status} from the web app`)
        return
      }
      if (undocumented.has(path)) {
        // No operation to hold it against, but it is still an error of the catalogue.
        checked++
        return assertBody(`${method} ${path} → ${res.status}`, 'a problem', res, PROBLEM)
      }
      const found = operations
        .filter((o) => (o.method === m || (m === 'head' && o.method === 'get')) && o.pattern.test(path))
        .sort((a, b) => a.params - b.params)[0]
      const where = `${method} ${path} → ${res.status}`
      if (!found) throw new Error(`[openapi] ${where}: no operation in the OpenAPI document for this method and path`)
      const declared = found.op.responses?.[res.status] ?? found.op.responses?.default
      if (!declared) {
        throw new Error(
          `[openapi] ${where}: status not declared for ${found.method.toUpperCase()} ${found.template} ` +
            `(declared: ${Object.keys(found.op.responses ?? {}).join(', ')})`,
        )
      }
      checked++
      const type = (res.headers.get('Content-Type') ?? '').split(';')[0]!.trim()
      if (m === 'head' || !JSON_TYPE.test(type)) return
      const text = await res.clone().text()
      if (text === '') return
      const content = (declared.content ?? {}) as Json
      const media = content[type] ?? Object.entries(content).find(([t]) => JSON_TYPE.test(t))?.[1]
      if (!media) {
        throw new Error(
          `[openapi] ${where}: a ${type} body, but ${found.template} declares ${Object.keys(content).join(', ') || 'no body'} for ${res.status}`,
        )
      }
      if (!media.schema) return
      await assertBody(where, `${found.method.toUpperCase()} ${found.template} ${res.status}`, res, media.schema)
    },
  }
}

/** Component references point into the document's components, registered under DOC_ID. */
function rewriteRefs(schema: unknown): any {
  if (Array.isArray(schema)) return schema.map(rewriteRefs)
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema).map(([k, v]) =>
        k === '$ref' && typeof v === 'string' && v.startsWith('#/') ? [k, `${DOC_ID}${v}`] : [k, rewriteRefs(v)],
      ),
    )
  }
  return schema
}

// The formats zod writes into the document, checked as strictly as zod checks them on the way in.
const FORMATS = {
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i,
  date: /^\d{4}-\d{2}-\d{2}$/,
  uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
  email: /^[^\s@]+@[^\s@]+$/,
  uri: /^[a-z][a-z0-9+.-]*:/i,
  binary: true,
} as const
