import { describe, expect, it } from 'vitest'
import { createApp } from '../../server/app.ts'
import { useApp } from '../support/use-app.ts'
import { TEST_PASSWORD } from '../support/password.ts'

const app = useApp({ loginPolicy: { lockAfter: 3, lockMinutes: 15, maxFailuresPerClient: 100, windowMs: 60_000 } })

const login = (username: string, password: string) => app.anon.send('POST', '/api/auth/login', { username, password })

describe('sign-in', () => {
  it('stores passwords as argon2id hashes', async () => {
    const r = await app.db.query<{ password_hash: string }>(
      "SELECT password_hash FROM users WHERE username = 'planner'",
    )
    expect(r.rows[0]!.password_hash).toMatch(/^\$argon2id\$/)
  })

  it('sets an HttpOnly SameSite session cookie and a readable CSRF cookie', async () => {
    const res = await login('planner', TEST_PASSWORD)
    expect(res.status).toBe(200)
    expect(res.body.user).toMatchObject({ username: 'planner', role: 'planner' })
    const cookies = res.headers.getSetCookie()
    const session = cookies.find((c) => c.startsWith('ramani_session='))!
    expect(session).toMatch(/HttpOnly/i)
    expect(session).toMatch(/SameSite=Strict/i)
    const csrf = cookies.find((c) => c.startsWith('ramani_csrf='))!
    expect(csrf).not.toMatch(/HttpOnly/i)
  })

  it('tells who is signed in, with role and area, and signs out', async () => {
    const me = await app.as('commissioner.rift')
    const who = await me.json('/api/auth/me')
    expect(who.body.user).toMatchObject({ role: 'commissioner', regions: ['rift_valley'], counties: [] })
    expect((await me.send('POST', '/api/auth/logout')).status).toBe(204)
    expect((await me.json('/api/auth/me')).status).toBe(401)
  })

  it('refuses a wrong password with 401 and the same answer for an unknown user', async () => {
    const a = await login('viewer', 'wrong-password')
    const b = await login('nobody-here', 'wrong-password')
    expect([a.status, b.status]).toEqual([401, 401])
    expect(a.body.error.message).toBe(b.body.error.message)
  })

  it('locks only the address that failed out of the account; the owner signs in from elsewhere', async () => {
    const own = createApp({
      db: app.db,
      trustedProxies: ['10.0.0.1'],
      loginPolicy: { lockAfter: 3, lockMinutes: 15, maxFailuresPerClient: 20, windowMs: 60_000 },
    })
    const from = (client: string, username: string, password: string) =>
      own.request(
        '/api/auth/login',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `${client}, 10.0.0.1` },
          body: JSON.stringify({ username, password }),
        },
        // The proxy is the socket's peer; the client is named in X-Forwarded-For.
        { incoming: { socket: { remoteAddress: '10.0.0.1' } } },
      )
    for (let i = 0; i < 3; i++) expect((await from('203.0.113.9', 'field.turkana', `wrong-${i}`)).status).toBe(401)
    const attacker = await from('203.0.113.9', 'field.turkana', TEST_PASSWORD)
    expect(attacker.status).toBe(429)
    expect(Number(attacker.headers.get('retry-after'))).toBeGreaterThan(0)
    // The same for a username that does not exist: nothing tells real accounts from unknown ones.
    for (let i = 0; i < 3; i++) expect((await from('203.0.113.9', 'no.such.user', `wrong-${i}`)).status).toBe(401)
    expect((await from('203.0.113.9', 'no.such.user', TEST_PASSWORD)).status).toBe(429)
    expect((await from('198.51.100.7', 'field.turkana', TEST_PASSWORD)).status).toBe(200)
  })

  it('after 20 failed sign-ins from one address, the right password from another client gets in', async () => {
    const own = createApp({ db: app.db, trustedProxies: ['10.0.0.1'] })
    const from = (client: string, username: string, password: string) =>
      own.request(
        '/api/auth/login',
        {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': client },
          body: JSON.stringify({ username, password }),
        },
        { incoming: { socket: { remoteAddress: '10.0.0.1' } } },
      )
    const statuses: number[] = []
    for (let i = 0; i < 22; i++) statuses.push((await from('203.0.113.50', i % 2 ? 'planner' : 'viewer', 'x')).status)
    expect(statuses.filter((s) => s === 401).length).toBeGreaterThanOrEqual(10)
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true)
    expect((await from('198.51.100.8', 'planner', TEST_PASSWORD)).status).toBe(200)
    expect((await from('198.51.100.8', 'viewer', TEST_PASSWORD)).status).toBe(200)
  })

  it('slows a client that keeps failing with growing waits instead of shutting it out', async () => {
    // Failures are counted in the database, shared by every app on it: start from none, with a stricter policy.
    await app.db.query('DELETE FROM login_failures')
    const own = createApp({
      db: app.db,
      loginPolicy: { lockAfter: 3, lockMinutes: 15, maxFailuresPerClient: 8, windowMs: 60_000, maxDelaySeconds: 1 },
    })
    const attempt = (username: string, password: string) =>
      own.request('/api/auth/login', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
      })
    const statuses: number[] = []
    for (let i = 0; i < 10; i++) statuses.push((await attempt(`nobody${i}`, 'x')).status)
    expect(statuses.slice(0, 8).every((s) => s === 401)).toBe(true)
    expect(statuses.slice(8)).toEqual([429, 429])
    const limited = await attempt('planner', TEST_PASSWORD)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get('retry-after'))).toBe(1)
    // Once the wait is over, the right password gets in from the same address.
    await new Promise((r) => setTimeout(r, 1100))
    expect((await attempt('planner', TEST_PASSWORD)).status).toBe(200)
  })
})

describe('API tokens and password resets', () => {
  it('revokes the tokens of a user whose password an admin resets, and says so', async () => {
    const admin = await app.as('admin')
    const planner = await app.as('planner')
    const made = await planner.send('POST', '/api/tokens', { name: 'before reset' })
    expect(made.status).toBe(201)
    const token = app.t.bearer(made.body.token)
    expect((await token.json('/api/auth/me')).status).toBe(200)
    const reset = await admin.send('PATCH', '/api/users/planner', { password: TEST_PASSWORD })
    expect(reset.status).toBe(200)
    expect(reset.body.tokens_revoked).toBe(1)
    expect((await token.json('/api/auth/me')).status).toBe(401)
  })

  it('lets an admin list and revoke any user’s tokens; disabling revokes them for good', async () => {
    const admin = await app.as('admin')
    const viewer = await app.as('viewer')
    const a = await viewer.send('POST', '/api/tokens', { name: 'a' })
    const b = await viewer.send('POST', '/api/tokens', { name: 'b' })
    const list = await admin.json('/api/users/viewer/tokens')
    expect(list.status).toBe(200)
    expect(list.body.tokens.map((x: { name: string }) => x.name)).toEqual(expect.arrayContaining(['a', 'b']))
    expect((await admin.send('DELETE', `/api/users/viewer/tokens/${a.body.info?.id ?? a.body.id}`)).status).toBe(204)
    expect((await app.t.bearer(a.body.token).json('/api/auth/me')).status).toBe(401)
    expect((await viewer.send('DELETE', '/api/users/admin/tokens')).status).toBe(403)
    expect((await admin.send('PATCH', '/api/users/viewer', { disabled: true })).body.tokens_revoked).toBe(1)
    expect((await admin.send('PATCH', '/api/users/viewer', { disabled: false })).status).toBe(200)
    expect((await app.t.bearer(b.body.token).json('/api/auth/me')).status).toBe(401)
  })
})

describe('CSRF protection of cookie-authenticated writes', () => {
  it('refuses a write without the CSRF header and accepts it with', async () => {
    const planner = await app.as('admin')
    const body = JSON.stringify({ name: 'csrf test' })
    const without = await planner.request('/api/tokens', {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': '' },
    })
    expect(without.status).toBe(403)
    expect((await without.json()).error.code).toBe('csrf')
    const wrong = await planner.request('/api/tokens', {
      method: 'POST',
      body,
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': 'forged' },
    })
    expect(wrong.status).toBe(403)
    const ok = await planner.send('POST', '/api/tokens', { name: 'csrf test' })
    expect(ok.status).toBe(201)
  })
})

describe('API tokens', () => {
  it('are created for the signed-in user, shown once, stored hashed, used as Bearer, revoked', async () => {
    const planner = await app.as('planner')
    const created = await planner.send('POST', '/api/tokens', { name: 'QGIS' })
    expect(created.status).toBe(201)
    const token: string = created.body.token
    const stored = await app.db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [
      created.body.info.id,
    ])
    expect(stored.rows[0]!.token_hash).not.toContain(token)
    const list = await planner.json('/api/tokens')
    expect(JSON.stringify(list.body)).not.toContain(token)

    const gis = app.t.bearer(token)
    expect((await gis.json('/ogc/collections/incidents/items?limit=1')).status).toBe(200)
    // A token carries no CSRF duty but writes as its user.
    const road = (await gis.json('/ogc/collections/roads/items?limit=1')).body.features[0]
    expect(
      (await gis.send('PATCH', `/ogc/collections/roads/items/${road.id}`, { properties: { condition: 'fair' } }))
        .status,
    ).toBe(200)

    expect((await planner.send('DELETE', `/api/tokens/${created.body.info.id}`)).status).toBe(204)
    const after = await gis.json('/ogc/collections/roads/items?limit=1')
    expect(after.status).toBe(401)
    expect(after.body.error.code).toBe('invalid_token')
  })

  it('can be read-only', async () => {
    const planner = await app.as('planner')
    const { body } = await planner.send('POST', '/api/tokens', { name: 'viewer script', read_only: true })
    const gis = app.t.bearer(body.token)
    const road = (await gis.json('/ogc/collections/roads/items?limit=1')).body.features[0]
    const res = await gis.send('PATCH', `/ogc/collections/roads/items/${road.id}`, {
      properties: { condition: 'fair' },
    })
    expect(res.status).toBe(403)
  })

  it('expire', async () => {
    const planner = await app.as('planner')
    const { body } = await planner.send('POST', '/api/tokens', {
      name: 'short',
      expires_at: new Date(Date.now() + 60_000).toISOString(),
    })
    expect((await app.t.bearer(body.token).json('/api/auth/me')).status).toBe(200)
    await app.db.query("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = $1", [body.info.id])
    expect((await app.t.bearer(body.token).json('/api/auth/me')).status).toBe(401)
    const past = await planner.send('POST', '/api/tokens', { name: 'past', expires_at: '2020-01-01T00:00:00Z' })
    expect(past.status).toBe(400)
  })

  it('carry their user role: a viewer token cannot read incidents', async () => {
    const viewer = await app.as('viewer')
    const { body } = await viewer.send('POST', '/api/tokens', { name: 'v' })
    expect((await app.t.bearer(body.token).json('/ogc/collections/incidents/items')).status).toBe(403)
  })
})

describe('the public surface', () => {
  it('answers only health and login without a session', async () => {
    expect((await app.anon.json('/api/health')).status).toBe(200)
    for (const path of ['/ogc', '/ogc/collections/roads/items', '/api/openapi.json', '/api/audit', '/api/auth/me']) {
      const r = await app.anon.json(path)
      expect(r.status, path).toBe(401)
      expect(r.body.error.code).toBe('unauthenticated')
    }
  })

  it('sends security headers and no stack traces', async () => {
    const res = await app.anon.request('/api/health')
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'")
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-frame-options')).toBeTruthy()
  })
})

describe('area scope in SQL', () => {
  it('gives a commissioner only their region, in lists, counts and single items', async () => {
    const rift = await app.as('commissioner.rift')
    const { body } = await rift.json('/ogc/collections/incidents/items?limit=10000')
    expect(body.numberMatched).toBeGreaterThan(0)
    expect(new Set(body.features.map((f: any) => f.properties.region_code))).toEqual(new Set(['rift_valley']))
    const national = await (await app.as('planner')).json('/ogc/collections/incidents/items?limit=1')
    expect(body.numberMatched).toBeLessThan(national.body.numberMatched)
    // A filter cannot widen the scope.
    const coast = await rift.json('/ogc/collections/incidents/items?region=coast')
    expect(coast.body.numberMatched).toBe(0)
  })

  it('gives a field officer only the assets of their counties', async () => {
    const field = await app.as('field.turkana')
    const { body } = await field.json('/ogc/collections/facilities/items?limit=10000')
    expect(body.numberMatched).toBeGreaterThan(0)
    expect(new Set(body.features.map((f: any) => f.properties.county_code))).toEqual(new Set(['023']))
  })
})
