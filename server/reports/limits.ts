// Rate limits of the public intake, per device, address and phone: a sliding window of recent accepted requests per
// key, in memory (one server process; a restart forgets, which errs on the side of the reporter).

export interface RateLimits {
  /** Length of the window, in milliseconds. */
  windowMs: number
  perDevice: number
  perIp: number
  perPhone: number
}

export const DEFAULT_LIMITS: RateLimits = { windowMs: 60 * 60 * 1000, perDevice: 10, perIp: 30, perPhone: 10 }

export type LimitKind = 'device' | 'ip' | 'phone'

export class RateLimiter {
  private readonly hits = new Map<string, number[]>()
  constructor(readonly limits: RateLimits) {}

  private max(kind: LimitKind): number {
    return kind === 'device' ? this.limits.perDevice : kind === 'ip' ? this.limits.perIp : this.limits.perPhone
  }

  /**
   * Counts one request against every key given, unless one of them is full: then nothing is counted and the answer
   * is which kind is full and how many seconds until a slot frees.
   */
  take(keys: { kind: LimitKind; key: string }[], now = Date.now()): { kind: LimitKind; retryAfterS: number } | null {
    const since = now - this.limits.windowMs
    for (const k of keys) {
      const id = `${k.kind}:${k.key}`
      const recent = (this.hits.get(id) ?? []).filter((t) => t > since)
      this.hits.set(id, recent)
      if (recent.length >= this.max(k.kind)) {
        return { kind: k.kind, retryAfterS: Math.max(1, Math.ceil((recent[0]! + this.limits.windowMs - now) / 1000)) }
      }
    }
    for (const k of keys) this.hits.get(`${k.kind}:${k.key}`)!.push(now)
    if (this.hits.size > 50_000) this.prune(since)
    return null
  }

  private prune(since: number) {
    for (const [id, times] of this.hits) if (!times.some((t) => t > since)) this.hits.delete(id)
  }
}
