import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { principal } from '../http/auth.ts'
import { router, type AppEnv } from '../http/env.ts'
import { notFound } from '../errors.ts'
import { errorResponses } from '../http/errors.ts'
import { assertMonitoringEditor, publicOnly, resolveQuarter } from '../monitoring/access.ts'
import { scorecardsCsv } from '../monitoring/csv.ts'
import { CountyScorecard, SCORECARD_INDICATORS, ScorecardTarget, Scorecards } from '../../contract/scorecards.ts'
import { scorecardsPdf } from '../monitoring/pdf.ts'
import { QUARTER_PATTERN } from '../monitoring/quarters.ts'
import { scorecards, trendSeries } from '../monitoring/scorecards.ts'
import { deleteTarget, listTargets, putTarget } from '../monitoring/targets.ts'

const tags = ['Monitoring']
const json = <T extends z.ZodTypeAny>(schema: T) => ({ 'application/json': { schema } })

const QuarterParam = z
  .string()
  .regex(QUARTER_PATTERN, 'a quarter like 2026Q3')
  .optional()
  .openapi({ description: 'Calendar quarter (UTC), e.g. 2026Q3. Default: the last complete quarter.' })
const PublicParam = z
  .enum(['true', 'false'])
  .default('false')
  .transform((v) => v === 'true')
  .openapi({
    description:
      'Public version: leaves out the sensitive indicators (incidents, prison occupancy). Always on for viewers and field officers.',
  })
const LangParam = z.enum(['en', 'sw']).default('en').openapi({ description: 'Language of the PDF and CSV words' })

const IndicatorParam = z.object({
  indicator: z.enum(SCORECARD_INDICATORS).openapi({ param: { name: 'indicator', in: 'path' } }),
})
const CountyCode = z.string().regex(/^0[0-4]\d$/, 'county must be a code 001–047')

const attachment = (name: string) => `attachment; filename="${name}"`

async function pdfResponse(
  c: Context<AppEnv>,
  cards: Awaited<ReturnType<typeof scorecards>>,
  lang: 'en' | 'sw',
  name: string,
) {
  const pdf = await scorecardsPdf(cards, lang)
  return c.body(new Uint8Array(pdf), 200, {
    'Content-Type': 'application/pdf',
    'Content-Disposition': attachment(name),
    'Cache-Control': 'no-store',
  })
}

export const scorecardRoutes = router()
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/scorecards',
      tags,
      summary:
        'County scorecards for a quarter: each indicator with target, value, change and traffic light; rank among the 47',
      request: {
        query: z.strictObject({
          quarter: QuarterParam,
          public: PublicParam,
          format: z.enum(['json', 'csv']).default('json'),
          lang: LangParam,
        }),
      },
      responses: {
        200: {
          description: 'The counties in your area (ranks are among all 47)',
          content: { ...json(Scorecards), 'text/csv': { schema: z.string() } },
        },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      const p = principal(c)
      const q = c.req.valid('query')
      const cards = await scorecards(c.get('db'), {
        quarter: resolveQuarter(q.quarter),
        publicOnly: publicOnly(p, q.public),
        area: c.get('area'),
      })
      if (q.format === 'csv') {
        return c.body(scorecardsCsv(cards), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': attachment(`scorecards-${cards.quarter}${cards.public ? '-public' : ''}.csv`),
        })
      }
      return c.json(cards, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/scorecards.pdf',
      tags,
      summary: 'Printable scorecards of every county in your area (all 47 nationally), one A4 page each',
      request: { query: z.strictObject({ quarter: QuarterParam, public: PublicParam, lang: LangParam }) },
      responses: {
        200: {
          description: 'PDF',
          content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } },
        },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      const p = principal(c)
      const q = c.req.valid('query')
      const cards = await scorecards(c.get('db'), {
        quarter: resolveQuarter(q.quarter),
        publicOnly: publicOnly(p, q.public),
        area: c.get('area'),
      })
      return pdfResponse(c, cards, q.lang, `scorecards-${cards.quarter}${cards.public ? '-public' : ''}.pdf`)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/scorecards/{countyCode}',
      tags,
      summary:
        'One county\'s scorecard with its trend over the last quarters; "023.pdf" or Accept: application/pdf for the printable page',
      request: {
        params: z.object({
          countyCode: z
            .string()
            .regex(/^0[0-4]\d(\.pdf)?$/, 'a county code 001–047, optionally with .pdf')
            .openapi({ param: { name: 'countyCode', in: 'path' }, example: '023' }),
        }),
        query: z.strictObject({
          quarter: QuarterParam,
          public: PublicParam,
          lang: LangParam,
          quarters: z.coerce
            .number()
            .int()
            .min(2)
            .max(12)
            .default(6)
            .openapi({ description: 'Quarters in the trend series' }),
        }),
      },
      responses: {
        200: {
          description: 'The scorecard (JSON) or its page (PDF)',
          content: {
            ...json(CountyScorecard),
            'application/pdf': { schema: z.string().openapi({ format: 'binary' }) },
          },
        },
        ...errorResponses(400, 403, 404),
      },
    }),
    async (c) => {
      const p = principal(c)
      const { countyCode } = c.req.valid('param')
      const q = c.req.valid('query')
      const code = countyCode.slice(0, 3)
      const wantsPdf = countyCode.endsWith('.pdf') || /\bapplication\/pdf\b/.test(c.req.header('Accept') ?? '')
      const db = c.get('db')
      const quarter = resolveQuarter(q.quarter)
      const isPublic = publicOnly(p, q.public)
      const cards = await scorecards(db, { quarter, publicOnly: isPublic, area: c.get('area'), county: code })
      if (cards.counties.length === 0) throw notFound(`No county ${code} in your area.`)
      if (wantsPdf)
        return pdfResponse(c, cards, q.lang, `scorecard-${code}-${cards.quarter}${cards.public ? '-public' : ''}.pdf`)
      const trend = await trendSeries(db, code, quarter, q.quarters, { publicOnly: isPublic, area: c.get('area') })
      return c.json({ ...cards, trend }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api/scorecard-targets',
      tags,
      summary: 'Scorecard targets and amber thresholds: defaults and county overrides',
      responses: {
        200: { description: 'Targets', content: json(z.object({ targets: z.array(ScorecardTarget) })) },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      principal(c)
      return c.json({ targets: await listTargets(c.get('db')) }, 200)
    },
  )
  .openapi(
    createRoute({
      method: 'put',
      path: '/api/scorecard-targets/{indicator}',
      tags,
      summary: "Set a default target (county null) or a county's own target (admins, planners; audited)",
      request: {
        params: IndicatorParam,
        body: {
          required: true,
          content: json(
            z.strictObject({
              county: CountyCode.nullable().default(null),
              target: z.number().finite(),
              amber: z.number().finite(),
              note: z.string().trim().min(1).max(2000),
            }),
          ),
        },
      },
      responses: {
        200: { description: 'The target as stored', content: json(ScorecardTarget) },
        ...errorResponses(400, 403),
      },
    }),
    async (c) => {
      const p = principal(c)
      assertMonitoringEditor(p)
      const { indicator } = c.req.valid('param')
      return c.json(await putTarget(c.get('db'), indicator, c.req.valid('json'), p.username, c.get('requestId')), 200)
    },
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api/scorecard-targets/{indicator}',
      tags,
      summary: "Remove a county's own target, so the default applies again (admins, planners; audited)",
      request: { params: IndicatorParam, query: z.strictObject({ county: CountyCode }) },
      responses: { 204: { description: 'Removed' }, ...errorResponses(400, 403, 404) },
    }),
    async (c) => {
      const p = principal(c)
      assertMonitoringEditor(p)
      await deleteTarget(
        c.get('db'),
        c.req.valid('param').indicator,
        c.req.valid('query').county,
        p.username,
        c.get('requestId'),
      )
      return c.body(null, 204)
    },
  )
