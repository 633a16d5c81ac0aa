import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from './env.ts'
import { servedOverHttps } from './deployment.ts'
import { fail } from '../errors.ts'

// Input hygiene and response headers decided in one place for every route.

// C0 controls (tab, line feed and carriage return allowed in JSON text) and DEL: a NUL reaching PostgreSQL is a 500
// ("invalid byte sequence"), the others corrupt exports and logs.
const CONTROL_IN_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/
const CONTROL_IN_QUERY = /[\u0000-\u001F\u007F]/

function firstControl(v: unknown, path: string): string | undefined {
  if (typeof v === 'string') return CONTROL_IN_TEXT.test(v) ? path : undefined
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const hit = firstControl(v[i], `${path}[${i}]`)
      if (hit !== undefined) return hit
    }
    return undefined
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const at = path ? `${path}.${k}` : k
      if (CONTROL_IN_TEXT.test(k)) return at
      const hit = firstControl(x, at)
      if (hit !== undefined) return hit
    }
  }
  return undefined
}

const refuse = (where: string) =>
  fail('control_character', `${where}: control characters (such as NUL) are not accepted.`, { parameter: where })

/** Refuses control characters in the path, the query string and JSON bodies, before any route sees them. */
export const refuseControlCharacters: MiddlewareHandler<AppEnv> = async (c, next) => {
  let path: string
  try {
    path = decodeURIComponent(c.req.path)
  } catch {
    throw fail('invalid_path', 'The path is not valid percent-encoding.')
  }
  if (CONTROL_IN_QUERY.test(path)) throw refuse('path')
  const url = new URL(c.req.url)
  for (const [k, v] of url.searchParams) if (CONTROL_IN_QUERY.test(k) || CONTROL_IN_QUERY.test(v)) throw refuse(k)
  if (/json/i.test(c.req.header('Content-Type') ?? '') && c.req.method !== 'GET') {
    // Read once here; the route's validator reads the same cached text.
    const text = await c.req.text()
    let body: unknown
    try {
      body = text.trim() === '' ? undefined : JSON.parse(text)
    } catch {
      return next() // the route's own check names the syntax error
    }
    const hit = firstControl(body, '')
    if (hit !== undefined) throw refuse(hit || 'body')
  }
  return next()
}

/**
 * Secure transport and caching headers: HSTS only when users reach us over https (by configuration, not by the
 * socket, which behind a TLS proxy is plain HTTP); no-store on every JSON answer to a signed-in caller, so incidents and
 * account details do not linger in shared or browser caches.
 */
export const responseHeaders: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next()
  if (servedOverHttps(c, c.get('deployment')))
    c.res.headers.set('Strict-Transport-Security', 'max-age=31536000; includeSubDomains')
  else c.res.headers.delete('Strict-Transport-Security')
  const type = c.res.headers.get('Content-Type') ?? ''
  if (c.get('principal') && /json/i.test(type) && !c.res.headers.has('Cache-Control'))
    c.res.headers.set('Cache-Control', 'no-store')
}
