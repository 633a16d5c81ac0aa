import type { RoadSet } from '../../server/analysis/graph.ts'
import { CONDITIONS, ROAD_CLASSES, ROAD_STATUSES, ROAD_SURFACES } from '../../contract/domains.ts'

// Deterministic synthetic road networks for the analysis tests and benchmarks: a jittered grid of two-vertex
// roads over a Kenya-sized area, with random classes, surfaces and conditions.

export function rng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface GridOptions {
  cols: number
  rows: number
  /** Degrees between grid nodes (0.01° ≈ 1.1 km). */
  step: number
  origin?: [number, number]
  seed: number
  /** Share of roads in poor or impassable condition. */
  bad?: number
}

export function gridNetwork(o: GridOptions): RoadSet {
  const rand = rng(o.seed)
  const [x0, y0] = o.origin ?? [34, -4.5]
  const jitter = new Float64Array(2 * o.cols * o.rows)
  for (let i = 0; i < jitter.length; i++) jitter[i] = (rand() - 0.5) * o.step * 0.3
  const at = (c: number, r: number): [number, number] => {
    const k = r * o.cols + c
    return [x0 + c * o.step + jitter[2 * k]!, y0 + r * o.step + jitter[2 * k + 1]!]
  }
  const segs: [number, number, number, number][] = []
  for (let r = 0; r < o.rows; r++)
    for (let c = 0; c < o.cols; c++) {
      if (c + 1 < o.cols) segs.push([...at(c, r), ...at(c + 1, r)])
      if (r + 1 < o.rows) segs.push([...at(c, r), ...at(c, r + 1)])
    }
  const n = segs.length
  const roads: RoadSet = {
    ids: new Float64Array(n),
    roadClass: new Uint8Array(n),
    surface: new Uint8Array(n),
    condition: new Uint8Array(n),
    status: new Uint8Array(n),
    start: new Int32Array(n + 1),
    coords: new Float64Array(4 * n),
  }
  const bad = o.bad ?? 0.1
  const existing = ROAD_STATUSES.indexOf('existing')
  segs.forEach((s, i) => {
    roads.ids[i] = i + 1
    roads.roadClass[i] = Math.floor(rand() * ROAD_CLASSES.length)
    roads.surface[i] = Math.floor(rand() * ROAD_SURFACES.length)
    const u = rand()
    roads.condition[i] =
      u < bad ? (u < bad * 0.6 ? CONDITIONS.indexOf('poor') : CONDITIONS.indexOf('impassable')) : Math.floor(rand() * 2)
    roads.status[i] = existing
    roads.start[i + 1] = 2 * (i + 1)
    roads.coords.set(s, 4 * i)
  })
  return roads
}

/** Random points within the grid's extent. */
export function randomPoints(o: GridOptions, count: number, seed: number): { lon: Float64Array; lat: Float64Array } {
  const rand = rng(seed)
  const [x0, y0] = o.origin ?? [34, -4.5]
  const lon = new Float64Array(count),
    lat = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    lon[i] = x0 + rand() * (o.cols - 1) * o.step
    lat[i] = y0 + rand() * (o.rows - 1) * o.step
  }
  return { lon, lat }
}

/** Roads given as lists of [lon, lat] vertices with their attributes, for hand-made test networks. */
export function roadSet(
  list: { coords: number[][]; cls?: string; surface?: string; condition?: string; status?: string }[],
): RoadSet {
  const n = list.length
  const start = new Int32Array(n + 1)
  list.forEach((r, i) => (start[i + 1] = start[i]! + r.coords.length))
  const coords = new Float64Array(2 * start[n]!)
  list.forEach((r, i) => r.coords.forEach(([x, y], k) => coords.set([x!, y!], 2 * (start[i]! + k))))
  return {
    ids: Float64Array.from(list, (_, i) => i + 1),
    roadClass: Uint8Array.from(list, (r) => ROAD_CLASSES.indexOf((r.cls ?? 'A') as never)),
    surface: Uint8Array.from(list, (r) => ROAD_SURFACES.indexOf((r.surface ?? 'paved') as never)),
    condition: Uint8Array.from(list, (r) => CONDITIONS.indexOf((r.condition ?? 'good') as never)),
    status: Uint8Array.from(list, (r) => ROAD_STATUSES.indexOf((r.status ?? 'existing') as never)),
    start,
    coords,
  }
}
