import { createRoute, z } from '@hono/zod-openapi'
import { principal } from '../http/auth.ts'
import { router } from '../http/env.ts'
import { errorResponses } from '../http/errors.ts'
import { search } from '../search/search.ts'
import { SearchHit } from '../../contract/search.ts'

export const searchRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/api/search',
    tags: ['Search'],
    summary: 'Fuzzy name search across assets, counties, regions and places',
    request: {
      query: z.strictObject({
        q: z.string().trim().min(2, 'type at least 2 characters').max(100).openapi({ example: 'lokichogio' }),
        limit: z.coerce.number().int().min(1).max(50).default(10),
      }),
    },
    responses: {
      200: {
        description: 'Best matches first',
        content: { 'application/json': { schema: z.object({ hits: z.array(SearchHit) }) } },
      },
      ...errorResponses(400),
    },
  }),
  async (c) => {
    const { q, limit } = c.req.valid('query')
    return c.json({ hits: await search(c.get('db'), principal(c), c.get('area'), q, limit) }, 200)
  },
)
