import { createRoute, z } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { sameSecret } from '../access/secrets.ts'
import { DomainError, fail } from '../errors.ts'
import { router, type AppEnv } from '../http/env.ts'
import { errorResponses } from '../http/errors.ts'
import { storeReport, type Location } from '../reports/intake.ts'
import { normalisePhone } from '../reports/phone.ts'
import type { ReportsService } from '../reports/service.ts'
import { SIGNATURE_HEADER, signatureMatches } from '../reports/signature.ts'
import { parseSms, smsReply } from '../reports/sms.ts'
import { ussdEnd, ussdStep } from '../reports/ussd.ts'
import { rateLimit } from './reports.ts'

// Inbound SMS and USSD callbacks in the format of the gateways common in Kenya (Africa's Talking): form-encoded, with
// the shared secret in X-Intake-Secret, or the body signed with it in X-Intake-Signature (reports/signature.ts). A
// wrong secret is refused before the body is read, a wrong signature before the body is parsed: nothing is stored.

const tags = ['Citizen reports']
const FORM = 'application/x-www-form-urlencoded'

const SmsForm = z.object({
  from: z.string().min(1).max(30),
  to: z.string().min(1).max(30),
  text: z.string().min(1).max(1600),
  date: z.string().max(40).optional(),
  id: z.string().min(1).max(100),
  linkId: z.string().max(100).optional(),
  networkCode: z.string().max(20).optional(),
})
const UssdForm = z.object({
  sessionId: z.string().min(1).max(100),
  serviceCode: z.string().min(1).max(30),
  phoneNumber: z.string().min(1).max(30),
  text: z.string().max(2000).default(''),
  networkCode: z.string().max(20).optional(),
})
const secretHeader = z.object({
  'x-intake-secret': z.string().max(200).optional().openapi({ description: 'RAMANI_INTAKE_SECRET' }),
  'x-intake-signature': z.string().max(200).optional().openapi({
    description:
      'Instead of the secret: `sha256=` and the hex HMAC-SHA256 of the raw body keyed with RAMANI_INTAKE_SECRET',
    example: 'sha256=3f0c…',
  }),
})

function gatewayAuth(svc: ReportsService): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const secret = c.req.header('X-Intake-Secret')
    const signature = c.req.header(SIGNATURE_HEADER)
    const refused = (parameter: string) =>
      fail('invalid_intake_secret', `Missing or wrong X-Intake-Secret or ${SIGNATURE_HEADER}.`, { parameter })
    if (!svc.intakeSecret) throw refused('X-Intake-Secret')
    if (secret === undefined && signature === undefined) throw refused('X-Intake-Secret')
    if (secret !== undefined && !sameSecret(secret, svc.intakeSecret)) throw refused('X-Intake-Secret')
    if (!(c.req.header('Content-Type') ?? '').toLowerCase().startsWith(FORM))
      throw fail('invalid_body', `Gateway callbacks are ${FORM}.`)
    if (secret === undefined) {
      // Hono keeps the bytes read here for the form validator, so the signed bytes are the ones parsed.
      const body = new Uint8Array(await c.req.arrayBuffer())
      if (!signatureMatches(body, signature!, svc.intakeSecret)) throw refused(SIGNATURE_HEADER)
    }
    return next()
  }
}

/** The intake's rate limit refused this request (now counted in the database, which may fail otherwise). */
const limited = (e: unknown) => e instanceof DomainError && e.code === 'too_many_reports'

const phoneOf = (raw: string, parameter: string) => {
  const phone = normalisePhone(raw)
  if (!phone) throw fail('invalid_parameter', 'Not a Kenyan mobile number.', { parameter })
  return phone
}

/** The gateway's date ("2026-12-02 06:30:05", EAT) when it reads as one, else now. */
function sentAt(date: string | undefined): string {
  const m = date && /^(\d{4}-\d\d-\d\d)[ T](\d\d:\d\d(?::\d\d)?)/.exec(date)
  const t = m ? new Date(`${m[1]}T${m[2]}+03:00`) : new Date()
  return (Number.isNaN(t.getTime()) || t.getTime() > Date.now() ? new Date() : t).toISOString()
}

async function send(svc: ReportsService, c: Context<AppEnv>, to: string, message: string) {
  try {
    await svc.sender.send(to, message)
  } catch (e) {
    // A reply that cannot go out does not undo the report; the moderator still sees it.
    console.error(`[${c.get('requestId')}] SMS reply failed: ${(e as Error).message}`)
  }
}

export function intakeRoutes(svc: ReportsService) {
  const r = router()
  r.use('/api/intake/*', gatewayAuth(svc))
  return r
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/intake/sms',
        tags,
        summary: 'Inbound SMS callback: a free-text report, answered by SMS with its reference',
        request: { headers: secretHeader, body: { content: { [FORM]: { schema: SmsForm } }, required: true } },
        responses: {
          200: {
            description: 'Taken: the report’s reference, or none when no place could be read (the sender is told)',
            content: { 'application/json': { schema: z.object({ reference: z.string().nullable() }) } },
          },
          ...errorResponses(400, 401, 429),
        },
      }),
      async (c) => {
        const sms = c.req.valid('form')
        const phone = phoneOf(sms.from, 'from')
        const parsed = await parseSms(c.get('db'), sms.text)
        try {
          await rateLimit(svc, c.get('db'), [{ kind: 'phone', key: phone }])
        } catch (e) {
          if (limited(e)) await send(svc, c, phone, smsReply.limited(parsed.language))
          throw e
        }
        if (!parsed.county) {
          await send(svc, c, phone, smsReply.noPlace(parsed.language))
          return c.json({ reference: null }, 200)
        }
        const location: Location = parsed.place
          ? { kind: 'place', placeId: parsed.place.id }
          : { kind: 'county', county: parsed.county }
        const stored = await storeReport(
          c.get('db'),
          {
            channel: 'sms',
            language: parsed.language,
            theme: parsed.theme,
            occurredAt: sentAt(sms.date),
            description: sms.text.trim(),
            location,
            phone,
            contactConsent: false,
            clientId: `sms-msg:${sms.id}`,
            photos: [],
          },
          svc.key,
          c.get('requestId'),
        )
        if (!stored.replay) await send(svc, c, phone, smsReply.received(parsed.language, stored.reference))
        return c.json({ reference: stored.reference }, 200)
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/api/intake/ussd',
        tags,
        summary: 'USSD session callback: answers the next menu as "CON …", or "END …" with the reference',
        request: { headers: secretHeader, body: { content: { [FORM]: { schema: UssdForm } }, required: true } },
        responses: {
          200: { description: 'The screen to show', content: { 'text/plain': { schema: z.string() } } },
          ...errorResponses(400, 401),
        },
      }),
      async (c) => {
        const u = c.req.valid('form')
        const phone = phoneOf(u.phoneNumber, 'phoneNumber')
        const step = await ussdStep(c.get('db'), u.text)
        if (step.kind === 'con') return c.text(`CON ${step.text}`, 200)
        if (step.kind === 'end') return c.text(`END ${step.text}`, 200)
        const rep = step.report
        try {
          await rateLimit(svc, c.get('db'), [{ kind: 'phone', key: phone }])
        } catch (e) {
          // The handset shows text, not status codes: the limit is said on the screen (other failures stay errors).
          if (!limited(e)) throw e
          return c.text(`END ${ussdEnd.limited(rep.language)}`, 200)
        }
        const stored = await storeReport(
          c.get('db'),
          {
            channel: 'ussd',
            language: rep.language,
            theme: rep.theme,
            occurredAt: new Date().toISOString(),
            description: rep.description,
            placeName: rep.placeName,
            location: rep.place ? { kind: 'place', placeId: rep.place.id } : { kind: 'county', county: rep.county },
            phone,
            contactConsent: false,
            clientId: `ussd-session:${u.sessionId}`,
            photos: [],
          },
          svc.key,
          c.get('requestId'),
        )
        if (!stored.replay) await send(svc, c, phone, ussdEnd.received(rep.language, stored.reference))
        return c.text(`END ${ussdEnd.received(rep.language, stored.reference)}`, 200)
      },
    )
}
