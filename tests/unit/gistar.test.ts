import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { giStar, pValue, trend, type Cell } from '../../server/hotspots/gistar.ts'

const fixture = JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/gistar-line.json'), 'utf8')) as {
  cells: Cell[]
  distance: number
  z: number[]
}

/** A deterministic PRNG, so property tests are repeatable. */
function rng(seed: number) {
  return () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 2 ** 32
}
const grid = (n: number, value: (i: number, j: number) => number): Cell[] =>
  Array.from({ length: n * n }, (_, k) => ({ x: k % n, y: Math.floor(k / n), value: value(k % n, Math.floor(k / n)) }))

describe('Getis-Ord Gi*', () => {
  it('matches a hand calculation to 1e-6', () => {
    const r = giStar(fixture.cells, fixture.distance)
    r.forEach((g, i) => expect(g.z).toBeCloseTo(fixture.z[i]!, 6))
  })

  it('gives normal two-sided p-values', () => {
    expect(pValue(1.959963985)).toBeCloseTo(0.05, 6)
    expect(pValue(2.575829304)).toBeCloseTo(0.01, 6)
    expect(pValue(-1.644853627)).toBeCloseTo(0.1, 6)
    expect(pValue(0)).toBeCloseTo(1, 6)
  })

  it('classes cells as ArcGIS does: ±3 at 99 %, ±2 at 95 %, ±1 at 90 % confidence', () => {
    const cells = grid(15, (i, j) => (Math.abs(i - 7) <= 1 && Math.abs(j - 7) <= 1 ? 20 : 1))
    const r = giStar(cells, 1.5)
    const centre = r[7 * 15 + 7]!
    expect(centre.bin).toBe(3)
    expect(centre.p).toBeLessThan(0.01)
    for (const g of r) {
      const expected = g.p <= 0.01 ? 3 : g.p <= 0.05 ? 2 : g.p <= 0.1 ? 1 : 0
      expect(Math.abs(g.bin)).toBe(expected)
      if (g.bin !== 0) expect(Math.sign(g.bin)).toBe(Math.sign(g.z))
    }
  })

  it('finds few significant cells in a random pattern, fewer still with FDR', () => {
    const random = rng(42)
    const cells = grid(30, () => Math.floor(random() * 10))
    const plain = giStar(cells, 1.5).filter((g) => Math.abs(g.bin) >= 2).length / cells.length
    const corrected = giStar(cells, 1.5, true).filter((g) => Math.abs(g.bin) >= 2).length / cells.length
    expect(plain).toBeLessThan(0.1)
    expect(corrected).toBeLessThanOrEqual(plain)
    expect(corrected).toBeLessThan(0.02)
  })

  it('finds a planted cluster, even with FDR, and a cold spot where a region is empty', () => {
    const random = rng(7)
    const cells = grid(30, (i, j) =>
      Math.hypot(i - 20, j - 10) <= 2 ? 15 + random() * 5 : i < 6 && j < 6 ? 0 : 3 + Math.floor(random() * 4),
    )
    const r = giStar(cells, 1.5, true)
    expect(r[10 * 30 + 20]!.bin).toBe(3)
    expect(r[2 * 30 + 2]!.bin).toBeLessThan(0)
  })
})

describe('Gi* on a hexagon grid against brute force', () => {
  // Hexagon centres as ST_HexagonGrid lays them out in Web Mercator metres (edge a, columns √3·a apart... here the
  // axial layout), far from the origin and nudged by the rounding a centroid computation leaves (±1 mm).
  const a = 5000
  const hexes: { q: number; r: number }[] = []
  for (let q = -14; q <= 14; q++) for (let r = -14; r <= 14; r++) if (Math.abs(q + r) <= 14) hexes.push({ q, r })
  const random = rng(11)
  const cells: Cell[] = hexes.map(({ q, r }) => ({
    x: 4.1e6 + a * 1.5 * q + (random() - 0.5) * 2e-3,
    y: 1.2e5 + a * Math.sqrt(3) * (r + q / 2) + (random() - 0.5) * 2e-3,
    value: Math.floor(random() * 6) + (Math.hypot(q - 4, r + 2) < 3 ? 12 : 0),
  }))
  /** Exact Gi* with the neighbours the band means: every hexagon within `rings` steps (axial distance). */
  const bruteForce = (rings: number) => {
    const n = cells.length
    const mean = cells.reduce((t, c) => t + c.value, 0) / n
    const s = Math.sqrt(cells.reduce((t, c) => t + c.value ** 2, 0) / n - mean ** 2)
    return hexes.map((h) => {
      let w = 0,
        lag = 0
      hexes.forEach((o, j) => {
        const d = (Math.abs(h.q - o.q) + Math.abs(h.r - o.r) + Math.abs(h.q + h.r - o.q - o.r)) / 2
        if (d <= rings) {
          w++
          lag += cells[j]!.value
        }
      })
      return (lag - mean * w) / (s * Math.sqrt((n * w - w * w) / (n - 1)))
    })
  }

  it.each([
    ['the default band, 2√3 × edge, exactly on the second ring', 2 * Math.sqrt(3) * a, 2],
    ['a band exactly on the first ring', Math.sqrt(3) * a, 1],
    ['a band between rings', 4 * a, 2],
  ])('matches all pairs for %s', (_, band, rings) => {
    const ours = giStar(cells, band).map((g) => g.z)
    const exact = bruteForce(rings)
    const maxDiff = Math.max(...ours.map((z, i) => Math.abs(z - exact[i]!)))
    expect(maxDiff).toBeLessThan(1e-9)
  })
})

describe('emerging hot spot trends', () => {
  const g = (z: number, bin: number) => ({ z, p: pValue(z), bin })
  it.each([
    [g(0.5, 0), g(2.7, 3), 'new'],
    [g(2.0, 2), g(3.1, 3), 'intensifying'],
    [g(2.7, 3), g(2.9, 3), 'persistent'],
    [g(3.2, 3), g(2.0, 2), 'diminishing'],
    [g(2.0, 2), g(1.0, 0), 'diminishing'],
    [g(-2.0, -2), g(-2.5, -2), null],
    [g(0.2, 0), g(0.3, 0), null],
  ] as const)('%o → %o is %s', (prev, now, expected) => {
    expect(trend(prev, now)).toBe(expected)
  })
})
