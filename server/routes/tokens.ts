import { createRoute, z } from '@hono/zod-openapi'
import { principal } from '../http/auth.ts'
import { createToken, listTokens, revokeToken } from '../access/sessions.ts'
import { writeAudit } from '../audit/log.ts'
import { router } from '../http/env.ts'
import { fail } from '../errors.ts'
import { errorResponses } from '../http/errors.ts'

const tags = ['API tokens']
const json = <T extends z.ZodType>(schema: T) => ({ 'application/json': { schema } })

const TokenInfo = z.object({
  id: z.number().int(),
  name: z.string(),
  prefix: z.string(),
  read_only: z.boolean(),
  created_at: z.string(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
  last_used_at: z.string().nullable(),
})
const NewToken = z.strictObject({
  name: z.string().min(1).max(100),
  read_only: z.boolean().default(false),
  expires_at: z.iso
    .datetime({ offset: true })
    .optional()
    .refine((v) => !v || new Date(v) > new Date(), 'must be in the future'),
})

export const tokenRoutes = router()
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/tokens',
      tags,
      summary: 'Create an API token carrying your role and area (shown once)',
      request: { body: { content: json(NewToken), required: true } },
      responses: {
        201: {
          description: 'The token; store it now, it is not shown again',
          content: json(z.object({ token: z.string(), info: TokenInfo })),
        },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      const p = principal(c)
      if (p.via === 'token') throw fail('forbidden', 'Sign in to create tokens; a token cannot create another.')
      const body = c.req.valid('json')
      const result = await c.get('db').transaction(async (tx) => {
        const r = await createToken(tx, p.username, {
          name: body.name,
          readOnly: body.read_only,
          expiresAt: body.expires_at,
        })
        await writeAudit(tx, {
          actor: p.username,
          action: 'create',
          collection: 'api_tokens',
          itemId: r.info.id,
          before: null,
          after: r.info,
          requestId: c.get('requestId'),
        })
        return r
      })
      return c.json(result, 201)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/tokens',
      tags,
      summary: 'Your API tokens (without their secrets)',
      responses: { 200: { description: 'Tokens', content: json(z.object({ tokens: z.array(TokenInfo) })) } },
    }),
    async (c) => c.json({ tokens: await listTokens(c.get('db'), principal(c).username) }, 200),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/tokens/{id}',
      tags,
      summary: 'Revoke one of your tokens',
      request: {
        params: z.object({
          id: z
            .string()
            .regex(/^[1-9]\d{0,15}$/, 'id must be a positive integer')
            .openapi({ param: { name: 'id', in: 'path' } }),
        }),
      },
      responses: { 204: { description: 'Revoked' }, ...errorResponses(404) },
    }),
    async (c) => {
      const p = principal(c)
      const id = Number(c.req.valid('param').id)
      await c.get('db').transaction(async (tx) => {
        if (!(await revokeToken(tx, p.username, id))) throw fail('not_found', `You have no live token ${id}.`)
        await writeAudit(tx, {
          actor: p.username,
          action: 'delete',
          collection: 'api_tokens',
          itemId: id,
          before: null,
          after: null,
          requestId: c.get('requestId'),
        })
      })
      return c.body(null, 204)
    },
  )
