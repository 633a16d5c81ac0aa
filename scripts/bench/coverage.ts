// Coverage and prioritisation at national scale: a synthetic network of ≥500,000 edges with 2,000 sources and
// 50,000 targets, and the real national network from ../shared/data when present. For each: graph build, coverage
// (one multi-source pass plus every target's time), priorities (up to 5,000 candidates, 500 km budget), and, when
// DATABASE_URL names a PostGIS server with pgRouting, pgr_drivingDistance computing the same catchments (every
// node within the threshold of its nearest source) on the same graph in this run: the baseline of the ratio.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { computeCoverage } from '../../server/analysis/coverage.ts'
import { buildGraph, type RoadGraph, type RoadSet } from '../../server/analysis/graph.ts'
import { attachSites, edgeTimes, type Sites } from '../../server/analysis/network.ts'
import { prioritise, type Candidate } from '../../server/analysis/priorities.ts'
import { shortestTimes } from '../../server/analysis/routing.ts'
import { DEFAULT_CONFIG } from '../../server/analysis/speeds.ts'
import { CONDITIONS, ROAD_CLASSES, ROAD_STATUSES, ROAD_SURFACES } from '../../contract/domains.ts'
import { openDb, type Db } from '../../server/db/index.ts'
import { EDGES_SQL, loadPgrEdges } from '../lib/pgrouting.ts'
import { gridNetwork, randomPoints, rng } from '../lib/synthetic-network.ts'
import { ms } from './stats.ts'

const THRESHOLD_S = 3600
const SOURCES = 2000
const TARGETS = 50_000
const CANDIDATES = 5000
const BUDGET_KM = 500
const REAL = join(import.meta.dirname, '../../../shared/data/ke_roads_vmap0.geojson')

const timed = <T>(fn: () => T): [T, number] => {
  const t0 = performance.now()
  const r = fn()
  return [r, performance.now() - t0]
}
/** Median of repeated runs: small timings are otherwise at the mercy of one garbage collection. */
const median = (fn: () => unknown, runs = 7): number => {
  const t: number[] = []
  for (let i = 0; i < runs; i++) t.push(timed(fn)[1])
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)]!
}
const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MB`

async function pgRouting(
  db: Db,
  g: RoadGraph,
  time: Float64Array,
  sources: Sites,
  ours: Float64Array,
): Promise<number> {
  return db.transaction(async (tx) => {
    const starts = await loadPgrEdges(tx, g, time, sources)
    const t0 = performance.now()
    const r = await tx.query<{ node: number; agg_cost: number }>(
      `SELECT node, agg_cost FROM pgr_drivingDistance($1::text, $2::bigint[], $3::float8, directed => true, equicost => true)`,
      [EDGES_SQL, starts, THRESHOLD_S],
    )
    const elapsed = performance.now() - t0
    let same = 0,
      within = 0
    const theirs = new Map(r.rows.map((row) => [Number(row.node) - 1, Number(row.agg_cost)]))
    for (let n = 0; n < g.nodeCount; n++) {
      if (ours[n]! > THRESHOLD_S) continue
      within++
      if (theirs.has(n)) same++
    }
    console.log(
      `  pgRouting pgr_drivingDistance (${starts.length} start vertices, equicost, ${THRESHOLD_S / 60} min): ${ms(elapsed)}; ` +
        `nodes in our catchments also in theirs: ${same} of ${within}`,
    )
    return elapsed
  })
}

async function measure(
  label: string,
  roads: RoadSet,
  src: { lon: Float64Array; lat: Float64Array },
  tgt: { lon: Float64Array; lat: Float64Array },
  db: Db | null,
) {
  console.log(`\n${label}`)
  const [g, buildMs] = timed(() => buildGraph(roads, DEFAULT_CONFIG.snap_m))
  const bytes = Object.values(g).reduce((sum: number, v) => sum + (ArrayBuffer.isView(v) ? v.byteLength : 0), 0)
  const times = edgeTimes(g, DEFAULT_CONFIG, 'dry')
  const [sites, attachMs] = timed(() => ({
    sources: attachSites(g, src.lon, src.lat, DEFAULT_CONFIG, THRESHOLD_S, 'none'),
    targets: attachSites(g, tgt.lon, tgt.lat, DEFAULT_CONFIG, THRESHOLD_S),
  }))
  const [cov, coverageMs] = timed(() => computeCoverage(g, times.now, sites.sources, sites.targets))
  const repeatMs = median(() => computeCoverage(g, times.now, sites.sources, sites.targets))
  // What pgRouting's answer holds: every node's time from its nearest source (no targets).
  const passMs = median(() => shortestTimes(g, times.now, sites.sources))
  const r = rng(99)
  const weight = Float64Array.from({ length: sites.targets.count }, () => 0.5 + r() * 4)
  let covered = 0
  for (let i = 0; i < sites.targets.count; i++) if (cov.seconds[i]! <= THRESHOLD_S) covered++
  // Candidates: roads in poor or impassable condition, up to 5,000, cost in km.
  const pool: number[] = []
  for (let i = 0; i < roads.ids.length; i++)
    if (roads.condition[i]! >= CONDITIONS.indexOf('poor') && g.roadEdgeStart[i] !== g.roadEdgeStart[i + 1]) pool.push(i)
  const step = Math.max(1, Math.floor(pool.length / CANDIDATES))
  const candidates: Candidate[] = pool
    .filter((_, k) => k % step === 0)
    .slice(0, CANDIDATES)
    .map((road) => {
      let m = 0
      for (let e = g.roadEdgeStart[road]!; e < g.roadEdgeStart[road + 1]!; e++) m += g.edgeLength[e]!
      return { road, cost: m / 1000, group: null }
    })
  const [pr, priorityMs] = timed(() =>
    prioritise({
      g,
      now: times.now,
      upgraded: times.upgraded,
      sources: sites.sources,
      targets: sites.targets,
      weight,
      thresholdS: THRESHOLD_S,
      coverage: cov,
      candidates,
      budget: BUDGET_KM,
    }),
  )
  console.log(
    `  network: ${g.nodeCount.toLocaleString()} nodes, ${g.edgeCount.toLocaleString()} edges; ${sites.sources.count} sources, ${sites.targets.count.toLocaleString()} targets (${covered.toLocaleString()} within ${THRESHOLD_S / 60} min)`,
  )
  console.log(`  graph build: ${ms(buildMs)} (graph arrays ${mb(bytes)})`)
  const per = (x: Sites) => (x.edge.length / Math.max(1, x.count)).toFixed(1)
  console.log(
    `  attach sources and targets: ${ms(attachMs)} — the nearest roads (up to 12) within ${THRESHOLD_S / 60} min on foot: ` +
      `${per(sites.sources)} attachments per source, ${per(sites.targets)} per target (the earlier model: at most 2)`,
  )
  console.log(
    `  coverage (multi-source pass + every target): ${ms(coverageMs)} first run, ${ms(repeatMs)} repeated (median of 7); the multi-source pass alone ${ms(passMs)} (median)`,
  )
  console.log(
    `  priorities: ${ms(priorityMs)} — ${candidates.length} candidates, ${pr.picks.length} picks for ${BUDGET_KM} km, ${pr.evaluations} evaluations`,
  )
  if (!db) return
  const pgMs = await pgRouting(db, g, times.now, sites.sources, cov.labels.dist)
  console.log(
    `  ratio pgRouting / ours: ${(pgMs / passMs).toFixed(1)}× for the same catchments (multi-source pass); ` +
      `${(pgMs / coverageMs).toFixed(1)}× against our whole coverage with every target (first run), ${(pgMs / repeatMs).toFixed(1)}× repeated`,
  )
}

function realRoads(): RoadSet | null {
  if (!existsSync(REAL)) return null
  const fc = JSON.parse(readFileSync(REAL, 'utf8')) as {
    features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[]
  }
  const lines: { coords: number[][]; type: string }[] = []
  for (const f of fc.features) {
    const type = String(f.properties.RTT_DESCRI ?? f.properties.F_CODE_DES ?? '')
    const parts =
      f.geometry.type === 'MultiLineString'
        ? (f.geometry.coordinates as number[][][])
        : [f.geometry.coordinates as number[][]]
    for (const p of parts) if (p.length >= 2) lines.push({ coords: p, type })
  }
  const n = lines.length
  const start = new Int32Array(n + 1)
  lines.forEach((l, i) => (start[i + 1] = start[i]! + l.coords.length))
  const coords = new Float64Array(2 * start[n]!)
  lines.forEach((l, i) => l.coords.forEach(([x, y], k) => coords.set([x!, y!], 2 * (start[i]! + k))))
  const r = rng(5)
  // VMap0 route types mapped to classes and surfaces; conditions drawn at random (20 % poor or impassable).
  const cls = (t: string) =>
    t.startsWith('Primary') ? 'A' : t.startsWith('Secondary') ? 'C' : t === 'Trail' ? 'track' : 'D'
  const surface = (t: string) => (t.startsWith('Primary') ? 'paved' : t === 'Trail' ? 'earth' : 'gravel')
  return {
    ids: Float64Array.from(lines, (_, i) => i + 1),
    roadClass: Uint8Array.from(lines, (l) => ROAD_CLASSES.indexOf(cls(l.type) as never)),
    surface: Uint8Array.from(lines, (l) => ROAD_SURFACES.indexOf(surface(l.type) as never)),
    condition: Uint8Array.from(lines, () => {
      const u = r()
      return u < 0.12 ? 2 : u < 0.2 ? 3 : u < 0.6 ? 1 : 0
    }),
    status: new Uint8Array(n).fill(ROAD_STATUSES.indexOf('existing')),
    start,
    coords,
  }
}

export async function run() {
  let db: Db | null = null
  if (!process.env.DATABASE_URL)
    console.log('pgRouting baseline: skipped (set DATABASE_URL to a PostGIS server with pgRouting)')
  else {
    db = await openDb({ databaseUrl: process.env.DATABASE_URL })
    if (!db.capabilities.pgrouting) {
      console.log('pgRouting baseline: skipped (the server has no pgRouting)')
      await db.close()
      db = null
    } else await db.query('CREATE EXTENSION IF NOT EXISTS pgrouting')
  }
  try {
    const grid = { cols: 502, rows: 500, step: 0.01, seed: 2026, bad: 0.15 }
    // Posts cluster in 100 towns; half the targets are around towns, half anywhere.
    const towns = randomPoints(grid, 100, 1)
    const around = (n: number, spread: number, seed: number, share = 1) => {
      const r = rng(seed)
      const any = randomPoints(grid, n, seed + 1)
      for (let i = 0; i < n; i++) {
        if (r() >= share) continue
        const t = Math.floor(r() * towns.lon.length)
        any.lon[i] = Math.min(39, Math.max(34, towns.lon[t]! + (r() - 0.5) * 2 * spread))
        any.lat[i] = Math.min(0.49, Math.max(-4.5, towns.lat[t]! + (r() - 0.5) * 2 * spread))
      }
      return any
    }
    await measure(
      'Synthetic national-scale grid (502 × 500 nodes, 0.01° ≈ 1.1 km apart; posts in 100 towns)',
      gridNetwork(grid),
      around(SOURCES, 0.05, 2),
      around(TARGETS, 0.4, 3, 0.5),
      db,
    )
    const real = realRoads()
    if (!real) console.log(`\nReal network: skipped (${REAL} not present)`)
    else {
      // Places near the roads: a random vertex, moved up to `spread` degrees each way.
      const near = (n: number, spread: number, seed: number) => {
        const r = rng(seed)
        const vertices = real.coords.length / 2
        const lon = new Float64Array(n),
          lat = new Float64Array(n)
        for (let i = 0; i < n; i++) {
          const v = Math.floor(r() * vertices)
          lon[i] = real.coords[2 * v]! + (r() - 0.5) * 2 * spread
          lat[i] = real.coords[2 * v + 1]! + (r() - 0.5) * 2 * spread
        }
        return { lon, lat }
      }
      await measure(
        `Real national network (VMap0, ${real.ids.length.toLocaleString()} lines; posts within 2 km and targets within 10 km of a random road vertex)`,
        real,
        near(SOURCES, 0.02, 3),
        near(TARGETS, 0.09, 4),
        db,
      )
    }
  } finally {
    await db?.close()
  }
}
