import { createRoute, z } from '@hono/zod-openapi'
import { principal } from '../http/auth.ts'
import { assertRead } from '../access/permissions.ts'
import { COLLECTION_LIST, type Collection } from '../assets/collections.ts'
import { featureHistory } from '../assets/history.ts'
import { getItem } from '../assets/query.ts'
import { router } from '../http/env.ts'
import { notFound } from '../errors.ts'
import { errorResponses } from '../http/errors.ts'
import { featureIdParam } from '../ogc/params.ts'
import { HistoryEntry } from '../../contract/history.ts'

function addHistoryRoute(col: Collection) {
  historyRoutes.openapi(
    createRoute({
      method: 'get',
      path: `/api/history/${col.id}/{featureId}`,
      tags: ['History'],
      summary: `${col.title}: changes and assessments of one feature`,
      request: { params: featureIdParam(col) },
      responses: {
        200: {
          description: 'Newest first',
          content: { 'application/json': { schema: z.object({ entries: z.array(HistoryEntry) }) } },
        },
        ...errorResponses(403, 404),
      },
    }),
    async (c) => {
      assertRead(principal(c), col)
      const { featureId } = c.req.valid('param')
      const db = c.get('db')
      // The feature must be visible to the caller: its history is no wider than the feature itself.
      if (!(await getItem(db, col, col.idType === 'integer' ? Number(featureId) : featureId, c.get('area')))) {
        throw notFound(`No ${col.id} feature with id ${featureId} in your area.`)
      }
      return c.json({ entries: await featureHistory(db, col, featureId) }, 200)
    },
  )
}

export const historyRoutes = router()
for (const col of COLLECTION_LIST) addHistoryRoute(col)
