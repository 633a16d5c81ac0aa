import { describe, expect, it } from 'vitest'
import { useApp } from '../support/use-app.ts'

// Coverage and prioritisation through the HTTP API, on the sample network.

const app = useApp()

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

describe('coverage', () => {
  it('runs the standard analysis from an empty body and accounts for every target', async () => {
    const planner = await app.as('planner')
    const { status, body } = await planner.analyse('/api/analysis/coverage', {})
    expect(status).toBe(200)
    expect(body.params.threshold_min).toBe(60)
    expect(body.network.edges).toBeGreaterThan(1000)
    expect(body.network.components).toBeGreaterThanOrEqual(1)
    expect(body.sources.count).toBeGreaterThan(500)
    const { national } = body.summary
    expect(national.targets).toBe(body.targets.length)
    // The share is the covered targets' weight over all targets' weight.
    const covered = body.targets.filter((x: any) => x.covered)
    expect(national.covered).toBe(covered.length)
    expect(national.covered_weight).toBeCloseTo(sum(covered.map((x: any) => x.weight)), 1)
    for (const x of body.targets) {
      if (x.covered) {
        expect(x.minutes).toBeLessThanOrEqual(60)
        expect(x.source_id).toEqual(expect.any(Number))
      } else if (x.minutes !== null) expect(x.minutes).toBeGreaterThan(60)
    }
    // Every uncovered target says why; the causes partition the uncovered weight, nationally and by region.
    const causes = body.gap_causes.national
    for (const x of body.targets) expect(x.cause === null).toBe(x.covered)
    expect(causes.offroad_weight + causes.no_source_weight + causes.too_far_weight).toBeCloseTo(
      national.weight - national.covered_weight,
      6,
    )
    expect(causes.offroad_targets + causes.no_source_targets + causes.too_far_targets).toBe(
      national.targets - national.covered,
    )
    const offroad = body.targets.filter((x: any) => x.cause === 'offroad')
    for (const x of offroad) expect(x.offroad_km === null || x.offroad_km > 5 - 0.05).toBe(true) // an hour at 5 km/h
    expect(sum(body.gap_causes.regions.map((r: any) => r.uncovered_weight))).toBeCloseTo(causes.uncovered_weight, 6)
    // Regions and counties partition the national figure.
    expect(sum(body.summary.regions.map((r: any) => r.targets))).toBe(national.targets)
    expect(sum(body.summary.counties.map((r: any) => r.covered_weight))).toBeCloseTo(national.covered_weight, 3)
    // The gap surface scores only what lies beyond the threshold.
    expect(body.gaps.features.length).toBeGreaterThan(50)
    expect(sum(body.gaps.features.map((f: any) => f.properties.uncovered))).toBe(national.targets - national.covered)
  })

  it('covers more with a longer threshold and less in the wet season', async () => {
    const planner = await app.as('planner')
    const share = async (p: object) =>
      (await planner.analyse('/api/analysis/coverage', { targets: ['border_posts', 'airstrips'], ...p })).body.summary
        .national.share
    const base = await share({})
    expect(await share({ threshold_min: 120 })).toBeGreaterThan(base)
    expect(await share({ season: 'wet' })).toBeLessThan(base)
  })

  it('keeps a commissioner to the targets of their region and names no post outside it', async () => {
    const rift = await app.as('commissioner.rift')
    const { status, body } = await rift.analyse('/api/analysis/coverage', {
      targets: ['incidents', 'border_posts'],
    })
    expect(status).toBe(200)
    expect(body.targets.length).toBeGreaterThan(100)
    expect(new Set(body.targets.map((x: any) => x.region_code))).toEqual(new Set(['rift_valley']))
    const named = body.targets.filter((x: any) => x.source_id !== null).map((x: any) => x.source_id)
    const posts = await rift.json(`/ogc/collections/facilities/items?limit=2000&region=rift_valley`)
    const inRift = new Set(posts.body.features.map((f: any) => f.id))
    for (const id of named) expect(inRift.has(id)).toBe(true)
  })

  it('refuses bad parameters with the parameter named, and roles without analyses', async () => {
    const planner = await app.as('planner')
    const bad = await planner.analyse('/api/analysis/coverage', { threshold_min: -5 })
    expect(bad.status).toBe(400)
    expect(bad.body.error.parameter).toBe('threshold_min')
    expect((await planner.analyse('/api/analysis/coverage', { sources: ['prison'] })).body.error.parameter).toBe(
      'sources.0',
    )
    expect((await planner.analyse('/api/analysis/coverage', { colour: 'red' })).status).toBe(400)
    const notJson = await planner.request('/api/analysis/coverage', {
      method: 'POST',
      body: '{',
      headers: { 'Content-Type': 'application/json' },
    })
    expect(notJson.status).toBe(400)
    expect((await (await app.as('viewer')).analyse('/api/analysis/coverage', {})).status).toBe(403)
  })

  it('answers long runs with a job that reports progress and then the result', async () => {
    const planner = await app.as('planner')
    const res = await planner.send('POST', '/api/analysis/coverage', { threshold_min: 45 }, { Prefer: 'respond-async' })
    expect(res.status).toBe(202)
    expect(res.headers.get('Location')).toBe(`/api/analysis/jobs/${res.body.job.id}`)
    let poll = await planner.json(res.headers.get('Location')!)
    for (let i = 0; i < 200 && poll.status === 202; i++) {
      expect(poll.body.job.phase).toEqual(expect.any(String))
      await new Promise((r) => setTimeout(r, 50))
      poll = await planner.json(res.headers.get('Location')!)
    }
    expect(poll.status).toBe(200)
    expect(poll.body.params.threshold_min).toBe(45)
    // Another user cannot see it.
    expect((await (await app.as('admin')).json(res.headers.get('Location')!)).status).toBe(404)
  })

  it('caches results by their inputs and recomputes when the roads change', async () => {
    const planner = await app.as('planner')
    const params = { targets: ['border_posts'], county: '023' }
    const first = (await planner.analyse('/api/analysis/coverage', params)).body
    const again = (await planner.analyse('/api/analysis/coverage', params)).body
    expect(again).toEqual(first) // the same answer, computed once (same computed_ms)
    // Make every road in Turkana impassable: its border posts are reached more slowly or not at all (those within a
    // walk of a post stay covered).
    await app.db.query(`UPDATE roads SET condition = 'impassable' WHERE county_code = '023'`)
    const after = (await planner.analyse('/api/analysis/coverage', params)).body
    expect(after.data_versions.roads).toBeGreaterThan(first.data_versions.roads)
    expect(after.summary.national.covered).toBeLessThanOrEqual(first.summary.national.covered)
    const slower = after.targets.filter(
      (x: any, i: number) => (x.minutes ?? Infinity) > (first.targets[i].minutes ?? Infinity),
    )
    expect(slower.length).toBeGreaterThan(0)
    await app.db.query(`UPDATE roads SET condition = 'poor' WHERE county_code = '023'`)
  })
})

describe('the speed table', () => {
  it('is readable, editable by planners with optimistic locking, and changes the answers', async () => {
    const planner = await app.as('planner')
    const got = await planner.json('/api/analysis/speeds')
    expect(got.status).toBe(200)
    expect(got.body.config.speeds).toHaveLength(7 * 3 * 4)
    const row = got.body.config.speeds.find(
      (r: any) => r.road_class === 'A' && r.surface === 'paved' && r.condition === 'good',
    )
    expect(row.kmh).toBe(80)
    const params = { targets: ['airstrips'], threshold_min: 30 }
    const before = (await planner.analyse('/api/analysis/coverage', params)).body.summary.national.covered
    const slower = { ...got.body.config, speeds: got.body.config.speeds.map((r: any) => ({ ...r, kmh: r.kmh / 2 })) }
    const put = await planner.send('PUT', '/api/analysis/speeds', slower, { 'If-Match': `"${got.body.version}"` })
    expect(put.status).toBe(200)
    expect(put.body.version).toBe(got.body.version + 1)
    expect(put.body.updated_by).toBe('planner')
    const stale = await planner.send('PUT', '/api/analysis/speeds', slower, { 'If-Match': `"${got.body.version}"` })
    expect(stale.status).toBe(412)
    const after = (await planner.analyse('/api/analysis/coverage', params)).body
    expect(after.speeds_version).toBe(put.body.version)
    expect(after.summary.national.covered).toBeLessThan(before)
    // An incomplete table is refused and changes nothing.
    const incomplete = await planner.send('PUT', '/api/analysis/speeds', { ...slower, speeds: slower.speeds.slice(1) })
    expect(incomplete.status).toBe(400)
    expect((await planner.json('/api/analysis/speeds')).body.version).toBe(put.body.version)
    const audit = await app.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE collection = 'analysis_config'`,
    )
    expect(audit.rows[0]!.n).toBe(1)
    await planner.send('PUT', '/api/analysis/speeds', got.body.config)
  })
})

describe('service areas', () => {
  it('shades reached roads in nested bands that grow with time', async () => {
    const planner = await app.as('planner')
    const { status, body } = await planner.analyse('/api/analysis/service-areas', {
      county: '023',
      bands_min: [30, 60, 120],
    })
    expect(status).toBe(200)
    expect(body.features.map((f: any) => f.properties.band_min)).toEqual([30, 60, 120])
    expect(body.features[0].properties.km).toBeGreaterThan(10)
    for (const f of body.features) {
      expect(f.geometry.type).toBe('MultiLineString')
      for (const line of f.geometry.coordinates) expect(line.length).toBeGreaterThanOrEqual(2)
    }
    // Every shaded stretch lies on a road: its vertices are within a metre of Turkana's road network or a neighbour's.
    const some = body.features[0].geometry.coordinates.slice(0, 20).map((l: number[][]) => l[Math.floor(l.length / 2)])
    for (const [x, y] of some) {
      const r = await app.db.query<{ d: number }>(
        `SELECT min(ST_Distance(geom::geography, ST_SetSRID(ST_MakePoint($1, $2), 4326)::geography)) AS d FROM roads`,
        [x, y],
      )
      expect(r.rows[0]!.d).toBeLessThan(1)
    }
  })
})

describe('road-upgrade priorities', () => {
  it('ranks upgrades by coverage bought, within the budget, and explains each pick', async () => {
    const planner = await app.as('planner')
    const { status, body } = await planner.analyse('/api/analysis/road-priorities', {})
    expect(status).toBe(200)
    expect(body.budget).toMatchObject({ unit: 'km', amount: 500 })
    expect(body.picks.length).toBeGreaterThan(5)
    expect(body.budget.spent).toBeLessThanOrEqual(500)
    let previous = Infinity
    for (const p of body.picks) {
      expect(p.gain).toBeGreaterThan(0)
      expect(p.why.length).toBeGreaterThan(0)
      const brought = p.why.filter((w: any) => w.effect === 'covered')
      expect(sum(brought.map((w: any) => w.weight))).toBeCloseTo(p.gain, 2)
      for (const w of brought) expect(w.minutes_after).toBeLessThanOrEqual(60)
      for (const w of p.why) {
        // Upgrades never slow anyone; every listed target moved.
        expect(w.effect).not.toBe('slower')
        expect(w.minutes_before === null || w.minutes_after <= w.minutes_before).toBe(true)
      }
      expect(['poor', 'impassable'].includes(p.condition) || ['planned', 'under_construction'].includes(p.status)).toBe(
        true,
      )
      expect(p.geometry.type).toBe('LineString')
      previous = p.cumulative_share
    }
    expect(body.after.share).toBeCloseTo(previous, 9)
    expect(body.after.covered_weight - body.before.covered_weight).toBeCloseTo(
      sum(body.picks.map((p: any) => p.gain)),
      2,
    )
    expect(body.curve[0].share).toBe(body.before.share)
  })

  it('spends a KES budget at the cost table’s rates, and reserves picks per county on request', async () => {
    const planner = await app.as('planner')
    const kes = (await planner.analyse('/api/analysis/road-priorities', { budget: { unit: 'kes', amount: 2e9 } })).body
    expect(kes.budget.spent).toBeLessThanOrEqual(2e9)
    expect(kes.picks[0].cost).toBeGreaterThan(1e6)
    const fair = (
      await planner.analyse('/api/analysis/road-priorities', {
        region: 'rift_valley',
        min_per_county: 1,
        budget: { unit: 'km', amount: 300 },
      })
    ).body
    const guaranteed = fair.picks.filter((p: any) => p.guaranteed)
    expect(guaranteed.length).toBeGreaterThan(3)
    expect(new Set(guaranteed.map((p: any) => p.county_code)).size).toBe(guaranteed.length)
    for (const p of fair.picks) expect(p.region_code).toBe('rift_valley')
  })

  it('re-ranks for a new budget from the cached network', async () => {
    const planner = await app.as('planner')
    const big = (await planner.analyse('/api/analysis/road-priorities', { budget: { unit: 'km', amount: 200 } })).body
    const small = (await planner.analyse('/api/analysis/road-priorities', { budget: { unit: 'km', amount: 50 } })).body
    expect(small.picks.length).toBeLessThan(big.picks.length)
    expect(small.budget.spent).toBeLessThanOrEqual(50)
    expect(small.picks[0].road_id).toBe(big.picks[0].road_id)
  })
})

describe('patrol corridors', () => {
  it('returns up to K round trips from posts through hotspot clusters, best first, none counting a hotspot twice', async () => {
    const planner = await app.as('planner')
    const { status, body } = await planner.analyse('/api/analysis/patrol-corridors', { k: 5, patrol_hours: 6 })
    expect(status).toBe(200)
    expect(body.clusters.length).toBeGreaterThan(0)
    expect(body.features.length).toBeGreaterThan(0)
    expect(body.features.length).toBeLessThanOrEqual(5)
    const seen = new Set<number>()
    let last = Infinity
    for (const f of body.features) {
      expect(f.properties.hours).toBeLessThanOrEqual(6)
      expect(f.properties.score).toBeLessThanOrEqual(last)
      last = f.properties.score
      expect(f.geometry.coordinates.length).toBeGreaterThan(0)
      // Credited with hot cells' incidents, never more than its clusters hold, and at least one cell each.
      const inClusters = sum(f.properties.clusters_within.map((c: number) => body.clusters[c].incidents))
      expect(f.properties.hotspot_weight).toBeLessThanOrEqual(inClusters)
      expect(f.properties.cells_within).toBeGreaterThan(0)
      expect(f.properties.offroad_km).toBeLessThanOrEqual(2 * 5)
      for (const c of f.properties.clusters_within) seen.add(c)
    }
    // Clusters keep their cells; every cluster no corridor patrols says why, and a short answer says so.
    for (const c of body.clusters) {
      expect(c.hexagons).toHaveLength(c.cells)
      if (seen.has(c.id)) expect(c.no_corridor).toBeNull()
      else
        expect(['offroad_only', 'unreachable_this_season', 'no_post_within_patrol', 'outranked']).toContain(
          c.no_corridor,
        )
    }
    if (body.features.length < 5) expect(body.shortfall).toMatchObject({ asked: 5, returned: body.features.length })
    const ten = (await planner.analyse('/api/analysis/patrol-corridors', {})).body
    console.log(
      `[corridors] k=10: ${ten.features.length} returned; clusters without one: ${JSON.stringify(
        ten.clusters.reduce(
          (m: any, c: any) => (c.no_corridor ? { ...m, [c.no_corridor]: (m[c.no_corridor] ?? 0) + 1 } : m),
          {},
        ),
      )}`,
    )
  })
})

describe('the API document', () => {
  it('describes every analysis request and response', async () => {
    const doc = (await (await app.as('viewer')).json('/api/openapi.json')).body
    for (const path of [
      '/api/analysis/coverage',
      '/api/analysis/service-areas',
      '/api/analysis/road-priorities',
      '/api/analysis/patrol-corridors',
    ]) {
      const op = doc.paths[path].post
      expect(op.requestBody.content['application/json'].schema).toBeDefined()
      expect(op.responses['200'].content['application/json'].schema).toBeDefined()
      expect(op.responses['202']).toBeDefined()
    }
    expect(doc.paths['/api/analysis/speeds'].get).toBeDefined()
    expect(doc.paths['/api/analysis/speeds'].put).toBeDefined()
  })
})
