import { haversine, pointToSegment, projectionFor, type Projection } from './geometry.ts'
import { segmentGrid, type SegmentGrid } from './segment-grid.ts'

// The road graph: nodes where roads meet (shared vertices and endpoints, with endpoints snapped within a tolerance
// onto nearby vertices or into nearby segments), one edge per stretch of road between two nodes. Everything is
// typed arrays indexed by node or edge id, so the whole national network is a handful of allocations.

/** Roads as flat arrays: road i's vertices are coords[2*start[i] … 2*start[i+1]). */
export interface RoadSet {
  ids: Float64Array
  roadClass: Uint8Array
  surface: Uint8Array
  condition: Uint8Array
  status: Uint8Array
  start: Int32Array
  coords: Float64Array
}

export interface RoadGraph {
  roads: RoadSet
  projection: Projection
  snapM: number
  nodeCount: number
  nodeLon: Float64Array
  nodeLat: Float64Array
  edgeCount: number
  edgeFrom: Int32Array
  edgeTo: Int32Array
  /** Metres along the road. */
  edgeLength: Float64Array
  /** Index of the road (in `roads`) the edge belongs to. */
  edgeRoad: Int32Array
  /** Edge e's geometry is edgeCoords[2*edgeCoordStart[e] … 2*edgeCoordStart[e+1]), from `edgeFrom` to `edgeTo`. */
  edgeCoordStart: Int32Array
  edgeCoords: Float64Array
  /** Edges are made road by road, in order along it: road r's edges are roadEdgeStart[r] … roadEdgeStart[r+1]-1. */
  roadEdgeStart: Int32Array
  /** Adjacency (both directions): node n's incident edges are adjEdge[adjStart[n] … adjStart[n+1]). */
  adjStart: Int32Array
  adjEdge: Int32Array
  adjNode: Int32Array
  /** Nearest-edge index over the edges' segments (segment owner = edge id). */
  index: SegmentGrid
  /** Endpoints joined to another road by snapping (not by an exactly shared vertex). */
  snappedEndpoints: number
}

// Quantisation of coordinates for "the same vertex": 1e-7° is about a centimetre.
const Q = 1e7

/** Open-addressing hash from a quantised (lon, lat) pair to a dense point id. */
function pointIndex(capacity: number) {
  let size = 1
  while (size < capacity * 2) size <<= 1
  const ka = new Int32Array(size)
  const kb = new Int32Array(size)
  const val = new Int32Array(size).fill(-1)
  let next = 0
  return {
    get count() {
      return next
    },
    id(lon: number, lat: number): number {
      const a = Math.round(lon * Q) | 0
      const b = Math.round(lat * Q) | 0
      let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77)) & (size - 1)
      while (val[h]! !== -1) {
        if (ka[h] === a && kb[h] === b) return val[h]!
        h = (h + 1) & (size - 1)
      }
      ka[h] = a
      kb[h] = b
      val[h] = next
      return next++
    },
  }
}

function unionFind(n: number) {
  const parent = new Int32Array(n)
  for (let i = 0; i < n; i++) parent[i] = i
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!
      x = parent[x]!
    }
    return x
  }
  return {
    find,
    union(a: number, b: number) {
      const ra = find(a),
        rb = find(b)
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb)
    },
  }
}

interface Split {
  road: number
  /** Vertex index (global) at the start of the segment split. */
  vertex: number
  t: number
  point: number
}

export function buildGraph(roads: RoadSet, snapM: number): RoadGraph {
  const { start, coords } = roads
  const roadCount = roads.ids.length
  const vertexCount = coords.length / 2
  const pr = projectionFor(coords)

  const sharesPoint = (road: number, p: number) => {
    for (let v = start[road]!; v < start[road + 1]!; v++) if (pid[v] === p) return true
    return false
  }

  // 1. Unique points, how many times each is used, and which are endpoints.
  const points = pointIndex(vertexCount + roadCount)
  const pid = new Int32Array(vertexCount)
  for (let v = 0; v < vertexCount; v++) pid[v] = points.id(coords[2 * v]!, coords[2 * v + 1]!)
  const pointCount = points.count
  const uses = new Int32Array(pointCount)
  const endpoint = new Uint8Array(pointCount)
  for (let r = 0; r < roadCount; r++) {
    for (let v = start[r]!; v < start[r + 1]!; v++) uses[pid[v]!]!++
    endpoint[pid[start[r]!]!] = 1
    endpoint[pid[start[r + 1]! - 1]!] = 1
  }

  // 2. Snapping: each endpoint joins every other stretch of road within the tolerance, at its nearest vertex or by
  //    splitting its nearest segment; the split points are new points appended after the vertices. Every road
  //    in reach, not just the nearest and not just loose ends: adding a road then only ever adds junctions, so it
  //    can never cut a connection another road had (the attachment model's monotonicity rests on this).
  const splitPoints: number[] = [] // lon, lat pairs of new points
  const splits: Split[] = []
  const joins: number[] = [] // pairs of point ids to union
  const forceNode = new Uint8Array(pointCount)
  let snappedEndpoints = 0
  if (snapM > 0 && roadCount > 1) {
    const segVertex: number[] = []
    const segOwner: number[] = []
    for (let r = 0; r < roadCount; r++) {
      for (let v = start[r]!; v < start[r + 1]! - 1; v++) {
        segVertex.push(v)
        segOwner.push(r)
      }
    }
    const raw = segmentGrid(
      { vertex: Int32Array.from(segVertex), owner: Int32Array.from(segOwner), coords },
      pr,
      Math.max(snapM * 4, 1000),
    )
    // Nearest segment per road within the tolerance, for the endpoint being snapped.
    const best = new Map<number, { s: number; d: number; t: number }>()
    for (let r = 0; r < roadCount; r++) {
      const first = start[r]!,
        last = start[r + 1]! - 1
      for (let end = 0; end < (first === last ? 1 : 2); end++) {
        const v = end === 0 ? first : last
        const p = pid[v]!
        const lon = coords[2 * v]!,
          lat = coords[2 * v + 1]!
        best.clear()
        raw.near(lon, lat, snapM * 1.01, (s) => {
          const a = segVertex[s]!
          if (a === v || a + 1 === v) return // the endpoint's own segment
          const b = 2 * a
          // Already on this segment's end: shares the vertex, nothing to join.
          if (pid[a] === p || pid[a + 1] === p) return
          const h = pointToSegment(pr, lon, lat, coords[b]!, coords[b + 1]!, coords[b + 2]!, coords[b + 3]!)
          if (h.d > snapM) return
          const owner = segOwner[s]!
          const cur = best.get(owner)
          if (!cur || h.d < cur.d || (h.d === cur.d && s < cur.s)) best.set(owner, { s, d: h.d, t: h.t })
        })
        if (best.size === 0) continue
        // A road the endpoint already shares a vertex with is joined already.
        let joined = false
        for (const [owner, { s, t }] of [...best.entries()].sort(([x], [y]) => x - y)) {
          if (owner !== r && sharesPoint(owner, p)) continue
          const a = segVertex[s]!
          const b = 2 * a
          const segLen = haversine(coords[b]!, coords[b + 1]!, coords[b + 2]!, coords[b + 3]!)
          joined = true
          // Onto a vertex when the nearest point is within the tolerance of it; otherwise split the segment there.
          if (t * segLen <= snapM || (1 - t) * segLen <= snapM) {
            const target = pid[t * segLen <= (1 - t) * segLen ? a : a + 1]!
            forceNode[target] = 1
            joins.push(p, target)
          } else {
            const point = pointCount + splitPoints.length / 2
            splitPoints.push(
              coords[b]! + t * (coords[b + 2]! - coords[b]!),
              coords[b + 1]! + t * (coords[b + 3]! - coords[b + 1]!),
            )
            splits.push({ road: segOwner[s]!, vertex: a, t, point })
            joins.push(p, point)
          }
        }
        if (joined) snappedEndpoints++
      }
    }
  }
  const totalPoints = pointCount + splitPoints.length / 2
  const uf = unionFind(totalPoints)
  for (let i = 0; i < joins.length; i += 2) uf.union(joins[i]!, joins[i + 1]!)

  // 3. Node ids: endpoints, shared vertices, snap targets and split points, merged by the snapping.
  const nodeOfRoot = new Int32Array(totalPoints).fill(-1)
  const nodeLonList: number[] = []
  const nodeLatList: number[] = []
  const nodeOf = (p: number, lon: number, lat: number) => {
    const root = uf.find(p)
    let n = nodeOfRoot[root]!
    if (n < 0) {
      n = nodeLonList.length
      nodeOfRoot[root] = n
      nodeLonList.push(lon)
      nodeLatList.push(lat)
    }
    return n
  }
  const isNode = (p: number) => p >= pointCount || endpoint[p] === 1 || uses[p]! > 1 || forceNode[p] === 1

  // 4. Edges: walk each road, with its split points in order, closing an edge at every node.
  splits.sort((x, y) => x.road - y.road || x.vertex - y.vertex || x.t - y.t)
  const from: number[] = [],
    to: number[] = [],
    length: number[] = [],
    roadOf: number[] = [],
    coordStart: number[] = [0]
  const roadEdgeStart = new Int32Array(roadCount + 1)
  const out: number[] = []
  let si = 0
  let r = 0,
    cur = -1,
    len = 0,
    lastLon = 0,
    lastLat = 0
  // One step along road r: every vertex is added to the current edge's line; a node closes the edge.
  const visit = (p: number, lon: number, lat: number, first: boolean) => {
    if (!first) len += haversine(lastLon, lastLat, lon, lat)
    out.push(lon, lat)
    lastLon = lon
    lastLat = lat
    if (!isNode(p)) return
    const n = nodeOf(p, lon, lat)
    if (!first) {
      if (len > 0 && !(n === cur && len <= 2 * snapM)) {
        from.push(cur)
        to.push(n)
        length.push(len)
        roadOf.push(r)
        coordStart.push(out.length / 2)
      } else {
        out.length = coordStart[coordStart.length - 1]! * 2 // drop a degenerate stretch
      }
      out.push(lon, lat)
    }
    cur = n
    len = 0
  }
  for (r = 0; r < roadCount; r++) {
    roadEdgeStart[r] = from.length
    while (si < splits.length && splits[si]!.road < r) si++
    cur = -1
    len = 0
    for (let v = start[r]!; v < start[r + 1]!; v++) {
      visit(pid[v]!, coords[2 * v]!, coords[2 * v + 1]!, v === start[r]!)
      while (si < splits.length && splits[si]!.road === r && splits[si]!.vertex === v) {
        const s = splits[si++]!
        const k = 2 * (s.point - pointCount)
        visit(s.point, splitPoints[k]!, splitPoints[k + 1]!, false)
      }
    }
    out.length = coordStart[coordStart.length - 1]! * 2
  }
  roadEdgeStart[roadCount] = from.length

  const edgeCount = from.length
  const nodeCount = nodeLonList.length
  const edgeFrom = Int32Array.from(from)
  const edgeTo = Int32Array.from(to)
  const edgeCoordStart = Int32Array.from(coordStart)
  const edgeCoords = Float64Array.from(out)

  // 5. Adjacency in CSR form, both directions.
  const adjStart = new Int32Array(nodeCount + 1)
  for (let e = 0; e < edgeCount; e++) {
    adjStart[edgeFrom[e]! + 1]!++
    adjStart[edgeTo[e]! + 1]!++
  }
  for (let n = 0; n < nodeCount; n++) adjStart[n + 1]! += adjStart[n]!
  const fill = adjStart.slice(0, nodeCount)
  const adjEdge = new Int32Array(2 * edgeCount)
  const adjNode = new Int32Array(2 * edgeCount)
  for (let e = 0; e < edgeCount; e++) {
    const a = edgeFrom[e]!,
      b = edgeTo[e]!
    adjEdge[fill[a]!] = e
    adjNode[fill[a]!++] = b
    adjEdge[fill[b]!] = e
    adjNode[fill[b]!++] = a
  }

  // 6. The nearest-edge index over every edge segment.
  const segCount = edgeCoordStart[edgeCount]! - edgeCount
  const segVertex = new Int32Array(segCount)
  const segOwner = new Int32Array(segCount)
  let k = 0
  for (let e = 0; e < edgeCount; e++) {
    for (let v = edgeCoordStart[e]!; v < edgeCoordStart[e + 1]! - 1; v++) {
      segVertex[k] = v
      segOwner[k++] = e
    }
  }
  const index = segmentGrid({ vertex: segVertex, owner: segOwner, coords: edgeCoords }, pr, 2000)

  return {
    roads,
    projection: pr,
    snapM,
    nodeCount,
    nodeLon: Float64Array.from(nodeLonList),
    nodeLat: Float64Array.from(nodeLatList),
    edgeCount,
    edgeFrom,
    edgeTo,
    edgeLength: Float64Array.from(length),
    edgeRoad: Int32Array.from(roadOf),
    edgeCoordStart,
    edgeCoords,
    roadEdgeStart,
    adjStart,
    adjEdge,
    adjNode,
    index,
    snappedEndpoints,
  }
}

/** Where along edge e a segment hit lies, as a fraction of the edge's length from its `from` node. */
export function edgeFraction(g: RoadGraph, segmentVertex: number, e: number, t: number): number {
  const c = g.edgeCoords
  let along = 0
  for (let v = g.edgeCoordStart[e]!; v < segmentVertex; v++)
    along += haversine(c[2 * v]!, c[2 * v + 1]!, c[2 * v + 2]!, c[2 * v + 3]!)
  const v = segmentVertex
  along += t * haversine(c[2 * v]!, c[2 * v + 1]!, c[2 * v + 2]!, c[2 * v + 3]!)
  const len = g.edgeLength[e]!
  return len > 0 ? Math.min(1, Math.max(0, along / len)) : 0
}

export interface Components {
  count: number
  /** Component of each node. */
  ofNode: Int32Array
  /** Per component: number of edges and km of road. */
  edges: number[]
  km: number[]
}

/** Connected components over the edges that pass `usable` (all edges when omitted). */
export function components(g: RoadGraph, usable?: (e: number) => boolean): Components {
  const uf = unionFind(g.nodeCount)
  const touched = new Uint8Array(g.nodeCount)
  for (let e = 0; e < g.edgeCount; e++) {
    if (usable && !usable(e)) continue
    uf.union(g.edgeFrom[e]!, g.edgeTo[e]!)
    touched[g.edgeFrom[e]!] = 1
    touched[g.edgeTo[e]!] = 1
  }
  const id = new Int32Array(g.nodeCount).fill(-1)
  const ofNode = new Int32Array(g.nodeCount).fill(-1)
  const edges: number[] = [],
    km: number[] = []
  for (let n = 0; n < g.nodeCount; n++) {
    if (!touched[n]) continue
    const root = uf.find(n)
    if (id[root]! < 0) {
      id[root] = edges.length
      edges.push(0)
      km.push(0)
    }
    ofNode[n] = id[root]!
  }
  for (let e = 0; e < g.edgeCount; e++) {
    if (usable && !usable(e)) continue
    const c = ofNode[g.edgeFrom[e]!]!
    edges[c]!++
    km[c]! += g.edgeLength[e]! / 1000
  }
  return { count: edges.length, ofNode, edges, km }
}
