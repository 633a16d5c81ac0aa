import { createRoute, z } from '@hono/zod-openapi'
import { principal } from '../http/auth.ts'
import { assertCan } from '../access/permissions.ts'
import { NewUser, UserChanges, createUser, findUser, listUsers, updateUser } from '../access/users.ts'
import { writeAudit } from '../audit/log.ts'
import { router } from '../http/env.ts'
import { fail } from '../errors.ts'
import { errorResponses, fromZodError } from '../http/errors.ts'

const tags = ['Users']
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } })
const User = z.object({
  username: z.string(),
  display_name: z.string(),
  role: z.string(),
  regions: z.array(z.string()),
  counties: z.array(z.string()),
  organisation: z.string().nullable(),
  agency: z.string().nullable(),
  disabled: z.boolean(),
})
const UsernameParam = z.object({
  username: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'not a valid username')
    .openapi({ param: { name: 'username', in: 'path' } }),
})

export const userRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/users',
      tags,
      summary: 'All accounts (admins)',
      responses: {
        200: { description: 'Accounts', content: json(z.object({ users: z.array(User) })) },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      assertCan(principal(c), 'users')
      return c.json({ users: await listUsers(c.get('db')) }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/users',
      tags,
      summary: 'Create an account (admins)',
      request: { body: { content: json(NewUser), required: true } },
      responses: { 201: { description: 'Created', content: json(User) }, ...errorResponses(400, 403, 409) },
    }),
    async (c) => {
      const p = principal(c)
      assertCan(p, 'users')
      const input = c.req.valid('json')
      const user = await c.get('db').transaction(async (tx) => {
        if (await findUser(tx, input.username))
          throw fail('conflict', `The username ${input.username} is taken.`, { parameter: 'username' })
        const u = await createUser(tx, input)
        await writeAudit(tx, {
          actor: p.username,
          action: 'admin',
          collection: 'users',
          itemId: u.username,
          before: null,
          after: u,
          requestId: c.get('requestId'),
        })
        return u
      })
      return c.json(user, 201)
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/users/{username}',
      tags,
      summary: 'Change role, area, password or disable an account (admins)',
      request: { params: UsernameParam, body: { content: json(UserChanges), required: true } },
      responses: {
        200: {
          description:
            'Updated. A new password or disabling the account signs the user out and revokes their API tokens for good.',
          content: json(
            User.extend({
              tokens_revoked: z.number().int().openapi({ description: 'API tokens revoked by this change' }),
            }),
          ),
        },
        ...errorResponses(400, 403, 404),
      },
    }),
    async (c) => {
      const p = principal(c)
      assertCan(p, 'users')
      const { username } = c.req.valid('param')
      const user = await c.get('db').transaction(async (tx) => {
        let r
        try {
          r = await updateUser(tx, username, c.req.valid('json'))
        } catch (err) {
          if (err instanceof z.ZodError) throw fromZodError(err, 'json')
          throw err
        }
        if (!r) throw fail('not_found', `No user ${username}.`)
        await writeAudit(tx, {
          actor: p.username,
          action: 'admin',
          collection: 'users',
          itemId: username,
          before: r.before,
          after: r.after,
          requestId: c.get('requestId'),
        })
        return { ...r.after, tokens_revoked: r.tokensRevoked }
      })
      return c.json(user, 200)
    },
  )
