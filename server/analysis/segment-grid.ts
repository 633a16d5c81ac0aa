import { pointToSegment, type Projection } from './geometry.ts'

// A uniform grid over polyline segments for nearest-segment queries. Built as flat arrays (a counting sort of
// segment ids by cell), because a national network has millions of segments and per-cell JS arrays cost more
// memory than the graph itself.

export interface SegmentGrid {
  cellM: number
  /** Nearest segment within maxM whose owner passes `accept`; segment ids are those given to `segmentGrid`. */
  nearest(lon: number, lat: number, maxM: number, accept?: (owner: number) => boolean): NearestHit | null
  /** Every segment id with a part within `radiusM` of the point (candidates; callers measure exactly). */
  near(lon: number, lat: number, radiusM: number, visit: (segment: number, owner: number) => void): void
}

export interface NearestHit {
  segment: number
  owner: number
  d: number
  t: number
}

export interface Segments {
  /** Start vertex of each segment (its end is the next vertex) in `coords`. */
  vertex: Int32Array
  /** What each segment belongs to (an edge or a road). */
  owner: Int32Array
  coords: Float64Array
}

/** Most cells a grid may have: a wider extent gets coarser cells rather than more memory. */
const MAX_CELLS = 1 << 22

export function segmentGrid(seg: Segments, pr: Projection, cellM: number): SegmentGrid {
  const { vertex, owner, coords } = seg
  const count = vertex.length
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity
  for (let s = 0; s < count; s++) {
    const v = vertex[s]! * 2
    for (const k of [v, v + 2]) {
      minX = Math.min(minX, coords[k]!)
      maxX = Math.max(maxX, coords[k]!)
      minY = Math.min(minY, coords[k + 1]!)
      maxY = Math.max(maxY, coords[k + 1]!)
    }
  }
  if (count === 0) minX = minY = maxX = maxY = 0
  // Dense cells over the data's extent: plain array indexes, no hashing on the hot path.
  const widthM = (maxX - minX) * pr.kx,
    heightM = (maxY - minY) * pr.ky
  cellM = Math.max(cellM, Math.sqrt((widthM * heightM) / MAX_CELLS))
  const cw = cellM / pr.kx // cell size in degrees of longitude and latitude
  const ch = cellM / pr.ky
  const nx = Math.floor((maxX - minX) / cw) + 1
  const ny = Math.floor((maxY - minY) / ch) + 1
  const cx = (lon: number) => Math.floor((lon - minX) / cw)
  const cy = (lat: number) => Math.floor((lat - minY) / ch)
  const cellOf = (x: number, y: number) => (x < 0 || y < 0 || x >= nx || y >= ny ? -1 : x * ny + y)

  const start = new Int32Array(nx * ny + 1)
  const forCells = (s: number, fn: (cell: number) => void) => {
    const v = vertex[s]! * 2
    const x0 = cx(Math.min(coords[v]!, coords[v + 2]!)),
      x1 = cx(Math.max(coords[v]!, coords[v + 2]!))
    const y0 = cy(Math.min(coords[v + 1]!, coords[v + 3]!)),
      y1 = cy(Math.max(coords[v + 1]!, coords[v + 3]!))
    for (let x = x0; x <= x1; x++) for (let y = y0; y <= y1; y++) fn(x * ny + y)
  }
  for (let s = 0; s < count; s++) forCells(s, (c) => start[c + 1]!++)
  for (let c = 0; c < nx * ny; c++) start[c + 1]! += start[c]!
  const fill = start.slice(0, nx * ny)
  const items = new Int32Array(start[nx * ny]!)
  for (let s = 0; s < count; s++) forCells(s, (c) => (items[fill[c]!++] = s))

  const measure = (s: number, lon: number, lat: number) => {
    const v = vertex[s]! * 2
    return pointToSegment(pr, lon, lat, coords[v]!, coords[v + 1]!, coords[v + 2]!, coords[v + 3]!)
  }

  const seen = new Int32Array(count)
  let query = 0

  return {
    cellM,
    nearest(lon, lat, maxM, accept) {
      const px = cx(lon),
        py = cy(lat)
      let best: NearestHit | null = null
      const rings = Math.ceil(maxM / cellM)
      for (let r = 0; r <= rings; r++) {
        // Every segment in ring r is at least (r-1) cells away: stop once that exceeds the best found.
        if (best && (r - 1) * cellM > best.d) break
        for (let x = px - r; x <= px + r; x++) {
          for (let y = py - r; y <= py + r; y++) {
            if (Math.max(Math.abs(x - px), Math.abs(y - py)) !== r) continue
            const id = cellOf(x, y)
            if (id < 0) continue
            for (let i = start[id]!; i < start[id + 1]!; i++) {
              const s = items[i]!
              if (accept && !accept(owner[s]!)) continue
              const h = measure(s, lon, lat)
              if (h.d <= maxM && (!best || h.d < best.d || (h.d === best.d && s < best.segment))) {
                best = { segment: s, owner: owner[s]!, d: h.d, t: h.t }
              }
            }
          }
        }
      }
      return best
    },
    near(lon, lat, radiusM, visit) {
      const x0 = cx(lon - radiusM / pr.kx),
        x1 = cx(lon + radiusM / pr.kx)
      const y0 = cy(lat - radiusM / pr.ky),
        y1 = cy(lat + radiusM / pr.ky)
      // A segment spanning several cells is visited once: stamped with this query's number, never cleared.
      const q = ++query
      for (let x = x0; x <= x1; x++) {
        for (let y = y0; y <= y1; y++) {
          const id = cellOf(x, y)
          if (id < 0) continue
          for (let i = start[id]!; i < start[id + 1]!; i++) {
            const s = items[i]!
            if (seen[s] !== q) {
              seen[s] = q
              visit(s, owner[s]!)
            }
          }
        }
      }
    },
  }
}
