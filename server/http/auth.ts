import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AppEnv } from './env.ts'
import { fail } from '../errors.ts'
import { areaOf, type Principal } from '../access/permissions.ts'
import { roleReadsLayers } from '../../contract/rights.ts'
import { sameSecret } from '../access/secrets.ts'
import { sessionPrincipal, tokenPrincipal } from '../access/sessions.ts'

export const SESSION_COOKIE = 'ramani_session'
export const CSRF_COOKIE = 'ramani_csrf'
export const CSRF_HEADER = 'X-CSRF-Token'

/** What answers without a session or token (the static web app aside). */
export const PUBLIC_ROUTES = new Set([
  'GET /api/health',
  'HEAD /api/health',
  'GET /api/health/live',
  'HEAD /api/health/live',
  'GET /api/health/ready',
  'HEAD /api/health/ready',
  'POST /api/auth/login',
  // Outside the API paths (no sign-in is asked there at all); listed so the OpenAPI document says it is public.
  'GET /verify/{clearance_number}',
  // Citizen reports: residents have no account; the gateways authenticate with their own secret (routes/intake.ts).
  'POST /api/reports',
  'POST /api/intake/sms',
  'POST /api/intake/ussd',
  'GET /api/reports/status/{reference}',
  'GET /api/reports/places',
])
/** Public routes with a path parameter. */
const PUBLIC_PATTERNS = [/^GET \/api\/reports\/status\/[^/]{1,40}$/]
const isPublic = (route: string) => PUBLIC_ROUTES.has(route) || PUBLIC_PATTERNS.some((p) => p.test(route))
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

export const unauthenticated = () =>
  fail('unauthenticated', 'Sign in, or send an API token as "Authorization: Bearer <token>".')

async function resolve(c: Context<AppEnv>): Promise<Principal | undefined> {
  const auth = c.req.header('Authorization')
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S{10,200})$/i.exec(auth)
    const p = m ? await tokenPrincipal(c.get('db'), m[1]!) : undefined
    // A bad token is an error even if a cookie is present: scripts must learn their token is wrong.
    if (!p) throw fail('invalid_token', 'The API token is unknown, revoked or expired.')
    return p
  }
  const cookie = getCookie(c, SESSION_COOKIE)
  return cookie && cookie.length <= 200 ? sessionPrincipal(c.get('db'), cookie) : undefined
}

/** Identifies the caller on every API request; refuses anonymous calls outside PUBLIC_ROUTES and unsafe cookie calls without the CSRF token. */
export function authenticate(isApiPath: (path: string) => boolean): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!isApiPath(c.req.path)) return next()
    const p = await resolve(c)
    if (!p) {
      if (!isPublic(`${c.req.method} ${c.req.path}`)) throw unauthenticated()
      return next()
    }
    c.set('principal', p)
    c.set('area', areaOf(p))
    if (!SAFE_METHODS.has(c.req.method)) {
      if (p.via === 'session' && !sameSecret(c.req.header(CSRF_HEADER) ?? '', p.csrf ?? '')) {
        throw fail('csrf', `Missing or wrong ${CSRF_HEADER} header (copy it from the ${CSRF_COOKIE} cookie).`)
      }
      if (p.readOnly) throw fail('forbidden', 'This API token is read-only.')
    }
    return next()
  }
}

/** What a role without the map (an operator) may reach: its account and tokens, its flights, the API's own docs. */
const NO_LAYER_PATHS = [
  '/api/health',
  '/api/auth',
  '/api/tokens',
  '/api/flights',
  '/api/notifications',
  // Citizen intake is public; the moderation routes under it check their own capability.
  '/api/reports',
  '/api/intake',
  '/api/openapi.json',
  '/api/docs',
]

/**
 * Refuses every other path to a role that reads no layer, before any route runs: new routes are closed to operators
 * unless listed above, rather than open until someone remembers to check.
 */
export const layersGate: MiddlewareHandler<AppEnv> = async (c, next) => {
  const p = c.get('principal')
  if (p && !roleReadsLayers(p.role)) {
    const path = c.req.path
    if (!NO_LAYER_PATHS.some((allowed) => path === allowed || path.startsWith(`${allowed}/`)))
      throw fail('forbidden', `The ${p.role} role has no access to the map's layers and tools.`)
  }
  return next()
}

/** The signed-in caller; routes outside PUBLIC_ROUTES can rely on it. */
export function principal(c: Context<AppEnv>): Principal {
  const p = c.get('principal')
  if (!p) throw unauthenticated()
  return p
}
