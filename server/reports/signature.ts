import { createHmac, timingSafeEqual } from 'node:crypto'

// The gateway's signature of a callback: HMAC-SHA256 of the raw request body keyed with RAMANI_INTAKE_SECRET, sent as
// `X-Intake-Signature: sha256=<hex>` (the form GitHub-style webhooks use). A gateway that cannot sign sends the
// secret itself in X-Intake-Secret instead.

export const SIGNATURE_HEADER = 'X-Intake-Signature'

export const signBody = (body: Uint8Array | string, secret: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`

/** Whether the header signs exactly these bytes with the secret; compared in constant time. */
export function signatureMatches(body: Uint8Array, header: string, secret: string): boolean {
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim())
  if (!m) return false
  const want = createHmac('sha256', secret).update(body).digest()
  return timingSafeEqual(Buffer.from(m[1]!, 'hex'), want)
}
