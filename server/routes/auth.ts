import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { LoginAttempt } from '../access/login.ts'
import { CSRF_COOKIE, SESSION_COOKIE, principal } from '../http/auth.ts'
import { SESSION_HOURS, createSession, deleteSession } from '../access/sessions.ts'
import { findUser } from '../access/users.ts'
import { REGIONS, ROLES } from '../../contract/domains.ts'
import { clientAddress, servedOverHttps } from '../http/deployment.ts'
import { router, type AppEnv } from '../http/env.ts'
import { fail } from '../errors.ts'
import { errorResponses } from '../http/errors.ts'

const tags = ['Sign-in']
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } })

export const Me = z.object({
  user: z.object({
    username: z.string(),
    display_name: z.string(),
    role: z.enum(ROLES),
    regions: z.array(z.enum(REGIONS.map((r) => r.code) as [string, ...string[]])),
    counties: z.array(z.string()),
    organisation: z.string().nullable().openapi({ description: "An operator's organisation" }),
    agency: z.string().nullable().openapi({ description: 'The agency the account concurs for on flight clearances' }),
  }),
  csrfToken: z.string().optional(),
})

const Login = z.strictObject({ username: z.string().min(1).max(100), password: z.string().min(1).max(200) })

const cookieBase = (c: Context) => ({
  path: '/',
  sameSite: 'Strict' as const,
  secure: servedOverHttps(c, c.get('deployment')),
})

async function me(c: Context<AppEnv>) {
  const p = principal(c)
  const u = await findUser(c.get('db'), p.username)
  if (!u) throw fail('unauthenticated', 'The account no longer exists.')
  return {
    username: u.username,
    display_name: u.display_name,
    role: u.role,
    regions: u.regions,
    counties: u.counties,
    organisation: u.organisation,
    agency: u.agency,
  }
}

export function authRoutes(attempt: LoginAttempt) {
  return router()
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/auth/login',
        tags,
        summary: 'Sign in (sets the session and CSRF cookies)',
        request: { body: { content: json(Login), required: true } },
        responses: { 200: { description: 'Signed in', content: json(Me) }, ...errorResponses(400, 401, 429) },
      }),
      async (c) => {
        const { username, password } = c.req.valid('json')
        const db = c.get('db')
        const result = await attempt(db, clientAddress(c, c.get('deployment')), username.toLowerCase(), password)
        if (!result.ok) {
          if (result.retryAfterSeconds) c.header('Retry-After', String(result.retryAfterSeconds))
          if (result.reason === 'rate_limited')
            throw fail('rate_limited', 'Too many failed sign-ins from this address; wait and try again.')
          throw fail('invalid_credentials', 'Wrong username or password.')
        }
        const s = await createSession(db, result.user.username)
        setCookie(c, SESSION_COOKIE, s.token, { ...cookieBase(c), httpOnly: true, maxAge: SESSION_HOURS * 3600 })
        setCookie(c, CSRF_COOKIE, s.csrf, { ...cookieBase(c), httpOnly: false, maxAge: SESSION_HOURS * 3600 })
        const u = result.user
        return c.json(
          {
            user: {
              username: u.username,
              display_name: u.display_name,
              role: u.role,
              regions: u.regions,
              counties: u.counties,
              organisation: u.organisation,
              agency: u.agency,
            },
            csrfToken: s.csrf,
          },
          200,
        )
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/auth/logout',
        tags,
        summary: 'Sign out (ends the session)',
        responses: { 204: { description: 'Signed out' }, ...errorResponses(401) },
      }),
      async (c) => {
        principal(c)
        const token = getCookie(c, SESSION_COOKIE)
        if (token) await deleteSession(c.get('db'), token)
        deleteCookie(c, SESSION_COOKIE, cookieBase(c))
        deleteCookie(c, CSRF_COOKIE, cookieBase(c))
        return c.body(null, 204)
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/api/auth/me',
        tags,
        summary: 'The signed-in user, role and area',
        responses: { 200: { description: 'The caller', content: json(Me) }, ...errorResponses(401) },
      }),
      async (c) => c.json({ user: await me(c), ...(principal(c).csrf ? { csrfToken: principal(c).csrf } : {}) }, 200),
    )
}
