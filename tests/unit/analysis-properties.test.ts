import { describe, expect, it } from 'vitest'
import { computeCoverage } from '../../server/analysis/coverage.ts'
import { buildGraph, type RoadSet } from '../../server/analysis/graph.ts'
import { attachSites, edgeTimes } from '../../server/analysis/network.ts'
import { prioritise, type Candidate } from '../../server/analysis/priorities.ts'
import { DEFAULT_CONFIG, type AnalysisConfig } from '../../server/analysis/speeds.ts'
import { CONDITIONS, ROAD_STATUSES } from '../../contract/domains.ts'
import { gridNetwork, randomPoints, rng } from '../../scripts/lib/synthetic-network.ts'

// The promises the attachment model and the ranking make (network.ts, priorities.ts), on seeded random networks:
// no upgrade, added road, added post or faster speed makes any target slower (nor a slower speed any faster), and
// what a ranking promises is what recomputing coverage delivers once its picks are applied to the roads.

const config: AnalysisConfig = { ...DEFAULT_CONFIG, snap_m: 25 }
const THRESHOLD_S = 30 * 60
const GOOD = CONDITIONS.indexOf('good')
const REHABILITATED = ROAD_STATUSES.indexOf('rehabilitated')
const SLACK = 1e-6 // seconds: summation order, not a change

interface Points {
  lon: Float64Array
  lat: Float64Array
}

function instance(seed: number) {
  // A jittered grid about 3.3 km between junctions, half the roads poor or impassable, some planned; targets and
  // posts anywhere over it and a little beyond, so some lie beyond any road.
  const o = { cols: 9, rows: 7, step: 0.03, seed, bad: 0.5, origin: [36, 0] as [number, number] }
  const roads = gridNetwork(o)
  const r = rng(seed + 7)
  for (let i = 0; i < roads.ids.length; i++) if (r() < 0.1) roads.status[i] = ROAD_STATUSES.indexOf('planned')
  const spread = (p: Points) => {
    for (let i = 0; i < p.lon.length; i++) {
      p.lon[i] = p.lon[i]! + (r() - 0.5) * 0.06
      p.lat[i] = p.lat[i]! + (r() - 0.5) * 0.06
    }
    return p
  }
  const sources = spread(randomPoints(o, 5, seed + 1))
  const targets = spread(randomPoints(o, 120, seed + 2))
  const weight = Float64Array.from({ length: 120 }, () => 0.2 + r() * 3)
  return { o, roads, sources, targets, weight, r }
}

function solve(roads: RoadSet, sources: Points, targets: Points, cfg = config) {
  const g = buildGraph(roads, cfg.snap_m)
  const times = edgeTimes(g, cfg, 'dry')
  const src = attachSites(g, sources.lon, sources.lat, cfg, THRESHOLD_S, 'none')
  const tgt = attachSites(g, targets.lon, targets.lat, cfg, THRESHOLD_S)
  return { g, times, src, tgt, cov: computeCoverage(g, times.now, src, tgt) }
}

const covered = (seconds: Float64Array, weight: Float64Array) => {
  let w = 0
  for (let i = 0; i < seconds.length; i++) if (seconds[i]! <= THRESHOLD_S) w += weight[i]!
  return w
}

const clone = (r: RoadSet): RoadSet => ({
  ids: r.ids.slice(),
  roadClass: r.roadClass.slice(),
  surface: r.surface.slice(),
  condition: r.condition.slice(),
  status: r.status.slice(),
  start: r.start.slice(),
  coords: r.coords.slice(),
})

/** The roads `keep` of a set, in order. */
function only(r: RoadSet, keep: number[]): RoadSet {
  const start = new Int32Array(keep.length + 1)
  keep.forEach((k, j) => (start[j + 1] = start[j]! + r.start[k + 1]! - r.start[k]!))
  const coords = new Float64Array(2 * start[keep.length]!)
  keep.forEach((k, j) => coords.set(r.coords.subarray(2 * r.start[k]!, 2 * r.start[k + 1]!), 2 * start[j]!))
  return {
    ids: Float64Array.from(keep, (k) => r.ids[k]!),
    roadClass: Uint8Array.from(keep, (k) => r.roadClass[k]!),
    surface: Uint8Array.from(keep, (k) => r.surface[k]!),
    condition: Uint8Array.from(keep, (k) => r.condition[k]!),
    status: Uint8Array.from(keep, (k) => r.status[k]!),
    start,
    coords,
  }
}

/** Upgraded as the write API records it: condition good, and a planned road built (rehabilitated). */
function upgrade(r: RoadSet, which: Iterable<number>): RoadSet {
  const out = clone(r)
  for (const k of which) {
    out.condition[k] = GOOD
    out.status[k] = REHABILITATED
  }
  return out
}

/** Every target no slower in `after` than in `before` (with `onlyWhere` limiting which targets are compared). */
function noSlower(before: Float64Array, after: Float64Array, onlyWhere: (i: number) => boolean = () => true) {
  let compared = 0
  const slower: number[] = []
  for (let i = 0; i < before.length; i++) {
    if (!onlyWhere(i)) continue
    compared++
    if (after[i]! > before[i]! + SLACK) slower.push(i)
  }
  expect(slower).toEqual([])
  return compared
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8]

describe('the attachment model never makes a target slower when the network improves', () => {
  for (const seed of SEEDS) {
    it(`upgrading random roads, one by one and together (network ${seed})`, () => {
      const s = instance(seed)
      const base = solve(s.roads, s.sources, s.targets)
      const bad = [...s.roads.condition.keys()].filter(
        (k) => s.roads.condition[k]! >= CONDITIONS.indexOf('poor') || s.roads.status[k] !== 0,
      )
      let improved = 0
      for (let round = 0; round < 12; round++) {
        const pick = bad.filter(() => s.r() < (round === 0 ? 0.5 : 0.05))
        const after = solve(upgrade(s.roads, pick), s.sources, s.targets)
        noSlower(base.cov.seconds, after.cov.seconds)
        for (let i = 0; i < s.targets.lon.length; i++) if (after.cov.seconds[i]! < base.cov.seconds[i]! - 1) improved++
        expect(covered(after.cov.seconds, s.weight)).toBeGreaterThanOrEqual(covered(base.cov.seconds, s.weight) - 1e-9)
      }
      expect(improved).toBeGreaterThan(0) // the upgrades did something to be checked
    })

    it(`adding roads, including ones that cross others without a junction (network ${seed})`, () => {
      const s = instance(seed)
      const all = s.roads.ids.length
      // Lines across the grid at random angles: they cross many roads and join few (only where an end snaps).
      const extra: number[][][] = []
      for (let k = 0; k < 4; k++) {
        const x = 36 + s.r() * 0.24,
          y = s.r() * 0.18
        extra.push([
          [x, y],
          [x + (s.r() - 0.5) * 0.2, y + (s.r() - 0.5) * 0.2],
          [x + (s.r() - 0.5) * 0.3, y + (s.r() - 0.5) * 0.3],
        ])
      }
      const withExtra = clone(s.roads)
      const coords = [...withExtra.coords, ...extra.flat(2)]
      const start = [...withExtra.start]
      for (const l of extra) start.push(start[start.length - 1]! + l.length)
      const grown: RoadSet = {
        ids: Float64Array.from({ length: all + extra.length }, (_, i) => i + 1),
        roadClass: Uint8Array.from([...withExtra.roadClass, ...extra.map(() => 2)]),
        surface: Uint8Array.from([...withExtra.surface, ...extra.map(() => 1)]),
        condition: Uint8Array.from([...withExtra.condition, ...extra.map(() => GOOD)]),
        status: Uint8Array.from([...withExtra.status, ...extra.map(() => 0)]),
        start: Int32Array.from(start),
        coords: Float64Array.from(coords),
      }
      // From a random part of the network, add the rest a few roads at a time.
      const order = [...Array(all + extra.length).keys()].sort(() => s.r() - 0.5)
      let have = order.slice(0, Math.floor(order.length / 2)).sort((a, b) => a - b)
      let prev = solve(only(grown, have), s.sources, s.targets)
      let compared = 0
      for (let at = have.length; at < order.length; at += 8) {
        have = [...have, ...order.slice(at, at + 8)].sort((a, b) => a - b)
        const next = solve(only(grown, have), s.sources, s.targets)
        // Places whose every road within reach is attached: those whose times the model guarantees (network.ts);
        // here every post is such a place too.
        expect(prev.src.complete.every((c, k) => c === 1 || !(prev.src.nearestM[k]! <= prev.src.reachM))).toBe(true)
        compared += noSlower(prev.cov.seconds, next.cov.seconds, (i) => prev.tgt.complete[i] === 1)
        expect(covered(next.cov.seconds, s.weight)).toBeGreaterThanOrEqual(covered(prev.cov.seconds, s.weight) - 1e-9)
        prev = next
      }
      expect(compared).toBeGreaterThan(100)
    })

    it(`adding posts, and raising or lowering speeds (network ${seed})`, () => {
      const s = instance(seed)
      const base = solve(s.roads, s.sources, s.targets)
      const more = randomPoints(s.o, 3, seed + 50)
      const sources = {
        lon: Float64Array.from([...s.sources.lon, ...more.lon]),
        lat: Float64Array.from([...s.sources.lat, ...more.lat]),
      }
      noSlower(base.cov.seconds, solve(s.roads, sources, s.targets).cov.seconds)
      const scaled = (f: number): AnalysisConfig => ({
        ...config,
        speeds: config.speeds.map((row, i) => ({ ...row, kmh: row.kmh * (i % 3 === seed % 3 ? f : 1) })),
        offroad_kmh: config.offroad_kmh * (seed % 2 ? f : 1),
      })
      const faster = solve(s.roads, s.sources, s.targets, scaled(1.3))
      const slower = solve(s.roads, s.sources, s.targets, scaled(0.7))
      if (seed % 2) {
        // A faster walk reaches farther: more attachments, and each leg shorter.
        noSlower(base.cov.seconds, faster.cov.seconds)
        noSlower(slower.cov.seconds, base.cov.seconds, (i) => slower.tgt.nearestM[i]! <= slower.tgt.reachM)
      } else {
        noSlower(base.cov.seconds, faster.cov.seconds)
        noSlower(slower.cov.seconds, base.cov.seconds)
      }
    })
  }
})

describe('what a ranking promises is what recomputed coverage delivers', () => {
  for (const seed of SEEDS) {
    it(`applies the picks of a random budget to the roads and recomputes (network ${seed})`, () => {
      const s = instance(seed)
      const base = solve(s.roads, s.sources, s.targets)
      const candidates: Candidate[] = []
      for (let road = 0; road < s.roads.ids.length; road++) {
        if (s.roads.condition[road]! >= CONDITIONS.indexOf('poor') || s.roads.status[road] !== 0)
          candidates.push({ road, cost: 1 + Math.floor(s.r() * 5), group: null })
      }
      const budget = 5 + Math.floor(s.r() * 40)
      const result = prioritise({
        g: base.g,
        now: base.times.now,
        upgraded: base.times.upgraded,
        sources: base.src,
        targets: base.tgt,
        weight: s.weight,
        thresholdS: THRESHOLD_S,
        coverage: base.cov,
        candidates,
        budget,
      })
      expect(result.picks.reduce((a, p) => a + p.cost, 0)).toBeLessThanOrEqual(budget)
      let before = covered(base.cov.seconds, s.weight)
      const applied: number[] = []
      for (const pick of result.picks) {
        applied.push(candidates[pick.candidate]!.road)
        const now = solve(upgrade(s.roads, applied), s.sources, s.targets)
        const after = covered(now.cov.seconds, s.weight)
        expect(Math.abs(after - before - pick.gain)).toBeLessThan(1e-9)
        // Every target whose time moved is listed, with its times before and after.
        const prev = solve(upgrade(s.roads, applied.slice(0, -1)), s.sources, s.targets).cov.seconds
        const moved = [...now.cov.seconds.keys()].filter((i) => Math.abs(now.cov.seconds[i]! - prev[i]!) > SLACK)
        expect(pick.changes.map((c) => c.target).sort((a, b) => a - b)).toEqual(moved)
        for (const c of pick.changes) {
          expect(c.after).toBeCloseTo(now.cov.seconds[c.target]!, 6)
          expect(c.before).toBeCloseTo(prev[c.target]!, 6)
        }
        before = after
      }
      const final = solve(upgrade(s.roads, applied), s.sources, s.targets).cov.seconds
      expect(Math.abs(covered(final, s.weight) - covered(result.seconds, s.weight))).toBeLessThan(1e-9)
      for (let i = 0; i < final.length; i++) {
        if (Number.isFinite(final[i]!)) expect(result.seconds[i]).toBeCloseTo(final[i]!, 6)
        else expect(result.seconds[i]).toBe(Infinity)
      }
    })
  }
})
