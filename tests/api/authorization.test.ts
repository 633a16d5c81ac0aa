import { createHash, randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../server/analysis/speeds.ts'
import { COLLECTIONS, COLLECTION_LIST, type Collection } from '../../server/assets/collections.ts'
import type { CollectionId } from '../../contract/domains.ts'
import type { Db } from '../../server/db/index.ts'
import type { Client } from '../support/app.ts'
import { useApp } from '../support/use-app.ts'
import { FIELD_PHOTO_PATH } from '../fixtures/photo.ts'
import { cloneFeature, featureId, featureJson } from '../support/features.ts'
import { TEST_PASSWORD } from '../support/password.ts'
import { stageImport } from '../../server/imports/staging.ts'

// The authorisation matrix: every API route × every role → the expected status. The table below is the spec;
// a route the server has but the table lacks fails the first test, so no route is born unprotected.

const CALLERS = [
  'anonymous',
  'admin',
  'planner',
  'commissioner.rift',
  'field.turkana',
  'viewer',
  'officer.flights',
  'operator.relief',
] as const
type Caller = (typeof CALLERS)[number]
type Expect = Record<Caller, number>

interface Ctx {
  db: Db
  caller: Caller
  /** An in-scope feature: in Turkana (county 023, Rift Valley). */
  inScope(c: CollectionId): Promise<string>
  /** A feature outside Rift Valley (the Coast region). */
  outOfScope(c: CollectionId): Promise<string>
}
interface Row {
  method: string
  route: string
  request: (ctx: Ctx) => Promise<{ path: string; body?: unknown }>
  expect: Expect
  /** Use a session of its own (the request ends it). */
  ownSession?: boolean
}

/**
 * Sub-county statistics for the level=sub_county rows: Turkana's sample sub-counties get a boundary (a disc around
 * their point) and three months of figures, once.
 */
async function subCountyFigures(db: Db) {
  const done = await db.query(`SELECT 1 FROM incident_stat_rows WHERE area_level = 'sub_county' LIMIT 1`)
  if (done.rows.length) return
  await db.query(
    `UPDATE admin_units SET boundary = ST_Multi(ST_Buffer(geom, 0.08, 8)) WHERE level = 'sub_county' AND county_code = '023'`,
  )
  await db.query(
    `INSERT INTO incident_stats (area_level, area_unit_id, area_code, period_kind, period_start, theme, events, source)
     SELECT 'sub_county', u.id, '023', 'month', m, 'cattle_rustling_banditry', (u.id % 7 + k)::int, 'import'
     FROM admin_units u, unnest(ARRAY['2024-01-01', '2024-02-01', '2024-03-01']) WITH ORDINALITY AS p(m, k)
     WHERE u.level = 'sub_county' AND u.county_code = '023'`,
  )
}

/** Every role that reads the map; an operator reads none of it (403 before any route runs). */
const all = (status: number, anonymous = 401): Expect => ({
  anonymous,
  admin: status,
  planner: status,
  'commissioner.rift': status,
  'field.turkana': status,
  viewer: status,
  'officer.flights': status,
  'operator.relief': 403,
})
/** What an operator reaches too: its account and tokens, its notifications, the API's documents. */
const everyone = (status: number, anonymous = 401): Expect => ({ ...all(status, anonymous), 'operator.relief': status })
const only = (allowed: Partial<Expect>, otherwise = 403): Expect => ({
  ...all(otherwise),
  'operator.relief': otherwise,
  ...allowed,
})

const SENSITIVE_READERS = { admin: 200, planner: 200, 'commissioner.rift': 200, 'officer.flights': 200 }
const ANALYSTS = { admin: 200, planner: 200, 'commissioner.rift': 200 }
/** Flight clearance: officers (and admins) review every request, an operator works on its own. */
const FLIGHTS = (status: number) => ({ admin: status, 'officer.flights': status, 'operator.relief': status })
const FLIGHT_REVIEWERS = (status: number) => ({ admin: status, 'officer.flights': status })
const readExpect = (c: Collection): Expect => (c.sensitive ? only(SENSITIVE_READERS) : all(200))

const EDITORS: Record<CollectionId, Caller[]> = {
  roads: ['admin', 'planner'],
  airstrips: ['admin', 'planner'],
  border_posts: ['admin', 'planner'],
  facilities: ['admin', 'planner'],
  admin_units: ['admin'],
  incidents: ['admin'],
  incident_stats: ['admin'],
  regions: ['admin'],
  counties: ['admin'],
}
const FIELD_CONDITION: CollectionId[] = ['roads', 'airstrips', 'border_posts', 'admin_units', 'facilities']
const editExpect = (id: CollectionId, ok: number, field = false): Expect => {
  const e = only(Object.fromEntries(EDITORS[id].map((r) => [r, ok])))
  if (field) e['field.turkana'] = ok
  return e
}

const NEW_FEATURE: Record<string, { geometry: unknown; properties: Record<string, unknown> }> = {
  roads: {
    geometry: {
      type: 'LineString',
      coordinates: [
        [35.6, 3.1],
        [35.62, 3.12],
      ],
    },
    properties: { name: 'Matrix road', road_class: 'D', surface: 'earth', condition: 'poor', status: 'planned' },
  },
  airstrips: {
    geometry: { type: 'Point', coordinates: [35.6, 3.1] },
    properties: { name: 'Matrix strip', kind: 'landing_site', status: 'operational' },
  },
  border_posts: {
    geometry: { type: 'Point', coordinates: [35.6, 3.1] },
    properties: { name: 'Matrix post', country: 'SSD', kind: 'crossing_point', status: 'planned' },
  },
  admin_units: {
    geometry: { type: 'Point', coordinates: [35.6, 3.1] },
    properties: { name: 'Matrix location', level: 'location', status: 'inactive' },
  },
  facilities: {
    geometry: { type: 'Point', coordinates: [35.6, 3.1] },
    properties: { name: 'Matrix police post', kind: 'police_post', status: 'planned' },
  },
  incidents: {
    geometry: { type: 'Point', coordinates: [35.6, 3.1] },
    properties: {
      name: 'Matrix incident',
      occurred_at: '2026-01-02T03:04:05Z',
      theme: 'other',
      severity: 2,
      status: 'open',
    },
  },
  incident_stats: {
    // The area's boundary is drawn whatever geometry is sent: a statistic is its county's.
    geometry: {
      type: 'MultiPolygon',
      coordinates: [
        [
          [
            [35.6, 3.1],
            [35.7, 3.1],
            [35.7, 3.2],
            [35.6, 3.1],
          ],
        ],
      ],
    },
    properties: { area_code: '023', period_kind: 'month', period_start: '2026-01-01', theme: 'other', events: 2 },
  },
}
const PATCH: Record<CollectionId, Record<string, unknown>> = {
  roads: { condition: 'fair' },
  airstrips: { condition: 'fair' },
  border_posts: { condition: 'fair' },
  admin_units: { condition: 'fair' },
  facilities: { condition: 'fair' },
  incidents: { status: 'actioned' },
  incident_stats: { events: 3 },
  regions: { name_sw: 'Bonde la Ufa' },
  counties: { name: 'Turkana' },
}

let uniq = 0
/** An assessment of an in-scope road by `observer`, with one photo when asked (inserted directly: the matrix tests access, not recording). */
async function matrixAssessment(x: Ctx, observer: string, withPhoto: boolean): Promise<number> {
  const a = await x.db.query<{ id: number }>(
    `INSERT INTO assessments (collection, asset_id, observed_at, observer, notes) VALUES ('roads', $1, now(), $2, 'matrix') RETURNING id`,
    [Number(await x.inScope('roads')), observer],
  )
  const id = a.rows[0]!.id
  if (withPhoto) {
    const bytes = readFileSync(FIELD_PHOTO_PATH)
    await x.db.query(
      `INSERT INTO assessment_photos (assessment_id, n, content_type, size_bytes, width, height, sha256, uploaded_by, data)
       VALUES ($1, 1, 'image/jpeg', $2, 320, 240, $3, $4, $5)`,
      [id, bytes.length, createHash('sha256').update(bytes).digest('hex'), observer, new Uint8Array(bytes)],
    )
  }
  return id
}
const rows: Row[] = [
  { method: 'GET', route: '/api/health', request: async () => ({ path: '/api/health' }), expect: everyone(200, 200) },
  {
    method: 'GET',
    route: '/api/health/live',
    request: async () => ({ path: '/api/health/live' }),
    expect: everyone(200, 200),
  },
  {
    method: 'GET',
    route: '/api/health/ready',
    request: async () => ({ path: '/api/health/ready' }),
    expect: everyone(200, 200),
  },
  // Prometheus, not the API: open unless the server has RAMANI_METRICS_TOKEN (tests/api/stateless.test.ts).
  { method: 'GET', route: '/metrics', request: async () => ({ path: '/metrics' }), expect: everyone(200, 200) },
  {
    method: 'POST',
    route: '/api/auth/login',
    request: async () => ({ path: '/api/auth/login', body: { username: 'viewer', password: TEST_PASSWORD } }),
    expect: everyone(200, 200),
  },
  {
    method: 'POST',
    route: '/api/auth/logout',
    request: async () => ({ path: '/api/auth/logout' }),
    expect: everyone(204),
    ownSession: true,
  },
  { method: 'GET', route: '/api/auth/me', request: async () => ({ path: '/api/auth/me' }), expect: everyone(200) },
  {
    method: 'POST',
    route: '/api/tokens',
    request: async () => ({ path: '/api/tokens', body: { name: 'matrix' } }),
    expect: everyone(201),
  },
  { method: 'GET', route: '/api/tokens', request: async () => ({ path: '/api/tokens' }), expect: everyone(200) },
  {
    method: 'DELETE',
    route: '/api/tokens/{id}',
    expect: everyone(204),
    request: async ({ db, caller }) => {
      const user = caller === 'anonymous' ? 'viewer' : caller
      const r = await db.query<{ id: number }>(
        `INSERT INTO api_tokens (username, name, token_hash, prefix) VALUES ($1, 'm', md5(random()::text), 'rmn_x') RETURNING id`,
        [user],
      )
      return { path: `/api/tokens/${r.rows[0]!.id}` }
    },
  },
  { method: 'GET', route: '/api/users', request: async () => ({ path: '/api/users' }), expect: only({ admin: 200 }) },
  {
    method: 'POST',
    route: '/api/users',
    request: async () => ({
      path: '/api/users',
      body: { username: `matrix${++uniq}`, password: 'long-enough-password', role: 'viewer' },
    }),
    expect: only({ admin: 201 }),
  },
  {
    method: 'PATCH',
    route: '/api/users/{username}',
    request: async () => ({ path: '/api/users/viewer', body: { display_name: 'Viewer' } }),
    expect: only({ admin: 200 }),
  },
  {
    method: 'GET',
    route: '/api/users/{username}/tokens',
    request: async () => ({ path: '/api/users/planner/tokens' }),
    expect: only({ admin: 200 }),
  },
  {
    method: 'DELETE',
    route: '/api/users/{username}/tokens/{id}',
    expect: only({ admin: 204 }),
    request: async ({ db }) => {
      const r = await db.query<{ id: number }>(
        `INSERT INTO api_tokens (username, name, token_hash, prefix) VALUES ('field.turkana', 'm', md5(random()::text), 'rmn_x') RETURNING id`,
      )
      return { path: `/api/users/field.turkana/tokens/${r.rows[0]!.id}` }
    },
  },
  {
    method: 'DELETE',
    route: '/api/users/{username}/tokens',
    request: async () => ({ path: '/api/users/no.tokens.here/tokens' }),
    expect: only({ admin: 404 }),
  },
  { method: 'GET', route: '/api/audit', request: async () => ({ path: '/api/audit' }), expect: only({ admin: 200 }) },
  { method: 'GET', route: '/api/meta', request: async () => ({ path: '/api/meta' }), expect: all(200) },
  {
    method: 'GET',
    route: '/api/summary',
    request: async () => ({ path: '/api/summary?region=rift_valley' }),
    expect: all(200),
  },
  { method: 'GET', route: '/api/places', request: async () => ({ path: '/api/places' }), expect: all(200) },
  ...(['coverage', 'service-areas', 'road-priorities', 'patrol-corridors'] as const).map((a): Row => ({
    method: 'POST',
    route: `/api/analysis/${a}`,
    request: async () => ({ path: `/api/analysis/${a}`, body: { county: '023' } }),
    expect: only(ANALYSTS),
  })),
  {
    method: 'GET',
    route: '/api/analysis/jobs/{id}',
    expect: only(ANALYSTS),
    request: async ({ caller, db }) => {
      // A finished job of the caller's, as any instance would have stored it.
      const id = randomUUID()
      await db.query(
        `INSERT INTO analysis_jobs (id, owner, kind, params, area, status, phase, result, ended_at)
         VALUES ($1, $2, 'matrix', '{}', '{"kind":"national"}', 'done', 'done', '{"done":true}', now())`,
        [id, caller === 'anonymous' ? 'viewer' : caller],
      )
      return { path: `/api/analysis/jobs/${id}` }
    },
  },
  {
    method: 'GET',
    route: '/api/analysis/speeds',
    request: async () => ({ path: '/api/analysis/speeds' }),
    expect: only(ANALYSTS),
  },
  {
    method: 'PUT',
    route: '/api/analysis/speeds',
    request: async () => ({ path: '/api/analysis/speeds', body: DEFAULT_CONFIG }),
    expect: only({ admin: 200, planner: 200 }),
  },
  {
    method: 'GET',
    route: '/api/analysis/hotspots',
    request: async () => ({ path: '/api/analysis/hotspots?cell_km=25&region=rift_valley' }),
    // Hot spots are an analysis: a flight officer reads incidents but runs no analysis (it sees hot cells as evidence).
    expect: only(ANALYSTS),
  },
  {
    method: 'GET',
    route: '/api/incident-stats/areas',
    request: async () => ({ path: '/api/incident-stats/areas?granularity=quarter' }),
    // The choropleth of area statistics: read by the roles that read incidents, not only by analysts.
    expect: only(SENSITIVE_READERS),
  },
  {
    method: 'GET',
    route: '/api/analysis/area-hotspots',
    request: async () => ({ path: '/api/analysis/area-hotspots?region=rift_valley' }),
    expect: only(ANALYSTS),
  },
  {
    method: 'GET',
    route: '/api/analysis/area-trends',
    request: async () => ({ path: '/api/analysis/area-trends?region=rift_valley&period_kind=month' }),
    expect: only(ANALYSTS),
  },
  // The same routes below the county (level=sub_county): the same roles, on the units of their area.
  {
    method: 'GET',
    route: '/api/incident-stats/areas',
    request: async ({ db }) => {
      await subCountyFigures(db)
      return { path: '/api/incident-stats/areas?level=sub_county&granularity=month' }
    },
    expect: only(SENSITIVE_READERS),
  },
  {
    method: 'GET',
    route: '/api/analysis/area-hotspots',
    request: async ({ db }) => {
      await subCountyFigures(db)
      return { path: '/api/analysis/area-hotspots?level=sub_county&counties=023' }
    },
    expect: only(ANALYSTS),
  },
  {
    method: 'GET',
    route: '/api/analysis/area-trends',
    request: async ({ db }) => {
      await subCountyFigures(db)
      return { path: '/api/analysis/area-trends?level=sub_county&counties=023' }
    },
    expect: only(ANALYSTS),
  },
  // Monitoring: scorecards, targets, the regional dashboard and M&E indicators. Everyone signed in reads (within
  // their area: counties and regions outside it are 404 / 403); admins and planners edit.
  {
    method: 'GET',
    route: '/api/scorecards',
    request: async () => ({ path: '/api/scorecards?quarter=2026Q3' }),
    expect: all(200),
  },
  {
    method: 'GET',
    route: '/api/scorecards.pdf',
    request: async () => ({ path: '/api/scorecards.pdf?quarter=2026Q3' }),
    expect: all(200),
  },
  {
    method: 'GET',
    route: '/api/scorecards/{countyCode}',
    request: async () => ({ path: '/api/scorecards/023?quarter=2026Q3' }),
    expect: all(200),
  },
  {
    method: 'GET',
    route: '/api/scorecards/{countyCode}',
    request: async () => ({ path: '/api/scorecards/001.pdf?quarter=2026Q3' }),
    expect: { ...all(200), 'commissioner.rift': 404, 'field.turkana': 404 },
  },
  {
    method: 'GET',
    route: '/api/scorecard-targets',
    request: async () => ({ path: '/api/scorecard-targets' }),
    expect: all(200),
  },
  {
    method: 'PUT',
    route: '/api/scorecard-targets/{indicator}',
    expect: only({ admin: 200, planner: 200 }),
    request: async () => ({
      path: '/api/scorecard-targets/units_operational',
      body: { county: '023', target: 80, amber: 60, note: 'matrix' },
    }),
  },
  {
    method: 'DELETE',
    route: '/api/scorecard-targets/{indicator}',
    expect: only({ admin: 204, planner: 204 }),
    request: async ({ db }) => {
      await db.query(
        `INSERT INTO scorecard_targets (indicator, county_code, target, amber, note) VALUES ('border_posts_operational', '023', 90, 40, 'matrix') ON CONFLICT DO NOTHING`,
      )
      return { path: '/api/scorecard-targets/border_posts_operational?county=023' }
    },
  },
  {
    method: 'GET',
    route: '/api/regions/{code}/summary',
    request: async () => ({ path: '/api/regions/rift_valley/summary?quarter=2026Q3' }),
    expect: all(200),
  },
  {
    method: 'GET',
    route: '/api/regions/{code}/summary',
    request: async () => ({ path: '/api/regions/coast/summary?quarter=2026Q3' }),
    expect: { ...all(200), 'commissioner.rift': 403, 'field.turkana': 403 },
  },
  { method: 'GET', route: '/api/indicators', request: async () => ({ path: '/api/indicators' }), expect: all(200) },
  {
    method: 'POST',
    route: '/api/indicators',
    expect: only({ admin: 201, planner: 201 }),
    request: async () => ({
      path: '/api/indicators',
      body: {
        id: `matrix_${++uniq}`,
        name: 'Matrix',
        name_sw: 'Matrix',
        unit: 'count',
        direction: 'higher',
        target: 1,
        source: 'matrix',
      },
    }),
  },
  {
    method: 'GET',
    route: '/api/indicators/{id}',
    request: async () => ({ path: '/api/indicators/firearms_recovered' }),
    expect: all(200),
  },
  {
    method: 'PATCH',
    route: '/api/indicators/{id}',
    request: async () => ({ path: '/api/indicators/firearms_recovered', body: { remarks: 'matrix' } }),
    expect: only({ admin: 200, planner: 200 }),
  },
  {
    method: 'DELETE',
    route: '/api/indicators/{id}',
    expect: only({ admin: 204, planner: 204 }),
    request: async ({ db }) => {
      const id = `matrix_${++uniq}`
      await db.query(
        `INSERT INTO me_indicators (id, name, name_sw, unit, direction, target, source) VALUES ($1, 'm', 'm', 'count', 'higher', 1, 'matrix')`,
        [id],
      )
      return { path: `/api/indicators/${id}` }
    },
  },
  {
    method: 'PUT',
    route: '/api/indicators/{id}/values/{period}',
    expect: only({ admin: 201, planner: 201 }),
    request: async () => ({
      path: `/api/indicators/chiefs_trained/values/${1000 + ++uniq}`,
      body: { value: 1, source_note: 'matrix' },
    }),
  },
  {
    method: 'DELETE',
    route: '/api/indicators/{id}/values/{period}',
    expect: only({ admin: 204, planner: 204 }),
    request: async ({ db }) => {
      const period = String(1000 + ++uniq)
      await db.query(
        `INSERT INTO me_indicator_values (indicator_id, period, value, source_note) VALUES ('chiefs_trained', $1, 1, 'matrix')`,
        [period],
      )
      return { path: `/api/indicators/chiefs_trained/values/${period}` }
    },
  },
  { method: 'GET', route: '/api/search', request: async () => ({ path: '/api/search?q=lodwar' }), expect: all(200) },
  {
    method: 'GET',
    route: '/api/openapi.json',
    request: async () => ({ path: '/api/openapi.json' }),
    expect: everyone(200),
  },
  { method: 'GET', route: '/api/docs', request: async () => ({ path: '/api/docs' }), expect: everyone(200) },
  { method: 'GET', route: '/ogc', request: async () => ({ path: '/ogc' }), expect: all(200) },
  { method: 'GET', route: '/ogc/conformance', request: async () => ({ path: '/ogc/conformance' }), expect: all(200) },
  { method: 'GET', route: '/ogc/collections', request: async () => ({ path: '/ogc/collections' }), expect: all(200) },
  { method: 'GET', route: '/ogc/api', request: async () => ({ path: '/ogc/api' }), expect: all(200) },
  // Field assessments: recording one is updating condition/status (the field-condition PATCH rule); reading follows the asset.
  {
    method: 'POST',
    route: '/api/assessments',
    expect: only({ admin: 201, planner: 201, 'field.turkana': 201 }),
    request: async (x) => ({
      path: '/api/assessments',
      body: {
        collection: 'roads',
        asset_id: Number(await x.inScope('roads')),
        condition: 'fair',
        observed_at: '2026-01-02T03:04:05Z',
      },
    }),
  },
  {
    method: 'GET',
    route: '/api/assessments',
    request: async (x) => ({ path: `/api/assessments?collection=roads&id=${await x.inScope('roads')}` }),
    expect: all(200),
  },
  {
    method: 'GET',
    route: '/api/assessments/{assessmentId}',
    request: async (x) => ({ path: `/api/assessments/${await matrixAssessment(x, 'admin', true)}` }),
    expect: all(200),
  },
  {
    // Photos are added by the assessment's observer (here: the caller) when their role may assess.
    method: 'POST',
    route: '/api/assessments/{assessmentId}/photos',
    expect: only({ admin: 201, planner: 201, 'field.turkana': 201 }),
    request: async (x) => {
      const form = new FormData()
      form.append('photo', new Blob([readFileSync(FIELD_PHOTO_PATH)], { type: 'image/jpeg' }), 'photo.jpg')
      return {
        path: `/api/assessments/${await matrixAssessment(x, x.caller === 'anonymous' ? 'viewer' : x.caller, false)}/photos`,
        body: form,
      }
    },
  },
  {
    method: 'GET',
    route: '/api/assessments/{assessmentId}/photos/{n}',
    request: async (x) => ({ path: `/api/assessments/${await matrixAssessment(x, 'admin', true)}/photos/1` }),
    expect: all(200),
  },
  ...COLLECTION_LIST.flatMap((c): Row[] => {
    const base = `/ogc/collections/${c.id}`
    const out: Row[] = [
      { method: 'GET', route: base, request: async () => ({ path: base }), expect: readExpect(c) },
      {
        method: 'GET',
        route: `${base}/queryables`,
        request: async () => ({ path: `${base}/queryables` }),
        expect: readExpect(c),
      },
      {
        method: 'GET',
        route: `${base}/items`,
        request: async () => ({ path: `${base}/items?limit=5` }),
        expect: readExpect(c),
      },
      {
        method: 'GET',
        route: `/api/history/${c.id}/{featureId}`,
        request: async (x) => ({ path: `/api/history/${c.id}/${await x.inScope(c.id)}` }),
        expect: readExpect(c),
      },
      {
        method: 'GET',
        route: `/tiles/${c.id}/{z}/{x}/{y}`,
        request: async () => ({ path: `/tiles/${c.id}/6/38/31.mvt` }),
        expect: readExpect(c),
      },
      {
        method: 'GET',
        route: `${base}/items/{featureId}`,
        request: async (x) => ({ path: `${base}/items/${await x.inScope(c.id)}` }),
        expect: readExpect(c),
      },
      {
        method: 'PATCH',
        route: `${base}/items/{featureId}`,
        expect: editExpect(c.id, 200, FIELD_CONDITION.includes(c.id)),
        request: async (x) => ({ path: `${base}/items/${await x.inScope(c.id)}`, body: { properties: PATCH[c.id] } }),
      },
      {
        method: 'PUT',
        route: `${base}/items/{featureId}`,
        expect: editExpect(c.id, 200),
        request: async (x) => {
          const id = c.scoped ? await cloneFeature(x.db, c, await x.inScope(c.id)) : await x.inScope(c.id)
          return { path: `${base}/items/${id}`, body: await featureJson(x.db, c, id) }
        },
      },
    ]
    if (c.scoped) {
      out.push(
        {
          method: 'POST',
          route: `${base}/items`,
          request: async () => ({ path: `${base}/items`, body: { type: 'Feature', ...NEW_FEATURE[c.id] } }),
          expect: editExpect(c.id, 201),
        },
        {
          method: 'DELETE',
          route: `${base}/items/{featureId}`,
          request: async (x) => ({ path: `${base}/items/${await cloneFeature(x.db, c, await x.inScope(c.id))}` }),
          expect: editExpect(c.id, 204),
        },
      )
    }
    return out
  }),
]

// Imports (into facilities: admins and planners) and exports (whoever may read the collection).
const IMPORTERS = { admin: 200, planner: 200 }
const IMPORT_CSV = 'name,kind,status,lat,lon\r\nMatrix police post,police_post,planned,3.1,35.6\r\n'
/** A freshly staged import of one facility, made directly (the matrix tests access, not uploading). */
const matrixImport = async (x: Ctx) =>
  stageImport(x.db, {
    collection: 'facilities',
    filename: 'matrix.csv',
    bytes: new TextEncoder().encode(IMPORT_CSV),
    actor: 'admin',
  })
rows.push(
  {
    method: 'POST',
    route: '/api/imports',
    expect: only({ admin: 201, planner: 201 }),
    request: async () => {
      const form = new FormData()
      form.set('collection', 'facilities')
      form.set('file', new File([IMPORT_CSV], 'matrix.csv'))
      return { path: '/api/imports', body: form }
    },
  },
  { method: 'GET', route: '/api/imports', request: async () => ({ path: '/api/imports' }), expect: all(200) },
  {
    method: 'GET',
    route: '/api/imports/{id}',
    request: async (x) => ({ path: `/api/imports/${await matrixImport(x)}` }),
    expect: only(IMPORTERS),
  },
  {
    method: 'GET',
    route: '/api/imports/{id}/rows',
    request: async (x) => ({ path: `/api/imports/${await matrixImport(x)}/rows` }),
    expect: only(IMPORTERS),
  },
  {
    method: 'PUT',
    route: '/api/imports/{id}/mapping',
    expect: only(IMPORTERS),
    request: async (x) => ({
      path: `/api/imports/${await matrixImport(x)}/mapping`,
      body: { mapping: { name: 'name', kind: 'kind', status: 'status' } },
    }),
  },
  {
    method: 'POST',
    route: '/api/imports/{id}/commit',
    request: async (x) => ({ path: `/api/imports/${await matrixImport(x)}/commit`, body: {} }),
    expect: only(IMPORTERS),
  },
  {
    method: 'DELETE',
    route: '/api/imports/{id}',
    request: async (x) => ({ path: `/api/imports/${await matrixImport(x)}` }),
    expect: only(IMPORTERS),
  },
  ...COLLECTION_LIST.map((c): Row => ({
    method: 'GET',
    route: `/api/exports/${c.id}`,
    request: async () => ({ path: `/api/exports/${c.id}?format=csv&bbox=35.5,3,35.7,3.2` }),
    expect: readExpect(c),
  })),
)

// Import profiles and the theme crosswalk: those who may import (a profile of a collection they may import into).
let profileSeq = 0
async function matrixProfile(x: Ctx): Promise<number> {
  const r = await x.db.query<{ id: number }>(
    `INSERT INTO import_profiles (name, collection, mapping, created_by, updated_by)
     VALUES ($1, 'facilities', '{"name":"name"}', 'planner', 'planner') RETURNING id`,
    [`Matrix ${++profileSeq} ${x.caller}`],
  )
  return r.rows[0]!.id
}
rows.push(
  {
    method: 'GET',
    route: '/api/import-profiles',
    request: async () => ({ path: '/api/import-profiles' }),
    expect: all(200),
  },
  {
    method: 'POST',
    route: '/api/import-profiles',
    request: async (x) => ({
      path: '/api/import-profiles',
      body: { name: `Matrix new ${++profileSeq} ${x.caller}`, collection: 'facilities', mapping: { name: 'name' } },
    }),
    expect: only({ admin: 201, planner: 201 }),
  },
  {
    method: 'GET',
    route: '/api/import-profiles/{id}',
    request: async (x) => ({ path: `/api/import-profiles/${await matrixProfile(x)}` }),
    expect: only(IMPORTERS),
  },
  {
    method: 'PATCH',
    route: '/api/import-profiles/{id}',
    request: async (x) => ({ path: `/api/import-profiles/${await matrixProfile(x)}`, body: { description: 'matrix' } }),
    expect: only(IMPORTERS),
  },
  {
    method: 'DELETE',
    route: '/api/import-profiles/{id}',
    request: async (x) => ({ path: `/api/import-profiles/${await matrixProfile(x)}` }),
    expect: only({ admin: 204, planner: 204 }),
  },
  {
    method: 'GET',
    route: '/api/theme-crosswalk',
    request: async () => ({ path: '/api/theme-crosswalk' }),
    expect: all(200),
  },
  {
    method: 'PUT',
    route: '/api/theme-crosswalk',
    request: async () => ({
      path: '/api/theme-crosswalk',
      body: { entries: [{ scheme: 'matrix', label: 'Matrix label', theme: 'organised_gangs' }] },
    }),
    // Incidents are imported by admins only.
    expect: only({ admin: 200 }),
  },
)

// Citizen reports: intake is public (to everyone, an operator's session included); moderation is for
// moderators of the area and admins (moderators are tested in tests/api/reports.test.ts), phone retention for admins.
const NO_REPORT = 999_999_999
const publicToAll = (status: number): Expect => everyone(status, status)
rows.push(
  {
    method: 'POST',
    route: '/api/reports',
    request: async () => ({
      path: '/api/reports',
      body: {
        theme: 'organised_gangs',
        occurred_at: new Date().toISOString(),
        description: 'Matrix report',
        county: '023',
      },
    }),
    expect: publicToAll(201),
  },
  {
    method: 'GET',
    route: '/api/reports/status/{reference}',
    request: async () => ({ path: '/api/reports/status/K7QM-3XPA' }),
    expect: publicToAll(404),
  },
  {
    method: 'GET',
    route: '/api/reports/places',
    request: async () => ({ path: '/api/reports/places?county=023' }),
    expect: publicToAll(200),
  },
  {
    method: 'GET',
    route: '/api/reports/settings',
    request: async () => ({ path: '/api/reports/settings' }),
    expect: only({ admin: 200 }),
  },
  {
    method: 'PUT',
    route: '/api/reports/settings',
    request: async () => ({ path: '/api/reports/settings', body: { retention_days: 365 } }),
    expect: only({ admin: 200 }),
  },
  {
    method: 'GET',
    route: '/api/reports',
    request: async () => ({ path: '/api/reports' }),
    expect: only({ admin: 200 }),
  },
  {
    method: 'GET',
    route: '/api/reports/{id}',
    request: async () => ({ path: `/api/reports/${NO_REPORT}` }),
    expect: only({ admin: 404 }),
  },
  {
    method: 'GET',
    route: '/api/reports/{id}/photos/{n}',
    request: async () => ({ path: `/api/reports/${NO_REPORT}/photos/1` }),
    expect: only({ admin: 404 }),
  },
  ...(
    [
      ['verify', {}],
      ['merge', { incident_id: 1 }],
      ['reject', { reason: 'matrix' }],
      ['escalate', { facility_id: 1, due_at: '2030-01-01T00:00:00Z' }],
    ] as const
  ).map(([action, body]): Row => ({
    method: 'POST',
    route: `/api/reports/{id}/${action}`,
    request: async () => ({ path: `/api/reports/${NO_REPORT}/${action}`, body }),
    expect: only({ admin: 404 }),
  })),
  // Gateways authenticate with their secret, not a session: without it every caller is refused alike.
  ...['sms', 'ussd'].map((kind): Row => ({
    method: 'POST',
    route: `/api/intake/${kind}`,
    request: async () => ({ path: `/api/intake/${kind}`, body: {} }),
    expect: everyone(401, 401),
  })),
  {
    method: 'GET',
    route: '/api/community-structures',
    request: async () => ({ path: '/api/community-structures' }),
    expect: only({ admin: 200 }),
  },
)

// Flight clearance: operators reach their organisation's requests; officers (and admins) every one; the rest none.
const FLIGHT_BODY = {
  organisation: 'Demo Relief Air',
  contact_name: 'Matrix',
  aircraft_registration: '5Y-MTX',
  aircraft_type: 'Cessna 208',
  purpose: 'Matrix',
  legs: [
    {
      from: { code: 'HKNW' },
      to: { code: 'HKEL' },
      departs_at: '2030-01-01T06:00:00Z',
      arrives_at: '2030-01-01T07:30:00Z',
    },
  ],
}
/** A draft of Demo Relief Air, made directly (the matrix tests access, not filing). */
async function matrixFlight(x: Ctx, status = 'draft', cleared = false): Promise<number> {
  const r = await x.db.query<{ id: number }>(
    `INSERT INTO flight_requests (organisation, contact_name, aircraft_registration, aircraft_type, purpose, created_by,
       status, clearance_number, valid_from, valid_to)
     VALUES ('Demo Relief Air', 'Matrix', '5Y-MTX', 'Cessna 208', 'Matrix', 'operator.relief', $1, $2, $3, $4) RETURNING id`,
    [
      status,
      cleared ? `HFC-MATRIX-${++uniq}` : null,
      cleared ? '2030-01-01T05:00:00Z' : null,
      cleared ? '2030-01-02T07:30:00Z' : null,
    ],
  )
  const id = r.rows[0]!.id
  await x.db.query(
    `INSERT INTO flight_legs (request_id, seq, from_airstrip, from_name, from_geom, to_airstrip, to_name, to_geom,
       departs_at, arrives_at)
     SELECT $1, 1, a.id, a.name, a.geom, b.id, b.name, b.geom, '2030-01-01T06:00:00Z', '2030-01-01T07:30:00Z'
     FROM airstrips a, airstrips b WHERE a.ident = 'HKNW' AND b.ident = 'HKEL'`,
    [id],
  )
  return id
}
const flightOnly = (status: number) => only(FLIGHTS(status))
rows.push(
  {
    method: 'GET',
    route: '/api/flights',
    request: async () => ({ path: '/api/flights' }),
    expect: flightOnly(200),
  },
  {
    method: 'POST',
    route: '/api/flights',
    request: async () => ({ path: '/api/flights', body: FLIGHT_BODY }),
    expect: flightOnly(201),
  },
  {
    method: 'GET',
    route: '/api/flights/{id}',
    request: async (x) => ({ path: `/api/flights/${await matrixFlight(x)}` }),
    expect: flightOnly(200),
  },
  {
    method: 'PATCH',
    route: '/api/flights/{id}',
    request: async (x) => ({ path: `/api/flights/${await matrixFlight(x)}`, body: { purpose: 'Matrix 2' } }),
    // No If-Match: the route needs one (428) once the caller may amend at all.
    expect: flightOnly(428),
  },
  {
    method: 'POST',
    route: '/api/flights/{id}/{action}',
    request: async (x) => ({ path: `/api/flights/${await matrixFlight(x)}/submit`, body: { reason: 'matrix' } }),
    expect: flightOnly(200),
  },
  {
    method: 'GET',
    route: '/api/flights/{id}/letter.pdf',
    request: async (x) => ({ path: `/api/flights/${await matrixFlight(x, 'cleared', true)}/letter.pdf` }),
    expect: flightOnly(200),
  },
  {
    method: 'GET',
    route: '/api/flights/rules',
    request: async () => ({ path: '/api/flights/rules' }),
    expect: flightOnly(200),
  },
  {
    method: 'PUT',
    route: '/api/flights/rules',
    request: async ({ db }) => ({
      path: '/api/flights/rules',
      body: {
        rules: (
          await db.query(
            'SELECT code, factor, op, threshold, outcome, agency, reason, condition, enabled, position FROM flight_rules',
          )
        ).rows,
      },
    }),
    expect: only(FLIGHT_REVIEWERS(200)),
  },
  {
    method: 'GET',
    route: '/api/flights/airstrips',
    request: async () => ({ path: '/api/flights/airstrips?q=HKEL' }),
    expect: flightOnly(200),
  },
  {
    method: 'GET',
    route: '/api/flights/closures',
    request: async () => ({ path: '/api/flights/closures' }),
    expect: flightOnly(200),
  },
  {
    method: 'POST',
    route: '/api/flights/closures',
    request: async ({ db }) => ({
      path: '/api/flights/closures',
      body: {
        airstrip_id: (await db.query<{ id: number }>("SELECT id FROM airstrips WHERE ident = 'HKKT'")).rows[0]!.id,
        kind: 'restriction',
        starts_at: '2031-01-01T00:00:00Z',
        ends_at: '2031-01-02T00:00:00Z',
        reason: 'matrix',
      },
    }),
    expect: only(FLIGHT_REVIEWERS(201)),
  },
  {
    method: 'DELETE',
    route: '/api/flights/closures/{id}',
    request: async ({ db }) => {
      const r = await db.query<{ id: number }>(
        `INSERT INTO airstrip_closures (airstrip_id, kind, starts_at, ends_at, reason, created_by)
         SELECT id, 'restriction', '2031-02-01T00:00:00Z', '2031-02-02T00:00:00Z', 'matrix', 'officer.flights'
         FROM airstrips WHERE ident = 'HKKT' RETURNING id`,
      )
      return { path: `/api/flights/closures/${r.rows[0]!.id}` }
    },
    expect: only(FLIGHT_REVIEWERS(204)),
  },
  {
    method: 'GET',
    route: '/api/notifications',
    request: async () => ({ path: '/api/notifications' }),
    expect: everyone(200),
  },
  {
    method: 'POST',
    route: '/api/notifications/{id}/read',
    expect: everyone(204),
    request: async ({ db, caller }) => {
      const r = await db.query<{ id: number }>(
        `INSERT INTO notifications (username, kind, message) VALUES ($1, 'matrix', 'matrix') RETURNING id`,
        [caller === 'anonymous' ? 'viewer' : caller],
      )
      return { path: `/api/notifications/${r.rows[0]!.id}/read`, body: {} }
    },
  },
)

// Out-of-area requests: a commissioner and a field officer neither see nor edit what lies outside their area.
const outOfArea: Row[] = COLLECTION_LIST.filter((c) => c.scoped).flatMap((c): Row[] => {
  const base = `/ogc/collections/${c.id}/items`
  const read = readExpect(c)
  return [
    {
      method: 'GET',
      route: `${base}/{featureId}`,
      request: async (x) => ({ path: `${base}/${await x.outOfScope(c.id)}` }),
      expect: { ...read, 'commissioner.rift': 404, 'field.turkana': read['field.turkana'] === 200 ? 404 : 403 },
    },
    {
      method: 'PATCH',
      route: `${base}/{featureId}`,
      request: async (x) => ({ path: `${base}/${await x.outOfScope(c.id)}`, body: { properties: PATCH[c.id] } }),
      expect: {
        ...editExpect(c.id, 200, FIELD_CONDITION.includes(c.id)),
        ...(FIELD_CONDITION.includes(c.id) ? { 'field.turkana': 404 } : {}),
      },
    },
  ]
})

const app = useApp()
const clients = new Map<Caller, Client>()
beforeAll(async () => {
  clients.set('anonymous', app.anon)
  for (const caller of CALLERS.slice(1)) clients.set(caller, await app.as(caller))
})

const ctx = (caller: Caller): Ctx => ({
  db: app.db,
  caller,
  inScope: (c) =>
    featureId(
      app.db,
      c,
      COLLECTIONS[c].scoped
        ? "t.county_code = '023'"
        : COLLECTIONS[c].id === 'regions'
          ? "t.code = 'rift_valley'"
          : "t.code = '023'",
    ),
  outOfScope: (c) => featureId(app.db, c, "t.region_code = 'coast'"),
})

async function run(row: Row, caller: Caller): Promise<number> {
  const { path, body } = await row.request(ctx(caller))
  const client = row.ownSession && caller !== 'anonymous' ? await app.as(caller) : clients.get(caller)!
  const res =
    body instanceof FormData
      ? await client.request(path, { method: row.method, body })
      : await client.send(row.method, path, body)
  return res.status
}

describe('authorisation matrix', () => {
  it('has an entry for every API route the server has', () => {
    const routed = app.t.app.routes
      .filter((r) => r.method !== 'ALL' && /^\/(api|ogc|tiles)(\/|$)/.test(r.path))
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}')}`)
    const covered = new Set(rows.map((r) => `${r.method} ${r.route}`))
    expect(routed.filter((r) => !covered.has(r))).toEqual([])
  })

  for (const row of [...rows, ...outOfArea]) {
    it(`${row.method} ${row.route}${outOfArea.includes(row) ? ' (outside Rift Valley / Turkana)' : ''}`, async () => {
      const got: Partial<Expect> = {}
      for (const caller of CALLERS) got[caller] = await run(row, caller)
      expect(got).toEqual(row.expect)
    })
  }
})
