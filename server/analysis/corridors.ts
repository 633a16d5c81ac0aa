import { pointToSegment } from './geometry.ts'
import type { RoadGraph } from './graph.ts'
import { localProjection, type Sites } from './network.ts'
import { shortestTimes, type Labels } from './routing.ts'
import { sliceEdge } from './service-areas.ts'

// Patrol corridors: from each post, a round trip on the road network through nearby hotspot clusters and back
// within the patrol time; ranked by the weight of the hot cells within a buffer of the route's roads per hour of
// patrol, and K picked greedily so that no hot cell counts twice. A cluster is entered at its busiest cell (a real
// place in the cluster, not a centroid that may lie outside it), and only from a road within the buffer: a cluster
// farther than that from every road can only be walked to, and is reported as such rather than routed on foot.

export interface Corridor {
  post: number
  /** Clusters visited, in order. */
  visits: number[]
  seconds: number
  metres: number
  coordinates: number[][][]
  /** Clusters with a hot cell within the buffer of the route (visited or passed). */
  within: number[]
  /** Hot cells within the buffer of the route's roads. */
  cells: number[]
  /** Metres walked off the road: from the post to its road and back. */
  offroadM: number
}

export interface CorridorPick extends Corridor {
  /** Hot-cell weight newly within the buffer (not counted by an earlier pick) per hour. */
  score: number
  weight: number
}

/** The hot cells, each in one cluster, with their positions and incident counts. */
export interface HotCells {
  lon: Float64Array
  lat: Float64Array
  weight: Float64Array
  cluster: Int32Array
}

interface Entry {
  /** Seconds from the labels' origin to the place. */
  t: number
  /** Node by which the place is entered (−1 = straight along a shared edge from the origin). */
  node: number
  /** The place's attachment used, and the origin's (when straight along a shared edge). */
  k: number
  ok: number
}

/** Best way into place i from the labels' origin (one cluster), including along a shared edge. */
function entry(
  g: RoadGraph,
  time: Float64Array,
  labels: Labels,
  places: Sites,
  i: number,
  origin: Sites,
  o: number,
): Entry {
  let best: Entry = { t: Infinity, node: -1, k: -1, ok: -1 }
  for (let k = places.start[i]!; k < places.start[i + 1]!; k++) {
    const e = places.edge[k]!
    if (!Number.isFinite(time[e]!)) continue
    const te = time[e]!
    const a = labels.dist[g.edgeFrom[e]!]! + places.f[k]! * te + places.off[k]!
    const b = labels.dist[g.edgeTo[e]!]! + (1 - places.f[k]!) * te + places.off[k]!
    if (a < best.t) best = { t: a, node: g.edgeFrom[e]!, k, ok: -1 }
    if (b < best.t) best = { t: b, node: g.edgeTo[e]!, k, ok: -1 }
    for (let ok = origin.start[o]!; ok < origin.start[o + 1]!; ok++) {
      if (origin.edge[ok] !== e) continue
      const d = origin.off[ok]! + Math.abs(places.f[k]! - origin.f[ok]!) * te + places.off[k]!
      if (d < best.t) best = { t: d, node: -1, k, ok }
    }
  }
  return best
}

/** The road path of a leg from cluster `o` (whose labels these are) to place i, as lines. */
function legLines(
  g: RoadGraph,
  time: Float64Array,
  labels: Labels,
  places: Sites,
  i: number,
  en: Entry,
  origin: Sites,
  o: number,
): { lines: number[][][]; metres: number } {
  const lines: number[][][] = []
  let metres = 0
  const piece = (e: number, f0: number, f1: number) => {
    const coords = sliceEdge(g, e, Math.min(f0, f1), Math.max(f0, f1))
    if (coords.length >= 2) lines.push(coords)
    metres += Math.abs(f1 - f0) * g.edgeLength[e]!
  }
  if (en.node < 0) {
    const k = en.k,
      ok = en.ok
    piece(places.edge[k]!, origin.f[ok]!, places.f[k]!)
    return { lines, metres }
  }
  const k = en.k
  const e0 = places.edge[k]!
  piece(e0, places.f[k]!, g.edgeFrom[e0] === en.node ? 0 : 1)
  let n = en.node
  while (labels.pred[n]! >= 0) {
    const e = labels.pred[n]!
    piece(e, 0, 1)
    n = g.edgeFrom[e] === n ? g.edgeTo[e]! : g.edgeFrom[e]!
  }
  // n is a seed: an end of one of the origin's attachment edges.
  // Of the origin's attachments touching n, the one whose seed time is n's label.
  let seed = -1,
    seedT = Infinity
  for (let ok = origin.start[o]!; ok < origin.start[o + 1]!; ok++) {
    const e = origin.edge[ok]!
    if (g.edgeFrom[e] !== n && g.edgeTo[e] !== n) continue
    const t = origin.off[ok]! + (g.edgeFrom[e] === n ? origin.f[ok]! : 1 - origin.f[ok]!) * time[e]!
    if (t < seedT) {
      seed = ok
      seedT = t
    }
  }
  if (seed >= 0) piece(origin.edge[seed]!, origin.f[seed]!, g.edgeFrom[origin.edge[seed]!] === n ? 0 : 1)
  return { lines, metres }
}

export interface CorridorInput {
  g: RoadGraph
  time: Float64Array
  posts: Sites
  clusters: Sites
  cells: HotCells
  patrolS: number
  bufferM: number
  k: number
}

export function patrolCorridors(input: CorridorInput): { picks: CorridorPick[]; postWithin: Uint8Array } {
  const { g, time, posts, clusters, patrolS, bufferM, cells } = input
  const clusterWeight = new Float64Array(clusters.count)
  for (let h = 0; h < cells.lon.length; h++) clusterWeight[cells.cluster[h]!]! += cells.weight[h]!
  const C = clusters.count
  // One bounded search from each cluster gives cluster→post and cluster→cluster times (the network is undirected).
  const labels: Labels[] = []
  for (let c = 0; c < C; c++) labels.push(shortestTimes(g, time, clusters, [c], patrolS))
  const toPost = (c: number, p: number) => entry(g, time, labels[c]!, posts, p, clusters, c)
  const toCluster = (c: number, d: number) => entry(g, time, labels[c]!, clusters, d, clusters, c)

  const corridors: Corridor[] = []
  // Clusters some post can patrol to and back within the time (for the reasons given for those left without one).
  const postWithin = new Uint8Array(C)
  for (let p = 0; p < posts.count; p++) {
    const leg = new Map<number, Entry>()
    for (let c = 0; c < C; c++) {
      const en = toPost(c, p)
      if (2 * en.t <= patrolS) {
        leg.set(c, en)
        postWithin[c] = 1
      }
    }
    if (leg.size === 0) continue
    // Greedy tour: add the cluster with the most weight per added minute while the round trip fits.
    const visits: number[] = []
    let total = 0
    const seen = new Set<number>()
    for (;;) {
      let best = -1,
        bestRatio = 0,
        bestTotal = 0
      for (const [c] of leg) {
        if (seen.has(c)) continue
        const last = visits[visits.length - 1]
        const outT = last === undefined ? leg.get(c)!.t : toCluster(last, c).t
        const backOld = last === undefined ? 0 : leg.get(last)!.t
        const next = total - backOld + outT + leg.get(c)!.t
        if (next > patrolS) continue
        const r = clusterWeight[c]! / Math.max(1, next - total)
        if (r > bestRatio) {
          best = c
          bestRatio = r
          bestTotal = next
        }
      }
      if (best < 0) break
      visits.push(best)
      seen.add(best)
      total = bestTotal
    }
    // The route: post → first cluster → … → last cluster → post.
    const lines: number[][][] = []
    let metres = 0
    const add = (l: { lines: number[][][]; metres: number }, reverse: boolean) => {
      for (const line of reverse ? [...l.lines].reverse() : l.lines) lines.push(reverse ? [...line].reverse() : line)
      metres += l.metres
    }
    add(legLines(g, time, labels[visits[0]!]!, posts, p, leg.get(visits[0]!)!, clusters, visits[0]!), true)
    for (let i = 1; i < visits.length; i++) {
      const a = visits[i - 1]!,
        b = visits[i]!
      add(legLines(g, time, labels[a]!, clusters, b, toCluster(a, b), clusters, a), true)
    }
    const last = visits[visits.length - 1]!
    add(legLines(g, time, labels[last]!, posts, p, leg.get(last)!, clusters, last), false)
    // Hot cells within the buffer of the roads driven (a visited cluster's entry cell is always within it).
    const near: number[] = []
    const withinSet = new Set<number>()
    for (let h = 0; h < cells.lon.length; h++) {
      if (nearLines(lines, cells.lon[h]!, cells.lat[h]!, bufferM)) {
        near.push(h)
        withinSet.add(cells.cluster[h]!)
      }
    }
    for (const c of visits) withinSet.add(c)
    const offroadM = posts.offM[leg.get(visits[0]!)!.k]! + posts.offM[leg.get(visits[visits.length - 1]!)!.k]!
    corridors.push({
      post: p,
      visits,
      seconds: total,
      metres,
      coordinates: lines,
      within: [...withinSet].sort((a, b) => a - b),
      cells: near,
      offroadM,
    })
  }

  // Pick K: the most new hot-cell weight per hour, none counted twice.
  const counted = new Uint8Array(cells.lon.length)
  const picks: CorridorPick[] = []
  const used = new Uint8Array(corridors.length)
  for (let round = 0; round < input.k; round++) {
    let best = -1,
      bestScore = 0,
      bestWeight = 0
    corridors.forEach((cor, i) => {
      if (used[i]) return
      const w = cor.cells.reduce((s, h) => s + (counted[h] ? 0 : cells.weight[h]!), 0)
      const score = w / Math.max(cor.seconds / 3600, 1 / 60)
      if (score > bestScore || (score === bestScore && best >= 0 && score > 0 && i < best)) {
        best = i
        bestScore = score
        bestWeight = w
      }
    })
    if (best < 0 || bestScore <= 0) break
    used[best] = 1
    for (const h of corridors[best]!.cells) counted[h] = 1
    picks.push({ ...corridors[best]!, score: bestScore, weight: bestWeight })
  }
  return { picks, postWithin }
}

function nearLines(lines: number[][][], lon: number, lat: number, bufferM: number): boolean {
  const pr = localProjection(lat)
  for (const line of lines) {
    for (let i = 0; i < line.length - 1; i++) {
      const a = line[i]!,
        b = line[i + 1]!
      if (pointToSegment(pr, lon, lat, a[0]!, a[1]!, b[0]!, b[1]!).d <= bufferM) return true
    }
  }
  return false
}
