import { z } from 'zod'
import { REGIONS, ROLES, type RegionCode, type Role } from '../../contract/domains.ts'
import { RIGHTS, areaProblems } from '../../contract/rights.ts'
import type { Queryable } from '../db/index.ts'
import { hashPassword } from './secrets.ts'

// SQL for user accounts.

/** An agency whose concurrence the flight rule table may ask for (its accounts concur for it). */
export const AgencyCode = z.string().regex(/^[a-z][a-z0-9_]{1,30}$/, 'a short agency code such as kcaa')

export const NewUser = z
  .strictObject({
    username: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'lower-case letters, digits, dot, dash or underscore (2–63)'),
    display_name: z.string().min(1).max(120).optional(),
    password: z.string().min(10, 'at least 10 characters').max(200),
    role: z.enum(ROLES),
    regions: z
      .array(z.enum(REGIONS.map((r) => r.code) as [RegionCode, ...RegionCode[]]))
      .max(8)
      .default([]),
    counties: z
      .array(z.string().regex(/^0[0-4]\d$/, 'a county code 001–047'))
      .max(47)
      .default([]),
    organisation: z.string().trim().min(2).max(120).nullable().default(null),
    agency: AgencyCode.nullable().default(null),
  })
  .superRefine((u, ctx) => {
    if ((RIGHTS[u.role].flights === 'own') !== (u.organisation !== null))
      ctx.addIssue({
        code: 'custom',
        path: ['organisation'],
        message: 'an operator needs an organisation, and only an operator has one',
      })
    for (const problem of areaProblems(u)) ctx.addIssue({ code: 'custom', ...problem, path: [problem.path] })
  })
export type NewUser = z.input<typeof NewUser>

export interface UserRow {
  username: string
  display_name: string
  password_hash: string
  role: Role
  regions: RegionCode[]
  counties: string[]
  organisation: string | null
  agency: string | null
  disabled: boolean
  failed_logins: number
  locked_until: string | null
}

export type PublicUser = Pick<
  UserRow,
  'username' | 'display_name' | 'role' | 'regions' | 'counties' | 'organisation' | 'agency' | 'disabled'
>

const PUBLIC_COLUMNS = 'username, display_name, role, regions, counties, organisation, agency, disabled'

export async function createUser(q: Queryable, input: NewUser): Promise<PublicUser> {
  const u = NewUser.parse(input)
  const r = await q.query<PublicUser>(
    `INSERT INTO users (username, display_name, password_hash, role, regions, counties, organisation, agency)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${PUBLIC_COLUMNS}`,
    [
      u.username,
      u.display_name ?? u.username,
      await hashPassword(u.password),
      u.role,
      u.regions,
      u.counties,
      u.organisation,
      u.agency,
    ],
  )
  return r.rows[0]!
}

export async function findUser(q: Queryable, username: string): Promise<UserRow | undefined> {
  const r = await q.query<UserRow>('SELECT * FROM users WHERE username = $1', [username])
  return r.rows[0]
}

export async function listUsers(q: Queryable): Promise<PublicUser[]> {
  const r = await q.query<PublicUser>(`SELECT ${PUBLIC_COLUMNS} FROM users ORDER BY username`)
  return r.rows
}

/** Counts a failed sign-in; locks the account for `lockMinutes` once `lockAfter` failures follow each other. */
export async function recordFailedLogin(q: Queryable, username: string, lockAfter: number, lockMinutes: number) {
  await q.query(
    `UPDATE users SET failed_logins = failed_logins + 1,
       locked_until = CASE WHEN failed_logins + 1 >= $2 THEN now() + make_interval(mins => $3) ELSE locked_until END
     WHERE username = $1`,
    [username, lockAfter, lockMinutes],
  )
}

export async function recordSuccessfulLogin(q: Queryable, username: string) {
  await q.query('UPDATE users SET failed_logins = 0, locked_until = NULL WHERE username = $1', [username])
}

/**
 * Sets a new password and ends everything the old one opened: sessions and API tokens (a token made by whoever knew
 * the old password must not outlive the reset). Returns how many tokens were revoked.
 */
export async function setPassword(q: Queryable, username: string, password: string): Promise<number> {
  await q.query('UPDATE users SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE username = $1', [
    username,
    await hashPassword(password),
  ])
  await q.query('DELETE FROM sessions WHERE username = $1', [username])
  return revokeAllTokens(q, username)
}

/** Revokes every live token of the user, for good (re-enabling the account does not bring them back). */
export async function revokeAllTokens(q: Queryable, username: string): Promise<number> {
  const r = await q.query(
    'UPDATE api_tokens SET revoked_at = now() WHERE username = $1 AND revoked_at IS NULL RETURNING id',
    [username],
  )
  return r.rows.length
}

export const UserChanges = z.strictObject({
  display_name: z.string().min(1).max(120).optional(),
  password: z.string().min(10, 'at least 10 characters').max(200).optional(),
  role: z.enum(ROLES).optional(),
  regions: z
    .array(z.enum(REGIONS.map((r) => r.code) as [RegionCode, ...RegionCode[]]))
    .max(8)
    .optional(),
  counties: z
    .array(z.string().regex(/^0[0-4]\d$/, 'a county code 001–047'))
    .max(47)
    .optional(),
  organisation: z.string().trim().min(2).max(120).nullable().optional(),
  agency: AgencyCode.nullable().optional(),
  disabled: z.boolean().optional(),
})
export type UserChanges = z.infer<typeof UserChanges>

/** Applies changes to an account, re-checking the role/area rules on the result; returns before and after. */
export async function updateUser(
  q: Queryable,
  username: string,
  changes: UserChanges,
): Promise<{ before: PublicUser; after: PublicUser; tokensRevoked: number } | undefined> {
  const current = await findUser(q, username)
  if (!current) return undefined
  const merged = { ...current, ...changes }
  const check = NewUser.safeParse({
    username,
    role: merged.role,
    regions: merged.regions,
    counties: merged.counties,
    organisation: merged.organisation,
    agency: merged.agency,
    password: 'x'.repeat(10),
  })
  if (!check.success) throw check.error
  const r = await q.query<PublicUser>(
    `UPDATE users SET display_name = $2, role = $3, regions = $4, counties = $5, disabled = $6, organisation = $7,
       agency = $8 WHERE username = $1 RETURNING ${PUBLIC_COLUMNS}`,
    [
      username,
      merged.display_name,
      merged.role,
      merged.regions,
      merged.counties,
      merged.disabled,
      merged.organisation,
      merged.agency,
    ],
  )
  let tokensRevoked = 0
  if (changes.password) tokensRevoked += await setPassword(q, username, changes.password)
  if (changes.disabled) {
    await q.query('DELETE FROM sessions WHERE username = $1', [username])
    tokensRevoked += await revokeAllTokens(q, username)
  }
  const { password_hash: _h, failed_logins: _f, locked_until: _l, ...before } = current
  return { before, after: r.rows[0]!, tokensRevoked }
}
