import { createRoute, z } from '@hono/zod-openapi'
import { VALID_STATUSES, type FlightStatus } from '../../contract/flights.ts'
import { router } from '../http/env.ts'
import { expireDue } from '../flights/workflow.ts'

// The public verification page a clearance letter's QR code opens (no sign-in; not under /api, so the web app's
// fallback never answers it). It tells only whether the number is valid, for which registration and window.

const Verification = z.object({
  clearance_number: z.string(),
  valid: z.boolean(),
  status: z.enum(['valid', 'not_yet_valid', 'expired', 'revoked', 'unknown']),
  aircraft_registration: z.string().nullable(),
  valid_from: z.string().nullable(),
  valid_to: z.string().nullable(),
})
type Verification = z.infer<typeof Verification>

const escape = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!)

const EAT = (iso: string) =>
  `${new Intl.DateTimeFormat('en-GB', { timeZone: 'Africa/Nairobi', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))} EAT`

function page(v: Verification): string {
  const headline = {
    valid: 'Valid clearance',
    not_yet_valid: 'Clearance not yet in force',
    expired: 'Clearance expired',
    revoked: 'Clearance not valid (withdrawn or under re-assessment)',
    unknown: 'No such clearance',
  }[v.status]
  const colour = v.valid ? '#1a7f37' : '#b42318'
  const rows =
    v.aircraft_registration && v.valid_from && v.valid_to
      ? `<dl><dt>Aircraft registration</dt><dd>${escape(v.aircraft_registration)}</dd>
         <dt>Valid from</dt><dd>${escape(EAT(v.valid_from))}</dd><dt>Valid to</dt><dd>${escape(EAT(v.valid_to))}</dd></dl>`
      : ''
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${escape(headline)} - Ramani</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1d2327}
h1{color:${colour};font-size:1.6rem}dt{font-weight:600;margin-top:.6rem}dd{margin:0}</style></head>
<body><p>Humanitarian flight security clearance</p><h1 data-status="${v.status}">${escape(headline)}</h1>
<p>Clearance number <strong>${escape(v.clearance_number)}</strong></p>${rows}</body></html>`
}

export const verifyRoutes = router().openapi(
  createRoute({
    method: 'get',
    path: '/verify/{clearance_number}',
    tags: ['Flight clearance'],
    summary: 'Public verification of a clearance number: validity, aircraft registration and window only',
    request: {
      params: z.object({
        clearance_number: z
          .string()
          .max(64)
          .openapi({ param: { name: 'clearance_number', in: 'path' } }),
      }),
    },
    responses: {
      200: {
        description: 'An HTML page, or JSON when asked for (Accept: application/json)',
        content: { 'text/html': { schema: z.string() }, 'application/json': { schema: Verification } },
      },
      404: {
        description: 'No such clearance',
        content: { 'text/html': { schema: z.string() }, 'application/json': { schema: Verification } },
      },
    },
  }),
  async (c) => {
    const number = c.req.valid('param').clearance_number
    const db = c.get('db')
    await db.transaction((tx) => expireDue(tx, c.get('requestId')))
    const r = await db.query<{
      status: FlightStatus
      aircraft_registration: string
      valid_from: string
      valid_to: string
      reassessment_reason: string | null
    }>(
      `SELECT status, aircraft_registration, valid_from, valid_to, reassessment_reason FROM flight_requests
       WHERE clearance_number = $1`,
      [number],
    )
    const row = r.rows[0]
    const now = Date.now()
    let v: Verification
    if (!row) {
      v = {
        clearance_number: number,
        valid: false,
        status: 'unknown',
        aircraft_registration: null,
        valid_from: null,
        valid_to: null,
      }
    } else {
      const inForce = VALID_STATUSES.includes(row.status)
      const status: Verification['status'] =
        row.status === 'expired'
          ? 'expired'
          : !inForce
            ? 'revoked'
            : now < Date.parse(row.valid_from)
              ? 'not_yet_valid'
              : 'valid'
      v = {
        clearance_number: number,
        valid: status === 'valid',
        status,
        aircraft_registration: row.aircraft_registration,
        valid_from: row.valid_from,
        valid_to: row.valid_to,
      }
    }
    const code = row ? 200 : 404
    c.header('Cache-Control', 'no-store')
    if ((c.req.header('Accept') ?? '').includes('application/json')) return c.json(v, code)
    return c.html(page(v), code)
  },
)
