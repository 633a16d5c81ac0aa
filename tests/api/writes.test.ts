import { describe, expect, it } from 'vitest'
import { COLLECTIONS } from '../../server/assets/collections.ts'
import { useApp } from '../support/use-app.ts'
import { featureId } from '../support/features.ts'

// OGC API – Features Part 4: create, replace, update, delete — with ETag/If-Match, Idempotency-Key and audit rows.

const app = useApp('admin')

const audits = async (collection: string, id: string | number) =>
  (
    await app.db.query<{ action: string; actor: string; before: any; after: any; request_id: string }>(
      'SELECT action, actor, before, after, request_id FROM audit_log WHERE collection = $1 AND item_id = $2 ORDER BY id',
      [collection, String(id)],
    )
  ).rows

const NEW: Record<string, { geometry: any; properties: Record<string, unknown> }> = {
  roads: {
    geometry: {
      type: 'LineString',
      coordinates: [
        [35.6, 3.1],
        [35.65, 3.15],
        [35.7, 3.18],
      ],
    },
    properties: {
      name: 'Kainuk–Lokichar link',
      road_class: 'C',
      surface: 'gravel',
      condition: 'poor',
      is_security_road: true,
      corridor: 'Turkana',
      status: 'planned',
    },
  },
  airstrips: {
    geometry: { type: 'Point', coordinates: [35.6, 3.1] },
    properties: {
      name: 'Kalemngorok landing site',
      kind: 'landing_site',
      surface: 'earth',
      runway_length_m: 900,
      condition: 'fair',
      status: 'operational',
    },
  },
  border_posts: {
    geometry: { type: 'Point', coordinates: [34.98, 1.17] },
    properties: { name: 'Test crossing', country: 'UGA', kind: 'crossing_point', condition: 'poor', status: 'planned' },
  },
  admin_units: {
    geometry: { type: 'Point', coordinates: [35.6, 3.1] },
    properties: { name: 'Test location', level: 'location', status: 'inactive', staff: 0 },
  },
  facilities: {
    geometry: { type: 'Point', coordinates: [37.64, 0.35] },
    properties: { name: 'Test prison', kind: 'prison', status: 'operational', capacity: 400, occupancy: 812 },
  },
  incidents: {
    geometry: { type: 'Point', coordinates: [35.9, 1.2] },
    properties: {
      name: 'Raid',
      occurred_at: '2026-05-01T04:00:00Z',
      theme: 'cattle_rustling_banditry',
      severity: 4,
      fatalities: 2,
      status: 'open',
    },
  },
}

describe.each(Object.keys(NEW))('writes to %s', (id) => {
  const path = `/ogc/collections/${id}/items`
  it('creates, reads back, patches, replaces and deletes, auditing each step', async () => {
    const created = await app.admin.send('POST', path, { type: 'Feature', ...NEW[id] })
    expect(created.status).toBe(201)
    const fid = created.body.id
    expect(created.headers.get('location')).toMatch(new RegExp(`${path}/${fid}$`))
    expect(created.headers.get('etag')).toBe('"1"')
    expect(created.body.properties).toMatchObject({
      ...NEW[id]!.properties,
      source: 'field',
      updated_by: 'admin',
      version: 1,
    })
    expect(created.body.properties.county_code).toMatch(/^0\d\d$/)

    const read = await app.admin.json(`${path}/${fid}`)
    expect(read.body.geometry.type).toBe(NEW[id]!.geometry.type)

    const patched = await app.admin.send(
      'PATCH',
      `${path}/${fid}`,
      { properties: { name: 'Renamed' } },
      { 'If-Match': '"1"' },
    )
    expect(patched.status).toBe(200)
    expect(patched.body.properties).toMatchObject({ name: 'Renamed', version: 2 })
    expect(patched.headers.get('etag')).toBe('"2"')

    const replaced = await app.admin.send(
      'PUT',
      `${path}/${fid}`,
      { type: 'Feature', ...NEW[id] },
      { 'If-Match': '"2"' },
    )
    expect(replaced.status).toBe(200)
    expect(replaced.body.properties).toMatchObject({ ...NEW[id]!.properties, version: 3 })

    const deleted = await app.admin.send('DELETE', `${path}/${fid}`, undefined, { 'If-Match': '"3"' })
    expect(deleted.status).toBe(204)
    expect((await app.admin.json(`${path}/${fid}`)).status).toBe(404)

    const log = await audits(id, fid)
    expect(log.map((r) => r.action)).toEqual(['create', 'update', 'replace', 'delete'])
    expect(log.every((r) => r.actor === 'admin' && r.request_id)).toBe(true)
    expect(log[0]!.before).toBeNull()
    expect(log[1]!.before.properties.name).toBe(NEW[id]!.properties.name)
    expect(log[1]!.after.properties.name).toBe('Renamed')
    expect(log[3]!.after).toBeNull()
  })
})

describe('county and region', () => {
  // Worked out here on the whole county outlines, independently of the pieces the trigger looks them up in.
  const inside = async (lon: number, lat: number) =>
    (
      await app.db.query<{ code: string }>(
        'SELECT code FROM counties WHERE ST_Intersects(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)) ORDER BY code',
        [lon, lat],
      )
    ).rows.map((r) => r.code)
  const nearest = async (lon: number, lat: number) =>
    (
      await app.db.query<{ code: string; region_code: string }>(
        'SELECT code, region_code FROM counties ORDER BY ST_Distance(geom, ST_SetSRID(ST_MakePoint($1, $2), 4326)), code LIMIT 1',
        [lon, lat],
      )
    ).rows[0]!
  const post = (lon: number, lat: number) =>
    app.admin.send('POST', '/ogc/collections/border_posts/items', {
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [lon, lat] },
      properties: { name: 'Placement test post', country: 'UGA', kind: 'crossing_point', status: 'planned' },
    })

  it('places an asset in the county whose outline holds it, and one just outside every outline in the nearest county', async () => {
    expect(await inside(35.597, 3.119)).toEqual(['023'])
    const lodwar = await post(35.597, 3.119)
    expect(lodwar.body.properties).toMatchObject({ county_code: '023', region_code: 'rift_valley' })

    // A few kilometres into Uganda from Busia: in no county; the nearest one is expected.
    expect(await inside(34.05, 0.47)).toEqual([])
    const near = await nearest(34.05, 0.47)
    const outside = await post(34.05, 0.47)
    expect(outside.body.properties).toMatchObject({ county_code: near.code, region_code: near.region_code })

    // Moving the asset moves its county and region with it.
    expect(await inside(37.99, 2.33)).toEqual(['010'])
    const moved = await app.admin.send(
      'PATCH',
      `/ogc/collections/border_posts/items/${lodwar.body.id}`,
      { geometry: { type: 'Point', coordinates: [37.99, 2.33] } },
      { 'If-Match': '"1"' },
    )
    expect(moved.status).toBe(200)
    expect(moved.body.properties).toMatchObject({ county_code: '010', region_code: 'eastern', version: 2 })
  })

  it('keeps county_pieces in step with the county outlines', async () => {
    const {
      rows: [r],
    } = await app.db.query<{ counties: number; pieces: number; same: boolean }>(
      `SELECT (SELECT count(*) FROM counties)::int AS counties, (SELECT count(DISTINCT code) FROM county_pieces)::int AS pieces,
              bool_and(abs(ST_Area(c.geom) - (SELECT sum(ST_Area(p.geom)) FROM county_pieces p WHERE p.code = c.code)) < 1e-9) AS same
       FROM counties c`,
    )
    expect(r).toEqual({ counties: 47, pieces: 47, same: true })
  })
})

describe('concurrency and retries', () => {
  it('answers a stale If-Match with 412 and the current feature, changing nothing', async () => {
    const id = await featureId(app.db, 'roads', "t.county_code = '023'")
    const current = await app.admin.json(`/ogc/collections/roads/items/${id}`)
    const v = current.body.properties.version
    await app.admin.send(
      'PATCH',
      `/ogc/collections/roads/items/${id}`,
      { properties: { condition: 'fair' } },
      { 'If-Match': `"${v}"` },
    )
    const stale = await app.admin.send(
      'PATCH',
      `/ogc/collections/roads/items/${id}`,
      { properties: { condition: 'impassable' } },
      { 'If-Match': `"${v}"` },
    )
    expect(stale.status).toBe(412)
    expect(stale.body.error.code).toBe('precondition_failed')
    expect(stale.body.current.properties).toMatchObject({ condition: 'fair', version: v + 1 })
    expect(stale.headers.get('etag')).toBe(`"${v + 1}"`)
    expect((await app.admin.json(`/ogc/collections/roads/items/${id}`)).body.properties.condition).toBe('fair')
  })

  it('applies a repeated Idempotency-Key once and returns the first result', async () => {
    const before = (await app.db.query<{ n: number }>('SELECT count(*) AS n FROM incidents')).rows[0]!.n
    const key = 'offline-queue-item-0001'
    const body = { type: 'Feature', ...NEW.incidents }
    const first = await app.admin.send('POST', '/ogc/collections/incidents/items', body, { 'Idempotency-Key': key })
    const again = await app.admin.send('POST', '/ogc/collections/incidents/items', body, { 'Idempotency-Key': key })
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.body.id).toBe(first.body.id)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect((await app.db.query<{ n: number }>('SELECT count(*) AS n FROM incidents')).rows[0]!.n).toBe(before + 1)
    expect((await audits('incidents', first.body.id)).length).toBe(1)
    const reused = await app.admin.send(
      'POST',
      '/ogc/collections/incidents/items',
      { ...body, properties: { ...body.properties, name: 'Other' } },
      { 'Idempotency-Key': key },
    )
    expect(reused.status).toBe(422)
  })

  it('applies concurrent requests with one Idempotency-Key once', async () => {
    const id = await featureId(app.db, 'facilities', "t.county_code = '023'")
    const before = (await app.admin.json(`/ogc/collections/facilities/items/${id}`)).body.properties.version
    const send = () =>
      app.admin.send(
        'PATCH',
        `/ogc/collections/facilities/items/${id}`,
        { properties: { condition: 'poor' } },
        { 'Idempotency-Key': 'same-key-concurrent' },
      )
    const results = await Promise.all([send(), send(), send()])
    expect(results.map((r) => r.status)).toEqual([200, 200, 200])
    expect((await app.admin.json(`/ogc/collections/facilities/items/${id}`)).body.properties.version).toBe(before + 1)
  })
})

describe('field officers', () => {
  it('update the condition of an asset in their county and nothing else', async () => {
    const field = await app.as('field.turkana')
    const id = await featureId(app.db, 'roads', "t.county_code = '023'")
    const ok = await field.send('PATCH', `/ogc/collections/roads/items/${id}`, {
      properties: { condition: 'impassable' },
    })
    expect(ok.status).toBe(200)
    expect(ok.body.properties.updated_by).toBe('field.turkana')
    const name = await field.send('PATCH', `/ogc/collections/roads/items/${id}`, { properties: { name: 'Mine now' } })
    expect(name.status).toBe(403)
  })

  it('cannot move an asset out of their county', async () => {
    const field = await app.as('field.turkana')
    const id = await featureId(app.db, 'facilities', "t.county_code = '023'")
    const res = await field.send('PATCH', `/ogc/collections/facilities/items/${id}`, {
      geometry: { type: 'Point', coordinates: [39.66, -4.05] },
    })
    expect(res.status).toBe(403)
  })
})

describe('feature history', () => {
  it('lists each change with who, when and which fields changed, newest first', async () => {
    const id = await featureId(app.db, 'border_posts', "t.county_code = '023'")
    await app.admin.send('PATCH', `/ogc/collections/border_posts/items/${id}`, {
      properties: { condition: 'impassable' },
    })
    await app.admin.send('PATCH', `/ogc/collections/border_posts/items/${id}`, { properties: { condition: 'poor' } })
    await app.admin.send('PATCH', `/ogc/collections/border_posts/items/${id}`, {
      properties: { status: 'operational', condition: 'good' },
    })
    const { status, body } = await (await app.as('planner')).json(`/api/history/border_posts/${id}`)
    expect(status).toBe(200)
    const [latest, earlier] = body.entries
    expect(latest).toMatchObject({ type: 'change', actor: 'admin', action: 'update' })
    expect(latest.changes.map((c: any) => c.field).sort()).toEqual(expect.arrayContaining(['condition']))
    expect(latest.changes.find((c: any) => c.field === 'condition')).toEqual({
      field: 'condition',
      from: 'poor',
      to: 'good',
    })
    expect(earlier.changes.find((c: any) => c.field === 'condition').to).toBe('poor')
    expect(latest.at >= earlier.at).toBe(true)
  })

  it("is not shown outside the caller's area", async () => {
    const id = await featureId(app.db, 'facilities', "t.region_code = 'coast'")
    expect((await (await app.as('field.turkana')).json(`/api/history/facilities/${id}`)).status).toBe(404)
  })
})

describe('reference layers', () => {
  it('let an admin replace a county outline (e.g. with an official boundary), audited', async () => {
    const c = COLLECTIONS.counties
    const cur = await app.admin.json('/ogc/collections/counties/items/047')
    const res = await app.admin.send('PATCH', '/ogc/collections/counties/items/047', {
      properties: { name: 'Nairobi City' },
    })
    expect(res.status).toBe(200)
    expect(res.body.properties.version).toBe(cur.body.properties.version + 1)
    expect((await audits(c.id, '047')).length).toBe(1)
  })
})

describe('the audit log', () => {
  it('is read by admins with filters', async () => {
    const { status, body } = await app.admin.json('/api/audit?collection=roads&limit=5')
    expect(status).toBe(200)
    expect(body.entries.length).toBeGreaterThan(0)
    expect(body.entries.every((e: any) => e.collection === 'roads')).toBe(true)
    const byUser = await app.admin.json('/api/audit?user=field.turkana')
    expect(byUser.body.entries.every((e: any) => e.actor === 'field.turkana')).toBe(true)
  })

  it('cannot be altered or deleted, even with direct SQL', async () => {
    await expect(app.db.query("UPDATE audit_log SET actor = 'someone-else'")).rejects.toThrow(/append-only/)
    await expect(app.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/)
    await expect(app.db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/)
  })
})
