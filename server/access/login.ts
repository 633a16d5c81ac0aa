import type { Queryable } from '../db/index.ts'
import { decoyVerify, verifyPassword } from './secrets.ts'
import { findUser, recordFailedLogin, recordSuccessfulLogin, type UserRow } from './users.ts'

// Sign-in checks: per-client rate limit on failures, per-account lockout after repeated failures.

export interface LoginPolicy {
  /** Consecutive failures that lock an account… */
  lockAfter: number
  /** …for this many minutes. */
  lockMinutes: number
  /** Failed attempts one client address may make per window before it is refused outright. */
  maxFailuresPerClient: number
  windowMs: number
}

export const DEFAULT_LOGIN_POLICY: LoginPolicy = {
  lockAfter: 5,
  lockMinutes: 15,
  maxFailuresPerClient: 20,
  windowMs: 15 * 60_000,
}

export type LoginResult =
  { ok: true; user: UserRow } | { ok: false; reason: 'invalid' | 'locked' | 'rate_limited'; retryAfterSeconds?: number }

export function loginGuard(policy: LoginPolicy = DEFAULT_LOGIN_POLICY) {
  const failures = new Map<string, number[]>()
  const recent = (client: string, now: number) => (failures.get(client) ?? []).filter((t) => now - t < policy.windowMs)

  return async function attempt(
    q: Queryable,
    client: string,
    username: string,
    password: string,
  ): Promise<LoginResult> {
    const now = Date.now()
    const seen = recent(client, now)
    if (seen.length >= policy.maxFailuresPerClient) {
      return {
        ok: false,
        reason: 'rate_limited',
        retryAfterSeconds: Math.ceil((policy.windowMs - (now - seen[0]!)) / 1000),
      }
    }
    const fail = (reason: 'invalid' | 'locked', retryAfterSeconds?: number): LoginResult => {
      // Forget clients whose failures have all aged out, so the map cannot grow without bound.
      if (failures.size > 10_000)
        for (const [k, ts] of failures) if (ts.every((t) => now - t >= policy.windowMs)) failures.delete(k)
      failures.set(client, [...seen, now])
      return { ok: false, reason, ...(retryAfterSeconds ? { retryAfterSeconds } : {}) }
    }
    const user = await findUser(q, username)
    if (!user || user.disabled) {
      await decoyVerify(password)
      return fail('invalid')
    }
    if (user.locked_until && new Date(user.locked_until).getTime() > now) {
      return fail('locked', Math.ceil((new Date(user.locked_until).getTime() - now) / 1000))
    }
    if (!(await verifyPassword(user.password_hash, password))) {
      await recordFailedLogin(q, username, policy.lockAfter, policy.lockMinutes)
      return fail('invalid')
    }
    await recordSuccessfulLogin(q, username)
    return { ok: true, user }
  }
}
export type LoginAttempt = ReturnType<typeof loginGuard>
