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

const MAX_KEYS = 10_000

export function loginGuard(policy: LoginPolicy = DEFAULT_LOGIN_POLICY) {
  const byClient = new Map<string, number[]>()
  const byPair = new Map<string, number[]>()
  const maxDelayMs = (policy.maxDelaySeconds ?? 10) * 1000
  const recent = (m: Map<string, number[]>, key: string, now: number, span: number) =>
    (m.get(key) ?? []).filter((t) => now - t < span)
  const remember = (m: Map<string, number[]>, key: string, times: number[], span: number, now: number) => {
    // Forget keys whose failures have all aged out, so the maps cannot grow without bound.
    if (m.size > MAX_KEYS) for (const [k, ts] of m) if (ts.every((t) => now - t >= span)) m.delete(k)
    m.set(key, times)
  }

  return async function attempt(
    q: Queryable,
    client: string,
    username: string,
    password: string,
  ): Promise<LoginResult> {
    const now = Date.now()
    const lockMs = policy.lockMinutes * 60_000
    const pairKey = `${client}\n${username}`
    const pair = recent(byPair, pairKey, now, lockMs)
    if (pair.length >= policy.lockAfter)
      return { ok: false, reason: 'rate_limited', retryAfterSeconds: Math.ceil((lockMs - (now - pair[0]!)) / 1000) }
    const seen = recent(byClient, client, now, policy.windowMs)
    const over = seen.length - policy.maxFailuresPerClient
    if (over >= 0) {
      const waitMs = Math.min(1000 * 2 ** over, maxDelayMs)
      const ready = seen[seen.length - 1]! + waitMs
      if (now < ready) return { ok: false, reason: 'rate_limited', retryAfterSeconds: Math.ceil((ready - now) / 1000) }
    }
    const fail = (): LoginResult => {
      remember(byClient, client, [...seen, now], policy.windowMs, now)
      remember(byPair, pairKey, [...pair, now], lockMs, now)
      return { ok: false, reason: 'invalid' }
    }
    const user = await findUser(q, username)
    if (!user || user.disabled) {
      await decoyVerify(password)
      return fail()
    }
    if (!(await verifyPassword(user.password_hash, password))) return fail()
    await recordSuccessfulLogin(q, username)
    byPair.delete(pairKey)
    return { ok: true, user }
  }
}
export type LoginAttempt = ReturnType<typeof loginGuard>
