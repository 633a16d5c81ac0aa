// Deterministic randomness for the sample generator: mulberry32, seeded per layer from a fixed base seed and the
// layer's name, so that changing one layer's generator does not reshuffle the others.

export const BASE_SEED = 0x5eed2026

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number
  /** Integer in [lo, hi], both inclusive. */
  int(lo: number, hi: number): number
  /** True with probability p. */
  chance(p: number): boolean
  pick<T>(xs: readonly T[]): T
  /** Picks a value by weight; weights need not sum to 1. */
  weighted<T>(pairs: readonly (readonly [T, number])[]): T
  /** Standard normal deviate (Box–Muller). */
  gauss(): number
  /** A copy of xs in a random order (Fisher–Yates). */
  shuffle<T>(xs: readonly T[]): T[]
}

/** FNV-1a hash of a string, mixed with the base seed. */
export function seedFor(name: string): number {
  let h = 0x811c9dc5 ^ BASE_SEED
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export function createRng(seed: number): Rng {
  let state = seed | 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) | 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1))
  const pick = <T>(xs: readonly T[]): T => {
    if (xs.length === 0) throw new Error('pick from an empty list')
    return xs[Math.floor(next() * xs.length)]!
  }
  const weighted = <T>(pairs: readonly (readonly [T, number])[]): T => {
    const total = pairs.reduce((s, [, w]) => s + w, 0)
    let r = next() * total
    for (const [v, w] of pairs) if ((r -= w) < 0) return v
    return pairs[pairs.length - 1]![0]
  }
  const gauss = () => {
    const u = next() || 1e-12
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next())
  }
  const shuffle = <T>(xs: readonly T[]): T[] => {
    const out = [...xs]
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1))
      ;[out[i], out[j]] = [out[j]!, out[i]!]
    }
    return out
  }
  return { next, int, chance: (p) => next() < p, pick, weighted, gauss, shuffle }
}

/** A generator for one layer, seeded by its name. */
export const rngFor = (layer: string): Rng => createRng(seedFor(layer))

/**
 * Splits `total` into integer shares proportional to `weights` (largest remainder), each at least `min`.
 * Deterministic: ties go to the earlier index.
 */
export function apportion(total: number, weights: readonly number[], min = 0): number[] {
  const n = weights.length
  const rest = total - min * n
  if (rest < 0) throw new Error(`cannot give ${n} shares a minimum of ${min} out of ${total}`)
  const sum = weights.reduce((a, b) => a + b, 0) || 1
  const exact = weights.map((w) => (w / sum) * rest)
  const out = exact.map((x) => Math.floor(x))
  let left = rest - out.reduce((a, b) => a + b, 0)
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1])
  for (let k = 0; left > 0; k = (k + 1) % n, left--) out[order[k]![1]]!++
  return out.map((x) => x + min)
}
