import type { RoadGraph } from './graph.ts'
import { attachmentsByEdge, type Sites } from './network.ts'
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
}

export function computeCoverage(g: RoadGraph, time: Float64Array, sources: Sites, targets: Sites): CoverageState {
  const labels = shortestTimes(g, time, sources)
  const sourcesOnEdges = attachmentsByEdge(g, sources)
  const seconds = new Float64Array(targets.count)
  const nearest = new Int32Array(targets.count)
  const view = { dist: labels.dist, origin: labels.origin, time }
  for (let i = 0; i < targets.count; i++) {
    const r = placeTime(g, view, targets, i, sources, sourcesOnEdges)
    seconds[i] = r.t
    nearest[i] = r.origin
  }
  return { labels, seconds, nearest, sourcesOnEdges }
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
