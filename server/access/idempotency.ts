import type { Queryable } from '../db/index.ts'
import { fail } from '../errors.ts'
import { sha256 } from './secrets.ts'

// A write sent again with the same Idempotency-Key (a retry after a dropped connection, an offline queue replaying)
// returns the first answer and changes nothing. The key is claimed inside the write's transaction, so a failed
// write frees it for a retry and two concurrent requests with one key apply once.

export interface StoredResponse {
  status: number
  body: string
  headers: Record<string, string>
}

export const IdempotencyKeyPattern = /^[\x21-\x7e]{8,200}$/

export function parseIdempotencyKey(header: string | undefined): string | undefined {
  if (header === undefined) return undefined
  if (!IdempotencyKeyPattern.test(header)) {
    throw fail('invalid_parameter', 'Idempotency-Key must be 8–200 visible ASCII characters.', {
      parameter: 'Idempotency-Key',
    })
  }
  return header
}

export async function idempotent(
  tx: Queryable,
  who: { username: string; key: string | undefined; request: string },
  run: () => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  if (!who.key) return { ...(await run()), replayed: false }
  const hash = sha256(who.request)
  const claimed = await tx.query(
    `INSERT INTO idempotency_keys (username, key, request_hash, status, body) VALUES ($1, $2, $3, 0, '')
     ON CONFLICT (username, key) DO NOTHING RETURNING key`,
    [who.username, who.key, hash],
  )
  if (claimed.rows.length === 0) {
    const prev = await tx.query<{
      request_hash: string
      status: number
      body: string
      headers: Record<string, string>
    }>('SELECT request_hash, status, body, headers FROM idempotency_keys WHERE username = $1 AND key = $2', [
      who.username,
      who.key,
    ])
    const row = prev.rows[0]!
    if (row.request_hash !== hash) {
      throw fail('idempotency_key_reused', 'This Idempotency-Key was already used for a different request.', {
        parameter: 'Idempotency-Key',
      })
    }
    return { status: row.status, body: row.body, headers: row.headers, replayed: true }
  }
  const res = await run()
  await tx.query(
    'UPDATE idempotency_keys SET status = $3, body = $4, headers = $5::jsonb WHERE username = $1 AND key = $2',
    [who.username, who.key, res.status, res.body, JSON.stringify(res.headers)],
  )
  return { ...res, replayed: false }
}
