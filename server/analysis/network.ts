import { edgeFraction, type RoadGraph } from './graph.ts'
import { GOOD, NOT_BUILT, speedTable, type AnalysisConfig, type Season } from './speeds.ts'

// Edge travel times for one speed table and season, and the places (sources, targets) joined to the network.

export interface EdgeTimes {
  /** Seconds to travel each edge today; Infinity where the road cannot be used (impassable, not built). */
  now: Float64Array
  /** Seconds once the road is brought to good condition. */
  upgraded: Float64Array
}

export function edgeTimes(g: RoadGraph, config: AnalysisConfig, season: Season): EdgeTimes {
  const speed = speedTable(config, season)
  const { roadClass, surface, condition, status } = g.roads
  const now = new Float64Array(g.edgeCount)
  const upgraded = new Float64Array(g.edgeCount)
  for (let e = 0; e < g.edgeCount; e++) {
    const r = g.edgeRoad[e]!
    const len = g.edgeLength[e]!
    const v = NOT_BUILT.has(status[r]!) ? 0 : speed(roadClass[r]!, surface[r]!, condition[r]!)
    const good = speed(roadClass[r]!, surface[r]!, GOOD)
    now[e] = v > 0 ? len / v : Infinity
    upgraded[e] = good > 0 ? Math.min(now[e]!, len / good) : now[e]!
  }
  return { now, upgraded }
}

/**
 * Places joined to the network. Each place has up to two attachments: its nearest road of any kind and, when that
 * one cannot be used today, its nearest usable road — so an upgrade of the nearer road can bring the place in,
 * while until then it is reached the long way. Attachment k of place i is at index 2i+k; edge −1 = none.
 */
export interface Sites {
  count: number
  lon: Float64Array
  lat: Float64Array
  edge: Int32Array
  /** Fraction along the edge from its `from` node. */
  f: Float64Array
  /** Seconds from the place to the attachment point, off the road. */
  off: Float64Array
  /** Metres from the place to the road. */
  offM: Float64Array
}

export function attachSites(
  g: RoadGraph,
  lon: ArrayLike<number>,
  lat: ArrayLike<number>,
  usable: Float64Array,
  config: AnalysisConfig,
): Sites {
  const count = lon.length
  const s: Sites = {
    count,
    lon: Float64Array.from(lon),
    lat: Float64Array.from(lat),
    edge: new Int32Array(2 * count).fill(-1),
    f: new Float64Array(2 * count),
    off: new Float64Array(2 * count),
    offM: new Float64Array(2 * count),
  }
  const maxM = config.max_offroad_km * 1000
  const mps = config.offroad_kmh / 3.6
  const put = (k: number, hit: { segment: number; owner: number; d: number; t: number }) => {
    // The segment's start vertex: segments are numbered in edge order, one fewer than each edge's vertices.
    const e = hit.owner
    const vertex = g.edgeCoordStart[e]! + (hit.segment - (g.edgeCoordStart[e]! - e))
    s.edge[k] = e
    s.f[k] = edgeFraction(g, vertex, e, hit.t)
    s.offM[k] = hit.d
    s.off[k] = hit.d / mps
  }
  for (let i = 0; i < count; i++) {
    const any = g.index.nearest(s.lon[i]!, s.lat[i]!, maxM)
    if (!any) continue
    put(2 * i, any)
    if (Number.isFinite(usable[any.owner]!)) continue
    const ok = g.index.nearest(s.lon[i]!, s.lat[i]!, maxM, (e) => Number.isFinite(usable[e]!))
    if (ok) put(2 * i + 1, ok)
  }
  return s
}

/** Attachments grouped by edge (CSR): attachments on edge e are byEdge[start[e] … start[e+1]), as attachment indexes. */
export function attachmentsByEdge(g: RoadGraph, sites: Sites) {
  const start = new Int32Array(g.edgeCount + 1)
  for (let k = 0; k < sites.edge.length; k++) if (sites.edge[k]! >= 0) start[sites.edge[k]! + 1]!++
  for (let e = 0; e < g.edgeCount; e++) start[e + 1]! += start[e]!
  const fill = start.slice(0, g.edgeCount)
  const list = new Int32Array(start[g.edgeCount]!)
  for (let k = 0; k < sites.edge.length; k++) if (sites.edge[k]! >= 0) list[fill[sites.edge[k]!]!++] = k
  return { start, list }
}
