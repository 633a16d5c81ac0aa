import { haversine } from './geometry.ts'
import type { RoadGraph } from './graph.ts'
import type { Sites } from './network.ts'
import type { Labels } from './routing.ts'

// Service areas drawn from the reached edges themselves: for each band (e.g. 30/60/120 min) the parts of roads
// reachable within it and not within the band before, so a reached road is shaded and nothing else is.

type Interval = [number, number]

function union(list: Interval[]): Interval[] {
  const sorted = list.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0])
  const out: Interval[] = []
  for (const [a, b] of sorted) {
    const last = out[out.length - 1]
    if (last && a <= last[1]) last[1] = Math.max(last[1], b)
    else out.push([a, b])
  }
  return out
}

function minus(a: Interval[], b: Interval[]): Interval[] {
  const out: Interval[] = []
  for (const [s, e] of a) {
    let cur = s
    for (const [bs, be] of b) {
      if (be <= cur || bs >= e) continue
      if (bs > cur) out.push([cur, bs])
      cur = Math.max(cur, be)
    }
    if (cur < e) out.push([cur, e])
  }
  return out.filter(([x, y]) => y - x > 1e-9)
}

/** The stretch of edge e between fractions f0 and f1 of its length, as coordinates. */
export function sliceEdge(g: RoadGraph, e: number, f0: number, f1: number): number[][] {
  const c = g.edgeCoords
  const v0 = g.edgeCoordStart[e]!,
    v1 = g.edgeCoordStart[e + 1]!
  const total = g.edgeLength[e]!
  const a = f0 * total,
    b = f1 * total
  const pts: number[][] = []
  let along = 0
  const at = (v: number, t: number) => [
    round(c[2 * v]! + t * (c[2 * v + 2]! - c[2 * v]!)),
    round(c[2 * v + 1]! + t * (c[2 * v + 3]! - c[2 * v + 1]!)),
  ]
  for (let v = v0; v < v1 - 1; v++) {
    const len = haversine(c[2 * v]!, c[2 * v + 1]!, c[2 * v + 2]!, c[2 * v + 3]!)
    const s = along,
      e2 = along + len
    if (e2 >= a && s <= b && len > 0) {
      if (pts.length === 0) pts.push(at(v, Math.max(0, (a - s) / len)))
      if (e2 <= b) pts.push(at(v, 1))
      else {
        pts.push(at(v, (b - s) / len))
        break
      }
    }
    along = e2
  }
  return pts.length >= 2 ? pts : []
}
const round = (x: number) => Math.round(x * 1e6) / 1e6

export interface BandFeature {
  type: 'Feature'
  geometry: { type: 'MultiLineString'; coordinates: number[][][] }
  properties: { band_min: number; from_min: number; km: number }
}

export function serviceAreas(
  g: RoadGraph,
  time: Float64Array,
  labels: Labels,
  sources: Sites,
  bandsS: number[],
): BandFeature[] {
  const bands = [...bandsS].sort((a, b) => a - b)
  const lines: number[][][][] = bands.map(() => [])
  const km = bands.map(() => 0)
  // Sources attached part-way along an edge reach it in both directions from their attachment point.
  const sourcesOn = new Map<number, number[]>()
  for (let k = 0; k < sources.edge.length; k++) {
    const e = sources.edge[k]!
    if (e >= 0) (sourcesOn.get(e) ?? sourcesOn.set(e, []).get(e)!).push(k)
  }
  const reach = (e: number, limit: number): Interval[] => {
    const t = time[e]!
    if (!Number.isFinite(t) || t <= 0) return []
    const list: Interval[] = []
    const du = labels.dist[g.edgeFrom[e]!]!,
      dv = labels.dist[g.edgeTo[e]!]!
    if (du < limit) list.push([0, Math.min(1, (limit - du) / t)])
    if (dv < limit) list.push([Math.max(0, 1 - (limit - dv) / t), 1])
    for (const k of sourcesOn.get(e) ?? []) {
      const left = limit - sources.off[k]!
      if (left > 0) list.push([Math.max(0, sources.f[k]! - left / t), Math.min(1, sources.f[k]! + left / t)])
    }
    return union(list)
  }
  for (let e = 0; e < g.edgeCount; e++) {
    let inner: Interval[] = []
    for (let b = 0; b < bands.length; b++) {
      const outer = reach(e, bands[b]!)
      for (const [s, t] of minus(outer, inner)) {
        const coords = sliceEdge(g, e, s, t)
        if (coords.length >= 2) {
          lines[b]!.push(coords)
          km[b]! += ((t - s) * g.edgeLength[e]!) / 1000
        }
      }
      inner = outer
    }
  }
  return bands.map((b, i) => ({
    type: 'Feature',
    geometry: { type: 'MultiLineString', coordinates: lines[i]! },
    properties: { band_min: b / 60, from_min: i === 0 ? 0 : bands[i - 1]! / 60, km: Math.round(km[i]! * 10) / 10 },
  }))
}
