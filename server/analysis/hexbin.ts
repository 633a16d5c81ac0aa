// Hexagon binning in Web Mercator (flat-topped hexagons of a given edge length), as the hotspot grid uses: within
// Kenya's ±5° of the equator the projection's scale error is under 0.4 %.

const R = 6_378_137
const toX = (lon: number) => (lon * Math.PI * R) / 180
const toY = (lat: number) => R * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360))
const toLon = (x: number) => (x / R) * (180 / Math.PI)
const toLat = (y: number) => (2 * Math.atan(Math.exp(y / R)) - Math.PI / 2) * (180 / Math.PI)

export interface HexCell<T> {
  q: number
  r: number
  value: T
}

/** Groups points into hexagons: returns the cells with the accumulated value of their points. */
export function hexbin<T>(
  edgeM: number,
  n: number,
  lon: (i: number) => number,
  lat: (i: number) => number,
  init: () => T,
  add: (acc: T, i: number) => void,
): HexCell<T>[] {
  const cells = new Map<string, HexCell<T>>()
  for (let i = 0; i < n; i++) {
    const x = toX(lon(i)),
      y = toY(lat(i))
    // Axial coordinates of flat-topped hexagons, then cube rounding.
    const qf = ((2 / 3) * x) / edgeM
    const rf = ((-1 / 3) * x + (Math.sqrt(3) / 3) * y) / edgeM
    const sf = -qf - rf
    let q = Math.round(qf),
      r = Math.round(rf)
    const s = Math.round(sf)
    const dq = Math.abs(q - qf),
      dr = Math.abs(r - rf),
      ds = Math.abs(s - sf)
    if (dq > dr && dq > ds) q = -r - s
    else if (dr > ds) r = -q - s
    const key = `${q},${r}`
    let c = cells.get(key)
    if (!c) cells.set(key, (c = { q, r, value: init() }))
    add(c.value, i)
  }
  return [...cells.values()].sort((a, b) => a.q - b.q || a.r - b.r)
}

/** The hexagon's ring in lon/lat, closed. */
export function hexRing(edgeM: number, q: number, r: number): number[][] {
  const cx = edgeM * 1.5 * q
  const cy = edgeM * Math.sqrt(3) * (r + q / 2)
  const ring: number[][] = []
  for (let k = 0; k <= 6; k++) {
    const a = (Math.PI / 3) * (k % 6)
    ring.push([round(toLon(cx + edgeM * Math.cos(a))), round(toLat(cy + edgeM * Math.sin(a)))])
  }
  return ring
}
const round = (v: number) => Math.round(v * 1e6) / 1e6
