import { haversine, pointToSegment, type Projection } from './geometry.ts'
import { edgeFraction, type RoadGraph } from './graph.ts'
import type { Season } from '../../contract/analysis-params.ts'
import { GOOD, NOT_BUILT, speedTable, type AnalysisConfig } from './speeds.ts'

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
 * Places joined to the network. The attachment model is chosen so that analyses can only improve when the network
 * does (the invariants the ranking's promises rest on, checked by the property tests):
 *
 * - A place is attached to every edge whose nearest point lies within its reach (the distance walked off-road in
 *   the analysis horizon, at most `max_offroad_km`), whether or not the edge can be used today, up to the
 *   REACH_EDGES nearest. The off-road leg is always available; an unusable edge simply carries no traffic until it
 *   is upgraded. So upgrading a road, raising a speed or adding a source changes no attachment and can only lower
 *   travel times; lowering a speed can only raise them. Adding a road only adds attachments to a place whose reach
 *   held no more than REACH_EDGES edges (`complete`; an edge split by a new junction keeps its nearest point on one
 *   of its pieces), so it never makes such a place slower. Where roads are denser than that (a town's grid) the
 *   nearest REACH_EDGES are kept: the cost of attaching every one of a hundred streets within an hour's walk is
 *   a hundred times the work for routes that the nearest streets all but always beat.
 * - A place with no road within its reach cannot be covered through the roads (its off-road leg alone exceeds the
 *   horizon). A target is then joined to its few nearest edges within `max_offroad_km`, so that it still gets a
 *   travel time; a source is not joined at all (it could only reach places beyond the horizon, and dropping such
 *   fallbacks when a road is built nearer would make places slower). Those targets' times beyond the horizon are the
 *   only ones a new road nearer than their fallback roads may lengthen; coverage never depends on them.
 * - Distances are measured in a projection local to each place (metres per degree of longitude at its own
 *   latitude), not one national projection, so near-ties and the reach limit do not depend on where the rest of
 *   the network lies.
 *
 * Attachments are stored flat: place i's are start[i] … start[i+1]), each with its edge, fraction and off-road leg.
 */
export interface Sites {
  count: number
  lon: Float64Array
  lat: Float64Array
  start: Int32Array
  /** Place of each attachment. */
  place: Int32Array
  edge: Int32Array
  /** Fraction along the edge from its `from` node. */
  f: Float64Array
  /** Seconds from the place to the attachment point, off the road. */
  off: Float64Array
  /** Metres from the place to the road. */
  offM: Float64Array
  /** Metres from each place to its nearest road (Infinity: none within max_offroad_km). */
  nearestM: Float64Array
  /** 1 where every edge within the place's reach is attached (at most REACH_EDGES of them). */
  complete: Uint8Array
  /** Off-road speed (m/s) and the reach within which edges are attached, metres. */
  mps: number
  reachM: number
}

/** Fallback attachments for a place with no road within its reach. */
const FALLBACK = 3
/** Most edges a place is attached to within its reach (the nearest). */
export const REACH_EDGES = 12
const RAD = Math.PI / 180
const EARTH_R = 6_371_008.8
export const localProjection = (lat: number): Projection => ({
  kx: EARTH_R * RAD * Math.cos(lat * RAD),
  ky: EARTH_R * RAD,
})

/**
 * Joins places to the network (see `Sites`). `horizonS` is the longest time the analysis cares about (the coverage
 * threshold, the largest service band, the patrol time): every edge within that much walking is attached.
 */
export function attachSites(
  g: RoadGraph,
  lon: ArrayLike<number>,
  lat: ArrayLike<number>,
  config: Pick<AnalysisConfig, 'max_offroad_km' | 'offroad_kmh'>,
  horizonS: number,
  /** Beyond reach: join the nearest few edges within max_offroad_km (targets), or none (sources). */
  fallback: 'none' | 'nearest' = 'nearest',
): Sites {
  const count = lon.length
  const maxM = config.max_offroad_km * 1000
  const mps = config.offroad_kmh / 3.6
  const reachM = Math.min(maxM, mps * horizonS)
  const start = new Int32Array(count + 1)
  const place: number[] = [],
    edges: number[] = [],
    fs: number[] = [],
    offM: number[] = []
  const nearestM = new Float64Array(count).fill(Infinity)
  const complete = new Uint8Array(count)
  // Best point per edge for the current scan, stamped by scan so the arrays are never cleared.
  const stamp = new Int32Array(g.edgeCount).fill(-1)
  let scans = 0
  const bestD = new Float64Array(g.edgeCount)
  const bestSeg = new Int32Array(g.edgeCount)
  const bestT = new Float64Array(g.edgeCount)
  const found: number[] = []
  const scan = (x: number, y: number, radiusM: number) => {
    const pass = scans++
    const pr = localProjection(y)
    // The index's cells are sized in its own projection: widen the search by the ratio so none is missed.
    const widen = Math.max(1, g.projection.kx / pr.kx) * 1.01
    g.index.near(x, y, radiusM * widen, (s, e) => {
      const v = s + e // segments are numbered in edge order, one fewer than each edge's vertices
      const c = g.edgeCoords
      const h = pointToSegment(pr, x, y, c[2 * v]!, c[2 * v + 1]!, c[2 * v + 2]!, c[2 * v + 3]!)
      if (h.d > radiusM) return
      if (stamp[e] !== pass) {
        stamp[e] = pass
        found.push(e)
      } else if (!(h.d < bestD[e]! || (h.d === bestD[e]! && s < bestSeg[e]!))) return
      bestD[e] = h.d
      bestSeg[e] = s
      bestT[e] = h.t
    })
  }
  const put = (i: number, e: number) => {
    place.push(i)
    edges.push(e)
    fs.push(edgeFraction(g, bestSeg[e]! + e, e, bestT[e]!))
    offM.push(bestD[e]!)
    if (bestD[e]! < nearestM[i]!) nearestM[i] = bestD[e]!
  }
  for (let i = 0; i < count; i++) {
    const x = lon[i]!,
      y = lat[i]!
    found.length = 0
    // Growing circles: once one holds more than REACH_EDGES edges, the nearest REACH_EDGES within reach are among
    // them (anything outside is farther), so a town's dense grid is not scanned out to the full reach.
    let whole = false
    for (let r = Math.min(reachM, 1000); reachM > 0; r = Math.min(reachM, 2 * r)) {
      found.length = 0
      scan(x, y, r)
      if (found.length > REACH_EDGES) break
      if (r === reachM) {
        whole = true
        break
      }
    }
    if (found.length > 0) {
      if (!whole) {
        found.sort((a, b) => bestD[a]! - bestD[b]! || a - b)
        found.length = REACH_EDGES
      } else complete[i] = 1
      found.sort((a, b) => a - b)
      for (const e of found) put(i, e)
    } else {
      const any = g.index.nearest(x, y, maxM * 1.02)
      if (any) {
        scan(x, y, Math.min(maxM, any.d * 1.02 + 50))
        found.sort((a, b) => bestD[a]! - bestD[b]! || a - b)
        if (found.length > 0) nearestM[i] = bestD[found[0]!]!
        if (fallback === 'nearest') for (const e of found.slice(0, FALLBACK)) put(i, e)
      }
    }
    start[i + 1] = place.length
  }
  return {
    count,
    lon: Float64Array.from(lon),
    lat: Float64Array.from(lat),
    start,
    place: Int32Array.from(place),
    edge: Int32Array.from(edges),
    f: Float64Array.from(fs),
    off: Float64Array.from(offM, (m) => m / mps),
    offM: Float64Array.from(offM),
    nearestM,
    complete,
    mps,
    reachM,
  }
}

/**
 * Direct off-road links: each target's time walking straight from the nearest source within the targets' reach
 * (a post 800 m away covers a place 6 km from any road). Independent of the roads, so no road change alters it.
 */
export function directLinks(sources: Sites, targets: Sites): { t: Float64Array; source: Int32Array } {
  const t = new Float64Array(targets.count).fill(Infinity)
  const source = new Int32Array(targets.count).fill(-1)
  const reachM = targets.reachM
  if (reachM <= 0 || sources.count === 0) return { t, source }
  // Sources bucketed on a grid of cells at least `reachM` wide everywhere (degrees of longitude shrink poleward).
  let maxAbsLat = 0
  for (let i = 0; i < targets.count; i++) maxAbsLat = Math.max(maxAbsLat, Math.abs(targets.lat[i]!))
  const ch = reachM / (EARTH_R * RAD)
  const cw = reachM / (EARTH_R * RAD * Math.max(0.01, Math.cos(Math.min(89, maxAbsLat + ch) * RAD)))
  const key = (cx: number, cy: number) => `${cx}:${cy}`
  const cells = new Map<string, number[]>()
  for (let s = 0; s < sources.count; s++) {
    const k = key(Math.floor(sources.lon[s]! / cw), Math.floor(sources.lat[s]! / ch))
    const l = cells.get(k)
    if (l) l.push(s)
    else cells.set(k, [s])
  }
  for (let i = 0; i < targets.count; i++) {
    const x = targets.lon[i]!,
      y = targets.lat[i]!
    const cx = Math.floor(x / cw),
      cy = Math.floor(y / ch)
    for (let dx = -1; dx <= 1; dx++)
      for (let dy = -1; dy <= 1; dy++) {
        for (const s of cells.get(key(cx + dx, cy + dy)) ?? []) {
          const d = haversine(x, y, sources.lon[s]!, sources.lat[s]!)
          if (d > reachM) continue
          const time = d / targets.mps
          if (time < t[i]! || (time === t[i]! && s < source[i]!)) {
            t[i] = time
            source[i] = s
          }
        }
      }
  }
  return { t, source }
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
