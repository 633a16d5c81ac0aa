import { describe, expect, it } from 'vitest'
import { useApp } from '../support/use-app.ts'

// M&E indicator records: seeded from the Jukwaa la Usalama report's Annex III with their sources, editable by admins
// and planners, every edit audited, bad input refused without changing anything.

const app = useApp('planner')

const find = (list: any[], id: string) => list.find((i) => i.id === id)
const auditCount = async () =>
  Number(
    (await app.db.query<{ n: number }>("SELECT count(*) AS n FROM audit_log WHERE collection LIKE 'me_%'")).rows[0]!.n,
  )

describe('M&E indicators', () => {
  it("carries the report's indicator table with targets, achievements and sources", async () => {
    const { status, body } = await (await app.as('viewer')).json('/api/indicators')
    expect(status).toBe(200)
    const ids = body.indicators.map((i: any) => i.id)
    for (const id of [
      'firearms_recovered',
      'livestock_recovered',
      'chiefs_trained',
      'ngaos_promoted',
      'ids_issued',
      'seedlings_planted',
      'units_operationalised',
      'prison_inmates_vs_capacity',
      'accs_with_vehicles',
      'ict_centres_digitised',
    ])
      expect(ids).toContain(id)
    // The figures as printed in Annex III.
    const firearms = find(body.indicators, 'firearms_recovered')
    expect(firearms).toMatchObject({
      target: 500,
      direction: 'higher',
      latest: { value: 600, qualifier: 'at_least', value_text: '600+', period: '2025' },
    })
    expect(firearms.source).toContain('Annex III')
    expect(firearms.progress).toBeCloseTo(1.2)
    expect(find(body.indicators, 'ids_issued')).toMatchObject({
      target: 3_000_000,
      target_text: '3M',
      latest: { value: 4_000_000, value_text: '4M+' },
    })
    expect(find(body.indicators, 'units_operationalised')).toMatchObject({ target: 2000, latest: { value: 1100 } })
    expect(find(body.indicators, 'accs_with_vehicles').latest).toMatchObject({
      value: 50,
      qualifier: 'below',
      value_text: '<50%',
    })
    // Lower is better: 62,000 inmates for 30,000 places is 48 % of the way to the target.
    const prisons = find(body.indicators, 'prison_inmates_vs_capacity')
    expect(prisons).toMatchObject({ direction: 'lower', target: 30000, latest: { value: 62000 } })
    expect(prisons.progress).toBeCloseTo(30000 / 62000, 3)
    // A derived figure says how it was derived.
    expect(find(body.indicators, 'ict_centres_digitised').latest.source_note).toContain('(1,345 − 882) ÷ 1,345')
    for (const i of body.indicators) {
      expect(i.source.length, i.id).toBeGreaterThan(10)
      for (const v of i.values) expect(v.source_note.length, i.id).toBeGreaterThan(10)
    }
  })

  it('records and corrects periodic values, each change audited with who and when', async () => {
    const first = await app.planner.send('PUT', '/api/indicators/firearms_recovered/values/2026Q3', {
      value: 140,
      source_note: 'NPS quarterly return, Q3 2026',
    })
    expect(first.status).toBe(201)
    const fixed = await app.planner.send('PUT', '/api/indicators/firearms_recovered/values/2026Q3', {
      value: 152,
      source_note: 'NPS quarterly return, Q3 2026 (corrected)',
    })
    expect(fixed.status).toBe(200)
    await (
      await app.as('admin')
    ).send('PUT', '/api/indicators/firearms_recovered/values/2026-07', {
      value: 40,
      source_note: 'NPS monthly return, July 2026',
    })
    const { body } = await app.planner.json('/api/indicators/firearms_recovered')
    // Oldest first by the month each period ends in: the 2025 report figure, July 2026, then Q3 2026 (ends in September).
    expect(body.values.map((v: any) => v.period)).toEqual(['2025', '2026-07', '2026Q3'])
    expect(body.latest).toMatchObject({ period: '2026Q3', value: 152, recorded_by: 'planner' })
    const changes = body.history.filter((h: any) => h.item_id === 'firearms_recovered/2026Q3')
    expect(changes.map((h: any) => h.action)).toEqual(['update', 'create'])
    expect(changes[0]).toMatchObject({ actor: 'planner', before: { value: 140 }, after: { value: 152 } })
    const audit = await (await app.as('admin')).json('/api/audit?collection=me_indicator_values')
    expect(audit.body.entries.some((e: any) => e.item_id === 'firearms_recovered/2026-07' && e.actor === 'admin')).toBe(
      true,
    )

    expect((await app.planner.send('DELETE', '/api/indicators/firearms_recovered/values/2026-07')).status).toBe(204)
    expect((await app.planner.send('DELETE', '/api/indicators/firearms_recovered/values/2026-07')).status).toBe(404)
  })

  it('edits an indicator with a version check, and creates and deletes records', async () => {
    const current = (await app.planner.json('/api/indicators/chiefs_trained')).body
    const ok = await app.planner.send('PATCH', '/api/indicators/chiefs_trained', {
      target: 9000,
      remarks: 'Target raised for 2026/27',
      version: current.version,
    })
    expect(ok.status).toBe(200)
    expect(ok.body).toMatchObject({ target: 9000, version: current.version + 1, updated_by: 'planner' })
    // A second editor still holding the old version is told, and shown what is there now.
    const stale = await (
      await app.as('admin')
    ).send('PATCH', '/api/indicators/chiefs_trained', { target: 7000, version: current.version })
    expect(stale.status).toBe(412)
    expect(stale.body.current.target).toBe(9000)
    expect((await app.planner.json('/api/indicators/chiefs_trained')).body.history[0]).toMatchObject({
      action: 'update',
      before: { target: 5000 },
      after: { target: 9000 },
    })

    const made = await app.planner.send('POST', '/api/indicators', {
      id: 'security_roads_km',
      name: 'Security roads rehabilitated (km)',
      name_sw: 'Barabara za usalama zilizokarabatiwa (km)',
      unit: 'count',
      direction: 'higher',
      target: 500,
      source: 'Table 6, KPI "Km of security roads constructed/rehabilitated"',
    })
    expect(made.status).toBe(201)
    expect(made.body.latest).toBeNull()
    expect((await app.planner.send('POST', '/api/indicators', { ...made.body, values: undefined })).status).toBe(400)
    expect(
      (
        await app.planner.send('POST', '/api/indicators', {
          id: 'security_roads_km',
          name: 'x',
          name_sw: 'x',
          unit: 'count',
          direction: 'higher',
          target: 1,
          source: 'x',
        })
      ).status,
    ).toBe(409)
    expect((await app.planner.send('DELETE', '/api/indicators/security_roads_km')).status).toBe(204)
    expect((await app.planner.json('/api/indicators/security_roads_km')).status).toBe(404)
    const deleted = await (await app.as('admin')).json('/api/audit?collection=me_indicators&id=security_roads_km')
    expect(deleted.body.entries.map((e: any) => e.action)).toEqual(['delete', 'create'])
  })

  it('lets admins and planners edit and everyone else only read', async () => {
    for (const who of ['commissioner.rift', 'field.turkana', 'viewer']) {
      const c = await app.as(who)
      expect((await c.json('/api/indicators')).status, who).toBe(200)
      expect(
        (await c.send('PUT', '/api/indicators/ids_issued/values/2026Q3', { value: 1, source_note: 'x' })).status,
        who,
      ).toBe(403)
      expect((await c.send('PATCH', '/api/indicators/ids_issued', { target: 1 })).status, who).toBe(403)
      expect((await c.send('DELETE', '/api/indicators/ids_issued')).status, who).toBe(403)
    }
    expect(find((await app.planner.json('/api/indicators')).body.indicators, 'ids_issued').target).toBe(3_000_000)
  })

  it.each([
    ['PUT', '/api/indicators/ids_issued/values/2026Q5', { value: 1, source_note: 'x' }, 'period'],
    ['PUT', '/api/indicators/ids_issued/values/2026Q3', { value: 'many', source_note: 'x' }, 'value'],
    ['PUT', '/api/indicators/ids_issued/values/2026Q3', { value: 1 }, 'source_note'],
    ['PUT', '/api/indicators/ids_issued/values/2026Q3', { value: 1, source_note: 'x', extra: true }, 'extra'],
    [
      'PUT',
      '/api/indicators/ids_issued/values/2026Q3',
      { value: 1, source_note: 'x', qualifier: 'about' },
      'qualifier',
    ],
    ['PATCH', '/api/indicators/ids_issued', { target: -5 }, 'target'],
    ['PATCH', '/api/indicators/ids_issued', { unit: 'kg' }, 'unit'],
    ['PATCH', '/api/indicators/Bad-Id', { target: 5 }, 'id'],
    [
      'POST',
      '/api/indicators',
      { id: '9lives', name: 'x', name_sw: 'x', unit: 'count', direction: 'higher', target: 1, source: 'x' },
      'id',
    ],
  ])('refuses %s %s with a bad %s and changes nothing', async (method, path, body, parameter) => {
    const before = await auditCount()
    const listBefore = (await app.planner.json('/api/indicators')).body
    const r = await app.planner.send(method, path, body)
    expect(r.status).toBe(400)
    expect(r.body.error.parameter).toBe(parameter)
    expect(await auditCount()).toBe(before)
    expect((await app.planner.json('/api/indicators')).body).toEqual(listBefore)
  })

  it('answers 404 for values of an indicator that does not exist, writing nothing', async () => {
    const before = await auditCount()
    expect(
      (await app.planner.send('PUT', '/api/indicators/no_such_thing/values/2026Q3', { value: 1, source_note: 'x' }))
        .status,
    ).toBe(404)
    expect((await app.planner.send('PATCH', '/api/indicators/no_such_thing', { target: 1 })).status).toBe(404)
    expect((await app.planner.send('PATCH', '/api/indicators/ids_issued', {})).status).toBe(400)
    expect(await auditCount()).toBe(before)
  })
})
