import { readFileSync } from 'node:fs'
import { VectorTile } from '@mapbox/vector-tile'
import { PbfReader } from 'pbf'
import { describe, expect, it } from 'vitest'
import { FakeSender } from '../../server/reports/sender.ts'
import { signBody } from '../../server/reports/signature.ts'
import { checkedApp } from '../support/app.ts'
import type { Client, Reply } from '../support/app.ts'
import { driver } from '../support/db.ts'
import { TEST_PASSWORD } from '../support/password.ts'
import { useApp } from '../support/use-app.ts'
import { FIELD_PHOTO_PATH } from '../fixtures/photo.ts'

// Citizen reports: public intake by web form, SMS and USSD (each queued with a reference code), status by code only,
// abuse limits, duplicate grouping, moderation within the moderator's area, incidents from verified reports only,
// audited actions and the erasure of phone numbers.

const SECRET = 'intake-secret-for-tests-0123456789'
const sender = new FakeSender()
const REPORTS = {
  key: 'test-reports-key',
  intakeSecret: SECRET,
  sender,
  limits: { perDevice: 3, perIp: 10_000, perPhone: 4 },
}
const app = useApp({ reports: REPORTS }, 'moderator.turkana', 'admin', 'planner')

const PHOTO = readFileSync(FIELD_PHOTO_PATH)
let seq = 0
const device = () => `device-${process.pid}-${++seq}`
// Far from the sample incidents' months, so counts before and after a verification are exact.
const WHEN = '2019-06-15T10:00:00+03:00'
const LOKICHAR = { lon: 35.6421, lat: 2.3845 }

function report(body: Record<string, unknown>, client: Client = app.anon, dev = device()): Promise<Reply> {
  return client.send('POST', '/api/reports', body, { 'X-Device-Id': dev })
}
const base = (extra: Record<string, unknown> = {}) => ({
  theme: 'land_dispute',
  occurred_at: WHEN,
  description: 'Neighbours fighting over a boundary near the borehole',
  ...LOKICHAR,
  precision: 'gps',
  ...extra,
})
const count = async (sql: string, params: unknown[] = []) =>
  (await app.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`, params)).rows[0]!.n
const byRef = async (reference: string) =>
  (await app.db.query<{ id: number }>('SELECT id::int AS id FROM citizen_reports WHERE reference = $1', [reference]))
    .rows[0]!.id

function form(path: string, fields: Record<string, string>, secret = SECRET): Promise<Reply> {
  return app.anon.json(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Intake-Secret': secret },
    body: new URLSearchParams(fields).toString(),
  })
}

describe(`citizen reports: intake (${driver})`, () => {
  it('takes an anonymous web report and tells its status by reference, nothing else', async () => {
    const res = await report(base())
    expect(res.status).toBe(201)
    expect(res.body.reference).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/)
    const s = await app.anon.json(`/api/reports/status/${res.body.reference.toLowerCase().replace('-', '')}`)
    expect(s.status).toBe(200)
    expect(Object.keys(s.body).sort()).toEqual(['reference', 'status', 'updated_at'])
    expect(s.body).toMatchObject({ reference: res.body.reference, status: 'received' })
    expect((await app.anon.json('/api/reports/status/AAAA-2222')).status).toBe(404)
    expect((await app.anon.json('/api/reports')).status).toBe(401)
    const row = await app.db.query('SELECT phone_enc, phone_hash, channel FROM citizen_reports WHERE reference = $1', [
      res.body.reference,
    ])
    expect(row.rows[0]).toMatchObject({ phone_enc: null, phone_hash: null, channel: 'web' })
  })

  it('offers the gazetteer places of a county to the public form, and places a report at the chosen one', async () => {
    const res = await app.anon.json('/api/reports/places?county=023')
    expect(res.status).toBe(200)
    const names = res.body.places.map((p: { name: string }) => p.name)
    expect(names).toContain('Lodwar')
    expect(names).not.toContain('Nairobi')
    const inTurkana = await count("places WHERE county_code = '023'")
    expect(res.body.places).toHaveLength(inTurkana)
    expect((await app.anon.json('/api/reports/places?county=Turkana')).status).toBe(400)
    const lodwar = res.body.places.find((p: { name: string }) => p.name === 'Lodwar')
    const sent = await report({
      theme: 'other',
      occurred_at: WHEN,
      description: 'Seen at the market',
      place_id: lodwar.id,
    })
    expect(sent.status).toBe(201)
    const row = await app.db.query(
      'SELECT place_name, precision, county_code FROM citizen_reports WHERE reference = $1',
      [sent.body.reference],
    )
    expect(row.rows[0]).toEqual({ place_name: 'Lodwar', precision: 'place', county_code: '023' })
  })

  it('keeps a phone only with consent, encrypted, and takes photos as multipart', async () => {
    expect((await report(base({ phone: '0712345678' }))).status).toBe(400)
    const fd = new FormData()
    fd.append('report', JSON.stringify(base({ phone: '0712 345678', contact_consent: true, theme: 'boda_boda' })))
    fd.append('photo', new Blob([new Uint8Array(PHOTO)], { type: 'image/jpeg' }), 'p.jpg')
    const res = await app.anon.json('/api/reports', { method: 'POST', body: fd, headers: { 'X-Device-Id': device() } })
    expect(res.status).toBe(201)
    const row = (
      await app.db.query<{ phone_enc: Uint8Array; photos: number }>(
        `SELECT phone_enc, (SELECT count(*)::int FROM citizen_report_photos WHERE report_id = r.id) AS photos
         FROM citizen_reports r WHERE reference = $1`,
        [res.body.reference],
      )
    ).rows[0]!
    expect(row.photos).toBe(1)
    expect(Buffer.from(row.phone_enc).toString('latin1')).not.toContain('712345678')
    const q = await app.moderatorTurkana.json('/api/reports?county=023')
    const mine = q.body.reports.find((r: { reference: string }) => r.reference === res.body.reference)
    expect(mine).toMatchObject({ phone: '+254712345678', contact_consent: true, photos: [1], channel: 'web' })
    const ph = await app.moderatorTurkana.request(`/api/reports/${mine.id}/photos/1`)
    expect(ph.status).toBe(200)
    expect(ph.headers.get('Content-Type')).toBe('image/jpeg')
  })

  it('refuses non-image and oversized photos, and stores HTML as plain text', async () => {
    const before = await count('citizen_reports')
    const bad = new FormData()
    bad.append('report', JSON.stringify(base()))
    bad.append('photo', new Blob(['<svg onload=alert(1)>'], { type: 'image/jpeg' }), 'x.jpg')
    expect(
      (await app.anon.json('/api/reports', { method: 'POST', body: bad, headers: { 'X-Device-Id': device() } })).status,
    ).toBe(415)
    const big = new FormData()
    big.append('report', JSON.stringify(base()))
    big.append(
      'photo',
      new Blob([new Uint8Array(PHOTO), new Uint8Array(5 * 1024 * 1024)], { type: 'image/jpeg' }),
      'b.jpg',
    )
    expect(
      (await app.anon.json('/api/reports', { method: 'POST', body: big, headers: { 'X-Device-Id': device() } })).status,
    ).toBe(413)
    expect(await count('citizen_reports')).toBe(before)
    const html = '<img src=x onerror="alert(1)"><script>alert(2)</script> fight'
    const res = await report(base({ description: html, theme: 'other', place_name: '<b>Kalokol</b>' }))
    expect(res.status).toBe(201)
    const q = await app.moderatorTurkana.json('/api/reports?theme=other')
    const mine = q.body.reports.find((r: { reference: string }) => r.reference === res.body.reference)
    expect(mine.description).toBe(html)
    expect(mine.place_name).toBe('<b>Kalokol</b>')
    expect(mine.spam_reasons).toContain('markup')
  })

  it('limits reports per device with 429 and Retry-After', async () => {
    const dev = device()
    for (let i = 0; i < 3; i++) expect((await report(base({ theme: 'small_arms' }), app.anon, dev)).status).toBe(201)
    const res = await report(base({ theme: 'small_arms' }), app.anon, dev)
    expect(res.status).toBe(429)
    expect(res.body.error.code).toBe('too_many_reports')
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(0)
  })

  it('shares the limits between app instances on one database, keeping no device id in clear', async () => {
    const other = checkedApp({ db: app.db, reports: REPORTS })
    const dev = device()
    const send = (instance: typeof other) =>
      instance.request('/api/reports', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Device-Id': dev },
        body: JSON.stringify(base({ theme: 'terrorism', description: 'Strangers with a heavy bag at the stage' })),
      })
    const statuses = []
    for (const instance of [app.t.app, other, app.t.app, other]) statuses.push((await send(instance)).status)
    expect(statuses).toEqual([201, 201, 201, 429])
    expect((await send(app.t.app)).status).toBe(429)
    expect(await count("intake_hits WHERE kind = 'device'")).toBeGreaterThanOrEqual(3)
    expect(await count('intake_hits WHERE key = $1', [dev])).toBe(0)
  })

  it('counts an SMS sender over both instances and tells them by SMS when the limit is reached', async () => {
    const other = checkedApp({ db: app.db, reports: REPORTS })
    const sms = (instance: typeof other, n: number) =>
      instance.request('/api/intake/sms', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Intake-Secret': SECRET },
        body: new URLSearchParams({
          from: '+254722999000',
          to: '22384',
          text: 'Wizi Lodwar',
          id: `lim-${n}`,
        }).toString(),
      })
    const statuses = []
    for (let i = 0; i < 5; i++) statuses.push((await sms(i % 2 ? other : app.t.app, i)).status)
    expect(statuses).toEqual([200, 200, 200, 200, 429])
    expect(sender.sent.at(-1)!.to).toBe('+254722999000')
  })

  it('takes an SMS signed with the secret (X-Intake-Signature) and refuses a wrong signature, storing nothing', async () => {
    const body = new URLSearchParams({
      from: '+254722000333',
      to: '22384',
      text: 'Wizi wa mifugo Kakuma',
      id: 'ATXid_signed_1',
    }).toString()
    const post = (signature: string, payload = body) =>
      app.anon.json('/api/intake/sms', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Intake-Signature': signature },
        body: payload,
      })
    const before = await count('citizen_reports')
    for (const bad of [
      signBody(body, 'another-secret'),
      signBody(`${body}&x=1`, SECRET),
      signBody(body, SECRET).replace('sha256=', 'sha1='),
      'sha256=zz',
    ]) {
      const res = await post(bad)
      expect(res.status).toBe(401)
      expect(res.body.error).toMatchObject({ code: 'invalid_intake_secret', parameter: 'X-Intake-Signature' })
    }
    // A body changed after signing is refused too (the signature covers the bytes, not the fields).
    expect((await post(signBody(body, SECRET), body.replace('Kakuma', 'Lodwar'))).status).toBe(401)
    expect(await count('citizen_reports')).toBe(before)
    const ok = await post(signBody(body, SECRET))
    expect(ok.status).toBe(200)
    expect(ok.body.reference).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    expect(await count('citizen_reports')).toBe(before + 1)
  })

  it('takes an SMS through the webhook, placed from the gazetteer, and replies with the reference', async () => {
    const before = await count('citizen_reports')
    const wrong = await form(
      '/api/intake/sms',
      { from: '+254722000111', to: '22384', text: 'Wizi wa mifugo Lokichar', id: 'm1', date: '2026-12-01 10:00:00' },
      'nope',
    )
    expect(wrong.status).toBe(401)
    expect(wrong.body.error.code).toBe('invalid_intake_secret')
    expect(await count('citizen_reports')).toBe(before)
    expect((await form('/api/intake/sms', { to: '22384', text: 'x', id: 'm2' })).status).toBe(400)
    const res = await form('/api/intake/sms', {
      from: '+254722000111',
      to: '22384',
      text: 'Wizi wa mifugo Lokichar usiku wa leo, ngombe 40',
      id: 'ATXid_sms_1',
      date: '2026-12-01 22:10:00',
    })
    expect(res.status).toBe(200)
    expect(res.body.reference).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    const row = (
      await app.db.query(
        'SELECT channel, theme, county_code, place_name, precision, language FROM citizen_reports WHERE reference = $1',
        [res.body.reference],
      )
    ).rows[0]
    expect(row).toMatchObject({
      channel: 'sms',
      theme: 'cattle_rustling_banditry',
      county_code: '023',
      place_name: 'Lokichar',
      precision: 'place',
      language: 'sw',
    })
    expect(sender.sent.at(-1)).toEqual({ to: '+254722000111', message: expect.stringContaining(res.body.reference) })
    // The gateway retrying the same message stores nothing new.
    const again = await form('/api/intake/sms', {
      from: '+254722000111',
      to: '22384',
      text: 'Wizi wa mifugo Lokichar usiku wa leo, ngombe 40',
      id: 'ATXid_sms_1',
    })
    expect(again.body.reference).toBe(res.body.reference)
  })

  it('runs a full USSD session in Kiswahili, CON … END with the reference', async () => {
    const step = (text: string, secret = SECRET) =>
      app.anon.request('/api/intake/ussd', {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Intake-Secret': secret },
        body: new URLSearchParams({
          sessionId: 'ATUid_1',
          serviceCode: '*384*55#',
          phoneNumber: '+254733000222',
          text,
        }).toString(),
      })
    expect((await step('', 'wrong')).status).toBe(401)
    const screens: string[] = []
    for (const text of [
      '',
      '2',
      '2*2',
      '2*2*Turkana',
      '2*2*Turkana*Kakuma',
      '2*2*Turkana*Kakuma*Mtu ana bunduki sokoni',
      '2*2*Turkana*Kakuma*Mtu ana bunduki sokoni*1',
    ]) {
      const res = await step(text)
      expect(res.status).toBe(200)
      screens.push(await res.text())
    }
    expect(screens.slice(0, -1).every((s) => s.startsWith('CON '))).toBe(true)
    expect(screens[1]).toContain('Bunduki')
    expect(screens[5]).toContain('Kakuma, Turkana')
    const last = screens.at(-1)!
    expect(last).toMatch(/^END Asante.*[A-Z2-9]{4}-[A-Z2-9]{4}$/)
    const reference = last.slice(-9)
    const row = (
      await app.db.query('SELECT channel, theme, county_code, place_name FROM citizen_reports WHERE reference = $1', [
        reference,
      ])
    ).rows[0]
    expect(row).toMatchObject({ channel: 'ussd', theme: 'small_arms', county_code: '023', place_name: 'Kakuma' })
    const bad = await app.anon.json('/api/intake/ussd', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-Intake-Secret': SECRET },
      body: 'sessionId=&text=1',
    })
    expect(bad.status).toBe(400)
  })
})

describe(`citizen reports: moderation (${driver})`, () => {
  let other: Client
  it('keeps each moderator to their area: no other county’s queue, report or phone', async () => {
    const created = await app.admin.send('POST', '/api/users', {
      username: 'moderator.nairobi',
      password: TEST_PASSWORD,
      role: 'moderator',
      counties: ['047'],
    })
    expect(created.status).toBe(201)
    other = await app.as('moderator.nairobi')
    const res = await report(base({ phone: '0799888777', contact_consent: true, theme: 'organised_gangs' }))
    const id = await byRef(res.body.reference)
    expect((await other.json('/api/reports?county=023')).status).toBe(403)
    const own = await other.json('/api/reports')
    expect(own.status).toBe(200)
    expect(own.body.reports.every((r: { county_code: string }) => r.county_code === '047')).toBe(true)
    expect(JSON.stringify(own.body)).not.toContain('799888777')
    expect((await other.json(`/api/reports/${id}`)).status).toBe(404)
    expect((await other.send('POST', `/api/reports/${id}/reject`, { reason: 'not mine' })).status).toBe(404)
    expect((await app.planner.json('/api/reports')).status).toBe(403)
    const detail = await app.moderatorTurkana.json(`/api/reports/${id}`)
    expect(detail.body.phone).toBe('+254799888777')
  })

  it('groups near duplicates, and verifying makes one incident in items, tiles and hot spots', async () => {
    const theme = 'cross_border_smuggling'
    const hot = async () =>
      (await app.planner.json(`/api/analysis/hotspots?theme=${theme}&from=2019-06-01&to=2019-06-30&cell_km=10`)).body
        .incidents
    const items = async () =>
      (await app.planner.json(`/ogc/collections/incidents/items?source=citizen&theme=${theme}`)).body.features
    const a = await report(base({ theme, description: 'Lorries of contraband sugar at night' }))
    const b = await report(base({ theme, description: 'Smuggled sugar trucks passing', lon: LOKICHAR.lon + 0.005 }))
    const [ida, idb] = [await byRef(a.body.reference), await byRef(b.body.reference)]
    const q = await app.moderatorTurkana.json(`/api/reports?theme=${theme}`)
    const [ra, rb] = [ida, idb].map((id) => q.body.reports.find((r: { id: number }) => r.id === id))
    expect(ra.group_id).toBe(ida)
    expect(rb).toMatchObject({ group_id: ida, group_size: 2 })
    // Unverified reports are no incidents anywhere.
    expect(await items()).toHaveLength(0)
    expect(await hot()).toBe(0)

    const v = await app.moderatorTurkana.send('POST', `/api/reports/${ida}/verify`, { severity: 3 })
    expect(v.status).toBe(200)
    // Routed to the community structure covering Lokichar (a Nyumba Kumi cluster or the town's committee).
    expect(v.body).toMatchObject({ status: 'verified', committee: { kind: expect.any(String) } })
    expect(v.body.committee.name).toContain('Lokichar')
    const incident = v.body.incident_id
    const w = await app.moderatorTurkana.send('POST', `/api/reports/${idb}/verify`, {})
    expect(w.body.incident_id).toBe(incident)
    expect((await app.moderatorTurkana.send('POST', `/api/reports/${idb}/verify`, {})).status).toBe(409)

    const features = await items()
    expect(features).toHaveLength(1)
    expect(features[0].properties).toMatchObject({ source: 'citizen', theme, verified: true })
    expect(await hot()).toBe(1)
    const z = 8
    const n = 2 ** z
    const x = Math.floor(((LOKICHAR.lon + 180) / 360) * n)
    const r = (LOKICHAR.lat * Math.PI) / 180
    const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
    const tile = await app.planner.request(`/tiles/incidents/${z}/${x}/${y}.mvt?source=citizen`)
    const vt = new VectorTile(new PbfReader(new Uint8Array(await tile.arrayBuffer())) as never)
    expect(vt.layers.incidents?.length).toBe(1)
    expect((await app.anon.json(`/api/reports/status/${a.body.reference}`)).body.status).toBe('verified')
  })

  it('audits reject, merge and escalate', async () => {
    const [a, b, c] = await Promise.all(
      ['terrorism', 'sgbv', 'illicit_alcohol_drugs'].map((theme, i) =>
        report(base({ theme, lon: LOKICHAR.lon + i * 0.1 })),
      ),
    )
    const [ida, idb, idc] = [
      await byRef(a!.body.reference),
      await byRef(b!.body.reference),
      await byRef(c!.body.reference),
    ]
    const rej = await app.moderatorTurkana.send('POST', `/api/reports/${ida}/reject`, { reason: 'Prank call' })
    expect(rej.body).toMatchObject({ status: 'rejected', reject_reason: 'Prank call' })
    const mer = await app.moderatorTurkana.send('POST', `/api/reports/${idb}/merge`, { report_id: idc })
    expect(mer.body).toMatchObject({ status: 'merged', merged_into: idc, group_id: idc })
    const station = (
      await app.db.query<{ id: number }>(
        "SELECT id::int AS id FROM facilities WHERE county_code = '023' AND kind IN ('police_station','police_post') ORDER BY id LIMIT 1",
      )
    ).rows[0]!.id
    const due = new Date(Date.now() + 86_400_000).toISOString()
    const esc = await app.moderatorTurkana.send('POST', `/api/reports/${idc}/escalate`, {
      facility_id: station,
      due_at: due,
    })
    expect(esc.body).toMatchObject({ status: 'escalated', escalated_to: station })
    const audit = await app.admin.json('/api/audit?collection=citizen_reports&user=moderator.turkana')
    const actions = audit.body.entries.map(
      (e: { item_id: string; after: { action: string } }) => `${e.item_id}:${e.after.action}`,
    )
    expect(actions).toEqual(expect.arrayContaining([`${ida}:reject`, `${idb}:merge`, `${idc}:escalate`]))
  })

  it('shows a report with its neighbours on a map, the reporter’s earlier reports and the stations to escalate to', async () => {
    const phone = { phone: '0733444555', contact_consent: true }
    const first = await report(base({ ...phone, theme: 'boda_boda', lon: LOKICHAR.lon + 0.3 }))
    const second = await report(base({ ...phone, theme: 'small_arms', lon: LOKICHAR.lon + 0.31, description: 'Guns' }))
    const [id1, id2] = [await byRef(first.body.reference), await byRef(second.body.reference)]
    const d = await app.moderatorTurkana.json(`/api/reports/${id2}`)
    expect(d.status).toBe(200)
    expect(d.body.earlier).toEqual([expect.objectContaining({ id: id1, reference: first.body.reference })])
    const near = d.body.nearby_reports.find((n: { id: number }) => n.id === id1)
    expect(near).toMatchObject({ reference: first.body.reference, lon: LOKICHAR.lon + 0.3, lat: LOKICHAR.lat })
    expect(near.distance_m).toBeGreaterThan(900)
    expect(near.distance_m).toBeLessThan(1200)
    const stations = d.body.stations as { id: number; kind: string; distance_m: number }[]
    expect(stations.length).toBeGreaterThan(0)
    expect(stations.every((f) => /police/.test(f.kind))).toBe(true)
    expect(stations.map((f) => f.distance_m)).toEqual([...stations.map((f) => f.distance_m)].sort((x, y) => x - y))
    const inTurkana = await count("facilities WHERE county_code = '023' AND id = ANY($1::int[])", [
      stations.map((f) => f.id),
    ])
    expect(inTurkana).toBe(stations.length)
    const esc = await app.moderatorTurkana.send('POST', `/api/reports/${id2}/escalate`, {
      facility_id: stations[0]!.id,
      due_at: new Date(Date.now() + 3_600_000).toISOString(),
    })
    expect(esc.body).toMatchObject({ status: 'escalated', escalated_to: stations[0]!.id })
  })

  it('counts reports per status, awaiting and median triage time on the regional dashboard', async () => {
    const now = new Date()
    const quarter = `${now.getUTCFullYear()}Q${Math.floor(now.getUTCMonth() / 3) + 1}`
    // A moderator (no analysis rights: the dashboard runs no coverage) sees the counts of their county.
    const d = await app.moderatorTurkana.json(`/api/regions/rift_valley/summary?quarter=${quarter}`)
    expect(d.status).toBe(200)
    const c = d.body.citizenReports
    expect(c.received).toBe(await count("citizen_reports WHERE county_code = '023'"))
    expect(c.verified).toBeGreaterThanOrEqual(2)
    expect(c.rejected).toBeGreaterThanOrEqual(1)
    expect(c.awaiting).toBe(c.byStatus.received)
    expect(c.median_triage_hours).toBeGreaterThanOrEqual(0)
  })

  it('serves the community structures of the moderator’s area as a layer', async () => {
    const res = await app.moderatorTurkana.json('/api/community-structures')
    expect(res.status).toBe(200)
    expect(res.body.features.length).toBeGreaterThan(3)
    expect(
      res.body.features.every(
        (f: { properties: { county_code: string; source: string } }) =>
          f.properties.county_code === '023' && f.properties.source === 'sample',
      ),
    ).toBe(true)
    expect((await app.planner.json('/api/community-structures')).status).toBe(403)
  })

  it('erases phone numbers after the retention period and keeps the reports', async () => {
    const res = await report(base({ phone: '0711222333', contact_consent: true, theme: 'boda_boda', lon: 35.9 }))
    const id = await byRef(res.body.reference)
    expect((await app.moderatorTurkana.send('PUT', '/api/reports/settings', { retention_days: 0 })).status).toBe(403)
    const set = await app.admin.send('PUT', '/api/reports/settings', { retention_days: 0 })
    expect(set.status).toBe(200)
    expect(set.body.erased).toBeGreaterThan(0)
    const after = await app.moderatorTurkana.json(`/api/reports/${id}`)
    expect(after.status).toBe(200)
    expect(after.body).toMatchObject({ phone: null, earlier_reports: 0, description: base().description })
    expect(await count('citizen_reports WHERE phone_enc IS NOT NULL OR phone_hash IS NOT NULL')).toBe(0)
    await app.admin.send('PUT', '/api/reports/settings', { retention_days: 90 })
  })
})
