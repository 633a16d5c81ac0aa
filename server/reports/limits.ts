import type { Db } from '../db/index.ts'

// Rate limits of the public intake, per device, address and phone: a sliding window of recent accepted requests per
// key, kept in PostgreSQL (intake_hits, 019_intake_limits.sql) so that every app instance counts the same requests.
// Times are the database's, so instances with drifting clocks agree.

export interface RateLimits {
  /** Length of the window, in milliseconds. */
  windowMs: number
  perDevice: number
  perIp: number
  perPhone: number
}

export const DEFAULT_LIMITS: RateLimits = { windowMs: 60 * 60 * 1000, perDevice: 10, perIp: 30, perPhone: 10 }

export type LimitKind = 'device' | 'ip' | 'phone'

const maxOf = (l: RateLimits, kind: LimitKind) =>
  kind === 'device' ? l.perDevice : kind === 'ip' ? l.perIp : l.perPhone

/**
 * Counts one request against every key given, unless one of them is full: then nothing is counted and the answer
 * is which kind is full and how many seconds until a slot frees.
 */
export async function takeIntake(
  db: Db,
  limits: RateLimits,
  keys: { kind: LimitKind; key: string }[],
): Promise<{ kind: LimitKind; retryAfterS: number } | null> {
  if (!keys.length) return null
  return db.transaction(async (tx) => {
    // Two instances taking the same key at once wait for each other here, so neither lets an extra request through.
    // Keys are locked in one order so that two requests sharing several keys cannot deadlock.
    const ids = [...new Set(keys.map((k) => `intake:${k.kind}:${k.key}`))].sort()
    for (const id of ids) await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [id])
    for (const k of keys) {
      const r = await tx.query<{ n: number; retry_ms: number | null }>(
        `SELECT count(*)::int AS n,
                extract(epoch FROM min(at) + make_interval(secs => $3 / 1000.0) - now()) * 1000 AS retry_ms
         FROM intake_hits WHERE kind = $1 AND key = $2 AND at > now() - make_interval(secs => $3 / 1000.0)`,
        [k.kind, k.key, limits.windowMs],
      )
      const row = r.rows[0]!
      if (Number(row.n) >= maxOf(limits, k.kind))
        return { kind: k.kind, retryAfterS: Math.max(1, Math.ceil(Number(row.retry_ms ?? 0) / 1000)) }
    }
    await tx.query('INSERT INTO intake_hits (kind, key) SELECT * FROM unnest($1::text[], $2::text[])', [
      keys.map((k) => k.kind),
      keys.map((k) => k.key),
    ])
    // Forget requests that no longer count for anything, so the table stays small.
    await tx.query('DELETE FROM intake_hits WHERE at < now() - make_interval(secs => $1 / 1000.0)', [limits.windowMs])
    return null
  })
}
