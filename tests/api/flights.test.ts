import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import jsQR from 'jsqr'
import { PNG } from 'pngjs'
import { beforeAll, describe, expect, it } from 'vitest'
import { fakeSender } from '../../server/flights/notify.ts'
import { useApp } from '../support/use-app.ts'

const run = promisify(execFile)
const sender = fakeSender()
const app = useApp(
  { sender, publicUrl: 'https://ramani.example.go.ke' },
  'operator.relief',
  'officer.flights',
  'agency.kcaa',
  'agency.kdf',
  'planner',
)

const HOUR = 3_600_000
const at = (hours: number) => new Date(Date.now() + hours * HOUR).toISOString()
/** Nairobi Wilson → Eldoret → Kitale: inland, far from borders and (after the test clears them) from incidents. */
const leg = (from: string, to: string, start: number) => ({
  from: { code: from },
  to: { code: to },
  departs_at: at(start),
  arrives_at: at(start + 1.5),
})
const request = (legs = [leg('HKNW', 'HKEL', 48)]) => ({
  contact_name: 'Ops desk',
  contact_phone: '+254700000000',
  aircraft_registration: '5Y-RLF',
  aircraft_type: 'Cessna 208 Caravan',
  purpose: 'Food aid delivery',
  passengers: 2,
  cargo_kg: 900,
  legs,
})
const stripId = async (ident: string) =>
  (await app.db.query<{ id: number }>('SELECT id FROM airstrips WHERE ident = $1', [ident])).rows[0]!.id
const factor = (body: any, seq: number, code: string) =>
  body.assessment.legs.find((l: any) => l.seq === seq).factors.find((f: any) => f.code === code)
const rules = (body: any) => body.assessment.reasons.map((r: any) => r.rule)

beforeAll(async () => {
  // The facts of this file only: no sample incidents (their dates move with the calendar), every strip it uses in
  // good condition and assessed today.
  await app.db.query('DELETE FROM incidents')
  await app.db.query(
    `UPDATE airstrips SET status = 'operational', condition = 'good' WHERE ident IN ('HKNW','HKEL','HKKT','HKGA')`,
  )
  await app.db.query(
    `INSERT INTO assessments (collection, asset_id, condition, status, observed_at, observer)
     SELECT 'airstrips', id, 'good', 'operational', now() - interval '2 days', 'planner' FROM airstrips
     WHERE ident IN ('HKNW','HKEL','HKKT','HKGA')`,
  )
})

describe('operators: their organisation only, and no security layer', () => {
  it('an operator files for its own organisation and sees only its requests', async () => {
    const mine = await app.operatorRelief.send('POST', '/api/flights', { ...request(), organisation: 'Someone Else' })
    expect(mine.status).toBe(201)
    expect(mine.body.organisation).toBe('Demo Relief Air')
    expect(mine.body.status).toBe('draft')
    expect(mine.headers.get('ETag')).toBe('"1"')
    const theirs = await app.officerFlights.send('POST', '/api/flights', { ...request(), organisation: 'Other Air' })
    expect(theirs.status).toBe(201)
    const list = await app.operatorRelief.json('/api/flights')
    expect(list.body.flights.map((f: any) => f.organisation)).toEqual(expect.arrayContaining(['Demo Relief Air']))
    expect(list.body.flights.every((f: any) => f.organisation === 'Demo Relief Air')).toBe(true)
    expect((await app.operatorRelief.json(`/api/flights/${theirs.body.id}`)).status).toBe(404)
    const all = await app.officerFlights.json('/api/flights')
    expect(all.body.flights.map((f: any) => f.id)).toEqual(expect.arrayContaining([mine.body.id, theirs.body.id]))
  })

  it('items, tiles, search, exports, summaries and the rest of the map answer an operator 403', async () => {
    for (const path of [
      '/ogc/collections/airstrips/items',
      '/ogc/collections/incidents/items',
      '/ogc/collections',
      '/tiles/airstrips/6/38/31.mvt',
      '/api/search?q=lodwar',
      '/api/exports/airstrips?format=geojson',
      '/api/meta',
      '/api/summary',
      '/api/places?q=lod',
      '/api/analysis/hotspots?cell_km=20',
      '/api/history/airstrips/1',
    ]) {
      const r = await app.operatorRelief.json(path)
      expect([path, r.status]).toEqual([path, 403])
    }
    // …while its own account, the airstrip picker and its requests answer.
    expect((await app.operatorRelief.json('/api/auth/me')).body.user.organisation).toBe('Demo Relief Air')
    const picker = await app.operatorRelief.json('/api/flights/airstrips?q=HKEL')
    expect(picker.body.airstrips[0]).toEqual(expect.objectContaining({ ident: 'HKEL' }))
    expect(Object.keys(picker.body.airstrips[0]).sort()).toEqual(['iata_code', 'id', 'ident', 'lat', 'lon', 'name'])
  })
})

describe('requests and amendments', () => {
  it('resolves leg ends by ICAO, IATA, name or coordinates and shows times in EAT', async () => {
    const r = await app.operatorRelief.send('POST', '/api/flights', {
      ...request(),
      legs: [
        {
          from: { code: 'WIL' },
          to: { name: 'eldoret international airport' },
          departs_at: '2030-03-01T06:00:00Z',
          arrives_at: '2030-03-01T07:30:00Z',
        },
        {
          from: { code: 'HKEL' },
          to: { lon: 35.3, lat: 1.2, name: 'Camp strip' },
          departs_at: '2030-03-01T12:00:00+03:00',
          arrives_at: '2030-03-01T13:00:00+03:00',
        },
      ],
    })
    expect(r.status).toBe(201)
    const [a, b] = r.body.legs
    expect([a.from.ident, a.to.ident, b.to.airstrip_id, b.to.name]).toEqual(['HKNW', 'HKEL', null, 'Camp strip'])
    expect(a.departs_eat).toBe('2030-03-01 09:00 EAT')
    expect(b.departs_at).toBe('2030-03-01T09:00:00.000Z')
    const bad = await app.operatorRelief.send('POST', '/api/flights', {
      ...request([{ ...leg('HKNW', 'XXXX', 10) }]),
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.parameter).toBe('legs.0.to')
  })

  it('amends with If-Match into a new version whose changes are listed', async () => {
    const r = await app.operatorRelief.send('POST', '/api/flights', request())
    const id = r.body.id
    expect((await app.operatorRelief.send('PATCH', `/api/flights/${id}`, { passengers: 3 })).status).toBe(428)
    const amended = await app.operatorRelief.send(
      'PATCH',
      `/api/flights/${id}`,
      { passengers: 4, legs: [leg('HKNW', 'HKKT', 50)] },
      { 'If-Match': '"1"' },
    )
    expect(amended.status).toBe(200)
    expect(amended.body.version).toBe(2)
    expect(amended.headers.get('ETag')).toBe('"2"')
    const changes = amended.body.versions[1].changes.map((c: any) => c.field)
    expect(changes).toEqual(expect.arrayContaining(['passengers', 'legs.1.to', 'legs.1.departs_at']))
    expect(amended.body.assessment.version).toBe(2)
    const stale = await app.operatorRelief.send('PATCH', `/api/flights/${id}`, { passengers: 5 }, { 'If-Match': '"1"' })
    expect(stale.status).toBe(412)
    expect(stale.body.current.version).toBe(2)
    // Conditions are the officer's.
    const cond = await app.operatorRelief.send(
      'PATCH',
      `/api/flights/${id}`,
      { conditions: ['x'] },
      { 'If-Match': '"2"' },
    )
    expect(cond.status).toBe(403)
  })
})

describe('assessment', () => {
  it('a clean leg is "clear" (civil aviation still concurs), with evidence for every factor', async () => {
    const r = await app.operatorRelief.send('POST', '/api/flights', request())
    expect(r.body.assessment.recommendation).toBe('clear')
    expect(r.body.assessment.agencies).toEqual(['kcaa'])
    expect(factor(r.body, 1, 'airstrip_closed').value).toBe(0)
    expect(factor(r.body, 1, 'assessment_age_days').value).toBe(2)
    expect(factor(r.body, 1, 'border_distance_km').value).toBeGreaterThan(25)
    expect(factor(r.body, 1, 'airstrip_condition_rank').evidence[0].link).toMatch(/^\/#sel=airstrips\/\d+$/)
    expect(r.body.assessment.legs[0].route.type).toBe('LineString')
  })

  it('a leg to a closed airstrip is declined, with the reason', async () => {
    await app.db.query(`UPDATE airstrips SET status = 'closed' WHERE ident = 'HKKT'`)
    try {
      const r = await app.operatorRelief.send('POST', '/api/flights', request([leg('HKNW', 'HKKT', 30)]))
      expect(r.body.assessment.recommendation).toBe('decline')
      expect(rules(r.body)).toContain('strip_closed')
      expect(factor(r.body, 1, 'airstrip_closed').evidence[0].label).toMatch(/Kitale.*closed/)
    } finally {
      await app.db.query(`UPDATE airstrips SET status = 'operational' WHERE ident = 'HKKT'`)
    }
  })

  it('a serious incident near the airstrip last week makes it "refer", naming the agency to concur', async () => {
    const id = (
      await app.db.query<{ id: number }>(
        `INSERT INTO incidents (name, occurred_at, theme, severity, status, source, geom)
         VALUES ('Test ambush', now() - interval '3 days', 'cattle_rustling_banditry', 5, 'open', 'sample',
                 ST_SetSRID(ST_MakePoint(35.05, 1.0), 4326)) RETURNING id`,
      )
    ).rows[0]!.id
    try {
      const r = await app.operatorRelief.send('POST', '/api/flights', request([leg('HKNW', 'HKKT', 30)]))
      expect(r.body.assessment.recommendation).toBe('refer')
      expect(rules(r.body)).toContain('serious_incident')
      expect(r.body.assessment.agencies).toEqual(['kcaa', 'nis'])
      const f = factor(r.body, 1, 'serious_incidents')
      expect(f.value).toBe(1)
      expect(f.evidence[0]).toEqual(expect.objectContaining({ kind: 'incident', id, link: `/#sel=incidents/${id}` }))
    } finally {
      await app.db.query('DELETE FROM incidents WHERE id = $1', [id])
    }
  })

  it('measures the distance to the land borders (Natural Earth), never to the coast', async () => {
    const borders = await app.db.query<{ country: string; km: number }>(
      'SELECT country, ST_Length(geom::geography) / 1000 AS km FROM land_borders ORDER BY country',
    )
    expect(borders.rows.map((b) => b.country)).toEqual(['Ethiopia', 'S. Sudan', 'Somalia', 'Tanzania', 'Uganda'])
    const total = borders.rows.reduce((sum, b) => sum + b.km, 0)
    expect(total).toBeGreaterThan(3200)
    expect(total).toBeLessThan(3500)
    // Lunga Lunga is the Tanzanian border crossing inland of Vanga, near where the coast begins.
    const lungaLunga = { lon: 39.124, lat: -4.555, name: 'Lunga Lunga' }
    const crossing = await app.operatorRelief.send('POST', '/api/flights', {
      ...request(),
      legs: [{ ...leg('HKMO', 'HKMO', 60), to: lungaLunga }],
    })
    expect(crossing.status).toBe(201)
    // Natural Earth's 1:10m line passes ~7 km from the town; the nearest point lies on the stretch east of 39° E that
    // runs down to the coast at Vanga.
    const near = factor(crossing.body, 1, 'border_distance_km')
    expect(near.value).toBeLessThan(10)
    expect(near.evidence[0].geometry.coordinates[0]).toBeGreaterThan(39.0)
    // Malindi to Lamu along the Indian Ocean coast: the nearest border is Somalia's, beyond Lamu, not the shore.
    const coast = await app.operatorRelief.send('POST', '/api/flights', request([leg('HKML', 'HKLU', 60)]))
    const border = factor(coast.body, 1, 'border_distance_km')
    expect(border.value).toBeGreaterThan(60)
    expect(border.evidence[0].geometry.coordinates[1]).toBeGreaterThan(-2)
  })

  it('planned times crossing a closure window conflict; times outside it do not', async () => {
    const kitale = await stripId('HKKT')
    const closure = await app.officerFlights.send('POST', '/api/flights/closures', {
      airstrip_id: kitale,
      kind: 'closure',
      starts_at: at(100),
      ends_at: at(104),
      reason: 'Runway works',
    })
    expect(closure.status).toBe(201)
    const { id: _, created_by: __, ...input } = closure.body
    expect((await app.operatorRelief.send('POST', '/api/flights/closures', input)).status).toBe(403)
    const crossing = await app.operatorRelief.send('POST', '/api/flights', request([leg('HKNW', 'HKKT', 99)]))
    expect(factor(crossing.body, 1, 'closures').value).toBe(1)
    expect(crossing.body.assessment.recommendation).toBe('decline')
    expect(rules(crossing.body)).toContain('closure')
    const after = await app.operatorRelief.send('POST', '/api/flights', request([leg('HKNW', 'HKKT', 105)]))
    expect(factor(after.body, 1, 'closures').value).toBe(0)
  })

  it('a closure recorded or removed while a request waits changes its assessment; removal is audited', async () => {
    const garissa = await stripId('HKGA')
    const waiting = await app.operatorRelief.send('POST', '/api/flights', request([leg('HKNW', 'HKGA', 200)]))
    expect((await app.operatorRelief.send('POST', `/api/flights/${waiting.body.id}/submit`, {})).status).toBe(200)
    expect(factor((await app.officerFlights.json(`/api/flights/${waiting.body.id}`)).body, 1, 'closures').value).toBe(0)
    const closure = await app.officerFlights.send('POST', '/api/flights/closures', {
      airstrip_id: garissa,
      kind: 'closure',
      starts_at: at(199),
      ends_at: at(203),
      reason: 'Security operation',
    })
    expect(closure.status).toBe(201)
    const closed = (await app.officerFlights.json(`/api/flights/${waiting.body.id}`)).body
    expect(factor(closed, 1, 'closures').value).toBe(1)
    expect(closed.assessment.recommendation).toBe('decline')
    expect(factor(closed, 1, 'closures').evidence[0].facts).toEqual(
      expect.objectContaining({ kind: 'closure', reason: 'Security operation' }),
    )

    const path = `/api/flights/closures/${closure.body.id}`
    expect((await app.operatorRelief.send('DELETE', path)).status).toBe(403)
    expect((await app.officerFlights.send('DELETE', path)).status).toBe(204)
    expect((await app.officerFlights.send('DELETE', path)).status).toBe(404)
    const listed = await app.officerFlights.json(`/api/flights/closures?airstrip=${garissa}`)
    expect(listed.body.closures.map((c: any) => c.id)).not.toContain(closure.body.id)
    expect(factor((await app.officerFlights.json(`/api/flights/${waiting.body.id}`)).body, 1, 'closures').value).toBe(0)
    const audit = await app.db.query<{ actor: string; action: string; before: any }>(
      `SELECT actor, action, before FROM audit_log WHERE collection = 'airstrip_closures' AND item_id = $1
       ORDER BY id`,
      [closure.body.id],
    )
    expect(audit.rows.map((r) => [r.actor, r.action])).toEqual([
      ['officer.flights', 'create'],
      ['officer.flights', 'delete'],
    ])
    expect(audit.rows[1]!.before.reason).toBe('Security operation')
  })

  it('the rule table is editable by officers, and open requests follow it', async () => {
    const table = (await app.officerFlights.json('/api/flights/rules')).body.rules
    const edited = table.map((r: any) => (r.code === 'civil_aviation' ? { ...r, agency: null } : r))
    expect((await app.operatorRelief.send('PUT', '/api/flights/rules', { rules: edited })).status).toBe(403)
    expect((await app.officerFlights.send('PUT', '/api/flights/rules', { rules: edited })).status).toBe(200)
    const r = await app.operatorRelief.send('POST', '/api/flights', request())
    expect(r.body.assessment.agencies).toEqual([])
    expect((await app.officerFlights.send('PUT', '/api/flights/rules', { rules: table })).status).toBe(200)
  })
})

describe('workflow, letter, verification and watch', () => {
  let id: number
  let number: string

  it('needs every named agency to concur before a clearance is issued; every step is audited', async () => {
    id = (
      await app.operatorRelief.send('POST', '/api/flights', request([leg('HKNW', 'HKEL', 20), leg('HKEL', 'HKKT', 23)]))
    ).body.id
    const step = (client: any, action: string, body: unknown = {}) =>
      client.send('POST', `/api/flights/${id}/${action}`, body)
    expect((await step(app.officerFlights, 'clear')).status).toBe(409) // still a draft
    expect((await step(app.operatorRelief, 'submit', { reason: 'Urgent food aid' })).body.status).toBe('submitted')
    expect((await step(app.operatorRelief, 'review')).status).toBe(403)
    const reviewed = await step(app.officerFlights, 'review', { reason: 'Taking it' })
    expect(reviewed.body.status).toBe('under_review')
    expect(reviewed.body.pending_agencies).toEqual(['kcaa'])
    const early = await step(app.officerFlights, 'clear', { reason: 'ok' })
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('concurrence_required')
    expect((await step(app.agencyKdf, 'concur')).status).toBe(403) // not named by the rules for this request
    const concur = await step(app.agencyKcaa, 'concur', { reason: 'No objection' })
    expect(concur.status).toBe(200)
    expect(concur.body.pending_agencies).toEqual([])
    const cleared = await step(app.officerFlights, 'clear', { conditions: ['Daylight operations only.'] })
    expect(cleared.status).toBe(200)
    expect(cleared.body.status).toBe('cleared_with_conditions')
    expect(cleared.body.clearance_number).toMatch(/^HFC-\d{4}-\d{5}-[0-9A-F]{6}$/)
    number = cleared.body.clearance_number
    expect(cleared.body.transitions.map((t: any) => [t.action, t.to_status, t.actor])).toEqual([
      ['submit', 'submitted', 'operator.relief'],
      ['review', 'under_review', 'officer.flights'],
      ['concur', 'under_review', 'agency.kcaa'],
      ['clear', 'cleared_with_conditions', 'officer.flights'],
    ])
    const audit = await app.db.query<{ actor: string; after: any }>(
      `SELECT actor, after FROM audit_log WHERE collection = 'flight_requests' AND item_id = $1 AND after ? 'action'
       ORDER BY id`,
      [String(id)],
    )
    expect(audit.rows.map((r) => [r.actor, r.after.action, r.after.reason])).toEqual([
      ['operator.relief', 'submit', 'Urgent food aid'],
      ['officer.flights', 'review', 'Taking it'],
      ['agency.kcaa', 'concur', 'No objection'],
      ['officer.flights', 'clear', null],
    ])
    expect((await step(app.officerFlights, 'decline', { reason: 'late' })).status).toBe(409)
  })

  it('the letter renders with number, legs, map and a QR code that decodes to the verification URL', async () => {
    const res = await app.operatorRelief.request(`/api/flights/${id}/letter.pdf`)
    expect(res.status).toBe(200)
    expect(res.headers.get('Content-Type')).toBe('application/pdf')
    const dir = await mkdtemp(join(tmpdir(), 'letter-'))
    try {
      await writeFile(join(dir, 'l.pdf'), Buffer.from(await res.arrayBuffer()))
      const { stdout } = await run('pdftotext', ['-layout', join(dir, 'l.pdf'), '-'])
      expect(stdout).toContain(number)
      expect(stdout).toMatch(/Nairobi Wilson Airport \(HKNW\)\s+->\s+Eldoret International Airport \(HKEL\)/)
      expect(stdout).toContain('Kitale Airport (HKKT)')
      expect(stdout).toContain('Daylight operations only.')
      expect(stdout).toContain('Route')
      await run('pdftoppm', ['-r', '110', '-png', '-singlefile', join(dir, 'l.pdf'), join(dir, 'page')])
      const png = PNG.sync.read(await readFile(join(dir, 'page.png')))
      const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height)
      expect(qr?.data).toBe(`https://ramani.example.go.ke/verify/${number}`)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('the public verification page reveals only validity, registration and window', async () => {
    const json = await app.anon.json(`/verify/${number}`, { headers: { Accept: 'application/json' } })
    expect(json.status).toBe(200)
    expect(Object.keys(json.body).sort()).toEqual(
      ['aircraft_registration', 'clearance_number', 'status', 'valid', 'valid_from', 'valid_to'].sort(),
    )
    expect(json.body).toEqual(expect.objectContaining({ aircraft_registration: '5Y-RLF', status: 'not_yet_valid' }))
    const html = await (await app.anon.request(`/verify/${number}`)).text()
    expect(html).toContain('5Y-RLF')
    for (const secret of ['Demo Relief Air', 'Food aid', 'Eldoret', 'Kitale', 'Ops desk', 'Daylight'])
      expect(html).not.toContain(secret)
    const unknown = await app.anon.json('/verify/HFC-2026-99999-000000', { headers: { Accept: 'application/json' } })
    expect(unknown.status).toBe(404)
    expect(unknown.body.aircraft_registration).toBeNull()
  })

  it('a status change on an airstrip of a valid clearance flags it and notifies the officer', async () => {
    const kitale = await stripId('HKKT')
    const patched = await app.planner.send('PATCH', `/ogc/collections/airstrips/items/${kitale}`, {
      properties: { status: 'closed' },
    })
    expect(patched.status).toBe(200)
    const d = await app.officerFlights.json(`/api/flights/${id}`)
    expect(d.body.reassessment_reason).toMatch(/closed/)
    expect(d.body.status).toBe('cleared_with_conditions')
    const notes = await app.officerFlights.json('/api/notifications')
    expect(notes.body.notifications[0]).toEqual(expect.objectContaining({ request_id: id, kind: 'reassessment' }))
    expect(sender.sent.at(-1)).toEqual(expect.objectContaining({ to: 'officer.flights', channel: 'email' }))
    expect((await app.officerFlights.json('/api/flights?flagged=true')).body.flights.map((f: any) => f.id)).toContain(
      id,
    )
    // Re-assessment: back under review, the flag cleared, the new facts in the assessment.
    const again = await app.officerFlights.send('POST', `/api/flights/${id}/review`, { reason: 'Strip closed' })
    expect(again.body.status).toBe('under_review')
    expect(again.body.reassessment_reason).toBeNull()
    expect(again.body.assessment.recommendation).toBe('decline')
    const v = await app.anon.json(`/verify/${number}`, { headers: { Accept: 'application/json' } })
    expect(v.body).toEqual(expect.objectContaining({ valid: false, status: 'revoked' }))
  })
})
