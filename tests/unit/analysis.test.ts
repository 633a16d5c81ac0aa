import { afterAll, describe, expect, it } from 'vitest'
import { CAUSES, computeCoverage, gapCauses } from '../../server/analysis/coverage.ts'
import { buildGraph, components } from '../../server/analysis/graph.ts'
import { attachSites, edgeTimes } from '../../server/analysis/network.ts'
import { prioritise, type Candidate } from '../../server/analysis/priorities.ts'
import { serviceAreas } from '../../server/analysis/service-areas.ts'
import { shortestTimes } from '../../server/analysis/routing.ts'
import { DEFAULT_CONFIG, type AnalysisConfig } from '../../server/analysis/speeds.ts'
import { gridNetwork, randomPoints, rng, roadSet } from '../../scripts/lib/synthetic-network.ts'

// Hand-made networks on the equator, where 0.1° of longitude is exactly R·0.1·π/180 metres.
const R = 6_371_008.8
const L = (R * 0.1 * Math.PI) / 180 // 11 119.49 m
const KMH = (v: number) => v / 3.6
const config: AnalysisConfig = { ...DEFAULT_CONFIG, snap_m: 25 }
// Places are attached to every road within an hour on foot (see attachSites).
const horizonS = 3600
// Default speeds: class A paved good 80 km/h, poor 40 km/h; earth good 48 km/h; off-road 5 km/h.

function setup(
  roads: Parameters<typeof roadSet>[0],
  sources: number[][],
  targets: number[][],
  cfg = config,
  season: 'dry' | 'wet' = 'dry',
) {
  const g = buildGraph(roadSet(roads), cfg.snap_m)
  const times = edgeTimes(g, cfg, season)
  const src = attachSites(
    g,
    sources.map((p) => p[0]!),
    sources.map((p) => p[1]!),
    cfg,
    horizonS,
    'none',
  )
  const tgt = attachSites(
    g,
    targets.map((p) => p[0]!),
    targets.map((p) => p[1]!),
    cfg,
    horizonS,
  )
  return { g, times, src, tgt, cov: computeCoverage(g, times.now, src, tgt) }
}

describe('travel times on a hand-made network', () => {
  const line = [
    {
      coords: [
        [36.0, 0],
        [36.1, 0],
      ],
    },
    {
      coords: [
        [36.1, 0],
        [36.2, 0],
      ],
      condition: 'poor',
    },
  ]

  it('adds edge times by class, surface and condition', () => {
    const { g, cov } = setup(
      line,
      [[36.0, 0]],
      [
        [36.2, 0],
        [36.1, 0],
      ],
    )
    expect(g.nodeCount).toBe(3)
    expect(g.edgeCount).toBe(2)
    expect(cov.seconds[0]).toBeCloseTo(L / KMH(80) + L / KMH(40), 6)
    expect(cov.seconds[1]).toBeCloseTo(L / KMH(80), 6)
    expect(cov.nearest[0]).toBe(0)
  })

  it('joins a place part-way along a road, and counts the walk to it', () => {
    // Target 500 m north of the middle of the first road: half the road, then 500 m on foot.
    const north = (500 / R) * (180 / Math.PI)
    const { cov, tgt } = setup(line, [[36.0, 0]], [[36.05, north]])
    expect(tgt.offM[0]).toBeCloseTo(500, 1)
    expect(cov.seconds[0]).toBeCloseTo(L / 2 / KMH(80) + 500 / KMH(5), 1)
  })

  it('covers a place 8 km from any road from a post 1 km away straight across country, not one 6 km away', () => {
    const deg = (m: number) => (m / R) * (180 / Math.PI)
    const near = setup(line, [[36.1, deg(9000)]], [[36.1, deg(8000)]])
    // 1 km on foot at 5 km/h: 12 minutes, rather than 9 km + 8 km to and from the road.
    expect(near.cov.seconds[0]! / 60).toBeCloseTo(12, 6)
    expect(near.cov.nearest[0]).toBe(0)
    const far = setup(line, [[36.1, deg(14000)]], [[36.1, deg(8000)]])
    // 6 km apart is beyond an hour's walk, and the post is beyond an hour's walk from any road: out of reach.
    expect(far.cov.seconds[0]).toBe(Infinity)
    expect(gapCauses(far.g, far.src, far.tgt, far.cov.seconds, 3600)[0]).toBe(CAUSES.indexOf('offroad'))
  })

  it('slows earth and gravel roads in the wet season', () => {
    const earth = [
      {
        coords: [
          [36.0, 0],
          [36.1, 0],
        ],
        surface: 'earth',
      },
    ]
    const dry = setup(earth, [[36.0, 0]], [[36.1, 0]])
    const wet = setup(earth, [[36.0, 0]], [[36.1, 0]], config, 'wet')
    expect(dry.cov.seconds[0]).toBeCloseTo(L / KMH(48), 6)
    expect(wet.cov.seconds[0]).toBeCloseTo(L / KMH(24), 6)
  })

  it('removes impassable roads and goes round', () => {
    // Direct road impassable; the detour (north, east, south) is passable.
    const net = [
      {
        coords: [
          [36.0, 0],
          [36.1, 0],
        ],
        condition: 'impassable',
      },
      {
        coords: [
          [36.0, 0],
          [36.0, 0.1],
        ],
      },
      {
        coords: [
          [36.0, 0.1],
          [36.1, 0.1],
        ],
      },
      {
        coords: [
          [36.1, 0.1],
          [36.1, 0],
        ],
      },
    ]
    const { cov } = setup(net, [[36.0, 0]], [[36.1, 0]])
    const side = (R * 0.1 * Math.PI) / 180
    expect(cov.seconds[0]! / 60).toBeGreaterThan((2 * side) / KMH(80) / 60)
    expect(cov.seconds[0]! / 60).toBeLessThan((3.01 * side) / KMH(80) / 60)
  })

  it('snaps a road ending 10 m short of another into it, and reports pieces when it may not', () => {
    const tenM = (10 / R) * (180 / Math.PI)
    const t = [
      {
        coords: [
          [36.0, 0],
          [36.2, 0],
        ],
      },
      {
        coords: [
          [36.1, tenM],
          [36.1, 0.1],
        ],
      },
    ]
    const snapped = buildGraph(roadSet(t), 25)
    expect(snapped.snappedEndpoints).toBe(1)
    expect(components(snapped).count).toBe(1)
    expect(snapped.edgeCount).toBe(3) // the through road split at the junction
    const apart = buildGraph(roadSet(t), 0)
    expect(components(apart).count).toBe(2)
    const { cov } = setup(t, [[36.0, 0]], [[36.1, 0.1]])
    // To the junction, then up the side road (10 m shorter than 0.1°).
    expect(cov.seconds[0]).toBeCloseTo(L / KMH(80) + (L - 10) / KMH(80), 1)
  })

  it('draws service areas only along reached roads, in nested bands', () => {
    const { g, times, src } = setup(line, [[36.0, 0]], [])
    const labels = shortestTimes(g, times.now, src)
    const bands = serviceAreas(g, times.now, labels, src, [300, 600])
    // 5 min at 80 km/h = 6 667 m; 10 min: the whole first road, then (600 − L/22.2) s at 40 km/h on the second.
    expect(bands[0]!.properties.km).toBeCloseTo(6.7, 1)
    const tenMinKm = (L + (600 - L / KMH(80)) * KMH(40)) / 1000
    expect(Math.abs(bands[0]!.properties.km + bands[1]!.properties.km - tenMinKm)).toBeLessThan(0.1) // each band rounded to 0.1 km
  })
})

describe('road-upgrade priorities', () => {
  // A post at the centre; east and west a good road then a poor one to a target; north an impassable road twice as long.
  const star = [
    {
      coords: [
        [36.0, 0],
        [36.1, 0],
      ],
    },
    {
      coords: [
        [36.1, 0],
        [36.2, 0],
      ],
      condition: 'poor',
    },
    {
      coords: [
        [36.0, 0],
        [35.9, 0],
      ],
    },
    {
      coords: [
        [35.9, 0],
        [35.8, 0],
      ],
      condition: 'poor',
    },
    {
      coords: [
        [36.0, 0],
        [36.0, 0.2],
      ],
      condition: 'impassable',
    },
  ]
  const run = (budget: number) => {
    const s = setup(
      star,
      [[36.0, 0]],
      [
        [36.2, 0],
        [35.8, 0],
        [36.0, 0.2],
      ],
    )
    const weight = Float64Array.from([5, 3, 4])
    const candidates: Candidate[] = [1, 3, 4].map((road) => ({
      road,
      cost: road === 4 ? (2 * L) / 1000 : L / 1000,
      group: null,
    }))
    return prioritise({
      g: s.g,
      now: s.times.now,
      upgraded: s.times.upgraded,
      sources: s.src,
      targets: s.tgt,
      weight,
      thresholdS: 20 * 60,
      coverage: s.cov,
      candidates,
      budget,
    })
  }

  it('picks by coverage bought per km, and says which targets each pick brings in', () => {
    const { picks, seconds } = run(23)
    expect(picks.map((p) => p.candidate)).toEqual([0, 1]) // east (5/11 km), then west (3/11 km); north (4/22 km) no longer fits
    expect(picks[0]!.covered.map((c) => c.target)).toEqual([0])
    expect(picks[0]!.covered[0]!.before).toBeCloseTo(L / KMH(80) + L / KMH(40), 6)
    expect(picks[0]!.covered[0]!.after).toBeCloseTo((2 * L) / KMH(80), 6)
    expect(picks[0]!.covered[0]!.source).toBe(0)
    // The north target is left out: reached only on foot, 22 km to the nearest usable road.
    expect(seconds[2]! / 60).toBeGreaterThan(4 * 60)
  })

  it('spends a larger budget on the next best, and nothing on what brings nothing', () => {
    expect(run(100).picks.map((p) => p.candidate)).toEqual([0, 1, 2])
    expect(run(5).picks).toEqual([])
  })
})

/** Brute force: the weight covered with these roads upgraded, by a full recomputation. */
function coveredWeight(s: ReturnType<typeof randomInstance>, upgradedRoads: number[]) {
  const time = Float64Array.from(s.times.now)
  for (const r of upgradedRoads)
    for (let e = s.g.roadEdgeStart[r]!; e < s.g.roadEdgeStart[r + 1]!; e++) time[e] = s.times.upgraded[e]!
  const cov = computeCoverage(s.g, time, s.src, s.tgt)
  let w = 0
  for (let i = 0; i < s.tgt.count; i++) if (cov.seconds[i]! <= s.thresholdS) w += s.weight[i]!
  return w
}

function randomInstance(seed: number) {
  const o = { cols: 7, rows: 6, step: 0.02, seed, bad: 0.45, origin: [36, 0] as [number, number] }
  const roads = gridNetwork(o)
  const g = buildGraph(roads, 25)
  const times = edgeTimes(g, config, 'dry')
  const s = randomPoints(o, 4, seed + 1)
  const t = randomPoints(o, 40, seed + 2)
  const src = attachSites(g, s.lon, s.lat, config, 15 * 60, 'none')
  const tgt = attachSites(g, t.lon, t.lat, config, 15 * 60)
  const r = rng(seed + 3)
  const weight = Float64Array.from({ length: 40 }, () => 0.5 + r())
  const candidates: Candidate[] = []
  for (let road = 0; road < roads.ids.length; road++) {
    if (roads.condition[road]! >= 2) candidates.push({ road, cost: 1 + Math.floor(r() * 4), group: null })
  }
  return { g, times, src, tgt, weight, candidates, thresholdS: 15 * 60 }
}

describe('the greedy choice against brute force', () => {
  let totalPicks = 0
  afterAll(() => expect(totalPicks).toBeGreaterThan(24)) // the instances are not trivially empty
  for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]) {
    it(`picks what a full recomputation of every candidate picks (network ${seed})`, () => {
      const s = randomInstance(seed)
      const budget = 20
      const cov = computeCoverage(s.g, s.times.now, s.src, s.tgt)
      const { picks } = prioritise({
        g: s.g,
        now: s.times.now,
        upgraded: s.times.upgraded,
        sources: s.src,
        targets: s.tgt,
        weight: s.weight,
        thresholdS: s.thresholdS,
        coverage: cov,
        candidates: s.candidates,
        budget,
      })

      // The plain greedy: each round, evaluate every remaining candidate that fits by recomputing the whole network.
      const chosen: number[] = []
      let remaining = budget
      let base = coveredWeight(s, [])
      for (;;) {
        let best = -1,
          bestRatio = 0,
          bestGain = 0
        s.candidates.forEach((c, i) => {
          if (chosen.includes(i) || c.cost > remaining) return
          const gain =
            coveredWeight(
              s,
              [...chosen, i].map((k) => s.candidates[k]!.road),
            ) - base
          if (gain > 1e-9 && gain / c.cost > bestRatio + 1e-12) {
            best = i
            bestRatio = gain / c.cost
            bestGain = gain
          }
        })
        if (best < 0) break
        chosen.push(best)
        remaining -= s.candidates[best]!.cost
        base += bestGain
      }
      expect(picks.map((p) => p.candidate)).toEqual(chosen)
      totalPicks += chosen.length
      picks.forEach((p, i) => {
        const before = coveredWeight(
          s,
          chosen.slice(0, i).map((k) => s.candidates[k]!.road),
        )
        const after = coveredWeight(
          s,
          chosen.slice(0, i + 1).map((k) => s.candidates[k]!.road),
        )
        expect(p.gain).toBeCloseTo(after - before, 9)
        expect(p.gain).toBeGreaterThan(0)
      })
      // Nothing that still fits would have added coverage.
      const spent = picks.reduce((a, p) => a + p.cost, 0)
      const final = coveredWeight(
        s,
        chosen.map((k) => s.candidates[k]!.road),
      )
      s.candidates.forEach((c, i) => {
        if (chosen.includes(i) || c.cost > budget - spent) return
        expect(
          coveredWeight(
            s,
            [...chosen, i].map((k) => s.candidates[k]!.road),
          ),
        ).toBeCloseTo(final, 9)
      })
    })
  }
})
