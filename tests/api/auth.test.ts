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

  it('locks an account after repeated failures, even for the right password', async () => {
    for (let i = 0; i < 3; i++) expect((await login('field.turkana', `wrong-${i}`)).status).toBe(401)
    const locked = await login('field.turkana', TEST_PASSWORD)
    expect(locked.status).toBe(423)
    expect(locked.body.error.code).toBe('locked')
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
    await app.db.query("UPDATE users SET locked_until = NULL, failed_logins = 0 WHERE username = 'field.turkana'")
  })

  it('rate-limits a client that keeps failing', async () => {
    // Its own app (own limiter) on the same database, so the other tests' client is not limited.
    const own = createApp({
      db: app.db,
      loginPolicy: { lockAfter: 3, lockMinutes: 15, maxFailuresPerClient: 8, windowMs: 60_000 },
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
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0)
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
