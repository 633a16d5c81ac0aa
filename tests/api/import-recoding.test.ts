import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Client } from '../support/app.ts'
import { useApp } from '../support/use-app.ts'

// Real files in their own vocabulary: free-text values of coded fields recoded (suggested, confirmed or changed),
// values derived from another column, and plans saved as profiles for the next file of the same shape.

const FIXTURES = join(import.meta.dirname, '..', 'fixtures')
const fixture = (name: string) => new Uint8Array(readFileSync(join(FIXTURES, name)))

const app = useApp('admin', 'planner', 'viewer')

async function upload(client: Client, collection: string, filename: string, content: string | Uint8Array, query = '') {
  const form = new FormData()
  form.set('collection', collection)
  form.set('file', new File([typeof content === 'string' ? content : new Uint8Array(content)], filename))
  return client.json(`/api/imports${query}`, { method: 'POST', body: form })
}
const commit = (client: Client, id: number, body: unknown = {}) =>
  client.send('POST', `/api/imports/${id}/commit`, body)

describe('value recoding', () => {
  it('imports a facility list with free-text kinds and statuses with zero hand edits', async () => {
    const up = await upload(app.planner, 'facilities', 'posts.csv', fixture('import-facilities-freetext.csv'))
    expect(up.status).toBe(201)
    expect(up.body.mapping).toMatchObject({ 'Station Name': 'name', 'Facility Type': 'kind', Status: 'status' })
    expect(up.body.values.kind).toEqual([
      { source: 'A.P. Camp', rows: 1, suggested: 'aps_camp', target: 'aps_camp' },
      { source: 'AP Camp', rows: 1, suggested: 'aps_camp', target: 'aps_camp' },
      { source: 'POLICE STATION', rows: 1, suggested: 'police_station', target: 'police_station' },
      { source: 'Police Post', rows: 1, suggested: 'police_post', target: 'police_post' },
      { source: 'Police Station', rows: 1, suggested: 'police_station', target: 'police_station' },
    ])
    expect(up.body.values.status).toEqual([
      { source: 'Functional', rows: 2, suggested: 'operational', target: 'operational' },
      { source: 'Operational', rows: 1, suggested: 'operational', target: 'operational' },
      { source: 'Under Construction', rows: 1, suggested: 'under_construction', target: 'under_construction' },
      { source: 'functional', rows: 1, suggested: 'operational', target: 'operational' },
    ])
    expect(up.body.report).toMatchObject({ valid: 5, invalid: 0, unmapped: [] })
    const res = await commit(app.planner, up.body.id)
    expect(res.status).toBe(200)
    const rows = (
      await app.db.query('SELECT name, kind, status FROM facilities WHERE import_batch_id = $1 ORDER BY id', [
        up.body.id,
      ])
    ).rows
    expect(rows).toEqual([
      { name: 'Kapedo AP Camp', kind: 'aps_camp', status: 'operational' },
      { name: 'Nadome Police Post', kind: 'police_post', status: 'operational' },
      { name: 'Lokori Police Station', kind: 'police_station', status: 'under_construction' },
      { name: 'Kainuk AP Camp', kind: 'aps_camp', status: 'operational' },
      { name: 'Lokichar Police Station', kind: 'police_station', status: 'operational' },
    ])
  })

  it('reports a value with no target per value with its row count, and blocks the commit until it is recoded', async () => {
    const csv =
      'Name,Type,Status,Latitude,Longitude\r\n' +
      "Kapedo Chief's Camp,Chief's Camp,open,1.1747,36.1025\r\n" +
      "Nadome Chief's Camp,Chief's Camp,open,1.3521,36.1312\r\n" +
      'Lokori Police Post,Police Post,open,1.9561,36.0246\r\n'
    const up = await upload(app.planner, 'facilities', 'camps.csv', csv)
    expect(up.body.values.kind).toEqual([
      { source: "Chief's Camp", rows: 2, suggested: null, target: null },
      { source: 'Police Post', rows: 1, suggested: 'police_post', target: 'police_post' },
    ])
    expect(up.body.report.unmapped).toEqual([{ field: 'kind', source: "Chief's Camp", rows: 2 }])
    const refused = await commit(app.planner, up.body.id)
    expect(refused.status).toBe(422)
    expect(refused.body.error.message).toMatch(/Values with no target: kind "Chief's Camp" \(2 rows\)/)
    expect(refused.body.error.details.unmapped).toEqual([{ field: 'kind', source: "Chief's Camp", rows: 2 }])

    // A recode must name a coded field and a value of its domain.
    for (const [recode, parameter] of [
      [{ name: { x: 'y' } }, 'recode.name'],
      [{ kind: { "Chief's Camp": 'chiefs_camp' } }, 'recode.kind'],
    ] as const) {
      const bad = await app.planner.send('PUT', `/api/imports/${up.body.id}/mapping`, {
        mapping: up.body.mapping,
        recode,
      })
      expect(bad.status).toBe(400)
      expect(bad.body.error).toMatchObject({ code: 'invalid_mapping', parameter })
    }
    const fixed = await app.planner.send('PUT', `/api/imports/${up.body.id}/mapping`, {
      mapping: up.body.mapping,
      recode: { kind: { "Chief's Camp": 'APS camp', 'Police Post': 'border_police_post' } },
    })
    expect(fixed.status).toBe(200)
    expect(fixed.body.recode).toEqual({ kind: { "Chief's Camp": 'aps_camp', 'Police Post': 'border_police_post' } })
    expect(fixed.body.values.kind.map((v: any) => v.target)).toEqual(['aps_camp', 'border_police_post'])
    expect(fixed.body.report).toMatchObject({ valid: 3, unmapped: [] })
    expect((await commit(app.planner, up.body.id)).status).toBe(200)
    const kinds = (
      await app.db.query('SELECT kind FROM facilities WHERE import_batch_id = $1 ORDER BY id', [up.body.id])
    ).rows.map((r) => r.kind)
    expect(kinds).toEqual(['aps_camp', 'aps_camp', 'border_police_post'])
  })

  it('derives a road class from the road number and recodes surfaces and conditions', async () => {
    const line = (x: number) => ({
      type: 'LineString',
      coordinates: [
        [35.6 + x / 100, 2.3],
        [35.61 + x / 100, 2.31],
      ],
    })
    const features = [
      ['A1', 'Tarmac', 'Good'],
      ['B4', 'Murram', 'Impassible'],
      ['C51', 'murram', 'Fair'],
      ['c 51', 'Lami', 'mbaya'],
    ].map(([ref, surface, cond], i) => ({
      type: 'Feature',
      properties: { NAME: `Road ${ref}`, ROAD_NO: ref, SURFACE: surface, COND: cond, STATUS: 'Existing' },
      geometry: line(i),
    }))
    const up = await upload(
      app.planner,
      'roads',
      'roads.geojson',
      JSON.stringify({ type: 'FeatureCollection', features }),
    )
    expect(up.body.mapping).toMatchObject({ ROAD_NO: 'ref', SURFACE: 'surface' })
    const mapping = { ...up.body.mapping, COND: 'condition' }
    const res = await app.planner.send('PUT', `/api/imports/${up.body.id}/mapping`, { mapping })
    expect(res.body.derive).toEqual({ road_class: { column: 'ROAD_NO', rule: 'road_class_from_ref' } })
    expect(res.body.values.road_class).toEqual([
      { source: 'C', rows: 2, suggested: 'C', target: 'C' },
      { source: 'A', rows: 1, suggested: 'A', target: 'A' },
      { source: 'B', rows: 1, suggested: 'B', target: 'B' },
    ])
    expect(res.body.values.condition.find((v: any) => v.source === 'Impassible').target).toBe('impassable')
    expect(res.body.report).toMatchObject({ valid: 4, invalid: 0 })
    expect((await commit(app.planner, up.body.id)).status).toBe(200)
    const rows = (
      await app.db.query(
        'SELECT ref, road_class, surface, condition FROM roads WHERE import_batch_id = $1 ORDER BY id',
        [up.body.id],
      )
    ).rows
    expect(rows).toEqual([
      { ref: 'A1', road_class: 'A', surface: 'paved', condition: 'good' },
      { ref: 'B4', road_class: 'B', surface: 'gravel', condition: 'impassable' },
      { ref: 'C51', road_class: 'C', surface: 'gravel', condition: 'fair' },
      { ref: 'c 51', road_class: 'C', surface: 'paved', condition: 'poor' },
    ])
  })
})

describe('import profiles', () => {
  const first =
    'OCS Station,Type,Hali,Y,X\r\n' +
    'Kapedo,AP Camp,Inafanya kazi,1.1747,36.1025\r\n' +
    "Nadome,Chief's Camp,Inafanya kazi,1.3521,36.1312\r\n"
  const second =
    'OCS Station,Type,Hali,Y,X\r\n' +
    "Lokori,Chief's Camp,Inajengwa,1.9561,36.0246\r\n" +
    'Kainuk,Police Post,Inafanya kazi,1.7333,35.5667\r\n' +
    'Lokichar,AP Camp,Inafanya kazi,2.3772,35.6433\r\n'

  it('saves a plan from an import and re-imports the next file of the same shape in one call', async () => {
    const up = await upload(app.planner, 'facilities', 'q1.csv', first)
    const mapping = { 'OCS Station': 'name', Type: 'kind', Hali: 'status' }
    const planned = await app.planner.send('PUT', `/api/imports/${up.body.id}/mapping`, {
      mapping,
      recode: { kind: { "Chief's Camp": 'aps_camp' } },
    })
    expect(planned.body.report).toMatchObject({ valid: 2, invalid: 0 })
    const saved = await app.planner.send('POST', '/api/import-profiles', {
      name: 'Turkana OCS returns',
      from_import: up.body.id,
    })
    expect(saved.status).toBe(201)
    expect(saved.body).toMatchObject({
      collection: 'facilities',
      mapping,
      recode: { kind: { "Chief's Camp": 'aps_camp' } },
      created_by: 'planner',
    })
    const id = saved.body.id
    expect((await commit(app.planner, up.body.id)).status).toBe(200)

    const again = await upload(app.planner, 'facilities', 'q2.csv', second, `?profile=${id}&commit=true`)
    expect(again.status).toBe(201)
    expect(again.body).toMatchObject({ status: 'committed', result: { inserted: 3 } })
    const rows = (
      await app.db.query('SELECT name, kind, status FROM facilities WHERE import_batch_id = $1 ORDER BY id', [
        again.body.id,
      ])
    ).rows
    expect(rows).toEqual([
      { name: 'Lokori', kind: 'aps_camp', status: 'under_construction' },
      { name: 'Kainuk', kind: 'police_post', status: 'operational' },
      { name: 'Lokichar', kind: 'aps_camp', status: 'operational' },
    ])

    // A file of another shape is refused naming the column, and a profile of another collection too.
    const other = await upload(app.planner, 'facilities', 'q3.csv', 'Name,Lat,Lon\r\nX,1,36\r\n', `?profile=${id}`)
    expect(other.status).toBe(400)
    expect(other.body.error).toMatchObject({
      code: 'invalid_mapping',
      parameter: 'profile',
      message: expect.stringMatching(/lacks the columns .*"OCS Station"/),
    })
    const wrong = await upload(app.planner, 'roads', 'q3.csv', second, `?profile=${id}`)
    expect(wrong.status).toBe(400)
    expect(wrong.body.error.parameter).toBe('profile')
  })

  it('lists, edits and deletes profiles, auditing each change, for those who may import', async () => {
    const made = await app.planner.send('POST', '/api/import-profiles', {
      name: 'KeRRA road inventory',
      collection: 'roads',
      mapping: { ROAD_NO: 'ref', SURF: 'surface' },
      derive: { road_class: { column: 'ROAD_NO', rule: 'road_class_from_ref' } },
      recode: { surface: { Murram: 'gravel' } },
    })
    expect(made.status).toBe(201)
    const id = made.body.id
    const dup = await app.planner.send('POST', '/api/import-profiles', {
      name: 'kerra road inventory',
      collection: 'roads',
    })
    expect(dup.status).toBe(409)
    const bad = await app.planner.send('POST', '/api/import-profiles', {
      name: 'Bad',
      collection: 'roads',
      recode: { surface: { Murram: 'mud' } },
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.parameter).toBe('recode.surface')

    const list = await app.planner.json('/api/import-profiles?collection=roads')
    expect(list.body.profiles.map((p: any) => p.name)).toContain('KeRRA road inventory')
    const changed = await app.planner.send('PATCH', `/api/import-profiles/${id}`, {
      recode: { surface: { Murram: 'gravel', Tarmac: 'paved' } },
    })
    expect(changed.status).toBe(200)
    expect(changed.body).toMatchObject({ version: 2, recode: { surface: { Murram: 'gravel', Tarmac: 'paved' } } })
    expect(changed.body.derive).toEqual({ road_class: { column: 'ROAD_NO', rule: 'road_class_from_ref' } })

    expect((await app.viewer.json(`/api/import-profiles/${id}`)).status).toBe(403)
    expect((await app.viewer.json('/api/import-profiles')).body.profiles).toEqual([])
    expect((await app.planner.send('DELETE', `/api/import-profiles/${id}`)).status).toBe(204)
    expect((await app.planner.json(`/api/import-profiles/${id}`)).status).toBe(404)
    const audit = (
      await app.db.query(
        `SELECT action FROM audit_log WHERE collection = 'import_profiles' AND item_id = $1 ORDER BY id`,
        [String(id)],
      )
    ).rows.map((r) => r.action)
    expect(audit).toEqual(['create', 'update', 'delete'])
  })
})

describe('theme crosswalk', () => {
  it('maps a conflict dataset’s sub-event types to themes, lists unknown ones, and takes edits', async () => {
    const csv =
      'event_date,event_type,sub_event_type,fatalities,notes,latitude,longitude\r\n' +
      '2025-07-01 01:30,Violence against civilians,Abduction/forced disappearance,0,Herder abducted,2.10,35.60\r\n' +
      '2025-07-02,Explosions/Remote violence,Remote explosive/landmine/IED,3,IED on the road,1.75,40.06\r\n' +
      '2025-07-03,Battles,Armed clash,2,Clash between herders,2.30,35.70\r\n' +
      '2025-07-04,Riots,Cattle raid,1,Raid at the border,2.35,35.75\r\n'
    const up = await upload(app.admin, 'incidents', 'events.csv', csv)
    expect(up.body.mapping).toMatchObject({ sub_event_type: 'theme', event_date: 'occurred_at', notes: 'description' })
    const mapping = { ...up.body.mapping }
    expect(up.body.values.theme).toEqual([
      { source: 'Abduction/forced disappearance', rows: 1, suggested: 'organised_gangs', target: 'organised_gangs' },
      { source: 'Armed clash', rows: 1, suggested: 'small_arms', target: 'small_arms' },
      { source: 'Cattle raid', rows: 1, suggested: null, target: null },
      { source: 'Remote explosive/landmine/IED', rows: 1, suggested: 'terrorism', target: 'terrorism' },
    ])
    expect(up.body.report.unmapped).toEqual([{ field: 'theme', source: 'Cattle raid', rows: 1 }])

    expect((await app.viewer.send('PUT', '/api/theme-crosswalk', { entries: [] })).status).toBe(400)
    const entry = { scheme: 'conflict_events', label: 'Cattle raid', theme: 'cattle_rustling_banditry' }
    expect((await app.planner.send('PUT', '/api/theme-crosswalk', { entries: [entry] })).status).toBe(403)
    const edited = await app.admin.send('PUT', '/api/theme-crosswalk', { entries: [entry] })
    expect(edited.status).toBe(200)
    expect(edited.body.entries).toContainEqual(expect.objectContaining({ ...entry, updated_by: 'admin' }))

    const again = await app.admin.send('PUT', `/api/imports/${up.body.id}/mapping`, {
      mapping,
      fixed: { name: 'Conflict event', severity: 3, status: 'open' },
    })
    expect(again.body.report).toMatchObject({ valid: 4, invalid: 0, unmapped: [] })
    expect((await commit(app.admin, up.body.id)).status).toBe(200)
    const rows = (
      await app.db.query(
        `SELECT theme, fatalities, to_char(occurred_at AT TIME ZONE 'Africa/Nairobi', 'YYYY-MM-DD HH24:MI') AS eat
         FROM incidents WHERE import_batch_id = $1 ORDER BY id`,
        [up.body.id],
      )
    ).rows
    expect(rows).toEqual([
      { theme: 'organised_gangs', fatalities: 0, eat: '2025-07-01 01:30' },
      { theme: 'terrorism', fatalities: 3, eat: '2025-07-02 00:00' },
      { theme: 'small_arms', fatalities: 2, eat: '2025-07-03 00:00' },
      { theme: 'cattle_rustling_banditry', fatalities: 1, eat: '2025-07-04 00:00' },
    ])
    const audit = await app.db.query(
      `SELECT action FROM audit_log WHERE collection = 'theme_crosswalk' AND item_id = 'conflict_events:cattle_raid'`,
    )
    expect(audit.rows).toEqual([{ action: 'create' }])
  })
})
