import { beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, loadRoads, loadSources } from '../../server/analysis/data.ts'
import { buildGraph, type RoadGraph } from '../../server/analysis/graph.ts'
import { attachSites, edgeTimes, type Sites } from '../../server/analysis/network.ts'
import { SOURCE_KINDS } from '../../contract/analysis-params.ts'
import { shortestTimes } from '../../server/analysis/routing.ts'
import { DEFAULT_CONFIG } from '../../server/analysis/speeds.ts'
import { EDGES_SQL, loadPgrEdges } from '../../scripts/lib/pgrouting.ts'
import { gridNetwork, randomPoints } from '../../scripts/lib/synthetic-network.ts'
import { useApp } from '../support/use-app.ts'

// Our travel times against pgRouting's on the same graph: every node's time from the nearest source. Sources join
// the network part-way along an edge, so pgRouting gets the same virtual start nodes with one-way edges to both
// ends of the source's edge. Runs where the database has pgRouting (the PostGIS server in CI).

const app = useApp()
beforeAll(async () => {
  if (!app.db.capabilities.pgrouting)
    console.log(
      `[skip] pgRouting comparison: the ${app.db.kind} database has no pgRouting (CI runs it on the PostGIS server)`,
    )
  else await app.db.query('CREATE EXTENSION IF NOT EXISTS pgrouting')
})

async function compareDrivingDistance(g: RoadGraph, time: Float64Array, sources: Sites, limit: number) {
  const ours = shortestTimes(g, time, sources)
  const theirs = await app.db.transaction(async (tx) => {
    const starts = await loadPgrEdges(tx, g, time, sources)
    // equicost => false and the minimum per node: the exact multi-source answer (pgRouting's equicost shortcut
    // is not exact on every version).
    const r = await tx.query<{ node: number; agg_cost: number }>(
      `SELECT node, min(agg_cost) AS agg_cost FROM pgr_drivingDistance($1::text, $2::bigint[], $3::float8, directed => true, equicost => false) GROUP BY node`,
      [EDGES_SQL, starts, limit],
    )
    return r.rows
  })
  const got = new Map<number, number>()
  for (const row of theirs) if (Number(row.node) <= g.nodeCount) got.set(Number(row.node) - 1, Number(row.agg_cost))
  let compared = 0,
    worst = 0
  for (let n = 0; n < g.nodeCount; n++) {
    const mine = ours.dist[n]!
    if (mine <= limit) {
      expect(got.has(n), `node ${n} reached by us in ${mine} s`).toBe(true)
      worst = Math.max(worst, Math.abs(got.get(n)! - mine))
      compared++
    } else expect(got.has(n) && got.get(n)! < limit - 1e-6, `node ${n} not reached by us`).toBe(false)
  }
  expect(worst).toBeLessThan(1e-6)
  return compared
}

describe('travel times equal pgRouting’s', () => {
  it('on a generated network of thousands of edges (pgr_drivingDistance, many sources)', async (ctx) => {
    if (!app.db.capabilities.pgrouting) return ctx.skip()
    const o = { cols: 60, rows: 50, step: 0.02, seed: 7, bad: 0.2 }
    const g = buildGraph(gridNetwork(o), DEFAULT_CONFIG.snap_m)
    expect(g.edgeCount).toBeGreaterThan(5000)
    const times = edgeTimes(g, DEFAULT_CONFIG, 'dry')
    const p = randomPoints(o, 40, 8)
    const sources = attachSites(g, p.lon, p.lat, DEFAULT_CONFIG, 3600)
    const compared = await compareDrivingDistance(g, times.now, sources, 1e9)
    expect(compared).toBeGreaterThan(2500)
  })

  it('on the generated network, pairwise (pgr_dijkstraCost)', async (ctx) => {
    if (!app.db.capabilities.pgrouting) return ctx.skip()
    const o = { cols: 40, rows: 30, step: 0.02, seed: 11, bad: 0.2 }
    const g = buildGraph(gridNetwork(o), DEFAULT_CONFIG.snap_m)
    const times = edgeTimes(g, DEFAULT_CONFIG, 'wet')
    const p = randomPoints(o, 5, 12)
    const sources = attachSites(g, p.lon, p.lat, DEFAULT_CONFIG, 3600)
    const targets = Array.from({ length: 50 }, (_, i) => (i * 37) % g.nodeCount)
    const rows = await app.db.transaction(async (tx) => {
      const starts = await loadPgrEdges(tx, g, times.now, sources)
      const r = await tx.query<{ start_vid: number; end_vid: number; agg_cost: number }>(
        `SELECT start_vid, end_vid, agg_cost FROM pgr_dijkstraCost($1::text, $2::bigint[], $3::bigint[], directed => true)`,
        [EDGES_SQL, starts, targets.map((n) => n + 1)],
      )
      return { r: r.rows, starts }
    })
    for (const [k, start] of rows.starts.entries()) {
      const ours = shortestTimes(g, times.now, sources, [start - g.nodeCount - 1])
      for (const n of targets) {
        const row = rows.r.find((x) => Number(x.start_vid) === start && Number(x.end_vid) === n + 1)
        if (!Number.isFinite(ours.dist[n]!)) expect(row, `source ${k} → node ${n}`).toBeUndefined()
        else expect(Math.abs(Number(row!.agg_cost) - ours.dist[n]!)).toBeLessThan(1e-6)
      }
    }
  })

  it('on the sample network, within the hour (pgr_drivingDistance catchments)', async (ctx) => {
    if (!app.db.capabilities.pgrouting) return ctx.skip()
    const { config } = await loadConfig(app.db)
    const { roads } = await loadRoads(app.db)
    const g = buildGraph(roads, config.snap_m)
    const times = edgeTimes(g, config, 'dry')
    const posts = await loadSources(app.db, SOURCE_KINDS)
    const sources = attachSites(g, posts.lon, posts.lat, config, 3600, 'none')
    const compared = await compareDrivingDistance(g, times.now, sources, 3600)
    expect(compared).toBeGreaterThan(500)
  })
})
