import type { Queryable } from '../db/index.ts'
import type { Principal } from './permissions.ts'
import { newSecret, sha256 } from './secrets.ts'
import type { UserRow } from './users.ts'

// SQL for cookie sessions and API tokens: both resolve to a Principal carrying the user's role and area.

export const SESSION_HOURS = 12

type PrincipalRow = Pick<UserRow, 'username' | 'role' | 'regions' | 'counties' | 'organisation' | 'agency'>

const principal = (u: PrincipalRow, via: Principal['via'], readOnly: boolean, csrf?: string): Principal => ({
  username: u.username,
  role: u.role,
  regions: u.regions,
  counties: u.counties,
  organisation: u.organisation,
  agency: u.agency,
  readOnly,
  via,
  ...(csrf ? { csrf } : {}),
})

export async function createSession(
  q: Queryable,
  username: string,
): Promise<{ token: string; csrf: string; expiresAt: string }> {
  const token = newSecret()
  const csrf = newSecret()
  // Expired sessions are swept whenever someone signs in, so the table stays small without a scheduler.
  await q.query('DELETE FROM sessions WHERE expires_at < now()')
  const r = await q.query<{ expires_at: string }>(
    `INSERT INTO sessions (token_hash, username, csrf_token, expires_at)
     VALUES ($1, $2, $3, now() + make_interval(hours => $4)) RETURNING expires_at`,
    [sha256(token), username, csrf, SESSION_HOURS],
  )
  return { token, csrf, expiresAt: r.rows[0]!.expires_at }
}

export async function sessionPrincipal(q: Queryable, token: string): Promise<Principal | undefined> {
  const r = await q.query<PrincipalRow & { csrf_token: string }>(
    `SELECT u.username, u.role, u.regions, u.counties, u.organisation, u.agency, s.csrf_token FROM sessions s JOIN users u USING (username)
     WHERE s.token_hash = $1 AND s.expires_at > now() AND NOT u.disabled`,
    [sha256(token)],
  )
  const row = r.rows[0]
  return row ? principal(row, 'session', false, row.csrf_token) : undefined
}

export async function deleteSession(q: Queryable, token: string) {
  await q.query('DELETE FROM sessions WHERE token_hash = $1', [sha256(token)])
}

export interface TokenInfo {
  id: number
  name: string
  prefix: string
  read_only: boolean
  created_at: string
  expires_at: string | null
  revoked_at: string | null
  last_used_at: string | null
}

const TOKEN_COLUMNS = 'id, name, prefix, read_only, created_at, expires_at, revoked_at, last_used_at'

export async function createToken(
  q: Queryable,
  username: string,
  opts: { name: string; readOnly: boolean; expiresAt?: string },
): Promise<{ token: string; info: TokenInfo }> {
  const token = newSecret('rmn_')
  const r = await q.query<TokenInfo>(
    `INSERT INTO api_tokens (username, name, token_hash, prefix, read_only, expires_at)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING ${TOKEN_COLUMNS}`,
    [username, opts.name, sha256(token), token.slice(0, 10), opts.readOnly, opts.expiresAt ?? null],
  )
  return { token, info: r.rows[0]! }
}

export async function listTokens(q: Queryable, username: string): Promise<TokenInfo[]> {
  const r = await q.query<TokenInfo>(`SELECT ${TOKEN_COLUMNS} FROM api_tokens WHERE username = $1 ORDER BY id`, [
    username,
  ])
  return r.rows
}

/** Revokes one of the user's own tokens; false when there is no such live token. */
export async function revokeToken(q: Queryable, username: string, id: number): Promise<boolean> {
  const r = await q.query(
    'UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND username = $2 AND revoked_at IS NULL RETURNING id',
    [id, username],
  )
  return r.rows.length > 0
}

export async function tokenPrincipal(q: Queryable, token: string): Promise<Principal | undefined> {
  const r = await q.query<PrincipalRow & { read_only: boolean }>(
    `UPDATE api_tokens t SET last_used_at = now() FROM users u
     WHERE t.token_hash = $1 AND u.username = t.username AND t.revoked_at IS NULL
       AND (t.expires_at IS NULL OR t.expires_at > now()) AND NOT u.disabled
     RETURNING u.username, u.role, u.regions, u.counties, u.organisation, u.agency, t.read_only`,
    [sha256(token)],
  )
  const row = r.rows[0]
  return row ? principal(row, 'token', row.read_only) : undefined
}
