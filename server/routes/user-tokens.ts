import { createRoute, z } from '@hono/zod-openapi'
import { principal } from '../http/auth.ts'
import { assertCan } from '../access/permissions.ts'
import { listTokens, revokeToken } from '../access/sessions.ts'
import { findUser, revokeAllTokens } from '../access/users.ts'
import { writeAudit } from '../audit/log.ts'
import { router } from '../http/env.ts'
import { notFound } from '../errors.ts'
import { errorResponses } from '../http/errors.ts'
import { TokenInfo } from './tokens.ts'

// An administrator's view of anyone's API tokens: list them, revoke one, or revoke them all (a leaked token must not
// wait for its owner, or for the account to be disabled).

const tags = ['Users']
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } })
const Username = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'not a valid username')
  .openapi({ param: { name: 'username', in: 'path' } })
const Id = z
  .string()
  .regex(/^[1-9]\d{0,15}$/, 'id must be a positive integer')
  .openapi({ param: { name: 'id', in: 'path' } })
const errors = errorResponses(403, 404)

export const userTokenRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/users/{username}/tokens',
      tags,
      summary: "A user's API tokens, revoked ones included (admins)",
      request: { params: z.object({ username: Username }) },
      responses: { 200: { description: 'Tokens', content: json(z.object({ tokens: z.array(TokenInfo) })) }, ...errors },
    }),
    async (c) => {
      assertCan(principal(c), 'users')
      const { username } = c.req.valid('param')
      const db = c.get('db')
      if (!(await findUser(db, username))) throw notFound(`No user ${username}.`)
      return c.json({ tokens: await listTokens(db, username) }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/users/{username}/tokens/{id}',
      tags,
      summary: "Revoke one of a user's API tokens (admins)",
      request: { params: z.object({ username: Username, id: Id }) },
      responses: { 204: { description: 'Revoked' }, ...errors },
    }),
    async (c) => {
      const p = principal(c)
      assertCan(p, 'users')
      const { username, id } = c.req.valid('param')
      await c.get('db').transaction(async (tx) => {
        if (!(await revokeToken(tx, username, Number(id)))) throw notFound(`${username} has no live token ${id}.`)
        await writeAudit(tx, {
          actor: p.username,
          action: 'delete',
          collection: 'api_tokens',
          itemId: Number(id),
          before: null,
          after: null,
          requestId: c.get('requestId'),
        })
      })
      return c.body(null, 204)
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/users/{username}/tokens',
      tags,
      summary: "Revoke all of a user's API tokens (admins)",
      request: { params: z.object({ username: Username }) },
      responses: {
        200: { description: 'How many were revoked', content: json(z.object({ tokens_revoked: z.number().int() })) },
        ...errors,
      },
    }),
    async (c) => {
      const p = principal(c)
      assertCan(p, 'users')
      const { username } = c.req.valid('param')
      const n = await c.get('db').transaction(async (tx) => {
        if (!(await findUser(tx, username))) throw notFound(`No user ${username}.`)
        const revoked = await revokeAllTokens(tx, username)
        await writeAudit(tx, {
          actor: p.username,
          action: 'delete',
          collection: 'api_tokens',
          itemId: username,
          before: null,
          after: { revoked },
          requestId: c.get('requestId'),
        })
        return revoked
      })
      return c.json({ tokens_revoked: n }, 200)
    },
  )
