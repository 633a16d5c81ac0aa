// Getis-Ord Gi* hot spot statistic on cells with fixed-distance-band (binary) weights, the cell itself included,
// as ArcGIS's Hot Spot Analysis computes it; classes (Gi_Bin) at 90/95/99 % confidence, optionally corrected for
// multiple testing with the false discovery rate (Benjamini–Hochberg), as ArcGIS's FDR option does.

export interface Cell {
  x: number
  y: number
  value: number
}

export interface GiResult {
  z: number
  p: number
  /** −3…3: cold/hot spot at 99 %, 95 %, 90 % confidence; 0 = not significant. */
  bin: number
}

/** Two-sided p-value of a standard normal z (Abramowitz–Stegun 7.1.26 erfc, |error| < 1.5e-7). */
export function pValue(z: number): number {
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * x)
  const erfc =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x)
  return Math.min(1, erfc)
}

/**
 * Relative tolerance of the distance band. Cell centres come out of floating point (hexagon vertices averaged in
 * Web Mercator metres), a few parts in 1e9 off their exact spacing, and the usual bands lie exactly on a ring of
 * centres (the default 2√3 × cell size is the second ring's straight-line distance): compared without a margin,
 * rounding alone would decide which of that ring's cells are neighbours. Exact hexagon centre distances are
 * √3·a·√(i²+ij+j²), at least 8 % apart beyond the first ring, so a 1e-6 margin includes a ring the band lies on and
 * never one beyond it.
 */
export const BAND_TOLERANCE = 1e-6

/** Neighbours within `distance` of each cell (itself included), found through a bucket grid rather than all pairs. */
export function neighbours(cells: Cell[], distance: number): Int32Array[] {
  const key = (i: number, j: number) => `${i},${j}`
  const buckets = new Map<string, number[]>()
  const size = distance * (1 + BAND_TOLERANCE)
  cells.forEach((c, idx) => {
    const k = key(Math.floor(c.x / size), Math.floor(c.y / size))
    const list = buckets.get(k)
    if (list) list.push(idx)
    else buckets.set(k, [idx])
  })
  const d2 = size * size
  return cells.map((c) => {
    const bi = Math.floor(c.x / size)
    const bj = Math.floor(c.y / size)
    const out: number[] = []
    for (let di = -1; di <= 1; di++) {
      for (let dj = -1; dj <= 1; dj++) {
        for (const idx of buckets.get(key(bi + di, bj + dj)) ?? []) {
          const o = cells[idx]!
          if ((o.x - c.x) ** 2 + (o.y - c.y) ** 2 <= d2) out.push(idx)
        }
      }
    }
    return Int32Array.from(out)
  })
}

const THRESHOLDS: [number, number][] = [
  [0.01, 3],
  [0.05, 2],
  [0.1, 1],
]

/** Gi* for every cell. With `fdr`, a cell is significant at a level only if its p passes the BH threshold there. */
export function giStar(cells: Cell[], distance: number, fdr = false): GiResult[] {
  if (cells.length < 3) return cells.map(() => ({ z: 0, p: 1, bin: 0 }))
  return giStarOf(
    cells.map((c) => c.value),
    neighbours(cells, distance),
    fdr,
  )
}

/**
 * Gi* of values with binary weights given as each item's neighbour list (itself included): cells within a distance
 * band, or areas by contiguity (server/hotspots/areas.ts).
 */
export function giStarOf(values: number[], nb: Int32Array[], fdr = false): GiResult[] {
  const n = values.length
  if (n < 3) return values.map(() => ({ z: 0, p: 1, bin: 0 }))
  const mean = values.reduce((s, v) => s + v, 0) / n
  const s = Math.sqrt(values.reduce((acc, v) => acc + v * v, 0) / n - mean * mean)
  const results = values.map((_, i) => {
    const js = nb[i]!
    const wSum = js.length // binary weights
    let lag = 0
    for (const j of js) lag += values[j]!
    const denom = s * Math.sqrt((n * wSum - wSum * wSum) / (n - 1))
    const z = denom > 0 ? (lag - mean * wSum) / denom : 0
    return { z, p: pValue(z), bin: 0 }
  })
  // Significance thresholds per confidence level: the level itself, or the Benjamini–Hochberg cut-off.
  const cut = new Map<number, number>()
  const sorted = results.map((r) => r.p).sort((a, b) => a - b)
  for (const [alpha] of THRESHOLDS) {
    if (!fdr) {
      cut.set(alpha, alpha)
      continue
    }
    let k = -1
    for (let i = 0; i < n; i++) if (sorted[i]! <= ((i + 1) / n) * alpha) k = i
    cut.set(alpha, k >= 0 ? sorted[k]! : -1)
  }
  for (const r of results) {
    for (const [alpha, bin] of THRESHOLDS) {
      if (r.p <= cut.get(alpha)!) {
        r.bin = Math.sign(r.z) * bin
        break
      }
    }
  }
  return results
}

export type Trend = 'new' | 'intensifying' | 'persistent' | 'diminishing' | null

/** Change in z that counts as a real change between two periods. */
export const TREND_DELTA = 0.5

/**
 * Emerging hot spot trend of one cell between the previous and the current period (equal lengths):
 * new — hot now, not before; intensifying — hot in both, z up by at least TREND_DELTA; persistent — hot in both,
 * z within ±TREND_DELTA; diminishing — hot before and now either not hot or z down by at least TREND_DELTA.
 */
export function trend(prev: GiResult, now: GiResult): Trend {
  const hotNow = now.bin > 0
  const hotBefore = prev.bin > 0
  if (hotNow && !hotBefore) return 'new'
  if (!hotBefore) return null
  if (!hotNow) return 'diminishing'
  const dz = now.z - prev.z
  if (dz >= TREND_DELTA) return 'intensifying'
  if (dz <= -TREND_DELTA) return 'diminishing'
  return 'persistent'
}
