import type { RoadGraph } from './graph.ts'
import { nodeHeap, type NodeHeap } from './heap.ts'
import { attachmentsByEdge, type Sites } from './network.ts'

// Multi-source shortest travel times: one Dijkstra from all sources at once, each node labelled with its time and
// the source that reaches it first. Sources enter the network at their attachment points (part-way along an edge).

export interface Labels {
  dist: Float64Array
  /** Source (place index) that reaches each node first; −1 if none. */
  origin: Int32Array
  /** Edge by which each node was reached; −1 for seeds and unreached nodes. */
  pred: Int32Array
}

const heaps = new WeakMap<RoadGraph, NodeHeap>()
export function heapFor(g: RoadGraph): NodeHeap {
  let h = heaps.get(g)
  if (!h) heaps.set(g, (h = nodeHeap(g.nodeCount)))
  h.clear()
  return h
}

/** Seeds each usable attachment of the given places at both ends of its edge. */
export function seedSites(
  sites: Sites,
  time: Float64Array,
  g: RoadGraph,
  places: Iterable<number>,
  visit: (node: number, t: number, place: number) => void,
) {
  for (const i of places) {
    for (let k = sites.start[i]!; k < sites.start[i + 1]!; k++) {
      const e = sites.edge[k]!
      const t = time[e]!
      if (!Number.isFinite(t)) continue
      visit(g.edgeFrom[e]!, sites.off[k]! + sites.f[k]! * t, i)
      visit(g.edgeTo[e]!, sites.off[k]! + (1 - sites.f[k]!) * t, i)
    }
  }
}

export function allPlaces(sites: Sites): Iterable<number> {
  return {
    [Symbol.iterator]: function* () {
      for (let i = 0; i < sites.count; i++) yield i
    },
  }
}

export function shortestTimes(
  g: RoadGraph,
  time: Float64Array,
  sources: Sites,
  places: Iterable<number> = allPlaces(sources),
  cutoff = Infinity,
): Labels {
  const dist = new Float64Array(g.nodeCount).fill(Infinity)
  const origin = new Int32Array(g.nodeCount).fill(-1)
  const pred = new Int32Array(g.nodeCount).fill(-1)
  const heap = heapFor(g)
  seedSites(sources, time, g, places, (n, t, i) => {
    if (t < dist[n]! && t <= cutoff) {
      dist[n] = t
      origin[n] = i
      heap.decrease(n, t)
    }
  })
  const { adjStart, adjEdge, adjNode } = g
  while (heap.size > 0) {
    const x = heap.pop()
    const dx = dist[x]!
    for (let a = adjStart[x]!; a < adjStart[x + 1]!; a++) {
      const nd = dx + time[adjEdge[a]!]!
      const y = adjNode[a]!
      if (nd < dist[y]! && nd <= cutoff) {
        dist[y] = nd
        origin[y] = origin[x]!
        pred[y] = adjEdge[a]!
        heap.decrease(y, nd)
      }
    }
  }
  return { dist, origin, pred }
}

/**
 * A node's current label: the plain labels, or, where `stamp[n] === round`, a tentative improvement on top of
 * them (the priorities' overlay). Likewise an edge's time: `upgraded` where `edgeStamp[e] === round`.
 * Plain arrays rather than accessor functions: this runs for every target of a national analysis.
 */
export interface LabelView {
  dist: Float64Array
  origin: Int32Array
  time: Float64Array
  /** Each target's direct off-road time from a source, and that source (see `directLinks`). */
  direct?: { t: Float64Array; source: Int32Array }
  overlay?: {
    round: number
    stamp: Int32Array
    dist: Float64Array
    origin: Int32Array
    edgeStamp: Int32Array
    upgraded: Float64Array
  }
}

export type SourcesOnEdges = ReturnType<typeof attachmentsByEdge>

/**
 * Travel time from the nearest source to target place i: via either end of each of its attachment edges, or
 * straight along the edge from a source attached to the same edge, plus both off-road legs; or straight off-road
 * from a source within reach.
 */
export function placeTime(
  g: RoadGraph,
  view: LabelView,
  targets: Sites,
  i: number,
  sources: Sites,
  sourcesOnEdges: SourcesOnEdges,
): { t: number; origin: number } {
  let best = view.direct ? view.direct.t[i]! : Infinity
  let origin = view.direct ? view.direct.source[i]! : -1
  const o = view.overlay
  for (let k = targets.start[i]!; k < targets.start[i + 1]!; k++) {
    const e = targets.edge[k]!
    const te = o && o.edgeStamp[e] === o.round ? o.upgraded[e]! : view.time[e]!
    if (te === Infinity) continue
    const f = targets.f[k]!
    const off = targets.off[k]!
    const a = g.edgeFrom[e]!,
      b = g.edgeTo[e]!
    const oa = o !== undefined && o.stamp[a] === o.round,
      ob = o !== undefined && o.stamp[b] === o.round
    const viaFrom = (oa ? o!.dist[a]! : view.dist[a]!) + f * te + off
    if (viaFrom < best) {
      best = viaFrom
      origin = oa ? o!.origin[a]! : view.origin[a]!
    }
    const viaTo = (ob ? o!.dist[b]! : view.dist[b]!) + (1 - f) * te + off
    if (viaTo < best) {
      best = viaTo
      origin = ob ? o!.origin[b]! : view.origin[b]!
    }
    for (let s = sourcesOnEdges.start[e]!; s < sourcesOnEdges.start[e + 1]!; s++) {
      const sk = sourcesOnEdges.list[s]!
      const direct = sources.off[sk]! + Math.abs(f - sources.f[sk]!) * te + off
      if (direct < best) {
        best = direct
        origin = sources.place[sk]!
      }
    }
  }
  return { t: best, origin }
}
