import { describe, expect, it } from 'vitest'
import { COLLECTION_LIST } from '../../server/assets/collections.ts'
import { useApp } from '../support/use-app.ts'
import { featureId } from '../support/features.ts'

// Hostile input against every write and query endpoint: each answered 4xx with a JSON error naming the problem,
// and the database exactly as it was.

const app = useApp({ maxBodyBytes: 1024 * 1024 }, 'admin')

let views: Set<string> | undefined

async function fingerprint(): Promise<string> {
  // A view's geometry is derived (incident_stats draws its county, hashed as a collection of its own): nothing can
  // write it, and rendering every row's county as text took minutes per run on the embedded database.
  views ??= new Set(
    (
      await app.db.query<{ name: string }>(
        'SELECT table_name AS name FROM information_schema.views WHERE table_schema = current_schema()',
      )
    ).rows.map((r) => r.name),
  )
  const parts: string[] = []
  for (const c of COLLECTION_LIST) {
    const geometry = views.has(c.table)
      ? "''"
      : `md5(coalesce(string_agg(ST_AsText(geom), ',' ORDER BY ${c.idColumn}), ''))`
    const r = await app.db.query(`SELECT count(*) AS n, coalesce(sum(version), 0) AS v, max(updated_at) AS u,
      ${geometry} AS g FROM ${c.table}`)
    parts.push(`${c.id}:${JSON.stringify(r.rows[0])}`)
  }
  for (const table of ['audit_log', 'users', 'api_tokens', 'idempotency_keys', 'assessments']) {
    const r = await app.db.query(`SELECT count(*) AS n FROM ${table}`)
    parts.push(`${table}:${JSON.stringify(r.rows[0])}`)
  }
  return parts.join('\n')
}

const SQLISH = "'; DROP TABLE roads; --"
const UNICODE = 'Ñairobi 🚓 \u202Eevil'
const far = (n: number) =>
  Array.from({ length: n }, (_, i) => [35 + (i % 100) * 0.001, 1 + Math.floor(i / 100) * 0.001])
const bowtie = {
  type: 'MultiPolygon',
  coordinates: [
    [
      [
        [35, 1],
        [36, 2],
        [36, 1],
        [35, 2],
        [35, 1],
      ],
    ],
  ],
}

function writeCases(geometry: string): [string, string | object][] {
  const point = geometry === 'Point'
  const geom = (coords: unknown) => ({
    type: geometry === 'MultiPolygon' ? 'MultiPolygon' : geometry,
    coordinates: coords,
  })
  const good = point
    ? [36.8, -1.3]
    : geometry === 'LineString'
      ? [
          [36.8, -1.3],
          [36.9, -1.2],
        ]
      : [
          [
            [
              [36.8, -1.3],
              [36.9, -1.3],
              [36.9, -1.2],
              [36.8, -1.3],
            ],
          ],
        ]
  const wrap = (coords: unknown) =>
    point
      ? coords
      : geometry === 'LineString'
        ? [coords, [36.9, -1.2]]
        : [[[coords, [36.9, -1.3], [36.9, -1.2], coords]]]
  return [
    ['not JSON', '{"type": "Feature", geometry: oops'],
    [
      'NaN coordinates',
      `{"type":"Feature","geometry":{"type":"${geometry}","coordinates":${JSON.stringify(wrap([0, 0])).replace('0,0', 'NaN,NaN')}},"properties":{}}`,
    ],
    [
      'Infinity coordinates',
      `{"type":"Feature","geometry":{"type":"${geometry}","coordinates":${JSON.stringify(wrap([0, 0])).replace('0,0', '1e999,1')}},"properties":{}}`,
    ],
    ['out-of-range coordinates', { type: 'Feature', geometry: geom(wrap([200, 95])), properties: { name: 'x' } }],
    [
      'coordinates outside Kenya',
      { type: 'Feature', geometry: geom(wrap([2.35, 48.85])), properties: { name: 'Paris' } },
    ],
    [
      'a geometry of the wrong type',
      {
        type: 'Feature',
        geometry: point
          ? {
              type: 'LineString',
              coordinates: [
                [36, 1],
                [36.1, 1],
              ],
            }
          : { type: 'Point', coordinates: [36, 1] },
        properties: { name: 'x' },
      },
    ],
    [
      'too many vertices',
      {
        type: 'Feature',
        geometry: point
          ? { type: 'Point', coordinates: [36, 1, 2, 3] }
          : geometry === 'LineString'
            ? geom(far(25000))
            : geom([[[...far(25000), far(1)[0]]]]),
        properties: { name: 'x' },
      },
    ],
    [
      'a self-intersecting polygon',
      {
        type: 'Feature',
        geometry: geometry === 'MultiPolygon' ? bowtie : geom(good),
        properties: { name: SQLISH, status: SQLISH },
      },
    ],
    [
      'SQL-looking domain values',
      { type: 'Feature', geometry: geom(good), properties: { name: SQLISH, status: SQLISH } },
    ],
    [
      'unicode in domain values',
      { type: 'Feature', geometry: geom(good), properties: { name: UNICODE, status: UNICODE } },
    ],
    [
      'control characters in text',
      { type: 'Feature', geometry: geom(good), properties: { name: 'a\u0000b', status: 'x' } },
    ],
    ['unknown fields', { type: 'Feature', geometry: geom(good), properties: { name: 'x', colour: 'red' } }],
    ['unknown top-level members', { type: 'Feature', geometry: geom(good), properties: { name: 'x' }, evil: true }],
    ['an array instead of a feature', [1, 2, 3]],
    [
      'huge numbers',
      {
        type: 'Feature',
        geometry: geom(good),
        properties: { name: 'x', staff: 1e300, capacity: -5, severity: 99, runway_length_m: 1e12 },
      },
    ],
    ['a body too large', { type: 'Feature', geometry: geom(good), properties: { name: 'x'.repeat(2 * 1024 * 1024) } }],
  ]
}

describe('hostile writes', () => {
  for (const c of COLLECTION_LIST) {
    const cases = writeCases(c.geometry)
    it.each(cases)(`${c.id}: %s → 4xx JSON, nothing changed`, async (_label, body) => {
      const before = await fingerprint()
      const raw = typeof body === 'string' ? body : JSON.stringify(body)
      const id = await featureId(app.db, c.id, 'TRUE')
      const targets: [string, string][] = c.scoped
        ? [
            ['POST', `/ogc/collections/${c.id}/items`],
            ['PUT', `/ogc/collections/${c.id}/items/${id}`],
            ['PATCH', `/ogc/collections/${c.id}/items/${id}`],
          ]
        : [
            ['PUT', `/ogc/collections/${c.id}/items/${id}`],
            ['PATCH', `/ogc/collections/${c.id}/items/${id}`],
          ]
      for (const [method, path] of targets) {
        const res = await app.admin.request(path, {
          method,
          body: raw,
          headers: { 'Content-Type': 'application/json' },
        })
        expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400)
        expect(res.status, `${method} ${path}`).toBeLessThan(500)
        const json = await res.json()
        expect(json.error.code, `${method} ${path}`).toBeTruthy()
        expect(json.error.message).toBeTruthy()
        expect(JSON.stringify(json)).not.toMatch(/\bat .*\.ts:\d+/) // no stack traces
      }
      expect(await fingerprint()).toBe(before)
    })
  }

  it('refuses a body that is not JSON by content type', async () => {
    const res = await app.admin.request('/ogc/collections/roads/items', {
      method: 'POST',
      body: 'name=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  })

  it.each([
    ['/api/tokens', 'POST', { name: '', read_only: 'yes' }],
    ['/api/tokens', 'POST', { name: 'x', expires_at: 'tomorrow' }],
    [
      '/api/users',
      'POST',
      { username: 'Robert"); DROP TABLE users;--', password: 'long-enough-password', role: 'viewer' },
    ],
    ['/api/users', 'POST', { username: 'newcomer', password: 'short', role: 'viewer' }],
    ['/api/users', 'POST', { username: 'newcomer', password: 'long-enough-password', role: 'emperor' }],
    ['/api/users', 'POST', { username: 'newcomer', password: 'long-enough-password', role: 'commissioner' }],
    ['/api/users/viewer', 'PATCH', { role: 'field_officer' }],
    ['/api/users/viewer', 'PATCH', { superuser: true }],
    ['/api/auth/login', 'POST', { username: 'x'.repeat(5000), password: 'y' }],
    ['/api/auth/login', 'POST', { username: SQLISH }],
  ])('%s %s with %j → 4xx, nothing changed', async (path, method, body) => {
    const before = await fingerprint()
    const res = await app.admin.send(method, path, body)
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
    expect(res.body.error.code).toBeTruthy()
    expect(await fingerprint()).toBe(before)
  })
})

describe('hostile queries', () => {
  const queries = [
    'limit=-1',
    'limit=0',
    'limit=99999999999999999999',
    'limit=1.5',
    'offset=-10',
    'offset=1e400',
    `status=${encodeURIComponent(SQLISH)}`,
    `name=${encodeURIComponent(SQLISH)}`,
    `region=${encodeURIComponent(UNICODE)}`,
    'bbox=Infinity,0,1,1',
    'bbox=0,0,1',
    'bbox=1,1,0,0',
    `bbox=${'1,'.repeat(500)}1`,
    'f=xml',
    'unknown=1',
  ]
  for (const c of COLLECTION_LIST) {
    it.each(queries)(`${c.id} items?%s → 400 JSON`, async (q) => {
      const res = await app.admin.json(`/ogc/collections/${c.id}/items?${q}`)
      expect(res.status).toBe(400)
      expect(res.body.error.parameter).toBeTruthy()
    })
  }

  it.each(['limit=-1', 'from=yesterday', `user=${'u'.repeat(200)}`, 'evil=1'])('audit?%s → 400', async (q) => {
    expect((await app.admin.json(`/api/audit?${q}`)).status).toBe(400)
  })

  it('treats SQL-looking text filters as plain values', async () => {
    const res = await app.admin.json(`/ogc/collections/roads/items?corridor=${encodeURIComponent(SQLISH)}`)
    expect(res.status).toBe(200)
    expect(res.body.numberMatched).toBe(0)
  })
})
