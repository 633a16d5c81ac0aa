import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { bodyLimit } from 'hono/body-limit'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { DEFAULT_LOGIN_POLICY, loginGuard, type LoginPolicy } from './access/login.ts'
import { authenticate, layersGate } from './http/auth.ts'
import { NATIONAL } from './access/scope.ts'
import type { Db } from './db/index.ts'
import type { Deployment } from './http/deployment.ts'
import { router } from './http/env.ts'
import { flightWatch } from './http/flight-watch.ts'
import { refuseControlCharacters, responseHeaders } from './http/hygiene.ts'
import { importAllowance, type Allowance } from './imports/gate.ts'
import { defaultUploadRoot, tooLarge } from './imports/upload.ts'
import { fail } from './errors.ts'
import { problemReply, toProblem } from './http/errors.ts'
import { analysisRoutes } from './routes/analysis.ts'
import { assessmentRoutes } from './routes/assessments.ts'
import { auditRoutes } from './routes/audit.ts'
import { authRoutes } from './routes/auth.ts'
import { healthRoutes } from './routes/health.ts'
import { metricsRoutes } from './routes/metrics.ts'
import { observe, routeReads, type RequestLog } from './http/observe.ts'
import { historyRoutes } from './routes/history.ts'
import { exportRoutes } from './routes/exports.ts'
import { importRoutes } from './routes/imports.ts'
import { importProfileRoutes } from './routes/import-profiles.ts'
import { themeCrosswalkRoutes } from './routes/theme-crosswalk.ts'
import { hotspotRoutes } from './routes/hotspots.ts'
import { areaStatsRoutes } from './routes/area-stats.ts'
import { indicatorRoutes } from './routes/indicators.ts'
import { metaRoutes } from './routes/meta.ts'
import { ogcRoutes } from './routes/ogc.ts'
import { writeRoutes } from './routes/ogc-write.ts'
import { openApiRoutes } from './routes/openapi.ts'
import { placeRoutes } from './routes/places.ts'
import { regionRoutes } from './routes/regions.ts'
import { reportRoutes } from './routes/reports.ts'
import { intakeRoutes } from './routes/intake.ts'
import { communityRoutes } from './routes/community.ts'
import { reportsService, type ReportsOptions } from './reports/service.ts'
import { scorecardRoutes } from './routes/scorecards.ts'
import { searchRoutes } from './routes/search.ts'
import { summaryRoutes } from './routes/summary.ts'
import { tileRoutes } from './routes/tiles.ts'
import { tokenRoutes } from './routes/tokens.ts'
import { userRoutes } from './routes/users.ts'
import { userTokenRoutes } from './routes/user-tokens.ts'
import { configureWorkers } from './workers/pool.ts'
import { outboxSender, type Sender } from './flights/notify.ts'
import { flightRoutes } from './routes/flights.ts'
import { verifyRoutes } from './routes/verify.ts'

export interface AppOptions {
  db: Db
  /** Directory of the built web app; omitted = API only. */
  webDist?: string
  loginPolicy?: LoginPolicy
  /** Largest request body accepted, in bytes. */
  maxBodyBytes?: number
  /** Largest file accepted by POST /api/imports, in bytes. */
  maxImportBytes?: number
  /** Directory uploads are written to while they are read and parsed (default: the system's temporary directory). */
  uploadDir?: string
  /** Limits of the worker pools that run analyses and parse uploads (defaults in server/workers/pool.ts). */
  workers?: Parameters<typeof configureWorkers>[0]
  /** RAMANI_PUBLIC_URL: https here means Secure cookies and HSTS whatever the socket says. */
  publicUrl?: string
  /** RAMANI_TRUSTED_PROXIES: proxies whose X-Forwarded-For / X-Forwarded-Proto are believed. */
  trustedProxies?: string[]
  /** Outbound email/SMS of notifications; default: the outbox table a gateway delivers from (tests: a fake). */
  sender?: Sender
  /** An online raster basemap (XYZ URL template) offered to users with internet; none by default. */
  basemapUrl?: string
  /** Citizen reports: phone key, gateway secret, SMS sender, rate limits (defaults in server/reports/service.ts). */
  reports?: ReportsOptions
  /** RAMANI_METRICS_TOKEN: GET /metrics only with this bearer token; open when unset. */
  metricsToken?: string
  /** Where one structured line per request goes (RAMANI_REQUEST_LOG=json: stdout); none when omitted. */
  requestLog?: RequestLog
  /** RAMANI_TILE_MEMORY_MB: bytes of recently served tiles this instance keeps in memory (default 64 MB). */
  tileMemoryBytes?: number
}

/** A citizen report with photos resized on the device (~0.5 MB each) fits with room to spare. */
const MAX_REPORT_BYTES = 16 * 1024 * 1024
const MAX_INTAKE_BYTES = 64 * 1024

const API_PREFIXES = ['/api', '/ogc', '/tiles']
export const isApiPath = (path: string) => API_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`))

/** The whole HTTP application, without a port: tests call `app.request()` directly. */
export function createApp(opts: AppOptions) {
  const app = router()
  const reports = reportsService(opts.reports)
  const deployment: Deployment = { publicUrl: opts.publicUrl, trustedProxies: opts.trustedProxies ?? [] }
  if (opts.workers) configureWorkers(opts.workers)
  // The only outside origin the page may reach: the optional online basemap.
  const basemapOrigin = opts.basemapUrl ? [new URL(opts.basemapUrl.replace(/[{}]/g, '')).origin] : []
  app.use('*', requestId())
  app.use('*', observe(opts.requestLog))
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', ...basemapOrigin],
        connectSrc: ["'self'", ...basemapOrigin],
        workerSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
      },
      crossOriginEmbedderPolicy: false,
      // Decided per request from the deployment (responseHeaders), not sent over plain HTTP.
      strictTransportSecurity: false,
    }),
  )
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => problemReply(c, fail('payload_too_large', 'The request body is too large.')),
    })
  const generalLimit = limit(opts.maxBodyBytes ?? 20 * 1024 * 1024)
  const maxImport = opts.maxImportBytes ?? 256 * 1024 * 1024
  const uploadRoot = opts.uploadDir ?? defaultUploadRoot()
  app.use('*', async (c, next) => {
    c.set('db', opts.db)
    c.set('area', NATIONAL)
    c.set('deployment', deployment)
    c.set('sender', opts.sender ?? outboxSender)
    await next()
  })
  app.use('*', responseHeaders)
  // Authentication reads only headers, so it runs before any body is read: an anonymous upload is refused unread.
  app.use('*', authenticate(isApiPath))
  app.use('*', layersGate)
  // Read-only routes may be served by a read replica; a caller's reads follow their own writes (after authentication).
  app.use('*', routeReads)
  app.use('*', flightWatch)
  // Files uploaded for import may be larger than any other request, by role; a caller who may not import is refused
  // here, before the body is read. The body itself is not read here: the route streams it to disk, counting bytes
  // against the same allowance (imports/upload.ts), where bodyLimit would hold a body without Content-Length in memory.
  // Public intake takes less than a signed-in user may send: a report with its photos, or a gateway's few fields.
  const reportLimit = limit(MAX_REPORT_BYTES)
  const intakeLimit = limit(MAX_INTAKE_BYTES)
  app.use('*', async (c, next) => {
    if (c.req.path === '/api/reports' && c.req.method === 'POST') return reportLimit(c, next)
    if (c.req.path.startsWith('/api/intake/')) return intakeLimit(c, next)
    if (c.req.path !== '/api/imports' || c.req.method !== 'POST') return generalLimit(c, next)
    const bytes = uploadBytes(importAllowance(c.get('principal'), c.req.query('collection'), maxImport))
    const declared = Number(c.req.header('Content-Length') ?? NaN)
    if (declared > bytes) throw tooLarge(bytes)
    c.set('upload', { bytes, root: uploadRoot })
    return next()
  })
  app.use('*', refuseControlCharacters)

  const api = router()
    .route('/', healthRoutes)
    .route('/', metricsRoutes(opts.metricsToken))
    .route('/', metaRoutes({ basemapUrl: opts.basemapUrl }))
    .route('/', authRoutes(loginGuard(opts.loginPolicy ?? DEFAULT_LOGIN_POLICY)))
    .route('/', tokenRoutes)
    .route('/', userRoutes)
    .route('/', userTokenRoutes)
    .route('/', auditRoutes)
    .route('/', ogcRoutes)
    .route('/', writeRoutes)
    .route('/', tileRoutes(opts.tileMemoryBytes ?? 64 * 1024 * 1024))
    .route('/', searchRoutes)
    .route('/', historyRoutes)
    .route('/', assessmentRoutes)
    .route('/', summaryRoutes)
    .route('/', placeRoutes)
    .route('/', hotspotRoutes)
    .route('/', areaStatsRoutes)
    .route('/', scorecardRoutes)
    .route('/', regionRoutes)
    .route('/', indicatorRoutes)
    .route('/', analysisRoutes)
    .route('/', importRoutes)
    .route('/', importProfileRoutes)
    .route('/', themeCrosswalkRoutes)
    .route('/', exportRoutes)
    .route('/', flightRoutes)
    .route('/', verifyRoutes)
    .route('/', reportRoutes(reports))
    .route('/', intakeRoutes(reports))
    .route('/', communityRoutes)
  // The document is built on request from `api`, so it includes its own two routes.
  api.route('/', openApiRoutes(api))
  app.route('/', api)

  app.onError((err, c) => problemReply(c, toProblem(err, c.get('requestId'))))

  if (opts.webDist && existsSync(resolve(opts.webDist, 'index.html'))) {
    const root = resolve(opts.webDist)
    const index = readFileSync(resolve(root, 'index.html'), 'utf8')
    app.use('*', async (c, next) => (isApiPath(c.req.path) ? next() : serveStatic({ root })(c, next)))
    app.notFound((c) => (isApiPath(c.req.path) ? notFoundJson(c) : c.html(index)))
  } else {
    app.notFound(notFoundJson)
  }
  return app
}

function uploadBytes(a: Allowance): number {
  if ('bytes' in a) return a.bytes
  if (a.refused === 'forbidden') throw fail('forbidden', a.message)
  throw fail('invalid_parameter', a.message, { parameter: a.parameter })
}

function notFoundJson(c: Parameters<Parameters<ReturnType<typeof router>['notFound']>[0]>[0]) {
  return problemReply(c, fail('not_found', `No route for ${c.req.method} ${c.req.path}.`))
}

export type App = ReturnType<typeof createApp>
