// Plane geometry for the road graph. Distances on the ground use a local equirectangular projection centred on the
// data's mean latitude: within Kenya (±5°) its error over a few tens of kilometres is far below a road's width,
// and it keeps nearest-point searches to a few multiplications.

const R = 6_371_008.8
const RAD = Math.PI / 180

export interface Projection {
  /** Metres per degree of longitude and of latitude at the reference latitude. */
  kx: number
  ky: number
}

export function projectionFor(coords: Float64Array): Projection {
  let sum = 0
  const n = coords.length / 2
  for (let i = 1; i < coords.length; i += 2) sum += coords[i]!
  const lat0 = n > 0 ? sum / n : 0
  return { kx: R * RAD * Math.cos(lat0 * RAD), ky: R * RAD }
}

/** Great-circle length of one segment, in metres. */
export function haversine(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const dLat = (lat2 - lat1) * RAD
  const dLon = (lon2 - lon1) * RAD
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLon / 2) ** 2
  return 2 * R * Math.asin(Math.min(1, Math.sqrt(a)))
}

export interface SegmentHit {
  /** Distance from the point to the segment, metres. */
  d: number
  /** Position of the nearest point along the segment, 0…1. */
  t: number
}

/** Nearest point of segment a→b to p, all in lon/lat, measured in the projection. */
export function pointToSegment(
  pr: Projection,
  px: number,
  py: number,
  ax: number,
  ay: number,
  bx: number,
  by: number,
): SegmentHit {
  const ux = (bx - ax) * pr.kx
  const uy = (by - ay) * pr.ky
  const wx = (px - ax) * pr.kx
  const wy = (py - ay) * pr.ky
  const len2 = ux * ux + uy * uy
  const t = len2 > 0 ? Math.max(0, Math.min(1, (wx * ux + wy * uy) / len2)) : 0
  const dx = wx - t * ux
  const dy = wy - t * uy
  return { d: Math.sqrt(dx * dx + dy * dy), t }
}
