import type { Queryable } from '../db/index.ts'
import { decoyVerify, verifyPassword } from './secrets.ts'
import { findUser, recordSuccessfulLogin, type UserRow } from './users.ts'

// Sign-in throttling that cannot be turned against anyone. Nothing locks an account for everyone: an address that
// keeps failing on one account is locked out of that account (the owner signing in from elsewhere is not); an
// address that keeps failing on any accounts gets growing waits between attempts (capped, so an office behind one
// NAT address is slowed, never shut out). Counts are kept by username whether or not the account exists, so unknown
// and real usernames get the same answers.

export interface LoginPolicy {
  /** Failures from one address on one account that lock that address out of that account… */
  lockAfter: number
  /** …for this many minutes. */
  lockMinutes: number
  /** Failures from one address (any accounts) within the window before each further attempt waits. */
  maxFailuresPerClient: number
  windowMs: number
  /** Longest wait between attempts from an address over its limit (doubling from 1 s). */
  maxDelaySeconds?: number
}

export const DEFAULT_LOGIN_POLICY: LoginPolicy = {
  lockAfter: 5,
  lockMinutes: 15,
  maxFailuresPerClient: 20,
  windowMs: 15 * 60_000,
  maxDelaySeconds: 10,
}

export type LoginResult =
  { ok: true; user: UserRow } | { ok: false; reason: 'invalid' | 'rate_limited'; retryAfterSeconds?: number }

interface Failures {
  /** Failures of this address on this account within the lock period, and ms since the first of them. */
  pair: number
  pair_first_ms: number | null
  /** Failures of this address on any account within the window, and ms since the latest. */
  client: number
  client_last_ms: number | null
}

// Failures are rows in login_failures (013_stateless.sql), so every app instance counts the same attempts; times are
// the database's, so instances with drifting clocks agree.
export function loginGuard(policy: LoginPolicy = DEFAULT_LOGIN_POLICY) {
  const maxDelayMs = (policy.maxDelaySeconds ?? 10) * 1000
  const lockMs = policy.lockMinutes * 60_000
  const keepMs = Math.max(lockMs, policy.windowMs)

  return async function attempt(
    q: Queryable,
    client: string,
    username: string,
    password: string,
  ): Promise<LoginResult> {
    const r = await q.query<Failures>(
      `SELECT count(*) FILTER (WHERE username = $2 AND at > now() - make_interval(secs => $3 / 1000.0)) AS pair,
              extract(epoch FROM now() - min(at) FILTER (WHERE username = $2 AND at > now() - make_interval(secs => $3 / 1000.0))) * 1000 AS pair_first_ms,
              count(*) FILTER (WHERE at > now() - make_interval(secs => $4 / 1000.0)) AS client,
              extract(epoch FROM now() - max(at)) * 1000 AS client_last_ms
         FROM login_failures WHERE client = $1 AND at > now() - make_interval(secs => $5 / 1000.0)`,
      [client, username, lockMs, policy.windowMs, keepMs],
    )
    const f = r.rows[0]!
    const pair = Number(f.pair)
    if (pair >= policy.lockAfter)
      return {
        ok: false,
        reason: 'rate_limited',
        retryAfterSeconds: Math.max(1, Math.ceil((lockMs - Number(f.pair_first_ms ?? 0)) / 1000)),
      }
    const over = Number(f.client) - policy.maxFailuresPerClient
    if (over >= 0) {
      const waitMs = Math.min(1000 * 2 ** over, maxDelayMs)
      const since = Number(f.client_last_ms ?? Infinity)
      if (since < waitMs)
        return { ok: false, reason: 'rate_limited', retryAfterSeconds: Math.max(1, Math.ceil((waitMs - since) / 1000)) }
    }
    const fail = async (): Promise<LoginResult> => {
      await q.query('INSERT INTO login_failures (client, username) VALUES ($1, $2)', [client, username])
      // Forget failures that no longer count for anything, so the table stays small.
      await q.query('DELETE FROM login_failures WHERE at < now() - make_interval(secs => $1 / 1000.0)', [keepMs])
      return { ok: false, reason: 'invalid' }
    }
    const user = await findUser(q, username)
    if (!user || user.disabled) {
      await decoyVerify(password)
      return fail()
    }
    if (!(await verifyPassword(user.password_hash, password))) return fail()
    await recordSuccessfulLogin(q, username)
    await q.query('DELETE FROM login_failures WHERE client = $1 AND username = $2', [client, username])
    return { ok: true, user }
  }
}
export type LoginAttempt = ReturnType<typeof loginGuard>
