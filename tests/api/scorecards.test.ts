import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PDFDocument } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { previousQuarter, quarterOf, type Quarter } from '../../server/monitoring/quarters.ts'
import type { Client } from '../support/app.ts'
import { useApp } from '../support/use-app.ts'
import { featureId } from '../support/features.ts'
import { ROOT } from '../support/template.ts'

// County scorecards: numbers computed in SQL from the register as it stood at the quarter's end, checked against the
// OGC items endpoint; as-of history; targets and traffic lights; ranking; public version; CSV and PDF; area scope.
// And the regional dashboard built on them.

const app = useApp('planner')

const Q = '2026Q3'
const DATES = 'datetime=2026-07-01/2026-09-30'
const matched = async (c: Client, path: string) => {
  const r = await c.json(`${path}${path.includes('?') ? '&' : '?'}limit=1`)
  expect(r.status, path).toBe(200)
  return r.body.numberMatched as number
}
const items = async (c: Client, path: string) =>
  (await c.json(`${path}&limit=10000`)).body.features.map((f: any) => f.properties)
const indicator = (county: any, id: string) => county.indicators.find((r: any) => r.id === id)
const card = async (c: Client, code: string, quarter: string) => {
  const r = await c.json(`/api/scorecards/${code}?quarter=${quarter}`)
  expect(r.status).toBe(200)
  return r.body.counties[0]
}
const sum = (rows: any[], key: string) => rows.reduce((s, r) => s + Number(r[key] ?? 0), 0)

describe('county scorecards', () => {
  it('computes each number in SQL and agrees with the items endpoint for the same county and quarter', async () => {
    const { status, body } = await app.planner.json(`/api/scorecards?quarter=${Q}`)
    expect(status).toBe(200)
    expect(body.counties).toHaveLength(47)
    expect(body.quarter).toBe(Q)
    expect(body.previousQuarter).toBe('2026Q2')
    for (const code of ['023', '047', '010']) {
      const c = body.counties.find((x: any) => x.code === code)
      const ogc = (coll: string, q = '') => `/ogc/collections/${coll}/items?county=${code}${q}`

      const units = indicator(c, 'units_operational')
      expect(units.detail.active).toBe(await matched(app.planner, ogc('admin_units', '&gazetted=true&status=active')))
      expect(units.detail.gazetted).toBe(await matched(app.planner, ogc('admin_units', '&gazetted=true')))
      expect(units.value).toBeCloseTo((100 * units.detail.active) / units.detail.gazetted, 1)

      const roads = indicator(c, 'security_roads_rehabilitated')
      const security = await items(app.planner, ogc('roads', '&is_security_road=true'))
      if (security.length === 0) {
        expect(roads.value).toBeNull()
        expect(roads.status).toBe('na')
      } else {
        const rehab = security.filter((r: any) => r.status === 'rehabilitated')
        expect(roads.detail.rehabilitatedSegments).toBe(
          await matched(app.planner, ogc('roads', '&is_security_road=true&status=rehabilitated')),
        )
        expect(roads.value).toBeCloseTo(sum(rehab, 'length_km'), 1)
        expect(roads.detail.networkKm).toBeCloseTo(sum(security, 'length_km'), 1)
      }

      const posts = indicator(c, 'border_posts_operational')
      const allPosts = await matched(app.planner, ogc('border_posts'))
      if (allPosts) {
        expect(posts.detail.operational).toBe(await matched(app.planner, ogc('border_posts', '&status=operational')))
        expect(posts.detail.posts).toBe(allPosts - (await matched(app.planner, ogc('border_posts', '&status=planned'))))
      }

      const centres = await items(app.planner, ogc('facilities', '&kind=registration_centre&status=operational'))
      const digitised = indicator(c, 'registration_digitised')
      expect(digitised.detail.centres).toBe(centres.length)
      expect(digitised.detail.digitised).toBe(
        await matched(app.planner, ogc('facilities', '&kind=registration_centre&status=operational&digitised=true')),
      )
      expect(indicator(c, 'live_capture_units').detail.liveCaptureUnits).toBe(sum(centres, 'live_capture_units'))

      const prisons = await items(app.planner, ogc('facilities', '&kind=prison&status=operational'))
      const occupancy = indicator(c, 'prison_occupancy')
      expect(occupancy.detail.capacity).toBe(sum(prisons, 'capacity'))
      expect(occupancy.detail.inmates).toBe(sum(prisons, 'occupancy'))

      const incidents = indicator(c, 'incidents')
      expect(incidents.value).toBe(await matched(app.planner, ogc('incidents', `&${DATES}`)))
      expect(incidents.previous).toBe(await matched(app.planner, ogc('incidents', '&datetime=2026-04-01/2026-06-30')))
      for (const th of incidents.byTheme) {
        expect(th.n, th.theme).toBe(await matched(app.planner, ogc('incidents', `&${DATES}&theme=${th.theme}`)))
      }
      expect(incidents.change).toBe(incidents.value - incidents.previous)
      // Every number here is computed from invented sample records, and says so.
      expect(incidents.sampleRecords).toBe(incidents.records)
    }
  })

  it('shows each quarter as it stood at its end, so an edit today changes this quarter and not the last', async () => {
    const now: Quarter = quarterOf(new Date())
    const last = previousQuarter(now)
    const before = await card(app.planner, '023', last.id)
    const current = await card(app.planner, '023', now.id)
    const units = indicator(current, 'units_operational')

    // A field officer in Turkana reports a unit operational; an admin removes a border post.
    const field = await app.as('field.turkana')
    const unit = await featureId(
      app.db,
      'admin_units',
      "t.county_code = '023' AND t.status = 'inactive' AND t.gazetted",
    )
    expect(
      (await field.send('PATCH', `/ogc/collections/admin_units/items/${unit}`, { properties: { status: 'active' } }))
        .status,
    ).toBe(200)
    const post = await featureId(app.db, 'border_posts', "t.county_code = '023' AND t.status <> 'planned'")
    expect((await (await app.as('admin')).send('DELETE', `/ogc/collections/border_posts/items/${post}`)).status).toBe(
      204,
    )

    const after = await card(app.planner, '023', now.id)
    const unitsAfter = indicator(after, 'units_operational')
    expect(unitsAfter.detail.active).toBe(units.detail.active + 1)
    expect(unitsAfter.detail.active).toBe(
      await matched(app.planner, '/ogc/collections/admin_units/items?county=023&gazetted=true&status=active'),
    )
    expect(unitsAfter.change).toBeCloseTo(100 / units.detail.gazetted, 1)
    expect(indicator(after, 'border_posts_operational').detail.posts).toBe(
      indicator(current, 'border_posts_operational').detail.posts - 1,
    )
    // The last quarter is unchanged: the unit was inactive and the post existed at its end.
    expect(await card(app.planner, '023', last.id)).toEqual(before)
  })

  it('dates a change by its field assessment when the assessment reached the server later', async () => {
    const now = quarterOf(new Date())
    const last = previousQuarter(now)
    const road = await featureId(
      app.db,
      'roads',
      "t.county_code = '023' AND t.is_security_road AND t.status = 'existing'",
    )
    const km = (await app.db.query<{ km: number }>('SELECT length_km AS km FROM roads WHERE id = $1', [Number(road)]))
      .rows[0]!.km
    const earlier = await card(app.planner, '023', last.id)
    // Observed rehabilitated ten days before the last quarter ended, synced (and audited) today.
    const observed = new Date(Date.parse(last.end) - 10 * 86_400_000).toISOString()
    await app.db.query(
      `INSERT INTO assessments (collection, asset_id, status, observed_at, observer) VALUES ('roads', $1, 'rehabilitated', $2, 'field.turkana')`,
      [Number(road), observed],
    )
    expect(
      (
        await app.planner.send('PATCH', `/ogc/collections/roads/items/${road}`, {
          properties: { status: 'rehabilitated' },
        })
      ).status,
    ).toBe(200)

    const lastAfter = indicator(await card(app.planner, '023', last.id), 'security_roads_rehabilitated')
    expect(lastAfter.value).toBeCloseTo(indicator(earlier, 'security_roads_rehabilitated').value + km, 1)
    expect(lastAfter.change).toBeCloseTo(indicator(earlier, 'security_roads_rehabilitated').change + km, 1)
    // The quarter before the observation does not have it.
    const twoBack = previousQuarter(last)
    expect(indicator(await card(app.planner, '023', twoBack.id), 'security_roads_rehabilitated').value).toBeCloseTo(
      indicator(earlier, 'security_roads_rehabilitated').previous,
      1,
    )
  })

  it('ranks the 47 counties on the public indicators, the same in the public and internal versions', async () => {
    const internal = (await app.planner.json(`/api/scorecards?quarter=${Q}`)).body
    const pub = (await app.planner.json(`/api/scorecards?quarter=${Q}&public=true`)).body
    expect(internal.rankOf).toBe(47)
    const ranks = internal.counties.map((c: any) => c.rank)
    expect(Math.min(...ranks)).toBe(1)
    expect(Math.max(...ranks)).toBeLessThanOrEqual(47)
    const sorted = [...internal.counties].sort((a: any, b: any) => a.rank - b.rank)
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].score).toBeLessThanOrEqual(sorted[i - 1].score)
    expect(pub.counties.map((c: any) => [c.code, c.rank])).toEqual(internal.counties.map((c: any) => [c.code, c.rank]))
    // The rank is the mean attainment of the public indicators that apply, as documented.
    const tk = internal.counties.find((c: any) => c.code === '023')
    const applied = tk.indicators.filter((r: any) => internal.rankedOn.includes(r.id) && r.attainment !== null)
    expect(tk.score).toBeCloseTo((100 * applied.reduce((s: number, r: any) => s + r.attainment, 0)) / applied.length, 1)

    expect(internal.indicators).toContain('incidents')
    expect(pub.indicators).not.toContain('incidents')
    expect(pub.indicators).not.toContain('prison_occupancy')
    expect(pub.counties[0].indicators.map((r: any) => r.id)).toEqual(pub.indicators)
    // Viewers always get the public version.
    const viewer = (await (await app.as('viewer')).json(`/api/scorecards?quarter=${Q}&public=false`)).body
    expect(viewer.public).toBe(true)
    expect(viewer.indicators).toEqual(pub.indicators)
  })

  it('lights each indicator from the editable targets table, and audits target changes', async () => {
    const before = indicator(await card(app.planner, '023', Q), 'units_operational')
    expect(before.status).toBe('red')
    expect(before.target).toBe(82.3)
    const set = await app.planner.send('PUT', '/api/scorecard-targets/units_operational', {
      county: '023',
      target: 30,
      amber: 20,
      note: 'Turkana: staged target agreed at the quarterly review',
    })
    expect(set.status).toBe(200)
    const now = indicator(await card(app.planner, '023', Q), 'units_operational')
    expect(now.status).toBe('green')
    expect(now.target).toBe(30)
    // Other counties keep the default.
    expect(indicator(await card(app.planner, '047', Q), 'units_operational').target).toBe(82.3)
    const audit = await (await app.as('admin')).json('/api/audit?collection=scorecard_targets&id=units_operational/023')
    expect(audit.body.entries[0]).toMatchObject({ actor: 'planner', action: 'create' })

    expect(
      (
        await app.planner.send('PUT', '/api/scorecard-targets/units_operational', {
          county: null,
          target: 50,
          amber: 60,
          note: 'x',
        })
      ).body.error.parameter,
    ).toBe('amber')
    expect(
      (
        await app.planner.send('PUT', '/api/scorecard-targets/prison_occupancy', {
          county: null,
          target: 100,
          amber: 90,
          note: 'x',
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await app.planner.send('PUT', '/api/scorecard-targets/units_operational', {
          county: null,
          target: 150,
          amber: 60,
          note: 'x',
        })
      ).status,
    ).toBe(400)
    expect(
      (
        await (
          await app.as('commissioner.rift')
        ).send('PUT', '/api/scorecard-targets/units_operational', { county: '023', target: 1, amber: 0, note: 'x' })
      ).status,
    ).toBe(403)
    expect(
      (await app.planner.json('/api/scorecard-targets')).body.targets.find((x: any) => x.county_code === '023').target,
    ).toBe(30)

    expect((await app.planner.send('DELETE', '/api/scorecard-targets/units_operational?county=023')).status).toBe(204)
    expect(indicator(await card(app.planner, '023', Q), 'units_operational').status).toBe('red')
    expect((await app.planner.send('DELETE', '/api/scorecard-targets/units_operational?county=023')).status).toBe(404)
  })

  it('exports CSV with one row per county and the same numbers as the JSON', async () => {
    const res = await app.planner.request(`/api/scorecards?quarter=${Q}&format=csv`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/csv')
    expect(res.headers.get('content-disposition')).toContain(`scorecards-${Q}.csv`)
    const lines = (await res.text()).trim().split('\r\n')
    expect(lines).toHaveLength(48)
    const head = lines[0]!.split(',')
    const json = (await app.planner.json(`/api/scorecards?quarter=${Q}`)).body
    const row = lines.find((l) => l.startsWith(`${Q},023,`))!.split(',')
    const col = (name: string) => row[head.indexOf(name)]
    const tk = json.counties.find((c: any) => c.code === '023')
    expect(Number(col('rank'))).toBe(tk.rank)
    expect(Number(col('incidents_value'))).toBe(indicator(tk, 'incidents').value)
    expect(Number(col('units_operational_value'))).toBe(indicator(tk, 'units_operational').value)
    expect(col('units_operational_status')).toBe(indicator(tk, 'units_operational').status)
    const pub = await (await app.planner.request(`/api/scorecards?quarter=${Q}&format=csv&public=true`)).text()
    expect(pub.split('\r\n')[0]).not.toContain('incidents')
  })

  it('prints one A4 page per county, opens as a PDF and renders legibly', async () => {
    const one = await app.planner.request(`/api/scorecards/023.pdf?quarter=${Q}`)
    expect(one.status).toBe(200)
    expect(one.headers.get('content-type')).toBe('application/pdf')
    const bytes = new Uint8Array(await one.arrayBuffer())
    expect(Buffer.from(bytes.slice(0, 5)).toString()).toBe('%PDF-')
    const doc = await PDFDocument.load(bytes)
    expect(doc.getPageCount()).toBe(1)
    const { width, height } = doc.getPage(0).getSize()
    expect([Math.round(width), Math.round(height)]).toEqual([595, 842])

    const viaAccept = await app.planner.request(`/api/scorecards/023?quarter=${Q}`, {
      headers: { Accept: 'application/pdf' },
    })
    expect(viaAccept.headers.get('content-type')).toBe('application/pdf')

    const all = await app.planner.request(`/api/scorecards.pdf?quarter=${Q}`)
    expect(all.status).toBe(200)
    expect((await PDFDocument.load(new Uint8Array(await all.arrayBuffer()))).getPageCount()).toBe(47)

    const out = join(ROOT, 'test-results')
    mkdirSync(out, { recursive: true })
    const pdfPath = join(out, 'scorecard-023.pdf')
    writeFileSync(pdfPath, bytes)
    if (!existsSync('/usr/bin/pdftoppm')) {
      console.log('[skip] PDF rendering: pdftoppm is not installed (apt-get install poppler-utils)')
    } else {
      execFileSync('/usr/bin/pdftoppm', [
        '-r',
        '110',
        '-f',
        '1',
        '-l',
        '1',
        '-png',
        '-singlefile',
        pdfPath,
        join(out, 'scorecard-023-page1'),
      ])
      expect(existsSync(join(out, 'scorecard-023-page1.png'))).toBe(true)
    }
    if (!existsSync('/usr/bin/pdftotext')) {
      console.log('[skip] PDF text check: pdftotext is not installed (apt-get install poppler-utils)')
    } else {
      const text = execFileSync('/usr/bin/pdftotext', ['-layout', pdfPath, '-']).toString()
      for (const words of [
        'County security scorecard',
        'Turkana',
        'County 023',
        '2026 Q3',
        'Ranking',
        'Gazetted units operational',
        'Prison occupancy rate',
        'Target',
        'Off track',
        'SAMPLE DATA',
        'Generated',
      ]) {
        expect(text, words).toContain(words)
      }
      const pub = await app.planner.request(`/api/scorecards/023.pdf?quarter=${Q}&public=true&lang=sw`)
      writeFileSync(join(out, 'scorecard-023-public-sw.pdf'), new Uint8Array(await pub.arrayBuffer()))
      const sw = execFileSync('/usr/bin/pdftotext', [
        '-layout',
        join(out, 'scorecard-023-public-sw.pdf'),
        '-',
      ]).toString()
      expect(sw).toContain('Kadi ya alama ya usalama ya kaunti')
      expect(sw).toContain('Toleo la umma')
      expect(sw).not.toContain('Matukio kwa mada')
    }
  })

  it('keeps commissioners and field officers to their area, with ranks among all 47', async () => {
    const rift = await app.as('commissioner.rift')
    const mine = (await rift.json(`/api/scorecards?quarter=${Q}`)).body
    expect(mine.counties.length).toBe(14)
    expect(new Set(mine.counties.map((c: any) => c.region_code))).toEqual(new Set(['rift_valley']))
    const national = (await app.planner.json(`/api/scorecards?quarter=${Q}&public=true`)).body
    for (const c of mine.counties) expect(c.rank).toBe(national.counties.find((x: any) => x.code === c.code).rank)
    expect((await rift.json(`/api/scorecards/001?quarter=${Q}`)).status).toBe(404)
    const pdf = await rift.request(`/api/scorecards.pdf?quarter=${Q}`)
    expect((await PDFDocument.load(new Uint8Array(await pdf.arrayBuffer()))).getPageCount()).toBe(14)

    const field = await app.as('field.turkana')
    const own = (await field.json(`/api/scorecards?quarter=${Q}`)).body
    expect(own.counties.map((c: any) => c.code)).toEqual(['023'])
    expect(own.public).toBe(true)
    expect((await field.json(`/api/scorecards/047?quarter=${Q}`)).status).toBe(404)
  })

  it.each([
    ['/api/scorecards?quarter=2026Q5', 'quarter'],
    ['/api/scorecards?quarter=2031Q1', 'quarter'],
    ['/api/scorecards?quarter=1999Q4', 'quarter'],
    ['/api/scorecards?format=xml', 'format'],
    ['/api/scorecards?public=maybe', 'public'],
    ['/api/scorecards?county=023', 'county'],
    ['/api/scorecards/23', 'countyCode'],
    ['/api/scorecards/023.doc', 'countyCode'],
    ['/api/scorecards.pdf?lang=fr', 'lang'],
    ['/api/scorecards/023?quarters=40', 'quarters'],
    ['/api/regions/mars/summary', 'code'],
    ['/api/regions/coast/summary?quarter=soon', 'quarter'],
  ])('rejects %s', async (path, parameter) => {
    const r = await app.planner.json(path)
    expect(r.status).toBe(400)
    expect(r.body.error.parameter).toBe(parameter)
  })
})

describe('regional dashboard', () => {
  it("summarises a region: assets, incidents, its counties' scorecards and what needs action, each agreeing with the items endpoint", async () => {
    const rift = await app.as('commissioner.rift')
    const { status, body } = await rift.json(`/api/regions/rift_valley/summary?quarter=${Q}`)
    expect(status).toBe(200)
    expect(body.region).toMatchObject({ code: 'rift_valley', name: 'Rift Valley', name_sw: 'Bonde la Ufa' })
    expect(body.region.counties).toHaveLength(14)
    expect(body.summary).toEqual((await rift.json('/api/summary?region=rift_valley')).body)
    expect(body.scorecards).toHaveLength(14)
    expect(body.incidentsQuarter.total).toBe(
      await matched(rift, `/ogc/collections/incidents/items?region=rift_valley&${DATES}`),
    )
    expect(body.incidentsQuarter.previous).toBe(
      await matched(rift, '/ogc/collections/incidents/items?region=rift_valley&datetime=2026-04-01/2026-06-30'),
    )

    const group = (kind: string) => body.actions.find((g: any) => g.kind === kind)
    const r = '/ogc/collections'
    expect(group('border_posts_down').total).toBe(
      await matched(rift, `${r}/border_posts/items?region=rift_valley&status=not_operational,partially_operational`),
    )
    expect(group('inactive_units').total).toBe(
      await matched(rift, `${r}/admin_units/items?region=rift_valley&status=inactive&gazetted=true`),
    )
    expect(group('security_roads_impassable').total).toBe(
      await matched(
        rift,
        `${r}/roads/items?region=rift_valley&is_security_road=true&condition=impassable,poor&status=existing,under_construction,rehabilitated`,
      ),
    )
    expect(group('registration_manual').total).toBe(
      await matched(
        rift,
        `${r}/facilities/items?region=rift_valley&kind=registration_centre&status=operational&digitised=false`,
      ),
    )
    // Worst first: impassable roads before poor ones; larger units (sub-counties, divisions) before smaller ones.
    expect(group('security_roads_impassable').items[0].reason).toBe('impassable')
    const levels = ['sub_county', 'division', 'location', 'sub_location']
    const order = group('inactive_units').items.map((i: any) => levels.indexOf(i.reason))
    expect(order).toEqual([...order].sort((a: number, b: number) => a - b))
    for (const g of body.actions)
      for (const item of g.items) expect(body.region.counties.map((c: any) => c.code)).toContain(item.county_code)
    // Red indicators name the county and the indicator, worst first.
    expect(body.redIndicators.length).toBeGreaterThan(0)
    expect(
      body.redIndicators.every(
        (x: any) => body.scorecards.find((c: any) => c.code === x.county_code).lights[x.indicator] === 'red',
      ),
    ).toBe(true)
    // Coverage today: the same figure the coverage analysis gives for the region.
    const coverage = (await rift.analyse('/api/analysis/coverage', { region: 'rift_valley' })).body.summary
    expect(body.coverage.share).toBe(coverage.national.share)
    expect(body.coverage.threshold_min).toBe(60)
    expect(body.coverage.counties.map((c: any) => c.code)).toEqual(coverage.counties.map((c: any) => c.code))
  })

  it("refuses regions outside the caller's area and leaves sensitive sections out for viewers", async () => {
    expect((await (await app.as('commissioner.rift')).json('/api/regions/coast/summary')).status).toBe(403)
    expect((await (await app.as('field.turkana')).json('/api/regions/coast/summary')).status).toBe(403)
    const field = (await (await app.as('field.turkana')).json('/api/regions/rift_valley/summary')).body
    expect(field.scorecards.map((c: any) => c.code)).toEqual(['023'])
    const viewer = (await (await app.as('viewer')).json('/api/regions/coast/summary')).body
    expect(viewer.incidentsQuarter).toBeNull()
    expect(viewer.summary.incidents).toBeNull()
    expect(viewer.actions.map((g: any) => g.kind)).not.toContain('incidents_open_serious')
    expect(viewer.actions.map((g: any) => g.kind)).not.toContain('prisons_overcrowded')
    expect(Object.keys(viewer.scorecards[0].lights)).not.toContain('incidents')
    expect(viewer.coverage).toBeNull() // no analyses for viewers
    expect(field.coverage).toBeNull()
  })
})
