import { createRoute, z } from '@hono/zod-openapi'
import { principal } from '../http/auth.ts'
import { router } from '../http/env.ts'
import { notFound } from '../errors.ts'
import { errorResponses } from '../http/errors.ts'
import { assertMonitoringEditor } from '../monitoring/access.ts'
import {
  INDICATOR_ID,
  IndicatorCreate,
  IndicatorPatch,
  PERIOD,
  ValueInput,
  createIndicator,
  deleteIndicator,
  deleteValue,
  getIndicator,
  listIndicators,
  putValue,
  updateIndicator,
} from '../monitoring/indicators.ts'
import { Indicator, IndicatorWithHistory } from '../../contract/indicators.ts'

const tags = ['Monitoring']
const json = <T extends z.ZodTypeAny>(schema: T) => ({ 'application/json': { schema } })

const IdParam = z.object({
  id: z
    .string()
    .regex(INDICATOR_ID, 'not an indicator id')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'firearms_recovered' }),
})
const ValueParams = IdParam.extend({
  period: z
    .string()
    .regex(PERIOD, 'a year (2025), quarter (2025Q3) or month (2025-07)')
    .openapi({ param: { name: 'period', in: 'path' }, example: '2026Q3' }),
})

export const indicatorRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/indicators',
      tags,
      summary: 'M&E indicator records: target, periodic values, progress and source notes',
      responses: {
        200: { description: 'In display order', content: json(z.object({ indicators: z.array(Indicator) })) },
      },
    }),
    async (c) => {
      principal(c)
      return c.json({ indicators: await listIndicators(c.get('db')) }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/api/indicators',
      tags,
      summary: 'Create an indicator record (admins, planners; audited)',
      request: { body: { required: true, content: json(IndicatorCreate) } },
      responses: { 201: { description: 'Created', content: json(Indicator) }, ...errorResponses(400, 403, 409) },
    }),
    async (c) => {
      const p = principal(c)
      assertMonitoringEditor(p)
      return c.json(await createIndicator(c.get('db'), c.req.valid('json'), p.username, c.get('requestId')), 201)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/indicators/{id}',
      tags,
      summary: 'One indicator with its values and its audited changes',
      request: { params: IdParam },
      responses: {
        200: { description: 'The indicator', content: json(IndicatorWithHistory) },
        ...errorResponses(404),
      },
    }),
    async (c) => {
      principal(c)
      const { id } = c.req.valid('param')
      const indicator = await getIndicator(c.get('db'), id)
      if (!indicator) throw notFound(`No indicator ${id}.`)
      return c.json(indicator, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/api/indicators/{id}',
      tags,
      summary:
        "Change an indicator's names, target, remarks or source (admins, planners; audited; `version` guards concurrent edits)",
      request: { params: IdParam, body: { required: true, content: json(IndicatorPatch) } },
      responses: { 200: { description: 'Updated', content: json(Indicator) }, ...errorResponses(400, 403, 404, 412) },
    }),
    async (c) => {
      const p = principal(c)
      assertMonitoringEditor(p)
      return c.json(
        await updateIndicator(
          c.get('db'),
          c.req.valid('param').id,
          c.req.valid('json'),
          p.username,
          c.get('requestId'),
        ),
        200,
      )
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/indicators/{id}',
      tags,
      summary: 'Delete an indicator and its values (admins, planners; audited with the values)',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses(400, 403, 404) },
    }),
    async (c) => {
      const p = principal(c)
      assertMonitoringEditor(p)
      await deleteIndicator(c.get('db'), c.req.valid('param').id, p.username, c.get('requestId'))
      return c.body(null, 204)
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/indicators/{id}/values/{period}',
      tags,
      summary: 'Record or correct the value of a period (admins, planners; audited)',
      request: { params: ValueParams, body: { required: true, content: json(ValueInput) } },
      responses: {
        200: { description: 'Corrected', content: json(Indicator) },
        201: { description: 'Recorded', content: json(Indicator) },
        ...errorResponses(400, 403, 404),
      },
    }),
    async (c) => {
      const p = principal(c)
      assertMonitoringEditor(p)
      const { id, period } = c.req.valid('param')
      const { created, indicator } = await putValue(
        c.get('db'),
        id,
        period,
        c.req.valid('json'),
        p.username,
        c.get('requestId'),
      )
      return created ? c.json(indicator, 201) : c.json(indicator, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/indicators/{id}/values/{period}',
      tags,
      summary: 'Remove the value of a period (admins, planners; audited)',
      request: { params: ValueParams },
      responses: { 204: { description: 'Removed' }, ...errorResponses(400, 403, 404) },
    }),
    async (c) => {
      const p = principal(c)
      assertMonitoringEditor(p)
      const { id, period } = c.req.valid('param')
      await deleteValue(c.get('db'), id, period, p.username, c.get('requestId'))
      return c.body(null, 204)
    },
  )
