import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { Client, Reply } from '../support/app.ts'
import { useApp } from '../support/use-app.ts'
import { featureId } from '../support/features.ts'
import { FIELD_PHOTO, FIELD_PHOTO_PATH, makePhoto } from '../fixtures/photo.ts'

// Field assessments: recorded with the asset update they imply in one transaction, repeat-safe with an
// Idempotency-Key, guarded by the asset version the observer saw, with photos stored and served back behind the same
// access rules as the asset.

const app = useApp('field.turkana', 'planner', 'admin')

const PHOTO = readFileSync(FIELD_PHOTO_PATH)
const NOW = () => new Date().toISOString()
let seq = 0
const key = () => `test-${process.pid}-${++seq}-${Date.now()}`

/** A Turkana feature of a collection not used by another test (each test takes its own). */
const used = new Set<string>()
async function turkana(collection: string, extra = 'TRUE'): Promise<number> {
  const r = await app.db.query<{ id: number }>(
    `SELECT id FROM ${collection} t WHERE county_code = '023' AND ${extra} ORDER BY id`,
  )
  const row = r.rows.find((x) => !used.has(`${collection}/${x.id}`))
  if (!row) throw new Error(`no unused ${collection} in Turkana`)
  used.add(`${collection}/${row.id}`)
  return row.id
}
const road = async (id: number) => (await app.planner.json(`/ogc/collections/roads/items/${id}`)).body
const count = async (sql: string, params: unknown[] = []) => (await app.db.query<{ n: number }>(sql, params)).rows[0]!.n

function multipart(
  client: Client,
  path: string,
  fields: Record<string, string>,
  photos: { bytes: Uint8Array; type?: string; name?: string }[],
  headers: Record<string, string> = {},
): Promise<Reply> {
  const form = new FormData()
  for (const [k, v] of Object.entries(fields)) form.append(k, v)
  for (const p of photos)
    form.append('photo', new Blob([new Uint8Array(p.bytes)], { type: p.type ?? 'image/jpeg' }), p.name ?? 'photo.jpg')
  return client.request(path, { method: 'POST', body: form, headers }).then(async (res) => {
    const text = await res.text()
    let body: any = text
    try {
      body = JSON.parse(text)
    } catch {
      /* not JSON */
    }
    return { status: res.status, body, headers: res.headers }
  })
}

describe('recording an assessment', () => {
  it("stores it and updates the asset's condition and status in the same transaction, with audit and history", async () => {
    const id = await turkana('roads', "condition <> 'impassable' AND status = 'existing'")
    const before = await road(id)
    const res = await app.fieldTurkana.send(
      'POST',
      '/api/assessments',
      {
        collection: 'roads',
        asset_id: id,
        condition: 'impassable',
        status: 'under_construction',
        notes: 'Culvert washed out at the lugga crossing.',
        observed_at: '2026-03-14T09:26:53+03:00',
        position: { lon: 35.6, lat: 3.12 },
        accuracy_m: 12,
        base_version: before.properties.version,
      },
      { 'Idempotency-Key': key() },
    )
    expect(res.status).toBe(201)
    expect(res.headers.get('location')).toBe(`/api/assessments/${res.body.assessment.id}`)
    expect(res.headers.get('etag')).toBe(`"${before.properties.version + 1}"`)
    expect(res.body.merged).toBe(false)
    expect(res.body.assessment).toMatchObject({
      collection: 'roads',
      asset_id: id,
      condition: 'impassable',
      status: 'under_construction',
      observer: 'field.turkana',
      observed_at: '2026-03-14T06:26:53Z',
      position: { lon: 35.6, lat: 3.12 },
      accuracy_m: 12,
      base_version: before.properties.version,
      asset_version: before.properties.version + 1,
      changed: ['condition', 'status'],
      photos: [],
    })
    expect(res.body.assessment.distance_m).toBeGreaterThanOrEqual(0)
    expect(res.body.asset.properties).toMatchObject({
      condition: 'impassable',
      status: 'under_construction',
      updated_by: 'field.turkana',
      version: before.properties.version + 1,
    })

    const after = await road(id)
    expect(after.properties).toMatchObject({ condition: 'impassable', status: 'under_construction' })
    const audit = await app.db.query<{ action: string; collection: string; before: any; after: any }>(
      `SELECT action, collection, before, after FROM audit_log WHERE (collection = 'roads' AND item_id = $1) OR (collection = 'assessments' AND item_id = $2) ORDER BY id`,
      [String(id), String(res.body.assessment.id)],
    )
    expect(audit.rows.map((r) => `${r.action} ${r.collection}`)).toEqual(['assess roads', 'assess assessments'])
    expect(audit.rows[0]!.before.properties.condition).toBe(before.properties.condition)
    expect(audit.rows[0]!.after.properties.condition).toBe('impassable')

    const history = (await app.planner.json(`/api/history/roads/${id}`)).body.entries
    expect(history.find((e: any) => e.type === 'assessment')).toMatchObject({
      id: res.body.assessment.id,
      photos: 0,
      actor: 'field.turkana',
      condition: 'impassable',
      notes: 'Culvert washed out at the lugga crossing.',
    })
    expect(history.find((e: any) => e.type === 'change')).toMatchObject({ action: 'assess', actor: 'field.turkana' })

    const list = await app.planner.json(`/api/assessments?collection=roads&id=${id}`)
    expect(list.status).toBe(200)
    expect(list.body.assessments.map((a: any) => a.id)).toEqual([res.body.assessment.id])
    expect((await app.planner.json(`/api/assessments/${res.body.assessment.id}`)).body).toEqual(
      list.body.assessments[0],
    )
  })

  it('records an observation that changes nothing on the asset without bumping its version', async () => {
    const id = await turkana('facilities')
    const before = (await app.planner.json(`/ogc/collections/facilities/items/${id}`)).body
    const res = await app.fieldTurkana.send('POST', '/api/assessments', {
      collection: 'facilities',
      asset_id: id,
      status: before.properties.status,
      notes: 'Visited; as recorded.',
      observed_at: NOW(),
    })
    expect(res.status).toBe(201)
    expect(res.body.assessment).toMatchObject({ changed: [], asset_version: before.properties.version })
    expect((await app.planner.json(`/ogc/collections/facilities/items/${id}`)).body.properties.version).toBe(
      before.properties.version,
    )
  })

  it('takes photos as multipart, stores them and serves them back with their type, EXIF time and position', async () => {
    const id = await turkana('border_posts')
    const second = makePhoto({ width: 200, height: 150, takenAt: '2026-03-14T07:00:00Z', offset: null })
    const res = await multipart(
      app.fieldTurkana,
      '/api/assessments',
      {
        assessment: JSON.stringify({ collection: 'border_posts', asset_id: id, condition: 'poor', observed_at: NOW() }),
        // The first photo's metadata was read on the device; the second has none, so the server reads its EXIF.
        photo_meta: JSON.stringify([{ taken_at: '2026-03-14T09:26:53+03:00', lon: 35.5973, lat: 3.1191 }]),
      },
      [{ bytes: PHOTO }, { bytes: second, type: 'application/octet-stream', name: 'x.bin' }],
      { 'Idempotency-Key': key() },
    )
    expect(res.status).toBe(201)
    const photos = res.body.assessment.photos
    expect(photos).toHaveLength(2)
    expect(photos[0]).toMatchObject({
      n: 1,
      content_type: 'image/jpeg',
      size_bytes: PHOTO.length,
      width: 320,
      height: 240,
      taken_at: '2026-03-14T06:26:53Z',
      position: { lon: 35.5973, lat: 3.1191 },
      uploaded_by: 'field.turkana',
    })
    // No OffsetTimeOriginal: the camera clock is taken to be East Africa Time. No GPS in that one.
    expect(photos[1]).toMatchObject({
      n: 2,
      content_type: 'image/jpeg',
      width: 200,
      height: 150,
      taken_at: '2026-03-14T04:00:00Z',
      position: null,
    })

    const got = await app.planner.request(photos[0].href)
    expect(got.status).toBe(200)
    expect(got.headers.get('content-type')).toBe('image/jpeg')
    expect(got.headers.get('x-content-type-options')).toBe('nosniff')
    const bytes = Buffer.from(await got.arrayBuffer())
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(PHOTO).digest('hex'))
    const etag = got.headers.get('etag')!
    expect((await app.planner.request(photos[0].href, { headers: { 'If-None-Match': etag } })).status).toBe(304)
    expect((await app.planner.request(`/api/assessments/${res.body.assessment.id}/photos/3`)).status).toBe(404)
  })

  it('reads EXIF from an original photo sent without metadata', async () => {
    const id = await turkana('airstrips')
    const res = await multipart(
      app.fieldTurkana,
      '/api/assessments',
      {
        assessment: JSON.stringify({
          collection: 'airstrips',
          asset_id: id,
          notes: 'Runway grass cut.',
          observed_at: NOW(),
        }),
      },
      [{ bytes: PHOTO }],
    )
    expect(res.status).toBe(201)
    expect(res.body.assessment.photos[0]).toMatchObject({
      taken_at: FIELD_PHOTO.takenAt.replace('.000', ''),
      position: { lon: FIELD_PHOTO.lon, lat: FIELD_PHOTO.lat },
    })
  })

  it('refuses what is not a photo, too large, or too many, by their bytes', async () => {
    const id = await turkana('roads')
    const body = JSON.stringify({ collection: 'roads', asset_id: id, condition: 'fair', observed_at: NOW() })
    const before = await count('SELECT count(*) AS n FROM assessments')
    const fake = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    const notPhoto = await multipart(app.fieldTurkana, '/api/assessments', { assessment: body }, [
      { bytes: fake, type: 'image/jpeg', name: 'evil.jpg' },
    ])
    expect(notPhoto.status).toBe(415)
    expect(notPhoto.body.error.code).toBe('unsupported_media_type')
    const huge = Buffer.concat([PHOTO, Buffer.alloc(5 * 1024 * 1024)])
    expect(
      (await multipart(app.fieldTurkana, '/api/assessments', { assessment: body }, [{ bytes: huge }])).status,
    ).toBe(413)
    const seven = Array.from({ length: 7 }, () => ({ bytes: PHOTO }))
    const tooMany = await multipart(app.fieldTurkana, '/api/assessments', { assessment: body }, seven)
    expect(tooMany.status).toBe(422)
    expect(tooMany.body.error.code).toBe('too_many_photos')
    expect(await count('SELECT count(*) AS n FROM assessments')).toBe(before)
  })

  it("validates the form against the asset type and the caller's area and role", async () => {
    const id = await turkana('roads')
    const ok = { collection: 'roads', asset_id: id, condition: 'fair', observed_at: NOW() }
    const send = (body: unknown, c: Client = app.fieldTurkana) => c.send('POST', '/api/assessments', body)
    expect((await send({ ...ok, status: 'operational' })).body.error).toMatchObject({
      code: 'invalid_body',
      parameter: 'status',
    })
    expect((await send({ ...ok, collection: 'incidents' })).status).toBe(400)
    expect(
      (await send({ ...ok, observed_at: new Date(Date.now() + 86_400_000).toISOString() })).body.error.parameter,
    ).toBe('observed_at')
    expect((await send({ ...ok, position: { lon: 2.35, lat: 48.85 } })).status).toBe(400)
    expect((await send({ ...ok, notes: 'a\u0000b' })).status).toBe(400)
    expect((await send({ ...ok, surface: 'paved' })).status).toBe(400)
    expect((await send({ collection: 'roads', asset_id: id, observed_at: NOW() })).body.error.code).toBe(
      'empty_assessment',
    )
    expect(
      (
        await app.fieldTurkana.request('/api/assessments', {
          method: 'POST',
          body: 'condition=fair',
          headers: { 'Content-Type': 'text/plain' },
        })
      ).status,
    ).toBe(415)
    const coast = Number(await featureId(app.db, 'roads', "t.region_code = 'coast'"))
    expect((await send({ ...ok, asset_id: coast })).status).toBe(404)
    expect((await send(ok, await app.as('commissioner.rift'))).status).toBe(403)
    expect((await send(ok, await app.as('viewer'))).status).toBe(403)
    // Planners do not edit administrative units, so they cannot assess them either.
    const unit = await turkana('admin_units')
    expect(
      (await send({ collection: 'admin_units', asset_id: unit, status: 'inactive', observed_at: NOW() }, app.planner))
        .status,
    ).toBe(403)
    expect(
      (await send({ collection: 'admin_units', asset_id: unit, status: 'inactive', observed_at: NOW() })).status,
    ).toBe(201)
  })
})

describe('concurrent changes', () => {
  it('answers 412 with the current asset and the conflicting fields when someone changed the same field, writing nothing', async () => {
    const id = await turkana('roads', "condition <> 'good'")
    const seen = await road(id)
    await app.planner.send(
      'PATCH',
      `/ogc/collections/roads/items/${id}`,
      { properties: { condition: 'good' } },
      { 'If-Match': `"${seen.properties.version}"` },
    )
    const n = await count('SELECT count(*) AS n FROM assessments WHERE asset_id = $1', [id])
    const res = await app.fieldTurkana.send(
      'POST',
      '/api/assessments',
      {
        collection: 'roads',
        asset_id: id,
        condition: 'impassable',
        notes: 'Flooded',
        observed_at: NOW(),
        base_version: seen.properties.version,
      },
      { 'Idempotency-Key': key() },
    )
    expect(res.status).toBe(412)
    expect(res.body.error).toMatchObject({ code: 'precondition_failed', parameter: 'base_version' })
    expect(res.body.current.properties).toMatchObject({ condition: 'good', version: seen.properties.version + 1 })
    expect(res.body.conflicts).toEqual([
      { field: 'condition', base: seen.properties.condition, yours: 'impassable', current: 'good' },
    ])
    expect(res.headers.get('etag')).toBe(`"${seen.properties.version + 1}"`)
    expect(await count('SELECT count(*) AS n FROM assessments WHERE asset_id = $1', [id])).toBe(n)
    expect((await road(id)).properties.condition).toBe('good')

    // The same through If-Match; then the officer decides, and sends again against the current version.
    const viaHeader = await app.fieldTurkana.send(
      'POST',
      '/api/assessments',
      { collection: 'roads', asset_id: id, condition: 'impassable', observed_at: NOW() },
      { 'If-Match': `"${seen.properties.version}"` },
    )
    expect(viaHeader.status).toBe(412)
    const resolved = await app.fieldTurkana.send('POST', '/api/assessments', {
      collection: 'roads',
      asset_id: id,
      condition: 'impassable',
      notes: 'Flooded',
      observed_at: NOW(),
      base_version: res.body.current.properties.version,
    })
    expect(resolved.status).toBe(201)
    expect((await road(id)).properties.condition).toBe('impassable')
  })

  it('merges when only other fields changed, and does not count agreeing values as a conflict', async () => {
    const id = await turkana('roads', "surface <> 'paved' AND condition <> 'poor'")
    const seen = await road(id)
    await app.planner.send('PATCH', `/ogc/collections/roads/items/${id}`, {
      properties: { surface: 'paved', name: 'Renamed by the planner' },
    })
    const res = await app.fieldTurkana.send('POST', '/api/assessments', {
      collection: 'roads',
      asset_id: id,
      condition: 'poor',
      observed_at: NOW(),
      base_version: seen.properties.version,
    })
    expect(res.status).toBe(201)
    expect(res.body.merged).toBe(true)
    expect(res.body.asset.properties).toMatchObject({
      surface: 'paved',
      name: 'Renamed by the planner',
      condition: 'poor',
    })

    const v = res.body.asset.properties.version
    await app.planner.send('PATCH', `/ogc/collections/roads/items/${id}`, { properties: { condition: 'impassable' } })
    const agree = await app.fieldTurkana.send('POST', '/api/assessments', {
      collection: 'roads',
      asset_id: id,
      condition: 'impassable',
      observed_at: NOW(),
      base_version: v,
    })
    expect(agree.status).toBe(201)
    expect(agree.body.assessment.changed).toEqual([])
  })

  it("does not count the observer's own changes since (an earlier item of their queue) as a conflict", async () => {
    const id = await turkana('roads', "condition <> 'poor' AND condition <> 'impassable'")
    const seen = (await road(id)).properties.version
    const morning = await app.fieldTurkana.send('POST', '/api/assessments', {
      collection: 'roads',
      asset_id: id,
      condition: 'poor',
      observed_at: NOW(),
      base_version: seen,
    })
    expect(morning.status).toBe(201)
    const afternoon = await app.fieldTurkana.send('POST', '/api/assessments', {
      collection: 'roads',
      asset_id: id,
      condition: 'impassable',
      observed_at: NOW(),
      base_version: seen,
    })
    expect(afternoon.status).toBe(201)
    expect((await road(id)).properties.condition).toBe('impassable')
  })

  it('treats a change the audit log cannot explain as a conflict rather than overwrite it', async () => {
    const id = await turkana('roads', "condition <> 'fair'")
    const seen = await road(id)
    await app.db.query(`UPDATE roads SET condition = 'fair' WHERE id = $1`, [id]) // a write that bypassed the API
    const res = await app.fieldTurkana.send('POST', '/api/assessments', {
      collection: 'roads',
      asset_id: id,
      condition: 'poor',
      observed_at: NOW(),
      base_version: seen.properties.version,
    })
    expect(res.status).toBe(412)
    expect(res.body.conflicts).toEqual([{ field: 'condition', base: null, yours: 'poor', current: 'fair' }])
  })

  it('answers a stale Part 4 edit with 412 too', async () => {
    const id = await turkana('roads')
    const v = (await road(id)).properties.version
    await app.planner.send(
      'PATCH',
      `/ogc/collections/roads/items/${id}`,
      { properties: { condition: 'fair' } },
      { 'If-Match': `"${v}"` },
    )
    const stale = await app.fieldTurkana.send(
      'PATCH',
      `/ogc/collections/roads/items/${id}`,
      { properties: { condition: 'poor' } },
      { 'If-Match': `"${v}"`, 'Idempotency-Key': key() },
    )
    expect(stale.status).toBe(412)
    expect(stale.body.current.properties.condition).toBe('fair')
  })
})

describe('repeats with the same Idempotency-Key', () => {
  it('record one assessment (JSON) and replay the first answer', async () => {
    const id = await turkana('roads')
    const body = { collection: 'roads', asset_id: id, condition: 'poor', observed_at: NOW(), notes: 'once' }
    const k = key()
    const first = await app.fieldTurkana.send('POST', '/api/assessments', body, { 'Idempotency-Key': k })
    const again = await app.fieldTurkana.send('POST', '/api/assessments', body, { 'Idempotency-Key': k })
    expect(first.status).toBe(201)
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body).toEqual(first.body)
    expect(
      await count(`SELECT count(*) AS n FROM assessments WHERE asset_id = $1 AND collection = 'roads'`, [id]),
    ).toBe(1)
    expect(
      await count(`SELECT count(*) AS n FROM audit_log WHERE collection = 'assessments' AND item_id = $1`, [
        String(first.body.assessment.id),
      ]),
    ).toBe(1)
    const other = await app.fieldTurkana.send(
      'POST',
      '/api/assessments',
      { ...body, notes: 'different' },
      { 'Idempotency-Key': k },
    )
    expect(other.status).toBe(422)
  })

  it('record one assessment and one set of photos (multipart, a new boundary each time)', async () => {
    const id = await turkana('facilities')
    const k = key()
    const send = () =>
      multipart(
        app.fieldTurkana,
        '/api/assessments',
        {
          assessment: JSON.stringify({
            collection: 'facilities',
            asset_id: id,
            condition: 'fair',
            observed_at: '2026-03-14T06:00:00Z',
          }),
          photo_meta: JSON.stringify([{ taken_at: '2026-03-14T06:00:00Z', lon: 35.6, lat: 3.1 }]),
        },
        [{ bytes: PHOTO }],
        { 'Idempotency-Key': k },
      )
    const [a, b] = [await send(), await send()]
    expect([a.status, b.status]).toEqual([201, 201])
    expect(b.body.assessment.id).toBe(a.body.assessment.id)
    expect(
      await count(`SELECT count(*) AS n FROM assessments WHERE asset_id = $1 AND collection = 'facilities'`, [id]),
    ).toBe(1)
    expect(
      await count('SELECT count(*) AS n FROM assessment_photos WHERE assessment_id = $1', [a.body.assessment.id]),
    ).toBe(1)
  })

  it('add one photo through the photos endpoint, up to the limit, only by the observer', async () => {
    const id = await turkana('roads')
    const created = await app.fieldTurkana.send('POST', '/api/assessments', {
      collection: 'roads',
      asset_id: id,
      notes: 'photos follow',
      observed_at: NOW(),
    })
    const aid = created.body.assessment.id
    const k = key()
    const add = (headers: Record<string, string>, client = app.fieldTurkana) =>
      multipart(
        client,
        `/api/assessments/${aid}/photos`,
        { taken_at: '2026-03-14T06:26:53Z', lon: '35.6', lat: '3.1' },
        [{ bytes: PHOTO }],
        headers,
      )
    const first = await add({ 'Idempotency-Key': k })
    const again = await add({ 'Idempotency-Key': k })
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({
      n: 1,
      content_type: 'image/jpeg',
      taken_at: '2026-03-14T06:26:53Z',
      position: { lon: 35.6, lat: 3.1 },
      href: `/api/assessments/${aid}/photos/1`,
    })
    expect(first.headers.get('location')).toBe(`/api/assessments/${aid}/photos/1`)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body).toEqual(first.body)
    expect(await count('SELECT count(*) AS n FROM assessment_photos WHERE assessment_id = $1', [aid])).toBe(1)

    expect((await add({}, app.planner)).status).toBe(403)
    for (let n = 2; n <= 6; n++) expect((await add({ 'Idempotency-Key': key() })).body.n).toBe(n)
    const seventh = await add({ 'Idempotency-Key': key() })
    expect(seventh.status).toBe(422)
    expect(seventh.body.error.code).toBe('too_many_photos')
    expect(await count('SELECT count(*) AS n FROM assessment_photos WHERE assessment_id = $1', [aid])).toBe(6)
  })

  it('apply concurrent repeats once', async () => {
    const id = await turkana('roads')
    const k = key()
    const body = { collection: 'roads', asset_id: id, condition: 'poor', observed_at: NOW() }
    const results = await Promise.all(
      [1, 2, 3].map(() => app.fieldTurkana.send('POST', '/api/assessments', body, { 'Idempotency-Key': k })),
    )
    expect(results.map((r) => r.status)).toEqual([201, 201, 201])
    expect(new Set(results.map((r) => r.body.assessment.id)).size).toBe(1)
    expect(
      await count(`SELECT count(*) AS n FROM assessments WHERE asset_id = $1 AND collection = 'roads'`, [id]),
    ).toBe(1)
  })
})

describe('photo access', () => {
  it("follows the asset: outside the caller's area a photo does not exist, and anonymous callers are refused", async () => {
    const coast = Number(await featureId(app.db, 'roads', "t.region_code = 'coast'"))
    const res = await multipart(
      app.admin,
      '/api/assessments',
      {
        assessment: JSON.stringify({ collection: 'roads', asset_id: coast, condition: 'fair', observed_at: NOW() }),
      },
      [{ bytes: PHOTO }],
    )
    expect(res.status).toBe(201)
    const href = res.body.assessment.photos[0].href
    expect((await app.planner.request(href)).status).toBe(200)
    expect((await (await app.as('viewer')).request(href)).status).toBe(200)
    expect((await app.fieldTurkana.request(href)).status).toBe(404)
    expect((await (await app.as('commissioner.rift')).request(href)).status).toBe(404)
    expect((await app.anon.request(href)).status).toBe(401)
    expect((await app.fieldTurkana.json(`/api/assessments/${res.body.assessment.id}`)).status).toBe(404)
    expect(
      (await app.fieldTurkana.json('/api/assessments?collection=roads')).body.assessments.every(
        (a: any) => a.asset_id !== coast,
      ),
    ).toBe(true)
    expect((await app.fieldTurkana.json(`/api/assessments?collection=roads&id=${coast}`)).body.assessments).toEqual([])
  })
})

describe('one transaction', () => {
  it('leaves no assessment, photo or audit row when the asset update fails', async () => {
    const id = await turkana('roads', "condition <> 'impassable'")
    const before = await road(id)
    await app.db.exec(`CREATE FUNCTION refuse_road_${id}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.id = ${id} THEN RAISE EXCEPTION 'road ${id} is locked for maintenance' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse_road_${id} BEFORE UPDATE ON roads FOR EACH ROW EXECUTE FUNCTION refuse_road_${id}();`)
    const counts = () =>
      Promise.all([
        count('SELECT count(*) AS n FROM assessments'),
        count('SELECT count(*) AS n FROM assessment_photos'),
        count('SELECT count(*) AS n FROM audit_log'),
      ])
    const was = await counts()
    const k = key()
    const res = await multipart(
      app.fieldTurkana,
      '/api/assessments',
      {
        assessment: JSON.stringify({
          collection: 'roads',
          asset_id: id,
          condition: 'impassable',
          notes: 'never stored',
          observed_at: NOW(),
        }),
      },
      [{ bytes: PHOTO }],
      { 'Idempotency-Key': k },
    )
    expect(res.status).toBe(400)
    expect(res.body.error.code).toBe('constraint_violation')
    expect(await counts()).toEqual(was)
    expect((await road(id)).properties).toMatchObject({
      condition: before.properties.condition,
      version: before.properties.version,
    })
    // The failed attempt did not consume its key: once the asset accepts updates, the same request goes through.
    await app.db.exec(`DROP TRIGGER refuse_road_${id} ON roads`)
    const retry = await multipart(
      app.fieldTurkana,
      '/api/assessments',
      {
        assessment: JSON.stringify({
          collection: 'roads',
          asset_id: id,
          condition: 'impassable',
          notes: 'never stored',
          observed_at: NOW(),
        }),
      },
      [{ bytes: PHOTO }],
      { 'Idempotency-Key': k },
    )
    expect(retry.status).toBe(201)
  })

  it('leaves the asset unchanged when recording the assessment fails after the asset update', async () => {
    const id = await turkana('roads', "condition <> 'poor'")
    const before = await road(id)
    await app.db.exec(`CREATE FUNCTION refuse_assessment_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.collection = 'assessments' THEN RAISE EXCEPTION 'audit store refuses assessments' USING ERRCODE = 'check_violation'; END IF; RETURN NEW; END $$;
      CREATE TRIGGER refuse_assessment_audit BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION refuse_assessment_audit();`)
    try {
      const n = await count('SELECT count(*) AS n FROM assessments')
      const res = await app.fieldTurkana.send('POST', '/api/assessments', {
        collection: 'roads',
        asset_id: id,
        condition: 'poor',
        observed_at: NOW(),
      })
      expect(res.status).toBe(400)
      expect(await count('SELECT count(*) AS n FROM assessments')).toBe(n)
      expect((await road(id)).properties).toMatchObject({
        condition: before.properties.condition,
        version: before.properties.version,
      })
    } finally {
      await app.db.exec('DROP TRIGGER refuse_assessment_audit ON audit_log')
    }
  })
})
