import { components, type RoadGraph } from './graph.ts'
import { attachmentsByEdge, directLinks, type Sites } from './network.ts'
import { placeTime, shortestTimes, type Labels, type SourcesOnEdges } from './routing.ts'

// Coverage: every target's travel time from its nearest source in one multi-source pass, and the weighted share
// of targets within the threshold.

export interface CoverageState {
  labels: Labels
  /** Seconds from the nearest source to each target (Infinity = unreachable). */
  seconds: Float64Array
  /** Nearest source (place index) of each target; −1 = none. */
  nearest: Int32Array
  sourcesOnEdges: SourcesOnEdges
  /** Each target's straight off-road time from a source within reach (Infinity: none). */
  direct: { t: Float64Array; source: Int32Array }
}

export function computeCoverage(g: RoadGraph, time: Float64Array, sources: Sites, targets: Sites): CoverageState {
  const labels = shortestTimes(g, time, sources)
  const sourcesOnEdges = attachmentsByEdge(g, sources)
  const direct = directLinks(sources, targets)
  const seconds = new Float64Array(targets.count)
  const nearest = new Int32Array(targets.count)
  const view = { dist: labels.dist, origin: labels.origin, time, direct }
  for (let i = 0; i < targets.count; i++) {
    const r = placeTime(g, view, targets, i, sources, sourcesOnEdges)
    seconds[i] = r.t
    nearest[i] = r.origin
  }
  return { labels, seconds, nearest, sourcesOnEdges, direct }
}

/**
 * Why a target lies beyond the threshold, in the order a planner can act on it: its off-road leg alone is longer
 * (no road can fix it: a post nearer would); no source reaches its part of the road network, even with every road
 * upgraded (a new road or a post there would); or it is too far along the network (upgrades may help).
 */
export const CAUSES = ['offroad', 'no_source', 'too_far'] as const
export type Cause = (typeof CAUSES)[number]
/** Cause of each target: −1 = covered, else an index into CAUSES. */
export function gapCauses(
  g: RoadGraph,
  sources: Sites,
  targets: Sites,
  seconds: ArrayLike<number>,
  thresholdS: number,
): Int8Array {
  const out = new Int8Array(targets.count).fill(-1)
  // Pieces of the whole network (every road, usable today or not): what upgrades alone could ever join.
  const pieces = components(g)
  const served = new Uint8Array(pieces.count)
  for (let k = 0; k < sources.edge.length; k++) {
    if (sources.off[k]! > thresholdS) continue
    const c = pieces.ofNode[g.edgeFrom[sources.edge[k]!]!]!
    if (c >= 0) served[c] = 1
  }
  for (let i = 0; i < targets.count; i++) {
    if (seconds[i]! <= thresholdS) continue
    if (!(targets.nearestM[i]! / targets.mps <= thresholdS)) {
      out[i] = 0
      continue
    }
    let reachable = false
    for (let k = targets.start[i]!; k < targets.start[i + 1]! && !reachable; k++) {
      if (targets.off[k]! > thresholdS) continue
      const c = pieces.ofNode[g.edgeFrom[targets.edge[k]!]!]!
      if (c >= 0 && served[c]) reachable = true
    }
    out[i] = reachable ? 2 : 1
  }
  return out
}

export interface Share {
  targets: number
  covered: number
  weight: number
  covered_weight: number
  /** covered_weight / weight, 0…1 (1 when there is nothing to cover). */
  share: number
}

export function share(
  indexes: Iterable<number>,
  weight: ArrayLike<number>,
  seconds: ArrayLike<number>,
  thresholdS: number,
): Share {
  let targets = 0,
    covered = 0,
    w = 0,
    cw = 0
  for (const i of indexes) {
    targets++
    w += weight[i]!
    if (seconds[i]! <= thresholdS) {
      covered++
      cw += weight[i]!
    }
  }
  return { targets, covered, weight: w, covered_weight: cw, share: w > 0 ? cw / w : 1 }
}

/** Shares per group (region, county), for the targets that have a group. */
export function sharesBy(
  groups: readonly (string | null)[],
  weight: ArrayLike<number>,
  seconds: ArrayLike<number>,
  thresholdS: number,
) {
  const members = new Map<string, number[]>()
  groups.forEach((gr, i) => {
    if (gr === null) return
    let m = members.get(gr)
    if (!m) members.set(gr, (m = []))
    m.push(i)
  })
  return [...members.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, idx]) => ({ code, ...share(idx, weight, seconds, thresholdS) }))
}
