import { describe, expect, it } from 'vitest'
import { NATIONAL } from '../../server/access/scope.ts'
import { computeCoverage } from '../../server/analysis/coverage.ts'
import { loadConfig, loadRoads, loadSources, loadTargets } from '../../server/analysis/data.ts'
import { buildGraph, type RoadSet } from '../../server/analysis/graph.ts'
import { attachSites, edgeTimes } from '../../server/analysis/network.ts'
import { SOURCE_KINDS, TARGET_KINDS } from '../../contract/analysis-params.ts'
import { NOT_BUILT } from '../../server/analysis/speeds.ts'
import { CONDITIONS, ROAD_STATUSES } from '../../contract/domains.ts'
import { useApp } from '../support/use-app.ts'

// What the ranking promises, checked against what the coverage analysis says once the picks are made through the
// write API; and that no single upgrade makes any target slower, on the sample network.

const app = useApp()

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

describe('road-upgrade priorities keep their promises', () => {
  it('delivers, once every pick of a 500 km ranking is made through the write API, exactly the coverage promised', async () => {
    const planner = await app.as('planner')
    const admin = await app.as('admin')
    const ranking = (await planner.analyse('/api/analysis/road-priorities', {})).body
    expect(ranking.picks.length).toBeGreaterThan(3)
    const coverage = async () => (await planner.analyse('/api/analysis/coverage', {})).body
    const start = await coverage()
    expect(Math.abs(start.summary.national.covered_weight - ranking.before.covered_weight)).toBeLessThan(1e-9)
    let promised = ranking.before.covered_weight
    for (const [n, pick] of ranking.picks.entries()) {
      const res = await admin.send('PATCH', `/ogc/collections/roads/items/${pick.road_id}`, {
        properties: { condition: 'good', status: 'rehabilitated' },
      })
      expect(res.status).toBe(200)
      promised += pick.gain
      // Pick by pick for the first few (each gain is what that pick adds to the earlier ones), then the total.
      if (n < 4) {
        const now = await coverage()
        expect(Math.abs(now.summary.national.covered_weight - promised)).toBeLessThan(1e-3) // gains are rounded to 1e-4
      }
    }
    const delivered = await coverage()
    expect(Math.abs(delivered.summary.national.covered_weight - ranking.after.covered_weight)).toBeLessThan(1e-9)
    expect(delivered.summary.national.covered).toBe(ranking.after.covered)
    expect(Math.abs(delivered.summary.national.share - ranking.after.share)).toBeLessThan(1e-9)
    // And the gains add up to the difference.
    expect(
      Math.abs(
        sum(ranking.picks.map((p: any) => p.gain)) - (ranking.after.covered_weight - ranking.before.covered_weight),
      ),
    ).toBeLessThan(1e-3)
  }, 600_000)

  it('slows no target by upgrading any one candidate road, speeds and attachments recomputed from the changed roads', async () => {
    const { roads } = await loadRoads(app.db)
    const { config } = await loadConfig(app.db)
    const sourcePlaces = await loadSources(app.db, SOURCE_KINDS)
    const targetPlaces = await loadTargets(app.db, {
      kinds: TARGET_KINDS,
      weights: { incident_half_life_days: 365, inactive_unit: 2, border_post: 5, airstrip: 2 },
      asOf: new Date().toISOString(),
      area: NATIONAL,
    })
    const horizonS = 3600
    // The road graph depends on geometry only, so it is built once; speeds and attachments from the changed roads.
    const graph = buildGraph(roads, config.snap_m)
    const solve = (r: RoadSet) => {
      const g = { ...graph, roads: r }
      const times = edgeTimes(g, config, 'dry')
      const src = attachSites(g, sourcePlaces.lon, sourcePlaces.lat, config, horizonS, 'none')
      const tgt = attachSites(g, targetPlaces.lon, targetPlaces.lat, config, horizonS)
      return computeCoverage(g, times.now, src, tgt).seconds
    }
    const base = solve(roads)
    const candidates: number[] = []
    for (let r = 0; r < roads.ids.length; r++)
      if (roads.condition[r]! >= CONDITIONS.indexOf('poor') || NOT_BUILT.has(roads.status[r]!)) candidates.push(r)
    expect(candidates.length).toBeGreaterThan(20)
    let faster = 0
    const slower: string[] = []
    for (const r of candidates) {
      const condition = roads.condition.slice()
      const status = roads.status.slice()
      condition[r] = CONDITIONS.indexOf('good')
      status[r] = ROAD_STATUSES.indexOf('rehabilitated')
      const after = solve({ ...roads, condition, status })
      for (let i = 0; i < base.length; i++) {
        if (after[i]! > base[i]! + 1e-6) slower.push(`road ${roads.ids[r]}: target ${i} ${base[i]} → ${after[i]}`)
        else if (after[i]! < base[i]! - 1) faster++
      }
    }
    expect(slower).toEqual([])
    expect(faster).toBeGreaterThan(0)
  }, 600_000)
})

describe('the network report', () => {
  it('says which usable pieces strand sources or targets, and flags a layer that crosses the rest without joining it', async () => {
    const planner = await app.as('planner')
    const before = (await planner.analyse('/api/analysis/coverage', { targets: ['border_posts', 'airstrips'] })).body
      .network
    expect(before.usable_components).toBeGreaterThan(before.stranded_pieces)
    for (const piece of before.stranded) expect(piece.sources + piece.targets).toBeGreaterThan(0)
    expect(before.defects.layers.every((l: any) => !l.flagged)).toBe(true)
    // A second layer: 12 long north–south roads across the Rift, imported without a single shared vertex.
    const batch = Number(
      (
        await app.db.query<{ id: number }>(
          `INSERT INTO import_batches (collection, filename, format, status, created_by)
           VALUES ('roads', 'layer-two.geojson', 'geojson', 'committed', 'planner') RETURNING id`,
        )
      ).rows[0]!.id,
    )
    for (let k = 0; k < 12; k++) {
      const x = 35.2 + k * 0.05
      await app.db.query(
        `INSERT INTO roads (name, road_class, surface, condition, status, source, import_batch_id, geom)
         VALUES ($1, 'C', 'gravel', 'good', 'existing', 'import', $3,
                 ST_SetSRID(ST_MakeLine(ST_MakePoint($2 + 0.0001234, -0.4321), ST_MakePoint($2 + 0.0004321, 1.5678)), 4326))`,
        [`Layer two ${k}`, x, batch],
      )
    }
    const after = (await planner.analyse('/api/analysis/coverage', { targets: ['border_posts', 'airstrips'] })).body
      .network
    const layer = after.defects.layers.find((l: any) => l.layer === `import batch ${batch}`)
    expect(layer.roads).toBe(12)
    expect(layer.crossings).toBeGreaterThan(after.defects.crossings - before.defects.crossings - 1)
    expect(layer.crossings).toBeGreaterThan(4 * layer.junctions)
    expect(layer.flagged).toBe(true)
    expect(after.defects.crossings).toBeGreaterThan(before.defects.crossings)
    for (const c of after.defects.unjoined_crossings.slice(0, 5)) expect(c.road_ids).toHaveLength(2)
    await app.db.query('DELETE FROM roads WHERE import_batch_id = $1', [batch])
  })
})
