import type { AreaScope } from '../access/scope.ts'
import { COLLECTIONS } from '../assets/collections.ts'
import type { ItemFilter } from '../assets/query.ts'
import { dataVersions } from '../assets/versions.ts'
import { CONDITIONS, ROAD_CLASSES, ROAD_STATUSES, ROAD_SURFACES } from '../../contract/domains.ts'
import type { Queryable } from '../db/index.ts'
import { giStar } from '../hotspots/gistar.ts'
import { hexCounts } from '../hotspots/grid.ts'
import { CAUSES, computeCoverage, gapCauses, share, sharesBy, type CoverageState } from './coverage.ts'
import { patrolCorridors } from './corridors.ts'
import {
  loadConfig,
  loadNetworkDefects,
  loadRoads,
  loadSources,
  loadTargets,
  type NetworkDefects,
  type Places,
  type RoadMeta,
} from './data.ts'
import { buildGraph, components, type RoadGraph } from './graph.ts'
import { hexbin, hexRing } from './hexbin.ts'
import { attachSites, edgeTimes, type EdgeTimes, type Sites } from './network.ts'
import type {
  CommonParams,
  CorridorParams,
  CoverageParams,
  PriorityParams,
  ServiceAreaParams,
} from '../../contract/analysis-params.ts'
import { prioritise, type Candidate } from './priorities.ts'
import { shortestTimes } from './routing.ts'
import { serviceAreas } from './service-areas.ts'
import { costPerKm, NOT_BUILT, type AnalysisConfig } from './speeds.ts'

// Runs the analyses: loads what they need, keeps the road graph until the roads change, and keeps recent results
// keyed by everything that determines them (parameters, caller's area, data and speed-table versions).

export type Progress = (phase: string, done?: number, total?: number) => Promise<void>
const noProgress: Progress = async () => {}

interface GraphEntry {
  key: string
  graph: RoadGraph
  meta: RoadMeta
  buildMs: number
}
let graphCache: GraphEntry | null = null
let graphLoading: { key: string; promise: Promise<GraphEntry> } | null = null

/** The road graph for the current roads and snapping tolerance, built once per change of either. */
async function roadGraph(q: Queryable, roadsVersion: number, snapM: number): Promise<GraphEntry> {
  const key = `${roadsVersion}:${snapM}`
  if (graphCache?.key === key) return graphCache
  if (graphLoading?.key === key) return graphLoading.promise
  const promise = (async () => {
    const { roads, meta } = await loadRoads(q)
    const t0 = performance.now()
    const graph = buildGraph(roads, snapM)
    return { key, graph, meta, buildMs: performance.now() - t0 }
  })()
  graphLoading = { key, promise }
  try {
    graphCache = await promise
    return graphCache
  } finally {
    if (graphLoading?.key === key) graphLoading = null
  }
}

const results = new Map<string, unknown>()
const MAX_RESULTS = 24
/** The result for `key`, computing it at most once while it stays among the recent ones. */
async function cached<T>(key: string, compute: () => Promise<T>): Promise<T> {
  if (results.has(key)) {
    const v = results.get(key) as Promise<T>
    results.delete(key)
    results.set(key, v) // most recently used last
    return v
  }
  const p = compute()
  results.set(key, p)
  p.catch(() => results.delete(key))
  while (results.size > MAX_RESULTS) results.delete(results.keys().next().value!)
  return p
}

/** For tests: forget graphs and results (as after a restart). */
export function clearAnalysisCaches() {
  graphCache = null
  defectsCache = null
  results.clear()
}

interface Prepared {
  config: AnalysisConfig
  configVersion: number
  versions: Record<string, number>
  entry: GraphEntry
  times: EdgeTimes
  sourcePlaces: Places
  sources: Sites
}

async function prepare(
  q: Queryable,
  p: Pick<CommonParams, 'season' | 'sources' | 'offroad_kmh'>,
  progress: Progress,
  horizonS: number,
): Promise<Prepared> {
  const [{ config: stored, version: configVersion }, versions] = await Promise.all([loadConfig(q), dataVersions(q)])
  const config = p.offroad_kmh ? { ...stored, offroad_kmh: p.offroad_kmh } : stored
  await progress('graph')
  const entry = await roadGraph(q, versions.roads ?? 0, config.snap_m)
  const times = edgeTimes(entry.graph, config, p.season)
  await progress('sources')
  const sourcePlaces = await loadSources(q, p.sources)
  const sources = attachSites(entry.graph, sourcePlaces.lon, sourcePlaces.lat, config, horizonS, 'none')
  return { config, configVersion, versions, entry, times, sourcePlaces, sources }
}

const areaKey = (a: AreaScope) => JSON.stringify(a)
const inArea = (a: AreaScope, region: string | null, county: string | null) =>
  a.kind === 'national' ||
  (a.kind === 'regions'
    ? region !== null && (a.regions as string[]).includes(region)
    : county !== null && a.counties.includes(county))
const minutes = (s: number) => (Number.isFinite(s) ? Math.round((s / 60) * 100) / 100 : null)
const today = () => new Date().toISOString().slice(0, 10)

let defectsCache: { key: string; value: Promise<NetworkDefects> } | null = null
/** Topology defects (PostGIS), once per change of the roads or the snapping tolerance. */
function networkDefects(q: Queryable, pr: Prepared): Promise<NetworkDefects> {
  const key = pr.entry.key
  if (defectsCache?.key !== key) {
    const value = loadNetworkDefects(q, pr.config.snap_m)
    defectsCache = { key, value }
    value.catch(() => {
      if (defectsCache?.key === key) defectsCache = null
    })
  }
  return defectsCache.value
}

/**
 * What the network is like for this analysis: its pieces as a whole and once impassable and unbuilt roads are
 * removed (what can be driven today), with the sources and targets stranded on each usable piece other than the
 * main one; and the defects that cut it where the map shows roads meeting.
 */
async function networkReport(q: Queryable, s: Scenario) {
  const pr = s.pr
  const g = pr.entry.graph
  const all = components(g)
  const usable = components(g, (e) => Number.isFinite(pr.times.now[e]!))
  const order = all.km.map((km, i) => ({ km, i })).sort((a, b) => b.km - a.km)
  const totalKm = all.km.reduce((t, k) => t + k, 0)
  const roadsOf = new Map<number, Set<number>>()
  for (let e = 0; e < g.edgeCount; e++) {
    const c = all.ofNode[g.edgeFrom[e]!]!
    if (c === order[0]?.i) continue
    let set = roadsOf.get(c)
    if (!set) roadsOf.set(c, (set = new Set()))
    if (set.size < 20) set.add(g.roads.ids[g.edgeRoad[e]!]!)
  }
  // Usable pieces: which sources and targets are joined (within the horizon's walk) to each.
  const pieceSources = usable.edges.map(() => new Set<number>())
  const pieceTargets = usable.edges.map(() => new Set<number>())
  const piece = (e: number) => (Number.isFinite(pr.times.now[e]!) ? usable.ofNode[g.edgeFrom[e]!]! : -1)
  for (let k = 0; k < pr.sources.edge.length; k++) {
    const c = piece(pr.sources.edge[k]!)
    if (c >= 0 && pr.sources.off[k]! <= s.thresholdS) pieceSources[c]!.add(pr.sources.place[k]!)
  }
  for (let k = 0; k < s.targetSites.edge.length; k++) {
    const c = piece(s.targetSites.edge[k]!)
    if (c >= 0 && s.targetSites.off[k]! <= s.thresholdS) pieceTargets[c]!.add(s.targetSites.place[k]!)
  }
  const usableOrder = usable.km.map((km, i) => ({ km, i })).sort((a, b) => b.km - a.km)
  const main = usableOrder[0]?.i ?? -1
  const usableRoads = new Map<number, Set<number>>()
  for (let e = 0; e < g.edgeCount; e++) {
    const c = piece(e)
    if (c < 0 || c === main) continue
    let set = usableRoads.get(c)
    if (!set) usableRoads.set(c, (set = new Set()))
    if (set.size < 20) set.add(g.roads.ids[g.edgeRoad[e]!]!)
  }
  const stranded = usableOrder
    .filter(({ i }) => i !== main && (pieceSources[i]!.size > 0 || pieceTargets[i]!.size > 0))
    .map(({ km, i }) => {
      let weight = 0
      for (const t of pieceTargets[i]!) weight += s.weight[t]!
      return {
        edges: usable.edges[i]!,
        km: Math.round(km * 10) / 10,
        sources: pieceSources[i]!.size,
        source_ids: [...pieceSources[i]!].slice(0, 20).map((k) => pr.sourcePlaces.id[k]!),
        targets: pieceTargets[i]!.size,
        target_weight: Math.round(weight * 1e4) / 1e4,
        road_ids: [...(usableRoads.get(i) ?? [])],
      }
    })
    .sort((a, b) => b.target_weight - a.target_weight || b.sources - a.sources || b.km - a.km)
  return {
    nodes: g.nodeCount,
    edges: g.edgeCount,
    km: Math.round(totalKm * 10) / 10,
    snap_m: g.snapM,
    snapped_endpoints: g.snappedEndpoints,
    build_ms: Math.round(pr.entry.buildMs),
    components: all.count,
    largest_component_share: totalKm > 0 ? Math.round(((order[0]?.km ?? 0) / totalKm) * 1e4) / 1e4 : 0,
    usable_components: usable.count,
    isolated: order.slice(1, 21).map(({ km, i }) => ({
      edges: all.edges[i]!,
      km: Math.round(km * 10) / 10,
      road_ids: [...(roadsOf.get(i) ?? [])],
    })),
    stranded: stranded.slice(0, 50),
    stranded_pieces: stranded.length,
    defects: await networkDefects(q, pr),
  }
}

interface Scenario {
  pr: Prepared
  targets: Places
  targetSites: Sites
  weight: Float64Array
  coverage: CoverageState
  thresholdS: number
}

async function scenario(q: Queryable, p: CommonParams, area: AreaScope, progress: Progress): Promise<Scenario> {
  const pr = await prepare(q, p, progress, p.threshold_min * 60)
  await progress('targets')
  const targets = await loadTargets(q, {
    kinds: p.targets,
    weights: p.weights,
    since: p.incidents_since ? `${p.incidents_since}T00:00:00Z` : undefined,
    asOf: `${p.as_of ?? today()}T23:59:59Z`,
    area,
    region: p.region,
    county: p.county,
  })
  const targetSites = attachSites(pr.entry.graph, targets.lon, targets.lat, pr.config, p.threshold_min * 60)
  await progress('coverage')
  const coverage = computeCoverage(pr.entry.graph, pr.times.now, pr.sources, targetSites)
  return {
    pr,
    targets,
    targetSites,
    weight: Float64Array.from(targets.weight),
    coverage,
    thresholdS: p.threshold_min * 60,
  }
}

function sourceRef(s: Scenario | Prepared, area: AreaScope, i: number) {
  const pr = 'pr' in s ? s.pr : s
  if (i < 0) return { source_id: null, source_kind: null, source_name: null }
  const sp = pr.sourcePlaces
  // A post outside the caller's area is named only by its kind.
  if (!inArea(area, sp.region[i]!, sp.county[i]!))
    return { source_id: null, source_kind: sp.kind[i]!, source_name: null }
  return { source_id: sp.id[i]!, source_kind: sp.kind[i]!, source_name: sp.name[i]! }
}

function shares(s: Scenario, seconds: ArrayLike<number>) {
  const idx = {
    [Symbol.iterator]: function* () {
      for (let i = 0; i < s.targets.id.length; i++) yield i
    },
  }
  return {
    national: share(idx, s.weight, seconds, s.thresholdS),
    regions: sharesBy(s.targets.region, s.weight, seconds, s.thresholdS),
    counties: sharesBy(s.targets.county, s.weight, seconds, s.thresholdS),
  }
}

const commonKey = (p: CommonParams, area: AreaScope) => JSON.stringify({ p, a: areaKey(area), d: p.as_of ?? today() })

async function versionsKey(q: Queryable) {
  const [v, c] = await Promise.all([dataVersions(q), loadConfig(q)])
  return JSON.stringify({ v, c: c.version })
}

export async function runCoverage(q: Queryable, p: CoverageParams, area: AreaScope, progress: Progress = noProgress) {
  return cached(`coverage:${commonKey(p, area)}:${await versionsKey(q)}`, async () => {
    const t0 = performance.now()
    const s = await scenario(q, p, area, progress)
    const { seconds, nearest } = s.coverage
    await progress('gaps')
    const causes = gapCauses(s.pr.entry.graph, s.pr.sources, s.targetSites, seconds, s.thresholdS)
    const edgeM = p.gap_cell_km * 1000
    const cap = 3 * s.thresholdS
    const cells = hexbin(
      edgeM,
      s.targets.id.length,
      (i) => s.targets.lon[i]!,
      (i) => s.targets.lat[i]!,
      () => ({ score: 0, targets: 0, uncovered: 0, uncovered_weight: 0, worst: 0 }),
      (acc, i) => {
        acc.targets++
        const t = seconds[i]!
        if (t > s.thresholdS) {
          // Weight × minutes beyond the threshold; an unreachable target counts as 3× the threshold beyond.
          acc.score += (s.weight[i]! * Math.min(t - s.thresholdS, cap)) / 60
          acc.uncovered++
          acc.uncovered_weight += s.weight[i]!
          acc.worst = Math.max(acc.worst, Number.isFinite(t) ? t / 60 : Infinity)
        }
      },
    )
    const gaps = cells
      .filter((c) => c.value.score > 0)
      .map((c) => ({
        type: 'Feature' as const,
        geometry: { type: 'Polygon' as const, coordinates: [hexRing(edgeM, c.q, c.r)] },
        properties: {
          score: Math.round(c.value.score * 10) / 10,
          targets: c.value.targets,
          uncovered: c.value.uncovered,
          uncovered_weight: Math.round(c.value.uncovered_weight * 1000) / 1000,
          worst_minutes: Number.isFinite(c.value.worst) ? Math.round(c.value.worst) : null,
        },
      }))
    const targets = s.targets.id.map((id, i) => ({
      kind: s.targets.kind[i]!,
      id,
      name: s.targets.name[i]!,
      county_code: s.targets.county[i]!,
      region_code: s.targets.region[i]!,
      weight: Math.round(s.weight[i]! * 1e4) / 1e4,
      minutes: minutes(seconds[i]!),
      covered: seconds[i]! <= s.thresholdS,
      offroad_km: Number.isFinite(s.targetSites.nearestM[i]!)
        ? Math.round(s.targetSites.nearestM[i]! / 100) / 10
        : null,
      cause: causes[i]! >= 0 ? CAUSES[causes[i]!]! : null,
      ...sourceRef(s, area, nearest[i]!),
    }))
    return {
      params: p,
      speeds_version: s.pr.configVersion,
      data_versions: s.pr.versions,
      network: await networkReport(q, s),
      sources: { count: s.pr.sources.count, attached: countAttached(s.pr.sources) },
      summary: shares(s, seconds),
      gap_causes: causeSummary(s, causes),
      targets,
      gaps: { type: 'FeatureCollection' as const, features: gaps },
      computed_ms: Math.round(performance.now() - t0),
    }
  })
}

/** Uncovered weight by cause (see `gapCauses`), nationally and per region and county. */
function causeSummary(s: Scenario, causes: Int8Array) {
  const totals = () => ({
    uncovered_weight: 0,
    offroad_weight: 0,
    no_source_weight: 0,
    too_far_weight: 0,
    offroad_targets: 0,
    no_source_targets: 0,
    too_far_targets: 0,
  })
  type Totals = ReturnType<typeof totals>
  const national = totals()
  const regions = new Map<string, Totals>()
  const counties = new Map<string, Totals>()
  const add = (t: Totals, i: number) => {
    const c = CAUSES[causes[i]!]!
    t.uncovered_weight += s.weight[i]!
    t[`${c}_weight`] += s.weight[i]!
    t[`${c}_targets`]++
  }
  for (let i = 0; i < causes.length; i++) {
    if (causes[i]! < 0) continue
    add(national, i)
    for (const [map, code] of [
      [regions, s.targets.region[i]!],
      [counties, s.targets.county[i]!],
    ] as const) {
      if (code === null) continue
      let t = map.get(code)
      if (!t) map.set(code, (t = totals()))
      add(t, i)
    }
  }
  const list = (m: Map<string, Totals>) =>
    [...m.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([code, t]) => ({ code, ...t }))
  return { national, regions: list(regions), counties: list(counties) }
}

const countAttached = (s: Sites) => {
  let n = 0
  for (let i = 0; i < s.count; i++) if (s.start[i + 1]! > s.start[i]!) n++
  return n
}

export async function runServiceAreas(
  q: Queryable,
  p: ServiceAreaParams,
  area: AreaScope,
  progress: Progress = noProgress,
) {
  return cached(`areas:${JSON.stringify({ p, a: areaKey(area) })}:${await versionsKey(q)}`, async () => {
    const t0 = performance.now()
    const pr = await prepare(q, p, progress, Math.max(...p.bands_min) * 60)
    // Scope: the service areas of the sources in the caller's area (or the requested region/county).
    const chosen: number[] = []
    for (let i = 0; i < pr.sources.count; i++) {
      const r = pr.sourcePlaces.region[i]!,
        c = pr.sourcePlaces.county[i]!
      if (inArea(area, r, c) && (!p.region || r === p.region) && (!p.county || c === p.county)) chosen.push(i)
    }
    const bands = [...new Set(p.bands_min)].sort((a, b) => a - b).map((m) => m * 60)
    await progress('service areas')
    const labels = shortestTimes(pr.entry.graph, pr.times.now, pr.sources, chosen, bands[bands.length - 1]!)
    const features = serviceAreas(pr.entry.graph, pr.times.now, labels, pr.sources, bands)
    return {
      type: 'FeatureCollection' as const,
      features,
      params: p,
      sources: chosen.length,
      speeds_version: pr.configVersion,
      data_versions: pr.versions,
      computed_ms: Math.round(performance.now() - t0),
    }
  })
}

export async function runPriorities(q: Queryable, p: PriorityParams, area: AreaScope, progress: Progress = noProgress) {
  return cached(
    `priorities:${JSON.stringify({ p, a: areaKey(area), d: p.as_of ?? today() })}:${await versionsKey(q)}`,
    async () => {
      const t0 = performance.now()
      const common: CommonParams = {
        threshold_min: p.threshold_min,
        season: p.season,
        sources: p.sources,
        targets: p.targets,
        weights: p.weights,
        incidents_since: p.incidents_since,
        as_of: p.as_of,
        offroad_kmh: p.offroad_kmh,
        region: p.region,
        county: p.county,
      }
      const s = await cached(`scenario:${commonKey(common, area)}:${await versionsKey(q)}`, () =>
        scenario(q, common, area, progress),
      )
      const g = s.pr.entry.graph
      const meta = s.pr.entry.meta
      const roads = g.roads
      const conditions = new Set(p.candidate_conditions.map((c) => CONDITIONS.indexOf(c)))
      const candidates: Candidate[] = []
      for (let r = 0; r < roads.ids.length; r++) {
        const notBuilt = NOT_BUILT.has(roads.status[r]!)
        if (!(conditions.has(roads.condition[r]!) || (p.include_planned && notBuilt))) continue
        if (!inArea(area, meta.region[r]!, meta.county[r]!)) continue
        if ((p.region && meta.region[r] !== p.region) || (p.county && meta.county[r] !== p.county)) continue
        if (g.roadEdgeStart[r] === g.roadEdgeStart[r + 1]) continue
        const km = roadKm(g, r)
        const from = notBuilt ? 'planned' : (CONDITIONS[roads.condition[r]!] as 'poor' | 'impassable')
        const cost =
          p.budget.unit === 'km'
            ? km
            : km *
              costPerKm(
                s.pr.config,
                roads.roadClass[r]!,
                from === 'planned' || from === 'poor' || from === 'impassable' ? from : 'poor',
              )
        candidates.push({ road: r, cost, group: meta.county[r]! })
      }
      await progress('priorities', 0, candidates.length)
      const t1 = performance.now()
      const result = prioritise({
        g,
        now: s.pr.times.now,
        upgraded: s.pr.times.upgraded,
        sources: s.pr.sources,
        targets: s.targetSites,
        weight: s.weight,
        thresholdS: s.thresholdS,
        coverage: s.coverage,
        candidates,
        budget: p.budget.amount,
        minPerGroup: p.min_per_county,
      })
      const rankMs = performance.now() - t1
      const before = shares(s, s.coverage.seconds)
      let cumCost = 0
      let cumWeight = before.national.covered_weight
      const total = before.national.weight
      const picks = result.picks.map((pick, i) => {
        const cand = candidates[pick.candidate]!
        const r = cand.road
        cumCost += pick.cost
        cumWeight += pick.gain
        return {
          rank: i + 1,
          road_id: roads.ids[r]!,
          name: meta.name[r]!,
          county_code: meta.county[r]!,
          region_code: meta.region[r]!,
          road_class: ROAD_CLASSES[roads.roadClass[r]!]!,
          surface: ROAD_SURFACES[roads.surface[r]!]!,
          condition: CONDITIONS[roads.condition[r]!]!,
          status: ROAD_STATUSES[roads.status[r]!]!,
          km: Math.round(roadKm(g, r) * 100) / 100,
          cost: Math.round(pick.cost * 100) / 100,
          gain: Math.round(pick.gain * 1e4) / 1e4,
          gain_per_unit: pick.cost > 0 ? pick.gain / pick.cost : null,
          cumulative_cost: Math.round(cumCost * 100) / 100,
          cumulative_share: total > 0 ? cumWeight / total : 1,
          guaranteed: pick.guaranteed,
          why: pick.changes
            .sort((a, b) => s.weight[b.target]! - s.weight[a.target]! || a.target - b.target)
            .map((c) => ({
              effect:
                c.after > c.before
                  ? ('slower' as const)
                  : c.before > s.thresholdS && c.after <= s.thresholdS
                    ? ('covered' as const)
                    : ('faster' as const),
              kind: s.targets.kind[c.target]!,
              id: s.targets.id[c.target]!,
              name: s.targets.name[c.target]!,
              weight: Math.round(s.weight[c.target]! * 1e4) / 1e4,
              lon: s.targets.lon[c.target]!,
              lat: s.targets.lat[c.target]!,
              minutes_before: minutes(c.before),
              minutes_after: minutes(c.after),
              ...sourceRef(s, area, c.source),
            })),
          geometry: { type: 'LineString' as const, coordinates: roadCoords(g, r) },
        }
      })
      const after = shares(s, result.seconds)
      return {
        params: p,
        speeds_version: s.pr.configVersion,
        data_versions: s.pr.versions,
        budget: { unit: p.budget.unit, amount: p.budget.amount, spent: Math.round(cumCost * 100) / 100 },
        before: before.national,
        after: after.national,
        counties: after.counties.map((c) => ({
          ...c,
          before: before.counties.find((b) => b.code === c.code)?.share ?? null,
        })),
        candidates: candidates.length,
        evaluations: result.evaluations,
        picks,
        curve: [
          { cost: 0, share: before.national.share },
          ...picks.map((pk) => ({ cost: pk.cumulative_cost, share: pk.cumulative_share })),
        ],
        rank_ms: Math.round(rankMs),
        computed_ms: Math.round(performance.now() - t0),
      }
    },
  )
}

function roadKm(g: RoadGraph, r: number) {
  let m = 0
  for (let e = g.roadEdgeStart[r]!; e < g.roadEdgeStart[r + 1]!; e++) m += g.edgeLength[e]!
  return m / 1000
}
function roadCoords(g: RoadGraph, r: number): number[][] {
  const out: number[][] = []
  const c = g.roads.coords
  for (let v = g.roads.start[r]!; v < g.roads.start[r + 1]!; v++) out.push([c[2 * v]!, c[2 * v + 1]!])
  return out
}

const CONFIDENCE_BIN = { '90': 1, '95': 2, '99': 3 } as const

export async function runCorridors(q: Queryable, p: CorridorParams, area: AreaScope, progress: Progress = noProgress) {
  return cached(`corridors:${JSON.stringify({ p, a: areaKey(area) })}:${await versionsKey(q)}`, async () => {
    const t0 = performance.now()
    const pr = await prepare(q, p, progress, p.patrol_hours * 3600)
    await progress('hotspots')
    const theme = COLLECTIONS.incidents.fields.find((f) => f.name === 'theme')!
    const h = p.hotspots
    const filter: ItemFilter = {
      equals: h.theme ? [{ field: theme, values: [h.theme] }] : [],
      datetime:
        h.from || h.to
          ? { start: h.from ? `${h.from}T00:00:00Z` : undefined, end: h.to ? `${h.to}T23:59:59.999Z` : undefined }
          : undefined,
    }
    const region = p.region ?? undefined
    const { cells } = await hexCounts(q, h.cell_km, filter, area, region)
    const stats = giStar(
      cells.map((c) => ({ x: c.x, y: c.y, value: c.count })),
      2 * Math.sqrt(3) * h.cell_km * 1000,
    )
    const hot = cells
      .map((c, i) => ({ c, s: stats[i]! }))
      .filter(({ c, s }) => s.bin >= CONFIDENCE_BIN[h.min_confidence] && c.count > 0)
    // Clusters: hot cells that touch (centres one hexagon apart) form one cluster.
    const spacing = Math.sqrt(3) * h.cell_km * 1000 * 1.01
    const parent = hot.map((_, i) => i)
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)))
    for (let i = 0; i < hot.length; i++)
      for (let j = i + 1; j < hot.length; j++) {
        if (Math.hypot(hot[i]!.c.x - hot[j]!.c.x, hot[i]!.c.y - hot[j]!.c.y) <= spacing) parent[find(i)] = find(j)
      }
    const groups = new Map<number, number[]>()
    hot.forEach((_, i) => (groups.get(find(i)) ?? groups.set(find(i), []).get(find(i))!).push(i))
    const R = 6_378_137
    const lonOf = (x: number) => (x / R) * (180 / Math.PI)
    const latOf = (y: number) => (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI)
    // Off-road legs are limited to the buffer: a cluster or post farther than that from every road is not routed
    // on foot, and a cluster so placed is reported as reachable only off-road.
    const bufferM = p.buffer_km * 1000
    const walkS = bufferM / (pr.config.offroad_kmh / 3.6)
    const hotCells = {
      lon: Float64Array.from(hot, (h) => lonOf(h.c.x)),
      lat: Float64Array.from(hot, (h) => latOf(h.c.y)),
      weight: Float64Array.from(hot, (h) => h.c.count),
      cluster: new Int32Array(hot.length),
    }
    const cellSites = attachSites(pr.entry.graph, hotCells.lon, hotCells.lat, pr.config, walkS, 'none')
    const nearRoad = (i: number) => cellSites.start[i + 1]! > cellSites.start[i]!
    // Clusters keep their cells; each is entered at its busiest cell with a road within the buffer (the busiest of
    // all when none has), a real place in the cluster rather than a centroid that may lie off every road.
    const clusters = [...groups.values()].map((members) => {
      const better = (a: number, b: number) =>
        nearRoad(a) !== nearRoad(b) ? nearRoad(a) : hot[a]!.c.count > hot[b]!.c.count
      const entry = members.reduce((b, i) => (better(i, b) ? i : b), members[0]!)
      return {
        members,
        lon: hotCells.lon[entry]!,
        lat: hotCells.lat[entry]!,
        weight: members.reduce((t, i) => t + hot[i]!.c.count, 0),
      }
    })
    clusters.forEach((c, k) => c.members.forEach((i) => (hotCells.cluster[i] = k)))
    const clusterSites = attachSites(
      pr.entry.graph,
      clusters.map((c) => c.lon),
      clusters.map((c) => c.lat),
      pr.config,
      walkS,
      'none',
    )
    // Posts: those in the caller's area (and the requested region/county) that the patrol could start from.
    const posts: number[] = []
    for (let i = 0; i < pr.sources.count; i++) {
      const r = pr.sourcePlaces.region[i]!,
        c = pr.sourcePlaces.county[i]!
      if (inArea(area, r, c) && (!p.region || r === p.region) && (!p.county || c === p.county)) posts.push(i)
    }
    const postSites = attachSites(
      pr.entry.graph,
      posts.map((i) => pr.sourcePlaces.lon[i]!),
      posts.map((i) => pr.sourcePlaces.lat[i]!),
      pr.config,
      walkS,
      'none',
    )
    await progress('corridors', 0, posts.length)
    const { picks, postWithin } = patrolCorridors({
      g: pr.entry.graph,
      time: pr.times.now,
      posts: postSites,
      clusters: clusterSites,
      cells: hotCells,
      patrolS: p.patrol_hours * 3600,
      bufferM,
      k: p.k,
    })
    const patrolled = new Uint8Array(clusters.length)
    for (const pk of picks) for (const c of pk.within) patrolled[c] = 1
    /** Why a cluster has no corridor: the first of these that holds. */
    const reason = (c: number) => {
      if (patrolled[c]) return null
      const k0 = clusterSites.start[c]!,
        k1 = clusterSites.start[c + 1]!
      if (k0 === k1) return 'offroad_only' as const
      let usable = false
      for (let k = k0; k < k1; k++) if (Number.isFinite(pr.times.now[clusterSites.edge[k]!]!)) usable = true
      if (!usable) return 'unreachable_this_season' as const
      if (!postWithin[c]) return 'no_post_within_patrol' as const
      return 'outranked' as const
    }
    const features = picks.map((pk, i) => {
      const post = posts[pk.post]!
      return {
        type: 'Feature' as const,
        geometry: { type: 'MultiLineString' as const, coordinates: pk.coordinates },
        properties: {
          rank: i + 1,
          post_id: pr.sourcePlaces.id[post]!,
          post_name: pr.sourcePlaces.name[post]!,
          post_kind: pr.sourcePlaces.kind[post]!,
          hours: Math.round((pk.seconds / 3600) * 100) / 100,
          km: Math.round(pk.metres / 100) / 10,
          hotspot_weight: pk.weight,
          score: Math.round(pk.score * 100) / 100,
          clusters_visited: pk.visits,
          clusters_within: pk.within,
          cells_within: pk.cells.length,
          offroad_km: Math.round(pk.offroadM / 100) / 10,
        },
      }
    })
    return {
      type: 'FeatureCollection' as const,
      features,
      clusters: clusters.map((c, i) => ({
        id: i,
        lon: Math.round(c.lon * 1e6) / 1e6,
        lat: Math.round(c.lat * 1e6) / 1e6,
        incidents: c.weight,
        cells: c.members.length,
        hexagons: c.members.map((m) => JSON.parse(hot[m]!.c.geojson) as { type: string; coordinates: unknown[] }),
        reachable: clusterSites.start[i + 1]! > clusterSites.start[i]!,
        no_corridor: reason(i),
      })),
      shortfall:
        features.length < p.k
          ? {
              asked: p.k,
              returned: features.length,
              why: 'no other corridor adds hot-cell weight no higher pick covers; each cluster without one says why',
            }
          : null,
      params: p,
      posts: posts.length,
      speeds_version: pr.configVersion,
      data_versions: pr.versions,
      computed_ms: Math.round(performance.now() - t0),
    }
  })
}
