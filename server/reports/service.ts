import { randomBytes } from 'node:crypto'
import { DEFAULT_LIMITS, type RateLimits } from './limits.ts'
import { FakeSender, type Sender } from './sender.ts'

// What the report routes share: the key for phone numbers, the gateways' secret, the SMS sender and the rate limits
// (counted in the database: server/reports/limits.ts).

export interface ReportsOptions {
  /** RAMANI_REPORTS_KEY: encrypts phone numbers (pgcrypto) and keys their hashes. */
  key?: string
  /** RAMANI_INTAKE_SECRET: what the SMS/USSD gateway sends in X-Intake-Secret; unset = the webhooks refuse all. */
  intakeSecret?: string
  sender?: Sender
  limits?: Partial<RateLimits>
}

export interface ReportsService {
  key: string
  intakeSecret: string | undefined
  sender: Sender
  limits: RateLimits
}

export function reportsService(o: ReportsOptions = {}): ReportsService {
  return {
    // Without a configured key numbers are still encrypted, with a key that lives as long as the process.
    key: o.key ?? randomBytes(32).toString('base64url'),
    intakeSecret: o.intakeSecret,
    sender: o.sender ?? new FakeSender(),
    limits: { ...DEFAULT_LIMITS, ...o.limits },
  }
}
